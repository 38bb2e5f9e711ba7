//! Python threads inside one interpreter: each thread keeps its own stack of frames (the one
//! running is `Vm::frames`; the others wait in `Vm::threads`), runs a slice of operations at a
//! time, and stops only where CPython's eval breaker would let another thread take the GIL
//! (a backward jump, a call, a return), so `counter += 1` is never cut in two, as in CPython
//! since 3.10. Who runs next is not decided here: a scheduler (today `run/schedule.rs`; next,
//! the model's engine) picks the thread, runs [`Vm::run_slice`], and resumes a waiting thread
//! with the value its blocking call returns.

use super::{Block, Done, Flow, Frame, Vm};
use crate::value::Value;

/// Where a thread stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum State {
    /// It can run.
    Ready,
    /// It waits; `since` is the clock when it began.
    Waiting(Block, u64),
    Done,
}

/// A thread of the program: its frames (when it is not the one running), its `Thread` object.
#[derive(Debug)]
pub struct PyThread {
    pub frames: Vec<Frame>,
    pub state: State,
    /// The `threading.Thread` object (or `None` before `threading` is imported).
    pub obj: Value,
    pub daemon: bool,
    /// The value its blocking call returns, pushed when it runs again.
    pub resume: Option<Value>,
    /// The time of the operations it has run, ps (its CPU time).
    pub work_ps: u64,
    /// The asyncio task's fiber it runs now, if any, and its own frames meanwhile.
    pub fiber: Option<usize>,
    /// How its last slice ended, when threads it started were to be heard of first.
    pub pending_end: Option<Slice>,
    pub base: Vec<Frame>,
}

impl PyThread {
    pub fn new(frames: Vec<Frame>, obj: Value, daemon: bool) -> PyThread {
        PyThread {
            frames,
            state: State::Ready,
            obj,
            daemon,
            resume: None,
            work_ps: 0,
            fiber: None,
            pending_end: None,
            base: Vec::new(),
        }
    }
}

/// How a slice of a thread's run ended.
#[derive(Debug)]
pub enum Slice {
    /// It ran its budget and reached a point where CPython would let another thread run.
    Preempted,
    /// It waits.
    Blocked(Block),
    /// It ran to its end.
    Finished,
    /// An exception ended it.
    Raised(Value),
    /// It did something GIL Lab does not run.
    Refused(String),
    /// It started this thread (its index), and goes on from here.
    Started(usize),
}

impl Vm {
    /// Makes thread `t` the running one.
    pub fn switch_to(&mut self, t: usize) {
        if t == self.current {
            return;
        }
        std::mem::swap(&mut self.frames, &mut self.threads[self.current].frames);
        self.current = t;
        std::mem::swap(&mut self.frames, &mut self.threads[t].frames);
    }

    /// Runs the current thread for about `budget` operations (and at most `work_budget_ps`
    /// of work, if set).
    pub fn run_slice(&mut self, budget: u64) -> Slice {
        let start = self.ops;
        self.slice_work_ps = self.work_ps;
        // Threads started by the step that ended the last slice, then how that slice ended.
        if !self.new_threads.is_empty() {
            return Slice::Started(self.new_threads.remove(0));
        }
        if let Some(end) = self.threads[self.current].pending_end.take() {
            return end;
        }
        if let Some(v) = self.threads[self.current].resume.take() {
            self.push(v);
        }
        let slice = self.slice_loop(start, budget);
        // The threads a step started are heard of before how the slice ended.
        let slice = if self.new_threads.is_empty() || matches!(slice, Slice::Started(_)) {
            slice
        } else {
            self.threads[self.current].pending_end = Some(slice);
            Slice::Started(self.new_threads.remove(0))
        };
        self.threads[self.current].work_ps += self.work_ps - self.slice_work_ps;
        self.slice_work_ps = self.work_ps;
        slice
    }

    fn slice_loop(&mut self, start: u64, budget: u64) -> Slice {
        loop {
            if self.frames.is_empty() {
                return Slice::Finished;
            }
            match self.step() {
                Ok(None) => {
                    if !self.new_threads.is_empty() {
                        return Slice::Started(self.new_threads.remove(0));
                    }
                    let over = self.ops - start >= budget
                        || self
                            .work_budget_ps
                            .is_some_and(|b| self.work_ps - self.slice_work_ps >= b);
                    if (self.breaker || self.anywhere) && over {
                        return Slice::Preempted;
                    }
                }
                Ok(Some(Done::Return(v))) => {
                    let frame = self.frames.pop().expect("a frame returned");
                    let Some(v) = self.gen_returned(frame, v) else {
                        continue;
                    };
                    if self.frames.is_empty() {
                        if self.fiber_returned(&v) {
                            continue;
                        }
                        return Slice::Finished;
                    }
                    self.push(v);
                }
                Ok(Some(Done::Yield(v))) => {
                    let frame = self.frames.pop().expect("a generator yielded");
                    if self.gen_yielded(frame, v).is_some() {
                        return Slice::Refused("a yield outside a generator".into());
                    }
                }
                Err(Flow::Block(b)) => return Slice::Blocked(b),
                Err(Flow::Refuse(words)) => {
                    if self.refused_at.is_none() {
                        self.refused_at = Some(self.place());
                    }
                    return Slice::Refused(words);
                }
                Err(Flow::Raise(e)) => {
                    // What a task's fiber does not handle goes to the loop's `switch`.
                    while !self.unwind(Flow::Raise(e.clone()), 0) {
                        if !self.fiber_ended() {
                            return Slice::Raised(e);
                        }
                    }
                }
            }
        }
    }

    /// Whether waiting thread `t` can go on at `now_ns` (the clock): what it waits for
    /// happened (a free lock is then its own) or its deadline came. If so it is ready, with
    /// what its blocking call returns.
    pub fn try_resume(&mut self, t: usize) -> bool {
        let now = self.now_ns;
        let (resume, ok) = match self.threads[t].state {
            State::Ready => return true,
            State::Done => return false,
            State::Waiting(Block::Sleep(until), _) => (Value::None, now >= until),
            State::Waiting(Block::Io(until), _) => {
                let v = self.threads[t].resume.take().unwrap_or(Value::None);
                if now < until {
                    self.threads[t].resume = Some(v);
                    return false;
                }
                (v, true)
            }
            State::Waiting(Block::Lock(l, deadline), _) => {
                let lock = &mut self.locks[l];
                if lock.holder.is_none() {
                    lock.holder = Some(t);
                    lock.depth = 1;
                    (Value::Bool(true), true)
                } else {
                    (Value::Bool(false), deadline.is_some_and(|d| now >= d))
                }
            }
            State::Waiting(Block::Join(other, deadline), _) => (
                Value::None,
                self.threads[other].state == State::Done || deadline.is_some_and(|d| now >= d),
            ),
        };
        if ok {
            self.threads[t].state = State::Ready;
            self.threads[t].resume = Some(resume);
        }
        ok
    }

    /// The waiting threads whose wait another thread may have ended: the lock is free, the
    /// thread they join is done.
    pub fn unblocked(&self) -> Vec<usize> {
        let free = |t: &PyThread| match t.state {
            State::Waiting(Block::Lock(l, _), _) => self.locks[l].holder.is_none(),
            State::Waiting(Block::Join(o, _), _) => self.threads[o].state == State::Done,
            _ => false,
        };
        (0..self.threads.len())
            .filter(|&t| free(&self.threads[t]))
            .collect()
    }

    /// The index of the thread whose `Thread` object is `obj`.
    pub fn thread_of(&self, obj: &Value) -> Option<usize> {
        let id = obj.identity()?;
        self.threads
            .iter()
            .position(|t| t.obj.identity() == Some(id))
    }
}
