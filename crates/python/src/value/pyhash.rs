//! CPython 3.11's `hash()` of the values a set or dict can hold, as the set's table places them
//! (`value/pyset.rs`): numbers by their value modulo 2**61 - 1 (so `hash(1) == hash(1.0) ==
//! hash(True)`), strings by SipHash-1-3 over CPython's own representation with the key of
//! `PYTHONHASHSEED=0`, tuples by 3.11's xxHash-based combination, ranges as CPython hashes them.

use num_bigint::BigInt;

use super::Value;

/// The modulus of CPython's numeric hash: `2**61 - 1`, a prime.
const MODULUS: u64 = (1 << 61) - 1;
/// `hash(float('inf'))`.
const INF_HASH: i64 = 314_159;
/// `hash(None)`: CPython 3.11 hashes `None` by its address, so any fixed value will do; this
/// is the constant CPython 3.12 adopted.
const NONE_HASH: i64 = 0xFCA8_6420;
/// `hash(float('nan'))`: by the object's address in CPython 3.11; 0 as before 3.10.
const NAN_HASH: i64 = 0;

/// CPython 3.11's `hash()` of a value, as a set or dict places it: numbers by their value
/// modulo `2**61 - 1` (so that `hash(1) == hash(1.0) == hash(True)`), strings by SipHash-1-3
/// over CPython's internal bytes (with the key that `PYTHONHASHSEED=0` gives), tuples by the
/// xxHash-based combination of their items' hashes. `None`, NaN and objects hashed by
/// identity use a fixed value or the object's address, as CPython does, so they cannot match
/// CPython's (addresses differ). Unhashable values (`list`, `dict`, `set`, `slice`) give 0:
/// the caller refuses them first.
pub fn py_hash(v: &Value) -> i64 {
    let h = match v {
        Value::None => NONE_HASH,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => int_hash(*i),
        Value::Big(b) => big_hash(b),
        Value::Float(f) => float_hash(*f),
        Value::Str(s) => str_hash(s),
        Value::Tuple(t) => tuple_hash(t.iter().map(py_hash)),
        Value::Range(start, stop, step) => range_hash(*start, *stop, *step),
        Value::NotImplemented => pointer_hash(1),
        Value::Code(c) => pointer_hash(std::rc::Rc::as_ptr(c) as *const u8 as usize),
        Value::Wrapper(w) => pointer_hash(std::rc::Rc::as_ptr(w) as *const u8 as usize),
        Value::Super(s) => pointer_hash(std::rc::Rc::as_ptr(s) as *const u8 as usize),
        Value::Cell(c) => pointer_hash(std::rc::Rc::as_ptr(c) as *const u8 as usize),
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => 0,
        // An instance by the order it was made in its run (CPython by its address, which
        // differs from run to run; this is one CPython could have, and the same every run).
        Value::Instance(i) if i.serial.get() > 0 => {
            pointer_hash(0x7f3a_1000_0000 + i.serial.get() as usize * 0x50)
        }
        v => pointer_hash(v.identity().unwrap_or(0)),
    };
    // -1 is CPython's error marker, never a hash.
    if h == -1 { -2 } else { h }
}

/// `hash(n)` of an int: `|n| mod (2**61 - 1)` with `n`'s sign.
fn int_hash(n: i64) -> i64 {
    let m = (n.unsigned_abs() % MODULUS) as i64;
    if n < 0 { -m } else { m }
}

fn big_hash(b: &BigInt) -> i64 {
    // 2**64 is 8 modulo 2**61 - 1: fold the 64-bit digits from the most significant.
    let m = b.iter_u64_digits().rev().fold(0u64, |acc, d| {
        ((u128::from(acc) * 8 + u128::from(d)) % u128::from(MODULUS)) as u64
    }) as i64;
    if b.sign() == num_bigint::Sign::Minus {
        -m
    } else {
        m
    }
}

/// `hash(x)` of a float: the hash of the exact rational it is (so an integral float hashes as
/// the int), modulo `2**61 - 1`, where dividing by 2 is multiplying by `2**60`.
fn float_hash(x: f64) -> i64 {
    if x.is_nan() {
        return NAN_HASH;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF_HASH } else { -INF_HASH };
    }
    let bits = x.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    // |x| = mantissa * 2**exp exactly.
    let (mantissa, exp) = if field == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, field - 1075)
    };
    // 2**61 is 1 modulo 2**61 - 1, so 2**exp is 2**(exp mod 61).
    let power = 1u64 << exp.rem_euclid(61);
    let m = ((u128::from(mantissa) * u128::from(power)) % u128::from(MODULUS)) as i64;
    if x.is_sign_negative() { -m } else { m }
}

/// `hash(s)` of a str: SipHash-1-3 (key 0) over the code points as CPython stores them, one,
/// two or four little-endian bytes each depending on the largest one; `hash('') == 0`.
fn str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let widest = s.chars().map(u32::from).max().unwrap_or(0);
    let h = if widest < 0x80 {
        siphash13(s.as_bytes())
    } else if widest < 0x100 {
        let bytes: Vec<u8> = s.chars().map(|c| u32::from(c) as u8).collect();
        siphash13(&bytes)
    } else if widest < 0x1_0000 {
        let bytes: Vec<u8> = s
            .chars()
            .flat_map(|c| (u32::from(c) as u16).to_le_bytes())
            .collect();
        siphash13(&bytes)
    } else {
        let bytes: Vec<u8> = s.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect();
        siphash13(&bytes)
    };
    h as i64
}

/// SipHash-1-3 with a zero key: one compression round per 8-byte word, three at the end.
fn siphash13(data: &[u8]) -> u64 {
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    }
    fn word(bytes: &[u8]) -> u64 {
        bytes
            .iter()
            .rev()
            .fold(0u64, |acc, &b| acc << 8 | u64::from(b))
    }
    let mut v = [
        0x736f_6d65_7073_6575u64,
        0x646f_7261_6e64_6f6d,
        0x6c79_6765_6e65_7261,
        0x7465_6462_7974_6573,
    ];
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let m = word(chunk);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let last = (data.len() as u64) << 56 | word(chunks.remainder());
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// CPython 3.11's tuple hash (after xxHash) over its items' hashes.
fn tuple_hash(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let len = items.len() as u64;
    let mut acc = PRIME_5;
    for lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(len ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        1_546_275_796
    } else {
        acc as i64
    }
}

/// `hash(range(start, stop, step))`: the hash of `(len, start, step)`, with `None` for the
/// start of an empty range and for the step of a range of one.
fn range_hash(start: i64, stop: i64, step: i64) -> i64 {
    let (lo, hi, st) = (i128::from(start), i128::from(stop), i128::from(step));
    let len = match step {
        0 => 0,
        s if s > 0 && lo < hi => (hi - lo - 1) / st + 1,
        s if s < 0 && lo > hi => (lo - hi - 1) / -st + 1,
        _ => 0,
    };
    let len_hash = (len % i128::from(MODULUS)) as i64;
    let lanes = match len {
        0 => [len_hash, NONE_HASH, NONE_HASH],
        1 => [len_hash, int_hash(start), NONE_HASH],
        _ => [len_hash, int_hash(start), int_hash(step)],
    };
    let lanes = lanes.map(|h| if h == -1 { -2 } else { h });
    tuple_hash(lanes.into_iter())
}

/// The hash of an object hashed by identity: its address rotated right by 4 bits.
fn pointer_hash(addr: usize) -> i64 {
    (addr as u64).rotate_right(4) as i64
}
