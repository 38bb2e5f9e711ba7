//! Checking a built-in's arguments with CPython's messages.

use std::rc::Rc;

use crate::value::Value;
use crate::vm::{Flow, Vm};

pub type Kw = Vec<(Rc<str>, Value)>;

/// Refuses keyword arguments: "`name`() takes no keyword arguments".
pub fn no_kw(vm: &Vm, name: &str, kw: &Kw) -> Result<(), Flow> {
    if kw.is_empty() {
        Ok(())
    } else {
        Err(vm.raise("TypeError", format!("{name}() takes no keyword arguments")))
    }
}

/// Exactly one positional argument.
pub fn one(vm: &Vm, name: &str, args: &[Value], kw: &Kw) -> Result<Value, Flow> {
    no_kw(vm, name, kw)?;
    if args.len() != 1 {
        return Err(vm.raise(
            "TypeError",
            format!("{name}() takes exactly one argument ({} given)", args.len()),
        ));
    }
    Ok(args[0].clone())
}

/// Between `min` and `max` positional arguments.
pub fn count(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> Result<(), Flow> {
    let n = args.len();
    if n < min {
        let s = if min == 1 { "" } else { "s" };
        return Err(vm.raise(
            "TypeError",
            format!("{name} expected at least {min} argument{s}, got {n}"),
        ));
    }
    if n > max {
        let s = if max == 1 { "" } else { "s" };
        return Err(vm.raise(
            "TypeError",
            format!("{name} expected at most {max} argument{s}, got {n}"),
        ));
    }
    Ok(())
}

/// Takes the keyword argument `name` out of `kw`.
pub fn take(kw: &mut Kw, name: &str) -> Option<Value> {
    let i = kw.iter().position(|(k, _)| &**k == name)?;
    Some(kw.remove(i).1)
}

/// Refuses keyword arguments left after the known ones were taken.
pub fn none_left(vm: &Vm, name: &str, kw: &Kw) -> Result<(), Flow> {
    match kw.first() {
        None => Ok(()),
        Some((k, _)) => Err(vm.raise(
            "TypeError",
            format!("{name}() got an unexpected keyword argument '{k}'"),
        )),
    }
}
