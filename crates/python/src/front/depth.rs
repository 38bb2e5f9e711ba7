//! A cap on how deeply one statement nests, checked on the tokens before the parser runs:
//! Ruff's parser (and the drop of its tree) recurse once per level of a prefix operator (`-`,
//! `not`, `await`), a right-nested operator (`**`, `x if c else ...`, `lambda:`) or a chain of
//! operations (`a + b + ...`, `a.b.c`, `f()()`), and a text of 2 MiB could nest far deeper than
//! any stack holds. CPython itself gives up near 5,000 (`RecursionError`); no program people
//! write comes near [`MAX_CHAIN`] in one statement.

use gil_sim::python::{PyError, PyToken};

/// Cap: chaining tokens (operators, `.`, calls and subscripts, `not`, `await`, `lambda`, `if`)
/// in one logical line.
pub(super) const MAX_CHAIN: usize = 500;

/// Whether `t` makes the tree one level deeper where it stands.
fn chains(t: &PyToken, after_operand: bool) -> bool {
    match (t.kind, t.text.as_str()) {
        ("NAME", "not" | "await" | "lambda" | "if" | "and" | "or" | "in" | "is") => true,
        ("OP", "(" | "[") => after_operand,
        ("OP", ")" | "]" | "}" | "," | ":" | ";" | "=" | "{") => false,
        ("OP", _) => true,
        _ => false,
    }
}

/// Refuses a logical line with more than [`MAX_CHAIN`] chaining tokens, naming its line.
pub(super) fn check(tokens: &[PyToken]) -> Result<(), PyError> {
    let (mut count, mut line, mut operand) = (0usize, 1u32, false);
    for t in tokens {
        if t.kind == "NEWLINE" {
            count = 0;
            operand = false;
            continue;
        }
        if count == 0 {
            line = t.start.0;
        }
        if chains(t, operand) {
            count += 1;
            if count > MAX_CHAIN {
                return Err(PyError::new(
                    line,
                    1,
                    format!(
                        "this statement chains more than {MAX_CHAIN} operations (cap MAX_CHAIN; CPython itself gives up near 5,000): split it into several statements"
                    ),
                ));
            }
        }
        operand = matches!(t.kind, "NAME" | "NUMBER" | "STRING")
            || matches!(t.text.as_str(), ")" | "]" | "}");
    }
    Ok(())
}
