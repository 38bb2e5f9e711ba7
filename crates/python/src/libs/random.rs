//! `random` as CPython's: the Mersenne Twister (MT19937) seeded as CPython seeds it from an
//! int, and `random()`, `getrandbits`, `randrange`, `randint`, `choice`, `shuffle`,
//! `uniform` and `sample` drawing from it in CPython's way, so `random.seed(42)` gives the
//! numbers CPython gives. Without a seed, a run starts from seed 0 (CPython takes one from the
//! system: any is one it could take), so a run is always the same run.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use crate::builtins::args::{Kw, count, no_kw, none_left, take};
use crate::value::Value;
use crate::value::num;
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

const N: usize = 624;

/// The generator's state.
pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new(seed: u32) -> Mt {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt { state, index: N }
    }

    /// Seeded from 32-bit words, as CPython's `init_by_array`.
    fn from_key(key: &[u32]) -> Mt {
        let mut mt = Mt::new(19_650_218);
        let s = &mut mt.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = s[i - 1];
            s[i] = (s[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = s[i - 1];
            s[i] =
                (s[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
        }
        s[0] = 0x8000_0000;
        mt
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
                let mut v = self.state[(k + 397) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.state[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `getrandbits(k)`: 32-bit words, the last one cut to the bits left.
    fn bits(&mut self, k: u64) -> BigInt {
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k as u32));
        }
        let mut words = Vec::new();
        let mut left = k;
        while left > 0 {
            let w = self.next_u32();
            words.push(if left < 32 { w >> (32 - left) } else { w });
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &words)
    }

    /// A uniform int in `0..n` (`n > 0`), by rejection as CPython's `_randbelow`.
    fn below(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        loop {
            let r = self.bits(k);
            if &r < n {
                return r;
            }
        }
    }
}

pub const TABLE: &[(&str, NativeFn)] = &[
    ("seed", seed),
    ("random", random),
    ("getrandbits", getrandbits),
    ("randrange", randrange),
    ("randint", randint),
    ("choice", choice),
    ("shuffle", shuffle),
    ("uniform", uniform),
    ("sample", sample),
];

/// The run's generator (made at the first use, from seed 0).
fn mt(vm: &mut Vm) -> &mut Mt {
    vm.lib_state::<Mt>("random", || Mt::from_key(&[0]))
}

fn seed(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    take(&mut kw, "version");
    none_left(vm, "seed", &kw)?;
    count(vm, "seed", &args, 0, 2)?;
    let n = match args.first() {
        None | Some(Value::None) => BigInt::zero(),
        Some(Value::Float(_)) => {
            return Err(Flow::Refuse(
                "random.seed() of a float is not modelled by GIL Lab: seed with an int".into(),
            ));
        }
        Some(v) => match num::to_big(v) {
            Some(b) => b.abs(),
            None => {
                return Err(Flow::Refuse(
                    "random.seed() of a text is not modelled by GIL Lab: seed with an int".into(),
                ));
            }
        },
    };
    let (_, mut key) = n.to_u32_digits();
    if key.is_empty() {
        key.push(0);
    }
    *mt(vm) = Mt::from_key(&key);
    Ok(Value::None)
}

fn random(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "random", &kw)?;
    count(vm, "random", &args, 0, 0)?;
    Ok(Value::Float(mt(vm).random()))
}

fn getrandbits(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "getrandbits", &kw)?;
    count(vm, "getrandbits", &args, 1, 1)?;
    let k = num::to_i64(&args[0]).unwrap_or(-1);
    if k < 0 {
        return Err(vm.raise("ValueError", "number of bits must be non-negative"));
    }
    if k as u64 > num::MAX_INT_BITS {
        return Err(Flow::Refuse(
            "getrandbits() of more bits than GIL Lab's ints hold".into(),
        ));
    }
    if k == 0 {
        return Ok(Value::Int(0));
    }
    Ok(num::norm(mt(vm).bits(k as u64)))
}

fn int_arg(vm: &Vm, v: &Value) -> Result<BigInt, Flow> {
    match v {
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => Ok(BigInt::from(*f as i64)),
        v => num::to_big(v).ok_or_else(|| {
            vm.raise(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_name()
                ),
            )
        }),
    }
}

fn range_of(vm: &mut Vm, start: BigInt, stop: Option<BigInt>, step: BigInt) -> R {
    let Some(stop) = stop else {
        if start.is_positive() {
            return Ok(num::norm(mt(vm).below(&start)));
        }
        return Err(vm.raise("ValueError", "empty range for randrange()"));
    };
    let width = &stop - &start;
    if step == BigInt::from(1) {
        if width.is_positive() {
            let r = mt(vm).below(&width);
            return Ok(num::norm(start + r));
        }
        return Err(vm.raise(
            "ValueError",
            format!("empty range for randrange() ({start}, {stop}, {width})"),
        ));
    }
    if step.is_zero() {
        return Err(vm.raise("ValueError", "zero step for randrange()"));
    }
    let one = BigInt::from(1);
    let n: BigInt = if step.is_positive() {
        (&width + &step - &one) / &step
    } else {
        (&width + &step + &one) / &step
    };
    if !n.is_positive() {
        return Err(vm.raise("ValueError", "empty range for randrange()"));
    }
    let r = mt(vm).below(&n);
    Ok(num::norm(start + step * r))
}

fn randrange(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "randrange", &kw)?;
    count(vm, "randrange", &args, 1, 3)?;
    let start = int_arg(vm, &args[0])?;
    let stop = match args.get(1) {
        Some(v) if !matches!(v, Value::None) => Some(int_arg(vm, v)?),
        _ => None,
    };
    let step = match args.get(2) {
        Some(v) => int_arg(vm, v)?,
        None => BigInt::from(1),
    };
    range_of(vm, start, stop, step)
}

fn randint(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "randint", &kw)?;
    count(vm, "randint", &args, 2, 2)?;
    let a = int_arg(vm, &args[0])?;
    let b = int_arg(vm, &args[1])?;
    range_of(vm, a, Some(b + 1), BigInt::from(1))
}

fn choice(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "choice", &kw)?;
    count(vm, "choice", &args, 1, 1)?;
    let n = crate::builtins::length(vm, &args[0])?;
    if n == 0 {
        return Err(vm.raise("IndexError", "Cannot choose from an empty sequence"));
    }
    let i = mt(vm).below(&BigInt::from(n));
    vm.subscript(&args[0], &num::norm(i))
}

fn shuffle(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "shuffle", &kw)?;
    count(vm, "shuffle", &args, 1, 1)?;
    let Value::List(l) = &args[0] else {
        return Err(Flow::Refuse(
            "random.shuffle() of anything but a list is not modelled by GIL Lab".into(),
        ));
    };
    let n = l.borrow().len();
    for i in (1..n).rev() {
        let j = mt(vm).below(&BigInt::from(i + 1)).to_usize().unwrap_or(0);
        l.borrow_mut().swap(i, j);
    }
    Ok(Value::None)
}

fn uniform(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "uniform", &kw)?;
    count(vm, "uniform", &args, 2, 2)?;
    let a = num::to_f64(&args[0]).map_err(|e| vm.num_err(e))?;
    let b = num::to_f64(&args[1]).map_err(|e| vm.num_err(e))?;
    let r = mt(vm).random();
    Ok(Value::Float(a + (b - a) * r))
}

fn sample(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "sample", &kw)?;
    count(vm, "sample", &args, 2, 2)?;
    let pop = match &args[0] {
        Value::List(_) | Value::Tuple(_) | Value::Range(..) | Value::Str(_) => {
            vm.collect(&args[0])?
        }
        _ => {
            return Err(vm.raise(
                "TypeError",
                "Population must be a sequence.  For dicts or sets, use sorted(d).",
            ));
        }
    };
    let n = pop.len();
    let k = num::to_i64(&args[1]).unwrap_or(-1);
    if k < 0 || k as usize > n {
        return Err(vm.raise("ValueError", "Sample larger than population or is negative"));
    }
    let k = k as usize;
    let mut setsize = 21usize;
    if k > 5 {
        let mut p = 1usize;
        while p < 3 * k {
            p *= 4;
        }
        setsize += p;
    }
    let mut out = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = pop;
        for i in 0..k {
            let j = mt(vm).below(&BigInt::from(n - i)).to_usize().unwrap_or(0);
            out.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut taken = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = mt(vm).below(&BigInt::from(n)).to_usize().unwrap_or(0);
            while taken.contains(&j) {
                j = mt(vm).below(&BigInt::from(n)).to_usize().unwrap_or(0);
            }
            taken.insert(j);
            out.push(pop[j].clone());
        }
    }
    Ok(Value::list(out))
}
