//! Criterion bench: engine events per second on the stress scenario (64 threads in 8 processes
//! on 8 cores, ~60 s simulated, I/O mixed with CPU) and the time to re-simulate the classroom
//! scenario (16 threads, ~10 s simulated). Targets: >= 20 M events/s; classroom < 16 ms.
//! `stress_untraced` is the same run without recording spans and events. The `calibrated`
//! variants run with the shipped machine profile (as the app and the CLI do): cores that slow
//! each other down (the work clock of `engine/speed.rs`) and a cost of moving between cores.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gil_sim::stress::{classroom_scenario, stress_scenario};
use gil_sim::{metrics, simulate, simulate_untraced};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let stress = stress_scenario();
    let events = simulate(&stress)
        .expect("stress scenario runs")
        .engine_events;
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.throughput(Throughput::Elements(events));
    g.bench_function("stress_64_threads_8_procs_60s", |b| {
        b.iter(|| simulate(black_box(&stress)).unwrap())
    });
    g.bench_function("stress_untraced", |b| {
        b.iter(|| simulate_untraced(black_box(&stress)).unwrap())
    });
    let profile = gil_sim::calibration::shipped().expect("the shipped profile reads");
    let mut stress_cal = stress.clone();
    profile.apply(&mut stress_cal);
    g.bench_function("stress_untraced_calibrated", |b| {
        b.iter(|| simulate_untraced(black_box(&stress_cal)).unwrap())
    });
    g.finish();

    let classroom = classroom_scenario();
    let events = simulate(&classroom)
        .expect("classroom scenario runs")
        .engine_events;
    let mut g = c.benchmark_group("classroom");
    g.throughput(Throughput::Elements(events));
    g.bench_function("resimulate_16_threads_10s", |b| {
        b.iter(|| simulate(black_box(&classroom)).unwrap())
    });
    g.bench_function("resimulate_plus_metrics", |b| {
        b.iter(|| metrics(&simulate(black_box(&classroom)).unwrap()))
    });
    let mut classroom_cal = classroom.clone();
    profile.apply(&mut classroom_cal);
    g.bench_function("resimulate_calibrated", |b| {
        b.iter(|| simulate(black_box(&classroom_cal)).unwrap())
    });
    g.finish();

    let cpu = gil_sim::presets::get("cpu-threads").unwrap();
    let w = cpu.scenario.workload.clone().unwrap();
    let setup = cpu.scenario.setup();
    c.bench_function("compare_cpu_threads_4_ways", |b| {
        b.iter(|| gil_sim::compare(black_box(&w.work), &setup).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
