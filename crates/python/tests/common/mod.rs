//! What the interpreter's test files share: a program's standard output in CPython.

use std::process::Command;

/// What `python3 -I -c text` prints on stdout.
pub fn cpython(text: &str) -> String {
    let o = Command::new("python3")
        .args(["-I", "-c", text])
        .output()
        .expect("python3 runs");
    String::from_utf8(o.stdout).unwrap()
}
