//! moto's server (`moto_server`, from PyPI) for the tests that need a real AWS-compatible
//! endpoint: started on a free port of 127.0.0.1, waited for (bounded), and stopped with
//! its whole process group when dropped, even on panic. Shared by `dynamo_store.rs` and
//! `aws_adapters.rs`.

use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const STARTUP: Duration = Duration::from_secs(20);

pub fn find_on_path(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

pub fn free_port() -> u16 {
    TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// The running moto server; dropping it kills its whole process group (`moto_server` on
/// PATH may be a wrapper such as a pyenv shim) and reaps it.
pub struct Moto {
    child: Child,
    port: u16,
    log: tempfile::NamedTempFile,
    /// Until when it may take to start answering.
    pub deadline: Instant,
}

/// `moto_server`'s own start, serving one request at a time. moto's models are not
/// thread-safe: served by several threads at once, two conditional transactions on the
/// same item can both pass their condition (seen here: two reviewers both "won"), which
/// DynamoDB itself never allows. One at a time, moto's transactions are serializable
/// like DynamoDB's, so the concurrency tests test the store, not moto's threading.
const SERIAL_MOTO: &str = "import sys, werkzeug.serving, moto.server as s
def one_at_a_time(*args, **kwargs):
    kwargs['threaded'] = False
    return werkzeug.serving.run_simple(*args, **kwargs)
s.run_simple = one_at_a_time
s.main(sys.argv[1:])";

impl Moto {
    pub fn start() -> Moto {
        if find_on_path("moto_server").is_none() {
            panic!(
                "moto_server is not on PATH: these tests need an AWS-compatible server. \
                 Install it with: python3 -m pip install 'moto[server]'"
            )
        }
        let program = PathBuf::from("python3");
        let port = free_port();
        let log = tempfile::NamedTempFile::new().expect("a temporary log file");
        let child = Command::new(&program)
            .args([
                "-c",
                SERIAL_MOTO,
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
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

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Wait (bounded) until the server accepts connections.
    pub fn wait_listening(&mut self) {
        let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, self.port).into();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("moto_server exited ({status}):\n{}", self.log_text());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if Instant::now() > self.deadline {
                panic!(
                    "moto_server did not listen on port {} within {STARTUP:?}:\n{}",
                    self.port,
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every model moto holds, as JSON: `{service: {model: [instance attributes…]}}`.
    pub fn data(&self) -> serde_json::Value {
        let out = Command::new("curl")
            .args(["-sS", "--fail", "--max-time", "10"])
            .arg(format!("{}/moto-api/data.json", self.endpoint()))
            .output()
            .expect("curl (needed to read moto's state)");
        assert!(
            out.status.success(),
            "GET /moto-api/data.json: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("moto's data.json is JSON")
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

/// A DynamoDB client for `moto`, once it answers (bounded by its start-up deadline).
pub async fn dynamo_client(moto: &mut Moto) -> aws_sdk_dynamodb::Client {
    use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
    moto.wait_listening();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(moto.endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    // Listening is not answering yet: wait (same bound) for a first DynamoDB answer.
    loop {
        match client.list_tables().send().await {
            Ok(_) => return client,
            Err(e) if Instant::now() > moto.deadline => panic!(
                "moto_server did not answer within {STARTUP:?}: {}\n{}",
                aws_sdk_dynamodb::error::DisplayErrorContext(&e),
                moto.log_text()
            ),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// The DynamoDB store on a new table in `moto`.
pub async fn dynamo_store(moto: &mut Moto, table: &str) -> aws::dynamo::DynamoStore {
    let store = aws::dynamo::DynamoStore::new(dynamo_client(moto).await, table);
    store.create_table().await.expect("create the table");
    store
}
