//! The libraries whose meaning is the scheduler's or the run's: `threading` and `queue`
//! (written in Python over the `_thread` natives, as CPython's are), `_thread` (starting and
//! joining threads, locks), `time` (sleeping and reading the run's clock), `sys` (the switch
//! interval, the streams), `random` (CPython's generator), and `asyncio` (Python over the
//! `_fiber` natives: each task's coroutine on a fiber of the loop's thread), and `logging`
//! (Python: loggers and handlers writing to a stream).

mod calendar;
mod fiber;
mod files;
mod random;
mod sys;
mod thread;
mod time;

use std::rc::Rc;

use crate::value::{Dict, Key, Module, Native, Value};
use crate::vm::{NativeFn, Vm};

const THREADING: &str = include_str!("threading.py");
const QUEUE: &str = include_str!("queue.py");
const FUTURES: &str = include_str!("futures.py");
const ASYNCIO: &str = include_str!("asyncio.py");
const LOGGING: &str = include_str!("logging.py");
const FILEIO: &str = include_str!("fileio.py");
const STRUCTTIME: &str = include_str!("structtime.py");

pub use files::open_wait;

/// The natives the libraries are written over: only a library may import them.
pub const PRIVATE: &[&str] = &["_thread", "_fiber", "_fs", "_fileio", "_structtime"];

/// The library `name`, made for this interpreter, or `None` if it is not one of these.
pub fn module(vm: &mut Vm, name: &str) -> Option<Result<Value, crate::vm::Flow>> {
    Some(match name {
        "_thread" => Ok(natives("_thread", thread::TABLE, thread::classes())),
        "_fiber" => Ok(natives("_fiber", fiber::TABLE, Vec::new())),
        "asyncio" => python(vm, "asyncio", ASYNCIO),
        "logging" => python(vm, "logging", LOGGING),
        "_fs" => Ok(natives("_fs", files::FS, Vec::new())),
        "_fileio" => python(vm, "_fileio", FILEIO),
        "_structtime" => python(vm, "_structtime", STRUCTTIME),
        "os" => {
            let path = natives("os.path", files::PATH, Vec::new());
            let mut values = files::os_values();
            values.push(("path", path));
            Ok(natives("os", files::OS, values))
        }
        "os.path" => match vm.module("os") {
            Ok(Some(os)) => vm.getattr(&os, "path"),
            Ok(None) => return None,
            Err(e) => Err(e),
        },
        "time" => Ok(natives_of(
            "time",
            &[time::TABLE, calendar::TABLE],
            Vec::new(),
        )),
        "random" => Ok(natives("random", random::TABLE, Vec::new())),
        "sys" => Ok(natives("sys", sys::TABLE, sys::values())),
        "threading" => python(vm, "threading", THREADING),
        "queue" => python(vm, "queue", QUEUE),
        "concurrent.futures" => python(vm, "concurrent.futures", FUTURES),
        "concurrent" => package(vm, "concurrent", &[("futures", "concurrent.futures")]),
        _ => return None,
    })
}

fn natives(
    name: &'static str,
    table: &[(&'static str, NativeFn)],
    extra: Vec<(&'static str, Value)>,
) -> Value {
    natives_of(name, &[table], extra)
}

/// A module of natives from several tables.
fn natives_of(
    name: &'static str,
    tables: &[&[(&'static str, NativeFn)]],
    extra: Vec<(&'static str, Value)>,
) -> Value {
    let mut attrs = Dict::default();
    for (n, f) in tables.iter().flat_map(|t| t.iter()) {
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

/// A package: its submodules as attributes (`import concurrent.futures` binds `concurrent`).
fn package(
    vm: &mut Vm,
    name: &'static str,
    subs: &[(&'static str, &str)],
) -> Result<Value, crate::vm::Flow> {
    let mut attrs = Dict::default();
    for (attr, module) in subs {
        if let Some(m) = vm.module(module)? {
            attrs.insert(Key::str(attr), m);
        }
    }
    Ok(Value::Module(Rc::new(Module { name, attrs })))
}
