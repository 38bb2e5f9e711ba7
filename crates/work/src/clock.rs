//! Clocks for timing stamps: the caller supplies the time source.
//!
//! `std::time::Instant` panics on `wasm32-unknown-unknown`, so no code path in this crate reads
//! the time by itself. Every mode takes a [`Clock`]; natively use [`InstantClock`], in the
//! browser wrap `performance.now()`.

/// A monotonic time source in nanoseconds, shared by all workers of a run.
///
/// Stamps from one clock must be comparable across threads (CLOCK_MONOTONIC natively;
/// `performance.now()` inside one agent cluster in the browser).
pub trait Clock: Sync {
    /// Nanoseconds since an arbitrary, fixed origin.
    fn now_ns(&self) -> u64;
}

/// Native clock: nanoseconds since the clock was created. Not available on wasm32.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
pub struct InstantClock {
    origin: std::time::Instant,
}

#[cfg(not(target_arch = "wasm32"))]
impl InstantClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        Self {
            origin: std::time::Instant::now(),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for InstantClock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Clock for InstantClock {
    fn now_ns(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn instant_clock_is_monotonic() {
        let c = InstantClock::new();
        let a = c.now_ns();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = c.now_ns();
        assert!(b >= a + 1_000_000, "{a} then {b}");
    }
}
