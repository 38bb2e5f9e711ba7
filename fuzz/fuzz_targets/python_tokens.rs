//! Any text, the reader against CPython's own tokenizer and parser: where GIL Lab's tokenizer
//! reads a text, CPython's C tokenizer (run once, in a `python3` beside the fuzzer, by the
//! oracle `crates/sim/tests/cpython_tokens.py`) gives the same tokens in the same places, the
//! same names after NFKC and the same string values; a program the lessons' reader accepts
//! compiles in CPython; and the front end of real Python (`gil_python::parse`) reads exactly
//! the texts CPython's parser reads (but those past its nesting cap). A text the tokenizer
//! refuses is always fine (the `python_program` target checks its errors).
#![no_main]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use gil_sim::python::{from_python, tokens};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const ORACLE: &str = include_str!("../../crates/sim/tests/cpython_tokens.py");

struct Oracle {
    _child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

static PYTHON: Mutex<Option<Oracle>> = Mutex::new(None);

/// What CPython says of one case: `None` if it agrees.
fn ask(case: Value) -> Option<String> {
    let mut guard = PYTHON.lock().unwrap_or_else(|e| e.into_inner());
    let oracle = guard.get_or_insert_with(|| {
        let mut child = Command::new("python3")
            .args(["-I", "-c", ORACLE])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the oracle");
        let input = child.stdin.take().expect("a pipe");
        let output = BufReader::new(child.stdout.take().expect("a pipe"));
        Oracle {
            _child: child,
            input,
            output,
        }
    });
    let line = json!([case]).to_string() + "\n";
    oracle
        .input
        .write_all(line.as_bytes())
        .expect("the oracle reads");
    oracle.input.flush().expect("the oracle reads");
    let mut answer = String::new();
    oracle
        .output
        .read_line(&mut answer)
        .expect("the oracle answers");
    let v: Value = serde_json::from_str(&answer).expect("the oracle answers JSON");
    v[0].as_str().map(str::to_string)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(toks) = tokens(text) else {
        return;
    };
    let ours: Vec<Value> = toks
        .iter()
        .map(|t| {
            json!([
                t.kind,
                t.text,
                [t.start.0, t.start.1],
                [t.end.0, t.end.1],
                t.value
            ])
        })
        .collect();
    let parse_error = gil_python::parse(text).err().map(|e| e.message);
    let case = json!({"text": text, "ours": ours, "reader": from_python(text).is_ok(), "parse_error": parse_error});
    if let Some(why) = ask(case) {
        panic!("the reader and CPython differ: {why}");
    }
});
