//! The hiring workflow through real HTTP on both databases: each role
//! makes exactly the moves the table gives it, a race has one winner, a
//! hiring manager reaches only their openings, candidates see none of the
//! team's work, bulk moves report what they could not do, and rating
//! places applicants in categories and ranks them.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::application::{Actor, ApplicationEvent, ApplicationStatus, replay, transition};
use app::domain::opening::HiringMethod;
use common::{
    Backend, TestApp, account, browser, page, post, published_opening, status_of, submitted,
};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    each_role_makes_exactly_the_moves_the_table_gives_it,
    an_application_goes_from_received_to_hired_and_its_history_replays,
    two_managers_acting_at_once_have_exactly_one_winner,
    managers_reach_only_their_openings_and_candidates_see_none_of_the_teams_work,
    a_bulk_move_moves_the_valid_ones_and_reports_the_rest,
    rating_places_applicants_by_score_and_ranks_them_by_the_method,
    a_referral_list_is_frozen_when_issued_and_exports_as_csv,
    interviewers_score_the_same_competencies_with_evidence,
    agencies_select_from_one_pooled_list_and_never_the_same_person_twice,
    applicant_totals_agree_with_the_applications_whatever_the_filter,
    a_long_applicant_list_pages_in_order_and_finds_an_application_by_number,
);

/// Forces an application into `status` (test set-up only).
async fn put_at(app: &TestApp, public_id: &str, status: ApplicationStatus) {
    sqlx::query("UPDATE applications SET status = $1, version = version + 1 WHERE public_id = $2")
        .bind(status.as_str())
        .bind(public_id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
}

async fn version_of(app: &TestApp, public_id: &str) -> String {
    sqlx::query_scalar::<_, i64>("SELECT version FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .to_string()
}

async fn assign(app: &TestApp, opening: i64, manager: i64) {
    let mut conn = app.state.db.writer().acquire().await.unwrap();
    assert!(
        app::server::db::openings::insert_manager(&mut conn, opening, manager, None)
            .await
            .unwrap()
    );
}

/// Moves an application as `client` would from its page.
async fn move_as(
    app: &TestApp,
    client: &reqwest::Client,
    public_id: &str,
    event: ApplicationEvent,
    note: &str,
) -> reqwest::Response {
    let version = version_of(app, public_id).await;
    post(
        app,
        client,
        "/api/manage/move",
        &[
            ("public_id", public_id),
            ("version", &version),
            ("event", event.as_str()),
            ("note", note),
        ],
    )
    .await
}

/// The moves recorded for an application: (from, to, actor).
async fn history(app: &TestApp, public_id: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT COALESCE(h.from_status, ''), h.to_status, h.actor FROM application_history h
         JOIN applications a ON a.id = h.application_id WHERE a.public_id = $1 ORDER BY h.id",
    )
    .bind(public_id)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap()
}

/// An assessment on `opening` with these bands; returns its id.
async fn assessment(app: &TestApp, opening: i64, pass: i64, well: i64, best: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO assessments (opening_id, time_limit_minutes, pass_mark, well_from, best_from, updated_at)
         VALUES ($1, 90, $2, $3, $4, '2026-01-01T00:00:00Z') RETURNING id",
    )
    .bind(opening)
    .bind(pass)
    .bind(well)
    .bind(best)
    .fetch_one(app.state.db.writer())
    .await
    .unwrap()
}

/// A finished sitting scoring `score` of 100, the application assessed.
async fn scored(app: &TestApp, public_id: &str, assessment: i64, score: i64) {
    sqlx::query(
        "INSERT INTO sittings (application_id, assessment_id, started_at, deadline, ended_at, score, max_score)
         SELECT id, $1, '2026-01-01T00:00:00Z', '2026-01-01T01:30:00Z', '2026-01-01T01:00:00Z', $2, 100
         FROM applications WHERE public_id = $3",
    )
    .bind(assessment)
    .bind(score)
    .bind(public_id)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    put_at(app, public_id, ApplicationStatus::AssessmentCompleted).await;
}

async fn set_preference(app: &TestApp, public_id: &str, preference: &str) {
    sqlx::query("UPDATE applications SET veterans_preference = $1 WHERE public_id = $2")
        .bind(preference)
        .bind(public_id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
}

/// Six assessed applicants to `opening` (bands 60/75/90), submitted in
/// this order: ana 95, ben 80 TP, cal 62 CPS, dee 92, eve 50 XP, fay 80.
async fn six_assessed(app: &TestApp, opening: i64) -> Vec<String> {
    let test = assessment(app, opening, 60, 75, 90).await;
    let people = [
        ("ana", 95, "none"),
        ("ben", 80, "tp"),
        ("cal", 62, "cps"),
        ("dee", 92, "none"),
        ("eve", 50, "xp"),
        ("fay", 80, "none"),
    ];
    let mut pids = Vec::new();
    for (name, score, preference) in people {
        let pid = submitted(app, &format!("{name}@example.com"), opening).await;
        set_preference(app, &pid, preference).await;
        scored(app, &pid, test, score).await;
        pids.push(pid);
    }
    pids
}

async fn each_role_makes_exactly_the_moves_the_table_gives_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    assign(&app, opening, manager).await;
    let pid = submitted(&app, "casey@example.com", opening).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let casey = browser(&app, "casey@example.com").await;

    let mut allowed = 0;
    let mut refused = 0;
    for from in ApplicationStatus::ALL
        .into_iter()
        .filter(|s| *s != ApplicationStatus::Draft)
    {
        for event in ApplicationEvent::ALL {
            for (client, actor) in [(&staff, Actor::Staff), (&boss, Actor::HiringManager)] {
                put_at(&app, &pid, from).await;
                let response = move_as(&app, client, &pid, event, "").await;
                let status = response.status();
                let body = response.text().await.unwrap();
                match transition(from, event, actor) {
                    Ok(to) => {
                        assert_eq!(
                            status,
                            StatusCode::OK,
                            "{actor:?} {event:?} from {from:?}: {body}"
                        );
                        assert_eq!(status_of(&app, &pid).await, to.as_str());
                        allowed += 1;
                    }
                    Err(_) => {
                        assert_eq!(
                            status,
                            StatusCode::CONFLICT,
                            "{actor:?} {event:?} from {from:?}"
                        );
                        assert!(body.contains("isn’t possible"), "{body}");
                        assert_eq!(status_of(&app, &pid).await, from.as_str());
                        refused += 1;
                    }
                }
            }
        }
    }
    // Counted by hand from the table: after submission staff have 12 moves
    // (qualify and disqualify from received and assessed, refer, not refer
    // and disqualify from qualified, refer from not referred, offer, the two
    // answers to it, hire) and managers 5 (interview from referred, select
    // and not select from referred and interview); every other pairing is
    // refused — cancelling comes only with the opening.
    assert_eq!(allowed, 17, "allowed moves");
    assert_eq!(refused, 17 * 17 * 2 - 17);

    // Candidates can't use the team's moves at all; they answer offers.
    put_at(&app, &pid, ApplicationStatus::OfferExtended).await;
    let tried = move_as(&app, &casey, &pid, ApplicationEvent::AcceptOffer, "").await;
    assert_eq!(tried.status(), StatusCode::FORBIDDEN);
    let answer = |a: &'static str| {
        let pid = pid.clone();
        let casey = casey.clone();
        let app = &app;
        async move {
            post(
                app,
                &casey,
                "/api/applications/answer-offer",
                &[("public_id", &pid), ("answer", a)],
            )
            .await
            .status()
        }
    };
    assert_eq!(answer("maybe").await, StatusCode::BAD_REQUEST);
    assert_eq!(answer("accept").await, StatusCode::OK);
    assert_eq!(status_of(&app, &pid).await, "offer_accepted");
    assert_eq!(answer("decline").await, StatusCode::CONFLICT);
    // A draft is the candidate's own: the team can't find it.
    let draft = submitted(&app, "drew@example.com", opening).await;
    put_at(&app, &draft, ApplicationStatus::Draft).await;
    let moved = move_as(&app, &staff, &draft, ApplicationEvent::Qualify, "").await;
    assert_eq!(moved.status(), StatusCode::NOT_FOUND);
}

async fn an_application_goes_from_received_to_hired_and_its_history_replays(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    assign(&app, opening, manager).await;
    let pid = submitted(&app, "casey@example.com", opening).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let casey = browser(&app, "casey@example.com").await;

    for (client, event) in [
        (&staff, ApplicationEvent::Qualify),
        (&staff, ApplicationEvent::Refer),
        (&boss, ApplicationEvent::Interview),
        (&boss, ApplicationEvent::Select),
        (&staff, ApplicationEvent::ExtendOffer),
    ] {
        let moved = move_as(&app, client, &pid, event, "On track").await;
        assert_eq!(moved.status(), StatusCode::OK, "{event:?}");
    }
    let accepted = post(
        &app,
        &casey,
        "/api/applications/answer-offer",
        &[("public_id", &pid), ("answer", "accept")],
    )
    .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let hired = move_as(&app, &staff, &pid, ApplicationEvent::Hire, "").await;
    assert_eq!(hired.status(), StatusCode::OK);

    let moves = history(&app, &pid).await;
    let parsed: Vec<(ApplicationStatus, ApplicationStatus)> = moves
        .iter()
        .map(|(f, t, _)| (f.parse().unwrap(), t.parse().unwrap()))
        .collect();
    assert_eq!(replay(&parsed), Ok(ApplicationStatus::Hired));
    let actors: Vec<&str> = moves.iter().map(|(_, _, a)| a.as_str()).collect();
    assert_eq!(
        actors,
        [
            "candidate",
            "staff",
            "staff",
            "hiring_manager",
            "hiring_manager",
            "staff",
            "candidate",
            "staff"
        ]
    );
    // A notice for every step, in plain words.
    let mail = app.wait_for_mail(7).await;
    for subject in [
        "Subject: Qualified: Cyber Defense Analyst",
        "Subject: Referred to hiring managers: Cyber Defense Analyst",
        "Subject: Interview: Cyber Defense Analyst",
        "Subject: Selected: Cyber Defense Analyst",
        "Subject: Offer made: Cyber Defense Analyst",
        "Subject: Offer accepted: Cyber Defense Analyst",
        "Subject: Hired: Cyber Defense Analyst",
    ] {
        assert_eq!(
            mail.iter().filter(|m| m.contains(subject)).count(),
            1,
            "{subject}"
        );
    }
    // The candidate's page says where it is and what it means, without
    // the team's notes.
    let (_, html) = page(&casey, &app, &format!("/applications/{pid}")).await;
    assert!(html.contains("Welcome aboard"));
    assert!(!html.contains("On track"));
    // Audited, move by move.
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'application.move' AND subject LIKE 'application:%'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 7);
}

async fn two_managers_acting_at_once_have_exactly_one_winner(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = account(&app, "first@agency.gov", Role::HiringManager).await;
    let second = account(&app, "second@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    assign(&app, opening, first).await;
    assign(&app, opening, second).await;
    let a = browser(&app, "first@agency.gov").await;
    let b = browser(&app, "second@agency.gov").await;
    for round in 0..5 {
        let pid = submitted(&app, &format!("c{round}@example.com"), opening).await;
        put_at(&app, &pid, ApplicationStatus::Referred).await;
        let version = version_of(&app, &pid).await;
        let form = |event: ApplicationEvent| {
            vec![
                ("public_id".to_owned(), pid.clone()),
                ("version".to_owned(), version.clone()),
                ("event".to_owned(), event.as_str().to_owned()),
            ]
        };
        let (one, two) = tokio::join!(
            a.post(app.url("/api/manage/move"))
                .header("origin", common::PUBLIC_URL)
                .form(&form(ApplicationEvent::Select))
                .send(),
            b.post(app.url("/api/manage/move"))
                .header("origin", common::PUBLIC_URL)
                .form(&form(ApplicationEvent::NotSelect))
                .send(),
        );
        let (one, two) = (one.unwrap(), two.unwrap());
        let statuses = [one.status(), two.status()];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "round {round}: {statuses:?}"
        );
        let loser = if one.status() == StatusCode::CONFLICT {
            one
        } else {
            two
        };
        assert!(
            loser
                .text()
                .await
                .unwrap()
                .contains("changed by someone else")
        );
        let now = status_of(&app, &pid).await;
        assert!(now == "selected" || now == "not_selected", "{now}");
        let decisions = history(&app, &pid)
            .await
            .into_iter()
            .filter(|(from, ..)| from == "referred")
            .count();
        assert_eq!(decisions, 1, "round {round}: one decision recorded");
    }
    // A page that is out of date is refused too, not applied on top.
    let pid = submitted(&app, "late@example.com", opening).await;
    put_at(&app, &pid, ApplicationStatus::Referred).await;
    let stale = post(
        &app,
        &a,
        "/api/manage/move",
        &[
            ("public_id", &pid),
            ("version", "1"),
            ("event", "interview"),
        ],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(status_of(&app, &pid).await, "referred");
}

async fn managers_reach_only_their_openings_and_candidates_see_none_of_the_teams_work(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let mine = published_opening(&app, HiringMethod::CategoryRating).await;
    let other = published_opening(&app, HiringMethod::CategoryRating).await;
    assign(&app, mine, manager).await;
    let casey_pid = submitted(&app, "casey@example.com", mine).await;
    let robin_pid = submitted(&app, "robin@example.com", other).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let casey = browser(&app, "casey@example.com").await;

    // Staff: a note, a rating with a reason, a flag on the sitting.
    let test = assessment(&app, mine, 60, 75, 90).await;
    scored(&app, &casey_pid, test, 93).await;
    let noted = post(
        &app,
        &staff,
        "/api/manage/note",
        &[
            ("public_id", &casey_pid),
            ("body", "Strong incident write-up"),
        ],
    )
    .await;
    assert_eq!(noted.status(), StatusCode::OK);
    let qualified = move_as(
        &app,
        &staff,
        &casey_pid,
        ApplicationEvent::Qualify,
        "Checked the transcript by hand",
    )
    .await;
    assert_eq!(qualified.status(), StatusCode::OK);
    let empty = post(
        &app,
        &staff,
        "/api/manage/note",
        &[("public_id", &casey_pid), ("body", " ")],
    )
    .await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);

    // The manager's list holds their opening only.
    let listed: Value = post(&app, &boss, "/api/manage/openings", &[])
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![mine]);
    let everything: Value = post(&app, &staff, "/api/manage/openings", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(everything.as_array().unwrap().len(), 2);

    // Mine: the applicant, their category, the note.
    let (status, html) = page(&boss, &app, &format!("/manage/applications/{casey_pid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Best Qualified") && html.contains("Strong incident write-up"));
    let (status, html) = page(&boss, &app, &format!("/manage/openings/{mine}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("casey"));

    // Not mine: refused everywhere, and nothing changes.
    let other_s = other.to_string();
    for (path, form) in [
        (
            "/api/manage/applicants",
            vec![("opening_id", other_s.as_str())],
        ),
        (
            "/api/manage/applicant",
            vec![("public_id", robin_pid.as_str())],
        ),
        (
            "/api/manage/note",
            vec![("public_id", robin_pid.as_str()), ("body", "x")],
        ),
        (
            "/api/manage/move",
            vec![
                ("public_id", robin_pid.as_str()),
                ("version", "2"),
                ("event", "interview"),
            ],
        ),
        (
            "/api/manage/bulk",
            vec![
                ("opening_id", other_s.as_str()),
                ("event", "interview"),
                ("chosen[]", robin_pid.as_str()),
            ],
        ),
        (
            "/api/manage/ranking-settings",
            vec![("opening_id", other_s.as_str())],
        ),
    ] {
        let refused = post(&app, &boss, path, &form).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
        // Each refusal is on the record, those of changes (a note, a
        // move) too: their write transactions end, the record stays.
        let recorded: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'authorization' AND outcome = 'denied'
             AND actor_email = 'manager@agency.gov' AND subject = $1",
        )
        .bind(path)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
        assert_eq!(recorded, 1, "{path}");
    }
    for path in [
        format!("/manage/openings/{other}"),
        format!("/manage/applications/{robin_pid}"),
    ] {
        let (status, html) = page(&boss, &app, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!html.contains("robin"));
    }
    // Staff-only actions are refused to managers, even on their opening.
    let mine_s = mine.to_string();
    for (path, form) in [
        ("/api/manage/rate", vec![("opening_id", mine_s.as_str())]),
        (
            "/api/manage/save-ranking-settings",
            vec![("opening_id", mine_s.as_str()), ("referral_range", "5")],
        ),
    ] {
        let refused = post(&app, &boss, path, &form).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(status_of(&app, &robin_pid).await, "submitted");
    assert!(history(&app, &robin_pid).await.len() == 1);

    // The candidate: none of the team's functions, none of its work.
    for path in [
        "/api/manage/openings",
        "/api/manage/applicants",
        "/api/manage/applicant",
        "/api/manage/note",
        "/api/manage/move",
        "/api/manage/bulk",
        "/api/manage/rate",
    ] {
        let refused = post(
            &app,
            &casey,
            path,
            &[
                ("opening_id", mine_s.as_str()),
                ("public_id", casey_pid.as_str()),
                ("version", "1"),
                ("event", "withdraw"),
                ("body", "x"),
                ("chosen[]", casey_pid.as_str()),
            ],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let (status, html) = page(&casey, &app, &format!("/manage/applications/{casey_pid}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("Strong incident"));
    let (_, html) = page(&casey, &app, &format!("/applications/{casey_pid}")).await;
    let seen = post(
        &app,
        &casey,
        "/api/applications/get",
        &[("public_id", &casey_pid)],
    )
    .await
    .text()
    .await
    .unwrap();
    for secret in [
        "Strong incident write-up",
        "Checked the transcript by hand",
        "Best Qualified",
        "category",
    ] {
        assert!(!html.contains(secret), "page shows {secret}");
        assert!(!seen.contains(secret), "data carries {secret}");
    }
    assert!(html.contains("Qualified"), "the status itself is theirs");
}

async fn a_bulk_move_moves_the_valid_ones_and_reports_the_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    let elsewhere = published_opening(&app, HiringMethod::DirectHire).await;
    assign(&app, opening, manager).await;
    assign(&app, elsewhere, manager).await;
    let ready_1 = submitted(&app, "a@example.com", opening).await;
    let ready_2 = submitted(&app, "b@example.com", opening).await;
    let not_referred = submitted(&app, "c@example.com", opening).await;
    let withdrawn = submitted(&app, "d@example.com", opening).await;
    let other_opening = submitted(&app, "e@example.com", elsewhere).await;
    for pid in [&ready_1, &ready_2, &other_opening] {
        put_at(&app, pid, ApplicationStatus::Referred).await;
    }
    put_at(&app, &not_referred, ApplicationStatus::Qualified).await;
    put_at(&app, &withdrawn, ApplicationStatus::Withdrawn).await;
    let boss = browser(&app, "manager@agency.gov").await;
    let opening_s = opening.to_string();

    let staff_only = post(
        &app,
        &boss,
        "/api/manage/bulk",
        &[
            ("opening_id", &opening_s),
            ("event", "extend_offer"),
            ("chosen[]", &ready_1),
        ],
    )
    .await;
    assert_eq!(staff_only.status(), StatusCode::BAD_REQUEST);
    let nothing = post(
        &app,
        &boss,
        "/api/manage/bulk",
        &[("opening_id", &opening_s), ("event", "interview")],
    )
    .await;
    assert_eq!(nothing.status(), StatusCode::BAD_REQUEST);

    let response = post(
        &app,
        &boss,
        "/api/manage/bulk",
        &[
            ("opening_id", &opening_s),
            ("event", "interview"),
            ("note", "Panel on Thursday"),
            (
                "back",
                &format!("/manage/openings/{opening}?status=referred"),
            ),
            ("chosen[]", &ready_1),
            ("chosen[]", &not_referred),
            ("chosen[]", &withdrawn),
            ("chosen[]", &other_opening),
            ("chosen[]", "no-such-application"),
            ("chosen[]", &ready_2),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    let moved: Vec<&str> = report["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(moved.len(), 2);
    let refused = report["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 4, "{refused:?}");
    let reasons: Vec<&str> = refused.iter().map(|r| r[1].as_str().unwrap()).collect();
    assert!(
        reasons[0]
            .contains("“Move to interview” isn’t possible for an application that is “qualified”")
    );
    assert!(reasons[1].contains("“withdrawn”"));
    assert_eq!(reasons[2], "Not an applicant to this opening.");
    assert_eq!(reasons[3], "Not an applicant to this opening.");
    for pid in [&ready_1, &ready_2] {
        assert_eq!(status_of(&app, pid).await, "interview");
        assert_eq!(
            history(&app, pid).await.len(),
            2,
            "submitted, then interview"
        );
    }
    assert_eq!(status_of(&app, &not_referred).await, "qualified");
    assert_eq!(status_of(&app, &withdrawn).await, "withdrawn");
    assert_eq!(status_of(&app, &other_opening).await, "referred");
    for pid in [&not_referred, &withdrawn, &other_opening] {
        assert_eq!(history(&app, pid).await.len(), 1, "only the submission");
    }
    let mail = app.wait_for_mail(2).await;
    assert_eq!(
        mail.iter()
            .filter(|m| m.contains("Subject: Interview: Cyber Defense Analyst"))
            .count(),
        2
    );
    // Without scripts the page shows the same report after the redirect.
    let (_, html) = page(
        &boss,
        &app,
        &format!("/manage/openings/{opening}?moved=2&refused=TF-000003%3A%20not%20possible"),
    )
    .await;
    assert!(html.contains("Moved 2 application(s).") && html.contains("TF-000003: not possible"));
}

async fn rating_places_applicants_by_score_and_ranks_them_by_the_method(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    assign(&app, opening, manager).await;
    let pids = six_assessed(&app, opening).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let opening_s = opening.to_string();
    let rated = post(
        &app,
        &staff,
        "/api/manage/rate",
        &[("opening_id", &opening_s)],
    )
    .await;
    assert_eq!(rated.status(), StatusCode::OK);
    assert_eq!(status_of(&app, &pids[4]).await, "not_qualified");
    for pid in [&pids[0], &pids[1], &pids[2], &pids[3], &pids[5]] {
        assert_eq!(status_of(&app, pid).await, "qualified");
    }

    let ranked = |filter: Vec<(&'static str, String)>| {
        let boss = boss.clone();
        let opening_s = opening_s.clone();
        let app = &app;
        async move {
            let mut form: Vec<(&str, String)> = vec![("opening_id", opening_s)];
            form.extend(filter);
            let list: Value = boss
                .post(app.url("/api/manage/applicants"))
                .header("origin", common::PUBLIC_URL)
                .form(&form)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            list["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        // Accounts made by the harness are named by email.
                        r["name"]
                            .as_str()
                            .unwrap()
                            .split('@')
                            .next()
                            .unwrap()
                            .to_owned(),
                        r["category"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let pair = |n: &str, c: &str| (n.to_owned(), c.to_owned());
    // By hand: cal (CPS) moves to the top of Best; within Best, ana (95)
    // before dee (92); in Well, ben (TP) before fay (no preference) at the
    // same score; eve (50) is below the pass mark, listed last, unranked.
    assert_eq!(
        ranked(vec![]).await,
        vec![
            pair("cal", "best"),
            pair("ana", "best"),
            pair("dee", "best"),
            pair("ben", "well"),
            pair("fay", "well"),
            pair("eve", ""),
        ]
    );
    // Filters: qualified veterans only; by category; by name.
    assert_eq!(
        ranked(vec![
            ("filter[preference]", "eligible".into()),
            ("filter[status]", "qualified".into())
        ])
        .await,
        vec![pair("cal", "best"), pair("ben", "well")]
    );
    assert_eq!(
        ranked(vec![("filter[category]", "well".into())])
            .await
            .len(),
        2
    );
    assert_eq!(
        ranked(vec![("filter[q]", "DEE@".into())]).await,
        vec![pair("dee", "best")]
    );
    assert_eq!(
        ranked(vec![("filter[sort]", "score".into())]).await[0],
        pair("ana", "best")
    );
    // By score: 90% and above.
    assert_eq!(
        ranked(vec![("filter[min_score]", "90".into())]).await,
        vec![pair("ana", "best"), pair("dee", "best")]
    );
    // The score and name orders read copies kept on the application
    // (migration 0016): a rescored sitting and a renamed account move
    // their applicant.
    let by = |sort: &'static str| ranked(vec![("filter[sort]", sort.into())]);
    let names = |rows: Vec<(String, String)>| rows.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    let rescore = |score: i64| {
        sqlx::query(
            "UPDATE sittings SET score = $1 WHERE application_id =
             (SELECT id FROM applications WHERE public_id = $2)",
        )
        .bind(score)
        .bind(&pids[4])
        .execute(app.state.db.writer())
    };
    let ana = browser(&app, "ana@example.com").await;
    let rename = |name: &'static str| {
        let (app, ana) = (&app, &ana);
        async move {
            let form = [("name", name), ("phone", "")];
            post(app, ana, "/api/update-profile", &form).await
        }
    };
    assert_eq!(
        names(by("score").await),
        ["ana", "dee", "ben", "fay", "cal", "eve"]
    );
    assert_eq!(
        names(by("name").await),
        ["ana", "ben", "cal", "dee", "eve", "fay"]
    );
    rescore(99).await.unwrap();
    assert_eq!(names(by("score").await)[0], "eve");
    assert_eq!(rename("Zoe Adams").await.status(), StatusCode::OK);
    assert_eq!(
        names(by("name").await),
        ["ben", "cal", "dee", "eve", "fay", "Zoe Adams"]
    );
    assert_eq!(
        names(ranked(vec![("filter[q]", "zoe".into())]).await),
        ["Zoe Adams"]
    );
    // Back as they were for the filters below.
    rescore(50).await.unwrap();
    assert_eq!(rename("ana@example.com").await.status(), StatusCode::OK);
    // By the day submitted (whole days, both ends included).
    sqlx::query(
        "UPDATE applications SET submitted_at = '2026-03-02T15:00:00.000000Z' WHERE public_id = $1",
    )
    .bind(&pids[0])
    .execute(app.state.db.writer())
    .await
    .unwrap();
    assert_eq!(
        ranked(vec![
            ("filter[from]", "2026-03-02".into()),
            ("filter[to]", "2026-03-02".into())
        ])
        .await,
        vec![pair("ana", "best")]
    );
    assert_eq!(
        ranked(vec![("filter[from]", "2026-03-03".into())])
            .await
            .len(),
        5
    );
    for (field, value) in [
        ("filter[sort]", "salary"),
        ("filter[min_score]", "abc"),
        ("filter[min_score]", "101"),
        ("filter[from]", "03/02/2026"),
    ] {
        let bad = post(
            &app,
            &boss,
            "/api/manage/applicants",
            &[("opening_id", &opening_s), (field, value)],
        )
        .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{field}={value}");
    }

    // A scientific or professional position at GS-9 and above: cal stays
    // in the category the score earns (Qualified), ahead of nobody.
    let saved = post(
        &app,
        &staff,
        "/api/manage/save-ranking-settings",
        &[
            ("opening_id", &opening_s),
            ("referral_range", "5"),
            ("scientific_professional", "yes"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let bad_range = post(
        &app,
        &staff,
        "/api/manage/save-ranking-settings",
        &[("opening_id", &opening_s), ("referral_range", "0")],
    )
    .await;
    assert_eq!(bad_range.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        ranked(vec![]).await,
        vec![
            pair("ana", "best"),
            pair("dee", "best"),
            pair("ben", "well"),
            pair("fay", "well"),
            pair("cal", "qualified"),
            pair("eve", ""),
        ]
    );
    let mail = app.wait_for_mail(6).await;
    assert_eq!(
        mail.iter()
            .filter(|m| m.contains("Subject: Not qualified: Cyber Defense Analyst"))
            .count(),
        1
    );
}

async fn a_referral_list_is_frozen_when_issued_and_exports_as_csv(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    account(&app, "other@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    assign(&app, opening, manager).await;
    let pids = six_assessed(&app, opening).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let other = browser(&app, "other@agency.gov").await;
    let ana = browser(&app, "ana@example.com").await;
    let opening_s = opening.to_string();
    let issue = |client: reqwest::Client| {
        let app = &app;
        let opening_s = opening_s.clone();
        async move {
            post(
                app,
                &client,
                "/api/manage/issue-certificate",
                &[("opening_id", &opening_s)],
            )
            .await
            .status()
        }
    };
    assert_eq!(
        issue(staff.clone()).await,
        StatusCode::CONFLICT,
        "nobody rated yet"
    );
    let rated = post(
        &app,
        &staff,
        "/api/manage/rate",
        &[("opening_id", &opening_s)],
    )
    .await;
    assert_eq!(rated.status(), StatusCode::OK);
    assert_eq!(issue(boss.clone()).await, StatusCode::FORBIDDEN);
    assert_eq!(issue(staff.clone()).await, StatusCode::OK);

    // Category rating refers the highest category: cal (CPS, moved up),
    // ana, dee. Ben and fay (Well) are told they were not referred.
    let statuses: Vec<String> = {
        let mut out = Vec::new();
        for pid in &pids {
            out.push(status_of(&app, pid).await);
        }
        out
    };
    assert_eq!(
        statuses,
        [
            "referred",
            "not_referred",
            "referred",
            "referred",
            "not_qualified",
            "not_referred"
        ]
    );
    let first: String = sqlx::query_scalar("SELECT public_id FROM certificates ORDER BY id")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let csv = |client: reqwest::Client, id: String| {
        let app = &app;
        async move {
            let response = client
                .get(app.url(&format!("/manage/certificates/{id}/csv")))
                .send()
                .await
                .unwrap();
            let status = response.status();
            let kind = response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned());
            (status, kind, response.text().await.unwrap())
        }
    };
    let (status, kind, before) = csv(boss.clone(), first.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = before.lines().collect();
    assert_eq!(lines.len(), 4, "{before}");
    assert!(lines[0].starts_with("Position,Application,Name,Category,Rating"));
    assert!(
        lines[1].starts_with("1,")
            && lines[1].contains("cal@example.com,Best Qualified,62,CPS,yes,Referred")
    );
    assert!(
        lines[2].starts_with("2,")
            && lines[2].contains("ana@example.com,Best Qualified,95,NONE,no")
    );
    assert!(
        lines[3].starts_with("3,")
            && lines[3].contains("dee@example.com,Best Qualified,92,NONE,no")
    );

    // Later changes re-rank the opening but never the issued list.
    let saved = post(
        &app,
        &staff,
        "/api/manage/save-ranking-settings",
        &[
            ("opening_id", &opening_s),
            ("referral_range", "5"),
            ("scientific_professional", "yes"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let category_now: String =
        sqlx::query_scalar("SELECT category FROM applications WHERE public_id = $1")
            .bind(&pids[2])
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(category_now, "qualified", "the live ranking moved cal");
    assert_eq!(
        csv(boss.clone(), first.clone()).await.2,
        before,
        "the list did not"
    );

    // A second list refers those left off: ben (TP) before fay.
    assert_eq!(issue(staff.clone()).await, StatusCode::OK);
    let second: String = sqlx::query_scalar("SELECT public_id FROM certificates ORDER BY id DESC")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let (_, _, listed) = csv(staff.clone(), second.clone()).await;
    let names: Vec<&str> = listed
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(names, ["ben@example.com", "fay@example.com"]);
    assert_eq!(
        issue(staff.clone()).await,
        StatusCode::CONFLICT,
        "nobody left"
    );
    let (_, html) = page(&boss, &app, &format!("/manage/certificates/{first}")).await;
    assert!(html.contains("Referral list 1") && html.contains("moved to the top"));

    // Nobody else reads a list.
    for client in [other.clone(), ana.clone()] {
        assert_eq!(
            csv(client.clone(), first.clone()).await.0,
            StatusCode::NOT_FOUND
        );
        let seen = post(
            &app,
            &client,
            "/api/manage/certificate",
            &[("public_id", &first)],
        )
        .await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&seen.status()),
            "{}",
            seen.status()
        );
    }
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.issue'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(audited, 2);
}

async fn interviewers_score_the_same_competencies_with_evidence(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = account(&app, "first@agency.gov", Role::HiringManager).await;
    let second = account(&app, "second@agency.gov", Role::HiringManager).await;
    account(&app, "outsider@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    assign(&app, opening, first).await;
    assign(&app, opening, second).await;
    let pid = submitted(&app, "casey@example.com", opening).await;
    put_at(&app, &pid, ApplicationStatus::Referred).await;
    let a = browser(&app, "first@agency.gov").await;
    let b = browser(&app, "second@agency.gov").await;
    let outsider = browser(&app, "outsider@agency.gov").await;
    let casey = browser(&app, "casey@example.com").await;
    let keys = [
        "technical",
        "analysis",
        "incident",
        "communication",
        "teamwork",
    ];
    let card = |rating: &str, evidence: &str, recommendation: &str| {
        let mut form: Vec<(String, String)> = vec![
            ("public_id".into(), pid.clone()),
            ("card[recommendation]".into(), recommendation.into()),
        ];
        for key in keys {
            form.push((format!("card[rating][{key}]"), rating.into()));
            form.push((format!("card[evidence][{key}]"), evidence.into()));
        }
        form
    };
    let send = |client: reqwest::Client, form: Vec<(String, String)>| {
        let app = &app;
        async move {
            client
                .post(app.url("/api/manage/scorecard"))
                .header("origin", common::PUBLIC_URL)
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    // Not at interview yet.
    let early = send(a.clone(), card("3", "Clear answers.", "select")).await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    let to_interview = move_as(&app, &a, &pid, ApplicationEvent::Interview, "").await;
    assert_eq!(to_interview.status(), StatusCode::OK);

    // Every competency needs a rating and evidence, each error on its field.
    let bad = send(a.clone(), card("7", "", "")).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body = bad.text().await.unwrap();
    for field in ["rating-technical", "evidence-teamwork", "recommendation"] {
        assert!(body.contains(field), "{field}: {body}");
    }
    assert_eq!(
        send(a.clone(), card("3", "Traced the beacon.", "hold"))
            .await
            .status(),
        StatusCode::OK
    );
    // Saving again replaces the interviewer's card.
    assert_eq!(
        send(
            a.clone(),
            card("4", "Traced the beacon to the implant.", "select")
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        send(
            b.clone(),
            card("2", "Vague on escalation.", "do_not_select")
        )
        .await
        .status(),
        StatusCode::OK
    );
    let cards: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scorecards")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(cards, 2);
    let (_, html) = page(&a, &app, &format!("/manage/applications/{pid}")).await;
    assert!(
        html.contains("Select (mean 4.0)") && html.contains("Do not select (mean 2.0)"),
        "{html}"
    );
    assert!(html.contains("Traced the beacon to the implant."));

    // Nobody else scores or reads them.
    assert_eq!(
        send(outsider.clone(), card("1", "x", "hold"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(casey.clone(), card("4", "x", "select")).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, mine) = page(&casey, &app, &format!("/applications/{pid}")).await;
    assert!(mine.contains("Interview"), "{mine}");
    assert!(!mine.contains("Vague on escalation"), "{mine}");
    assert!(!mine.contains("(mean "), "{mine}");
}

async fn agencies_select_from_one_pooled_list_and_never_the_same_person_twice(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let dhs_manager = account(&app, "dhs@agency.gov", Role::HiringManager).await;
    let doe_manager = account(&app, "doe@agency.gov", Role::HiringManager).await;
    let unplaced = account(&app, "unplaced@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let pids = six_assessed(&app, opening).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let dhs = browser(&app, "dhs@agency.gov").await;
    let doe = browser(&app, "doe@agency.gov").await;
    let free = browser(&app, "unplaced@agency.gov").await;
    let ana = browser(&app, "ana@example.com").await;
    let opening_s = opening.to_string();

    // Staff keep the agencies; nobody else may add one.
    let add = |client: reqwest::Client, code: &'static str, name: &'static str| {
        let app = &app;
        async move {
            post(
                app,
                &client,
                "/api/admin/create-agency",
                &[("code", code), ("name", name)],
            )
            .await
        }
    };
    for (code, name) in [
        ("dhs", "Department of Homeland Security"),
        ("DOE", "Department of Energy"),
    ] {
        assert_eq!(
            add(staff.clone(), code, name).await.status(),
            StatusCode::OK
        );
    }
    let again = add(staff.clone(), "DHS", "Homeland").await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("already has this code")
    );
    let bad = add(staff.clone(), "D", "x").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("2 to 12 letters") && body.contains("agency’s name"),
        "{body}"
    );
    assert_eq!(
        add(dhs.clone(), "GSA", "General Services").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        add(ana.clone(), "GSA", "General Services").await.status(),
        StatusCode::FORBIDDEN
    );
    let (status, _) = page(&dhs, &app, "/admin/agencies").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, listed) = page(&staff, &app, "/admin/agencies").await;
    assert!(listed.contains("Department of Energy") && listed.contains("DHS"));
    let agencies: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM agencies ORDER BY code")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let (dhs_id, doe_id) = (agencies[0].0, agencies[1].0);
    assert_eq!(agencies[0].1, "DHS");

    // Staff mark the opening pooled and assign a manager per agency.
    let pool = |client: reqwest::Client| {
        let app = &app;
        let opening_s = opening_s.clone();
        async move {
            post(
                app,
                &client,
                "/api/manage/save-ranking-settings",
                &[
                    ("opening_id", opening_s.as_str()),
                    ("referral_range", "10"),
                    ("pooled", "yes"),
                ],
            )
            .await
            .status()
        }
    };
    assert_eq!(pool(dhs.clone()).await, StatusCode::FORBIDDEN);
    assert_eq!(pool(staff.clone()).await, StatusCode::OK);
    let assign_for = |user: i64, agency: String| {
        let app = &app;
        let staff = staff.clone();
        let opening_s = opening_s.clone();
        async move {
            post(
                app,
                &staff,
                "/api/admin/assign-manager",
                &[
                    ("id", opening_s.as_str()),
                    ("user_id", &user.to_string()),
                    ("agency", &agency),
                ],
            )
            .await
            .status()
        }
    };
    assert_eq!(
        assign_for(dhs_manager, "999999".into()).await,
        StatusCode::BAD_REQUEST,
        "no such agency"
    );
    assert_eq!(
        assign_for(dhs_manager, dhs_id.to_string()).await,
        StatusCode::OK
    );
    assert_eq!(
        assign_for(doe_manager, doe_id.to_string()).await,
        StatusCode::OK
    );
    assert_eq!(assign_for(unplaced, String::new()).await, StatusCode::OK);
    let (_, editor) = page(&staff, &app, &format!("/admin/jobs/{opening}")).await;
    assert!(editor.contains("for Department of Energy"), "{editor}");

    // One shared referral list, read by every agency.
    for path in ["/api/manage/rate", "/api/manage/issue-certificate"] {
        let done = post(&app, &staff, path, &[("opening_id", &opening_s)]).await;
        assert_eq!(done.status(), StatusCode::OK, "{path}");
    }
    let certificate: String =
        sqlx::query_scalar("SELECT public_id FROM certificates WHERE opening_id = $1")
            .bind(opening)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    // Referred: ana (0), cal (2), dee (3).
    let referred = [&pids[0], &pids[2], &pids[3]];
    for pid in referred {
        assert_eq!(status_of(&app, pid).await, "referred");
    }

    // Passing on someone is an agency's own business; selecting needs an
    // agency.
    let refused = move_as(&app, &doe, &pids[3], ApplicationEvent::NotSelect, "").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("stays on the shared list")
    );
    let refused = move_as(&app, &free, &pids[3], ApplicationEvent::Select, "").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(refused.text().await.unwrap().contains("for your agency"));
    assert_eq!(status_of(&app, &pids[3]).await, "referred");

    // Two agencies select the same person at once: exactly one takes them.
    let mut winners = Vec::new();
    for pid in referred {
        let version = version_of(&app, pid).await;
        let form = vec![
            ("public_id".to_owned(), pid.clone()),
            ("version".to_owned(), version.clone()),
            ("event".to_owned(), "select".to_owned()),
        ];
        let (one, two) = tokio::join!(
            dhs.post(app.url("/api/manage/move"))
                .header("origin", common::PUBLIC_URL)
                .form(&form)
                .send(),
            doe.post(app.url("/api/manage/move"))
                .header("origin", common::PUBLIC_URL)
                .form(&form)
                .send(),
        );
        let (one, two) = (one.unwrap(), two.unwrap());
        let statuses = [one.status(), two.status()];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "{statuses:?}"
        );
        let (winner, loser) = if one.status() == StatusCode::OK {
            (dhs_id, two)
        } else {
            (doe_id, one)
        };
        let why = loser.text().await.unwrap();
        assert!(
            why.contains("changed by someone else") || why.contains("has already selected"),
            "{why}"
        );
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT taken_by FROM applications WHERE public_id = $1")
                .bind(pid)
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        assert_eq!(taken, Some(winner));
        assert_eq!(status_of(&app, pid).await, "selected");
        let selections = history(&app, pid)
            .await
            .into_iter()
            .filter(|(_, to, _)| to == "selected")
            .count();
        assert_eq!(selections, 1, "one selection recorded");
        winners.push(winner);
    }

    // The other agency sees at once who took each one, and is offered no
    // move on them; a late try is refused with the reason.
    let (_, list) = page(&doe, &app, &format!("/manage/openings/{opening}")).await;
    assert!(
        list.contains("Pooled opening") && list.contains("You select for Department of Energy")
    );
    let pid = referred[0];
    let (taker, other, other_name) = if winners[0] == dhs_id {
        ("Department of Homeland Security", &doe, "doe")
    } else {
        ("Department of Energy", &dhs, "dhs")
    };
    assert!(list.contains(&format!("Taken by {taker}")), "{list}");
    let (_, detail) = page(other, &app, &format!("/manage/applications/{pid}")).await;
    assert!(
        detail.contains(&format!("Taken: {taker} has selected")),
        "{other_name}: {detail}"
    );
    let late = move_as(&app, other, pid, ApplicationEvent::Select, "").await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(
        late.text()
            .await
            .unwrap()
            .contains(&format!("{taker} has already selected"))
    );

    // The shared list says who took whom; the candidate sees no agency
    // bookkeeping beyond their own status.
    for client in [&dhs, &doe] {
        let csv = client
            .get(app.url(&format!("/manage/certificates/{certificate}/csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        let text = csv.text().await.unwrap();
        assert!(text.lines().next().unwrap().ends_with("Selected by agency"));
        assert!(text.contains(taker), "{text}");
    }
    let (_, mine) = page(&ana, &app, &format!("/applications/{}", pids[0])).await;
    assert!(!mine.contains("Taken by"), "{mine}");

    // Once agencies have selected, the opening stays pooled.
    let unpool = post(
        &app,
        &staff,
        "/api/manage/save-ranking-settings",
        &[("opening_id", &opening_s), ("referral_range", "10")],
    )
    .await;
    assert_eq!(unpool.status(), StatusCode::BAD_REQUEST);
    assert!(
        unpool
            .text()
            .await
            .unwrap()
            .contains("can no longer change between pooled and not")
    );
    assert_eq!(
        pool(staff.clone()).await,
        StatusCode::OK,
        "other settings still save"
    );

    // Assigning a manager again for the same agency records nothing new;
    // moving them to another agency is recorded as that.
    let assignments = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT action FROM opening_history WHERE opening_id = $1 AND action LIKE 'manager%'
             ORDER BY id",
        )
        .bind(opening)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
    };
    let before = assignments().await;
    assert_eq!(
        assign_for(dhs_manager, dhs_id.to_string()).await,
        StatusCode::OK
    );
    assert_eq!(assignments().await, before);
    assert_eq!(
        assign_for(unplaced, doe_id.to_string()).await,
        StatusCode::OK
    );
    let after = assignments().await;
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last().unwrap(), "manager's agency changed");
}

/// The applicant list's total and the team's opening list read the kept
/// counts (migration 0019): whatever the filter, and whether the changes
/// are folded yet or not, they say what counting the applications says.
async fn applicant_totals_agree_with_the_applications_whatever_the_filter(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let other = published_opening(&app, HiringMethod::CategoryRating).await;
    assign(&app, opening, manager).await;
    assign(&app, other, manager).await;
    let pids = six_assessed(&app, opening).await;
    submitted(&app, "gil@example.com", other).await;
    submitted(&app, "hal@example.com", opening).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let boss = browser(&app, "manager@agency.gov").await;
    let opening_s = opening.to_string();
    let rated = post(
        &app,
        &staff,
        "/api/manage/rate",
        &[("opening_id", &opening_s)],
    )
    .await;
    assert_eq!(rated.status(), StatusCode::OK);

    // (list filter, the same as SQL over the applications)
    let filters: [(Vec<(&str, &str)>, &str); 8] = [
        (vec![], "true"),
        (
            vec![("filter[status]", "qualified")],
            "status = 'qualified'",
        ),
        (vec![("filter[category]", "best")], "category = 'best'"),
        (vec![("filter[category]", "well")], "category = 'well'"),
        (vec![("filter[min_score]", "80")], "score_percent >= 80"),
        (vec![("filter[min_score]", "0")], "score_percent >= 0"),
        (
            vec![
                ("filter[status]", "qualified"),
                ("filter[category]", "best"),
                ("filter[min_score]", "93"),
            ],
            "status = 'qualified' AND category = 'best' AND score_percent >= 93",
        ),
        // Not a kept dimension: counted from the applications.
        (
            vec![("filter[preference]", "eligible")],
            "veterans_preference <> 'none'",
        ),
    ];
    let agree = |when: &'static str| {
        let (boss, app, opening_s, filters) = (boss.clone(), &app, opening_s.clone(), &filters);
        async move {
            // The kept tallies, group by group, are the applications'.
            let (tallied, counted) = common::tallies_and_applications(app).await;
            assert_eq!(tallied, counted, "{when}: the tallies");
            for (filter, sql) in filters {
                let mut form = vec![("opening_id", opening_s.as_str())];
                form.extend(filter.iter().copied());
                let list: Value = post(app, &boss, "/api/manage/applicants", &form)
                    .await
                    .json()
                    .await
                    .unwrap();
                let counted: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM applications
                     WHERE opening_id = $1 AND status <> 'draft' AND {sql}"
                ))
                .bind(opening)
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
                assert_eq!(list["total"].as_i64(), Some(counted), "{when}: {filter:?}");
            }
            // The opening list: each opening's total and its count by status.
            let openings: Value = post(app, &boss, "/api/manage/openings", &[])
                .await
                .json()
                .await
                .unwrap();
            for listed in openings.as_array().unwrap() {
                let id = listed["id"].as_i64().unwrap();
                let mut by_status: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT status, COUNT(*) FROM applications WHERE opening_id = $1
                     AND status <> 'draft' GROUP BY status",
                )
                .bind(id)
                .fetch_all(app.state.db.pool())
                .await
                .unwrap();
                by_status.sort();
                let mut shown: Vec<(String, i64)> = listed["counts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|pair| {
                        let status: ApplicationStatus =
                            serde_json::from_value(pair[0].clone()).unwrap();
                        (status.as_str().to_owned(), pair[1].as_i64().unwrap())
                    })
                    .collect();
                shown.sort();
                assert_eq!(shown, by_status, "{when}: opening {id}");
                assert_eq!(
                    listed["total"].as_i64(),
                    Some(by_status.iter().map(|(_, n)| n).sum::<i64>()),
                    "{when}: opening {id}"
                );
            }
        }
    };
    let fold = || async {
        app::server::db::applicant_counts::fold(&app.state.db)
            .await
            .unwrap()
    };
    let pending = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM applicant_count_changes")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap()
    };

    agree("as made and rated").await;
    fold().await;
    assert_eq!(pending().await, 0, "a fold leaves no change behind");
    assert_eq!(fold().await, 0, "nothing left to fold");
    agree("folded").await;

    // A move through the portal, a rescore and a new application: the
    // counts follow before and after the next fold.
    let moved = move_as(&app, &staff, &pids[0], ApplicationEvent::Refer, "").await;
    assert_eq!(moved.status(), StatusCode::OK);
    sqlx::query(
        "UPDATE sittings SET score = 40 WHERE application_id =
         (SELECT id FROM applications WHERE public_id = $1)",
    )
    .bind(&pids[3])
    .execute(app.state.db.writer())
    .await
    .unwrap();
    submitted(&app, "ivy@example.com", opening).await;
    agree("changed").await;
    // (The running scheduler may have folded them already.)
    fold().await;
    assert_eq!(pending().await, 0, "a fold leaves no change behind");
    agree("changed and folded").await;
}

/// 120 applicants: every page holds the next 50 in the order asked for,
/// the pages together hold each applicant once, a page past the end shows
/// the last one, and an application number finds its applicant.
async fn a_long_applicant_list_pages_in_order_and_finds_an_application_by_number(backend: Backend) {
    const MANY: i64 = 120;
    let app = TestApp::spawn(backend).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    assign(&app, opening, manager).await;
    let mut conn = app.state.db.writer().acquire().await.unwrap();
    let ids =
        common::many_candidates(&mut conn, "many", MANY, |n| format!("Applicant {n:03}")).await;
    // Submitted in the reverse of their names' order, a minute apart.
    let applications: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let minutes = MANY as usize - 1 - n;
            format!(
                "('{:032x}', {opening}, {id}, 'submitted', '2026-02-01T{:02}:{:02}:00.000000Z', \
                 '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
                0xab_0000 + n,
                10 + minutes / 60,
                minutes % 60
            )
        })
        .collect();
    sqlx::query(&format!(
        "INSERT INTO applications (public_id, opening_id, candidate_id, status, submitted_at, created_at, updated_at) VALUES {}",
        applications.join(",")
    ))
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let boss = browser(&app, "manager@agency.gov").await;
    let opening_s = opening.to_string();
    let list = |filter: Vec<(&'static str, String)>| {
        let (boss, opening_s, app) = (boss.clone(), opening_s.clone(), &app);
        async move {
            let mut form: Vec<(&str, String)> = vec![("opening_id", opening_s)];
            form.extend(filter);
            let response = boss
                .post(app.url("/api/manage/applicants"))
                .header("origin", common::PUBLIC_URL)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Value>().await.unwrap()
        }
    };
    let names = |list: &Value| -> Vec<String> {
        list["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let expected = |order: &mut dyn Iterator<Item = i64>| -> Vec<String> {
        order.map(|n| format!("Applicant {n:03}")).collect()
    };

    for (sort, order) in [
        ("name", expected(&mut (0..MANY))),
        ("submitted", expected(&mut (0..MANY).rev())),
    ] {
        let mut seen = Vec::new();
        for page in 1..=3 {
            let list = list(vec![
                ("filter[sort]", sort.into()),
                ("filter[page]", page.to_string()),
            ])
            .await;
            assert_eq!(list["total"].as_i64(), Some(MANY), "{sort}");
            assert_eq!(list["pages"].as_u64(), Some(3), "{sort}");
            assert_eq!(list["page"].as_u64(), Some(page), "{sort}");
            seen.extend(names(&list));
        }
        assert_eq!(seen, order, "{sort}: pages 1 to 3");
        // Past the end: the last page.
        let past = list(vec![
            ("filter[sort]", sort.into()),
            ("filter[page]", "9".into()),
        ])
        .await;
        assert_eq!(past["page"].as_u64(), Some(3));
        assert_eq!(names(&past), order[100..]);
    }

    // The number shown on a row finds that row alone, with or without
    // its prefix; the same digits as a name find nobody.
    let first = list(vec![("filter[sort]", "name".into())]).await;
    let row = &first["rows"][7];
    let number = row["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("TF-"), "{number}");
    let digits = number.trim_start_matches("TF-").to_owned();
    for q in [number.clone(), number.to_lowercase(), digits] {
        let found = list(vec![("filter[q]", q.clone())]).await;
        assert_eq!(names(&found), ["Applicant 007"], "{q}");
        assert_eq!(found["total"].as_i64(), Some(1), "{q}");
    }
    let none = list(vec![("filter[q]", "TF-999999".into())]).await;
    assert_eq!(none["total"].as_i64(), Some(0));
    assert!(names(&none).is_empty());
}
