//! `gil-sim run prog.py --stdout`: a real program's own output, byte for byte what `python3`
//! prints; an uncaught exception ends it as CPython does (last traceback line, exit status 1);
//! a construct GIL Lab does not run is one error line naming its place.

mod common;

use std::path::Path;
use std::process::Command;

use common::gil_sim;

const LANG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../python/tests/lang");

fn python(path: &str) -> std::process::Output {
    Command::new("python3")
        .args(["-I", path])
        .output()
        .expect("python3 runs")
}

#[test]
fn a_program_prints_what_cpython_prints() {
    for name in ["02-int-arithmetic.py", "42-fstrings.py", "45-matrix.py"] {
        let path = format!("{LANG}/{name}");
        let ours = gil_sim(&["run", &path, "--stdout"]);
        let theirs = python(&path);
        assert!(
            ours.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_eq!(ours.stdout, theirs.stdout, "{name}");
    }
}

#[test]
fn an_uncaught_exception_ends_the_run_as_in_cpython() {
    let path = format!("{LANG}/56-error-missing-key.py");
    let ours = gil_sim(&["run", &path, "--stdout"]);
    let theirs = python(&path);
    assert_eq!(ours.status.code(), Some(1));
    assert_eq!(ours.stdout, theirs.stdout);
    let last = |o: &[u8]| {
        String::from_utf8_lossy(o)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(last(&ours.stderr), last(&theirs.stderr));
    assert!(String::from_utf8_lossy(&ours.stderr).contains(", line 12,"));
}

#[test]
fn what_gil_lab_does_not_run_is_one_line_naming_its_place() {
    let dir = std::env::temp_dir().join(format!("gil-sim-stdout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("uses_zlib.py");
    std::fs::write(
        &prog,
        "print('start')\nimport zlib\nprint(zlib.MAX_WBITS)\n",
    )
    .unwrap();
    let o = gil_sim(&["run", prog.to_str().unwrap(), "--stdout"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "start\n");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("line 2, col 1") && err.contains("zlib"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!Path::new(&dir).exists());
}

#[test]
fn stdout_is_for_python_programs() {
    let o = gil_sim(&["run", "cpu-threads", "--stdout"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("a .py file"));
}

#[test]
fn input_reads_standard_input_as_cpython_does() {
    use std::io::Write as _;
    let dir = std::env::temp_dir().join(format!("gil-sim-stdin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("ask.py");
    std::fs::write(
        &prog,
        "name = input('Name? ')\nprint('Hello,', name)\ntry:\n    input()\nexcept EOFError as e:\n    print('EOFError:', e)\n",
    )
    .unwrap();
    let run = |cmd: &mut Command| {
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"Grace\n").unwrap();
        child.wait_with_output().unwrap()
    };
    let ours = run(Command::new(common::bin()).args(["run", prog.to_str().unwrap(), "--stdout"]));
    let theirs = run(Command::new("python3").args(["-I", prog.to_str().unwrap()]));
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(ours.stdout, theirs.stdout);
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        "Name? Hello, Grace\nEOFError: EOF when reading a line\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
