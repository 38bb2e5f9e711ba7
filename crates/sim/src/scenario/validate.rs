//! Semantic validation of a scenario: every error names the field path; steps are counted
//! after expanding `repeat` against the caps. [`Checked`] is a scenario that passed, so the
//! engine runs only checked scenarios and a run validates once.

use std::collections::{BTreeSet, HashMap};

use super::starts::Starts;
use super::*;

/// A scenario that passed [`Scenario::validate`]. The engine runs only these.
#[derive(Clone, Copy, Debug)]
pub struct Checked<'a>(&'a Scenario);

impl<'a> Checked<'a> {
    /// The scenario.
    pub fn scenario(self) -> &'a Scenario {
        self.0
    }

    /// For a scenario this crate has just validated (a workload's, built by
    /// [`workload::Workload::scenario`]).
    pub(crate) fn trusted(sc: &'a Scenario) -> Checked<'a> {
        Checked(sc)
    }
}

impl Scenario {
    /// Validates the scenario once, for [`crate::simulate_checked`].
    pub fn check(&self) -> Result<Checked<'_>, ScenarioError> {
        self.validate()?;
        Ok(Checked(self))
    }

    /// Semantic validation; every error names the field path.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version != SCENARIO_VERSION {
            return Err(ScenarioError::new(
                "version",
                format!("must be {SCENARIO_VERSION}"),
            ));
        }
        let c = self.machine.cores;
        if c == 0 || c > MAX_CORES {
            return Err(ScenarioError::new(
                "machine.cores",
                format!("must be between 1 and {MAX_CORES} (cap MAX_CORES), got {c}"),
            ));
        }
        if self.os.time_slice_ns < MIN_TIME_SLICE_NS || self.os.time_slice_ns > MAX_SIM_NS {
            return Err(ScenarioError::new(
                "os.time_slice_ns",
                format!("must be between {MIN_TIME_SLICE_NS} and {MAX_SIM_NS}"),
            ));
        }
        if self.limits.max_events == 0 || self.limits.max_events > MAX_EVENTS {
            return Err(ScenarioError::new(
                "limits.max_events",
                format!("must be between 1 and {MAX_EVENTS} (cap MAX_EVENTS)"),
            ));
        }
        if self.limits.max_sim_ns == 0 || self.limits.max_sim_ns > MAX_SIM_NS {
            return Err(ScenarioError::new(
                "limits.max_sim_ns",
                format!("must be between 1 and {MAX_SIM_NS} (cap MAX_SIM_NS)"),
            ));
        }
        check_le(
            "os.context_switch_ns",
            self.os.context_switch_ns,
            1_000_000_000,
        )?;
        check_le(
            "os.switch_jitter_ns",
            self.os.switch_jitter_ns,
            1_000_000_000,
        )?;
        check_le("os.timer_slack_ns", self.os.timer_slack_ns, 1_000_000_000)?;
        check_le("os.migration_ns", self.os.migration_ns, 1_000_000_000)?;
        let eff = &self.machine.parallel_efficiency_permille;
        if eff.len() > MAX_CORES as usize {
            return Err(ScenarioError::new(
                "machine.parallel_efficiency_permille",
                format!(
                    "has {} entries, more than {MAX_CORES} (cap MAX_CORES)",
                    eff.len()
                ),
            ));
        }
        if let Some(i) = eff.iter().position(|&e| e == 0 || e > 1000) {
            return Err(ScenarioError::new(
                format!("machine.parallel_efficiency_permille[{i}]"),
                format!("must be between 1 and 1000, got {}", eff[i]),
            ));
        }
        let r = &self.runtime;
        if r.switch_interval_ns < MIN_SWITCH_INTERVAL_NS || r.switch_interval_ns > 10_000_000_000 {
            return Err(ScenarioError::new(
                "runtime.switch_interval_ns",
                format!("must be between {MIN_SWITCH_INTERVAL_NS} (1 µs) and 10 s"),
            ));
        }
        check_le("runtime.eval_breaker_ns", r.eval_breaker_ns, 1_000_000_000)?;
        check_le("runtime.gil_switch_ns", r.gil_switch_ns, 1_000_000_000)?;
        if r.old_gil.ticks == 0 {
            return Err(ScenarioError::new("runtime.old_gil.ticks", "must be > 0"));
        }
        if r.old_gil.ns_per_tick == 0 {
            return Err(ScenarioError::new(
                "runtime.old_gil.ns_per_tick",
                "must be > 0",
            ));
        }
        if u64::from(r.old_gil.ticks).saturating_mul(r.old_gil.ns_per_tick) < 100 {
            return Err(ScenarioError::new(
                "runtime.old_gil.ns_per_tick",
                "ticks * ns_per_tick must be at least 100 ns",
            ));
        }
        check_le(
            "runtime.old_gil.ns_per_tick",
            r.old_gil.ns_per_tick,
            1_000_000_000,
        )?;
        check_le(
            "runtime.old_gil.signal_ns",
            r.old_gil.signal_ns,
            1_000_000_000,
        )?;
        check_le(
            "runtime.old_gil.contention_ns",
            r.old_gil.contention_ns,
            1_000_000_000,
        )?;
        if r.old_gil.race_win_permille > 1000 {
            return Err(ScenarioError::new(
                "runtime.old_gil.race_win_permille",
                "must be <= 1000",
            ));
        }
        if r.free_threaded_overhead_permille > 10_000 {
            return Err(ScenarioError::new(
                "runtime.free_threaded_overhead_permille",
                "must be <= 10000",
            ));
        }
        check_le("runtime.thread_create_ns", r.thread_create_ns, MAX_SIM_NS)?;
        check_le(
            "runtime.thread_bootstrap_ns",
            r.thread_bootstrap_ns,
            MAX_SIM_NS,
        )?;
        check_le("runtime.asyncio_step_ns", r.asyncio_step_ns, 1_000_000_000)?;
        let sc = &self.start_costs;
        check_le(
            "start_costs.forkserver_first_ns",
            sc.forkserver_first_ns,
            MAX_SIM_NS,
        )?;
        check_le("start_costs.main_import_ns", sc.main_import_ns, MAX_SIM_NS)?;
        check_le(
            "start_costs.resource_tracker_ns",
            sc.resource_tracker_ns,
            MAX_SIM_NS,
        )?;
        for (n, cost) in [
            ("fork", &sc.fork),
            ("forkserver", &sc.forkserver),
            ("spawn", &sc.spawn),
        ] {
            check_le(
                &format!("start_costs.{n}.parent_ns"),
                cost.parent_ns,
                MAX_SIM_NS,
            )?;
            check_le(
                &format!("start_costs.{n}.child_ns"),
                cost.child_ns,
                MAX_SIM_NS,
            )?;
        }

        if self.processes.is_empty() {
            return Err(ScenarioError::new(
                "processes",
                "must contain at least the main process",
            ));
        }
        if self.processes.len() as u64 > u64::from(MAX_PROCESSES) {
            return Err(ScenarioError::new(
                "processes",
                format!("more than {MAX_PROCESSES} processes (cap MAX_PROCESSES)"),
            ));
        }
        let total_threads: u64 = self.processes.iter().map(|p| p.threads.len() as u64).sum();
        if total_threads > u64::from(MAX_THREADS) {
            return Err(ScenarioError::new(
                "processes",
                format!(
                    "{total_threads} threads in total, more than {MAX_THREADS} (cap MAX_THREADS)"
                ),
            ));
        }
        let mut pnames = BTreeSet::new();
        for (pi, p) in self.processes.iter().enumerate() {
            let pp = format!("processes[{pi}]");
            check_name(&format!("{pp}.name"), &p.name)?;
            if !pnames.insert(p.name.as_str()) {
                return Err(ScenarioError::new(
                    format!("{pp}.name"),
                    format!("duplicate process name {:?}", p.name),
                ));
            }
            if p.interpreters == 0 || p.interpreters > MAX_INTERPRETERS {
                return Err(ScenarioError::new(
                    format!("{pp}.interpreters"),
                    format!("must be between 1 and {MAX_INTERPRETERS}"),
                ));
            }
            if p.threads.is_empty() {
                return Err(ScenarioError::new(
                    format!("{pp}.threads"),
                    "must contain at least the main thread",
                ));
            }
            let mut tnames = BTreeSet::new();
            for (ti, t) in p.threads.iter().enumerate() {
                let tp = format!("{pp}.threads[{ti}]");
                check_name(&format!("{tp}.name"), &t.name)?;
                if !tnames.insert(t.name.as_str()) {
                    return Err(ScenarioError::new(
                        format!("{tp}.name"),
                        format!("duplicate thread name {:?} in process {:?}", t.name, p.name),
                    ));
                }
                if t.interpreter >= p.interpreters {
                    return Err(ScenarioError::new(
                        format!("{tp}.interpreter"),
                        format!("must be < interpreters ({})", p.interpreters),
                    ));
                }
                if ti == 0 && t.daemon {
                    return Err(ScenarioError::new(
                        format!("{tp}.daemon"),
                        "the main thread (threads[0]) cannot be a daemon",
                    ));
                }
            }
        }
        // Walk every program: durations, references, allowed steps, expanded step count.
        let mut total_steps: u64 = 0;
        let mut starts = Starts::new(self);
        let names = Names {
            processes: self
                .processes
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.as_str(), i))
                .collect(),
            threads: self
                .processes
                .iter()
                .map(|p| {
                    p.threads
                        .iter()
                        .enumerate()
                        .map(|(i, t)| (t.name.as_str(), i))
                        .collect()
                })
                .collect(),
        };
        for (pi, p) in self.processes.iter().enumerate() {
            for (ti, t) in p.threads.iter().enumerate() {
                let tp = format!("processes[{pi}].threads[{ti}].program");
                let ctx = Ctx {
                    sc: self,
                    names: &names,
                    pi,
                    ti,
                    in_task: false,
                };
                let n = walk(&ctx, &tp, &t.program, (1, 0), &mut starts)?;
                total_steps = total_steps.checked_add(n).ok_or_else(|| steps_cap(&tp))?;
                if total_steps > MAX_STEPS {
                    return Err(steps_cap(&tp));
                }
            }
        }
        starts.check(self)
    }
}

fn steps_cap(path: &str) -> ScenarioError {
    ScenarioError::new(
        path,
        format!(
            "more than {MAX_STEPS} program steps after expanding repeats, counting each asyncio task as one (cap MAX_STEPS)"
        ),
    )
}

fn check_le(path: &str, v: u64, max: u64) -> Result<(), ScenarioError> {
    if v > max {
        Err(ScenarioError::new(
            path,
            format!("must be <= {max}, got {v}"),
        ))
    } else {
        Ok(())
    }
}

fn check_name(path: &str, n: &str) -> Result<(), ScenarioError> {
    if n.is_empty() {
        return Err(ScenarioError::new(path, "must not be empty"));
    }
    if n.len() > MAX_NAME_LEN {
        return Err(ScenarioError::new(
            path,
            format!("longer than {MAX_NAME_LEN} bytes"),
        ));
    }
    Ok(())
}

/// Process names and each process's thread names, to their indices (names are unique by then).
struct Names<'a> {
    processes: HashMap<&'a str, usize>,
    threads: Vec<HashMap<&'a str, usize>>,
}

/// A start or join of a thread or process: the name must resolve, not to the caller itself,
/// and a start never names index 0 (the main thread or process starts by itself). Returns the
/// index.
fn start_or_join(
    path: &str,
    found: Option<usize>,
    not_found: impl FnOnce() -> String,
    me: usize,
    (itself, first): (&str, &str),
    start: bool,
) -> Result<usize, ScenarioError> {
    let Some(i) = found else {
        return Err(ScenarioError::new(path, not_found()));
    };
    if i == me {
        return Err(ScenarioError::new(path, itself));
    }
    if start && i == 0 {
        return Err(ScenarioError::new(path, first));
    }
    Ok(i)
}

struct Ctx<'a> {
    sc: &'a Scenario,
    names: &'a Names<'a>,
    pi: usize,
    ti: usize,
    in_task: bool,
}

fn check_dur(path: &str, ns: u64) -> Result<(), ScenarioError> {
    if ns == 0 {
        return Err(ScenarioError::new(path, "duration must be > 0"));
    }
    if ns > MAX_SIM_NS {
        return Err(ScenarioError::new(
            path,
            format!("duration must be <= {MAX_SIM_NS} ns (cap MAX_SIM_NS)"),
        ));
    }
    Ok(())
}

/// Returns the number of steps after expansion (times `mult`, the product of the enclosing
/// repeats' counts, `depth` of them), checking every step and counting the starts.
fn walk(
    ctx: &Ctx<'_>,
    path: &str,
    prog: &[Step],
    (mult, depth): (u64, u32),
    starts: &mut Starts,
) -> Result<u64, ScenarioError> {
    let mut n: u64 = 0;
    let proc = &ctx.sc.processes[ctx.pi];
    for (i, s) in prog.iter().enumerate() {
        let sp = format!("{path}[{i}]");
        n = n.checked_add(mult).ok_or_else(|| steps_cap(&sp))?;
        if n > MAX_STEPS {
            return Err(steps_cap(&sp));
        }
        let not_in_task = |what: &str| -> Result<(), ScenarioError> {
            if ctx.in_task {
                Err(ScenarioError::new(
                    &sp,
                    format!("{what} is not allowed inside an asyncio task"),
                ))
            } else {
                Ok(())
            }
        };
        match s {
            Step::Cpu { ns } | Step::CRelease { ns } | Step::Sleep { ns } => {
                check_dur(&format!("{sp}.ns"), *ns)?
            }
            Step::Io { ns, jitter_ns } => {
                check_dur(&format!("{sp}.ns"), *ns)?;
                check_le(&format!("{sp}.jitter_ns"), *jitter_ns, MAX_SIM_NS)?;
            }
            Step::AwaitIo { ns, jitter_ns } => {
                if !ctx.in_task {
                    return Err(ScenarioError::new(
                        &sp,
                        "await_io is only allowed inside an asyncio task",
                    ));
                }
                check_dur(&format!("{sp}.ns"), *ns)?;
                check_le(&format!("{sp}.jitter_ns"), *jitter_ns, MAX_SIM_NS)?;
            }
            Step::AwaitSleep { ns } => {
                if !ctx.in_task {
                    return Err(ScenarioError::new(
                        &sp,
                        "await_sleep is only allowed inside an asyncio task",
                    ));
                }
                check_dur(&format!("{sp}.ns"), *ns)?;
            }
            Step::StartThread { thread } | Step::JoinThread { thread } => {
                not_in_task("a thread step")?;
                let start = matches!(s, Step::StartThread { .. });
                let ti = start_or_join(
                    &format!("{sp}.thread"),
                    ctx.names.threads[ctx.pi].get(thread.as_str()).copied(),
                    || format!("no thread named {thread:?} in process {:?}", proc.name),
                    ctx.ti,
                    (
                        "a thread cannot start or join itself",
                        "the main thread (threads[0]) starts with its process",
                    ),
                    start,
                )?;
                if start {
                    starts.thread((ctx.pi, ti), ctx.ti, mult);
                }
            }
            Step::StartProcess { process } | Step::JoinProcess { process } => {
                not_in_task("a process step")?;
                let start = matches!(s, Step::StartProcess { .. });
                let pj = start_or_join(
                    &format!("{sp}.process"),
                    ctx.names.processes.get(process.as_str()).copied(),
                    || format!("no process named {process:?}"),
                    ctx.pi,
                    (
                        "a process cannot start or join itself",
                        "the main process (processes[0]) starts at time 0",
                    ),
                    start,
                )?;
                if start {
                    starts.process(pj, (ctx.pi, ctx.ti), mult);
                }
            }
            Step::Acquire { lock } | Step::Release { lock } => {
                not_in_task("a lock step")?;
                check_name(&format!("{sp}.lock"), lock)?;
            }
            Step::Repeat { count, body } => {
                if *count == 0 {
                    return Err(ScenarioError::new(format!("{sp}.count"), "must be > 0"));
                }
                if body.is_empty() {
                    return Err(ScenarioError::new(
                        format!("{sp}.body"),
                        "must not be empty",
                    ));
                }
                if depth + 1 > MAX_REPEAT_DEPTH {
                    return Err(ScenarioError::new(
                        &sp,
                        format!(
                            "repeat nested deeper than {MAX_REPEAT_DEPTH} (cap MAX_REPEAT_DEPTH)"
                        ),
                    ));
                }
                let m = mult
                    .checked_mul(u64::from(*count))
                    .ok_or_else(|| steps_cap(&sp))?;
                if m > MAX_STEPS {
                    return Err(steps_cap(&sp));
                }
                let k = walk(ctx, &format!("{sp}.body"), body, (m, depth + 1), starts)?;
                n = n.checked_add(k).ok_or_else(|| steps_cap(&sp))?;
                if n > MAX_STEPS {
                    return Err(steps_cap(&sp));
                }
            }
            Step::Asyncio { tasks } => {
                not_in_task("a nested asyncio loop")?;
                if tasks.is_empty() {
                    return Err(ScenarioError::new(
                        format!("{sp}.tasks"),
                        "must contain at least one task",
                    ));
                }
                let mut names = BTreeSet::new();
                for (k, t) in tasks.iter().enumerate() {
                    let kp = format!("{sp}.tasks[{k}]");
                    // Each task is work even with an empty program: the event loop resumes it
                    // once, and it ends once, every time the `asyncio` step runs.
                    n = n.checked_add(mult).ok_or_else(|| steps_cap(&kp))?;
                    if n > MAX_STEPS {
                        return Err(steps_cap(&kp));
                    }
                    check_name(&format!("{kp}.name"), &t.name)?;
                    if !names.insert(t.name.as_str()) {
                        return Err(ScenarioError::new(
                            format!("{kp}.name"),
                            format!("duplicate task name {:?}", t.name),
                        ));
                    }
                    let tctx = Ctx {
                        sc: ctx.sc,
                        names: ctx.names,
                        pi: ctx.pi,
                        ti: ctx.ti,
                        in_task: true,
                    };
                    let k = walk(
                        &tctx,
                        &format!("{kp}.program"),
                        &t.program,
                        (mult, depth + 1),
                        starts,
                    )?;
                    n = n.checked_add(k).ok_or_else(|| steps_cap(&sp))?;
                    if n > MAX_STEPS {
                        return Err(steps_cap(&sp));
                    }
                }
            }
        }
    }
    Ok(n)
}
