//! The methods of lists, tuples, dicts (and their views), sets, ints and floats. Each takes
//! the object first, then the call's arguments.

use std::cell::RefCell;
use std::rc::Rc;

use super::args::{Kw, count, no_kw, none_left, take};
use super::functions::int_arg;
use super::order::sort_values;
use crate::value::num;
use crate::value::{Key, Value};
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub fn method(type_name: &str, name: &str) -> Option<NativeFn> {
    Some(match (type_name, name) {
        ("list", "append") => list_append,
        ("list", "extend") => list_extend,
        ("list", "insert") => list_insert,
        ("list", "pop") => list_pop,
        ("list", "remove") => list_remove,
        ("list", "index") | ("tuple", "index") => seq_index,
        ("list", "count") | ("tuple", "count") => seq_count,
        ("list", "sort") => list_sort,
        ("list", "reverse") => list_reverse,
        ("list", "copy") => list_copy,
        ("list", "clear") => list_clear,
        ("dict", "get") => dict_get,
        ("dict", "setdefault") => dict_setdefault,
        ("dict", "keys") => dict_keys,
        ("dict", "values") => dict_values,
        ("dict", "items") => dict_items,
        ("dict", "pop") => dict_pop,
        ("dict", "popitem") => dict_popitem,
        ("dict", "update") => dict_update,
        ("dict", "copy") => dict_copy,
        ("dict", "clear") => dict_clear,
        ("set", _) => return super::set_methods::method(name),
        ("int" | "bool", "bit_length") => int_bit_length,
        ("float", "is_integer") => float_is_integer,
        ("generator", "close") => generator_close,
        _ => return None,
    })
}

fn this_list(v: &[Value]) -> Rc<RefCell<Vec<Value>>> {
    match v.first() {
        Some(Value::List(l)) => l.clone(),
        _ => unreachable!("a list method is bound to a list"),
    }
}

fn list_append(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "list.append", &kw)?;
    count(vm, "append", &args[1..], 1, 1)?;
    let l = this_list(&args);
    l.borrow_mut().push(args[1].clone());
    vm.check_size(l.borrow().len())?;
    Ok(Value::None)
}

fn list_extend(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "list.extend", &kw)?;
    count(vm, "extend", &args[1..], 1, 1)?;
    let l = this_list(&args);
    let items = vm.collect(&args[1])?;
    l.borrow_mut().extend(items);
    vm.check_size(l.borrow().len())?;
    Ok(Value::None)
}

fn list_insert(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "list.insert", &kw)?;
    count(vm, "insert", &args[1..], 2, 2)?;
    let l = this_list(&args);
    let n = l.borrow().len() as i64;
    let i = int_arg(vm, &args[1])?;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
    l.borrow_mut().insert(i as usize, args[2].clone());
    vm.check_size(l.borrow().len())?;
    Ok(Value::None)
}

fn list_pop(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "list.pop", &kw)?;
    count(vm, "pop", &args[1..], 0, 1)?;
    let l = this_list(&args);
    let n = l.borrow().len() as i64;
    if n == 0 {
        return Err(vm.raise("IndexError", "pop from empty list"));
    }
    let i = match args.get(1) {
        Some(v) => int_arg(vm, v)?,
        None => -1,
    };
    let i = if i < 0 { i + n } else { i };
    if !(0..n).contains(&i) {
        return Err(vm.raise("IndexError", "pop index out of range"));
    }
    Ok(l.borrow_mut().remove(i as usize))
}

fn find(vm: &mut Vm, items: &[Value], x: &Value) -> Result<Option<usize>, Flow> {
    for (i, v) in items.iter().enumerate() {
        if crate::vm::is(v, x) || vm.eq(v, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn list_remove(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "list.remove", &kw)?;
    count(vm, "remove", &args[1..], 1, 1)?;
    let l = this_list(&args);
    let items = l.borrow().clone();
    match find(vm, &items, &args[1])? {
        Some(i) => {
            l.borrow_mut().remove(i);
            Ok(Value::None)
        }
        None => Err(vm.raise("ValueError", "list.remove(x): x not in list")),
    }
}

fn seq_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn seq_index(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "index", &kw)?;
    count(vm, "index", &args[1..], 1, 3)?;
    let items = seq_items(&args[0]);
    let n = items.len() as i64;
    let bound = |vm: &Vm, v: Option<&Value>, d: i64| -> Result<usize, Flow> {
        let i = match v {
            Some(v) => int_arg(vm, v)?,
            None => d,
        };
        Ok((if i < 0 { (i + n).max(0) } else { i.min(n) }) as usize)
    };
    let (start, stop) = (bound(vm, args.get(2), 0)?, bound(vm, args.get(3), n)?);
    let part = &items[start.min(stop)..stop];
    match find(vm, part, &args[1])? {
        Some(i) => Ok(Value::Int((i + start) as i64)),
        None => {
            let what = if let Value::List(_) = args[0] {
                format!("{} is not in list", vm.repr(&args[1])?)
            } else {
                "tuple.index(x): x not in tuple".to_string()
            };
            Err(vm.raise("ValueError", what))
        }
    }
}

fn seq_count(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "count", &kw)?;
    count(vm, "count", &args[1..], 1, 1)?;
    let mut n = 0;
    for v in seq_items(&args[0]) {
        if crate::vm::is(&v, &args[1]) || vm.eq(&v, &args[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn list_sort(vm: &mut Vm, args: Vec<Value>, mut kw: Kw) -> R {
    count(vm, "sort", &args[1..], 0, 0)
        .map_err(|_| vm.raise("TypeError", "sort() takes no positional arguments"))?;
    let key = take(&mut kw, "key");
    let reverse = take(&mut kw, "reverse");
    none_left(vm, "sort", &kw)?;
    let reverse = match reverse {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    let l = this_list(&args);
    let items = std::mem::take(&mut *l.borrow_mut());
    let sorted = sort_values(vm, items.clone(), key, reverse);
    match sorted {
        Ok(s) => {
            *l.borrow_mut() = s;
            Ok(Value::None)
        }
        Err(e) => {
            *l.borrow_mut() = items;
            Err(e)
        }
    }
}

fn list_reverse(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "reverse", &kw)?;
    this_list(&args).borrow_mut().reverse();
    Ok(Value::None)
}

fn list_copy(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "copy", &kw)?;
    Ok(Value::list(this_list(&args).borrow().clone()))
}

fn list_clear(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "clear", &kw)?;
    this_list(&args).borrow_mut().clear();
    Ok(Value::None)
}

fn this_dict(v: &[Value]) -> Rc<RefCell<crate::value::Dict>> {
    match v.first() {
        Some(Value::Dict(d)) => d.clone(),
        _ => unreachable!("a dict method is bound to a dict"),
    }
}

fn dict_get(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "get", &kw)?;
    count(vm, "get", &args[1..], 1, 2)?;
    let k = vm.key(args[1].clone())?;
    let v = this_dict(&args).borrow().get(&k).cloned();
    Ok(v.unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::None)))
}

fn dict_setdefault(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "setdefault", &kw)?;
    count(vm, "setdefault", &args[1..], 1, 2)?;
    let k = vm.key(args[1].clone())?;
    let d = this_dict(&args);
    let default = args.get(2).cloned().unwrap_or(Value::None);
    let v = d.borrow_mut().entry(k).or_insert(default).clone();
    Ok(v)
}

fn view(args: &[Value], kind: u8) -> Value {
    Value::View(Rc::new((kind, this_dict(args))))
}

fn dict_keys(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "keys", &kw)?;
    Ok(view(&args, 0))
}

fn dict_values(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "values", &kw)?;
    Ok(view(&args, 1))
}

fn dict_items(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "items", &kw)?;
    Ok(view(&args, 2))
}

fn dict_pop(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "pop", &kw)?;
    count(vm, "pop", &args[1..], 1, 2)?;
    let k = vm.key(args[1].clone())?;
    let gone = this_dict(&args).borrow_mut().shift_remove(&k);
    match (gone, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(Flow::Raise(vm.exc.make("KeyError", vec![args[1].clone()]))),
    }
}

fn dict_popitem(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "popitem", &kw)?;
    let last = this_dict(&args).borrow_mut().pop();
    match last {
        Some((k, v)) => Ok(Value::tuple(vec![k.0, v])),
        None => Err(Flow::Raise(vm.exc.make(
            "KeyError",
            vec![Value::str("popitem(): dictionary is empty")],
        ))),
    }
}

fn dict_update(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    count(vm, "update", &args[1..], 0, 1)?;
    let d = this_dict(&args);
    if let Some(src) = args.get(1) {
        super::convert::dict_update(vm, &d, src)?;
    }
    for (k, v) in kw {
        d.borrow_mut().insert(Key(Value::Str(k)), v);
    }
    Ok(Value::None)
}

fn dict_copy(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "copy", &kw)?;
    Ok(crate::value::heap::dict(this_dict(&args).borrow().clone()))
}

fn dict_clear(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "clear", &kw)?;
    this_dict(&args).borrow_mut().clear();
    Ok(Value::None)
}

fn int_bit_length(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "bit_length", &kw)?;
    let b = num::to_big(&args[0]).unwrap_or_default();
    Ok(Value::Int(b.bits() as i64))
}

fn float_is_integer(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "is_integer", &kw)?;
    let Value::Float(f) = args[0] else {
        unreachable!("a float method")
    };
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}

/// `dict.fromkeys(keys, value=None)`.
pub fn dict_fromkeys(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "fromkeys", &kw)?;
    count(vm, "fromkeys", &args, 1, 2)?;
    let value = args.get(1).cloned().unwrap_or(Value::None);
    let mut d = crate::value::Dict::default();
    for k in vm.collect(&args[0])? {
        d.insert(vm.key(k)?, value.clone());
    }
    Ok(crate::value::heap::dict(d))
}

fn generator_close(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "close", &kw)?;
    vm.close_generator(&args[0])?;
    Ok(Value::None)
}
