//! Accounts through real HTTP: signing in and out, sessions, throttling,
//! and the command that makes the first staff account. Both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use common::{Backend, PUBLIC_URL, TestApp};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, LOCATION, SET_COOKIE};
use techforce::accounts::{PasswordSource, create_user};

on_both_databases!(
    staff_created_on_the_command_line_can_sign_in_and_out,
    wrong_passwords_and_unknown_emails_get_the_same_answer,
    a_form_post_without_javascript_returns_to_the_form_with_the_error,
    repeated_failures_slow_sign_in_down,
    a_disabled_account_loses_its_session_at_once,
    sign_in_needs_our_origin,
    other_sessions_can_be_signed_out,
    signed_out_any_page_address_comes_back_through_sign_in,
);

const PASSWORD: &str = "violet tractor humming lantern";

async fn staff(app: &TestApp, email: &str) -> i64 {
    // The same function `techforce user create` runs, with a known password.
    let created = create_user(
        &app.state.db,
        email,
        Role::Staff,
        Some("Pat Doe"),
        PasswordSource::Given(PASSWORD.to_owned()),
    )
    .await
    .unwrap();
    assert!(created.generated_password.is_none());
    created.id
}

/// Posts the sign-in form as the page's own JavaScript would (same origin,
/// no HTML wanted).
async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .form(&[
            ("email", email),
            ("password", password),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap()
}

async fn whoami(app: &TestApp) -> serde_json::Value {
    let response = app
        .client
        .post(app.url("/api/whoami"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn staff_created_on_the_command_line_can_sign_in_and_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "Pat.Doe@Agency.gov").await;

    assert_eq!(whoami(&app).await, serde_json::Value::Null);
    let response = sign_in(&app, "pat.doe@agency.GOV", PASSWORD).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{response:?}"
    );
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("techforce_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    let token = cookie.split(['=', ';']).nth(1).unwrap().to_owned();

    let me = whoami(&app).await;
    assert_eq!(me["email"], "pat.doe@agency.gov");
    assert_eq!(me["role"], "staff");
    assert_eq!(me["name"], "Pat Doe");

    // The account page, rendered on the server for the signed-in person.
    let page = app.page("/account").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("pat.doe@agency.gov"), "{html}");
    assert!(html.contains("Program staff"));
    assert!(html.contains("Sign out"));

    // Only the token's hash is stored.
    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].0, token);

    let out = app
        .client
        .post(app.url("/api/sign-out"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success() || out.status().is_redirection());
    assert!(
        out.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(whoami(&app).await, serde_json::Value::Null);
    let remaining: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert!(remaining.is_empty(), "signing out deletes the session");

    // Signed out, the account page sends people to sign in.
    let page = app.page("/account").await;
    assert_eq!(page.status(), 302);
    assert_eq!(page.headers()[LOCATION], "/login?next=/account");
}

/// The way back after signing in keeps the address as it was asked for,
/// encoded: a control character or a `&` in a path segment is no server
/// error and does not cut the address short.
async fn signed_out_any_page_address_comes_back_through_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (path, back) in [
        ("/applications/%00", "/login?next=/applications/%00"),
        (
            "/applications/a%26b%23c",
            "/login?next=/applications/a%26b%23c",
        ),
        (
            "/manage/applications/x%20y",
            "/login?next=/manage/applications/x%20y",
        ),
    ] {
        let page = app.page(path).await;
        assert_eq!(page.status(), 302, "{path}");
        assert_eq!(page.headers()[LOCATION], back, "{path}");
    }
    // The same from a download, which answers outside the pages.
    let file = app.page("/assessments/a%00%26b/artefacts/1").await;
    assert_eq!(file.status(), 303);
    assert_eq!(
        file.headers()[LOCATION],
        "/login?next=/assessments/a%00%26b"
    );
}

async fn wrong_passwords_and_unknown_emails_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    let wrong = sign_in(&app, "pat@agency.gov", "not the password at all").await;
    let unknown = sign_in(&app, "nobody@agency.gov", "not the password at all").await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    let wrong = wrong.text().await.unwrap();
    assert_eq!(wrong, unknown.text().await.unwrap());
    assert!(wrong.contains("The email address or password is incorrect."));

    let malformed = sign_in(&app, "not-an-email", PASSWORD).await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert!(
        malformed
            .text()
            .await
            .unwrap()
            .contains("Enter an email address like")
    );
    let oversized = sign_in(&app, "pat@agency.gov", &"x".repeat(5000)).await;
    assert_eq!(oversized.status(), StatusCode::BAD_REQUEST);
    assert_eq!(whoami(&app).await, serde_json::Value::Null);

    let failures: Vec<(String,)> =
        sqlx::query_as("SELECT outcome FROM audit_log WHERE action = 'sign_in'")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(failures.len(), 3, "each failed sign-in is audited");
    assert!(failures.iter().all(|(o,)| o == "failure"));
}

async fn a_form_post_without_javascript_returns_to_the_form_with_the_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    let login = app.url("/login");
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .header(ACCEPT, "text/html")
        .header("referer", &login)
        .form(&[
            ("email", "pat@agency.gov"),
            ("password", "wrong wrong wrong wrong"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let back = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        back.starts_with(&login) && back.contains("__err="),
        "{back}"
    );
    let page = app
        .page(back.trim_start_matches(&app.base_url))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("The email address or password is incorrect."),
        "{page}"
    );

    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .header(ACCEPT, "text/html")
        .header("referer", &login)
        .form(&[
            ("email", "pat@agency.gov"),
            ("password", PASSWORD),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()[LOCATION], "/account");
    assert_eq!(app.page("/account").await.status(), 200);
}

async fn repeated_failures_slow_sign_in_down(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, "pat@agency.gov", "guess guess guess guess")
                .await
                .status(),
            400
        );
    }
    // Now even the right password waits, with a clear answer.
    let response = sign_in(&app, "pat@agency.gov", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry));
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins")
    );
    assert_eq!(whoami(&app).await, serde_json::Value::Null);

    // Trying again while blocked does not make the wait longer.
    let again = sign_in(&app, "pat@agency.gov", PASSWORD).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_again: u64 = again.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_again <= retry);

    // The wait ends.
    tokio::time::sleep(std::time::Duration::from_secs(retry + 1)).await;
    let response = sign_in(&app, "pat@agency.gov", PASSWORD).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(whoami(&app).await["email"], "pat@agency.gov");
}

async fn a_disabled_account_loses_its_session_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = staff(&app, "pat@agency.gov").await;
    sign_in(&app, "pat@agency.gov", PASSWORD).await;
    assert_eq!(whoami(&app).await["email"], "pat@agency.gov");
    sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
        .bind("2026-11-22T00:00:00.000000Z")
        .bind(id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(whoami(&app).await, serde_json::Value::Null);
    // And it cannot sign in again.
    assert_eq!(
        sign_in(&app, "pat@agency.gov", PASSWORD).await.status(),
        400
    );
}

async fn sign_in_needs_our_origin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("origin", "https://evil.example")
        .form(&[("email", "pat@agency.gov"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(SET_COOKIE).is_none());
    assert_eq!(whoami(&app).await, serde_json::Value::Null);
}

async fn other_sessions_can_be_signed_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    // A second browser.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    other
        .post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .form(&[("email", "pat@agency.gov"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    sign_in(&app, "pat@agency.gov", PASSWORD).await;

    let sessions: serde_json::Value = app
        .client
        .post(app.url("/api/my-sessions"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    let theirs = sessions.iter().find(|s| s["current"] == false).unwrap();

    // Someone else's handle (or a made-up one) is not found.
    let bogus = app
        .client
        .post(app.url("/api/end-session"))
        .header("origin", PUBLIC_URL)
        .form(&[("handle", "0123456789abcdef")])
        .send()
        .await
        .unwrap();
    assert_eq!(bogus.status(), StatusCode::NOT_FOUND);

    app.client
        .post(app.url("/api/end-session"))
        .header("origin", PUBLIC_URL)
        .form(&[("handle", theirs["handle"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    let other_me = other
        .post(app.url("/api/whoami"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(
        other_me,
        serde_json::Value::Null,
        "the other browser is signed out"
    );
    assert_eq!(
        whoami(&app).await["email"],
        "pat@agency.gov",
        "this one is not"
    );

    // Ending this browser's own session is signing out: the cookie is
    // cleared in the same answer.
    let mine = sessions.iter().find(|s| s["current"] == true).unwrap();
    let ended = app
        .client
        .post(app.url("/api/end-session"))
        .header("origin", PUBLIC_URL)
        .form(&[("handle", mine["handle"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    let cleared = ended
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().unwrap().contains("Max-Age=0"));
    assert!(cleared, "the session cookie is cleared");
    assert_eq!(whoami(&app).await, serde_json::Value::Null);

    // Not signed in: refused.
    let anonymous = reqwest::Client::new()
        .post(app.url("/api/my-sessions"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

on_both_databases!(
    simultaneous_guesses_cannot_outrun_the_throttle,
    idle_and_expired_sessions_stop_working,
    one_account_cannot_end_another_accounts_session,
    two_workers_never_claim_the_same_message,
    sign_in_never_adopts_a_planted_token_and_a_signed_out_token_stays_dead,
    behind_a_trusted_proxy_each_person_is_throttled_as_themselves,
);

async fn idle_and_expired_sessions_stop_working(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    sign_in(&app, "pat@agency.gov", PASSWORD).await;
    assert_eq!(whoami(&app).await["email"], "pat@agency.gov");
    // Staff sessions idle out after 30 minutes: the stored limit says so.
    let (created, idle): (String, String) =
        sqlx::query_as("SELECT created_at, idle_expires_at FROM sessions")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    let created = app::server::clock::from_text(&created).unwrap();
    let idle = app::server::clock::from_text(&idle).unwrap();
    assert_eq!((idle - created).whole_minutes(), 30);

    sqlx::query("UPDATE sessions SET idle_expires_at = $1")
        .bind("2000-01-01T00:00:00.000000Z")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(whoami(&app).await, serde_json::Value::Null, "idle too long");

    sign_in(&app, "pat@agency.gov", PASSWORD).await;
    assert_eq!(whoami(&app).await["email"], "pat@agency.gov");
    sqlx::query("UPDATE sessions SET absolute_expires_at = $1")
        .bind("2000-01-01T00:00:00.000000Z")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(
        whoami(&app).await,
        serde_json::Value::Null,
        "past the absolute limit"
    );
}

async fn one_account_cannot_end_another_accounts_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    create_user(
        &app.state.db,
        "sam@agency.gov",
        Role::Candidate,
        None,
        PasswordSource::Given(PASSWORD.into()),
    )
    .await
    .unwrap();
    let sam = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    sam.post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .form(&[("email", "sam@agency.gov"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let sams: serde_json::Value = sam
        .post(app.url("/api/my-sessions"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let handle = sams[0]["handle"].as_str().unwrap().to_owned();

    sign_in(&app, "pat@agency.gov", PASSWORD).await;
    let response = app
        .client
        .post(app.url("/api/end-session"))
        .header("origin", PUBLIC_URL)
        .form(&[("handle", handle.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let sam_me: serde_json::Value = sam
        .post(app.url("/api/whoami"))
        .header("origin", PUBLIC_URL)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sam_me["email"], "sam@agency.gov", "Sam is still signed in");
}

async fn two_workers_never_claim_the_same_message(backend: Backend) {
    use app::server::db::outbox::{claim_next, enqueue};
    let test_db = common::TestDatabase::new(backend).await;
    let db = app::server::db::Db::connect(&test_db.url, &Default::default())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let to = app::domain::account::Email::parse("pat@agency.gov").unwrap();
    for n in 0..20 {
        let mut conn = db.writer().acquire().await.unwrap();
        enqueue(
            &mut conn,
            &app::server::mail::Mail {
                to: to.clone(),
                subject: format!("n{n}"),
                text: "t".into(),
                html: "h".into(),
            },
        )
        .await
        .unwrap();
    }
    // Four workers claim as fast as they can, concurrently.
    let mut workers = Vec::new();
    for _ in 0..4 {
        let db = db.clone();
        workers.push(tokio::spawn(async move {
            let mut claimed = Vec::new();
            loop {
                let mut conn = db.writer().acquire().await.unwrap();
                match claim_next(&mut conn, std::time::Duration::from_secs(60)).await {
                    Ok(Some(message)) => claimed.push(message.id),
                    Ok(None) => break,
                    // SQLite may report a busy database under contention: try again.
                    Err(_) => tokio::task::yield_now().await,
                }
            }
            claimed
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap());
    }
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a message was claimed twice");
    assert_eq!(all.len(), 20, "every message was claimed once");
}

async fn simultaneous_guesses_cannot_outrun_the_throttle(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    let mut guesses = Vec::new();
    for n in 0..20 {
        let client = app.client.clone();
        let url = app.url("/api/sign-in");
        guesses.push(tokio::spawn(async move {
            client
                .post(url)
                .header("origin", PUBLIC_URL)
                .form(&[
                    ("email", "pat@agency.gov"),
                    ("password", &format!("guess number {n} of many")),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut checked = 0;
    let mut refused = 0;
    for guess in guesses {
        match guess.await.unwrap() {
            StatusCode::BAD_REQUEST => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(checked + refused, 20);
    assert!(
        checked <= 5,
        "only the free attempts are checked, even at once: {checked}"
    );
}

/// The session token in a response's `Set-Cookie`, if it hands one out.
fn issued_token(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| cookie.strip_prefix("techforce_session="))
        .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        .filter(|token| !token.is_empty())
}

/// Posts `path` with exactly this session cookie (or none), cookie jar aside.
async fn with_token(
    app: &TestApp,
    path: &str,
    token: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url(path))
        .header("origin", PUBLIC_URL)
        .header("cookie", format!("techforce_session={token}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn signed_in_as(app: &TestApp, token: &str) -> serde_json::Value {
    let response = with_token(app, "/api/whoami", token, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn sign_in_never_adopts_a_planted_token_and_a_signed_out_token_stays_dead(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    staff(&app, "sam@agency.gov").await;
    let credentials = |email| [("email", email), ("password", PASSWORD)];

    // Fixation: a token someone planted in the browser before sign-in, made
    // up or stolen from another live session, is never the one the portal
    // then trusts for the person signing in.
    let sam =
        issued_token(&with_token(&app, "/api/sign-in", "", &credentials("sam@agency.gov")).await)
            .expect("Sam gets a token");
    for planted in ["a".repeat(43), sam.clone()] {
        let response = with_token(
            &app,
            "/api/sign-in",
            &planted,
            &credentials("pat@agency.gov"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let issued = issued_token(&response).expect("a fresh token at sign-in");
        assert_ne!(issued, planted, "the planted token is not adopted");
        assert_eq!(signed_in_as(&app, &issued).await["email"], "pat@agency.gov");
        let planted_is = signed_in_as(&app, &planted).await;
        assert_ne!(planted_is["email"], "pat@agency.gov", "{planted_is}");
    }
    assert_eq!(signed_in_as(&app, &sam).await["email"], "sam@agency.gov");

    // Reuse after sign-out: the old token, sent again by hand, is dead
    // everywhere (whoami, a server function, a page).
    let out = with_token(&app, "/api/sign-out", &sam, &[]).await;
    assert_eq!(out.status(), StatusCode::OK);
    assert_eq!(signed_in_as(&app, &sam).await, serde_json::Value::Null);
    let sessions = with_token(&app, "/api/my-sessions", &sam, &[]).await;
    assert_eq!(sessions.status(), StatusCode::UNAUTHORIZED);
    let page = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/admin/users"))
        .header(ACCEPT, "text/html")
        .header("cookie", format!("techforce_session={sam}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FOUND);
    assert_eq!(page.headers()[LOCATION], "/login?next=/admin/users");
}

/// Six wrong passwords for one account, "from" `forwarded`; the statuses.
async fn guesses(app: &TestApp, forwarded: &str) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let response = app
            .client
            .post(app.url("/api/sign-in"))
            .header("origin", PUBLIC_URL)
            .header("x-forwarded-for", forwarded)
            .form(&[
                ("email", "pat@agency.gov"),
                ("password", "not the password"),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

async fn behind_a_trusted_proxy_each_person_is_throttled_as_themselves(backend: Backend) {
    // The portal behind a load balancer at 127.0.0.1: the balancer names
    // each client, so one person's guesses do not lock out another.
    let app = TestApp::spawn_with(backend, &[("TECHFORCE_TRUSTED_PROXIES", "127.0.0.1")]).await;
    staff(&app, "pat@agency.gov").await;
    assert_eq!(
        guesses(&app, "198.51.100.7").await,
        [400, 400, 400, 400, 400, 429]
    );
    assert_eq!(
        guesses(&app, "198.51.100.8").await[0],
        400,
        "another address is not held up"
    );
    let addresses: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT remote_addr FROM audit_log WHERE action = 'sign_in' ORDER BY remote_addr",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        addresses,
        ["198.51.100.7", "198.51.100.8"],
        "the audit log names them"
    );

    // Without that trust, the header is anybody's claim and is ignored.
    let app = TestApp::spawn(backend).await;
    staff(&app, "pat@agency.gov").await;
    assert_eq!(guesses(&app, "198.51.100.7").await[5], 429);
    assert_eq!(
        guesses(&app, "198.51.100.8").await[0],
        429,
        "a made-up address does not escape the throttle"
    );
}
