//! printf-style formatting (`"%5.2f" % x`, `"%s is %d" % (a, b)`, `"%(name)s" % d`): each
//! conversion turned into the equivalent format spec, with CPython's messages for missing,
//! extra or mistyped arguments.

use super::{Flow, Vm};
use crate::value::format_spec::{format_float, format_int, format_str};
use crate::value::num;
use crate::value::{Key, Value};

/// One `%` conversion: flags, width, precision and type.
struct Conv {
    name: Option<String>,
    flags: String,
    width: Option<usize>,
    prec: Option<usize>,
    /// `*` as the width or the precision: taken from the arguments.
    star_width: bool,
    star_prec: bool,
    ty: char,
}

fn parse(chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<Conv, &'static str> {
    let mut name = None;
    if chars.peek() == Some(&'(') {
        chars.next();
        let mut n = String::new();
        loop {
            match chars.next() {
                Some(')') => break,
                Some(c) => n.push(c),
                None => return Err("incomplete format key"),
            }
        }
        name = Some(n);
    }
    let mut flags = String::new();
    while let Some(&c) = chars.peek() {
        if "-+ #0".contains(c) {
            flags.push(c);
            chars.next();
        } else {
            break;
        }
    }
    let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        let mut n: Option<usize> = None;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
            chars.next();
        }
        n
    };
    let star_width = chars.peek() == Some(&'*');
    if star_width {
        chars.next();
    }
    let width = number(chars);
    let (mut prec, mut star_prec) = (None, false);
    if chars.peek() == Some(&'.') {
        chars.next();
        star_prec = chars.peek() == Some(&'*');
        if star_prec {
            chars.next();
        }
        prec = Some(number(chars).unwrap_or(0));
    }
    while matches!(chars.peek(), Some('h' | 'l' | 'L')) {
        chars.next();
    }
    let ty = chars.next().ok_or("incomplete format")?;
    Ok(Conv {
        name,
        flags,
        width,
        prec,
        star_width,
        star_prec,
        ty,
    })
}

impl Vm {
    /// `fmt % args`.
    pub(super) fn percent(&mut self, fmt: &str, args: &Value) -> Result<String, Flow> {
        let (list, mapping) = match args {
            Value::Tuple(t) => (t.to_vec(), None),
            Value::Dict(_) => (vec![args.clone()], Some(args.clone())),
            v => (vec![v.clone()], None),
        };
        let mut next = 0;
        let mut out = String::new();
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut conv = parse(&mut chars).map_err(|m| self.raise("ValueError", m))?;
            if conv.star_width {
                let n = self.star_arg(&list, &mut next)?;
                if n < 0 {
                    conv.flags.push('-');
                }
                conv.width = Some(n.unsigned_abs() as usize);
            }
            if conv.star_prec {
                conv.prec = Some(self.star_arg(&list, &mut next)?.max(0) as usize);
            }
            if conv.ty == '%' {
                out.push('%');
                continue;
            }
            let v = match (&conv.name, &mapping) {
                (Some(n), Some(Value::Dict(d))) => match d.borrow().get(&Key::str(n)).cloned() {
                    Some(v) => v,
                    None => {
                        return Err(Flow::Raise(self.exc.make("KeyError", vec![Value::str(n)])));
                    }
                },
                (Some(_), _) => return Err(self.raise("TypeError", "format requires a mapping")),
                _ => {
                    let v = list.get(next).cloned();
                    next += 1;
                    v.ok_or_else(|| {
                        self.raise("TypeError", "not enough arguments for format string")
                    })?
                }
            };
            out.push_str(&self.convert(&conv, &v)?);
            self.check_size(out.len())?;
        }
        if mapping.is_none() && next < list.len() {
            return Err(self.raise(
                "TypeError",
                "not all arguments converted during string formatting",
            ));
        }
        Ok(out)
    }

    /// The next argument as the number a `*` stands for.
    fn star_arg(&self, list: &[Value], next: &mut usize) -> Result<i64, Flow> {
        let v = list.get(*next).and_then(num::to_i64);
        *next += 1;
        v.ok_or_else(|| self.raise("TypeError", "* wants int"))
    }

    fn convert(&mut self, c: &Conv, v: &Value) -> Result<String, Flow> {
        let align = if c.flags.contains('-') { "<" } else { ">" };
        let width = c.width.map(|w| w.to_string()).unwrap_or_default();
        let sign = if c.flags.contains('+') {
            "+"
        } else if c.flags.contains(' ') {
            " "
        } else {
            ""
        };
        let zero = if c.flags.contains('0') && !c.flags.contains('-') {
            "0"
        } else {
            ""
        };
        let alt = if c.flags.contains('#') { "#" } else { "" };
        let prec = c.prec.map(|p| format!(".{p}")).unwrap_or_default();
        let r = match c.ty {
            's' | 'r' | 'a' => {
                let s = match c.ty {
                    's' => self.str_of(v)?,
                    _ => self.repr(v)?,
                };
                format_str(&s, &format!("{align}{width}{prec}"))
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'c' => {
                let n = match v {
                    Value::Float(f) if c.ty != 'c' => {
                        num::float_to_int(*f).map_err(|e| self.num_err(e))?
                    }
                    Value::Str(s) if c.ty == 'c' && s.chars().count() == 1 => {
                        return format_str(s, &format!("{align}{width}"))
                            .map_err(|m| self.raise("ValueError", m));
                    }
                    v if num::to_big(v).is_some() => v.clone(),
                    _ => {
                        let what = if c.ty == 'c' {
                            "%c requires int or char".to_string()
                        } else {
                            format!(
                                "%{} format: a real number is required, not {}",
                                c.ty,
                                v.type_name()
                            )
                        };
                        return Err(self.raise("TypeError", what));
                    }
                };
                let ty = match c.ty {
                    'i' | 'u' => 'd',
                    t => t,
                };
                let align = if zero.is_empty() { align } else { "=" };
                let b = num::to_big(&n).unwrap_or_default();
                let digits_prec = c.prec.unwrap_or(0);
                let mut s = format_int(&b, &format!("{sign}{alt}{ty}"))
                    .map_err(|m| self.raise("ValueError", m))?;
                if digits_prec > 0 {
                    let neg = s.starts_with('-') || s.starts_with('+') || s.starts_with(' ');
                    let (head, body) = if neg { s.split_at(1) } else { ("", s.as_str()) };
                    s = format!("{head}{body:0>digits_prec$}");
                }
                format_str(
                    &s,
                    &format!("{}{width}", if align == "=" { ">" } else { align }),
                )
                .map(|out| {
                    if align == "=" {
                        zero_pad(&s, c.width.unwrap_or(0))
                    } else {
                        out
                    }
                })
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match v {
                    v if v.is_number() => num::to_f64(v).map_err(|e| self.num_err(e))?,
                    _ => {
                        return Err(self.raise(
                            "TypeError",
                            format!("must be real number, not {}", v.type_name()),
                        ));
                    }
                };
                let prec = if c.prec.is_none() {
                    ".6".to_string()
                } else {
                    prec
                };
                let align = if zero.is_empty() { align } else { "=" };
                let zero = if align == "=" { "0" } else { "" };
                format_float(x, &format!("{align}{sign}{alt}{zero}{width}{prec}{}", c.ty))
            }
            other => {
                return Err(self.raise(
                    "ValueError",
                    format!(
                        "unsupported format character '{other}' (0x{:x}) at index {}",
                        other as u32, 0
                    ),
                ));
            }
        };
        r.map_err(|m| self.raise("ValueError", m))
    }
}

/// A number padded with zeros after its sign to `width`.
fn zero_pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        return s.to_string();
    }
    let (sign, digits) = match s.chars().next() {
        Some('-' | '+' | ' ') => s.split_at(1),
        _ => ("", s),
    };
    let (prefix, rest) = if digits.len() > 1
        && digits.starts_with('0')
        && digits[1..].starts_with(['x', 'X', 'o'])
    {
        digits.split_at(2)
    } else {
        ("", digits)
    };
    format!("{sign}{prefix}{}{rest}", "0".repeat(width - n))
}
