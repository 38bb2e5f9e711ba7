//! `time` on the run's clock: `sleep` waits (the thread releases the GIL), the clocks read
//! the scheduler's time, so a program that prints its elapsed time prints the run's.

use crate::builtins::args::{Kw, count, no_kw};
use crate::value::Value;
use crate::value::num;
use crate::vm::{Block, Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

/// `time.time()` at the start of a run: a fixed date, so runs are the same.
const EPOCH: f64 = 1_767_225_600.0;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("sleep", sleep),
    ("time", time),
    ("time_ns", time_ns),
    ("perf_counter", perf_counter),
    ("perf_counter_ns", perf_counter_ns),
    ("monotonic", perf_counter),
    ("monotonic_ns", perf_counter_ns),
    ("thread_time", thread_time),
    ("process_time", process_time),
];

fn sleep(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "sleep", &kw)?;
    count(vm, "sleep", &args, 1, 1)?;
    if !args[0].is_number() {
        return Err(vm.raise(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                args[0].type_name()
            ),
        ));
    }
    let s = num::to_f64(&args[0]).map_err(|e| vm.num_err(e))?;
    if s < 0.0 {
        return Err(vm.raise("ValueError", "sleep length must be non-negative"));
    }
    if !s.is_finite() || s > 1e6 {
        return Err(Flow::Refuse(
            "a sleep this long is not modelled by GIL Lab".into(),
        ));
    }
    Err(Flow::Block(Block::Sleep((s * 1e9).round() as u64)))
}

fn secs(ns: u64) -> Value {
    Value::Float(ns as f64 / 1e9)
}

fn time(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Float(now_secs(vm)))
}

/// `time.time()`: the run's clock from a fixed date.
pub fn now_secs(vm: &Vm) -> f64 {
    EPOCH + vm.clock() as f64 / 1e9
}

fn time_ns(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(
        (EPOCH as i64) * 1_000_000_000 + vm.clock() as i64,
    ))
}

fn perf_counter(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(secs(vm.clock()))
}

fn perf_counter_ns(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(vm.clock() as i64))
}

fn thread_time(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(secs(vm.cpu_ns(vm.current)))
}

fn process_time(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    let ns: u64 = (0..vm.threads.len()).map(|t| vm.cpu_ns(t)).sum();
    Ok(secs(ns))
}
