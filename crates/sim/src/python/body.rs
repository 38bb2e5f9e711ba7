//! A function body as one thread's (or asyncio task's) program: each statement of the subset
//! becomes a step and records its line, in the pre-order numbering of the `SourceMap`.

use std::collections::HashMap;

use super::PyError;
use super::ast::{Expr, ExprKind, Pos, Stmt, StmtKind};
use super::build::{BODY_ALLOWED, Kwargs, Module, as_call, seconds, string};
use super::declare::{ProcDraft, get_context, process_ctor};
use super::literal::parse_int;
use crate::scenario::{MAX_STEPS, Step, Task};
use std::cell::Cell;

/// Interpreting one function body for one thread (or asyncio task).
#[derive(Clone, Copy)]
pub(super) struct Cx<'a, 'm> {
    pub m: &'a Module<'m>,
    pub pd: &'a ProcDraft,
    pub proc_vars: &'a HashMap<String, usize>,
    pub proc_names: &'a [String],
    pub in_task: bool,
    /// At the top level of the process's main function: declarations are allowed here.
    pub declares: bool,
    /// In the process's main function (its locals are in scope), at any depth.
    pub main_fn: bool,
    /// Steps built so far over the whole program (every thread's copy of a shared function
    /// counts), against [`MAX_STEPS`]: a short text cannot make the reader build without bound.
    pub built: &'a Cell<u64>,
}

impl Cx<'_, '_> {
    /// The same, for a nested block (declarations only at a main function's top level).
    fn block(&self) -> Self {
        Cx {
            declares: false,
            ..*self
        }
    }

    /// Counts `n` more steps built; errs at `pos` past the cap.
    fn charge(&self, n: u64, pos: Pos) -> Result<(), PyError> {
        let total = self.built.get().saturating_add(n);
        self.built.set(total);
        if total > MAX_STEPS {
            return Err(pos.err(format!(
                "the program makes more than {MAX_STEPS} steps (every thread's copy of a function counts; cap MAX_STEPS)"
            )));
        }
        Ok(())
    }

    pub fn body(&self, body: &[Stmt], lines: &mut Vec<u32>) -> Result<Vec<Step>, PyError> {
        let mut out = Vec::new();
        for (i, st) in body.iter().enumerate() {
            self.stmt(st, i == 0, lines, &mut out)?;
        }
        Ok(out)
    }

    fn stmt(
        &self,
        st: &Stmt,
        first: bool,
        lines: &mut Vec<u32>,
        out: &mut Vec<Step>,
    ) -> Result<(), PyError> {
        let line = st.pos.line;
        match &st.kind {
            StmtKind::Pass | StmtKind::Global(_) => {}
            StmtKind::Expr(Expr {
                kind: ExprKind::Str(_),
                ..
            }) if first => {}
            StmtKind::Assign(_, e) => {
                if !self.declares || self.in_task {
                    return Err(st.pos.err(
                        "declare threads and processes at the top level of the process's main function (main() or a process's target), not in a block or another function",
                    ));
                }
                let known = get_context(e)?.is_some()
                    || as_call(e).is_some_and(|(f, _, _)| {
                        matches!(f.dotted().as_deref(), Some("threading.Thread" | "Thread"))
                            || process_ctor(f, &HashMap::new()).ok().flatten().is_some()
                            || matches!(&f.kind, ExprKind::Attr(_, a) if a == "Process")
                    });
                if !known {
                    return Err(st.pos.err(
                        "only threads and processes can be created here: `t = threading.Thread(target=f, name=\"t\")`",
                    ));
                }
            }
            StmtKind::For { count, body } => {
                self.charge(1, st.pos)?;
                let n = match as_call(count) {
                    Some((f, [a], [])) if f.dotted().as_deref() == Some("range") => match &a.kind {
                        ExprKind::Num(n) => parse_int(n).map_err(|msg| a.pos.err(msg))?,
                        _ => return Err(a.pos.err("range() takes a whole number here")),
                    },
                    _ => return Err(count.pos.err("a loop is `for _ in range(n):`")),
                };
                let n =
                    u32::try_from(n).map_err(|_| count.pos.err("the loop count is too large"))?;
                let id = lines.len();
                lines.push(line);
                let inner = self.block().body(body, lines)?;
                let _ = id;
                out.push(Step::Repeat {
                    count: n,
                    body: inner,
                });
            }
            StmtKind::With { ctx, body } => {
                self.charge(2, st.pos)?;
                let lock = self.lock(ctx)?;
                lines.push(line);
                out.push(Step::Acquire { lock: lock.clone() });
                let inner = self.block().body(body, lines)?;
                out.extend(inner);
                lines.push(line);
                out.push(Step::Release { lock });
            }
            StmtKind::Expr(e) => {
                self.charge(1, st.pos)?;
                let step = self.expr_step(e, lines)?;
                out.push(step);
            }
            StmtKind::Def { .. } => {
                return Err(st
                    .pos
                    .err("define functions at the top level, not inside another"));
            }
            _ => return Err(st.pos.err(BODY_ALLOWED)),
        }
        Ok(())
    }

    fn lock(&self, e: &Expr) -> Result<String, PyError> {
        if self.in_task {
            return Err(e
                .pos
                .err("a lock cannot be used inside a coroutine (async def)"));
        }
        match &e.kind {
            ExprKind::Name(v) => self.m.locks.get(v).cloned().ok_or_else(|| {
                e.pos.err(format!(
                    "`{v}` is not a lock: create it at the top level with `{v} = threading.Lock()`"
                ))
            }),
            _ => Err(e.pos.err("`with` takes a lock: `with lock:`")),
        }
    }

    fn expr_step(&self, e: &Expr, lines: &mut Vec<u32>) -> Result<Step, PyError> {
        let line = e.pos.line;
        if let ExprKind::Await(inner) = &e.kind {
            if !self.in_task {
                return Err(e.pos.err("`await` is only allowed inside `async def`"));
            }
            let Some((f, args, kwargs)) = as_call(inner) else {
                return Err(inner.pos.err("await async_io(s) or asyncio.sleep(s)"));
            };
            let step = match f.dotted().as_deref() {
                Some("async_io") => {
                    self.m.need_helper("async_io", f.pos)?;
                    let (ns, jitter_ns) = self.dur_jitter(e, args, kwargs)?;
                    Step::AwaitIo { ns, jitter_ns }
                }
                Some("asyncio.sleep") => {
                    self.m.need_module("asyncio", f.pos)?;
                    Step::AwaitSleep {
                        ns: self.one_dur(e, args, kwargs)?,
                    }
                }
                _ => {
                    return Err(inner
                        .pos
                        .err("only `await async_io(s)` and `await asyncio.sleep(s)` are allowed"));
                }
            };
            lines.push(line);
            return Ok(step);
        }
        let Some((f, args, kwargs)) = as_call(e) else {
            return Err(e.pos.err(BODY_ALLOWED));
        };
        let dotted = f.dotted();
        let step = match dotted.as_deref() {
            Some(h @ ("cpu" | "c_release")) => {
                self.m.need_helper(h, f.pos)?;
                let ns = self.one_dur(e, args, kwargs)?;
                if h == "cpu" {
                    Step::Cpu { ns }
                } else {
                    Step::CRelease { ns }
                }
            }
            Some("io") => {
                self.m.need_helper("io", f.pos)?;
                let (ns, jitter_ns) = self.dur_jitter(e, args, kwargs)?;
                Step::Io { ns, jitter_ns }
            }
            Some("time.sleep") => {
                self.m.need_module("time", f.pos)?;
                Step::Sleep {
                    ns: self.one_dur(e, args, kwargs)?,
                }
            }
            Some("asyncio.run") => {
                self.m.need_module("asyncio", f.pos)?;
                return self.asyncio_run(e, args, lines);
            }
            Some(d)
                if d.ends_with(".start")
                    || d.ends_with(".join")
                    || d.ends_with(".acquire")
                    || d.ends_with(".release") =>
            {
                let (var, method) = d.split_once('.').unwrap_or((d, ""));
                if var.contains('.') || !args.is_empty() || !kwargs.is_empty() {
                    return Err(e.pos.err(format!("`{d}(...)`: {BODY_ALLOWED}")));
                }
                match method {
                    "start" | "join" => {
                        if self.in_task {
                            return Err(e.pos.err("threads and processes cannot be started or joined inside a coroutine"));
                        }
                        let local = self.pd.thread_vars.contains_key(var)
                            || self.pd.proc_vars.contains(var);
                        if local && !self.main_fn && !self.pd.globals.contains(var) {
                            return Err(f.pos.err(format!(
                                "`{var}` is local to the process's main function: add `global {var}` at its top so that this thread can use it"
                            )));
                        }
                        if let Some(&ti) = self.pd.thread_vars.get(var) {
                            let thread = self.pd.threads[ti - 1].name.clone();
                            if method == "start" {
                                Step::StartThread { thread }
                            } else {
                                Step::JoinThread { thread }
                            }
                        } else if let Some(_pi) = self.proc_vars.get(var) {
                            let process = self.proc_name(var);
                            if method == "start" {
                                Step::StartProcess { process }
                            } else {
                                Step::JoinProcess { process }
                            }
                        } else {
                            return Err(f.pos.err(format!(
                                "`{var}` is not a thread or process declared in this process's main function"
                            )));
                        }
                    }
                    _ => {
                        let lock = self.lock(&Expr {
                            kind: ExprKind::Name(var.to_string()),
                            pos: f.pos,
                        })?;
                        if method == "acquire" {
                            Step::Acquire { lock }
                        } else {
                            Step::Release { lock }
                        }
                    }
                }
            }
            _ => return Err(e.pos.err(BODY_ALLOWED)),
        };
        lines.push(line);
        Ok(step)
    }

    fn proc_name(&self, var: &str) -> String {
        self.proc_vars
            .get(var)
            .and_then(|&i| self.proc_names.get(i).cloned())
            .unwrap_or_default()
    }

    fn one_dur(&self, e: &Expr, args: &[Expr], kwargs: &Kwargs) -> Result<u64, PyError> {
        match (args, kwargs) {
            ([a], []) => seconds(a),
            _ => Err(e.pos.err("this call takes one number of seconds")),
        }
    }

    fn dur_jitter(&self, e: &Expr, args: &[Expr], kwargs: &Kwargs) -> Result<(u64, u64), PyError> {
        let [a] = args else {
            return Err(e
                .pos
                .err("this call takes a number of seconds (and jitter=)"));
        };
        let mut jitter = 0;
        for (k, v) in kwargs {
            if k != "jitter" {
                return Err(v
                    .pos
                    .err(format!("{k}= is not supported here (only jitter=)")));
            }
            jitter = seconds(v)?;
        }
        Ok((seconds(a)?, jitter))
    }

    /// `asyncio.run(f())`: `f` gathers tasks (`await asyncio.gather(...)`), or is the one task.
    fn asyncio_run(&self, e: &Expr, args: &[Expr], lines: &mut Vec<u32>) -> Result<Step, PyError> {
        if self.in_task {
            return Err(e.pos.err("asyncio.run cannot be called inside a coroutine"));
        }
        let coro =
            match args {
                [a] => match as_call(a) {
                    Some((f, [], [])) => match &f.kind {
                        ExprKind::Name(n) => (n.clone(), f.pos),
                        _ => return Err(a.pos.err(
                            "asyncio.run takes a call of an `async def`: asyncio.run(main_async())",
                        )),
                    },
                    _ => {
                        return Err(a.pos.err(
                            "asyncio.run takes a call of an `async def`: asyncio.run(main_async())",
                        ));
                    }
                },
                _ => return Err(e.pos.err("asyncio.run takes one coroutine")),
            };
        let f = self.m.func(&coro.0, coro.1)?;
        if !f.is_async {
            return Err(coro.1.err(format!(
                "`{}` must be `async def` to be run by asyncio.run",
                coro.0
            )));
        }
        lines.push(e.pos.line);
        let body: Vec<&Stmt> = f
            .body
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                !(*i == 0
                    && matches!(
                        &s.kind,
                        StmtKind::Expr(Expr {
                            kind: ExprKind::Str(_),
                            ..
                        })
                    ))
            })
            .map(|(_, s)| s)
            .collect();
        let gathered = match body.as_slice() {
            [
                Stmt {
                    kind:
                        StmtKind::Expr(Expr {
                            kind: ExprKind::Await(inner),
                            ..
                        }),
                    ..
                },
            ] => as_call(inner).and_then(|(g, a, _)| {
                (g.dotted().as_deref() == Some("asyncio.gather")).then_some(a)
            }),
            _ => None,
        };
        let mut tasks = Vec::new();
        let tcx = Cx {
            m: self.m,
            pd: self.pd,
            proc_vars: self.proc_vars,
            proc_names: self.proc_names,
            in_task: true,
            declares: false,
            main_fn: false,
            built: self.built,
        };
        match gathered {
            Some(items) => {
                for it in items {
                    let (name, fname, pos) = task_item(it)?;
                    let g = self.m.func(&fname, pos)?;
                    if !g.is_async {
                        return Err(pos.err(format!("`{fname}` must be `async def` to be a task")));
                    }
                    let program = tcx.body(g.body, lines)?;
                    self.charge(1, pos)?;
                    tasks.push(Task { name, program });
                }
            }
            None => {
                let program = tcx.body(f.body, lines)?;
                tasks.push(Task {
                    name: coro.0,
                    program,
                });
            }
        }
        Ok(Step::Asyncio { tasks })
    }
}

/// One argument of `asyncio.gather`: `asyncio.create_task(f(), name="n")` or `f()`.
fn task_item(e: &Expr) -> Result<(String, String, Pos), PyError> {
    let bad = || {
        e.pos
            .err("gather takes `asyncio.create_task(f(), name=\"task\")` or `f()`")
    };
    let (f, args, kwargs) = as_call(e).ok_or_else(bad)?;
    let fname_of = |c: &Expr| -> Option<(String, Pos)> {
        let (g, a, k) = as_call(c)?;
        if !a.is_empty() || !k.is_empty() {
            return None;
        }
        match &g.kind {
            ExprKind::Name(n) => Some((n.clone(), g.pos)),
            _ => None,
        }
    };
    if f.dotted().as_deref() == Some("asyncio.create_task") {
        let [c] = args else { return Err(bad()) };
        let (fname, pos) = fname_of(c).ok_or_else(bad)?;
        let mut name = fname.clone();
        for (k, v) in kwargs {
            if k != "name" {
                return Err(v.pos.err("create_task takes only name= here"));
            }
            name = string(v, "name=")?;
        }
        return Ok((name, fname, pos));
    }
    let (fname, pos) = fname_of(e).ok_or_else(bad)?;
    Ok((fname.clone(), fname, pos))
}
