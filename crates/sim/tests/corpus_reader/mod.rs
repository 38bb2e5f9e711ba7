//! The corpus of real programs (`crates/sim/corpus/`, its README says the format) as tests
//! read it: each program with its header (how its output compares, which lines come from the
//! clock), its expected output and its input; and the comparison. Shared by the corpus's own
//! test (in CPython) and gil-python's (in GIL Lab).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// How a program's output is compared with its expected output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Output {
    /// Line for line.
    Exact,
    /// The same lines in any order.
    Sorted,
    /// The same number of lines.
    Lines,
    /// Not compared.
    None,
}

pub struct Program {
    pub path: PathBuf,
    pub name: String,
    pub output: Output,
    /// Output lines (1-based) whose value comes from the wall clock (`# Clock lines:`).
    pub clock: Vec<usize>,
    pub expected: String,
    pub input: Option<String>,
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sim/corpus")
}

/// The header line `# Key: value` of `text`, if it is among its first lines.
pub fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .take(8)
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
        .map(str::trim)
}

pub fn corpus() -> Vec<Program> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let output = match header(&text, "Output") {
            Some("exact") => Output::Exact,
            Some("sorted") => Output::Sorted,
            Some("lines") => Output::Lines,
            Some("none") => Output::None,
            other => panic!("{name}: `# Output:` is {other:?}"),
        };
        assert!(
            header(&text, "Teaches").is_some_and(|t| t.len() > 10),
            "{name}: `# Teaches:`"
        );
        assert!(header(&text, "Speed").is_some(), "{name}: `# Speed:`");
        let expected = std::fs::read_to_string(path.with_extension("out"))
            .unwrap_or_else(|e| panic!("{name}: its .out: {e}"));
        let input = std::fs::read_to_string(path.with_extension("in")).ok();
        let clock = header(&text, "Clock lines").map_or_else(Vec::new, |l| {
            l.split(',')
                .map(|n| {
                    n.trim()
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}: `# Clock lines:` {l}"))
                })
                .collect()
        });
        out.push(Program {
            path,
            name,
            output,
            clock,
            expected,
            input,
        });
    }
    out
}

/// Whether `got` is the expected output under `mode`, the `clock` lines compared up to their
/// last `:` only; what differs if not.
pub fn compare(mode: Output, clock: &[usize], expected: &str, got: &str) -> Result<(), String> {
    let lines = |s: &str| {
        s.lines()
            .enumerate()
            .map(|(i, l)| match l.rfind(':') {
                Some(k) if clock.contains(&(i + 1)) => l[..k].to_string(),
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
    };
    let (mut e, mut g) = (lines(expected), lines(got));
    match mode {
        Output::None => return Ok(()),
        Output::Lines if e.len() == g.len() => return Ok(()),
        Output::Lines => {
            return Err(format!("{} lines, expected {}", g.len(), e.len()));
        }
        Output::Sorted => {
            e.sort();
            g.sort();
        }
        Output::Exact => {}
    }
    match e.iter().zip(&g).position(|(a, b)| a != b) {
        Some(i) => Err(format!("line {}: {:?}, expected {:?}", i + 1, g[i], e[i])),
        None if e.len() != g.len() => Err(format!("{} lines, expected {}", g.len(), e.len())),
        None => Ok(()),
    }
}
