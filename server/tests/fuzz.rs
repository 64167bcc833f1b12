//! Property-based fuzzing of every server function, page, upload and
//! download: random and malformed form bodies, raw bytes, multipart
//! uploads (cut off, mislabelled, wrongly named), content types, cookies,
//! path segments and query strings, sent anonymously, as a candidate and as
//! staff. The properties: no answer is a 5xx (a panic would be a 500), and
//! a refused request (4xx) or any GET leaves the database as it was.
//!
//! `TECHFORCE_FUZZ_CASES` sets the cases per database (default 1,500); the
//! count run is printed.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::opening::HiringMethod;
use common::{Backend, PUBLIC_URL, TestApp, account, fingerprint, published_opening, submitted};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

on_both_databases!(random_and_malformed_requests_get_a_clear_answer_and_change_nothing);

/// Field names the portal's forms use, so that many cases get past
/// decoding and reach the checks behind it.
const KEYS: &[&str] = &[
    "id",
    "opening_id",
    "public_id",
    "user_id",
    "version",
    "page",
    "query",
    "status",
    "action",
    "event",
    "note",
    "body",
    "answer",
    "challenge_id",
    "hint",
    "confirm",
    "email",
    "password",
    "name",
    "phone",
    "token",
    "role",
    "disabled",
    "handle",
    "code",
    "chosen[]",
    "back",
    "legal_name",
    "citizen",
    "veterans_preference",
    "attest",
    "cover_letter",
    "answers[1]",
    "referral_range",
    "search[q]",
    "search[page]",
    "filter[sort]",
    "filter[status]",
    "opening[title]",
    "opening[grade_low]",
    "opening[work_roles][]",
    "opening[opens_on]",
    "question[kind]",
    "question[prompt]",
    "challenge[title]",
    "challenge[points]",
    "challenge[check]",
    "challenge[hints]",
    "assessment[challenges][]",
    "assessment[pass_mark]",
    "card[recommendation]",
    "card[rating][technical]",
];

/// Values people and attackers type.
const WORDS: &[&str] = &[
    "true",
    "yes",
    "on",
    "staff",
    "hiring_manager",
    "publish",
    "close",
    "cancel",
    "select",
    "interview",
    "hire",
    "accept",
    "none",
    "tp",
    "essay",
    "multiple_choice",
    "exact",
    "regex",
    "generated",
    "-1",
    "0",
    "9223372036854775807",
    "1e309",
    "NaN",
    "\u{0}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "2026-02-30",
    "10 | hint",
    "%ZZ",
];

#[derive(Clone, Debug)]
enum Body {
    /// URL-encoded pairs.
    Form(Vec<(String, String)>),
    /// Any bytes.
    Raw(Vec<u8>),
    /// One file part, possibly cut off before its end.
    Multipart {
        field: String,
        filename: String,
        content_type: String,
        bytes: Vec<u8>,
        cut: Option<usize>,
    },
}

#[derive(Clone, Debug)]
struct Case {
    /// Which route (an index into the list made at run time).
    target: usize,
    /// 0 anonymous, 1 candidate, 2 staff.
    who: usize,
    /// Replaces each `{…}` in the route's path.
    segment: String,
    query: String,
    body: Body,
    content_type: Option<String>,
    /// A cookie header instead of the person's session.
    cookie: Option<String>,
    accept: Option<String>,
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0i64..12).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        3 => "\\PC{0,24}",
        1 => "[0-9a-f]{32}",
        1 => Just(String::new()),
        2 => prop::sample::select(WORDS).prop_map(str::to_owned),
        1 => (1usize..80_000).prop_map(|n| "x".repeat(n)),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_]{1,10}(\\[[a-z_0-9]{0,6}\\]){0,2}",
    ]
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        5 => prop::collection::vec((key(), value()), 0..10).prop_map(Body::Form),
        1 => prop::collection::vec(any::<u8>(), 0..600).prop_map(Body::Raw),
        2 => (
            prop_oneof![
                Just("resume".to_owned()),
                Just("artefact".to_owned()),
                "[a-z]{0,8}"
            ],
            "[ -~]{0,40}",
            prop_oneof![
                Just("application/pdf".to_owned()),
                Just("application/octet-stream".to_owned()),
                "[ -~]{0,20}"
            ],
            prop_oneof![
                Just(b"%PDF-1.4\n%%EOF\n".to_vec()),
                prop::collection::vec(any::<u8>(), 0..2_000)
            ],
            prop::option::of(0usize..400),
        )
            .prop_map(|(field, filename, content_type, bytes, cut)| Body::Multipart {
                field,
                filename,
                content_type,
                bytes,
                cut,
            }),
    ]
}

fn case(targets: usize) -> impl Strategy<Value = Case> {
    (
        0..targets,
        0usize..3,
        prop_oneof![
            3 => (0i64..12).prop_map(|n| n.to_string()),
            1 => "[0-9a-f]{32}",
            1 => "[a-zA-Z0-9_%.~-]{0,24}",
        ],
        "[a-zA-Z0-9_=&%\\[\\].+-]{0,48}",
        body(),
        prop::option::of(prop_oneof![
            Just("application/x-www-form-urlencoded".to_owned()),
            Just("application/json".to_owned()),
            Just("multipart/form-data; boundary=fuzz".to_owned()),
            Just("multipart/form-data".to_owned()),
            Just("text/plain".to_owned()),
            "[ -~]{0,30}",
        ]),
        prop::option::of("[ -~]{0,60}"),
        prop::option::of(prop_oneof![
            Just("text/html".to_owned()),
            Just("application/json".to_owned()),
            "[ -~]{0,20}",
        ]),
    )
        .prop_map(
            |(target, who, segment, query, body, content_type, cookie, accept)| Case {
                target,
                who,
                segment,
                query,
                body,
                content_type,
                cookie,
                accept,
            },
        )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Get,
    Post,
}

/// Every route: the server functions, the pages, and the plain routes.
fn targets() -> Vec<(Method, String)> {
    let mut all: Vec<(Method, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| (Method::Post, path.to_owned()))
        .collect();
    all.extend(
        techforce::startup::page_paths()
            .into_iter()
            .map(|path| (Method::Get, path)),
    );
    for path in [
        "/jobs/{id}/apply/resume",
        "/account/resume",
        "/admin/challenges/{id}/artefacts",
    ] {
        all.push((Method::Post, path.to_owned()));
    }
    for path in [
        "/account/resume",
        "/applications/{id}/resume",
        "/manage/certificates/{id}/csv",
        "/admin/reports/{file}",
        "/admin/challenges/{id}/artefacts/{artefact}",
        "/admin/challenges/{id}/sample",
        "/assessments/{id}/challenges/{challenge}/file",
        "/assessments/{id}/artefacts/{artefact}",
        "/api/v1/jobs",
        "/api/v1/jobs/{id}",
    ] {
        all.push((Method::Get, path.to_owned()));
    }
    all
}

/// `path` with every `{…}` or `:…` segment replaced by `segment`.
fn fill(path: &str, segment: &str) -> String {
    path.split('/')
        .map(|part| {
            if part.starts_with('{') || part.starts_with(':') {
                segment
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A fresh session for `email` (restored to `role` and enabled first: a
/// case may have signed it out, disabled it or changed its role).
async fn session(app: &TestApp, email: &str, role: Role) -> String {
    sqlx::query("UPDATE users SET role = $1, disabled_at = NULL WHERE email = $2")
        .bind(role.as_str())
        .bind(email)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    common::session_token(app, email).await
}

fn multipart(
    field: &str,
    filename: &str,
    content_type: &str,
    bytes: &[u8],
    cut: Option<usize>,
) -> Vec<u8> {
    let mut out = format!(
        "--fuzz\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n--fuzz--\r\n");
    if let Some(cut) = cut {
        out.truncate(cut.min(out.len()));
    }
    out
}

/// Sends `case`; returns the status.
async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    targets: &[(Method, String)],
    sessions: &[Option<String>; 3],
    case: &Case,
) -> reqwest::StatusCode {
    let (method, path) = &targets[case.target];
    let mut url = app.url(&fill(path, &case.segment));
    if !case.query.is_empty() {
        url = format!("{url}?{}", case.query);
    }
    let mut request = match method {
        Method::Get => client.get(&url),
        Method::Post => client.post(&url).header("origin", PUBLIC_URL),
    };
    let cookie = match (&case.cookie, &sessions[case.who]) {
        (Some(junk), _) if case.who == 0 => Some(junk.clone()),
        (_, Some(token)) => Some(format!("techforce_session={token}")),
        _ => None,
    };
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(accept) = &case.accept {
        request = request.header("accept", accept.as_str());
    }
    if *method == Method::Post {
        let (bytes, default_type) = match &case.body {
            Body::Form(pairs) => (
                serde_urlencoded::to_string(pairs).unwrap().into_bytes(),
                "application/x-www-form-urlencoded",
            ),
            Body::Raw(bytes) => (bytes.clone(), "application/octet-stream"),
            Body::Multipart {
                field,
                filename,
                content_type,
                bytes,
                cut,
            } => (
                multipart(field, filename, content_type, bytes, *cut),
                "multipart/form-data; boundary=fuzz",
            ),
        };
        let content_type = case.content_type.as_deref().unwrap_or(default_type);
        request = request.header("content-type", content_type).body(bytes);
    }
    match request.send().await {
        Ok(response) => response.status(),
        // The client would not send it (a header it refuses to build):
        // nothing reached the server.
        Err(error) if error.is_builder() => reqwest::StatusCode::BAD_REQUEST,
        Err(error) => panic!("{url}: {error}"),
    }
}

async fn random_and_malformed_requests_get_a_clear_answer_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let opening = published_opening(&app, HiringMethod::DirectHire).await;
    submitted(&app, "casey@example.com", opening).await;
    published_opening(&app, HiringMethod::CategoryRating).await;

    let targets = targets();
    let cases: u32 = std::env::var("TECHFORCE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_500);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(common::REQUEST_TIMEOUT)
        .build()
        .unwrap();
    let handle = tokio::runtime::Handle::current();
    let statuses = std::sync::Mutex::new(std::collections::BTreeMap::<u16, u32>::new());
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = tokio::task::block_in_place(|| {
        runner
            .run(&case(targets.len()), |case| {
                handle.block_on(async {
                    let sessions = [
                        None,
                        Some(session(&app, "casey@example.com", Role::Candidate).await),
                        Some(session(&app, "staff@agency.gov", Role::Staff).await),
                    ];
                    let before = fingerprint(&app).await;
                    let status = send(&app, &client, &targets, &sessions, &case).await;
                    *statuses.lock().unwrap().entry(status.as_u16()).or_default() += 1;
                    if status.is_server_error() {
                        return Err(TestCaseError::fail(format!("{status} for {case:?}")));
                    }
                    let is_get = targets[case.target].0 == Method::Get;
                    if (status.is_client_error() || is_get) && fingerprint(&app).await != before {
                        return Err(TestCaseError::fail(format!(
                            "{status} yet the database changed: {case:?}"
                        )));
                    }
                    Ok(())
                })
            })
            .map_err(|failure| failure.to_string())
    });
    let statuses = statuses.into_inner().unwrap();
    let run: u32 = statuses.values().sum();
    println!(
        "{backend:?}: {run} requests ({cases} cases and any shrinking) over {} routes in {:.0?}; answers {statuses:?}",
        targets.len(),
        started.elapsed()
    );
    outcome.unwrap();
}
