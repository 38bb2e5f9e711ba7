//! The interpreter: frames of compiled [`Code`] on an explicit stack (so that a thread can
//! stop between any two ops and go on later), the dispatch loop, and exceptions unwinding to
//! their handlers. What each op does to values lives beside it: operators ([`ops`]), attributes
//! ([`attr`]), calls ([`call`]), iteration ([`iter`]), writing values out ([`show`]) and the
//! built-in exceptions ([`exc`]). Every op counts against a work budget ([`Limits`]).

mod attr;
mod build;
mod call;
pub(crate) mod exc;
mod index;
mod iter;
mod ops;
mod percent;
mod show;
mod step;

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
}

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
    modules: Vec<(&'static str, Value)>,
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
            modules: Vec::new(),
        };
        crate::builtins::install(&mut vm);
        vm
    }

    /// Runs a module's code to its end: `Ok` or the exception (or refusal) that ended it.
    pub fn run_module(&mut self, code: Rc<Code>) -> Result<(), Flow> {
        let globals = crate::value::heap::dict_rc(Dict::default());
        globals
            .borrow_mut()
            .insert(crate::value::Key::str("__name__"), Value::str("__main__"));
        let frame = Frame::new(code, globals, Vec::new());
        let base = self.frames.len();
        self.frames.push(frame);
        self.run_call(base).map(|_| ())
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
                    return Ok(Exit::Yield(v, Box::new(frame)));
                }
                Ok(Some(Done::Return(v))) => {
                    // The frame on top returned `v`.
                    let frame = self.frames.pop().expect("a frame returned");
                    let v = frame.init_of.unwrap_or(v);
                    if self.frames.len() == base {
                        return Ok(Exit::Return(v));
                    }
                    self.top().stack.push(v);
                    continue;
                }
                Err(flow) => flow,
            };
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
            self.frames.pop();
        }
        false
    }

    /// Notes where an exception was raised (the innermost frame's line), once.
    fn note_line(&mut self, e: &Value) {
        if let Value::Instance(i) = e
            && i.line.get() == 0
            && let Some(f) = self.frames.last()
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
        self.frames.last().map_or((1, 1), |f| {
            let at = f.pc.saturating_sub(1);
            f.code.places.get(at).copied().unwrap_or((1, 1))
        })
    }

    /// A module the program may import.
    pub fn module(&mut self, name: &str) -> Option<Value> {
        if let Some((_, m)) = self.modules.iter().find(|(n, _)| *n == name) {
            return Some(m.clone());
        }
        let m = crate::builtins::module(self, name)?;
        let static_name = match &m {
            Value::Module(md) => md.name,
            _ => return None,
        };
        self.modules.push((static_name, m.clone()));
        Some(m)
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
        Ok(())
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
        Frame {
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
        }
    }
}
