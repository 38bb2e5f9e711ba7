//! The tokenizer of Python source, as CPython 3.11's own tokenizer (`Parser/tokenizer.c`)
//! makes tokens: the text is first prepared as CPython prepares a file (`source`: byte order
//! mark, encoding declaration, line ends, NUL), then split into names, numbers, strings and
//! operators with the layout tokens (`Newline`, `Indent`, `Dedent`) from indentation (`scan`,
//! `number`, `string`, `ident`). It reads the whole language, not only what GIL Lab runs; the
//! parser decides what a program may hold.
//!
//! Where CPython would read a text differently from what this tokenizer can represent (an
//! encoding other than UTF-8, a name CPython normalises to another name, a `\N{...}` escape, a
//! lone surrogate), it refuses with the line and column and what to write instead: the model
//! never runs a program other than the one CPython would run. `crates/sim/tests/python_tokens.rs`
//! checks every token against CPython's own tokenizer, and the `python_tokens` fuzz target does
//! the same on generated text.

mod cursor;
mod ident;
mod ident_table;
mod number;
mod scan;
mod source;
mod string;

pub(crate) use scan::tokenize;

/// A token's kind and value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// An identifier or keyword (as written: only names CPython keeps as they are are read).
    Name(String),
    /// A number literal as written, underscores removed (`0x1F`, `1e-3`, `2j`).
    Num(String),
    /// A string or bytes literal.
    Str(StrLit),
    /// An operator or delimiter (`(`, `**=`, `->`, `...`).
    Op(&'static str),
    /// The end of a logical line.
    Newline,
    /// One more level of indentation.
    Indent,
    /// One level less.
    Dedent,
    /// The end of the text.
    Eof,
}

/// A string literal: its prefix and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StrLit {
    /// The prefix letters (`r`, `b`, `f`, `u`).
    pub prefix: Prefix,
    /// The value: a `str` literal's text with its escapes decoded (raw: as written); a bytes
    /// literal's bytes, one `char` per byte (U+0000 to U+00FF); an f-string's body as written
    /// (its parts are the parser's to read).
    pub value: String,
}

/// Which prefix letters a string literal has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Prefix {
    /// `r`: backslashes are kept as written.
    pub raw: bool,
    /// `b`: a bytes literal.
    pub bytes: bool,
    /// `f`: a formatted string.
    pub format: bool,
    /// `u`: a plain string (allowed for Python 2 compatibility; changes nothing).
    pub unicode: bool,
}

/// A token, where it starts and ends (1-based lines, 1-based columns in characters, the end
/// exclusive), and its place in the prepared text (character indices).
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub span: (usize, usize),
}

/// The text as the tokenizer read it (after `source::prepare`) and its tokens.
pub(crate) struct Tokens {
    pub text: Vec<char>,
    pub tokens: Vec<Token>,
}
