//! The timeline canvas: row layout (cores, then each process's threads and GIL lanes), the
//! visible time window, drawing with a per-pixel level of detail (only the visible window,
//! never more than one span per pixel column per lane), state patterns so colour is never the
//! only cue, GIL event markers, the time axis, the playhead, and hit-testing for tooltips.

use super::words::{fmt_ns, gil_name, nice_ticks, process_short, thread_label, thread_short};
use gil_sim::{EventKind, Lane, State, Trace};
use wasm_bindgen::JsCast;
use web_sys::{CanvasPattern, CanvasRenderingContext2d, HtmlCanvasElement};

/// Height of one lane, CSS pixels.
pub const ROW_H: f64 = 30.0;
/// Height of a process or section header row.
pub const HEADER_H: f64 = 26.0;
/// Height of the time axis band at the top.
pub const AXIS_H: f64 = 30.0;
/// Width of the label column on the left.
pub const LABEL_W: f64 = 210.0;

/// What one row of the timeline shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    /// The "CPU cores" section header.
    Header,
    /// The header of process `p` (its threads and GIL lanes follow).
    ProcessHeader(u32),
    Lane(Lane),
}

/// One row: its kind, its label, and its vertical placement (CSS pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub label: String,
    pub y: f64,
    pub h: f64,
}

/// Rows for a trace: "CPU cores" and one row per core, then per process a header, one row per
/// thread and one per GIL.
pub fn layout(trace: &Trace) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut y = AXIS_H;
    let mut push = |kind: RowKind, label: String, h: f64| {
        rows.push(Row { kind, label, y, h });
        y += h;
    };
    push(
        RowKind::Header,
        "CPU cores (the OS hands them out)".into(),
        HEADER_H,
    );
    for c in 0..trace.cores {
        push(RowKind::Lane(Lane::Core(c)), format!("Core {c}"), ROW_H);
    }
    for (p, info) in trace.processes.iter().enumerate() {
        let p = p as u32;
        push(
            RowKind::ProcessHeader(p),
            format!("Process {}: {}", process_short(p), info.name),
            HEADER_H,
        );
        for &t in &info.threads {
            push(
                RowKind::Lane(Lane::Thread(t)),
                thread_label(trace, t),
                ROW_H,
            );
        }
        for &g in &info.gils {
            let name = gil_name(trace, g);
            push(
                RowKind::Lane(Lane::Gil(g)),
                format!("GIL{}", name.trim_start_matches("the GIL")),
                ROW_H,
            );
        }
    }
    rows
}

/// Total height of the rows.
pub fn height(rows: &[Row]) -> f64 {
    rows.last().map(|r| r.y + r.h).unwrap_or(AXIS_H) + 4.0
}

/// The visible time window `[t0, t1]` over a plot `width` pixels wide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub t0: u64,
    pub t1: u64,
}

impl View {
    /// The whole trace (at least 1 ns wide).
    pub fn fit(end_ns: u64) -> View {
        View {
            t0: 0,
            t1: end_ns.max(1),
        }
    }
    pub fn span(&self) -> u64 {
        self.t1.saturating_sub(self.t0).max(1)
    }
    pub fn x_of(&self, t: u64, plot_w: f64) -> f64 {
        LABEL_W + (t as f64 - self.t0 as f64) / self.span() as f64 * plot_w
    }
    pub fn t_of(&self, x: f64, plot_w: f64) -> u64 {
        let f = ((x - LABEL_W) / plot_w.max(1.0)).clamp(0.0, 1.0);
        self.t0 + (f * self.span() as f64) as u64
    }
    /// Zooms by `factor` (< 1 zooms in) around `anchor`, within `[0, end]`, never below 1 µs.
    pub fn zoom(&self, factor: f64, anchor: u64, end: u64) -> View {
        let span = ((self.span() as f64 * factor) as u64).clamp(1_000, end.max(1_000));
        // An anchor outside the window (the playhead off screen) zooms around the centre.
        let anchor = if (self.t0..=self.t1).contains(&anchor) {
            anchor
        } else {
            self.t0 + self.span() / 2
        };
        let left_frac = (anchor - self.t0) as f64 / self.span() as f64;
        let t0 = (anchor as f64 - left_frac * span as f64).max(0.0) as u64;
        View { t0, t1: t0 + span }.clamped(end)
    }
    /// Moves by `dt` nanoseconds (negative: left), within `[0, end]`.
    pub fn pan(&self, dt: i64, end: u64) -> View {
        let t0 = (self.t0 as i64).saturating_add(dt).max(0) as u64;
        View {
            t0,
            t1: t0 + self.span(),
        }
        .clamped(end)
    }
    /// Shifts the window so it lies within `[0, end]` (keeping its width when possible).
    pub fn clamped(&self, end: u64) -> View {
        let span = self.span().min(end.max(1));
        let t0 = self.t0.min(end.max(1) - span);
        View { t0, t1: t0 + span }
    }
    /// Keeps `t` visible while playing: pages the window forward when `t` leaves it.
    pub fn follow(&self, t: u64, end: u64) -> View {
        if t >= self.t0 && t <= self.t1 {
            *self
        } else {
            View {
                t0: t.saturating_sub(self.span() / 10),
                t1: t.saturating_sub(self.span() / 10) + self.span(),
            }
            .clamped(end)
        }
    }
}

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

    fn get(&self, state: State) -> Option<&CanvasPattern> {
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

/// Everything one frame needs.
pub struct Frame<'a> {
    pub trace: &'a Trace,
    pub rows: &'a [Row],
    pub view: View,
    pub playhead: u64,
    pub width: f64,
    pub palette: &'a Palette,
    pub paints: Option<&'a Paints>,
    pub highlight: Highlight,
    /// Device pixels per CSS pixel (the raster works in device pixels).
    pub dpr: f64,
}

impl Frame<'_> {
    fn plot_w(&self) -> f64 {
        (self.width - LABEL_W - 8.0).max(10.0)
    }
}

/// Draws the static picture (axis, rows, spans, markers; no playhead).
/// Cost: O(rows × min(spans in view, plot pixels) × log spans).
pub fn draw(ctx: &CanvasRenderingContext2d, f: &Frame) {
    let pal = f.palette;
    let plot_w = f.plot_w();
    let total_h = height(f.rows);
    ctx.set_fill_style_str(pal.bg);
    ctx.fill_rect(0.0, 0.0, f.width, total_h);

    // Every lane's colours, one device-pixel column at a time, in a single image.
    raster_lanes(ctx, f, plot_w, total_h);

    // Time axis and grid (over the raster, faint).
    let (_, ticks) = nice_ticks(f.view.t0, f.view.t1, (plot_w / 130.0).max(2.0) as u32);
    ctx.set_font("15px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    ctx.set_line_width(1.0);
    for &t in &ticks {
        let x = f.view.x_of(t, plot_w).round() + 0.5;
        ctx.set_stroke_style_str(if pal.dark {
            "rgba(255,255,255,0.22)"
        } else {
            "rgba(0,0,0,0.16)"
        });
        ctx.begin_path();
        ctx.move_to(x, AXIS_H - 6.0);
        ctx.line_to(x, total_h);
        ctx.stroke();
        ctx.set_fill_style_str(pal.muted);
        let label = fmt_ns(t);
        let w = ctx.measure_text(&label).map(|m| m.width()).unwrap_or(0.0);
        let lx = (x - w / 2.0).clamp(LABEL_W, f.width - w - 2.0);
        let _ = ctx.fill_text(&label, lx, AXIS_H / 2.0);
    }

    for row in f.rows {
        match &row.kind {
            RowKind::Header | RowKind::ProcessHeader(_) => {
                let lit = matches!(row.kind, RowKind::ProcessHeader(_))
                    && f.highlight == Highlight::Processes;
                ctx.set_fill_style_str(pal.header_bg);
                ctx.fill_rect(0.0, row.y, f.width, row.h);
                ctx.set_fill_style_str(if lit { pal.highlight } else { pal.fg });
                ctx.set_font("bold 15px system-ui, sans-serif");
                let _ = ctx.fill_text(&row.label, 8.0, row.y + row.h / 2.0);
                if lit {
                    ctx.set_stroke_style_str(pal.highlight);
                    ctx.set_line_width(3.0);
                    ctx.stroke_rect(1.5, row.y + 1.5, f.width - 3.0, row.h - 3.0);
                    ctx.set_line_width(1.0);
                }
            }
            RowKind::Lane(lane) => draw_lane(ctx, f, row, *lane, plot_w),
        }
    }
}

/// Draws the playhead over a frame drawn by [`draw`] (which leaves it out, so the static
/// picture can be cached and only this line moves while playing).
pub fn draw_playhead(ctx: &CanvasRenderingContext2d, f: &Frame) {
    if f.playhead < f.view.t0 || f.playhead > f.view.t1 {
        return;
    }
    let total_h = height(f.rows);
    let x = f.view.x_of(f.playhead, f.plot_w()).round();
    ctx.set_fill_style_str(f.palette.fg);
    ctx.fill_rect(x - 1.0, AXIS_H - 8.0, 2.0, total_h - AXIS_H + 8.0);
    ctx.begin_path();
    ctx.move_to(x - 7.0, AXIS_H - 10.0);
    ctx.line_to(x + 7.0, AXIS_H - 10.0);
    ctx.line_to(x, AXIS_H - 1.0);
    ctx.close_path();
    ctx.fill();
}

/// `#rrggbb` to bytes.
fn rgb(hex: &str) -> [u8; 3] {
    let b = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    [b(1), b(3), b(5)]
}

/// Paints every lane into one `ImageData`: each device-pixel column takes the state at its
/// centre time, found by binary search. Cost O(lanes × columns × log spans), whatever the
/// number of spans, and a single `putImageData` call.
fn raster_lanes(ctx: &CanvasRenderingContext2d, f: &Frame, plot_w: f64, total_h: f64) {
    let dpr = f.dpr.max(1.0);
    let x0 = (LABEL_W * dpr).round();
    let y0 = (AXIS_H * dpr).round();
    let dw = (plot_w * dpr).round().max(1.0) as usize;
    let dh = ((total_h - AXIS_H) * dpr).round().max(1.0) as usize;
    let mut buf = vec![0u8; dw * dh * 4];
    let bg = rgb(f.palette.bg);
    for px in buf.chunks_exact_mut(4) {
        px.copy_from_slice(&[bg[0], bg[1], bg[2], 255]);
    }
    let span_ns = f.view.span() as f64;
    let stride = dw * 4;
    let mut line = vec![0u8; stride];
    for row in f.rows {
        let RowKind::Lane(lane) = row.kind else {
            continue;
        };
        let spans = f.trace.lane(lane);
        let ry0 = (((row.y + 3.0) * dpr).round() - y0).max(0.0) as usize;
        let ry1 = ((((row.y + row.h - 3.0) * dpr).round() - y0).max(0.0) as usize).min(dh);
        // One pixel row for the lane, then copied down its height.
        for px in line.chunks_exact_mut(4) {
            px.copy_from_slice(&[bg[0], bg[1], bg[2], 255]);
        }
        let mut from = 0usize;
        for (cx, px) in line.chunks_exact_mut(4).enumerate() {
            let t = f.view.t0 + ((cx as f64 + 0.5) / dw as f64 * span_ns) as u64;
            from = spans.first_ending_after(from, t);
            let Some(sp) = spans.get(from) else { break };
            let st = style(sp.state);
            if sp.start_ns <= t && st.marks != Marks::Hollow {
                let c = rgb(st.base);
                px.copy_from_slice(&[c[0], c[1], c[2], 255]);
            }
        }
        for y in ry0..ry1 {
            buf[y * stride..(y + 1) * stride].copy_from_slice(&line);
        }
    }
    // ImageData refuses views of shared memory (and wasm memory is shared here), so the
    // pixels are copied into a JS-owned array first.
    let pixels = js_sys::Uint8ClampedArray::new_with_length(buf.len() as u32);
    pixels.copy_from(&buf);
    match web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(&pixels, dw as u32, dh as u32) {
        Ok(img) => {
            let _ = ctx.put_image_data(&img, x0, y0);
        }
        Err(e) => web_sys::console::error_2(&"GIL Lab: timeline raster failed:".into(), &e),
    }
}

fn lane_highlighted(lane: Lane, h: Highlight) -> bool {
    matches!(
        (lane, h),
        (Lane::Core(_), Highlight::Cores)
            | (Lane::Thread(_), Highlight::Threads)
            | (Lane::Gil(_), Highlight::Gils)
    )
}

fn draw_lane(ctx: &CanvasRenderingContext2d, f: &Frame, row: &Row, lane: Lane, plot_w: f64) {
    let pal = f.palette;
    let (y, h) = (row.y + 3.0, row.h - 6.0);
    let hl = lane_highlighted(lane, f.highlight);
    // Label column.
    ctx.set_font(if hl {
        "bold 16px system-ui, sans-serif"
    } else {
        "16px system-ui, sans-serif"
    });
    ctx.set_fill_style_str(if hl { pal.highlight } else { pal.fg });
    let _ = ctx.fill_text_with_max_width(&row.label, 8.0, row.y + row.h / 2.0, LABEL_W - 14.0);
    ctx.set_stroke_style_str(pal.grid);
    ctx.begin_path();
    ctx.move_to(LABEL_W, row.y + row.h - 0.5);
    ctx.line_to(f.width, row.y + row.h - 0.5);
    ctx.stroke();

    let spans = f.trace.lane(lane);
    let window = spans.window(f.view.t0, f.view.t1);
    let mut i = window.start;
    ctx.set_font("13px system-ui, sans-serif");
    while i < window.end {
        let Some(s) = spans.get(i) else { break };
        let x0 = f.view.x_of(s.start_ns.max(f.view.t0), plot_w).max(LABEL_W);
        let x1 = f.view.x_of(s.end_ns.min(f.view.t1), plot_w);
        let st = style(s.state);
        // Narrow spans are already in the raster; only wide ones get a pattern and a label.
        if st.marks != Marks::Hollow && x1 - x0 >= 4.0 {
            let w = x1 - x0;
            match f.paints.and_then(|p| p.get(s.state)) {
                Some(p) => ctx.set_fill_style_canvas_pattern(p),
                None => ctx.set_fill_style_str(st.base),
            }
            ctx.fill_rect(x0, y, w, h);
            // In-bar label when there is room: the state, or the thread on core and GIL lanes.
            let text = match (lane, s.thread) {
                (Lane::Core(_) | Lane::Gil(_), Some(t)) if s.state != State::ContextSwitch => {
                    thread_short(t)
                }
                _ => st.short.to_string(),
            };
            if w > 34.0 && !text.is_empty() {
                let tw = ctx.measure_text(&text).map(|m| m.width()).unwrap_or(w);
                if tw + 8.0 < w {
                    let dark_text = matches!(
                        s.state,
                        State::Starting | State::Ready | State::WaitingGil | State::Joining
                    );
                    ctx.set_fill_style_str(if dark_text { "#000000" } else { "#ffffff" });
                    let _ = ctx.fill_text(&text, x0 + 4.0, y + h / 2.0);
                }
            }
        } else if s.state == State::Done && matches!(lane, Lane::Thread(_)) {
            ctx.set_fill_style_str(pal.muted);
            ctx.fill_rect(x0, y + h / 2.0 - 1.0, (x1 - x0).max(1.0), 2.0);
        }
        // Level of detail: skip every other span that falls into the same pixel column.
        let next_px_t = f.view.t_of(x0.floor() + 1.0, plot_w);
        if s.end_ns < next_px_t {
            i = spans.first_ending_after(i + 1, next_px_t);
        } else {
            i += 1;
        }
    }

    if let Lane::Gil(g) = lane {
        draw_gil_markers(ctx, f, g, y, h, plot_w);
    }
    if hl {
        ctx.set_stroke_style_str(pal.highlight);
        ctx.set_line_width(3.0);
        ctx.stroke_rect(LABEL_W - 2.0, row.y + 1.0, plot_w + 4.0, row.h - 2.0);
        ctx.set_line_width(1.0);
    }
}

/// Drop requests (▼ at the top, orange) and forced switches (◆, vermillion) on a GIL lane.
/// Markers closer than 3 px are drawn once.
fn draw_gil_markers(
    ctx: &CanvasRenderingContext2d,
    f: &Frame,
    gil: u32,
    y: f64,
    h: f64,
    plot_w: f64,
) {
    let mut last_drop = f64::MIN;
    let mut last_forced = f64::MIN;
    for e in f.trace.events_in(f.view.t0, f.view.t1) {
        if e.gil != Some(gil) {
            continue;
        }
        let x = f.view.x_of(e.t_ns, plot_w);
        match e.kind {
            EventKind::GilDropRequest if x - last_drop >= 3.0 => {
                last_drop = x;
                ctx.set_fill_style_str("#e69f00");
                ctx.set_stroke_style_str("#000000");
                ctx.begin_path();
                ctx.move_to(x - 5.0, y);
                ctx.line_to(x + 5.0, y);
                ctx.line_to(x, y + 8.0);
                ctx.close_path();
                ctx.fill();
                ctx.stroke();
            }
            EventKind::GilForcedSwitch if x - last_forced >= 3.0 => {
                last_forced = x;
                ctx.set_fill_style_str("#d55e00");
                ctx.set_stroke_style_str("#ffffff");
                ctx.begin_path();
                ctx.move_to(x, y + h - 11.0);
                ctx.line_to(x + 5.0, y + h - 5.5);
                ctx.line_to(x, y + h);
                ctx.line_to(x - 5.0, y + h - 5.5);
                ctx.close_path();
                ctx.fill();
                ctx.stroke();
            }
            _ => {}
        }
    }
}

/// The row and time under a point of the canvas (CSS pixels), if it is over a lane.
pub fn hit(rows: &[Row], view: &View, width: f64, x: f64, y: f64) -> Option<(Lane, u64)> {
    if x < LABEL_W {
        return None;
    }
    let plot_w = (width - LABEL_W - 8.0).max(10.0);
    let row = rows.iter().find(|r| y >= r.y && y < r.y + r.h)?;
    match row.kind {
        RowKind::Lane(lane) => Some((lane, view.t_of(x, plot_w))),
        RowKind::Header | RowKind::ProcessHeader(_) => None,
    }
}

/// The tooltip text for a lane at a time: "T2 waiting for the GIL of P1 since 3.2 ms".
pub fn tooltip(trace: &Trace, lane: Lane, t: u64) -> Option<String> {
    let now = trace.lane_at(lane, t)?;
    let since = fmt_ns(now.since_ns);
    Some(match lane {
        Lane::Thread(th) => match now.state {
            State::WaitingGil => {
                let gil = trace
                    .threads
                    .get(th as usize)
                    .and_then(|i| i.gil)
                    .unwrap_or(0);
                format!(
                    "{} waiting for {} since {since}",
                    thread_short(th),
                    gil_name(trace, gil)
                )
            }
            State::Running => format!(
                "{} running on core {} since {since}",
                thread_short(th),
                now.core
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "?".into())
            ),
            other => format!("{} {} since {since}", thread_short(th), other.label()),
        },
        Lane::Core(c) => match now.thread {
            Some(th) if now.state != State::Idle => {
                format!(
                    "Core {c}: {} {} since {since}",
                    now.state.label(),
                    thread_short(th)
                )
            }
            _ => format!("Core {c} idle since {since}"),
        },
        Lane::Gil(g) => match now.thread {
            Some(th) if now.state == State::Held => {
                format!(
                    "{} held by {} since {since}",
                    gil_name(trace, g),
                    thread_short(th)
                )
            }
            _ => format!("{} free since {since}", gil_name(trace, g)),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_maps_time_to_pixels_and_back() {
        let v = View {
            t0: 1_000,
            t1: 11_000,
        };
        assert_eq!(v.x_of(1_000, 500.0), LABEL_W);
        assert_eq!(v.x_of(11_000, 500.0), LABEL_W + 500.0);
        assert_eq!(v.t_of(LABEL_W + 250.0, 500.0), 6_000);
        assert_eq!(v.t_of(0.0, 500.0), 1_000, "clamped to the window");
    }

    #[test]
    fn zoom_keeps_the_anchor_and_stays_inside_the_trace() {
        let v = View::fit(100_000_000);
        let z = v.zoom(0.5, 50_000_000, 100_000_000);
        assert_eq!(z.span(), 50_000_000);
        assert!(z.t0 <= 50_000_000 && z.t1 >= 50_000_000);
        let out = z.zoom(10.0, 0, 100_000_000);
        assert_eq!(out, View::fit(100_000_000));
        let tiny = v.zoom(1e-9, 10, 100_000_000);
        assert_eq!(tiny.span(), 1_000, "never narrower than 1 µs");
        // Anchored off screen: zoom around the centre, so the view stays where it was.
        let off = View {
            t0: 50_000_000,
            t1: 60_000_000,
        }
        .zoom(0.5, 80_000_000, 100_000_000);
        assert_eq!(
            off,
            View {
                t0: 52_500_000,
                t1: 57_500_000
            }
        );
        let panned = z.pan(i64::MAX / 2, 100_000_000);
        assert_eq!(panned.t1, 100_000_000);
        let back = z.pan(i64::MIN / 2, 100_000_000);
        assert_eq!(back.t0, 0);
    }

    #[test]
    fn follow_pages_forward_when_the_playhead_leaves() {
        let v = View {
            t0: 0,
            t1: 1_000_000,
        };
        assert_eq!(v.follow(500_000, 10_000_000), v);
        let f = v.follow(2_000_000, 10_000_000);
        assert!(f.t0 <= 2_000_000 && f.t1 >= 2_000_000);
        assert_eq!(f.span(), 1_000_000);
    }

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
