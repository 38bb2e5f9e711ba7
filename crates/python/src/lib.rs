//! GIL Lab's Python (issue 23): the programs people write, read as CPython 3.11 reads them.
//! This first part is the front end ([`parse`]): the text goes through the model's own
//! tokenizer (`gil_sim::python`, which follows CPython's tokenizer exactly or refuses), then
//! through Ruff's parser (`ruff_python_parser`, pinned) into a syntax tree with positions, and
//! every error becomes one line naming the line and column, in CPython's words where people
//! will search for them. Running the tree under the model's scheduler comes next (docs/python.md,
//! "Real Python: what comes next").

mod front;

pub use front::{Parsed, parse};
pub use gil_sim::python::PyError;
