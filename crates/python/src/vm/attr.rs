//! Attributes: an instance's own, then its class's along the resolution order (functions bound
//! to the instance, properties called, static and class methods unwrapped), a class's, a
//! module's, `super()`'s, and the methods of the built-in types.

use std::rc::Rc;

use super::{Flow, Vm};
use std::cell::RefCell;

use crate::value::{Class, Dict, Instance, Key, Value, WrapKind};

impl Vm {
    pub fn getattr(&mut self, obj: &Value, name: &str) -> Result<Value, Flow> {
        match obj {
            Value::Instance(i) => {
                if name == "__class__" {
                    return Ok(Value::Class(i.class.clone()));
                }
                if let Some(Value::Wrapper(w)) = i.class.lookup(name)
                    && w.0 == WrapKind::Property
                {
                    let getter = match &w.1 {
                        Value::Tuple(t) => t[0].clone(),
                        g => g.clone(),
                    };
                    if matches!(getter, Value::None) {
                        return Err(self.raise(
                            "AttributeError",
                            format!(
                                "property '{name}' of '{}' object has no getter",
                                i.class.name
                            ),
                        ));
                    }
                    return self.call_value(getter, vec![obj.clone()], Vec::new());
                }
                if let Some(local) = self.local_attrs(i)? {
                    if let Some(v) = local.borrow().get(&Key::str(name)) {
                        return Ok(v.clone());
                    }
                } else if let Some(v) = i.attrs.borrow().get(&Key::str(name)) {
                    return Ok(v.clone());
                }
                match i.class.lookup(name) {
                    Some(v) => Ok(bind(v, obj, &i.class)),
                    None if matches!(name, "__cause__" | "__context__")
                        && self.exception_args(obj).is_some() =>
                    {
                        Ok(Value::None)
                    }
                    None if name == "__suppress_context__"
                        && self.exception_args(obj).is_some() =>
                    {
                        Ok(Value::Bool(false))
                    }
                    None if name == "value" && self.is_instance_of(obj, "StopIteration") => {
                        Ok(self
                            .exception_args(obj)
                            .and_then(|a| a.first().cloned())
                            .unwrap_or(Value::None))
                    }
                    None => Err(self.raise(
                        "AttributeError",
                        format!("'{}' object has no attribute '{name}'", i.class.name),
                    )),
                }
            }
            Value::Class(c) => self.class_attr(c, name),
            Value::Super(s) => self.super_attr(&s.0, &s.1, name),
            Value::Module(m) => match m.attrs.get(&Key::str(name)) {
                Some(v) => Ok(v.clone()),
                None => Err(Flow::Refuse(format!(
                    "`{}.{name}` is not modelled by GIL Lab",
                    m.name
                ))),
            },
            Value::Func(f) if name == "__name__" => Ok(Value::Str(f.code.name.clone())),
            Value::Bound(b) if name == "__self__" => Ok(b.0.clone()),
            Value::Bound(b) if name == "__func__" => Ok(b.1.clone()),
            Value::Bound(b) if matches!(name, "__name__" | "__qualname__" | "__doc__") => {
                let f = b.1.clone();
                self.getattr(&f, name)
            }
            Value::Func(f) if name == "__qualname__" => Ok(Value::Str(f.code.qualname.clone())),
            Value::Func(f) if name == "__doc__" => {
                Ok(f.code.doc.clone().map_or(Value::None, Value::Str))
            }
            Value::Native(n) if name == "__name__" => Ok(Value::str(n.name)),
            Value::Native(n) if crate::builtins::is_type(n) => {
                match crate::builtins::type_method(n.name, name) {
                    Some(m) => Ok(m),
                    None if crate::builtins::known_method(n.name, name) => Err(Flow::Refuse(
                        format!("`{}.{name}` is not modelled by GIL Lab yet", n.name),
                    )),
                    None => Err(self.raise(
                        "AttributeError",
                        format!("type object '{}' has no attribute '{name}'", n.name),
                    )),
                }
            }
            Value::Wrapper(w) if w.0 == WrapKind::Property => {
                match crate::builtins::property_attr(name) {
                    Some(m) => Ok(Value::Bound(Rc::new((obj.clone(), m)))),
                    None => Err(Flow::Refuse(format!(
                        "`property.{name}` is not modelled by GIL Lab"
                    ))),
                }
            }
            _ => self.builtin_attr(obj, name),
        }
    }

    fn class_attr(&mut self, c: &Rc<Class>, name: &str) -> Result<Value, Flow> {
        match name {
            "__name__" | "__qualname__" => return Ok(Value::Str(c.name.clone())),
            "__mro__" => {
                let all = std::iter::once(c).chain(c.mro.iter());
                return Ok(Value::tuple(all.map(|k| Value::Class(k.clone())).collect()));
            }
            "mro" => {
                let all = std::iter::once(c).chain(c.mro.iter());
                let list = Value::list(all.map(|k| Value::Class(k.clone())).collect());
                return Ok(Value::Bound(Rc::new((
                    list,
                    crate::builtins::identity_method(),
                ))));
            }
            "__bases__" => {
                return Ok(Value::tuple(
                    c.bases.iter().map(|k| Value::Class(k.clone())).collect(),
                ));
            }
            _ => {}
        }
        match c.lookup(name) {
            Some(Value::Wrapper(w)) => match w.0 {
                WrapKind::Static => Ok(w.1.clone()),
                WrapKind::ClassMethod => Ok(Value::Bound(Rc::new((
                    Value::Class(c.clone()),
                    w.1.clone(),
                )))),
                WrapKind::Property => Ok(Value::Wrapper(w)),
            },
            Some(v) => Ok(v),
            None => Err(self.raise(
                "AttributeError",
                format!("type object '{}' has no attribute '{name}'", c.name),
            )),
        }
    }

    fn super_attr(&mut self, owner: &Rc<Class>, obj: &Value, name: &str) -> Result<Value, Flow> {
        let class = match obj {
            Value::Instance(i) => i.class.clone(),
            Value::Class(c) => c.clone(),
            _ => unreachable!("super() binds an instance or a class"),
        };
        let order: Vec<Rc<Class>> = std::iter::once(class.clone())
            .chain(class.mro.iter().cloned())
            .collect();
        let after = order
            .iter()
            .position(|c| Rc::ptr_eq(c, owner))
            .map_or(0, |p| p + 1);
        for c in &order[after..] {
            if let Some(v) = c.attrs.borrow().get(&Key::str(name)) {
                return Ok(match obj {
                    Value::Class(_) => match v {
                        Value::Wrapper(w) if w.0 == WrapKind::ClassMethod => {
                            Value::Bound(Rc::new((obj.clone(), w.1.clone())))
                        }
                        Value::Wrapper(w) => w.1.clone(),
                        v => v.clone(),
                    },
                    _ => bind(v.clone(), obj, &class),
                });
            }
            if c.builtin
                && let Some(v) = self.builtin_dunder(c, name)
            {
                return Ok(Value::Bound(Rc::new((obj.clone(), v))));
            }
        }
        Err(self.raise(
            "AttributeError",
            format!("'super' object has no attribute '{name}'"),
        ))
    }

    pub fn setattr(&mut self, obj: &Value, name: &str, v: Value) -> Result<(), Flow> {
        match obj {
            Value::Instance(i) => {
                if let Some(Value::Wrapper(w)) = i.class.lookup(name)
                    && w.0 == WrapKind::Property
                {
                    let setter = match &w.1 {
                        Value::Tuple(t) => t[1].clone(),
                        _ => Value::None,
                    };
                    if matches!(setter, Value::None) {
                        return Err(self.raise(
                            "AttributeError",
                            format!(
                                "property '{name}' of '{}' object has no setter",
                                i.class.name
                            ),
                        ));
                    }
                    return self
                        .call_value(setter, vec![obj.clone(), v], Vec::new())
                        .map(|_| ());
                }
                if let Some(local) = self.local_attrs(i)? {
                    local.borrow_mut().insert(Key::str(name), v);
                    return Ok(());
                }
                i.attrs.borrow_mut().insert(Key::str(name), v);
                Ok(())
            }
            Value::Class(c) if !c.builtin => {
                c.attrs.borrow_mut().insert(Key::str(name), v);
                Ok(())
            }
            _ => Err(self.raise(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", obj.type_name()),
            )),
        }
    }

    pub fn delattr(&mut self, obj: &Value, name: &str) -> Result<(), Flow> {
        let gone = match obj {
            Value::Instance(i) => match self.local_attrs(i)? {
                Some(local) => local.borrow_mut().shift_remove(&Key::str(name)).is_some(),
                None => i.attrs.borrow_mut().shift_remove(&Key::str(name)).is_some(),
            },
            _ => false,
        };
        if gone {
            Ok(())
        } else {
            Err(self.raise(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", obj.type_name()),
            ))
        }
    }

    /// A method of a built-in type, bound; a name CPython has but GIL Lab does not model is
    /// refused rather than called missing.
    fn builtin_attr(&mut self, obj: &Value, name: &str) -> Result<Value, Flow> {
        let ty = obj.type_name();
        if let Some(f) = crate::builtins::method(&ty, name) {
            return Ok(Value::Bound(Rc::new((obj.clone(), f))));
        }
        if crate::builtins::known_method(&ty, name) {
            return Err(Flow::Refuse(format!(
                "`{ty}.{name}` is not modelled by GIL Lab yet"
            )));
        }
        Err(self.raise(
            "AttributeError",
            format!("'{ty}' object has no attribute '{name}'"),
        ))
    }

    /// `BaseException.__init__`/`__str__` and `object.__init__` for `super()` calls.
    fn builtin_dunder(&self, c: &Rc<Class>, name: &str) -> Option<Value> {
        let base_exc = self.exc.class("BaseException")?;
        let is_exc = c.is_sub(&base_exc);
        crate::builtins::object_method(name, is_exc)
    }
}

impl Vm {
    /// For a `threading.local`, the running thread's own attributes (made at its first use);
    /// `None` for any other instance.
    fn local_attrs(&mut self, i: &Rc<Instance>) -> Result<Option<Rc<RefCell<Dict>>>, Flow> {
        let is_local = std::iter::once(&i.class)
            .chain(i.class.mro.iter())
            .any(|c| c.builtin && &*c.name == "_thread._local");
        if !is_local {
            return Ok(None);
        }
        if !i.class.builtin && i.class.attrs.borrow().contains_key(&Key::str("__init__")) {
            return Err(Flow::Refuse(
                "a threading.local subclass with its own __init__ is not modelled by GIL Lab"
                    .into(),
            ));
        }
        let key = Key(Value::Int(self.current as i64));
        let found = i.attrs.borrow().get(&key).cloned();
        match found {
            Some(Value::Dict(d)) => Ok(Some(d)),
            _ => {
                let d = crate::value::heap::dict_rc(Dict::default());
                i.attrs.borrow_mut().insert(key, Value::Dict(d.clone()));
                Ok(Some(d))
            }
        }
    }
}

/// What an attribute found on a class is when read through an instance.
fn bind(v: Value, obj: &Value, class: &Rc<Class>) -> Value {
    match v {
        Value::Func(_) | Value::Native(_) => Value::Bound(Rc::new((obj.clone(), v))),
        Value::Wrapper(w) => match w.0 {
            WrapKind::Static => w.1.clone(),
            WrapKind::ClassMethod => {
                Value::Bound(Rc::new((Value::Class(class.clone()), w.1.clone())))
            }
            WrapKind::Property => Value::Wrapper(w),
        },
        v => v,
    }
}
