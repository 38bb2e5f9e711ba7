//! The costs of real Python's operations, fitted to CPython's times of the kernels a machine
//! profile records (`gil_python::calib`): the defaults are the shipped profile's fit, the fit
//! puts every kernel within 25 % of CPython's time, and it follows the machine it is given.

use gil_python::calib::{KernelTiming, costs_of, counts_per_iter, fit, fit_profile};
use gil_python::{CostKind, OpCosts};
use gil_sim::profile::{MachineProfile, SHIPPED};

fn shipped() -> MachineProfile {
    MachineProfile::from_json(SHIPPED).unwrap()
}

fn kernels(p: &MachineProfile, scale: f64) -> Vec<KernelTiming> {
    p.measured
        .python_kernels
        .iter()
        .map(|k| KernelTiming {
            name: k.name.clone(),
            source: k.source.clone(),
            ns_per_iter: k.ns_per_iter.median * scale,
        })
        .collect()
}

#[test]
fn the_default_costs_are_the_fit_of_the_shipped_profile() {
    let p = shipped();
    assert!(p.measured.python_kernels.len() >= 10);
    assert_eq!(fit_profile(&p).unwrap(), OpCosts::default());
    assert_eq!(costs_of(&p).unwrap(), OpCosts::default());
}

#[test]
fn every_kernel_takes_within_a_quarter_of_cpythons_time() {
    let f = fit(&kernels(&shipped(), 1.0)).unwrap();
    for (name, cpython, model) in &f.rows {
        let r = model / cpython;
        eprintln!("{name:14} CPython {cpython:7.1} ns, the model {model:7.1} ns ({r:.2})");
        assert!((0.75..=1.25).contains(&r), "{name}: {r}");
    }
}

#[test]
fn the_fit_follows_the_machine() {
    let p = shipped();
    let base = fit(&kernels(&p, 1.0)).unwrap();
    let slow = fit(&kernels(&p, 3.0)).unwrap();
    for ((name, cpython, model), (_, _, slow_model)) in base.rows.iter().zip(&slow.rows) {
        let r = slow_model / model;
        assert!(
            (2.5..=3.5).contains(&r),
            "{name}: {cpython} {model} {slow_model}"
        );
    }
    // Without kernels, a profile gives the defaults; another machine's kernels, their fit.
    let mut bare = p.clone();
    bare.measured.python_kernels.clear();
    assert_eq!(costs_of(&bare).unwrap(), OpCosts::default());
    let mut slower = p.clone();
    for k in &mut slower.measured.python_kernels {
        k.ns_per_iter.median *= 3.0;
        k.ns_per_iter.min *= 3.0;
        k.ns_per_iter.max *= 3.0;
    }
    assert_eq!(costs_of(&slower).unwrap(), slow.costs);
}

#[test]
fn operations_are_counted_by_kind() {
    let countdown = "def kernel(n):\n    while n > 0:\n        n -= 1\n";
    let c = counts_per_iter(countdown).unwrap();
    // `n > 0`, `n -= 1`: a comparison and an operator; loads, stores, the jumps: the rest.
    // All of it cold: the kernel is entered once.
    assert_eq!(c.total(CostKind::Compare as usize), 1.0);
    assert_eq!(c.total(CostKind::Arith as usize), 1.0);
    assert_eq!(c.warm, [0.0; gil_python::KINDS]);
    assert_eq!(c.total(CostKind::Basic as usize), 7.0);
    let calls = "def f(x):\n    return x\n\ndef kernel(n):\n    for i in range(n):\n        f(i)\n";
    let c = counts_per_iter(calls).unwrap();
    assert_eq!(c.total(CostKind::Frame as usize), 1.0);
    // `f` runs warm from its 8th call on (its one load); the kernel's loop, cold.
    let warm_loads = c.warm[CostKind::Basic as usize];
    assert!((0.99..1.0).contains(&warm_loads), "{warm_loads}");
    assert_eq!(
        c.total(CostKind::Call as usize),
        2.0,
        "the call and its return"
    );
    assert_eq!(c.total(CostKind::Iter as usize), 1.0, "the loop's step");
    assert_eq!(c.total(CostKind::Step as usize), 1.0, "range's");
    assert!(counts_per_iter("def kernel(n):\n    import zlib\n").is_err());
}
