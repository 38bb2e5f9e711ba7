//! Iteration: the iterator of a value (`iter()`), the next item (`next()`), generators resumed
//! where they yielded, the lazy built-ins (`enumerate`, `zip`, `map`, `filter`), a program's
//! iterators (`__iter__`/`__next__`), and collecting an iterable into a list.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Exit, Flow, Frame, Vm};
use crate::value::{GenState, Iter, Key, Value};

/// The number of items of a `range`.
pub fn range_len(v: &Value) -> i64 {
    let Value::Range(start, stop, step) = *v else {
        return 0;
    };
    let (lo, hi, step) = if step > 0 {
        (start as i128, stop as i128, step as i128)
    } else {
        (stop as i128, start as i128, -(step as i128))
    };
    if lo >= hi {
        0
    } else {
        ((hi - lo - 1) / step + 1) as i64
    }
}

fn iter_value(it: Iter) -> Value {
    crate::value::heap::iter(it)
}

impl Vm {
    pub fn get_iter(&mut self, v: &Value) -> Result<Value, Flow> {
        Ok(match v {
            Value::List(_) | Value::Tuple(_) => iter_value(Iter::Seq(v.clone(), 0)),
            Value::Str(s) => iter_value(Iter::Chars(s.clone(), 0)),
            Value::Range(a, b, c) => iter_value(Iter::Range(*a, *b, *c)),
            Value::Dict(d) => {
                let keys = d.borrow().keys().map(|k| k.0.clone()).collect();
                iter_value(Iter::Items(keys, 0, Some((d.clone(), d.borrow().len()))))
            }
            Value::Set(s) => {
                let keys = s.borrow().iter().map(|k| k.0.clone()).collect();
                iter_value(Iter::Items(keys, 0, None))
            }
            Value::View(w) => {
                let d = w.1.borrow();
                let items = match w.0 {
                    0 => d.keys().map(|k| k.0.clone()).collect(),
                    1 => d.values().cloned().collect(),
                    _ => d
                        .iter()
                        .map(|(k, v)| Value::tuple(vec![k.0.clone(), v.clone()]))
                        .collect(),
                };
                iter_value(Iter::Items(items, 0, Some((w.1.clone(), d.len()))))
            }
            Value::Iter(_) => v.clone(),
            Value::Instance(i) if i.class.lookup("__iter__").is_some() => {
                let m = self.getattr(v, "__iter__")?;
                let r = self.call_value(m, Vec::new(), Vec::new())?;
                match &r {
                    Value::Iter(_) => r,
                    Value::Instance(j) if j.class.lookup("__next__").is_some() => {
                        iter_value(Iter::User(r.clone()))
                    }
                    _ => {
                        return Err(self.raise(
                            "TypeError",
                            format!("iter() returned non-iterator of type '{}'", r.type_name()),
                        ));
                    }
                }
            }
            Value::Instance(i) if i.class.lookup("__getitem__").is_some() => {
                return Err(Flow::Refuse(
                    "iterating with `__getitem__` is not modelled by GIL Lab: give the class `__iter__`".into(),
                ));
            }
            _ => {
                return Err(self.raise(
                    "TypeError",
                    format!("'{}' object is not iterable", v.type_name()),
                ));
            }
        })
    }

    /// The next item of an iterator, or `None` at its end.
    pub fn next(&mut self, it: &Value) -> Result<Option<Value>, Flow> {
        self.tick()?;
        let Value::Iter(rc) = it else {
            return Err(self.raise(
                "TypeError",
                format!("'{}' object is not an iterator", it.type_name()),
            ));
        };
        let mut st = rc.borrow_mut();
        match &mut *st {
            Iter::Seq(seq, i) => {
                let item = match seq {
                    Value::List(l) => l.borrow().get(*i).cloned(),
                    Value::Tuple(t) => t.get(*i).cloned(),
                    _ => None,
                };
                *i += 1;
                Ok(item)
            }
            Iter::Chars(s, i) => {
                let c = s[*i..].chars().next();
                Ok(c.map(|c| {
                    *i += c.len_utf8();
                    Value::str(c.encode_utf8(&mut [0; 4]))
                }))
            }
            Iter::Range(cur, stop, step) => {
                let more = if *step > 0 {
                    *cur < *stop
                } else {
                    *cur > *stop
                };
                if !more {
                    return Ok(None);
                }
                let v = *cur;
                *cur = cur.saturating_add(*step);
                if *cur == v {
                    *cur = *stop;
                }
                Ok(Some(Value::Int(v)))
            }
            Iter::Items(items, i, dict) => {
                if let Some((d, len)) = dict
                    && d.borrow().len() != *len
                {
                    drop(st);
                    return Err(
                        self.raise("RuntimeError", "dictionary changed size during iteration")
                    );
                }
                let v = items.get(*i).cloned();
                *i += 1;
                Ok(v)
            }
            Iter::Gen(..) => {
                drop(st);
                self.resume(rc)
            }
            Iter::Enumerate(inner, n) => {
                let (inner, k) = (inner.clone(), *n);
                *n += 1;
                drop(st);
                Ok(self
                    .next(&inner)?
                    .map(|v| Value::tuple(vec![Value::Int(k), v])))
            }
            Iter::Zip(iters) => {
                let iters = iters.clone();
                drop(st);
                let mut out = Vec::with_capacity(iters.len());
                for i in &iters {
                    match self.next(i)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                Ok((!iters.is_empty()).then(|| Value::tuple(out)))
            }
            Iter::Map(f, iters) => {
                let (f, iters) = (f.clone(), iters.clone());
                drop(st);
                let mut args = Vec::with_capacity(iters.len());
                for i in &iters {
                    match self.next(i)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                self.call_value(f, args, Vec::new()).map(Some)
            }
            Iter::Filter(f, inner) => {
                let (f, inner) = (f.clone(), inner.clone());
                drop(st);
                while let Some(v) = self.next(&inner)? {
                    let keep = match &f {
                        Value::None => v.clone(),
                        f => self.call_value(f.clone(), vec![v.clone()], Vec::new())?,
                    };
                    if self.truthy(&keep)? {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
            Iter::Coro(_) => {
                drop(st);
                Err(self.raise("TypeError", "'coroutine' object is not an iterator"))
            }
            Iter::User(obj) => {
                let obj = obj.clone();
                drop(st);
                let m = self.getattr(&obj, "__next__")?;
                match self.call_value(m, Vec::new(), Vec::new()) {
                    Ok(v) => Ok(Some(v)),
                    Err(Flow::Raise(e)) if self.is_instance_of(&e, "StopIteration") => Ok(None),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// Runs a generator from where it stopped to its next `yield` (or its end).
    fn resume(&mut self, rc: &Rc<RefCell<Iter>>) -> Result<Option<Value>, Flow> {
        self.resume_with(rc, None)
    }

    /// Resumes a generator; with `inject`, the exception is raised where it stopped (as
    /// `close()` raises `GeneratorExit`).
    pub(super) fn resume_with(
        &mut self,
        rc: &Rc<RefCell<Iter>>,
        inject: Option<Value>,
    ) -> Result<Option<Value>, Flow> {
        let (frame, state) = {
            let mut st = rc.borrow_mut();
            let Iter::Gen(frame, state, _) = &mut *st else {
                unreachable!("a generator")
            };
            match state {
                GenState::Done => return Ok(None),
                GenState::Running => {
                    drop(st);
                    return Err(self.raise("ValueError", "generator already executing"));
                }
                GenState::Fresh if inject.is_some() => {
                    *state = GenState::Done;
                    *frame = None;
                    return Ok(None);
                }
                _ => {}
            }
            let was = *state;
            *state = GenState::Running;
            (
                frame.take().expect("a suspended generator keeps its frame"),
                was,
            )
        };
        let mut frame = *frame;
        if state == GenState::Suspended && inject.is_none() {
            frame.stack.push(Value::None);
        }
        let base = self.frames.len();
        let r = match self.enter(frame) {
            Ok(()) => {
                self.nesting += 1;
                let r = match inject {
                    Some(e) if !self.unwind(Flow::Raise(e.clone()), base) => Err(Flow::Raise(e)),
                    _ => self.run_until(base),
                };
                self.nesting -= 1;
                r
            }
            Err(e) => Err(e),
        };
        let mut st = rc.borrow_mut();
        let Iter::Gen(slot, state, value) = &mut *st else {
            unreachable!("a generator")
        };
        match r {
            Ok(Exit::Yield(v, frame)) => {
                *slot = Some(frame);
                *state = GenState::Suspended;
                Ok(Some(v))
            }
            Ok(Exit::Return(v)) => {
                *state = GenState::Done;
                *value = Some(v);
                Ok(None)
            }
            Err(e) => {
                *state = GenState::Done;
                Err(e)
            }
        }
    }

    /// A `for` loop over a generator: the generator's frame goes on top of this stack (so the
    /// thread can wait inside it, and stop between its operations); false if the iterator on
    /// top is not a generator that can be resumed so.
    pub(super) fn resume_in_place(&mut self, exit: u32, keep: bool) -> Result<bool, Flow> {
        let it = self.top().stack.last().cloned().expect("balanced");
        let Value::Iter(rc) = &it else {
            return Ok(false);
        };
        let mut frame = {
            let mut st = rc.borrow_mut();
            let Iter::Gen(slot, state @ (GenState::Fresh | GenState::Suspended), _) = &mut *st
            else {
                return Ok(false);
            };
            let Some(mut frame) = slot.take() else {
                return Ok(false);
            };
            if *state == GenState::Suspended {
                frame.stack.push(Value::None);
            }
            *state = GenState::Running;
            frame
        };
        self.tick()?;
        frame.resumed_by = Some((rc.clone(), exit, keep));
        self.enter(*frame)?;
        Ok(true)
    }

    /// A generator's frame yielded: if a `for` loop on this stack resumed it, it goes back into
    /// its iterator and the value to the loop (`None`); else the frame and value for the
    /// caller that resumed it.
    pub(super) fn gen_yielded(&mut self, mut frame: Frame, v: Value) -> Option<(Frame, Value)> {
        let Some((rc, _, _)) = frame.resumed_by.take() else {
            return Some((frame, v));
        };
        if let Iter::Gen(slot, state, _) = &mut *rc.borrow_mut() {
            *slot = Some(Box::new(frame));
            *state = GenState::Suspended;
        }
        self.push(v);
        None
    }

    /// A frame returned `v`: a generator resumed by a `for` loop is finished and the loop goes
    /// to its end (`None`); any other frame's value is given back.
    pub(super) fn gen_returned(&mut self, frame: Frame, v: Value) -> Option<Value> {
        let Some((rc, exit, keep)) = frame.resumed_by else {
            return Some(frame.init_of.unwrap_or(v));
        };
        if let Iter::Gen(_, state, value) = &mut *rc.borrow_mut() {
            *state = GenState::Done;
            *value = Some(v);
        }
        if !keep {
            self.pop();
        }
        self.top().pc = exit as usize;
        None
    }

    /// The value a finished generator returned (once); `None` for other iterators.
    pub fn take_return(&mut self, it: &Value) -> Option<Value> {
        match it {
            Value::Iter(rc) => match &mut *rc.borrow_mut() {
                Iter::Gen(_, GenState::Done, value) => value.take(),
                _ => None,
            },
            _ => None,
        }
    }

    /// `generator.close()`: `GeneratorExit` raised where it stopped, its `finally` run.
    pub fn close_generator(&mut self, it: &Value) -> Result<(), Flow> {
        let Value::Iter(rc) = it else { return Ok(()) };
        let exit = self.exc.make("GeneratorExit", Vec::new());
        match self.resume_with(rc, Some(exit)) {
            Ok(None) => Ok(()),
            Ok(Some(_)) => Err(self.raise("RuntimeError", "generator ignored GeneratorExit")),
            Err(Flow::Raise(e))
                if self.is_instance_of(&e, "GeneratorExit")
                    || self.is_instance_of(&e, "StopIteration") =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Every item of an iterable.
    pub fn collect(&mut self, v: &Value) -> Result<Vec<Value>, Flow> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            Value::Range(..) => self.check_size(range_len(v) as usize)?,
            _ => {}
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
            if out.len() > self.limits.max_items {
                return Err(self.too_big());
            }
        }
        Ok(out)
    }

    /// A value as a dict key or set member (refusing the unhashable, as CPython does).
    pub fn key(&mut self, v: Value) -> Result<Key, Flow> {
        if !v.hashable() {
            let name = match &v {
                Value::Tuple(t) => t
                    .iter()
                    .find(|x| !x.hashable())
                    .map_or(v.type_name(), Value::type_name),
                _ => v.type_name(),
            };
            return Err(self.raise("TypeError", format!("unhashable type: '{name}'")));
        }
        if let Value::Instance(i) = &v {
            match i.class.lookup("__hash__") {
                Some(Value::None) => {
                    return Err(
                        self.raise("TypeError", format!("unhashable type: '{}'", i.class.name))
                    );
                }
                Some(_) => {
                    return Err(Flow::Refuse(
                        "objects with their own `__hash__` as dict keys or set members are not modelled by GIL Lab"
                            .into(),
                    ));
                }
                None => {}
            }
        }
        Ok(Key(v))
    }

    /// Whether an exception is an instance of the built-in class `name` (or derives from it).
    pub fn is_instance_of(&self, e: &Value, name: &str) -> bool {
        match (e, self.exc.class(name)) {
            (Value::Instance(i), Some(c)) => i.class.is_sub(&c),
            _ => false,
        }
    }
}
