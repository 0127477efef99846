//! The DynamoDB store against a real DynamoDB-compatible server: this test starts moto
//! (`moto_server`) on a free port of 127.0.0.1, creates the table and runs the same
//! conformance suite as the embedded store. The server is stopped when the test ends,
//! passes or panics.

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use functions::store::dynamo::DynamoStore;
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const STARTUP: Duration = Duration::from_secs(20);

fn find_on_path(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

fn free_port() -> u16 {
    TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// The running moto server; dropping it kills the server's whole process group (the
/// `moto_server` found on PATH may be a wrapper, e.g. a pyenv shim) and reaps it.
struct Moto {
    child: Child,
    port: u16,
    log: tempfile::NamedTempFile,
    /// Until when it may take to start answering.
    deadline: Instant,
}

impl Moto {
    fn start() -> Moto {
        let program = find_on_path("moto_server").unwrap_or_else(|| {
            panic!(
                "moto_server is not on PATH: this test needs a DynamoDB-compatible server. \
                 Install it with: python3 -m pip install 'moto[server]'"
            )
        });
        let port = free_port();
        let log = tempfile::NamedTempFile::new().expect("a temporary log file");
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.reopen().expect("the log file")))
            .stderr(Stdio::from(log.reopen().expect("the log file")))
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        Moto {
            child,
            port,
            log,
            deadline: Instant::now() + STARTUP,
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Wait (bounded) until the server accepts connections.
    fn wait_listening(&mut self) {
        let deadline = self.deadline;
        let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, self.port).into();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("moto_server exited ({status}):\n{}", self.log_text());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "moto_server did not listen on port {} within {STARTUP:?}:\n{}",
                    self.port,
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // The group id is the child's pid (process_group(0)).
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_dynamo_store_conforms_against_moto() {
    let mut moto = Moto::start();
    moto.wait_listening();
    let client = client(&moto.endpoint());

    // Listening is not answering yet: wait (same bound) for a first DynamoDB answer.
    let deadline = moto.deadline;
    loop {
        match client.list_tables().send().await {
            Ok(_) => break,
            Err(e) if Instant::now() > deadline => panic!(
                "moto_server did not answer within {STARTUP:?}: {}\n{}",
                aws_sdk_dynamodb::error::DisplayErrorContext(&e),
                moto.log_text()
            ),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }

    let store = DynamoStore::new(client, "portal-test");
    store.create_table().await.expect("create the table");
    // Creating it again is not an error (local setup may run twice).
    store.create_table().await.expect("create the table again");

    functions::store::conformance::run_all(Arc::new(store.clone())).await;
    dynamo_specifics(&store).await;
    drop(moto);
}

/// What the suite cannot see: the key design (sparse index, TTLs, locks), a query over
/// every status, paging, and what purging removes besides the application.
async fn dynamo_specifics(store: &DynamoStore) {
    use aws_sdk_dynamodb::types::AttributeValue;
    use chrono::{Duration, TimeZone, Utc};
    use functions::store::{Query, Store};

    let t0 = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap();
    let client = store.client();
    let item = |pk: &str| {
        let pk = pk.to_string();
        async move {
            client
                .get_item()
                .table_name(store.table())
                .key("pk", AttributeValue::S(pk))
                .consistent_read(true)
                .send()
                .await
                .unwrap()
                .item
        }
    };
    let has = |item: &Option<std::collections::HashMap<String, AttributeValue>>, a: &str| {
        item.as_ref().is_some_and(|i| i.contains_key(a))
    };

    // Every status at once, oldest first (then by reference).
    let all = store.list(&Query::default()).await.unwrap();
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| (a.created_at, &a.reference).cmp(&(b.created_at, &b.reference)));
    assert_eq!(all, sorted);
    for reference in ["GGGG2222", "DDDD2222", "HHHH2222"] {
        assert!(all.iter().any(|s| s.reference == reference), "{reference}");
    }

    // A limit smaller than what is due (one index page at a time).
    let far = t0 + Duration::days(3650);
    assert_eq!(store.due_messages(far, 1).await.unwrap().len(), 1);

    // The pending index is sparse: a sent or failed message leaves it.
    let sent = item("MSG#HHHH2222-submitted-Email").await;
    assert!(sent.is_some() && !has(&sent, "gsi2pk") && !has(&sent, "gsi2sk"));
    let failed = item("MSG#HHHH2222-submitted-Sms").await;
    assert!(failed.is_some() && !has(&failed, "gsi2pk"));
    let pending = item("MSG#DDDD2222-refused-Email").await;
    assert!(has(&pending, "gsi2pk"));

    // A decision: TTL on the application, its key and its messages; the lock is gone.
    assert!(has(&item("APP#DDDD2222").await, "ttl"));
    assert!(has(&item("IDEM#k-dec").await, "ttl"));
    assert!(has(&pending, "ttl"));
    assert!(item("OPEN#h-dec").await.is_none());
    // Under review: no TTL, the lock is held.
    assert!(!has(&item("APP#HHHH2222").await, "ttl"));
    assert_eq!(
        item("OPEN#h-out").await.unwrap()["ref"],
        AttributeValue::S("HHHH2222".into())
    );

    // Purging removes the key and the messages with the application, and stale drafts.
    let purged = store.purge_expired(t0 + Duration::days(31)).await.unwrap();
    assert!(purged.iter().any(|a| a.reference == "DDDD2222"));
    assert!(item("APP#DDDD2222").await.is_none());
    assert!(item("IDEM#k-dec").await.is_none());
    assert!(item("MSG#DDDD2222-refused-Email").await.is_none());
    assert_eq!(store.get_draft("draft-1").await.unwrap(), None);
    assert!(store.get("HHHH2222").await.unwrap().is_some());
    assert!(item("MSG#HHHH2222-submitted-Email").await.is_some());
}
