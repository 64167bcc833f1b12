//! The audit log: every sign-in (success and failure), role change, account
//! disabled, opening published, workflow move and certificate issued leaves
//! an entry, made through the portal as people use it; and no entry can be
//! changed or removed, by the portal or by anyone with SQL.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use app::domain::account::Role;
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty};
use app::domain::opening::HiringMethod;
use app::server::challenges::library::insert_challenge;
use common::{
    Backend, PUBLIC_URL, TestApp, account, browser, draft_opening, pdf, post, published_opening,
};
use reqwest::StatusCode;

on_both_databases!(every_sensitive_act_is_audited_and_entries_cannot_change);

/// Posts and expects success (200, or a form's redirect).
async fn done(app: &TestApp, client: &reqwest::Client, path: &str, form: &[(&str, &str)]) {
    let response = post(app, client, path, form).await;
    let status = response.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{path}: {status} {}",
        response.text().await.unwrap()
    );
}

/// Applies to `opening` as `client` through the apply steps; returns the
/// application's public id.
async fn apply(app: &TestApp, client: &reqwest::Client, opening: &str, email: &str) -> String {
    let resume = client
        .post(app.url(&format!("/jobs/{opening}/apply/resume")))
        .header("origin", PUBLIC_URL)
        .multipart(reqwest::multipart::Form::new().part(
            "resume",
            reqwest::multipart::Part::bytes(pdf(1)).file_name("cv.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert!(resume.status().is_success(), "{}", resume.status());
    done(
        app,
        client,
        "/api/apply/declarations",
        &[
            ("opening_id", opening),
            ("veterans_preference", "none"),
            ("attest", "yes"),
        ],
    )
    .await;
    done(app, client, "/api/apply/submit", &[("opening_id", opening)]).await;
    sqlx::query_scalar(
        "SELECT a.public_id FROM applications a JOIN users u ON u.id = a.candidate_id
         WHERE u.email = $1",
    )
    .bind(email)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
}

async fn version_of(app: &TestApp, public_id: &str) -> String {
    sqlx::query_scalar::<_, i64>("SELECT version FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .to_string()
}

/// The audit entries with `action`: (actor email, subject, outcome, detail).
async fn entries(
    app: &TestApp,
    action: &str,
) -> Vec<(Option<String>, Option<String>, String, Option<String>)> {
    sqlx::query_as(
        "SELECT actor_email, subject, outcome, detail FROM audit_log WHERE action = $1 ORDER BY id",
    )
    .bind(action)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap()
}

async fn every_sensitive_act_is_audited_and_entries_cannot_change(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    account(&app, "ana@example.com", Role::Candidate).await;
    account(&app, "ben@example.com", Role::Candidate).await;
    let cy = account(&app, "cy@example.com", Role::Candidate).await;

    // Sign-in: one failure, then successes.
    let wrong = post(
        &app,
        &reqwest::Client::new(),
        "/api/sign-in",
        &[("email", "ana@example.com"), ("password", "not it at all")],
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let ana = browser(&app, "ana@example.com").await;
    let ben = browser(&app, "ben@example.com").await;

    // Staff change a role and disable an account.
    let cy_id = cy.to_string();
    done(
        &app,
        &staff,
        "/api/admin/set-role",
        &[("user_id", &cy_id), ("role", "hiring_manager")],
    )
    .await;
    done(
        &app,
        &staff,
        "/api/admin/set-disabled",
        &[("user_id", &cy_id), ("disabled", "true")],
    )
    .await;

    // Staff publish a complete draft.
    let spare = draft_opening(&app, HiringMethod::DirectHire).await;
    sqlx::query("UPDATE openings SET salary_min = 99000, salary_max = 128000 WHERE id = $1")
        .bind(spare)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    done(
        &app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &spare.to_string()), ("action", "publish")],
    )
    .await;

    // An opening with an assessment and its manager; Ana goes from applying
    // to selected, Ben applies and withdraws.
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    let opening_text = opening.to_string();
    {
        let mut conn = app.state.db.writer().acquire().await.unwrap();
        app::server::db::openings::insert_manager(&mut conn, opening, manager, None)
            .await
            .unwrap();
    }
    let challenge = {
        let fields = ChallengeFields {
            title: "Name the beacon".into(),
            category: Category::IncidentResponse,
            difficulty: Difficulty::Intermediate,
            points: 100,
            description: "Read the log.".into(),
            max_attempts: 3,
            hints: vec![],
            key: AnswerKey::Exact {
                answer: "flag{audit}".into(),
            },
        };
        let mut tx = app.state.db.begin_write().await.unwrap();
        let id = insert_challenge(&mut tx, &fields, None).await.unwrap();
        tx.commit().await.unwrap();
        id.to_string()
    };
    done(
        &app,
        &staff,
        "/api/admin/save-assessment",
        &[
            ("opening_id", &opening_text),
            ("assessment[challenges][]", &challenge),
            ("assessment[time_limit_minutes]", "60"),
            ("assessment[pass_mark]", "50"),
            ("assessment[well_from]", "70"),
            ("assessment[best_from]", "85"),
        ],
    )
    .await;
    let ana_app = apply(&app, &ana, &opening_text, "ana@example.com").await;
    let ben_app = apply(&app, &ben, &opening_text, "ben@example.com").await;
    done(
        &app,
        &ben,
        "/api/applications/withdraw",
        &[("public_id", &ben_app), ("confirm", "yes")],
    )
    .await;
    done(
        &app,
        &ana,
        "/api/assessments/start",
        &[("public_id", &ana_app)],
    )
    .await;
    done(
        &app,
        &ana,
        "/api/assessments/answer",
        &[
            ("public_id", &ana_app),
            ("challenge_id", &challenge),
            ("answer", "flag{audit}"),
        ],
    )
    .await;
    done(
        &app,
        &ana,
        "/api/assessments/finish",
        &[("public_id", &ana_app), ("confirm", "yes")],
    )
    .await;
    done(
        &app,
        &staff,
        "/api/manage/rate",
        &[("opening_id", &opening_text)],
    )
    .await;
    done(
        &app,
        &staff,
        "/api/manage/issue-certificate",
        &[("opening_id", &opening_text)],
    )
    .await;
    for event in ["interview", "select"] {
        let version = version_of(&app, &ana_app).await;
        done(
            &app,
            &boss,
            "/api/manage/move",
            &[
                ("public_id", &ana_app),
                ("version", &version),
                ("event", event),
            ],
        )
        .await;
    }
    let status: String = sqlx::query_scalar("SELECT status FROM applications WHERE public_id = $1")
        .bind(&ana_app)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(status, "selected");

    // Sign-ins: the failure names the address tried; each success its account.
    let sign_ins = entries(&app, "sign_in").await;
    let failed: Vec<_> = sign_ins.iter().filter(|e| e.2 == "failure").collect();
    assert_eq!(failed.len(), 1, "{sign_ins:?}");
    assert_eq!(failed[0].0.as_deref(), Some("ana@example.com"));
    let succeeded: Vec<_> = sign_ins
        .iter()
        .filter(|e| e.2 == "success")
        .filter_map(|e| e.0.clone())
        .collect();
    for email in [
        "staff@agency.gov",
        "manager@agency.gov",
        "ana@example.com",
        "ben@example.com",
    ] {
        assert!(
            succeeded.iter().any(|e| e == email),
            "{email}: {sign_ins:?}"
        );
    }

    // The role change and the disabling, each with before and after.
    let role = entries(&app, "account.role").await;
    assert_eq!(role.len(), 1);
    assert_eq!(role[0].0.as_deref(), Some("staff@agency.gov"));
    assert_eq!(role[0].1.as_deref(), Some("cy@example.com"));
    let detail = role[0].3.as_deref().unwrap();
    assert!(
        detail.contains("candidate") && detail.contains("hiring_manager"),
        "{detail}"
    );
    let disabled = entries(&app, "account.disable").await;
    assert_eq!(disabled.len(), 1);
    assert_eq!(disabled[0].1.as_deref(), Some("cy@example.com"));

    // The publication.
    let published: Vec<_> = entries(&app, "opening.status")
        .await
        .into_iter()
        .filter(|e| e.1.as_deref() == Some(format!("opening:{spare}").as_str()))
        .collect();
    assert_eq!(published.len(), 1);
    assert!(published[0].3.as_deref().unwrap().contains("published"));

    // Every certificate issued.
    let issued = entries(&app, "certificate.issue").await;
    let certificates: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificates")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(certificates, 1);
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].0.as_deref(), Some("staff@agency.gov"));

    // Every move in the applications' histories has its audit entry, and
    // the other way round: the same (from, to) moves, as many times.
    let history: Vec<(Option<String>, String)> =
        sqlx::query_as("SELECT from_status, to_status FROM application_history")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let mut in_history: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (from, to) in history {
        *in_history
            .entry((from.unwrap_or_default(), to))
            .or_default() += 1;
    }
    let mut audited: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, _, outcome, detail) in entries(&app, "application.move").await {
        assert_eq!(outcome, "success");
        let detail: serde_json::Value = serde_json::from_str(&detail.unwrap()).unwrap();
        let key = (
            detail["from"].as_str().unwrap().to_owned(),
            detail["to"].as_str().unwrap().to_owned(),
        );
        *audited.entry(key).or_default() += 1;
    }
    assert_eq!(audited, in_history);
    for to in [
        "submitted",
        "withdrawn",
        "assessment_pending",
        "assessment_completed",
        "qualified",
        "referred",
        "interview",
        "selected",
    ] {
        assert!(
            audited.keys().any(|(_, t)| t == to),
            "a move to {to}: {audited:?}"
        );
    }
    let moves: usize = audited.values().sum();

    // Append-only: the database refuses to change or remove an entry.
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let changed = sqlx::query("UPDATE audit_log SET outcome = 'success' WHERE outcome = 'failure'")
        .execute(app.state.db.writer())
        .await;
    assert!(changed.unwrap_err().to_string().contains("append-only"));
    let removed = sqlx::query("DELETE FROM audit_log")
        .execute(app.state.db.writer())
        .await;
    assert!(removed.unwrap_err().to_string().contains("append-only"));
    if backend == Backend::Postgres {
        let truncated = sqlx::query("TRUNCATE audit_log")
            .execute(app.state.db.writer())
            .await;
        assert!(truncated.unwrap_err().to_string().contains("append-only"));
    }
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(after, total);
    let failures: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'failure'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(failures, 1, "the failed sign-in is still a failure");
    println!(
        "{backend:?}: {total} audit entries, {moves} moves each audited once; \
         UPDATE, DELETE{} refused",
        if backend == Backend::Postgres {
            " and TRUNCATE"
        } else {
            ""
        }
    );
}
