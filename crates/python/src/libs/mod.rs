//! The libraries whose meaning is the scheduler's: `threading` (written in Python over the
//! `_thread` natives, as CPython's is), `_thread` (starting and joining threads, locks) and
//! `time` (sleeping and reading the run's clock).

mod thread;
mod time;

use std::rc::Rc;

use crate::value::{Dict, Key, Module, Native, Value};
use crate::vm::{NativeFn, Vm};

const THREADING: &str = include_str!("threading.py");
const QUEUE: &str = include_str!("queue.py");

/// The library `name`, made for this interpreter, or `None` if it is not one of these.
pub fn module(vm: &mut Vm, name: &str) -> Option<Result<Value, crate::vm::Flow>> {
    Some(match name {
        "_thread" => Ok(natives("_thread", thread::TABLE, thread::classes())),
        "time" => Ok(natives("time", time::TABLE, Vec::new())),
        "threading" => python(vm, "threading", THREADING),
        "queue" => python(vm, "queue", QUEUE),
        _ => return None,
    })
}

fn natives(
    name: &'static str,
    table: &[(&'static str, NativeFn)],
    extra: Vec<(&'static str, Value)>,
) -> Value {
    let mut attrs = Dict::default();
    for (n, f) in table {
        attrs.insert(Key::str(n), Value::Native(Native { name: n, f: *f }));
    }
    for (n, v) in extra {
        attrs.insert(Key::str(n), v);
    }
    Value::Module(Rc::new(Module { name, attrs }))
}

/// A library written in Python: compiled and run once, its globals the module.
fn python(vm: &mut Vm, name: &'static str, source: &str) -> Result<Value, crate::vm::Flow> {
    let parsed = crate::parse(source)
        .map_err(|e| crate::vm::Flow::Refuse(format!("the {name} library: {e}")))?;
    let code = crate::compile::compile_library(&parsed)
        .map_err(|e| crate::vm::Flow::Refuse(format!("the {name} library: {e}")))?;
    let attrs = vm.run_library(code, name)?;
    Ok(Value::Module(Rc::new(Module { name, attrs })))
}
