//! What a program of the subset means at its top level: the docstring, imports, `model()`,
//! `workload()`, locks, functions and the `__main__` guard; then processes are found breadth
//! first from `main()` (`declare`) and each thread's function becomes its program (`body`).

use std::collections::{BTreeSet, HashMap};

use super::ast::{Expr, ExprKind, Pos, Stmt, StmtKind};
use super::body::Cx;
use super::declare::{ProcDraft, ThreadDraft, declare};
use super::literal::parse_seconds;
use super::model::{ProcessExtras, Val, blank, set_model, workload_of};
use super::source_map::line_of_path;
use super::{PyError, SourceMap};
use crate::scenario::{Process, Scenario, Thread, WorkloadRef};

/// A call's keyword arguments.
pub(super) type Kwargs = [(String, Expr)];

const MODULES: &[&str] = &["asyncio", "multiprocessing", "sys", "threading", "time"];
const HELPERS: &[&str] = &[
    "Lock",
    "Thread",
    "async_io",
    "c_release",
    "cpu",
    "io",
    "model",
    "workload",
];

pub(super) const BODY_ALLOWED: &str = "a function body may hold cpu(s), c_release(s), io(s), time.sleep(s), \
     `for _ in range(n):`, `with lock:`, lock.acquire()/release(), t.start()/t.join(), \
     asyncio.run(coroutine()) and, in the process's main function, thread and process declarations";

pub(super) struct Func<'a> {
    pub is_async: bool,
    pub body: &'a [Stmt],
    pub pos: Pos,
}

pub(super) struct Module<'a> {
    imports: BTreeSet<String>,
    helpers: BTreeSet<String>,
    funcs: HashMap<String, Func<'a>>,
    /// Lock variable -> lock name.
    pub locks: HashMap<String, String>,
}

impl Module<'_> {
    pub fn need_module(&self, m: &str, pos: Pos) -> Result<(), PyError> {
        if self.imports.contains(m) {
            Ok(())
        } else {
            Err(pos.err(format!("`{m}` is used but not imported: add `import {m}`")))
        }
    }

    pub fn need_helper(&self, h: &str, pos: Pos) -> Result<(), PyError> {
        if self.helpers.contains(h) {
            Ok(())
        } else {
            Err(pos.err(format!(
                "`{h}` is used but not imported: add it to `from gil_lab import ...`"
            )))
        }
    }

    pub fn func(&self, name: &str, pos: Pos) -> Result<&Func<'_>, PyError> {
        self.funcs
            .get(name)
            .ok_or_else(|| pos.err(format!("no function named `{name}` is defined")))
    }
}

pub(super) fn val(e: &Expr) -> Val {
    match &e.kind {
        ExprKind::Str(s) => Val::Str(s.clone()),
        ExprKind::Num(n) => Val::Num(n.clone()),
        // A dict keyed by strings (process names), or one keyed by numbers (busy cores);
        // a mixed one is neither.
        ExprKind::Dict(items)
            if items
                .iter()
                .all(|(k, _)| matches!(k.kind, ExprKind::Num(_)))
                && !items.is_empty() =>
        {
            Val::NumDict(
                items
                    .iter()
                    .map(|(k, v)| match &k.kind {
                        ExprKind::Num(n) => (n.clone(), val(v)),
                        _ => (String::new(), Val::Other),
                    })
                    .collect(),
            )
        }
        ExprKind::Dict(items) => Val::Dict(
            items
                .iter()
                .map(|(k, v)| match &k.kind {
                    ExprKind::Str(s) => (s.clone(), val(v)),
                    _ => (String::new(), Val::Other),
                })
                .collect(),
        ),
        _ => Val::Other,
    }
}

pub(super) fn seconds(e: &Expr) -> Result<u64, PyError> {
    match &e.kind {
        ExprKind::Num(n) => parse_seconds(n).map_err(|m| e.pos.err(m)),
        _ => Err(e
            .pos
            .err("expected a number of seconds here (like 0.05 or 10e-6)")),
    }
}

pub(super) fn string(e: &Expr, what: &str) -> Result<String, PyError> {
    match &e.kind {
        ExprKind::Str(s) => Ok(s.clone()),
        _ => Err(e.pos.err(format!("{what} must be a string in quotes"))),
    }
}

/// A variable the program may assign: not a module or helper it uses, not `_` (the loops'
/// variable) and not a dunder such as `__name__` (each would break the program in CPython).
pub(super) fn check_var(var: &str, pos: Pos) -> Result<(), PyError> {
    if MODULES.contains(&var)
        || HELPERS.contains(&var)
        || var == "_"
        || var == "range"
        || (var.starts_with("__") && var.ends_with("__"))
    {
        return Err(pos.err(format!(
            "`{var}` is taken (a module, a helper, the loop variable `_` or a Python name): choose another name"
        )));
    }
    Ok(())
}

/// A call's parts, if `e` is a call.
pub(super) fn as_call(e: &Expr) -> Option<(&Expr, &[Expr], &Kwargs)> {
    match &e.kind {
        ExprKind::Call { func, args, kwargs } => Some((func, args, kwargs)),
        _ => None,
    }
}

/// Reads the docstring's `Name:`, `Question:` and `Lesson:` fields.
fn docstring(s: &str, sc: &mut Scenario) {
    let mut cur: Option<&mut String> = None;
    let (mut name, mut question, mut lesson) = (None, None, None);
    for line in s.lines() {
        if let Some(rest) = line.strip_prefix("Name: ") {
            name = Some(rest.to_string());
            cur = name.as_mut();
        } else if let Some(rest) = line.strip_prefix("Question: ") {
            question = Some(rest.to_string());
            cur = question.as_mut();
        } else if let Some(rest) = line.strip_prefix("Lesson: ") {
            lesson = Some(rest.to_string());
            cur = lesson.as_mut();
        } else if let (Some(rest), Some(c)) = (line.strip_prefix("    "), cur.as_mut()) {
            c.push(' ');
            c.push_str(rest);
        } else {
            cur = None;
        }
    }
    sc.name = name.unwrap_or_default();
    sc.question = question.unwrap_or_default();
    sc.lesson = lesson.unwrap_or_default();
}

pub(super) fn build(module: &[Stmt]) -> Result<(Scenario, SourceMap), PyError> {
    let mut sc = blank();
    let mut m = Module {
        imports: BTreeSet::new(),
        helpers: BTreeSet::new(),
        funcs: HashMap::new(),
        locks: HashMap::new(),
    };
    let mut extras = ProcessExtras::default();
    let mut model_pos = None;
    let mut workload = None;
    let mut main_fn: Option<(String, Pos)> = None;
    for (i, st) in module.iter().enumerate() {
        match &st.kind {
            StmtKind::Expr(Expr {
                kind: ExprKind::Str(s),
                ..
            }) if i == 0 => docstring(s, &mut sc),
            StmtKind::Pass => {}
            StmtKind::Import(names) => {
                for n in names {
                    if !MODULES.contains(&n.as_str()) {
                        return Err(st.pos.err(format!(
                            "`import {n}`: a GIL Lab program imports only asyncio, multiprocessing, sys, threading and time (and gil_lab)"
                        )));
                    }
                    m.imports.insert(n.clone());
                }
            }
            StmtKind::FromImport { module, names } => {
                if module != "gil_lab" {
                    return Err(st.pos.err(format!(
                        "`from {module} import ...`: only `from gil_lab import ...` is allowed"
                    )));
                }
                for (n, p) in names {
                    if !HELPERS.contains(&n.as_str()) {
                        return Err(p.err(format!(
                            "gil_lab has no `{n}` (it has {})",
                            HELPERS.join(", ")
                        )));
                    }
                    m.helpers.insert(n.clone());
                }
            }
            StmtKind::Expr(e) if as_call(e).is_some() => {
                let (f, args, kwargs) = as_call(e).unwrap_or((e, &[], &[]));
                match f.dotted().as_deref() {
                    Some("sys.setswitchinterval") => {
                        m.need_module("sys", f.pos)?;
                        let [a] = args else {
                            return Err(e
                                .pos
                                .err("sys.setswitchinterval takes one number of seconds"));
                        };
                        sc.runtime.switch_interval_ns = seconds(a)?;
                    }
                    Some(h @ ("model" | "workload")) => {
                        m.need_helper(h, f.pos)?;
                        if let Some(a) = args.first() {
                            return Err(a.pos.err(format!("{h}() takes keyword arguments only")));
                        }
                        if h == "model" {
                            if model_pos.is_some() {
                                return Err(e.pos.err("model() is called twice"));
                            }
                            model_pos = Some(e.pos);
                            for (k, v) in kwargs {
                                set_model(&mut sc, &mut extras, k, &val(v))
                                    .map_err(|msg| v.pos.err(msg))?;
                            }
                        } else {
                            if workload.is_some() {
                                return Err(e.pos.err("workload() is called twice"));
                            }
                            let kv: Vec<(String, Val)> =
                                kwargs.iter().map(|(k, v)| (k.clone(), val(v))).collect();
                            workload = Some(workload_of(&kv).map_err(|msg| e.pos.err(msg))?);
                        }
                    }
                    _ => {
                        return Err(e.pos.err(
                            "at the top level a program has imports, sys.setswitchinterval(), model(), locks, functions and `if __name__ == \"__main__\":`",
                        ));
                    }
                }
            }
            StmtKind::Assign(var, e) => {
                check_var(var, st.pos)?;
                let (f, args, _) = as_call(e).ok_or_else(|| {
                    e.pos
                        .err("at the top level only locks are created: `name = threading.Lock()`")
                })?;
                match f.dotted().as_deref() {
                    Some("threading.Lock") if args.is_empty() => {
                        m.need_module("threading", f.pos)?;
                        m.locks.insert(var.clone(), var.clone());
                    }
                    Some("Lock") => {
                        m.need_helper("Lock", f.pos)?;
                        let [a] = args else {
                            return Err(e.pos.err("Lock takes the lock's name: Lock(\"name\")"));
                        };
                        m.locks.insert(var.clone(), string(a, "the lock's name")?);
                    }
                    _ => {
                        return Err(e.pos.err(
                            "at the top level only locks are created: `name = threading.Lock()`",
                        ));
                    }
                }
            }
            StmtKind::Def {
                name,
                is_async,
                body,
            } => {
                if m.funcs.contains_key(name) {
                    return Err(st.pos.err(format!("function `{name}` is defined twice")));
                }
                m.funcs.insert(
                    name.clone(),
                    Func {
                        is_async: *is_async,
                        body,
                        pos: st.pos,
                    },
                );
            }
            StmtKind::If { test, body } => {
                let ok = matches!(&test.kind, ExprKind::Eq(a, b)
                    if a.dotted().as_deref() == Some("__name__")
                        && matches!(&b.kind, ExprKind::Str(s) if s == "__main__"));
                if !ok {
                    return Err(test
                        .pos
                        .err("the only `if` allowed is `if __name__ == \"__main__\":`"));
                }
                let call = match body.as_slice() {
                    [
                        Stmt {
                            kind: StmtKind::Expr(e),
                            ..
                        },
                    ] => as_call(e).and_then(|(f, a, k)| {
                        (a.is_empty() && k.is_empty())
                            .then(|| f.dotted())
                            .flatten()
                            .map(|n| (n, f.pos))
                    }),
                    _ => None,
                };
                let Some(c) = call else {
                    return Err(st.pos.err(
                        "the `__main__` block holds one call of the main function: `main()`",
                    ));
                };
                if main_fn.is_some() {
                    return Err(st.pos.err(
                        "a second `if __name__ == \"__main__\":` block: CPython would run both; keep one",
                    ));
                }
                main_fn = Some(c);
            }
            _ => {
                return Err(st.pos.err(
                    "at the top level a program has imports, sys.setswitchinterval(), model(), locks, functions and `if __name__ == \"__main__\":`",
                ));
            }
        }
    }
    let Some((main_name, main_pos)) = main_fn else {
        let line = module.last().map_or(1, |s| s.pos.line);
        return Err(PyError::new(
            line,
            1,
            "the program needs `if __name__ == \"__main__\":` calling its main function, like `main()`",
        ));
    };
    if m.func(&main_name, main_pos)?.is_async {
        return Err(main_pos.err("the main function must be a plain `def`, not `async def`"));
    }

    // Processes, breadth first from the main process.
    let mut procs = vec![ProcDraft {
        name: extras.main_process.clone().unwrap_or_else(|| "main".into()),
        start_method: extras.main_start_method.unwrap_or_default(),
        target: main_name,
        threads: Vec::new(),
        thread_vars: HashMap::new(),
        proc_vars: Default::default(),
        globals: Default::default(),
        pos: main_pos,
    }];
    let mut proc_vars: HashMap<String, usize> = HashMap::new();
    let mut total_threads = 0u32;
    let mut k = 0;
    while k < procs.len() {
        declare(&m, &mut procs, k, &mut proc_vars, &mut total_threads)?;
        k += 1;
    }

    // Programs.
    let proc_names: Vec<String> = procs.iter().map(|p| p.name.clone()).collect();
    let mut map = SourceMap::default();
    let built = std::cell::Cell::new(0u64);
    for (pi, pd) in procs.iter().enumerate() {
        let mut threads = Vec::new();
        let main_thread = ThreadDraft {
            name: extras
                .main_threads
                .get(&pd.name)
                .cloned()
                .unwrap_or_else(|| "MainThread".into()),
            daemon: false,
            interpreter: extras
                .main_thread_interpreters
                .get(&pd.name)
                .copied()
                .unwrap_or(0),
            target: pd.target.clone(),
            pos: pd.pos,
        };
        for (ti, td) in std::iter::once(&main_thread)
            .chain(pd.threads.iter())
            .enumerate()
        {
            let f = m.func(&td.target, td.pos)?;
            if f.is_async {
                return Err(td.pos.err(format!(
                    "`{}` is `async def`: a thread's target is a plain function (run coroutines with asyncio.run)",
                    td.target
                )));
            }
            let cx = Cx {
                m: &m,
                pd,
                proc_vars: &proc_vars,
                proc_names: &proc_names,
                in_task: false,
                declares: ti == 0,
                main_fn: ti == 0,
                built: &built,
            };
            let mut lines = Vec::new();
            let program = cx.body(f.body, &mut lines)?;
            map.threads.push(lines);
            map.defs.push(f.pos.line);
            map.decls.push(td.pos.line);
            threads.push(Thread {
                name: td.name.clone(),
                daemon: td.daemon,
                interpreter: td.interpreter,
                program,
            });
        }
        let _ = pi;
        sc.processes.push(Process {
            name: pd.name.clone(),
            start_method: pd.start_method,
            interpreters: extras.interpreters.get(&pd.name).copied().unwrap_or(1),
            threads,
        });
    }
    let pos = model_pos.unwrap_or(Pos { line: 1, col: 1 });
    for name in extras
        .interpreters
        .keys()
        .chain(extras.main_threads.keys())
        .chain(extras.main_thread_interpreters.keys())
    {
        if !sc.processes.iter().any(|p| &p.name == name) {
            return Err(pos.err(format!(
                "model() names a process {name:?} the program does not have"
            )));
        }
    }
    if let Some((mode, work)) = workload
        && work.processes(mode).ok().as_ref() == Some(&sc.processes)
    {
        sc.workload = Some(WorkloadRef { mode, work });
    }
    let proc_lines: Vec<u32> = procs.iter().map(|p| p.pos.line).collect();
    sc.validate().map_err(|e| {
        let (line, col) =
            line_of_path(&sc, &map, &proc_lines, &e.path).unwrap_or((pos.line, pos.col));
        PyError::new(line, col, e.reason.clone())
    })?;
    Ok((sc, map))
}
