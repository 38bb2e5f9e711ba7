//! The tokenizer of the Python subset: names, numbers, strings, operators, and the layout tokens
//! (`Newline`, `Indent`, `Dedent`) from indentation, as Python's own tokenizer makes them
//! (brackets join lines; comments and blank lines are skipped). Every token has its line and
//! column (1-based, columns in characters).

use super::PyError;

/// A token's kind.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    /// An identifier or keyword.
    Name(String),
    /// A number literal, as written (underscores removed).
    Num(String),
    /// A string literal's value.
    Str(String),
    /// An operator or delimiter: `( ) [ ] { } , : . = `.
    Op(char),
    /// The end of a logical line.
    Newline,
    /// One more level of indentation.
    Indent,
    /// One level less.
    Dedent,
    /// The end of the text.
    Eof,
}

/// A token and where it starts.
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

/// Cap: brackets open at once (a call inside a call ...).
const MAX_BRACKETS: usize = 64;
/// Cap: indentation levels.
pub(super) const MAX_INDENT_LEVELS: usize = 64;

struct Lexer<'a> {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    out: Vec<Token>,
    indents: Vec<usize>,
    /// Open brackets, with where each opened.
    brackets: Vec<(char, u32, u32)>,
    _text: &'a str,
}

/// Splits `text` into tokens.
pub(super) fn tokenize(text: &str) -> Result<Vec<Token>, PyError> {
    let mut lx = Lexer {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        out: Vec::new(),
        indents: vec![0],
        brackets: Vec::new(),
        _text: text,
    };
    lx.run()?;
    Ok(lx.out)
}

impl Lexer<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn err<T>(&self, line: u32, col: u32, msg: impl Into<String>) -> Result<T, PyError> {
        Err(PyError::new(line, col, msg))
    }

    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.out.push(Token { tok, line, col });
    }

    fn run(&mut self) -> Result<(), PyError> {
        let mut at_line_start = true;
        loop {
            if at_line_start && self.brackets.is_empty() {
                // Measure the indentation; skip blank and comment-only lines.
                let (line, mut width) = (self.line, 0usize);
                loop {
                    match self.peek(0) {
                        Some(' ') => {
                            width += 1;
                            self.bump();
                        }
                        Some('\t') => {
                            return self.err(
                                self.line,
                                self.col,
                                "a tab in the indentation: indent with spaces (4 per level)",
                            );
                        }
                        Some('\u{c}') => {
                            self.bump();
                        }
                        _ => break,
                    }
                }
                match self.peek(0) {
                    None => break,
                    Some('\n') | Some('\r') | Some('#') => {
                        self.skip_rest_of_line();
                        continue;
                    }
                    _ => {}
                }
                let cur = *self.indents.last().unwrap_or(&0);
                if width > cur {
                    if self.indents.len() >= MAX_INDENT_LEVELS {
                        return self.err(
                            line,
                            1,
                            format!("more than {MAX_INDENT_LEVELS} levels of indentation"),
                        );
                    }
                    self.indents.push(width);
                    self.push(Tok::Indent, line, 1);
                } else if width < cur {
                    while *self.indents.last().unwrap_or(&0) > width {
                        self.indents.pop();
                        self.push(Tok::Dedent, line, width as u32 + 1);
                    }
                    if *self.indents.last().unwrap_or(&0) != width {
                        return self.err(
                            line,
                            width as u32 + 1,
                            "this indentation does not match any outer level",
                        );
                    }
                }
                at_line_start = false;
            }
            let (line, col) = (self.line, self.col);
            let Some(c) = self.peek(0) else { break };
            match c {
                ' ' | '\t' | '\u{c}' => {
                    self.bump();
                }
                '#' => {
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                '\r' => {
                    self.bump();
                }
                '\n' => {
                    self.bump();
                    if self.brackets.is_empty() {
                        if !matches!(
                            self.out.last().map(|t| &t.tok),
                            None | Some(Tok::Newline) | Some(Tok::Indent) | Some(Tok::Dedent)
                        ) {
                            self.push(Tok::Newline, line, col);
                        }
                        at_line_start = true;
                    }
                }
                '\\' if matches!(self.peek(1), Some('\n')) => {
                    self.bump();
                    self.bump();
                }
                '\\' if matches!(self.peek(1), Some('\r'))
                    && matches!(self.peek(2), Some('\n')) =>
                {
                    self.bump();
                    self.bump();
                    self.bump();
                }
                '"' | '\'' => {
                    let s = self.string(c)?;
                    self.push(Tok::Str(s), line, col);
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    let n = self.number()?;
                    self.push(Tok::Num(n), line, col);
                }
                c if c == '_' || c.is_alphabetic() => {
                    let mut s = String::new();
                    while let Some(c) = self.peek(0) {
                        if c == '_' || c.is_alphanumeric() {
                            s.push(c);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    if matches!(self.peek(0), Some('"') | Some('\''))
                        && s.len() <= 2
                        && s.chars().all(|c| "rRbBfFuU".contains(c))
                    {
                        return self.err(
                            line,
                            col,
                            format!(
                                "string prefix {s:?} is not supported: write a plain \"...\" string"
                            ),
                        );
                    }
                    self.push(Tok::Name(s), line, col);
                }
                '(' | '[' | '{' => {
                    if self.brackets.len() >= MAX_BRACKETS {
                        return self.err(
                            line,
                            col,
                            format!("more than {MAX_BRACKETS} brackets open"),
                        );
                    }
                    self.brackets.push((c, line, col));
                    self.bump();
                    self.push(Tok::Op(c), line, col);
                }
                ')' | ']' | '}' => {
                    let want = match c {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    if self.brackets.pop().map(|b| b.0) != Some(want) {
                        return self.err(line, col, format!("unmatched '{c}'"));
                    }
                    self.bump();
                    self.push(Tok::Op(c), line, col);
                }
                ',' | ':' | '.' | '=' => {
                    self.bump();
                    if c == '=' && self.peek(0) == Some('=') {
                        self.bump();
                        self.push(Tok::Op('~'), line, col); // `==`
                    } else {
                        self.push(Tok::Op(c), line, col);
                    }
                }
                c => {
                    return self.err(
                        line,
                        col,
                        format!(
                            "unexpected character {:?} (not part of the GIL Lab subset of Python)",
                            c
                        ),
                    );
                }
            }
        }
        if let Some(&(b, line, col)) = self.brackets.last() {
            return self.err(line, col, format!("'{b}' was never closed"));
        }
        if !matches!(
            self.out.last().map(|t| &t.tok),
            None | Some(Tok::Newline) | Some(Tok::Dedent)
        ) {
            let (l, c) = (self.line, self.col);
            self.push(Tok::Newline, l, c);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            let (l, c) = (self.line, self.col);
            self.push(Tok::Dedent, l, c);
        }
        let (l, c) = (self.line, self.col);
        self.push(Tok::Eof, l, c);
        Ok(())
    }

    fn skip_rest_of_line(&mut self) {
        while let Some(c) = self.bump() {
            if c == '\n' {
                break;
            }
        }
    }

    fn number(&mut self) -> Result<String, PyError> {
        let (line, col) = (self.line, self.col);
        let mut s = String::new();
        while let Some(c) = self.peek(0) {
            let exp_sign = matches!(c, '+' | '-') && s.ends_with(['e', 'E']);
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' || exp_sign {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        if s.ends_with('_') || s.contains("__") {
            return self.err(line, col, format!("malformed number {s:?}"));
        }
        Ok(s.replace('_', ""))
    }

    fn string(&mut self, q: char) -> Result<String, PyError> {
        let (line, col) = (self.line, self.col);
        let triple = self.peek(1) == Some(q) && self.peek(2) == Some(q);
        let n = if triple { 3 } else { 1 };
        for _ in 0..n {
            self.bump();
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return self.err(line, col, "this string is never closed");
            };
            if c == q && (!triple || (self.peek(1) == Some(q) && self.peek(2) == Some(q))) {
                for _ in 0..n {
                    self.bump();
                }
                return Ok(out);
            }
            if c == '\n' && !triple {
                return self.err(line, col, "this string is never closed on its line");
            }
            self.bump();
            if c != '\\' {
                if c != '\r' || !triple {
                    out.push(c);
                }
                continue;
            }
            let (el, ec) = (self.line, self.col - 1);
            let Some(e) = self.bump() else {
                return self.err(line, col, "this string is never closed");
            };
            match e {
                '\n' => {}
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                '"' => out.push('"'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                '0'..='7' => {
                    let mut v = e.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match self.peek(0).and_then(|d| d.to_digit(8)) {
                            Some(d) => {
                                v = v * 8 + d;
                                self.bump();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                'x' | 'u' | 'U' => {
                    let k = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let mut v: u32 = 0;
                    for _ in 0..k {
                        match self.peek(0).and_then(|d| d.to_digit(16)) {
                            Some(d) => {
                                v = v.saturating_mul(16).saturating_add(d);
                                self.bump();
                            }
                            None => {
                                return self.err(el, ec, format!("truncated \\{e} escape"));
                            }
                        }
                    }
                    match char::from_u32(v) {
                        Some(ch) => out.push(ch),
                        None => return self.err(el, ec, format!("\\{e} escape out of range")),
                    }
                }
                other => {
                    // Python keeps an unknown escape as written.
                    out.push('\\');
                    out.push(other);
                }
            }
        }
    }
}
