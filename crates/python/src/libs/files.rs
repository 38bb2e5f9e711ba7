//! Files, in memory: a run has a folder of its own that starts empty. `open()` (its file
//! objects are Python, `fileio.py`, over the `_fs` natives here) writes, appends and reads
//! the run's files; `os` removes and lists them, and gives the process's number and the
//! machine's CPU count. Opening a file is blocking I/O (the thread waits `Vm::file_ns` with the
//! GIL released); a file the program did not write is refused, never guessed.

use std::collections::BTreeMap;

use crate::builtins::args::{Kw, count, no_kw};
use crate::value::Value;
use crate::vm::{Block, Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

/// The run's files: their names and texts (`None`: a file the program removed).
type Folder = BTreeMap<String, Option<String>>;

/// The process number `os.getpid()` gives: the same every run.
const PID: i64 = 4242;

pub const FS: &[(&str, NativeFn)] = &[
    ("read", read),
    ("write", write),
    ("append", append),
    ("exists", exists),
];

pub const OS: &[(&str, NativeFn)] = &[
    ("getpid", getpid),
    ("getppid", getppid),
    ("cpu_count", cpu_count),
    ("remove", remove),
    ("unlink", remove),
    ("listdir", listdir),
    ("getcwd", getcwd),
];

pub const PATH: &[(&str, NativeFn)] = &[
    ("exists", exists),
    ("isfile", exists),
    ("getsize", getsize),
    ("join", join),
    ("basename", basename),
];

/// `os`'s constants.
pub fn os_values() -> Vec<(&'static str, Value)> {
    vec![
        ("sep", Value::str("/")),
        ("linesep", Value::str("\n")),
        ("name", Value::str("posix")),
    ]
}

fn folder(vm: &mut Vm) -> &mut Folder {
    vm.lib_state("files", Folder::new)
}

/// A file's name in the run's folder (`./a.txt` is `a.txt`); other folders are refused.
fn name_of(vm: &Vm, v: Option<&Value>) -> Result<String, Flow> {
    let Some(Value::Str(s)) = v else {
        return Err(vm.raise("TypeError", "expected str, bytes or os.PathLike object"));
    };
    let name = s.strip_prefix("./").unwrap_or(s);
    if name.is_empty() || name.contains('/') {
        return Err(Flow::Refuse(format!(
            "files outside the program's own folder ({s:?}) are not modelled by GIL Lab"
        )));
    }
    Ok(name.to_string())
}

fn not_found(vm: &Vm, name: &str) -> Flow {
    vm.raise(
        "FileNotFoundError",
        format!("[Errno 2] No such file or directory: '{name}'"),
    )
}

/// `_fs.read(name)`: the file's text; a file the run did not write is refused.
fn read(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "read", &kw)?;
    let name = name_of(vm, args.first())?;
    match folder(vm).get(&name) {
        Some(Some(text)) => Ok(Value::str(text)),
        Some(None) => Err(not_found(vm, &name)),
        None => Err(Flow::Refuse(format!(
            "reading {name:?}, a file the program did not write, is not modelled by GIL Lab"
        ))),
    }
}

fn write(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    store(vm, args, kw, false)
}

fn append(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    store(vm, args, kw, true)
}

fn store(vm: &mut Vm, args: Vec<Value>, kw: Kw, append: bool) -> R {
    no_kw(vm, "write", &kw)?;
    count(vm, "write", &args, 2, 2)?;
    let name = name_of(vm, args.first())?;
    let Value::Str(text) = &args[1] else {
        return Err(vm.raise("TypeError", "write() argument must be str"));
    };
    let cap = vm.limits.max_output;
    let f = folder(vm);
    let total: usize = f.values().flatten().map(String::len).sum::<usize>() + text.len();
    if total > cap {
        return Err(Flow::Refuse(format!(
            "the program's files hold more than {cap} bytes: GIL Lab caps them as its output"
        )));
    }
    let file = f.entry(name).or_default().get_or_insert_with(String::new);
    if !append {
        file.clear();
    }
    file.push_str(text);
    Ok(Value::None)
}

fn exists(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let name = name_of(vm, args.first())?;
    Ok(Value::Bool(matches!(folder(vm).get(&name), Some(Some(_)))))
}

fn getsize(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let name = name_of(vm, args.first())?;
    match folder(vm).get(&name) {
        Some(Some(t)) => Ok(Value::Int(t.len() as i64)),
        _ => Err(not_found(vm, &name)),
    }
}

fn remove(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "remove", &kw)?;
    let name = name_of(vm, args.first())?;
    match folder(vm).get_mut(&name) {
        Some(file @ Some(_)) => {
            *file = None;
            Ok(Value::None)
        }
        _ => Err(not_found(vm, &name)),
    }
}

fn listdir(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    match args.first() {
        None => {}
        Some(Value::Str(s)) if s.as_ref() == "." => {}
        Some(_) => {
            return Err(Flow::Refuse(
                "listing a folder other than the program's own is not modelled by GIL Lab".into(),
            ));
        }
    }
    let names = folder(vm)
        .iter()
        .filter(|(_, text)| text.is_some())
        .map(|(n, _)| Value::str(n))
        .collect();
    Ok(crate::value::heap::list(names))
}

fn getcwd(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::str("/gil-lab/run"))
}

fn getpid(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(PID))
}

fn getppid(_: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(PID - 1))
}

fn cpu_count(vm: &mut Vm, _: Vec<Value>, _: Kw) -> R {
    Ok(Value::Int(i64::from(vm.cpu_count)))
}

fn join(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let mut out = String::new();
    for a in &args {
        let Value::Str(s) = a else {
            return Err(vm.raise("TypeError", "join() argument must be str"));
        };
        if s.starts_with('/') {
            out.clear();
        } else if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(s);
    }
    Ok(Value::str(&out))
}

fn basename(vm: &mut Vm, args: Vec<Value>, _: Kw) -> R {
    let Some(Value::Str(s)) = args.first() else {
        return Err(vm.raise("TypeError", "expected str"));
    };
    Ok(Value::str(s.rsplit('/').next().unwrap_or("")))
}

/// `open(name, mode)`: the file object (made by `fileio.py`), after the wait of opening it.
pub fn open_wait(vm: &mut Vm, file: Value) -> R {
    let t = vm.current;
    vm.threads[t].resume = Some(file);
    Err(Flow::Block(Block::Io(vm.file_ns)))
}
