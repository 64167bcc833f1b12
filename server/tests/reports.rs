//! Program reports through real HTTP on both databases: a small program
//! built through the app (openings in every state, applicants moved through
//! the workflow by staff, a manager and the candidates, an assessment taken
//! with one answer copied from another candidate's file, two hires whose
//! history times are set to known days), then the page and every CSV file
//! are checked number by number. Only staff reach any of it.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::application::ApplicationEvent;
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty};
use app::domain::opening::{HiringMethod, OpeningFields, OpeningStatus, WorkplaceType};
use app::server::challenges::generators;
use common::{Backend, PUBLIC_URL, TestApp, account, browser, day, page, post, submitted};
use reqwest::StatusCode;

on_both_databases!(
    staff_see_the_programs_numbers_on_the_page_and_in_every_csv_file,
    the_applicants_by_opening_table_is_paged_and_bounded,
    only_staff_reach_the_reports,
);

/// 2026-01-01T00:00:00Z, the day the fixture's histories start.
const NEW_YEAR: i64 = 1_767_225_600;

/// An opening hiring for `roles`, opening `opens_in` days from today; a
/// draft unless `publish`.
async fn opening(app: &TestApp, title: &str, roles: &[&str], opens_in: i64, publish: bool) -> i64 {
    let fields = OpeningFields {
        title: title.into(),
        series: "2210".into(),
        grade_low: 12,
        grade_high: 13,
        work_roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        locations: vec!["Remote".into()],
        workplace: WorkplaceType::Remote,
        salary_min: None,
        salary_max: None,
        appointment: "2-year term".into(),
        who_may_apply: "U.S. citizens".into(),
        vacancies: 2,
        hiring_method: HiringMethod::DirectHire,
        summary: "Defend federal networks.".into(),
        duties: "Respond.".into(),
        qualifications: "Skill.".into(),
        evaluation: "Hands-on.".into(),
        opens_on: Some(day(opens_in)),
        closes_on: Some(day(opens_in + 30)),
    };
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = app::server::db::openings::insert_opening(&mut tx, &fields, None)
        .await
        .unwrap();
    if publish {
        assert!(
            app::server::db::openings::update_opening_status(
                &mut tx,
                id,
                OpeningStatus::Draft,
                OpeningStatus::Published,
            )
            .await
            .unwrap()
        );
    }
    tx.commit().await.unwrap();
    id
}

async fn assign(app: &TestApp, opening: i64, manager: i64) {
    let mut conn = app.state.db.writer().acquire().await.unwrap();
    assert!(
        app::server::db::openings::insert_manager(&mut conn, opening, manager, None)
            .await
            .unwrap()
    );
}

async fn challenge(app: &TestApp, title: &str, key: AnswerKey) -> i64 {
    let fields = ChallengeFields {
        title: title.into(),
        category: Category::IncidentResponse,
        difficulty: Difficulty::Intermediate,
        points: 50,
        description: format!("Task: {title}."),
        max_attempts: 5,
        hints: vec![],
        key,
    };
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = app::server::challenges::library::insert_challenge(&mut tx, &fields, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Posts a form and expects it to go through.
async fn ok(app: &TestApp, client: &reqwest::Client, path: &str, form: &[(&str, &str)]) {
    let response = post(app, client, path, form).await;
    let status = response.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{path} {form:?}: {status} {}",
        response.text().await.unwrap()
    );
}

/// Moves an application as a team member does from its page.
async fn move_as(
    app: &TestApp,
    client: &reqwest::Client,
    public_id: &str,
    event: ApplicationEvent,
) {
    let version: i64 = sqlx::query_scalar("SELECT version FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let version = version.to_string();
    let moved = post(
        app,
        client,
        "/api/manage/move",
        &[
            ("public_id", public_id),
            ("version", &version),
            ("event", event.as_str()),
            ("note", ""),
        ],
    )
    .await;
    assert_eq!(moved.status(), StatusCode::OK, "{event:?} {public_id}");
}

/// The generated answer hidden in a candidate's own file.
async fn own_answer(app: &TestApp, public_id: &str, challenge: i64) -> String {
    let (application, candidate): (i64, i64) =
        sqlx::query_as("SELECT id, candidate_id FROM applications WHERE public_id = $1")
            .bind(public_id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    let seed = generators::seed(
        app.state.secret_key.expose(),
        challenge,
        candidate,
        application,
    );
    generators::instance(generators::generator("ssh-brute-force").unwrap(), seed).answer
}

/// Sets the times of an application's history, entry by entry, to these
/// days after 1 January 2026.
async fn set_history(app: &TestApp, public_id: &str, days: &[i64]) {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT h.id FROM application_history h JOIN applications a ON a.id = h.application_id
         WHERE a.public_id = $1 ORDER BY h.id",
    )
    .bind(public_id)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(ids.len(), days.len(), "the history of {public_id}");
    for (id, offset) in ids.iter().zip(days) {
        let at = time::OffsetDateTime::from_unix_timestamp(NEW_YEAR).unwrap()
            + time::Duration::days(*offset);
        sqlx::query("UPDATE application_history SET occurred_at = $1 WHERE id = $2")
            .bind(app::server::clock::to_text(at))
            .bind(id)
            .execute(app.state.db.writer())
            .await
            .unwrap();
    }
}

async fn number_of(app: &TestApp, public_id: &str) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    format!("TF-{id:06}")
}

/// A report file as `client` gets it: (status, content type, disposition, body).
async fn csv(
    app: &TestApp,
    client: &reqwest::Client,
    file: &str,
) -> (StatusCode, String, String, String) {
    let response = client
        .get(app.url(&format!("/admin/reports/{file}")))
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    (
        response.status(),
        kind,
        disposition,
        response.text().await.unwrap(),
    )
}

/// The file's lines, without the trailing line break.
fn lines(body: &str) -> Vec<&str> {
    body.lines().collect()
}

/// The ids of the fixture's openings and applications.
struct Program {
    responder: i64,
    analyst: i64,
    examiner: i64,
    operator: i64,
    ben: String,
}

/// The program the reports are checked against:
///
/// - openings: "Incident Responder" (open, PD-WRL-003, with an assessment),
///   "Threat Analyst" (closed, PD-WRL-006 and PD-WRL-003), "Forensics
///   Examiner" (cancelled, PD-WRL-002), a draft (OG-WRL-002), and
///   "=Network Operator" (scheduled, IO-WRL-004; a title a spreadsheet
///   would run);
/// - on the responder: ana takes the assessment, solves both challenges
///   and is hired 59 days after applying; ben copies ana's generated
///   answer (flagged) and is found not qualified; cal takes it and stays
///   assessed; dee withdraws;
/// - on the analyst: eve is qualified without an assessment, referred,
///   selected without an interview and hired 100 days after applying; fay
///   waits, received;
/// - on the examiner: gus, cancelled with the opening.
async fn build_program(app: &TestApp) -> Program {
    account(app, "staff@agency.gov", Role::Staff).await;
    let manager = account(app, "manager@agency.gov", Role::HiringManager).await;
    let staff = browser(app, "staff@agency.gov").await;
    let boss = browser(app, "manager@agency.gov").await;

    let responder = opening(app, "Incident Responder", &["PD-WRL-003"], -1, true).await;
    let analyst = opening(
        app,
        "Threat Analyst",
        &["PD-WRL-006", "PD-WRL-003"],
        -1,
        true,
    )
    .await;
    let examiner = opening(app, "Forensics Examiner", &["PD-WRL-002"], -1, true).await;
    opening(app, "Policy Planner", &["OG-WRL-002"], -1, false).await;
    let operator = opening(app, "=Network Operator", &["IO-WRL-004"], 10, true).await;
    assign(app, responder, manager).await;
    assign(app, analyst, manager).await;

    // The assessment: two challenges; a third stays in the library unused.
    let cve = challenge(
        app,
        "Name the CVE",
        AnswerKey::Regex {
            pattern: "CVE-2021-44228".into(),
        },
    )
    .await;
    let intruder = challenge(
        app,
        "Find the intruder",
        AnswerKey::Generated {
            generator: "ssh-brute-force".into(),
        },
    )
    .await;
    challenge(
        app,
        "Decode the payload",
        AnswerKey::Exact {
            answer: "flag{x}".into(),
        },
    )
    .await;
    let responder_text = responder.to_string();
    let (cve_text, intruder_text) = (cve.to_string(), intruder.to_string());
    ok(
        app,
        &staff,
        "/api/admin/save-assessment",
        &[
            ("opening_id", &responder_text),
            ("assessment[time_limit_minutes]", "90"),
            ("assessment[pass_mark]", "60"),
            ("assessment[well_from]", "75"),
            ("assessment[best_from]", "90"),
            ("assessment[challenges][]", &cve_text),
            ("assessment[challenges][]", &intruder_text),
        ],
    )
    .await;

    let ana = submitted(app, "ana@example.com", responder).await;
    let ben = submitted(app, "ben@example.com", responder).await;
    let cal = submitted(app, "cal@example.com", responder).await;
    let dee = submitted(app, "dee@example.com", responder).await;
    let eve = submitted(app, "eve@example.com", analyst).await;
    let fay = submitted(app, "fay@example.com", analyst).await;
    let gus = submitted(app, "gus@example.com", examiner).await;
    let candidate = |email: &'static str| browser(app, email);
    let (ana_c, ben_c, cal_c, dee_c, eve_c) = (
        candidate("ana@example.com").await,
        candidate("ben@example.com").await,
        candidate("cal@example.com").await,
        candidate("dee@example.com").await,
        candidate("eve@example.com").await,
    );

    // The assessment, taken by three.
    for (client, pid) in [(&ana_c, &ana), (&ben_c, &ben), (&cal_c, &cal)] {
        ok(app, client, "/api/assessments/start", &[("public_id", pid)]).await;
    }
    let anas = own_answer(app, &ana, intruder).await;
    let answer = |client: &reqwest::Client, pid: &str, challenge: &str, given: &str| {
        let (client, pid, challenge, given) = (
            client.clone(),
            pid.to_owned(),
            challenge.to_owned(),
            given.to_owned(),
        );
        async move {
            ok(
                app,
                &client,
                "/api/assessments/answer",
                &[
                    ("public_id", &pid),
                    ("challenge_id", &challenge),
                    ("answer", &given),
                ],
            )
            .await;
        }
    };
    answer(&ana_c, &ana, &cve_text, "CVE-2021-44228").await;
    answer(&ana_c, &ana, &intruder_text, &anas).await;
    answer(&ben_c, &ben, &cve_text, "CVE-2014-0160").await;
    answer(&ben_c, &ben, &cve_text, "CVE-2021-44228").await;
    // Ana's answer in Ben's sitting: wrong for him, and flagged.
    answer(&ben_c, &ben, &intruder_text, &anas).await;
    answer(&cal_c, &cal, &cve_text, "CVE-2019-0708").await;
    for (client, pid) in [(&ana_c, &ana), (&ben_c, &ben), (&cal_c, &cal)] {
        ok(
            app,
            client,
            "/api/assessments/finish",
            &[("public_id", pid), ("confirm", "yes")],
        )
        .await;
    }
    ok(
        app,
        &dee_c,
        "/api/applications/withdraw",
        &[("public_id", &dee), ("confirm", "yes")],
    )
    .await;

    // Ana all the way; Ben not qualified.
    use ApplicationEvent as E;
    for (client, event) in [
        (&staff, E::Qualify),
        (&staff, E::Refer),
        (&boss, E::Interview),
        (&boss, E::Select),
        (&staff, E::ExtendOffer),
    ] {
        move_as(app, client, &ana, event).await;
    }
    ok(
        app,
        &ana_c,
        "/api/applications/answer-offer",
        &[("public_id", &ana), ("answer", "accept")],
    )
    .await;
    move_as(app, &staff, &ana, E::Hire).await;
    move_as(app, &staff, &ben, E::Disqualify).await;
    // Eve: no assessment, no interview.
    for (client, event) in [
        (&staff, E::Qualify),
        (&staff, E::Refer),
        (&boss, E::Select),
        (&staff, E::ExtendOffer),
    ] {
        move_as(app, client, &eve, event).await;
    }
    ok(
        app,
        &eve_c,
        "/api/applications/answer-offer",
        &[("public_id", &eve), ("answer", "accept")],
    )
    .await;
    move_as(app, &staff, &eve, E::Hire).await;

    // The analyst closes; the examiner is cancelled (and Gus with it).
    let (analyst_text, examiner_text) = (analyst.to_string(), examiner.to_string());
    ok(
        app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &analyst_text), ("action", "close")],
    )
    .await;
    ok(
        app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &examiner_text), ("action", "cancel")],
    )
    .await;

    // Known times: days after 1 January 2026 at which each entry of each
    // history happened (received, then each move).
    set_history(app, &ana, &[0, 2, 3, 9, 11, 19, 29, 34, 39, 59]).await;
    set_history(app, &ben, &[0, 4, 5, 12]).await;
    set_history(app, &cal, &[0, 6, 7]).await;
    set_history(app, &dee, &[0, 3]).await;
    set_history(app, &eve, &[0, 4, 6, 16, 26, 36, 100]).await;
    set_history(app, &fay, &[0]).await;
    set_history(app, &gus, &[0, 1]).await;
    sqlx::query("UPDATE integrity_flags SET flagged_at = '2026-01-05T10:30:00.000000Z'")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    Program {
        responder,
        analyst,
        examiner,
        operator,
        ben,
    }
}

async fn staff_see_the_programs_numbers_on_the_page_and_in_every_csv_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let program = build_program(&app).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let ben = number_of(&app, &program.ben).await;

    // Openings by state.
    let (status, kind, disposition, body) = csv(&app, &staff, "opening-states.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/csv; charset=utf-8");
    assert!(
        disposition.starts_with("attachment; filename=\"techforce-opening-states-"),
        "{disposition}"
    );
    assert_eq!(
        lines(&body),
        [
            "State,Openings",
            "Draft,1",
            "Scheduled,1",
            "Open,1",
            "Closed,1",
            "Cancelled,1"
        ]
    );

    // The funnel: every status but draft, reached and now.
    let (_, _, _, body) = csv(&app, &staff, "funnel.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Status,Reached,There now",
            "Received,7,1",
            "Not eligible,0,0",
            "Assessment in progress,3,0",
            "Assessed,3,1",
            "Qualified,2,0",
            "Not qualified,1,1",
            "Referred to hiring managers,2,0",
            "Not referred,0,0",
            "Interview,1,0",
            "Selected,2,0",
            "Not selected,0,0",
            "Offer made,2,0",
            "Offer accepted,2,0",
            "Offer declined,0,0",
            "Hired,2,2",
            "Withdrawn,1,1",
            "Opening cancelled,1,1",
        ]
    );

    // Applicants by opening, the most first; the draft is left out.
    let (_, _, _, body) = csv(&app, &staff, "openings.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Opening,Title,State,Applicants,Assessed,Qualified,Referred to hiring managers,Interview,Selected,Offer made,Offer accepted,Hired".to_owned(),
            format!("{},Incident Responder,Open,4,3,1,1,1,1,1,1,1", program.responder),
            format!("{},Threat Analyst,Closed,2,0,1,1,0,1,1,1,1", program.analyst),
            format!("{},Forensics Examiner,Cancelled,1,0,0,0,0,0,0,0,0", program.examiner),
            format!("{},'=Network Operator,Scheduled,0,0,0,0,0,0,0,0,0", program.operator),
        ]
    );

    // Median stays: received 1, 2, 3, 4, 4, 6 days → 3.5; every status
    // applications leave is listed, measured or not.
    let (_, _, _, body) = csv(&app, &staff, "stage-times.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Stage,Completed stays,Median days",
            "Received,6,3.5",
            "Assessment in progress,3,1.0",
            "Assessed,2,6.5",
            "Qualified,2,2.0",
            "Referred to hiring managers,2,9.0",
            "Not referred,0,",
            "Interview,1,10.0",
            "Selected,2,7.5",
            "Offer made,2,7.5",
            "Offer accepted,2,42.0",
        ]
    );
    // Hired after 59 and 100 days: median 79.5, one of two within 80.
    let (_, _, _, body) = csv(&app, &staff, "time-to-hire.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Hires,Median days from received to hired,Goal (days),Hired within the goal,Share within the goal (%)",
            "2,79.5,80,1,50",
        ]
    );

    // Pass rates: Ben needed two tries at the CVE; Cal solved nothing.
    let (_, _, _, body) = csv(&app, &staff, "challenges.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Challenge,Sittings,Attempts,Solved,Pass rate (%)",
            "Decode the payload,0,0,0,",
            "Find the intruder,3,2,1,33",
            "Name the CVE,3,4,2,67",
        ]
    );

    let (_, _, _, body) = csv(&app, &staff, "integrity-flags.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Application,Opening,Challenge,Flag,Flagged at (UTC),Page".to_owned(),
            format!(
                "{ben},Incident Responder,Find the intruder,Answer from another candidate’s file,2026-01-05 10:30,{PUBLIC_URL}/manage/applications/{}",
                program.ben
            ),
        ]
    );

    // The analyst counts for both its roles; the draft for none.
    let (_, _, _, body) = csv(&app, &staff, "work-roles.csv").await;
    assert_eq!(
        lines(&body),
        [
            "Work role ID,Work role,Openings,Applicants,Hires",
            "PD-WRL-003,Incident Response,2,6,2",
            "PD-WRL-006,Threat Analysis,1,2,1",
            "PD-WRL-002,Digital Forensics,1,1,0",
            "IO-WRL-004,Network Operations,1,0,0",
        ]
    );
    let (status, _, _, _) = csv(&app, &staff, "salaries.csv").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _, _) = csv(&app, &staff, "funnel").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Each file given out is audited, with who and which.
    let downloads: Vec<(String, String)> = sqlx::query_as(
        "SELECT actor_email, subject FROM audit_log WHERE action = 'report.download' ORDER BY id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(downloads.len(), 8);
    assert_eq!(
        downloads[6],
        (
            "staff@agency.gov".to_owned(),
            "report:integrity-flags".to_owned()
        )
    );

    // The page: the same numbers in tables, the charts, the downloads.
    let (status, html) = page(&staff, &app, "/admin/reports").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "<h1>Program reports</h1>",
        "5 openings in all.",
        "<th scope=\"row\">Scheduled</th><td>1</td>",
        "7 applications submitted.",
        "<th scope=\"row\">Hired</th><td>2</td><td>2</td>",
        "<th scope=\"row\">Received</th><td>6</td><td>3.5 days</td>",
        "<th scope=\"row\">Not referred</th><td>0</td><td>—</td>",
        "<th scope=\"row\">Median time from received to hired</th><td>79.5 days</td>",
        "<th scope=\"row\">Hired within 80 days</th><td>1</td>",
        "<th scope=\"row\">Share of hires within the goal</th><td>50%</td>",
        "<td data-label=\"Pass rate\">67%</td>",
        "<td data-label=\"Pass rate\">Not taken yet</td>",
        "1 flag on 1 application from 1 candidate.",
        "<td data-label=\"Flagged (UTC)\">2026-01-05 10:30</td>",
        "4 openings have left draft.",
        "<td data-label=\"Applicants\">6</td><td data-label=\"Hires\">2</td>",
        // Charts: one image each, named and described, values in words.
        "<svg role=\"img\" aria-labelledby=\"funnel-chart-title funnel-chart-desc\"",
        "<title id=\"funnel-chart-title\">How far applications got</title>",
        "Received 7, Assessed 3, Qualified 2, Referred to hiring managers 2, Interview 1, Selected 2, Offer made 2, Offer accepted 2, Hired 2.",
        "aria-labelledby=\"time-chart-title time-chart-desc\"",
        "Received to hired 79.5 days",
        "80-day goal",
        "aria-labelledby=\"pass-chart-title pass-chart-desc\"",
        "Name the CVE 67% (2 of 3)",
        // Every table downloads.
        "href=\"/admin/reports/opening-states.csv\"",
        "href=\"/admin/reports/funnel.csv\"",
        "href=\"/admin/reports/openings.csv\"",
        "href=\"/admin/reports/stage-times.csv\"",
        "href=\"/admin/reports/time-to-hire.csv\"",
        "href=\"/admin/reports/challenges.csv\"",
        "href=\"/admin/reports/integrity-flags.csv\"",
        "href=\"/admin/reports/work-roles.csv\"",
        // Links to the openings and to the flagged application.
        &format!("href=\"/manage/openings/{}\"", program.responder),
        &format!("href=\"/manage/applications/{}\">{ben}</a>", program.ben),
        // Staff have the link in the navigation.
        "href=\"/admin/reports\" class=\"usa-nav-link\"",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    // Titles are escaped on the page, not defused: that is for CSV only.
    assert!(html.contains(">=Network Operator</a>"), "{html}");

    // The server functions answer the same numbers.
    let numbers: serde_json::Value = post(&app, &staff, "/api/reports/program", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(numbers["applications"], 7);
    assert_eq!(numbers["time_to_hire"]["hires"], 2);
    assert_eq!(
        numbers["time_to_hire"]["median_seconds"],
        79 * 86_400 + 43_200
    );
    assert_eq!(numbers["time_to_hire"]["share_within_goal"], 50);
    assert_eq!(numbers["flags"]["candidates"], 1);
    assert_eq!(numbers["stage_times_capped"], false);
}

async fn the_applicants_by_opening_table_is_paged_and_bounded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let mut ids = Vec::new();
    for n in 1..=27 {
        ids.push(opening(&app, &format!("Opening {n:02}"), &["PD-WRL-001"], -1, true).await);
    }
    // The oldest opening has the most applicants, so it leads.
    submitted(&app, "one@example.com", ids[0]).await;
    submitted(&app, "two@example.com", ids[0]).await;
    submitted(&app, "three@example.com", ids[5]).await;

    let first: serde_json::Value = post(&app, &staff, "/api/reports/openings", &[("page", "1")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["total"], 27);
    assert_eq!(first["pages"], 2);
    let rows = first["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[0]["id"], ids[0]);
    assert_eq!(rows[0]["applicants"], 2);
    assert_eq!(rows[1]["id"], ids[5]);
    // Then the newest first among those with none.
    assert_eq!(rows[2]["id"], ids[26]);
    let last: serde_json::Value = post(&app, &staff, "/api/reports/openings", &[("page", "99")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(last["page"], 2, "a page past the end shows the last");
    let rows = last["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["id"], ids[1]);

    let (status, html) = page(&staff, &app, "/admin/reports?page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("27 openings have left draft."), "{html}");
    assert!(html.contains("Page 2 of 2"), "{html}");
    assert!(
        html.contains("href=\"/admin/reports?page=1#by-opening\""),
        "{html}"
    );
    assert!(html.contains(">Opening 02</a>"), "{html}");
    assert!(!html.contains(">Opening 27</a>"), "{html}");

    // The file has every opening (well within its cap) on one sheet.
    let (_, _, _, body) = csv(&app, &staff, "openings.csv").await;
    assert_eq!(lines(&body).len(), 1 + 27);
    assert!(lines(&body)[1].starts_with(&format!("{},Opening 01,Open,2,", ids[0])));
}

async fn only_staff_reach_the_reports(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    account(&app, "manager@agency.gov", Role::HiringManager).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let opening = opening(&app, "Incident Responder", &["PD-WRL-003"], -1, true).await;
    submitted(&app, "ana@example.com", opening).await;
    let manager = browser(&app, "manager@agency.gov").await;
    let casey = browser(&app, "casey@example.com").await;
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    for (who, client, expected) in [
        ("manager", &manager, StatusCode::FORBIDDEN),
        ("candidate", &casey, StatusCode::FORBIDDEN),
        ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
    ] {
        for (path, form) in [
            ("/api/reports/program", vec![]),
            ("/api/reports/openings", vec![("page", "1")]),
        ] {
            let refused = post(&app, client, path, &form).await;
            assert_eq!(refused.status(), expected, "{who} {path}");
            let body = refused.text().await.unwrap();
            assert!(!body.contains("Incident Responder"), "{who} {path}: {body}");
        }
        for table in app::api::reports::ReportTable::ALL {
            let (status, kind, _, body) = csv(&app, client, &format!("{}.csv", table.slug())).await;
            assert_eq!(status, expected, "{who} {}", table.slug());
            assert!(!kind.starts_with("text/csv"), "{who} {}", table.slug());
            assert!(!body.contains("Incident Responder"), "{who}: {body}");
        }
    }
    // The page: the usual refusal for the signed in, sign-in for the rest.
    for (who, client) in [("manager", &manager), ("candidate", &casey)] {
        let (status, html) = page(client, &app, "/admin/reports").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        assert!(html.contains("You don’t have access"), "{who}: {html}");
        assert!(!html.contains("Incident Responder"), "{who}: {html}");
        assert!(
            !html.contains("href=\"/admin/reports\""),
            "{who} has no Reports link"
        );
    }
    for path in ["/admin/reports", "/admin/reports/funnel.csv"] {
        let response = anonymous
            .get(app.url(path))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{path}");
        assert_eq!(
            response.headers()["location"],
            "/login?next=/admin/reports",
            "{path}"
        );
    }
    // Each refusal of a signed-in person is audited: 2 server functions
    // and 8 files, for each of the two, and the page for each.
    let denials: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'authorization' AND outcome = 'denied'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(denials, 2 * (2 + 8) + 2 * 2);
}
