//! `sys`: the switch interval (the scheduler's turn length, as CPython's GIL hands over),
//! the recursion limit, `sys.stdout` and `sys.stderr` to write to, and a few constants.

use std::rc::Rc;

use crate::builtins::args::{Kw, count, no_kw};
use crate::value::num;
use crate::value::{Class, Dict, Instance, Key, Native, Value};
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("getswitchinterval", getswitchinterval),
    ("setswitchinterval", setswitchinterval),
    ("getrecursionlimit", getrecursionlimit),
];

/// The module's values: the streams and constants.
pub fn values() -> Vec<(&'static str, Value)> {
    vec![
        ("stdout", stream(write_out)),
        ("stderr", stream(write_err)),
        ("maxsize", Value::Int(i64::MAX)),
        ("platform", Value::str("linux")),
        ("byteorder", Value::str("little")),
        (
            "version_info",
            Value::tuple(vec![
                Value::Int(3),
                Value::Int(11),
                Value::Int(7),
                Value::str("final"),
                Value::Int(0),
            ]),
        ),
    ]
}

/// A text stream whose `write` is `write` (and `flush` does nothing).
fn stream(write: NativeFn) -> Value {
    let mut attrs = Dict::default();
    attrs.insert(
        Key::str("write"),
        Value::Native(Native {
            name: "write",
            f: write,
        }),
    );
    attrs.insert(
        Key::str("flush"),
        Value::Native(Native {
            name: "flush",
            f: flush,
        }),
    );
    let class = Rc::new(Class {
        name: Rc::from("TextIOWrapper"),
        bases: Vec::new(),
        mro: Vec::new(),
        attrs: std::cell::RefCell::new(attrs),
        builtin: true,
    });
    Value::Instance(Rc::new(Instance::new(class)))
}

fn text_of(vm: &Vm, args: &[Value]) -> Result<Rc<str>, Flow> {
    match args.get(1) {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(v) => Err(vm.raise(
            "TypeError",
            format!("write() argument must be str, not {}", v.type_name()),
        )),
        None => Err(vm.raise("TypeError", "write() takes exactly one argument (0 given)")),
    }
}

fn write_out(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "write", &kw)?;
    let s = text_of(vm, &args)?;
    vm.write(&s)?;
    Ok(Value::Int(s.chars().count() as i64))
}

/// `sys.stderr.write`: not the program's output (what `print` shows), so not kept.
fn write_err(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "write", &kw)?;
    let s = text_of(vm, &args)?;
    Ok(Value::Int(s.chars().count() as i64))
}

fn flush(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::None)
}

fn getswitchinterval(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "getswitchinterval", &kw)?;
    count(vm, "getswitchinterval", &args, 0, 0)?;
    Ok(Value::Float(vm.switch_ns as f64 / 1e9))
}

fn setswitchinterval(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "setswitchinterval", &kw)?;
    count(vm, "setswitchinterval", &args, 1, 1)?;
    if !args[0].is_number() {
        return Err(vm.raise(
            "TypeError",
            format!("must be real number, not {}", args[0].type_name()),
        ));
    }
    let s = num::to_f64(&args[0]).map_err(|e| vm.num_err(e))?;
    if s <= 0.0 || !s.is_finite() {
        return Err(vm.raise("ValueError", "switch interval must be strictly positive"));
    }
    // CPython keeps the interval in whole microseconds.
    vm.switch_ns = ((s * 1e6) as u64).clamp(1, 10_000_000_000) * 1000;
    Ok(Value::None)
}

fn getrecursionlimit(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(vm.limits.max_depth as i64))
}
