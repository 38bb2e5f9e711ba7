//! The tables generated from CPython's own Unicode database are what their tools write.

use std::process::Command;

#[test]
fn the_case_tables_are_what_cpython_writes() {
    let tool = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/python_case_table.py"
    );
    let o = Command::new("python3")
        .args([tool, "--check"])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
