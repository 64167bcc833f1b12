//! The `techforce` binary as a process of its own on a test database, for
//! the tests that kill it or run two at once.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{PUBLIC_URL, TestDatabase};

pub const BIN: &str = env!("CARGO_BIN_EXE_techforce");

/// A `techforce` command on `db`, listening on `port` (0 for the command
/// line), quiet, with no `TECHFORCE_*` variable from the caller's
/// environment; `vars` add or replace settings.
pub fn command(db: &TestDatabase, port: u16, vars: &[(&str, String)]) -> Command {
    let site = db.dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let mut cmd = Command::new(BIN);
    for (key, _) in std::env::vars() {
        if key.starts_with("TECHFORCE_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("TECHFORCE_DATABASE_URL", &db.url)
        .env("TECHFORCE_DATA_DIR", db.dir.path().join("data"))
        .env("TECHFORCE_SITE_DIR", &site)
        .env("TECHFORCE_PUBLIC_URL", PUBLIC_URL)
        .env("TECHFORCE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (key, value) in vars {
        cmd.env(key, value);
    }
    cmd
}

/// Runs a command-line task (`seed --demo`, `user create …`) to the end,
/// with `stdin` as its input.
pub fn run_cli(mut cmd: Command, args: &[&str], stdin: Option<&str>) {
    let mut child = cmd.args(args).stdin(Stdio::piped()).spawn().unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            writeln!(input, "{text}").unwrap();
        }
    }
    assert!(child.wait().unwrap().success(), "techforce {args:?}");
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits (up to a minute) for the server at `base` to answer `/readyz`
/// with 200; false if it never does.
pub async fn ready(base: &str) -> bool {
    let client = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(response) = client.get(format!("{base}/readyz")).send().await
            && response.status() == 200
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Loads the demo program into `db` and adds a staff account `email`
/// (password `PASSWORD`), both through the command line.
pub fn demo_with_staff(db: &TestDatabase, email: &str) {
    run_cli(command(db, 0, &[]), &["seed", "--demo"], None);
    run_cli(
        command(db, 0, &[]),
        &[
            "user",
            "create",
            "--email",
            email,
            "--role",
            "staff",
            "--name",
            "Sam Staff",
        ],
        Some(super::PASSWORD),
    );
}
