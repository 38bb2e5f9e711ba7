//! A scenario as program text: the docstring (name, question, lesson), imports, `model()` and
//! `workload()`, module-level locks, one function per distinct thread body (threads with the same
//! steps share one), each process's main function declaring its threads and the processes it
//! starts, and the `__main__` guard (the statements themselves: `render_steps`).

use std::collections::{BTreeMap, HashMap};

use super::render_steps::{
    Funcs, GATHER, Names, Uses, body_text, collect_locks, find_starts, fref,
};

use super::literal::{Idents, fmt_seconds, quote};
use super::model::{model_kwargs, workload_kwargs};
use crate::scenario::{Scenario, StartMethod};

/// Width the docstring and `model()` are wrapped at.
const WIDTH: usize = 88;

/// Whether a name, question or lesson can sit in the docstring and be read back exactly.
fn doc_safe(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || c == '\\')
        && !s.contains("\"\"\"")
        && !s.contains("  ")
        && s.trim() == s
        && !s.ends_with('"')
}

/// `label: text`, wrapped at single spaces, continuation lines indented by 4.
fn wrap_field(label: &str, text: &str, out: &mut String) {
    let mut line = format!("{label}: ");
    let mut first_word = true;
    for w in text.split(' ') {
        if !first_word && line.len() + 1 + w.len() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = format!("    {w}");
        } else {
            if !first_word {
                line.push(' ');
            }
            line.push_str(w);
        }
        first_word = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn call(name: &str, kwargs: &[(String, String)], indent: &str) -> String {
    let parts: Vec<String> = kwargs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let one = format!("{indent}{name}({})", parts.join(", "));
    if one.len() <= WIDTH {
        return one + "\n";
    }
    let mut s = format!("{indent}{name}(\n");
    for p in parts {
        s.push_str(&format!("{indent}    {p},\n"));
    }
    s.push_str(&format!("{indent})\n"));
    s
}

pub(super) fn render(sc: &Scenario) -> String {
    let mut n = Names {
        locks: BTreeMap::new(),
        lock_decls: Vec::new(),
        procs: Vec::new(),
        threads: HashMap::new(),
        thread_names: HashMap::new(),
        proc_index: sc
            .processes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect(),
        idents: Idents::default(),
        uses: Uses::default(),
    };
    n.idents.take("main");
    // Locks: one module-level variable per lock name (a module's globals are per process).
    for p in &sc.processes {
        for t in &p.threads {
            collect_locks(&t.program, &mut n);
        }
    }
    for (pi, p) in sc.processes.iter().enumerate() {
        n.procs.push(if pi == 0 {
            String::new()
        } else {
            n.idents.fresh("p_", &p.name)
        });
    }
    for (pi, p) in sc.processes.iter().enumerate() {
        for (ti, t) in p.threads.iter().enumerate().skip(1) {
            let v = n.idents.fresh("t_", &t.name);
            n.thread_names.insert((pi, t.name.clone()), v.clone());
            n.threads.insert((pi, ti), v);
        }
    }
    // Which process starts each child process.
    let mut starter: Vec<Option<usize>> = vec![None; sc.processes.len()];
    for (pi, p) in sc.processes.iter().enumerate() {
        for t in &p.threads {
            find_starts(&t.program, &n.proc_index, pi, &mut starter);
        }
    }

    let mut funcs = Funcs::default();
    // Thread bodies (never with declarations), then each process's main body.
    let mut thread_fn: HashMap<(usize, usize), usize> = HashMap::new();
    for (pi, p) in sc.processes.iter().enumerate() {
        for (ti, t) in p.threads.iter().enumerate().skip(1) {
            let body = body_text(&t.program, pi, &mut n, &mut funcs, 1);
            let f = funcs.add(&t.name, false, body, true);
            thread_fn.insert((pi, ti), f);
        }
    }
    let mut proc_fn: Vec<usize> = vec![0; sc.processes.len()];
    for (pi, p) in sc.processes.iter().enumerate() {
        let mut decl = String::new();
        for (ti, t) in p.threads.iter().enumerate().skip(1) {
            let v = &n.threads[&(pi, ti)];
            let mut args = format!(
                "target={}, name={}",
                fref(thread_fn[&(pi, ti)]),
                quote(&t.name)
            );
            if t.daemon {
                args.push_str(", daemon=True");
            }
            if t.interpreter != 0 {
                n.uses.thread_class = true;
                decl.push_str(&format!(
                    "    {v} = Thread({args}, interpreter={})\n",
                    t.interpreter
                ));
            } else {
                n.uses.threading = true;
                decl.push_str(&format!("    {v} = threading.Thread({args})\n"));
            }
        }
        let children: Vec<usize> = (1..sc.processes.len())
            .filter(|&c| starter[c] == Some(pi))
            .collect();
        for &c in &children {
            // The child's function is chosen below; its index is known once it is added.
            decl.push_str(&format!("\u{0}P{c}\u{0}"));
        }
        let body = body_text(&p.threads[0].program, pi, &mut n, &mut funcs, 1);
        let shareable = pi != 0 && decl.is_empty();
        let text = if decl.is_empty() {
            body
        } else {
            format!("{decl}{body}")
        };
        let hint = if pi == 0 { "main" } else { p.name.as_str() };
        proc_fn[pi] = funcs.add(hint, false, text, shareable);
    }
    // Process declarations, now that every process's function is known.
    let mut proc_decl: Vec<String> = vec![String::new(); sc.processes.len()];
    for (c, p) in sc.processes.iter().enumerate().skip(1) {
        n.uses.multiprocessing = true;
        let ctx = match p.start_method {
            StartMethod::Fork => "fork",
            StartMethod::Forkserver => "forkserver",
            StartMethod::Spawn => "spawn",
        };
        proc_decl[c] = format!(
            "    {} = multiprocessing.get_context({}).Process(target={}, name={})\n",
            n.procs[c],
            quote(ctx),
            fref(proc_fn[c]),
            quote(&p.name)
        );
    }
    // Names of functions: `main` for the main process; a body used once is named after its
    // thread (or process); a shared one `work` (coroutines: `task`).
    let mut names: Vec<String> = vec![String::new(); funcs.list.len()];
    for (i, (hint, is_async, _, users)) in funcs.list.iter().enumerate() {
        names[i] = if i == proc_fn[0] {
            "main".to_string()
        } else if *users > 1 && hint != GATHER {
            n.idents.fresh("", if *is_async { "task" } else { "work" })
        } else {
            n.idents.fresh("", hint)
        };
    }
    let resolve = |text: &str| substitute(text, &names, &proc_decl);
    // Which functions start or join each variable (one scan of every body), for `global`.
    let mut users_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, _, body, _)) in funcs.list.iter().enumerate() {
        for line in body.lines() {
            let l = line.trim();
            if let Some(v) = l
                .strip_suffix(".start()")
                .or_else(|| l.strip_suffix(".join()"))
            {
                users_of.entry(v).or_default().push(i);
            }
        }
    }

    // The file.
    let mut out = String::new();
    let mut doc = String::new();
    for (label, v) in [
        ("Name", &sc.name),
        ("Question", &sc.question),
        ("Lesson", &sc.lesson),
    ] {
        if v.is_empty() {
            continue;
        }
        if doc_safe(v) {
            wrap_field(label, v, &mut doc);
        }
    }
    if !doc.is_empty() {
        out.push_str(&format!("\"\"\"{doc}\"\"\"\n"));
    }
    let mut kwargs: Vec<(String, String)> = [
        ("name", &sc.name),
        ("question", &sc.question),
        ("lesson", &sc.lesson),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty() && !doc_safe(v))
    .map(|(k, v)| (k.to_string(), quote(v)))
    .collect();
    kwargs.extend(model_kwargs(sc));
    let switch =
        sc.runtime.switch_interval_ns != crate::scenario::Runtime::default().switch_interval_ns;
    let u = &n.uses;
    let mut imports = Vec::new();
    if u.asyncio {
        imports.push("asyncio");
    }
    if u.multiprocessing {
        imports.push("multiprocessing");
    }
    if switch {
        imports.push("sys");
    }
    if u.threading || !n.lock_decls.iter().all(|(v, l)| v != l) {
        imports.push("threading");
    }
    if u.time {
        imports.push("time");
    }
    let mut helpers = Vec::new();
    for (used, name) in [
        (u.thread_class, "Thread"),
        (u.lock_class, "Lock"),
        (u.async_io, "async_io"),
        (u.c_release, "c_release"),
        (u.cpu, "cpu"),
        (u.io, "io"),
        (!kwargs.is_empty(), "model"),
        (sc.workload.is_some(), "workload"),
    ] {
        if used {
            helpers.push(name);
        }
    }
    if !imports.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        for m in &imports {
            out.push_str(&format!("import {m}\n"));
        }
    }
    if !helpers.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("from gil_lab import {}\n", helpers.join(", ")));
    }
    let mut setup = String::new();
    if switch {
        setup.push_str(&format!(
            "sys.setswitchinterval({})\n",
            fmt_seconds(sc.runtime.switch_interval_ns)
        ));
    }
    if !kwargs.is_empty() {
        setup.push_str(&call("model", &kwargs, ""));
    }
    if let Some(w) = &sc.workload {
        setup.push_str(&call("workload", &workload_kwargs(w.mode, &w.work), ""));
    }
    for (v, l) in &n.lock_decls {
        if v == l {
            setup.push_str(&format!("{v} = threading.Lock()\n"));
        } else {
            setup.push_str(&format!("{v} = Lock({})\n", quote(l)));
        }
    }
    if !setup.is_empty() {
        out.push('\n');
        out.push_str(&setup);
    }
    // Coroutines first, then thread functions, then process mains, then `main`.
    let mut order: Vec<usize> = funcs.order.clone();
    order.sort_by_key(|&i| {
        let (_, is_async, body, _) = &funcs.list[i];
        let rank = if *is_async && !body.contains("asyncio.gather(") {
            0
        } else if *is_async {
            1
        } else if i == proc_fn[0] {
            4
        } else if proc_fn.contains(&i) {
            3
        } else {
            2
        };
        (rank, i)
    });
    for i in order {
        let (_, is_async, body, _) = &funcs.list[i];
        out.push_str("\n\n");
        out.push_str(&format!(
            "{}def {}():\n",
            if *is_async { "async " } else { "" },
            names[i]
        ));
        let body = resolve(body);
        let globals = match proc_fn.iter().position(|&g| g == i) {
            Some(pi) => globals_of(pi, i, sc, &n, &starter, &users_of),
            None => Vec::new(),
        };
        if !globals.is_empty() {
            out.push_str(&format!("    global {}\n", globals.join(", ")));
        }
        out.push_str(&body);
    }
    out.push_str(&format!(
        "\n\nif __name__ == \"__main__\":\n    {}()\n",
        names[proc_fn[0]]
    ));
    out
}

/// The variables process `pi`'s main function (function `f`) declares that other functions
/// start or join: they must be `global` there.
fn globals_of<'a>(
    pi: usize,
    f: usize,
    sc: &Scenario,
    n: &'a Names,
    starter: &[Option<usize>],
    users_of: &HashMap<&str, Vec<usize>>,
) -> Vec<&'a str> {
    let threads = (1..sc.processes[pi].threads.len()).map(|ti| n.threads[&(pi, ti)].as_str());
    let children = (1..sc.processes.len())
        .filter(|&c| starter[c] == Some(pi))
        .map(|c| n.procs[c].as_str());
    threads
        .chain(children)
        .filter(|v| users_of.get(v).is_some_and(|fs| fs.iter().any(|&g| g != f)))
        .collect()
}

/// Replaces the placeholders of function names (`\0F<i>\0`) and process declarations
/// (`\0P<c>\0`, which hold function names too) in one pass over the text.
fn substitute(text: &str, names: &[String], proc_decl: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\0') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find('\0') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let tag = &after[..j];
        let index = tag.get(1..).and_then(|k| k.parse::<usize>().ok());
        match (tag.as_bytes().first(), index) {
            (Some(b'F'), Some(k)) => out.push_str(names.get(k).map_or("", String::as_str)),
            (Some(b'P'), Some(c)) => {
                let d = proc_decl.get(c).map_or("", String::as_str);
                out.push_str(&substitute(d, names, &[]));
            }
            _ => {}
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}
