//! `submit-load URL [seconds] [connections]`: sends distinct, valid certificate requests
//! (each from another applicant, so none is refused as a duplicate) to
//! `URL/api/forms/certificate/applications` for a fixed time over keep-alive
//! connections, and prints requests per second and latency percentiles. `oha` cannot
//! vary the body, and one applicant may have one open application per form.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The `n`th valid IIN: birth dates from 1 Jan 2000 on, 9,000 serials a day, century
/// digit 5 or 6 (men and women born in the 2000s).
fn iin(n: u64) -> Option<String> {
    let day = n / 9_000;
    let serial = 1_000 + n % 9_000;
    let (year, rest) = (2000 + day / 336, day % 336);
    let (month, dom) = (1 + rest / 28, 1 + rest % 28);
    let first11 = format!("{:02}{month:02}{dom:02}5{serial:04}", year % 100);
    let digits: Vec<u32> = first11.chars().filter_map(|c| c.to_digit(10)).collect();
    applications::iin::check_digit(&digits).map(|c| format!("{first11}{c}"))
}

fn body(iin: &str) -> serde_json::Value {
    serde_json::json!({
        "lang": "ru",
        "answers": {
            "full_name": "Нагрузочный Тест",
            "citizenship": "iin",
            "iin": iin,
            "phone": "+7 701 234 56 78",
            "email": "load@example.kz",
            "certificate_type": "place_of_requirement",
            "where_needed": "По месту требования"
        }
    })
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).expect("usage: submit-load URL [seconds] [connections]").clone();
    let secs: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let conns: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
    let url = format!("{}/api/forms/certificate/applications", base.trim_end_matches('/'));
    let next = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let workers: Vec<_> = (0..conns)
        .map(|_| {
            let (url, next) = (url.clone(), next.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .no_proxy()
                    .pool_max_idle_per_host(1)
                    .build()
                    .unwrap();
                let (mut latencies, mut statuses) = (Vec::new(), Vec::new());
                while Instant::now() < deadline {
                    let Some(iin) = iin(next.fetch_add(1, Ordering::Relaxed)) else {
                        continue;
                    };
                    let t = Instant::now();
                    let status = match http.post(&url).json(&body(&iin)).send().await {
                        Ok(res) => {
                            let s = res.status().as_u16();
                            let _ = res.bytes().await;
                            s
                        }
                        Err(_) => 0,
                    };
                    latencies.push(t.elapsed());
                    statuses.push(status);
                }
                (latencies, statuses)
            })
        })
        .collect();
    let (mut latencies, mut statuses) = (Vec::new(), Vec::new());
    for w in workers {
        let (l, s) = w.await.unwrap();
        latencies.extend(l);
        statuses.extend(s);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1000.0
    };
    let created = statuses.iter().filter(|s| **s == 201).count();
    let mut other: Vec<_> = statuses.iter().filter(|s| **s != 201).collect();
    other.sort();
    other.dedup();
    println!(
        "{} submissions in {elapsed:.1} s over {conns} connections: {:.0}/s; 201: {created}, other statuses: {other:?}",
        latencies.len(),
        latencies.len() as f64 / elapsed
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    );
}
