//! Python literals of a program, exact both ways: durations in seconds (`0.05`, `10e-6`) to and
//! from whole nanoseconds without floating point, decimal integers, double-quoted strings, and
//! the identifiers made from names.

use std::collections::BTreeSet;

use super::ast::is_keyword;

/// A duration in seconds as a Python number literal that [`parse_seconds`] reads back exactly:
/// decimal seconds from 1 ms (`0.05`, `2`), microseconds below (`10e-6`, `2.5e-6`), and
/// nanoseconds below 1 µs (`500e-9`).
pub fn fmt_seconds(ns: u64) -> String {
    fn frac(v: u64, digits: usize) -> String {
        let s = format!("{v:0digits$}");
        s.trim_end_matches('0').to_string()
    }
    if ns >= 1_000_000 || ns == 0 {
        let (s, f) = (ns / 1_000_000_000, ns % 1_000_000_000);
        if f == 0 {
            format!("{s}")
        } else {
            format!("{s}.{}", frac(f, 9))
        }
    } else if ns >= 1_000 {
        let (u, f) = (ns / 1_000, ns % 1_000);
        if f == 0 {
            format!("{u}e-6")
        } else {
            format!("{u}.{}e-6", frac(f, 3))
        }
    } else {
        format!("{ns}e-9")
    }
}

/// Reads a number literal of seconds (`2`, `0.05`, `1.5e-3`, `10e-6`, `1_000e-9`) as whole
/// nanoseconds, exactly. Errs (with the reason) on anything else.
pub fn parse_seconds(lit: &str) -> Result<u64, String> {
    let lit = lit.replace('_', "");
    let (mant, exp) = match lit.find(['e', 'E']) {
        Some(i) => {
            let e: i32 = lit[i + 1..]
                .parse()
                .map_err(|_| format!("malformed number {lit}"))?;
            (&lit[..i], e)
        }
        None => (&lit[..], 0),
    };
    if !(-400..=400).contains(&exp) {
        return Err(format!("{lit} is out of range"));
    }
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!(
            "{lit} is not a number of seconds (write a decimal like 0.05 or 10e-6)"
        ));
    }
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    // value = digits * 10^(exp - frac.len()) seconds = digits * 10^(9 + exp - frac.len()) ns
    let mut k = 9 + exp - frac.len() as i32;
    let mut d = digits.to_string();
    while k < 0 {
        match d.pop() {
            Some('0') => k += 1,
            Some(_) => {
                return Err(format!(
                    "{lit} s is not a whole number of nanoseconds (the model counts in ns)"
                ));
            }
            None => break,
        }
    }
    if d.is_empty() {
        return Ok(0);
    }
    if d.len() > 20 {
        return Err(format!("{lit} s is too long a time"));
    }
    let mut v: u64 = d
        .parse()
        .map_err(|_| format!("{lit} s is too long a time"))?;
    for _ in 0..k {
        v = v
            .checked_mul(10)
            .ok_or_else(|| format!("{lit} s is too long a time"))?;
    }
    Ok(v)
}

/// Reads a decimal integer literal (`4`, `1_000`).
pub(super) fn parse_int(lit: &str) -> Result<u64, String> {
    let s = lit.replace('_', "");
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("{lit} is not a whole number"));
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err(format!("{lit}: leading zeros are not allowed in Python"));
    }
    s.parse().map_err(|_| format!("{lit} is too large"))
}

/// A Python string literal (double quotes) whose value is `s`.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Names a program's identifiers can take, each at most once.
#[derive(Default)]
pub(super) struct Idents {
    used: BTreeSet<String>,
    /// The next number to try after each base.
    next: std::collections::HashMap<String, usize>,
}

/// Names the program itself uses (modules, helpers, `main`).
const RESERVED: &[&str] = &[
    "asyncio",
    "multiprocessing",
    "sys",
    "threading",
    "time",
    "cpu",
    "c_release",
    "io",
    "async_io",
    "model",
    "workload",
    "Thread",
    "Lock",
    "main",
    "print",
    "range",
];

impl Idents {
    /// A fresh identifier made from `name`: lower case letters, digits and `_`, with `prefix`
    /// before it and a number after it if needed.
    pub fn fresh(&mut self, prefix: &str, name: &str) -> String {
        let mut base = String::new();
        for c in name.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                base.push(c);
            } else if !base.ends_with('_') {
                base.push('_');
            }
        }
        let base = base.trim_matches('_');
        let mut base = format!("{prefix}{base}");
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("x_{base}");
        }
        let mut cand = base.clone();
        // Numbering resumes where this base's last fresh name left off (no rescans).
        let mut k = self.next.get(&base).copied().unwrap_or(2);
        while self.used.contains(&cand) || RESERVED.contains(&cand.as_str()) || is_keyword(&cand) {
            cand = format!("{base}_{k}");
            k += 1;
        }
        self.next.insert(base, k);
        self.used.insert(cand.clone());
        cand
    }

    /// Whether `name` is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.used.contains(name)
    }

    /// Takes `name` as it is (an identifier the program needs, like `main`).
    pub fn take(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }
}

/// Whether `s` is an identifier the program can use as a lock's own name.
pub(super) fn is_plain_ident(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(s)
        && !RESERVED.contains(&s)
        && s != "_"
        && !(s.starts_with("__") && s.ends_with("__"))
}
