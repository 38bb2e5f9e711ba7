//! What the `recording_json` target checks: a recording of a real run, read from any text.
//!
//! For any input: no panic; an error is one line. A recording that reads is drawn as a trace
//! (every time within what a trace holds, every lane in time order), compared with the model's
//! run of a lesson (the lesson whose program it names, else the first), checked against every
//! lesson's program (a recording that names a program matches it; errors and warnings are one
//! line), and written back to the same recording.

use std::sync::OnceLock;

use gil_sim::measured::{Recording, check, measured_trace, program_sha256};
use gil_sim::python::to_python;
use gil_sim::trace::MAX_TRACE_NS;
use gil_sim::{Metrics, Trace, metrics, presets, simulate};

/// Every lesson's program, its hash, and the model's run of it (made once per process).
struct Lesson {
    program: String,
    sha256: String,
    run: Option<(Trace, Metrics)>,
}

fn lessons() -> &'static [Lesson] {
    static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();
    LESSONS.get_or_init(|| {
        presets::all()
            .iter()
            .map(|p| {
                let program = to_python(&p.scenario).text;
                let run = simulate(&p.scenario).ok().map(|t| {
                    let m = metrics(&t);
                    (t, m)
                });
                Lesson {
                    sha256: program_sha256(&program),
                    program,
                    run,
                }
            })
            .collect()
    })
}

fn assert_one_line(what: &str, message: &str) {
    assert!(
        !message.chars().any(char::is_control),
        "{what} is not one safe line: {message:?}"
    );
}

/// Reads `text` as a recording and, if it reads, does what the app and the CLI do with it.
pub fn check_recording(text: &str) {
    let rec = match Recording::from_json(text) {
        Err(e) => return assert_one_line("a recording error", &e.to_string()),
        Ok(rec) => rec,
    };
    let again = Recording::from_json(&serde_json::to_string(&rec).expect("a recording writes"));
    assert_eq!(
        again.as_ref(),
        Ok(&rec),
        "a recording reads back differently"
    );
    let measured = measured_trace(&rec);
    assert!(measured.end_ns <= MAX_TRACE_NS, "{}", measured.end_ns);
    for lane in measured.thread_spans.iter().chain(&measured.gil_spans) {
        let starts: Vec<u64> = lane.iter().map(|s| s.start_ns).collect();
        assert!(
            starts.windows(2).all(|w| w[0] <= w[1]),
            "a lane out of order"
        );
    }
    if let Some(r) = rec.cpu_got_over_asked() {
        assert!(r.is_finite() && r >= 0.0, "{r}");
    }
    let lessons = lessons();
    for lesson in lessons {
        match rec.of_program(&lesson.program) {
            Err(e) => assert_one_line("a program check", &e.to_string()),
            Ok(warnings) => warnings
                .iter()
                .for_each(|w| assert_one_line("a warning", w)),
        }
    }
    let named = lessons
        .iter()
        .find(|l| rec.program_sha256.as_deref() == Some(l.sha256.as_str()));
    if let Some(lesson) = named {
        assert_eq!(
            rec.of_program(&lesson.program),
            Ok(vec![]),
            "its own program"
        );
    }
    let Some((predicted, m)) = named.or(lessons.first()).and_then(|l| l.run.as_ref()) else {
        return;
    };
    let c = check(predicted, m, &measured, &rec);
    for row in &c.rows {
        if let Some(e) = row.error_pct {
            assert!(e.is_finite(), "{row:?}");
        }
    }
}
