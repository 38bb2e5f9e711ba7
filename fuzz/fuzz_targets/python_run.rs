//! Any text as a real Python program, run by the interpreter alone under small caps: no panic,
//! no hang (every loop counts against the work cap), the output within its cap, a refusal one
//! line inside the text, an exception with a class name, and a second run the same as the first.
//! Then under the model (the engine driving its threads): no panic, a trace that keeps the
//! model's invariants, and a program without threads or clocks prints what it printed alone.
#![no_main]

use gil_python::{End, Limits, Simulation, default_scenario, run_alone_with, simulate};
use gil_sim::check_trace;
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits {
    max_ops: 200_000,
    max_output: 1 << 16,
    max_items: 100_000,
    max_depth: 200,
    max_nesting: 40,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ran = run_alone_with(text, LIMITS);
    assert!(ran.stdout.len() <= LIMITS.max_output);
    match &ran.end {
        End::Finished => {}
        End::Refused(e) => {
            assert!(!e.message.chars().any(char::is_control), "{e:?}");
            assert!(e.line >= 1 && e.col >= 1, "{e:?}");
        }
        End::Raised(r) => {
            assert!(
                !r.kind.is_empty() && !r.kind.chars().any(char::is_control),
                "{r:?}"
            );
        }
    }
    assert_eq!(run_alone_with(text, LIMITS), ran, "a second run differs");
    let setup = Simulation {
        limits: LIMITS,
        ..Simulation::new(default_scenario())
    };
    let model = simulate(text, &setup);
    if let Some(tr) = &model.trace {
        check_trace(tr).unwrap();
    }
    if ["thread", "concurrent", "time"]
        .iter()
        .all(|w| !text.contains(w))
    {
        assert_eq!(model.stdout, ran.stdout, "the model's run prints otherwise");
        assert_eq!(model.end, ran.end, "the model's run ends otherwise");
    }
});
