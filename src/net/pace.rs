//! Pacing: a token bucket per host, so a folder ingest stays inside Google's quota instead of
//! bouncing off it. It adapts for the whole process: a rate-limit answer halves the host's
//! rate, and each success wins a little of it back.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::settings::Pacing;

/// The slowest a host is ever paced at.
const FLOOR: f64 = 1.0;

#[derive(Debug)]
pub struct Pacer {
    settings: Pacing,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    rate: f64,
    last: Instant,
}

impl Pacer {
    pub fn new(settings: Pacing) -> Pacer {
        Pacer {
            settings,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for one request to `host`; returns how long to wait before sending it.
    /// Tokens may be taken ahead of time, so concurrent callers queue up fairly.
    pub fn reserve(&self, host: &str) -> Duration {
        let burst = self.settings.burst.max(1.0);
        let now = Instant::now();
        self.with(host, |b| {
            let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
            b.last = now;
            b.tokens = (b.tokens + elapsed * b.rate).min(burst);
            b.tokens -= 1.0;
            if b.tokens >= 0.0 {
                Duration::ZERO
            } else {
                Duration::from_secs_f64(-b.tokens / b.rate)
            }
        })
    }

    /// A rate-limit answer: halve the host's rate.
    pub fn slow_down(&self, host: &str) {
        self.with(host, |b| b.rate = (b.rate / 2.0).max(FLOOR));
    }

    /// A success: raise the host's rate by a fiftieth of the ceiling, up to the ceiling.
    pub fn speed_up(&self, host: &str) {
        let ceiling = self.settings.rate;
        self.with(host, |b| b.rate = (b.rate + ceiling / 50.0).min(ceiling));
    }

    /// The host's current rate, in requests a second.
    #[cfg(test)]
    pub fn rate(&self, host: &str) -> f64 {
        self.with(host, |b| b.rate)
    }

    fn with<T>(&self, host: &str, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let settings = self.settings;
        let bucket = buckets.entry(host.to_string()).or_insert_with(|| Bucket {
            tokens: settings.burst,
            rate: settings.rate,
            last: Instant::now(),
        });
        f(bucket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_rate() {
        let p = Pacer::new(Pacing {
            rate: 10.0,
            burst: 3.0,
        });
        let waits: Vec<Duration> = (0..5).map(|_| p.reserve("h")).collect();
        assert_eq!(&waits[..3], [Duration::ZERO; 3]);
        assert!(waits[3] > Duration::from_millis(90) && waits[3] <= Duration::from_millis(100));
        assert!(waits[4] > Duration::from_millis(190) && waits[4] <= Duration::from_millis(200));
        assert_eq!(p.reserve("other"), Duration::ZERO, "hosts are paced apart");
    }

    #[test]
    fn rate_limits_halve_and_successes_recover_slowly() {
        let p = Pacer::new(Pacing {
            rate: 200.0,
            burst: 10.0,
        });
        p.slow_down("h");
        p.slow_down("h");
        assert_eq!(p.rate("h"), 50.0);
        for _ in 0..10 {
            p.speed_up("h");
        }
        assert_eq!(p.rate("h"), 90.0);
        for _ in 0..1000 {
            p.speed_up("h");
        }
        assert_eq!(p.rate("h"), 200.0);
        for _ in 0..20 {
            p.slow_down("h");
        }
        assert_eq!(p.rate("h"), FLOOR);
    }
}
