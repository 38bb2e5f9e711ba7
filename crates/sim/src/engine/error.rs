//! Why a run could not complete: an invalid scenario, a cap, a deadlock, or a Python-level error.

use std::fmt;

use crate::scenario::one_line;

/// A run that could not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The scenario is invalid.
    Scenario(crate::scenario::ScenarioError),
    /// A cap was hit (named).
    Cap {
        /// The cap's name: a crate constant (`MAX_EVENTS`, `MAX_SIM_NS`) or a scenario field
        /// (`limits.max_events`, `limits.max_sim_ns`).
        cap: &'static str,
        /// Simulated time when the run stopped.
        at_ns: u64,
        /// What went past the cap, in words.
        detail: String,
    },
    /// Every remaining thread is blocked forever.
    Deadlock {
        /// Simulated time when the last runnable thread blocked.
        at_ns: u64,
        /// The blocked threads, as `process/thread`.
        blocked: Vec<String>,
    },
    /// A Python-level error (e.g. releasing an unheld lock).
    Runtime {
        /// Simulated time of the error.
        at_ns: u64,
        /// The thread that raised it, as `process/thread`.
        thread: String,
        /// The Python exception and its message.
        message: String,
    },
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Scenario(e) => write!(f, "{e}"),
            SimError::Cap { cap, at_ns, detail } => {
                write!(f, "cap {cap} reached at {at_ns} ns: {}", one_line(detail))
            }
            SimError::Deadlock { at_ns, blocked } => {
                write!(
                    f,
                    "deadlock at {at_ns} ns: blocked forever: {}",
                    one_line(&blocked.join(", "))
                )
            }
            SimError::Runtime {
                at_ns,
                thread,
                message,
            } => {
                write!(
                    f,
                    "at {at_ns} ns in thread {}: {}",
                    one_line(thread),
                    one_line(message)
                )
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
