//! Which characters a name may hold. ASCII letters, digits and `_` as Python has them; other
//! characters only from the generated table ([`super::ident_table`]: what CPython 3.11 accepts
//! AND keeps as it is under NFKC, so a name reads as one name for the model and for CPython);
//! and words for the characters people paste by mistake (a non-breaking space, a typographic
//! quote or dash) naming what to type instead.

use super::ident_table::{CONTINUE, START};

/// Whether `c` may start a name.
pub(super) fn is_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        in_table(START, c)
    }
}

/// Whether `c` may follow in a name.
pub(super) fn is_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(CONTINUE, c)
    }
}

/// Whether CPython's tokenizer would take `c` as part of a name before checking it (any
/// non-ASCII character, ASCII letters, digits and `_`).
pub(super) fn is_potential(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric() || c == '_'
}

fn in_table(table: &[u32], c: char) -> bool {
    let c = c as u32;
    // Pairs (first, last) in order: find the number of pairs whose first is <= c.
    let (mut lo, mut hi) = (0, table.len() / 2);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if table[2 * mid] <= c {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo > 0 && c <= table[2 * (lo - 1) + 1]
}

/// Why a character outside the table cannot be in a name, and what to write instead.
pub(super) fn refusal(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    let shown = crate::scenario::one_line(&c.to_string());
    match c {
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => format!(
            "a non-breaking or typographic space ({code}), often pasted from a web page: retype it as a plain space"
        ),
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {
            format!("an invisible character ({code}), often pasted from a web page: delete it")
        }
        '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{2032}' | '\u{2033}' => {
            format!("a typographic quote {shown} ({code}): Python strings use plain \" or ' quotes")
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' => {
            format!("a typographic dash {shown} ({code}): write a plain minus -")
        }
        '\u{d7}' => format!("the sign {shown} ({code}): Python multiplies with *"),
        '\u{f7}' => format!("the sign {shown} ({code}): Python divides with /"),
        c if c.is_alphanumeric() => format!(
            "the character {shown} ({code}) in a name: Python would read it as other characters (NFKC normalization) or refuse it; write the name in plain letters"
        ),
        _ => format!("the character {shown} ({code}) is not part of Python's syntax here"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_agrees_with_what_it_was_made_from() {
        for c in ['é', 'ß', 'ж', 'λ', '中', 'ー'] {
            assert!(is_start(c) && is_continue(c), "{c}");
        }
        // Not their own NFKC form: CPython reads them as other letters.
        for c in ['ﬂ', 'ｆ', 'µ', 'ª', 'Ⅰ', '²'] {
            assert!(!is_start(c) && !is_continue(c), "{c}");
        }
        // A combining mark continues (if it is stable) but never starts a name; the middle
        // dot continues only.
        assert!(!is_start('\u{b7}') && is_continue('\u{b7}'));
        assert!(!is_start('\u{301}') && !is_continue('\u{301}'));
        assert!(!is_start('\u{a0}') && !is_continue('\u{a0}'));
    }
}
