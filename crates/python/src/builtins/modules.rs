//! The modules a program may import. Today: `math` (its functions on floats and exact ints,
//! with CPython's domain errors). The concurrency libraries and `time`, whose meaning is the
//! model's, come with the scheduler.

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::args::{Kw, count, no_kw};
use crate::value::num;
use crate::value::{Dict, Key, Module, Native, Value};
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

/// The module `name`, made for this interpreter, or `None` if GIL Lab does not provide it.
pub fn module(_vm: &mut Vm, name: &str) -> Option<Value> {
    match name {
        "math" => Some(math()),
        _ => None,
    }
}

fn math() -> Value {
    let mut attrs = Dict::default();
    for (n, f) in MATH {
        attrs.insert(Key::str(n), Value::Native(Native { name: n, f: *f }));
    }
    for (n, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        attrs.insert(Key::str(n), Value::Float(v));
    }
    Value::Module(Rc::new(Module {
        name: "math",
        attrs,
    }))
}

const MATH: &[(&str, NativeFn)] = &[
    ("sqrt", sqrt),
    ("floor", floor),
    ("ceil", ceil),
    ("trunc", trunc),
    ("fabs", fabs),
    ("exp", exp),
    ("log", log),
    ("log2", log2),
    ("log10", log10),
    ("sin", sin),
    ("cos", cos),
    ("tan", tan),
    ("atan", atan),
    ("atan2", atan2),
    ("hypot", hypot),
    ("degrees", degrees),
    ("radians", radians),
    ("pow", fpow),
    ("isfinite", isfinite),
    ("isinf", isinf),
    ("isnan", isnan),
    ("isclose", isclose),
    ("gcd", gcd),
    ("lcm", lcm),
    ("factorial", factorial),
    ("isqrt", isqrt),
    ("comb", comb),
    ("perm", perm),
    ("prod", prod),
    ("fsum", fsum),
];

fn float_arg(vm: &Vm, v: &Value) -> Result<f64, Flow> {
    if !v.is_number() {
        return Err(vm.raise(
            "TypeError",
            format!("must be real number, not {}", v.type_name()),
        ));
    }
    num::to_f64(v).map_err(|e| vm.num_err(e))
}

/// The one argument of `math.name(x)`.
fn one_arg<'a>(vm: &Vm, name: &str, args: &'a [Value], kw: &Kw) -> Result<&'a Value, Flow> {
    no_kw(vm, name, kw)?;
    match args {
        [x] => Ok(x),
        _ => Err(vm.raise(
            "TypeError",
            format!(
                "math.{name}() takes exactly one argument ({} given)",
                args.len()
            ),
        )),
    }
}

fn one_float(vm: &mut Vm, name: &str, args: &[Value], kw: &Kw) -> Result<f64, Flow> {
    let x = one_arg(vm, name, args, kw)?;
    float_arg(vm, x)
}

fn domain(vm: &Vm) -> Flow {
    vm.raise("ValueError", "math domain error")
}

/// A float result: an overflow from finite arguments is CPython's `OverflowError`.
fn checked(vm: &Vm, x: f64, r: f64) -> R {
    if r.is_infinite() && x.is_finite() {
        return Err(vm.raise("OverflowError", "math range error"));
    }
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::Float(r))
}

macro_rules! float_fn {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
            let x = one_float(vm, stringify!($name), &args, &kw)?;
            checked(vm, x, $f(x))
        }
    };
}

float_fn!(exp, f64::exp);
float_fn!(sin, f64::sin);
float_fn!(cos, f64::cos);
float_fn!(tan, f64::tan);
float_fn!(atan, f64::atan);
float_fn!(fabs, f64::abs);
float_fn!(degrees, f64::to_degrees);
float_fn!(radians, f64::to_radians);

fn sqrt(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let x = one_float(vm, "sqrt", &args, &kw)?;
    if x < 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(x.sqrt()))
}

fn log_of(vm: &Vm, v: &Value) -> Result<f64, Flow> {
    // An int too large for a float still has a logarithm.
    if let Value::Big(b) = v
        && b.is_positive()
    {
        let bits = b.bits();
        let shift = bits.saturating_sub(60);
        let top = (&**b >> shift).to_f64().unwrap_or(1.0);
        return Ok(top.ln() + shift as f64 * std::f64::consts::LN_2);
    }
    let x = float_arg(vm, v)?;
    if x <= 0.0 {
        return Err(domain(vm));
    }
    Ok(x.ln())
}

fn log(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "log", &kw)?;
    count(vm, "log", &args, 1, 2)?;
    let x = log_of(vm, &args[0])?;
    match args.get(1) {
        None => Ok(Value::Float(x)),
        Some(b) => {
            let lb = log_of(vm, b)?;
            if lb == 0.0 {
                return Err(vm.raise("ZeroDivisionError", "float division by zero"));
            }
            Ok(Value::Float(x / lb))
        }
    }
}

fn log2(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let x = one_float(vm, "log2", &args, &kw)?;
    if x <= 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(x.log2()))
}

fn log10(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let x = one_float(vm, "log10", &args, &kw)?;
    if x <= 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(x.log10()))
}

fn int_result(vm: &mut Vm, name: &str, args: &[Value], kw: &Kw, f: fn(f64) -> f64) -> R {
    let x = one_arg(vm, name, args, kw)?;
    if let Some(b) = num::to_big(x) {
        return Ok(num::norm(b));
    }
    let x = float_arg(vm, x)?;
    num::float_to_int(f(x)).map_err(|e| vm.num_err(e))
}

fn floor(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    int_result(vm, "floor", &args, &kw, f64::floor)
}

fn ceil(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    int_result(vm, "ceil", &args, &kw, f64::ceil)
}

fn trunc(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    int_result(vm, "trunc", &args, &kw, f64::trunc)
}

fn two_floats(vm: &mut Vm, name: &str, args: &[Value], kw: &Kw) -> Result<(f64, f64), Flow> {
    no_kw(vm, name, kw)?;
    if args.len() != 2 {
        return Err(vm.raise(
            "TypeError",
            format!("{name} expected 2 arguments, got {}", args.len()),
        ));
    }
    Ok((float_arg(vm, &args[0])?, float_arg(vm, &args[1])?))
}

fn atan2(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let (y, x) = two_floats(vm, "atan2", &args, &kw)?;
    Ok(Value::Float(y.atan2(x)))
}

fn hypot(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "hypot", &kw)?;
    let mut acc = 0.0f64;
    for a in &args {
        acc = acc.hypot(float_arg(vm, a)?);
    }
    Ok(Value::Float(acc))
}

fn fpow(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let (x, y) = two_floats(vm, "pow", &args, &kw)?;
    if x == 0.0 && y < 0.0 || (x < 0.0 && y.is_finite() && y.fract() != 0.0) {
        return Err(domain(vm));
    }
    checked(vm, x, x.powf(y))
}

fn isfinite(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    Ok(Value::Bool(
        one_float(vm, "isfinite", &args, &kw)?.is_finite(),
    ))
}

fn isinf(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    Ok(Value::Bool(
        one_float(vm, "isinf", &args, &kw)?.is_infinite(),
    ))
}

fn isnan(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    Ok(Value::Bool(one_float(vm, "isnan", &args, &kw)?.is_nan()))
}

fn isclose(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let rel = super::args::take(&mut kw, "rel_tol");
    let abs = super::args::take(&mut kw, "abs_tol");
    let (a, b) = two_floats(vm, "isclose", &args, &kw)?;
    let rel = match rel {
        Some(v) => float_arg(vm, &v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => float_arg(vm, &v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.raise("ValueError", "tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    Ok(Value::Bool(
        diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs,
    ))
}

fn int_args(vm: &Vm, args: &[Value]) -> Result<Vec<BigInt>, Flow> {
    args.iter()
        .map(|a| {
            num::to_big(a).ok_or_else(|| {
                vm.raise(
                    "TypeError",
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        a.type_name()
                    ),
                )
            })
        })
        .collect::<Result<_, _>>()
}

fn gcd(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "gcd", &kw)?;
    let ns = int_args(vm, &args)?;
    Ok(num::norm(ns.iter().fold(BigInt::zero(), |a, b| a.gcd(b))))
}

fn lcm(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "lcm", &kw)?;
    let ns = int_args(vm, &args)?;
    Ok(num::norm(ns.iter().fold(BigInt::one(), |a, b| a.lcm(b))))
}

fn small_int(vm: &Vm, name: &str, v: &Value, max: u64) -> Result<u64, Flow> {
    let Some(n) = num::to_big(v) else {
        return Err(vm.raise(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        ));
    };
    if n.is_negative() {
        return Err(vm.raise(
            "ValueError",
            format!("{name}() not defined for negative values"),
        ));
    }
    match n.to_u64() {
        Some(k) if k <= max => Ok(k),
        _ => Err(Flow::Refuse(format!(
            "{name}() of more than {max}: GIL Lab caps the size of ints"
        ))),
    }
}

fn factorial(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "factorial", &kw)?;
    count(vm, "factorial", &args, 1, 1)?;
    if let Value::Float(_) = args[0] {
        return Err(vm.raise(
            "TypeError",
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let n = small_int(vm, "factorial", &args[0], 20_000)?;
    let mut acc = BigInt::one();
    for k in 2..=n {
        acc *= k;
    }
    Ok(num::norm(acc))
}

fn isqrt(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "isqrt", &kw)?;
    count(vm, "isqrt", &args, 1, 1)?;
    let n = int_args(vm, &args)?.remove(0);
    if n.is_negative() {
        return Err(vm.raise("ValueError", "isqrt() argument must be nonnegative"));
    }
    Ok(num::norm(n.sqrt()))
}

fn comb(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "comb", &kw)?;
    count(vm, "comb", &args, 2, 2)?;
    let n = small_int(vm, "comb", &args[0], 100_000)?;
    let k = small_int(vm, "comb", &args[1], 100_000)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.min(n - k);
    let mut acc = BigInt::one();
    for i in 0..k {
        acc = acc * (n - i) / (i + 1);
    }
    Ok(num::norm(acc))
}

fn perm(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "perm", &kw)?;
    count(vm, "perm", &args, 1, 2)?;
    let n = small_int(vm, "perm", &args[0], 100_000)?;
    let k = match args.get(1) {
        Some(v) if !matches!(v, Value::None) => small_int(vm, "perm", v, 100_000)?,
        _ => n,
    };
    if k > n {
        return Ok(Value::Int(0));
    }
    let mut acc = BigInt::one();
    for i in 0..k {
        acc *= n - i;
    }
    Ok(num::norm(acc))
}

fn prod(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let start = super::args::take(&mut kw, "start").unwrap_or(Value::Int(1));
    no_kw(vm, "prod", &kw)?;
    count(vm, "prod", &args, 1, 1)?;
    let mut acc = start;
    let it = vm.get_iter(&args[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary(num::Op::Mul, &acc, &x, false)?;
    }
    Ok(acc)
}

fn fsum(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "fsum", &kw)?;
    count(vm, "fsum", &args, 1, 1)?;
    // Exact partial sums (Shewchuk), as CPython's fsum.
    let mut partials: Vec<f64> = Vec::new();
    for v in vm.collect(&args[0])? {
        let mut x = float_arg(vm, &v)?;
        let mut kept = Vec::with_capacity(partials.len() + 1);
        for mut y in partials {
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                kept.push(lo);
            }
            x = hi;
        }
        kept.push(x);
        partials = kept;
    }
    Ok(Value::Float(
        partials.iter().rev().fold(0.0, |acc, p| acc + p),
    ))
}
