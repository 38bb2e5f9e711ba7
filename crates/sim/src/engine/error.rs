//! Why a run could not complete: an invalid scenario, a cap, a deadlock, or a Python-level error.

use std::fmt;

/// A run that could not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The scenario is invalid.
    Scenario(crate::scenario::ScenarioError),
    /// A cap was hit (named).
    Cap {
        cap: &'static str,
        at_ns: u64,
        detail: String,
    },
    /// Every remaining thread is blocked forever.
    Deadlock { at_ns: u64, blocked: Vec<String> },
    /// A Python-level error (e.g. releasing an unheld lock).
    Runtime {
        at_ns: u64,
        thread: String,
        message: String,
    },
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Scenario(e) => write!(f, "{e}"),
            SimError::Cap { cap, at_ns, detail } => {
                write!(f, "cap {cap} reached at {at_ns} ns: {detail}")
            }
            SimError::Deadlock { at_ns, blocked } => {
                write!(
                    f,
                    "deadlock at {at_ns} ns: blocked forever: {}",
                    blocked.join(", ")
                )
            }
            SimError::Runtime {
                at_ns,
                thread,
                message,
            } => {
                write!(f, "at {at_ns} ns in thread {thread}: {message}")
            }
        }
    }
}

impl std::error::Error for SimError {}

impl From<crate::scenario::ScenarioError> for SimError {
    fn from(e: crate::scenario::ScenarioError) -> Self {
        SimError::Scenario(e)
    }
}
