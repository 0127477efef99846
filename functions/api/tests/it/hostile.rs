//! Hostile clients, over real TCP: a slow-loris (headers a byte at a time) and a slow
//! body are cut off by the listener's time limits while others are served; deeply
//! nested JSON, a file that claims to be a PDF and is not, and path traversal in an
//! upload's name or id are each refused clearly, with nothing stored outside its place.
//! (A body over the limit: `bad_input.rs`.)

use crate::client;
use api::listener::Limits;
use api::test_api::{Served, TestApi, iins};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const SHORT: Limits = Limits {
    header_read: Duration::from_secs(1),
    request: Duration::from_secs(2),
};

fn connect(served: &Served) -> TcpStream {
    let addr = served.base.trim_start_matches("http://");
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Send `head` a byte every 100 ms until the server closes the connection; how long
/// that took and what it answered.
fn trickle(mut s: TcpStream, head: &[u8]) -> (Duration, String) {
    let started = Instant::now();
    for b in head {
        if s.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() > Duration::from_secs(15) {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    (
        started.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_others_are_served_meanwhile() {
    let served = TestApi::embedded().serve_with(SHORT).await;
    // Headers that would take 100 s to arrive.
    let loris = connect(&served);
    let head = format!(
        "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: {}\r\n\r\n",
        "a".repeat(1000)
    );
    let loris = tokio::task::spawn_blocking(move || trickle(loris, head.as_bytes()));
    // A body that would take 100 s to arrive.
    let slow_body = connect(&served);
    let slow = tokio::task::spawn_blocking(move || {
        let mut s = slow_body;
        s.write_all(b"POST /api/forms/certificate/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n").unwrap();
        trickle(s, &[b' '; 1000])
    });
    // Others are answered meanwhile.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let health = client()
        .get(served.url("/api/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    let (took, answer) = loris.await.unwrap();
    assert!(
        took < Duration::from_secs(10),
        "the slow-loris held on for {took:?}"
    );
    assert!(!answer.contains("200 OK"), "{answer}");
    let (took, answer) = slow.await.unwrap();
    assert!(
        took < Duration::from_secs(10),
        "the slow body held on for {took:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

async fn post_json(served: &Served, path: &str, body: String) -> (StatusCode, Value) {
    let res = client()
        .post(served.url(path))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_bodies_are_refused_clearly() {
    let served = TestApi::embedded().serve().await;
    // 30,000 levels of nesting (under the 64 KB limit): a 400 naming the problem.
    let deep = format!(
        r#"{{"answers": {{"full_name": {}{}}}}}"#,
        "[".repeat(30_000),
        "]".repeat(30_000)
    );
    let (status, body) = post_json(&served, "/api/forms/certificate/applications", deep).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("recursion"),
        "{body}"
    );

    // An executable declared as a PDF: refused by its bytes.
    let res = client()
        .post(served.url("/api/uploads?form=dormitory"))
        .header("content-type", "application/pdf")
        .body(b"MZ\x90\x00\x03\x00\x00\x00this is not a PDF".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // An upload id that walks out of the uploads folder, in an otherwise valid
    // application: an unknown upload.
    let iin = &iins(1)[0];
    let app = serde_json::json!({
        "lang": "en",
        "answers": {
            "full_name": "Hostile Name", "citizenship": "iin", "iin": iin,
            "phone": "+7 701 234 56 78", "email": "h@example.kz", "category": "standard",
            "confirm_truth": true, "confirm_rules": true, "confirm_contract": true
        },
        "files": {"id_document": ["../../../../etc/passwd"], "payment_receipt": ["../../x"]}
    });
    let (status, body) = post_json(
        &served,
        "/api/forms/dormitory/applications",
        app.to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["title"], "Unknown upload", "{body}");
    assert!(
        served
            .store()
            .list(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    // A file name that walks out of the folder: a complete, valid application whose
    // documents are named `../../../../tmp/evil.pdf`; the draft keeps the bare name and
    // every stored file is inside the uploads folder under a random name.
    let boundary = "hostile-boundary";
    let mut multipart = Vec::new();
    for (name, value) in [
        ("full_name", "Hostile Name"),
        ("citizenship", "iin"),
        ("iin", iin.as_str()),
        ("phone", "+77012345678"),
        ("email", "h@example.kz"),
        ("category", "standard"),
        ("confirm_truth", "yes"),
        ("confirm_rules", "yes"),
        ("confirm_contract", "yes"),
    ] {
        write!(
            multipart,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    for field in ["id_document", "payment_receipt"] {
        write!(
            multipart,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"../../../../tmp/evil.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%evil\n\r\n"
        )
        .unwrap();
    }
    write!(multipart, "--{boundary}--\r\n").unwrap();
    let no_redirects = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects
        .post(served.url("/api/forms/dormitory/check?lang=en"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(multipart)
        .send()
        .await
        .unwrap();
    let status = res.status();
    if status != StatusCode::SEE_OTHER {
        let page = res.text().await.unwrap();
        let errors: Vec<&str> = page
            .split("href=\"#")
            .skip(1)
            .filter_map(|rest| rest.split("</a>").next())
            .collect();
        panic!("the application must be accepted as a draft, got {status}: {errors:?}");
    }
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let draft_id = location
        .split("/drafts/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .unwrap();
    let draft = served.store().get_draft(draft_id).await.unwrap().unwrap();
    assert_eq!(draft.documents.len(), 2);
    assert!(
        draft.documents.iter().all(|d| d.file_name == "evil.pdf"),
        "{:?}",
        draft.documents
    );
    let uploads = served.uploads();
    let stored = walkdir_files(&uploads);
    assert_eq!(stored.len(), 2, "{stored:?}");
    for entry in stored {
        let canonical = entry.canonicalize().unwrap();
        assert!(
            canonical.starts_with(uploads.canonicalize().unwrap()),
            "{entry:?}"
        );
        let name = entry.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            !name.contains("evil"),
            "stored under a random name, not {name}"
        );
    }
    assert!(!std::path::Path::new("/tmp/evil.pdf").exists());
}

fn walkdir_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}
