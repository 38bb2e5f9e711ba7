//! Declarations: the threads (`threading.Thread(target=..., name=..., daemon=...)`) and the
//! processes (`multiprocessing.get_context("spawn").Process(...)`) a process's main function
//! creates, which make the scenario's thread and process lists, in order.

use std::collections::{HashMap, HashSet};

use super::PyError;
use super::ast::{Expr, ExprKind, Pos, StmtKind};
use super::build::{Module, as_call, check_var, string};
use super::literal::parse_int;
use crate::scenario::{MAX_PROCESSES, MAX_THREADS, StartMethod};

pub(super) struct ThreadDraft {
    pub name: String,
    pub daemon: bool,
    pub interpreter: u32,
    pub target: String,
    pub pos: Pos,
}

pub(super) struct ProcDraft {
    pub name: String,
    pub start_method: StartMethod,
    pub target: String,
    pub threads: Vec<ThreadDraft>,
    /// Thread variable -> thread index.
    pub thread_vars: HashMap<String, usize>,
    /// Variables of the processes this process's main function declares.
    pub proc_vars: HashSet<String>,
    /// Names the main function declares `global` (its threads may use those).
    pub globals: HashSet<String>,
    /// Where the process is declared (the main process: the `main()` call).
    pub pos: Pos,
}

/// The start method of `multiprocessing.Process` (fork) or
/// `multiprocessing.get_context("m").Process`, or of `ctx.Process` for a context variable.
pub(super) fn process_ctor(
    func: &Expr,
    ctx_vars: &HashMap<String, StartMethod>,
) -> Result<Option<StartMethod>, PyError> {
    if func.dotted().as_deref() == Some("multiprocessing.Process") {
        return Ok(Some(StartMethod::Fork));
    }
    if let ExprKind::Attr(obj, a) = &func.kind
        && a == "Process"
    {
        if let ExprKind::Name(v) = &obj.kind
            && let Some(m) = ctx_vars.get(v)
        {
            return Ok(Some(*m));
        }
        if let Some(m) = get_context(obj)? {
            return Ok(Some(m));
        }
    }
    Ok(None)
}

/// `multiprocessing.get_context("spawn")` -> spawn.
pub(super) fn get_context(e: &Expr) -> Result<Option<StartMethod>, PyError> {
    let Some((f, args, _)) = as_call(e) else {
        return Ok(None);
    };
    if f.dotted().as_deref() != Some("multiprocessing.get_context") {
        return Ok(None);
    }
    let [a] = args else {
        return Err(e
            .pos
            .err("get_context takes one start method: \"fork\", \"forkserver\" or \"spawn\""));
    };
    let m = string(a, "the start method")?;
    Ok(Some(match m.as_str() {
        "fork" => StartMethod::Fork,
        "forkserver" => StartMethod::Forkserver,
        "spawn" => StartMethod::Spawn,
        _ => {
            return Err(a
                .pos
                .err("the start method must be \"fork\", \"forkserver\" or \"spawn\""));
        }
    }))
}

/// Finds the thread and process declarations in process `k`'s main function.
pub(super) fn declare(
    m: &Module<'_>,
    procs: &mut Vec<ProcDraft>,
    k: usize,
    proc_vars: &mut HashMap<String, usize>,
    total_threads: &mut u32,
) -> Result<(), PyError> {
    let target = procs[k].target.clone();
    let f = m.func(&target, Pos { line: 1, col: 1 })?;
    let mut ctx_vars: HashMap<String, StartMethod> = HashMap::new();
    for st in f.body {
        if let StmtKind::Global(names) = &st.kind {
            procs[k].globals.extend(names.iter().cloned());
        }
        let StmtKind::Assign(var, e) = &st.kind else {
            continue;
        };
        check_var(var, st.pos)?;
        if procs[k].thread_vars.contains_key(var) || proc_vars.contains_key(var) {
            return Err(st.pos.err(format!("`{var}` is declared twice")));
        }
        if let Some(sm) = get_context(e)? {
            m.need_module("multiprocessing", e.pos)?;
            ctx_vars.insert(var.clone(), sm);
            continue;
        }
        let Some((func, args, kwargs)) = as_call(e) else {
            continue;
        };
        let dotted = func.dotted();
        let is_thread = matches!(dotted.as_deref(), Some("threading.Thread" | "Thread"));
        let proc_method = process_ctor(func, &ctx_vars)?;
        if !is_thread && proc_method.is_none() {
            continue;
        }
        if let Some(a) = args.first() {
            return Err(a.pos.err("pass target= and name= as keyword arguments"));
        }
        let mut target = None;
        let mut name = None;
        let mut daemon = false;
        let mut interpreter = 0u32;
        for (key, v) in kwargs {
            match key.as_str() {
                "target" => {
                    target = Some(match &v.kind {
                        ExprKind::Name(n) => n.clone(),
                        _ => return Err(v.pos.err("target= must name a function")),
                    })
                }
                "name" => name = Some(string(v, "name=")?),
                "daemon" if is_thread => {
                    daemon = match v.kind {
                        ExprKind::Bool(b) => b,
                        _ => return Err(v.pos.err("daemon= must be True or False")),
                    }
                }
                "interpreter" if dotted.as_deref() == Some("Thread") => {
                    interpreter = match &v.kind {
                        ExprKind::Num(n) => parse_int(n)
                            .ok()
                            .and_then(|x| u32::try_from(x).ok())
                            .ok_or_else(|| {
                            v.pos.err("interpreter= must be a small whole number")
                        })?,
                        _ => return Err(v.pos.err("interpreter= must be a whole number")),
                    }
                }
                _ => {
                    return Err(v.pos.err(format!(
                        "{key}= is not supported here (use target=, name={})",
                        if is_thread { ", daemon=" } else { "" }
                    )));
                }
            }
        }
        let target = target.ok_or_else(|| e.pos.err("target= is missing"))?;
        let name = name.ok_or_else(|| e.pos.err("name= is missing (the timeline shows it)"))?;
        m.func(&target, e.pos)?;
        if is_thread {
            if dotted.as_deref() == Some("Thread") {
                m.need_helper("Thread", func.pos)?;
            } else {
                m.need_module("threading", func.pos)?;
            }
            *total_threads += 1;
            if *total_threads + procs.len() as u32 > MAX_THREADS {
                return Err(e
                    .pos
                    .err(format!("more than {MAX_THREADS} threads (cap MAX_THREADS)")));
            }
            let p = &mut procs[k];
            if p.threads.iter().any(|t| t.name == name) {
                return Err(e.pos.err(format!(
                    "a thread named {name:?} is already declared in this process"
                )));
            }
            if p.thread_vars.contains_key(var) {
                return Err(st.pos.err(format!("`{var}` is declared twice")));
            }
            p.thread_vars.insert(var.clone(), p.threads.len() + 1);
            p.threads.push(ThreadDraft {
                name,
                daemon,
                interpreter,
                target,
                pos: e.pos,
            });
        } else {
            m.need_module("multiprocessing", func.pos)?;
            if procs.len() as u32 >= MAX_PROCESSES {
                return Err(e.pos.err(format!(
                    "more than {MAX_PROCESSES} processes (cap MAX_PROCESSES)"
                )));
            }
            if procs.iter().any(|p| p.name == name) {
                return Err(e
                    .pos
                    .err(format!("a process named {name:?} is already declared")));
            }
            if proc_vars.contains_key(var) {
                return Err(st.pos.err(format!("`{var}` is declared twice")));
            }
            proc_vars.insert(var.clone(), procs.len());
            procs[k].proc_vars.insert(var.clone());
            procs.push(ProcDraft {
                name,
                start_method: proc_method.unwrap_or_default(),
                target,
                threads: Vec::new(),
                thread_vars: HashMap::new(),
                proc_vars: HashSet::new(),
                globals: HashSet::new(),
                pos: e.pos,
            });
        }
    }
    Ok(())
}
