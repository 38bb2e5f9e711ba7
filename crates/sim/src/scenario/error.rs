//! A scenario that cannot be used, as one line naming the field; and the escaping that keeps
//! any text from the input to one safe line.

use std::fmt;

/// A scenario that cannot be used: a one-line message naming the field path and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Field path, e.g. `processes[1].threads[0].program[3]`.
    pub path: String,
    /// Why.
    pub reason: String,
}

impl ScenarioError {
    pub(crate) fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        ScenarioError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = one_line(&self.reason);
        if self.path.is_empty() || self.path == "." {
            write!(f, "{reason}")
        } else {
            write!(f, "{}: {reason}", one_line(&self.path))
        }
    }
}

/// Text from the input (a key, a name) made safe for a one-line message: control characters
/// (newlines, carriage returns, tabs, terminal escapes, C1 controls such as U+0085 and U+009B,
/// ...) and the Unicode characters that reorder or break lines on screen (the bidirectional
/// marks, embeddings, overrides and isolates U+061C, U+200E, U+200F, U+202A to U+202E, U+2066
/// to U+2069; the line and paragraph separators U+2028, U+2029) are written as Rust escapes
/// (`\u{1b}`, `\u{202e}`), so an error or a name is always one line, shows in its own order,
/// and never drives a terminal.
pub fn one_line(text: &str) -> String {
    if !text.chars().any(unsafe_on_screen) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_on_screen(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A character [`one_line`] escapes: a control character (C0, DEL, C1), a bidirectional
/// control, or a line or paragraph separator.
pub fn unsafe_on_screen(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

impl std::error::Error for ScenarioError {}

/// Reads one JSON document of `what` (`"scenario"`, `"profile"`, `"recording"`) of at most
/// `max` bytes (the cap named `cap`): errors name the field path (`serde_path_to_error`) or the
/// cap, and anything but white space after the document is refused. What the type's own checks
/// (its version, its meaning) say comes after, from its caller.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    max: usize,
    cap: &str,
) -> Result<T, ScenarioError> {
    if text.len() > max {
        return Err(ScenarioError::new(
            "",
            format!(
                "the {what} is {} bytes, more than {max} (cap {cap})",
                text.len()
            ),
        ));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let v: T = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let mut reason = e.into_inner().to_string();
        // serde_json appends " at line L column C"; keep it, it helps humans.
        if reason.is_empty() {
            reason = "invalid JSON".into();
        }
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        ScenarioError::new(path, reason)
    })?;
    // One document only.
    de.end().map_err(|e| {
        ScenarioError::new(
            "",
            format!("unexpected data after the {what} ({e}); a file holds one {what}"),
        )
    })?;
    Ok(v)
}
