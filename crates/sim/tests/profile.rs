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
    assert!(p.measured.get("process_speedup").is_some());
    let _ = std::fs::remove_file(&out);
}
