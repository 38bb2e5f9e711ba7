//! Any text as a Python program: the reader never panics, an error names a line and column
//! inside the text, and a program it accepts is written back (`to_python`) and read again to the
//! same scenario, which then runs like any scenario (the seed corpus holds every preset's
//! program, so mutations give mutated programs).
#![no_main]

use gil_sim::python::{from_python, to_python};
use libfuzzer_sys::fuzz_target;

/// Lines as CPython counts them: `\r\n`, a lone `\r` and `\n` each end one.
fn python_lines(text: &str) -> usize {
    let ends = text.replace("\r\n", "\n").matches(['\r', '\n']).count();
    ends + 1
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match from_python(text) {
        Err(e) => {
            assert!(!e.message.chars().any(char::is_control), "{e:?}");
            assert!(e.line >= 1 && e.col >= 1, "{e:?}");
            assert!(e.line as usize <= python_lines(text) + 1, "{e:?}");
        }
        Ok((mut sc, _)) => {
            let again = from_python(&to_python(&sc).text).map(|(s, _)| s);
            assert_eq!(again.as_ref(), Ok(&sc), "round trip");
            sc.limits.max_events = sc.limits.max_events.min(gil_lab_fuzz::FUZZ_MAX_EVENTS);
            gil_lab_fuzz::check_run(&sc);
        }
    }
});
