//! The whole journey on the local API (embedded store, file outbox), as a browser with
//! JavaScript off drives it: the form with errors, the form filled in for an orphan
//! student with documents, check your answers, send, the confirmation, the status; a
//! second application refused while the first is under review; the reviewer's sign-in,
//! queue and refusal with a reason; the outbox in the applicant's language; a new
//! application and its approval. Every log line of it is then searched for personal data.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

const IIN: &str = "900101300017";
const NAME: &str = "Жанар Ахметова";
const PHONE_TYPED: &str = "8 (701) 234-56-78";
const PHONE: &str = "+77012345678";
const EMAIL: &str = "zhanar.test@example.kz";
const DOC_NAME: &str = "death-certificate-ahmetova.pdf";

#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// A browser without JavaScript: it keeps the cookies it is given (the draft's) and
/// sends them back, with the reviewer's cookie when signed in.
struct Client {
    app: Router,
    cookie: Option<String>,
    jar: Mutex<Vec<(String, String)>>,
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    set_cookie: Option<String>,
    body: String,
}

impl Client {
    /// The Cookie header this browser sends.
    fn cookies(&self) -> Option<String> {
        let jar = self.jar.lock().unwrap();
        let all: Vec<String> = jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .chain(self.cookie.clone())
            .collect();
        (!all.is_empty()).then(|| all.join("; "))
    }

    async fn send(&self, mut req: Request<Body>) -> Reply {
        if let Some(c) = self.cookies() {
            req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
        }
        let res = self.app.clone().oneshot(req).await.unwrap();
        for set in res.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let (name, value) = set.split(';').next().unwrap().split_once('=').unwrap();
            // The reviewer's cookie is the test's to keep (it signs in and out by hand).
            if name != "portal_review" {
                let mut jar = self.jar.lock().unwrap();
                jar.retain(|(k, _)| k != name);
                if !set.contains("Max-Age=0") {
                    jar.push((name.to_string(), value.to_string()));
                }
            }
        }
        let status = res.status();
        let header = |name| {
            res.headers()
                .get(name)
                .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header(header::LOCATION);
        let set_cookie = header(header::SET_COOKIE);
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            location,
            set_cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    async fn post_form(&self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        let req =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// A multipart POST, as a browser sends a form with file inputs.
    async fn post_multipart(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Reply {
        let boundary = "----portal-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            write!(
                body,
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            )
            .unwrap();
        }
        for (k, name, bytes) in files {
            write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").unwrap();
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        write!(body, "--{boundary}--\r\n").unwrap();
        let req = Request::post(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not in the page"))
        + start.len();
    let j = html[i..].find(end).unwrap() + i;
    &html[i..j]
}

const PDF: &[u8] = b"%PDF-1.4\n% a scanned certificate\n";

fn orphan_answers<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("lang", "ru"),
        ("full_name", NAME),
        ("citizenship", "iin"),
        ("iin", IIN),
        ("phone", PHONE_TYPED),
        ("email", EMAIL),
        ("category", "orphan"),
        ("confirm_truth", "yes"),
        ("confirm_rules", "yes"),
        ("confirm_contract", "yes"),
    ]
}

/// Fill the form, check the answers, send: the confirmation page's reference and code.
async fn apply(client: &Client) -> Result<(String, String), Reply> {
    let files: [(&str, &str, &[u8]); 2] = [
        ("id_document", "id-card.pdf", PDF),
        ("category_documents", DOC_NAME, PDF),
    ];
    let r = client
        .post_multipart(
            "/api/forms/dormitory/check?lang=ru",
            &orphan_answers(),
            &files,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let check_url = r.location.unwrap();
    let check = client.get(&check_url).await;
    assert!(
        check.body.contains("Проверьте ответы"),
        "check your answers page"
    );
    assert!(check.body.contains(PHONE), "the phone is shown normalised");
    assert!(check.body.contains(DOC_NAME));
    assert!(
        check.body.contains("/edit?lang=ru#f-iin"),
        "each answer has a change link"
    );
    let draft = between(&check.body, "name=\"draft\" value=\"", "\"").to_string();
    let sent = client
        .post_form(
            "/api/forms/dormitory/send?lang=ru",
            &[("draft", &draft), ("lang", "ru")],
        )
        .await;
    if sent.status != StatusCode::SEE_OTHER {
        return Err(sent);
    }
    // A double click sends the same draft again: the same application, not a second one.
    let again = client
        .post_form(
            "/api/forms/dormitory/send?lang=ru",
            &[("draft", &draft), ("lang", "ru")],
        )
        .await;
    assert_eq!(again.location, sent.location);
    let done = client.get(&sent.location.unwrap()).await;
    assert!(done.body.contains("Заявление отправлено"), "{}", done.body);
    let reference = between(&done.body, "data-reference>", "<").to_string();
    let code = between(&done.body, "data-code>", "<").to_string();
    Ok((reference, code))
}

async fn status_of(client: &Client, reference: &str, code: &str) -> String {
    let r = client
        .post_form(
            "/api/status",
            &[("lang", "ru"), ("reference", reference), ("code", code)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    between(&r.body, "data-status=\"", "\"").to_string()
}

async fn wait_for_file(dir: &Path, name: &str) -> String {
    for _ in 0..100 {
        if let Ok(s) = std::fs::read_to_string(dir.join(name)) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{name} never reached the outbox {}", dir.display());
}

fn decode_eml_text(eml: &str) -> String {
    use base64::Engine;
    let part = eml
        .split(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        )
        .nth(1)
        .unwrap();
    let b64 = part.split("\r\n").next().unwrap();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dormitory_application_from_form_to_refusal_to_approval() {
    let logs = Logs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let data = tempfile::tempdir().unwrap();
    // The local reviewer file (not PORTAL_REVIEWERS: the other tests of this binary run
    // beside this one, and the environment is process-wide).
    std::fs::write(data.path().join("reviewers.txt"), "aigerim:correct-horse\n").unwrap();
    let content = content_model::load(&content_dir()).unwrap().content;
    let render = views::RenderOptions {
        base_url: Some("http://127.0.0.1:8080".into()),
        ..Default::default()
    };
    let local = portal::local_api::start(
        data.path(),
        "http://127.0.0.1:8080",
        api::Site::new(content, &render).unwrap(),
        true,
    )
    .unwrap();
    let app = api::router(local);
    let mut client = Client {
        app,
        cookie: None,
        jar: Mutex::new(Vec::new()),
    };
    let outbox = data.path().join("outbox");

    // 1. Sent empty: 422, the page title starts with the error prefix, a summary links
    //    to each field, with the same words as the inline message.
    let empty = client
        .post_multipart("/api/forms/dormitory/check?lang=ru", &[("lang", "ru")], &[])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("<title>Ошибка: "),
        "title starts with Error:"
    );
    let summary = between(&empty.body, "data-error-summary>", "</div>");
    assert!(
        summary.contains("href=\"#f-full_name\">Введите фамилию, имя и отчество</a>"),
        "{summary}"
    );
    assert!(summary.contains("href=\"#f-citizenship-0\""));
    assert!(empty.body.contains("id=\"f-full_name-error\"><span class=\"visually-hidden\">Ошибка:</span> Введите фамилию, имя и отчество"));
    assert!(
        std::fs::read_dir(data.path().join("uploads"))
            .unwrap()
            .next()
            .is_none(),
        "nothing stored"
    );

    // A wrong IIN, phone and a file that is not a PDF are each refused with their message.
    let mut bad = orphan_answers();
    bad.retain(|(k, _)| !matches!(*k, "iin" | "phone"));
    bad.push(("iin", "900101300018"));
    bad.push(("phone", "+7 495 123 45 67"));
    let fake: [(&str, &str, &[u8]); 1] = [("id_document", "id.pdf", b"MZ this is an executable")];
    let r = client
        .post_multipart("/api/forms/dormitory/check?lang=ru", &bad, &fake)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("ИИН недействителен"));
    assert!(
        r.body
            .contains("Введите номер мобильного телефона Казахстана")
    );
    assert!(
        r.body
            .contains("Файл «id.pdf» должен быть в формате PDF, JPG или PNG")
    );
    assert!(
        r.body.contains(&format!("value=\"{NAME}\"")),
        "answers are kept on the page"
    );
    assert!(
        std::fs::read_dir(data.path().join("uploads"))
            .unwrap()
            .next()
            .is_none(),
        "the refused file was not kept"
    );

    // 2. Filled in for an orphan student: check, send, confirmation, status.
    let (reference, code) = apply(&client)
        .await
        .unwrap_or_else(|r| panic!("{} {}", r.status, r.body));
    assert_eq!(reference.len(), 8);
    assert_eq!(status_of(&client, &reference, &code).await, "under_review");
    let wrong = client
        .post_form(
            "/api/status",
            &[
                ("lang", "ru"),
                ("reference", &reference),
                ("code", "AAAAAAAA"),
            ],
        )
        .await;
    let unknown = client
        .post_form(
            "/api/status",
            &[
                ("lang", "ru"),
                ("reference", "XXXX2222"),
                ("code", "AAAAAAAA"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.status, wrong.status,
        "an unknown reference and a wrong code look the same"
    );

    // 3. A second application while the first is under review is refused, and says why.
    let second = apply(&client)
        .await
        .expect_err("a second open application must be refused");
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains("ещё на рассмотрении"),
        "{}",
        second.body
    );
    // Not to whoever sent it (an IIN proves nothing): the reference goes again to the
    // contacts given in the first application, once a day.
    assert!(!second.body.contains(&reference), "{}", second.body);
    let day = content_model::almaty::date(chrono::Utc::now()).format("%Y%m%d");
    let reminder = wait_for_file(&outbox, &format!("{reference}-reminder-{day}-sms.txt")).await;
    assert!(
        reminder.contains(&reference) && reminder.contains(PHONE),
        "{reminder}"
    );

    // The submission's e-mail and SMS, in Russian.
    let sms = wait_for_file(&outbox, &format!("{reference}-submitted-sms.txt")).await;
    assert!(
        sms.contains(&reference) && sms.contains("Lang: ru") && sms.contains(PHONE),
        "{sms}"
    );
    let eml = wait_for_file(&outbox, &format!("{reference}-submitted-email.eml")).await;
    assert!(eml.contains(&format!("To: {EMAIL}")));
    assert!(decode_eml_text(&eml).contains(&reference));

    // 4. The reviewer: no route answers without signing in.
    assert_eq!(
        client.get("/api/review/applications?lang=ru").await.status,
        StatusCode::UNAUTHORIZED
    );
    let bad_login = client
        .post_form(
            "/api/review/login",
            &[
                ("username", "aigerim"),
                ("password", "wrong"),
                ("lang", "ru"),
            ],
        )
        .await;
    assert_eq!(bad_login.status, StatusCode::UNAUTHORIZED);
    let login = client
        .post_form(
            "/api/review/login",
            &[
                ("username", "aigerim"),
                ("password", "correct-horse"),
                ("lang", "ru"),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login.set_cookie.unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    client.cookie = Some(cookie.split(';').next().unwrap().to_string());
    let queue = client
        .get("/api/review/applications?lang=ru&form=dormitory&status=under_review")
        .await;
    assert!(
        queue
            .body
            .contains(&format!("data-reference=\"{reference}\""))
    );
    let detail = client
        .get(&format!("/api/review/applications/{reference}?lang=ru"))
        .await;
    assert!(detail.body.contains(NAME) && detail.body.contains(DOC_NAME));
    let doc_href = between(
        &detail.body,
        &format!("href=\"/api/review/applications/{reference}/documents/"),
        "\"",
    )
    .to_string();
    let doc = client
        .get(&format!(
            "/api/review/applications/{reference}/documents/{doc_href}"
        ))
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body.starts_with("%PDF"));

    // A refusal needs a reason.
    let no_reason = client
        .post_form(
            &format!("/api/review/applications/{reference}/decision?lang=ru"),
            &[("outcome", "refused"), ("lang", "ru")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Введите причину отказа"));
    let reason = "Нет копии решения суда";
    let refused = client
        .post_form(
            &format!("/api/review/applications/{reference}/decision?lang=ru"),
            &[("outcome", "refused"), ("reason", reason), ("lang", "ru")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let late = client
        .post_form(
            &format!("/api/review/applications/{reference}/decision?lang=ru"),
            &[("outcome", "approved"), ("lang", "ru")],
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "a decided application cannot be decided again"
    );

    // 5. The applicant sees the refusal and its reason; the messages are in Russian.
    let page = client
        .post_form(
            "/api/status",
            &[("lang", "ru"), ("reference", &reference), ("code", &code)],
        )
        .await;
    assert!(page.body.contains("data-status=\"refused\"") && page.body.contains(reason));
    let sms = wait_for_file(&outbox, &format!("{reference}-refused-sms.txt")).await;
    assert!(sms.contains("Lang: ru"));
    let eml = wait_for_file(&outbox, &format!("{reference}-refused-email.eml")).await;
    let text = decode_eml_text(&eml);
    assert!(text.contains(reason) && text.contains(&reference), "{text}");

    // 6. After the refusal the applicant may apply again, and this time is approved.
    client.cookie = None;
    let (second_ref, second_code) = apply(&client)
        .await
        .unwrap_or_else(|r| panic!("{} {}", r.status, r.body));
    assert_ne!(second_ref, reference);
    client.cookie = Some(cookie.split(';').next().unwrap().to_string());
    let approved = client
        .post_form(
            &format!("/api/review/applications/{second_ref}/decision?lang=ru"),
            &[("outcome", "approved"), ("lang", "ru")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&client, &second_ref, &second_code).await,
        "approved"
    );
    wait_for_file(&outbox, &format!("{second_ref}-approved-email.eml")).await;

    // 7. No personal data in any log line of the whole journey.
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains(&reference),
        "the logs do record the journey (by reference)"
    );
    // Paths are logged as their routes: a draft's id (which shows its answers to
    // whoever holds the link and the browser's cookie) is not in the logs either.
    for (i, _) in logged.match_indices("/drafts/") {
        assert!(
            logged[i..].starts_with("/drafts/{draft}"),
            "a draft id in the logs: {}",
            &logged[i..(i + 60).min(logged.len())]
        );
    }
    assert!(logged.contains("/drafts/{draft}"), "the route is logged");
    for secret in [
        IIN,
        NAME,
        "Ахметова",
        PHONE,
        "7012345678",
        EMAIL,
        DOC_NAME,
        &code,
        reason,
    ] {
        assert!(
            !logged.contains(secret),
            "`{secret}` appeared in the logs:\n{logged}"
        );
    }
}
