//! The front end: the model's tokenizer as a gate (it refuses what it cannot read exactly as
//! CPython does: encodings, names CPython normalises, `\N{...}`, lone surrogates; and it
//! catches every tokenizer error with CPython's words), then Ruff's parser for Python 3.11 on
//! the same text, its errors made one line each ([`errors`]), once no statement nests deeper
//! than the parser's recursion can go ([`depth`]); and what CPython's parser refuses beyond
//! Ruff's ([`checks`]). [`Parsed::outline`] lists the
//! statements as CPython's `ast` names and places them, to check the parser against CPython.

mod checks;
mod depth;
mod errors;
mod outline;

use ruff_python_ast::{ModModule, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_source_file::LineIndex;
use ruff_text_size::TextSize;

use gil_sim::python::PyError;

/// A program read: its text (as CPython reads it: line ends as `\n`) and its syntax tree.
pub struct Parsed {
    /// The text the tree's byte offsets point into.
    pub source: String,
    /// The module: its statements.
    pub module: ModModule,
    /// Every name written in the program (CPython interns them: see `value/pyset.rs`).
    pub names: std::collections::HashSet<String>,
    index: LineIndex,
}

impl Parsed {
    /// Whether a statement at the module's top level imports `module` (`import module`,
    /// `import module as m`, `from module import ...`).
    pub fn imports(&self, module: &str) -> bool {
        use ruff_python_ast::Stmt;
        self.module.body.iter().any(|s| match s {
            Stmt::Import(i) => i.names.iter().any(|a| a.name.as_str() == module),
            Stmt::ImportFrom(f) => f.module.as_ref().is_some_and(|m| m.as_str() == module),
            _ => false,
        })
    }

    /// Line and column (1-based, the column in characters) of a byte offset of the source.
    pub fn line_col(&self, offset: TextSize) -> (u32, u32) {
        let lc = self.index.line_column(offset, &self.source);
        (
            u32::try_from(lc.line.get()).unwrap_or(u32::MAX),
            u32::try_from(lc.column.get()).unwrap_or(u32::MAX),
        )
    }
}

/// Reads a program of Python 3.11: its tree, or the first error (line, column, what is wrong
/// and what to write instead).
pub fn parse(text: &str) -> Result<Parsed, PyError> {
    let source = gil_sim::python::prepared(text)?;
    let tokens = gil_sim::python::tokens(&source)?;
    depth::check(&tokens)?;
    let names = tokens
        .iter()
        .filter(|t| t.kind == "NAME")
        .map(|t| t.text.clone())
        .collect();
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
    let parsed = parse_unchecked(&source, options);
    let index = LineIndex::from_source_text(&source);
    let at = |offset: TextSize| {
        let lc = index.line_column(offset, &source);
        (
            u32::try_from(lc.line.get()).unwrap_or(u32::MAX),
            u32::try_from(lc.column.get()).unwrap_or(u32::MAX),
        )
    };
    if let Some(e) = errors::first(&parsed, &source, &at) {
        return Err(e);
    }
    let ruff_python_ast::Mod::Module(module) = parsed.into_syntax() else {
        return Err(PyError::new(
            1,
            1,
            "the parser read an expression, not a module",
        ));
    };
    if let Some((offset, words)) = checks::refused(&module) {
        let (line, col) = at(offset);
        return Err(PyError::new(line, col, words));
    }
    Ok(Parsed {
        source,
        module,
        names,
        index,
    })
}
