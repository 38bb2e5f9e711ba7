//! A scenario as a Python program, both ways: [`to_python`] writes any valid scenario as a
//! small, runnable Python 3 program (threads, processes and their start methods, `time.sleep`,
//! locks, `for` loops, asyncio) that imports the stdlib-only helper module [`HELPER_MODULE`]
//! for what Python has no one-word spelling for (CPU work of a given duration, GIL-releasing C
//! work, blocking I/O); [`from_python`] reads that subset back, exactly, with errors that name
//! the line and column, and a [`SourceMap`] from every step to its line.
//!
//! Layout: `lex` (tokens), `ast` (syntax), `build` (the top level), `declare` (threads and
//! processes), `body` (function bodies as programs), `source_map` (step -> line), `render` and
//! `render_steps` (a scenario as text), `model` (the keywords of `model()` and `workload()`),
//! `literal` (durations, integers and strings as Python literals).

mod ast;
mod body;
mod build;
mod declare;
mod lex;
mod literal;
mod model;
mod render;
mod render_steps;
mod source_map;

use std::fmt;

use crate::scenario::Scenario;

pub use literal::{fmt_seconds, parse_seconds};
pub use source_map::{SourceMap, step_count, step_ids};

/// The helper module every generated program imports (`from gil_lab import ...`): stdlib only,
/// Python 3.9+.
pub const HELPER_MODULE: &str = include_str!("gil_lab.py");
/// The helper module's file name.
pub const HELPER_FILE: &str = "gil_lab.py";
/// Cap: size of a program's text, in bytes.
pub const MAX_PROGRAM_BYTES: usize = 2 << 20;

/// A program that is not in the subset, or does not make a valid scenario: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyError {
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based, in characters.
    pub col: u32,
    /// What is wrong and what is allowed there (one line).
    pub message: String,
}

impl PyError {
    /// An error at `line` and `col` (1-based), its message made one safe line.
    pub fn new(line: u32, col: u32, message: impl Into<String>) -> Self {
        PyError {
            line,
            col,
            message: crate::scenario::one_line(&message.into()),
        }
    }
}

impl fmt::Display for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, col {}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for PyError {}

/// A scenario written as Python.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// The program's text.
    pub text: String,
}

/// Writes a valid scenario as a Python program that `from_python` reads back to an equal
/// scenario (for scenarios whose processes are listed parent before child, breadth first, as
/// every preset and workload is; others come back with their processes in that order).
pub fn to_python(sc: &Scenario) -> Program {
    Program {
        text: render::render(sc),
    }
}

/// Reads a program of the subset into a validated scenario and the line of every step.
pub fn from_python(text: &str) -> Result<(Scenario, SourceMap), PyError> {
    if text.len() > MAX_PROGRAM_BYTES {
        return Err(PyError::new(
            1,
            1,
            format!(
                "the program is {} bytes, more than {MAX_PROGRAM_BYTES} (cap MAX_PROGRAM_BYTES)",
                text.len()
            ),
        ));
    }
    let toks = lex::tokenize(text)?;
    let module = ast::parse_module(toks.tokens)?;
    build::build(&module)
}

/// One token of a program, named and placed as CPython's tokenizer names and places it (the
/// `tokenize` module's kinds; lines from 1, columns from 0, in characters). For checking the
/// reader against CPython (`tests/python_tokens.rs`, the `python_tokens` fuzz target).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyToken {
    /// `NAME`, `NUMBER`, `STRING`, `OP`, `NEWLINE`, `INDENT`, `DEDENT` or `ENDMARKER`.
    pub kind: &'static str,
    /// The token's text as written (after line ends became `\n`).
    pub text: String,
    /// Where it starts: line (1-based) and column (0-based).
    pub start: (u32, u32),
    /// Where it ends (exclusive).
    pub end: (u32, u32),
    /// What the reader made of it: a name; a number without `_`; a `str` literal's value, or a
    /// bytes literal's bytes one `char` each; none for an f-string or another token.
    pub value: Option<String>,
}

/// The text as CPython reads it from a file (the byte order mark dropped, every line end a
/// `\n`, a last `\n` added), once its encoding declaration and characters are checked; or
/// why it cannot be read. Positions in it are the ones every error of the reader names.
pub fn prepared(text: &str) -> Result<String, PyError> {
    if text.len() > MAX_PROGRAM_BYTES {
        return Err(PyError::new(1, 1, "the program is over MAX_PROGRAM_BYTES"));
    }
    Ok(lex::tokenize(text)?.text.into_iter().collect())
}

/// The tokens of `text` as GIL Lab's reader makes them, or why it refuses the text.
pub fn tokens(text: &str) -> Result<Vec<PyToken>, PyError> {
    if text.len() > MAX_PROGRAM_BYTES {
        return Err(PyError::new(1, 1, "the program is over MAX_PROGRAM_BYTES"));
    }
    let toks = lex::tokenize(text)?;
    Ok(toks
        .tokens
        .iter()
        .map(|t| {
            let (kind, value) = match &t.tok {
                lex::Tok::Name(n) => ("NAME", Some(n.clone())),
                lex::Tok::Num(n) => ("NUMBER", Some(n.clone())),
                lex::Tok::Str(s) => ("STRING", (!s.prefix.format).then(|| s.value.clone())),
                lex::Tok::Op(_) => ("OP", None),
                lex::Tok::Newline => ("NEWLINE", None),
                lex::Tok::Indent => ("INDENT", None),
                lex::Tok::Dedent => ("DEDENT", None),
                lex::Tok::Eof => ("ENDMARKER", None),
            };
            PyToken {
                kind,
                text: toks.text[t.span.0..t.span.1].iter().collect(),
                start: (t.line, t.col - 1),
                end: (t.end_line, t.end_col - 1),
                value,
            }
        })
        .collect())
}
