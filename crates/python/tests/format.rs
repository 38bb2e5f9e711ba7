//! `repr(float)` and the format-spec mini-language against CPython itself (`python3`, 3.11):
//! a grid of values × specs (valid and not), and random specs and floats from a fixed-seed
//! generator, all sent to one `python3 -I` process; each result, or each error's message, must
//! be CPython's.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use gil_python::value::float_repr::float_repr;
use gil_python::value::format_spec::{
    CAPPED, format_bool, format_float, format_int, format_str, parse_spec,
};
use num_bigint::BigInt;
use serde_json::{Value, json};

/// Reads batches of `[kind, value, spec]` (a float as its bits), answers each with
/// `{"ok": text}` or `{"err": message}`.
const ORACLE: &str = r#"
import sys, json, struct
def value(kind, v):
    if kind == 'int': return int(v)
    if kind == 'bool': return v == 'True'
    if kind == 'str': return v
    return struct.unpack('<d', struct.pack('<Q', int(v)))[0]
for line in sys.stdin:
    out = []
    for kind, v, spec in json.loads(line):
        x = value(kind, v)
        try:
            text = repr(x) if kind == 'repr' else format(x, spec)
        except (ValueError, OverflowError) as e:
            out.append({'err': str(e)})
            continue
        lone = [ord(c) for c in text if 0xD800 <= ord(c) < 0xE000]
        if lone:
            # A lone surrogate (from the type 'c'), which GIL Lab refuses (format_int).
            out.append({'err': "GIL Lab's strings cannot hold the lone surrogate U+%04X" % lone[0]})
        else:
            out.append({'ok': text})
    print(json.dumps(out), flush=True)
"#;

struct Case {
    kind: &'static str,
    value: String,
    spec: String,
}

fn cpython(cases: &[Case]) -> Vec<Value> {
    let mut child = Command::new("python3")
        .args(["-I", "-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let mut out = Vec::new();
    for batch in cases.chunks(500) {
        let batch: Vec<Value> = batch
            .iter()
            .map(|c| json!([c.kind, c.value, c.spec]))
            .collect();
        input
            .write_all((json!(batch).to_string() + "\n").as_bytes())
            .unwrap();
        input.flush().unwrap();
        let mut answer = String::new();
        output.read_line(&mut answer).unwrap();
        let answers: Vec<Value> = serde_json::from_str(&answer).expect("the oracle answers");
        out.extend(answers);
    }
    drop(input);
    assert!(child.wait().unwrap().success());
    out
}

fn ours(case: &Case) -> Value {
    let spec = case.spec.as_str();
    let result = match case.kind {
        "int" => format_int(&case.value.parse::<BigInt>().unwrap(), spec),
        "bool" => format_bool(case.value == "True", spec),
        "str" => format_str(&case.value, spec),
        "float" => format_float(float(&case.value), spec),
        _ => Ok(float_repr(float(&case.value))),
    };
    match result {
        Ok(text) => json!({ "ok": text }),
        Err(message) => json!({ "err": message }),
    }
}

fn float(bits: &str) -> f64 {
    f64::from_bits(bits.parse().unwrap())
}

/// Runs every case through both and fails with the first differences.
fn compare(cases: &[Case]) -> usize {
    let theirs = cpython(cases);
    assert_eq!(theirs.len(), cases.len());
    let mut wrong = Vec::new();
    for (case, want) in cases.iter().zip(&theirs) {
        let got = ours(case);
        if &got != want {
            let value = match case.kind {
                "float" | "repr" => format!("{:e}", float(&case.value)),
                _ => format!("{:?}", case.value),
            };
            wrong.push(format!(
                "{}({value}, {:?}): ours {got}, CPython {want}",
                case.kind, case.spec
            ));
        }
    }
    let shown = wrong
        .iter()
        .take(20)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{shown}",
        wrong.len(),
        cases.len()
    );
    cases.len()
}

/// xorshift64*: a fixed-seed source of cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len())]
    }
}

/// A spec assembled from plausible parts, with its type drawn from `types`.
fn random_spec(rng: &mut Rng, types: &[&str]) -> String {
    let parts: [&[&str]; 8] = [
        &[
            "", "", "", "<", ">", "^", "=", "*<", "*^", "0=", "0<", "x>", "🙂^", " =", "==",
        ],
        &["", "", "", "+", "-", " "],
        &["", "", "", "", "z"],
        &["", "", "", "#"],
        &["", "", "", "0"],
        &["", "", "1", "5", "8", "13", "25"],
        &["", "", "", ",", "_"],
        &[
            "", "", "", ".0", ".1", ".2", ".3", ".6", ".10", ".17", ".25",
        ],
    ];
    let mut spec: String = parts.iter().map(|p| rng.pick(p)).collect();
    spec.push_str(rng.pick(types));
    spec
}

/// Up to six characters of the mini-language's alphabet, in any order (widths stay small).
fn garbage_spec(rng: &mut Rng) -> String {
    let alphabet: Vec<char> = "0123456789.,_<>=^+- #zbcdeEfFgGnosxX%é*".chars().collect();
    let len = rng.below(7);
    (0..len)
        .map(|_| alphabet[rng.below(alphabet.len())])
        .collect()
}

/// Specs that each probe one rule; every value of every kind meets them all.
#[rustfmt::skip]
const SPECS: &[&str] = &[
    "", "s", "d", "b", "o", "x", "X", "c", "n", "e", "E", "f", "F", "g", "G", "%", "r", "z", "#",
    "0", "00", "05", "010", "08,", "010,", "0=8,", "x=8,", "<05", "*<05", "=+5", "+", "-", " ",
    "  ", "+z", "z#", "#z", "zc", "+c", "#c", ".2c", "05c", ",c", "_c", ",x", "_x", "_b", "_o",
    "#_X", "#020_x", "#021_x", ",_", "_,", ",,", "__", ",n", "_n", ".", "..", "5.", ".x", "5d5",
    ".2,", ".2_", ".2,x", "_.2x", ",.2x", ",.2", ".2s", "é", "5 ", "\n", "\x7f", "\x1f", "Ā", "🙂",
    "_🙂", "🙂^5", "\0<5", "<<<", ">>", "^7", "x^7.2", ".0", ".1", ".3", "#.3", "#.0f", "#.0e",
    "#.0g", "#.3g", "#.0%", ".0%", ".2%", "z.1f", "z.0f", "z.0%", "z.3e", "z.3g", "z.3", "z#",
    "z#.0f", ",e", ",.2f", ",f", "_f", ",%", "_%", "_e", "_g", "= 10", "^#10x", "#010x", ",.17",
    "_.17g", "#.17g", ".17g", ".20e", ".25g", ".50f", ".100f", ".100e", ".100", ".60g", "#.60g",
    "+.3e", " .3e", "-^20,.2f", "0=+20,.3e", "+030_.5", "*^+30,", "30", "9223372036854775808",
    ".9223372036854775808", "99999999999999999999",
];

fn ints() -> Vec<String> {
    let mut out: Vec<String> = [
        "0",
        "1",
        "-1",
        "7",
        "42",
        "-42",
        "65",
        "255",
        "1234",
        "-1234",
        "1234567",
        "-9876543210",
        "2147483648",
        "9223372036854775807",
        "18446744073709551616",
        "-18446744073709551617",
        "1114111",
        "1114112",
        "55296",
        "9007199254740993",
        "-9007199254740995",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let big = |e: u32| BigInt::from(10).pow(e);
    let two = |e: u32| BigInt::from(2).pow(e);
    for v in [
        big(30),
        -big(25) + 7,
        two(200) + 12345,
        big(400),
        -big(400),
        two(1024) - two(970),
        two(1024) - two(971),
        two(1023) * 3 / 2,
    ] {
        out.push(v.to_string());
    }
    out
}

fn floats() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        0.1,
        1.0 / 3.0,
        -2.0 / 3.0,
        1.0,
        -1.0,
        1e16,
        1e15,
        9999999999999998.0,
        1e-5,
        1e-4,
        0.00012345,
        123456.789,
        -123456.789,
        2.675,
        0.125,
        0.375,
        2.5,
        1.5,
        -1.5,
        0.5,
        -0.4,
        5e-324,
        2.2250738585072014e-308,
        1.7976931348623157e308,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        1e22,
        1e23,
        12345678.9,
        -0.0004,
        99.99,
        0.05,
        9.5,
        1e100,
        123.0,
        100.0,
        10.0,
        1e-300,
        -1e-300,
        1.2345678901234567e20,
    ]
}

fn strs() -> Vec<String> {
    ["", "a", "abc", "héllo", "🙂x", "a longer string of text"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Every kind's values, each as the oracle reads it.
fn values() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&str, String)> = ints().into_iter().map(|v| ("int", v)).collect();
    out.extend(floats().iter().map(|x| ("float", x.to_bits().to_string())));
    out.extend(strs().into_iter().map(|s| ("str", s)));
    out.extend(["True", "False"].map(|b| ("bool", b.to_string())));
    out
}

fn types_for(kind: &str) -> &'static [&'static str] {
    match kind {
        "str" => &["", "", "s"],
        "float" => &["", "", "e", "E", "f", "F", "g", "G", "n", "%"],
        _ => &[
            "", "", "d", "b", "o", "x", "X", "n", "c", "e", "E", "f", "F", "g", "G", "%",
        ],
    }
}

#[test]
fn format_agrees_with_cpython_on_a_grid_of_values_and_specs() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut cases = Vec::new();
    for (kind, value) in values() {
        let mut add = |spec: String| {
            cases.push(Case {
                kind,
                value: value.clone(),
                spec,
            })
        };
        SPECS.iter().for_each(|s| add(s.to_string()));
        for _ in 0..150 {
            add(random_spec(&mut rng, types_for(kind)));
        }
        for _ in 0..60 {
            add(garbage_spec(&mut rng));
        }
    }
    // Random floats of every size, with the specs that show their digits.
    for _ in 0..400 {
        let bits = rng.next().to_string();
        for spec in [
            "", ".17g", "e", ".3f", ".5", ",", "%", ".30e", "#g", "+.0e", ".16",
        ] {
            cases.push(Case {
                kind: "float",
                value: bits.clone(),
                spec: spec.to_string(),
            });
        }
    }
    // Precisions past Rust's own limit (`u16::MAX`) and past an f64's exact digits.
    for x in floats().into_iter().step_by(3) {
        for spec in [
            ".66000f", ".70000e", "#.70000g", ".70000", ".70000%", "#.1100e", ".1101f", ".1075",
        ] {
            cases.push(Case {
                kind: "float",
                value: x.to_bits().to_string(),
                spec: spec.to_string(),
            });
        }
    }
    let n = compare(&cases);
    println!("{n} format cases agree with CPython");
    assert!(n > 20_000);
}

#[test]
fn float_repr_agrees_with_cpython() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut xs: Vec<f64> = floats();
    xs.extend((0..10_000).map(|_| f64::from_bits(rng.next())));
    // Decimal-looking numbers, as programs write them.
    xs.extend((0..3_000).map(|_| {
        let digits = (rng.next() % 10_000_000) as f64;
        digits * 10f64.powi(rng.below(60) as i32 - 30)
    }));
    // Powers of two, their neighbours, the subnormals and the exponent thresholds.
    for e in -1074..=1023 {
        let bits = if e < -1022 {
            1 << (e + 1074)
        } else {
            ((e + 1023) as u64) << 52
        };
        xs.extend([bits - 1, bits, bits + 1].map(f64::from_bits));
    }
    for e in -30..=30 {
        let x = 10f64.powi(e);
        xs.extend([
            x,
            -x,
            f64::from_bits(x.to_bits() + 1),
            f64::from_bits(x.to_bits() - 1),
        ]);
    }
    xs.extend((1..200).map(f64::from_bits));
    let cases: Vec<Case> = xs
        .iter()
        .map(|x| Case {
            kind: "repr",
            value: x.to_bits().to_string(),
            spec: String::new(),
        })
        .collect();
    let n = compare(&cases);
    println!("{n} reprs agree with CPython");
}

#[test]
fn huge_widths_and_precisions_are_capped_not_allocated() {
    let one = BigInt::from(1);
    for spec in [
        "10000001",
        "999999999999",
        "9223372036854775807",
        "*^099999999999",
    ] {
        assert_eq!(format_int(&one, spec).unwrap_err(), CAPPED, "{spec}");
        assert_eq!(format_float(1.0, spec).unwrap_err(), CAPPED, "{spec}");
        assert_eq!(format_str("a", spec).unwrap_err(), CAPPED, "{spec}");
    }
    assert_eq!(format_int(&one, ">+#099999999999,").unwrap_err(), CAPPED);
    for spec in [
        ".10000001",
        ".99999999999f",
        ".9223372036854775807e",
        ".999999999%",
    ] {
        assert_eq!(format_float(1.0, spec).unwrap_err(), CAPPED, "{spec}");
    }
    assert_eq!(format_str("a", "10000000").unwrap().len(), 10_000_000);
    let parsed = parse_spec("*^+z#,.3%").unwrap();
    assert_eq!(
        (parsed.fill, parsed.align, parsed.sign, parsed.grouping),
        ('*', Some('^'), Some('+'), Some(','))
    );
    assert!(parsed.no_neg_zero && parsed.alternate && !parsed.zero);
    assert_eq!(
        (parsed.width, parsed.precision, parsed.ty),
        (0, Some(3), Some('%'))
    );
}
