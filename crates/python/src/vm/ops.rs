//! Operators on values: arithmetic and its meaning on texts, lists, tuples, sets and dicts,
//! the special methods of a program's classes (`__add__`, `__radd__`, `__eq__`, `__lt__`,
//! `__bool__`, `__len__`, `__contains__`), equality and order as CPython defines them, truth,
//! and CPython's messages when an operator does not apply.

use std::cmp::Ordering;
use std::rc::Rc;

use super::{Flow, Vm};
use crate::compile::Cmp;
use crate::value::Value;
use crate::value::num::{self, NumErr, Op};

fn symbol(op: Op) -> &'static str {
    match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        Op::Div => "/",
        Op::FloorDiv => "//",
        Op::Mod => "%",
        Op::Pow => "**",
        Op::LShift => "<<",
        Op::RShift => ">>",
        Op::And => "&",
        Op::Or => "|",
        Op::Xor => "^",
    }
}

fn dunder(op: Op) -> (&'static str, &'static str) {
    match op {
        Op::Add => ("__add__", "__radd__"),
        Op::Sub => ("__sub__", "__rsub__"),
        Op::Mul => ("__mul__", "__rmul__"),
        Op::Div => ("__truediv__", "__rtruediv__"),
        Op::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        Op::Mod => ("__mod__", "__rmod__"),
        Op::Pow => ("__pow__", "__rpow__"),
        Op::LShift => ("__lshift__", "__rlshift__"),
        Op::RShift => ("__rshift__", "__rrshift__"),
        Op::And => ("__and__", "__rand__"),
        Op::Or => ("__or__", "__ror__"),
        Op::Xor => ("__xor__", "__rxor__"),
    }
}

impl Vm {
    /// Turns an error of arithmetic into the exception (or refusal) it is.
    pub fn num_err(&self, e: NumErr) -> Flow {
        match e {
            NumErr::Raise(kind, msg) => self.raise(kind, msg),
            NumErr::Cap(msg) => Flow::Refuse(msg),
        }
    }

    pub fn binary(&mut self, op: Op, a: &Value, b: &Value, inplace: bool) -> Result<Value, Flow> {
        if let Some(r) = num::binary(op, a, b) {
            return r.map_err(|e| self.num_err(e));
        }
        if let Some(v) = self.sequence_op(op, a, b, inplace)? {
            return Ok(v);
        }
        if let Some(v) = self.special_binary(op, a, b)? {
            return Ok(v);
        }
        let sym = if inplace {
            format!("{}=", symbol(op))
        } else {
            symbol(op).to_string()
        };
        let sym = if op == Op::Pow && !inplace {
            "** or pow()".to_string()
        } else {
            sym
        };
        let seq = |v: &Value| matches!(v, Value::Str(_) | Value::List(_) | Value::Tuple(_));
        let msg = match (op, a) {
            (Op::Mul, _) if seq(a) || seq(b) => {
                let other = if seq(a) { b } else { a };
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                )
            }
            (Op::Add, Value::Str(_) | Value::List(_) | Value::Tuple(_))
                if !inplace || !matches!(a, Value::List(_)) =>
            {
                format!(
                    "can only concatenate {} (not \"{}\") to {}",
                    a.type_name(),
                    b.type_name(),
                    a.type_name()
                )
            }
            _ => format!(
                "unsupported operand type(s) for {sym}: '{}' and '{}'",
                a.type_name(),
                b.type_name()
            ),
        };
        Err(self.raise("TypeError", msg))
    }

    fn repeat_count(&self, n: &Value, len: usize) -> Result<usize, Flow> {
        let n = num::to_i64(n).unwrap_or(i64::MAX).max(0) as u64;
        if n.saturating_mul(len as u64) > self.limits.max_items as u64 {
            return Err(self.too_big());
        }
        Ok(n as usize)
    }

    pub(super) fn too_big(&self) -> Flow {
        Flow::Refuse(format!(
            "a list, text, dict or set of more than {} items: GIL Lab caps the size of values",
            self.limits.max_items
        ))
    }

    pub fn check_size(&self, n: usize) -> Result<(), Flow> {
        if n > self.limits.max_items {
            Err(self.too_big())
        } else {
            Ok(())
        }
    }

    fn sequence_op(
        &mut self,
        op: Op,
        a: &Value,
        b: &Value,
        inplace: bool,
    ) -> Result<Option<Value>, Flow> {
        let is_int = |v: &Value| matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_));
        Ok(Some(match (op, a, b) {
            (Op::Add, Value::Str(x), Value::Str(y)) => {
                self.check_size(x.len() + y.len())?;
                Value::str(&format!("{x}{y}"))
            }
            (Op::Mul, Value::Str(s), n) | (Op::Mul, n, Value::Str(s)) if is_int(n) => {
                let k = self.repeat_count(n, s.len())?;
                Value::str(&s.repeat(k))
            }
            (Op::Mod, Value::Str(f), args) => Value::str(&self.percent(f, args)?),
            (Op::Add, Value::List(x), Value::List(y)) if !inplace => {
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                self.check_size(v.len())?;
                Value::list(v)
            }
            (Op::Add, Value::List(x), other) if inplace => {
                let items = self.collect(other)?;
                self.check_size(x.borrow().len() + items.len())?;
                x.borrow_mut().extend(items);
                a.clone()
            }
            (Op::Mul, Value::List(l), n) | (Op::Mul, n, Value::List(l)) if is_int(n) => {
                let items = l.borrow().clone();
                let k = self.repeat_count(n, items.len())?;
                let v: Vec<Value> = (0..k).flat_map(|_| items.iter().cloned()).collect();
                if inplace && matches!(a, Value::List(_)) {
                    *l.borrow_mut() = v;
                    a.clone()
                } else {
                    Value::list(v)
                }
            }
            (Op::Add, Value::Tuple(x), Value::Tuple(y)) => {
                Value::tuple(x.iter().chain(y.iter()).cloned().collect())
            }
            (Op::Mul, Value::Tuple(t), n) | (Op::Mul, n, Value::Tuple(t)) if is_int(n) => {
                let k = self.repeat_count(n, t.len())?;
                Value::tuple((0..k).flat_map(|_| t.iter().cloned()).collect())
            }
            (Op::Or | Op::And | Op::Sub | Op::Xor, Value::Set(x), Value::Set(y)) if inplace => {
                if Rc::ptr_eq(x, y) {
                    // The same set on both sides: `|=` keeps it, `-=` and `^=` empty it.
                    let mut s = x.borrow_mut();
                    match op {
                        Op::Or => {}
                        Op::And => s.compact(),
                        _ => s.clear(),
                    }
                } else {
                    let other = y.borrow().copy();
                    let mut s = x.borrow_mut();
                    match op {
                        Op::Or => s.update(&other),
                        Op::And => s.intersection_update(&other),
                        Op::Sub => s.difference_update(&other),
                        _ => s.symmetric_difference_update(&other),
                    }
                }
                a.clone()
            }
            (Op::Or, Value::Dict(x), Value::Dict(y)) if inplace => {
                let items: Vec<_> = y
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                x.borrow_mut().extend(items);
                a.clone()
            }
            (Op::Or | Op::And | Op::Sub | Op::Xor, Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let set = match op {
                    Op::Or => x.union(&y),
                    Op::And => x.intersection(&y),
                    Op::Sub => x.difference(&y),
                    _ => x.symmetric_difference(&y),
                };
                crate::value::heap::set(set)
            }
            (Op::Or, Value::Dict(x), Value::Dict(y)) => {
                let mut d = x.borrow().clone();
                d.extend(y.borrow().iter().map(|(k, v)| (k.clone(), v.clone())));
                crate::value::heap::dict(d)
            }
            _ => return Ok(None),
        }))
    }

    /// `a.__op__(b)`, then `b.__rop__(a)`, for instances of the program's classes.
    fn special_binary(&mut self, op: Op, a: &Value, b: &Value) -> Result<Option<Value>, Flow> {
        let (name, rname) = dunder(op);
        if let Value::Instance(i) = a
            && i.class.lookup(name).is_some()
        {
            let m = self.getattr(a, name)?;
            let r = self.call_value(m, vec![b.clone()], Vec::new())?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(Some(r));
            }
        }
        if let Value::Instance(i) = b
            && i.class.lookup(rname).is_some()
        {
            let m = self.getattr(b, rname)?;
            let r = self.call_value(m, vec![a.clone()], Vec::new())?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }

    pub fn unary(&mut self, op: char, v: &Value) -> Result<Value, Flow> {
        if let Some(r) = num::unary(op, v) {
            return r.map_err(|e| self.num_err(e));
        }
        let name = match op {
            '-' => "__neg__",
            '+' => "__pos__",
            _ => "__invert__",
        };
        if let Value::Instance(i) = v
            && i.class.lookup(name).is_some()
        {
            let m = self.getattr(v, name)?;
            return self.call_value(m, Vec::new(), Vec::new());
        }
        Err(self.raise(
            "TypeError",
            format!("bad operand type for unary {op}: '{}'", v.type_name()),
        ))
    }

    pub fn compare(&mut self, c: Cmp, a: &Value, b: &Value) -> Result<Value, Flow> {
        let r = match c {
            Cmp::Is => is(a, b),
            Cmp::IsNot => !is(a, b),
            Cmp::In => self.contains(b, a)?,
            Cmp::NotIn => !self.contains(b, a)?,
            Cmp::Eq => return self.eq_value(a, b),
            Cmp::Ne => {
                let e = self.eq_value(a, b)?;
                return Ok(Value::Bool(!self.truthy(&e)?));
            }
            _ => return self.order_value(c, a, b),
        };
        Ok(Value::Bool(r))
    }

    /// `a == b` as a value (a program's `__eq__` may return anything).
    pub fn eq_value(&mut self, a: &Value, b: &Value) -> Result<Value, Flow> {
        for (x, y) in [(a, b), (b, a)] {
            if let Value::Instance(i) = x
                && i.class.lookup("__eq__").is_some()
            {
                let m = self.getattr(x, "__eq__")?;
                let r = self.call_value(m, vec![y.clone()], Vec::new())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        Ok(Value::Bool(self.eq_builtin(a, b)?))
    }

    /// Python's `==` between two values, as a truth.
    pub fn eq(&mut self, a: &Value, b: &Value) -> Result<bool, Flow> {
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            let r = self.eq_value(a, b)?;
            return self.truthy(&r);
        }
        self.eq_builtin(a, b)
    }

    fn eq_builtin(&mut self, a: &Value, b: &Value) -> Result<bool, Flow> {
        Ok(match (a, b) {
            _ if a.is_number() && b.is_number() => num::eq(a, b),
            (Value::Str(x), Value::Str(y)) => x == y,
            (Value::None, Value::None) => true,
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(&x, &y)?
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.seq_eq(x, y)?,
            (Value::Dict(x), Value::Dict(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in &x {
                    match y.get(k) {
                        Some(w) if self.eq(v, w)? => {}
                        _ => return Ok(false),
                    }
                }
                true
            }
            (Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len() && x.iter().all(|k| y.contains(k))
            }
            (Value::Range(a1, b1, c1), Value::Range(a2, b2, c2)) => (a1, b1, c1) == (a2, b2, c2),
            _ => is(a, b),
        })
    }

    fn seq_eq(&mut self, x: &[Value], y: &[Value]) -> Result<bool, Flow> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (a, b) in x.iter().zip(y) {
            if !(is(a, b) || self.eq(a, b)?) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn order_value(&mut self, c: Cmp, a: &Value, b: &Value) -> Result<Value, Flow> {
        let (name, rname, sym) = match c {
            Cmp::Lt => ("__lt__", "__gt__", "<"),
            Cmp::Le => ("__le__", "__ge__", "<="),
            Cmp::Gt => ("__gt__", "__lt__", ">"),
            _ => ("__ge__", "__le__", ">="),
        };
        for (x, y, n) in [(a, b, name), (b, a, rname)] {
            if let Value::Instance(i) = x
                && i.class.lookup(n).is_some()
            {
                let m = self.getattr(x, n)?;
                let r = self.call_value(m, vec![y.clone()], Vec::new())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        let o = match (a, b) {
            (Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let sub = x.iter().all(|k| y.contains(k));
                let sup = y.iter().all(|k| x.contains(k));
                return Ok(Value::Bool(match c {
                    Cmp::Lt => sub && x.len() < y.len(),
                    Cmp::Le => sub,
                    Cmp::Gt => sup && x.len() > y.len(),
                    _ => sup,
                }));
            }
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                return self.seq_order(c, &x, &y);
            }
            (Value::Tuple(x), Value::Tuple(y)) => return self.seq_order(c, x, y),
            _ if a.is_number() && b.is_number() => num::cmp(a, b),
            (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
            _ => {
                return Err(self.raise(
                    "TypeError",
                    format!(
                        "'{sym}' not supported between instances of '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                ));
            }
        };
        Ok(Value::Bool(by(c, o)))
    }

    fn seq_order(&mut self, c: Cmp, x: &[Value], y: &[Value]) -> Result<Value, Flow> {
        for (a, b) in x.iter().zip(y) {
            if !(is(a, b) || self.eq(a, b)?) {
                return self.order_value(c, a, b);
            }
        }
        Ok(Value::Bool(by(c, Some(x.len().cmp(&y.len())))))
    }

    /// `a < b` as a truth (for sorting, `min` and `max`).
    pub fn lt(&mut self, a: &Value, b: &Value) -> Result<bool, Flow> {
        let r = self.order_value(Cmp::Lt, a, b)?;
        self.truthy(&r)
    }

    /// Python's truth of a value.
    pub fn truthy(&mut self, v: &Value) -> Result<bool, Flow> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Big(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::Range(..) => crate::vm::iter::range_len(v) > 0,
            Value::View(w) => !w.1.borrow().is_empty(),
            Value::Instance(i) => {
                for name in ["__bool__", "__len__"] {
                    if i.class.lookup(name).is_some() {
                        let m = self.getattr(v, name)?;
                        let r = self.call_value(m, Vec::new(), Vec::new())?;
                        return Ok(match r {
                            Value::Bool(b) => b,
                            r => num::to_i64(&r).is_some_and(|n| n != 0),
                        });
                    }
                }
                true
            }
            _ => true,
        })
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> Result<bool, Flow> {
        match container {
            Value::Str(s) => match item {
                Value::Str(t) => Ok(s.contains(&**t)),
                _ => Err(self.raise(
                    "TypeError",
                    format!(
                        "'in <string>' requires string as left operand, not {}",
                        item.type_name()
                    ),
                )),
            },
            Value::Dict(d) => {
                let k = self.key(item.clone())?;
                Ok(d.borrow().contains_key(&k))
            }
            Value::View(w) if w.0 == 0 => {
                let k = self.key(item.clone())?;
                Ok(w.1.borrow().contains_key(&k))
            }
            Value::View(_) => {
                let items = self.collect(container)?;
                for x in &items {
                    if is(x, item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Set(s) => {
                let k = self.key(item.clone())?;
                Ok(s.borrow().contains(&k))
            }
            Value::Range(..) => {
                let items = self.collect(container)?;
                Ok(items.iter().any(|x| item.is_number() && num::eq(x, item)))
            }
            Value::Instance(i) if i.class.lookup("__contains__").is_some() => {
                let m = self.getattr(container, "__contains__")?;
                let r = self.call_value(m, vec![item.clone()], Vec::new())?;
                self.truthy(&r)
            }
            _ => {
                let items = match container {
                    Value::List(l) => l.borrow().clone(),
                    Value::Tuple(t) => t.to_vec(),
                    Value::Iter(_) | Value::Instance(_) => self.collect(container)?,
                    _ => {
                        return Err(self.raise(
                            "TypeError",
                            format!(
                                "argument of type '{}' is not iterable",
                                container.type_name()
                            ),
                        ));
                    }
                };
                for x in &items {
                    if is(x, item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

/// An order read as the truth of a comparison (`None`, a NaN, is false for all).
fn by(c: Cmp, o: Option<Ordering>) -> bool {
    match (c, o) {
        (_, None) => false,
        (Cmp::Lt, Some(o)) => o == Ordering::Less,
        (Cmp::Le, Some(o)) => o != Ordering::Greater,
        (Cmp::Gt, Some(o)) => o == Ordering::Greater,
        (_, Some(o)) => o != Ordering::Less,
    }
}

/// `a is b`: the same object (small ints, `None` and the bools are single objects).
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        _ => match (a.identity(), b.identity()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}
