//! `PySet` and `py_hash` against CPython itself (`python3`, 3.11, run with `PYTHONHASHSEED=0`
//! so that strings hash the same in every run): hand-written cases and thousands of random
//! sequences of set operations from a fixed-seed generator are run on both sides, and every
//! popped member and the full iteration order of the set each operation produced must be
//! CPython's (members compared with their types: `1`, `1.0` and `True` are told apart). Then
//! `py_hash` must be `hash()` for thousands of values. Everything goes to one `python3`
//! process as JSON lines.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

use gil_python::value::pyset::{PySet, py_hash};
use gil_python::value::{Key, Value};
use num_bigint::BigInt;
use serde_json::{Value as J, json};

/// Reads one JSON request a line and answers with one line. `{"cases": [[op, ...], ...]}`:
/// for each case, for each op, `[popped, state, twice]` (the popped member or null, the
/// members of the set the op wrote, in iteration order, and for a display of constants
/// whether CPython's compiler rebuilt its frozenset a second time, after interning). `{"hash": [value, ...]}`: the hashes, as
/// strings. Values are tagged: `["i", digits]`, `["f", bits]`, `["b", bool]`, `["s", text]`,
/// `["t", [values]]`, `["n"]`.
const ORACLE: &str = r#"
import sys, json, struct
assert sys.flags.hash_randomization == 0, 'PYTHONHASHSEED=0 is not in effect'
def dec(v):
    t = v[0]
    if t == 'i': return int(v[1])
    if t == 'f': return struct.unpack('<d', struct.pack('<Q', int(v[1])))[0]
    if t == 'b' or t == 's': return v[1]
    if t == 't': return tuple(dec(x) for x in v[1])
    return None
def enc(x):
    if x is None: return ['n']
    if isinstance(x, bool): return ['b', x]
    if isinstance(x, int): return ['i', str(x)]
    if isinstance(x, float): return ['f', str(struct.unpack('<Q', struct.pack('<d', x))[0])]
    if isinstance(x, str): return ['s', x]
    return ['t', [enc(y) for y in x]]
def lit(vals):
    return '{' + ', '.join(repr(dec(v)) for v in vals) + '}'
def reinterned(code, vals):
    # Whether the compiler rebuilt the folded frozenset a second time (when interning its
    # strings replaced one): its order is then not that of the first rebuild.
    consts = [c for c in code.co_consts if type(c) is frozenset]
    if not consts:
        return False
    once = frozenset(list(frozenset(dec(v) for v in vals)))
    return [enc(x) for x in consts[0]] != [enc(x) for x in once]
def run(ops):
    R = [set(), set(), set()]
    out = []
    for op in ops:
        k = op[0]
        popped = None
        state = None
        twice = False
        d = op[1] if len(op) > 1 and isinstance(op[1], int) else None
        if k == 'add': R[d].add(dec(op[2]))
        elif k == 'discard': R[d].discard(dec(op[2]))
        elif k == 'pop':
            if R[d]: popped = enc(R[d].pop())
        elif k == 'clear': R[d].clear()
        elif k == 'copy': R[d] = R[op[2]].copy()
        elif k == 'setof': R[d] = set(R[op[2]])
        elif k == 'extend': R[d].update([dec(v) for v in op[2]])
        elif k == 'fromlist': R[d] = set([dec(v) for v in op[2]])
        elif k == 'dictupd': R[d].update(dict.fromkeys(dec(v) for v in op[2]))
        elif k == 'update': R[d] |= R[op[2]]
        elif k == 'or': R[d] = R[op[2]] | R[op[3]]
        elif k == 'and': R[d] = R[op[2]] & R[op[3]]
        elif k == 'sub': R[d] = R[op[2]] - R[op[3]]
        elif k == 'xor': R[d] = R[op[2]] ^ R[op[3]]
        elif k == 'iand': R[d] &= R[op[2]]
        elif k == 'isub': R[d] -= R[op[2]]
        elif k == 'ixor': R[d] ^= R[op[2]]
        elif k == 'interit': R[d] = R[op[2]].intersection([dec(v) for v in op[3]])
        elif k == 'diffit': R[d].difference_update([dec(v) for v in op[2]])
        elif k == 'interupdit': R[d].intersection_update([dec(v) for v in op[2]])
        elif k == 'symdictupd': R[d].symmetric_difference_update(dict.fromkeys(dec(v) for v in op[2]))
        elif k == 'symit': R[d] = R[op[2]].symmetric_difference([dec(v) for v in op[3]])
        elif k == 'const':
            code = compile(lit(op[2]) if op[2] else 'set()', '', 'eval')
            twice = reinterned(code, op[2])
            R[d] = eval(code)
        elif k == 'iterconst':
            code = compile('out = []\nfor x in ' + lit(op[1]) + ':\n    out.append(x)', '', 'exec')
            twice = reinterned(code, op[1])
            ns = {}
            exec(code, ns)
            state = [enc(x) for x in ns['out']]
        else: raise ValueError(k)
        if state is None:
            state = [enc(x) for x in R[d]]
        out.append([popped, state, twice])
    return out
for line in sys.stdin:
    req = json.loads(line)
    if 'cases' in req:
        ans = [run(ops) for ops in req['cases']]
    else:
        ans = [str(hash(dec(v))) for v in req['hash']]
    print(json.dumps(ans), flush=True)
"#;

/// The `python3` process answering the requests: a thread writes them all while the test
/// reads the answers and runs its side, so that both sides work at once.
struct Oracle {
    child: Child,
    output: BufReader<ChildStdout>,
}

impl Oracle {
    fn start(requests: Vec<J>) -> Oracle {
        // Not `-I` or `-E`: they would ignore PYTHONHASHSEED.
        let mut child = Command::new("python3")
            .args(["-s", "-c", ORACLE])
            .env("PYTHONHASHSEED", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        std::thread::spawn(move || {
            for request in requests {
                // One write a line (the `Display` of a JSON value writes in small pieces).
                if input.write_all(format!("{request}\n").as_bytes()).is_err() {
                    break;
                }
            }
        });
        Oracle { child, output }
    }

    /// The answer to the next request.
    fn answer(&mut self) -> Vec<J> {
        let mut line = String::new();
        self.output.read_line(&mut line).expect("python3 answers");
        assert!(!line.is_empty(), "python3 stopped (see its error above)");
        match serde_json::from_str(&line).expect("JSON from python3") {
            J::Array(items) => items,
            other => panic!("not a list: {other}"),
        }
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// splitmix64: a fixed-seed generator, so that every run checks the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number in `lo..hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn int(n: i64) -> Value {
    Value::Int(n)
}

fn big(digits: &str) -> Value {
    Value::big(digits.parse::<BigInt>().expect("digits"))
}

fn float(x: f64) -> Value {
    Value::Float(x)
}

fn text(s: &str) -> Value {
    Value::str(s)
}

fn tuple(items: Vec<Value>) -> Value {
    Value::tuple(items)
}

/// A value as the oracle's JSON writes it (tagged by type).
fn enc(v: &Value) -> J {
    match v {
        Value::None => json!(["n"]),
        Value::Bool(b) => json!(["b", b]),
        Value::Int(i) => json!(["i", i.to_string()]),
        Value::Big(b) => json!(["i", b.to_string()]),
        Value::Float(f) => json!(["f", f.to_bits().to_string()]),
        Value::Str(s) => json!(["s", &**s]),
        Value::Tuple(t) => J::Array(vec![json!("t"), J::Array(t.iter().map(enc).collect())]),
        other => panic!("no JSON for {other:?}"),
    }
}

fn encs(vs: &[Value]) -> J {
    J::Array(vs.iter().map(enc).collect())
}

fn keys(vs: &[Value]) -> Vec<Key> {
    vs.iter().cloned().map(Key).collect()
}

/// The keys of `dict.fromkeys(vs)`: the first of equal ones, in order.
fn dict_keys(vs: &[Value]) -> Vec<Key> {
    let mut dict: Vec<Key> = Vec::new();
    for k in keys(vs) {
        if !dict.contains(&k) {
            dict.push(k);
        }
    }
    dict
}

fn state(s: &PySet) -> J {
    J::Array(s.iter().map(|k| enc(&k.0)).collect())
}

/// One operation on three registers (sets), as the oracle runs it.
#[derive(Clone, Debug)]
enum Op {
    Add(usize, Value),
    Discard(usize, Value),
    Pop(usize),
    Clear(usize),
    Copy(usize, usize),
    SetOf(usize, usize),
    Extend(usize, Vec<Value>),
    FromList(usize, Vec<Value>),
    DictUpdate(usize, Vec<Value>),
    Update(usize, usize),
    Or(usize, usize, usize),
    And(usize, usize, usize),
    Sub(usize, usize, usize),
    Xor(usize, usize, usize),
    IAnd(usize, usize),
    ISub(usize, usize),
    IXor(usize, usize),
    InterIter(usize, usize, Vec<Value>),
    DiffIter(usize, Vec<Value>),
    InterUpdateIter(usize, Vec<Value>),
    SymDictUpdate(usize, Vec<Value>),
    SymIter(usize, usize, Vec<Value>),
    Const(usize, Vec<Value>),
    IterConst(Vec<Value>),
}

impl Op {
    fn to_json(&self) -> J {
        match self {
            Op::Add(d, v) => json!(["add", d, enc(v)]),
            Op::Discard(d, v) => json!(["discard", d, enc(v)]),
            Op::Pop(d) => json!(["pop", d]),
            Op::Clear(d) => json!(["clear", d]),
            Op::Copy(d, s) => json!(["copy", d, s]),
            Op::SetOf(d, s) => json!(["setof", d, s]),
            Op::Extend(d, vs) => json!(["extend", d, encs(vs)]),
            Op::FromList(d, vs) => json!(["fromlist", d, encs(vs)]),
            Op::DictUpdate(d, vs) => json!(["dictupd", d, encs(vs)]),
            Op::Update(d, s) => json!(["update", d, s]),
            Op::Or(d, a, b) => json!(["or", d, a, b]),
            Op::And(d, a, b) => json!(["and", d, a, b]),
            Op::Sub(d, a, b) => json!(["sub", d, a, b]),
            Op::Xor(d, a, b) => json!(["xor", d, a, b]),
            Op::IAnd(d, s) => json!(["iand", d, s]),
            Op::ISub(d, s) => json!(["isub", d, s]),
            Op::IXor(d, s) => json!(["ixor", d, s]),
            Op::InterIter(d, s, vs) => json!(["interit", d, s, encs(vs)]),
            Op::DiffIter(d, vs) => json!(["diffit", d, encs(vs)]),
            Op::InterUpdateIter(d, vs) => json!(["interupdit", d, encs(vs)]),
            Op::SymDictUpdate(d, vs) => json!(["symdictupd", d, encs(vs)]),
            Op::SymIter(d, s, vs) => json!(["symit", d, s, encs(vs)]),
            Op::Const(d, vs) => json!(["const", d, encs(vs)]),
            Op::IterConst(vs) => json!(["iterconst", encs(vs)]),
        }
    }
}

/// Runs a case on `PySet`s, as the interpreter would run the Python: `[popped, state, twice]`
/// after each op. `twice` (whether a display's frozenset was rebuilt after interning) comes
/// from CPython's answer: it depends on which strings CPython had interned.
fn run(ops: &[Op], twice: &[bool]) -> Vec<J> {
    let mut r = [PySet::new(), PySet::new(), PySet::new()];
    let mut out = Vec::new();
    for (op, &twice) in ops.iter().zip(twice) {
        let mut popped = J::Null;
        let mut listed = None;
        let d = match op {
            Op::Add(d, v) => {
                r[*d].insert(Key(v.clone()));
                *d
            }
            Op::Discard(d, v) => {
                r[*d].remove(&Key(v.clone()));
                *d
            }
            Op::Pop(d) => {
                if let Some(k) = r[*d].pop() {
                    popped = enc(&k.0);
                }
                *d
            }
            Op::Clear(d) => {
                r[*d].clear();
                *d
            }
            Op::Copy(d, s) | Op::SetOf(d, s) => {
                r[*d] = r[*s].copy();
                *d
            }
            Op::Extend(d, vs) => {
                r[*d].extend(keys(vs));
                *d
            }
            Op::FromList(d, vs) => {
                let mut s = PySet::new();
                s.extend(keys(vs));
                r[*d] = s;
                *d
            }
            Op::DictUpdate(d, vs) => {
                r[*d].extend_dict_keys(dict_keys(vs));
                *d
            }
            Op::InterUpdateIter(d, vs) => {
                r[*d].intersection_update_iter(keys(vs));
                *d
            }
            Op::SymDictUpdate(d, vs) => {
                r[*d].symmetric_difference_update_dict_keys(dict_keys(vs));
                *d
            }
            Op::SymIter(d, s, vs) => {
                let mut out = PySet::new();
                out.extend(keys(vs));
                out.symmetric_difference_update(&r[*s]);
                r[*d] = out;
                *d
            }
            Op::Update(d, s) => {
                if d != s {
                    let other = r[*s].clone();
                    r[*d].update(&other);
                }
                *d
            }
            Op::Or(d, a, b) => {
                r[*d] = r[*a].union(&r[*b]);
                *d
            }
            Op::And(d, a, b) => {
                r[*d] = r[*a].intersection(&r[*b]);
                *d
            }
            Op::Sub(d, a, b) => {
                r[*d] = r[*a].difference(&r[*b]);
                *d
            }
            Op::Xor(d, a, b) => {
                r[*d] = r[*a].symmetric_difference(&r[*b]);
                *d
            }
            Op::IAnd(d, s) => {
                if d == s {
                    r[*d].compact();
                } else {
                    let other = r[*s].clone();
                    r[*d].intersection_update(&other);
                }
                *d
            }
            Op::ISub(d, s) => {
                if d == s {
                    r[*d].clear();
                } else {
                    let other = r[*s].clone();
                    r[*d].difference_update(&other);
                }
                *d
            }
            Op::IXor(d, s) => {
                if d == s {
                    r[*d].clear();
                } else {
                    let other = r[*s].clone();
                    r[*d].symmetric_difference_update(&other);
                }
                *d
            }
            Op::InterIter(d, s, vs) => {
                r[*d] = r[*s].intersection_iter(keys(vs));
                *d
            }
            Op::DiffIter(d, vs) => {
                r[*d].difference_update_iter(keys(vs));
                *d
            }
            Op::Const(d, vs) => {
                r[*d] = if vs.len() > 2 {
                    PySet::from_const_display(keys(vs), twice)
                } else {
                    let mut s = PySet::new();
                    s.extend(keys(vs));
                    s
                };
                *d
            }
            Op::IterConst(vs) => {
                listed = Some(state(&PySet::const_frozenset(keys(vs), twice)));
                0
            }
        };
        out.push(json!([
            popped,
            listed.unwrap_or_else(|| state(&r[d])),
            twice
        ]));
    }
    out
}

/// Hand-written cases: the examples people print, and each mechanism on its own.
fn hand_cases() -> Vec<Vec<Op>> {
    use Op::*;
    let ints = |ns: &[i64]| ns.iter().map(|&n| int(n)).collect::<Vec<_>>();
    let texts = |ss: &[&str]| ss.iter().map(|s| text(s)).collect::<Vec<_>>();
    let bigs = vec![
        big("2305843009213693951"),
        big("2305843009213693952"),
        big("2305843009213693954"),
        big("18446744073709551616"),
        big("-9223372036854775808"),
        big("1267650600228229401496703205376"),
        big("-2305843009213693950"),
        int(3),
        int(1),
        int(2),
    ];
    let floats = vec![
        float(1.5),
        float(2.0),
        int(2),
        int(1),
        float(1.0),
        float(0.5),
        float(-0.0),
        int(0),
        float(-1.0),
        float(-2.5),
        float(1e300),
        float(f64::INFINITY),
        float(f64::NEG_INFINITY),
        float(5e-324),
    ];
    let bools = vec![
        Value::Bool(true),
        int(1),
        float(1.0),
        Value::Bool(false),
        int(0),
        float(0.0),
    ];
    let strs = texts(&[
        "apple",
        "banana",
        "cherry",
        "date",
        "elderberry",
        "fig",
        "grape",
        "é",
        "café",
        "ÿ",
        "naïve",
        "中文",
        "€",
        "ā",
        "😀",
        "𝄞",
        "a😀",
        "",
        "x",
    ]);
    let tuples = vec![
        tuple(ints(&[1, 2])),
        tuple(ints(&[2, 1])),
        tuple(vec![]),
        tuple(ints(&[1])),
        tuple(vec![text("a"), float(1.5)]),
        tuple(vec![tuple(ints(&[1, 2])), int(3)]),
        tuple(vec![
            Value::Bool(true),
            float(-0.0),
            big("99999999999999999999"),
        ]),
    ];
    let all: Vec<Value> = [&bigs[..], &floats[..], &bools[..], &strs[..], &tuples[..]].concat();
    let grow = |n: i64| (0..n).map(int).collect::<Vec<_>>();
    let grow_str = |n: usize| (0..n).map(|i| text(&format!("w{i}"))).collect::<Vec<_>>();
    let mut cases = vec![
        vec![FromList(0, ints(&[3, 1, 2])), Const(1, ints(&[3, 1, 2]))],
        vec![
            FromList(0, ints(&[10, 2, 33, 8])),
            Const(1, ints(&[10, 2, 33, 8])),
        ],
        vec![FromList(0, ints(&[-1, -2, -3, -8, -9, 5, 7, 15]))],
        vec![Const(0, ints(&[7, 15, 23, 31, 1, 9]))],
        vec![FromList(0, bigs.clone()), Const(1, bigs.clone())],
        vec![FromList(0, floats.clone())],
        vec![FromList(0, bools.clone()), Const(1, bools.clone())],
        vec![
            FromList(0, ints(&[1])),
            Add(0, Value::Bool(true)),
            Add(0, float(1.0)),
        ],
        vec![FromList(0, strs.clone()), Const(1, strs.clone())],
        vec![
            Const(0, strs[..5].to_vec()),
            FromList(1, strs[..5].to_vec()),
        ],
        vec![FromList(0, tuples.clone()), Const(1, tuples.clone())],
        vec![FromList(0, all.clone()), Pop(0), Pop(0), Pop(0)],
        vec![FromList(0, ints(&[1, 2, 2, 3, 3, 3, 1, 8, 16, 8]))],
        vec![
            Extend(0, grow(8)),
            Discard(0, int(1)),
            Discard(0, int(3)),
            Add(0, int(9)),
            Add(0, int(17)),
            Add(0, int(1)),
        ],
        vec![
            Extend(0, grow(10)),
            Discard(0, int(3)),
            Discard(0, int(5)),
            Add(0, int(33)),
            Add(0, int(35)),
            Add(0, int(3)),
        ],
        vec![Extend(0, grow(6)), Extend(1, grow(22)), Extend(2, grow(86))],
        vec![Extend(0, grow(342)), Extend(1, grow_str(100))],
        vec![FromList(0, grow_str(30)), SetOf(1, 0), Copy(2, 0)],
        vec![
            FromList(0, ints(&[5, 3, 9, 1])),
            Pop(0),
            Pop(0),
            Pop(0),
            Pop(0),
            Pop(0),
        ],
        vec![
            FromList(0, ints(&[1, 2, 3])),
            Pop(0),
            Clear(0),
            Extend(0, ints(&[1, 2, 3, 4])),
            Pop(0),
            Add(0, int(1)),
            Pop(0),
        ],
        vec![
            FromList(0, ints(&[1, 2, 3, 4, 5, 6])),
            FromList(1, ints(&[4, 5, 6, 7, 8, 9, 10])),
            Or(2, 0, 1),
            And(2, 0, 1),
            Sub(2, 0, 1),
            Xor(2, 0, 1),
            Or(2, 1, 0),
            And(2, 1, 0),
            Sub(2, 1, 0),
            Xor(2, 1, 0),
            Or(2, 0, 0),
            And(2, 0, 0),
            Sub(2, 0, 0),
            Xor(2, 0, 0),
        ],
        vec![
            FromList(0, strs.clone()),
            FromList(1, strs[3..9].to_vec()),
            Copy(2, 0),
            Update(2, 1),
            IAnd(0, 1),
            Pop(0),
            ISub(2, 1),
            IXor(1, 2),
            Update(1, 1),
            IAnd(1, 1),
            Pop(1),
            ISub(2, 2),
            IXor(0, 0),
        ],
        vec![
            FromList(0, ints(&[1])),
            FromList(1, vec![float(1.0)]),
            And(2, 0, 1),
            And(2, 1, 0),
            Or(2, 0, 1),
            Xor(2, 0, 1),
        ],
        vec![
            Extend(0, grow(40)),
            FromList(1, ints(&[3, 5])),
            Sub(2, 0, 1),
            ISub(0, 1),
            Extend(1, grow(200)),
            Sub(2, 0, 1),
            DiffIter(1, grow(150)),
            InterIter(2, 1, ints(&[199, 150, 160, 3])),
            InterUpdateIter(1, ints(&[199, 150, 160, 3, 155, 151])),
            Pop(1),
            SymDictUpdate(1, ints(&[1, 2, 150, 160, 3])),
            SymIter(2, 1, ints(&[5, 4, 3, 155, 2])),
        ],
        vec![
            DictUpdate(0, grow(3)),
            DictUpdate(1, grow(5)),
            DictUpdate(1, grow(30)),
        ],
        vec![
            IterConst(ints(&[3, 1, 2])),
            IterConst(texts(&["b", "a"])),
            IterConst(strs.clone()),
        ],
    ];
    // A set past 50,000 members grows by 2 instead of 4 (from 78,643 members on here).
    let mut rng = Rng(7);
    let many: Vec<Value> = (0..80_000).map(|_| int(rng.next() as i64)).collect();
    cases.push(vec![Extend(0, many), Pop(0), Pop(0)]);
    cases
}

/// A random value: small ints, ints that collide in small tables, ints past 64 bits, floats
/// (some equal to ints), bools, short strings of 1, 2 and 4 bytes a character, tuples.
fn gen_value(r: &mut Rng, flavor: u64, depth: u32) -> Value {
    let kind = match flavor {
        1 => 0,
        2 => 70,
        3 => r.below(50),
        _ => r.below(100),
    };
    match kind {
        0..=24 => int(r.range(-10, 40)),
        25..=34 => {
            let step = *r.pick(&[8, 16, 32, 64, 128, 1024]);
            int(r.range(0, 12) * step + r.range(-1, 3))
        }
        35..=37 => int(*r.pick(&[-1, -2, i64::MIN, i64::MAX, (1 << 61) - 1, 1 << 61])),
        38..=41 => int(r.next() as i64 >> r.below(64)),
        42..=49 => {
            let base = *r.pick(&[
                "2305843009213693951",
                "2305843009213693952",
                "4611686018427387904",
                "9223372036854775808",
                "18446744073709551616",
                "6917529027641081853",
                "1267650600228229401496703205376",
            ]);
            let b = base.parse::<BigInt>().expect("digits") + r.range(-3, 4);
            Value::big(if r.below(3) == 0 { -b } else { b })
        }
        50..=61 => match r.below(4) {
            0 => float(*r.pick(&[
                0.5, 1.5, 2.0, -0.0, 0.0, 3.0, 1e300, 5e-324, 2.5e-310, 1e16, 0.1, -2.75,
            ])),
            1 => float(r.range(-40, 40) as f64 / 4.0),
            2 => float((r.next() as i64 >> r.below(64)) as f64),
            _ => {
                let x = f64::from_bits(r.next());
                float(if x.is_finite() { x } else { 1.25 })
            }
        },
        62..=65 => Value::Bool(r.below(2) == 0),
        66..=89 => {
            let alphabet: &[char] = match r.below(5) {
                0 | 1 => &['a', 'b', 'c', 'x', 'y', 'z', '_', '1'],
                2 => &['a', 'b', 'é', 'ÿ', '\u{80}', '×'],
                3 => &['a', 'é', 'ā', '中', '€', '\u{ffff}'],
                _ => &['a', 'é', '中', '😀', '𝄞', '\u{10ffff}'],
            };
            let len = r.below(6);
            let s: String = (0..len).map(|_| *r.pick(alphabet)).collect();
            text(&s)
        }
        _ if depth < 2 => {
            let len = r.below(4);
            tuple((0..len).map(|_| gen_value(r, flavor, depth + 1)).collect())
        }
        _ => int(r.range(0, 5)),
    }
}

/// A random case: a pool of values (so that removals and overlaps happen), then 3 to 25
/// operations on three sets.
fn gen_case(r: &mut Rng) -> Vec<Op> {
    let flavor = r.below(5);
    let pool_max = if r.below(4) == 0 { 300 } else { 40 };
    let pool_size = 1 + r.below(pool_max) as usize;
    let pool: Vec<Value> = (0..pool_size).map(|_| gen_value(r, flavor, 0)).collect();
    let value = |r: &mut Rng| {
        if r.below(5) == 0 {
            gen_value(r, flavor, 0)
        } else {
            r.pick(&pool).clone()
        }
    };
    let values = |r: &mut Rng, max: u64| {
        let n = r.below(max + 1);
        (0..n).map(|_| value(r)).collect::<Vec<_>>()
    };
    let reg = |r: &mut Rng| r.below(3) as usize;
    let n_ops = 3 + r.below(23);
    let mut ops = Vec::new();
    for _ in 0..n_ops {
        let (d, a, b) = (reg(r), reg(r), reg(r));
        let op = match r.below(100) {
            0..=24 => Op::Add(d, value(r)),
            25..=36 => Op::Discard(d, value(r)),
            37..=44 => Op::Pop(d),
            45..=46 => Op::Clear(d),
            47..=49 => Op::Copy(d, a),
            50..=51 => Op::SetOf(d, a),
            52..=57 => Op::Extend(d, values(r, pool_size as u64)),
            58..=61 => Op::FromList(d, values(r, pool_size as u64)),
            62..=63 => Op::DictUpdate(d, values(r, pool_size as u64)),
            64..=67 => Op::Update(d, a),
            68..=70 => Op::Or(d, a, b),
            71..=73 => Op::And(d, a, b),
            74..=76 => Op::Sub(d, a, b),
            77..=79 => Op::Xor(d, a, b),
            80..=82 => Op::IAnd(d, a),
            83..=85 => Op::ISub(d, a),
            86..=88 => Op::IXor(d, a),
            89 => Op::InterIter(d, a, values(r, 20)),
            90 => Op::DiffIter(d, values(r, 20)),
            91 => Op::InterUpdateIter(d, values(r, 20)),
            92 => Op::SymDictUpdate(d, values(r, 20)),
            93 => Op::SymIter(d, a, values(r, 20)),
            94..=97 => Op::Const(d, values(r, 12)),
            _ => Op::IterConst(values(r, 12)),
        };
        ops.push(op);
    }
    ops
}

/// How many cases go in one request.
const BATCH: usize = 200;

fn cases_request(batch: &[Vec<Op>]) -> J {
    json!({
        "cases": batch.iter().map(|ops| ops.iter().map(Op::to_json).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    })
}

/// Runs `cases` on both sides (CPython's answers come from the requests made of them by
/// [`cases_request`]); returns (ops compared, members compared) and pushes mismatches.
/// (`n_twice` counts the displays whose frozenset CPython rebuilt after interning.)
fn compare(
    oracle: &mut Oracle,
    cases: &[Vec<Op>],
    failures: &mut Vec<String>,
    n_twice: &mut usize,
) -> (usize, usize) {
    let (mut n_ops, mut n_members) = (0, 0);
    for batch in cases.chunks(BATCH) {
        let answers = oracle.answer();
        assert_eq!(answers.len(), batch.len(), "one answer a case");
        for (ops, want) in batch.iter().zip(answers) {
            let want = match want {
                J::Array(w) => w,
                other => panic!("not a list: {other}"),
            };
            let twice: Vec<bool> = want.iter().map(|w| w[2] == J::Bool(true)).collect();
            *n_twice += twice.iter().filter(|&&t| t).count();
            let got = run(ops, &twice);
            for (i, (g, w)) in got.iter().zip(want.iter()).enumerate() {
                n_ops += 1;
                n_members += w[1].as_array().map_or(0, Vec::len);
                if g != w {
                    let shown: Vec<String> = ops[..=i]
                        .iter()
                        .map(|op| {
                            let s = op.to_json().to_string();
                            if s.len() > 300 {
                                format!("{}...", &s[..s.floor_char_boundary(300)])
                            } else {
                                s
                            }
                        })
                        .collect();
                    let cut = |j: &J| {
                        let s = j.to_string();
                        if s.len() > 1500 {
                            format!("{}...", &s[..s.floor_char_boundary(1500)])
                        } else {
                            s
                        }
                    };
                    failures.push(format!(
                        "ops {}\n  CPython: {}\n  PySet:   {}",
                        shown.join(" "),
                        cut(w),
                        cut(g)
                    ));
                    break;
                }
            }
        }
    }
    (n_ops, n_members)
}

#[test]
fn sets_iterate_as_in_cpython() {
    let hand = hand_cases();
    let mut rng = Rng(0x5E70_FC0D);
    // PYSET_CASES=50000 for a longer run.
    let n_random = std::env::var("PYSET_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    let random: Vec<Vec<Op>> = (0..n_random).map(|_| gen_case(&mut rng)).collect();
    // Hashes: the random generator's values, and some edges.
    let mut values: Vec<Value> = (0..6000).map(|i| gen_value(&mut rng, i % 5, 0)).collect();
    values.extend([
        float(f64::INFINITY),
        float(f64::NEG_INFINITY),
        float(f64::MAX),
        float(f64::MIN_POSITIVE),
        float(-5e-324),
        float(2f64.powi(61)),
        float(-(2f64.powi(60))),
        int(-1),
        int(-2),
        big("-2305843009213693951"),
        big("-2305843009213693952"),
        text(""),
        text("\u{0}"),
        tuple(vec![]),
        tuple(vec![int(-1)]),
    ]);
    let mut requests: Vec<J> = hand.chunks(BATCH).map(cases_request).collect();
    requests.extend(random.chunks(BATCH).map(cases_request));
    requests.extend(values.chunks(1000).map(|b| json!({ "hash": encs(b) })));
    let mut oracle = Oracle::start(requests);

    let mut failures = Vec::new();
    let mut n_twice = 0;
    let (hand_ops, hand_members) = compare(&mut oracle, &hand, &mut failures, &mut n_twice);
    let (random_ops, random_members) = compare(&mut oracle, &random, &mut failures, &mut n_twice);

    let mut hash_failures = Vec::new();
    for batch in values.chunks(1000) {
        let want = oracle.answer();
        for (v, w) in batch.iter().zip(want) {
            let got = py_hash(v).to_string();
            if w.as_str() != Some(got.as_str()) {
                hash_failures.push(format!("hash({}): CPython {w}, py_hash {got}", enc(v)));
            }
        }
    }

    eprintln!(
        "pyset: {} hand-written cases ({hand_ops} ops, {hand_members} members in order), \
         {} random cases ({random_ops} ops, {random_members} members in order), {} hashes; \
         {n_twice} displays reinterned; {} order mismatches, {} hash mismatches",
        hand.len(),
        random.len(),
        values.len(),
        failures.len(),
        hash_failures.len()
    );
    for f in failures.iter().take(5) {
        eprintln!("MISMATCH {f}");
    }
    for f in hash_failures.iter().take(5) {
        eprintln!("MISMATCH {f}");
    }
    assert!(
        failures.is_empty() && hash_failures.is_empty(),
        "{} order mismatches, {} hash mismatches (first ones above)",
        failures.len(),
        hash_failures.len()
    );
}

/// The operations refuse nothing and never panic on edge inputs.
#[test]
fn edges() {
    let mut s = PySet::new();
    assert_eq!(s.pop(), None);
    assert!(!s.remove(&Key(int(1))));
    s.insert(Key(Value::None));
    s.insert(Key(int(-1)));
    s.insert(Key(int(-2)));
    assert_eq!(s.len(), 3);
    assert!(s.contains(&Key(Value::None)));
    // A NaN is unequal to itself, and GIL Lab's floats have no identity: each insertion adds.
    let mut nans = PySet::new();
    nans.insert(Key(float(f64::NAN)));
    nans.insert(Key(float(f64::NAN)));
    assert_eq!(nans.len(), 2);
    assert!(!nans.contains(&Key(float(f64::NAN))));
    let t = s.symmetric_difference(&s);
    assert!(t.is_empty());
    assert_eq!(s.intersection(&s).len(), 3);
    assert!(s.difference(&s).is_empty());
    let display = PySet::from_const_display(keys(&[int(3), int(1), int(2)]), false);
    assert_eq!(state(&display), encs(&[int(1), int(2), int(3)]));
    assert_eq!(
        format!("{display:?}"),
        "{Key(Int(1)), Key(Int(2)), Key(Int(3))}"
    );
}
