//! The compiler: a syntax tree read by the front end becomes [`Code`] for the interpreter, one
//! unit per module, function, lambda, comprehension and class body, with CPython's scoping
//! (fast locals, cells, free variables, globals) decided by [`scope`]. Statements are compiled
//! in [`stmt`], expressions in [`expr`]. A construct GIL Lab does not run is refused here, at
//! its line and column, with what to write instead.

pub(crate) mod code;
mod expr;
mod handlers;
mod scope;
mod stmt;

use std::rc::Rc;

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextSize};

pub use code::{Cmp, Code, Kind, Op};

use crate::front::Parsed;
use crate::value::Value;
use gil_sim::python::PyError;
use scope::Scope;

/// Compiles a module.
pub fn compile(parsed: &Parsed) -> Result<Rc<Code>, PyError> {
    compile_as(parsed, false)
}

/// Compiles a library's module (its places are not shown: see [`Code::library`]).
pub fn compile_library(parsed: &Parsed) -> Result<Rc<Code>, PyError> {
    compile_as(parsed, true)
}

fn compile_as(parsed: &Parsed, library: bool) -> Result<Rc<Code>, PyError> {
    let mut c = Compiler {
        parsed,
        units: Vec::new(),
        place: (1, 1),
        library,
    };
    let scope = scope::of_function(None, &parsed.module.body);
    c.push_unit("<module>", Kind::Module, scope, None, None);
    c.body(&parsed.module.body)?;
    c.emit_const(Value::None);
    c.emit(Op::Return);
    Ok(Rc::new(c.pop_unit()))
}

/// A loop, `finally`, `except` body or `with` around the code being compiled: what `break`,
/// `continue` and `return` must undo on their way out.
enum Block<'p> {
    Loop {
        start: u32,
        breaks: Vec<usize>,
        is_for: bool,
    },
    Finally(&'p [Stmt]),
    Except,
    With,
}

struct Unit<'p> {
    code: Code,
    scope: Scope,
    blocks: Vec<Block<'p>>,
}

struct Compiler<'p> {
    parsed: &'p Parsed,
    units: Vec<Unit<'p>>,
    place: (u32, u32),
    library: bool,
}

/// Where a name lives, from the unit that uses it.
enum Where {
    Fast(u32),
    Cell(u32),
    Global,
    Name,
}

type Res = Result<(), PyError>;

impl<'p> Compiler<'p> {
    fn unit(&mut self) -> &mut Unit<'p> {
        self.units.last_mut().expect("a unit is being compiled")
    }

    fn code(&mut self) -> &mut Code {
        &mut self.unit().code
    }

    /// Starts a unit: its locals (parameters first), cells and free variables.
    fn push_unit(
        &mut self,
        name: &str,
        kind: Kind,
        scope: Scope,
        params: Option<&ast::Parameters>,
        class_name: Option<Rc<str>>,
    ) {
        let mut locals: Vec<Rc<str>> = Vec::new();
        if let Some(p) = params {
            locals.extend(scope::param_names(p).iter().map(|n| Rc::from(n.as_str())));
        }
        let function = matches!(kind, Kind::Function | Kind::Generator | Kind::Coroutine);
        if function {
            for n in &scope.bound {
                if scope.is_local(n) && !locals.iter().any(|l| &**l == n) {
                    locals.push(Rc::from(n.as_str()));
                }
            }
        }
        let cells = if function {
            locals
                .iter()
                .enumerate()
                .filter(|(_, n)| scope.child_free.contains(&***n))
                .map(|(i, n)| (n.clone(), (i < param_count(params)).then_some(i as u32)))
                .collect()
        } else {
            Vec::new()
        };
        let free = self.free_of(&scope, kind);
        let (argcount, posonly, kwonly, varargs, varkw) =
            params.map_or((0, 0, 0, None, None), |p| {
                let pos = (p.posonlyargs.len() + p.args.len()) as u32;
                let kw = p.kwonlyargs.len() as u32;
                let mut next = pos + kw;
                let va = p.vararg.as_ref().map(|_| {
                    next += 1;
                    next - 1
                });
                let vk = p.kwarg.as_ref().map(|_| next);
                (pos, p.posonlyargs.len() as u32, kw, va, vk)
            });
        let qualname = match self.units.last() {
            Some(u) if u.code.kind == Kind::Class => format!("{}.{name}", u.code.qualname),
            Some(u) if u.code.kind != Kind::Module => {
                format!("{}.<locals>.{name}", u.code.qualname)
            }
            _ => name.to_string(),
        };
        let code = Code {
            qualname: Rc::from(qualname),
            name: Rc::from(name),
            kind,
            ops: Vec::new(),
            places: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            locals,
            argcount,
            posonly,
            kwonly,
            varargs,
            varkw,
            cells,
            free,
            doc: None,
            library: self.library,
            class_name,
            entries: std::cell::Cell::new(0),
        };
        self.units.push(Unit {
            code,
            scope,
            blocks: Vec::new(),
        });
    }

    /// The names a new unit closes over: those it needs that an enclosing function binds or
    /// itself closes over (class bodies are skipped, as in CPython).
    fn free_of(&self, scope: &Scope, kind: Kind) -> Vec<Rc<str>> {
        let _ = kind;
        scope
            .free_candidates()
            .into_iter()
            .filter(|n| {
                self.units.iter().rev().any(|u| {
                    u.code.kind != Kind::Module
                        && (u.code.free.iter().any(|f| **f == **n)
                            || (u.code.kind != Kind::Class && u.scope.is_local(n)))
                })
            })
            .map(|n| Rc::from(n.as_str()))
            .collect()
    }

    fn pop_unit(&mut self) -> Code {
        self.units.pop().expect("a unit is being compiled").code
    }

    fn at(&mut self, node: &impl Ranged) {
        self.place = self.parsed.line_col(node.start());
    }

    fn error(&self, offset: TextSize, words: impl Into<String>) -> PyError {
        let (line, col) = self.parsed.line_col(offset);
        PyError::new(line, col, words)
    }

    fn emit(&mut self, op: Op) -> usize {
        let place = self.place;
        let code = self.code();
        code.ops.push(op);
        code.places.push(place);
        code.ops.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.code().ops.len() as u32
    }

    /// Points the jump at `at` to the next op.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        let op = &mut self.code().ops[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
            Op::ForIter(_) => Op::ForIter(target),
            Op::ForIterKeep(_) => Op::ForIterKeep(target),
            Op::PushHandler(_, n) => Op::PushHandler(target, n),
            other => other,
        };
    }

    fn konst(&mut self, v: Value) -> u32 {
        let consts = &mut self.code().consts;
        consts.push(v);
        (consts.len() - 1) as u32
    }

    fn emit_const(&mut self, v: Value) {
        let k = self.konst(v);
        self.emit(Op::Const(k));
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let names = &mut self.code().names;
        if let Some(i) = names.iter().position(|n| &**n == name) {
            return i as u32;
        }
        names.push(Rc::from(name));
        (names.len() - 1) as u32
    }

    fn resolve(&mut self, name: &str) -> Where {
        let unit = self.unit();
        let (code, scope) = (&unit.code, &unit.scope);
        if let Some(i) = code.cells.iter().position(|(n, _)| &**n == name) {
            return Where::Cell(i as u32);
        }
        let cells = code.cells.len();
        if let Some(i) = code.free.iter().position(|n| &**n == name)
            && (code.kind != Kind::Class || !scope.bound.iter().any(|b| b == name))
        {
            return Where::Cell((cells + i) as u32);
        }
        match code.kind {
            Kind::Module => Where::Global,
            Kind::Class => Where::Name,
            _ if scope.globals.contains(name) => Where::Global,
            _ => match code.locals.iter().position(|n| &**n == name) {
                Some(i) => Where::Fast(i as u32),
                None => Where::Global,
            },
        }
    }

    fn load_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            Where::Fast(i) => Op::LoadFast(i),
            Where::Cell(i) => Op::LoadCell(i),
            Where::Global => Op::LoadGlobal(self.name_index(name)),
            Where::Name => Op::LoadName(self.name_index(name)),
        };
        self.emit(op);
    }

    fn store_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            Where::Fast(i) => Op::StoreFast(i),
            Where::Cell(i) => Op::StoreCell(i),
            Where::Global => Op::StoreGlobal(self.name_index(name)),
            Where::Name => Op::StoreName(self.name_index(name)),
        };
        self.emit(op);
    }

    fn delete_name(&mut self, name: &str, at: TextSize) -> Res {
        let _ = at;
        let op = match self.resolve(name) {
            Where::Fast(i) => Op::DelFast(i),
            Where::Cell(i) => Op::DelCell(i),
            Where::Global => Op::DelGlobal(self.name_index(name)),
            Where::Name => Op::DelName(self.name_index(name)),
        };
        self.emit(op);
        Ok(())
    }

    /// Makes a function of the unit just compiled: its defaults (already on the stack, as
    /// flagged) and its closure.
    fn make_function(&mut self, code: Code, mut flags: u8) {
        let free = code.free.clone();
        if !free.is_empty() {
            for name in &free {
                let Where::Cell(i) = self.resolve(name) else {
                    unreachable!("a free name is a cell of the enclosing unit")
                };
                self.emit(Op::LoadClosure(i));
            }
            self.emit(Op::BuildTuple(free.len() as u32));
            flags |= 4;
        }
        let k = self.konst(Value::Code(Rc::new(code)));
        self.emit(Op::MakeFunction(k, flags));
    }
}

fn param_count(params: Option<&ast::Parameters>) -> usize {
    params.map_or(0, |p| scope::param_names(p).len())
}
