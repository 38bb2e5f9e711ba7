//! `repr()` of a float as CPython 3.11 writes it (which is also `str()`): the shortest digits
//! that read back as the same float, in positional form when the decimal exponent is from -4 to
//! 15 and in scientific form (`1e+16`, `1.5e-05`) otherwise. The digits come from Rust's own
//! float formatting (shortest round trip, or correctly rounded to a number of digits); this
//! module only arranges them, and lends that arranging to [`super::format_spec`].

/// `repr(x)` as CPython writes it: `0.1`, `1.0`, `-0.0`, `1e+16`, `1.5e-05`, `5e-324`, `inf`,
/// `-inf`, `nan`.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    format!("{sign}{}", repr_body(x.abs(), false))
}

/// `repr` of a finite, non-negative `x`; `alternate` (the spec's `#`) keeps a point even in
/// scientific form (`1.e+16`).
pub(crate) fn repr_body(x: f64, alternate: bool) -> String {
    let (digits, exp) = decimal_digits(x, None);
    if (-4..16).contains(&exp) {
        with_point(positional(&digits, exp), ".0")
    } else {
        scientific(&digits, exp, alternate)
    }
}

/// The significant digits of a finite, non-negative `x` and its decimal exponent, so that
/// `x ≈ d.ddd × 10^exp`. `None` gives the shortest digits that read back as `x`; `Some(n)` gives
/// `n + 1` digits, rounded half to even on the exact binary value (zero gives `0` and 0).
pub(crate) fn decimal_digits(x: f64, after_first: Option<usize>) -> (String, i32) {
    let text = match after_first {
        None => shortest(x),
        Some(n) => format!("{x:.*e}", n.min(EXACT)),
    };
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let mut digits = mantissa.replace('.', "");
    if let Some(n) = after_first.filter(|&n| n > EXACT) {
        digits.push_str(&"0".repeat(n - EXACT));
    }
    (digits, exp.parse().unwrap_or(0))
}

/// Enough digits, after the first or after the point, to write any f64 exactly (767
/// significant digits at most, 1074 after the point): past them come only zeros, which are
/// added by hand (Rust's formatting refuses a precision past `u16::MAX`).
pub(crate) const EXACT: usize = 1100;

/// `x` with `precision` digits after the point, as `{:.precision$}` writes it.
pub(crate) fn fixed_digits(x: f64, precision: usize) -> String {
    let mut text = format!("{x:.*}", precision.min(EXACT));
    text.push_str(&"0".repeat(precision.saturating_sub(EXACT)));
    text
}

/// The shortest digits that read back as `x`, in Rust's `{:e}` form. Of two candidates as near,
/// Rust may take the upper one; CPython takes the even one, as correct rounding to that many
/// digits does: that rounding is kept whenever it reads back as `x` too.
fn shortest(x: f64) -> String {
    let shortest = format!("{x:e}");
    let after_first = shortest.find('e').unwrap_or(1).saturating_sub(2);
    let nearest = format!("{x:.after_first$e}");
    if nearest.parse::<f64>() == Ok(x) {
        nearest
    } else {
        shortest
    }
}

/// `digits` × 10^(`exp` + 1 - len) written without an exponent; no point when it is whole.
pub(crate) fn positional(digits: &str, exp: i32) -> String {
    let len = digits.len() as i64;
    let point = i64::from(exp) + 1;
    if point <= 0 {
        format!("0.{}{digits}", zeros(-point))
    } else if point >= len {
        format!("{digits}{}", zeros(point - len))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    }
}

/// `d.ddde+XX` as C's `printf` writes it (at least two exponent digits); `alternate` keeps the
/// point after a lone digit.
pub(crate) fn scientific(digits: &str, exp: i32, alternate: bool) -> String {
    let mut rest = digits.chars();
    let first = rest.next().unwrap_or('0');
    let rest = rest.as_str();
    let point = if rest.is_empty() && !alternate {
        ""
    } else {
        "."
    };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{first}{point}{rest}e{sign}{:02}", exp.unsigned_abs())
}

/// `text`, with `tail` added when it has no point.
pub(crate) fn with_point(mut text: String, tail: &str) -> String {
    if !text.contains('.') {
        text.push_str(tail);
    }
    text
}

fn zeros(n: i64) -> String {
    "0".repeat(usize::try_from(n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn writes_floats_as_cpython() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (1.2345678901234567e20, "1.2345678901234567e+20"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (123456.789, "123456.789"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "{x:e}");
        }
    }
}
