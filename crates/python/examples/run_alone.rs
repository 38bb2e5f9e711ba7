//! Runs a Python file alone (no model) and prints what it printed, then how it ended:
//! `cargo run -p gil-python --example run_alone -- prog.py`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: run_alone PROGRAM.py");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let ran = gil_python::run_alone(&text);
    print!("{}", ran.stdout);
    match ran.end {
        gil_python::End::Finished => {}
        gil_python::End::Raised(r) => {
            eprintln!("line {}: {}: {}", r.line, r.kind, r.message);
            std::process::exit(1);
        }
        gil_python::End::Refused(e) => {
            eprintln!("refused: {e}");
            std::process::exit(3);
        }
    }
}
