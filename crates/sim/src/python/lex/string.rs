//! String and bytes literals, read as CPython 3.11 reads them: the prefixes (`r`, `b`, `f`, `u`
//! in the combinations Python allows), single and triple quotes, a backslash that always takes
//! the next character with it (also in raw strings, also a line end), and the escapes of a
//! `str` (`\n`, `\x41`, `\u00e9`, `\U0001F600`, octal, a backslash before a line end) and of
//! `bytes` literals. An unknown escape stays as written, as in CPython. Refused, with what to
//! write instead: `\N{...}` (the model has no Unicode name table), a lone surrogate (`\ud800`:
//! a Python `str` can hold one, this reader cannot), a truncated or out-of-range escape and a
//! non-ASCII character in a bytes literal (CPython refuses those too), and an octal escape past
//! `\377` in a bytes literal (CPython 3.11 keeps its low byte, with a warning).

use super::cursor::Cursor;
use super::{Prefix, StrLit};
use crate::python::PyError;

/// The prefix `name` spells, if a quote follows it: the combinations CPython's tokenizer
/// accepts (`b`, `r`, `u`, `f`, `br`, `rb`, `fr`, `rf`, in either case).
pub(super) fn prefix(name: &str) -> Option<Prefix> {
    let mut p = Prefix::default();
    for c in name.chars() {
        match c.to_ascii_lowercase() {
            'b' if !(p.bytes || p.unicode || p.format) => p.bytes = true,
            'u' if !(p.bytes || p.unicode || p.raw || p.format) => p.unicode = true,
            'r' if !(p.raw || p.unicode) => p.raw = true,
            'f' if !(p.format || p.bytes || p.unicode) => p.format = true,
            _ => return None,
        }
    }
    Some(p)
}

/// Reads the literal whose opening quote is at the cursor.
pub(super) fn string(cur: &mut Cursor, prefix: Prefix) -> Result<StrLit, PyError> {
    let (line, col) = (cur.line, cur.col);
    let q = cur.bump().unwrap_or('"');
    let triple = cur.at(q) && cur.peek(1) == Some(q);
    if triple {
        cur.bump();
        cur.bump();
    }
    // The body as written: (character, line, column) of each, to place errors in escapes.
    let mut body: Vec<(char, u32, u32)> = Vec::new();
    loop {
        let (l, c) = (cur.line, cur.col);
        let Some(ch) = cur.bump() else {
            return unterminated(line, col, triple);
        };
        if ch == '\n' && !triple {
            return unterminated(line, col, triple);
        }
        if ch == q && (!triple || (cur.at(q) && cur.peek(1) == Some(q))) {
            if triple {
                cur.bump();
                cur.bump();
            }
            break;
        }
        body.push((ch, l, c));
        if ch == '\\' {
            let (l, c) = (cur.line, cur.col);
            match cur.bump() {
                Some(e) => body.push((e, l, c)),
                None => return unterminated(line, col, triple),
            }
        }
    }
    let value = if prefix.bytes {
        bytes_value(&body, prefix.raw)?
    } else if prefix.raw || prefix.format {
        body.iter().map(|&(c, ..)| c).collect()
    } else {
        decode(&body, false)?
    };
    Ok(StrLit { prefix, value })
}

fn unterminated<T>(line: u32, col: u32, triple: bool) -> Result<T, PyError> {
    Err(PyError::new(
        line,
        col,
        if triple {
            "this triple-quoted string is never closed"
        } else {
            "this string is never closed on its line: close it, or use triple quotes for several lines"
        },
    ))
}

/// A bytes literal's value, one `char` per byte: ASCII characters only, escapes decoded
/// unless raw.
fn bytes_value(body: &[(char, u32, u32)], raw: bool) -> Result<String, PyError> {
    if let Some(&(c, line, col)) = body.iter().find(|(c, ..)| !c.is_ascii()) {
        return Err(PyError::new(
            line,
            col,
            format!(
                "the character {:?} in a bytes literal: bytes literals hold ASCII characters only (write \\x.. escapes)",
                crate::scenario::one_line(&c.to_string())
            ),
        ));
    }
    if raw {
        return Ok(body.iter().map(|&(c, ..)| c).collect());
    }
    decode(body, true)
}

/// A literal's body with its escapes decoded: a `str`'s, or (`bytes`) a bytes literal's, which
/// has no `\N`, `\u` or `\U` escapes and no value past a byte.
fn decode(body: &[(char, u32, u32)], bytes: bool) -> Result<String, PyError> {
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let (c, line, col) = body[i];
        i += 1;
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&(e, ..)) = body.get(i) else {
            return Err(PyError::new(
                line,
                col,
                "a backslash at the end of a string",
            ));
        };
        i += 1;
        escape(body, &mut i, e, bytes, &mut out).map_err(|m| PyError::new(line, col, m))?;
    }
    Ok(out)
}

/// The escape `\e` (the rest of it from `body[*i..]`) onto `out`; why not, if refused.
fn escape(
    body: &[(char, u32, u32)],
    i: &mut usize,
    e: char,
    bytes: bool,
    out: &mut String,
) -> Result<(), String> {
    match e {
        '\n' => {}
        'N' if !bytes => {
            return Err(
                "a \\N{...} escape: GIL Lab has no table of Unicode names; write the character itself or its \\u escape".into(),
            );
        }
        'x' | 'u' | 'U' if e == 'x' || !bytes => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let v = hex(body, i, n).ok_or_else(|| {
                format!("a truncated \\{e} escape: it takes exactly {n} hex digits")
            })?;
            match char::from_u32(v) {
                Some(ch) => out.push(ch),
                None if (0xD800..=0xDFFF).contains(&v) => {
                    return Err(format!(
                        "the escape \\{e}{v:X} is a lone surrogate: CPython keeps it in a string, GIL Lab cannot; write another character"
                    ));
                }
                None => {
                    return Err(format!(
                        "the escape \\{e}{v:X} is past the last Unicode character (\\U0010FFFF)"
                    ));
                }
            }
        }
        '0'..='7' => {
            let v = octal(body, i, e);
            if bytes && v > 0o377 {
                return Err(format!(
                    "the octal escape \\{v:o} is past a byte's largest value, \\377 (CPython would keep its low byte, with a warning): write the byte you mean"
                ));
            }
            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
        }
        e => match simple_escape(e) {
            Some(ch) => out.push(ch),
            // CPython keeps an unknown escape as written (with a warning).
            None => {
                out.push('\\');
                out.push(e);
            }
        },
    }
    Ok(())
}

/// The escapes of one letter or sign that both strings and bytes have.
fn simple_escape(e: char) -> Option<char> {
    Some(match e {
        '\\' => '\\',
        '\'' => '\'',
        '"' => '"',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\u{b}',
        _ => return None,
    })
}

/// Exactly `n` hex digits from `body[*i..]`, or `None`.
fn hex(body: &[(char, u32, u32)], i: &mut usize, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for _ in 0..n {
        let d = body.get(*i)?.0.to_digit(16)?;
        v = v * 16 + d;
        *i += 1;
    }
    Some(v)
}

/// An octal escape: `first` and up to two more octal digits from `body[*i..]`.
fn octal(body: &[(char, u32, u32)], i: &mut usize, first: char) -> u32 {
    let mut v = first.to_digit(8).unwrap_or(0);
    for _ in 0..2 {
        match body.get(*i).and_then(|&(d, ..)| d.to_digit(8)) {
            Some(d) => {
                v = v * 8 + d;
                *i += 1;
            }
            None => break,
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str, p: &str) -> Result<String, PyError> {
        let chars: Vec<char> = src.chars().collect();
        let mut cur = Cursor::new(&chars);
        string(&mut cur, prefix(p).unwrap()).map(|s| s.value)
    }

    #[test]
    fn escapes_decode_as_in_cpython() {
        assert_eq!(
            read(r#""a\tb\x41\u00e9\101\q""#, "").unwrap(),
            "a\tbAé\u{41}\\q"
        );
        assert_eq!(read("'''a\\\nb'''", "").unwrap(), "ab");
        assert_eq!(read(r#""\d\n""#, "r").unwrap(), "\\d\\n");
        assert_eq!(read(r#""\xff\101""#, "b").unwrap(), "\u{ff}A");
        assert_eq!(read(r#""\"""#, "r").unwrap(), "\\\"");
    }

    #[test]
    fn what_cannot_be_read_exactly_is_refused() {
        for (src, p) in [
            (r#""\N{BULLET}""#, ""),
            (r#""\ud800""#, ""),
            (r#""\x4""#, ""),
            (r#""\U00110000""#, ""),
            (r#"b"é""#, "b"),
            (r#"b"\777""#, "b"),
            ("\"abc\n\"", ""),
            ("'''abc", ""),
        ] {
            assert!(read(src, p).is_err(), "{src}");
        }
    }

    #[test]
    fn prefixes_are_the_ones_python_has() {
        for ok in ["", "r", "B", "Rb", "bR", "f", "rF", "u", "U"] {
            assert!(prefix(ok).is_some(), "{ok}");
        }
        for bad in ["ub", "ur", "bf", "fb", "rr", "uf", "x"] {
            assert!(prefix(bad).is_none(), "{bad}");
        }
    }
}
