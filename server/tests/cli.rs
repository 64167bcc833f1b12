//! The `techforce` binary itself: start-up on a fresh checkout, `migrate`,
//! and clear one-line failures.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Backend, TestDatabase};

const BIN: &str = env!("CARGO_BIN_EXE_techforce");

/// A `techforce` command in `dir` with no `TECHFORCE_*` variables but those
/// given.
fn techforce(dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("TECHFORCE_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("RUST_LOG", "info");
    for (key, value) in vars {
        cmd.env(key, value);
    }
    cmd
}

/// A running server process, killed when dropped. Its log keeps being read
/// (into `log`) for as long as it runs.
struct Server {
    child: Child,
    addr: String,
    lines: Vec<String>,
    _log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `techforce` (no arguments) and waits for it to say where it listens.
// The child is killed and reaped by `Server`'s `Drop`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn start(dir: &Path, vars: &[(&str, &str)]) -> Server {
    let mut child = techforce(dir, vars)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the server did not report its address: {lines:#?}"));
        lines.push(line.clone());
        if let Some(rest) = line.split("is listening on http://").nth(1) {
            let addr = rest.split_whitespace().next().unwrap().to_owned();
            return Server {
                child,
                addr,
                lines,
                _log: rx,
            };
        }
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let response = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    })
}

#[test]
fn a_fresh_checkout_starts_with_a_data_directory_a_secret_and_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[("TECHFORCE_ADDR", "127.0.0.1:0")]);
    assert_eq!(get(&server.addr, "/healthz"), (200, "ok".to_owned()));
    assert_eq!(get(&server.addr, "/readyz"), (200, "ready".to_owned()));

    let data = dir.path().join("data");
    let key_path = data.join("secret.key");
    let key = std::fs::read_to_string(&key_path).unwrap();
    assert_eq!(key.trim().len(), 64, "32 random bytes in hex");
    assert!(data.join("techforce.db").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner may read the secret key");
    }
    drop(server);

    // A restart keeps the same key.
    let server = start(dir.path(), &[("TECHFORCE_ADDR", "127.0.0.1:0")]);
    assert_eq!(get(&server.addr, "/healthz").0, 200);
    assert_eq!(std::fs::read_to_string(&key_path).unwrap(), key);
    assert!(
        !server.lines.iter().any(|l| l.contains(key.trim())),
        "the secret never reaches the log"
    );
}

#[test]
fn a_broken_log_stream_does_not_break_requests() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = techforce(dir.path(), &[("TECHFORCE_ADDR", "127.0.0.1:0")])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    let mut line = String::new();
    while addr.is_none() && stderr.read_line(&mut line).unwrap() > 0 {
        addr = line
            .split("is listening on http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned);
        line.clear();
    }
    // Nobody reads the log any more.
    drop(stderr);
    let addr = addr.expect("the server reported its address");
    for _ in 0..3 {
        assert_eq!(get(&addr, "/healthz"), (200, "ok".to_owned()));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn json_logs_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(
        dir.path(),
        &[
            ("TECHFORCE_ADDR", "127.0.0.1:0"),
            ("TECHFORCE_LOG_FORMAT", "json"),
        ],
    );
    for line in &server.lines {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(value.get("level").is_some(), "{line}");
    }
}

fn migrate_succeeds(backend: Backend) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TestDatabase::new(backend));
    let output = techforce(db.dir.path(), &[("TECHFORCE_DATABASE_URL", &db.url)])
        .arg("migrate")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("schema is up to date"));
    // And again: nothing left to do is still success.
    let again = techforce(db.dir.path(), &[("TECHFORCE_DATABASE_URL", &db.url)])
        .arg("migrate")
        .output()
        .unwrap();
    assert!(again.status.success(), "{again:?}");
}

#[test]
fn migrate_brings_sqlite_up_to_date_and_exits() {
    migrate_succeeds(Backend::Sqlite);
}

#[test]
fn migrate_brings_postgres_up_to_date_and_exits() {
    migrate_succeeds(Backend::Postgres);
}

/// The last stderr line, after checking it is the only error line.
fn single_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "exactly one error line in:\n{text}");
    errors[0].to_owned()
}

#[test]
fn a_failed_migration_stops_start_up_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("data").join("techforce.db");
    std::fs::create_dir_all(db_path.parent().unwrap()).unwrap();
    // A table in the way of the first migration.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        use sqlx::Executor as _;
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}?mode=rwc", db_path.display());
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        pool.execute("CREATE TABLE audit_log (something TEXT)")
            .await
            .unwrap();
        pool.close().await;
    });
    for args in [&["migrate"][..], &[][..]] {
        let output = techforce(dir.path(), &[("TECHFORCE_ADDR", "127.0.0.1:0")])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        let line = single_error_line(&output.stderr);
        assert!(
            line.starts_with("error: database migration failed"),
            "{line}"
        );
    }
}

#[test]
fn an_unreachable_database_stops_start_up_quickly_without_leaking_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let output = techforce(
        dir.path(),
        &[
            ("TECHFORCE_ADDR", "127.0.0.1:0"),
            (
                "TECHFORCE_DATABASE_URL",
                "postgres://tf:hunter2secret@127.0.0.1:1/techforce",
            ),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let line = single_error_line(&output.stderr);
    assert!(
        line.starts_with(
            "error: cannot connect to the database at postgres://tf:***@127.0.0.1:1/techforce"
        ),
        "{line}"
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("hunter2secret"));
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_bad_setting_is_named_and_nothing_starts() {
    let dir = tempfile::tempdir().unwrap();
    let output = techforce(dir.path(), &[("TECHFORCE_ADDR", "everywhere")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let line = single_error_line(&output.stderr);
    assert!(line.starts_with("error: invalid TECHFORCE_ADDR"), "{line}");
    assert!(
        !dir.path().join("data").exists(),
        "nothing is created on bad configuration"
    );
}

fn user_create(db: &TestDatabase, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write as _;
    let mut child = techforce(db.dir.path(), &[("TECHFORCE_DATABASE_URL", &db.url)])
        .args(["user", "create"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn the_first_staff_account_comes_from_the_command_line(backend: Backend) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TestDatabase::new(backend));
    let created = user_create(
        &db,
        &[
            "--email",
            "Chief@Agency.gov",
            "--role",
            "staff",
            "--name",
            "Chris Chief",
        ],
        "violet tractor humming lantern\n",
    );
    assert!(created.status.success(), "{created:?}");
    let out = String::from_utf8_lossy(&created.stdout);
    assert!(
        out.contains("Created program staff account chief@agency.gov"),
        "{out}"
    );
    assert!(!out.contains("violet"), "a given password is never echoed");

    let again = user_create(
        &db,
        &["--email", "chief@agency.gov", "--role", "staff"],
        "another strong passphrase here\n",
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(single_error_line(&again.stderr).contains("already exists"));

    let weak = user_create(
        &db,
        &["--email", "weak@agency.gov", "--role", "staff"],
        "passwordpassword\n",
    );
    assert_eq!(weak.status.code(), Some(1));
    assert!(single_error_line(&weak.stderr).starts_with("error: password:"));

    let short = user_create(
        &db,
        &["--email", "short@agency.gov", "--role", "staff"],
        "short\n",
    );
    assert!(single_error_line(&short.stderr).contains("at least 15 characters"));

    let bad_role = user_create(&db, &["--email", "x@agency.gov", "--role", "admin"], "");
    assert_eq!(
        bad_role.status.code(),
        Some(2),
        "clap refuses an unknown role"
    );

    let generated = user_create(
        &db,
        &[
            "--email",
            "manager@agency.gov",
            "--role",
            "hiring_manager",
            "--generate-password",
        ],
        "",
    );
    assert!(generated.status.success(), "{generated:?}");
    let out = String::from_utf8_lossy(&generated.stdout);
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("Its password, shown only this once: "))
        .expect("the generated password is printed once")
        .to_owned();

    // The stored account: verified, with an argon2id hash of that password.
    runtime.block_on(async {
        use sqlx::Row as _;
        let pool = app::server::db::Db::connect(&db.url, &Default::default())
            .await
            .unwrap();
        let row =
            sqlx::query("SELECT role, verified_at, password_hash FROM users WHERE email = $1")
                .bind("manager@agency.gov")
                .fetch_one(pool.pool())
                .await
                .unwrap();
        assert_eq!(row.get::<String, _>("role"), "hiring_manager");
        assert!(row.get::<Option<String>, _>("verified_at").is_some());
        let hash: String = row.get("password_hash");
        let verified = app::server::auth::password::Passwords::new(1)
            .verify(&password, Some(&hash))
            .await
            .unwrap();
        assert_eq!(
            verified,
            app::server::auth::password::Verified::Match { rehash: false }
        );
        let audited: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.create'")
                .fetch_one(pool.pool())
                .await
                .unwrap()
                .get("n");
        assert_eq!(audited, 2);
    });
}

#[test]
fn the_first_staff_account_comes_from_the_command_line_on_sqlite() {
    the_first_staff_account_comes_from_the_command_line(Backend::Sqlite);
}

#[test]
fn the_first_staff_account_comes_from_the_command_line_on_postgres() {
    the_first_staff_account_comes_from_the_command_line(Backend::Postgres);
}
