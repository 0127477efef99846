//! Slowing down guessing of access codes: failures are counted per reference and per
//! client; after a few, each further try must wait, and after more the key is locked
//! for a while. Kept in memory, at most [`MAX_KEYS`] keys: a flood of distinct keys
//! makes room by forgetting the quietest, never a key that is locked. Per process: each
//! Lambda instance counts its own, and WAF's rate rule bounds what all instances see
//! together (docs/reliability.md).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most keys kept; each is a few dozen bytes.
pub const MAX_KEYS: usize = 50_000;

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
        if entries.len() + keys.len() > MAX_KEYS {
            self.make_room(&mut entries, now, keys.len());
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

    /// Forget what has expired; if that is not enough, the keys with the fewest
    /// failures, oldest first — never one that is locked now.
    fn make_room(&self, entries: &mut HashMap<String, Entry>, now: Instant, needed: usize) {
        entries.retain(|_, e| now.duration_since(e.last) < self.lock_for);
        let over = (entries.len() + needed).saturating_sub(MAX_KEYS);
        if over == 0 {
            return;
        }
        // A tenth at a time: a flood pays for one sort per 5,000 keys, not per request.
        let over = over.max(MAX_KEYS / 10);
        let mut quiet: Vec<(u32, Instant, String)> = entries
            .iter()
            .filter(|(_, e)| e.failures < self.lock_after)
            .map(|(k, e)| (e.failures, e.last, k.clone()))
            .collect();
        quiet.sort();
        for (_, _, k) in quiet.into_iter().take(over) {
            entries.remove(&k);
        }
    }

    /// How many keys are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
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

    #[test]
    fn a_flood_of_distinct_keys_stays_bounded_and_keeps_the_locks() {
        let t = Throttle::default();
        let locked = vec!["client:203.0.113.9".to_string()];
        for _ in 0..t.lock_after {
            t.fail(&locked);
        }
        // Far more distinct keys than are kept, as a script spraying references would.
        for i in 0..(MAX_KEYS * 3) {
            t.fail(&[format!("ref:{i:08}")]);
        }
        assert!(t.len() <= MAX_KEYS, "{} keys kept", t.len());
        assert!(
            t.wait_for(&locked)
                .is_some_and(|w| w > Duration::from_secs(60)),
            "the lock-out outlives the flood"
        );
    }
}
