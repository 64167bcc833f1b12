//! Signing up, verifying the address, resetting and changing passwords:
//! through real HTTP, with the mail read from the file drop. Both databases.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestApp, token_in};
use reqwest::StatusCode;

on_both_databases!(
    sign_up_verify_sign_in_sign_out,
    signing_up_with_a_known_address_reveals_nothing,
    bad_sign_up_input_is_refused_field_by_field,
    forgotten_passwords_are_reset_by_a_single_use_link,
    changing_the_password_needs_the_current_one_and_ends_other_sessions,
);

const PASSWORD: &str = "violet tractor humming lantern";

fn ok(response: &reqwest::Response) -> bool {
    response.status().is_success() || response.status().is_redirection()
}

async fn users(app: &TestApp) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM users")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .0
}

async fn whoami(app: &TestApp) -> serde_json::Value {
    app.post("/api/whoami", &[]).await.json().await.unwrap()
}

async fn sign_up_verify_sign_in_sign_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .post(
            "/api/sign-up",
            &[
                ("name", "Casey Candidate"),
                ("email", "Casey@Example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(ok(&response), "{response:?}");
    assert_eq!(users(&app).await, 1);

    let mail = app.wait_for_mail(1).await;
    let message = &mail[0];
    assert!(message.contains("To: casey@example.com"), "{message}");
    assert!(message.contains("Subject: Confirm your email address"));
    assert!(
        message.contains("From: \"Tech Force Portal\" <no-reply@")
            || message.contains("From: Tech Force Portal <no-reply@"),
        "{message}"
    );
    assert!(message.contains("Message-ID: <outbox-"));
    assert!(message.contains("text/plain") && message.contains("text/html"));
    assert!(message.contains("http://localhost/verify-email?token="));
    let token = token_in(message);
    assert_eq!(token.len(), 64);

    // Signed in but unverified.
    assert!(ok(&app
        .post(
            "/api/sign-in",
            &[("email", "casey@example.com"), ("password", PASSWORD)]
        )
        .await));
    let me = whoami(&app).await;
    assert_eq!(me["role"], "candidate");
    assert_eq!(me["verified"], false);
    assert!(
        app.page("/account")
            .await
            .text()
            .await
            .unwrap()
            .contains("not verified yet")
    );

    let page = app.page(&format!("/verify-email?token={token}")).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Your email address is confirmed.")
    );
    assert_eq!(whoami(&app).await["verified"], true);

    // The link works once.
    let again = app.post("/api/verify-email", &[("token", &token)]).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
    let page = app.page(&format!("/verify-email?token={token}")).await;
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );

    assert!(ok(&app.post("/api/sign-out", &[]).await));
    assert_eq!(whoami(&app).await, serde_json::Value::Null);
}

async fn signing_up_with_a_known_address_reveals_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app
        .post(
            "/api/sign-up",
            &[
                ("name", "Casey"),
                ("email", "casey@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let second = app
        .post(
            "/api/sign-up",
            &[
                ("name", "Mallory"),
                ("email", "CASEY@example.com"),
                ("password", "another long passphrase entirely"),
            ],
        )
        .await;
    assert_eq!(first.status(), second.status());
    assert_eq!(
        first.headers().get("location"),
        second.headers().get("location")
    );
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
    assert_eq!(users(&app).await, 1, "no second account");
    let mail = app.wait_for_mail(2).await;
    assert!(
        mail[1].contains("Subject: You already have an account"),
        "{}",
        mail[1]
    );
    assert!(
        mail[1].contains("Hello Casey,"),
        "the owner is greeted, not the newcomer"
    );
}

async fn bad_sign_up_input_is_refused_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let long_name = "n".repeat(201);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[
                ("name", "Casey"),
                ("email", "casey@example.com"),
                ("password", "short"),
            ],
            "at least 15 characters",
        ),
        (
            &[
                ("name", "Casey"),
                ("email", "casey@example.com"),
                ("password", "passwordpassword1"),
            ],
            "Choose",
        ),
        (
            &[
                ("name", "Casey"),
                ("email", "casey@example.com"),
                ("password", "casey@example.com123"),
            ],
            "relate to you",
        ),
        (
            &[
                ("name", &long_name),
                ("email", "casey@example.com"),
                ("password", PASSWORD),
            ],
            "at most 200 characters",
        ),
        (
            &[
                ("name", "Casey"),
                ("email", "casey"),
                ("password", PASSWORD),
            ],
            "Enter an email address like",
        ),
        (
            &[("name", " "), ("email", ""), ("password", PASSWORD)],
            "Enter your name.",
        ),
    ];
    for (form, expected) in cases {
        let response = app.post("/api/sign-up", form).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{form:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(expected), "{form:?}: {body}");
    }
    // A missing field is a clear 400 too, not a 500.
    let missing = app.post("/api/sign-up", &[("name", "Casey")]).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(users(&app).await, 0, "nothing was created");
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(app.mail().is_empty(), "nothing was sent");
}

async fn forgotten_passwords_are_reset_by_a_single_use_link(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.post(
        "/api/sign-up",
        &[
            ("name", "Casey"),
            ("email", "casey@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    app.wait_for_mail(1).await;
    // A session that the reset must end.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    other
        .post(app.url("/api/sign-in"))
        .header("origin", common::PUBLIC_URL)
        .form(&[("email", "casey@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();

    // Unknown and known addresses get the same answer.
    let unknown = app
        .post("/api/forgot-password", &[("email", "nobody@example.com")])
        .await;
    let known = app
        .post("/api/forgot-password", &[("email", "casey@example.com")])
        .await;
    assert_eq!(unknown.status(), known.status());
    assert_eq!(unknown.text().await.unwrap(), known.text().await.unwrap());
    let mail = app.wait_for_mail(2).await;
    assert_eq!(mail.len(), 2, "only the known address gets mail");
    assert!(mail[1].contains("Subject: Choose a new password"));
    let token = token_in(&mail[1]);

    let page = app
        .page(&format!("/reset-password?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Save my new password"), "{page}");

    let weak = app
        .post(
            "/api/reset-password",
            &[("token", &token), ("password", "passwordpassword1")],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::BAD_REQUEST);

    let new_password = "quiet orchard beneath copper skies";
    let reset = app
        .post(
            "/api/reset-password",
            &[("token", &token), ("password", new_password)],
        )
        .await;
    assert!(ok(&reset), "{reset:?}");
    let reused = app
        .post(
            "/api/reset-password",
            &[
                ("token", &token),
                ("password", "yet another fine passphrase"),
            ],
        )
        .await;
    assert_eq!(reused.status(), StatusCode::BAD_REQUEST);
    assert!(
        reused
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
    let page = app
        .page(&format!("/reset-password?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ask for a new one"));

    let other_me: serde_json::Value = other
        .post(app.url("/api/whoami"))
        .header("origin", common::PUBLIC_URL)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        other_me,
        serde_json::Value::Null,
        "the reset ended every session"
    );
    assert_eq!(
        app.post(
            "/api/sign-in",
            &[("email", "casey@example.com"), ("password", PASSWORD)]
        )
        .await
        .status(),
        400
    );
    assert!(ok(&app
        .post(
            "/api/sign-in",
            &[("email", "casey@example.com"), ("password", new_password)]
        )
        .await));
    let mail = app.wait_for_mail(3).await;
    assert!(mail[2].contains("Subject: Your password was changed"));

    // An expired link fails the same way.
    app.post("/api/forgot-password", &[("email", "casey@example.com")])
        .await;
    let mail = app.wait_for_mail(4).await;
    let token = token_in(&mail[3]);
    sqlx::query("UPDATE email_tokens SET expires_at = $1")
        .bind("2000-01-01T00:00:00.000000Z")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let expired = app
        .post(
            "/api/reset-password",
            &[
                ("token", &token),
                ("password", "fresh meadow under winter stars"),
            ],
        )
        .await;
    assert_eq!(expired.status(), StatusCode::BAD_REQUEST);
}

async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.post(
        "/api/sign-up",
        &[
            ("name", "Casey"),
            ("email", "casey@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    other
        .post(app.url("/api/sign-in"))
        .header("origin", common::PUBLIC_URL)
        .form(&[("email", "casey@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    app.post(
        "/api/sign-in",
        &[("email", "casey@example.com"), ("password", PASSWORD)],
    )
    .await;

    let wrong = app
        .post(
            "/api/change-password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", "quiet orchard beneath copper skies"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("not your current password")
    );

    let changed = app
        .post(
            "/api/change-password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "quiet orchard beneath copper skies"),
            ],
        )
        .await;
    assert!(ok(&changed), "{changed:?}");
    assert_eq!(
        whoami(&app).await["email"],
        "casey@example.com",
        "this session stays"
    );
    let other_me: serde_json::Value = other
        .post(app.url("/api/whoami"))
        .header("origin", common::PUBLIC_URL)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other_me, serde_json::Value::Null, "other sessions end");
    let mail = app.wait_for_mail(2).await;
    assert!(
        mail.iter()
            .any(|m| m.contains("Subject: Your password was changed"))
    );

    // Not signed in: refused.
    let anonymous = reqwest::Client::new()
        .post(app.url("/api/change-password"))
        .header("origin", common::PUBLIC_URL)
        .form(&[("current_password", "x"), ("new_password", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

on_both_databases!(nobody_can_flood_an_inbox_through_the_account_forms);

async fn nobody_can_flood_an_inbox_through_the_account_forms(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.post(
        "/api/sign-up",
        &[
            ("name", "Casey"),
            ("email", "casey@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    for _ in 0..10 {
        let response = app
            .post("/api/forgot-password", &[("email", "casey@example.com")])
            .await;
        assert!(ok(&response), "the answer does not change: {response:?}");
    }
    let (queued,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
        .bind("casey@example.com")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        queued, 5,
        "one verification and four resets, then nothing for an hour"
    );
}
