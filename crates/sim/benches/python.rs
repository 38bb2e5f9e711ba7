//! Criterion bench: an edit of a classroom program, from text to a run (what the editor does
//! after each pause in typing, minus the UI): `from_python` + `simulate` + `metrics`, on the
//! classroom scenario (16 threads, ~10 s simulated) and two lessons as programs. Goal: within
//! one frame (16 ms). `tests/bench/program-edit.mjs` times the same in Chromium for the ratio.

use criterion::{Criterion, criterion_group, criterion_main};
use gil_sim::python::{from_python, to_python};
use gil_sim::stress::classroom_scenario;
use gil_sim::{metrics, presets, simulate};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("python");
    g.sample_size(20);
    let mut programs = vec![(
        "classroom".to_string(),
        to_python(&classroom_scenario()).text,
    )];
    for name in ["convoy", "io-asyncio", "cpu-threads"] {
        programs.push((
            name.to_string(),
            to_python(&presets::get(name).unwrap().scenario).text,
        ));
    }
    for (name, text) in &programs {
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| from_python(black_box(text)).unwrap())
        });
        g.bench_function(format!("edit_to_run/{name}"), |b| {
            b.iter(|| {
                let (sc, _) = from_python(black_box(text)).unwrap();
                metrics(&simulate(&sc).unwrap())
            })
        });
    }
    let sc = classroom_scenario();
    g.bench_function("write/classroom", |b| b.iter(|| to_python(black_box(&sc))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
