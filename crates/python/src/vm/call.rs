//! Calls: arguments bound to parameters with CPython's rules and messages, functions and
//! generators, bound methods, classes (instances, `__init__`, exceptions' `args`), building a
//! class from its body (C3 resolution order) and `super()`.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Flow, Frame, Vm};
use crate::compile::Kind;
use crate::value::{Class, Dict, Func, GenState, Instance, Iter, Key, Value};

type Kwargs = Vec<(Rc<str>, Value)>;

impl Vm {
    /// Calls any value now (nested if it is Python code) and gives its result.
    pub fn call_value(
        &mut self,
        f: Value,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> Result<Value, Flow> {
        match &f {
            Value::Func(func) => {
                let frame = self.frame_for(func, args, kwargs)?;
                if func.code.kind == Kind::Generator {
                    let it = Iter::Gen(Some(Box::new(frame)), GenState::Fresh, None);
                    return Ok(crate::value::heap::iter(it));
                }
                if func.code.kind == Kind::Coroutine {
                    let it = Iter::Coro(Some(Box::new(frame)));
                    return Ok(crate::value::heap::iter(it));
                }
                self.run_nested(frame)
            }
            Value::Native(n) => {
                // Only a call the program's code makes itself may wait (or switch fibers):
                // built-in code calling a native cannot stop in the middle.
                let direct = std::mem::take(&mut self.op_call);
                let r = (n.f)(self, args, kwargs);
                if !direct {
                    self.swallow = false;
                    if let Err(Flow::Block(_)) = r {
                        return Err(Flow::Refuse(
                            "a blocking call (sleep, a lock, a join, input, open) made by built-in code (map, sorted, a key function) is not modelled by GIL Lab yet: call it in a loop of your own"
                                .into(),
                        ));
                    }
                }
                r
            }
            Value::Bound(b) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(b.0.clone());
                all.extend(args);
                self.call_value(b.1.clone(), all, kwargs)
            }
            Value::Class(c) => self.instantiate(c, args, kwargs),
            Value::Instance(_) => {
                let call = self.getattr(&f, "__call__")?;
                self.call_value(call, args, kwargs)
            }
            _ => Err(self.raise(
                "TypeError",
                format!("'{}' object is not callable", f.type_name()),
            )),
        }
    }

    /// Runs a frame to its end from native code.
    pub fn run_nested(&mut self, frame: Frame) -> Result<Value, Flow> {
        if self.nesting >= self.limits.max_nesting {
            return Err(self.raise("RecursionError", "maximum recursion depth exceeded"));
        }
        let base = self.frames.len();
        self.enter(frame)?;
        self.nesting += 1;
        let r = self.run_call(base);
        self.nesting -= 1;
        r
    }

    /// A frame for a call of a Python function, its arguments bound to its parameters.
    pub fn frame_for(
        &mut self,
        func: &Rc<Func>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> Result<Frame, Flow> {
        let code = func.code.clone();
        let mut frame = Frame::new(code.clone(), func.globals.clone(), func.cells.clone());
        let npos = code.argcount as usize;
        let mut extra = Vec::new();
        let given = args.len();
        for (i, a) in args.into_iter().enumerate() {
            if i < npos {
                frame.locals[i] = Some(a);
            } else {
                extra.push(a);
            }
        }
        if !extra.is_empty() && code.varargs.is_none() {
            return Err(self.too_many(func, given));
        }
        if let Some(i) = code.varargs {
            frame.locals[i as usize] = Some(Value::tuple(extra));
        }
        let mut varkw = Dict::default();
        for (name, v) in kwargs {
            let at = (code.posonly as usize..npos + code.kwonly as usize)
                .find(|&i| code.locals[i] == name);
            match at {
                Some(i) if frame.locals[i].is_some() => {
                    return Err(self.raise(
                        "TypeError",
                        format!(
                            "{}() got multiple values for argument '{name}'",
                            code.qualname
                        ),
                    ));
                }
                Some(i) => frame.locals[i] = Some(v),
                None if code.varkw.is_some() => {
                    varkw.insert(Key(Value::Str(name)), v);
                }
                None => {
                    return Err(self.raise(
                        "TypeError",
                        format!(
                            "{}() got an unexpected keyword argument '{name}'",
                            code.qualname
                        ),
                    ));
                }
            }
        }
        if let Some(i) = code.varkw {
            frame.locals[i as usize] = Some(crate::value::heap::dict(varkw));
        }
        self.fill_defaults(func, &mut frame)?;
        for (j, (_, param)) in code.cells.iter().enumerate() {
            if let Some(p) = param {
                *frame.cells[j].borrow_mut() = frame.locals[*p as usize].take();
            }
        }
        Ok(frame)
    }

    fn fill_defaults(&mut self, func: &Rc<Func>, frame: &mut Frame) -> Result<(), Flow> {
        let code = &func.code;
        let npos = code.argcount as usize;
        let first_default = npos - func.defaults.len();
        for i in first_default..npos {
            if frame.locals[i].is_none() {
                frame.locals[i] = Some(func.defaults[i - first_default].clone());
            }
        }
        for i in npos..npos + code.kwonly as usize {
            if frame.locals[i].is_none()
                && let Some((_, v)) = func.kwdefaults.iter().find(|(n, _)| *n == code.locals[i])
            {
                frame.locals[i] = Some(v.clone());
            }
        }
        let missing: Vec<&Rc<str>> = (0..npos)
            .filter(|&i| frame.locals[i].is_none())
            .map(|i| &code.locals[i])
            .collect();
        if !missing.is_empty() {
            return Err(self.missing(&code.qualname, &missing, "positional"));
        }
        let missing: Vec<&Rc<str>> = (npos..npos + code.kwonly as usize)
            .filter(|&i| frame.locals[i].is_none())
            .map(|i| &code.locals[i])
            .collect();
        if !missing.is_empty() {
            return Err(self.missing(&code.qualname, &missing, "keyword-only"));
        }
        Ok(())
    }

    fn missing(&self, name: &str, missing: &[&Rc<str>], kind: &str) -> Flow {
        let quoted: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        self.raise(
            "TypeError",
            format!(
                "{name}() missing {} required {kind} argument{s}: {list}",
                missing.len()
            ),
        )
    }

    fn too_many(&self, func: &Rc<Func>, given: usize) -> Flow {
        let code = &func.code;
        let npos = code.argcount as usize;
        let min = npos - func.defaults.len();
        let takes = if min == npos {
            format!(
                "{npos} positional argument{}",
                if npos == 1 { "" } else { "s" }
            )
        } else {
            format!("from {min} to {npos} positional arguments")
        };
        let were = if given == 1 { "was" } else { "were" };
        self.raise(
            "TypeError",
            format!("{}() takes {takes} but {given} {were} given", code.qualname),
        )
    }

    /// `Class(args)`: a new instance, initialised.
    fn instantiate(
        &mut self,
        class: &Rc<Class>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> Result<Value, Flow> {
        let base_exc = self.exc.class("BaseException").expect("built in");
        let inst = crate::value::heap::instance(Instance::new(class.clone()));
        let obj = Value::Instance(inst.clone());
        if class.is_sub(&base_exc) {
            inst.attrs
                .borrow_mut()
                .insert(Key::str("args"), Value::tuple(args.clone()));
        }
        match class.lookup("__init__") {
            Some(init @ Value::Func(_)) => {
                let mut all = vec![obj.clone()];
                all.extend(args);
                let r = self.call_value(init, all, kwargs)?;
                if !matches!(r, Value::None) {
                    return Err(self.raise(
                        "TypeError",
                        format!("__init__() should return None, not '{}'", r.type_name()),
                    ));
                }
            }
            _ if class.is_sub(&base_exc) => {}
            _ if !args.is_empty() || !kwargs.is_empty() => {
                return Err(self.raise("TypeError", format!("{}() takes no arguments", class.name)));
            }
            _ => {}
        }
        Ok(obj)
    }

    /// A class from its body's function, its name and its bases.
    pub(super) fn build_class(
        &mut self,
        name: Value,
        body: Value,
        bases: Vec<Value>,
    ) -> Result<Value, Flow> {
        let Value::Str(name) = name else {
            unreachable!("a class's name is a text")
        };
        let mut base_classes = Vec::new();
        for b in bases {
            match b {
                Value::Class(c) => base_classes.push(c),
                other => {
                    return Err(Flow::Refuse(format!(
                        "a class deriving from `{}` is not modelled by GIL Lab: derive from a class of the program, an exception or object",
                        self.type_label(&other)
                    )));
                }
            }
        }
        if base_classes.is_empty() {
            base_classes.push(self.exc.object.clone());
        }
        let mro = self.c3(&name, &base_classes)?;
        let ns = crate::value::heap::dict_rc(Dict::default());
        let Value::Func(func) = body else {
            unreachable!("a class body is a function")
        };
        let mut frame = self.frame_for(&func, Vec::new(), Vec::new())?;
        frame.namespace = Some(ns.clone());
        self.run_nested(frame)?;
        let mut attrs = ns.borrow().clone();
        // A class that defines `__eq__` and not `__hash__` is unhashable, as in CPython.
        if attrs.contains_key(&Key::str("__eq__")) && !attrs.contains_key(&Key::str("__hash__")) {
            attrs.insert(Key::str("__hash__"), Value::None);
        }
        Ok(Value::Class(crate::value::heap::class(Class {
            name,
            bases: base_classes,
            mro,
            attrs: RefCell::new(attrs),
            builtin: false,
        })))
    }

    fn type_label(&self, v: &Value) -> String {
        match v {
            Value::Native(n) => n.name.to_string(),
            v => v.type_name().to_string(),
        }
    }

    /// C3 linearisation of the bases (the new class itself not included).
    fn c3(&self, name: &str, bases: &[Rc<Class>]) -> Result<Vec<Rc<Class>>, Flow> {
        let mut seqs: Vec<Vec<Rc<Class>>> = bases
            .iter()
            .map(|b| {
                std::iter::once(b.clone())
                    .chain(b.mro.iter().cloned())
                    .collect()
            })
            .collect();
        seqs.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let head = seqs
                .iter()
                .map(|s| s[0].clone())
                .find(|h| !seqs.iter().any(|s| s[1..].iter().any(|c| Rc::ptr_eq(c, h))));
            let Some(head) = head else {
                return Err(self.raise(
                    "TypeError",
                    format!("Cannot create a consistent method resolution order (MRO) for bases of {name}"),
                ));
            };
            for s in &mut seqs {
                if Rc::ptr_eq(&s[0], &head) {
                    s.remove(0);
                }
            }
            out.push(head);
        }
    }

    /// `super()` in a method of the class that defines the running function.
    pub(super) fn make_super(&mut self, obj: Value) -> Result<Value, Flow> {
        let code = self.top().code.clone();
        let class = match &obj {
            Value::Instance(i) => i.class.clone(),
            Value::Class(c) => c.clone(),
            _ => {
                return Err(Flow::Refuse(
                    "`super()` outside a method is not modelled by GIL Lab".into(),
                ));
            }
        };
        let defines = |c: &Rc<Class>| {
            c.attrs.borrow().values().any(|v| match v {
                Value::Func(f) => Rc::ptr_eq(&f.code, &code),
                Value::Wrapper(w) => match &w.1 {
                    Value::Func(f) => Rc::ptr_eq(&f.code, &code),
                    Value::Tuple(t) => t
                        .iter()
                        .any(|g| matches!(g, Value::Func(f) if Rc::ptr_eq(&f.code, &code))),
                    _ => false,
                },
                _ => false,
            })
        };
        let owner = std::iter::once(&class)
            .chain(class.mro.iter())
            .find(|c| defines(c))
            .cloned();
        match owner {
            Some(owner) => Ok(Value::Super(Rc::new((owner, obj)))),
            None => Err(Flow::Refuse(
                "`super()` here is not modelled by GIL Lab: call the base class by name".into(),
            )),
        }
    }

    /// The keyword arguments of a `**mapping` call.
    pub(super) fn kwargs_of(&mut self, v: Option<Value>) -> Result<Kwargs, Flow> {
        let Some(Value::Dict(d)) = v else {
            return Err(self.raise("TypeError", "argument after ** must be a mapping"));
        };
        let mut out = Vec::new();
        for (k, v) in d.borrow().iter() {
            match &k.0 {
                Value::Str(s) => out.push((s.clone(), v.clone())),
                _ => return Err(self.raise("TypeError", "keywords must be strings")),
            }
        }
        Ok(out)
    }
}
