//! The ops that build values and call: lists, tuples, sets and dicts (and comprehensions
//! adding to them), unpacking, f-string parts, calls, functions and classes, `with`, imports.

use std::rc::Rc;

use super::step::Step;
use super::{Flow, Frame, Vm};
use crate::compile::{Kind, Op};
use crate::value::{Dict, Func, Key, Value};

impl Vm {
    pub(super) fn step_build(&mut self, op: Op) -> Step {
        match op {
            Op::BuildList(n) => {
                let v = self.pop_n(n as usize);
                self.push(Value::list(v));
            }
            Op::BuildTuple(n) => {
                let v = self.pop_n(n as usize);
                self.push(Value::tuple(v));
            }
            Op::BuildSet(n) => {
                let v = self.pop_n(n as usize);
                let mut set = crate::value::Set::new();
                for x in v {
                    set.insert(self.key(x)?);
                }
                self.push(crate::value::heap::set(set));
            }
            Op::BuildMap(n) => {
                let v = self.pop_n(2 * n as usize);
                let mut d = Dict::default();
                let mut it = v.into_iter();
                while let (Some(k), Some(val)) = (it.next(), it.next()) {
                    d.insert(self.key(k)?, val);
                }
                self.push(crate::value::heap::dict(d));
            }
            Op::ListAppend(n) | Op::SetAdd(n) => {
                let v = self.pop();
                let s = &self.top().stack;
                let target = s[s.len() - n as usize].clone();
                self.add_to(&target, v)?;
            }
            Op::MapAdd(n) => {
                let v = self.pop();
                let k = self.pop();
                let s = &self.top().stack;
                let target = s[s.len() - n as usize].clone();
                let k = self.key(k)?;
                if let Value::Dict(d) = target {
                    d.borrow_mut().insert(k, v);
                    self.check_size(d.borrow().len())?;
                }
            }
            Op::ListExtend | Op::SetExtend => {
                let src = self.pop();
                let items = self.collect(&src)?;
                let target = self.top().stack.last().cloned().expect("balanced");
                for v in items {
                    self.add_to(&target, v)?;
                }
            }
            Op::DictMerge => {
                let src = self.pop();
                let target = self.top().stack.last().cloned().expect("balanced");
                self.dict_merge(&target, &src)?;
            }
            Op::ListToTuple => {
                let v = self.pop();
                if let Value::List(l) = v {
                    let items = l.borrow().clone();
                    self.push(Value::tuple(items));
                }
            }
            Op::Unpack(n) => {
                let v = self.pop();
                let items = self.unpack(&v, n as usize, None)?;
                self.top().stack.extend(items.into_iter().rev());
            }
            Op::UnpackEx(before, after) => {
                let v = self.pop();
                let items = self.unpack(&v, before as usize, Some(after as usize))?;
                self.top().stack.extend(items.into_iter().rev());
            }
            Op::Format(conv, has_spec) => {
                let spec = if has_spec { Some(self.pop()) } else { None };
                let v = self.pop();
                let s = self.format_op(v, conv, spec)?;
                self.push(s);
            }
            Op::ConstSet(k, reinterned, frozen) => {
                let Value::Tuple(items) = self.top().code.consts[k as usize].clone() else {
                    unreachable!("a constant set's items are a tuple")
                };
                let keys: Vec<Key> = items.iter().cloned().map(Key).collect();
                let set = if frozen {
                    crate::value::Set::const_frozenset(keys, reinterned)
                } else {
                    crate::value::Set::from_const_display(keys, reinterned)
                };
                self.push(crate::value::heap::set(set));
            }
            Op::BuildString(n) => {
                let parts = self.pop_n(n as usize);
                let mut s = String::new();
                for p in parts {
                    if let Value::Str(t) = p {
                        s.push_str(&t);
                    }
                }
                self.check_size(s.len())?;
                self.push(Value::str(&s));
            }
            _ => return self.step_call(op),
        }
        Ok(None)
    }

    fn step_call(&mut self, op: Op) -> Step {
        match op {
            Op::Call(n) => {
                let args = self.pop_n(n as usize);
                let f = self.pop();
                self.call_op(f, args, Vec::new())?;
            }
            Op::CallKw(n, k) => {
                let names = self.top().code.consts[k as usize].clone();
                let Value::Tuple(names) = names else {
                    unreachable!("keyword names are a tuple")
                };
                let mut args = self.pop_n(n as usize);
                let kwvals = args.split_off(args.len() - names.len());
                let kwargs = names
                    .iter()
                    .zip(kwvals)
                    .map(|(n, v)| match n {
                        Value::Str(s) => (s.clone(), v),
                        _ => unreachable!("names are texts"),
                    })
                    .collect();
                let f = self.pop();
                self.call_op(f, args, kwargs)?;
            }
            Op::CallEx(has_kw) => {
                let kwargs = if has_kw {
                    let top = self.top().stack.last().cloned();
                    self.kwargs_of(top)?
                } else {
                    Vec::new()
                };
                if has_kw {
                    self.pop();
                }
                let args = self.pop();
                let Value::Tuple(args) = args else {
                    unreachable!("the compiler builds a tuple")
                };
                let f = self.pop();
                self.call_op(f, args.to_vec(), kwargs)?;
            }
            Op::MakeFunction(k, flags) => {
                let closure = if flags & 4 != 0 {
                    Some(self.pop())
                } else {
                    None
                };
                let kwdefaults = if flags & 2 != 0 {
                    Some(self.pop())
                } else {
                    None
                };
                let defaults = if flags & 1 != 0 {
                    Some(self.pop())
                } else {
                    None
                };
                let f = self.make_function(k, defaults, kwdefaults, closure);
                self.push(f);
            }
            Op::BuildClass(name, n) => {
                let bases = self.pop_n(n as usize);
                let body = self.pop();
                let name = self.top().code.consts[name as usize].clone();
                let class = self.build_class(name, body, bases)?;
                self.push(class);
            }
            Op::Super => {
                let obj = self.pop();
                let v = self.make_super(obj)?;
                self.push(v);
            }
            Op::EnterWith => {
                let ctx = self.pop();
                let exit = self.getattr(&ctx, "__exit__")?;
                let enter = self.getattr(&ctx, "__enter__")?;
                // `exit` first: if `__enter__` blocks (a lock), its value is pushed on resume;
                // a Python `__enter__` runs in a frame of its own (it may block too).
                self.push(exit);
                self.call_op(enter, Vec::new(), Vec::new())?;
            }
            Op::EnterAsyncWith => {
                let ctx = self.pop();
                let exit = self.async_method(&ctx, "__aexit__")?;
                let enter = self.async_method(&ctx, "__aenter__")?;
                self.push(exit);
                self.call_op(enter, Vec::new(), Vec::new())?;
            }
            Op::Await => {
                let v = self.pop();
                self.await_op(v)?;
            }
            Op::ExitWith => {
                // A Python `__exit__` runs in a frame of its own (it may wait: a pool's
                // shutdown joins its threads); its value is pushed, and dropped by a `Pop`.
                let exit = self.pop();
                self.call_op(
                    exit,
                    vec![Value::None, Value::None, Value::None],
                    Vec::new(),
                )?;
            }
            Op::ExitWithExc | Op::ExitAsyncWithExc => {
                let e = self.pop();
                let exit = self.pop();
                let class = match &e {
                    Value::Instance(i) => Value::Class(i.class.clone()),
                    _ => Value::None,
                };
                let r = self.call_value(exit, vec![class, e.clone(), Value::None], Vec::new())?;
                // An `async with`'s `__aexit__` gives a coroutine: it runs to its end here.
                let r = if op == Op::ExitAsyncWithExc {
                    self.await_nested(r)?
                } else {
                    r
                };
                if !self.truthy(&r)? {
                    return Err(Flow::Raise(e));
                }
            }
            Op::Import(k) => {
                let name = self.top().code.consts[k as usize].clone();
                let Value::Str(name) = name else {
                    unreachable!("a module's name is a text")
                };
                // The natives the libraries are written over are theirs, not the program's.
                if crate::libs::PRIVATE.contains(&name.as_ref()) && !self.top().code.library {
                    return Err(self.unknown_module(&name));
                }
                match self.module(&name)? {
                    Some(m) => self.push(m),
                    None => return Err(self.unknown_module(&name)),
                }
            }
            Op::ImportFrom(i) => {
                let name = self.name(i);
                let m = self.pop();
                let v = match self.getattr(&m, &name) {
                    Ok(v) => v,
                    Err(Flow::Raise(_)) => {
                        let Value::Module(md) = &m else {
                            unreachable!("imported a module")
                        };
                        return Err(Flow::Refuse(format!(
                            "`{name}` from `{}` is not modelled by GIL Lab",
                            md.name
                        )));
                    }
                    Err(e) => return Err(e),
                };
                self.push(v);
            }
            other => unreachable!("every op has an arm: {other:?}"),
        }
        Ok(None)
    }

    fn unknown_module(&self, name: &str) -> Flow {
        Flow::Refuse(format!(
            "`import {name}`: GIL Lab does not model this module (it models math, time, random and the concurrency libraries as they come)"
        ))
    }

    fn make_function(
        &mut self,
        k: u32,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        closure: Option<Value>,
    ) -> Value {
        let f = self.top();
        let Value::Code(code) = f.code.consts[k as usize].clone() else {
            unreachable!("MakeFunction names code")
        };
        let defaults = match defaults {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        let kwdefaults = match kwdefaults {
            Some(Value::Dict(d)) => d
                .borrow()
                .iter()
                .filter_map(|(k, v)| match &k.0 {
                    Value::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let cells = match closure {
            Some(Value::Tuple(t)) => t
                .iter()
                .filter_map(|c| match c {
                    Value::Cell(c) => Some(c.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let globals = f.globals.clone();
        Value::Func(Rc::new(Func {
            code,
            defaults,
            kwdefaults,
            cells,
            globals,
        }))
    }

    /// Calls from an op: a Python function gets a frame on this stack (so a thread can stop
    /// inside it); anything else runs now and pushes its value.
    pub(super) fn call_op(
        &mut self,
        f: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> Result<(), Flow> {
        if let Value::Func(func) = &f
            && func.code.kind == Kind::Function
        {
            let frame = self.frame_for(func, args, kwargs)?;
            self.enter(frame)?;
            return Ok(());
        }
        if let Value::Bound(b) = &f
            && let Value::Func(func) = &b.1
            && func.code.kind == Kind::Function
        {
            // A method: a frame of its own too, with the object first.
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(b.0.clone());
            all.extend(args);
            let frame = self.frame_for(func, all, kwargs)?;
            self.enter(frame)?;
            return Ok(());
        }
        self.op_call = true;
        let v = self.call_value(f, args, kwargs);
        self.op_call = false;
        let v = v?;
        if !std::mem::take(&mut self.swallow) {
            self.push(v);
        }
        Ok(())
    }

    /// Pushes a frame, within the recursion limit.
    pub(super) fn enter(&mut self, frame: Frame) -> Result<(), Flow> {
        if self.frames.len() >= self.limits.max_depth {
            return Err(self.raise("RecursionError", "maximum recursion depth exceeded"));
        }
        self.frames.push(frame);
        self.charge(super::cost::CostKind::Frame);
        Ok(())
    }
}
