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
/// (newlines, carriage returns, tabs, terminal escapes, ...) are written as Rust escapes, so an
/// error is always one line and never drives a terminal.
pub fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
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
