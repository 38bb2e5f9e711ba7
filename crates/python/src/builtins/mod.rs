//! The built-in names a program finds without importing anything: functions (`print`, `len`,
//! `sorted`, ...), the types as constructors (`int`, `str`, `list`, ...), the exceptions, and
//! the methods of the built-in types ([`method`]); the modules GIL Lab provides ([`module`]).
//! Argument checks follow CPython's messages ([`args`]).

pub(crate) mod args;
mod case_table;
mod convert;
mod functions;
mod methods;
mod modules;
mod numbers;
mod order;
mod set_methods;
mod str_format;
mod str_search;
mod strings;

use std::rc::Rc;

use crate::value::{Key, Native, Value, WrapKind};
use crate::vm::{Flow, NativeFn, Vm};

pub use functions::length;
pub use modules::module;

/// The built-in types GIL Lab models: `type(x)` of their values and `isinstance` use these.
pub const TYPES: &[&str] = &[
    "int", "float", "str", "bool", "list", "tuple", "dict", "set", "range", "object", "type",
];

fn native(name: &'static str, f: NativeFn) -> Value {
    Value::Native(Native { name, f })
}

/// Puts every built-in name into the interpreter.
pub fn install(vm: &mut Vm) {
    let mut names: Vec<(&'static str, Value)> = functions::TABLE
        .iter()
        .chain(convert::TABLE)
        .map(|(n, f)| (*n, native(n, *f)))
        .collect();
    for (name, c) in vm.exc.named() {
        names.push((name, Value::Class(c.clone())));
    }
    names.push(("object", Value::Class(vm.exc.object.clone())));
    names.push(("NotImplemented", Value::NotImplemented));
    names.push(("Ellipsis", Value::None));
    for (n, v) in names {
        vm.builtins.insert(Key::str(n), v);
    }
    let base = vm.exc.class("BaseException").expect("built in");
    base.attrs
        .borrow_mut()
        .insert(Key::str("__init__"), native("__init__", exception_init));
    vm.exc
        .object
        .attrs
        .borrow_mut()
        .insert(Key::str("__init__"), native("__init__", object_init));
}

/// `BaseException.__init__(self, *args)`: keeps the arguments.
fn exception_init(_: &mut Vm, args: Vec<Value>, _: Vec<(Rc<str>, Value)>) -> Result<Value, Flow> {
    if let Some(Value::Instance(i)) = args.first() {
        i.attrs
            .borrow_mut()
            .insert(Key::str("args"), Value::tuple(args[1..].to_vec()));
    }
    Ok(Value::None)
}

fn object_init(vm: &mut Vm, args: Vec<Value>, kw: Vec<(Rc<str>, Value)>) -> Result<Value, Flow> {
    if args.len() > 1 || !kw.is_empty() {
        return Err(vm.raise(
            "TypeError",
            "object.__init__() takes exactly one argument (the instance to initialize)",
        ));
    }
    Ok(Value::None)
}

/// A method that gives back its object (`Class.mro()` is bound to the list it returns).
pub fn identity_method() -> Value {
    native("mro", |_, args, _| {
        Ok(args.into_iter().next().unwrap_or(Value::None))
    })
}

/// `object.__init__` or `BaseException.__init__` for `super().__init__(...)`.
pub fn object_method(name: &str, is_exc: bool) -> Option<Value> {
    match (name, is_exc) {
        ("__init__", true) => Some(native("__init__", exception_init)),
        ("__init__", false) => Some(native("__init__", object_init)),
        _ => None,
    }
}

/// `@property`, `@staticmethod`, `@classmethod`.
pub(crate) fn wrap(kind: WrapKind, args: &[Value]) -> Value {
    let f = args.first().cloned().unwrap_or(Value::None);
    match kind {
        WrapKind::Property => property_of(f, Value::None),
        _ => Value::Wrapper(Rc::new((kind, f))),
    }
}

/// A property: its getter and setter (`None` when it has none).
pub fn property_of(fget: Value, fset: Value) -> Value {
    Value::Wrapper(Rc::new((
        WrapKind::Property,
        Value::tuple(vec![fget, fset]),
    )))
}

/// `prop.setter(f)`: the same property with `f` as its setter.
fn property_setter(vm: &mut Vm, args: Vec<Value>, _: Vec<(Rc<str>, Value)>) -> Result<Value, Flow> {
    match (args.first(), args.get(1)) {
        (Some(Value::Wrapper(w)), Some(f)) => match &w.1 {
            Value::Tuple(t) => Ok(property_of(t[0].clone(), f.clone())),
            _ => Ok(property_of(w.1.clone(), f.clone())),
        },
        _ => Err(vm.raise("TypeError", "setter() takes exactly one argument")),
    }
}

/// An attribute of a property: `setter`.
pub fn property_attr(name: &str) -> Option<Value> {
    (name == "setter").then(|| native("setter", property_setter))
}

/// An attribute of a built-in type: its class methods (`dict.fromkeys`), else its methods
/// unbound (`str.lower`, called with the object first).
pub fn type_method(type_name: &str, name: &str) -> Option<Value> {
    match (type_name, name) {
        ("dict", "fromkeys") => Some(native("fromkeys", methods::dict_fromkeys)),
        _ => method(type_name, name),
    }
}

/// A method of a built-in type (called with the object first).
pub fn method(type_name: &str, name: &str) -> Option<Value> {
    let f = match type_name {
        "str" => strings::method(name),
        _ => methods::method(type_name, name),
    }?;
    Some(native(static_name(type_name, name)?, f))
}

/// The method names CPython's built-in types have (so that a name GIL Lab does not model is
/// refused, not reported as missing).
pub fn known_method(type_name: &str, name: &str) -> bool {
    name.starts_with("__") || static_name(type_name, name).is_some()
}

/// The methods of CPython's built-in types, by type (`a|b`: both types).
const KNOWN: &[(&str, &[&str])] = &[
    (
        "str",
        &[
            "capitalize",
            "casefold",
            "center",
            "count",
            "encode",
            "endswith",
            "expandtabs",
            "find",
            "format",
            "format_map",
            "index",
            "isalnum",
            "isalpha",
            "isascii",
            "isdecimal",
            "isdigit",
            "isidentifier",
            "islower",
            "isnumeric",
            "isprintable",
            "isspace",
            "istitle",
            "isupper",
            "join",
            "ljust",
            "lower",
            "lstrip",
            "maketrans",
            "partition",
            "removeprefix",
            "removesuffix",
            "replace",
            "rfind",
            "rindex",
            "rjust",
            "rpartition",
            "rsplit",
            "rstrip",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "swapcase",
            "title",
            "translate",
            "upper",
            "zfill",
        ],
    ),
    (
        "list",
        &[
            "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove",
            "reverse", "sort",
        ],
    ),
    (
        "dict",
        &[
            "clear",
            "copy",
            "fromkeys",
            "get",
            "items",
            "keys",
            "pop",
            "popitem",
            "setdefault",
            "update",
            "values",
        ],
    ),
    (
        "set",
        &[
            "add",
            "clear",
            "copy",
            "difference",
            "difference_update",
            "discard",
            "intersection",
            "intersection_update",
            "isdisjoint",
            "issubset",
            "issuperset",
            "pop",
            "remove",
            "symmetric_difference",
            "symmetric_difference_update",
            "union",
            "update",
        ],
    ),
    (
        "int|bool",
        &[
            "as_integer_ratio",
            "bit_count",
            "bit_length",
            "conjugate",
            "denominator",
            "from_bytes",
            "imag",
            "numerator",
            "real",
            "to_bytes",
        ],
    ),
    (
        "float",
        &[
            "as_integer_ratio",
            "conjugate",
            "fromhex",
            "hex",
            "imag",
            "is_integer",
            "real",
        ],
    ),
    ("tuple", &["count", "index"]),
    ("generator", &["close", "send", "throw"]),
];

/// Whether a native is a type (`int`, `str`, or a type `type()` gave, such as `NoneType`).
pub fn is_type(n: &Native) -> bool {
    TYPES.contains(&n.name) || std::ptr::fn_addr_eq(n.f, no_new as NativeFn)
}

/// The type object of a built-in type GIL Lab does not construct (`type(None)`).
pub fn type_object(name: &str) -> Value {
    let name = OTHER_TYPES
        .iter()
        .find(|t| **t == name)
        .copied()
        .unwrap_or("object");
    native(name, no_new)
}

fn no_new(vm: &mut Vm, _: Vec<Value>, _: Vec<(Rc<str>, Value)>) -> Result<Value, Flow> {
    let _ = vm;
    Err(Flow::Refuse(
        "creating a value of this type is not modelled by GIL Lab".into(),
    ))
}

/// The names `type()` gives for values that are not of [`TYPES`].
const OTHER_TYPES: &[&str] = &[
    "NoneType",
    "function",
    "builtin_function_or_method",
    "method",
    "module",
    "generator",
    "coroutine",
    "enumerate",
    "zip",
    "map",
    "filter",
    "list_iterator",
    "tuple_iterator",
    "dict_keyiterator",
    "range_iterator",
    "str_ascii_iterator",
    "iterator",
    "slice",
    "property",
    "staticmethod",
    "classmethod",
    "NotImplementedType",
    "dict_keys",
    "dict_values",
    "dict_items",
    "super",
];

/// Whether CPython has interned this name before it reads a program (a built-in's or a
/// built-in method's name): approximate, for the order of constant sets (`value/pyset.rs`).
pub fn interned_at_start(name: &str) -> bool {
    functions::TABLE
        .iter()
        .chain(convert::TABLE)
        .any(|(n, _)| *n == name)
        || KNOWN.iter().any(|(_, names)| names.contains(&name))
        || crate::vm::exc_names().any(|n| n == name)
}

/// The method's name as a `&'static str` (the names are those CPython's types have).
fn static_name(type_name: &str, name: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .filter(|(t, _)| t.split('|').any(|t| t == type_name))
        .flat_map(|(_, names)| names.iter())
        .find(|n| **n == name)
        .copied()
}
