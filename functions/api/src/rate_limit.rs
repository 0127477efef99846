//! How fast one client may make the service spend: each application sends an SMS and an
//! e-mail and waits for a reviewer; each draft and upload takes storage. Counted per
//! network (an IPv4 address, an IPv6 /64: one machine gets a whole /64), by GCRA
//! (`governor`): a burst, then a steady rate. Per process, like the status throttle —
//! in production WAF's rate-based rules bound what all instances see together, and the
//! notifier's daily cap per recipient bounds what any number of clients can make one
//! phone receive (docs/reliability.md).
//!
//! The counts are kept in memory for at most [`MAX_KEYS`] networks. When more are active
//! at once (a flood from many addresses), every client shares one bucket until the
//! quiet ones can be forgotten: spending stays bounded, at the price of legitimate
//! applicants waiting while the flood lasts.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most networks counted one by one.
pub const MAX_KEYS: usize = 100_000;

/// What a request would make the service spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spend {
    /// A new application: messages to the applicant, a reviewer's time.
    Application,
    /// A draft or an uploaded file: storage for a day.
    Draft,
}

impl Spend {
    /// A family applying for several children, a student correcting a form several
    /// times, stay well inside; a script does not.
    fn quota(self) -> Quota {
        let (burst, every) = match self {
            // 10 at once, then one every 3 minutes (20 an hour).
            Spend::Application => (10, Duration::from_secs(180)),
            // 60 at once (a form with many files, sent again after corrections), then
            // one every 10 seconds.
            Spend::Draft => (60, Duration::from_secs(10)),
        };
        Quota::with_period(every)
            .expect("a period above zero")
            .allow_burst(NonZeroU32::new(burst).expect("a burst above zero"))
    }
}

/// The per-network limits of every [`Spend`].
pub struct RateLimits {
    applications: Limiter,
    drafts: Limiter,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            applications: Limiter::new(Spend::Application.quota()),
            drafts: Limiter::new(Spend::Draft.quota()),
        }
    }
}

impl RateLimits {
    /// `Err(wait)` when `client` has spent its share of `spend` for now.
    pub fn check(&self, spend: Spend, client: Option<IpAddr>) -> Result<(), Duration> {
        let limiter = match spend {
            Spend::Application => &self.applications,
            Spend::Draft => &self.drafts,
        };
        limiter.check(network(client))
    }
}

struct Limiter {
    counts: DefaultKeyedRateLimiter<Network>,
    clock: DefaultClock,
    /// When forgotten networks were last swept out (a sweep walks every key).
    swept: Mutex<Instant>,
}

impl Limiter {
    fn new(quota: Quota) -> Limiter {
        Limiter {
            counts: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
            swept: Mutex::new(Instant::now()),
        }
    }

    fn check(&self, key: Network) -> Result<(), Duration> {
        let key = if self.counts.len() < MAX_KEYS {
            key
        } else {
            self.sweep();
            if self.counts.len() < MAX_KEYS {
                key
            } else {
                Network::Crowd
            }
        };
        self.counts
            .check_key(&key)
            .map_err(|until| until.wait_time_from(self.clock.now()))
    }

    /// Forget the networks whose counts are back to fresh, at most once a second.
    fn sweep(&self) {
        let mut swept = self.swept.lock().unwrap_or_else(|e| e.into_inner());
        if swept.elapsed() >= Duration::from_secs(1) {
            self.counts.retain_recent();
            *swept = Instant::now();
        }
    }
}

/// What one client is counted as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Network {
    V4([u8; 4]),
    /// The /64 prefix.
    V6([u8; 8]),
    /// No address known (a test without a peer), or past [`MAX_KEYS`]: one bucket.
    Crowd,
}

fn network(client: Option<IpAddr>) -> Network {
    match client.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => Network::V4(v4.octets()),
        Some(IpAddr::V6(v6)) => {
            let mut prefix = [0; 8];
            prefix.copy_from_slice(&v6.octets()[..8]);
            Network::V6(prefix)
        }
        None => Network::Crowd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn a_burst_then_a_wait_for_one_network_only() {
        let limits = RateLimits::default();
        for _ in 0..10 {
            assert_eq!(limits.check(Spend::Application, ip("203.0.113.7")), Ok(()));
        }
        let wait = limits
            .check(Spend::Application, ip("203.0.113.7"))
            .expect_err("the eleventh application in a burst waits");
        assert!(
            wait > Duration::from_secs(170) && wait <= Duration::from_secs(180),
            "{wait:?}"
        );
        assert_eq!(
            limits.check(Spend::Application, ip("203.0.113.8")),
            Ok(()),
            "another address is counted on its own"
        );
        assert_eq!(
            limits.check(Spend::Draft, ip("203.0.113.7")),
            Ok(()),
            "drafts are counted apart from applications"
        );
    }

    #[test]
    fn one_machine_is_one_ipv6_slash_64() {
        let limits = RateLimits::default();
        for i in 0..10 {
            let addr = format!("2001:db8:1:2::{i:x}");
            assert_eq!(limits.check(Spend::Application, ip(&addr)), Ok(()));
        }
        assert!(
            limits
                .check(Spend::Application, ip("2001:db8:1:2:ffff::1"))
                .is_err(),
            "a fresh address in the same /64 is the same client"
        );
        assert_eq!(
            limits.check(Spend::Application, ip("2001:db8:1:3::1")),
            Ok(())
        );
        assert_eq!(
            network(ip("::ffff:203.0.113.7")),
            network(ip("203.0.113.7")),
            "an IPv4 address seen over IPv6 is the IPv4 address"
        );
    }

    #[test]
    fn past_the_most_networks_the_newcomers_share_one_bucket() {
        let limiter = Limiter::new(Spend::Application.quota());
        for i in 0..MAX_KEYS as u32 {
            assert_eq!(limiter.check(Network::V4(i.to_be_bytes())), Ok(()));
        }
        assert_eq!(limiter.counts.len(), MAX_KEYS);
        // Every one was used just now, so none can be forgotten: what comes next from
        // new addresses is counted together, and a flood of them is stopped.
        let past = MAX_KEYS as u32;
        let refused = (past..past + 20)
            .filter(|i| limiter.check(Network::V4(i.to_be_bytes())).is_err())
            .count();
        assert_eq!(refused, 10, "ten in the shared burst, then waits");
        assert!(limiter.counts.len() <= MAX_KEYS + 1);
    }
}
