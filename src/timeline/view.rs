//! The visible time window of the timeline and its math: time to pixels and back, zoom around
//! an anchor, pan, follow the playhead, and the "nice" ticks of the time axis. Pure.

use super::layout::LABEL_W;

/// Right margin of the plot, CSS pixels.
pub const RIGHT_MARGIN: f64 = 8.0;

/// The width of the plot (the part right of the labels) on a canvas `width` CSS pixels wide.
pub fn plot_width(width: f64) -> f64 {
    (width - LABEL_W - RIGHT_MARGIN).max(10.0)
}

/// The visible time window `[t0, t1]`, in ns.
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
    /// Moves with a drag of `dx` CSS pixels over a plot `plot_w` wide (dragging right shows
    /// earlier times), within `[0, end]`.
    pub fn drag(&self, dx: f64, plot_w: f64, end: u64) -> View {
        let dt = -(dx / plot_w.max(1.0) * self.span() as f64) as i64;
        self.pan(dt, end)
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

/// Evenly spaced "nice" tick times (a 1-2-5 step) covering `[t0, t1]`, aiming at about
/// `target` ticks. Returns the step and the ticks.
pub fn nice_ticks(t0: u64, t1: u64, target: u32) -> (u64, Vec<u64>) {
    let span = t1.saturating_sub(t0).max(1);
    let raw = (span / u64::from(target.max(1))).max(1);
    let mut magnitude = 1u64;
    while magnitude.saturating_mul(10) <= raw {
        magnitude *= 10;
    }
    let step = [1u64, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(magnitude * 10);
    let first = t0.div_ceil(step) * step;
    let ticks = (0..)
        .map(|i| first + i * step)
        .take_while(|&t| t <= t1)
        .collect();
    (step, ticks)
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
        assert_eq!(plot_width(1000.0), 1000.0 - LABEL_W - 8.0);
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
    fn dragging_right_shows_earlier_times() {
        let v = View {
            t0: 50_000_000,
            t1: 60_000_000,
        };
        let d = v.drag(100.0, 1000.0, 100_000_000);
        assert_eq!(
            d,
            View {
                t0: 49_000_000,
                t1: 59_000_000
            }
        );
        assert_eq!(v.drag(-100.0, 1000.0, 100_000_000).t0, 51_000_000);
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
    fn ticks_are_nice_and_cover_the_range() {
        let (step, ticks) = nice_ticks(0, 100_000_000, 10);
        assert_eq!(step, 10_000_000);
        assert_eq!(ticks.first(), Some(&0));
        assert_eq!(ticks.last(), Some(&100_000_000));
        let (step, ticks) = nice_ticks(3_000_001, 7_000_000, 5);
        assert_eq!(step, 1_000_000);
        assert_eq!(ticks, vec![4_000_000, 5_000_000, 6_000_000, 7_000_000]);
        let (step, _) = nice_ticks(0, 37, 10);
        assert_eq!(step, 5);
        for (a, b, n) in [(0, 1, 8), (5, 5, 8), (0, u64::MAX / 4, 8)] {
            let (step, ticks) = nice_ticks(a, b, n);
            assert!(step >= 1);
            assert!(ticks.windows(2).all(|w| w[1] - w[0] == step));
            assert!(ticks.len() <= 2 * n as usize + 2);
        }
    }
}
