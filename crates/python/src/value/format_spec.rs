//! The format-specification mini-language of CPython 3.11 (what `format(v, spec)`, f-strings'
//! `{v:spec}` and `str.format` use) for the built-in `str`, `int`, `bool` and `float`:
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`. Each `Err` is CPython's own
//! message, word for word; CPython raises it as a `ValueError`, except the `OverflowError`s that
//! [`format_int`] names. Two are GIL Lab's own: widths and precisions are capped at
//! [`MAX_WIDTH`] ([`CAPPED`]) so that no spec can ask for gigabytes, and the type `c` refuses a
//! lone surrogate, which a Rust string cannot hold.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use super::float_repr::{
    decimal_digits, fixed_digits, positional, repr_body, scientific, with_point,
};

/// The largest width or precision GIL Lab writes (CPython's limit is `sys.maxsize`).
pub const MAX_WIDTH: usize = 10_000_000;

/// The message for a width or precision past [`MAX_WIDTH`] (GIL Lab's, not CPython's).
pub const CAPPED: &str = "GIL Lab caps a width or precision at 10000000";

/// A parsed format spec. `fill` is `' '` unless given (or `'0'` by the `0` flag); `width` is 0
/// when absent; `align`, `sign`, `grouping` and `ty` hold the characters as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub fill: char,
    /// One of `<`, `>`, `^`, `=`.
    pub align: Option<char>,
    /// One of `+`, `-`, `' '`.
    pub sign: Option<char>,
    /// `z`: a negative zero (after rounding) is written without its sign.
    pub no_neg_zero: bool,
    /// `#`.
    pub alternate: bool,
    /// The `0` before the width (only when no fill was given).
    pub zero: bool,
    pub width: usize,
    /// `,` or `_`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// Parses `spec`; the message for trailing text names the type `object` (the formatters below
/// name theirs: [`parse_spec_for`]).
pub fn parse_spec(spec: &str) -> Result<Spec, String> {
    parse_spec_for(spec, "object")
}

/// Parses `spec` for a value of the type `type_name`, which CPython names when text is left
/// over after the type character. The grouping is checked against the type by each formatter.
pub fn parse_spec_for(spec: &str, type_name: &str) -> Result<Spec, String> {
    let c: Vec<char> = spec.chars().collect();
    let is_align = |i: usize| matches!(c.get(i), Some('<' | '>' | '=' | '^'));
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: None,
        no_neg_zero: false,
        alternate: false,
        zero: false,
        width: 0,
        grouping: None,
        precision: None,
        ty: None,
    };
    let mut i = 0;
    let fill_given = is_align(1);
    if fill_given {
        (s.fill, s.align, i) = (c[0], Some(c[1]), 2);
    } else if is_align(0) {
        (s.align, i) = (Some(c[0]), 1);
    }
    if let Some(&sign @ ('+' | '-' | ' ')) = c.get(i) {
        (s.sign, i) = (Some(sign), i + 1);
    }
    s.no_neg_zero = eat(&c, &mut i, 'z');
    s.alternate = eat(&c, &mut i, '#');
    if !fill_given && eat(&c, &mut i, '0') {
        (s.zero, s.fill) = (true, '0');
    }
    s.width = decimal(&c, &mut i)?.unwrap_or(0);
    s.grouping = grouping(&c, &mut i)?;
    if eat(&c, &mut i, '.') {
        let precision = decimal(&c, &mut i)?;
        s.precision = Some(precision.ok_or("Format specifier missing precision")?);
    }
    match &c[i..] {
        [] => {}
        [ty] => s.ty = Some(*ty),
        _ => {
            return Err(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            ));
        }
    }
    Ok(s)
}

/// `format(s, spec)` for a `str`.
pub fn format_str(s: &str, spec: &str) -> Result<String, String> {
    let spec = parse_spec_for(spec, "str")?;
    check_grouping(&spec, Some('s'))?;
    if let Some(ty) = spec.ty.filter(|&t| t != 's') {
        return Err(unknown_code(ty, "str"));
    }
    let refusal = match spec.sign {
        Some(' ') => Some("Space not allowed"),
        Some(_) => Some("Sign not allowed"),
        None if spec.no_neg_zero => Some("Negative zero coercion (z) not allowed"),
        None if spec.alternate => Some("Alternate form (#) not allowed"),
        None if spec.align == Some('=') => Some("'=' alignment not allowed"),
        None => None,
    };
    if let Some(refusal) = refusal {
        return Err(format!("{refusal} in string format specifier"));
    }
    check_cap(&spec)?;
    let text: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad(
        "",
        &text,
        spec.fill,
        spec.align.unwrap_or('<'),
        spec.width,
    ))
}

/// `format(v, spec)` for an `int`. Three messages are not `ValueError`s in CPython but
/// `OverflowError`s: `%c arg not in range(0x110000)` and `Python int too large to convert to C
/// long` (type `c`), and `int too large to convert to float` (the float types). A lone
/// surrogate from `c`, which a Rust string cannot hold, is refused with GIL Lab's own message.
pub fn format_int(v: &BigInt, spec: &str) -> Result<String, String> {
    format_integer(v, spec, "int")
}

/// `format(b, spec)` for a `bool`: `True` or `False` for the empty spec, else as the int 1 or 0
/// (`format(True, '>5')` is `'    1'`).
pub fn format_bool(b: bool, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(if b { "True" } else { "False" }.to_string());
    }
    format_integer(&BigInt::from(u8::from(b)), spec, "bool")
}

/// `format(x, spec)` for a `float`.
pub fn format_float(x: f64, spec: &str) -> Result<String, String> {
    let spec = parse_spec_for(spec, "float")?;
    check_grouping(&spec, None)?;
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => float_with(x, &spec),
        Some(ty) => Err(unknown_code(ty, "float")),
    }
}

fn format_integer(v: &BigInt, spec: &str, type_name: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(v.to_string());
    }
    let spec = parse_spec_for(spec, type_name)?;
    check_grouping(&spec, Some('d'))?;
    match spec.ty.unwrap_or('d') {
        'b' | 'c' | 'd' | 'n' | 'o' | 'x' | 'X' => int_with(v, &spec),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => match v.to_f64().filter(|x| x.is_finite()) {
            Some(x) => float_with(x, &spec),
            None => Err("int too large to convert to float".to_string()),
        },
        ty => Err(unknown_code(ty, type_name)),
    }
}

/// An int with one of the int types (checked by the caller).
fn int_with(v: &BigInt, spec: &Spec) -> Result<String, String> {
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    if spec.no_neg_zero {
        return Err("Negative zero coercion (z) not allowed in integer format specifier".into());
    }
    let ty = spec.ty.unwrap_or('d');
    if ty == 'c' {
        return char_with(v, spec);
    }
    check_cap(spec)?;
    let (radix, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.magnitude().to_str_radix(radix);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let number = Number {
        negative: v.sign() == Sign::Minus,
        prefix: if spec.alternate { prefix } else { "" },
        digits,
        rest: String::new(),
        group: if radix == 10 { 3 } else { 4 },
    };
    Ok(number.layout(spec))
}

/// An int with the type `c`: the character with that code point.
fn char_with(v: &BigInt, spec: &Spec) -> Result<String, String> {
    if spec.sign.is_some() {
        return Err("Sign not allowed with integer format specifier 'c'".to_string());
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed with integer format specifier 'c'".into());
    }
    let code = v
        .to_i64()
        .ok_or("Python int too large to convert to C long")?;
    let code = u32::try_from(code).ok().filter(|&c| c < 0x110000);
    let code = code.ok_or("%c arg not in range(0x110000)")?;
    let ch = char::from_u32(code)
        .ok_or_else(|| format!("GIL Lab's strings cannot hold the lone surrogate U+{code:04X}"))?;
    check_cap(spec)?;
    let number = Number {
        negative: false,
        prefix: "",
        digits: ch.to_string(),
        rest: String::new(),
        group: 3,
    };
    Ok(number.layout(spec))
}

/// A float (or an int turned float) with one of the float types or none (checked by the caller).
fn float_with(x: f64, spec: &Spec) -> Result<String, String> {
    check_cap(spec)?;
    let ty = spec.ty;
    let x = if ty == Some('%') { x * 100.0 } else { x };
    let mut body = float_body(x.abs(), spec);
    if matches!(ty, Some('E' | 'F' | 'G')) {
        body.make_ascii_uppercase();
    }
    let all_zero = x.is_finite() && body.bytes().all(|b| !b.is_ascii_digit() || b == b'0');
    let negative = x.is_sign_negative() && !x.is_nan() && !(spec.no_neg_zero && all_zero);
    if ty == Some('%') {
        body.push('%');
    }
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let rest = body.split_off(split);
    let number = Number {
        negative,
        prefix: "",
        digits: body,
        rest,
        group: 3,
    };
    Ok(number.layout(spec))
}

/// The digits of a non-negative `x` (no sign; for `%`, `x` is already times 100), lower case.
fn float_body(x: f64, spec: &Spec) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return "inf".to_string();
    }
    let alt = spec.alternate;
    let precision = spec.precision.unwrap_or(6);
    match spec.ty {
        None if spec.precision.is_none() => repr_body(x, alt),
        None => general(x, precision, alt, true),
        Some('e' | 'E') => scientific_to(x, precision, alt),
        Some('f' | 'F' | '%') => fixed(x, precision, alt),
        _ => general(x, precision, alt, false),
    }
}

/// `x` with `precision` digits after the point (`f`).
fn fixed(x: f64, precision: usize, alt: bool) -> String {
    let text = fixed_digits(x, precision);
    if alt && precision == 0 {
        text + "."
    } else {
        text
    }
}

/// `x` in scientific form with `precision` digits after the point (`e`).
fn scientific_to(x: f64, precision: usize, alt: bool) -> String {
    let (digits, exp) = decimal_digits(x, Some(precision));
    scientific(&digits, exp, alt)
}

/// `x` to `precision` significant digits (`g`), trailing zeros dropped unless `alt`. With
/// `dot0` (no type but a precision) a positional result keeps a digit after the point, and the
/// scientific form starts one exponent sooner.
fn general(x: f64, precision: usize, alt: bool, dot0: bool) -> String {
    let precision = precision.max(1);
    let (mut digits, exp) = decimal_digits(x, Some(precision - 1));
    if !alt {
        let kept = digits.trim_end_matches('0').len().max(1);
        digits.truncate(kept);
    }
    let limit = i64::try_from(precision).unwrap_or(i64::MAX) - i64::from(dot0);
    if exp < -4 || i64::from(exp) >= limit {
        return scientific(&digits, exp, alt);
    }
    let text = positional(&digits, exp);
    match (dot0, alt) {
        (true, _) => with_point(text, ".0"),
        (false, true) => with_point(text, "."),
        (false, false) => text,
    }
}

/// A number ready to be laid out: `sign prefix digits rest`, where only `digits` are grouped
/// (every `group` digits) and zero-padded.
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    digits: String,
    rest: String,
    group: usize,
}

impl Number<'_> {
    fn layout(&self, spec: &Spec) -> String {
        let sign = match (self.negative, spec.sign) {
            (true, _) => "-",
            (false, Some('+')) => "+",
            (false, Some(' ')) => " ",
            _ => "",
        };
        let lead = format!("{sign}{}", self.prefix);
        let align = spec.align.unwrap_or(if spec.zero { '=' } else { '>' });
        // With a fill of zeros after the sign, the zeros are digits: they take separators.
        let min_digits = if spec.fill == '0' && align == '=' {
            spec.width
                .saturating_sub(lead.len() + self.rest.chars().count())
        } else {
            0
        };
        let separator = spec.grouping.filter(|_| !self.digits.is_empty());
        let digits = group(&self.digits, separator, self.group, min_digits);
        pad(&lead, &(digits + &self.rest), spec.fill, align, spec.width)
    }
}

/// `digits` with `separator` between groups of `every`, counted from the right, and zeros in
/// front until the result is at least `min_width` long (never starting with a separator).
fn group(digits: &str, separator: Option<char>, every: usize, min_width: usize) -> String {
    let Some(separator) = separator else {
        let zeros = min_width.saturating_sub(digits.chars().count());
        return format!("{}{digits}", "0".repeat(zeros));
    };
    let mut source = digits.chars().rev();
    let (mut left, mut wanted) = (digits.len(), min_width);
    let mut out = Vec::with_capacity(min_width.max(digits.len() * 2));
    loop {
        let size = every.min(left.max(wanted).max(1));
        out.extend((0..size).map(|_| source.next().unwrap_or('0')));
        left = left.saturating_sub(size);
        wanted = wanted.saturating_sub(size);
        if left == 0 && wanted == 0 {
            break;
        }
        out.push(separator);
        wanted = wanted.saturating_sub(1);
    }
    out.iter().rev().collect()
}

/// `lead` and `body` padded with `fill` to `width` characters: the fill goes after `lead` for
/// `=`, and around both otherwise.
fn pad(lead: &str, body: &str, fill: char, align: char, width: usize) -> String {
    let gap = width.saturating_sub(lead.chars().count() + body.chars().count());
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{lead}{body}{}", fills(gap)),
        '^' => format!("{}{lead}{body}{}", fills(gap / 2), fills(gap - gap / 2)),
        '=' => format!("{lead}{}{body}", fills(gap)),
        _ => format!("{}{lead}{body}", fills(gap)),
    }
}

/// Consumes `want` at `i` if it is there.
fn eat(c: &[char], i: &mut usize, want: char) -> bool {
    let found = c.get(*i) == Some(&want);
    *i += usize::from(found);
    found
}

/// The decimal number at `i`, if any digits are there; CPython refuses one past `sys.maxsize`.
fn decimal(c: &[char], i: &mut usize) -> Result<Option<usize>, String> {
    let mut value: Option<i64> = None;
    while let Some(digit) = c.get(*i).and_then(|ch| ch.to_digit(10)) {
        let next = value.unwrap_or(0).checked_mul(10);
        let next = next.and_then(|v| v.checked_add(i64::from(digit)));
        value = Some(next.ok_or("Too many decimal digits in format string")?);
        *i += 1;
    }
    Ok(value.map(|v| usize::try_from(v).unwrap_or(usize::MAX)))
}

/// The grouping option at `i`: `,` or `_`, not both.
fn grouping(c: &[char], i: &mut usize) -> Result<Option<char>, String> {
    let both = || "Cannot specify both ',' and '_'.".to_string();
    let comma = eat(c, i, ',');
    let underscore = eat(c, i, '_');
    match (comma, underscore) {
        (true, true) => Err(both()),
        (false, true) if c.get(*i) == Some(&',') => Err(both()),
        (false, true) => Ok(Some('_')),
        (true, false) => Ok(Some(',')),
        (false, false) => Ok(None),
    }
}

/// `,` goes with the decimal types, `_` with those and the binary, octal and hex ones;
/// `default` is the type when none is written (`None`: a float's own).
fn check_grouping(spec: &Spec, default: Option<char>) -> Result<(), String> {
    let Some(separator) = spec.grouping else {
        return Ok(());
    };
    let ty = spec.ty.or(default);
    let fits = match ty {
        None | Some('d' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => true,
        Some('b' | 'o' | 'x' | 'X') => separator == '_',
        Some(_) => false,
    };
    if fits {
        return Ok(());
    }
    let ty = ty.map(shown).unwrap_or_default();
    Err(format!("Cannot specify '{separator}' with '{ty}'."))
}

fn check_cap(spec: &Spec) -> Result<(), String> {
    if spec.width > MAX_WIDTH || spec.precision.is_some_and(|p| p > MAX_WIDTH) {
        return Err(CAPPED.to_string());
    }
    Ok(())
}

fn unknown_code(ty: char, type_name: &str) -> String {
    format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        shown(ty)
    )
}

/// A type character as CPython names it in a message: itself when printable ASCII, else
/// `\x` and its code point in hex.
fn shown(ty: char) -> String {
    if ('\u{21}'..='\u{7f}').contains(&ty) {
        ty.to_string()
    } else {
        format!("\\x{:x}", u32::from(ty))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_a_few_as_cpython() {
        let int = |v: i64, s| format_int(&BigInt::from(v), s);
        assert_eq!(int(1234, "08,").unwrap(), "0,001,234");
        assert_eq!(int(-255, "#010x").unwrap(), "-0x00000ff");
        assert_eq!(format_float(2.675, ".2f").unwrap(), "2.67");
        assert_eq!(format_float(1e16, "").unwrap(), "1e+16");
        assert_eq!(format_float(100.0, ".3").unwrap(), "1e+02");
        assert_eq!(format_bool(true, ">5").unwrap(), "    1");
        assert_eq!(format_str("ab", "05").unwrap(), "ab000");
        assert_eq!(
            format_float(1.0, "d").unwrap_err(),
            "Unknown format code 'd' for object of type 'float'"
        );
    }

    #[test]
    fn huge_widths_are_refused_without_allocating() {
        assert_eq!(format_str("a", "999999999999").unwrap_err(), CAPPED);
        assert_eq!(format_float(1.0, ".99999999999f").unwrap_err(), CAPPED);
        assert_eq!(
            format_str("a", "99999999999999999999").unwrap_err(),
            "Too many decimal digits in format string"
        );
    }
}
