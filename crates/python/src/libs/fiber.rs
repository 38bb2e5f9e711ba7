//! `_fiber`: what `asyncio` (`asyncio.py`) runs its tasks on. A task's coroutine gets a fiber
//! (`new`); the event loop runs it until it waits, returns or raises (`switch`), and a task
//! that waits for a future gives control back to the loop (`suspend`). See `vm/fiber.rs`.

use crate::builtins::args::{Kw, count, no_kw};
use crate::value::Value;
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("new", new),
    ("switch", switch),
    ("suspend", suspend),
    ("iscoroutine", iscoroutine),
];

fn new(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "new", &kw)?;
    count(vm, "new", &args, 1, 1)?;
    let id = vm.fiber_new(&args[0])?;
    Ok(Value::Int(id as i64))
}

fn switch(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "switch", &kw)?;
    count(vm, "switch", &args, 1, 2)?;
    let exc = args.get(1).filter(|e| !matches!(e, Value::None)).cloned();
    let id = match args.first() {
        Some(Value::Int(i)) if *i >= 0 => *i as usize,
        _ => {
            return Err(Flow::Refuse(
                "`_fiber.switch` takes a fiber's number".into(),
            ));
        }
    };
    vm.fiber_switch(id, exc)
}

fn suspend(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "suspend", &kw)?;
    count(vm, "suspend", &args, 0, 0)?;
    vm.fiber_suspend()
}

fn iscoroutine(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    Ok(Value::Bool(matches!(
        args.first(),
        Some(Value::Iter(rc)) if matches!(&*rc.borrow(), crate::value::Iter::Coro(_))
    )))
}
