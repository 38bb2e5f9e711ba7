//! The methods of `set`, each building its result the way CPython's does (so the set prints in
//! CPython's order: `value/pyset.rs`): another set is merged table to table, a dict counts as
//! its keys (with the table sized first), any other iterable is added item by item.

use std::cell::RefCell;
use std::rc::Rc;

use super::args::{Kw, count, no_kw};
use crate::value::{Key, Set, Value};
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub fn method(name: &str) -> Option<NativeFn> {
    Some(match name {
        "add" => add,
        "discard" => discard,
        "remove" => remove,
        "pop" => pop,
        "clear" => clear,
        "copy" => copy,
        "update" => update,
        "union" => union,
        "intersection" => intersection,
        "intersection_update" => intersection_update,
        "difference" => difference,
        "difference_update" => difference_update,
        "symmetric_difference" => symmetric_difference,
        "symmetric_difference_update" => symmetric_difference_update,
        "issubset" => issubset,
        "issuperset" => issuperset,
        "isdisjoint" => isdisjoint,
        _ => return None,
    })
}

fn this(v: &[Value]) -> Rc<RefCell<Set>> {
    match v.first() {
        Some(Value::Set(s)) => s.clone(),
        _ => unreachable!("a set method is bound to a set"),
    }
}

/// Another argument: a set, a dict's keys, or an iterable's items as keys.
enum Other {
    Set(Set),
    DictKeys(Vec<Key>),
    Items(Vec<Key>),
}

fn other(vm: &mut Vm, v: &Value) -> Result<Other, Flow> {
    Ok(match v {
        Value::Set(s) => Other::Set(s.borrow().copy()),
        Value::Dict(d) => Other::DictKeys(d.borrow().keys().cloned().collect()),
        v => {
            let mut keys = Vec::new();
            for x in vm.collect(v)? {
                keys.push(vm.key(x)?);
            }
            Other::Items(keys)
        }
    })
}

/// A set of another argument (for the operations that need one).
fn as_set(o: Other) -> Set {
    match o {
        Other::Set(s) => s,
        Other::DictKeys(k) => {
            let mut s = Set::new();
            s.extend_dict_keys(k);
            s
        }
        Other::Items(k) => {
            let mut s = Set::new();
            s.extend(k);
            s
        }
    }
}

fn new(s: Set) -> Value {
    crate::value::heap::set(s)
}

fn add(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "add", &kw)?;
    count(vm, "add", &args[1..], 1, 1)?;
    let k = vm.key(args[1].clone())?;
    let s = this(&args);
    s.borrow_mut().insert(k);
    vm.check_size(s.borrow().len())?;
    Ok(Value::None)
}

fn discard(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "discard", &kw)?;
    count(vm, "discard", &args[1..], 1, 1)?;
    let k = vm.key(args[1].clone())?;
    this(&args).borrow_mut().remove(&k);
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "remove", &kw)?;
    count(vm, "remove", &args[1..], 1, 1)?;
    let k = vm.key(args[1].clone())?;
    if this(&args).borrow_mut().remove(&k) {
        Ok(Value::None)
    } else {
        Err(Flow::Raise(vm.exc.make("KeyError", vec![args[1].clone()])))
    }
}

fn pop(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "pop", &kw)?;
    let v = this(&args).borrow_mut().pop();
    match v {
        Some(k) => Ok(k.0),
        None => Err(Flow::Raise(
            vm.exc
                .make("KeyError", vec![Value::str("pop from an empty set")]),
        )),
    }
}

fn clear(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "clear", &kw)?;
    this(&args).borrow_mut().clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "copy", &kw)?;
    Ok(new(this(&args).borrow().copy()))
}

/// Whether an argument is the set the method is called on.
fn same(args: &[Value], v: &Value) -> bool {
    matches!((args.first(), v), (Some(Value::Set(a)), Value::Set(b)) if Rc::ptr_eq(a, b))
}

fn merge(s: &mut Set, o: Other) {
    match o {
        Other::Set(o) => s.update(&o),
        Other::DictKeys(k) => s.extend_dict_keys(k),
        Other::Items(k) => s.extend(k),
    }
}

fn update(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "update", &kw)?;
    let s = this(&args);
    for v in &args[1..] {
        if same(&args, v) {
            continue;
        }
        let o = other(vm, v)?;
        merge(&mut s.borrow_mut(), o);
        vm.check_size(s.borrow().len())?;
    }
    Ok(Value::None)
}

fn union(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "union", &kw)?;
    let mut acc = this(&args).borrow().copy();
    for v in &args[1..] {
        if same(&args, v) {
            continue;
        }
        let o = other(vm, v)?;
        merge(&mut acc, o);
        vm.check_size(acc.len())?;
    }
    Ok(new(acc))
}

fn intersection(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "intersection", &kw)?;
    let mut acc = this(&args).borrow().copy();
    for v in &args[1..] {
        acc = match other(vm, v)? {
            Other::Set(o) => acc.intersection(&o),
            Other::DictKeys(k) | Other::Items(k) => acc.intersection_iter(k),
        };
    }
    Ok(new(acc))
}

fn intersection_update(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "intersection_update", &kw)?;
    let s = this(&args);
    for v in &args[1..] {
        let o = other(vm, v)?;
        let mut s = s.borrow_mut();
        match o {
            Other::Set(o) => s.intersection_update(&o),
            Other::DictKeys(k) | Other::Items(k) => s.intersection_update_iter(k),
        }
    }
    Ok(Value::None)
}

fn difference(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "difference", &kw)?;
    let mut acc = this(&args).borrow().copy();
    for v in &args[1..] {
        acc = match other(vm, v)? {
            Other::Set(o) => acc.difference(&o),
            o @ Other::DictKeys(_) => acc.difference(&as_set(o)),
            Other::Items(k) => {
                let mut a = acc.copy();
                a.difference_update_iter(k);
                a
            }
        };
    }
    Ok(new(acc))
}

fn difference_update(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "difference_update", &kw)?;
    let s = this(&args);
    for v in &args[1..] {
        if same(&args, v) {
            s.borrow_mut().clear();
            continue;
        }
        let o = other(vm, v)?;
        let mut s = s.borrow_mut();
        match o {
            Other::Set(o) => s.difference_update(&o),
            Other::DictKeys(k) | Other::Items(k) => s.difference_update_iter(k),
        }
    }
    Ok(Value::None)
}

fn symmetric_difference(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "symmetric_difference", &kw)?;
    count(vm, "symmetric_difference", &args[1..], 1, 1)?;
    let me = this(&args).borrow().copy();
    let o = as_set(other(vm, &args[1])?);
    Ok(new(me.symmetric_difference(&o)))
}

fn symmetric_difference_update(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "symmetric_difference_update", &kw)?;
    count(vm, "symmetric_difference_update", &args[1..], 1, 1)?;
    let s = this(&args);
    if same(&args, &args[1]) {
        s.borrow_mut().clear();
        return Ok(Value::None);
    }
    match other(vm, &args[1])? {
        Other::DictKeys(k) => s.borrow_mut().symmetric_difference_update_dict_keys(k),
        o => {
            let o = as_set(o);
            s.borrow_mut().symmetric_difference_update(&o);
        }
    }
    Ok(Value::None)
}

fn relation(vm: &mut Vm, args: &[Value], kw: &Kw, which: u8) -> R {
    no_kw(vm, "set", kw)?;
    count(vm, "set", &args[1..], 1, 1)?;
    let me = this(args).borrow().copy();
    let o = as_set(other(vm, &args[1])?);
    Ok(Value::Bool(match which {
        0 => me.is_subset(&o),
        1 => o.is_subset(&me),
        _ => !me.iter().any(|k| o.contains(k)),
    }))
}

fn issubset(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    relation(vm, &args, &kw, 0)
}

fn issuperset(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    relation(vm, &args, &kw, 1)
}

fn isdisjoint(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    relation(vm, &args, &kw, 2)
}
