//! What the interpreter's test files share: a program's standard output in CPython.

use std::io::Write;
use std::process::{Command, Stdio};

/// What `python3 -I -c text` prints on stdout.
pub fn cpython(text: &str) -> String {
    let o = Command::new("python3")
        .args(["-I", "-c", text])
        .output()
        .expect("python3 runs");
    String::from_utf8(o.stdout).unwrap()
}

/// What `python3 -I -c text` prints on stdout with `stdin` as its standard input.
#[allow(dead_code)]
pub fn cpython_with_input(text: &str, stdin: &str) -> String {
    let mut child = Command::new("python3")
        .args(["-I", "-c", text])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(stdin.as_bytes())
        .expect("python3 reads its input");
    let o = child.wait_with_output().expect("python3 ends");
    String::from_utf8(o.stdout).unwrap()
}
