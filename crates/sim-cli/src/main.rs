//! gil-sim: the command-line front end of the GIL Lab model, for teachers and autograders, in the
//! spirit of the OSTEP homework simulators. `run` asks the question (or, with `-c`, prints the
//! answer: a per-event table and the metrics), `compare` runs one workload four ways, `list`
//! shows the presets, `export` writes other forms, `check` and `fidelity` run real CPython.
//! Same scenario + seed => byte-identical output.
//!
//! This file is the arguments and the dispatch; the rest, one job a file:
//!
//! | module | its job |
//! |---|---|
//! | `input` | reading one input file: regular files only, capped while reading, UTF-8 |
//! | `load` | what a name on the command line means: a preset, a scenario, a program, a profile |
//! | `print` | the text of `run`, `compare` and `list`, every name escaped |
//! | `real` | `run prog.py` for a real Python program: GIL Lab's Python under the model |
//! | `export` | `export`: the other forms, streamed to stdout |
//! | `check` | `check`: a recording beside the model's prediction |
//! | `fidelity` | `fidelity`: every preset in CPython beside the model, as a Markdown report |
//! | `fidelity_cases` | the report's calibration cases, each beside the model's figure |
//! | `cpython` | running CPython: the program with its helper module, the calibration script |
//! | `workdir` | the private working folder of one CPython run |
//! | `child` | the supervised child: its own process group, streamed output, a time limit |
//! | `cleanup` | what Ctrl+C or SIGTERM undoes: the running groups and the folders |
//!
//! Inputs are passed explicitly: the machine profile (`--machine`) is read once here and given
//! to each command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gil_sim::profile::MachineProfile;

/// `println!` that ends the program quietly when the reader has gone (`gil-sim run x | head`):
/// exit 0 on a closed pipe, never a panic; any other write error is one line on stderr.
/// Text from the input goes through `print::safe` first.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($t)*) {
            $crate::exit_on_write_error(&e)
        }
    }};
}

mod check;
mod child;
mod cleanup;
mod cpython;
mod export;
mod fidelity;
mod fidelity_cases;
mod input;
mod load;
mod print;
mod program_out;
mod real;
mod workdir;

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

#[derive(Subcommand)]
enum Cmd {
    /// Run a preset or a scenario file: without -c, print the question; with -c, the answer.
    Run {
        /// A preset name (see `gil-sim list`), a scenario JSON file, or a Python program: a
        /// GIL Lab scenario program (it imports `gil_lab`) or any other, which GIL Lab's
        /// Python runs under the model.
        scenario: String,
        /// Seed of the run (overrides the scenario's seed).
        #[arg(short, long)]
        seed: Option<u64>,
        /// Compute the answer: the per-event table and the metrics (for a real program, first
        /// what it printed, each line at its time and on its thread).
        #[arg(short = 'c', long)]
        compute: bool,
        /// Machine-readable output: scenario, metrics, trace hash and trace as JSON.
        #[arg(long)]
        json: bool,
        /// Rows of the event table with -c (0 = all).
        #[arg(long, default_value_t = 60)]
        max_rows: u64,
        /// Run the .py program with GIL Lab's Python and print only what the program prints,
        /// as CPython would (to diff against `python3 prog.py`); an uncaught exception ends it
        /// as in CPython (its last traceback line on stderr, exit status 1). Threads
        /// (`threading`, `queue`, `time`) and `asyncio` run; processes are not modelled yet.
        #[arg(long, conflicts_with_all = ["compute", "json", "seed"])]
        stdout: bool,
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
    /// Write a preset or scenario in another form to stdout.
    ///
    /// The Python program (`py`), its helper module (`helper`, save it as gil_lab.py beside the
    /// program), the scenario JSON (`json`), the trace for Perfetto / chrome://tracing
    /// (`perfetto`), the spans as CSV (`csv`), or the metrics as CSV (`metrics-csv`). The
    /// trace's forms are written as they are made, in about the memory of the run.
    Export {
        /// What to write.
        #[arg(value_enum)]
        what: export::Kind,
        /// A preset name, a scenario JSON file or a Python program (.py); not needed for
        /// `helper`.
        scenario: Option<String>,
        #[arg(short, long)]
        seed: Option<u64>,
    },
    /// Run a program in real CPython and print the model's prediction beside the measurement.
    ///
    /// The program runs with its helper module's recording; the comparison is the wall time
    /// and every thread's lifetime, with the error. CPython runs isolated (`-I`: no PYTHON*
    /// variables, no user site-packages, the standard library first) in a new private folder
    /// that is removed afterwards, under a time limit (`--timeout`); the program and every
    /// process it starts are stopped at the limit or on Ctrl+C. Its output is dropped (see
    /// `--show-output`).
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
        /// Stop the program (and every process it started) after this many seconds.
        #[arg(long, default_value_t = 120, value_name = "SECONDS",
              value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Forward the program's own output (stdout and stderr, escaped) to stderr; without
        /// it the output is dropped and only the end of stderr is shown if the program fails.
        #[arg(long)]
        show_output: bool,
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
        /// Stop one run of a preset (and every process it started) after this many seconds.
        #[arg(long, default_value_t = 120, value_name = "SECONDS",
              value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Stop the calibration script (`--calibration full` or `quick`) after this many
        /// seconds.
        #[arg(long, default_value_t = 600, value_name = "SECONDS",
              value_parser = clap::value_parser!(u64).range(1..))]
        calibration_timeout: u64,
    },
}

/// Ends the program after stdout failed: quietly (exit 0) if the reader closed the pipe.
fn exit_on_write_error(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("gil-sim: error: writing the output: {e}");
    std::process::exit(1);
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

fn real_main(cli: Cli) -> Result<(), String> {
    let machine = load::machine(cli.machine.as_deref())?;
    let machine: Option<&MachineProfile> = machine.as_ref();
    match cli.cmd {
        Cmd::Run {
            scenario,
            seed,
            compute,
            json,
            max_rows,
            stdout,
        } => {
            if stdout {
                return program_out::run(&scenario);
            }
            if let Some(text) = load::real_program(&scenario)? {
                let sc = load::calibrated(load::real_setup(seed), machine);
                let show = real::Show {
                    compute,
                    json,
                    max_rows,
                };
                return real::run(&scenario, &text, sc, machine, &show);
            }
            let sc = load::calibrated(load::scenario(&scenario, seed)?, machine);
            match (json, compute) {
                (true, _) => print::run_json(&sc),
                (false, false) => {
                    print::question(&sc, machine);
                    Ok(())
                }
                (false, true) => print::answer(&sc, machine, max_rows),
            }
        }
        Cmd::Compare {
            scenario,
            seed,
            json,
        } => {
            let sc = load::calibrated(load::scenario(&scenario, seed)?, machine);
            print::compare(&scenario, &sc, json)
        }
        Cmd::List => {
            print::list();
            Ok(())
        }
        Cmd::Export {
            what,
            scenario,
            seed,
        } => export::export(what, scenario.as_deref(), seed, machine),
        Cmd::Check {
            program,
            python,
            run,
            keep,
            json,
            timeout,
            show_output,
        } => check::check(
            &check::Args {
                program: &program,
                run: run.as_deref(),
                keep: keep.as_deref(),
                json,
                python: cpython::Python {
                    exe: &python,
                    limits: child::Limits::new(timeout, "--timeout", show_output),
                },
            },
            machine,
        ),
        Cmd::Fidelity {
            runs,
            python,
            calibration,
            out,
            timeout,
            calibration_timeout,
        } => fidelity::fidelity(
            &fidelity::Args {
                runs,
                calibration: &calibration,
                out: out.as_deref(),
                python: &python,
                run_limits: child::Limits::new(timeout, "--timeout", false),
                calibration_limits: child::Limits::new(
                    calibration_timeout,
                    "--calibration-timeout",
                    false,
                ),
            },
            machine,
        ),
    }
}
