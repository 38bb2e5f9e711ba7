//! A plain scheduler for running a program alone: the threads take turns in the order they
//! were made, each for one switch interval's worth of operations (as CPython's GIL hands over
//! every 5 ms, or the interval `sys.setswitchinterval` set), on a clock that advances by a fixed cost per operation and jumps over the
//! time when every thread sleeps. It gives the program's output and its ending, not its
//! timing: that is the model's engine's job (issue 23's next part drives the same threads).

use crate::vm::threads::{Slice, State};
use crate::vm::{Block, Flow, Vm};

/// The clock's cost of one operation, ns, whatever its kind: a plain count of operations
/// (the model's costs are `vm::cost`'s; this scheduler gives output, not timing).
pub const NS_PER_OP: u64 = 25;

/// Runs the loaded program's threads until the main thread and every non-daemon thread are
/// done; the exception that ended the main thread, or a refusal, is the error.
pub fn run(vm: &mut Vm) -> Result<(), Flow> {
    let mut main_error: Option<Flow> = None;
    let mut last = 0;
    // Slices vary a little in length (as CPython's 5 ms hold a varying number of
    // operations), from a fixed seed: a run is always the same run.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    loop {
        let Some(t) = pick(vm, last) else {
            if finished(vm) {
                break;
            }
            match next_wake(vm) {
                Some(at) => {
                    vm.now_ns = vm.now_ns.max(at);
                    continue;
                }
                None => return Err(deadlock(vm, main_error)),
            }
        };
        last = t;
        vm.switch_to(t);
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let base = (vm.switch_ns / NS_PER_OP).max(1);
        let budget = base * 9 / 10 + (seed >> 33) % (base / 5).max(1);
        let slice = run_turn(vm, budget);
        match slice {
            Slice::Preempted => {}
            Slice::Blocked(b) => vm.threads[t].state = State::Waiting(absolute(vm, b), vm.now_ns),
            Slice::Finished => vm.threads[t].state = State::Done,
            Slice::Raised(e) => {
                vm.threads[t].state = State::Done;
                if t == 0 {
                    main_error = Some(Flow::Raise(e));
                }
                // Another thread's uncaught exception goes to stderr in CPython, and the
                // program goes on.
            }
            Slice::Refused(words) => return Err(Flow::Refuse(words)),
            Slice::Started(_) => unreachable!("a turn goes on past the threads it starts"),
        }
        if vm.threads[0].state == State::Done && finished(vm) {
            break;
        }
    }
    match main_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The running thread's turn of about `budget` operations: a thread it starts waits for its
/// turn (CPython's start handshake is the model's business, not this plain scheduler's).
fn run_turn(vm: &mut Vm, budget: u64) -> Slice {
    let start = vm.ops;
    loop {
        let part = vm.ops;
        let part_ps = vm.work_ps;
        let slice = vm.run_slice(budget.saturating_sub(part - start).max(1));
        vm.now_ns += (vm.work_ps - part_ps) / 1000;
        if !matches!(slice, Slice::Started(_)) {
            return slice;
        }
    }
}

/// A wait with its times on the run's clock.
fn absolute(vm: &Vm, b: Block) -> Block {
    match b {
        Block::Sleep(ns) => Block::Sleep(vm.now_ns.saturating_add(ns)),
        Block::Io(ns) => Block::Io(vm.now_ns.saturating_add(ns)),
        other => other,
    }
}

/// Whether the program is over: the main thread and every non-daemon thread are done.
fn finished(vm: &Vm) -> bool {
    vm.threads[0].state == State::Done
        && vm
            .threads
            .iter()
            .all(|t| t.daemon || t.state == State::Done)
}

/// The next thread that can run after `last`, in turn; a waiting thread whose wait is over
/// becomes ready (with what its call returns).
fn pick(vm: &mut Vm, last: usize) -> Option<usize> {
    let n = vm.threads.len();
    (1..=n).map(|k| (last + k) % n).find(|&t| ready(vm, t))
}

fn ready(vm: &mut Vm, t: usize) -> bool {
    vm.try_resume(t)
}

/// The earliest time a waiting thread wakes by itself (a sleep or a timeout).
fn next_wake(vm: &Vm) -> Option<u64> {
    vm.threads
        .iter()
        .filter_map(|t| match t.state {
            State::Waiting(Block::Sleep(until) | Block::Io(until), _) => Some(until),
            State::Waiting(Block::Lock(_, d) | Block::Join(_, d), _) => d,
            _ => None,
        })
        .min()
}

/// Every thread that is not done waits for another: the program would hang in CPython.
fn deadlock(vm: &Vm, main_error: Option<Flow>) -> Flow {
    if let Some(e) = main_error {
        return e;
    }
    let waiting = vm
        .threads
        .iter()
        .filter(|t| matches!(t.state, State::Waiting(..)))
        .count();
    Flow::Refuse(format!(
        "every thread waits for another ({waiting} threads): this program never ends in CPython (a deadlock)"
    ))
}
