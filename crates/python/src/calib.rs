//! The costs of operations fitted to CPython. A machine profile records how long CPython took
//! per iteration of a few small kernels (`def kernel(n)`), each with its source as the
//! calibration script ran it. GIL Lab's Python runs the same kernels and counts their
//! operations by kind (`vm::cost`); the cost of each kind is the non-negative least-squares fit
//! of those counts to CPython's times (each kernel weighed by its relative error, and held a
//! little towards a rough guess scaled to the machine, so that a kind the kernels pin down
//! poorly stays plausible). The kernels do the same work in every iteration, so a few
//! thousand iterations give the counts, whatever `n` CPython ran.

use gil_sim::profile::MachineProfile;

use crate::compile::compile;
use crate::vm::cost::{KINDS, OpCosts};
use crate::vm::{Limits, Vm};

/// One kernel as CPython ran it.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelTiming {
    /// Its name (`countdown`).
    pub name: String,
    /// Its source: defines `kernel(n)` (and what it uses).
    pub source: String,
    /// CPython's time per iteration, ns (the median of its rounds).
    pub ns_per_iter: f64,
}

/// A fit, and each kernel's time in CPython beside the fitted model's.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub costs: OpCosts,
    /// `(name, CPython ns per iteration, the model's)`, in the kernels' order.
    pub rows: Vec<(String, f64, f64)>,
}

/// The iterations of a kernel GIL Lab's Python runs to count its operations (each iteration
/// does the same work, so a few suffice).
const COUNT_N: u64 = 2_000;
/// The most operations counting one kernel may take.
const COUNT_OPS: u64 = 10_000_000;
/// A rough guess of each kind's cost, ps, in `CostKind`'s order (what 3.11 takes on a
/// desktop machine); the fit starts from it and is held a little towards it.
const GUESS: [u64; KINDS] = [
    2_000, 6_000, 6_000, 10_000, 15_000, 8_000, 10_000, 40_000, 25_000, 12_000, 6_000, 8_000,
];
/// How strongly the fit holds each cost towards the guess (relative to one kernel's weight).
const PRIOR_WEIGHT: f64 = 0.05;

/// The operations of one iteration of a kernel, by kind: in warm code, and in cold code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub warm: [f64; KINDS],
    pub cold: [f64; KINDS],
}

impl Counts {
    /// Warm and cold together.
    pub fn total(&self, kind: usize) -> f64 {
        self.warm[kind] + self.cold[kind]
    }

    /// The time of an iteration at these costs, ns.
    fn ns(&self, costs: &OpCosts) -> f64 {
        (0..KINDS)
            .map(|k| self.warm[k] * costs.ps[k] as f64 + self.cold[k] * costs.cold_ps[k] as f64)
            .sum::<f64>()
            / 1000.0
    }

    /// The operations of an iteration, cold ones weighed `cold` times a warm one.
    fn weighed(&self, cold: f64) -> [f64; KINDS] {
        std::array::from_fn(|k| self.warm[k] + self.cold[k] * cold)
    }
}

/// Counts the operations of one iteration of the kernel in `source`, by kind.
pub fn counts_per_iter(source: &str) -> Result<Counts, String> {
    let (w1, c1) = counts_of(source, COUNT_N)?;
    let (w0, c0) = counts_of(source, 0)?;
    let per = |a: [u64; KINDS], b: [u64; KINDS]| -> [f64; KINDS] {
        std::array::from_fn(|k| a[k].saturating_sub(b[k]) as f64 / COUNT_N as f64)
    };
    Ok(Counts {
        warm: per(w1, w0),
        cold: per(c1, c0),
    })
}

fn counts_of(source: &str, n: u64) -> Result<([u64; KINDS], [u64; KINDS]), String> {
    let text = format!("{source}\nkernel({n})\n");
    let code = crate::parse(&text)
        .and_then(|p| compile(&p))
        .map_err(|e| e.to_string())?;
    let _heap = crate::value::heap::Heap::enter();
    let limits = Limits {
        max_ops: COUNT_OPS,
        ..Limits::default()
    };
    let mut vm = Vm::new(limits);
    vm.load_main(code);
    crate::run::run_loaded(&mut vm).map_err(|e| format!("the kernel does not run: {e}"))?;
    Ok((vm.counts, vm.cold_counts))
}

/// The costs a machine profile gives: the fit to its kernels, or the defaults if it has none
/// or has the shipped profile's (whose fit the defaults are: `tests/calib.rs`).
pub fn costs_of(profile: &MachineProfile) -> Result<OpCosts, String> {
    static SHIPPED: std::sync::OnceLock<Vec<gil_sim::profile::PythonKernel>> =
        std::sync::OnceLock::new();
    let shipped = SHIPPED.get_or_init(|| {
        MachineProfile::from_json(gil_sim::profile::SHIPPED)
            .map(|p| p.measured.python_kernels)
            .unwrap_or_default()
    });
    if profile.measured.python_kernels == *shipped {
        return Ok(OpCosts::default());
    }
    fit_profile(profile)
}

/// The fit to a profile's kernels (the defaults if it has none).
pub fn fit_profile(profile: &MachineProfile) -> Result<OpCosts, String> {
    let kernels: Vec<KernelTiming> = profile
        .measured
        .python_kernels
        .iter()
        .map(|k| KernelTiming {
            name: k.name.clone(),
            source: k.source.clone(),
            ns_per_iter: k.ns_per_iter.median,
        })
        .collect();
    if kernels.is_empty() {
        return Ok(OpCosts::default());
    }
    fit(&kernels)
        .map(|f| f.costs)
        .map_err(|e| format!("measured.python_kernels: {e}"))
}

/// Fits the costs of the kinds of operation to `kernels`: for each ratio of cold code's
/// cost to warm code's (1 to 2.5, by 0.01), the costs that fit best, and of those the best.
pub fn fit(kernels: &[KernelTiming]) -> Result<Fit, String> {
    if kernels.is_empty() {
        return Err("no kernels to fit".into());
    }
    let mut counted = Vec::new();
    for k in kernels {
        if !(k.ns_per_iter.is_finite() && k.ns_per_iter > 0.0) {
            return Err(format!("kernel {}: a time per iteration above 0", k.name));
        }
        let c = counts_per_iter(&k.source).map_err(|e| format!("kernel {}: {e}", k.name))?;
        counted.push((c, k.ns_per_iter));
    }
    let mut best: Option<(f64, OpCosts)> = None;
    for step in 0..=150 {
        let cold = 1.0 + f64::from(step) / 100.0;
        let rows: Vec<([f64; KINDS], f64)> =
            counted.iter().map(|(c, b)| (c.weighed(cold), *b)).collect();
        let x = nnls(&rows, &prior(&rows));
        let costs = OpCosts {
            ps: std::array::from_fn(|k| ps_of(x[k])),
            cold_ps: std::array::from_fn(|k| ps_of(x[k] * cold)),
        };
        let err: f64 = counted
            .iter()
            .map(|(c, b)| ((c.ns(&costs) - b) / b).powi(2))
            .sum();
        if best.as_ref().is_none_or(|(e, _)| err < *e) {
            best = Some((err, costs));
        }
    }
    let costs = best.map(|b| b.1).unwrap_or_default();
    let rows = kernels
        .iter()
        .zip(&counted)
        .map(|(k, (c, b))| (k.name.clone(), *b, c.ns(&costs)))
        .collect();
    Ok(Fit { costs, rows })
}

/// A fitted cost in ns as ps: at least 1 ps, at most [`MAX_OP_PS`].
fn ps_of(ns: f64) -> u64 {
    (ns * 1000.0).round().clamp(1.0, MAX_OP_PS as f64) as u64
}

/// The most one operation may cost, ps (a millisecond: no operation of CPython's takes that).
const MAX_OP_PS: u64 = 1_000_000_000;

/// The costs the fit is held towards: [`GUESS`] scaled as a whole to the kernels (so a machine
/// twice as slow gets a guess twice as large, and the fit follows the machine).
fn prior(rows: &[([f64; KINDS], f64)]) -> [f64; KINDS] {
    let guess: [f64; KINDS] = std::array::from_fn(|k| GUESS[k] as f64 / 1000.0);
    let (mut num, mut den) = (0.0, 0.0);
    for (a, b) in rows {
        let p: f64 = (0..KINDS).map(|k| a[k] * guess[k]).sum();
        let w = 1.0 / (b * b);
        num += w * p * b;
        den += w * p * p;
    }
    let scale = if den > 0.0 { num / den } else { 1.0 };
    guess.map(|g| g * scale)
}

/// Minimises the relative squared error of `counts · x` against each time, plus a pull of
/// `x` towards `prior`, with `x >= 0`: coordinate descent (a few kinds, a few kernels).
fn nnls(rows: &[([f64; KINDS], f64)], prior: &[f64]) -> [f64; KINDS] {
    // Normal equations of the weighted problem: H x = g.
    let mut h = [[0.0f64; KINDS]; KINDS];
    let mut g = [0.0f64; KINDS];
    for (a, b) in rows {
        let w = 1.0 / (b * b);
        for i in 0..KINDS {
            g[i] += w * a[i] * b;
            for j in 0..KINDS {
                h[i][j] += w * a[i] * a[j];
            }
        }
    }
    for i in 0..KINDS {
        let w = PRIOR_WEIGHT / (prior[i] * prior[i]);
        h[i][i] += w;
        g[i] += w * prior[i];
    }
    let mut x: [f64; KINDS] = std::array::from_fn(|i| prior[i]);
    for _ in 0..5_000 {
        let mut moved = 0.0f64;
        for i in 0..KINDS {
            let rest: f64 = (0..KINDS).filter(|&j| j != i).map(|j| h[i][j] * x[j]).sum();
            let next = ((g[i] - rest) / h[i][i]).max(0.0);
            moved = moved.max((next - x[i]).abs() / prior[i]);
            x[i] = next;
        }
        if moved < 1e-7 {
            break;
        }
    }
    x
}
