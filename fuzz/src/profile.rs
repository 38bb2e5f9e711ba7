//! What the `profile_json` target checks: a machine profile, read from any text.
//!
//! For any input: no panic; an error is one line. A profile that reads writes back to a profile
//! that reads, with the same model figures; with a few cores (the fit runs the model a few dozen
//! times per core count: bounded here, so one execution stays short) it is fitted as the app and
//! the CLI load it, what the fit gives reads again (the fit never leaves the ranges a profile
//! takes), and a lesson runs on it.

use gil_sim::calibration::load;
use gil_sim::presets;
use gil_sim::profile::MachineProfile;

use crate::{FUZZ_MAX_EVENTS, check_run};

/// Profiles with more CPUs than this are read, not fitted (the fit's cost grows with them).
pub const FUZZ_MAX_PROFILE_CPUS: u32 = 4;

fn assert_one_line(what: &str, message: &str) {
    assert!(
        !message.chars().any(char::is_control),
        "{what} is not one safe line: {message:?}"
    );
}

/// Reads `text` as a profile and, if it reads, loads it as the app does and runs a lesson on it.
pub fn check_profile(text: &str) {
    let p = match MachineProfile::from_json(text) {
        Err(e) => return assert_one_line("a profile error", &e.to_string()),
        Ok(p) => p,
    };
    // What the app stores reads back (serde_json's float parsing may move a measured figure by
    // one ulp, so those are not compared).
    let written = serde_json::to_string(&p).expect("a profile writes");
    let again = match MachineProfile::from_json(&written) {
        Ok(again) => again,
        Err(e) => panic!("a profile written back does not read: {e}"),
    };
    assert_eq!(again.model, p.model, "a profile reads back differently");
    assert_eq!(
        (&again.host, &again.date, &again.python, again.cpus),
        (&p.host, &p.date, &p.python, p.cpus)
    );
    if p.cpus.unwrap_or(2) > FUZZ_MAX_PROFILE_CPUS {
        return;
    }
    let fitted = match load(text) {
        Err(e) => return assert_one_line("a fit error", &e.to_string()),
        Ok(f) => f,
    };
    let text = serde_json::to_string(&fitted).expect("a fitted profile writes");
    if let Err(e) = MachineProfile::from_json(&text) {
        panic!("the fit left what a profile takes: {e}");
    }
    let mut sc = presets::get("cpu-processes")
        .expect("the lesson exists")
        .scenario;
    fitted.apply(&mut sc);
    sc.limits.max_events = sc.limits.max_events.min(FUZZ_MAX_EVENTS);
    check_run(&sc);
}
