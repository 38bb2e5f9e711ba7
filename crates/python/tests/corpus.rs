//! The corpus of real programs (`crates/sim/corpus/`) run by GIL Lab's Python, alone and under
//! the model (its engine deciding who runs): a program GIL Lab runs must print what CPython prints (compared as its header says: line for line,
//! sorted, or by count, clock values aside); one it does not run is refused in one line. The
//! share that runs is reported and may not fall below [`MIN_RUNNING`].

#[path = "../../sim/tests/corpus_reader/mod.rs"]
mod corpus_reader;

use corpus_reader::{Program, compare, corpus};
use gil_python::{End, Limits, Simulation, default_scenario, run_alone_input, simulate};
use gil_sim::check_trace;

/// The programs of the corpus that run today; raised as the libraries come.
const MIN_RUNNING: usize = 46;

/// Work for one program: the corpus's CPU-bound lessons run for seconds in CPython, far past
/// what a test should simulate operation by operation (they are the model's to summarise).
const LIMITS: Limits = Limits {
    max_ops: 20_000_000,
    max_output: 1 << 20,
    max_items: 1_000_000,
    max_depth: 1000,
    max_nesting: 100,
};

enum Verdict {
    Runs,
    Refused(String),
    Wrong(String),
}

/// The program run alone, then under the model: both must print what CPython prints.
fn judge(p: &Program) -> Verdict {
    let text = std::fs::read_to_string(&p.path).unwrap();
    let stdin = p.input.clone().unwrap_or_default();
    let ran = run_alone_input(&text, LIMITS, &stdin);
    let alone = judge_run(p, &ran.end, &ran.stdout);
    if !matches!(alone, Verdict::Runs) {
        return alone;
    }
    let setup = Simulation {
        limits: LIMITS,
        stdin,
        ..Simulation::new(default_scenario())
    };
    let model = simulate(&text, &setup);
    if let Some(tr) = &model.trace
        && let Err(e) = check_trace(tr)
    {
        return Verdict::Wrong(format!("under the model, the trace: {e}"));
    }
    match judge_run(p, &model.end, &model.stdout) {
        Verdict::Runs => Verdict::Runs,
        Verdict::Refused(why) | Verdict::Wrong(why) => {
            Verdict::Wrong(format!("under the model: {why}"))
        }
    }
}

fn judge_run(p: &Program, end: &End, stdout: &str) -> Verdict {
    match end {
        End::Refused(e) => return Verdict::Refused(e.to_string()),
        End::Raised(r) => {
            return Verdict::Wrong(format!(
                "raised {}: {} at line {}",
                r.kind, r.message, r.line
            ));
        }
        End::Finished => {}
    }
    match compare(p.output, &p.clock, &p.expected, stdout) {
        Ok(()) => Verdict::Runs,
        Err(why) => Verdict::Wrong(why),
    }
}

#[test]
fn every_corpus_program_runs_as_in_cpython_or_is_refused() {
    let programs = corpus();
    let verdicts: Vec<(String, Verdict)> = std::thread::scope(|s| {
        let halves: Vec<_> = programs
            .chunks(programs.len().div_ceil(2))
            .map(|half| {
                s.spawn(move || {
                    half.iter()
                        .map(|p| (p.name.clone(), judge(p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let running: Vec<&str> = verdicts
        .iter()
        .filter(|(_, v)| matches!(v, Verdict::Runs))
        .map(|(n, _)| n.as_str())
        .collect();
    eprintln!(
        "real Python: {} of the corpus's {} programs run, alone and under the model, and print what CPython prints",
        running.len(),
        verdicts.len()
    );
    for (name, v) in &verdicts {
        if let Verdict::Refused(why) = v {
            eprintln!("  refused {name}: {why}");
        }
    }
    let wrong: Vec<String> = verdicts
        .iter()
        .filter_map(|(n, v)| match v {
            Verdict::Wrong(why) => Some(format!("{n}: {why}")),
            _ => None,
        })
        .collect();
    assert!(wrong.is_empty(), "wrong results:\n{}", wrong.join("\n"));
    assert!(
        running.len() >= MIN_RUNNING,
        "{} run, fewer than {MIN_RUNNING}",
        running.len()
    );
}
