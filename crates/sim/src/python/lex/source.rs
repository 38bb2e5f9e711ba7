//! The text as CPython reads a source file, before any token: a UTF-8 byte order mark at the
//! start is dropped; an encoding declaration (`# -*- coding: ... -*-` on line 1 or 2, PEP 263)
//! must name UTF-8, since any other encoding makes CPython decode the bytes into another text
//! than the one shown (`# coding: unicode_escape` turns `\x0a` in a comment into a new line of
//! code); a NUL character is refused, as CPython refuses it; every line end (`\r\n`, a lone
//! `\r`, `\n`) becomes `\n`, as CPython's universal newlines make it (a lone `\r` in a comment
//! ends the line for CPython); and the text ends with `\n`, as CPython adds one.

use crate::python::PyError;

/// The text ready for the tokenizer, one `char` per element.
pub(super) fn prepare(text: &str) -> Result<Vec<char>, PyError> {
    let bom = text.starts_with('\u{feff}');
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_encoding(text, bom)?;
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c => out.push(c),
        }
    }
    if out.last() != Some(&'\n') {
        out.push('\n');
    }
    if let Some(i) = out.iter().position(|&c| c == '\0') {
        let (line, col) = position(&out, i);
        return Err(PyError::new(
            line,
            col,
            "a NUL character (U+0000): CPython refuses source code that holds one; remove it",
        ));
    }
    Ok(out)
}

/// Line and column (1-based, in characters) of index `i` of the prepared text.
pub(super) fn position(text: &[char], i: usize) -> (u32, u32) {
    let before = &text[..i.min(text.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let col = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// Refuses an encoding declaration that does not name UTF-8 (after a byte order mark, only
/// the names CPython takes as `utf-8` itself: it refuses `utf8` there). Lines 1 and 2 are
/// looked at as CPython splits them both ways (a compiled string splits at `\n` only, a file
/// at every line end), so a declaration either reading would honour is checked.
fn check_encoding(text: &str, bom: bool) -> Result<(), PyError> {
    let by_newline = text.split('\n').take(2);
    let by_any = text.split(['\n', '\r']).take(2);
    for (i, line) in by_newline.chain(by_any).enumerate() {
        let Some(name) = coding_spec(line) else {
            continue;
        };
        if !is_utf8(name, bom) {
            return Err(PyError::new(
                (i % 2) as u32 + 1,
                1,
                format!(
                    "the encoding declaration names {:?}: GIL Lab reads UTF-8 source only (CPython would decode this file as {:?} and run another text); remove the declaration or declare `# -*- coding: utf-8 -*-`",
                    crate::scenario::one_line(name),
                    crate::scenario::one_line(name)
                ),
            ));
        }
    }
    Ok(())
}

/// The encoding a line declares, as CPython's `get_coding_spec` finds it: the line is a
/// comment (only spaces, tabs or form feeds before `#`), and holds `coding` followed by `:` or
/// `=`, optional spaces or tabs, and a name of letters, digits, `-`, `_` and `.`.
fn coding_spec(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches([' ', '\t', '\u{c}']);
    if !rest.starts_with('#') {
        return None;
    }
    let mut at = 0;
    while let Some(k) = rest[at..].find("coding") {
        let after = &rest[at + k + 6..];
        at += k + 6;
        let Some(after) = after.strip_prefix([':', '=']) else {
            continue;
        };
        let after = after.trim_start_matches([' ', '\t']);
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(after.len());
        if end > 0 {
            return Some(&after[..end]);
        }
    }
    None
}

/// Whether CPython reads encoding `name` as UTF-8: its normal name (`get_normal_name`: the
/// first 12 characters lower-cased, `_` as `-`) is `utf-8` or starts with `utf-8-`, or (but
/// after a byte order mark, where CPython compares normal names) it is the codec alias `utf8`.
fn is_utf8(name: &str, bom: bool) -> bool {
    let normal: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    normal == "utf-8" || normal.starts_with("utf-8-") || (normal == "utf8" && !bom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_become_newlines_and_a_last_one_is_added() {
        let t: String = prepare("a\r\nb\rc").unwrap().into_iter().collect();
        assert_eq!(t, "a\nb\nc\n");
        let t: String = prepare("\u{feff}x\n").unwrap().into_iter().collect();
        assert_eq!(t, "x\n");
    }

    #[test]
    fn only_utf8_declarations_are_read() {
        for ok in [
            "# -*- coding: utf-8 -*-\n",
            "#!/usr/bin/env python3\n# coding=UTF_8\n",
            "# vim: set fileencoding=utf8 :\n",
            "# coding: utf-8-sig\n",
            "x = 1  # coding: latin-1 (not a comment line: CPython ignores it)\n",
        ] {
            assert!(prepare(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "# coding: unicode_escape\n",
            "\n# -*- coding: latin-1 -*-\n",
            "# hello\r# coding: cp1252\n",
            "#coding:utf-16\n",
            "\u{feff}# coding: utf8\n",
        ] {
            let e = prepare(bad).unwrap_err();
            assert!(e.message.contains("UTF-8"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn nul_is_refused_at_its_place() {
        let e = prepare("x = 1\ny = 2\0\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 6));
    }
}
