//! `techforce seed --bench`, at a thousandth of its size: the counts it
//! promises, data the portal itself would have written (every application's
//! history replays by the workflow's table to its status; ranks run 1, 2, 3
//! within each opening), accounts that sign in, and a refusal to touch a
//! database that is not empty. Both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::application::{ApplicationStatus, replay};
use common::{Backend, PUBLIC_URL, TestApp};
use sqlx::Row as _;
use techforce::bench_data::{BENCH_PASSWORD, MANAGER_EMAIL, Scale, seed_bench};

on_both_databases!(the_benchmark_program_is_what_the_portal_would_have_written);

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn the_benchmark_program_is_what_the_portal_would_have_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let scale = Scale::times(0.001);
    assert_eq!(scale.openings, 10);
    assert_eq!(scale.candidates, 200);
    assert_eq!(scale.applications, 1_000);
    assert_eq!(scale.big_opening, 50);
    assert_eq!(scale.submissions, 5_000);
    let report = seed_bench(&app.state.db, scale).await.unwrap();

    assert_eq!(count(&app, "SELECT COUNT(*) FROM openings").await, 10);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM openings WHERE status = 'published'"
        )
        .await,
        9
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE role = 'candidate'").await,
        200
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM applications").await,
        1_000
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM applications WHERE opening_id = {}",
                report.big_opening_id
            )
        )
        .await,
        50
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM submissions").await, 5_000);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM challenges").await, 3);
    // Nobody applied twice to one opening (the table would refuse it), and
    // the manager runs the big opening.
    let manager_openings: Vec<i64> = sqlx::query_scalar(
        "SELECT m.opening_id FROM opening_managers m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
    )
    .bind(MANAGER_EMAIL)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(manager_openings, vec![report.big_opening_id]);

    // Each application's history replays to its status; each sitting
    // belongs to an application that reached the assessment.
    let applications = sqlx::query("SELECT id, status, version FROM applications")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    for row in &applications {
        let id: i64 = row.try_get(0).unwrap();
        let status: ApplicationStatus = row.try_get::<String, _>(1).unwrap().parse().unwrap();
        let history: Vec<(ApplicationStatus, ApplicationStatus)> = sqlx::query(
            "SELECT from_status, to_status FROM application_history WHERE application_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|h| {
            (
                h.try_get::<String, _>(0).unwrap().parse().unwrap(),
                h.try_get::<String, _>(1).unwrap().parse().unwrap(),
            )
        })
        .collect();
        assert_eq!(replay(&history), Ok(status), "application {id}");
        let version: i64 = row.try_get(2).unwrap();
        assert_eq!(version as usize, history.len() + 1, "application {id}");
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sittings s JOIN applications a ON a.id = s.application_id
             WHERE a.status IN ('draft', 'submitted', 'withdrawn')"
        )
        .await,
        0
    );
    // Ranks: 1..n within each opening, for exactly the rated applicants.
    let ranks = sqlx::query(
        "SELECT opening_id, COUNT(*), MIN(rank_position), MAX(rank_position), COUNT(DISTINCT rank_position)
         FROM applications WHERE category IS NOT NULL GROUP BY opening_id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert!(!ranks.is_empty());
    for row in ranks {
        let n: i64 = row.try_get(1).unwrap();
        assert_eq!(row.try_get::<i64, _>(2).unwrap(), 1);
        assert_eq!(row.try_get::<i64, _>(3).unwrap(), n);
        assert_eq!(row.try_get::<i64, _>(4).unwrap(), n);
    }

    // Every running sitting's deadline is to come (the scheduler would have
    // ended the others), and there are running sittings to come to it.
    let now = app::server::clock::to_text(time::OffsetDateTime::now_utc());
    let running = |past: bool| {
        format!(
            "SELECT COUNT(*) FROM sittings WHERE ended_at IS NULL AND deadline {} '{now}'",
            if past { "<=" } else { ">" }
        )
    };
    assert_eq!(count(&app, &running(true)).await, 0);
    assert!(count(&app, &running(false)).await > 0);

    // The applicant counts (migration 0019) are folded and say what
    // counting the applications says, group by group.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM applicant_count_changes").await,
        0
    );
    let (tallied, counted) = common::tallies_and_applications(&app).await;
    assert!(tallied.len() > 10, "{} groups", tallied.len());
    assert_eq!(tallied, counted);

    // The accounts sign in with the benchmark password, and new rows get
    // new ids after the seeded ones.
    let client = reqwest::Client::new();
    for email in ["candidate-7@bench.test", MANAGER_EMAIL] {
        let signed_in = client
            .post(app.url("/api/sign-in"))
            .header("origin", PUBLIC_URL)
            .form(&[("email", email), ("password", BENCH_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), 200, "{email}");
    }
    common::account(
        &app,
        "new@example.com",
        app::domain::account::Role::Candidate,
    )
    .await;

    // Never into a database with anything in it.
    let again = seed_bench(&app.state.db, scale).await.unwrap_err();
    assert!(again.to_string().contains("empty database"), "{again}");
    println!(
        "{backend:?}: {} applications, {} history rows, {} sittings, {} submissions in {:?}",
        report.applications,
        report.history,
        report.sittings,
        report.submissions,
        report
            .steps
            .iter()
            .map(|(_, d)| *d)
            .sum::<std::time::Duration>()
    );
}
