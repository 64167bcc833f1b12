//! Openings: staff author and publish them, the public finds them on the
//! job board, the JSON API and the opening page; nobody else authors them.
//! Through real HTTP, on both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::opening::{Day, HiringMethod, OpeningFields, OpeningStatus, WorkplaceType};
use app::server::db::openings::{eastern_day, insert_opening, update_opening_status};
use common::{Backend, PUBLIC_URL, TestApp, account, browser, post};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    staff_write_publish_and_edit_an_opening_that_the_public_then_finds,
    publishing_names_every_missing_field_and_illegal_moves_are_refused,
    openings_open_and_close_on_their_dates_by_themselves,
    the_job_board_searches_filters_sorts_and_pages,
    any_query_gives_results_or_an_empty_list,
    hidden_openings_stay_hidden_everywhere,
    only_staff_author_openings,
    the_opening_page_carries_valid_job_posting_data,
    authors_markdown_never_becomes_script,
    clone_copies_an_opening_into_a_new_draft,
    hiring_managers_are_assigned_and_only_hiring_managers,
    questions_are_checked_and_fixed_once_published,
    demo_data_loads_once,
);

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let response = client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn api(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = reqwest::get(app.url(path)).await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn today_plus(days: i64) -> String {
    eastern_day(time::OffsetDateTime::now_utc() + time::Duration::days(days)).to_string()
}

/// The form of a complete opening, as the edit page posts it.
fn complete_form(title: &str) -> Vec<(String, String)> {
    [
        ("title", title.to_owned()),
        ("series", "2210".into()),
        ("grade_low", "12".into()),
        ("grade_high", "13".into()),
        ("locations", "Washington, DC\nDenver, CO".into()),
        ("workplace", "telework".into()),
        ("salary_min", "86,962".into()),
        ("salary_max", "134435".into()),
        ("appointment", "Term, 2 years".into()),
        ("who_may_apply", "U.S. citizens".into()),
        ("vacancies", "4".into()),
        ("hiring_method", "category_rating".into()),
        (
            "summary",
            "Respond to cyber incidents across agencies.".into(),
        ),
        ("duties", "Triage alerts.\nContain intrusions.".into()),
        (
            "qualifications",
            "One year of specialized experience.".into(),
        ),
        ("evaluation", "A **hands-on** assessment.".into()),
        ("opens_on", today_plus(-1)),
        ("closes_on", today_plus(5)),
    ]
    .into_iter()
    .map(|(k, v)| (format!("opening[{k}]"), v))
    .chain([
        ("opening[work_roles][]".to_owned(), "PD-WRL-003".to_owned()),
        ("opening[work_roles][]".to_owned(), "PD-WRL-007".to_owned()),
    ])
    .collect()
}

fn with(form: &[(String, String)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .chain(form.iter().cloned())
        .collect()
}

fn set(form: &mut [(String, String)], field: &str, value: &str) {
    let key = format!("opening[{field}]");
    for (k, v) in form.iter_mut() {
        if *k == key {
            *v = value.to_owned();
        }
    }
}

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("origin", PUBLIC_URL)
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The id in the `Location: /admin/jobs/{id}?…` of a create or clone.
fn created_id(response: &reqwest::Response) -> i64 {
    let location = response
        .headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap();
    location
        .trim_start_matches("/admin/jobs/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn status_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar::<_, String>("SELECT status FROM openings WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn staff_write_publish_and_edit_an_opening_that_the_public_then_finds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let staff = browser(&app, "staff@agency.gov").await;

    // A draft needs only a title.
    let draft = [
        ("opening[title]", "Incident Responder"),
        ("opening[series]", ""),
        ("opening[grade_low]", "12"),
        ("opening[grade_high]", "13"),
        ("opening[locations]", ""),
        ("opening[workplace]", "telework"),
        ("opening[salary_min]", ""),
        ("opening[salary_max]", ""),
        ("opening[appointment]", ""),
        ("opening[who_may_apply]", ""),
        ("opening[vacancies]", ""),
        ("opening[hiring_method]", "rule_of_many"),
        ("opening[summary]", ""),
        ("opening[duties]", ""),
        ("opening[qualifications]", ""),
        ("opening[evaluation]", ""),
        ("opening[opens_on]", ""),
        ("opening[closes_on]", ""),
    ];
    let created = post(&app, &staff, "/api/admin/create-opening", &draft).await;
    assert_eq!(created.status(), StatusCode::OK);
    let id = created_id(&created);
    assert_eq!(status_of(&app, id).await, "draft");
    let (status, _) = api(&app, &format!("/api/v1/jobs/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not public");

    // Filled in and published.
    let form = complete_form("Incident Responder");
    let saved = post_form(
        &app,
        &staff,
        "/api/admin/update-opening",
        &with(&form, &[("id", &id.to_string()), ("version", "1")]),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let published = post(
        &app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &id.to_string()), ("action", "publish")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::OK);
    assert_eq!(status_of(&app, id).await, "published");

    // The public sees it: the page, the board, the API.
    let anonymous = reqwest::Client::new();
    let (status, html) = page(&app, &anonymous, &format!("/jobs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Incident Responder</h1>"), "{html}");
    assert!(html.contains("GS-2210-12/13"));
    assert!(html.contains("$86,962 – $134,435 per year"));
    assert!(html.contains("Closes in 5 days"));
    assert!(html.contains(&format!("href=\"/jobs/{id}/apply\"")));
    let (_, board) = page(&app, &anonymous, "/jobs?q=incident").await;
    assert!(board.contains("1 opening found."), "{board}");
    assert!(board.contains(&format!("href=\"/jobs/{id}\"")));
    let (status, listed) = api(&app, "/api/v1/jobs").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["jobs"][0]["title"], "Incident Responder");
    assert_eq!(listed["jobs"][0]["url"], format!("{PUBLIC_URL}/jobs/{id}"));
    let (_, one) = api(&app, &format!("/api/v1/jobs/{id}")).await;
    assert_eq!(one["vacancies"], 4);
    assert_eq!(one["open"], true);
    assert_eq!(one["work_roles"][0]["id"], "PD-WRL-003");
    assert_eq!(one["work_roles"][0]["name"], "Incident Response");

    // Editing the published opening keeps a history; a stale edit fails.
    let mut edited = complete_form("Senior Incident Responder");
    set(&mut edited, "vacancies", "6");
    let saved = post_form(
        &app,
        &staff,
        "/api/admin/update-opening",
        &with(&edited, &[("id", &id.to_string()), ("version", "3")]),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let stale = post_form(
        &app,
        &staff,
        "/api/admin/update-opening",
        &with(&form, &[("id", &id.to_string()), ("version", "3")]),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let (_, one) = api(&app, &format!("/api/v1/jobs/{id}")).await;
    assert_eq!(
        one["title"], "Senior Incident Responder",
        "the stale edit changed nothing"
    );
    let (status, editor) = page(&app, &staff, &format!("/admin/jobs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(editor.contains("edited by staff@agency.gov"), "{editor}");
    assert!(
        editor.contains("title → “Senior Incident Responder”"),
        "{editor}"
    );
    assert!(editor.contains("vacancies → “6”"));
    let (status, list) = page(&app, &staff, "/admin/jobs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Senior Incident Responder"));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'opening.status' AND actor_email = 'staff@agency.gov'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1, "publication is audited");
}

async fn publishing_names_every_missing_field_and_illegal_moves_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let staff = browser(&app, "staff@agency.gov").await;

    // Bad fields: a clear 400 naming each, nothing saved.
    let mut bad = complete_form("Analyst");
    set(&mut bad, "series", "22x0");
    set(&mut bad, "grade_low", "14");
    set(&mut bad, "grade_high", "12");
    set(&mut bad, "closes_on", "2026-02-30");
    set(&mut bad, "summary", &"x".repeat(2_500));
    let refused = post_form(&app, &staff, "/api/admin/create-opening", &bad).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body: Value = refused.json().await.unwrap();
    let fields = body["Validation"]["fields"].to_string();
    for field in ["series", "grade_high", "closes_on", "summary"] {
        assert!(fields.contains(field), "{field} in {fields}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM openings")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0);
    // An unknown field in the opening is refused, not ignored.
    let unknown = post_form(
        &app,
        &staff,
        "/api/admin/create-opening",
        &with(
            &complete_form("Analyst"),
            &[("opening[status]", "published")],
        ),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);

    // An incomplete draft cannot be published; the missing fields are named.
    let mut thin = complete_form("Analyst");
    for field in ["summary", "evaluation", "closes_on", "salary_min"] {
        set(&mut thin, field, "");
    }
    let id = created_id(&post_form(&app, &staff, "/api/admin/create-opening", &thin).await);
    let publish = post(
        &app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &id.to_string()), ("action", "publish")],
    )
    .await;
    assert_eq!(publish.status(), StatusCode::BAD_REQUEST);
    let fields = publish.json::<Value>().await.unwrap()["Validation"]["fields"].to_string();
    for field in ["summary", "evaluation", "closes_on", "salary_min"] {
        assert!(fields.contains(field), "{field} in {fields}");
    }
    assert_eq!(status_of(&app, id).await, "draft");

    // The lifecycle table, through the real endpoint.
    let act = |action: &'static str| {
        let staff = staff.clone();
        let app_url = app.url("/api/admin/opening-status");
        async move {
            staff
                .post(app_url)
                .header("origin", PUBLIC_URL)
                .form(&[("id", id.to_string()), ("action", action.to_owned())])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        act("close").await,
        StatusCode::CONFLICT,
        "a draft can't close"
    );
    assert_eq!(act("cancel").await, StatusCode::OK);
    assert_eq!(status_of(&app, id).await, "cancelled");
    assert_eq!(act("publish").await, StatusCode::CONFLICT);
    assert_eq!(act("cancel").await, StatusCode::CONFLICT);
    assert_eq!(act("explode").await, StatusCode::BAD_REQUEST);
    // A cancelled opening's text is the record: no more edits.
    let edit = post_form(
        &app,
        &staff,
        "/api/admin/update-opening",
        &with(
            &complete_form("Changed"),
            &[("id", &id.to_string()), ("version", "2")],
        ),
    )
    .await;
    assert_eq!(edit.status(), StatusCode::CONFLICT);

    let complete = created_id(
        &post_form(
            &app,
            &staff,
            "/api/admin/create-opening",
            &complete_form("Ready"),
        )
        .await,
    );
    let act_on = |id: i64, action: &'static str| {
        let staff = staff.clone();
        let url = app.url("/api/admin/opening-status");
        async move {
            staff
                .post(url)
                .header("origin", PUBLIC_URL)
                .form(&[("id", id.to_string()), ("action", action.to_owned())])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(act_on(complete, "publish").await, StatusCode::OK);
    assert_eq!(act_on(complete, "publish").await, StatusCode::CONFLICT);
    assert_eq!(act_on(complete, "close").await, StatusCode::OK);
    assert_eq!(status_of(&app, complete).await, "closed");
    assert_eq!(act_on(complete, "publish").await, StatusCode::CONFLICT);
    assert_eq!(act_on(complete, "cancel").await, StatusCode::CONFLICT);
    assert_eq!(act_on(999_999, "publish").await, StatusCode::NOT_FOUND);

    // A closing date already past cannot be published.
    let mut late = complete_form("Late");
    set(&mut late, "opens_on", &today_plus(-10));
    set(&mut late, "closes_on", &today_plus(-2));
    let late = created_id(&post_form(&app, &staff, "/api/admin/create-opening", &late).await);
    assert_eq!(act_on(late, "publish").await, StatusCode::BAD_REQUEST);
}

/// An opening made straight in the database, moved to `status`.
async fn opening(app: &TestApp, fields: OpeningFields, status: OpeningStatus) -> i64 {
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = insert_opening(&mut tx, &fields, None).await.unwrap();
    let path: &[OpeningStatus] = match status {
        OpeningStatus::Draft => &[],
        OpeningStatus::Published => &[OpeningStatus::Published],
        OpeningStatus::Closed => &[OpeningStatus::Published, OpeningStatus::Closed],
        OpeningStatus::Cancelled => &[OpeningStatus::Cancelled],
    };
    let mut from = OpeningStatus::Draft;
    for to in path {
        assert!(update_opening_status(&mut tx, id, from, *to).await.unwrap());
        from = *to;
    }
    tx.commit().await.unwrap();
    id
}

fn day(offset: i64) -> Day {
    Day::parse(&today_plus(offset)).unwrap()
}

fn fields(title: &str) -> OpeningFields {
    OpeningFields {
        title: title.into(),
        series: "2210".into(),
        grade_low: 12,
        grade_high: 13,
        work_roles: vec!["PD-WRL-003".into()],
        locations: vec!["Washington, DC".into()],
        workplace: WorkplaceType::OnSite,
        salary_min: Some(86_962),
        salary_max: Some(134_435),
        appointment: "Term, 2 years".into(),
        who_may_apply: "U.S. citizens".into(),
        vacancies: 1,
        hiring_method: HiringMethod::CategoryRating,
        summary: "Protect federal networks.".into(),
        duties: "Analyze logs.".into(),
        qualifications: "Experience.".into(),
        evaluation: "Assessment.".into(),
        opens_on: Some(day(-3)),
        closes_on: Some(day(10)),
    }
}

async fn board_total(app: &TestApp, query: &str) -> i64 {
    let (status, body) = api(app, &format!("/api/v1/jobs{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}");
    body["total"].as_i64().unwrap()
}

async fn openings_open_and_close_on_their_dates_by_themselves(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let later = opening(
        &app,
        OpeningFields {
            opens_on: Some(day(3)),
            closes_on: Some(day(20)),
            ..fields("Scheduled")
        },
        OpeningStatus::Published,
    )
    .await;
    let open = opening(&app, fields("Open now"), OpeningStatus::Published).await;
    assert_eq!(board_total(&app, "").await, 1, "not yet open is not shown");
    let (status, _) = api(&app, &format!("/api/v1/jobs/{later}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Time passes: the opening day of one comes, the closing time of the other goes.
    let past = "2000-01-01T00:00:00.000000Z";
    sqlx::query("UPDATE openings SET opens_at = $1 WHERE id = $2")
        .bind(past)
        .bind(later)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    sqlx::query("UPDATE openings SET closes_at = $1 WHERE id = $2")
        .bind("2000-01-02T00:00:00.000000Z")
        .bind(open)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(
        board_total(&app, "").await,
        1,
        "the board follows the clock at once"
    );
    let (_, shown) = api(&app, "/api/v1/jobs").await;
    assert_eq!(shown["jobs"][0]["title"], "Scheduled");

    // The scheduler's own function closes what is due, once. The running
    // app's scheduler may tick in between and close it first: either way
    // it is closed exactly once (the history below counts one closing).
    let closed = app::server::openings::close_due(&app.state.db)
        .await
        .unwrap();
    assert!(closed <= 1, "{closed}");
    assert_eq!(
        app::server::openings::close_due(&app.state.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(status_of(&app, open).await, "closed");
    assert_eq!(status_of(&app, later).await, "published");
    // A closed opening's page still answers, and says it is closed.
    let (status, html) = page(&app, &reqwest::Client::new(), &format!("/jobs/{open}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("no longer accepting applications"), "{html}");
    assert!(!html.contains(&format!("/jobs/{open}/apply")));
    let (_, detail) = api(&app, &format!("/api/v1/jobs/{open}")).await;
    assert_eq!(detail["open"], false);
    let history: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM opening_history WHERE opening_id = $1 AND action = 'closed' AND actor_id IS NULL",
    )
    .bind(open)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(history, 1, "the scheduled closing is in the history");
}

async fn the_job_board_searches_filters_sorts_and_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    opening(
        &app,
        OpeningFields {
            work_roles: vec!["PD-WRL-007".into()],
            locations: vec!["Denver, CO".into()],
            workplace: WorkplaceType::Remote,
            grade_low: 9,
            grade_high: 11,
            closes_on: Some(day(2)),
            duties: "Scan networks for vulnerabilities and verify the fixes.".into(),
            ..fields("Vulnerability Analyst")
        },
        OpeningStatus::Published,
    )
    .await;
    opening(
        &app,
        OpeningFields {
            work_roles: vec!["DD-WRL-003".into()],
            locations: vec!["Seattle, WA".into(), "Boston, MA".into()],
            workplace: WorkplaceType::Telework,
            grade_low: 13,
            grade_high: 14,
            closes_on: Some(day(45)),
            summary: "Write secure software for incident responders.".into(),
            ..fields("Secure Software Developer")
        },
        OpeningStatus::Published,
    )
    .await;
    for n in 0..23 {
        opening(
            &app,
            OpeningFields {
                closes_on: Some(day(12 + n)),
                ..fields(&format!("Incident Responder {n:02}"))
            },
            OpeningStatus::Published,
        )
        .await;
    }

    assert_eq!(board_total(&app, "").await, 25);
    // Keywords: stemmed, any case, over title, summary and duties.
    assert_eq!(board_total(&app, "?q=vulnerabilities").await, 1);
    assert_eq!(board_total(&app, "?q=VULNERABILITY").await, 1);
    assert_eq!(
        board_total(&app, "?q=incident").await,
        24,
        "title or summary"
    );
    assert_eq!(
        board_total(&app, "?q=incident+software").await,
        1,
        "every word"
    );
    assert_eq!(board_total(&app, "?q=submarine").await, 0);
    // Relevance: title matches rank above the one summary match.
    let (_, relevant) = api(&app, "/api/v1/jobs?q=incident&page=2").await;
    assert_eq!(relevant["jobs"][3]["title"], "Secure Software Developer");
    // Each filter.
    assert_eq!(board_total(&app, "?location=denver").await, 1);
    assert_eq!(board_total(&app, "?location=Boston%2C%20MA").await, 1);
    assert_eq!(board_total(&app, "?location=Washington").await, 23);
    assert_eq!(
        board_total(&app, "?location=100%25").await,
        0,
        "wildcards are literal"
    );
    assert_eq!(board_total(&app, "?workplace=remote").await, 1);
    assert_eq!(
        board_total(&app, "?workplace=telework").await,
        2,
        "telework includes remote"
    );
    assert_eq!(board_total(&app, "?workplace=on_site").await, 23);
    assert_eq!(board_total(&app, "?grade=10").await, 1);
    assert_eq!(board_total(&app, "?grade=13").await, 24);
    assert_eq!(board_total(&app, "?grade=15").await, 0);
    assert_eq!(board_total(&app, "?role=DD-WRL-003").await, 1);
    assert_eq!(board_total(&app, "?role=PD-WRL-003").await, 23);
    assert_eq!(board_total(&app, "?closing=soon").await, 1);
    // Combinations.
    assert_eq!(
        board_total(
            &app,
            "?q=incident&role=PD-WRL-003&grade=12&location=washington"
        )
        .await,
        23
    );
    assert_eq!(board_total(&app, "?q=incident&workplace=remote").await, 0);
    // Nonsense filter values are ignored, not errors.
    assert_eq!(
        board_total(&app, "?grade=99&role=XX&workplace=moon&sort=sideways").await,
        25
    );
    // Sorting.
    let (_, closing) = api(&app, "/api/v1/jobs?sort=closing").await;
    assert_eq!(closing["jobs"][0]["title"], "Vulnerability Analyst");
    assert_eq!(closing["jobs"][1]["title"], "Incident Responder 00");
    let (_, newest) = api(&app, "/api/v1/jobs?sort=newest").await;
    assert_eq!(newest["jobs"][0]["title"], "Incident Responder 22");
    // Pages: 20 a page, stable, edges clamp to the first page.
    let (_, first) = api(&app, "/api/v1/jobs?sort=closing").await;
    assert_eq!(first["jobs"].as_array().unwrap().len(), 20);
    assert_eq!(first["pages"], 2);
    let (_, second) = api(&app, "/api/v1/jobs?sort=closing&page=2").await;
    assert_eq!(second["jobs"].as_array().unwrap().len(), 5);
    assert_eq!(second["jobs"][4]["title"], "Secure Software Developer");
    let (_, beyond) = api(&app, "/api/v1/jobs?page=7").await;
    assert_eq!(beyond["total"], 25);
    assert!(beyond["jobs"].as_array().unwrap().is_empty());
    for bad_page in ["0", "-1", "abc", "99999999999999999999"] {
        let (status, body) = api(&app, &format!("/api/v1/jobs?page={bad_page}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["page"], 1, "page={bad_page}");
    }
    // The HTML board: the count, the page links keep the search.
    let (status, html) = page(
        &app,
        &reqwest::Client::new(),
        "/jobs?q=incident&sort=closing",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("24 openings found."), "{html}");
    assert!(
        html.contains("href=\"/jobs?q=incident&amp;sort=closing&amp;page=2\""),
        "{html}"
    );
    assert!(html.contains("Page 1 of 2"));
    // The home page shows the newest.
    let (_, home) = page(&app, &reqwest::Client::new(), "/").await;
    assert!(home.contains("Incident Responder 22"));
}

async fn any_query_gives_results_or_an_empty_list(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    opening(&app, fields("Incident Responder"), OpeningStatus::Published).await;
    let junk: String = (0..2048)
        .map(|i| char::from(b'!' + (i % 90) as u8))
        .collect();
    let queries = [
        "\"incident".to_owned(),
        "incident\" OR \"x".to_owned(),
        "NEAR(incident responder)".to_owned(),
        "incid*".to_owned(),
        "title:incident".to_owned(),
        "-incident".to_owned(),
        "a & b | !c <-> d".to_owned(),
        "'; DROP TABLE openings; --".to_owned(),
        "Sécurité 網絡安全 🛡️".to_owned(),
        "\u{0}\u{1}".to_owned(),
        junk,
    ];
    for q in &queries {
        let url = reqwest::Url::parse_with_params(&app.url("/api/v1/jobs"), &[("q", q)]).unwrap();
        let response = reqwest::get(url).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{q:?}");
        let body: Value = response.json().await.unwrap();
        assert!(body["jobs"].is_array(), "{q:?}");
        let url = reqwest::Url::parse_with_params(&app.url("/jobs"), &[("q", q), ("location", q)])
            .unwrap();
        let response = reqwest::get(url).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "page for {q:?}");
    }
    assert_eq!(
        board_total(&app, "?q=%22incident").await,
        1,
        "quotes are ignored"
    );
    let (status, _) = api(&app, "/api/v1/jobs/not-a-number").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn hidden_openings_stay_hidden_everywhere(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let draft = opening(&app, fields("Secret draft"), OpeningStatus::Draft).await;
    let cancelled = opening(&app, fields("Secret cancelled"), OpeningStatus::Cancelled).await;
    let future = opening(
        &app,
        OpeningFields {
            opens_on: Some(day(5)),
            ..fields("Secret future")
        },
        OpeningStatus::Published,
    )
    .await;
    let anonymous = reqwest::Client::new();
    for id in [draft, cancelled, future] {
        let (status, _) = api(&app, &format!("/api/v1/jobs/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "API {id}");
        let (status, html) = page(&app, &anonymous, &format!("/jobs/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "page {id}");
        assert!(!html.contains("Secret"));
        let got = post(
            &app,
            &anonymous,
            "/api/jobs/get",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(got.status(), StatusCode::NOT_FOUND, "server function {id}");
    }
    assert_eq!(board_total(&app, "?q=secret").await, 0);
    let (_, board) = page(&app, &anonymous, "/jobs").await;
    assert!(!board.contains("Secret"));
    let (_, home) = page(&app, &anonymous, "/").await;
    assert!(!home.contains("Secret"));
}

async fn only_staff_author_openings(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager_id = account(&app, "manager@agency.gov", Role::HiringManager).await;
    account(&app, "cand@example.com", Role::Candidate).await;
    let id = opening(&app, fields("Incident Responder"), OpeningStatus::Published).await;
    let id_text = id.to_string();
    let form = with(
        &complete_form("Taken over"),
        &[("id", &id_text), ("version", "2")],
    );

    let anonymous = reqwest::Client::new();
    for email in [None, Some("manager@agency.gov"), Some("cand@example.com")] {
        let client = match email {
            Some(email) => browser(&app, email).await,
            None => anonymous.clone(),
        };
        let expected = if email.is_some() {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::UNAUTHORIZED
        };
        let who = email.unwrap_or("anonymous");
        let calls: Vec<(&str, Vec<(String, String)>)> = vec![
            ("/api/admin/create-opening", complete_form("Mine")),
            ("/api/admin/update-opening", form.clone()),
            (
                "/api/admin/opening-status",
                with(&[], &[("id", &id_text), ("action", "cancel")]),
            ),
            ("/api/admin/clone-opening", with(&[], &[("id", &id_text)])),
            (
                "/api/admin/assign-manager",
                with(
                    &[],
                    &[("id", &id_text), ("user_id", &manager_id.to_string())],
                ),
            ),
            (
                "/api/admin/unassign-manager",
                with(
                    &[],
                    &[("id", &id_text), ("user_id", &manager_id.to_string())],
                ),
            ),
            ("/api/admin/opening", with(&[], &[("id", &id_text)])),
            (
                "/api/admin/openings",
                with(&[], &[("status", ""), ("page", "1")]),
            ),
        ];
        for (path, form) in calls {
            let response = post_form(&app, &client, path, &form).await;
            assert_eq!(response.status(), expected, "{who} calling {path}");
        }
        if email.is_some() {
            for path in [
                "/admin/jobs",
                "/admin/jobs/new",
                &format!("/admin/jobs/{id}"),
            ] {
                let (status, html) = page(&app, &client, path).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} on {path}");
                assert!(!html.contains("Save changes"));
            }
        }
    }
    // Nothing changed.
    assert_eq!(status_of(&app, id).await, "published");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM openings")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
    let denied: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'authorization' AND outcome = 'denied'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert!(denied >= 16, "refusals are audited ({denied})");
}

async fn the_opening_page_carries_valid_job_posting_data(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = opening(
        &app,
        OpeningFields {
            summary: "Stop </script><script>alert(1)</script> attacks.".into(),
            ..fields("Incident Responder")
        },
        OpeningStatus::Published,
    )
    .await;
    let remote = opening(
        &app,
        OpeningFields {
            workplace: WorkplaceType::Remote,
            locations: Vec::new(),
            ..fields("Remote Analyst")
        },
        OpeningStatus::Published,
    )
    .await;
    let (status, html) = page(&app, &reqwest::Client::new(), &format!("/jobs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("<script>alert(1)"),
        "nothing breaks out of the data block"
    );
    let json_ld = |html: &str| -> Value {
        let start = html
            .find("<script type=\"application/ld+json\">")
            .expect("JSON-LD");
        let rest = &html[start..];
        let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
        serde_json::from_str(body).expect("valid JSON")
    };
    let posting = json_ld(&html);
    assert_eq!(posting["@context"], "https://schema.org/");
    assert_eq!(posting["@type"], "JobPosting");
    assert_eq!(posting["title"], "Incident Responder");
    for field in [
        "description",
        "datePosted",
        "validThrough",
        "hiringOrganization",
        "jobLocation",
        "employmentType",
        "baseSalary",
        "identifier",
    ] {
        assert!(!posting[field].is_null(), "{field} in {posting}");
    }
    assert_eq!(
        posting["jobLocation"][0]["address"]["addressLocality"],
        "Washington, DC"
    );
    assert_eq!(posting["baseSalary"]["value"]["minValue"], 86_962);
    assert!(posting["description"].as_str().unwrap().contains("attacks"));
    let (_, html) = page(&app, &reqwest::Client::new(), &format!("/jobs/{remote}")).await;
    let posting = json_ld(&html);
    assert_eq!(posting["jobLocationType"], "TELECOMMUTE");
    assert_eq!(posting["applicantLocationRequirements"]["name"], "USA");
}

async fn authors_markdown_never_becomes_script(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = opening(
        &app,
        OpeningFields {
            evaluation: "**Scored** by a test.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))".into(),
            ..fields("Incident Responder")
        },
        OpeningStatus::Published,
    )
    .await;
    let (_, html) = page(&app, &reqwest::Client::new(), &format!("/jobs/{id}")).await;
    assert!(html.contains("<strong>Scored</strong>"), "{html}");
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;img src=x"), "raw HTML is shown as text");
    assert!(!html.contains("<img src=x") && !html.contains("<img src=\"x\""));
    assert!(!html.contains("href=\"javascript:"));
}

async fn clone_copies_an_opening_into_a_new_draft(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let id = opening(&app, fields("Incident Responder"), OpeningStatus::Closed).await;
    let cloned = post(
        &app,
        &staff,
        "/api/admin/clone-opening",
        &[("id", &id.to_string())],
    )
    .await;
    assert_eq!(cloned.status(), StatusCode::OK);
    let copy = created_id(&cloned);
    assert_ne!(copy, id);
    assert_eq!(status_of(&app, copy).await, "draft");
    let (status, editor) = page(&app, &staff, &format!("/admin/jobs/{copy}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(editor.contains("Copy of Incident Responder"));
    assert!(editor.contains("Washington, DC"), "the fields came along");
    let missing = post(
        &app,
        &staff,
        "/api/admin/clone-opening",
        &[("id", "424242")],
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn hiring_managers_are_assigned_and_only_hiring_managers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let manager = account(&app, "manager@agency.gov", Role::HiringManager).await;
    let candidate = account(&app, "cand@example.com", Role::Candidate).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let id = opening(&app, fields("Incident Responder"), OpeningStatus::Published).await;
    let id_text = id.to_string();

    let assigned = post(
        &app,
        &staff,
        "/api/admin/assign-manager",
        &[("id", &id_text), ("user_id", &manager.to_string())],
    )
    .await;
    assert_eq!(assigned.status(), StatusCode::OK);
    let again = post(
        &app,
        &staff,
        "/api/admin/assign-manager",
        &[("id", &id_text), ("user_id", &manager.to_string())],
    )
    .await;
    assert_eq!(
        again.status(),
        StatusCode::OK,
        "assigning twice is harmless"
    );
    let refused = post(
        &app,
        &staff,
        "/api/admin/assign-manager",
        &[("id", &id_text), ("user_id", &candidate.to_string())],
    )
    .await;
    assert_eq!(
        refused.status(),
        StatusCode::BAD_REQUEST,
        "a candidate is no manager"
    );
    let assignments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM opening_managers WHERE opening_id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(assignments, 1);
    let (_, editor) = page(&app, &staff, &format!("/admin/jobs/{id}")).await;
    assert!(editor.contains("manager@agency.gov"));

    let removed = post(
        &app,
        &staff,
        "/api/admin/unassign-manager",
        &[("id", &id_text), ("user_id", &manager.to_string())],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    let assignments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM opening_managers WHERE opening_id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(assignments, 0);
}

async fn demo_data_loads_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = techforce::seed::seed_demo(&app.state.db, &app.state.secret_key)
        .await
        .unwrap();
    // Staff, a manager and a candidate to sign in as, plus the applicants
    // already in the first opening's list.
    assert_eq!(
        first.accounts_created,
        4 + techforce::seed::DEMO_APPLICANTS.len()
    );
    assert_eq!(first.openings_created, 30);
    let second = techforce::seed::seed_demo(&app.state.db, &app.state.secret_key)
        .await
        .unwrap();
    assert_eq!(second.accounts_created, 0);
    assert_eq!(second.openings_created, 0);
    assert_eq!(first.password, second.password);
    let applications: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        applications,
        techforce::seed::DEMO_APPLICANTS.len() as i64,
        "the demo applicants apply once, however often the seed runs"
    );
    let pooled: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT COUNT(DISTINCT m.agency_id), COUNT(DISTINCT o.id) FROM openings o
         JOIN opening_managers m ON m.opening_id = o.id WHERE o.pooled = 1",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        pooled,
        vec![(2, 1)],
        "one pooled opening, a manager for each demo agency"
    );
    let by_status: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM openings GROUP BY status ORDER BY status")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let count = |s: &str| {
        by_status
            .iter()
            .find(|(st, _)| st == s)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(count("published"), 25);
    assert_eq!(count("draft"), 2);
    assert_eq!(count("closed"), 2);
    assert_eq!(count("cancelled"), 1);
    assert_eq!(
        board_total(&app, "").await,
        22,
        "three are scheduled to open later"
    );
    // The demo staff account signs in with the printed password.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = client
        .post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .form(&[
            ("email", "staff@example.gov"),
            ("password", first.password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    let listed = post(
        &app,
        &client,
        "/api/admin/openings",
        &[("status", ""), ("page", "1")],
    )
    .await;
    assert_eq!(listed.status(), StatusCode::OK);
    let list: Value = listed.json().await.unwrap();
    assert_eq!(list["total"], 30);
}

async fn questions_are_checked_and_fixed_once_published(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    account(&app, "manager@agency.gov", Role::HiringManager).await;
    let staff = browser(&app, "staff@agency.gov").await;
    let id = created_id(
        &post_form(
            &app,
            &staff,
            "/api/admin/create-opening",
            &complete_form("Analyst"),
        )
        .await,
    );
    let id_text = id.to_string();
    let add = |kind: &'static str,
               prompt: &'static str,
               choices: &'static str,
               knockout: &'static str| {
        let staff = staff.clone();
        let url = app.url("/api/admin/add-question");
        let id_text = id_text.clone();
        async move {
            staff
                .post(url)
                .header("origin", PUBLIC_URL)
                .form(&[
                    ("id", id_text.as_str()),
                    ("question[kind]", kind),
                    ("question[prompt]", prompt),
                    ("question[choices]", choices),
                    ("question[knockout]", knockout),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        add("yes_no", "Are you a U.S. citizen?", "", "No")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        add(
            "multiple_choice",
            "Years of experience?",
            "None\n1 to 3\nMore than 3",
            "None"
        )
        .await
        .status(),
        StatusCode::OK
    );
    // Refused, each with its field named.
    for (kind, prompt, choices, knockout, field) in [
        ("multiple_choice", "Pick", "Only one", "", "choices"),
        ("multiple_choice", "Pick", "A\nB", "C", "knockout"),
        ("yes_no", "", "", "", "prompt"),
        ("essay", "Tell us", "", "anything", "knockout"),
        ("riddle", "What?", "", "", "kind"),
    ] {
        let refused = add(kind, prompt, choices, knockout).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{kind} {prompt}");
        let body: Value = refused.json().await.unwrap();
        assert!(
            body["Validation"]["fields"].to_string().contains(field),
            "{field}: {body}"
        );
    }
    for _ in 0..4 {
        assert_eq!(
            add("essay", "Describe an incident.", "", "").await.status(),
            StatusCode::OK
        );
    }
    let fifth = add("essay", "One more?", "", "").await;
    assert_eq!(
        fifth.status(),
        StatusCode::BAD_REQUEST,
        "at most four essays"
    );

    // A hiring manager cannot add or remove questions.
    let manager = browser(&app, "manager@agency.gov").await;
    let refused = post(
        &app,
        &manager,
        "/api/admin/add-question",
        &[
            ("id", &id_text),
            ("question[kind]", "essay"),
            ("question[prompt]", "Mine"),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let question_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM opening_questions WHERE opening_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(question_ids.len(), 6);
    let refused = post(
        &app,
        &manager,
        "/api/admin/remove-question",
        &[
            ("id", &id_text),
            ("question_id", &question_ids[0].to_string()),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // A question of another opening is not this one's to remove.
    let other = created_id(
        &post_form(
            &app,
            &staff,
            "/api/admin/create-opening",
            &complete_form("Other"),
        )
        .await,
    );
    let wrong = post(
        &app,
        &staff,
        "/api/admin/remove-question",
        &[
            ("id", &other.to_string()),
            ("question_id", &question_ids[0].to_string()),
        ],
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let removed = post(
        &app,
        &staff,
        "/api/admin/remove-question",
        &[
            ("id", &id_text),
            ("question_id", &question_ids[5].to_string()),
        ],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);

    // Published: the questions show to candidates (not which answer screens
    // out) and can no longer change.
    let published = post(
        &app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &id_text), ("action", "publish")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::OK);
    let (_, job) = api(&app, &format!("/api/v1/jobs/{id}")).await;
    let questions = job["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 5);
    assert_eq!(questions[0], "Are you a U.S. citizen?");
    assert_eq!(
        questions[2],
        "Describe an incident. (optional, never scored)"
    );
    let late = add("yes_no", "Late question?", "", "").await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let late_removal = post(
        &app,
        &staff,
        "/api/admin/remove-question",
        &[
            ("id", &id_text),
            ("question_id", &question_ids[0].to_string()),
        ],
    )
    .await;
    assert_eq!(late_removal.status(), StatusCode::CONFLICT);
    let (_, editor) = page(&app, &staff, &format!("/admin/jobs/{id}")).await;
    assert!(editor.contains("Screens out: “No”"), "{editor}");
    assert!(editor.contains("Questions are fixed once an opening is published."));

    // A clone carries the questions into a new draft.
    let copy = created_id(
        &post(
            &app,
            &staff,
            "/api/admin/clone-opening",
            &[("id", &id_text)],
        )
        .await,
    );
    let copied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM opening_questions WHERE opening_id = $1")
            .bind(copy)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(copied, 5);
}
