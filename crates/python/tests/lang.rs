//! The language core against CPython: every program in `tests/lang/` (its README says what
//! they are) runs in CPython 3.11 (`python3 -I`) and in GIL Lab (`gil_python::run_alone`), and
//! each is classified: it matches (the same standard output, and the same ending: finished, or
//! the same exception kind, message and line), it is refused (allowed: GIL Lab says what it does
//! not run, in one line at a place in the program), or it is a wrong result, which fails the
//! test. The report says how many match; [`MIN_MATCHING`] is the floor the test asserts, raised
//! as the interpreter learns the language.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gil_python::{End, Raised, Ran, run_alone};

/// How many programs must run as CPython runs them (raise it as programs start to pass).
const MIN_MATCHING: usize = 100;

/// One program of `tests/lang/`.
struct Program {
    /// Its file name without `.py` (`02-int-arithmetic`).
    name: String,
    path: PathBuf,
    text: String,
}

/// How a program ended.
#[derive(Clone, Debug, PartialEq)]
enum Ending {
    /// It ran to its end.
    Finished,
    /// An exception nothing caught: its class name, `str()` and the line that raised it.
    Raised {
        kind: String,
        message: String,
        line: u32,
    },
}

/// What a program printed and how it ended.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    stdout: String,
    ending: Ending,
}

/// The comparison's verdict on one program.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// It ran as CPython runs it.
    Matches,
    /// GIL Lab refused it: where and why, on one line.
    Refused(String),
    /// A wrong result: what differs first.
    Wrong(String),
}

fn lang_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("lang")
}

/// The programs, sorted by name.
fn programs() -> Vec<Program> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(lang_dir())
        .expect("the folder tests/lang")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Program {
            name: path.file_stem().unwrap().to_string_lossy().to_string(),
            text: std::fs::read_to_string(&path).unwrap(),
            path,
        })
        .collect()
}

/// Runs every program in one CPython 3.11 process (`python3 -I`: no `PYTHON*` variable, no
/// user site), each as `__main__` (`runpy`, as `python3 -I file` runs it) with a fresh
/// namespace and its standard output captured: the startup of one interpreter, not of one per
/// program (a quarter of a second each on a loaded machine). An exception that ends a program
/// is what its traceback's last line says, `Kind: message`: the class name and `str()` (a
/// "Did you mean" hint CPython's display adds to some NameErrors is not part of the message),
/// and its line is that of the innermost frame in the program itself.
const DRIVER: &str = r#"
import io, json, runpy, sys, traceback
assert sys.version_info[:2] == (3, 11), "the oracle is CPython 3.11, not " + sys.version
out = sys.stdout
for path in sys.argv[1:]:
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    raised = None
    try:
        runpy.run_path(path, run_name="__main__")
    except BaseException as e:
        lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == path]
        raised = [type(e).__name__, str(e), lines[-1] if lines else None]
    printed, warned = sys.stdout.getvalue(), sys.stderr.getvalue()
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    out.write(json.dumps({"stdout": printed, "stderr": warned, "raised": raised}) + "\n")
"#;

/// What CPython printed and how each program ended, in the order of `programs`.
fn run_in_cpython(programs: &[Program]) -> Vec<Outcome> {
    let out = Command::new("python3")
        .args(["-I", "-c", DRIVER])
        .args(programs.iter().map(|p| &p.path))
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8(out.stdout).expect("CPython prints UTF-8");
    let outcomes: Vec<Outcome> = lines
        .lines()
        .zip(programs)
        .map(|(line, p)| {
            outcome(line).unwrap_or_else(|why| panic!("{}: {why}; CPython said {line}", p.name))
        })
        .collect();
    assert_eq!(outcomes.len(), programs.len(), "one answer per program");
    outcomes
}

/// One program's outcome from the driver's line: a program CPython warns about, or whose
/// exception has no line in the program (or is `SystemExit`), is not fit for the comparison.
fn outcome(line: &str) -> Result<Outcome, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string).ok_or("not a string");
    if v["stderr"] != "" {
        return Err("CPython warns".into());
    }
    let ending = match &v["raised"] {
        serde_json::Value::Null => Ending::Finished,
        r => {
            let kind = text(&r[0])?;
            let line = r[2].as_u64().ok_or("no frame in the program")?;
            if kind == "SystemExit" {
                return Err("it exits with SystemExit".into());
            }
            Ending::Raised {
                kind,
                message: text(&r[1])?,
                line: u32::try_from(line).map_err(|e| e.to_string())?,
            }
        }
    };
    Ok(Outcome {
        stdout: text(&v["stdout"])?,
        ending,
    })
}

/// Runs a program in GIL Lab; a panic is reported as `Err`, not as this test's own failure.
fn run_in_gil_lab(text: &str) -> Result<Ran, String> {
    catch_unwind(AssertUnwindSafe(|| run_alone(text))).map_err(|e| {
        let why = e
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| e.downcast_ref::<&str>().copied())
            .unwrap_or("a panic");
        format!("run_alone panicked: {why}")
    })
}

/// The first line (1-based) where two outputs differ, with each side's line (`None` past its
/// end); lines keep their `\n`, so a missing final newline is a difference.
fn first_difference<'a>(
    ours: &'a str,
    theirs: &'a str,
) -> Option<(usize, Option<&'a str>, Option<&'a str>)> {
    let (mut a, mut b) = (ours.split_inclusive('\n'), theirs.split_inclusive('\n'));
    for n in 1.. {
        match (a.next(), b.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some((n, x, y)),
            _ => {}
        }
    }
    unreachable!()
}

fn describe(ending: &Ending) -> String {
    match ending {
        Ending::Finished => "finished".into(),
        Ending::Raised {
            kind,
            message,
            line,
        } if message.is_empty() => format!("raised {kind} at line {line}"),
        Ending::Raised {
            kind,
            message,
            line,
        } => format!("raised {kind}: {message} at line {line}"),
    }
}

/// Compares GIL Lab's run of `text` with CPython's.
fn classify(text: &str, theirs: &Outcome, ours: &Result<Ran, String>) -> Verdict {
    let ours = match ours {
        Ok(r) => r,
        Err(why) => return Verdict::Wrong(why.clone()),
    };
    let ending = match &ours.end {
        End::Refused(e) => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            // A place in the text: a line of it, or the empty line after its last newline.
            let width = match (e.line as usize).checked_sub(1).map(|i| lines.get(i)) {
                Some(Some(l)) => Some(l.trim_end_matches(['\n', '\r']).chars().count()),
                Some(None) if e.line as usize == lines.len() + 1 => Some(0),
                _ => None,
            };
            let placed = width.is_some_and(|w| e.col >= 1 && e.col as usize <= w + 1);
            let one_line = !e.message.is_empty() && !e.message.chars().any(char::is_control);
            return if placed && one_line {
                Verdict::Refused(format!("line {}, col {}: {}", e.line, e.col, e.message))
            } else {
                Verdict::Wrong(format!(
                    "refused, but not in one line at a place in the program: {e:?}"
                ))
            };
        }
        End::Finished => Ending::Finished,
        End::Raised(Raised {
            line,
            kind,
            message,
        }) => Ending::Raised {
            kind: kind.clone(),
            message: message.clone(),
            line: *line,
        },
    };
    if let Some((n, a, b)) = first_difference(&ours.stdout, &theirs.stdout) {
        let show = |l: Option<&str>| l.map_or("nothing".to_string(), |l| format!("{l:?}"));
        return Verdict::Wrong(format!(
            "output line {n}: {}, CPython printed {} (GIL Lab {}, CPython {})",
            show(a),
            show(b),
            describe(&ending),
            describe(&theirs.ending)
        ));
    }
    if ending != theirs.ending {
        return Verdict::Wrong(format!(
            "{}, CPython {}",
            describe(&ending),
            describe(&theirs.ending)
        ));
    }
    Verdict::Matches
}

#[test]
fn the_language_core_runs_as_cpython_runs_it() {
    let programs = programs();
    assert!(programs.len() >= 45, "{} programs", programs.len());
    for p in &programs {
        let first = p.text.lines().next().unwrap_or("");
        assert!(
            first
                .strip_prefix("# Teaches: ")
                .is_some_and(|t| t.len() > 10),
            "{}: its first line is `# Teaches: ...`",
            p.name
        );
        let lines = p.text.lines().count();
        assert!((15..=60).contains(&lines), "{}: {lines} lines", p.name);
    }
    // CPython on another thread while GIL Lab runs the programs.
    let (theirs, ours): (Vec<Outcome>, Vec<Result<Ran, String>>) = std::thread::scope(|s| {
        let theirs = s.spawn(|| run_in_cpython(&programs));
        let ours = programs.iter().map(|p| run_in_gil_lab(&p.text)).collect();
        (theirs.join().unwrap(), ours)
    });
    let raising = theirs
        .iter()
        .filter(|t| matches!(t.ending, Ending::Raised { .. }))
        .count();
    assert!(raising >= 6, "{raising} programs end with an exception");
    assert!(
        theirs.iter().all(|t| !matches!(&t.ending,
            Ending::Raised { kind, .. } if kind == "RecursionError")),
        "no program is about the recursion limit"
    );

    let (mut matching, mut refused, mut wrong) = (0, Vec::new(), Vec::new());
    for ((p, t), o) in programs.iter().zip(&theirs).zip(&ours) {
        match classify(&p.text, t, o) {
            Verdict::Matches => matching += 1,
            Verdict::Refused(why) => refused.push(format!("  {}: {why}", p.name)),
            Verdict::Wrong(why) => wrong.push(format!("  {}: {why}", p.name)),
        }
    }
    eprintln!(
        "language core: {matching} of {} programs run as CPython runs them; {} refused",
        programs.len(),
        refused.len()
    );
    for r in &refused {
        eprintln!("{r}");
    }
    assert!(
        wrong.is_empty(),
        "{} wrong results:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        matching >= MIN_MATCHING,
        "{matching} programs run as CPython runs them, fewer than MIN_MATCHING ({MIN_MATCHING})"
    );
}

#[test]
fn the_comparison_tells_a_wrong_result_from_a_match() {
    let text = "print(1)\nprint(1 / 0)\n";
    let raised = |line| Ending::Raised {
        kind: "ZeroDivisionError".into(),
        message: "division by zero".into(),
        line,
    };
    let theirs = Outcome {
        stdout: "1\n".into(),
        ending: raised(2),
    };
    let ran = |stdout: &str, end| {
        Ok(Ran {
            stdout: stdout.into(),
            end,
        })
    };
    let zero = |line| {
        End::Raised(Raised {
            line,
            kind: "ZeroDivisionError".into(),
            message: "division by zero".into(),
        })
    };
    assert_eq!(
        classify(text, &theirs, &ran("1\n", zero(2))),
        Verdict::Matches
    );
    let wrong = |v| matches!(v, Verdict::Wrong(_));
    assert!(wrong(classify(text, &theirs, &ran("1\n", zero(1)))));
    assert!(wrong(classify(text, &theirs, &ran("1\n", End::Finished))));
    assert!(wrong(classify(text, &theirs, &ran("2\n", zero(2)))));
    assert!(wrong(classify(text, &theirs, &ran("1", zero(2)))));
    assert!(wrong(classify(text, &theirs, &ran("1\n1\n", zero(2)))));
    assert!(wrong(classify(text, &theirs, &Err("panicked".into()))));
    let refuse = |line, col, m: &str| {
        End::Refused(gil_python::PyError {
            line,
            col,
            message: m.into(),
        })
    };
    assert!(matches!(
        classify(text, &theirs, &ran("", refuse(2, 9, "no"))),
        Verdict::Refused(_)
    ));
    assert!(matches!(
        classify(text, &theirs, &ran("", refuse(3, 1, "no"))),
        Verdict::Refused(_)
    ));
    assert!(wrong(classify(text, &theirs, &ran("", refuse(0, 1, "no")))));
    assert!(wrong(classify(text, &theirs, &ran("", refuse(2, 0, "no")))));
    assert!(wrong(classify(
        text,
        &theirs,
        &ran("", refuse(2, 14, "no"))
    )));
    assert!(wrong(classify(text, &theirs, &ran("", refuse(4, 1, "no")))));
    assert!(wrong(classify(
        text,
        &theirs,
        &ran("", refuse(1, 1, "two\nlines"))
    )));
    assert!(wrong(classify(text, &theirs, &ran("", refuse(1, 1, "")))));

    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    assert_eq!(
        first_difference("a\nb\n", "a\nc\n"),
        Some((2, Some("b\n"), Some("c\n")))
    );
    assert_eq!(
        first_difference("a\n", "a\nb\n"),
        Some((2, None, Some("b\n")))
    );
}

#[test]
fn the_drivers_answer_gives_the_output_and_the_ending() {
    let finished = r#"{"stdout": "a\nb", "stderr": "", "raised": null}"#;
    assert_eq!(
        outcome(finished),
        Ok(Outcome {
            stdout: "a\nb".into(),
            ending: Ending::Finished
        })
    );
    let raised = r#"{"stdout": "", "stderr": "", "raised": ["KeyError", "'x'", 7]}"#;
    assert_eq!(
        outcome(raised).map(|o| o.ending),
        Ok(Ending::Raised {
            kind: "KeyError".into(),
            message: "'x'".into(),
            line: 7
        })
    );
    let warned = r#"{"stdout": "", "stderr": "SyntaxWarning", "raised": null}"#;
    assert!(outcome(warned).is_err());
    let nowhere = r#"{"stdout": "", "stderr": "", "raised": ["KeyError", "'x'", null]}"#;
    assert!(outcome(nowhere).is_err());
}
