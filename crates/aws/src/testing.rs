//! A real AWS emulator for tests: moto in server mode on a loopback port.
//!
//! Live-mode tests run the same SDK calls as production against
//! `moto_server` (PyPI `moto[server]`, installed by `.ci/run`). Each
//! [`Moto`] is its own server process on its own ephemeral port, so tests
//! run in parallel without sharing state. The process is killed on drop.
//!
//! The executable is `$MOTO_SERVER` when set, else `moto_server` on PATH,
//! else `python3 -m moto.server`. A missing moto is an error, never a
//! skipped test.

use crate::connect::Session;
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// moto's default account: the one static test credentials act in.
pub const MOTO_ACCOUNT: &str = "123456789012";

/// A running moto server.
pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    /// Start moto on a free loopback port and wait until it accepts
    /// connections (at most 30 s). `env` is passed to the server, e.g.
    /// `("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")`.
    pub fn start_with_env(env: &[(&str, &str)]) -> Result<Moto, String> {
        let mut last_err = String::new();
        for _ in 0..5 {
            let port = free_port().map_err(|e| format!("no free loopback port: {e}"))?;
            let mut cmd = match std::env::var("MOTO_SERVER") {
                Ok(p) if !p.is_empty() => Command::new(p),
                _ if which("moto_server") => Command::new("moto_server"),
                _ => {
                    let mut c = Command::new("python3");
                    c.args(["-m", "moto.server"]);
                    c
                }
            };
            cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            for (k, v) in env {
                cmd.env(k, v);
            }
            let mut child = cmd.spawn().map_err(|e| {
                format!("cannot start moto_server: {e}\n  help: pip install 'moto[server]' (see .ci/run), or set MOTO_SERVER")
            })?;
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    let mut err = String::new();
                    if let Some(mut e) = child.stderr.take() {
                        use std::io::Read;
                        let _ = e.read_to_string(&mut err);
                    }
                    last_err = format!("moto_server exited with {status}: {}", err.trim());
                    break;
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    // Drop the stderr pipe so a chatty server never blocks on it.
                    drop(child.stderr.take());
                    return Ok(Moto { child, port });
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("moto_server did not listen on {addr} within 30 s"));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Err(last_err)
    }

    pub fn start() -> Result<Moto, String> {
        Moto::start_with_env(&[])
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A session with static test credentials in moto's default account,
    /// region us-east-1, 3 attempts per call.
    pub fn session(&self) -> Session {
        let creds = Credentials::new("testing", "testing", None, None, "moto");
        let config = aws_config::SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::from_static("us-east-1"))
            .endpoint_url(self.endpoint())
            .credentials_provider(SharedCredentialsProvider::new(creds))
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(3))
            .build();
        Session {
            config,
            custom_endpoint: true,
            account: Some(MOTO_ACCOUNT.to_string()),
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn which(exe: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(exe).is_file()))
        .unwrap_or(false)
}
