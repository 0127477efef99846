//! Slowing down guessing of access codes: failures are counted per reference and per
//! client; after a few, each further try must wait, and after more the key is locked
//! for a while. Kept in memory (per process; each Lambda instance counts its own).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Throttle {
    entries: Mutex<HashMap<String, Entry>>,
    /// Failures allowed before waits start.
    pub free_failures: u32,
    /// Failures after which the key is locked for `lock_for`.
    pub lock_after: u32,
    pub lock_for: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last: Instant,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            entries: Mutex::new(HashMap::new()),
            free_failures: 5,
            lock_after: 10,
            lock_for: Duration::from_secs(15 * 60),
        }
    }
}

impl Throttle {
    /// `Some(wait)` when a key must wait before trying again.
    pub fn wait_for(&self, keys: &[String]) -> Option<Duration> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        keys.iter()
            .filter_map(|k| entries.get(k))
            .filter_map(|e| {
                let wait = if e.failures >= self.lock_after {
                    self.lock_for
                } else if e.failures >= self.free_failures {
                    Duration::from_secs(2u64.pow(e.failures - self.free_failures + 1))
                } else {
                    return None;
                };
                let passed = now.duration_since(e.last);
                (passed < wait).then(|| wait - passed)
            })
            .max()
    }

    pub fn fail(&self, keys: &[String]) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // Forget stale entries so the map cannot grow without bound.
        if entries.len() > 100_000 {
            entries.retain(|_, e| now.duration_since(e.last) < self.lock_for);
        }
        for k in keys {
            let e = entries.entry(k.clone()).or_insert(Entry {
                failures: 0,
                last: now,
            });
            e.failures += 1;
            e.last = now;
        }
    }

    pub fn succeed(&self, keys: &[String]) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            entries.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_lock() {
        let t = Throttle::default();
        let k = vec!["ref:ABCD2345".to_string()];
        for _ in 0..5 {
            assert_eq!(t.wait_for(&k), None);
            t.fail(&k);
        }
        assert!(t.wait_for(&k).is_some_and(|w| w <= Duration::from_secs(2)));
        for _ in 0..5 {
            t.fail(&k);
        }
        assert!(t.wait_for(&k).is_some_and(|w| w > Duration::from_secs(60)));
        t.succeed(&k);
        assert_eq!(t.wait_for(&k), None);
    }
}
