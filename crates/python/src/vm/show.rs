//! Values written out: `repr()` and `str()` as CPython writes them (quotes chosen and
//! characters escaped as CPython does, containers that hold themselves as `[...]`, a program's
//! `__repr__` and `__str__`, exceptions), `format()` with the format-spec mini-language, and
//! printf-style `%` formatting.

use std::rc::Rc;

use super::{Flow, Vm};
use crate::value::float_repr::float_repr;
use crate::value::format_spec::{format_bool, format_float, format_int, format_str};
use crate::value::num;
use crate::value::{Iter, Key, Value};

/// A character `repr()` escapes (CPython's `str.isprintable` is false for it).
fn unprintable(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0xa0).contains(&u)
        || u == 0xad
        || (0x2000..=0x200f).contains(&u)
        || (0x2028..=0x202f).contains(&u)
        || (0x205f..=0x206f).contains(&u)
        || u == 0x3000
        || u == 0xfeff
        || (0xe000..=0xf8ff).contains(&u)
        || (0xfff9..=0xfffb).contains(&u)
}

/// `repr()` of a text.
pub fn repr_str(s: &str, ascii: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x100 && (unprintable(c) || (ascii && !c.is_ascii())) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if unprintable(c) || (ascii && !c.is_ascii()) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl Vm {
    pub fn repr(&mut self, v: &Value) -> Result<String, Flow> {
        self.repr_in(v, &mut Vec::new())
    }

    fn repr_in(&mut self, v: &Value, seen: &mut Vec<usize>) -> Result<String, Flow> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Big(b) => self.big_text(b)?,
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => repr_str(s, false),
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) => {
                return self.repr_container(v, seen);
            }
            Value::Range(a, b, c) => match c {
                1 => format!("range({a}, {b})"),
                _ => format!("range({a}, {b}, {c})"),
            },
            Value::Slice(s) => format!(
                "slice({}, {}, {})",
                self.repr_in(&s[0], seen)?,
                self.repr_in(&s[1], seen)?,
                self.repr_in(&s[2], seen)?
            ),
            Value::Instance(_) => return self.repr_instance(v),
            Value::Class(c) if c.builtin => format!("<class '{}'>", c.name),
            Value::Class(c) => format!("<class '__main__.{}'>", c.name),
            Value::Func(f) => format!("<function {} at {}>", f.code.qualname, self.address(v)),
            Value::Native(n) if crate::builtins::is_type(n) => format!("<class '{}'>", n.name),
            Value::Native(n) => format!("<built-in function {}>", n.name),
            Value::Module(m) => format!("<module '{}' (built-in)>", m.name),
            Value::Iter(it) => match &*it.borrow() {
                Iter::Gen(Some(f), ..) => {
                    format!(
                        "<generator object {} at {}>",
                        f.code.qualname,
                        self.address(v)
                    )
                }
                Iter::Coro(Some(f)) => {
                    format!(
                        "<coroutine object {} at {}>",
                        f.code.qualname,
                        self.address(v)
                    )
                }
                _ => format!("<{} object at {}>", v.type_name(), self.address(v)),
            },
            Value::NotImplemented => "NotImplemented".into(),
            Value::View(w) => {
                let items = self.collect(v)?;
                let inner = self.repr_in(&Value::list(items), seen)?;
                format!(
                    "{}({inner})",
                    ["dict_keys", "dict_values", "dict_items"][w.0 as usize % 3]
                )
            }
            _ => format!("<{} object at {}>", v.type_name(), self.address(v)),
        })
    }

    /// An address for `<... object at 0x...>`: CPython's differ from run to run; GIL Lab's
    /// follow the order in which objects are first shown, so a run always shows the same.
    fn address(&mut self, v: &Value) -> String {
        let id = v.identity().unwrap_or(0);
        let n = self.addresses.len();
        let k = *self.addresses.entry(id).or_insert(n);
        format!("0x7f3a{:08x}", 0x1000_0000 + k * 0x50)
    }

    /// An int as decimal text, within CPython's limit of 4300 digits for `str(int)`.
    fn big_text(&self, b: &num_bigint::BigInt) -> Result<String, Flow> {
        self.decimal_limit(b)?;
        let s = b.to_string();
        if s.trim_start_matches('-').len() > 4300 {
            return Err(self.too_many_digits());
        }
        Ok(s)
    }

    /// CPython refuses to write an int of more than 4300 decimal digits; one of more than
    /// 14,286 bits has at least 4301, and is refused before any digit is computed.
    fn decimal_limit(&self, b: &num_bigint::BigInt) -> Result<(), Flow> {
        if b.bits() > 14_286 {
            return Err(self.too_many_digits());
        }
        Ok(())
    }

    fn too_many_digits(&self) -> Flow {
        self.raise(
            "ValueError",
            "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        )
    }

    fn repr_container(&mut self, v: &Value, seen: &mut Vec<usize>) -> Result<String, Flow> {
        let id = v.identity().unwrap_or(0);
        if seen.contains(&id) {
            return Ok(match v {
                Value::List(_) => "[...]",
                Value::Dict(_) => "{...}",
                _ => "(...)",
            }
            .into());
        }
        seen.push(id);
        let items =
            |vm: &mut Vm, seen: &mut Vec<usize>, items: &[Value]| -> Result<Vec<String>, Flow> {
                items.iter().map(|x| vm.repr_in(x, seen)).collect()
            };
        let out = match v {
            Value::List(l) => {
                let l = l.borrow().clone();
                format!("[{}]", items(self, seen, &l)?.join(", "))
            }
            Value::Tuple(t) if t.len() == 1 => format!("({},)", self.repr_in(&t[0], seen)?),
            Value::Tuple(t) => format!("({})", items(self, seen, t)?.join(", ")),
            Value::Set(s) if s.borrow().is_empty() => "set()".into(),
            Value::Set(s) => {
                let keys: Vec<Value> = s.borrow().iter().map(|k| k.0.clone()).collect();
                format!("{{{}}}", items(self, seen, &keys)?.join(", "))
            }
            Value::Dict(d) => {
                let pairs: Vec<(Key, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(pairs.len());
                for (k, x) in pairs {
                    parts.push(format!(
                        "{}: {}",
                        self.repr_in(&k.0, seen)?,
                        self.repr_in(&x, seen)?
                    ));
                }
                format!("{{{}}}", parts.join(", "))
            }
            _ => unreachable!("a container"),
        };
        seen.pop();
        Ok(out)
    }

    fn repr_instance(&mut self, v: &Value) -> Result<String, Flow> {
        let Value::Instance(i) = v else {
            unreachable!("an instance")
        };
        if let Some(m) = i.class.lookup("__repr__")
            && !matches!(m, Value::Native(_))
        {
            let f = self.getattr(v, "__repr__")?;
            return match self.call_value(f, Vec::new(), Vec::new())? {
                Value::Str(s) => Ok(s.to_string()),
                r => Err(self.raise(
                    "TypeError",
                    format!("__repr__ returned non-string (type {})", r.type_name()),
                )),
            };
        }
        if let Some(args) = self.exception_args(v) {
            let inner = match args.len() {
                1 => self.repr(&args[0])?,
                _ => {
                    let t = self.repr(&Value::tuple(args.clone()))?;
                    t[1..t.len() - 1].trim_end_matches(',').to_string()
                }
            };
            return Ok(format!("{}({inner})", i.class.name));
        }
        Ok(format!(
            "<__main__.{} object at {}>",
            i.class.name,
            self.address(v)
        ))
    }

    /// The `args` of an exception (`None` for other values).
    pub fn exception_args(&self, v: &Value) -> Option<Vec<Value>> {
        let Value::Instance(i) = v else { return None };
        let base = self.exc.class("BaseException")?;
        if !i.class.is_sub(&base) {
            return None;
        }
        match i.attrs.borrow().get(&Key::str("args")) {
            Some(Value::Tuple(t)) => Some(t.to_vec()),
            _ => Some(Vec::new()),
        }
    }

    /// `str()` of a value.
    pub fn str_of(&mut self, v: &Value) -> Result<String, Flow> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Instance(i) => {
                if let Some(m) = i.class.lookup("__str__")
                    && !matches!(m, Value::Native(_))
                {
                    let f = self.getattr(v, "__str__")?;
                    return match self.call_value(f, Vec::new(), Vec::new())? {
                        Value::Str(s) => Ok(s.to_string()),
                        r => Err(self.raise(
                            "TypeError",
                            format!("__str__ returned non-string (type {})", r.type_name()),
                        )),
                    };
                }
                if let Some(args) = self.exception_args(v) {
                    let key_error = self.is_instance_of(v, "KeyError");
                    return match args.len() {
                        0 => Ok(String::new()),
                        1 if key_error => self.repr(&args[0]),
                        1 => self.str_of(&args[0]),
                        _ => self.repr(&Value::tuple(args)),
                    };
                }
                self.repr(v)
            }
            v => self.repr(v),
        }
    }

    /// An f-string field: the conversion (`!s`, `!r`, `!a`), then the format spec.
    pub(super) fn format_op(
        &mut self,
        v: Value,
        conv: u8,
        spec: Option<Value>,
    ) -> Result<Value, Flow> {
        let v = self.format_conv(v, conv)?;
        let spec = match spec {
            Some(Value::Str(s)) => s,
            _ => Rc::from(""),
        };
        Ok(Value::str(&self.format(&v, &spec)?))
    }

    /// A conversion: `str()` (`s`), `repr()` (`r`), `ascii()` (`a`), or the value itself.
    pub fn format_conv(&mut self, v: Value, conv: u8) -> Result<Value, Flow> {
        Ok(match conv {
            b's' => Value::str(&self.str_of(&v)?),
            b'r' => Value::str(&self.repr(&v)?),
            b'a' => Value::str(&ascii_of(&self.repr(&v)?, &v)),
            _ => v,
        })
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> Result<String, Flow> {
        let r = match v {
            Value::Str(s) => format_str(s, spec),
            Value::Bool(b) => format_bool(*b, spec),
            Value::Big(b) => {
                let decimal = !spec.ends_with(['b', 'o', 'x', 'X', 'c']);
                if decimal {
                    self.decimal_limit(b)?;
                }
                format_int(b, spec)
            }
            Value::Int(_) => format_int(&num::to_big(v).unwrap_or_default(), spec),
            Value::Float(f) => format_float(*f, spec),
            Value::Instance(i) if i.class.lookup("__format__").is_some() => {
                return Err(Flow::Refuse(
                    "a class's own `__format__` is not modelled by GIL Lab".into(),
                ));
            }
            _ if spec.is_empty() => return self.str_of(v),
            _ => {
                return Err(self.raise(
                    "TypeError",
                    format!(
                        "unsupported format string passed to {}.__format__",
                        v.type_name()
                    ),
                ));
            }
        };
        r.map_err(|m| self.raise("ValueError", m))
    }
}

/// `ascii()`: the repr with every non-ASCII character escaped.
fn ascii_of(repr: &str, v: &Value) -> String {
    match v {
        Value::Str(s) => repr_str(s, true),
        _ => repr
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else if (c as u32) < 0x100 {
                    format!("\\x{:02x}", c as u32)
                } else if (c as u32) < 0x10000 {
                    format!("\\u{:04x}", c as u32)
                } else {
                    format!("\\U{:08x}", c as u32)
                }
            })
            .collect(),
    }
}
