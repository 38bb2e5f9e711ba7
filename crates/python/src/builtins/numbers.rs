//! The built-in functions on numbers: `abs`, `round` (ties to even; to a number of digits as
//! CPython rounds, through the correctly rounded decimal text), `divmod`, `pow` (with a
//! modulus), `chr`, `ord`, `hex`, `bin` and `oct`.

use super::args::{Kw, count, no_kw, none_left, one, take};
use super::functions::int_arg;
use crate::value::Value;
use crate::value::num::{self, Op};
use crate::vm::{Flow, Vm};

type R = Result<Value, Flow>;

pub fn abs(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "abs", &args, &kw)?;
    match &v {
        Value::Float(f) => Ok(Value::Float(f.abs())),
        v if v.is_number() => {
            let neg = num::cmp(v, &Value::Int(0)) == Some(std::cmp::Ordering::Less);
            if neg {
                vm.unary('-', v)
            } else {
                vm.unary('+', v)
            }
        }
        Value::Instance(_) => {
            let m = vm.getattr(&v, "__abs__")?;
            vm.call_value(m, Vec::new(), Vec::new())
        }
        _ => Err(vm.raise(
            "TypeError",
            format!("bad operand type for abs(): '{}'", v.type_name()),
        )),
    }
}

pub fn round(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let nd = take(&mut kw, "ndigits").or_else(|| args.get(1).cloned());
    none_left(vm, "round", &kw)?;
    count(vm, "round", &args, 1, 2)?;
    let x = &args[0];
    let nd = nd.filter(|n| !matches!(n, Value::None));
    match (x, nd) {
        (Value::Float(f), None) => num::round_float(*f).map_err(|e| vm.num_err(e)),
        (Value::Float(f), Some(n)) => {
            let n = int_arg(vm, &n)?;
            if !f.is_finite() {
                return Ok(x.clone());
            }
            if n < 0 {
                let p = 10f64.powi((-n).min(400) as i32);
                let y = f / p;
                let z = y.round_ties_even();
                return Ok(Value::Float(if p.is_finite() {
                    z * p
                } else {
                    0.0f64.copysign(*f)
                }));
            }
            let text = crate::value::format_spec::format_float(*f, &format!(".{}f", n.min(400)))
                .map_err(|m| vm.raise("ValueError", m))?;
            Ok(Value::Float(text.parse().unwrap_or(*f)))
        }
        (v, None) if num::to_big(v).is_some() => Ok(num::norm(num::to_big(v).unwrap_or_default())),
        (v, Some(n)) if num::to_big(v).is_some() => {
            let n = int_arg(vm, &n)?;
            if n >= 0 {
                return Ok(num::norm(num::to_big(v).unwrap_or_default()));
            }
            Err(Flow::Refuse(
                "round() of an int to negative digits is not modelled by GIL Lab".into(),
            ))
        }
        (v, _) => Err(vm.raise(
            "TypeError",
            format!("type {} doesn't define __round__ method", v.type_name()),
        )),
    }
}

pub fn divmod(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "divmod", &kw)?;
    count(vm, "divmod", &args, 2, 2)?;
    let (a, b) = (&args[0], &args[1]);
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (a, b)
        && num::to_f64(b).is_ok_and(|y| y == 0.0)
    {
        return Err(vm.raise("ZeroDivisionError", "float divmod()"));
    }
    let q = vm.binary(Op::FloorDiv, a, b, false)?;
    let r = vm.binary(Op::Mod, a, b, false)?;
    Ok(Value::tuple(vec![q, r]))
}

pub fn pow(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "pow", &kw)?;
    count(vm, "pow", &args, 2, 3)?;
    if args.len() == 2 {
        return vm.binary(Op::Pow, &args[0], &args[1], false);
    }
    let (Some(b), Some(e), Some(m)) = (
        num::to_big(&args[0]),
        num::to_big(&args[1]),
        num::to_big(&args[2]),
    ) else {
        return Err(vm.raise(
            "TypeError",
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    };
    if m == num_bigint::BigInt::from(0) {
        return Err(vm.raise("ValueError", "pow() 3rd argument cannot be 0"));
    }
    if e.sign() == num_bigint::Sign::Minus {
        return Err(Flow::Refuse(
            "pow() with a negative exponent and a modulus is not modelled by GIL Lab".into(),
        ));
    }
    let r = b.modpow(&e, &m);
    // Python's result takes the modulus's sign.
    let r = if r.sign() != num_bigint::Sign::NoSign && r.sign() != m.sign() {
        r + &m
    } else {
        r
    };
    Ok(num::norm(r))
}

pub fn chr(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "chr", &args, &kw)?;
    let n = int_arg(vm, &v)?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::str(c.encode_utf8(&mut [0; 4]))),
        None if (0..0x110000).contains(&n) => Err(Flow::Refuse(
            "lone surrogates are not modelled by GIL Lab".into(),
        )),
        None => Err(vm.raise("ValueError", "chr() arg not in range(0x110000)")),
    }
}

pub fn ord(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let v = one(vm, "ord", &args, &kw)?;
    match &v {
        Value::Str(s) if s.chars().count() == 1 => {
            Ok(Value::Int(s.chars().next().expect("one") as i64))
        }
        Value::Str(s) => Err(vm.raise(
            "TypeError",
            format!(
                "ord() expected a character, but string of length {} found",
                s.chars().count()
            ),
        )),
        _ => Err(vm.raise(
            "TypeError",
            format!(
                "ord() expected string of length 1, but {} found",
                v.type_name()
            ),
        )),
    }
}

fn base_text(vm: &mut Vm, name: &str, args: Vec<Value>, kw: Kw, spec: &str) -> R {
    let v = one(vm, name, &args, &kw)?;
    let Some(b) = num::to_big(&v) else {
        return Err(vm.raise(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        ));
    };
    let s =
        crate::value::format_spec::format_int(&b, spec).map_err(|m| vm.raise("ValueError", m))?;
    Ok(Value::str(&s))
}

pub fn hex(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    base_text(vm, "hex", args, kw, "#x")
}

pub fn bin(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    base_text(vm, "bin", args, kw, "#b")
}

pub fn oct(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    base_text(vm, "oct", args, kw, "#o")
}
