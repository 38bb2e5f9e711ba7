//! Arithmetic on Python's numbers (`bool`, `int` of any size, `float`) with CPython's results
//! and CPython's errors: floor division and modulo take the divisor's sign, `int / int` is a
//! float, `**` of ints stays exact, an int too large for a float is an `OverflowError`.
//! Ints past [`MAX_INT_BITS`] are refused (a cap, so that `2 ** 10 ** 9` cannot hang the tab).

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Pow, Signed, ToPrimitive, Zero};

use super::Value;

/// The largest int GIL Lab computes: 1 M bits (about 300,000 decimal digits).
pub const MAX_INT_BITS: u64 = 1 << 20;

/// What went wrong in an operation on numbers: the exception's class and message, or a cap.
#[derive(Debug, Clone, PartialEq)]
pub enum NumErr {
    Raise(&'static str, String),
    Cap(String),
}

type R = Result<Value, NumErr>;

fn raise(kind: &'static str, msg: &str) -> NumErr {
    NumErr::Raise(kind, msg.to_string())
}

/// The binary operators on numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

/// An int or a bool as a big int; `None` for anything else.
pub fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

/// An int or bool as an `i64` if it fits.
pub fn to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(*b as i64),
        Value::Int(i) => Some(*i),
        Value::Big(b) => b.to_i64(),
        _ => None,
    }
}

/// A big int as a value: `Int` when it fits.
pub fn norm(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::Big(std::rc::Rc::new(b)),
    }
}

/// A number as a float, as CPython converts it.
pub fn to_f64(v: &Value) -> Result<f64, NumErr> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Int(i) => Ok(*i as f64),
        Value::Big(b) => match b.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(raise("OverflowError", "int too large to convert to float")),
        },
        _ => Err(raise("TypeError", "must be real number")),
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Bool(_) | Value::Int(_) | Value::Big(_))
}

/// `a op b` on two numbers; `None` when either is not a number.
pub fn binary(op: Op, a: &Value, b: &Value) -> Option<R> {
    if !a.is_number() || !b.is_number() {
        return None;
    }
    if is_int(a) && is_int(b) {
        return Some(int_op(op, a, b));
    }
    if matches!(op, Op::LShift | Op::RShift | Op::And | Op::Or | Op::Xor) {
        return None;
    }
    Some(to_f64(a).and_then(|x| to_f64(b).and_then(|y| float_op(op, x, y))))
}

fn int_op(op: Op, a: &Value, b: &Value) -> R {
    if let (Some(x), Some(y)) = (to_i64(a), to_i64(b))
        && let Some(v) = small_op(op, x, y)
    {
        return v;
    }
    let (x, y) = (to_big(a).unwrap_or_default(), to_big(b).unwrap_or_default());
    big_op(op, x, y)
}

/// The fast path: `None` when the result may not fit an `i64`.
fn small_op(op: Op, x: i64, y: i64) -> Option<R> {
    let v = match op {
        Op::Add => x.checked_add(y)?,
        Op::Sub => x.checked_sub(y)?,
        Op::Mul => x.checked_mul(y)?,
        Op::FloorDiv if y != 0 => x
            .checked_div_euclid(y)
            .map(|_| Integer::div_floor(&x, &y))?,
        Op::Mod if y != 0 => x.checked_rem(y).map(|_| Integer::mod_floor(&x, &y))?,
        Op::And => x & y,
        Op::Or => x | y,
        Op::Xor => x ^ y,
        Op::RShift if y >= 0 => x >> y.min(63),
        Op::Div if y != 0 && x.unsigned_abs() < 1 << 53 && y.unsigned_abs() < 1 << 53 => {
            return Some(Ok(Value::Float(x as f64 / y as f64)));
        }
        _ => return None,
    };
    Some(Ok(Value::Int(v)))
}

fn check_bits(b: BigInt) -> R {
    if b.bits() > MAX_INT_BITS {
        return Err(cap());
    }
    Ok(norm(b))
}

fn cap() -> NumErr {
    NumErr::Cap(format!(
        "an int of more than {MAX_INT_BITS} bits: GIL Lab caps the size of ints"
    ))
}

fn big_op(op: Op, x: BigInt, y: BigInt) -> R {
    let zero = y.is_zero();
    match op {
        Op::Add => check_bits(x + y),
        Op::Sub => check_bits(x - y),
        Op::Mul if x.bits() + y.bits() > MAX_INT_BITS + 1 => Err(cap()),
        Op::Mul => check_bits(x * y),
        Op::FloorDiv | Op::Mod if zero => Err(raise(
            "ZeroDivisionError",
            if op == Op::Mod {
                "integer modulo by zero"
            } else {
                "integer division or modulo by zero"
            },
        )),
        Op::FloorDiv => Ok(norm(x.div_floor(&y))),
        Op::Mod => Ok(norm(x.mod_floor(&y))),
        Op::Div if zero => Err(raise("ZeroDivisionError", "division by zero")),
        Op::Div => true_div(&x, &y),
        Op::Pow => int_pow(x, y),
        Op::LShift | Op::RShift if y.is_negative() => {
            Err(raise("ValueError", "negative shift count"))
        }
        Op::LShift => {
            let n = y.to_u64().filter(|n| x.bits() + n <= MAX_INT_BITS);
            match n {
                _ if x.is_zero() => Ok(Value::Int(0)),
                Some(n) => Ok(norm(x << n)),
                None => Err(cap()),
            }
        }
        Op::RShift => {
            let n = y.to_u64().unwrap_or(u64::MAX).min(x.bits() + 1);
            Ok(norm(x >> n))
        }
        Op::And => Ok(norm(x & y)),
        Op::Or => Ok(norm(x | y)),
        Op::Xor => Ok(norm(x ^ y)),
    }
}

/// `x / y` of ints, correctly rounded when both fit a float exactly, else through floats.
fn true_div(x: &BigInt, y: &BigInt) -> R {
    let (fx, fy) = (x.to_f64(), y.to_f64());
    match (fx, fy) {
        (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Ok(Value::Float(a / b)),
        _ => Err(raise(
            "OverflowError",
            "integer division result too large for a float",
        )),
    }
}

fn int_pow(x: BigInt, y: BigInt) -> R {
    if y.is_negative() {
        let (a, b) = (to_f64(&norm(x))?, to_f64(&norm(y))?);
        return float_op(Op::Pow, a, b);
    }
    if x.magnitude().bits() <= 1 {
        // 0, 1 and -1 to any power, however large the exponent.
        let odd = y.is_odd();
        return Ok(Value::Int(match x.to_i64().unwrap_or(0) {
            0 if y.is_zero() => 1,
            0 => 0,
            -1 if odd => -1,
            _ => 1,
        }));
    }
    match y.to_u64() {
        Some(e) if x.bits().saturating_mul(e) <= MAX_INT_BITS + x.bits() => {
            check_bits(Pow::pow(x, e))
        }
        _ => Err(cap()),
    }
}

fn float_op(op: Op, x: f64, y: f64) -> R {
    let zero = |m: &str| Err(raise("ZeroDivisionError", m));
    let v = match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::Div if y == 0.0 => return zero("float division by zero"),
        Op::Div => x / y,
        Op::FloorDiv if y == 0.0 => return zero("float floor division by zero"),
        Op::FloorDiv => float_divmod(x, y).0,
        Op::Mod if y == 0.0 => return zero("float modulo"),
        Op::Mod => float_divmod(x, y).1,
        Op::Pow => return float_pow(x, y),
        _ => unreachable!("bit operators are for ints"),
    };
    Ok(Value::Float(v))
}

/// CPython's `divmod` of floats: the quotient floored, the remainder with the divisor's sign.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn float_pow(x: f64, y: f64) -> R {
    if x == 0.0 && y < 0.0 {
        return Err(raise(
            "ZeroDivisionError",
            "0.0 cannot be raised to a negative power",
        ));
    }
    if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
        return Err(NumErr::Cap(
            "a negative number to a fractional power is a complex number, which GIL Lab does not model"
                .into(),
        ));
    }
    let v = x.powf(y);
    if v.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(raise(
            "OverflowError",
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(Value::Float(v))
}

/// `-x`, `+x`, `~x` of a number; `None` when it is not one (or `~` of a float).
pub fn unary(op: char, v: &Value) -> Option<R> {
    match (op, v) {
        ('-', Value::Float(f)) => Some(Ok(Value::Float(-f))),
        ('+', Value::Float(f)) => Some(Ok(Value::Float(*f))),
        (_, Value::Float(_)) => None,
        ('-', v) => to_i64(v)
            .and_then(i64::checked_neg)
            .map(|i| Ok(Value::Int(i)))
            .or_else(|| to_big(v).map(|b| Ok(norm(-b)))),
        ('+', v) => to_big(v).map(|b| Ok(norm(b))),
        ('~', v) => to_big(v).map(|b| Ok(norm(!b))),
        _ => None,
    }
}

/// `a == b` of two numbers, exact across ints and floats (as CPython compares them).
pub fn eq(a: &Value, b: &Value) -> bool {
    cmp(a, b) == Some(Ordering::Equal)
}

/// The order of two numbers, exact across ints and floats; `None` when a NaN is involved.
pub fn cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Float(x), i) => cmp_float_int(*x, &to_big(i)?),
        (i, Value::Float(y)) => cmp_float_int(*y, &to_big(i)?).map(Ordering::reverse),
        _ => match (to_i64(a), to_i64(b)) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => Some(to_big(a)?.cmp(&to_big(b)?)),
        },
    }
}

fn cmp_float_int(x: f64, i: &BigInt) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    let floor = BigInt::from_f64_exact(x.floor());
    match floor.cmp(i) {
        Ordering::Equal if x.fract() != 0.0 => Some(Ordering::Greater),
        o => Some(o),
    }
}

trait FromF64Exact {
    fn from_f64_exact(x: f64) -> BigInt;
}

impl FromF64Exact for BigInt {
    /// An integral, finite float as the int it equals.
    fn from_f64_exact(x: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(x).unwrap_or_default()
    }
}

/// A number's form as a dict key: equal numbers give equal forms.
#[derive(Hash)]
pub enum HashKey {
    Int(i64),
    Big(Vec<u8>, Sign),
    Float(u64),
}

pub fn hash_key(v: &Value) -> HashKey {
    match v {
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => {
            hash_key(&norm(BigInt::from_f64_exact(*f)))
        }
        Value::Float(f) if f.is_nan() => HashKey::Float(f64::NAN.to_bits()),
        Value::Float(f) => HashKey::Float(f.to_bits()),
        v => match to_i64(v) {
            Some(i) => HashKey::Int(i),
            None => {
                let b = to_big(v).unwrap_or_default();
                let (sign, bytes) = b.to_bytes_le();
                HashKey::Big(bytes, sign)
            }
        },
    }
}

/// `round(x)` of a float: to the nearest int, ties to even.
pub fn round_float(x: f64) -> Result<Value, NumErr> {
    if x.is_nan() {
        return Err(raise("ValueError", "cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(raise(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    Ok(norm(BigInt::from_f64_exact(x.round_ties_even())))
}

/// `int(x)` of a float: toward zero.
pub fn float_to_int(x: f64) -> Result<Value, NumErr> {
    round_float(x.trunc())
}
