//! Subscripts and the other ways values are taken apart or filled: indexing and slicing with
//! CPython's rules (negative indices, steps, `slice.indices`), item assignment and deletion,
//! unpacking into targets, adding to a container being built, and exceptions raised or caught
//! by class.

use super::{Flow, Vm};
use crate::value::Value;
use crate::value::num;

/// `slice.indices(len)`: start, stop and step clamped to a sequence of `len` items.
pub fn slice_indices(s: &[Value; 3], len: i64) -> Result<(i64, i64, i64), &'static str> {
    let step = match &s[2] {
        Value::None => 1,
        v => num::to_i64(v)
            .ok_or("slice indices must be integers or None or have an __index__ method")?,
    };
    if step == 0 {
        return Err("slice step cannot be zero");
    }
    let bound = |v: &Value, default: i64| -> Result<i64, &'static str> {
        let Value::None = v else {
            let i = num::to_i64(v)
                .or_else(|| {
                    num::to_big(v).map(|b| {
                        if b.sign() == num_bigint::Sign::Minus {
                            i64::MIN
                        } else {
                            i64::MAX
                        }
                    })
                })
                .ok_or("slice indices must be integers or None or have an __index__ method")?;
            let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
            let i = if i < 0 { i.saturating_add(len) } else { i };
            return Ok(i.clamp(lo, hi));
        };
        Ok(default)
    };
    let (dstart, dstop) = if step < 0 { (len - 1, -1) } else { (0, len) };
    Ok((bound(&s[0], dstart)?, bound(&s[1], dstop)?, step))
}

/// The positions a slice takes, in order.
fn positions(start: i64, stop: i64, step: i64) -> impl Iterator<Item = usize> {
    let mut i = start;
    std::iter::from_fn(move || {
        let more = if step > 0 { i < stop } else { i > stop };
        more.then(|| {
            let v = i;
            i += step;
            v as usize
        })
    })
}

impl Vm {
    fn index_of(&self, idx: &Value, len: usize, what: &str) -> Result<usize, Flow> {
        let i = num::to_i64(idx).unwrap_or(i64::MAX);
        let i = if i < 0 { i + len as i64 } else { i };
        if i < 0 || i >= len as i64 {
            return Err(self.raise("IndexError", format!("{what} index out of range")));
        }
        Ok(i as usize)
    }

    /// The position `l[idx] = ...` or `del l[idx]` takes (CPython's message when out of range).
    fn assigned_index(
        &self,
        l: &std::cell::RefCell<Vec<Value>>,
        idx: &Value,
    ) -> Result<usize, Flow> {
        let n = l.borrow().len();
        self.index_of(idx, n, "list")
            .map_err(|_| self.raise("IndexError", "list assignment index out of range"))
    }

    fn bad_index(&self, obj: &Value, idx: &Value) -> Flow {
        let t = obj.type_name();
        let msg = match obj {
            Value::Str(_) => format!("string indices must be integers, not '{}'", idx.type_name()),
            _ => format!(
                "{t} indices must be integers or slices, not {}",
                idx.type_name()
            ),
        };
        self.raise("TypeError", msg)
    }

    pub fn subscript(&mut self, obj: &Value, idx: &Value) -> Result<Value, Flow> {
        let is_int = matches!(idx, Value::Int(_) | Value::Big(_) | Value::Bool(_));
        match (obj, idx) {
            (Value::Dict(d), _) => {
                let k = self.key(idx.clone())?;
                let v = d.borrow().get(&k).cloned();
                v.ok_or_else(|| Flow::Raise(self.exc.make("KeyError", vec![idx.clone()])))
            }
            (
                Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(..),
                Value::Slice(s),
            ) => self.slice(obj, s),
            (Value::List(l), _) if is_int => {
                let l = l.borrow();
                let i = self.index_of(idx, l.len(), "list")?;
                Ok(l[i].clone())
            }
            (Value::Tuple(t), _) if is_int => {
                let i = self.index_of(idx, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            (Value::Str(s), _) if is_int => {
                let n = s.chars().count();
                let i = self.index_of(idx, n, "string")?;
                Ok(Value::str(
                    s.chars().nth(i).expect("in range").encode_utf8(&mut [0; 4]),
                ))
            }
            (Value::Range(a, _, c), _) if is_int => {
                let n = super::iter::range_len(obj) as usize;
                let i = self.index_of(idx, n, "range object")?;
                Ok(Value::Int(a + c * i as i64))
            }
            (Value::List(_) | Value::Tuple(_) | Value::Str(_), _) => Err(self.bad_index(obj, idx)),
            (Value::Instance(i), _) if i.class.lookup("__getitem__").is_some() => {
                let m = self.getattr(obj, "__getitem__")?;
                self.call_value(m, vec![idx.clone()], Vec::new())
            }
            (Value::Class(_), _) => Err(Flow::Refuse(
                "type hints like `list[int]` are not modelled by GIL Lab outside annotations"
                    .into(),
            )),
            _ => Err(self.raise(
                "TypeError",
                format!("'{}' object is not subscriptable", obj.type_name()),
            )),
        }
    }

    fn slice(&mut self, obj: &Value, s: &[Value; 3]) -> Result<Value, Flow> {
        let len = match obj {
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            Value::Str(s) => s.chars().count(),
            _ => super::iter::range_len(obj) as usize,
        } as i64;
        let (start, stop, step) = slice_indices(s, len).map_err(|m| self.slice_error(m))?;
        let pick = |items: &[Value]| {
            positions(start, stop, step)
                .map(|i| items[i].clone())
                .collect::<Vec<_>>()
        };
        Ok(match obj {
            Value::List(l) => Value::list(pick(&l.borrow())),
            Value::Tuple(t) => Value::tuple(pick(t)),
            Value::Str(text) => {
                let chars: Vec<char> = text.chars().collect();
                let s: String = positions(start, stop, step).map(|i| chars[i]).collect();
                Value::str(&s)
            }
            Value::Range(a, _, c) => {
                let first = a + c * start;
                let n = positions(start, stop, step).count() as i64;
                Value::Range(first, first + c * step * n, c * step)
            }
            _ => unreachable!("sliced a sequence"),
        })
    }

    fn slice_error(&self, m: &str) -> Flow {
        let kind = if m.starts_with("slice step") {
            "ValueError"
        } else {
            "TypeError"
        };
        self.raise(kind, m)
    }

    pub fn store_subscript(&mut self, obj: &Value, idx: &Value, v: Value) -> Result<(), Flow> {
        match (obj, idx) {
            (Value::Dict(d), _) => {
                let k = self.key(idx.clone())?;
                d.borrow_mut().insert(k, v);
                self.check_size(d.borrow().len())
            }
            (Value::List(l), Value::Slice(s)) => {
                let items = self.collect(&v)?;
                let len = l.borrow().len() as i64;
                let (start, stop, step) = slice_indices(s, len).map_err(|m| self.slice_error(m))?;
                let mut list = l.borrow_mut();
                if step == 1 {
                    let stop = stop.max(start);
                    list.splice(start as usize..stop as usize, items);
                    return Ok(());
                }
                let at: Vec<usize> = positions(start, stop, step).collect();
                if at.len() != items.len() {
                    drop(list);
                    return Err(self.raise(
                        "ValueError",
                        format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            at.len()
                        ),
                    ));
                }
                for (i, x) in at.into_iter().zip(items) {
                    list[i] = x;
                }
                Ok(())
            }
            (Value::List(l), _) if num::to_i64(idx).is_some() => {
                let i = self.assigned_index(l, idx)?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            (Value::List(_), _) => Err(self.bad_index(obj, idx)),
            (Value::Instance(i), _) if i.class.lookup("__setitem__").is_some() => {
                let m = self.getattr(obj, "__setitem__")?;
                self.call_value(m, vec![idx.clone(), v], Vec::new())
                    .map(|_| ())
            }
            _ => Err(self.raise(
                "TypeError",
                format!(
                    "'{}' object does not support item assignment",
                    obj.type_name()
                ),
            )),
        }
    }

    pub fn del_subscript(&mut self, obj: &Value, idx: &Value) -> Result<(), Flow> {
        match (obj, idx) {
            (Value::Dict(d), _) => {
                let k = self.key(idx.clone())?;
                let gone = d.borrow_mut().shift_remove(&k);
                match gone {
                    Some(_) => Ok(()),
                    None => Err(Flow::Raise(self.exc.make("KeyError", vec![idx.clone()]))),
                }
            }
            (Value::List(l), Value::Slice(s)) => {
                let len = l.borrow().len() as i64;
                let (start, stop, step) = slice_indices(s, len).map_err(|m| self.slice_error(m))?;
                let mut at: Vec<usize> = positions(start, stop, step).collect();
                at.sort_unstable();
                let mut list = l.borrow_mut();
                for i in at.into_iter().rev() {
                    list.remove(i);
                }
                Ok(())
            }
            (Value::List(l), _) if num::to_i64(idx).is_some() => {
                let i = self.assigned_index(l, idx)?;
                l.borrow_mut().remove(i);
                Ok(())
            }
            (Value::Instance(i), _) if i.class.lookup("__delitem__").is_some() => {
                let m = self.getattr(obj, "__delitem__")?;
                self.call_value(m, vec![idx.clone()], Vec::new())
                    .map(|_| ())
            }
            _ => Err(self.raise(
                "TypeError",
                format!("'{}' object doesn't support item deletion", obj.type_name()),
            )),
        }
    }

    /// Appends to a list or adds to a set being built.
    pub(super) fn add_to(&mut self, target: &Value, v: Value) -> Result<(), Flow> {
        match target {
            Value::List(l) => {
                l.borrow_mut().push(v);
                self.check_size(l.borrow().len())
            }
            Value::Set(s) => {
                let k = self.key(v)?;
                s.borrow_mut().insert(k);
                self.check_size(s.borrow().len())
            }
            _ => unreachable!("the compiler builds a list or a set"),
        }
    }

    pub(super) fn dict_merge(&mut self, target: &Value, src: &Value) -> Result<(), Flow> {
        let (Value::Dict(t), Value::Dict(s)) = (target, src) else {
            return Err(self.raise(
                "TypeError",
                format!("'{}' object is not a mapping", src.type_name()),
            ));
        };
        let items: Vec<_> = s
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        t.borrow_mut().extend(items);
        Ok(())
    }

    /// The items of `v` for `n` targets (or `n` before and `after` after a starred one).
    pub(super) fn unpack(
        &mut self,
        v: &Value,
        n: usize,
        after: Option<usize>,
    ) -> Result<Vec<Value>, Flow> {
        if !matches!(
            v,
            Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Dict(_)
                | Value::Set(_)
                | Value::Range(..)
                | Value::Iter(_)
                | Value::Instance(_)
        ) {
            return Err(self.raise(
                "TypeError",
                format!("cannot unpack non-iterable {} object", v.type_name()),
            ));
        }
        let items = self.collect(v)?;
        match after {
            None if items.len() > n => Err(self.raise(
                "ValueError",
                format!("too many values to unpack (expected {n})"),
            )),
            None if items.len() < n => Err(self.raise(
                "ValueError",
                format!(
                    "not enough values to unpack (expected {n}, got {})",
                    items.len()
                ),
            )),
            None => Ok(items),
            Some(after) if items.len() < n + after => Err(self.raise(
                "ValueError",
                format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    n + after,
                    items.len()
                ),
            )),
            Some(after) => {
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(n);
                items.push(Value::list(middle));
                items.extend(tail);
                Ok(items)
            }
        }
    }

    /// Whether the exception `e` is caught by `except class:`.
    pub(super) fn exception_matches(&mut self, e: &Value, class: &Value) -> Result<bool, Flow> {
        let Value::Instance(i) = e else {
            return Ok(false);
        };
        match class {
            Value::Class(c) => Ok(i.class.is_sub(c)),
            Value::Tuple(t) => {
                for c in t.iter() {
                    if self.exception_matches(e, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.raise(
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// What `raise v` raises: an instance of an exception class.
    pub(super) fn exception_of(&mut self, v: Value) -> Result<Value, Flow> {
        let base = self.exc.class("BaseException").expect("built in");
        match &v {
            Value::Class(c) if c.is_sub(&base) => self.call_value(v, Vec::new(), Vec::new()),
            Value::Instance(i) if i.class.is_sub(&base) => Ok(v),
            _ => Err(self.raise("TypeError", "exceptions must derive from BaseException")),
        }
    }
}
