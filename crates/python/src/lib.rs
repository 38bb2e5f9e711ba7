//! GIL Lab's Python (issue 23): the programs people write, read as CPython 3.11 reads them.
//! The front end ([`parse`]): the text goes through the model's own tokenizer
//! (`gil_sim::python`, which follows CPython's tokenizer exactly or refuses), then through Ruff's
//! parser (`ruff_python_parser`, pinned) into a syntax tree with positions, and every error
//! becomes one line naming the line and column, in CPython's words where people will search for
//! them. The syntax tree is compiled (`compile`) and run by an interpreter of our own (`vm`,
//! with `value`, `builtins` and the libraries in `libs`); [`run_alone`] runs a program and its
//! threads without the model, for its output and ending (docs/python.md §10).

mod builtins;
pub mod calib;
mod compile;
mod front;
mod libs;
mod run;
pub mod value;
mod vm;

pub use front::{Parsed, parse};
pub use gil_sim::python::PyError;
pub use run::{
    End, Line, Raised, Ran, Simulated, Simulation, default_scenario, run_alone, run_alone_input,
    run_alone_with, simulate,
};
pub use vm::INPUT_NS;
pub use vm::Limits;
pub use vm::cost::{CostKind, KIND_NAMES, KINDS, OpCosts};
