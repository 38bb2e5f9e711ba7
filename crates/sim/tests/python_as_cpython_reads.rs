//! Texts that CPython reads otherwise than a naive reader would (the hostile-input review's
//! findings): each is refused, or read as CPython reads it, so that the model never predicts,
//! and `gil-sim check` never runs, a program other than the one shown.

use gil_sim::python::from_python;
use gil_sim::{Scenario, Step};

const PROGRAM: &str = r#"import threading
import time

from gil_lab import cpu, io, model

model(seed=1)


def worker():
    cpu(0.1)
    io(0.2)


def main():
    t = threading.Thread(target=worker, name="worker")
    t.start()
    t.join()


if __name__ == "__main__":
    main()
"#;

/// The worker thread's steps.
fn worker(sc: &Scenario) -> &[Step] {
    &sc.processes[0].threads[1].program
}

#[test]
fn a_lone_carriage_return_ends_a_line_as_in_cpython() {
    // CPython reads "    cpu(0.1)  # note" and "    time.sleep(5)" as two lines: the sleep is
    // code, not part of the comment.
    let text = PROGRAM.replace(
        "    cpu(0.1)\n",
        "    cpu(0.1)  # note\r    time.sleep(5)\n",
    );
    let (sc, _) = from_python(&text).expect("CPython reads this program");
    assert!(
        worker(&sc).contains(&Step::Sleep { ns: 5_000_000_000 }),
        "{:?}",
        worker(&sc)
    );
    // And a lone \r between statements is a line end too.
    let text = PROGRAM.replace("    cpu(0.1)\n", "    cpu(0.1)\r    time.sleep(5)\r");
    let (sc, _) = from_python(&text).expect("CPython reads this program");
    assert_eq!(worker(&sc).len(), 3, "{:?}", worker(&sc));
}

#[test]
fn an_encoding_other_than_utf8_is_refused() {
    // With unicode_escape, CPython decodes the `\x0a` in the comment as a line end: the sleep
    // becomes code.
    for decl in [
        "# coding: unicode_escape\n",
        "# -*- coding: latin-1 -*-\n",
        "#!/usr/bin/env python3\n# vim: set fileencoding=cp1252 :\n",
    ] {
        let text = format!("{decl}{PROGRAM}")
            .replace("    cpu(0.1)\n", "    cpu(0.1)  # \\x0a    time.sleep(5)\n");
        let e = from_python(&text).expect_err(decl);
        assert!(e.message.contains("UTF-8"), "{e}");
    }
    let text = format!("# -*- coding: utf-8 -*-\n{PROGRAM}");
    assert!(from_python(&text).is_ok());
}

#[test]
fn a_form_feed_in_the_indentation_counts_from_zero_as_in_cpython() {
    // CPython resets the column at a form feed: "    \fio(0.2)" is at column 0, outside the
    // function (a top-level statement here, which the reader refuses), never inside it.
    let text = PROGRAM.replace("    io(0.2)\n", "    \u{c}io(0.2)\n");
    match from_python(&text) {
        Ok((sc, _)) => assert!(
            !worker(&sc).iter().any(|s| matches!(s, Step::Io { .. })),
            "the io(0.2) is not in the worker for CPython: {:?}",
            worker(&sc)
        ),
        Err(e) => assert_eq!(e.line, 11, "{e}"),
    }
    // "\f    io(0.2)" is indented by 4, as CPython counts it.
    let text = PROGRAM.replace("    io(0.2)\n", "\u{c}    io(0.2)\n");
    let (sc, _) = from_python(&text).expect("CPython reads this program");
    assert_eq!(worker(&sc).len(), 2);
}

#[test]
fn tabs_are_measured_as_cpython_measures_them() {
    let text = PROGRAM.replace("    cpu(0.1)\n    io(0.2)\n", "\tcpu(0.1)\n\tio(0.2)\n");
    let (sc, _) = from_python(&text).expect("tabs alone are fine for CPython");
    assert_eq!(worker(&sc).len(), 2);
    // A tab and 8 spaces are one level for a tab size of 8, but CPython refuses the mix.
    let text = PROGRAM.replace(
        "    cpu(0.1)\n    io(0.2)\n",
        "\tcpu(0.1)\n        io(0.2)\n",
    );
    let e = from_python(&text).expect_err("CPython's TabError");
    assert!(e.message.contains("tabs and spaces"), "{e}");
}

#[test]
fn a_name_escape_is_refused() {
    // The reader has no table of Unicode names: "\N{BULLET}" must not become a 10-letter name.
    let text = PROGRAM.replace("name=\"worker\"", "name=\"\\N{BULLET} worker\"");
    let e = from_python(&text).expect_err("\\N{...}");
    assert!(e.message.contains("\\N{"), "{e}");
}

#[test]
fn names_cpython_normalises_are_refused() {
    // For CPython `ﬂag` is `flag` (NFKC): the second definition replaces the first.
    let text = PROGRAM.replace(
        "def main():",
        "def flag():\n    cpu(1)\n\n\ndef \u{fb02}ag():\n    io(1)\n\n\ndef main():",
    );
    let e = from_python(&text).expect_err("ﬂag");
    assert!(e.message.contains("U+FB02"), "{e}");
    // Names Python keeps as they are read as themselves.
    let text = PROGRAM.replace("worker", "arbeiter_\u{e4}");
    assert!(from_python(&text).is_ok());
}

#[test]
fn two_main_blocks_are_refused() {
    // CPython runs both blocks: main() twice.
    let text = format!("{PROGRAM}\n\nif __name__ == \"__main__\":\n    main()\n");
    let e = from_python(&text).expect_err("two __main__ blocks");
    assert!(e.message.contains("second"), "{e}");
}

#[test]
fn a_nul_or_a_stray_control_character_is_refused() {
    for bad in ["\0", "\u{b}", "\u{1b}[2J"] {
        let text = PROGRAM.replace("    io(0.2)\n", &format!("    io(0.2){bad}\n"));
        let e = from_python(&text).expect_err(bad);
        assert_eq!(e.line, 11, "{e}");
        assert!(!e.message.chars().any(char::is_control), "{e:?}");
    }
}
