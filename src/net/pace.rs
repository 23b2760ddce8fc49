//! Pacing: a token bucket per host, so a folder ingest stays inside Google's quota instead of
//! bouncing off it, and a limit on the requests in flight to a host at once. Both adapt for the
//! whole process: a rate-limit answer halves the host's rate, one that says too many requests
//! were in flight halves how many may be, and successes win both back a little at a time. A
//! request may cost more than one token: Gmail counts its quota in units, 5 for a message.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::settings::Pacing;

/// The slowest a host is ever paced at.
const FLOOR: f64 = 1.0;

/// Requests in flight to one host at once, until it says that is too many: more than any
/// `--jobs`, so that only a host's refusal ever limits it.
const CROWD: usize = 128;

/// Successes in a row that win back one more request in flight.
const CROWD_RECOVERY: u32 = 20;

#[derive(Debug)]
pub struct Pacer {
    settings: Pacing,
    buckets: Mutex<HashMap<String, Bucket>>,
    crowds: Mutex<HashMap<String, Arc<Crowd>>>,
}

/// How many requests may be in flight to one host, and how many are.
#[derive(Debug)]
struct Crowd {
    state: Mutex<CrowdState>,
    freed: Notify,
}

#[derive(Debug)]
struct CrowdState {
    limit: usize,
    in_flight: usize,
    successes: u32,
}

/// A request in flight; dropping it makes room for another.
#[derive(Debug)]
pub struct InFlight {
    crowd: Arc<Crowd>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.crowd.state.lock().unwrap_or_else(|e| e.into_inner());
        state.in_flight = state.in_flight.saturating_sub(1);
        drop(state);
        self.crowd.freed.notify_one();
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    burst: f64,
    rate: f64,
    /// The rate it is set to, which successes win back.
    ceiling: f64,
    last: Instant,
}

impl Pacer {
    pub fn new(settings: Pacing) -> Pacer {
        Pacer {
            settings,
            buckets: Mutex::new(HashMap::new()),
            crowds: Mutex::new(HashMap::new()),
        }
    }

    /// Takes `cost` tokens for one request to `host` (paced as `pacing` says, the first time
    /// the host is seen: [`Pacer::new`]'s settings unless an API has its own); returns how
    /// long to wait before sending it. Tokens may be taken ahead of time, so concurrent callers
    /// queue up fairly.
    pub fn reserve(&self, host: &str, cost: f64, pacing: Option<Pacing>) -> Duration {
        let now = Instant::now();
        self.with(host, pacing, |b| {
            let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
            b.last = now;
            b.tokens = (b.tokens + elapsed * b.rate).min(b.burst);
            b.tokens -= cost;
            if b.tokens >= 0.0 {
                Duration::ZERO
            } else {
                Duration::from_secs_f64(-b.tokens / b.rate)
            }
        })
    }

    /// A rate-limit answer: halve the host's rate.
    pub fn slow_down(&self, host: &str) {
        self.with(host, None, |b| b.rate = (b.rate / 2.0).max(FLOOR));
    }

    /// A success: raise the host's rate by a fiftieth of its ceiling, up to the ceiling, and
    /// now and then allow one more request in flight.
    pub fn speed_up(&self, host: &str) {
        self.with(host, None, |b| {
            b.rate = (b.rate + b.ceiling / 50.0).min(b.ceiling)
        });
        let crowd = self.crowd(host);
        let mut state = crowd.state.lock().unwrap_or_else(|e| e.into_inner());
        state.successes += 1;
        if state.successes >= CROWD_RECOVERY && state.limit < CROWD {
            state.successes = 0;
            state.limit += 1;
            drop(state);
            crowd.freed.notify_one();
        }
    }

    /// An answer saying too many requests were in flight: allow half as many as there are.
    pub fn crowded(&self, host: &str) {
        let crowd = self.crowd(host);
        let mut state = crowd.state.lock().unwrap_or_else(|e| e.into_inner());
        state.limit = (state.in_flight / 2).max(1);
        state.successes = 0;
    }

    /// Waits until one more request may be in flight to `host`.
    pub async fn admit(&self, host: &str) -> InFlight {
        let crowd = self.crowd(host);
        loop {
            let freed = crowd.freed.notified();
            {
                let mut state = crowd.state.lock().unwrap_or_else(|e| e.into_inner());
                if state.in_flight < state.limit {
                    state.in_flight += 1;
                    return InFlight {
                        crowd: Arc::clone(&crowd),
                    };
                }
            }
            freed.await;
        }
    }

    /// The host's current rate, in requests (or units) a second.
    #[cfg(test)]
    pub fn rate(&self, host: &str) -> f64 {
        self.with(host, None, |b| b.rate)
    }

    /// How many requests may be in flight to the host now.
    #[cfg(test)]
    fn crowd_limit(&self, host: &str) -> usize {
        self.crowd(host)
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .limit
    }

    fn with<T>(&self, host: &str, pacing: Option<Pacing>, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let settings = pacing.unwrap_or(self.settings);
        let bucket = buckets.entry(host.to_string()).or_insert_with(|| Bucket {
            tokens: settings.burst,
            burst: settings.burst.max(1.0),
            rate: settings.rate,
            ceiling: settings.rate,
            last: Instant::now(),
        });
        f(bucket)
    }

    fn crowd(&self, host: &str) -> Arc<Crowd> {
        let mut crowds = self.crowds.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(crowds.entry(host.to_string()).or_insert_with(|| {
            Arc::new(Crowd {
                state: Mutex::new(CrowdState {
                    limit: CROWD,
                    in_flight: 0,
                    successes: 0,
                }),
                freed: Notify::new(),
            })
        }))
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
        let waits: Vec<Duration> = (0..5).map(|_| p.reserve("h", 1.0, None)).collect();
        assert_eq!(&waits[..3], [Duration::ZERO; 3]);
        assert!(waits[3] > Duration::from_millis(90) && waits[3] <= Duration::from_millis(100));
        assert!(waits[4] > Duration::from_millis(190) && waits[4] <= Duration::from_millis(200));
        assert_eq!(
            p.reserve("other", 1.0, None),
            Duration::ZERO,
            "hosts are paced apart"
        );
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

    #[test]
    fn a_request_costs_its_units() {
        let p = Pacer::new(Pacing {
            rate: 250.0,
            burst: 10.0,
        });
        assert_eq!(p.reserve("h", 5.0, None), Duration::ZERO);
        assert_eq!(p.reserve("h", 5.0, None), Duration::ZERO);
        let third = p.reserve("h", 5.0, None);
        assert!(third > Duration::from_millis(15) && third <= Duration::from_millis(20));
        let own = Pacing {
            rate: 1.0,
            burst: 1.0,
        };
        assert_eq!(p.reserve("g", 1.0, Some(own)), Duration::ZERO);
        assert!(p.reserve("g", 1.0, Some(own)) > Duration::from_millis(900));
    }

    #[tokio::test]
    async fn too_many_in_flight_halves_how_many_may_be_and_successes_win_it_back() {
        let p = Pacer::new(Pacing::default());
        let held: Vec<InFlight> = futures::future::join_all((0..8).map(|_| p.admit("h"))).await;
        p.crowded("h");
        assert_eq!(p.crowd_limit("h"), 4);
        drop(held);
        let four: Vec<InFlight> = futures::future::join_all((0..4).map(|_| p.admit("h"))).await;
        let fifth = tokio::time::timeout(Duration::from_millis(50), p.admit("h")).await;
        assert!(fifth.is_err(), "a fifth waits");
        for _ in 0..CROWD_RECOVERY {
            p.speed_up("h");
        }
        assert_eq!(p.crowd_limit("h"), 5);
        let fifth = tokio::time::timeout(Duration::from_millis(50), p.admit("h")).await;
        assert!(fifth.is_ok(), "and is let through once one more may be");
        drop(four);
    }
}
