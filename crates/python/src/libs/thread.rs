//! `_thread`: what `threading` is built on. Starting a thread (its first frame calls the
//! `Thread` object's `run`), joining one, the current thread, and locks (`Lock`, `RLock`):
//! acquiring a held lock makes the thread wait, and the scheduler wakes it when the lock is
//! free (or its timeout passes).

use std::rc::Rc;

use crate::builtins::args::{Kw, none_left, take};
use crate::compile::Kind;
use crate::value::num;
use crate::value::{Class, Dict, Instance, Key, Native, Value};
use crate::vm::threads::{PyThread, State};
use crate::vm::{Block, Flow, LockState, NativeFn, Vm};

type R = Result<Value, Flow>;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("start", start),
    ("join", join),
    ("alive", alive),
    ("current", current),
    ("set_main", set_main),
    ("active_count", active_count),
    ("alive_threads", alive_threads),
    ("get_ident", get_ident),
    ("allocate_lock", allocate_lock),
    ("allocate_rlock", allocate_rlock),
    ("release_all", release_all),
    ("restore", restore),
    ("clock", clock),
    ("refuse", refuse),
    ("cpu_count", cpu_count),
];

/// What a library refuses, in its own words.
fn refuse(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let words = match args.first() {
        Some(Value::Str(s)) => s.to_string(),
        _ => "this is not modelled by GIL Lab".to_string(),
    };
    Err(Flow::Refuse(words))
}

/// The machine's CPUs, as `os.cpu_count()` gives them (CPython's pool sizes follow it).
fn cpu_count(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    let n = std::thread::available_parallelism().map_or(4, |n| n.get());
    Ok(Value::Int(n as i64))
}

/// The lock classes, as attributes of the module (`LockType`, `RLockType`).
pub fn classes() -> Vec<(&'static str, Value)> {
    vec![
        ("LockType", Value::Class(lock_class("lock"))),
        ("RLockType", Value::Class(lock_class("RLock"))),
        ("_local", Value::Class(local_class())),
    ]
}

/// `threading.local`: each thread sees its own attributes (`vm/attr.rs` keeps them).
fn local_class() -> Rc<Class> {
    Rc::new(Class {
        name: Rc::from("_thread._local"),
        bases: Vec::new(),
        mro: Vec::new(),
        attrs: std::cell::RefCell::new(Dict::default()),
        builtin: true,
    })
}

fn lock_class(name: &str) -> Rc<Class> {
    let mut attrs = Dict::default();
    for (n, f) in [
        ("acquire", acquire as NativeFn),
        ("release", release),
        ("locked", locked),
        ("__enter__", acquire),
        ("__exit__", exit),
    ] {
        attrs.insert(Key::str(n), Value::Native(Native { name: n, f }));
    }
    Rc::new(Class {
        name: Rc::from(name),
        bases: Vec::new(),
        mro: Vec::new(),
        attrs: std::cell::RefCell::new(attrs),
        builtin: true,
    })
}

fn start(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let obj = args.first().cloned().unwrap_or(Value::None);
    let run = vm.getattr(&obj, "run")?;
    let frame = match &run {
        Value::Bound(b) => match &b.1 {
            Value::Func(f) if f.code.kind == Kind::Function => {
                vm.frame_for(f, vec![b.0.clone()], Vec::new())?
            }
            _ => {
                return Err(Flow::Refuse(
                    "a thread whose `run` is not a plain method is not modelled by GIL Lab".into(),
                ));
            }
        },
        _ => {
            return Err(Flow::Refuse(
                "a thread whose `run` is not a method is not modelled by GIL Lab".into(),
            ));
        }
    };
    let daemon = vm.getattr(&obj, "daemon")?;
    let daemon = vm.truthy(&daemon)?;
    if vm.threads.len() >= 10_000 {
        return Err(Flow::Refuse(
            "more than 10000 threads: GIL Lab caps the threads of a run".into(),
        ));
    }
    vm.threads
        .push(PyThread::new(vec![frame], obj.clone(), daemon));
    let index = vm.threads.len() - 1;
    vm.setattr(&obj, "_ident", Value::Int(ident_of(index)))?;
    // The scheduler hears of it when the operation that started it is over (`Slice::Started`).
    vm.new_threads.push(index);
    Ok(Value::None)
}

/// A thread's identifier: large, like CPython's, and the same from run to run.
fn ident_of(index: usize) -> i64 {
    140_000_000_000_000 + index as i64 * 8_392_704
}

fn thread_arg(vm: &Vm, args: &[Value]) -> Result<usize, Flow> {
    args.first()
        .and_then(|o| vm.thread_of(o))
        .ok_or_else(|| vm.raise("RuntimeError", "cannot join thread before it is started"))
}

/// A timeout in seconds as a deadline on the run's clock (`None`: no timeout).
fn deadline(vm: &Vm, timeout: Option<&Value>) -> Result<Option<u64>, Flow> {
    match timeout {
        None | Some(Value::None) => Ok(None),
        Some(v) if v.is_number() => {
            let s = num::to_f64(v).map_err(|e| vm.num_err(e))?;
            if s < 0.0 {
                return Ok(Some(vm.clock()));
            }
            Ok(Some(vm.clock().saturating_add((s.min(1e6) * 1e9) as u64)))
        }
        Some(v) => Err(vm.raise(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        )),
    }
}

fn join(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let t = thread_arg(vm, &args)?;
    if vm.threads[t].state == State::Done {
        return Ok(Value::None);
    }
    let d = deadline(vm, args.get(1))?;
    Err(Flow::Block(Block::Join(t, d)))
}

fn alive(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    Ok(Value::Bool(
        args.first()
            .and_then(|o| vm.thread_of(o))
            .is_some_and(|t| vm.threads[t].state != State::Done),
    ))
}

fn current(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(vm.threads[vm.current].obj.clone())
}

fn set_main(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    vm.threads[0].obj = args.first().cloned().unwrap_or(Value::None);
    Ok(Value::None)
}

fn active_count(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    let n = vm.threads.iter().filter(|t| t.state != State::Done).count();
    Ok(Value::Int(n as i64))
}

fn alive_threads(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    let objs = vm
        .threads
        .iter()
        .filter(|t| t.state != State::Done)
        .map(|t| t.obj.clone())
        .collect();
    Ok(Value::list(objs))
}

fn get_ident(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(ident_of(vm.current)))
}

fn clock(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Float(vm.clock() as f64 / 1e9))
}

fn new_lock(vm: &mut Vm, reentrant: bool) -> R {
    let m = vm.module("_thread")?.expect("_thread is a library");
    let class = vm.getattr(&m, if reentrant { "RLockType" } else { "LockType" })?;
    let Value::Class(class) = class else {
        unreachable!("the lock classes are classes")
    };
    vm.locks.push(LockState {
        holder: None,
        depth: 0,
        reentrant,
    });
    let inst = crate::value::heap::instance(Instance::new(class));
    inst.attrs
        .borrow_mut()
        .insert(Key::str("_lock"), Value::Int(vm.locks.len() as i64 - 1));
    Ok(Value::Instance(inst))
}

fn allocate_lock(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    new_lock(vm, false)
}

fn allocate_rlock(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    new_lock(vm, true)
}

fn lock_id(v: &[Value]) -> usize {
    match v.first() {
        Some(Value::Instance(i)) => match i.attrs.borrow().get(&Key::str("_lock")) {
            Some(Value::Int(n)) => *n as usize,
            _ => unreachable!("a lock knows its number"),
        },
        _ => unreachable!("a lock method is bound to a lock"),
    }
}

fn acquire(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let blocking = take(&mut kw, "blocking").or_else(|| args.get(1).cloned());
    let timeout = take(&mut kw, "timeout").or_else(|| args.get(2).cloned());
    none_left(vm, "acquire", &kw)?;
    let blocking = match blocking {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let id = lock_id(&args);
    let me = vm.current;
    let lock = &mut vm.locks[id];
    if lock.holder.is_none() {
        lock.holder = Some(me);
        lock.depth = 1;
        return Ok(Value::Bool(true));
    }
    if lock.reentrant && lock.holder == Some(me) {
        lock.depth += 1;
        return Ok(Value::Bool(true));
    }
    if !blocking {
        return Ok(Value::Bool(false));
    }
    let timeout = match timeout {
        Some(t) if num::to_f64(&t).is_ok_and(|s| s == -1.0) => None,
        t => t,
    };
    let d = deadline(vm, timeout.as_ref())?;
    Err(Flow::Block(Block::Lock(id, d)))
}

fn release(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    none_left(vm, "release", &kw)?;
    let id = lock_id(&args);
    let me = vm.current;
    let lock = &mut vm.locks[id];
    match (lock.reentrant, lock.holder) {
        (_, None) if !lock.reentrant => {
            return Err(vm.raise("RuntimeError", "release unlocked lock"));
        }
        (true, h) if h != Some(me) => {
            return Err(vm.raise("RuntimeError", "cannot release un-acquired lock"));
        }
        _ => {}
    }
    let lock = &mut vm.locks[id];
    lock.depth = lock.depth.saturating_sub(1);
    if !lock.reentrant || lock.depth == 0 {
        lock.holder = None;
        lock.depth = 0;
    }
    Ok(Value::None)
}

fn locked(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    Ok(Value::Bool(vm.locks[lock_id(&args)].holder.is_some()))
}

fn exit(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    release(vm, args[..1].to_vec(), Vec::new())?;
    Ok(Value::Bool(false))
}

/// `Condition.wait`: releases the lock however deep the thread holds it; the depth, to restore.
fn release_all(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let id = lock_id(&args);
    let l = &mut vm.locks[id];
    let depth = l.depth;
    l.holder = None;
    l.depth = 0;
    Ok(Value::Int(depth as i64))
}

/// Takes the lock again at the depth `release_all` gave (waiting for it if needed).
fn restore(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let id = lock_id(&args);
    let depth = args.get(1).and_then(num::to_i64).unwrap_or(1).max(1) as u32;
    let me = vm.current;
    let l = &mut vm.locks[id];
    if l.holder.is_none() || l.holder == Some(me) {
        l.holder = Some(me);
        l.depth = depth;
        return Ok(Value::None);
    }
    Err(Flow::Block(Block::Lock(id, None)))
}
