//! gil-sim: the command-line front end of the GIL Lab model, for teachers and autograders, in the
//! spirit of the OSTEP homework simulators. `run` asks the question (or, with `-c`, prints the
//! answer: a per-event table and the metrics), `compare` runs one workload four ways, `list`
//! shows the presets. Same scenario + seed => byte-identical output.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gil_sim::narrate::{fmt_ns, start_method_name, workload_text};
use gil_sim::{
    EventKind, GilMode, Scenario, Step, Trace, check_invariants, compare, metrics, presets,
    simulate, trace_hash,
};

#[derive(Parser)]
#[command(
    name = "gil-sim",
    version,
    about = "Deterministic simulator of cores, the OS, processes, threads and CPython's GIL"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
    /// A machine profile (from crates/sim/calibration/machine_profile.py): its measured costs
    /// replace the model's defaults (timer slack, thread start, process start methods).
    /// Without it, the shipped profile of this machine kind; `--machine none`: the model's
    /// own defaults.
    #[arg(long, global = true)]
    machine: Option<String>,
}

/// The machine profile given with `--machine`, read once.
static PROFILE: std::sync::OnceLock<Option<gil_sim::profile::MachineProfile>> =
    std::sync::OnceLock::new();

fn profile() -> Option<&'static gil_sim::profile::MachineProfile> {
    PROFILE.get().and_then(Option::as_ref)
}

#[derive(Subcommand)]
enum Cmd {
    /// Run a preset or a scenario file: without -c, print the question; with -c, the answer.
    Run {
        /// A preset name (see `gil-sim list`) or a scenario JSON file.
        scenario: String,
        /// Seed of the run (overrides the scenario's seed).
        #[arg(short, long)]
        seed: Option<u64>,
        /// Compute the answer: the per-event table and the metrics.
        #[arg(short = 'c', long)]
        compute: bool,
        /// Machine-readable output: scenario, metrics, trace hash and trace as JSON.
        #[arg(long)]
        json: bool,
        /// Rows of the event table with -c (0 = all).
        #[arg(long, default_value_t = 60)]
        max_rows: u64,
    },
    /// Run the scenario's workload sequentially, with threads, with processes and with asyncio.
    Compare {
        /// A preset name or a scenario JSON file that has a `workload`.
        scenario: String,
        #[arg(short, long)]
        seed: Option<u64>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// List the presets and their lessons.
    List,
    /// Write a preset or scenario in another form to stdout: the Python program (`py`), its
    /// helper module (`helper`, save it as gil_lab.py beside the program), the scenario JSON
    /// (`json`), the trace for Perfetto / chrome://tracing (`perfetto`), the spans as CSV
    /// (`csv`), or the metrics as CSV (`metrics-csv`).
    /// Run a program in real CPython (recording it with its helper module), and print the
    /// model's prediction beside the measurement: the wall time and every thread's lifetime,
    /// with the error.
    Check {
        /// A preset name or a Python program (.py).
        program: String,
        /// The Python interpreter to run it with.
        #[arg(long, default_value = "python3")]
        python: String,
        /// Read this recording (from `python3 prog.py --record run.json`) instead of running.
        #[arg(long)]
        run: Option<String>,
        /// Keep the recording in this file.
        #[arg(long)]
        keep: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Every preset in real CPython, `--runs` times: the median measured wall time beside the
    /// prediction, as a Markdown report (docs/fidelity.md).
    Fidelity {
        /// Runs per preset.
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// The Python interpreter.
        #[arg(long, default_value = "python3")]
        python: String,
        /// The calibration cases: `full` or `quick` (run the calibration script now), a
        /// profile already measured (a path), or `none`.
        #[arg(long, default_value = "full")]
        calibration: String,
        /// Write the report here (else print it).
        #[arg(long)]
        out: Option<String>,
    },
    Export {
        /// What to write.
        #[arg(value_enum)]
        what: ExportKind,
        /// A preset name, a scenario JSON file or a Python program (.py); not needed for
        /// `helper`.
        scenario: Option<String>,
        #[arg(short, long)]
        seed: Option<u64>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportKind {
    Py,
    Helper,
    Json,
    Perfetto,
    Csv,
    MetricsCsv,
}

/// `println!` that ends the program quietly when the reader has gone (`gil-sim run x | head`):
/// exit 0 on a closed pipe, never a panic; any other write error is one line on stderr.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($t)*) {
            $crate::exit_on_write_error(&e)
        }
    }};
}

/// Ends the program after stdout failed: quietly (exit 0) if the reader closed the pipe.
fn exit_on_write_error(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("gil-sim: error: writing the output: {e}");
    std::process::exit(1);
}

mod cpython;

/// What `run --json` prints, serialized field by field as it goes (the trace is never built as
/// a JSON value in memory). Keys in alphabetical order.
#[derive(serde::Serialize)]
struct RunJson<'a> {
    metrics: gil_sim::Metrics,
    scenario: &'a Scenario,
    trace: &'a Trace,
    trace_hash: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gil-sim: error: {}", gil_sim::one_line(&e));
            ExitCode::from(1)
        }
    }
}

fn load(arg: &str, seed: Option<u64>) -> Result<Scenario, String> {
    let mut sc = if let Some(p) = presets::get(arg) {
        p.scenario
    } else if std::path::Path::new(arg).is_file() {
        let text = std::fs::read_to_string(arg).map_err(|e| format!("{arg}: {e}"))?;
        if arg.ends_with(".py") {
            gil_sim::python::from_python(&text)
                .map_err(|e| format!("{arg}: {e}"))?
                .0
        } else {
            Scenario::from_json(&text).map_err(|e| format!("{arg}: {e}"))?
        }
    } else {
        return Err(format!(
            "no preset or file named {arg:?} (see `gil-sim list`; a file is scenario JSON or a .py program)"
        ));
    };
    if let Some(s) = seed {
        sc.seed = s;
    }
    Ok(sc)
}

/// A scenario to simulate: with the machine profile's costs (exports stay the lesson's own).
fn calibrated(mut sc: Scenario) -> Scenario {
    if let Some(p) = profile() {
        p.apply(&mut sc);
    }
    sc
}

fn real_main(cli: Cli) -> Result<(), String> {
    let machine = match &cli.machine {
        None => gil_sim::calibration::shipped(),
        Some(none) if none == "none" => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            Some(gil_sim::calibration::load(&text).map_err(|e| format!("{path}: {e}"))?)
        }
    };
    let _ = PROFILE.set(machine);
    match cli.cmd {
        Cmd::Export {
            what,
            scenario,
            seed,
        } => {
            if let ExportKind::Helper = what {
                outln!("{}", gil_sim::python::HELPER_MODULE.trim_end());
                return Ok(());
            }
            let Some(arg) = scenario else {
                return Err("export needs a preset name or a file (see `gil-sim list`)".into());
            };
            let sc = load(&arg, seed)?;
            let text = match what {
                ExportKind::Py => gil_sim::python::to_python(&sc).text,
                ExportKind::Json => sc.to_json(),
                ExportKind::Helper => String::new(),
                ExportKind::Perfetto | ExportKind::Csv | ExportKind::MetricsCsv => {
                    let tr = simulate(&calibrated(sc.clone())).map_err(|e| e.to_string())?;
                    match what {
                        ExportKind::Perfetto => gil_sim::export::perfetto::perfetto_json(&sc, &tr),
                        ExportKind::Csv => gil_sim::export::csv::spans_csv(&tr),
                        _ => gil_sim::export::csv::metrics_csv(&sc, &tr),
                    }
                }
            };
            outln!("{}", text.trim_end());
            Ok(())
        }
        Cmd::Check {
            program,
            python,
            run,
            keep,
            json,
        } => cpython::check(&program, &python, run.as_deref(), keep.as_deref(), json),
        Cmd::Fidelity {
            runs,
            python,
            calibration,
            out,
        } => cpython::fidelity(runs, &python, &calibration, out.as_deref()),
        Cmd::List => {
            for p in presets::all() {
                outln!("{:<18} {}", p.name, p.lesson());
            }
            Ok(())
        }
        Cmd::Run {
            scenario,
            seed,
            compute,
            json,
            max_rows,
        } => {
            let sc = calibrated(load(&scenario, seed)?);
            if json {
                let tr = simulate(&sc).map_err(|e| e.to_string())?;
                let out = RunJson {
                    metrics: metrics(&tr),
                    scenario: &sc,
                    trace_hash: trace_hash(&tr),
                    trace: &tr,
                };
                let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                let written = serde_json::to_writer(&mut w, &out)
                    .map_err(std::io::Error::from)
                    .and_then(|()| {
                        use std::io::Write as _;
                        writeln!(w)?;
                        w.flush()
                    });
                if let Err(e) = written {
                    exit_on_write_error(&e);
                }
                return Ok(());
            }
            print_setup(&sc);
            if !compute {
                outln!();
                outln!(
                    "QUESTION: {}",
                    if sc.question.is_empty() {
                        "What happens, and how long does it take?"
                    } else {
                        &sc.question
                    }
                );
                outln!("Think it through, then run again with -c to see the answer.");
                return Ok(());
            }
            let tr = simulate(&sc).map_err(|e| e.to_string())?;
            check_invariants(&sc, &tr)
                .map_err(|e| format!("internal error: invariant broken: {e}"))?;
            print_events(&tr, max_rows);
            print_metrics(&tr);
            if !sc.lesson.is_empty() {
                outln!();
                outln!("LESSON: {}", sc.lesson);
            }
            Ok(())
        }
        Cmd::Compare {
            scenario,
            seed,
            json,
        } => {
            let sc = calibrated(load(&scenario, seed)?);
            let Some(w) = sc.workload.as_ref() else {
                let names: Vec<&str> = presets::all()
                    .into_iter()
                    .filter(|p| p.scenario.workload.is_some())
                    .map(|p| p.name)
                    .collect();
                return Err(format!(
                    "{scenario:?} has no `workload`, so there is nothing to run four ways (workload presets: {})",
                    names.join(", ")
                ));
            };
            let c = compare(&w.work, &sc.setup()).map_err(|e| e.to_string())?;
            if json {
                outln!("{}", serde_json::to_string(&c).map_err(|e| e.to_string())?);
                return Ok(());
            }
            outln!(
                "Same workload, four ways: {} tasks x {} repeats, {} cores, {} GIL, seed {}",
                w.work.tasks,
                w.work.repeats,
                sc.machine.cores,
                gil_name(sc.runtime.gil),
                sc.seed
            );
            outln!("{:<12} {:>12} {:>9}", "mode", "wall", "speedup");
            for r in &c.rows {
                outln!(
                    "{:<12} {:>12} {:>8}x",
                    r.mode.label(),
                    fmt_ns(r.wall_ns),
                    fmt_permille(r.speedup_permille)
                );
            }
            if let Some(b) = c.best() {
                outln!("fastest: {}", b.mode.label());
            }
            Ok(())
        }
    }
}

fn gil_name(g: GilMode) -> &'static str {
    match g {
        GilMode::New => "new (3.2+)",
        GilMode::Old => "old (<= 3.1)",
        GilMode::FreeThreaded => "no (free-threaded)",
        GilMode::PerInterpreter => "per-interpreter",
    }
}

fn fmt_permille(p: u64) -> String {
    format!("{}.{:02}", p / 1000, (p % 1000) / 10)
}

fn step_text(s: &Step) -> String {
    match s {
        Step::Cpu { ns } => format!("cpu {}", fmt_ns(*ns)),
        Step::CRelease { ns } => format!("C code releasing the GIL {}", fmt_ns(*ns)),
        Step::Io { ns, jitter_ns } if *jitter_ns > 0 => {
            format!("io {} (+0..{})", fmt_ns(*ns), fmt_ns(*jitter_ns))
        }
        Step::Io { ns, .. } => format!("io {}", fmt_ns(*ns)),
        Step::Sleep { ns } => format!("time.sleep {}", fmt_ns(*ns)),
        Step::StartThread { thread } => format!("start thread {thread}"),
        Step::JoinThread { thread } => format!("join thread {thread}"),
        Step::StartProcess { process } => format!("start process {process}"),
        Step::JoinProcess { process } => format!("join process {process}"),
        Step::Acquire { lock } => format!("acquire lock {lock}"),
        Step::Release { lock } => format!("release lock {lock}"),
        Step::Repeat { count, body } => {
            format!(
                "repeat {count}x [{}]",
                body.iter().map(step_text).collect::<Vec<_>>().join("; ")
            )
        }
        Step::Asyncio { tasks } => format!(
            "asyncio.run({})",
            tasks
                .iter()
                .map(|t| format!(
                    "{}: [{}]",
                    t.name,
                    t.program
                        .iter()
                        .map(step_text)
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Step::AwaitIo { ns, .. } => format!("await io {}", fmt_ns(*ns)),
        Step::AwaitSleep { ns } => format!("await asyncio.sleep {}", fmt_ns(*ns)),
    }
}

fn print_setup(sc: &Scenario) {
    if !sc.name.is_empty() {
        outln!("SCENARIO {} (seed {})", sc.name, sc.seed);
    } else {
        outln!("SCENARIO (seed {})", sc.seed);
    }
    if let Some(p) = profile() {
        outln!(
            "calibrated to: {} (--machine none: the model's own defaults)",
            p.label()
        );
    }
    outln!(
        "machine: {} cores; OS time slice {}, context switch {}",
        sc.machine.cores,
        fmt_ns(sc.os.time_slice_ns),
        fmt_ns(sc.os.context_switch_ns)
    );
    outln!(
        "runtime: {} GIL, switch interval {}",
        gil_name(sc.runtime.gil),
        fmt_ns(sc.runtime.switch_interval_ns)
    );
    if let Some(w) = &sc.workload {
        outln!("workload ({}): {}", w.mode.label(), workload_text(&w.work));
    }
    for p in &sc.processes {
        outln!(
            "process {} (start method {}):",
            p.name,
            start_method_name(p.start_method)
        );
        for t in &p.threads {
            let prog = t
                .program
                .iter()
                .map(step_text)
                .collect::<Vec<_>>()
                .join("; ");
            let prog = if prog.len() > 200 {
                format!("{}...", &prog[..prog.floor_char_boundary(200)])
            } else {
                prog
            };
            outln!(
                "  thread {}{}: {}",
                t.name,
                if t.daemon { " (daemon)" } else { "" },
                prog
            );
        }
    }
}

fn event_text(tr: &Trace, e: &gil_sim::Event) -> Option<String> {
    let who = e.thread.map(|t| tr.thread_label(t)).unwrap_or_default();
    let other = e
        .other_thread()
        .map(|t| tr.thread_label(t))
        .unwrap_or_default();
    Some(match e.kind {
        EventKind::GilRequest => format!("{who} waits for the GIL"),
        EventKind::GilDropRequest => format!("{who} timed out and asks {other} to drop the GIL"),
        EventKind::GilForcedSwitch => format!("{who} drops the GIL (forced switch)"),
        EventKind::GilRelease => format!("{who} releases the GIL"),
        EventKind::GilTake if e.other_thread().is_some() => {
            format!("{who} takes the GIL from {other}")
        }
        EventKind::GilTake => format!("{who} takes the GIL"),
        EventKind::OldGilCheck => format!("{who} releases+re-takes the GIL, waking {other}"),
        EventKind::ThreadCreate => format!("{other} creates thread {who}"),
        EventKind::ThreadStarted => format!("{who} bootstrapped; start() returns"),
        EventKind::ThreadExit => format!("{who} exits"),
        EventKind::ThreadKilled => format!("{who} (daemon) is killed"),
        EventKind::ProcessStart if e.other_thread().is_some() => {
            format!("process of {who} starts (started by {other})")
        }
        EventKind::ProcessStart => format!("process of {who} starts"),
        EventKind::ProcessExit => format!("process of {who} exits"),
        EventKind::Preempt => format!("the OS preempts {who}"),
        EventKind::IoStart => format!("{who} starts blocking I/O"),
        EventKind::IoEnd => format!("{who}'s I/O completes"),
        EventKind::SleepStart => format!("{who} sleeps"),
        EventKind::SleepEnd => format!("{who} wakes up"),
        EventKind::LockAcquire => format!("{who} acquires lock {}", e.lock().unwrap_or(0)),
        EventKind::LockRelease => format!("{who} releases lock {}", e.lock().unwrap_or(0)),
        EventKind::TaskResume => {
            format!("event loop of {who} resumes task {}", e.task().unwrap_or(0))
        }
        EventKind::TaskAwait => format!("task {} awaits", e.task().unwrap_or(0)),
        EventKind::TaskDone => format!("task {} finishes", e.task().unwrap_or(0)),
    })
}

fn print_events(tr: &Trace, max_rows: u64) {
    outln!();
    outln!("{:>14}  event", "time");
    let n = tr.events.len() as u64;
    let shown = if max_rows == 0 { n } else { n.min(max_rows) };
    for e in tr.events.iter().take(shown as usize) {
        if let Some(t) = event_text(tr, &e) {
            outln!("{:>14}  {t}", fmt_ns(e.t_ns));
        }
    }
    if shown < n {
        outln!(
            "{:>14}  ... {} more events (--max-rows 0 shows all)",
            "",
            n - shown
        );
    }
}

fn print_metrics(tr: &Trace) {
    let m = metrics(tr);
    outln!();
    outln!("wall time: {}", fmt_ns(m.wall_ns));
    outln!(
        "GIL switches: {}, drop requests: {}, forced switches: {}",
        m.gil_switches,
        m.drop_requests,
        m.forced_switches
    );
    outln!(
        "GIL holding periods: {} periods, median {}, p95 {}",
        m.holding.count,
        fmt_ns(m.holding.median_ns),
        fmt_ns(m.holding.p95_ns)
    );
    let per_core: Vec<String> = m
        .core_utilisation_permille
        .iter()
        .map(|u| format!("{}.{}%", u / 10, u % 10))
        .collect();
    outln!(
        "core utilisation: {} (mean {}.{}%)",
        per_core.join(" "),
        m.utilisation_permille / 10,
        m.utilisation_permille % 10
    );
    outln!(
        "{:<24} {:>12} {:>12} {:>12} {:>12}",
        "thread",
        "cpu",
        "GIL wait",
        "ready",
        "blocked"
    );
    for (i, t) in m.threads.iter().enumerate() {
        outln!(
            "{:<24} {:>12} {:>12} {:>12} {:>12}{}",
            tr.thread_label(i as u32),
            fmt_ns(t.cpu_ns),
            fmt_ns(t.gil_wait_ns),
            fmt_ns(t.ready_ns),
            fmt_ns(t.blocked_ns),
            if t.killed { "  (killed)" } else { "" }
        );
    }
}
