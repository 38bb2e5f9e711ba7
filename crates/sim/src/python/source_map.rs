//! Where each step is written: the [`SourceMap`] (thread, step) -> line, the pre-order step
//! numbering it shares with the engine, and the line a validation error's field path names.

use crate::scenario::{Scenario, Step, Task};

/// Where each step of each thread is written. Steps are numbered per thread in pre-order: a
/// thread's program top to bottom, a `repeat` before its body, an `asyncio` step before its
/// tasks (in order), each task's steps in pre-order. [`step_ids`] numbers them the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// Indexed by thread index over all processes (as in a trace): the line (1-based) of each
    /// of the thread's steps, by step number.
    pub threads: Vec<Vec<u32>>,
    /// Indexed by thread index: the line of the `def` of the thread's function.
    pub defs: Vec<u32>,
    /// Indexed by thread index: the line that declares the thread (a main thread: the line
    /// that starts its process's main function).
    pub decls: Vec<u32>,
}

impl SourceMap {
    /// The line of step `step` of thread `thread`.
    pub fn line_of(&self, thread: u32, step: u32) -> Option<u32> {
        self.threads
            .get(thread as usize)?
            .get(step as usize)
            .copied()
    }

    /// The (thread, step) pairs written on `line`.
    pub fn steps_on_line(&self, line: u32) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for (t, lines) in self.threads.iter().enumerate() {
            for (s, &l) in lines.iter().enumerate() {
                if l == line {
                    out.push((t as u32, s as u32));
                }
            }
        }
        out
    }
}

/// The number of steps of a program in [`SourceMap`] numbering (with nested `repeat` bodies
/// and asyncio tasks).
pub fn step_count(program: &[Step]) -> u32 {
    let mut n = 0u32;
    for s in program {
        n = n.saturating_add(1);
        match s {
            Step::Repeat { body, .. } => n = n.saturating_add(step_count(body)),
            Step::Asyncio { tasks } => {
                for t in tasks {
                    n = n.saturating_add(step_count(&t.program));
                }
            }
            _ => {}
        }
    }
    n
}

/// The step numbers of a program's steps (pre-order), as `(first id of this list, ...)`: the id
/// of `program[i]` is `first + ids[i]`. See [`SourceMap`].
pub fn step_ids(program: &[Step]) -> Vec<u32> {
    let mut ids = Vec::with_capacity(program.len());
    let mut n = 0u32;
    for s in program {
        ids.push(n);
        n = n.saturating_add(step_count(std::slice::from_ref(s)));
    }
    ids
}

/// The line of the step a validation error's path names, if it names one.
/// `proc_lines` holds the line that declares each process.
pub(super) fn line_of_path(
    sc: &Scenario,
    map: &SourceMap,
    proc_lines: &[u32],
    path: &str,
) -> Option<(u32, u32)> {
    let segs: Vec<(&str, usize)> = path
        .split('.')
        .filter_map(|seg| {
            let (k, rest) = seg.split_once('[')?;
            Some((k, rest.strip_suffix(']')?.parse().ok()?))
        })
        .collect();
    let (pi, ti, rest) = match segs.as_slice() {
        [("processes", pi), ("threads", ti), rest @ ..] => (*pi, *ti, rest),
        [("processes", pi), ..] => return Some((*proc_lines.get(*pi)?, 1)),
        _ => return None,
    };
    let thread_index: usize = sc
        .processes
        .get(..pi)?
        .iter()
        .map(|p| p.threads.len())
        .sum::<usize>()
        + ti;
    let lines = map.threads.get(thread_index)?;
    let mut steps: &[Step] = &sc.processes.get(pi)?.threads.get(ti)?.program;
    let mut base = 0u32;
    let mut id = None;
    let mut pending: Option<(&[Task], u32)> = None;
    for &(key, k) in rest {
        match key {
            "program" | "body" => {
                let ids = step_ids(steps);
                let this = base + *ids.get(k)?;
                id = Some(this);
                match steps.get(k)? {
                    Step::Repeat { body, .. } => {
                        steps = body;
                        base = this + 1;
                    }
                    Step::Asyncio { tasks } => pending = Some((tasks, this)),
                    _ => {}
                }
            }
            "tasks" => {
                let (tasks, this) = pending.take()?;
                let mut b = this + 1;
                for task in tasks.iter().take(k) {
                    b += step_count(&task.program);
                }
                steps = &tasks.get(k)?.program;
                base = b;
            }
            _ => break,
        }
    }
    match id {
        Some(id) => Some((*lines.get(id as usize)?, 1)),
        None => Some((*map.decls.get(thread_index)?, 1)),
    }
}
