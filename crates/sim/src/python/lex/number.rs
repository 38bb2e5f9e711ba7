//! Number literals, read as CPython 3.11's tokenizer reads them: decimal, hexadecimal, octal
//! and binary integers with single `_` between digits, floats (`1.`, `.5`, `1e-3`), imaginary
//! numbers (`2j`), and no leading zeros in a decimal integer (`0777` is an error). A number
//! directly followed by a name's character (`1if`, `0x1for`) is refused: CPython reads some
//! with a warning, others not at all.

use super::cursor::Cursor;
use super::ident;
use crate::python::PyError;

/// Reads the number at the cursor (a digit, or `.` and a digit): its text without `_`.
pub(super) fn number(cur: &mut Cursor) -> Result<String, PyError> {
    let start = cur.i;
    if cur.at('.') {
        cur.bump();
        decimal_tail(cur)?;
        exponent_and_imaginary(cur)?;
    } else if cur.at('0') {
        cur.bump();
        match cur.peek(0) {
            Some('x' | 'X') => radix(cur, 16, "hexadecimal")?,
            Some('o' | 'O') => radix(cur, 8, "octal")?,
            Some('b' | 'B') => radix(cur, 2, "binary")?,
            _ => zero_led(cur)?,
        }
    } else {
        decimal_tail(cur)?;
        fraction(cur)?;
    }
    Ok(cur.chars[start..cur.i]
        .iter()
        .filter(|&&c| c != '_')
        .collect())
}

/// Digits of a base after `0x`, `0o` or `0b` (the prefix letter still at the cursor).
fn radix(cur: &mut Cursor, base: u32, kind: &str) -> Result<(), PyError> {
    cur.bump();
    loop {
        if cur.at('_') {
            cur.bump();
        }
        if !cur.at_if(|c| c.is_digit(base)) {
            return bad_digit_or(cur, base, kind);
        }
        while cur.at_if(|c| c.is_digit(base)) {
            cur.bump();
        }
        if !cur.at('_') {
            break;
        }
    }
    if base < 10 && cur.at_if(|c| c.is_ascii_digit()) {
        return bad_digit_or(cur, base, kind);
    }
    end_of_number(cur, kind)
}

fn bad_digit_or(cur: &Cursor, base: u32, kind: &str) -> Result<(), PyError> {
    match cur.peek(0) {
        Some(d) if base < 10 && d.is_ascii_digit() => {
            cur.err(format!("invalid digit '{d}' in {kind} literal"))
        }
        _ => cur.err(format!("invalid {kind} literal")),
    }
}

/// A number that starts with `0` (the `0` taken): zeros, then a float, an imaginary number,
/// or `0` itself; other digits after leading zeros are an error.
fn zero_led(cur: &mut Cursor) -> Result<(), PyError> {
    loop {
        if cur.at('_') {
            cur.bump();
            if !cur.at_if(|c| c.is_ascii_digit()) {
                return cur.err("invalid decimal literal");
            }
        }
        if !cur.at('0') {
            break;
        }
        cur.bump();
    }
    let nonzero = cur.at_if(|c| c.is_ascii_digit());
    if nonzero {
        decimal_tail(cur)?;
    }
    match cur.peek(0) {
        Some('.' | 'e' | 'E' | 'j' | 'J') => fraction(cur),
        _ if nonzero => cur.err(
            "leading zeros in a decimal integer: write it without them (or 0o... for an octal number)",
        ),
        _ => end_of_number(cur, "decimal"),
    }
}

/// Digits with single `_` between them (the cursor at a digit, or at none for `1.`).
fn decimal_tail(cur: &mut Cursor) -> Result<(), PyError> {
    loop {
        while cur.at_if(|c| c.is_ascii_digit()) {
            cur.bump();
        }
        if !cur.at('_') {
            return Ok(());
        }
        cur.bump();
        if !cur.at_if(|c| c.is_ascii_digit()) {
            return cur.err("invalid decimal literal");
        }
    }
}

/// After an integer part: an optional `.` and digits, then exponent and `j`.
fn fraction(cur: &mut Cursor) -> Result<(), PyError> {
    if cur.at('.') {
        cur.bump();
        // Digits after the point only if one follows it (`1._5` is not `1.5`, as in CPython).
        if cur.at_if(|c| c.is_ascii_digit()) {
            decimal_tail(cur)?;
        }
    }
    exponent_and_imaginary(cur)
}

fn exponent_and_imaginary(cur: &mut Cursor) -> Result<(), PyError> {
    if cur.at_if(|c| c == 'e' || c == 'E') {
        match (cur.peek(1), cur.peek(2)) {
            (Some('+' | '-'), Some(d)) if d.is_ascii_digit() => {
                cur.bump();
                cur.bump();
                decimal_tail(cur)?;
            }
            (Some('+' | '-'), _) => {
                cur.bump();
                cur.bump();
                return cur.err("invalid decimal literal");
            }
            (Some(d), _) if d.is_ascii_digit() => {
                cur.bump();
                decimal_tail(cur)?;
            }
            // `1else`: the number ends before the `e`, which end_of_number refuses.
            _ => return end_of_number(cur, "decimal"),
        }
    }
    if cur.at_if(|c| c == 'j' || c == 'J') {
        cur.bump();
        return end_of_number(cur, "imaginary");
    }
    end_of_number(cur, "decimal")
}

/// A number must not run into a name.
fn end_of_number(cur: &Cursor, kind: &str) -> Result<(), PyError> {
    match cur.peek(0) {
        Some(c) if ident::is_potential(c) => cur.err(format!(
            "invalid {kind} literal: a number directly followed by {:?}; put a space between them",
            crate::scenario::one_line(&c.to_string())
        )),
        _ => Ok(()),
    }
}
