//! Staff manage accounts; nobody else can. Through real HTTP, both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use common::{Backend, PASSWORD, TestApp, account, browser, post};
use reqwest::StatusCode;

on_both_databases!(
    only_staff_reach_account_management,
    staff_change_roles_and_the_change_is_audited,
    disabling_ends_sessions_at_once_and_enabling_restores_sign_in,
    staff_cannot_lock_themselves_out,
);

async fn role_of(app: &TestApp, id: i64) -> String {
    sqlx::query_as::<_, (String,)>("SELECT role FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .0
}

async fn signed_in(app: &TestApp, client: &reqwest::Client) -> bool {
    let me: serde_json::Value = post(app, client, "/api/whoami", &[])
        .await
        .json()
        .await
        .unwrap();
    !me.is_null()
}

async fn only_staff_reach_account_management(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let candidate_id = account(&app, "cand@example.com", Role::Candidate).await;
    account(&app, "manager@agency.gov", Role::HiringManager).await;

    let anonymous = reqwest::Client::new();
    let response = post(
        &app,
        &anonymous,
        "/api/admin/users",
        &[("query", ""), ("page", "1")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    for email in ["cand@example.com", "manager@agency.gov"] {
        let client = browser(&app, email).await;
        let listed = post(
            &app,
            &client,
            "/api/admin/users",
            &[("query", ""), ("page", "1")],
        )
        .await;
        assert_eq!(listed.status(), StatusCode::FORBIDDEN, "{email}");
        // Not even for themselves: no raising one's own role.
        let own_id = if email.starts_with("cand") {
            candidate_id.to_string()
        } else {
            "3".to_owned()
        };
        let raised = post(
            &app,
            &client,
            "/api/admin/set-role",
            &[("user_id", &own_id), ("role", "staff")],
        )
        .await;
        assert_eq!(raised.status(), StatusCode::FORBIDDEN, "{email}");
        let disabled = post(
            &app,
            &client,
            "/api/admin/set-disabled",
            &[("user_id", "1"), ("disabled", "true")],
        )
        .await;
        assert_eq!(disabled.status(), StatusCode::FORBIDDEN, "{email}");
        let page = client
            .get(app.url("/admin/users"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        assert!(
            !page.text().await.unwrap().contains("staff@agency.gov"),
            "no data leaks into the page"
        );
    }
    assert_eq!(role_of(&app, candidate_id).await, "candidate");
    let denials: Vec<(String,)> = sqlx::query_as(
        "SELECT actor_email FROM audit_log WHERE action = 'authorization' AND outcome = 'denied'",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(denials.len(), 8, "each refusal is audited");

    let staff = browser(&app, "staff@agency.gov").await;
    let all: serde_json::Value = post(
        &app,
        &staff,
        "/api/admin/users",
        &[("query", ""), ("page", "1")],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(all["total"], 3);
    let found: serde_json::Value = post(
        &app,
        &staff,
        "/api/admin/users",
        &[("query", "CAND"), ("page", "9")],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["page"], 1, "a page past the end shows the last one");
    assert_eq!(found["users"][0]["email"], "cand@example.com");
    let literal: serde_json::Value = post(
        &app,
        &staff,
        "/api/admin/users",
        &[("query", "%"), ("page", "1")],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(literal["total"], 0, "wildcards are matched literally");

    let page = staff
        .get(app.url("/admin/users?q=cand"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("cand@example.com") && !html.contains("manager@agency.gov"));
}

async fn staff_change_roles_and_the_change_is_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let id = account(&app, "pat@agency.gov", Role::Candidate).await;
    let pat = browser(&app, "pat@agency.gov").await;
    let staff = browser(&app, "staff@agency.gov").await;

    let changed = post(
        &app,
        &staff,
        "/api/admin/set-role",
        &[("user_id", &id.to_string()), ("role", "hiring_manager")],
    )
    .await;
    assert!(
        changed.status().is_success() || changed.status().is_redirection(),
        "{changed:?}"
    );
    assert_eq!(role_of(&app, id).await, "hiring_manager");
    assert!(
        !signed_in(&app, &pat).await,
        "a role change ends the account's sessions"
    );

    let (actor, subject, detail): (String, String, String) = sqlx::query_as(
        "SELECT actor_email, subject, detail FROM audit_log WHERE action = 'account.role'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(actor, "staff@agency.gov");
    assert_eq!(subject, "pat@agency.gov");
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["before"]["role"], "candidate");
    assert_eq!(detail["after"]["role"], "hiring_manager");

    let unknown = post(
        &app,
        &staff,
        "/api/admin/set-role",
        &[("user_id", "999"), ("role", "staff")],
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let bad_role = post(
        &app,
        &staff,
        "/api/admin/set-role",
        &[("user_id", &id.to_string()), ("role", "admin")],
    )
    .await;
    assert_eq!(bad_role.status(), StatusCode::BAD_REQUEST);
    assert_eq!(role_of(&app, id).await, "hiring_manager");
}

async fn disabling_ends_sessions_at_once_and_enabling_restores_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let id = account(&app, "pat@agency.gov", Role::Candidate).await;
    let pat = browser(&app, "pat@agency.gov").await;
    let staff = browser(&app, "staff@agency.gov").await;
    assert!(signed_in(&app, &pat).await);

    post(
        &app,
        &staff,
        "/api/admin/set-disabled",
        &[("user_id", &id.to_string()), ("disabled", "true")],
    )
    .await;
    assert!(!signed_in(&app, &pat).await, "the session ended at once");
    let again = post(
        &app,
        &pat,
        "/api/sign-in",
        &[("email", "pat@agency.gov"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);

    post(
        &app,
        &staff,
        "/api/admin/set-disabled",
        &[("user_id", &id.to_string()), ("disabled", "false")],
    )
    .await;
    let again = post(
        &app,
        &pat,
        "/api/sign-in",
        &[("email", "pat@agency.gov"), ("password", PASSWORD)],
    )
    .await;
    assert!(again.status().is_success() || again.status().is_redirection());
    let actions: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE action LIKE 'account.%able' ORDER BY id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        actions,
        vec![
            ("account.disable".to_owned(),),
            ("account.enable".to_owned(),)
        ]
    );
}

async fn staff_cannot_lock_themselves_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = account(&app, "staff@agency.gov", Role::Staff).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let demote = post(
        &app,
        &staff,
        "/api/admin/set-role",
        &[("user_id", &id.to_string()), ("role", "candidate")],
    )
    .await;
    assert_eq!(demote.status(), StatusCode::CONFLICT);
    let disable = post(
        &app,
        &staff,
        "/api/admin/set-disabled",
        &[("user_id", &id.to_string()), ("disabled", "true")],
    )
    .await;
    assert_eq!(disable.status(), StatusCode::CONFLICT);
    assert_eq!(role_of(&app, id).await, "staff");
    assert!(signed_in(&app, &staff).await);
}
