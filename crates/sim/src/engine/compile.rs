//! Compiling: a scenario's steps become flat ops (`Op`) with resolved thread, process and lock ids;
//! `repeat` becomes a loop with jump targets, and each asyncio task gets a program of its own.

use super::ids::{LockId, ProcId, ThreadId};
use crate::scenario::{Scenario, Step};

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

pub(super) struct Compiler<'a> {
    pub(super) sc: &'a Scenario,
    pub(super) progs: Vec<Vec<Op>>,
    pub(super) loops: Vec<Vec<(String, u32)>>,
    pub(super) locks: Vec<(u32, String)>,
    pub(super) thread_base: Vec<u32>,
}

impl Compiler<'_> {
    pub(super) fn lock_id(&mut self, p: u32, name: &str) -> LockId {
        if let Some(i) = self.locks.iter().position(|(lp, n)| *lp == p && n == name) {
            return LockId::new(i as u32);
        }
        self.locks.push((p, name.to_string()));
        LockId::new((self.locks.len() - 1) as u32)
    }

    pub(super) fn compile(&mut self, p: u32, steps: &[Step], out: &mut Vec<Op>) {
        let proc = &self.sc.processes[p as usize];
        for s in steps {
            match s {
                Step::Cpu { ns } => out.push(Op::Cpu(*ns)),
                Step::CRelease { ns } => out.push(Op::CRelease(*ns)),
                Step::Io { ns, jitter_ns } => out.push(Op::Io(*ns, *jitter_ns)),
                Step::Sleep { ns } => out.push(Op::Sleep(*ns)),
                Step::AwaitIo { ns, jitter_ns } => out.push(Op::AwaitIo(*ns, *jitter_ns)),
                Step::AwaitSleep { ns } => out.push(Op::AwaitSleep(*ns)),
                Step::StartThread { thread } => {
                    let ti = proc
                        .threads
                        .iter()
                        .position(|t| &t.name == thread)
                        .unwrap_or(0);
                    out.push(Op::ThreadCost);
                    out.push(Op::SpawnThread(ThreadId::new(
                        self.thread_base[p as usize] + ti as u32,
                    )));
                }
                Step::JoinThread { thread } => {
                    let ti = proc
                        .threads
                        .iter()
                        .position(|t| &t.name == thread)
                        .unwrap_or(0);
                    out.push(Op::JoinThread(ThreadId::new(
                        self.thread_base[p as usize] + ti as u32,
                    )));
                }
                Step::StartProcess { process } => {
                    let pj = self
                        .sc
                        .processes
                        .iter()
                        .position(|q| &q.name == process)
                        .unwrap_or(0);
                    out.push(Op::ProcCost(ProcId::new(pj as u32)));
                    out.push(Op::SpawnProcess(ProcId::new(pj as u32)));
                }
                Step::JoinProcess { process } => {
                    let pj = self
                        .sc
                        .processes
                        .iter()
                        .position(|q| &q.name == process)
                        .unwrap_or(0);
                    out.push(Op::JoinProcess(ProcId::new(pj as u32)));
                }
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
                    self.compile(p, body, out);
                    out.push(Op::RepEnd { start });
                }
                Step::Asyncio { tasks } => {
                    let mut ids = Vec::new();
                    for t in tasks {
                        let mut body = Vec::new();
                        self.compile(p, &t.program, &mut body);
                        body.push(Op::End);
                        self.progs.push(body);
                        ids.push((t.name.clone(), (self.progs.len() - 1) as u32));
                    }
                    self.loops.push(ids);
                    out.push(Op::Asyncio((self.loops.len() - 1) as u32));
                }
            }
        }
    }
}
