//! Python values as the interpreter holds them: the value itself ([`Value`]), the objects
//! behind a reference (lists, dicts, functions, classes, instances), dictionary keys with
//! Python's equality ([`Key`]), and how numbers and texts are written out (`float_repr`,
//! `format_spec`, `num`).

pub mod float_repr;
pub mod format_spec;
pub mod heap;
pub mod num;
pub mod pyhash;
pub mod pyset;

/// A set's table (CPython's iteration order).
pub type Set = pyset::PySet;

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;
use num_bigint::BigInt;

use crate::compile::Code;

/// A Python value. Small ints stay `Int`; results that do not fit an `i64` become `Big`.
#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Big(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Set>>),
    /// `range(start, stop, step)`.
    Range(i64, i64, i64),
    /// `slice(start, stop, step)`, as a subscript builds it.
    Slice(Rc<[Value; 3]>),
    Func(Rc<Func>),
    /// A function of the interpreter's own (`len`, `str.upper`, `math.sqrt`).
    Native(Native),
    /// A method bound to its object: `obj.method`.
    Bound(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Iter(Rc<RefCell<Iter>>),
    Module(Rc<Module>),
    /// A `@property`, `@staticmethod` or `@classmethod` wrapper in a class body.
    Wrapper(Rc<(WrapKind, Value)>),
    /// Compiled code (a constant of the code that makes a function of it).
    Code(Rc<Code>),
    /// `dict.keys()` (0), `.values()` (1), `.items()` (2): views of a dict.
    View(Rc<(u8, Rc<RefCell<Dict>>)>),
    /// `NotImplemented`, which an operator method returns to let the other operand try.
    NotImplemented,
    /// A variable shared with nested functions, as a closure carries it.
    Cell(Cell),
    /// `super()` in a method: the class to look after, and the instance.
    Super(Rc<(Rc<Class>, Value)>),
}

/// A dict: insertion-ordered, keyed by Python equality.
pub type Dict = IndexMap<Key, Value>;

/// What `@property`, `@staticmethod` and `@classmethod` make of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrapKind {
    Property,
    Static,
    ClassMethod,
}

/// A function of the interpreter (its code is Rust): a name for messages, and the code.
#[derive(Clone, Copy)]
pub struct Native {
    pub name: &'static str,
    pub f: crate::vm::NativeFn,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<built-in {}>", self.name)
    }
}

/// A function written in Python: its code, defaults, and the cells it closes over.
#[derive(Debug)]
pub struct Func {
    pub code: Rc<Code>,
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Rc<str>, Value)>,
    pub cells: Vec<Cell>,
    pub globals: Rc<RefCell<Dict>>,
}

/// A variable shared between a function and the functions nested in it.
pub type Cell = Rc<RefCell<Option<Value>>>;

/// A class: its name, bases (in order), its ancestors in resolution order (without itself,
/// ending with `object`), and its namespace.
#[derive(Debug)]
pub struct Class {
    pub name: Rc<str>,
    pub bases: Vec<Rc<Class>>,
    pub mro: Vec<Rc<Class>>,
    pub attrs: RefCell<Dict>,
    /// For the built-in exceptions and `object`: no Python code behind them.
    pub builtin: bool,
}

impl Class {
    /// The attribute `name` along the resolution order (the class itself first).
    pub fn lookup(self: &Rc<Self>, name: &str) -> Option<Value> {
        let key = Key::str(name);
        std::iter::once(self)
            .chain(self.mro.iter())
            .find_map(|c| c.attrs.borrow().get(&key).cloned())
    }

    /// Whether this class is `other` or derives from it.
    pub fn is_sub(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|c| Rc::ptr_eq(c, other))
    }
}

/// An instance of a class written in Python (or of a built-in exception).
#[derive(Debug)]
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Dict>,
    /// For an exception: the line where it was first raised (0 before).
    pub line: std::cell::Cell<u32>,
    /// Its place in the order the run made its instances (from 1; 0: made outside a run).
    pub serial: std::cell::Cell<u64>,
}

impl Instance {
    pub fn new(class: Rc<Class>) -> Instance {
        Instance {
            class,
            attrs: RefCell::new(Dict::default()),
            line: std::cell::Cell::new(0),
            serial: std::cell::Cell::new(0),
        }
    }
}

/// A module the interpreter provides (`math`, `time`, ...).
#[derive(Debug)]
pub struct Module {
    pub name: &'static str,
    pub attrs: Dict,
}

/// An iterator in progress.
#[derive(Debug)]
pub enum Iter {
    /// Over a list (it sees the list's changes, as in CPython) or a tuple.
    Seq(Value, usize),
    /// Over a snapshot of keys or items (a dict changed during iteration is refused by
    /// CPython; GIL Lab refuses it too by checking the length).
    Items(Vec<Value>, usize, Option<(Rc<RefCell<Dict>>, usize)>),
    Range(i64, i64, i64),
    Chars(Rc<str>, usize),
    /// A generator: its suspended frame.
    /// A generator: its suspended frame, where it stands, and (once it returned) the value it
    /// returned, until `next()` or `yield from` takes it.
    Gen(Option<Box<crate::vm::Frame>>, GenState, Option<Value>),
    /// `enumerate`, `zip`, `map`, `filter`, `reversed` over other iterators.
    Enumerate(Value, i64),
    Zip(Vec<Value>),
    Map(Value, Vec<Value>),
    Filter(Value, Value),
    /// An object of a class with `__next__`.
    User(Value),
    /// A coroutine (an `async def` called): its frame until `await` or a task takes it.
    Coro(Option<Box<crate::vm::Frame>>),
}

/// Where a generator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenState {
    Fresh,
    Suspended,
    Running,
    Done,
}

/// A dict key or set member: a hashable value, compared as Python compares (`1 == 1.0 ==
/// True`). Numbers are kept in one form per value so that equal numbers are equal keys.
#[derive(Clone, Debug)]
pub struct Key(pub Value);

impl Key {
    pub fn str(s: &str) -> Key {
        Key(Value::Str(Rc::from(s)))
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        key_hash(&self.0, h);
    }
}

fn key_eq(a: &Value, b: &Value) -> bool {
    use Value as V;
    match (a, b) {
        (V::Str(x), V::Str(y)) => x == y,
        (V::Tuple(x), V::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| key_eq(a, b))
        }
        (V::None, V::None) => true,
        _ if a.is_number() && b.is_number() => num::eq(a, b),
        _ => match (a.identity(), b.identity()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn key_hash<H: std::hash::Hasher>(v: &Value, h: &mut H) {
    use std::hash::Hash;
    match v {
        Value::Str(s) => s.hash(h),
        Value::Tuple(t) => t.iter().for_each(|v| key_hash(v, h)),
        Value::None => 0u8.hash(h),
        v if v.is_number() => num::hash_key(v).hash(h),
        v => v.identity().hash(h),
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        heap::list(items)
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(items))
    }

    pub fn big(b: BigInt) -> Value {
        num::norm(b)
    }

    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Value::Bool(_) | Value::Int(_) | Value::Big(_) | Value::Float(_)
        )
    }

    /// The address of an object with identity (for `is`, and as a dict key by identity).
    pub fn identity(&self) -> Option<usize> {
        Some(match self {
            Value::List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Dict(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Set(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Func(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Class(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Iter(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Bound(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Tuple(r) => r.as_ptr() as usize,
            Value::Native(n) => (n.f as usize) ^ (n.name.as_ptr() as usize).rotate_left(17),
            _ => return None,
        })
    }

    /// Whether the value can be a dict key (`list`, `dict` and `set` cannot).
    pub fn hashable(&self) -> bool {
        match self {
            Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => false,
            Value::Tuple(t) => t.iter().all(Value::hashable),
            _ => true,
        }
    }

    /// The name of the value's type, as CPython's messages write it.
    pub fn type_name(&self) -> Rc<str> {
        Rc::from(match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Big(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::Range(..) => "range",
            Value::Slice(_) => "slice",
            Value::Func(_) => "function",
            Value::Native(_) => "builtin_function_or_method",
            Value::Bound(_) => "method",
            Value::Class(_) => "type",
            Value::Instance(i) => return i.class.name.clone(),
            Value::Iter(it) => match &*it.borrow() {
                Iter::Gen(..) => "generator",
                Iter::Coro(..) => "coroutine",
                Iter::Enumerate(..) => "enumerate",
                Iter::Zip(..) => "zip",
                Iter::Map(..) => "map",
                Iter::Filter(..) => "filter",
                Iter::Seq(Value::List(_), _) => "list_iterator",
                Iter::Seq(..) => "tuple_iterator",
                Iter::Items(..) => "dict_keyiterator",
                Iter::Range(..) => "range_iterator",
                Iter::Chars(..) => "str_ascii_iterator",
                Iter::User(_) => "iterator",
            },
            Value::Module(_) => "module",
            Value::Code(_) => "code",
            Value::NotImplemented => "NotImplementedType",
            Value::View(v) => ["dict_keys", "dict_values", "dict_items"][v.0 as usize % 3],
            Value::Cell(_) => "cell",
            Value::Super(_) => "super",
            Value::Wrapper(w) => match w.0 {
                WrapKind::Property => "property",
                WrapKind::Static => "staticmethod",
                WrapKind::ClassMethod => "classmethod",
            },
        })
    }
}
