//! The interpreter: frames of compiled [`Code`] on an explicit stack (so that a thread can
//! stop between any two ops and go on later), the dispatch loop, and exceptions unwinding to
//! their handlers. What each op does to values lives beside it: operators ([`ops`]), attributes
//! ([`attr`]), calls ([`call`]), iteration ([`iter`]), writing values out ([`show`]) and the
//! built-in exceptions ([`exc`]). Every op counts against a work budget ([`Limits`]).

mod attr;
mod build;
mod call;
pub mod cost;
pub(crate) mod exc;
pub mod fiber;
mod index;
mod iter;
mod ops;
mod percent;
mod show;
mod step;
pub mod threads;

use std::cell::RefCell;
use std::rc::Rc;

use crate::compile::Code;
use crate::value::{Cell, Dict, Value};

pub use exc::{Exceptions, exc_names};
pub use iter::range_len;
pub use ops::is;

/// A function of the interpreter: positional arguments, keyword arguments.
pub type NativeFn = fn(&mut Vm, Vec<Value>, Vec<(Rc<str>, Value)>) -> Result<Value, Flow>;

/// Why an operation did not give a value: a Python exception (an instance of an exception
/// class), or a refusal (what GIL Lab does not run, or a cap), said in one line.
#[derive(Debug, Clone)]
pub enum Flow {
    Raise(Value),
    Refuse(String),
    /// The thread waits (`time.sleep`, a lock, a join): the scheduler resumes it later with
    /// the call's value pushed where the call was.
    Block(Block),
}

/// What a thread waits for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Block {
    /// `time.sleep`, in ns.
    Sleep(u64),
    /// Blocking input or output (`input()`), in ns: the thread releases the GIL and waits; the
    /// call returns the thread's `resume` value, set when it began.
    Io(u64),
    /// `lock.acquire()`: the lock, and the deadline (ns on the run's clock) if it has a timeout.
    Lock(usize, Option<u64>),
    /// `thread.join()`: the thread (its index), and the deadline if any.
    Join(usize, Option<u64>),
}

/// How long `input()` waits for its line by default, ns: a person typing a short answer.
pub const INPUT_NS: u64 = 2_000_000_000;

/// How long opening a file takes by default, ns: a system call that finds it in the page cache.
pub const FILE_NS: u64 = 20_000;

/// The caps that keep any program from hanging the tab.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Ops a run may execute.
    pub max_ops: u64,
    /// Bytes of output a run may print.
    pub max_output: usize,
    /// Items in one list, dict, set or str.
    pub max_items: usize,
    /// Nested Python calls (CPython's recursion limit is 1000).
    pub max_depth: usize,
    /// Native code calling back into Python (a `__repr__` inside a `__repr__`, a sort key
    /// that sorts): each level uses the Rust stack, so fewer than Python calls.
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ops: 200_000_000,
            max_output: 4 << 20,
            max_items: 4_000_000,
            max_depth: 1000,
            max_nesting: 100,
        }
    }
}

/// How the frame on top left the dispatch loop.
pub enum Done {
    Return(Value),
    Yield(Value),
}

/// How a frame run by [`Vm::run_until`] ended.
pub enum Exit {
    Return(Value),
    Yield(Value, Box<Frame>),
}

/// An exception handler of a frame: where to go, and the stack and handling depth to restore.
#[derive(Debug, Clone, Copy)]
pub struct Handler {
    pub target: u32,
    pub depth: usize,
    pub handling: usize,
}

/// A running call of some code.
#[derive(Debug)]
pub struct Frame {
    pub code: Rc<Code>,
    pub pc: usize,
    pub stack: Vec<Value>,
    pub locals: Vec<Option<Value>>,
    pub cells: Vec<Cell>,
    pub globals: Rc<RefCell<Dict>>,
    pub handlers: Vec<Handler>,
    /// The exceptions being handled (`except` bodies), innermost last.
    pub handling: Vec<Value>,
    /// A class body's namespace.
    pub namespace: Option<Rc<RefCell<Dict>>>,
    /// The instance an `__init__` called from a class call makes (returned instead of None).
    pub init_of: Option<Value>,
    /// A generator resumed by a `for` loop on this stack: its iterator, where the loop goes
    /// when it ends, and whether the loop keeps the iterator then (`yield from`).
    pub resumed_by: Option<(Rc<RefCell<crate::value::Iter>>, u32, bool)>,
    /// Its code runs as CPython runs code it has not specialised yet (one of the code's first
    /// entries: `cost::WARMUP`).
    pub cold: bool,
}

/// The interpreter of one program.
pub struct Vm {
    pub frames: Vec<Frame>,
    pub builtins: Dict,
    pub exc: Exceptions,
    pub out: String,
    pub limits: Limits,
    pub ops: u64,
    /// Native code calling Python code (sorting keys, `__repr__`), nested.
    pub nesting: usize,
    /// The addresses shown for objects, in the order first shown.
    pub addresses: std::collections::HashMap<usize, usize>,
    /// Where the first refusal happened (line, column).
    pub refused_at: Option<(u32, u32)>,
    /// The program's threads (the running one's frames are `frames`), and which runs.
    pub threads: Vec<threads::PyThread>,
    pub current: usize,
    /// Whether the op just run is one after which CPython checks for a GIL drop request.
    pub breaker: bool,
    /// A slice may end after any operation, not only where the eval breaker is checked: the
    /// free-threaded build, whose threads run side by side with no GIL to hand over.
    pub anywhere: bool,
    /// The run's clock when the running slice began, ns (set by the scheduler); the clock
    /// reads it plus the slice's operations so far ([`Vm::clock`]).
    pub now_ns: u64,
    /// `work_ps` when the running slice began.
    pub slice_work_ps: u64,
    /// The time of the operations run so far, ps (each at its kind's cost in `costs`).
    pub work_ps: u64,
    /// The operations run so far, by kind (`cost::CostKind`), in warm code and in cold code.
    pub counts: [u64; cost::KINDS],
    pub cold_counts: [u64; cost::KINDS],
    /// The time of each kind of operation.
    pub costs: cost::OpCosts,
    /// Where each write to `out` ended, when, and on which thread.
    pub writes: Vec<Written>,
    /// How long a thread may hold the GIL before it is asked to let go, ns
    /// (`sys.setswitchinterval`; CPython's default is 5 ms).
    pub switch_ns: u64,
    /// The libraries' own state (`random`'s generator), by library.
    lib_states: Vec<(&'static str, Box<dyn std::any::Any>)>,
    /// `threading.Lock`s: the thread holding each (and how often, for an `RLock`).
    pub locks: Vec<LockState>,
    /// asyncio's tasks' stacks (`fiber`).
    pub fibers: Vec<fiber::Fiber>,
    /// The value of the native just called is not pushed (a fiber switched to at its start).
    pub swallow: bool,
    /// The native about to run was called by an operation of the program (it may wait).
    pub op_call: bool,
    /// The most work a slice runs, ps (the model's budget; none when run alone).
    pub work_budget_ps: Option<u64>,
    /// Threads `Thread.start()` made that the scheduler has not heard of yet.
    pub new_threads: Vec<usize>,
    /// The program's standard input (what `input()` reads), and how much of it was read.
    pub stdin: String,
    pub stdin_read: usize,
    /// How long `input()` waits for its line, ns (a person typing it).
    pub input_ns: u64,
    /// How long opening a file takes, ns (blocking I/O: the GIL is released).
    pub file_ns: u64,
    /// The machine's CPUs (`os.cpu_count()`).
    pub cpu_count: u32,
    modules: Vec<(&'static str, Value)>,
}

/// A write to the program's output: where it ended in `Vm::out`, the clock, the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub end: usize,
    pub at_ns: u64,
    pub thread: usize,
}

/// A lock's holder, and its depth for a reentrant lock.
#[derive(Debug, Clone, Copy, Default)]
pub struct LockState {
    pub holder: Option<usize>,
    pub depth: u32,
    pub reentrant: bool,
}

impl Vm {
    pub fn new(limits: Limits) -> Vm {
        let exc = Exceptions::new();
        let mut vm = Vm {
            frames: Vec::new(),
            builtins: Dict::default(),
            exc,
            out: String::new(),
            limits,
            ops: 0,
            nesting: 0,
            refused_at: None,
            addresses: std::collections::HashMap::new(),
            threads: vec![threads::PyThread::new(Vec::new(), Value::None, false)],
            current: 0,
            breaker: false,
            anywhere: false,
            now_ns: 0,
            slice_work_ps: 0,
            work_ps: 0,
            counts: [0; cost::KINDS],
            cold_counts: [0; cost::KINDS],
            costs: cost::OpCosts::default(),
            writes: Vec::new(),
            switch_ns: 5_000_000,
            locks: Vec::new(),
            fibers: Vec::new(),
            swallow: false,
            op_call: false,
            work_budget_ps: None,
            new_threads: Vec::new(),
            stdin: String::new(),
            stdin_read: 0,
            input_ns: INPUT_NS,
            file_ns: FILE_NS,
            cpu_count: 2,
            lib_states: Vec::new(),
            modules: Vec::new(),
        };
        crate::builtins::install(&mut vm);
        vm
    }

    /// Makes the module's code the main thread's first frame (run it with a scheduler).
    pub fn load_main(&mut self, code: Rc<Code>) {
        let globals = crate::value::heap::dict_rc(Dict::default());
        globals
            .borrow_mut()
            .insert(crate::value::Key::str("__name__"), Value::str("__main__"));
        self.frames.push(Frame::new(code, globals, Vec::new()));
    }

    /// Runs a library module's code to its end (nested: it must not block) and gives its
    /// globals.
    pub fn run_library(&mut self, code: Rc<Code>, name: &str) -> Result<Dict, Flow> {
        let globals = crate::value::heap::dict_rc(Dict::default());
        globals
            .borrow_mut()
            .insert(crate::value::Key::str("__name__"), Value::str(name));
        let frame = Frame::new(code, globals.clone(), Vec::new());
        self.run_nested(frame)?;
        let attrs = globals.borrow().clone();
        Ok(attrs)
    }

    /// Runs the frame at `base` (a call) until it returns: its value, or the exception it let
    /// out.
    pub fn run_call(&mut self, base: usize) -> Result<Value, Flow> {
        match self.run_until(base)? {
            Exit::Return(v) => Ok(v),
            Exit::Yield(..) => Err(Flow::Refuse("a yield outside a generator".into())),
        }
    }

    /// Runs until the frame at `base` returns or (a generator's) yields.
    pub fn run_until(&mut self, base: usize) -> Result<Exit, Flow> {
        loop {
            let r = self.step();
            let flow = match r {
                Ok(None) => continue,
                Ok(Some(Done::Yield(v))) => {
                    let frame = self.frames.pop().expect("a generator yielded");
                    match self.gen_yielded(frame, v) {
                        Some((frame, v)) => return Ok(Exit::Yield(v, Box::new(frame))),
                        None => continue,
                    }
                }
                Ok(Some(Done::Return(v))) => {
                    // The frame on top returned `v`.
                    let frame = self.frames.pop().expect("a frame returned");
                    let Some(v) = self.gen_returned(frame, v) else {
                        continue;
                    };
                    if self.frames.len() == base {
                        return Ok(Exit::Return(v));
                    }
                    self.top().stack.push(v);
                    continue;
                }
                Err(flow) => flow,
            };
            if let Flow::Block(_) = flow {
                if self.nesting > 0 {
                    let flow = Flow::Refuse(
                        "a blocking call (sleep, a lock, a join) inside a generator or a callback of built-in code is not modelled by GIL Lab yet"
                            .into(),
                    );
                    if self.refused_at.is_none() {
                        self.refused_at = Some(self.place());
                    }
                    self.frames.truncate(base);
                    return Err(flow);
                }
                return Err(flow);
            }
            if let Flow::Refuse(_) = flow {
                if self.refused_at.is_none() {
                    self.refused_at = Some(self.place());
                }
                self.frames.truncate(base);
                return Err(flow);
            }
            if !self.unwind(flow.clone(), base) {
                return Err(flow);
            }
        }
    }

    /// Takes an exception to the innermost handler at or above `base`; false if none.
    pub(super) fn unwind(&mut self, flow: Flow, base: usize) -> bool {
        let Flow::Raise(e) = flow else { return false };
        self.note_line(&e);
        while self.frames.len() > base {
            let f = self.top();
            if let Some(h) = f.handlers.pop() {
                f.stack.truncate(h.depth);
                f.handling.truncate(h.handling);
                f.stack.push(e);
                f.pc = h.target as usize;
                return true;
            }
            if let Some(frame) = self.frames.pop()
                && let Some((rc, _, _)) = frame.resumed_by
            {
                // A generator the exception leaves is finished.
                if let crate::value::Iter::Gen(_, state, _) = &mut *rc.borrow_mut() {
                    *state = crate::value::GenState::Done;
                }
            }
        }
        false
    }

    /// Notes where an exception was raised (the innermost frame's line), once.
    fn note_line(&mut self, e: &Value) {
        if let Value::Instance(i) = e
            && i.line.get() == 0
            && let Some(f) = self.program_frame()
        {
            let at =
                f.pc.saturating_sub(1)
                    .min(f.code.places.len().saturating_sub(1));
            i.line.set(f.code.places.get(at).map_or(0, |p| p.0));
        }
    }

    pub fn top(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("a frame runs")
    }

    /// The line of the op being run (for refusals).
    pub fn place(&self) -> (u32, u32) {
        self.program_frame().map_or((1, 1), |f| {
            let at = f.pc.saturating_sub(1);
            f.code.places.get(at).copied().unwrap_or((1, 1))
        })
    }

    /// The innermost frame running the program's own code (not a library's).
    fn program_frame(&self) -> Option<&Frame> {
        self.frames
            .iter()
            .rev()
            .find(|f| !f.code.library)
            .or(self.frames.last())
    }

    /// A module the program may import.
    pub fn module(&mut self, name: &str) -> Result<Option<Value>, Flow> {
        if let Some((_, m)) = self.modules.iter().find(|(n, _)| *n == name) {
            return Ok(Some(m.clone()));
        }
        let m = match crate::builtins::module(self, name) {
            Some(m) => m,
            None => match crate::libs::module(self, name) {
                Some(m) => m?,
                None => return Ok(None),
            },
        };
        let Value::Module(md) = &m else {
            return Ok(None);
        };
        self.modules.push((md.name, m.clone()));
        Ok(Some(m))
    }

    /// A library's state, made by `make` at its first use.
    pub fn lib_state<T: 'static>(
        &mut self,
        name: &'static str,
        make: impl FnOnce() -> T,
    ) -> &mut T {
        let i = match self.lib_states.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                self.lib_states.push((name, Box::new(make())));
                self.lib_states.len() - 1
            }
        };
        self.lib_states[i]
            .1
            .downcast_mut::<T>()
            .expect("a library keeps one type of state")
    }

    /// Raises a built-in exception of the class named `kind` with one message.
    pub fn raise(&self, kind: &str, message: impl Into<String>) -> Flow {
        Flow::Raise(self.exc.make(kind, vec![Value::str(&message.into())]))
    }

    /// Appends printed text, within the output cap.
    pub fn write(&mut self, text: &str) -> Result<(), Flow> {
        if self.out.len() + text.len() > self.limits.max_output {
            return Err(Flow::Refuse(format!(
                "the program printed more than {} bytes: GIL Lab caps a run's output",
                self.limits.max_output
            )));
        }
        self.out.push_str(text);
        if !text.is_empty() {
            let w = Written {
                end: self.out.len(),
                at_ns: self.clock(),
                thread: self.current,
            };
            self.writes.push(w);
        }
        Ok(())
    }

    /// The run's clock now, ns: the slice's start and the time of the operations it has run
    /// since.
    pub fn clock(&self) -> u64 {
        let ran = self.work_ps.saturating_sub(self.slice_work_ps) / 1000;
        self.now_ns.saturating_add(ran)
    }

    /// The CPU time of thread `t` so far, ns (the running thread's includes its slice so far).
    pub fn cpu_ns(&self, t: usize) -> u64 {
        let mut ps = self.threads[t].work_ps;
        if t == self.current {
            ps += self.work_ps.saturating_sub(self.slice_work_ps);
        }
        ps / 1000
    }
}

impl Frame {
    pub fn new(code: Rc<Code>, globals: Rc<RefCell<Dict>>, free: Vec<Cell>) -> Frame {
        let mut cells: Vec<Cell> = code
            .cells
            .iter()
            .map(|_| crate::value::heap::cell())
            .collect();
        cells.extend(free);
        let entries = code.entries.get().saturating_add(1);
        code.entries.set(entries);
        Frame {
            cold: entries < cost::WARMUP,
            locals: vec![None; code.locals.len()],
            code,
            pc: 0,
            stack: Vec::with_capacity(8),
            cells,
            globals,
            handlers: Vec::new(),
            handling: Vec::new(),
            namespace: None,
            init_of: None,
            resumed_by: None,
        }
    }
}
