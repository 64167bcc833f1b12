//! Rendered public job pages are kept for visitors who are not signed in,
//! and served again only while they are still true: through real HTTP, on
//! both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::opening::HiringMethod;
use common::{Backend, TestApp, account, browser, post, published_opening};
use reqwest::StatusCode;

on_both_databases!(
    public_pages_are_kept_until_an_opening_changes,
    signed_in_people_and_errors_are_never_served_from_the_cache,
    the_cache_can_be_turned_off,
    kept_pages_go_out_gzip_to_clients_that_take_it,
    board_pages_are_plain_html_and_the_others_hydrate,
);

/// A page as `client` asks for it, the way a browser does.
async fn fetch(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
}

/// A page as an anonymous browser gets it: (cache header, nonce in the
/// policy, body).
async fn visit(app: &TestApp, path: &str) -> (String, String, String) {
    let response = fetch(app, &reqwest::Client::new(), path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let cache = header(&response, "x-techforce-cache");
    let nonce = nonce_of(&response);
    (cache, nonce, response.text().await.unwrap())
}

/// The script nonce the answer's policy allows.
fn nonce_of(response: &reqwest::Response) -> String {
    let policy = header(response, "content-security-policy");
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Every script nonce in `body` is `nonce`, and there is at least one.
fn nonces_match(body: &str, nonce: &str) {
    let all = body.matches("nonce=\"").count();
    let ours = body.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(all > 0, "the page has nonced scripts");
    assert_eq!(all, ours, "every script carries this answer's nonce");
}

async fn public_pages_are_kept_until_an_opening_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = published_opening(&app, HiringMethod::CategoryRating).await;
    let job = format!("/jobs/{id}");

    for path in ["/jobs", "/jobs?q=analyst&page=1", job.as_str(), "/"] {
        let (first, first_nonce, first_body) = visit(&app, path).await;
        let (second, second_nonce, second_body) = visit(&app, path).await;
        assert_eq!((first.as_str(), second.as_str()), ("miss", "hit"), "{path}");
        assert_ne!(first_nonce, second_nonce, "a fresh nonce for every answer");
        nonces_match(&second_body, &second_nonce);
        assert_eq!(
            first_body.replace(&first_nonce, "N"),
            second_body.replace(&second_nonce, "N"),
            "the kept page is the page"
        );
        assert!(second_body.contains("Cyber Defense Analyst"), "{path}");
    }

    // Any writer's change to an opening ends its kept pages, here one made
    // straight in the database as another process would.
    sqlx::query("UPDATE openings SET title = 'Threat Hunter' WHERE id = $1")
        .bind(id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    for path in ["/jobs", job.as_str(), "/"] {
        let (cache, _, body) = visit(&app, path).await;
        assert_eq!(cache, "miss", "{path}");
        assert!(body.contains("Threat Hunter"), "{path}");
    }
    // So does a question added to it.
    assert_eq!(visit(&app, &job).await.0, "hit");
    sqlx::query(
        "INSERT INTO opening_questions (opening_id, position, kind, prompt, choices, knockout_answer)
         VALUES ($1, 1, 'yes_no', 'Do you hold a clearance?', '', NULL)",
    )
    .bind(id)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    let (cache, _, body) = visit(&app, &job).await;
    assert_eq!(cache, "miss");
    assert!(body.contains("Do you hold a clearance?"));

    // Staff closing it through the portal takes it off the board at once.
    account(&app, "staff@agency.gov", Role::Staff).await;
    let staff = browser(&app, "staff@agency.gov").await;
    visit(&app, "/jobs").await;
    assert_eq!(visit(&app, "/jobs").await.0, "hit");
    let closed = post(
        &app,
        &staff,
        "/api/admin/opening-status",
        &[("id", &id.to_string()), ("action", "close")],
    )
    .await;
    assert_eq!(closed.status(), StatusCode::OK);
    let (cache, _, body) = visit(&app, "/jobs").await;
    assert_eq!(cache, "miss");
    assert!(!body.contains("Threat Hunter"), "closed: off the board");

    // An opening whose opening time comes by the clock alone, with no
    // write, appears when it comes: the kept board ends then.
    let later = published_opening(&app, HiringMethod::CategoryRating).await;
    let opens = time::OffsetDateTime::now_utc() + time::Duration::seconds(3);
    sqlx::query("UPDATE openings SET title = 'Forensics Examiner', opens_at = $1 WHERE id = $2")
        .bind(app::server::clock::to_text(opens))
        .bind(later)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let (cache, _, body) = visit(&app, "/jobs").await;
    assert_eq!(cache, "miss");
    assert!(!body.contains("Forensics Examiner"), "not open yet");
    assert_eq!(visit(&app, "/jobs").await.0, "hit");
    let wait = opens - time::OffsetDateTime::now_utc() + time::Duration::milliseconds(300);
    tokio::time::sleep(std::time::Duration::try_from(wait).unwrap_or_default()).await;
    let (cache, _, body) = visit(&app, "/jobs").await;
    assert_eq!(cache, "miss");
    assert!(
        body.contains("Forensics Examiner"),
        "open now: on the board"
    );

    // Likewise an opening coming within "closing soon" by the clock.
    let soon = "/jobs?closing=soon";
    let closes = time::OffsetDateTime::now_utc()
        + app::server::openings::CLOSING_SOON
        + time::Duration::seconds(3);
    sqlx::query("UPDATE openings SET closes_at = $1 WHERE id = $2")
        .bind(app::server::clock::to_text(closes))
        .bind(later)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let (cache, _, body) = visit(&app, soon).await;
    assert_eq!(cache, "miss");
    assert!(!body.contains("Forensics Examiner"), "not closing soon yet");
    assert_eq!(visit(&app, soon).await.0, "hit");
    let wait = closes - app::server::openings::CLOSING_SOON - time::OffsetDateTime::now_utc()
        + time::Duration::milliseconds(300);
    tokio::time::sleep(std::time::Duration::try_from(wait).unwrap_or_default()).await;
    let (cache, _, body) = visit(&app, soon).await;
    assert_eq!(cache, "miss");
    assert!(body.contains("Forensics Examiner"), "closing soon now");
}

async fn signed_in_people_and_errors_are_never_served_from_the_cache(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = published_opening(&app, HiringMethod::CategoryRating).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let casey = browser(&app, "casey@example.com").await;
    // The anonymous board is kept...
    visit(&app, "/jobs").await;
    assert_eq!(visit(&app, "/jobs").await.0, "hit");
    // ...and a signed-in person never gets it, nor is theirs kept.
    for _ in 0..2 {
        let response = fetch(&app, &casey, "/jobs").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "x-techforce-cache"), "");
        let body = response.text().await.unwrap();
        assert!(body.contains("casey@example.com"), "their own page");
    }
    // Pages that are not found, other pages and other methods pass by.
    for path in ["/jobs/999999", "/jobs/not-a-number", "/login"] {
        for _ in 0..2 {
            let response = fetch(&app, &reqwest::Client::new(), path).await;
            assert_eq!(header(&response, "x-techforce-cache"), "", "{path}");
        }
    }
    let head = reqwest::Client::new()
        .head(app.url(&format!("/jobs/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&head, "x-techforce-cache"), "");
}

/// A page asked for with `accept-encoding`: (cache header, content
/// encoding, vary, nonce, the page as the client reads it).
async fn visit_taking(app: &TestApp, path: &str, coding: &str) -> [String; 5] {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header("accept", "text/html")
        .header("accept-encoding", coding)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let fields = [
        header(&response, "x-techforce-cache"),
        header(&response, "content-encoding"),
        header(&response, "vary"),
        nonce_of(&response),
    ];
    let bytes = response.bytes().await.unwrap();
    let page = if fields[1] == "gzip" {
        let mut page = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut page)
            .unwrap();
        page
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let [cache, coding, vary, nonce] = fields;
    [cache, coding, vary, nonce, page]
}

async fn kept_pages_go_out_gzip_to_clients_that_take_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = published_opening(&app, HiringMethod::CategoryRating).await;
    for path in ["/jobs?q=analyst", &format!("/jobs/{id}")] {
        // Rendered: compressed on the way out as any page is.
        let [cache, coding, _, nonce, page] = visit_taking(&app, path, "gzip").await;
        assert_eq!(
            (cache.as_str(), coding.as_str()),
            ("miss", "gzip"),
            "{path}"
        );
        nonces_match(&page, &nonce);
        // Kept: gzip straight from the cache, with this answer's nonce.
        let rendered = visit(&app, path).await;
        assert_eq!(rendered.0, "hit");
        for _ in 0..2 {
            let [cache, coding, vary, nonce, page] = visit_taking(&app, path, "gzip, br").await;
            assert_eq!((cache.as_str(), coding.as_str()), ("hit", "gzip"), "{path}");
            assert!(vary.to_lowercase().contains("accept-encoding"), "{vary}");
            nonces_match(&page, &nonce);
            assert_eq!(
                page.replace(&nonce, "N"),
                rendered.2.replace(&rendered.1, "N"),
                "the same page, {path}"
            );
            assert!(page.contains("Cyber Defense Analyst"), "{path}");
        }
        // A client that refuses gzip gets the page inflated (compressed
        // again on the way out only in a coding it takes).
        let [cache, coding, vary, nonce, page] = visit_taking(&app, path, "gzip;q=0").await;
        assert_eq!((cache.as_str(), coding.as_str()), ("hit", ""), "{path}");
        assert!(vary.to_lowercase().contains("accept-encoding"), "{vary}");
        assert_eq!(
            page.replace(&nonce, "N"),
            rendered.2.replace(&rendered.1, "N")
        );
    }
}

async fn the_cache_can_be_turned_off(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("TECHFORCE_PAGE_CACHE_MB", "0")]).await;
    published_opening(&app, HiringMethod::CategoryRating).await;
    for _ in 0..2 {
        let (cache, nonce, body) = visit(&app, "/jobs").await;
        assert_eq!(cache, "");
        nonces_match(&body, &nonce);
    }
}

/// The application's script and WebAssembly, as the page asks for them.
const APP_CODE: [&str; 3] = [
    "type=\"application/wasm\"",
    "modulepreload",
    "mod.hydrate()",
];

async fn board_pages_are_plain_html_and_the_others_hydrate(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = published_opening(&app, HiringMethod::CategoryRating).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let candidate = browser(&app, "casey@example.com").await;
    let job = format!("/jobs/{id}");
    let anonymous = reqwest::Client::new();

    // The board, for visitors and signed-in people alike: the whole page,
    // the design system's script for the banner and menu, and neither the
    // application's code nor the data it would hydrate from.
    for (client, path) in [
        (&anonymous, "/"),
        (&anonymous, "/jobs"),
        (&anonymous, "/jobs?q=analyst"),
        (&anonymous, job.as_str()),
        (&candidate, "/jobs"),
        (&candidate, job.as_str()),
    ] {
        let response = fetch(&app, client, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("Cyber Defense Analyst"),
            "{path}: the page itself"
        );
        assert!(
            body.contains(r#"<html lang="en" data-page="board""#),
            "{path}"
        );
        assert!(
            body.contains(r#"<script src="/uswds/js/uswds.min.js" nonce=""#),
            "{path}: the banner and menu script"
        );
        for code in APP_CODE {
            assert!(!body.contains(code), "{path}: no {code}");
        }
        assert!(
            !body.contains("__RESOLVED_RESOURCES["),
            "{path}: no data for hydration"
        );
    }

    // Every other page hydrates, an opening's application among them.
    for (client, path) in [
        (&anonymous, "/login".to_owned()),
        (&anonymous, "/jobs/not-a-number".to_owned()),
        (&candidate, "/applications".to_owned()),
        (&candidate, format!("{job}/apply")),
    ] {
        let response = fetch(&app, client, &path).await;
        let body = response.text().await.unwrap();
        assert!(
            body.contains(r#"<html lang="en" data-page="app""#),
            "{path}"
        );
        for code in APP_CODE {
            assert!(body.contains(code), "{path}: {code}");
        }
        assert!(
            !body.contains("uswds.min.js"),
            "{path}: the application does it"
        );
    }
}
