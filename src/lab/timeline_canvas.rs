//! A small canvas wrapper that draws one measured run with the simulator's timeline
//! (`crate::sim::timeline::layout` and `draw`), on a time scale shared by all modes.

use super::measure::Measured;
use crate::sim::timeline::{self, Frame, Highlight, Paints, Palette, Row, RowKind, View};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabTimelineProps {
    pub measured: Rc<Measured>,
    /// The end of the shared time scale (the slowest mode), ns.
    pub end_ns: u64,
}

fn dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// A measured run has no core lanes (the browser does not say which core ran a worker), so
/// the "CPU cores" header row that `layout` always adds is dropped and the rows move up.
fn without_core_header(rows: Vec<Row>, cores: u32) -> Vec<Row> {
    if cores > 0 {
        return rows;
    }
    let mut rows = rows.into_iter();
    match rows.next() {
        Some(first) if first.kind == RowKind::Header => {
            let shift = first.h;
            rows.map(|mut r| {
                r.y -= shift;
                r
            })
            .collect()
        }
        Some(first) => std::iter::once(first).chain(rows).collect(),
        None => Vec::new(),
    }
}

fn draw(canvas: &HtmlCanvasElement, m: &Measured, end_ns: u64) -> Option<u64> {
    let trace = m.trace();
    let rows = without_core_header(timeline::layout(&trace), trace.cores);
    let width = canvas
        .parent_element()
        .map(|p| f64::from(p.client_width()))
        .unwrap_or(1000.0)
        .max(400.0);
    let height = timeline::height(&rows);
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    canvas.set_width((width * dpr) as u32);
    canvas.set_height((height * dpr) as u32);
    let _ = canvas
        .style()
        .set_property("height", &format!("{height}px"));
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let paints = Paints::new(&ctx);
    let palette = Palette::new(dark());
    timeline::draw(
        &ctx,
        &Frame {
            trace: &trace,
            rows: &rows,
            view: View::fit(end_ns.max(trace.end_ns)),
            playhead: u64::MAX,
            width,
            palette: &palette,
            paints: paints.as_ref(),
            highlight: Highlight::None,
            dpr,
        },
    );
    Some(trace.span_count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::measure::{Measured, Place};
    use gil_work::{ChunkStamp, Job, Kernel, Strategy};

    #[test]
    fn the_empty_core_section_is_dropped_and_rows_move_up() {
        let m = Measured {
            mode: Strategy::Threads,
            workers: 2,
            job: Job::new(Kernel::Primes, 100, 2).unwrap(),
            result: 25,
            start_ns: 0,
            end_ns: 10,
            chunks: vec![ChunkStamp {
                worker: 0,
                chunk: 0,
                start_ns: 0,
                end_ns: 5,
                result: 15,
            }],
            gil: None,
            starts: Vec::new(),
            place: Place::PoolThread,
        };
        let full = timeline::layout(&m.trace());
        let rows = without_core_header(full.clone(), 0);
        assert_eq!(rows.len(), full.len() - 1);
        assert_eq!(
            rows[0].y,
            timeline::AXIS_H,
            "the process header moves to the top"
        );
        assert!(rows[0].label.starts_with("Process P1"), "{}", rows[0].label);
        assert_eq!(without_core_header(full.clone(), 2), full);
    }
}

/// One measured run's timeline, with the simulator's hover tooltips ("T2 waiting for the GIL
/// of P1 since 3.2 ms").
#[function_component(LabTimeline)]
pub fn lab_timeline(props: &LabTimelineProps) -> Html {
    let canvas = use_node_ref();
    let tip = use_state(|| None::<(f64, f64, String)>);
    let trace = use_memo(props.measured.clone(), |m| {
        let trace = m.trace();
        let rows = without_core_header(timeline::layout(&trace), trace.cores);
        (trace, rows)
    });
    {
        let canvas = canvas.clone();
        let m = props.measured.clone();
        let end_ns = props.end_ns;
        use_effect_with((m, end_ns), move |(m, end_ns)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>()
                && let Some(spans) = draw(&c, m, *end_ns)
            {
                let _ = c.set_attribute("data-spans", &spans.to_string());
            }
        });
    }
    let on_move = {
        let canvas = canvas.clone();
        let tip = tip.clone();
        let trace = trace.clone();
        let end_ns = props.end_ns.max(trace.0.end_ns);
        Callback::from(move |e: MouseEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let rect = c.get_bounding_client_rect();
            let (x, y) = (
                f64::from(e.client_x()) - rect.left(),
                f64::from(e.client_y()) - rect.top(),
            );
            let text = timeline::hit(&trace.1, &View::fit(end_ns), rect.width(), x, y)
                .and_then(|(lane, t)| timeline::tooltip(&trace.0, lane, t))
                // The browser does not say which core ran a worker.
                .map(|t| t.replace(" on core ?", ""));
            tip.set(text.map(|t| ((x + 14.0).min(rect.width() - 260.0).max(0.0), y + 14.0, t)));
        })
    };
    let on_leave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| tip.set(None))
    };
    let label = format!(
        "Measured timeline of {} with {} workers",
        super::strategy_title(props.measured.mode),
        props.measured.workers
    );
    html! {
        <div class="timeline-wrap">
            <canvas ref={canvas} class="timeline lab-canvas" role="img" aria-label={label}
                    onmousemove={on_move} onmouseleave={on_leave}></canvas>
            { match &*tip {
                Some((x, y, text)) => html! {
                    <div class="tooltip" role="tooltip" data-testid="lab-tooltip"
                         style={format!("display: block; left: {x}px; top: {y}px")}>{ text.clone() }</div>
                },
                None => Html::default(),
            } }
        </div>
    }
}
