//! The code view: the run's scenario as the Python program it is, beside the timeline, with
//! every thread's current line marked at the playhead (one marker per thread, `T2` in the
//! thread's colour, with its state, as Python Tutor's arrows), the line of the span under the
//! pointer on the timeline highlighted, and a click on a line moving the playhead to the next
//! time that line starts.

use super::playback::Action;
use super::stage::{Follow, Stage, use_shown};
use crate::timeline::names::{thread_label, thread_short};
use gil_sim::trace::DONE_STEP;
use gil_sim::{Lane, State, Trace};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// Marker colours (one per thread, cycling): Paul Tol's colour-blind-safe "bright" set, as CSS
/// variables so each theme sets its own shades.
const THREAD_COLOURS: u32 = 7;
/// The most lines the view shows (a generated program of thousands of threads is longer; the
/// rest is said, not drawn, so playback stays smooth).
const MAX_SHOWN_LINES: usize = 3_000;

#[derive(Properties)]
pub struct CodeProps {
    pub stage: Rc<Stage>,
    /// Opens the editor (none: read-only, as in the embed).
    #[prop_or_default]
    pub on_edit: Option<Callback<()>>,
    /// Predict mode before the reveal: the docstring's lesson (the answer) is masked.
    #[prop_or_default]
    pub hide_lesson: bool,
}

impl PartialEq for CodeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage)
            && self.on_edit == other.on_edit
            && self.hide_lesson == other.hide_lesson
    }
}

/// Where each thread is at `t`: line -> (thread, its state).
fn threads_by_line(
    trace: &Trace,
    map: &gil_sim::python::SourceMap,
    t: u64,
) -> BTreeMap<u32, Vec<(u32, Option<State>)>> {
    let mut out: BTreeMap<u32, Vec<(u32, Option<State>)>> = BTreeMap::new();
    for (th, marks) in trace.steps.iter().enumerate() {
        let th = th as u32;
        let Some((step, _)) = marks.at(t) else {
            continue;
        };
        if step == DONE_STEP {
            continue;
        }
        if let Some(line) = map.line_of(th, step) {
            let state = trace.lane_at(Lane::Thread(th), t).map(|n| n.state);
            out.entry(line).or_default().push((th, state));
        }
    }
    out
}

/// The lines of the docstring's `Lesson:` field (it states the answer), 0-based.
fn lesson_lines(lines: &[String]) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let mut inside = false;
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("Lesson: ") || l.starts_with("\"\"\"Lesson: ") {
            inside = true;
        } else if l.contains("lesson=") {
            // `model(lesson="...")` (a lesson the docstring cannot hold): the whole line.
            out.insert(i);
            inside = false;
            continue;
        } else if !(inside && l.starts_with("    ") && !l.contains("\"\"\"")) {
            inside = false;
        }
        if inside {
            out.insert(i);
        }
    }
    out
}

/// The next time after `t` that some thread begins a step written on `line` (else the first
/// time at all, so a click always goes somewhere if the line ever runs).
pub fn next_start_of_line(
    trace: &Trace,
    map: &gil_sim::python::SourceMap,
    line: u32,
    t: u64,
) -> Option<u64> {
    let on_line = map.steps_on_line(line);
    let mut after: Option<u64> = None;
    let mut first: Option<u64> = None;
    for th in 0..trace.steps.len() as u32 {
        let steps: Vec<u32> = on_line
            .iter()
            .filter(|(x, _)| *x == th)
            .map(|(_, s)| *s)
            .collect();
        if steps.is_empty() {
            continue;
        }
        let marks = &trace.steps[th as usize];
        if let Some(n) = marks.next_start(t, &steps) {
            after = Some(after.map_or(n, |a| a.min(n)));
        }
        if let Some(&(n, _)) = marks.marks().iter().find(|m| steps.contains(&m.1)) {
            first = Some(first.map_or(n, |a| a.min(n)));
        }
    }
    after.or(first)
}

#[function_component(CodeView)]
pub fn code_view(props: &CodeProps) -> Html {
    let stage = &props.stage;
    let shown = use_shown(stage, Follow::Frames);
    let hovered = use_state_eq(|| None::<u32>);
    let note = use_state_eq(String::new);
    {
        // The line of the span under the pointer on the timeline.
        let (stage, hovered) = (stage.clone(), hovered.clone());
        use_effect_with((), move |_| {
            let s = stage.clone();
            stage.on_hover(Some(Callback::from(move |at: Option<(u32, u64)>| {
                let run = s.run();
                let line = at.and_then(|(th, t)| {
                    let (step, _) = run.trace.steps.get(th as usize)?.at(t)?;
                    run.program.as_ref()?.map.line_of(th, step)
                });
                hovered.set(line);
            })));
            move || stage.on_hover(None)
        });
    }
    let list = use_node_ref();
    {
        // Keep a marked line in sight: scroll the program (not the page) when none is.
        let list = list.clone();
        use_effect_with((shown.t, shown.generation), move |_| {
            keep_marked_in_view(&list);
        });
    }
    let run = stage.run();
    let Some(prog) = run.program.clone() else {
        return html! {
            <section class="panel code-panel" data-testid="code-view">
                <p>{ "This run is too large to show as a Python program (over 2 MiB of text); the model still runs it." }</p>
            </section>
        };
    };
    let shown_lines = prog.lines.len().min(MAX_SHOWN_LINES);
    let trace = &run.trace;
    let here = threads_by_line(trace, &prog.map, shown.t);
    let masked = if props.hide_lesson {
        lesson_lines(&prog.lines)
    } else {
        Default::default()
    };
    let runnable = use_memo(Rc::as_ptr(&prog) as usize, {
        let prog = prog.clone();
        move |_| -> std::collections::BTreeSet<u32> {
            prog.map.threads.iter().flatten().copied().collect()
        }
    });
    // Highlighting is done once per program, not on every frame.
    let lit = use_memo(Rc::as_ptr(&prog) as usize, {
        let prog = prog.clone();
        move |_| -> Vec<Html> {
            prog.lines
                .iter()
                .take(MAX_SHOWN_LINES)
                .map(|l| highlight(l))
                .collect()
        }
    });
    let jump = |line: u32| {
        let (stage, note) = (stage.clone(), note.clone());
        Callback::from(move |_: MouseEvent| {
            let run = stage.run();
            let Some(prog) = run.program.as_ref() else {
                return;
            };
            match next_start_of_line(&run.trace, &prog.map, line, stage.shown().t) {
                Some(t) => {
                    note.set(String::new());
                    stage.dispatch(Action::Pause);
                    stage.dispatch(Action::Seek(t));
                }
                None => note.set(format!("Line {line} never runs in this run.")),
            }
        })
    };
    html! {
        <section class="panel code-panel" aria-labelledby="code-title">
            <div class="code-head">
                <h3 id="code-title">{ "The program" }</h3>
                if let Some(cb) = props.on_edit.clone() {
                    <button data-testid="edit-program" onclick={Callback::from(move |_: MouseEvent| cb.emit(()))}
                            title="Edit the program: it runs as you type">{ "Edit" }</button>
                } else if props.hide_lesson {
                    <button data-testid="edit-program" disabled=true title="Reveal your prediction first (the editor shows the whole program)">{ "Edit" }</button>
                }
            </div>
            <ol class="code" ref={list} data-testid="code-view" aria-label="The program, with each thread's line at the playhead">
                { for prog.lines.iter().take(shown_lines).enumerate().map(|(i, text)| {
                    let n = i as u32 + 1;
                    let on = here.get(&n);
                    let names = on.map(|v| v.iter().map(|(th, _)| trace.thread_label(*th)).collect::<Vec<_>>().join(","));
                    let class = classes!(
                        "code-line",
                        on.map(|_| "current"),
                        (*hovered == Some(n)).then_some("hovered"),
                        runnable.contains(&n).then_some("runs"),
                    );
                    html! {
                        <li {class} data-testid="code-line" data-line={n.to_string()} data-threads={names.unwrap_or_default()}>
                            if runnable.contains(&n) {
                                <button class="ln" onclick={jump(n)} title={format!("Jump to the next time line {n} starts")}
                                        aria-label={format!("Line {n}: jump to the next time it starts")}>{ n }</button>
                            } else {
                                <span class="ln" aria-hidden="true">{ n }</span>
                            }
                            if masked.contains(&i) {
                                <code class="src masked" data-testid="masked-lesson">{ if text.contains("Lesson: ") || text.contains("lesson=") { "Lesson: (hidden until you reveal)" } else { "" } }</code>
                            } else {
                                <code class="src">{ lit.get(i).cloned().unwrap_or_default() }</code>
                            }
                            if let Some(v) = on {
                                <span class="markers">
                                    { for v.iter().map(|(th, state)| html! {
                                        <span class={format!("marker thread-colour-{}", th % THREAD_COLOURS)}
                                              data-testid="line-marker" data-thread={thread_short(*th)}
                                              title={format!("{}: {}", thread_label(trace, *th), state.map(State::label).unwrap_or("not started"))}>
                                            { format!("◀ {} {}", thread_short(*th), state.map(State::label).unwrap_or("")) }
                                        </span>
                                    }) }
                                </span>
                            }
                        </li>
                    }
                }) }
            </ol>
            if prog.lines.len() > shown_lines {
                <p class="hint" data-testid="code-cut">{ format!("The first {shown_lines} of {} lines are shown; export the program (.py) to read it all.", prog.lines.len()) }</p>
            }
            <p class="hint" aria-live="polite" data-testid="code-note">
                { if note.is_empty() { "Each thread's line at the playhead is marked. Click a line number to jump to the next time it starts.".to_string() } else { (*note).clone() } }
            </p>
        </section>
    }
}

/// Scrolls the program's list so that its first marked line is in view, if none is.
fn keep_marked_in_view(list: &NodeRef) {
    use wasm_bindgen::JsCast;
    let Some(ol) = list.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let Ok(marked) = ol.query_selector_all(".code-line.current") else {
        return;
    };
    let (top, h) = (ol.scroll_top(), ol.client_height());
    let mut first = None;
    for i in 0..marked.length() {
        let Some(li) = marked
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let (y, lh) = (li.offset_top(), li.offset_height());
        if y >= top && y + lh <= top + h {
            return;
        }
        first.get_or_insert(y);
    }
    if let Some(y) = first {
        ol.set_scroll_top((y - h / 3).max(0));
    }
}

const KEYWORDS: &[&str] = &[
    "async", "await", "def", "for", "from", "global", "if", "import", "in", "pass", "with", "True",
    "False", "None",
];

/// A line of Python as spans for its keywords, strings, numbers and comment (display only).
fn highlight(line: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut plain = String::new();
    let flush = |plain: &mut String, out: &mut Vec<Html>| {
        if !plain.is_empty() {
            out.push(html! { { std::mem::take(plain) } });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            flush(&mut plain, &mut out);
            let rest: String = chars[i..].iter().collect();
            out.push(html! { <span class="tok-com">{ rest }</span> });
            break;
        } else if c == '"' || c == '\'' {
            flush(&mut plain, &mut out);
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            let s: String = chars[i..end].iter().collect();
            out.push(html! { <span class="tok-str">{ s }</span> });
            i = end;
        } else if c.is_ascii_digit()
            && !chars[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            flush(&mut plain, &mut out);
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric()
                    || matches!(chars[j], '.' | '_' | '-') && chars[j - 1].is_ascii_alphanumeric())
            {
                if chars[j] == '-' && !matches!(chars[j - 1], 'e' | 'E') {
                    break;
                }
                j += 1;
            }
            let s: String = chars[i..j].iter().collect();
            out.push(html! { <span class="tok-num">{ s }</span> });
            i = j;
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let w: String = chars[i..j].iter().collect();
            if KEYWORDS.contains(&w.as_str()) {
                flush(&mut plain, &mut out);
                out.push(html! { <span class="tok-kw">{ w }</span> });
            } else {
                plain.push_str(&w);
            }
            i = j;
        } else {
            plain.push(c);
            i += 1;
        }
    }
    flush(&mut plain, &mut out);
    if out.is_empty() {
        // Keep an empty line's height.
        return html! { { "\u{200b}" } };
    }
    out.into_iter().collect::<Html>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::run::ModelRun;

    #[test]
    fn every_thread_of_a_lesson_is_on_a_line_while_it_runs_and_a_click_finds_the_next_start() {
        let p = gil_sim::presets::get("convoy").unwrap();
        let run = ModelRun::new(p.scenario).unwrap();
        let prog = run.program.as_ref().unwrap();
        let trace = &run.trace;
        let t = trace.wall_ns / 2;
        let here = threads_by_line(trace, &prog.map, t);
        let placed: Vec<u32> = here.values().flatten().map(|(th, _)| *th).collect();
        assert_eq!(
            placed.len(),
            2,
            "server and cruncher are both somewhere: {here:?}"
        );
        // The cruncher is on `cpu(10)`.
        let cpu_line = prog
            .lines
            .iter()
            .position(|l| l.trim() == "cpu(10)")
            .unwrap() as u32
            + 1;
        assert!(here[&cpu_line].iter().any(|(th, _)| *th == 1));
        // The server's `io(...)` lines: the next start after t is after t, and in the trace.
        let io_line = prog
            .lines
            .iter()
            .position(|l| l.trim().starts_with("io("))
            .unwrap() as u32
            + 1;
        let next = next_start_of_line(trace, &prog.map, io_line, t).unwrap();
        assert!(next > t && next < trace.end_ns, "{next} after {t}");
        let first = next_start_of_line(trace, &prog.map, io_line, 0).unwrap();
        assert!(first > 2_000_000, "after the 2 ms sleep: {first}");
        // The docstring's lesson is found (to hide it in predict mode).
        let lesson = lesson_lines(&prog.lines);
        assert!(!lesson.is_empty());
        assert!(
            lesson.iter().all(
                |&i| prog.lines[i].starts_with("Lesson: ") || prog.lines[i].starts_with("    ")
            )
        );
        assert!(prog.lines[*lesson.iter().next().unwrap()].starts_with("Lesson: Convoy effect"));
        // A line with no step never runs.
        assert_eq!(next_start_of_line(trace, &prog.map, 1, 0), None);
    }
}
