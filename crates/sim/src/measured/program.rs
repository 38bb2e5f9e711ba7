//! Which program a recording records. The helper module writes the SHA-256 of the program's
//! text ([`program_sha256`]); a recording with another program's hash is refused. A recording
//! without one (an older helper, or a program with no file) is matched by its structure
//! instead: every recorded process and thread must be one of the program's (by name), and
//! every recorded step at a line where that thread has a step of that kind (but a
//! `join_process`, which `multiprocessing` takes by itself at exit for an unjoined process:
//! a warning).

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::{RecThread, Recording};
use crate::python::{SourceMap, from_python};
use crate::scenario::{Scenario, ScenarioError, Step};

/// The hash a recording names its program by: the SHA-256 (64 lowercase hex digits) of the
/// program's text without a leading byte order mark, with its line ends as `\n` and no white
/// space (space, tab, line feed, vertical tab, form feed) at its end, so that an editor's line
/// ends or last newline do not matter. The helper module hashes the program's file the same way.
pub fn program_sha256(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_end_matches([' ', '\t', '\n', '\x0b', '\x0c']);
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Recording {
    /// Whether this is a recording of `program` (the program's text, as shown or given).
    ///
    /// With a `program_sha256`: refused (an error naming that field) unless it is the
    /// program's ([`program_sha256`]). Without one: refused when a recorded process or thread
    /// is not the program's (matched by name), or a recorded step is at a line where its
    /// thread has no step of its kind (the error names the recorded field); but for
    /// `join_process` steps, which `multiprocessing` takes by itself at exit for a process
    /// left unjoined: one warning (a line). `Ok` holds the warnings: without a hash, the
    /// first says that the match is by structure only.
    pub fn of_program(&self, program: &str) -> Result<Vec<String>, ScenarioError> {
        if let Some(theirs) = &self.program_sha256 {
            let ours = program_sha256(program);
            if *theirs != ours {
                return Err(ScenarioError::new(
                    "program_sha256",
                    format!(
                        "the recording is of another program (SHA-256 {}…), not of this one \
                         ({}…): record this program to compare it",
                        crate::scenario::one_line(theirs.get(..12).unwrap_or(theirs)),
                        &ours[..12]
                    ),
                ));
            }
            return Ok(Vec::new());
        }
        let (sc, map) = from_python(program).map_err(|e| {
            ScenarioError::new(
                "",
                format!("the program does not read ({e}), so no recording matches it"),
            )
        })?;
        let mut warnings = vec![
            "the recording does not name its program (an older helper module): it was matched by its processes, threads and lines only".to_string(),
        ];
        warnings.extend(self.of_structure(&sc, &map)?);
        Ok(warnings)
    }

    /// The structural match of a recording without a hash (see [`Recording::of_program`]).
    fn of_structure(&self, sc: &Scenario, map: &SourceMap) -> Result<Vec<String>, ScenarioError> {
        let mut joins: Vec<String> = Vec::new();
        for (pi, p) in self.processes.iter().enumerate() {
            let spi = sc
                .processes
                .iter()
                .position(|s| s.name == p.name)
                .ok_or_else(|| {
                    another(
                        format!("processes[{pi}].name"),
                        format!("this program has no process named \"{}\"", p.name),
                    )
                })?;
            let first: usize = sc.processes[..spi].iter().map(|s| s.threads.len()).sum();
            let threads = &sc.processes[spi].threads;
            for (ti, t) in p.threads.iter().enumerate() {
                let at = format!("processes[{pi}].threads[{ti}]");
                let sti = threads
                    .iter()
                    .position(|s| s.name == t.name)
                    .ok_or_else(|| {
                        another(
                            format!("{at}.name"),
                            format!(
                                "this program's process \"{}\" has no thread named \"{}\"",
                                p.name, t.name
                            ),
                        )
                    })?;
                let lines = map.threads.get(first + sti).map_or(&[][..], Vec::as_slice);
                for (path, kind, line) in odd_steps(&at, t, &threads[sti].program, lines) {
                    if kind != "join_process" {
                        let what = format!(
                            "a {kind} step at line {line}, where this thread of the program has none"
                        );
                        return Err(another(path, what));
                    }
                    joins.push(format!("{path}, line {line}"));
                }
            }
        }
        Ok(joins_warning(&joins))
    }
}

/// A refusal of a recording (with no hash) that is not of the program: `what` differs.
fn another(path: String, what: String) -> ScenarioError {
    ScenarioError::new(
        path,
        format!(
            "{what}: the recording is of another program (it names none: record this one to \
             compare it)"
        ),
    )
}

/// The warning for `join_process` steps at lines where the program joins no process (each
/// "PATH, line L"), if any.
fn joins_warning(joins: &[String]) -> Vec<String> {
    match joins {
        [] => Vec::new(),
        [first, ..] => vec![format!(
            "{} join_process step{} at a line where the program joins no process (the first: \
             {first}): the join of an unjoined process at exit, by multiprocessing's own code, \
             or a recording of another version of this program (it names none)",
            joins.len(),
            if joins.len() == 1 { " is" } else { "s are" },
        )],
    }
}

/// The recorded steps of thread `t` with no step of their kind at their line in `program`
/// (whose steps are at `lines`, in `SourceMap` numbering): (path, kind, line) of each.
fn odd_steps(
    at: &str,
    t: &RecThread,
    program: &[Step],
    lines: &[u32],
) -> Vec<(String, String, u32)> {
    let mut known = HashSet::new();
    let mut next = 0usize;
    kinds_at_lines(program, lines, &mut next, &mut known);
    t.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !known.contains(&(s.kind(), s.line())))
        .map(|(si, s)| {
            let kind = crate::scenario::one_line(s.kind());
            (format!("{at}.steps[{si}]"), kind, s.line())
        })
        .collect()
}

/// The (kind as recorded, line) of every step of `program` the helper records, numbered in
/// pre-order from `next` as `SourceMap` numbers them.
fn kinds_at_lines(
    program: &[Step],
    lines: &[u32],
    next: &mut usize,
    out: &mut HashSet<(&'static str, u32)>,
) {
    for s in program {
        let line = lines.get(*next).copied();
        *next += 1;
        if let (Some(kind), Some(line)) = (recorded_kind(s), line) {
            out.insert((kind, line));
        }
        match s {
            Step::Repeat { body, .. } => kinds_at_lines(body, lines, next, out),
            Step::Asyncio { tasks } => {
                for task in tasks {
                    kinds_at_lines(&task.program, lines, next, out);
                }
            }
            _ => {}
        }
    }
}

/// The kind the helper records a step as (none: the helper does not record it).
fn recorded_kind(s: &Step) -> Option<&'static str> {
    Some(match s {
        Step::Cpu { .. } => "cpu",
        Step::CRelease { .. } => "c_release",
        Step::Io { .. } => "io",
        Step::Sleep { .. } => "sleep",
        Step::AwaitIo { .. } => "await_io",
        Step::AwaitSleep { .. } => "await_sleep",
        Step::StartThread { .. } => "start_thread",
        Step::JoinThread { .. } => "join_thread",
        Step::StartProcess { .. } => "start_process",
        Step::JoinProcess { .. } => "join_process",
        Step::Acquire { .. }
        | Step::Release { .. }
        | Step::Repeat { .. }
        | Step::Asyncio { .. } => {
            return None;
        }
    })
}
