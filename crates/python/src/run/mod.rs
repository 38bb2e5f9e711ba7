//! Running a program alone: its threads taking turns on a plain scheduler (`schedule`), no
//! model time, its printed output kept. This is the interpreter's check against CPython
//! (`tests/lang.rs`, `tests/threads.rs`, `tests/corpus.rs`). Under the model (`driven`), the
//! engine drives the same threads on its cores and its GIL.

mod driven;
mod schedule;

use std::rc::Rc;

pub use driven::{Line, Simulated, Simulation, default_scenario, simulate};

use gil_sim::python::PyError;

use crate::compile::code::Code;
use crate::compile::compile;
use crate::value::Value;
use crate::value::heap::Heap;
use crate::vm::cost::OpCosts;
use crate::vm::{Flow, Limits, Vm};

/// What a program printed and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    /// Everything the program printed to standard output, in order.
    pub stdout: String,
    /// How it ended.
    pub end: End,
}

/// How a program run alone ended.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// It ran to its end.
    Finished,
    /// An exception nothing caught: CPython's last traceback line is `{kind}: {message}`
    /// (`{kind}` alone when the message is empty), raised at `line`.
    Raised(Raised),
    /// GIL Lab does not run this program: a construct or library it does not model (named at
    /// its line and column, with what to write instead), or a cap (work, memory, depth, output).
    Refused(PyError),
}

/// An exception that ended the program.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    /// The line where it was raised (the innermost frame's).
    pub line: u32,
    /// The exception's class name (`ZeroDivisionError`).
    pub kind: String,
    /// `str()` of the exception.
    pub message: String,
}

/// Reads and runs a program alone, within the default caps.
pub fn run_alone(text: &str) -> Ran {
    run_alone_with(text, Limits::default())
}

/// Reads and runs a program alone, within these caps.
pub fn run_alone_with(text: &str, limits: Limits) -> Ran {
    run_alone_input(text, limits, "")
}

/// Reads and runs a program alone, within these caps, with this standard input.
pub fn run_alone_input(text: &str, limits: Limits, stdin: &str) -> Ran {
    let code = match compile_text(text) {
        Ok(code) => code,
        Err(e) => {
            return Ran {
                stdout: String::new(),
                end: End::Refused(e),
            };
        }
    };
    // Declared first, dropped last: when the run is over, its objects' cycles are broken.
    let _heap = Heap::enter();
    let mut vm = Vm::new(limits);
    vm.costs = OpCosts::flat(schedule::NS_PER_OP * 1000);
    vm.stdin = stdin.to_string();
    vm.load_main(code);
    let r = schedule::run(&mut vm);
    let end = end_of(&mut vm, r);
    Ran {
        stdout: std::mem::take(&mut vm.out),
        end,
    }
}

/// Runs a loaded program alone (its costs as the caller set them); if it does not finish,
/// how it ended, for people.
pub(crate) fn run_loaded(vm: &mut Vm) -> Result<(), String> {
    let r = schedule::run(vm);
    match end_of(vm, r) {
        End::Finished => Ok(()),
        End::Raised(r) => Err(format!("{}: {} (line {})", r.kind, r.message, r.line)),
        End::Refused(e) => Err(e.to_string()),
    }
}

/// Reads and compiles a program.
fn compile_text(text: &str) -> Result<Rc<Code>, PyError> {
    crate::parse(text).and_then(|p| compile(&p))
}

/// How a run ended, from what ended its main thread.
fn end_of(vm: &mut Vm, r: Result<(), Flow>) -> End {
    match r {
        Ok(()) => End::Finished,
        Err(Flow::Refuse(words)) => {
            let (line, col) = vm.refused_at.unwrap_or_else(|| vm.place());
            End::Refused(PyError::new(line, col, gil_sim::one_line(&words)))
        }
        Err(Flow::Raise(e)) => End::Raised(raised(vm, &e)),
        Err(Flow::Block(_)) => unreachable!("the scheduler resumes every wait"),
    }
}

/// The last line of CPython's traceback for an exception that ended the program.
fn raised(vm: &mut Vm, e: &Value) -> Raised {
    let (kind, line) = match e {
        Value::Instance(i) => (i.class.name.to_string(), i.line.get()),
        _ => ("BaseException".to_string(), 0),
    };
    let message = vm.str_of(e).unwrap_or_default();
    Raised {
        line,
        kind,
        message,
    }
}
