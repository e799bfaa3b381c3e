//! The clock of a run against a real back end: the wall clock, because the cloud changes on
//! its own time. Waits really wait, shortened by a factor for emulators (`--sleep-scale`),
//! whose instances change state at once; the time a shortened wait skips is still counted,
//! so timeouts and recorded step times read as a real run's would.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug)]
pub struct RealClock {
    started_ms: i64,
    started: Instant,
    /// Time counted but not waited for (the part of each wait the scale removed).
    skipped_ms: i64,
    scale: f64,
}

impl RealClock {
    /// `scale` in (0, 1]: the share of each wait really waited.
    pub fn new(scale: f64) -> RealClock {
        let started_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        RealClock {
            started_ms,
            started: Instant::now(),
            skipped_ms: 0,
            scale: if scale > 0.0 && scale <= 1.0 {
                scale
            } else {
                1.0
            },
        }
    }

    pub fn now_millis(&self) -> i64 {
        let elapsed = i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.started_ms
            .saturating_add(elapsed)
            .saturating_add(self.skipped_ms)
    }

    /// Waits `millis` scaled, and counts the rest as passed.
    pub fn advance(&mut self, millis: i64) {
        let millis = millis.max(0);
        // Rounded up so that a positive wait always yields the processor.
        let real = (millis as f64 * self.scale).ceil() as i64;
        let real = real.clamp(0, millis);
        std::thread::sleep(Duration::from_millis(u64::try_from(real).unwrap_or(0)));
        self.skipped_ms = self.skipped_ms.saturating_add(millis - real);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scaled_wait_still_counts_in_full() {
        let mut clock = RealClock::new(0.001);
        let before = clock.now_millis();
        clock.advance(60_000);
        assert!(clock.now_millis() - before >= 60_000);
        assert_eq!(clock.skipped_ms, 60_000 - 60);
    }

    #[test]
    fn scales_outside_the_range_wait_in_full() {
        assert_eq!(RealClock::new(0.0).scale, 1.0);
        assert_eq!(RealClock::new(2.0).scale, 1.0);
        assert_eq!(RealClock::new(f64::NAN).scale, 1.0);
    }
}
