//! The reader against CPython's own tokenizer (`cpython_tokens.py` beside this file, run in
//! `python3`): on every preset's program, on texts crafted where readers and CPython part ways
//! (line ends, form feeds, tabs, byte order marks, encoding declarations, names CPython
//! normalises, escapes, numbers), on thousands of variants of the presets with those edits
//! made at many places, and on the fuzz targets' seeds and corpora, the reader either refuses
//! the text or reads exactly CPython's tokens (kinds, text, places, names after NFKC, string
//! values); and a program the whole reader accepts compiles in CPython.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use gil_sim::presets;
use gil_sim::python::{PyToken, from_python, to_python, tokens};
use serde_json::{Value, json};

const ORACLE: &str = include_str!("cpython_tokens.py");

/// The reader's view of a text: its tokens (none if refused) and whether it reads as a program.
fn case(text: &str) -> Value {
    let ours = tokens(text).ok().map(|ts| {
        ts.iter()
            .map(|t: &PyToken| {
                json!([
                    t.kind,
                    t.text,
                    [t.start.0, t.start.1],
                    [t.end.0, t.end.1],
                    t.value
                ])
            })
            .collect::<Vec<_>>()
    });
    json!({"text": text, "ours": ours, "reader": from_python(text).is_ok()})
}

/// Asks CPython about every text (in batches); returns the disagreements and how many texts
/// the reader tokenized (and so were compared).
fn disagreements(texts: &[String]) -> (Vec<String>, usize) {
    let mut child = Command::new("python3")
        .args(["-I", "-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (CPython 3.11 is on every machine)");
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let (mut bad, mut compared) = (Vec::new(), 0);
    for batch in texts.chunks(200) {
        let cases: Vec<Value> = batch.iter().map(|t| case(t)).collect();
        compared += cases.iter().filter(|c| !c["ours"].is_null()).count();
        // One write per batch: a pipe written piece by piece is a syscall per JSON token.
        let line = Value::Array(cases).to_string() + "\n";
        input.write_all(line.as_bytes()).unwrap();
        input.flush().unwrap();
        let mut line = String::new();
        output.read_line(&mut line).unwrap();
        let answers: Vec<Value> = serde_json::from_str(&line).expect("the oracle answers");
        for (text, a) in batch.iter().zip(answers) {
            if let Some(why) = a.as_str() {
                bad.push(format!(
                    "{why}\n    in {:?}",
                    text.chars().take(300).collect::<String>()
                ));
            }
        }
    }
    drop(input);
    assert!(child.wait().unwrap().success());
    (bad, compared)
}

fn check(texts: &[String], min_compared: usize) {
    let (bad, compared) = disagreements(texts);
    assert!(
        bad.is_empty(),
        "{} of {} texts read differently from CPython:\n{}",
        bad.len(),
        texts.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        compared >= min_compared,
        "only {compared} of {} texts were tokenized: the check is too weak",
        texts.len()
    );
}

fn programs() -> Vec<String> {
    presets::all()
        .iter()
        .map(|p| to_python(&p.scenario).text)
        .collect()
}

#[test]
fn every_preset_reads_as_cpython_reads_it() {
    let texts = programs();
    check(&texts, texts.len());
}

/// Texts where a reader and CPython may part ways.
const CRAFTED: &[&str] = &[
    "x = 1 # note\r y = 2\n",
    "x = 1 # note\ry = 2\n",
    "a = 1\r\nb = 2\r\n",
    "if x:\n    y = 1\n    \u{c}z = 2\n",
    "if x:\n\u{c}    y = 1\n",
    "if x:\n    \u{c}    y = 1\n",
    "if x:\n\ty = 1\n\tz = 2\n",
    "if x:\n\ty = 1\n        z = 2\n",
    "if x:\n        y = 1\n\tz = 2\n",
    "if x:\n  \ty = 1\n",
    "\u{feff}x = 1\n",
    "x = 1\n\u{feff}y = 2\n",
    "# -*- coding: utf-8 -*-\nx = 1\n",
    "# coding: latin-1\nx = 'é'\n",
    "\u{feff}# coding: utf8\nx = 1\n",
    "\u{feff}# -*- coding: utf-8 -*-\nx = 1\n",
    "# coding: unicode_escape\nx = 1 # \\x0a y = 2\n",
    "#!/usr/bin/env python3\n# vim: set fileencoding=cp1252 :\nx = 1\n",
    "flag = 1\nprint(\u{fb02}ag)\n",
    "\u{e9}t\u{e9} = 1\nz\u{e4}hler = 2\n\u{4e2d}\u{6587} = 3\n",
    "x\u{b7}y = 1\n",
    "e\u{301}t\u{e9} = 1\n",
    "\u{2160} = 1\n",
    "x\u{fb02}ag = 1\n",
    "a\u{b2} = 1\n",
    "\u{ff41} = x\u{ff46}\n",
    "caf\u{e9} = cafe\u{301}\n",
    "\u{3b1}\u{3b2} = \u{416}\u{436} + \u{30c6}\u{30b9}\u{30c8}\n",
    "x\u{a0}= 1\n",
    "s = \"\\N{BULLET}\"\n",
    "s = \"\\ud800\"\n",
    "s = \"a\\x41\\u00e9\\U0001F600\\101\\q\\\n\"\n",
    "s = '''a\rb'''\n",
    "s = r'\\d\\'' + b'\\xff' + rb\"\\x\" + u'x' + f'{x!r:>{w}}'\n",
    "s = b'\u{e9}'\n",
    "s = b'\\777'\n",
    "n = 0777\n",
    "n = 1_000 + 0x_1F + 0o17 + 0b1_0 + 1.5e-3 + .5j + 1_0.0_1e+1_0 + 5.\n",
    "n = 1__0\n",
    "n = 1_\n",
    "n = 0_7\n",
    "n = 00 + 0_0 + 0.0 + 0e0 + 0j\n",
    "n = 1if x else 2\n",
    "n = 0x1for\n",
    "n = 1.real\n",
    "n = 1_0._000\n",
    "n = 1._5j\n",
    "n = 1.__class__\n",
    "x = (1,\n  2)\\\n + 3\n",
    "x = 1 + \\\n  2\n",
    "x = 1 \\ \n",
    "x = 1 \\",
    "if 1:\n    \\\n  y = 1\n",
    "x = (1,\n\\\n 2)\n",
    "x = [1, (2, 3]\n",
    "x = 1)\n",
    "x = (1\n",
    "x = $\n",
    "x = 1 <> 2\n",
    "x != y; a ** = b; c **= d; e // f; g -> h; i := j; k @= l; m ... n\n",
    "if x:\n    y\n  z\n",
    "if x:\n    y\n\n\n# end\n",
    "if x:\n    if y:\n        z\n# c\n",
    "x = 1",
    "",
    "\n\n",
    "   \n",
    "  x = 1\n",
    "x = \"\"\"never closed\n",
    "x = 'never closed\n",
    "x\0 = 1\n",
    "x = 1\u{b}\n",
    "async def f():\n    await g()\n",
    "x = 'a' 'b' \"c\"\n",
];

#[test]
fn crafted_texts_read_as_cpython_reads_them_or_are_refused() {
    let texts: Vec<String> = CRAFTED.iter().map(|s| s.to_string()).collect();
    check(&texts, 30);
}

/// The edits made to every preset's program at many places.
fn variants(program: &str) -> Vec<String> {
    let mut out = vec![
        program.replace('\n', "\r\n"),
        program.replace('\n', "\r"),
        format!("\u{feff}{program}"),
        format!("# -*- coding: utf-8 -*-\n{program}"),
        format!("#!/usr/bin/env python3\n# coding: latin-1\n{program}"),
        program.replace("    ", "\t"),
        program.replacen("    ", "\t", 3),
        program.replace("worker", "w\u{f6}rker"),
        program.replace("worker", "\u{fb02}orker"),
        program.replace("worker", "wor\u{fb02}ker"),
        program.replace("main", "ma\u{ff49}n"),
        program.replace("main", "ma\u{b7}in"),
        program.replace("0.0", "0.0_0"),
        program.replace("0.0", "00.0"),
        program.replace("0.", "0x0."),
        program.replace(" = ", " =\u{a0}"),
    ];
    let lines: Vec<&str> = program.split('\n').collect();
    let edits: [fn(&str) -> String; 12] = [
        |l| format!("{l}  # note\rio(1)"),
        |l| format!("{l}  # note\r"),
        |l| format!("\u{c}{l}"),
        |l| format!("    \u{c}{}", l.trim_start()),
        |l| l.replacen("    ", "\t", 1),
        |l| l.replacen("    ", "  \t", 1),
        |l| format!("{l} \\"),
        |l| l.replacen('(', "(\\\n", 1),
        |l| l.replacen("\"", "\"\\N{BULLET}\\x41\\u00e9\\101\\q", 1),
        |l| l.replacen("\"", "r\"\\", 1),
        |l| l.replacen(", ", ",\n", 1),
        |l| l.replacen("=", "= (\n", 1),
    ];
    for (i, _) in lines.iter().enumerate().step_by(3) {
        for edit in &edits {
            let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            ls[i] = edit(&ls[i]);
            out.push(ls.join("\n"));
        }
    }
    out
}

#[test]
fn thousands_of_edited_presets_read_as_cpython_reads_them_or_are_refused() {
    let texts: Vec<String> = programs().iter().flat_map(|p| variants(p)).collect();
    assert!(texts.len() > 2000, "{}", texts.len());
    check(&texts, texts.len() / 2);
}

#[test]
fn the_fuzz_targets_seeds_and_corpora_read_as_cpython_reads_them() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz");
    let mut texts = Vec::new();
    for dir in [
        "seeds/python_program",
        "seeds/python_tokens",
        "corpus/python_program",
        "corpus/python_tokens",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
    }
    assert!(texts.len() >= 14, "the committed seeds are there");
    check(&texts, 10);
}

#[test]
fn the_identifier_table_is_cpythons() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/python_ident_table.py"
    );
    let out = Command::new("python3")
        .args([script, "--check"])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
