//! The local server on a full disk (a 4 MB tmpfs, filled up): applications and uploads
//! are refused with 503 and nothing half-written is left; once there is room again the
//! server takes applications again, with no restart (redb refuses every call after a
//! failed write until it is opened again: the store does that itself).
//!
//! Mounting needs root: `scripts/test-all` runs it (`cargo test -p portal --test it --
//! --ignored`); `cargo test` alone leaves it out.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::path::{Path, PathBuf};
use std::process::Command;
use tower::ServiceExt;

/// A small tmpfs at a temporary folder, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (scripts/test-all runs this test as root)"
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: the server's background tasks still hold its files open.
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fill the disk: a file as large as it will grow.
fn fill(path: &Path) -> PathBuf {
    use std::io::Write;
    let filler = path.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    // The last partial block too.
    while f.write_all(&[0u8; 512]).is_ok() {}
    filler
}

async fn post(app: &axum::Router, uri: &str, content_type: &str, body: Vec<u8>) -> StatusCode {
    let req = Request::post(uri)
        .header("content-type", content_type)
        .header("accept", "application/json")
        .body(Body::from(body))
        .unwrap();
    app.clone().oneshot(req).await.unwrap().status()
}

fn certificate(n: u32) -> Vec<u8> {
    api::test_api::certificate(&api::test_api::iin(n).unwrap())
        .to_string()
        .into_bytes()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".part"))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs root to mount a tmpfs; scripts/test-all runs it"]
async fn a_full_disk_refuses_then_recovers_without_a_restart() {
    let disk = SmallDisk::mount("4m");
    let data = disk.path().join("data");
    let content = content_model::load(&api::test_api::real_content())
        .unwrap()
        .content;
    let site = api::Site::new(content, &views::RenderOptions::default()).unwrap();
    let local = portal::local_api::start(&data, "http://127.0.0.1", site, true).unwrap();
    let app = api::router(local);
    let submit = "/api/forms/certificate/applications";
    assert_eq!(
        post(&app, submit, "application/json", certificate(1)).await,
        StatusCode::CREATED
    );

    let filler = fill(disk.path());
    // Some application must now fail to be written: the store grows as it is written.
    let mut refused = false;
    for n in 2..400 {
        match post(&app, submit, "application/json", certificate(n)).await {
            StatusCode::CREATED => continue,
            StatusCode::SERVICE_UNAVAILABLE => {
                refused = true;
                break;
            }
            other => panic!("a full disk answered {other}"),
        }
    }
    assert!(refused, "the full disk refused no application");
    // An upload on a full disk: refused, and no half-written file left behind.
    let pdf = b"%PDF-1.4\n".repeat(10_000);
    assert_eq!(
        post(&app, "/api/uploads?form=dormitory", "application/pdf", pdf).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(leftovers(&data.join("uploads")), Vec::<String>::new());

    // Room again: the same server takes applications (and uploads) again.
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        post(&app, submit, "application/json", certificate(500)).await,
        StatusCode::CREATED,
        "the store recovered by itself"
    );
    assert_eq!(
        post(
            &app,
            "/api/uploads?form=dormitory",
            "application/pdf",
            b"%PDF-1.4\n".to_vec()
        )
        .await,
        StatusCode::CREATED
    );
}

#[test]
fn the_local_secrets_are_the_owners_alone_and_no_password_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // An older install: a plain password, world-readable.
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("reviewers.txt"), "aigerim:correct-horse\n").unwrap();
    std::fs::set_permissions(
        data.join("reviewers.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let content = content_model::load(&api::test_api::real_content())
        .unwrap()
        .content;
    let site = api::Site::new(content, &views::RenderOptions::default()).unwrap();
    let app = runtime.block_on(async {
        portal::local_api::start(&data, "http://127.0.0.1", site, true).unwrap()
    });
    let mode = |name: &str| {
        std::fs::metadata(data.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("secret"), 0o600);
    assert_eq!(mode("reviewers.txt"), 0o600);
    assert_eq!(
        std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let file = std::fs::read_to_string(data.join("reviewers.txt")).unwrap();
    assert!(!file.contains("correct-horse"), "{file}");
    assert!(file.contains("aigerim:$argon2id$"), "{file}");
    // The hashed account still signs in.
    let router = api::router(app);
    let status = runtime.block_on(async {
        let req = Request::post("/api/review/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                "username=aigerim&password=correct-horse&lang=en",
            ))
            .unwrap();
        router.oneshot(req).await.unwrap().status()
    });
    assert_eq!(status, StatusCode::SEE_OTHER);
}
