//! What the calibration script measured, typed: every figure a [`Measured`] (median, min, max,
//! samples), the families keyed by a count (`process_speedup`, `thread_slowdown`) or a switch
//! interval (`gil_hold_ms`) read from their JSON keys with the key's range checked and no key
//! twice, the process starts keyed by start method ([`StartJoins`]). Unknown fields are
//! refused, so an error names the field; the ranges are checked by `validate`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A measured figure: median and spread over `n` samples.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Median of the samples.
    pub median: f64,
    /// Smallest sample.
    pub min: f64,
    /// Largest sample.
    pub max: f64,
    /// Number of samples (at least 1).
    pub n: u64,
}

impl Measured {
    /// The figure of case `name` (`process_speedup.2`, `process_start_join_ms.fork`,
    /// `sleep_overshoot_ms`) in a profile's measurements; `None` when it was not measured.
    pub fn at(measured: &ProfileMeasured, name: &str) -> Option<Measured> {
        measured.get(name)
    }
}

/// Cap: the largest count a figure is keyed by (processes or threads at once).
pub const MAX_MEASURED_COUNT: u32 = 256;
/// Cap: the largest switch interval `gil_hold_ms` is keyed by, ms.
pub const MAX_MEASURED_INTERVAL_MS: u32 = 1000;

/// Everything `calibration/machine_profile.py` measured (medians, spreads), for the fit
/// (`calibration::fit`), the calibration cases and the fidelity report. A figure the script had
/// no sample of is absent (`null` in the file).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileMeasured {
    /// The speedup of k CPU-bound processes (fork) over one, the same work each; keyed by k
    /// (1..=[`MAX_MEASURED_COUNT`]).
    #[serde(default, deserialize_with = "by_count")]
    pub process_speedup: BTreeMap<u32, Measured>,
    /// The wall time of k CPU-bound threads over one, the same total work; keyed by k
    /// (1..=[`MAX_MEASURED_COUNT`]).
    #[serde(default, deserialize_with = "by_count")]
    pub thread_slowdown: BTreeMap<u32, Measured>,
    /// `Thread(target=noop)`: start() + join(), ms.
    #[serde(default)]
    pub thread_start_join_ms: Option<Measured>,
    /// An empty process's start + join per start method, ms.
    #[serde(default)]
    pub process_start_join_ms: StartJoins,
    /// How late `time.sleep(0.001)` returns, ms.
    #[serde(default)]
    pub sleep_overshoot_ms: Option<Measured>,
    /// The GIL's holding period of two CPU-bound threads, ms; keyed by the switch interval, ms
    /// (1..=[`MAX_MEASURED_INTERVAL_MS`]).
    #[serde(default, deserialize_with = "by_interval")]
    pub gil_hold_ms: BTreeMap<u32, Measured>,
    /// An I/O wait's end to the reader running Python again, beside a CPU-bound thread, ms.
    #[serde(default)]
    pub release_latency_ms: Option<Measured>,
    /// Small kernels of pure Python and CPython's time per iteration of each: what the costs
    /// of real Python's operations are fitted to (`gil_python::calib`). At most
    /// [`MAX_KERNELS`].
    #[serde(default)]
    pub python_kernels: Vec<PythonKernel>,
}

/// Cap: kernels in a profile.
pub const MAX_KERNELS: usize = 32;
/// Cap: bytes of a kernel's source.
pub const MAX_KERNEL_SOURCE: usize = 4096;

/// A kernel of pure Python (`def kernel(n)`, the same work in each of its `n` iterations) and
/// CPython's time per iteration of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonKernel {
    /// Its name, 1 to 64 bytes.
    pub name: String,
    /// Its source, at most [`MAX_KERNEL_SOURCE`] bytes: it defines `kernel(n)`.
    pub source: String,
    /// The `n` each run used, 1 to 10^8.
    pub n: u64,
    /// CPython's time per iteration, ns (under a second).
    pub ns_per_iter: Measured,
}

/// An empty process's start + join, ms, per start method (and the script's variants).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartJoins {
    /// `fork`.
    #[serde(default)]
    pub fork: Option<Measured>,
    /// `forkserver`, the first start of a run (it starts the server and the resource tracker).
    #[serde(default)]
    pub forkserver_first: Option<Measured>,
    /// `forkserver`, later starts.
    #[serde(default)]
    pub forkserver: Option<Measured>,
    /// `spawn`, later starts, an empty main module.
    #[serde(default)]
    pub spawn: Option<Measured>,
    /// `spawn`, the first start of a run (it starts the resource tracker).
    #[serde(default)]
    pub spawn_first: Option<Measured>,
    /// `spawn`, later starts, a main module importing what a lesson's does.
    #[serde(default)]
    pub spawn_lesson_main: Option<Measured>,
    /// `spawn`, a main module importing much of the standard library.
    #[serde(default)]
    pub spawn_heavy_import: Option<Measured>,
}

impl StartJoins {
    /// Every method's figure with its key (`fork`, `forkserver_first`, ...).
    pub fn all(&self) -> [(&'static str, Option<Measured>); 7] {
        [
            ("fork", self.fork),
            ("forkserver_first", self.forkserver_first),
            ("forkserver", self.forkserver),
            ("spawn", self.spawn),
            ("spawn_first", self.spawn_first),
            ("spawn_lesson_main", self.spawn_lesson_main),
            ("spawn_heavy_import", self.spawn_heavy_import),
        ]
    }
}

impl ProfileMeasured {
    /// The figure of case `name` (`process_speedup.2`, `process_start_join_ms.fork`,
    /// `sleep_overshoot_ms`); `None` when it was not measured or no case has that name.
    pub fn get(&self, name: &str) -> Option<Measured> {
        let (family, key) = match name.split_once('.') {
            Some((f, k)) => (f, Some(k)),
            None => (name, None),
        };
        let keyed = |m: &BTreeMap<u32, Measured>| m.get(&key?.parse().ok()?).copied();
        match (family, key) {
            ("process_speedup", _) => keyed(&self.process_speedup),
            ("thread_slowdown", _) => keyed(&self.thread_slowdown),
            ("gil_hold_ms", _) => keyed(&self.gil_hold_ms),
            ("process_start_join_ms", Some(k)) => {
                self.process_start_join_ms
                    .all()
                    .into_iter()
                    .find(|(name, _)| *name == k)?
                    .1
            }
            ("thread_start_join_ms", None) => self.thread_start_join_ms,
            ("sleep_overshoot_ms", None) => self.sleep_overshoot_ms,
            ("release_latency_ms", None) => self.release_latency_ms,
            _ => None,
        }
    }
}

fn by_count<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<u32, Measured>, D::Error> {
    d.deserialize_map(Keyed {
        what: "a count",
        max: MAX_MEASURED_COUNT,
    })
}

fn by_interval<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<u32, Measured>, D::Error> {
    d.deserialize_map(Keyed {
        what: "a switch interval in ms",
        max: MAX_MEASURED_INTERVAL_MS,
    })
}

/// A JSON object of figures keyed by whole numbers 1..=`max` (written as decimal strings, as
/// the script writes them); a `null` figure is skipped, a key given twice is refused.
struct Keyed {
    what: &'static str,
    max: u32,
}

impl<'de> Visitor<'de> for Keyed {
    type Value = BTreeMap<u32, Measured>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "an object of figures keyed by {} (1 to {})",
            self.what, self.max
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        let mut seen = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let k = key
                .parse::<u32>()
                .ok()
                .filter(|k| (1..=self.max).contains(k) && k.to_string() == key)
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "key \"{}\" is not {} (1 to {}, written plainly)",
                        crate::scenario::one_line(&key),
                        self.what,
                        self.max
                    ))
                })?;
            let figure: Option<Measured> = map.next_value()?;
            if !seen.insert(k) {
                return Err(de::Error::custom(format!("key \"{key}\" given twice")));
            }
            if let Some(m) = figure {
                out.insert(k, m);
            }
        }
        Ok(out)
    }
}
