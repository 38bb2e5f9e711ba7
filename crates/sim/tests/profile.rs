//! Machine profiles: the shipped profile of this machine kind reads; a profile with other
//! figures moves the predictions the way those figures say; bad profiles name their field.

use gil_sim::profile::MachineProfile;
use gil_sim::*;

const SHIPPED: &str = gil_sim::profile::SHIPPED;

fn profile_with(edit: impl Fn(&mut serde_json::Value)) -> MachineProfile {
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    edit(&mut v);
    MachineProfile::from_json(&v.to_string()).unwrap()
}

fn wall(name: &str, p: Option<&MachineProfile>) -> u64 {
    let mut sc = presets::get(name).unwrap().scenario;
    if let Some(p) = p {
        p.apply(&mut sc);
    }
    metrics(&simulate(&sc).unwrap()).wall_ns
}

/// When the process named `proc` first runs its program.
fn first_run(name: &str, p: &MachineProfile, proc: &str) -> u64 {
    let mut sc = presets::get(name).unwrap().scenario;
    p.apply(&mut sc);
    let tr = simulate(&sc).unwrap();
    let pi = tr.processes.iter().position(|x| x.name == proc).unwrap();
    let main = tr.processes[pi].threads[0];
    tr.thread_spans[main as usize]
        .iter()
        .find(|s| s.state == State::Running)
        .unwrap()
        .start_ns
}

#[test]
fn the_shipped_profile_reads_and_is_this_machine_kind() {
    let p = MachineProfile::from_json(SHIPPED).unwrap();
    assert_eq!(MachineProfile::shipped().as_ref(), Some(&p));
    assert_eq!(
        p.model.parallel_efficiency_permille.len() as u32,
        p.cpus.unwrap()
    );
    assert!(
        p.model.start_costs.main_import_ns > 0,
        "a lesson's main module imports asyncio"
    );
    assert!(p.python.starts_with("3."));
    assert!(!p.label().is_empty());
    let s = &p.model.start_costs;
    assert!(
        s.spawn.child_ns > s.fork.child_ns,
        "spawn starts a fresh interpreter: slower than fork"
    );
    assert!(p.model.thread_create_ns + p.model.thread_bootstrap_ns < 10_000_000);
}

#[test]
fn other_figures_move_the_predictions_their_way() {
    let base = profile_with(|_| {});
    // Slower spawn: the spawned process starts working later, and the lesson takes longer.
    let slow_spawn =
        profile_with(|v| v["model"]["start_costs"]["spawn"]["child_ns"] = 400_000_000u64.into());
    assert!(
        first_run("start-methods", &slow_spawn, "spawned")
            > first_run("start-methods", &base, "spawned") + 300_000_000
    );
    assert!(wall("start-methods", Some(&slow_spawn)) > wall("start-methods", Some(&base)));
    // A cheaper fork: the forked process starts sooner.
    let fast_fork = profile_with(|v| {
        v["model"]["start_costs"]["fork"]["parent_ns"] = 10_000u64.into();
        v["model"]["start_costs"]["fork"]["child_ns"] = 10_000u64.into();
    });
    assert!(
        first_run("start-methods", &fast_fork, "forked")
            < first_run("start-methods", &base, "forked")
    );
    // Dearer thread starts: four threads take longer to get going.
    let slow_threads = profile_with(|v| v["model"]["thread_create_ns"] = 20_000_000u64.into());
    assert!(
        wall("cpu-threads", Some(&slow_threads)) > wall("cpu-threads", Some(&base)) + 40_000_000
    );
    // More timer slack: every sleep wakes later (the daemon-threads lesson sleeps).
    let slack = profile_with(|v| v["model"]["timer_slack_ns"] = 20_000_000u64.into());
    assert!(wall("io-asyncio", Some(&slack)) > wall("io-asyncio", Some(&base)));
    // Cores that slow each other down: CPU-bound processes on both cores take longer, by
    // about the efficiency; one CPU-bound thread at a time (the GIL) hardly notices.
    let full = profile_with(|v| {
        v["model"]["parallel_efficiency_permille"] = serde_json::json!([1000, 1000])
    });
    let shared = profile_with(|v| {
        v["model"]["parallel_efficiency_permille"] = serde_json::json!([1000, 500])
    });
    let (pf, ps) = (
        wall("cpu-processes", Some(&full)),
        wall("cpu-processes", Some(&shared)),
    );
    assert!(ps as f64 > 1.6 * pf as f64, "processes: {pf} -> {ps}");
    let (tf, ts) = (
        wall("cpu-threads", Some(&full)),
        wall("cpu-threads", Some(&shared)),
    );
    assert!((ts as f64) < 1.1 * tf as f64, "threads: {tf} -> {ts}");
    // A dearer move between cores: more CPU-bound threads than cores get slower.
    let migrate = profile_with(|v| v["model"]["migration_ns"] = 500_000u64.into());
    let mut four = presets::get("cpu-threads").unwrap().scenario;
    four.machine.cores = 2;
    let four_wall = |p: &MachineProfile| {
        let mut sc = four.clone();
        p.apply(&mut sc);
        simulate(&sc).unwrap().wall_ns
    };
    let (mf, mm) = (four_wall(&full), four_wall(&migrate));
    assert!(
        mm as f64 > 1.02 * mf as f64,
        "4 threads, 2 cores: {mf} -> {mm}"
    );
    // Re-importing the main module: spawn and forkserver children start later, fork not.
    let import =
        profile_with(|v| v["model"]["start_costs"]["main_import_ns"] = 100_000_000u64.into());
    let no_import = profile_with(|v| v["model"]["start_costs"]["main_import_ns"] = 0u64.into());
    for (proc, later) in [
        ("spawned", true),
        ("via-forkserver", true),
        ("forked", false),
    ] {
        let (a, b) = (
            first_run("start-methods", &no_import, proc),
            first_run("start-methods", &import, proc),
        );
        assert_eq!(b >= a + 100_000_000, later, "{proc}: {a} -> {b}");
    }
    // The resource tracker: only the first spawn or forkserver child meets it.
    let tracker =
        profile_with(|v| v["model"]["start_costs"]["resource_tracker_ns"] = 100_000_000u64.into());
    let no_tracker =
        profile_with(|v| v["model"]["start_costs"]["resource_tracker_ns"] = 0u64.into());
    let io = |p: &MachineProfile| {
        let mut sc = presets::get("io-processes").unwrap().scenario;
        p.apply(&mut sc);
        let tr = simulate(&sc).unwrap();
        (1..tr.processes.len())
            .map(|i| {
                let main = tr.processes[i].threads[0] as usize;
                tr.thread_spans[main]
                    .iter()
                    .find(|s| s.state == State::Running)
                    .unwrap()
                    .start_ns
            })
            .collect::<Vec<u64>>()
    };
    let (a, b) = (io(&no_tracker), io(&tracker));
    let later: Vec<bool> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| *y >= x + 50_000_000)
        .collect();
    assert_eq!(later.iter().filter(|l| **l).count(), 1, "{a:?} -> {b:?}");
}

/// `calibration::load` fits the figures whose link to a measurement goes through the model:
/// with them, the model's own run of the case gives the measured figure.
#[test]
fn loading_fits_the_model_to_the_measurements() {
    use gil_sim::calibration::{cases, load};
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    v["measured"]["sleep_overshoot_ms"] =
        serde_json::json!({"median": 0.5, "min": 0.4, "max": 0.6, "n": 9});
    v["measured"]["thread_start_join_ms"] =
        serde_json::json!({"median": 0.3, "min": 0.2, "max": 0.4, "n": 9});
    // Four threads 10 % slower than one: only a cost of moving between cores makes that.
    v["measured"]["thread_slowdown"]["4"] =
        serde_json::json!({"median": 1.10, "min": 1.0, "max": 1.2, "n": 9});
    let p = load(&v.to_string()).unwrap();
    assert!(
        p.model.migration_ns.unwrap() > 10_000,
        "{:?}",
        p.model.migration_ns
    );
    let rows = cases(&p, &p.measured);
    for name in [
        "sleep_overshoot_ms",
        "thread_start_join_ms",
        "thread_slowdown.4",
    ] {
        let row = rows.iter().find(|r| r.name == name).unwrap();
        let e = row.error().unwrap();
        assert!(e.abs() < 0.03, "{name}: {row:?}");
    }
    // No slowdown measured: nothing to fit, no cost.
    v["measured"]["thread_slowdown"]["4"] =
        serde_json::json!({"median": 0.97, "min": 0.9, "max": 1.0, "n": 9});
    assert_eq!(load(&v.to_string()).unwrap().model.migration_ns, Some(0));
    // A cost given in the profile is kept.
    v["model"]["migration_ns"] = 7_000u64.into();
    assert_eq!(
        load(&v.to_string()).unwrap().model.migration_ns,
        Some(7_000)
    );
}

/// Every case the calibration script measures has a model figure (but the heavy import,
/// which the model cannot know), and the shipped profile's own cases come out near its
/// measurements for the figures taken straight from them.
#[test]
fn every_calibration_case_has_a_model_figure() {
    use gil_sim::calibration::{cases, shipped};
    let p = shipped().unwrap();
    let rows = cases(&p, &p.measured);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    for want in [
        "process_speedup.2",
        "thread_slowdown.2",
        "thread_slowdown.4",
        "thread_start_join_ms",
        "process_start_join_ms.fork",
        "process_start_join_ms.forkserver_first",
        "process_start_join_ms.forkserver",
        "process_start_join_ms.spawn_first",
        "process_start_join_ms.spawn",
        "process_start_join_ms.spawn_lesson_main",
        "sleep_overshoot_ms",
        "gil_hold_ms.5",
        "gil_hold_ms.1",
        "release_latency_ms",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    for r in &rows {
        assert!(
            r.measured.is_some(),
            "{}: not measured in the shipped profile",
            r.name
        );
        assert_eq!(
            r.predicted.is_none(),
            r.name.ends_with("spawn_heavy_import"),
            "{}",
            r.name
        );
    }
    for name in [
        "process_start_join_ms.fork",
        "process_start_join_ms.spawn",
        "sleep_overshoot_ms",
        "gil_hold_ms.5",
    ] {
        let r = rows.iter().find(|r| r.name == name).unwrap();
        assert!(r.error().unwrap().abs() < 0.10, "{r:?}");
    }
}

#[test]
fn bad_profiles_name_their_field() {
    for (edit, field) in [
        (
            SHIPPED.replacen("\"version\": 1", "\"version\": 2", 1),
            "version",
        ),
        (
            SHIPPED.replacen("\"timer_slack_ns\"", "\"timer_slack\"", 1),
            "model",
        ),
    ] {
        let e = MachineProfile::from_json(&edit).unwrap_err();
        assert!(
            e.path.starts_with(field) || e.to_string().contains(field),
            "{field}: {e}"
        );
    }
    let huge = profile_with(|_| {});
    let mut v: serde_json::Value = serde_json::to_value(&huge).unwrap();
    v["model"]["timer_slack_ns"] = 5_000_000_000u64.into();
    let e = MachineProfile::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.path, "model.timer_slack_ns");
    v["model"]["timer_slack_ns"] = 50_000u64.into();
    v["model"]["parallel_efficiency_permille"] = serde_json::json!([1000, 0]);
    let e = MachineProfile::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.path, "model.parallel_efficiency_permille[1]");
    // One profile per file, as one scenario per file.
    let e = MachineProfile::from_json(&format!("{SHIPPED} {{}}")).unwrap_err();
    assert!(
        e.to_string().contains("unexpected data after the profile"),
        "{e}"
    );
}

/// The calibration script runs (its quick mode, ~12 s) and writes a profile this crate reads.
#[test]
fn the_calibration_script_writes_a_profile_that_reads() {
    let out = std::env::temp_dir().join(format!("gil-lab-profile-{}.json", std::process::id()));
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/calibration/machine_profile.py"
    );
    let o = std::process::Command::new("python3")
        .args([script, "--quick", "--out", out.to_str().unwrap()])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = MachineProfile::from_json(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(p.model.start_costs.spawn.child_ns > p.model.start_costs.fork.child_ns);
    assert!(!p.measured.process_speedup.is_empty());
    // Every Python kernel, with its source: what real Python's costs are fitted to.
    assert_eq!(p.measured.python_kernels.len(), 12);
    assert!(
        p.measured
            .python_kernels
            .iter()
            .all(|k| k.source.contains("def kernel(n)"))
    );
    // The new cases: more threads than cores, the lesson-shaped main module, a first spawn.
    assert!(p.measured.thread_slowdown.contains_key(&4));
    for case in ["spawn_lesson_main", "spawn_first"] {
        let name = format!("process_start_join_ms.{case}");
        assert!(p.measured.get(&name).is_some_and(|m| m.n > 0), "{case}");
    }
    // Every figure it writes is typed: nothing is left out of the profile read back.
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let read = serde_json::to_value(&p).unwrap();
    assert_eq!(
        without_nulls(&written["measured"]),
        without_nulls(&read["measured"])
    );
    assert_eq!(written["run"], read["run"]);
    assert_eq!(written["implementation"], read["implementation"]);
    let eff = &p.model.parallel_efficiency_permille;
    assert_eq!(eff.first(), Some(&1000));
    assert!(eff.iter().all(|&e| (1..=1000).contains(&e)));
    let _ = std::fs::remove_file(&out);
}

/// A JSON value without its null members (a figure without samples), numbers as f64.
fn without_nulls(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        v => v.clone(),
    }
}

/// What is wrong with the refusal of the shipped profile edited by `edit` (none: refused at
/// `path`, saying `why`).
fn refusal(edit: impl Fn(&mut serde_json::Value), path: &str, why: &str) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    edit(&mut v);
    match MachineProfile::from_json(&v.to_string()) {
        Ok(_) => Some(format!("accepted, expected {path}: {why}")),
        Err(e) if e.path != path || !e.to_string().contains(why) => {
            Some(format!("expected {path}: {why}, got {e}"))
        }
        Err(_) => None,
    }
}

/// The script's fields are all typed: what it writes reads, anything else names its field.
#[test]
fn unknown_profile_fields_are_refused() {
    use serde_json::json;
    let p = MachineProfile::from_json(SHIPPED).unwrap();
    assert_eq!(p.implementation.as_deref(), Some("cpython"));
    assert_eq!(p.run.as_ref().map(|r| r.rounds), Some(22));
    assert_eq!(p.measured.get("process_speedup.2").unwrap().median, 1.8203);
    assert_eq!(
        p.measured
            .get("process_start_join_ms.spawn_first")
            .unwrap()
            .n,
        22
    );
    let wrong: Vec<String> = [
        refusal(|v| v["extra"] = json!(1), "extra", "unknown field `extra`"),
        refusal(
            |v| v["model"]["slack"] = json!(1),
            "model.slack",
            "unknown field `slack`",
        ),
        refusal(
            |v| v["measured"]["sleep_overshot_ms"] = json!(null),
            "measured.sleep_overshot_ms",
            "unknown field `sleep_overshot_ms`",
        ),
        refusal(
            |v| v["measured"]["thread_slowdown"]["4"]["mean"] = json!(1.0),
            "measured.thread_slowdown.4.mean",
            "unknown field `mean`",
        ),
        refusal(
            |v| v["measured"]["process_start_join_ms"]["vfork"] = json!(null),
            "measured.process_start_join_ms.vfork",
            "unknown field `vfork`",
        ),
        refusal(
            |v| v["run"]["laps"] = json!(1),
            "run.laps",
            "unknown field `laps`",
        ),
        refusal(
            |v| v["measured"]["gil_hold_ms"]["5"]["median"] = json!("5"),
            "measured.gil_hold_ms.5.median",
            "invalid type",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Figures no machine measures are refused naming their field, never fitted silently.
#[test]
fn impossible_profiles_are_refused_naming_the_field() {
    use serde_json::json;
    let fig = |median: f64, min: f64, max: f64, n: u64| json!({"median": median, "min": min, "max": max, "n": n});
    let wrong: Vec<String> = [
        refusal(
            |v| v["model"]["parallel_efficiency_permille"] = json!([900, 900]),
            "model.parallel_efficiency_permille[0]",
            "must be 1000",
        ),
        refusal(
            |v| v["model"]["parallel_efficiency_permille"] = json!([1000, 400]),
            "model.parallel_efficiency_permille[1]",
            "must be 500 to 1000",
        ),
        refusal(
            |v| v["model"]["parallel_efficiency_permille"] = json!([1000, 900, 333]),
            "model.parallel_efficiency_permille[2]",
            "must be 334 to 1000",
        ),
        refusal(
            |v| v["model"]["parallel_efficiency_permille"] = json!([1000, 1001]),
            "model.parallel_efficiency_permille[1]",
            "must be 500 to 1000",
        ),
        refusal(
            |v| v["measured"]["sleep_overshoot_ms"] = fig(-0.5, -1.0, 0.1, 9),
            "measured.sleep_overshoot_ms.median",
            "must be 0 to",
        ),
        refusal(
            |v| v["measured"]["thread_start_join_ms"] = fig(0.1, 0.2, 0.3, 9),
            "measured.thread_start_join_ms.median",
            "between min and max",
        ),
        refusal(
            |v| v["measured"]["release_latency_ms"] = fig(5.0, 4.0, 1e300, 9),
            "measured.release_latency_ms.max",
            "must be 0 to 3600000",
        ),
        refusal(
            |v| v["measured"]["process_start_join_ms"]["fork"] = fig(3.0, 2.0, 4.0, 0),
            "measured.process_start_join_ms.fork.n",
            "1 to",
        ),
        refusal(
            |v| v["measured"]["process_speedup"]["2"] = fig(3.0, 1.0, 3.0, 9),
            "measured.process_speedup.2.median",
            "at most 2.5",
        ),
        refusal(
            |v| v["measured"]["process_speedup"]["2"] = fig(0.0, 0.0, 1.0, 9),
            "measured.process_speedup.2.median",
            "above 0",
        ),
        refusal(
            |v| v["measured"]["thread_slowdown"]["4"] = fig(0.2, 0.1, 1.0, 9),
            "measured.thread_slowdown.4.median",
            "0.5 to 100",
        ),
        refusal(
            |v| v["measured"]["thread_slowdown"]["4"] = fig(500.0, 1.0, 600.0, 9),
            "measured.thread_slowdown.4.median",
            "0.5 to 100",
        ),
        refusal(
            |v| v["measured"]["process_speedup"]["0"] = fig(1.0, 1.0, 1.0, 9),
            "measured.process_speedup",
            "key \"0\" is not a count (1 to 256",
        ),
        refusal(
            |v| v["measured"]["thread_slowdown"]["300"] = fig(1.0, 1.0, 1.0, 9),
            "measured.thread_slowdown",
            "key \"300\"",
        ),
        refusal(
            |v| v["measured"]["thread_slowdown"]["04"] = fig(1.0, 1.0, 1.0, 9),
            "measured.thread_slowdown",
            "key \"04\"",
        ),
        refusal(
            |v| v["measured"]["gil_hold_ms"]["5000"] = fig(1.0, 1.0, 1.0, 9),
            "measured.gil_hold_ms",
            "a switch interval in ms (1 to 1000",
        ),
        refusal(|v| v["cpus"] = json!(0), "cpus", "1 to 256"),
        refusal(|v| v["cpus"] = json!(300), "cpus", "1 to 256"),
        refusal(
            |v| v["date"] = json!("x".repeat(65)),
            "date",
            "more than 64",
        ),
        refusal(
            |v| v["python"] = json!("x".repeat(65)),
            "python",
            "more than 64",
        ),
        refusal(|v| v["run"]["seconds"] = json!(-1.0), "run.seconds", "0 to"),
        refusal(
            |v| v["measured"]["python_kernels"][1]["ns_per_iter"] = fig(0.0, 0.0, 0.0, 5),
            "measured.python_kernels[1].ns_per_iter.median",
            "above 0",
        ),
        refusal(
            |v| v["measured"]["python_kernels"][0]["source"] = json!("#".repeat(5000)),
            "measured.python_kernels[0].source",
            "at most 4096 bytes",
        ),
        refusal(
            |v| v["measured"]["python_kernels"][2]["n"] = json!(0),
            "measured.python_kernels[2].n",
            "1 to",
        ),
        refusal(
            |v| {
                let k = v["measured"]["python_kernels"][0].clone();
                v["measured"]["python_kernels"] = json!(vec![k; 33]);
            },
            "measured.python_kernels",
            "at most 32 kernels",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A key given twice is refused too (the JSON text has it twice).
    let twice = SHIPPED.replacen(
        "\"process_speedup\": {",
        "\"process_speedup\": {\"2\": null, ",
        1,
    );
    let e = MachineProfile::from_json(&twice).unwrap_err();
    assert!(e.to_string().contains("key \"2\" given twice"), "{e}");
}

/// Two processes measured slower than one (a busy machine): a speedup the script can measure,
/// but the fit keeps the cores' efficiency physical (together never slower than one), and what
/// it loads reads back.
#[test]
fn a_busy_machines_speedup_is_fitted_within_what_cores_can_do() {
    let mut v: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    v["measured"]["process_speedup"]["2"] =
        serde_json::json!({"median": 0.6, "min": 0.5, "max": 0.7, "n": 9});
    let p = gil_sim::calibration::load(&v.to_string()).unwrap();
    assert_eq!(p.model.parallel_efficiency_permille[1], 500);
    let again = MachineProfile::from_json(&serde_json::to_string(&p).unwrap());
    assert_eq!(again.as_ref(), Ok(&p));
}
