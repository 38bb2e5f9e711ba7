//! Painting the timeline onto a 2D context: the static picture of a [`Frame`] (axis and grid,
//! headers, every lane rastered one device-pixel column at a time, patterns and in-bar labels
//! for wide spans, GIL markers, glossary highlights) and, separately, the playhead over it.
//! Cost does not grow with the spans out of view, nor with more than one span per pixel column.

use super::layout::{AXIS_H, LABEL_W, LaneRow, RowKind, height};
use super::names::thread_short;
use super::style::{Highlight, Marks, Paints, Palette, style};
use super::view::{View, nice_ticks, plot_width};
use gil_sim::narrate::fmt_ns;
use gil_sim::{EventKind, Lane, State, Trace};
use web_sys::CanvasRenderingContext2d;

/// Everything one frame needs.
pub struct Frame<'a> {
    pub trace: &'a Trace,
    pub rows: &'a [LaneRow],
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
        plot_width(self.width)
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
            RowKind::CoresHeader | RowKind::ProcessHeader(_) => {
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

/// Predict mode's curtain: everything right of the playhead (lanes and time axis) covered,
/// with a line saying why, so the rest of the run is not seen before the answer.
pub fn draw_curtain(ctx: &CanvasRenderingContext2d, f: &Frame) {
    let total_h = height(f.rows);
    let x = if f.playhead < f.view.t0 {
        LABEL_W
    } else {
        f.view.x_of(f.playhead, f.plot_w()).round() + 1.0
    };
    if x >= f.width {
        return;
    }
    ctx.set_fill_style_str(f.palette.header_bg);
    ctx.fill_rect(x, 0.0, f.width - x, total_h);
    if f.width - x > 180.0 {
        ctx.set_fill_style_str(f.palette.muted);
        ctx.set_font("600 15px system-ui, sans-serif");
        ctx.set_text_align("center");
        let _ = ctx.fill_text(
            "Hidden: predict, then reveal",
            (x + f.width) / 2.0,
            total_h / 2.0,
        );
        ctx.set_text_align("start");
    }
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

fn draw_lane(ctx: &CanvasRenderingContext2d, f: &Frame, row: &LaneRow, lane: Lane, plot_w: f64) {
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
