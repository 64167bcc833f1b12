//! The outbox against a real SMTP server on loopback (Python's aiosmtpd,
//! installed by scripts/setup.sh --test): messages arrive with the right
//! headers; while the server is down nothing is lost, and once it is back
//! each message is delivered exactly once. Both databases.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{Backend, TestApp};

on_both_databases!(mail_survives_an_smtp_outage_and_arrives_once);

/// aiosmtpd storing what it receives in a Maildir; stopped when dropped.
struct SmtpServer {
    child: Child,
}

impl SmtpServer {
    fn start(port: u16, maildir: &Path) -> Self {
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        // Owned at once, so that it is stopped even if it never answers.
        let server = Self { child };
        // Wait until it accepts connections.
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start on port {port}");
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn delivered(maildir: &Path) -> Vec<String> {
    let new: PathBuf = maildir.join("new");
    std::fs::read_dir(new)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| {
                    common::decode_quoted_printable(&std::fs::read_to_string(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_for_delivery(maildir: &Path, count: usize) -> Vec<String> {
    for _ in 0..150 {
        let mail = delivered(maildir);
        if mail.len() >= count {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "expected {count} delivered messages, have {}",
        delivered(maildir).len()
    );
}

async fn mail_survives_an_smtp_outage_and_arrives_once(backend: Backend) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    // aiosmtpd creates the Maildir (and its tmp/new/cur) when it is missing.
    let maildir = dir.path().join("mailbox");
    let smtp = SmtpServer::start(port, &maildir);
    let app = TestApp::spawn_with(
        backend,
        &[
            ("TECHFORCE_MAIL_URL", &format!("smtp://127.0.0.1:{port}")),
            (
                "TECHFORCE_MAIL_FROM",
                "Tech Force Portal <no-reply@techforce.test>",
            ),
        ],
    )
    .await;

    app.post(
        "/api/sign-up",
        &[
            ("name", "Casey"),
            ("email", "casey@example.com"),
            ("password", "violet tractor humming lantern"),
        ],
    )
    .await;
    let mail = wait_for_delivery(&maildir, 1).await;
    assert!(mail[0].contains("To: casey@example.com"), "{}", mail[0]);
    assert!(mail[0].contains("Subject: Confirm your email address"));
    assert!(mail[0].contains("no-reply@techforce.test"));
    assert!(mail[0].contains("Message-ID: <outbox-1@techforce.test>"));
    assert!(mail[0].contains("/verify-email?token="));

    // The SMTP server goes away; a message is queued meanwhile.
    drop(smtp);
    app.post(
        "/api/sign-up",
        &[
            ("name", "Robin"),
            ("email", "robin@example.com"),
            ("password", "quiet orchard beneath copper skies"),
        ],
    )
    .await;
    let mut failed = false;
    for _ in 0..100 {
        let (attempts, sent): (i64, Option<String>) =
            sqlx::query_as("SELECT attempts, sent_at FROM outbox WHERE recipient = $1")
                .bind("robin@example.com")
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        assert!(sent.is_none());
        if attempts >= 1 {
            failed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(failed, "the worker tried and recorded the failure");
    let (error,): (Option<String>,) =
        sqlx::query_as("SELECT last_error FROM outbox WHERE recipient = $1")
            .bind("robin@example.com")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert!(error.is_some_and(|e| e.contains("SMTP")));

    // The server comes back; skip the backoff wait instead of sleeping 30 s.
    let _smtp = SmtpServer::start(port, &maildir);
    sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE sent_at IS NULL")
        .bind("2000-01-01T00:00:00.000000Z")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let mail = wait_for_delivery(&maildir, 2).await;
    // Give a duplicate the chance to show up, then count.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mail_now = delivered(&maildir);
    assert_eq!(mail_now.len(), 2, "each message exactly once");
    assert_eq!(
        mail.iter()
            .filter(|m| m.contains("To: robin@example.com"))
            .count(),
        1
    );
    let (sent,): (Option<String>,) =
        sqlx::query_as("SELECT sent_at FROM outbox WHERE recipient = $1")
            .bind("robin@example.com")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert!(sent.is_some());
}
