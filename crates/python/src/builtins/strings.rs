//! The methods of `str` (positions counted in characters, as Python counts them; whitespace as
//! Python's `str.split` sees it), and `str.format` with auto-numbered, numbered and named
//! fields, attribute and index lookups, conversions and format specs.

use std::rc::Rc;

use super::args::{Kw, count, no_kw, none_left, take};
use super::functions::int_arg;
use super::str_search;
use crate::value::Value;
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub fn method(name: &str) -> Option<NativeFn> {
    Some(match name {
        "split" => split,
        "rsplit" => rsplit,
        "join" => join,
        "strip" => strip,
        "lstrip" => lstrip,
        "rstrip" => rstrip,
        "replace" => replace,
        "upper" => upper,
        "lower" => lower,
        "casefold" => casefold,
        "title" => title,
        "capitalize" => capitalize,
        "swapcase" => swapcase,
        "startswith" => str_search::startswith,
        "endswith" => str_search::endswith,
        "find" => str_search::find,
        "rfind" => str_search::rfind,
        "index" => str_search::index,
        "rindex" => str_search::rindex,
        "count" => str_search::count_sub,
        "isdigit" | "isdecimal" | "isnumeric" => isdigit,
        "isalpha" => isalpha,
        "isalnum" => isalnum,
        "isspace" => isspace,
        "isupper" => isupper,
        "islower" => islower,
        "istitle" => istitle,
        "zfill" => zfill,
        "center" => center,
        "ljust" => ljust,
        "rjust" => rjust,
        "partition" => partition,
        "rpartition" => rpartition,
        "splitlines" => splitlines,
        "format" => super::str_format::format,
        "removeprefix" => removeprefix,
        "removesuffix" => removesuffix,
        _ => return None,
    })
}

pub(super) fn this(args: &[Value]) -> Rc<str> {
    match args.first() {
        Some(Value::Str(s)) => s.clone(),
        _ => unreachable!("a str method is bound to a str"),
    }
}

/// An argument that must be a str.
pub(super) fn text_arg(vm: &Vm, v: &Value, what: &str) -> Result<Rc<str>, Flow> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(vm.raise(
            "TypeError",
            format!("{what} must be str, not {}", v.type_name()),
        )),
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn split_args(vm: &mut Vm, args: &[Value], kw: &mut Kw) -> Result<(Option<Rc<str>>, i64), Flow> {
    let sep = take(kw, "sep").or_else(|| args.get(1).cloned());
    let max = take(kw, "maxsplit").or_else(|| args.get(2).cloned());
    none_left(vm, "split", kw)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(v) => {
            let t = text_arg(vm, &v, "must be str or None, not").map_err(|_| {
                vm.raise(
                    "TypeError",
                    format!("must be str or None, not {}", v.type_name()),
                )
            })?;
            if t.is_empty() {
                return Err(vm.raise("ValueError", "empty separator"));
            }
            Some(t)
        }
    };
    let max = match max {
        Some(m) => int_arg(vm, &m)?,
        None => -1,
    };
    Ok((sep, max))
}

fn split(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let text = this(&args);
    let (sep, max) = split_args(vm, &args, &mut kw)?;
    let max = if max < 0 { usize::MAX } else { max as usize };
    let parts: Vec<Value> = match sep {
        Some(sep) => text.splitn(max.saturating_add(1), &*sep).map(s).collect(),
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_start_matches(is_space);
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(s(rest));
                    break;
                }
                let end = rest.find(is_space).unwrap_or(rest.len());
                out.push(s(&rest[..end]));
                rest = rest[end..].trim_start_matches(is_space);
            }
            out
        }
    };
    Ok(Value::list(parts))
}

fn rsplit(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let text = this(&args);
    let (sep, max) = split_args(vm, &args, &mut kw)?;
    let max = if max < 0 { usize::MAX } else { max as usize };
    let mut parts: Vec<Value> = match sep {
        Some(sep) => text.rsplitn(max.saturating_add(1), &*sep).map(s).collect(),
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_end_matches(is_space);
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(s(rest));
                    break;
                }
                let start = rest.rfind(is_space).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(s(&rest[start..]));
                rest = rest[..start].trim_end_matches(is_space);
            }
            out
        }
    };
    parts.reverse();
    Ok(Value::list(parts))
}

fn join(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "join", &kw)?;
    count(vm, "join", &args[1..], 1, 1)?;
    let sep = this(&args);
    let items = vm.collect(&args[1])?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Str(t) = item else {
            return Err(vm.raise(
                "TypeError",
                format!(
                    "sequence item {i}: expected str instance, {} found",
                    item.type_name()
                ),
            ));
        };
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(t);
        vm.check_size(out.len())?;
    }
    Ok(s(&out))
}

fn strip_with(vm: &mut Vm, args: &[Value], kw: &Kw, left: bool, right: bool) -> R {
    no_kw(vm, "strip", kw)?;
    count(vm, "strip", &args[1..], 0, 1)?;
    let text = this(args);
    let chars = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(text_arg(vm, v, "strip arg")?),
    };
    let matches = |c: char| match &chars {
        Some(set) => set.contains(c),
        None => is_space(c),
    };
    let mut t: &str = &text;
    if left {
        t = t.trim_start_matches(matches);
    }
    if right {
        t = t.trim_end_matches(matches);
    }
    Ok(s(t))
}

fn strip(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    strip_with(vm, &args, &kw, true, true)
}

fn lstrip(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    strip_with(vm, &args, &kw, true, false)
}

fn rstrip(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    strip_with(vm, &args, &kw, false, true)
}

fn replace(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "replace", &kw)?;
    count(vm, "replace", &args[1..], 2, 3)?;
    let text = this(&args);
    let old = text_arg(vm, &args[1], "replace() argument 1")?;
    let new = text_arg(vm, &args[2], "replace() argument 2")?;
    let n = match args.get(3) {
        Some(v) => int_arg(vm, v)?,
        None => -1,
    };
    let out = if n < 0 {
        if old.is_empty() {
            // Python puts the new text between every character and at both ends.
            let mut o = String::from(&*new);
            for c in text.chars() {
                o.push(c);
                o.push_str(&new);
            }
            o
        } else {
            text.replace(&*old, &new)
        }
    } else if old.is_empty() {
        return Err(Flow::Refuse(
            "replace() of an empty text with a count is not modelled by GIL Lab".into(),
        ));
    } else {
        text.replacen(&*old, &new, n as usize)
    };
    vm.check_size(out.len())?;
    Ok(s(&out))
}

fn upper(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "upper", &kw)?;
    Ok(s(&this(&args).to_uppercase()))
}

fn lower(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "lower", &kw)?;
    Ok(s(&this(&args).to_lowercase()))
}

/// `str.casefold()`: `lower()` but for the characters CPython folds otherwise (generated table).
fn casefold(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "casefold", &kw)?;
    let mut out = String::new();
    for c in this(&args).chars() {
        match super::case_table::CASEFOLD.binary_search_by_key(&c, |(k, _)| *k) {
            Ok(i) => out.push_str(super::case_table::CASEFOLD[i].1),
            Err(_) => out.extend(c.to_lowercase()),
        }
    }
    Ok(s(&out))
}

fn cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

/// A character's title case (`ǆ` → `ǅ`, `ﬁ` → `Fi`), else its upper case.
fn titlecase(c: char, out: &mut String) {
    match super::case_table::TITLECASE.binary_search_by_key(&c, |(k, _)| *k) {
        Ok(i) => out.push_str(super::case_table::TITLECASE[i].1),
        Err(_) => out.extend(c.to_uppercase()),
    }
}

/// A character's lower case after a cased one: a capital sigma ending a word is `ς`.
fn lower_after_cased(c: char, next: Option<char>, out: &mut String) {
    if c == 'Σ' && !next.is_some_and(cased) {
        out.push('ς');
    } else {
        out.extend(c.to_lowercase());
    }
}

fn title(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "title", &kw)?;
    let text = this(&args);
    let mut out = String::new();
    let mut prev_cased = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if prev_cased {
            lower_after_cased(c, chars.peek().copied(), &mut out);
        } else {
            titlecase(c, &mut out);
        }
        prev_cased = cased(c);
    }
    Ok(s(&out))
}

fn capitalize(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "capitalize", &kw)?;
    let text = this(&args);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    if let Some(c) = chars.next() {
        titlecase(c, &mut out);
    }
    while let Some(c) = chars.next() {
        lower_after_cased(c, chars.peek().copied(), &mut out);
    }
    Ok(s(&out))
}

fn swapcase(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "swapcase", &kw)?;
    let out: String = this(&args)
        .chars()
        .flat_map(|c| -> Vec<char> {
            if c.is_uppercase() {
                c.to_lowercase().collect()
            } else if c.is_lowercase() {
                c.to_uppercase().collect()
            } else {
                vec![c]
            }
        })
        .collect();
    Ok(s(&out))
}

fn all_chars(args: &[Value], f: impl Fn(char) -> bool) -> R {
    let text = this(args);
    Ok(Value::Bool(!text.is_empty() && text.chars().all(f)))
}

fn isdigit(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    all_chars(&args, |c| {
        c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
    })
}

fn isalpha(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    all_chars(&args, char::is_alphabetic)
}

fn isalnum(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    all_chars(&args, char::is_alphanumeric)
}

fn isspace(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    all_chars(&args, is_space)
}

fn isupper(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let t = this(&args);
    Ok(Value::Bool(
        t.chars().any(cased) && !t.chars().any(char::is_lowercase),
    ))
}

fn islower(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let t = this(&args);
    Ok(Value::Bool(
        t.chars().any(cased) && !t.chars().any(char::is_uppercase),
    ))
}

fn istitle(_: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let mut prev_cased = false;
    let mut any = false;
    for c in this(&args).chars() {
        if c.is_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(any))
}

fn width_arg(vm: &mut Vm, args: &[Value], name: &str, max: usize) -> Result<(usize, char), Flow> {
    count(vm, name, &args[1..], 1, max)?;
    let w = int_arg(vm, &args[1])?.max(0) as usize;
    vm.check_size(w)?;
    let fill = match args.get(2) {
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().expect("one"),
        Some(_) => {
            return Err(vm.raise(
                "TypeError",
                "The fill character must be exactly one character long",
            ));
        }
        None => ' ',
    };
    Ok((w, fill))
}

fn pad(text: &str, w: usize, fill: char, left: usize) -> String {
    let f = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    let n = text.chars().count();
    if n >= w {
        return text.to_string();
    }
    let total = w - n;
    format!("{}{text}{}", f(left.min(total)), f(total - left.min(total)))
}

fn center(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "center", &kw)?;
    let (w, fill) = width_arg(vm, &args, "center", 2)?;
    let text = this(&args);
    let n = text.chars().count();
    let total = w.saturating_sub(n);
    // CPython puts the extra space on the left when the text's length and the width are odd.
    let left = total / 2 + (total & w & 1);
    Ok(s(&pad(&text, w, fill, left)))
}

fn ljust(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "ljust", &kw)?;
    let (w, fill) = width_arg(vm, &args, "ljust", 2)?;
    Ok(s(&pad(&this(&args), w, fill, 0)))
}

fn rjust(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "rjust", &kw)?;
    let (w, fill) = width_arg(vm, &args, "rjust", 2)?;
    let text = this(&args);
    let left = w.saturating_sub(text.chars().count());
    Ok(s(&pad(&text, w, fill, left)))
}

fn zfill(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "zfill", &kw)?;
    let (w, _) = width_arg(vm, &args, "zfill", 1)?;
    let text = this(&args);
    let n = text.chars().count();
    if n >= w {
        return Ok(s(&text));
    }
    let zeros = "0".repeat(w - n);
    let out = match text.chars().next() {
        Some(c @ ('+' | '-')) => format!("{c}{zeros}{}", &text[1..]),
        _ => format!("{zeros}{text}"),
    };
    Ok(s(&out))
}

fn partition_with(vm: &mut Vm, args: &[Value], kw: &Kw, right: bool) -> R {
    no_kw(vm, "partition", kw)?;
    count(vm, "partition", &args[1..], 1, 1)?;
    let text = this(args);
    let sep = text_arg(vm, &args[1], "must be str, not")?;
    if sep.is_empty() {
        return Err(vm.raise("ValueError", "empty separator"));
    }
    let at = if right {
        text.rfind(&*sep)
    } else {
        text.find(&*sep)
    };
    let parts = match at {
        Some(i) => [&text[..i], &*sep, &text[i + sep.len()..]],
        None if right => ["", "", &*text],
        None => [&*text, "", ""],
    };
    Ok(Value::tuple(parts.iter().map(|p| s(p)).collect()))
}

fn partition(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    partition_with(vm, &args, &kw, false)
}

fn rpartition(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    partition_with(vm, &args, &kw, true)
}

fn splitlines(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    let keep = take(&mut kw, "keepends").or_else(|| args.get(1).cloned());
    none_left(vm, "splitlines", &kw)?;
    let keep = match keep {
        Some(k) => vm.truthy(&k)?,
        None => false,
    };
    let text = this(&args);
    let breaks = |c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let mut out = Vec::new();
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let Some(i) = rest.find(breaks) else {
            out.push(s(rest));
            break;
        };
        let c = rest[i..].chars().next().expect("found");
        let mut end = i + c.len_utf8();
        if c == '\r' && rest[end..].starts_with('\n') {
            end += 1;
        }
        out.push(s(if keep { &rest[..end] } else { &rest[..i] }));
        rest = &rest[end..];
    }
    Ok(Value::list(out))
}

fn removeprefix(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "removeprefix", &kw)?;
    count(vm, "removeprefix", &args[1..], 1, 1)?;
    let text = this(&args);
    let p = text_arg(vm, &args[1], "removeprefix() argument")?;
    Ok(s(text.strip_prefix(&*p).unwrap_or(&text)))
}

fn removesuffix(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "removesuffix", &kw)?;
    count(vm, "removesuffix", &args[1..], 1, 1)?;
    let text = this(&args);
    let p = text_arg(vm, &args[1], "removesuffix() argument")?;
    Ok(s(text.strip_suffix(&*p).unwrap_or(&text)))
}
