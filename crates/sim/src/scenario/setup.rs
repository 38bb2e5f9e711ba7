//! What a scenario's program runs on: the simulated machine (cores and their parallel
//! efficiency), the OS scheduler, the Python runtime (GIL mode and its costs) and the cost of
//! each process start method, with their defaults (docs/model.md's table).

use serde::{Deserialize, Serialize};

/// The simulated machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Machine {
    /// Number of CPU cores, 1..=[`MAX_CORES`] (default 2).
    pub cores: u32,
    /// The cores' parallel efficiency: entry `k - 1` is how fast each of `k` cores that run at
    /// once does its work, per mille of one core running alone (shared caches, memory
    /// bandwidth, SMT siblings, a hypervisor's other guests). Beyond the list, its last entry.
    /// Empty (the default): every core always runs at full speed. A machine profile fills it
    /// from the measured speedup of 1..n CPU-bound processes.
    /// (Left out of a file when empty, like the other new fields: a scenario that does not use
    /// them still reads in an app from before them.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parallel_efficiency_permille: Vec<u32>,
}

impl Default for Machine {
    fn default() -> Self {
        Machine {
            cores: 2,
            parallel_efficiency_permille: Vec::new(),
        }
    }
}

impl Machine {
    /// How fast each core runs when `busy` cores run at once, per mille (1000 with no list).
    pub fn speed_permille(&self, busy: u32) -> u32 {
        let e = &self.parallel_efficiency_permille;
        match e.len() {
            0 => 1000,
            n => e[(busy.max(1) as usize - 1).min(n - 1)],
        }
    }
}

/// Which waiter the OS wakes when a condition variable or lock is signalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WakePolicy {
    /// A waiter chosen by the seeded PRNG (the OS gives no ordering guarantee).
    #[default]
    Random,
    /// The longest waiter (for teaching; real CPython makes no such promise).
    Fifo,
}

/// The OS scheduler.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Os {
    /// Round-robin time slice of the run queue, ns: a thread that has run this long while others
    /// wait for a core is preempted. At least [`MIN_TIME_SLICE_NS`] (default 4 ms).
    pub time_slice_ns: u64,
    /// Cost of a context switch, ns: a core that switches to a different thread is busy for this
    /// long before the thread runs. Also the wake-up latency of a blocked thread (default 5 µs).
    pub context_switch_ns: u64,
    /// Extra uniform random delay, 0..=this many ns (from the seed), added to each context
    /// switch / wake-up: the OS's timing noise (default 2 µs).
    pub switch_jitter_ns: u64,
    /// Timer slack, ns: timed waits (the GIL's timed condition-variable wait, `time.sleep`, an
    /// event loop's `select` timeout) expire this much after their deadline (default 50 µs, as
    /// Linux).
    pub timer_slack_ns: u64,
    /// Which GIL / lock waiter is woken (default `random`).
    pub wake: WakePolicy,
    /// Cost of a thread moving to another core, ns: a thread that runs on a core other than
    /// the one it last ran on spends this long first (its working set is cold in that core's
    /// cache). With more CPU-bound threads than cores, GIL hand-offs move threads between cores,
    /// which is the slowdown of 4-8 threads over one (default 0: not modelled; a machine
    /// profile fits it to the measured thread slowdown).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub migration_ns: u64,
}

impl Default for Os {
    fn default() -> Self {
        Os {
            time_slice_ns: 4_000_000,
            context_switch_ns: 5_000,
            switch_jitter_ns: 2_000,
            timer_slack_ns: 50_000,
            wake: WakePolicy::Random,
            migration_ns: 0,
        }
    }
}

/// Which GIL the runtime has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GilMode {
    /// CPython 3.2+ "new GIL" (ceval_gil.c): timed waits, drop request, forced switch.
    #[default]
    New,
    /// CPython <= 3.1: release every `ticks` bytecodes and immediately re-acquire.
    Old,
    /// 3.13t / 3.14t: no GIL; CPU work costs `free_threaded_overhead_permille` more.
    FreeThreaded,
    /// 3.12 subinterpreters: one new-style GIL per interpreter inside a process.
    PerInterpreter,
}

/// Parameters of the old GIL (CPython <= 3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OldGil {
    /// Bytecodes between checks (`sys.setcheckinterval`), > 0 (default 100).
    pub ticks: u32,
    /// Time one tick (bytecode) takes, ns, > 0 (default 50 ns).
    pub ns_per_tick: u64,
    /// CPU cost to the holder of releasing and re-taking the GIL when threads wait (the
    /// signal), ns (default 2.7 µs).
    pub signal_ns: u64,
    /// Extra CPU cost to the holder when the woken waiter fights for the lock from another
    /// core, ns (default 1.6 µs).
    pub contention_ns: u64,
    /// Chance (per mille, 0..=1000) that a waiter woken on another core wins the race for the
    /// GIL (default 50).
    pub race_win_permille: u32,
}

impl Default for OldGil {
    fn default() -> Self {
        OldGil {
            ticks: 100,
            ns_per_tick: 50,
            signal_ns: 2_700,
            contention_ns: 1_600,
            race_win_permille: 50,
        }
    }
}

/// The Python runtime.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Runtime {
    /// Which GIL the interpreter has (default `new`).
    pub gil: GilMode,
    /// `sys.getswitchinterval()`, ns: how long a GIL waiter waits before it sets the drop
    /// request; 1 µs..=10 s (default 5 ms).
    pub switch_interval_ns: u64,
    /// How long the GIL holder runs, ns, before its next eval-breaker check notices a drop
    /// request (default 1 µs).
    pub eval_breaker_ns: u64,
    /// CPU cost of one GIL hand-off to the thread that takes it (mutex, condition variable,
    /// cold caches), ns. Paid when the holder changes (default 2 µs).
    pub gil_switch_ns: u64,
    /// Parameters of the old GIL (used when `gil` is `old`).
    pub old_gil: OldGil,
    /// Single-thread slowdown of the free-threaded build, per mille, 0..=10000 (default 400;
    /// 3.13t ~ 400, 3.14t ~ 10..80).
    pub free_threaded_overhead_permille: u32,
    /// CPU the starting thread spends in `Thread.start()` before the handshake (holding the
    /// GIL), ns (default 20 µs).
    pub thread_create_ns: u64,
    /// CPU the new thread spends bootstrapping, holding the GIL, before `start()` returns, ns
    /// (default 20 µs).
    pub thread_bootstrap_ns: u64,
    /// CPU the asyncio event loop spends per task step (scheduling a callback), ns (default
    /// 5 µs).
    pub asyncio_step_ns: u64,
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            gil: GilMode::New,
            switch_interval_ns: 5_000_000,
            eval_breaker_ns: 1_000,
            gil_switch_ns: 2_000,
            old_gil: OldGil::default(),
            free_threaded_overhead_permille: 400,
            thread_create_ns: 20_000,
            thread_bootstrap_ns: 20_000,
            asyncio_step_ns: 5_000,
        }
    }
}

/// How `multiprocessing` starts a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StartMethod {
    /// `fork`: the child is a copy of the parent (the default).
    #[default]
    Fork,
    /// `forkserver`: a server process, started on first use, forks each child.
    Forkserver,
    /// `spawn`: the child starts a fresh interpreter and imports the main module.
    Spawn,
}

/// Cost of one start method: CPU in the parent (holding its GIL) and CPU in the child before
/// its program starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartCost {
    /// CPU in the parent's `Process.start()`, holding the parent's GIL, ns.
    pub parent_ns: u64,
    /// CPU in the child (state Starting) before its main thread's program runs, ns.
    pub child_ns: u64,
}

/// Process start costs per start method. Defaults calibrated on CPython 3.11 on the 2-core
/// build machine (docs/calibration.md): fork ~1.9 ms, forkserver ~45 ms for the first process
/// then ~7.5 ms, spawn ~45 ms (model-spec: fork 2-4 ms, forkserver 15-20 ms, spawn 50-80 ms).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StartCosts {
    /// `fork` (default: parent 0.6 ms, child 1.2 ms).
    pub fork: StartCost,
    /// Extra parent CPU for the first forkserver start (starting the server), ns (default 40 ms).
    pub forkserver_first_ns: u64,
    /// `forkserver`, every start (default: parent 1 ms, child 6 ms).
    pub forkserver: StartCost,
    /// `spawn` (default: parent 2 ms, child 42 ms).
    pub spawn: StartCost,
    /// Extra child CPU of every `spawn` and `forkserver` child, ns: it imports the program's
    /// main module again (as `__mp_main__`) before its target runs, and finalises those
    /// modules at exit. The start costs above are measured with a main module that imports
    /// nothing; a lesson's program imports `gil_lab` (and with it asyncio). In CPython 3.11
    /// forkserver children re-import it too: the server's preload of `__main__` misses
    /// (gh-98552, gh-126631; fixed for 3.13 by GH-135295 in 2025). Default 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub main_import_ns: u64,
    /// Extra child CPU of the first `spawn` or `forkserver` child of a run, ns: that start
    /// also launches `multiprocessing`'s resource tracker, a separate interpreter whose start-up
    /// competes for the cores while the first child starts (an approximation: the tracker is
    /// not a process of the trace). Default 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub resource_tracker_ns: u64,
}

impl Default for StartCosts {
    fn default() -> Self {
        StartCosts {
            fork: StartCost {
                parent_ns: 600_000,
                child_ns: 1_200_000,
            },
            forkserver_first_ns: 40_000_000,
            forkserver: StartCost {
                parent_ns: 1_000_000,
                child_ns: 6_000_000,
            },
            spawn: StartCost {
                parent_ns: 2_000_000,
                child_ns: 42_000_000,
            },
            main_import_ns: 0,
            resource_tracker_ns: 0,
        }
    }
}

impl StartCosts {
    /// The cost of one start method.
    pub fn of(&self, m: StartMethod) -> &StartCost {
        match m {
            StartMethod::Fork => &self.fork,
            StartMethod::Forkserver => &self.forkserver,
            StartMethod::Spawn => &self.spawn,
        }
    }
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}
