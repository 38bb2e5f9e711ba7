//! No input reaches the terminal raw: names, questions, lessons, a recording's platform and
//! Python version and a profile's host and date full of terminal escapes, carriage returns,
//! newlines, bidirectional overrides and line separators come out escaped, so the text output
//! holds no control character but its own line ends and no character that reorders a line.

mod common;

use common::*;
use serde_json::json;

/// A character that may drive a terminal or fake or reorder a line.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

fn assert_safe(o: &std::process::Output, what: &str) {
    assert!(o.status.success(), "{what}: {}", stderr(o));
    let out = stdout(o);
    let bad: Vec<char> = out.chars().filter(|&c| unsafe_char(c)).collect();
    assert!(bad.is_empty(), "{what}: raw {bad:?} in:\n{out}");
    for fake in ["\nwall time: 1 ns", "\nLESSON: fake"] {
        assert!(!out.contains(fake), "{what}: a faked line {fake:?}:\n{out}");
    }
}

const EVIL: &str = "x\u{1b}[2J\u{1b}[H\rwall time: 1 ns\n\u{202e}\u{2066}\u{85}\u{9b}31m\u{2028}";

/// A scenario whose every name and text is hostile (names are at most 64 bytes).
fn hostile_scenario(workload: bool) -> String {
    let name = |tag: &str| format!("{tag}\u{1b}]0;t\u{7}\r\u{202e}\n\u{2029}");
    let (t1, lock, task) = (name("T"), name("L"), name("k"));
    let mut v = json!({
        "version": 1, "name": EVIL, "question": EVIL, "lesson": format!("{EVIL}\nLESSON: fake"),
        "machine": {"cores": 2},
        "processes": [{"name": name("P"), "threads": [
            {"name": name("M"), "program": [
                {"op": "start_thread", "thread": t1},
                {"op": "acquire", "lock": lock}, {"op": "cpu", "ns": 1_000_000},
                {"op": "release", "lock": lock},
                {"op": "asyncio", "tasks": [{"name": task, "program": [
                    {"op": "await_sleep", "ns": 1_000_000}]}]},
                {"op": "join_thread", "thread": t1}]},
            {"name": t1, "program": [{"op": "cpu", "ns": 2_000_000}]}]}]
    });
    if workload {
        v = json!({"version": 1, "name": EVIL, "question": EVIL, "lesson": EVIL,
            "workload": {"mode": "threads", "work": {"tasks": 2, "cpu_ns": 1_000_000}}});
    }
    v.to_string()
}

#[test]
fn run_compare_and_list_escape_every_name_and_text() {
    let t = Scratch::new("term");
    let file = t.file("evil.json");
    std::fs::write(&file, hostile_scenario(false)).unwrap();
    let work = t.file("work.json");
    std::fs::write(&work, hostile_scenario(true)).unwrap();
    for args in [
        &["run", &file][..],
        &["run", &file, "-c", "--max-rows", "0"],
        &["run", &work, "-c"],
        &["compare", &work],
        &["list"],
    ] {
        let o = gil_sim(args);
        assert_safe(&o, &args.join(" "));
    }
    let o = gil_sim(&["run", &file]);
    assert!(stdout(&o).contains("\\u{1b}[2J"), "{}", stdout(&o));
    // A hostile scenario that fails: the error is one escaped line.
    let o = gil_sim(&["compare", &file]);
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!err.trim_end().chars().any(unsafe_char), "{err:?}");
}

#[test]
fn a_recordings_words_and_a_profiles_host_and_date_are_escaped() {
    let t = Scratch::new("rec");
    let rec = t.file("rec.json");
    let o = gil_sim(&["check", "cpu-threads", "--json", "--keep", &rec]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&rec).unwrap()).unwrap();
    v["platform"] = json!(EVIL);
    v["python"] = json!("3.11\u{1b}[31m\u{202e}");
    std::fs::write(&rec, v.to_string()).unwrap();
    let o = gil_sim(&["check", "cpu-threads", "--run", &rec]);
    assert_safe(&o, "check --run");
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/calibration/profiles/this-machine.json"
    );
    let mut p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(shipped).unwrap()).unwrap();
    p["host"] = json!(EVIL);
    p["date"] = json!("\u{1b}[2J\u{202e}\r2026-12-01");
    let profile = t.file("profile.json");
    std::fs::write(&profile, p.to_string()).unwrap();
    for args in [
        &["run", "convoy", "--machine", &profile][..],
        &["run", "convoy", "-c", "--machine", &profile],
        &["check", "cpu-threads", "--run", &rec, "--machine", &profile],
    ] {
        let o = gil_sim(args);
        assert_safe(&o, &args.join(" "));
        assert!(
            args[0] == "check" || stdout(&o).contains("calibrated to: x\\u{1b}"),
            "{}",
            stdout(&o)
        );
    }
}

/// Runs gil-sim with its stdout on a pseudo-terminal (util-linux `script`); its output.
fn on_a_terminal(args: &[&str]) -> String {
    let quoted: Vec<String> = std::iter::once(bin())
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let o = std::process::Command::new("script")
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The terminal turns each line end into CR LF.
    String::from_utf8_lossy(&o.stdout).replace("\r\n", "\n")
}

#[test]
fn exports_are_escaped_on_a_terminal_and_exact_in_a_file() {
    let t = Scratch::new("exports-tty");
    let file = t.path().join("evil.json");
    std::fs::write(&file, hostile_scenario(false)).unwrap();
    let file = file.to_str().unwrap();
    for what in ["csv", "metrics-csv", "perfetto", "json", "py"] {
        let screen = on_a_terminal(&["export", what, file]);
        let bad: Vec<char> = screen.chars().filter(|&c| unsafe_char(c)).collect();
        assert!(bad.is_empty(), "{what} on a terminal: raw {bad:?}");
        assert!(screen.len() > 100, "{what}: {screen}");
    }
    // In a file (a pipe here) a CSV keeps the names exactly: a spreadsheet gets what was given.
    let piped = gil_sim(&["export", "csv", file]);
    assert!(stdout(&piped).contains("\u{202e}"));
}

#[test]
fn json_output_escapes_what_a_terminal_acts_on_and_still_means_the_same() {
    let t = Scratch::new("json");
    let file = t.file("evil.json");
    std::fs::write(&file, hostile_scenario(false)).unwrap();
    let work = t.file("work.json");
    std::fs::write(&work, hostile_scenario(true)).unwrap();
    assert_safe(&gil_sim(&["compare", &work, "--json"]), "compare --json");
    let o = gil_sim(&["run", &file, "--json"]);
    assert_safe(&o, "run --json");
    // The escapes are JSON's own: a parser reads the names exactly.
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let name = v["scenario"]["name"].as_str().unwrap();
    assert!(
        name.contains('\u{202e}') && name.contains('\u{9b}'),
        "{name:?}"
    );
}
