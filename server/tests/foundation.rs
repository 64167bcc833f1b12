//! The foundation, black-box: the real router on a random port, on SQLite
//! and on PostgreSQL.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, PUBLIC_URL, TestApp, TestDatabase};
use sqlx::Row as _;

on_both_databases!(
    home_page_renders_the_government_shell,
    healthz_answers_while_the_process_is_up,
    readyz_follows_the_database,
    unknown_paths_get_the_not_found_page_with_404,
    metrics_count_and_time_requests_by_route,
    every_response_carries_the_security_headers,
    cross_site_writes_are_refused,
    oversized_bodies_are_refused_before_they_are_read,
    slow_clients_are_cut_off_and_others_are_served_meanwhile,
    an_https_deployment_asks_browsers_to_stay_on_https,
    migrations_are_repeatable_and_writes_are_durable,
    many_writers_at_once_all_commit_and_a_dropped_one_passes_its_turn_on,
);

async fn home_page_renders_the_government_shell(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();

    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("<title>Home | Tech Force Portal</title>"));
    assert!(html.contains("An official website of the United States government"));
    assert!(html.contains(
        r##"<a href="#main-content" rel="external" class="usa-skipnav">Skip to main content</a>"##
    ));
    assert!(html.contains(r#"<main id="main-content""#));
    assert!(html.contains(r#"aria-label="Primary navigation""#));
    assert!(html.contains("<footer"));
    assert!(html.contains("/uswds/css/uswds.min.css"));
    // The design system's script (the home page is one of the board's
    // plain pages) carries the nonce the policy allows.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the page policy names a nonce");
    assert!(nonce.len() >= 16);
    let script_src = csp
        .split(';')
        .find(|d| d.trim_start().starts_with("script-src"))
        .expect("a script-src directive");
    // Only nonce'd scripts (and the WebAssembly they load): never inline
    // or eval'd script.
    for token in script_src.split_whitespace() {
        assert!(
            !["'unsafe-inline'", "'unsafe-eval'", "*", "data:"].contains(&token),
            "{csp}"
        );
    }
    assert!(html.contains(&format!(
        r#"<script src="/uswds/js/uswds.min.js" nonce="{nonce}""#
    )));
    // A new nonce for every response.
    let again = app.get("/").await;
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp
    );
}

async fn healthz_answers_while_the_process_is_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    // Even with the database gone, the process is up.
    app.db.take_away(&app.state).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn readyz_follows_the_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ready");

    app.db.take_away(&app.state).await;
    let started = std::time::Instant::now();
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.text().await.unwrap(), "database unavailable");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "a dead database must be reported within seconds"
    );
}

async fn unknown_paths_get_the_not_found_page_with_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/no-such-page", "/jobs/../../etc/passwd", "/pkg/missing.js"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("<title>Page not found | Tech Force Portal</title>"),
            "{path}"
        );
        assert!(html.contains("An official website of the United States government"));
        assert!(html.contains(r#"<h1>Page not found</h1>"#));
    }
}

async fn metrics_count_and_time_requests_by_route(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.get("/").await;
    app.get("/").await;
    app.get("/nothing-here-1").await;
    app.get("/nothing-here-2").await;
    app.get("/pkg/techforce.css").await;

    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.unwrap();
    assert!(
        text.contains(r#"techforce_http_requests_total{method="GET",route="/",status="200"} 2"#),
        "{text}"
    );
    // Unknown paths share one series: the raw path is never a label.
    assert!(text.contains(
        r#"techforce_http_requests_total{method="GET",route="unmatched",status="404"} 2"#
    ));
    assert!(!text.contains("nothing-here"));
    assert!(
        text.contains(
            r#"techforce_http_requests_total{method="GET",route="static",status="200"} 1"#
        )
    );
    assert!(
        text.contains(r#"techforce_http_request_duration_seconds_count{method="GET",route="/"} 2"#)
    );
    assert!(text.contains(
        r#"techforce_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/"} 2"#
    ));
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in [
        "/",
        "/no-such-page",
        "/healthz",
        "/readyz",
        "/metrics",
        "/pkg/techforce.css",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .unwrap_or_else(|| panic!("{path} lacks {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin");
        assert_eq!(header("cross-origin-opener-policy"), "same-origin");
        assert!(header("permissions-policy").contains("camera=()"));
        assert!(
            header("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(!header("x-request-id").is_empty());
        assert!(
            headers.get("server").is_none(),
            "no version banner on {path}"
        );
        // Plain http here, so no HSTS.
        assert!(headers.get("strict-transport-security").is_none());
    }
    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let file = app.get("/pkg/techforce.css").await;
    assert_eq!(
        file.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    );
    assert_eq!(file.text().await.unwrap(), "body { margin: 0 }\n");
}

async fn cross_site_writes_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let post = |headers: &[(&str, &str)]| {
        let mut request = app.client.post(app.url("/api/anything")).body("x=1");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    for refused in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site"), ("origin", PUBLIC_URL)],
        vec![("origin", "https://evil.example")],
        vec![],
    ] {
        let response = post(&refused).await.unwrap();
        assert_eq!(response.status(), 403, "{refused:?}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("came from another site")
        );
    }
    for allowed in [
        vec![("sec-fetch-site", "same-origin")],
        vec![("origin", PUBLIC_URL)],
    ] {
        let response = post(&allowed).await.unwrap();
        // Past the check, the unknown endpoint is simply not found.
        assert_eq!(response.status(), 404, "{allowed:?}");
    }
}

async fn oversized_bodies_are_refused_before_they_are_read(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .post(app.url("/api/anything"))
        .header("sec-fetch-site", "same-origin")
        .body(vec![b'a'; techforce::startup::DEFAULT_BODY_LIMIT + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

async fn migrations_are_repeatable_and_writes_are_durable(backend: Backend) {
    let test_db = TestDatabase::new(backend).await;
    let settings = app::server::db::PoolSettings::default();
    let db = app::server::db::Db::connect(&test_db.url, &settings)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db.migrate().await.unwrap();

    // The same SQL text serves both databases.
    let mut tx = db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, action, outcome, detail) VALUES ($1, $2, $3, $4)",
    )
    .bind("2026-11-22T23:00:00.000000Z")
    .bind("test.write")
    .bind("success")
    .bind("{}")
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;

    // A new pool (as after a restart) sees the committed row.
    let db = app::server::db::Db::connect(&test_db.url, &settings)
        .await
        .unwrap();
    let row = sqlx::query("SELECT action, outcome FROM audit_log WHERE occurred_at = $1")
        .bind("2026-11-22T23:00:00.000000Z")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>("action"), "test.write");
    assert_eq!(row.get::<String, _>("outcome"), "success");

    // The schema's checks hold on both.
    let bad =
        sqlx::query("INSERT INTO audit_log (occurred_at, action, outcome) VALUES ($1, $2, $3)")
            .bind("2026-11-22T23:00:00.000000Z")
            .bind("test.write")
            .bind("maybe")
            .execute(db.pool())
            .await;
    assert!(bad.is_err(), "an unknown outcome must be refused");
}

/// More writers than connections, all at once, some of them abandoning
/// their transaction: every committed write is there, none failed, and an
/// abandoned transaction does not hold the others up (on SQLite, writers
/// queue for the one writing connection; a dropped transaction must give
/// it back).
async fn many_writers_at_once_all_commit_and_a_dropped_one_passes_its_turn_on(backend: Backend) {
    let test_db = TestDatabase::new(backend).await;
    let settings = app::server::db::PoolSettings {
        max_connections: 4,
        ..Default::default()
    };
    let db = app::server::db::Db::connect(&test_db.url, &settings)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let writers: Vec<_> = (0..24)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin_write().await?;
                sqlx::query(
                    "INSERT INTO audit_log (occurred_at, action, outcome, detail) VALUES ($1, $2, $3, $4)",
                )
                .bind(format!("2026-11-22T23:00:{n:02}.000000Z"))
                .bind("test.writer")
                .bind("success")
                .bind(n.to_string())
                .execute(&mut *tx)
                .await?;
                if n % 5 == 4 {
                    // Abandoned: dropped without a commit, so rolled back.
                    drop(tx);
                    return Ok(false);
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(true)
            })
        })
        .collect();
    // A hang would be the failure; the limit only turns it into one.
    let outcomes = tokio::time::timeout(
        std::time::Duration::from_secs(120),
        futures_util::future::join_all(writers),
    )
    .await
    .expect("the writers finished");
    let committed: Vec<String> = outcomes
        .into_iter()
        .enumerate()
        .filter_map(|(n, outcome)| {
            let kept = outcome
                .unwrap()
                .unwrap_or_else(|e| panic!("writer {n}: {e}"));
            kept.then(|| n.to_string())
        })
        .collect();
    let mut stored: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'test.writer'")
            .fetch_all(db.pool())
            .await
            .unwrap();
    stored.sort();
    let mut expected = committed.clone();
    expected.sort();
    assert_eq!(committed.len(), 20);
    assert_eq!(stored, expected);
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
    let test_db = TestDatabase::new(Backend::Sqlite).await;
    let db = app::server::db::Db::connect(&test_db.url, &Default::default())
        .await
        .unwrap();
    let mode: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query("PRAGMA foreign_keys")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(fk, 1);
    let sync: i64 = sqlx::query("PRAGMA synchronous")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(sync, 2, "synchronous = FULL");
    let busy: i64 = sqlx::query("PRAGMA busy_timeout")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get(0);
    assert!(busy >= 5000);
}

/// What a raw connection gets after sending `sent` and then nothing: the
/// bytes the server wrote before closing, and how long until it closed.
async fn stall(addr: &str, sent: &[u8]) -> (String, std::time::Duration) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(sent).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("the server gives up on a stalled client")
    .ok();
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

async fn slow_clients_are_cut_off_and_others_are_served_meanwhile(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("TECHFORCE_CLIENT_TIMEOUT_SECS", "1")]).await;
    let addr = app.base_url.trim_start_matches("http://").to_owned();
    common::account(
        &app,
        "casey@example.com",
        app::domain::account::Role::Candidate,
    )
    .await;
    let token = common::session_token(&app, "casey@example.com").await;

    // Many connections that send half a request head and stop, all at once,
    // while an ordinary visitor keeps being served.
    let stalled: Vec<_> = (0..40)
        .map(|_| {
            let addr = addr.clone();
            tokio::spawn(async move {
                stall(&addr, b"GET /jobs HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1").await
            })
        })
        .collect();
    for _ in 0..5 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
    for connection in stalled {
        let (_, waited) = connection.await.unwrap();
        assert!(
            waited < std::time::Duration::from_secs(5),
            "a half-sent head is cut off after the client timeout: {waited:?}"
        );
    }

    // A connection that never sends anything is closed too.
    let (_, waited) = stall(&addr, b"").await;
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");

    // And one left open after a complete request and its answer.
    let (answer, waited) = stall(&addr, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        waited < std::time::Duration::from_secs(5),
        "kept alive idle: {waited:?}"
    );

    // An upload that stops arriving part-way: answered and closed, not
    // held open, and nothing is stored.
    let head = format!(
        "POST /account/resume HTTP/1.1\r\nHost: localhost\r\nOrigin: {PUBLIC_URL}\r\n\
         Cookie: techforce_session={token}\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 100000\r\n\r\n\
         --XYZ\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"cv.pdf\"\r\n\r\n%PDF-1.4 "
    );
    let (answer, waited) = stall(&addr, head.as_bytes()).await;
    assert!(
        waited >= std::time::Duration::from_millis(900)
            && waited < std::time::Duration::from_secs(5),
        "the upload waited for its body, then gave up: {waited:?}"
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{answer}"
    );
    let documents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(documents, 0);
    println!(
        "{backend:?}: 40 stalled heads cut off; silent and idle connections closed; \
         a stalled upload answered after {waited:?}: {}",
        answer.lines().next().unwrap_or("(closed)")
    );
}

async fn an_https_deployment_asks_browsers_to_stay_on_https(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[("TECHFORCE_PUBLIC_URL", "https://portal.example.gov")],
    )
    .await;
    for path in ["/", "/healthz", "/no-such-page", "/pkg/techforce.css"] {
        let response = app.get(path).await;
        let hsts = response
            .headers()
            .get("strict-transport-security")
            .unwrap_or_else(|| panic!("{path} lacks HSTS"))
            .to_str()
            .unwrap()
            .to_owned();
        let max_age: u64 = hsts
            .split(';')
            .find_map(|d| d.trim().strip_prefix("max-age="))
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(max_age >= 31_536_000, "{path}: {hsts}");
        assert!(hsts.contains("includeSubDomains"), "{path}: {hsts}");
    }
}
