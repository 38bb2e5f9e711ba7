//! The steps of a program as Python statements (`cpu(0.05)`, `with lock:`, `for _ in range(n):`,
//! `t.start()`, `asyncio.run(...)`), and the names, imports and functions they need: threads
//! with the same steps share one function, and so do coroutines.

use std::collections::{BTreeMap, HashMap};

use super::literal::{Idents, fmt_seconds, is_plain_ident, quote};
use crate::scenario::{Step, Task};

/// Everything the bodies need to name things.
pub(super) struct Names {
    /// (process, lock name) -> variable.
    pub locks: BTreeMap<String, String>,
    /// Lock declarations, in order: (variable, lock name).
    pub lock_decls: Vec<(String, String)>,
    /// process index -> variable (not for the main process).
    pub procs: Vec<String>,
    /// (process, thread) -> variable.
    pub threads: HashMap<(usize, usize), String>,
    /// (process, thread name) -> variable.
    pub thread_names: HashMap<(usize, String), String>,
    /// process name -> index.
    pub proc_index: HashMap<String, usize>,
    /// Identifiers in use.
    pub idents: Idents,
    /// Modules and helpers used.
    pub uses: Uses,
}

#[derive(Default)]
pub(super) struct Uses {
    pub asyncio: bool,
    pub multiprocessing: bool,
    pub threading: bool,
    pub time: bool,
    pub cpu: bool,
    pub c_release: bool,
    pub io: bool,
    pub async_io: bool,
    pub thread_class: bool,
    pub lock_class: bool,
}

/// Functions written so far.
#[derive(Default)]
pub(super) struct Funcs {
    /// Bodies of plain functions without declarations: body text -> (function index).
    pub pool: HashMap<String, usize>,
    /// Coroutine bodies: body text -> function index.
    pub coros: HashMap<String, usize>,
    /// (name hint, is_async, body text, users).
    pub list: Vec<(String, bool, String, u32)>,
    /// Resolved names, by function index (filled at the end).
    pub order: Vec<usize>,
}

impl Funcs {
    pub fn add(&mut self, hint: &str, is_async: bool, body: String, shareable: bool) -> usize {
        let pool = if is_async {
            &mut self.coros
        } else {
            &mut self.pool
        };
        if shareable && let Some(&i) = pool.get(&body) {
            self.list[i].3 += 1;
            return i;
        }
        let i = self.list.len();
        if shareable {
            pool.insert(body.clone(), i);
        }
        self.list.push((hint.to_string(), is_async, body, 1));
        self.order.push(i);
        i
    }
}

/// Placeholder for function `i`'s name inside a body, replaced once names are chosen.
pub(super) fn fref(i: usize) -> String {
    format!("\u{0}F{i}\u{0}")
}

pub(super) fn collect_locks(steps: &[Step], n: &mut Names) {
    for s in steps {
        match s {
            Step::Acquire { lock } | Step::Release { lock } => {
                if !n.locks.contains_key(lock) {
                    let v = if is_plain_ident(lock)
                        && n.idents.is_free(lock)
                        && !lock.starts_with("t_")
                        && !lock.starts_with("p_")
                    {
                        n.idents.take(lock);
                        lock.clone()
                    } else {
                        n.uses.lock_class = true;
                        n.idents.fresh("lock_", lock)
                    };
                    n.locks.insert(lock.clone(), v.clone());
                    n.lock_decls.push((v, lock.clone()));
                }
            }
            Step::Repeat { body, .. } => collect_locks(body, n),
            Step::Asyncio { tasks } => {
                for t in tasks {
                    collect_locks(&t.program, n);
                }
            }
            _ => {}
        }
    }
}

pub(super) fn find_starts(
    steps: &[Step],
    idx: &HashMap<String, usize>,
    pi: usize,
    starter: &mut [Option<usize>],
) {
    for s in steps {
        match s {
            Step::StartProcess { process } => {
                if let Some(&c) = idx.get(process) {
                    starter[c] = Some(pi);
                }
            }
            Step::Repeat { body, .. } => find_starts(body, idx, pi, starter),
            _ => {}
        }
    }
}

/// The body of a function: the steps, indented by `level` levels.
pub(super) fn body_text(
    steps: &[Step],
    pi: usize,
    n: &mut Names,
    funcs: &mut Funcs,
    level: usize,
) -> String {
    let mut out = String::new();
    write_steps(steps, pi, n, funcs, level, &mut out);
    if out.is_empty() {
        out = format!("{}pass\n", "    ".repeat(level));
    }
    out
}

pub(super) fn write_steps(
    steps: &[Step],
    pi: usize,
    n: &mut Names,
    funcs: &mut Funcs,
    level: usize,
    out: &mut String,
) {
    let ind = "    ".repeat(level);
    // For each acquire, the index of the next release of its lock in this block (one pass).
    let mut next_release: Vec<Option<usize>> = vec![None; steps.len()];
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, s) in steps.iter().enumerate().rev() {
        match s {
            Step::Release { lock } => {
                seen.insert(lock, k);
            }
            Step::Acquire { lock } => next_release[k] = seen.get(lock.as_str()).copied(),
            _ => {}
        }
    }
    let mut i = 0;
    while i < steps.len() {
        let s = &steps[i];
        i += 1;
        let line = match s {
            Step::Cpu { ns } => {
                n.uses.cpu = true;
                format!("cpu({})", fmt_seconds(*ns))
            }
            Step::CRelease { ns } => {
                n.uses.c_release = true;
                format!("c_release({})", fmt_seconds(*ns))
            }
            Step::Io { ns, jitter_ns } => {
                n.uses.io = true;
                if *jitter_ns > 0 {
                    format!(
                        "io({}, jitter={})",
                        fmt_seconds(*ns),
                        fmt_seconds(*jitter_ns)
                    )
                } else {
                    format!("io({})", fmt_seconds(*ns))
                }
            }
            Step::Sleep { ns } => {
                n.uses.time = true;
                format!("time.sleep({})", fmt_seconds(*ns))
            }
            Step::AwaitIo { ns, jitter_ns } => {
                n.uses.async_io = true;
                if *jitter_ns > 0 {
                    format!(
                        "await async_io({}, jitter={})",
                        fmt_seconds(*ns),
                        fmt_seconds(*jitter_ns)
                    )
                } else {
                    format!("await async_io({})", fmt_seconds(*ns))
                }
            }
            Step::AwaitSleep { ns } => {
                n.uses.asyncio = true;
                format!("await asyncio.sleep({})", fmt_seconds(*ns))
            }
            Step::StartThread { thread } | Step::JoinThread { thread } => {
                let v = thread_var(n, pi, thread);
                let m = if matches!(s, Step::StartThread { .. }) {
                    "start"
                } else {
                    "join"
                };
                format!("{v}.{m}()")
            }
            Step::StartProcess { process } | Step::JoinProcess { process } => {
                let v = n
                    .proc_index
                    .get(process)
                    .map(|&c| n.procs[c].clone())
                    .unwrap_or_default();
                let m = if matches!(s, Step::StartProcess { .. }) {
                    "start"
                } else {
                    "join"
                };
                format!("{v}.{m}()")
            }
            Step::Acquire { lock } => {
                let v = n.locks.get(lock).cloned().unwrap_or_default();
                // `with lock:` when the same block releases it later.
                let end = next_release[i - 1].map(|j| j - i);
                if let Some(k) = end {
                    out.push_str(&format!("{ind}with {v}:\n"));
                    let inner = body_text(&steps[i..i + k], pi, n, funcs, level + 1);
                    out.push_str(&inner);
                    i += k + 1;
                    continue;
                }
                format!("{v}.acquire()")
            }
            Step::Release { lock } => {
                let v = n.locks.get(lock).cloned().unwrap_or_default();
                format!("{v}.release()")
            }
            Step::Repeat { count, body } => {
                out.push_str(&format!("{ind}for _ in range({count}):\n"));
                let inner = body_text(body, pi, n, funcs, level + 1);
                out.push_str(&inner);
                continue;
            }
            Step::Asyncio { tasks } => {
                n.uses.asyncio = true;
                let g = gather(tasks, pi, n, funcs);
                format!("asyncio.run({}())", fref(g))
            }
        };
        out.push_str(&ind);
        out.push_str(&line);
        out.push('\n');
    }
}

pub(super) fn thread_var(n: &Names, pi: usize, thread: &str) -> String {
    // Validation guarantees the thread exists in this process; names are unique there.
    n.thread_names
        .get(&(pi, thread.to_string()))
        .cloned()
        .unwrap_or_default()
}

/// The name (hint) of the coroutines that gather tasks.
pub(super) const GATHER: &str = "run_tasks";

/// The coroutine that gathers `tasks` (written once per `asyncio` step).
pub(super) fn gather(tasks: &[Task], pi: usize, n: &mut Names, funcs: &mut Funcs) -> usize {
    let mut body = String::from("    await asyncio.gather(\n");
    for t in tasks {
        let b = body_text(&t.program, pi, n, funcs, 1);
        let f = funcs.add(&t.name, true, b, true);
        body.push_str(&format!(
            "        asyncio.create_task({}(), name={}),\n",
            fref(f),
            quote(&t.name)
        ));
    }
    body.push_str("    )\n");
    funcs.add(GATHER, true, body, true)
}
