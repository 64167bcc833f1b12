//! The job board under a large program: 10,000 openings (most of them
//! open), then the board's searches through the real HTTP server, measured.
//!
//! `make bench` (or `cargo bench -p server --bench job_board`) runs it on a
//! fresh SQLite file; set `TECHFORCE_BENCH_DATABASE_URL=postgres://…` (an
//! empty database) to measure PostgreSQL. It prints one line per request
//! kind: requests, mean, p50, p95 and the slowest, in milliseconds. It
//! asserts nothing about time: the figures go in the README.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use app::domain::opening::OpeningStatus;
use app::server::db::openings::{insert_opening, update_opening_status};
use techforce::bench_data::opening_fields;
use techforce::config::Config;
use techforce::startup::Application;

const OPENINGS: usize = 10_000;
const ROUNDS: usize = 200;

async fn seed(app: &Application) {
    let db = &app.state().db;
    let started = Instant::now();
    for chunk in (0..OPENINGS).collect::<Vec<_>>().chunks(1_000) {
        let mut tx = db.begin_write().await.unwrap();
        for &n in chunk {
            let id = insert_opening(&mut tx, &opening_fields(n), None)
                .await
                .unwrap();
            // One in ten stays a draft: the board must skip them cheaply.
            if n % 10 != 0 {
                update_opening_status(&mut tx, id, OpeningStatus::Draft, OpeningStatus::Published)
                    .await
                    .unwrap();
            }
        }
        tx.commit().await.unwrap();
    }
    // What the scheduler does hourly: refresh the planner's statistics.
    db.optimize().await.unwrap();
    println!(
        "seeded {OPENINGS} openings in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn measure(client: &reqwest::Client, base: &str, name: &str, path: &str) {
    let url = format!("{base}{path}");
    // Warm up (connection, caches).
    for _ in 0..5 {
        let response = client.get(&url).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.bytes().await.unwrap();
    }
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let response = client
            .get(&url)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        response.bytes().await.unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / ROUNDS as u32;
    println!(
        "{name:<38} {ROUNDS:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
        millis(mean),
        millis(times[ROUNDS / 2]),
        millis(times[ROUNDS * 95 / 100]),
        millis(times[ROUNDS - 1]),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("TECHFORCE_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let vars: HashMap<String, String> = [
        (
            "TECHFORCE_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        ("TECHFORCE_DATABASE_URL", url.clone()),
        ("TECHFORCE_ADDR", "127.0.0.1:0".to_owned()),
        ("TECHFORCE_PUBLIC_URL", "http://localhost".to_owned()),
        (
            "TECHFORCE_SITE_DIR",
            dir.path().join("site").display().to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::from_vars(&vars).unwrap();
    let app = Application::build(&config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    println!(
        "database: {}",
        app::server::db::redact_url(&url)
            .split('?')
            .next()
            .unwrap_or("")
    );
    seed(&app).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    println!(
        "{:<38} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "request (ms)", "n", "mean", "p50", "p95", "max"
    );
    for (name, path) in [
        ("board page, newest (HTML)", "/jobs"),
        ("board page 200 (HTML)", "/jobs?page=200"),
        ("keyword in every opening (HTML)", "/jobs?q=incidents"),
        ("keyword in one role's titles (HTML)", "/jobs?q=forensics"),
        (
            "keyword + filters (HTML)",
            "/jobs?q=threat&grade=12&workplace=telework&location=denver",
        ),
        (
            "work role, closing soon (JSON)",
            "/api/v1/jobs?role=PD-WRL-003&closing=soon",
        ),
        (
            "keyword search (JSON)",
            "/api/v1/jobs?q=forensics&sort=closing",
        ),
        ("one opening (HTML)", "/jobs/4242"),
        ("home page, newest five (HTML)", "/"),
    ] {
        measure(&client, &base, name, path).await;
    }
    let _ = stop.send(());
    let _ = server.await;
}
