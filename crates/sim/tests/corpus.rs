//! The corpus of real programs (`crates/sim/corpus/`, its README says the format): every
//! program has its header and expected output, and prints that output in CPython 3.11, so the
//! corpus itself is right; and the share of it GIL Lab reads today is reported (issue 23's
//! measure: it reads the lessons' dialect only, so the share starts near zero and is not
//! asserted yet).

mod corpus_reader;

use std::process::{Command, Stdio};
use std::time::Duration;

use corpus_reader::{Output, Program, compare, corpus};

/// Runs a program in CPython in a folder of its own (it may write files there), with its
/// input, for at most 60 s; its standard output.
fn run_in_cpython(p: &Program) -> Result<String, String> {
    let dir =
        std::env::temp_dir().join(format!("gil-lab-corpus-{}-{}", std::process::id(), p.name));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join(p.path.file_name().unwrap());
    std::fs::copy(&p.path, &file).map_err(|e| e.to_string())?;
    let mut child = Command::new("python3")
        .arg("-I")
        .arg(&file)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(p.input.as_deref().unwrap_or("").as_bytes());
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            return Err("still running after 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "{}: {}",
            out.status,
            err.lines().last().unwrap_or("")
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

#[test]
fn the_corpus_has_sixty_programs_or_more_with_their_headers() {
    let c = corpus();
    assert!(c.len() >= 60, "{} programs", c.len());
}

#[test]
fn every_program_prints_its_expected_output_in_cpython() {
    let programs = corpus();
    // Two at a time: the machine has two cores (the programs' own timing is never compared).
    let wrong: Vec<String> = std::thread::scope(|s| {
        let halves: Vec<_> = programs
            .chunks(programs.len().div_ceil(2))
            .map(|half| {
                s.spawn(move || {
                    half.iter()
                        .filter_map(|p| {
                            // Up to three runs: a busy machine may delay a thread past a
                            // sleep's margin; one run as expected shows the corpus right.
                            let mut last = Ok(());
                            for _ in 0..3 {
                                last = run_in_cpython(p)
                                    .and_then(|got| compare(p.output, &p.clock, &p.expected, &got));
                                if last.is_ok() {
                                    break;
                                }
                            }
                            last.err().map(|why| format!("{}: {why}", p.name))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_share_gil_lab_reads_is_reported() {
    let programs = corpus();
    let read: Vec<&str> = programs
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(&p.path).unwrap();
            gil_sim::python::from_python(&text).is_ok()
        })
        .map(|p| p.name.as_str())
        .collect();
    eprintln!(
        "GIL Lab reads {} of the corpus's {} programs: {:?}",
        read.len(),
        programs.len(),
        read
    );
}

#[test]
fn the_comparison_can_tell_outputs_apart() {
    assert!(compare(Output::Exact, &[], "a\nb\n", "a\nb\n").is_ok());
    assert!(compare(Output::Exact, &[], "a\nb\n", "b\na\n").is_err());
    assert!(compare(Output::Sorted, &[], "a\nb\n", "b\na\n").is_ok());
    assert!(compare(Output::Sorted, &[], "a\nb\n", "b\nc\n").is_err());
    assert!(compare(Output::Lines, &[], "1\n2\n", "3\n4\n").is_ok());
    assert!(compare(Output::Lines, &[], "1\n2\n", "3\n").is_err());
    assert!(compare(Output::Exact, &[], "a\n", "a\nb\n").is_err());
    // A clock line: its value is not compared, its text is.
    assert!(compare(Output::Exact, &[2], "a\nfast: True\n", "a\nfast: False\n").is_ok());
    assert!(compare(Output::Exact, &[2], "a\nfast: True\n", "a\nslow: True\n").is_err());
    assert!(compare(Output::Exact, &[], "a\nfast: True\n", "a\nfast: False\n").is_err());
}
