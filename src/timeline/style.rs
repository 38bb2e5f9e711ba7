//! How the timeline looks: the two themes' palettes, each state's colour and pattern (so
//! colour is never the only cue), the legend's states, the canvas patterns made from them, and
//! what the glossary can highlight.

use gil_sim::State;
use wasm_bindgen::JsCast;
use web_sys::{CanvasPattern, CanvasRenderingContext2d, HtmlCanvasElement};

/// Colours of one theme (Okabe-Ito based, colour-blind safe).
#[derive(Clone, Debug)]
pub struct Palette {
    pub dark: bool,
    pub bg: &'static str,
    pub fg: &'static str,
    pub muted: &'static str,
    pub grid: &'static str,
    pub header_bg: &'static str,
    pub highlight: &'static str,
}

impl Palette {
    pub fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                dark,
                bg: "#12161b",
                fg: "#eef1f4",
                muted: "#b7c0c9",
                grid: "#2c353f",
                header_bg: "#1d232a",
                highlight: "#f0e442",
            }
        } else {
            Palette {
                dark,
                bg: "#ffffff",
                fg: "#111418",
                muted: "#3d4650",
                grid: "#dde2e7",
                header_bg: "#f3f5f7",
                highlight: "#e69f00",
            }
        }
    }
}

/// How a state is drawn: base colour, pattern marks, and a short in-bar label.
pub struct StateStyle {
    pub base: &'static str,
    pub marks: Marks,
    pub short: &'static str,
}

/// The pattern drawn over a state's base colour (so states differ by more than colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    Solid,
    Diagonal,
    Cross,
    Dots,
    Horizontal,
    Vertical,
    Hollow,
}

/// The style of a lane state. Thread states use the Okabe-Ito palette; the legend lists them.
pub fn style(state: State) -> StateStyle {
    let s = |base, marks, short| StateStyle { base, marks, short };
    match state {
        State::Running => s("#0072b2", Marks::Solid, "running"),
        State::Ready => s("#56b4e9", Marks::Diagonal, "ready"),
        State::WaitingGil => s("#e69f00", Marks::Cross, "GIL wait"),
        State::BlockedIo => s("#009e73", Marks::Dots, "I/O"),
        State::Sleeping => s("#cc79a7", Marks::Horizontal, "sleep"),
        State::Starting => s("#f0e442", Marks::Vertical, "start"),
        State::WaitingLock => s("#8c8c8c", Marks::Diagonal, "lock"),
        State::Joining => s("#b4b4b4", Marks::Dots, "join"),
        State::Done => s("#000000", Marks::Hollow, ""),
        State::Killed => s("#d55e00", Marks::Cross, "killed"),
        State::Idle | State::Free => s("#000000", Marks::Hollow, ""),
        State::ContextSwitch => s("#6b6b6b", Marks::Vertical, "switch"),
        State::Held => s("#0072b2", Marks::Solid, ""),
    }
}

/// The states shown in the legend, in reading order.
pub const LEGEND: [State; 9] = [
    State::Running,
    State::Ready,
    State::WaitingGil,
    State::BlockedIo,
    State::Sleeping,
    State::Starting,
    State::WaitingLock,
    State::Joining,
    State::Killed,
];

/// Canvas patterns for each drawn state, made once per theme.
pub struct Paints {
    patterns: Vec<(State, CanvasPattern)>,
}

impl Paints {
    /// Builds an 8×8 tile per state (base colour plus marks) and turns it into a pattern.
    pub fn new(ctx: &CanvasRenderingContext2d) -> Option<Paints> {
        let document = web_sys::window()?.document()?;
        let mut patterns = Vec::new();
        for state in LEGEND
            .into_iter()
            .chain([State::ContextSwitch, State::Held])
        {
            let st = style(state);
            let tile: HtmlCanvasElement =
                document.create_element("canvas").ok()?.dyn_into().ok()?;
            tile.set_width(8);
            tile.set_height(8);
            let t: CanvasRenderingContext2d = tile.get_context("2d").ok()??.dyn_into().ok()?;
            t.set_fill_style_str(st.base);
            t.fill_rect(0.0, 0.0, 8.0, 8.0);
            t.set_stroke_style_str("rgba(0,0,0,0.45)");
            t.set_fill_style_str("rgba(0,0,0,0.45)");
            t.set_line_width(1.5);
            t.begin_path();
            match st.marks {
                Marks::Diagonal => {
                    t.move_to(0.0, 8.0);
                    t.line_to(8.0, 0.0);
                    t.move_to(-2.0, 2.0);
                    t.line_to(2.0, -2.0);
                    t.move_to(6.0, 10.0);
                    t.line_to(10.0, 6.0);
                }
                Marks::Cross => {
                    t.move_to(0.0, 0.0);
                    t.line_to(8.0, 8.0);
                    t.move_to(8.0, 0.0);
                    t.line_to(0.0, 8.0);
                }
                Marks::Horizontal => {
                    t.move_to(0.0, 4.0);
                    t.line_to(8.0, 4.0);
                }
                Marks::Vertical => {
                    t.move_to(4.0, 0.0);
                    t.line_to(4.0, 8.0);
                }
                Marks::Dots => {
                    t.fill_rect(1.0, 1.0, 2.0, 2.0);
                    t.fill_rect(5.0, 5.0, 2.0, 2.0);
                }
                Marks::Solid | Marks::Hollow => {}
            }
            t.stroke();
            let pattern = ctx
                .create_pattern_with_html_canvas_element(&tile, "repeat")
                .ok()??;
            patterns.push((state, pattern));
        }
        Some(Paints { patterns })
    }

    pub(super) fn get(&self, state: State) -> Option<&CanvasPattern> {
        self.patterns
            .iter()
            .find(|(s, _)| *s == state)
            .map(|(_, p)| p)
    }
}

/// Which on-screen things the glossary is pointing at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Highlight {
    #[default]
    None,
    Cores,
    Threads,
    Processes,
    Gils,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_state_has_a_distinct_look() {
        let mut seen = Vec::new();
        for s in LEGEND {
            let st = style(s);
            assert!(!st.short.is_empty(), "{s:?} has an in-bar label");
            let key = (st.base, st.marks);
            assert!(!seen.contains(&key), "{s:?} looks like another state");
            seen.push(key);
        }
    }
}
