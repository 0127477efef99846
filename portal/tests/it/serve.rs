//! `portal serve`: after an edit the open page is told to reload; after a broken edit it
//! is told the error (shown as an overlay) while the previous site stays served; and a
//! form's rule changed while it runs is the rule the API applies at the next request.

use crate::good_site;
use portal::serve::{ServeOptions, serve};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    (status, text)
}

/// The live-reload event stream, read line by line.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        write!(
            s,
            "GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(s))
    }

    /// The next event's name and data, skipping keep-alives.
    fn next_event(&mut self) -> (String, String) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let (mut name, mut data) = (String::new(), String::new());
        while Instant::now() < deadline {
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap_or(0) == 0 {
                continue;
            }
            let line = line.trim_end();
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
                data.push('\n');
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
        panic!("no live-reload event within 15 s");
    }
}

/// `portal serve` on a copy of the good fixture, on a free port, ready to answer.
async fn start() -> (
    tempfile::TempDir,
    u16,
    tokio::task::JoinHandle<Result<(), portal::serve::ServeError>>,
    tempfile::TempDir,
) {
    let site = good_site();
    let out = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = tokio::spawn(serve(ServeOptions {
        content: site.path().to_path_buf(),
        out: out.path().join("public"),
        data: out.path().join("data"),
        templates: None,
        host: "127.0.0.1".into(),
        port,
        no_rate_limits: false,
    }));
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (site, port, server, out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_reloads_the_page_and_a_mistake_shows_an_overlay() {
    let (site, port, server, _out) = start().await;

    let test = tokio::task::spawn_blocking(move || {
        let (status, page) = get(port, "/ru/services/dormitory/");
        assert_eq!(status, 200);
        assert!(
            page.contains("/__livereload.js"),
            "serve adds the live-reload script"
        );
        let (status, _) = get(port, "/ru/no-such-page/");
        assert_eq!(status, 404);

        let mut events = Events::open(port);
        std::thread::sleep(Duration::from_millis(200));
        let file = site.path().join("services/dormitory.yaml");
        let text = std::fs::read_to_string(&file).unwrap();
        let renamed = text.replacen("ru: ", "ru: Обновлено — ", 1);
        std::fs::write(&file, &renamed).unwrap();
        // A rebuild caused by the fixture's own creation may still be on its way, so
        // wait for the reload that carries the edit (bounded).
        let mut shown = false;
        for _ in 0..3 {
            assert_eq!(events.next_event().0, "reload");
            if get(port, "/ru/services/dormitory/")
                .1
                .contains("Обновлено — ")
            {
                shown = true;
                break;
            }
        }
        assert!(shown, "the page shows the edit after a reload");

        std::fs::write(&file, renamed.replacen("title:", "titel:", 1)).unwrap();
        let (name, data) = events.next_event();
        assert_eq!(name, "error-report");
        assert!(
            data.contains("unknown key `titel`") && data.contains("services/dormitory.yaml"),
            "{data}"
        );
        let (status, page) = get(port, "/ru/services/dormitory/");
        assert_eq!(status, 200, "the previous build is still served");
        assert!(page.contains("Обновлено — "));
        // A page opened while the error stands is told at once.
        let (name, _) = Events::open(port).next_event();
        assert_eq!(name, "error-report");

        std::fs::write(&file, &renamed).unwrap();
        assert_eq!(events.next_event().0, "reload");
    });
    let result = tokio::time::timeout(Duration::from_secs(60), test).await;
    server.abort();
    result
        .expect("the serve test took over a minute")
        .expect("the serve test failed");
}

/// A dormitory application from the applicant with `iin`, named `name`, as JSON.
fn application(iin: &str, name: &str) -> Value {
    json!({
        "lang": "en",
        "answers": {
            "full_name": name,
            "iin": iin,
            "email": "student@example.kz",
            "category": "orphan",
            "confirm_truth": true
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_rule_changed_while_serving_is_the_rule_the_api_applies() {
    let (site, port, server, _out) = start().await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let submit = |body: Value| {
        let http = http.clone();
        async move {
            let res = http
                .post(format!(
                    "http://127.0.0.1:{port}/api/forms/dormitory/applications"
                ))
                .json(&body)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let name = "Zhanar Akhmetova Serikovna";
    // As the form is: a name of up to 200 characters.
    let (status, body) = submit(application("900101300017", name)).await;
    assert_eq!(status, 201, "{body}");

    // The editor allows at most 10 characters; the page reloads when the build is done.
    let mut events = tokio::task::spawn_blocking(move || Events::open(port))
        .await
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let file = site.path().join("forms/dormitory.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("max_length: 200", "max_length: 10", 1)).unwrap();
    let mut events = tokio::task::spawn_blocking(move || {
        // A rebuild of the fixture's own creation may still come first (bounded).
        for _ in 0..3 {
            assert_eq!(events.next_event().0, "reload");
            if get(port, "/en/forms/dormitory/")
                .1
                .contains(r#"maxlength="10""#)
            {
                return events;
            }
        }
        panic!("the form page never showed the new rule");
    })
    .await
    .unwrap();

    // The API checks the same name against the new rule at once, without a restart.
    let (status, body) = submit(application("050101500010", name)).await;
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    assert!(
        errors.iter().any(
            |e| e["field"] == "full_name" && e["message"].as_str().unwrap_or("").contains("10")
        ),
        "the name is refused as too long for the new rule: {body}"
    );

    // And a broken edit leaves the API with the last good rule.
    std::fs::write(&file, "sections: [").unwrap();
    let (name_event, _) = tokio::task::spawn_blocking(move || events.next_event())
        .await
        .unwrap();
    assert_eq!(name_event, "error-report");
    let (status, _) = submit(application("050101500020", "Short Name")).await;
    assert_eq!(status, 201, "the previous content still answers");
    server.abort();
}
