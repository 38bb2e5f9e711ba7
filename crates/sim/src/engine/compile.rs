//! Compiling: a scenario's steps become flat ops (`Op`) with resolved thread, process and lock ids;
//! `repeat` becomes a loop with jump targets, and each asyncio task gets a program of its own.
//! Every op keeps the number of the step it came from (pre-order per thread, as
//! `python::SourceMap` numbers them), so a trace can say which step a thread is on.

use std::collections::HashMap;

use super::ids::{LockId, ProcId, ThreadId};
use crate::scenario::{Scenario, Step};
pub(super) use crate::trace::DONE_STEP;

#[derive(Clone, Copy, Debug)]
pub(super) enum Op {
    Cpu(u64),
    CRelease(u64),
    Io(u64, u64),
    Sleep(u64),
    AwaitIo(u64, u64),
    AwaitSleep(u64),
    ThreadCost,
    SpawnThread(ThreadId),
    JoinThread(ThreadId),
    ProcCost(ProcId),
    SpawnProcess(ProcId),
    JoinProcess(ProcId),
    Acquire(LockId),
    Release(LockId),
    /// The start of a `repeat`: pushes its count.
    RepStart {
        count: u32,
    },
    /// The end of a `repeat`: jumps back after `start` while the count lasts.
    RepEnd {
        start: u32,
    },
    Asyncio(u32),
    End,
}

/// Compiles a scenario's programs. Names resolve through maps built once, so compiling is
/// linear in the size of the scenario.
pub(super) struct Compiler<'a> {
    /// Programs of asyncio tasks, in the order compiled.
    pub(super) progs: Vec<Vec<Op>>,
    /// For each program of `progs`, the step number of each op.
    pub(super) prog_steps: Vec<Vec<u32>>,
    /// Each asyncio loop's tasks: (name, program index in `progs`).
    pub(super) loops: Vec<Vec<(String, u32)>>,
    /// Each lock, by (process, name), numbered in order of first use.
    locks: HashMap<(u32, &'a str), LockId>,
    threads: HashMap<(u32, &'a str), ThreadId>,
    processes: HashMap<&'a str, ProcId>,
}

impl<'a> Compiler<'a> {
    pub(super) fn new(sc: &'a Scenario) -> Self {
        let mut threads = HashMap::new();
        let mut processes = HashMap::new();
        let mut n = 0u32;
        for (pi, p) in sc.processes.iter().enumerate() {
            processes.insert(p.name.as_str(), ProcId::new(pi as u32));
            for t in &p.threads {
                threads.insert((pi as u32, t.name.as_str()), ThreadId::new(n));
                n += 1;
            }
        }
        Compiler {
            progs: Vec::new(),
            prog_steps: Vec::new(),
            loops: Vec::new(),
            locks: HashMap::new(),
            threads,
            processes,
        }
    }

    /// How many locks the programs use.
    pub(super) fn lock_count(&self) -> usize {
        self.locks.len()
    }

    fn lock_id(&mut self, p: u32, name: &'a str) -> LockId {
        let next = LockId::new(self.locks.len() as u32);
        *self.locks.entry((p, name)).or_insert(next)
    }

    /// A thread of process `p` or a process, by name (validation has checked that it exists).
    fn thread(&self, p: u32, name: &str) -> ThreadId {
        self.threads
            .get(&(p, name))
            .copied()
            .unwrap_or(ThreadId::new(0))
    }

    fn process(&self, name: &str) -> ProcId {
        self.processes.get(name).copied().unwrap_or(ProcId::new(0))
    }

    /// Compiles `steps` into `out`, with each op's step number in `ids` (numbers taken from
    /// `next`, in pre-order).
    pub(super) fn compile(
        &mut self,
        p: u32,
        steps: &'a [Step],
        out: &mut Vec<Op>,
        ids: &mut Vec<u32>,
        next: &mut u32,
    ) {
        for s in steps {
            let id = *next;
            *next = next.saturating_add(1);
            self.compile_step(p, s, out, ids, next);
            // Ops pushed by this step (not by its body) take its number.
            ids.resize(out.len(), id);
        }
    }

    fn compile_step(
        &mut self,
        p: u32,
        s: &'a Step,
        out: &mut Vec<Op>,
        ids: &mut Vec<u32>,
        next: &mut u32,
    ) {
        let id = next.saturating_sub(1);
        {
            match s {
                Step::Cpu { ns } => out.push(Op::Cpu(*ns)),
                Step::CRelease { ns } => out.push(Op::CRelease(*ns)),
                Step::Io { ns, jitter_ns } => out.push(Op::Io(*ns, *jitter_ns)),
                Step::Sleep { ns } => out.push(Op::Sleep(*ns)),
                Step::AwaitIo { ns, jitter_ns } => out.push(Op::AwaitIo(*ns, *jitter_ns)),
                Step::AwaitSleep { ns } => out.push(Op::AwaitSleep(*ns)),
                Step::StartThread { thread } => {
                    out.push(Op::ThreadCost);
                    out.push(Op::SpawnThread(self.thread(p, thread)));
                }
                Step::JoinThread { thread } => out.push(Op::JoinThread(self.thread(p, thread))),
                Step::StartProcess { process } => {
                    let pj = self.process(process);
                    out.push(Op::ProcCost(pj));
                    out.push(Op::SpawnProcess(pj));
                }
                Step::JoinProcess { process } => out.push(Op::JoinProcess(self.process(process))),
                Step::Acquire { lock } => {
                    let l = self.lock_id(p, lock);
                    out.push(Op::Acquire(l));
                }
                Step::Release { lock } => {
                    let l = self.lock_id(p, lock);
                    out.push(Op::Release(l));
                }
                Step::Repeat { count, body } => {
                    let start = out.len() as u32;
                    out.push(Op::RepStart { count: *count });
                    ids.push(id);
                    self.compile(p, body, out, ids, next);
                    out.push(Op::RepEnd { start });
                }
                Step::Asyncio { tasks } => {
                    let mut names = Vec::new();
                    for t in tasks {
                        let mut body = Vec::new();
                        let mut body_ids = Vec::new();
                        self.compile(p, &t.program, &mut body, &mut body_ids, next);
                        body.push(Op::End);
                        body_ids.push(DONE_STEP);
                        self.progs.push(body);
                        self.prog_steps.push(body_ids);
                        names.push((t.name.clone(), (self.progs.len() - 1) as u32));
                    }
                    self.loops.push(names);
                    out.push(Op::Asyncio((self.loops.len() - 1) as u32));
                }
            }
        }
    }
}
