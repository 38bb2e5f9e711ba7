//! Ruff's parse errors as the reader's one-line errors: the first error of the text (the
//! parser recovers and finds more; the first is the one to fix), at its line and column, in
//! CPython's words for the errors people paste into a search box (`Missing parentheses in call
//! to 'print'`, `expected ':'`, `positional argument follows keyword argument`, `unexpected
//! indent`), Ruff's own otherwise; syntax newer than 3.11 named as such.

use ruff_python_ast::Mod;
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{ParseErrorType, Parsed};
use ruff_text_size::{Ranged, TextSize};

use gil_sim::python::PyError;

/// The first error of a parse (by position), if any.
pub(super) fn first(
    parsed: &Parsed<Mod>,
    source: &str,
    at: &impl Fn(TextSize) -> (u32, u32),
) -> Option<PyError> {
    let syntax = parsed.errors().iter().map(|e| {
        let start = e.location.start();
        let (line_start, line) = line_at(source, start);
        // CPython points at the statement itself for these: its first character.
        let at_statement = matches!(e.error, ParseErrorType::UnexpectedIndentation)
            || (matches!(e.error, ParseErrorType::SimpleStatementsOnSameLine)
                && is_print_statement(line));
        let offset = if at_statement {
            let indent = line.len() - line.trim_start().len();
            TextSize::try_from(line_start + indent).unwrap_or(start)
        } else {
            start
        };
        (offset, words(&e.error, line))
    });
    let newer = parsed.unsupported_syntax_errors().iter().map(|e| {
        (
            e.range().start(),
            format!("{e}: GIL Lab reads Python 3.11, as the CPython it compares with"),
        )
    });
    let (offset, message) = syntax.chain(newer).min_by_key(|(o, _)| *o)?;
    let (line, col) = at(offset);
    Some(PyError::new(line, col, message))
}

/// The source line holding byte `offset`, and the byte where it starts.
fn line_at(source: &str, offset: TextSize) -> (usize, &str) {
    let i = usize::from(offset).min(source.len());
    let start = source[..i].rfind('\n').map_or(0, |k| k + 1);
    let end = source[i..].find('\n').map_or(source.len(), |k| i + k);
    (start, &source[start..end])
}

/// What to say for an error on `line`.
fn words(e: &ParseErrorType, line: &str) -> String {
    match e {
        ParseErrorType::SimpleStatementsOnSameLine if is_print_statement(line) => {
            "Missing parentheses in call to 'print'. Did you mean print(...)? (print is a function in Python 3)".into()
        }
        ParseErrorType::SimpleStatementsOnSameLine
        | ParseErrorType::SimpleAndCompoundStatementOnSameLine => {
            "invalid syntax: two statements on one line; put each on a line of its own".into()
        }
        ParseErrorType::ExpectedToken { expected, .. } if *expected == TokenKind::Colon => {
            "expected ':' (a block's first line ends with a colon)".into()
        }
        ParseErrorType::PositionalAfterKeywordArgument => {
            "positional argument follows keyword argument".into()
        }
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            "non-default argument follows default argument".into()
        }
        ParseErrorType::UnexpectedIndentation => {
            "unexpected indent: this line is indented more than the block it is in".into()
        }
        ParseErrorType::InvalidAssignmentTarget => {
            "cannot assign to this expression (to compare two values, write ==)".into()
        }
        other => lower_first(&other.to_string()),
    }
}

/// Whether `line` is a Python 2 print statement (`print "x"`, `print x`).
fn is_print_statement(line: &str) -> bool {
    line.trim_start().strip_prefix("print").is_some_and(|rest| {
        rest.starts_with([' ', '\t']) && !rest.trim_start().starts_with(['(', '=', '.'])
    })
}

/// Ruff's message with a lower-case first letter, as the reader's other errors.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
