//! Crash safety: the real `techforce` binary is killed with SIGKILL at
//! random moments while concurrent clients write, then started again, many
//! times over. Every write that got a success answer must be there
//! afterwards, nothing may be half-written (an account always has its
//! confirmation message queued with it), and SQLite's `integrity_check`
//! must say `ok`. Both databases. Prints the figures.
//!
//! The writes: candidates signing up (an account, its audit entry and its
//! outbox message in one transaction) and the hiring team adding notes to
//! the demo program's applications.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Backend, PASSWORD, PUBLIC_URL, TestDatabase, process};
use rand::Rng as _;
use sqlx::{Connection as _, Row as _};

/// How many times the server is killed.
const KILLS: usize = 20;

on_both_databases!(every_acknowledged_write_survives_sigkill);

/// Starts the server and waits until it is ready.
async fn start(db: &TestDatabase) -> (Child, String) {
    let port = process::free_port();
    let mut child = process::command(db, port, &[]).spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    if process::ready(&base).await {
        return (child, base);
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready after a kill");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> bool {
    matches!(
        client.post(url).header("origin", PUBLIC_URL).form(form).send().await,
        Ok(response) if response.status() == 200
    )
}

async fn count(conn: &mut sqlx::AnyConnection, sql: &str, value: &str) -> i64 {
    sqlx::query(sql)
        .bind(value)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

async fn every_acknowledged_write_survives_sigkill(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    process::run_cli(process::command(&db, 0, &[]), &["seed", "--demo"], None);
    process::run_cli(
        process::command(&db, 0, &[]),
        &[
            "user",
            "create",
            "--email",
            "staff@crash.test",
            "--role",
            "staff",
            "--name",
            "Sam Staff",
        ],
        Some(PASSWORD),
    );
    sqlx::any::install_default_drivers();
    let applications: Vec<String> = {
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        sqlx::query(
            "SELECT public_id FROM applications WHERE status <> 'draft' ORDER BY id LIMIT 6",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String, _>(0).unwrap())
        .collect()
    };
    assert!(
        !applications.is_empty(),
        "the demo program has applications"
    );

    let signed_up: Arc<Mutex<Vec<String>>> = Arc::default();
    let noted: Arc<Mutex<Vec<String>>> = Arc::default();
    let attempts = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    for _ in 0..KILLS {
        let (mut server, base) = start(&db).await;
        let staff = client();
        assert!(
            post(
                &staff,
                format!("{base}/api/sign-in"),
                &[("email", "staff@crash.test"), ("password", PASSWORD)]
            )
            .await,
            "staff sign in after a restart"
        );
        let stop = Arc::new(AtomicBool::new(false));
        let mut writers = Vec::new();
        for writer in 0..4 {
            let (stop, base, attempts, next) =
                (stop.clone(), base.clone(), attempts.clone(), next.clone());
            let (signed_up, noted, staff) = (signed_up.clone(), noted.clone(), staff.clone());
            let applications = applications.clone();
            writers.push(tokio::spawn(async move {
                let visitor = client();
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    attempts.fetch_add(1, Ordering::Relaxed);
                    if writer < 2 {
                        let email = format!("crash-{n}@example.com");
                        let form = [
                            ("name", "Casey Crash"),
                            ("email", email.as_str()),
                            ("password", PASSWORD),
                        ];
                        if post(&visitor, format!("{base}/api/sign-up"), &form).await {
                            signed_up.lock().unwrap().push(email);
                        }
                    } else {
                        let body = format!("Crash-test note {n}");
                        let target = &applications[n % applications.len()];
                        let form = [("public_id", target.as_str()), ("body", body.as_str())];
                        if post(&staff, format!("{base}/api/manage/note"), &form).await {
                            noted.lock().unwrap().push(body);
                        }
                    }
                }
            }));
        }
        // Killed mid-write at a random moment.
        let after = rand::rng().random_range(300..2000);
        tokio::time::sleep(Duration::from_millis(after)).await;
        server.kill().unwrap();
        server.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            writer.await.unwrap();
        }
    }
    // It starts once more after the last kill; then the data is checked.
    let (mut server, _) = start(&db).await;
    server.kill().unwrap();
    server.wait().unwrap();

    let signed_up = signed_up.lock().unwrap().clone();
    let noted = noted.lock().unwrap().clone();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    for email in &signed_up {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM users WHERE email = $1",
                email
            )
            .await,
            1,
            "{email}"
        );
    }
    for body in &noted {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM application_notes WHERE body = $1",
                body
            )
            .await,
            1,
            "{body}"
        );
    }
    // Nothing half-written: every account that exists, answered or not,
    // has exactly its one confirmation message queued.
    let accounts: Vec<String> = sqlx::query("SELECT email FROM users WHERE email LIKE 'crash-%'")
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String, _>(0).unwrap())
        .collect();
    for email in &accounts {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM outbox WHERE recipient = $1",
                email
            )
            .await,
            1,
            "{email}"
        );
    }
    if backend == Backend::Sqlite {
        let check: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(check, "ok");
    }
    assert!(
        !signed_up.is_empty() && !noted.is_empty(),
        "writes were answered between the kills"
    );
    eprintln!(
        "crash ({backend:?}): {KILLS} SIGKILLs survived in {:?}; {} writes tried, {} sign-ups and {} notes answered 200 and all present; {} accounts in all (committed, answer lost in the kill: {}), each whole; {}",
        started.elapsed(),
        attempts.load(Ordering::Relaxed),
        signed_up.len(),
        noted.len(),
        accounts.len(),
        accounts.len() - signed_up.len(),
        if backend == Backend::Sqlite {
            "integrity_check ok"
        } else {
            "PostgreSQL"
        },
    );
}
