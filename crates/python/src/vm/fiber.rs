//! Coroutines and the fibers asyncio runs them on. `await` of a coroutine runs it inline, on
//! the awaiting stack, as a call; `await` of anything else calls its `__await__()` (a future's
//! waits until it is done). Each asyncio task runs its coroutine on a fiber: a stack of frames
//! of its own, inside the thread that runs the event loop. The loop (Python, `libs/asyncio.py`)
//! switches to a task's fiber (`_fiber.switch`) and gets control back when the task waits
//! (`_fiber.suspend`), returns or raises. The engine sees one thread: the loop's.

use super::{Flow, Frame, Vm};
use crate::value::{Iter, Value};

/// A task's stack of frames while another stack runs, and where it stands.
#[derive(Debug)]
pub struct Fiber {
    pub frames: Vec<Frame>,
    /// Not started: its coroutine's frame is at its first operation.
    pub fresh: bool,
    /// Its coroutine returned or raised.
    pub done: bool,
    /// The thread whose loop runs it.
    pub thread: usize,
}

impl Vm {
    /// `await v`: a coroutine runs inline (its frame goes on this stack, and what it returns
    /// is pushed); anything else has its `__await__()` called (a Python method: it may wait).
    pub(super) fn await_op(&mut self, v: Value) -> Result<(), Flow> {
        if let Some(frame) = self.coroutine_frame(&v)? {
            return self.enter(frame);
        }
        // Only objects of a class can have `__await__`: the built-in types have none.
        let found = match &v {
            Value::Instance(_) => self.getattr(&v, "__await__"),
            _ => Err(Flow::Raise(Value::None)),
        };
        let method = match found {
            Ok(Value::Bound(b)) if matches!(&b.1, Value::Func(f) if f.code.kind == crate::compile::Kind::Generator) =>
            {
                return Err(Flow::Refuse(
                    "an `__await__` written as a generator is not modelled by GIL Lab: await a coroutine or an asyncio future"
                        .into(),
                ));
            }
            Ok(m) => m,
            Err(Flow::Raise(_)) => {
                return Err(self.raise(
                    "TypeError",
                    format!(
                        "object {} can't be used in 'await' expression",
                        v.type_name()
                    ),
                ));
            }
            Err(e) => return Err(e),
        };
        self.call_op(method, Vec::new(), Vec::new())
    }

    /// A coroutine's frame, taken (a coroutine runs once); `None` if `v` is no coroutine.
    fn coroutine_frame(&mut self, v: &Value) -> Result<Option<Frame>, Flow> {
        let Value::Iter(rc) = v else { return Ok(None) };
        let mut it = rc.borrow_mut();
        let Iter::Coro(slot) = &mut *it else {
            return Ok(None);
        };
        match slot.take() {
            Some(frame) => Ok(Some(*frame)),
            None => {
                drop(it);
                Err(self.raise("RuntimeError", "cannot reuse already awaited coroutine"))
            }
        }
    }

    /// What an `__aexit__` gave, awaited now, nested: a coroutine runs to its end.
    pub(super) fn await_nested(&mut self, v: Value) -> Result<Value, Flow> {
        match self.coroutine_frame(&v)? {
            Some(frame) => self.run_nested(frame),
            None => Err(self.raise(
                "TypeError",
                format!(
                    "'async with' received an object from __aexit__ that does not implement __await__: {}",
                    v.type_name()
                ),
            )),
        }
    }

    /// `ctx.__aenter__` or `ctx.__aexit__`, in CPython's words if it has none.
    pub(super) fn async_method(&mut self, ctx: &Value, name: &str) -> Result<Value, Flow> {
        match self.getattr(ctx, name) {
            Err(Flow::Raise(_)) => Err(self.raise(
                "TypeError",
                format!(
                    "'{}' object does not support the asynchronous context manager protocol",
                    ctx.type_name()
                ),
            )),
            other => other,
        }
    }

    /// A fiber for the coroutine `coro` (which it takes); its number.
    pub fn fiber_new(&mut self, coro: &Value) -> Result<usize, Flow> {
        let Some(frame) = self.coroutine_frame(coro)? else {
            return Err(self.raise(
                "TypeError",
                format!("a coroutine was expected, got {}", coro.type_name()),
            ));
        };
        self.fibers.push(Fiber {
            frames: vec![frame],
            fresh: true,
            done: false,
            thread: self.current,
        });
        Ok(self.fibers.len() - 1)
    }

    /// From the loop's stack: runs fiber `id` (raising `exc` where it waits, if given) until
    /// it waits, returns or raises; the loop's call then gives `(False, None)`, `(True,
    /// value)`, or raises what the fiber raised.
    pub fn fiber_switch(&mut self, id: usize, exc: Option<Value>) -> Result<Value, Flow> {
        let t = self.current;
        let ok = self.nesting == 0
            && self.threads[t].fiber.is_none()
            && self
                .fibers
                .get(id)
                .is_some_and(|f| !f.done && f.thread == t && !f.frames.is_empty());
        if !ok {
            return Err(Flow::Refuse(
                "this use of asyncio's tasks is not modelled by GIL Lab".into(),
            ));
        }
        self.threads[t].base = std::mem::take(&mut self.frames);
        self.threads[t].fiber = Some(id);
        self.frames = std::mem::take(&mut self.fibers[id].frames);
        let fresh = std::mem::replace(&mut self.fibers[id].fresh, false);
        match exc {
            Some(e) => Err(Flow::Raise(e)),
            None => {
                // A fresh fiber's frame waits for no value; a waiting one gets `None` back
                // from its `suspend()`.
                self.swallow = fresh;
                Ok(Value::None)
            }
        }
    }

    /// From a fiber: back to the loop's stack, whose `switch` gives `(False, None)`; the fiber
    /// goes on from here when the loop switches to it again.
    pub fn fiber_suspend(&mut self) -> Result<Value, Flow> {
        let t = self.current;
        let Some(id) = self.threads[t].fiber.filter(|_| self.nesting == 0) else {
            return Err(Flow::Refuse(
                "this use of asyncio's tasks is not modelled by GIL Lab".into(),
            ));
        };
        self.fibers[id].frames = std::mem::take(&mut self.frames);
        self.frames = std::mem::take(&mut self.threads[t].base);
        self.threads[t].fiber = None;
        Ok(Value::tuple(vec![Value::Bool(false), Value::None]))
    }

    /// The running fiber's last frame returned `v` (true), or nothing was running on a fiber
    /// (false): the loop's stack is back, its `switch` giving `(True, v)`.
    pub(super) fn fiber_returned(&mut self, v: &Value) -> bool {
        if !self.fiber_ended() {
            return false;
        }
        self.push(Value::tuple(vec![Value::Bool(true), v.clone()]));
        true
    }

    /// The running fiber ended (it returned, or raised what its frames did not handle): the
    /// loop's stack is back. False if no fiber was running.
    pub(super) fn fiber_ended(&mut self) -> bool {
        let t = self.current;
        let Some(id) = self.threads[t].fiber.take() else {
            return false;
        };
        self.fibers[id].done = true;
        self.fibers[id].frames.clear();
        self.frames = std::mem::take(&mut self.threads[t].base);
        true
    }
}
