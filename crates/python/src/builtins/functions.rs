//! The built-in functions: `print`, `len`, `range`, `sorted`, `min`/`max`, `sum`, the lazy
//! iterators, `isinstance`, numbers (`abs`, `round`, `divmod`, `pow`, `hex`, ...), and the
//! attribute functions. Sorting is stable and may call the program's key function and `__lt__`.

use std::rc::Rc;

use super::args::{Kw, count, no_kw, none_left, one, take};
use super::{numbers, order};
use crate::value::num;
use crate::value::{Iter, Value, WrapKind};
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("print", print),
    ("len", len),
    ("range", range),
    ("enumerate", enumerate),
    ("zip", zip),
    ("map", map),
    ("filter", filter),
    ("reversed", reversed),
    ("sorted", order::sorted),
    ("sum", order::sum),
    ("min", order::min),
    ("max", order::max),
    ("abs", numbers::abs),
    ("round", numbers::round),
    ("divmod", numbers::divmod),
    ("pow", numbers::pow),
    ("chr", numbers::chr),
    ("ord", numbers::ord),
    ("hex", numbers::hex),
    ("bin", numbers::bin),
    ("oct", numbers::oct),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("type", type_of),
    ("iter", iter),
    ("next", next),
    ("any", any),
    ("all", all),
    ("repr", repr),
    ("ascii", ascii),
    ("format", format),
    ("callable", callable),
    ("getattr", getattr),
    ("setattr", setattr),
    ("hasattr", hasattr),
    ("property", property),
    ("staticmethod", staticmethod),
    ("classmethod", classmethod),
    ("hash", hash),
    ("id", id),
    ("input", input),
    ("open", open),
    ("vars", refused),
    ("dir", refused),
    ("globals", refused),
    ("locals", refused),
    ("eval", refused),
    ("exec", refused),
    ("compile", refused),
    ("super", super_),
    ("exit", refused),
    ("quit", refused),
    ("frozenset", refused),
    ("bytes", refused),
    ("bytearray", refused),
    ("complex", refused),
    ("memoryview", refused),
    ("__import__", refused),
];

fn refused(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Err(Flow::Refuse(
        "this built-in is not modelled by GIL Lab yet".into(),
    ))
}

/// `input(prompt)`: writes the prompt, then waits for a line of the program's standard input
/// (`Vm::input_ns`, with the GIL released, as CPython's read does); at its end, `EOFError`.
fn input(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    none_left(vm, "input", &kw)?;
    if args.len() > 1 {
        return Err(vm.raise(
            "TypeError",
            format!("input expected at most 1 argument, got {}", args.len()),
        ));
    }
    if let Some(p) = args.first() {
        let prompt = vm.str_of(p)?;
        vm.write(&prompt)?;
    }
    let rest = &vm.stdin[vm.stdin_read..];
    if rest.is_empty() {
        return Err(vm.raise("EOFError", "EOF when reading a line"));
    }
    let (line, used) = match rest.find('\n') {
        Some(i) => (rest[..i].trim_end_matches('\r').to_string(), i + 1),
        None => (rest.to_string(), rest.len()),
    };
    vm.stdin_read += used;
    let t = vm.current;
    vm.threads[t].resume = Some(Value::str(&line));
    Err(Flow::Block(crate::vm::Block::Io(vm.input_ns)))
}

/// `open(file, mode)`: a text file of the run's own folder (`libs/fileio.py`), after the
/// wait of opening it.
fn open(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let Some(m) = vm.module("_fileio")? else {
        return Err(Flow::Refuse("files are not modelled by GIL Lab".into()));
    };
    let make = vm.getattr(&m, "_open")?;
    let file = vm.call_value(make, args, kw)?;
    crate::libs::open_wait(vm, file)
}

fn print(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let text_kw = |vm: &mut Vm, v: Option<Value>, default: &str| -> Result<String, Flow> {
        match v {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(v) => Err(vm.raise(
                "TypeError",
                format!("sep must be None or a string, not {}", v.type_name()),
            )),
        }
    };
    let sep = take(&mut kw, "sep");
    let sep = text_kw(vm, sep, " ")?;
    let end = take(&mut kw, "end");
    let end = text_kw(vm, end, "\n")?;
    take(&mut kw, "flush");
    if let Some(file) = take(&mut kw, "file")
        && !matches!(file, Value::None)
    {
        return Err(Flow::Refuse(
            "`print(..., file=...)` is not modelled by GIL Lab: print to the output".into(),
        ));
    }
    none_left(vm, "print", &kw)?;
    let mut line = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            line.push_str(&sep);
        }
        line.push_str(&vm.str_of(a)?);
    }
    line.push_str(&end);
    vm.write(&line)?;
    Ok(Value::None)
}

pub fn length(vm: &mut Vm, v: &Value) -> Result<usize, Flow> {
    Ok(match v {
        Value::Str(s) => s.chars().count(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.borrow().len(),
        Value::Set(s) => s.borrow().len(),
        Value::Range(..) => crate::vm::range_len(v) as usize,
        Value::View(w) => w.1.borrow().len(),
        Value::Instance(i) if i.class.lookup("__len__").is_some() => {
            let m = vm.getattr(v, "__len__")?;
            let r = vm.call_value(m, Vec::new(), Vec::new())?;
            match num::to_i64(&r) {
                Some(n) if n >= 0 => n as usize,
                Some(_) => return Err(vm.raise("ValueError", "__len__() should return >= 0")),
                None => {
                    return Err(vm.raise(
                        "TypeError",
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            r.type_name()
                        ),
                    ));
                }
            }
        }
        _ => {
            return Err(vm.raise(
                "TypeError",
                format!("object of type '{}' has no len()", v.type_name()),
            ));
        }
    })
}

fn len(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "len", &args, &kw)?;
    Ok(Value::Int(length(vm, &v)? as i64))
}

/// An argument that must be an int (`range`, `chr`, indices).
pub fn int_arg(vm: &Vm, v: &Value) -> Result<i64, Flow> {
    match v {
        Value::Int(_) | Value::Bool(_) => Ok(num::to_i64(v).expect("small")),
        Value::Big(_) => Err(Flow::Refuse(
            "an int this large as a count or index is not modelled by GIL Lab".into(),
        )),
        _ => Err(vm.raise(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        )),
    }
}

fn range(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "range", &kw)?;
    count(vm, "range", &args, 1, 3)?;
    let n: Vec<i64> = args
        .iter()
        .map(|a| int_arg(vm, a))
        .collect::<Result<_, _>>()?;
    let (a, b, c) = match n.len() {
        1 => (0, n[0], 1),
        2 => (n[0], n[1], 1),
        _ => (n[0], n[1], n[2]),
    };
    if c == 0 {
        return Err(vm.raise("ValueError", "range() arg 3 must not be zero"));
    }
    Ok(Value::Range(a, b, c))
}

fn lazy(it: Iter) -> Value {
    crate::value::heap::iter(it)
}

fn enumerate(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let start = take(&mut kw, "start").or_else(|| args.get(1).cloned());
    none_left(vm, "enumerate", &kw)?;
    let Some(src) = args.first() else {
        return Err(vm.raise(
            "TypeError",
            "enumerate() missing required argument 'iterable' (pos 1)",
        ));
    };
    let start = match start {
        Some(s) => int_arg(vm, &s)?,
        None => 0,
    };
    let it = vm.get_iter(src)?;
    Ok(lazy(Iter::Enumerate(it, start)))
}

fn zip(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    if take(&mut kw, "strict").is_some() {
        return Err(Flow::Refuse(
            "`zip(..., strict=...)` is not modelled by GIL Lab".into(),
        ));
    }
    none_left(vm, "zip", &kw)?;
    let iters = args
        .iter()
        .map(|a| vm.get_iter(a))
        .collect::<Result<_, _>>()?;
    Ok(lazy(Iter::Zip(iters)))
}

fn map(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "map", &kw)?;
    if args.len() < 2 {
        return Err(vm.raise("TypeError", "map() must have at least two arguments."));
    }
    let iters = args[1..]
        .iter()
        .map(|a| vm.get_iter(a))
        .collect::<Result<_, _>>()?;
    Ok(lazy(Iter::Map(args[0].clone(), iters)))
}

fn filter(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "filter", &kw)?;
    count(vm, "filter", &args, 2, 2)?;
    let it = vm.get_iter(&args[1])?;
    Ok(lazy(Iter::Filter(args[0].clone(), it)))
}

fn reversed(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "reversed", &args, &kw)?;
    let mut items = match &v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(..) => vm.collect(&v)?,
        Value::Dict(_) => vm.collect(&v)?,
        _ => {
            return Err(vm.raise(
                "TypeError",
                format!("'{}' object is not reversible", v.type_name()),
            ));
        }
    };
    items.reverse();
    Ok(lazy(Iter::Seq(Value::tuple(items), 0)))
}

/// Whether `v` is an instance of the class or built-in type `t`.
fn instance_of(vm: &mut Vm, v: &Value, t: &Value) -> Result<bool, Flow> {
    Ok(match t {
        Value::Tuple(ts) => {
            for t in ts.iter() {
                if instance_of(vm, v, t)? {
                    return Ok(true);
                }
            }
            false
        }
        Value::Class(c) => match v {
            Value::Instance(i) => i.class.is_sub(c),
            _ => Rc::ptr_eq(c, &vm.exc.object),
        },
        Value::Native(n) if super::is_type(n) => {
            let ty = v.type_name();
            *ty == *n.name || (n.name == "int" && &*ty == "bool") || n.name == "object"
        }
        _ => {
            return Err(vm.raise(
                "TypeError",
                "isinstance() arg 2 must be a type, a tuple of types, or a union",
            ));
        }
    })
}

fn isinstance(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "isinstance", &kw)?;
    if args.len() != 2 {
        return Err(vm.raise(
            "TypeError",
            format!("isinstance expected 2 arguments, got {}", args.len()),
        ));
    }
    Ok(Value::Bool(instance_of(vm, &args[0], &args[1])?))
}

fn issubclass(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "issubclass", &kw)?;
    count(vm, "issubclass", &args, 2, 2)?;
    let classes: Vec<Value> = match &args[1] {
        Value::Tuple(t) => t.to_vec(),
        v => vec![v.clone()],
    };
    for c in &classes {
        if subclass_of(vm, &args[0], c)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// Whether the class (or built-in type) `a` is `b` or derives from it.
fn subclass_of(vm: &Vm, a: &Value, b: &Value) -> Result<bool, Flow> {
    let object = |v: &Value| matches!(v, Value::Class(c) if Rc::ptr_eq(c, &vm.exc.object));
    Ok(match (a, b) {
        (Value::Class(a), Value::Class(b)) => a.is_sub(b),
        (Value::Native(n), _) if super::is_type(n) && object(b) => true,
        (Value::Native(x), Value::Native(y)) if super::is_type(x) && super::is_type(y) => {
            x.name == y.name || (x.name == "bool" && y.name == "int")
        }
        (Value::Class(_), Value::Native(y)) if super::is_type(y) => false,
        (Value::Native(x), Value::Class(_)) if super::is_type(x) => false,
        _ => {
            return Err(vm.raise("TypeError", "issubclass() arg 1 must be a class"));
        }
    })
}

fn type_of(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "type", &args, &kw)?;
    Ok(match &v {
        Value::Instance(i) => Value::Class(i.class.clone()),
        v => {
            let name = v.type_name();
            match super::TYPES.iter().find(|t| **t == &*name) {
                Some(t) => vm
                    .builtins
                    .get(&crate::value::Key::str(t))
                    .cloned()
                    .unwrap_or(Value::None),
                None => super::type_object(&name),
            }
        }
    })
}

fn iter(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "iter", &args, &kw)?;
    vm.get_iter(&v)
}

fn next(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "next", &kw)?;
    count(vm, "next", &args, 1, 2)?;
    match vm.next(&args[0])? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => {
                // A generator's first StopIteration carries what it returned (`.value`).
                let args = match vm.take_return(&args[0]) {
                    Some(Value::None) | None => Vec::new(),
                    Some(v) => vec![v],
                };
                Err(Flow::Raise(vm.exc.make("StopIteration", args)))
            }
        },
    }
}

fn any(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "any", &args, &kw)?;
    let it = vm.get_iter(&v)?;
    while let Some(x) = vm.next(&it)? {
        if vm.truthy(&x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "all", &args, &kw)?;
    let it = vm.get_iter(&v)?;
    while let Some(x) = vm.next(&it)? {
        if !vm.truthy(&x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn repr(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "repr", &args, &kw)?;
    Ok(Value::str(&vm.repr(&v)?))
}

fn ascii(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "ascii", &args, &kw)?;
    let s = vm.format_conv(v, b'a')?;
    Ok(s)
}

fn format(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "format", &kw)?;
    count(vm, "format", &args, 1, 2)?;
    let spec = match args.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            return Err(vm.raise(
                "TypeError",
                format!("format() argument 2 must be str, not {}", v.type_name()),
            ));
        }
        None => String::new(),
    };
    Ok(Value::str(&vm.format(&args[0], &spec)?))
}

fn callable(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "callable", &args, &kw)?;
    Ok(Value::Bool(match &v {
        Value::Func(_) | Value::Native(_) | Value::Bound(_) | Value::Class(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        _ => false,
    }))
}

fn attr_name(vm: &Vm, v: &Value) -> Result<Rc<str>, Flow> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(vm.raise(
            "TypeError",
            format!("attribute name must be string, not '{}'", v.type_name()),
        )),
    }
}

fn getattr(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "getattr", &kw)?;
    count(vm, "getattr", &args, 2, 3)?;
    let name = attr_name(vm, &args[1])?;
    match (vm.getattr(&args[0], &name), args.get(2)) {
        (Err(Flow::Raise(e)), Some(d)) if vm.is_instance_of(&e, "AttributeError") => Ok(d.clone()),
        (r, _) => r,
    }
}

fn setattr(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "setattr", &kw)?;
    count(vm, "setattr", &args, 3, 3)?;
    let name = attr_name(vm, &args[1])?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

fn hasattr(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "hasattr", &kw)?;
    count(vm, "hasattr", &args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    match vm.getattr(&args[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(Flow::Raise(e)) if vm.is_instance_of(&e, "AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn property(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let fget = take(&mut kw, "fget")
        .or_else(|| args.first().cloned())
        .unwrap_or(Value::None);
    let fset = take(&mut kw, "fset")
        .or_else(|| args.get(1).cloned())
        .unwrap_or(Value::None);
    take(&mut kw, "doc");
    none_left(vm, "property", &kw)?;
    count(vm, "property", &args, 0, 3)?;
    Ok(super::property_of(fget, fset))
}

fn staticmethod(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "staticmethod", &args, &kw)?;
    Ok(super::wrap(WrapKind::Static, &[v]))
}

fn classmethod(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "classmethod", &args, &kw)?;
    Ok(super::wrap(WrapKind::ClassMethod, &[v]))
}

fn hash(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "hash", &args, &kw)?;
    vm.key(v.clone())?;
    match &v {
        Value::Int(i) if *i != -1 && i.unsigned_abs() < (1 << 61) - 1 => Ok(Value::Int(*i)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => Err(Flow::Refuse(
            "hash() of this value differs from run to run in CPython: GIL Lab does not model it"
                .into(),
        )),
    }
}

fn id(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Err(Flow::Refuse(
        "id() gives a memory address that differs from run to run: GIL Lab does not model it"
            .into(),
    ))
}

/// `super(Class, obj)`; `super()` with no arguments is compiled where it stands in a method.
fn super_(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "super", &kw)?;
    match (args.first(), args.get(1)) {
        (Some(Value::Class(c)), Some(obj @ (Value::Instance(_) | Value::Class(_)))) => {
            Ok(Value::Super(Rc::new((c.clone(), obj.clone()))))
        }
        (None, _) => Err(vm.raise("RuntimeError", "super(): no arguments")),
        _ => Err(Flow::Refuse(
            "this form of `super(...)` is not modelled by GIL Lab: write `super()` in a method"
                .into(),
        )),
    }
}
