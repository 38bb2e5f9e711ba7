//! The glossary of the seed's terms (CPU, OS, process, thread, daemon, I/O-bound, CPU-bound,
//! `time.sleep()`, GIL, interpreter, lock). Hovering or focusing a term highlights what it
//! names on screen, e.g. "GIL" outlines the GIL lanes of the timeline.

use crate::timeline::Highlight;
use yew::prelude::*;

/// One glossary entry: the term, its explanation, and what it points at on screen.
pub struct Term {
    pub term: &'static str,
    pub text: &'static str,
    pub points_at: Highlight,
}

/// The seed's terms, in its order.
pub const TERMS: [Term; 11] = [
    Term {
        term: "CPU (core)",
        text: "The piece of hardware that executes code. Each core runs one thread at a time; the core rows show which.",
        points_at: Highlight::Cores,
    },
    Term {
        term: "OS",
        text: "The operating system schedules the CPU among processes and threads: it hands cores to runnable threads for a time slice.",
        points_at: Highlight::Cores,
    },
    Term {
        term: "Process",
        text: "A program being executed, with its own memory, its own Python interpreter and its own GIL. Processes run truly in parallel but are slower to set up.",
        points_at: Highlight::Processes,
    },
    Term {
        term: "Thread",
        text: "A separate flow of execution inside a process. Threads share the process's memory and its one GIL, and are quick to start.",
        points_at: Highlight::Threads,
    },
    Term {
        term: "Daemon thread",
        text: "A background thread that is stopped abruptly when the main thread finishes and only daemon threads are left. Marked \"(daemon)\" on its row.",
        points_at: Highlight::Threads,
    },
    Term {
        term: "I/O-bound",
        text: "Work that mostly waits for something outside the interpreter: network, database, files, user input. Waiting releases the GIL, so threads help.",
        points_at: Highlight::Threads,
    },
    Term {
        term: "CPU-bound",
        text: "Work that mostly computes. Under the GIL only one thread of a process computes at a time, so use processes to use several cores.",
        points_at: Highlight::Cores,
    },
    Term {
        term: "time.sleep()",
        text: "An artificial delay. The sleeping thread releases the GIL and uses no core, so the interpreter can switch to another thread.",
        points_at: Highlight::Threads,
    },
    Term {
        term: "GIL",
        text: "CPython's Global Interpreter Lock: one per interpreter. Only the thread holding it runs Python code. Waiting threads ask the holder to drop it after one switch interval (5 ms).",
        points_at: Highlight::Gils,
    },
    Term {
        term: "Interpreter",
        text: "The program that runs your Python code. One per process (3.12 subinterpreters can have several), each with its own GIL.",
        points_at: Highlight::Processes,
    },
    Term {
        term: "Lock",
        text: "Makes threads take turns on shared data: the GIL locks the interpreter for one thread; threading.Lock protects your own data.",
        points_at: Highlight::Gils,
    },
];

#[derive(Properties, PartialEq)]
pub struct GlossaryProps {
    /// Called with what to highlight (and `Highlight::None` when the pointer leaves).
    pub on_highlight: Callback<Highlight>,
}

/// The glossary list.
#[function_component(Glossary)]
pub fn glossary(props: &GlossaryProps) -> Html {
    html! {
        <section class="panel glossary" aria-labelledby="glossary-title" data-testid="glossary">
            <h3 id="glossary-title">{ "Glossary" }</h3>
            <p class="hint">{ "Point at a term to highlight what it names on the timeline." }</p>
            <dl>
                { for TERMS.iter().map(|t| {
                    let h = t.points_at;
                    let enter = { let cb = props.on_highlight.clone(); Callback::from(move |_: MouseEvent| cb.emit(h)) };
                    let focus = { let cb = props.on_highlight.clone(); Callback::from(move |_: FocusEvent| cb.emit(h)) };
                    let leave = { let cb = props.on_highlight.clone(); Callback::from(move |_: MouseEvent| cb.emit(Highlight::None)) };
                    let blur = { let cb = props.on_highlight.clone(); Callback::from(move |_: FocusEvent| cb.emit(Highlight::None)) };
                    html! {
                        <div class="term" tabindex="0"
                             data-term={t.term}
                             onmouseenter={enter} onfocus={focus}
                             onmouseleave={leave} onblur={blur}>
                            <dt>{ t.term }</dt>
                            <dd>{ t.text }</dd>
                        </div>
                    }
                }) }
            </dl>
        </section>
    }
}
