//! A cursor over the prepared text: the next characters, and the line and column (1-based,
//! in characters) of the next one, shared by the scanner and the number and string readers.

use crate::python::PyError;

/// Where the tokenizer is in the text.
pub(super) struct Cursor<'a> {
    pub chars: &'a [char],
    /// Index of the next character.
    pub i: usize,
    /// Line of the next character.
    pub line: u32,
    /// Column of the next character.
    pub col: u32,
}

impl<'a> Cursor<'a> {
    pub fn new(chars: &'a [char]) -> Self {
        Cursor {
            chars,
            i: 0,
            line: 1,
            col: 1,
        }
    }

    /// The character `k` places ahead, if any.
    pub fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    /// Whether the next character is `c`.
    pub fn at(&self, c: char) -> bool {
        self.peek(0) == Some(c)
    }

    /// Whether the next character satisfies `f`.
    pub fn at_if(&self, f: impl Fn(char) -> bool) -> bool {
        self.peek(0).is_some_and(f)
    }

    /// Takes the next character.
    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// An error at the next character.
    pub fn err<T>(&self, msg: impl Into<String>) -> Result<T, PyError> {
        Err(PyError::new(self.line, self.col, msg))
    }
}
