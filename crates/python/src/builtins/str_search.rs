//! The `str` methods that look for text: `find`, `rfind`, `index`, `rindex`, `count`,
//! `startswith`, `endswith`, each within an optional window of character positions (Python
//! counts characters, not bytes; negative positions count from the end).

use super::args::{Kw, count, no_kw};
use super::functions::int_arg;
use super::strings::{text_arg, this};
use crate::value::Value;
use crate::vm::{Flow, Vm};

type R = Result<Value, Flow>;

/// The part of `text` between character positions `start` and `end` (Python's rules for
/// negative and out-of-range positions), and its byte offset.
fn window<'t>(
    vm: &Vm,
    text: &'t str,
    start: Option<&Value>,
    end: Option<&Value>,
) -> Result<(&'t str, usize, usize), Flow> {
    let n = text.chars().count() as i64;
    let pos = |v: Option<&Value>, d: i64| -> Result<i64, Flow> {
        match v {
            None | Some(Value::None) => Ok(d),
            Some(v) => {
                let i = int_arg(vm, v)?;
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
        }
    };
    let (a, b) = (pos(start, 0)?, pos(end, n)?);
    if a > b {
        return Ok(("", text.len(), a as usize));
    }
    let byte = |i: i64| {
        text.char_indices()
            .nth(i as usize)
            .map_or(text.len(), |(b, _)| b)
    };
    let (ba, bb) = (byte(a), byte(b));
    Ok((&text[ba..bb], ba, a as usize))
}

fn affix(vm: &mut Vm, args: &[Value], kw: &Kw, name: &str, start: bool) -> R {
    no_kw(vm, name, kw)?;
    count(vm, name, &args[1..], 1, 3)?;
    let text = this(args);
    let (part, _, _) = window(vm, &text, args.get(2), args.get(3))?;
    let test = |a: &str| {
        if start {
            part.starts_with(a)
        } else {
            part.ends_with(a)
        }
    };
    match &args[1] {
        Value::Str(a) => Ok(Value::Bool(test(a))),
        Value::Tuple(t) => {
            for a in t.iter() {
                let a = text_arg(vm, a, "tuple for startswith")?;
                if test(&a) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        v => Err(vm.raise(
            "TypeError",
            format!(
                "{name} first arg must be str or a tuple of str, not {}",
                v.type_name()
            ),
        )),
    }
}

pub fn startswith(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    affix(vm, &args, &kw, "startswith", true)
}

pub fn endswith(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    affix(vm, &args, &kw, "endswith", false)
}

/// The character position of `sub` in the window, searching from the left or the right.
fn search(
    vm: &mut Vm,
    args: &[Value],
    kw: &Kw,
    name: &str,
    right: bool,
) -> Result<Option<i64>, Flow> {
    no_kw(vm, name, kw)?;
    count(vm, name, &args[1..], 1, 3)?;
    let text = this(args);
    let sub = text_arg(vm, &args[1], "must be str, not").map_err(|_| {
        vm.raise(
            "TypeError",
            format!("must be str, not {}", args[1].type_name()),
        )
    })?;
    let (part, _, first) = window(vm, &text, args.get(2), args.get(3))?;
    if first > text.chars().count() {
        return Ok(None);
    }
    let at = if right {
        part.rfind(&*sub)
    } else {
        part.find(&*sub)
    };
    Ok(at.map(|b| (first + part[..b].chars().count()) as i64))
}

pub fn find(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    Ok(Value::Int(
        search(vm, &args, &kw, "find", false)?.unwrap_or(-1),
    ))
}

pub fn rfind(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    Ok(Value::Int(
        search(vm, &args, &kw, "rfind", true)?.unwrap_or(-1),
    ))
}

pub fn index(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    match search(vm, &args, &kw, "index", false)? {
        Some(i) => Ok(Value::Int(i)),
        None => Err(vm.raise("ValueError", "substring not found")),
    }
}

pub fn rindex(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    match search(vm, &args, &kw, "rindex", true)? {
        Some(i) => Ok(Value::Int(i)),
        None => Err(vm.raise("ValueError", "substring not found")),
    }
}

pub fn count_sub(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "count", &kw)?;
    count(vm, "count", &args[1..], 1, 3)?;
    let text = this(&args);
    let sub = text_arg(vm, &args[1], "must be str, not")?;
    let (part, _, _) = window(vm, &text, args.get(2), args.get(3))?;
    let n = if sub.is_empty() {
        part.chars().count() + 1
    } else {
        part.matches(&*sub).count()
    };
    Ok(Value::Int(n as i64))
}
