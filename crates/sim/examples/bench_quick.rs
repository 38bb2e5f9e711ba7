//! Quick native timing of the stress and classroom scenarios, traced and untraced
//! (`cargo run --release -p gil-sim --example bench_quick`; `CHECK=1` also checks invariants).
//! The criterion bench (`cargo bench -p gil-sim`) is the reference.

fn main() {
    for sc in [
        gil_sim::stress::stress_scenario(),
        gil_sim::stress::classroom_scenario(),
    ] {
        let t = std::time::Instant::now();
        let tr = gil_sim::simulate(&sc).unwrap();
        let el = t.elapsed();
        println!(
            "{}: {} engine events, {} trace events, {} spans, sim {} ms, real {:?}, {:.1} M events/s",
            sc.name,
            tr.engine_events,
            tr.events.len(),
            tr.span_count(),
            tr.wall_ns / 1_000_000,
            el,
            tr.engine_events as f64 / el.as_secs_f64() / 1e6
        );
        let t = std::time::Instant::now();
        let u = gil_sim::simulate_untraced(&sc).unwrap();
        let el = t.elapsed();
        assert_eq!(u.wall_ns, tr.wall_ns);
        println!(
            "  untraced: real {:?}, {:.1} M events/s",
            el,
            u.engine_events as f64 / el.as_secs_f64() / 1e6
        );
        if std::env::var("CHECK").is_ok() {
            gil_sim::check_invariants(&sc, &tr).unwrap();
        }
    }
}
