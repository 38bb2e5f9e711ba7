//! One op of the frame on top: the dispatch. Each arm moves values between the frame's stack,
//! its variables and the helpers that give the op its meaning.

use std::rc::Rc;

use super::cost::{CostKind, kind_of};
use super::{Done, Flow, Handler, Vm};
use crate::compile::Op;
use crate::value::{Key, Value};

pub(super) type Step = Result<Option<Done>, Flow>;

impl Vm {
    pub(super) fn pop(&mut self) -> Value {
        self.top()
            .stack
            .pop()
            .expect("the compiler balances the stack")
    }

    pub(super) fn push(&mut self, v: Value) {
        self.top().stack.push(v);
    }

    pub(super) fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let stack = &mut self.top().stack;
        stack.split_off(stack.len() - n)
    }

    pub(super) fn name(&self, i: u32) -> Rc<str> {
        let f = self.frames.last().expect("a frame runs");
        f.code.names[i as usize].clone()
    }

    fn jump(&mut self, target: u32) {
        self.top().pc = target as usize;
    }

    /// Adds the time of one operation of kind `kind` (not an operation of its own: part of
    /// one, such as the frame a call makes).
    pub(super) fn charge(&mut self, kind: CostKind) {
        let k = kind as usize;
        if self.frames.last().is_some_and(|f| f.cold) {
            self.cold_counts[k] += 1;
            self.work_ps = self.work_ps.saturating_add(self.costs.cold_ps[k]);
        } else {
            self.counts[k] += 1;
            self.work_ps = self.work_ps.saturating_add(self.costs.ps[k]);
        }
    }

    /// Counts one step of an iterator against the cap, and its time.
    pub(super) fn tick(&mut self) -> Result<(), Flow> {
        self.tick_as(CostKind::Step)
    }

    /// Counts one operation of kind `kind` against the cap, and its time.
    fn tick_as(&mut self, kind: CostKind) -> Result<(), Flow> {
        self.charge(kind);
        self.ops += 1;
        if self.ops > self.limits.max_ops {
            return Err(Flow::Refuse(format!(
                "the program ran more than {} operations: GIL Lab caps the work of a run (an endless loop?)",
                self.limits.max_ops
            )));
        }
        Ok(())
    }

    /// Runs one op of the frame on top.
    pub(super) fn step(&mut self) -> Step {
        let f = self.top();
        let op = f.code.ops[f.pc];
        self.tick_as(kind_of(op))?;
        let f = self.top();
        let pc = f.pc;
        f.pc += 1;
        self.breaker = match op {
            Op::Jump(t) => (t as usize) <= pc,
            Op::Call(_) | Op::CallKw(..) | Op::CallEx(_) | Op::Return => true,
            _ => false,
        };
        match op {
            Op::Const(k) => {
                let v = self.top().code.consts[k as usize].clone();
                self.push(v);
            }
            Op::Pop => {
                self.pop();
            }
            Op::Dup => {
                let v = self.top().stack.last().cloned().expect("balanced");
                self.push(v);
            }
            Op::DupTwo => {
                let s = &mut self.top().stack;
                let n = s.len();
                let (a, b) = (s[n - 2].clone(), s[n - 1].clone());
                s.push(a);
                s.push(b);
            }
            Op::Rot2 => {
                let s = &mut self.top().stack;
                let n = s.len();
                s.swap(n - 1, n - 2);
            }
            Op::Rot3 => {
                let v = self.pop();
                let s = &mut self.top().stack;
                let n = s.len();
                s.insert(n - 2, v);
            }
            Op::Nop => {}
            _ => return self.step_names(op),
        }
        Ok(None)
    }

    fn step_names(&mut self, op: Op) -> Step {
        match op {
            Op::LoadFast(i) => {
                let f = self.top();
                match f.locals[i as usize].clone() {
                    Some(v) => f.stack.push(v),
                    None => {
                        let name = f.code.locals[i as usize].clone();
                        return Err(self.raise(
                            "UnboundLocalError",
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                    }
                }
            }
            Op::StoreFast(i) => {
                let v = self.pop();
                self.top().locals[i as usize] = Some(v);
            }
            Op::DelFast(i) => {
                let f = self.top();
                if f.locals[i as usize].take().is_none() {
                    let name = f.code.locals[i as usize].clone();
                    return Err(self.raise(
                        "UnboundLocalError",
                        format!("cannot access local variable '{name}' where it is not associated with a value"),
                    ));
                }
            }
            Op::LoadCell(i) | Op::LoadClosure(i) => {
                let f = self.top();
                let cell = f.cells[i as usize].clone();
                if matches!(op, Op::LoadClosure(_)) {
                    // A cell travels as a one-item list (a value with identity).
                    f.stack.push(Value::Cell(cell));
                    return Ok(None);
                }
                let v = cell.borrow().clone();
                match v {
                    Some(v) => self.push(v),
                    None => {
                        let name = self.cell_name(i);
                        return Err(self.raise(
                            "NameError",
                            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                        ));
                    }
                }
            }
            Op::DelCell(i) => {
                *self.top().cells[i as usize].borrow_mut() = None;
            }
            Op::DelName(i) => {
                let name = self.name(i);
                let ns = self
                    .top()
                    .namespace
                    .clone()
                    .expect("a class body has a namespace");
                if ns
                    .borrow_mut()
                    .shift_remove(&Key(Value::Str(name.clone())))
                    .is_none()
                {
                    return Err(self.raise("NameError", format!("name '{name}' is not defined")));
                }
            }
            Op::StoreCell(i) => {
                let v = self.pop();
                *self.top().cells[i as usize].borrow_mut() = Some(v);
            }
            Op::LoadGlobal(i) => {
                let name = self.name(i);
                let v = self.load_global(&name)?;
                self.push(v);
            }
            Op::StoreGlobal(i) => {
                let name = self.name(i);
                let v = self.pop();
                self.top()
                    .globals
                    .borrow_mut()
                    .insert(Key(Value::Str(name)), v);
            }
            Op::DelGlobal(i) => {
                let name = self.name(i);
                let gone = self
                    .top()
                    .globals
                    .borrow_mut()
                    .shift_remove(&Key(Value::Str(name.clone())));
                if gone.is_none() {
                    return Err(self.raise("NameError", format!("name '{name}' is not defined")));
                }
            }
            Op::LoadName(i) => {
                let name = self.name(i);
                let ns = self.top().namespace.clone();
                let local =
                    ns.and_then(|ns| ns.borrow().get(&Key(Value::Str(name.clone()))).cloned());
                let v = match local {
                    Some(v) => v,
                    None => self.load_global(&name)?,
                };
                self.push(v);
            }
            Op::StoreName(i) => {
                let name = self.name(i);
                let v = self.pop();
                let ns = self
                    .top()
                    .namespace
                    .clone()
                    .expect("a class body has a namespace");
                ns.borrow_mut().insert(Key(Value::Str(name)), v);
            }
            Op::LoadBuiltin => {
                let name = self.pop();
                let v = self
                    .builtins
                    .get(&Key(name))
                    .cloned()
                    .unwrap_or(Value::None);
                self.push(v);
            }
            _ => return self.step_values(op),
        }
        Ok(None)
    }

    fn cell_name(&mut self, i: u32) -> Rc<str> {
        let code = &self.top().code;
        let i = i as usize;
        match code.cells.get(i) {
            Some((n, _)) => n.clone(),
            None => code.free[i - code.cells.len()].clone(),
        }
    }

    pub(super) fn load_global(&mut self, name: &Rc<str>) -> Result<Value, Flow> {
        let key = Key(Value::Str(name.clone()));
        if let Some(v) = self.top().globals.borrow().get(&key) {
            return Ok(v.clone());
        }
        match self.builtins.get(&key) {
            Some(v) => Ok(v.clone()),
            None => Err(self.raise("NameError", format!("name '{name}' is not defined"))),
        }
    }

    fn step_values(&mut self, op: Op) -> Step {
        match op {
            Op::LoadAttr(i) => {
                let name = self.name(i);
                let obj = self.pop();
                let v = self.getattr(&obj, &name)?;
                self.push(v);
            }
            Op::StoreAttr(i) => {
                let name = self.name(i);
                let obj = self.pop();
                let v = self.pop();
                self.setattr(&obj, &name, v)?;
            }
            Op::DelAttr(i) => {
                let name = self.name(i);
                let obj = self.pop();
                self.delattr(&obj, &name)?;
            }
            Op::Subscr => {
                let idx = self.pop();
                let obj = self.pop();
                let v = self.subscript(&obj, &idx)?;
                self.push(v);
            }
            Op::StoreSubscr => {
                let idx = self.pop();
                let obj = self.pop();
                let v = self.pop();
                self.store_subscript(&obj, &idx, v)?;
            }
            Op::DelSubscr => {
                let idx = self.pop();
                let obj = self.pop();
                self.del_subscript(&obj, &idx)?;
            }
            Op::BuildSlice => {
                let v = self.pop_n(3);
                self.push(Value::Slice(Rc::new([
                    v[0].clone(),
                    v[1].clone(),
                    v[2].clone(),
                ])));
            }
            Op::Binary(o) | Op::Inplace(o) => {
                let b = self.pop();
                let a = self.pop();
                let v = self.binary(o, &a, &b, matches!(op, Op::Inplace(_)))?;
                self.push(v);
            }
            Op::MatMul => {
                let b = self.pop();
                let a = self.pop();
                return Err(self.raise(
                    "TypeError",
                    format!(
                        "unsupported operand type(s) for @: '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                ));
            }
            Op::Neg | Op::Pos | Op::Invert => {
                let v = self.pop();
                let c = match op {
                    Op::Neg => '-',
                    Op::Pos => '+',
                    _ => '~',
                };
                let r = self.unary(c, &v)?;
                self.push(r);
            }
            Op::Not => {
                let v = self.pop();
                let t = self.truthy(&v)?;
                self.push(Value::Bool(!t));
            }
            Op::Compare(c) => {
                let b = self.pop();
                let a = self.pop();
                let v = self.compare(c, &a, &b)?;
                self.push(v);
            }
            _ => return self.step_flow(op),
        }
        Ok(None)
    }

    fn step_flow(&mut self, op: Op) -> Step {
        match op {
            Op::Jump(t) => self.jump(t),
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let v = self.pop();
                if self.truthy(&v)? == matches!(op, Op::PopJumpIfTrue(_)) {
                    self.jump(t);
                }
            }
            Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                let v = self.top().stack.last().cloned().expect("balanced");
                if self.truthy(&v)? == matches!(op, Op::JumpIfTrueOrPop(_)) {
                    self.jump(t);
                } else {
                    self.pop();
                }
            }
            Op::GetIter => {
                let v = self.pop();
                let it = self.get_iter(&v)?;
                self.push(it);
            }
            Op::ForIter(t) | Op::ForIterKeep(t)
                if self.resume_in_place(t, matches!(op, Op::ForIterKeep(_)))? => {}
            Op::ForIter(t) => {
                let it = self.top().stack.last().cloned().expect("balanced");
                match self.next(&it)? {
                    Some(v) => self.push(v),
                    None => {
                        self.pop();
                        self.jump(t);
                    }
                }
            }
            Op::ForIterKeep(t) => {
                let it = self.top().stack.last().cloned().expect("balanced");
                match self.next(&it)? {
                    Some(v) => self.push(v),
                    None => self.jump(t),
                }
            }
            Op::GenResult => {
                let it = self.pop();
                let v = self.take_return(&it).unwrap_or(Value::None);
                self.push(v);
            }
            Op::Return => {
                let v = self.pop();
                return Ok(Some(Done::Return(v)));
            }
            Op::Yield => {
                let v = self.pop();
                return Ok(Some(Done::Yield(v)));
            }
            Op::PushHandler(t, n) => {
                let f = self.top();
                let h = Handler {
                    target: t,
                    depth: f.stack.len() - n as usize,
                    handling: f.handling.len(),
                };
                f.handlers.push(h);
            }
            Op::PopHandler => {
                self.top().handlers.pop();
            }
            Op::BeginExcept => {
                let e = self.top().stack.last().cloned().expect("balanced");
                self.top().handling.push(e);
            }
            Op::EndExcept => {
                self.top().handling.pop();
            }
            Op::ExcMatch => {
                let class = self.pop();
                let e = self.top().stack.last().cloned().expect("balanced");
                let m = self.exception_matches(&e, &class)?;
                self.push(Value::Bool(m));
            }
            Op::Raise(n) => return Err(self.raise_op(n)),
            Op::Reraise => {
                let e = self.pop();
                return Err(Flow::Raise(e));
            }
            _ => return self.step_build(op),
        }
        Ok(None)
    }

    fn raise_op(&mut self, n: u8) -> Flow {
        if n == 0 {
            return match self.top().handling.last().cloned() {
                Some(e) => Flow::Raise(e),
                None => self.raise("RuntimeError", "No active exception to reraise"),
            };
        }
        let cause = if n == 2 { Some(self.pop()) } else { None };
        let v = self.pop();
        let e = match self.exception_of(v) {
            Ok(e) => e,
            Err(f) => return f,
        };
        if let Value::Instance(i) = &e {
            let context = self.top().handling.last().cloned().unwrap_or(Value::None);
            let mut attrs = i.attrs.borrow_mut();
            attrs.insert(Key::str("__context__"), context);
            if let Some(c) = cause {
                drop(attrs);
                let c = match c {
                    Value::None => Value::None,
                    c => match self.exception_of(c) {
                        Ok(c) => c,
                        Err(f) => return f,
                    },
                };
                let mut attrs = i.attrs.borrow_mut();
                attrs.insert(Key::str("__cause__"), c);
                attrs.insert(Key::str("__suppress_context__"), Value::Bool(true));
            }
        }
        Flow::Raise(e)
    }
}
