//! `str.format`: auto-numbered, numbered and named fields, attribute and index lookups
//! (`{0.name}`, `{0[1]}`), conversions (`!r`, `!s`, `!a`), format specs, and `{{` `}}`.

use super::args::Kw;
use super::strings::this;
use crate::value::Value;
use crate::vm::{Flow, Vm};

type R = Result<Value, Flow>;

fn s(v: &str) -> Value {
    Value::str(v)
}

/// `template.format(*args, **kwargs)`.
pub fn format(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    let template = this(&args);
    let pos = &args[1..];
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => return Err(vm.raise("ValueError", "Single '}' encountered in format string")),
            '{' => {
                let field = read_field(vm, &mut chars)?;
                let text = format_field(vm, &field, pos, &kw, &mut auto)?;
                out.push_str(&text);
                vm.check_size(out.len())?;
            }
            c => out.push(c),
        }
    }
    Ok(s(&out))
}

/// The text of one `{...}` field, braces in its spec included.
fn read_field(vm: &Vm, chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<String, Flow> {
    let mut depth = 1;
    let mut field = String::new();
    for c in chars.by_ref() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(field);
                }
            }
            _ => {}
        }
        field.push(c);
    }
    Err(vm.raise("ValueError", "expected '}' before end of string"))
}

fn format_field(
    vm: &mut Vm,
    field: &str,
    pos: &[Value],
    kw: &Kw,
    auto: &mut usize,
) -> Result<String, Flow> {
    let (head, spec) = match field.find(':') {
        Some(i) => (&field[..i], &field[i + 1..]),
        None => (field, ""),
    };
    let (name, conv) = match head.rfind('!') {
        Some(i) => (&head[..i], head[i + 1..].chars().next()),
        None => (head, None),
    };
    if spec.contains('{') {
        return Err(Flow::Refuse(
            "nested fields in a `str.format` spec are not modelled by GIL Lab".into(),
        ));
    }
    let split = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(split);
    let mut v = if first.is_empty() {
        let v = pos.get(*auto).cloned().ok_or_else(|| {
            vm.raise(
                "IndexError",
                format!("Replacement index {auto} out of range for positional args tuple"),
            )
        })?;
        *auto += 1;
        v
    } else if let Ok(i) = first.parse::<usize>() {
        pos.get(i).cloned().ok_or_else(|| {
            vm.raise(
                "IndexError",
                format!("Replacement index {i} out of range for positional args tuple"),
            )
        })?
    } else {
        match kw.iter().find(|(k, _)| &**k == first) {
            Some((_, v)) => v.clone(),
            None => return Err(Flow::Raise(vm.exc.make("KeyError", vec![s(first)]))),
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            v = vm.getattr(&v, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| vm.raise("ValueError", "Missing ']' in format string"))?;
            let key = &r[..end];
            let k = key
                .parse::<i64>()
                .map(Value::Int)
                .unwrap_or_else(|_| s(key));
            v = vm.subscript(&v, &k)?;
            rest = &r[end + 1..];
        } else {
            return Err(vm.raise(
                "ValueError",
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    let v = match conv {
        None => v,
        Some(c @ ('r' | 's' | 'a')) => vm.format_conv(v, c as u8)?,
        Some(c) => {
            return Err(vm.raise("ValueError", format!("Unknown conversion specifier {c}")));
        }
    };
    vm.format(&v, spec)
}
