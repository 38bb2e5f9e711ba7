//! The scanner: the prepared text into tokens, following `tok_get` of CPython 3.11's
//! tokenizer. Indentation is measured as CPython measures it (a tab to the next multiple of 8,
//! a form feed back to column 0, and the same indentation counted with tabs as 1 must agree, or
//! it is a `TabError`); blank and comment-only lines make no token; brackets join lines;
//! a backslash before a line end joins two lines; `Dedent`s at the end of the text are on its
//! last line, as CPython puts them.

use super::cursor::Cursor;
use super::{Tok, Token, Tokens, ident, number, source, string};
use crate::python::PyError;

/// Cap: brackets open at once (CPython allows 200).
const MAX_BRACKETS: usize = 64;
/// Cap: indentation levels (CPython allows 100).
pub(crate) const MAX_INDENT_LEVELS: usize = 64;

/// Operators of three, two and one characters, longest first.
const OPS3: [&str; 5] = ["**=", "...", "//=", "<<=", ">>="];
const OPS2: [&str; 19] = [
    "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>",
    "@=", "^=", "|=",
];
const OPS1: [&str; 23] = [
    "%", "&", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "@", "[", "]", "^",
    "{", "|", "}", "~",
];

struct Scanner<'a> {
    cur: Cursor<'a>,
    out: Vec<Token>,
    /// Indentation levels: (column with tabs to 8, column with tabs as 1).
    indents: Vec<(u32, u32)>,
    /// Open brackets, with where each opened.
    brackets: Vec<(char, u32, u32)>,
    /// The current line holds only white space and a comment: no `Newline` at its end.
    blank: bool,
}

/// Splits `text` into tokens, ending with `Eof`.
pub(crate) fn tokenize(text: &str) -> Result<Tokens, PyError> {
    let chars = source::prepare(text)?;
    let out = {
        let mut s = Scanner {
            cur: Cursor::new(&chars),
            out: Vec::new(),
            indents: vec![(0, 0)],
            brackets: Vec::new(),
            blank: false,
        };
        s.run()?;
        s.out
    };
    Ok(Tokens {
        text: chars,
        tokens: out,
    })
}

impl Scanner<'_> {
    fn push(&mut self, tok: Tok, start: (u32, u32, usize)) {
        let (line, col, i) = start;
        self.out.push(Token {
            tok,
            line,
            col,
            end_line: self.cur.line,
            end_col: self.cur.col,
            span: (i, self.cur.i),
        });
    }

    fn here(&self) -> (u32, u32, usize) {
        (self.cur.line, self.cur.col, self.cur.i)
    }

    fn run(&mut self) -> Result<(), PyError> {
        let mut at_line_start = true;
        loop {
            if at_line_start {
                at_line_start = false;
                self.indentation()?;
            }
            while self.cur.at_if(|c| matches!(c, ' ' | '\t' | '\u{c}')) {
                self.cur.bump();
            }
            let start = self.here();
            let Some(c) = self.cur.peek(0) else { break };
            match c {
                '#' => {
                    while self.cur.at_if(|c| c != '\n') {
                        self.cur.bump();
                    }
                }
                '\n' => {
                    self.cur.bump();
                    if self.brackets.is_empty() && !self.blank {
                        self.out.push(Token {
                            tok: Tok::Newline,
                            line: start.0,
                            col: start.1,
                            end_line: start.0,
                            end_col: start.1 + 1,
                            span: (start.2, start.2 + 1),
                        });
                    }
                    at_line_start = true;
                }
                '\\' => self.continuation()?,
                '"' | '\'' => {
                    let s = string::string(&mut self.cur, super::Prefix::default())?;
                    self.push(Tok::Str(s), start);
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.cur.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    let n = number::number(&mut self.cur)?;
                    self.push(Tok::Num(n), start);
                }
                c if ident::is_potential(c) => self.name_or_string(start)?,
                '(' | '[' | '{' => self.open(c, start)?,
                ')' | ']' | '}' => self.close(c, start)?,
                _ => self.operator(start)?,
            }
        }
        self.finish()
    }

    /// Measures a line's indentation and makes the `Indent`/`Dedent` tokens it calls for.
    fn indentation(&mut self) -> Result<(), PyError> {
        let (mut col, mut alt) = (0u32, 0u32);
        loop {
            match self.cur.peek(0) {
                Some(' ') => (col, alt) = (col + 1, alt + 1),
                Some('\t') => (col, alt) = ((col / 8 + 1) * 8, alt + 1),
                Some('\u{c}') => (col, alt) = (0, 0),
                _ => break,
            }
            self.cur.bump();
        }
        self.blank = matches!(self.cur.peek(0), Some('#' | '\n') | None);
        if self.blank || !self.brackets.is_empty() {
            return Ok(());
        }
        if self.cur.at('\\') {
            return self.cur.err(
                "a line that starts with the line continuation `\\`: join the lines, or put the `\\` at the end of the line before",
            );
        }
        let (line, at) = (self.cur.line, self.cur.col);
        let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
        let tab_error = || {
            Err(PyError::new(
                line,
                1,
                "inconsistent use of tabs and spaces in indentation (CPython's TabError): indent with spaces only",
            ))
        };
        if col > top {
            if alt <= top_alt {
                return tab_error();
            }
            if self.indents.len() >= MAX_INDENT_LEVELS {
                return self.cur.err(format!(
                    "more than {MAX_INDENT_LEVELS} levels of indentation"
                ));
            }
            self.indents.push((col, alt));
            self.push(Tok::Indent, (line, 1, self.cur.i));
        } else {
            while self.indents.last().is_some_and(|&(c, _)| c > col) {
                self.indents.pop();
                self.push(Tok::Dedent, (line, at, self.cur.i));
            }
            let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
            if top != col {
                return Err(PyError::new(
                    line,
                    at,
                    "this line's indentation does not match any outer level",
                ));
            }
            if top_alt != alt {
                return tab_error();
            }
        }
        Ok(())
    }

    /// A backslash: it must end its line, which then goes on on the next one.
    fn continuation(&mut self) -> Result<(), PyError> {
        self.cur.bump();
        if !self.cur.at('\n') {
            return self
                .cur
                .err("a character after the line continuation `\\`: the `\\` must end its line");
        }
        self.cur.bump();
        if self.cur.peek(0).is_none() {
            return self
                .cur
                .err("the program ends after a line continuation `\\`");
        }
        Ok(())
    }

    /// A name, or a string with a prefix (`r"..."`, `b'...'`, `f"..."`).
    fn name_or_string(&mut self, start: (u32, u32, usize)) -> Result<(), PyError> {
        let first = self.cur.peek(0).unwrap_or(' ');
        if !ident::is_start(first) {
            return self.cur.err(ident::refusal(first));
        }
        let mut name = String::new();
        while let Some(c) = self.cur.peek(0).filter(|&c| ident::is_potential(c)) {
            if !ident::is_continue(c) {
                return self.cur.err(ident::refusal(c));
            }
            name.push(c);
            self.cur.bump();
        }
        if self.cur.at_if(|c| c == '"' || c == '\'')
            && let Some(p) = string::prefix(&name)
        {
            let s = string::string(&mut self.cur, p)?;
            self.push(Tok::Str(s), start);
        } else {
            self.push(Tok::Name(name), start);
        }
        Ok(())
    }

    fn open(&mut self, c: char, start: (u32, u32, usize)) -> Result<(), PyError> {
        if self.brackets.len() >= MAX_BRACKETS {
            return self
                .cur
                .err(format!("more than {MAX_BRACKETS} brackets open"));
        }
        self.brackets.push((c, start.0, start.1));
        self.cur.bump();
        self.push(Tok::Op(op_str(c)), start);
        Ok(())
    }

    fn close(&mut self, c: char, start: (u32, u32, usize)) -> Result<(), PyError> {
        let want = match c {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };
        match self.brackets.pop() {
            Some((b, ..)) if b == want => {}
            Some((b, line, _)) => {
                return self.cur.err(format!(
                    "closing '{c}' does not match the opening '{b}' on line {line}"
                ));
            }
            None => return self.cur.err(format!("unmatched '{c}'")),
        }
        self.cur.bump();
        self.push(Tok::Op(op_str(c)), start);
        Ok(())
    }

    fn operator(&mut self, start: (u32, u32, usize)) -> Result<(), PyError> {
        let ahead: String = (0..3).filter_map(|k| self.cur.peek(k)).collect();
        let found = OPS3
            .iter()
            .chain(OPS2.iter())
            .chain(OPS1.iter())
            .find(|op| ahead.starts_with(*op));
        if ahead.starts_with("<>") {
            return self.cur.err("`<>` is not Python 3: write `!=`");
        }
        let Some(&op) = found else {
            let c = self.cur.peek(0).unwrap_or(' ');
            return self.cur.err(match c {
                '!' => "`!` alone is not a Python operator: write `not x`, or `!=`".to_string(),
                '$' | '?' | '`' => format!("the character '{c}' is not part of Python's syntax"),
                c => ident::refusal(c),
            });
        };
        for _ in 0..op.chars().count() {
            self.cur.bump();
        }
        self.push(Tok::Op(op), start);
        Ok(())
    }

    /// The end of the text: no bracket open; `Dedent` to column 0 on the last line; `Eof`.
    fn finish(&mut self) -> Result<(), PyError> {
        if let Some(&(b, line, col)) = self.brackets.last() {
            return Err(PyError::new(line, col, format!("'{b}' was never closed")));
        }
        let (last, _) = source::position(self.cur.chars, self.cur.chars.len().saturating_sub(1));
        let i = self.cur.i;
        while self.indents.len() > 1 {
            self.indents.pop();
            self.out.push(Token {
                tok: Tok::Dedent,
                line: last,
                col: 1,
                end_line: last,
                end_col: 1,
                span: (i, i),
            });
        }
        self.push(Tok::Eof, self.here());
        Ok(())
    }
}

/// A bracket's operator string.
fn op_str(c: char) -> &'static str {
    OPS1.iter()
        .find(|op| op.starts_with(c))
        .copied()
        .unwrap_or("(")
}
