//! The built-in types called as constructors: `int()` (from texts in any base, from floats
//! toward zero), `float()` (from texts as CPython reads them), `str()`, `bool()`, `list()`,
//! `tuple()`, `dict()` and `set()`.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use super::args::{Kw, count, no_kw, none_left, take};
use crate::value::num;
use crate::value::{Dict, Value};
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("int", int),
    ("float", float),
    ("str", str_),
    ("bool", bool_),
    ("list", list),
    ("tuple", tuple),
    ("dict", dict),
    ("set", set),
];

/// An int from text in `base` (0: the prefix decides), as `int()` reads it.
pub fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let t = text.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let (digits, base) = match (lower.get(..2), base) {
        (Some("0x"), 0 | 16) => (&t[2..], 16),
        (Some("0o"), 0 | 8) => (&t[2..], 8),
        (Some("0b"), 0 | 2) => (&t[2..], 2),
        (_, 0)
            if t.len() > 1 && t.starts_with('0') && t.trim_start_matches(['0', '_']).is_empty() =>
        {
            ("0", 10)
        }
        (_, 0) if t.len() > 1 && t.starts_with('0') => return None,
        (_, 0) => (t, 10),
        _ => (t, base),
    };
    let digits = digits
        .strip_prefix('_')
        .filter(|_| base != 10 || t.len() != digits.len())
        .unwrap_or(digits);
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    if !digits.chars().all(|c| c == '_' || c.is_digit(base)) {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let v = BigInt::parse_bytes(clean.as_bytes(), base)?;
    Some(if neg { -v } else { v })
}

fn int(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let base = take(&mut kw, "base").or_else(|| args.get(1).cloned());
    none_left(vm, "int", &kw)?;
    count(vm, "int", &args, 0, 2)?;
    let Some(x) = args.first() else {
        return Ok(Value::Int(0));
    };
    if let Some(b) = base {
        let b = super::functions::int_arg(vm, &b)?;
        if b != 0 && !(2..=36).contains(&b) {
            return Err(vm.raise("ValueError", "int() base must be >= 2 and <= 36, or 0"));
        }
        let Value::Str(s) = x else {
            return Err(vm.raise(
                "TypeError",
                "int() can't convert non-string with explicit base",
            ));
        };
        return int_of_text(vm, s, b as u32);
    }
    match x {
        Value::Str(s) => int_of_text(vm, s, 10),
        Value::Float(f) => num::float_to_int(*f).map_err(|e| vm.num_err(e)),
        v if num::to_big(v).is_some() => Ok(num::norm(num::to_big(v).unwrap_or_default())),
        Value::Instance(i) if i.class.lookup("__int__").is_some() => {
            let m = vm.getattr(x, "__int__")?;
            vm.call_value(m, Vec::new(), Vec::new())
        }
        v => Err(vm.raise(
            "TypeError",
            format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                v.type_name()
            ),
        )),
    }
}

fn int_of_text(vm: &mut Vm, s: &str, base: u32) -> R {
    if s.trim().len() > 4300 {
        return Err(vm.raise("ValueError", "Exceeds the limit (4300 digits) for integer string conversion: value has more digits; use sys.set_int_max_str_digits() to increase the limit"));
    }
    match parse_int(s, base) {
        Some(v) => Ok(num::norm(v)),
        None => {
            let r = vm.repr(&Value::str(s))?;
            Err(vm.raise(
                "ValueError",
                format!("invalid literal for int() with base {base}: {r}"),
            ))
        }
    }
}

/// A float from text as `float()` reads it (`None` if it is not one).
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if lower.len() - body.len() > 1 {
        return None;
    }
    let neg = lower.starts_with('-');
    let special = match body {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    let ok = body
        .chars()
        .all(|c| c.is_ascii_digit() || "._e+-".contains(c))
        && body
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && !body.contains("__")
        && !body.starts_with('_')
        && !body.ends_with('_')
        && !body.contains("_.")
        && !body.contains("._")
        && !body.contains("e_")
        && !body.contains("_e");
    if !ok {
        return None;
    }
    let clean: String = lower.chars().filter(|c| *c != '_').collect();
    clean.parse::<f64>().ok()
}

fn float(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "float", &kw)?;
    count(vm, "float", &args, 0, 1)?;
    let Some(x) = args.first() else {
        return Ok(Value::Float(0.0));
    };
    match x {
        Value::Str(s) => match parse_float(s) {
            Some(f) => Ok(Value::Float(f)),
            None => {
                let r = vm.repr(x)?;
                Err(vm.raise(
                    "ValueError",
                    format!("could not convert string to float: {r}"),
                ))
            }
        },
        v if v.is_number() => num::to_f64(v).map(Value::Float).map_err(|e| vm.num_err(e)),
        v => Err(vm.raise(
            "TypeError",
            format!(
                "float() argument must be a string or a real number, not '{}'",
                v.type_name()
            ),
        )),
    }
}

fn str_(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "str", &kw)?;
    count(vm, "str", &args, 0, 1)?;
    match args.first() {
        None => Ok(Value::str("")),
        Some(v) => Ok(Value::str(&vm.str_of(v)?)),
    }
}

fn bool_(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "bool", &kw)?;
    count(vm, "bool", &args, 0, 1)?;
    match args.first() {
        None => Ok(Value::Bool(false)),
        Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
    }
}

fn list(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "list", &kw)?;
    count(vm, "list", &args, 0, 1)?;
    match args.first() {
        None => Ok(Value::list(Vec::new())),
        Some(v) => Ok(Value::list(vm.collect(v)?)),
    }
}

fn tuple(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "tuple", &kw)?;
    count(vm, "tuple", &args, 0, 1)?;
    match args.first() {
        None => Ok(Value::tuple(Vec::new())),
        Some(Value::Tuple(t)) => Ok(Value::Tuple(t.clone())),
        Some(v) => Ok(Value::tuple(vm.collect(v)?)),
    }
}

/// Fills a dict from a mapping or an iterable of pairs.
pub fn dict_update(vm: &mut Vm, d: &Rc<RefCell<Dict>>, src: &Value) -> Result<(), Flow> {
    if let Value::Dict(s) = src {
        let items: Vec<_> = s
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        d.borrow_mut().extend(items);
        return Ok(());
    }
    let items = vm.collect(src)?;
    for (i, item) in items.into_iter().enumerate() {
        let pair = vm.collect(&item).map_err(|_| {
            vm.raise(
                "TypeError",
                format!("cannot convert dictionary update sequence element #{i} to a sequence"),
            )
        })?;
        if pair.len() != 2 {
            return Err(vm.raise(
                "ValueError",
                format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                ),
            ));
        }
        let k = vm.key(pair[0].clone())?;
        d.borrow_mut().insert(k, pair[1].clone());
    }
    Ok(())
}

fn dict(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    count(vm, "dict", &args, 0, 1)?;
    let d = crate::value::heap::dict_rc(Dict::default());
    if let Some(src) = args.first() {
        dict_update(vm, &d, src)?;
    }
    for (k, v) in kw {
        d.borrow_mut().insert(crate::value::Key(Value::Str(k)), v);
    }
    Ok(Value::Dict(d))
}

fn set(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "set", &kw)?;
    count(vm, "set", &args, 0, 1)?;
    let mut s = crate::value::Set::new();
    match args.first() {
        None => {}
        Some(Value::Set(o)) => s = o.borrow().copy(),
        Some(Value::Dict(d)) => s.extend_dict_keys(d.borrow().keys().cloned().collect::<Vec<_>>()),
        Some(src) => {
            for v in vm.collect(src)? {
                s.insert(vm.key(v)?);
                vm.check_size(s.len())?;
            }
        }
    }
    Ok(crate::value::heap::set(s))
}
