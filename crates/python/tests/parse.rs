//! The front end against CPython's own parser (`cpython_ast.py` beside this file, in
//! `python3`): every program of the corpus and every lesson parses, with CPython's outline of
//! statements (kinds and lines, in order); texts that CPython refuses are refused, and those it
//! reads are read; the errors people meet most are said in CPython's words, at their place.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use gil_python::parse;
use serde_json::{Value, json};

const ORACLE: &str = include_str!("cpython_ast.py");

/// CPython's verdict on each text: its outline, or its error.
fn cpython(texts: &[String]) -> Vec<Value> {
    let mut child = Command::new("python3")
        .args(["-I", "-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let mut out = Vec::new();
    for batch in texts.chunks(100) {
        let line = json!(batch).to_string() + "\n";
        input.write_all(line.as_bytes()).unwrap();
        input.flush().unwrap();
        let mut answer = String::new();
        output.read_line(&mut answer).unwrap();
        let v: Vec<Value> = serde_json::from_str(&answer).expect("the oracle answers");
        out.extend(v);
    }
    drop(input);
    assert!(child.wait().unwrap().success());
    out
}

/// Our outline of a text, as the oracle writes it, or our error.
fn ours(text: &str) -> Value {
    match parse(text) {
        Ok(p) => {
            json!({"outline": p.outline().iter().map(|(k, l)| json!([k, l])).collect::<Vec<_>>()})
        }
        Err(e) => json!({"error": [e.message, e.line, e.col]}),
    }
}

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../sim/corpus");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_corpus_program_and_lesson_parses_with_cpythons_outline() {
    let mut named = corpus();
    assert!(named.len() >= 60);
    for p in gil_sim::presets::all() {
        named.push((
            p.name.to_string(),
            gil_sim::python::to_python(&p.scenario).text,
        ));
    }
    let texts: Vec<String> = named.iter().map(|(_, t)| t.clone()).collect();
    let theirs = cpython(&texts);
    let mut wrong = Vec::new();
    for ((name, text), t) in named.iter().zip(theirs) {
        let o = ours(text);
        if o != t {
            wrong.push(format!("{name}:\n  ours   {o}\n  CPython {t}"));
        }
        assert!(
            t.get("outline").is_some(),
            "{name}: CPython refuses it: {t}"
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Texts at the edges of the grammar.
const EDGES: &[&str] = &[
    "@decorator\n@other(1)\ndef f(a, /, b=2, *args, c, d=4, **kw) -> int:\n    return a\n",
    "class A(B, metaclass=M):\n    x: int = 1\n    def m(self): ...\n",
    "if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass\n",
    "try:\n    x\nexcept* ValueError:\n    pass\n",
    "try:\n    x\nexcept (A, B) as e:\n    y\nelse:\n    z\nfinally:\n    w\n",
    "for i in range(3):\n    continue\nelse:\n    pass\nwhile x:\n    break\nelse:\n    pass\n",
    "async def f():\n    async with a as b, c:\n        async for x in y:\n            await z\n",
    "match p:\n    case [x, *rest]:\n        pass\n    case {'k': v} if v:\n        pass\n    case _:\n        pass\n",
    "x = [i * j for i in range(3) if i for j in range(i)]\ny = {k: v for k, v in d.items()}\n",
    "print(f\"{x!r:>{w}} {y=} {'nested'}\")\n",
    "print(f\"{1:{2}}\")\n",
    "print(f\"{1:{2:{3}}}\")\n",
    "print(f\"{x:{y}.{z}}\")\n",
    "lambda: (yield)\n",
    "global a, b\ndel a[0], b.c\nassert x, 'msg'\nraise E from None\n",
    "import a.b as c, d\nfrom . import e\nfrom ..f import (g, h as i)\n",
    "(a := 1)\nx[1:2, ::3] = y\na, *b = c\n",
    "type X = int\n",
    "def f[T](x: T) -> T: ...\n",
    "print \"hello\"\n",
    "if x\n    pass\n",
    "f(a=1, 2)\n",
    "def f(a=1, b): pass\n",
    "x = 1\n    y = 2\n",
    "1 = x\n",
    "f() = 1\n",
    "del f()\n",
    "x = (1, 2\n",
    "return\n",
    "a + = 1\n",
    "def f(:\n    pass\n",
    "class C:\npass\n",
    "x = [1, 2,, 3]\n",
    "for x in 1, 2:\n    pass\n",
    "with (open(a) as b, open(c) as d):\n    pass\n",
];

#[test]
fn edge_texts_are_read_or_refused_as_cpython_does() {
    let texts: Vec<String> = EDGES.iter().map(|s| s.to_string()).collect();
    let theirs = cpython(&texts);
    let mut wrong = Vec::new();
    for (text, t) in texts.iter().zip(theirs) {
        let o = ours(text);
        let agree = match (o.get("outline"), t.get("outline")) {
            (Some(a), Some(b)) => a == b,
            // Both refuse: the line must be the same (the words may differ).
            (None, None) => o["error"][1] == t["error"][1],
            _ => false,
        };
        if !agree {
            wrong.push(format!("{text:?}\n  ours   {o}\n  CPython {t}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn common_errors_are_said_in_cpythons_words_at_their_place() {
    for (text, line, col, words) in [
        (
            "x = 1\nprint \"hello\"\n",
            2,
            1,
            "Missing parentheses in call to 'print'",
        ),
        ("if x\n    pass\n", 1, 5, "expected ':'"),
        (
            "f(a=1, 2)\n",
            1,
            8,
            "positional argument follows keyword argument",
        ),
        (
            "def f(a=1, b): pass\n",
            1,
            12,
            "non-default argument follows default argument",
        ),
        ("x = 1\n    y = 2\n", 2, 5, "unexpected indent"),
        ("x = (1, 2\n", 1, 5, "'(' was never closed"),
        ("1 = x\n", 1, 1, "cannot assign"),
        ("type X = int\n", 1, 1, "Python 3.11"),
    ] {
        let e = parse(text)
            .err()
            .unwrap_or_else(|| panic!("{text:?} is read"));
        assert!(
            e.message.contains(words) && (e.line, e.col) == (line, col),
            "{text:?}: {e}"
        );
    }
}

/// Statements nested as deep as the cap allows are read on a 2 MiB stack (a test thread's, and
/// more than the browser gives); deeper ones are refused naming the cap, never a stack overflow.
#[test]
fn deep_nesting_is_read_to_the_cap_and_refused_past_it() {
    let shapes: [(&str, &str, &str); 10] = [
        ("x = ", "-", "1"),
        ("x = ", "not ", "1"),
        ("x = 2", "**2", ""),
        ("x = ", "1 if a else ", "1"),
        ("x = ", "lambda: ", "1"),
        ("x = a", ".b", ""),
        ("x = a", "()", ""),
        ("x = 1", "+1", ""),
        ("x = 1", "<1", ""),
        ("x = 1", " and 1", ""),
    ];
    for (head, rep, tail) in shapes {
        for (n, refused) in [(490, false), (20_000, true)] {
            let text = format!("{head}{}{tail}\n", rep.repeat(n));
            let r = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || parse(&text).map(|_| ()).map_err(|e| e.message))
                .unwrap()
                .join()
                .expect("no stack overflow");
            match r {
                Err(m) if refused => assert!(m.contains("MAX_CHAIN"), "{rep:?} x {n}: {m}"),
                Ok(()) if !refused => {}
                other => panic!("{rep:?} x {n}: {other:?}"),
            }
        }
    }
}
