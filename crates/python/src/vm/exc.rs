//! The built-in classes: `object` and the exceptions, in CPython's hierarchy, so that
//! `except LookupError` catches a `KeyError` and a program's own exceptions derive from them.

use std::cell::RefCell;
use std::rc::Rc;

use crate::value::{Class, Dict, Instance, Key, Value};

/// Each built-in exception with its base (`object` has none).
const TREE: &[(&str, &str)] = &[
    ("BaseException", "object"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("RuntimeError", "Exception"),
    ("RecursionError", "RuntimeError"),
    ("NotImplementedError", "RuntimeError"),
    ("StopIteration", "Exception"),
    ("EOFError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("FileExistsError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ConnectionError", "OSError"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
];

/// The names of the built-in exceptions.
pub fn exc_names() -> impl Iterator<Item = &'static str> {
    TREE.iter().map(|(n, _)| *n)
}

/// `object` and the built-in exception classes.
pub struct Exceptions {
    pub object: Rc<Class>,
    classes: Vec<Rc<Class>>,
}

impl Exceptions {
    pub fn new() -> Exceptions {
        let object = Rc::new(Class {
            name: Rc::from("object"),
            bases: Vec::new(),
            mro: Vec::new(),
            attrs: RefCell::new(Dict::default()),
            builtin: true,
        });
        let mut classes: Vec<Rc<Class>> = Vec::new();
        for (name, base) in TREE {
            let base = classes
                .iter()
                .find(|c| &*c.name == *base)
                .cloned()
                .unwrap_or_else(|| object.clone());
            let mut mro = vec![base.clone()];
            mro.extend(base.mro.iter().cloned());
            classes.push(Rc::new(Class {
                name: Rc::from(*name),
                bases: vec![base],
                mro,
                attrs: RefCell::new(Dict::default()),
                builtin: true,
            }));
        }
        Exceptions { object, classes }
    }

    pub fn class(&self, name: &str) -> Option<Rc<Class>> {
        self.classes.iter().find(|c| &*c.name == name).cloned()
    }

    /// Each class with its name.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, &Rc<Class>)> {
        TREE.iter().map(|(n, _)| *n).zip(self.classes.iter())
    }

    /// An instance of the built-in exception `kind` with these arguments.
    pub fn make(&self, kind: &str, args: Vec<Value>) -> Value {
        let class = self.class(kind).unwrap_or_else(|| self.object.clone());
        let inst = crate::value::heap::instance(Instance::new(class));
        inst.attrs
            .borrow_mut()
            .insert(Key::str("args"), Value::tuple(args));
        Value::Instance(inst)
    }
}

impl Default for Exceptions {
    fn default() -> Self {
        Self::new()
    }
}
