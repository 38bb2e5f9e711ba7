//! Sorting and the functions that compare or add up: `sorted` (stable, with a key, in reverse
//! as CPython reverses), `min` and `max` (with a key and a default; the first of equals wins),
//! and `sum`.

use super::args::{Kw, count, none_left, take};
use crate::value::Value;
use crate::value::num::Op;
use crate::vm::{Flow, Vm};

type R = Result<Value, Flow>;

/// Sorts stably with `<` (and a key), as `list.sort` and `sorted` do.
pub fn sort_values(
    vm: &mut Vm,
    items: Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> Result<Vec<Value>, Flow> {
    let keys = match key {
        Some(k) if !matches!(k, Value::None) => items
            .iter()
            .map(|x| vm.call_value(k.clone(), vec![x.clone()], Vec::new()))
            .collect::<Result<Vec<_>, _>>()?,
        _ => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    if reverse {
        idx.reverse();
    }
    let idx = merge_sort(vm, idx, &keys)?;
    let mut out: Vec<Value> = idx.into_iter().map(|i| items[i].clone()).collect();
    if reverse {
        out.reverse();
    }
    Ok(out)
}

fn merge_sort(vm: &mut Vm, v: Vec<usize>, keys: &[Value]) -> Result<Vec<usize>, Flow> {
    if v.len() <= 1 {
        return Ok(v);
    }
    let mut v = v;
    let right = v.split_off(v.len() / 2);
    let left = merge_sort(vm, v, keys)?;
    let right = merge_sort(vm, right, keys)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        // Take from the right only when it is strictly less: stable.
        if vm.lt(&keys[right[j]], &keys[left[i]])? {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(out)
}

pub fn sorted(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let key = take(&mut kw, "key");
    let reverse = take(&mut kw, "reverse");
    none_left(vm, "sort", &kw)?;
    if args.len() != 1 {
        return Err(vm.raise(
            "TypeError",
            format!("sorted expected 1 argument, got {}", args.len()),
        ));
    }
    let reverse = match reverse {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    let items = vm.collect(&args[0])?;
    Ok(Value::list(sort_values(vm, items, key, reverse)?))
}

pub fn sum(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let start = take(&mut kw, "start").or_else(|| args.get(1).cloned());
    none_left(vm, "sum", &kw)?;
    count(vm, "sum", &args, 1, 2)?;
    let mut total = start.unwrap_or(Value::Int(0));
    if let Value::Str(_) = total {
        return Err(vm.raise(
            "TypeError",
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let it = vm.get_iter(&args[0])?;
    while let Some(x) = vm.next(&it)? {
        total = vm.binary(Op::Add, &total, &x, false)?;
    }
    Ok(total)
}

pub fn min(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    extreme(vm, "min", args, kw, false)
}

pub fn max(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    extreme(vm, "max", args, kw, true)
}

fn extreme(vm: &mut Vm, name: &str, args: Vec<Value>, mut kw: Kw, greatest: bool) -> R {
    let key = take(&mut kw, "key").filter(|k| !matches!(k, Value::None));
    let default = take(&mut kw, "default");
    none_left(vm, name, &kw)?;
    let items = match args.len() {
        0 => {
            return Err(vm.raise(
                "TypeError",
                format!("{name} expected at least 1 argument, got 0"),
            ));
        }
        1 => vm.collect(&args[0])?,
        _ => args,
    };
    let mut best: Option<(Value, Value)> = None;
    for x in items {
        let k = match &key {
            Some(f) => vm.call_value(f.clone(), vec![x.clone()], Vec::new())?,
            None => x.clone(),
        };
        let better = match &best {
            None => true,
            Some((_, bk)) if greatest => vm.lt(bk, &k)?,
            Some((_, bk)) => vm.lt(&k, bk)?,
        };
        if better {
            best = Some((x, k));
        }
    }
    match (best, default) {
        (Some((x, _)), _) => Ok(x),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(vm.raise("ValueError", format!("{name}() arg is an empty sequence"))),
    }
}
