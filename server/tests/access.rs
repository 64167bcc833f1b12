//! Deny by default: every server function the application registers is
//! walked here. Each one must refuse an anonymous caller with 401, unless it
//! is on the short list of functions meant for people who are not signed
//! in; and each refuses a request from another site. A new server function
//! without a guard fails this test.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, PUBLIC_URL, TestApp};
use reqwest::StatusCode;

/// Server functions that anyone may call (each checks its own input).
const PUBLIC: &[&str] = &[
    "/api/sign-in",
    "/api/sign-out",
    "/api/whoami",
    "/api/sign-up",
    "/api/verify-email",
    "/api/forgot-password",
    "/api/reset-link-valid",
    "/api/reset-password",
    "/api/jobs/search",
    "/api/jobs/get",
    "/api/jobs/newest",
];

on_both_databases!(every_server_function_has_a_rule);

async fn every_server_function_has_a_rule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    paths.sort_unstable();
    assert!(paths.len() >= 15, "the registry was read: {paths:?}");
    for public in PUBLIC {
        assert!(
            paths.contains(public),
            "{public} is listed but not registered"
        );
    }

    let anonymous = reqwest::Client::new();
    for path in &paths {
        // From another site: refused before any handler runs.
        let cross = anonymous
            .post(app.url(path))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap();
        assert_eq!(
            cross.status(),
            StatusCode::FORBIDDEN,
            "{path} from another site"
        );

        if PUBLIC.contains(path) {
            continue;
        }
        // From this site but not signed in: refused whatever the input.
        let response = anonymous
            .post(app.url(path))
            .header("origin", PUBLIC_URL)
            .form::<[(&str, &str)]>(&[
                ("query", ""),
                ("page", "1"),
                ("user_id", "1"),
                ("role", "staff"),
                ("disabled", "true"),
                ("handle", "all-others"),
                ("name", "x"),
                ("phone", ""),
                ("current_password", "x"),
                ("new_password", "x"),
                ("id", "1"),
                ("version", "1"),
                ("action", "publish"),
                ("status", ""),
                ("opening[title]", "x"),
                ("opening[series]", ""),
                ("opening[grade_low]", "12"),
                ("opening[grade_high]", "12"),
                ("opening[locations]", ""),
                ("opening[workplace]", "remote"),
                ("opening[salary_min]", ""),
                ("opening[salary_max]", ""),
                ("opening[appointment]", ""),
                ("opening[who_may_apply]", ""),
                ("opening[vacancies]", "1"),
                ("opening[hiring_method]", "direct_hire"),
                ("opening[summary]", ""),
                ("opening[duties]", ""),
                ("opening[qualifications]", ""),
                ("opening[evaluation]", ""),
                ("opening[opens_on]", ""),
                ("opening[closes_on]", ""),
                ("question_id", "1"),
                ("opening_id", "1"),
                ("public_id", "x"),
                ("confirm", "yes"),
                ("veterans_preference", "none"),
                ("question[kind]", "essay"),
                ("question[prompt]", "Why?"),
                ("legal_name", "x"),
                ("challenge[title]", "x"),
                ("challenge[category]", "cryptography"),
                ("challenge[difficulty]", "advanced"),
                ("challenge[points]", "10"),
                ("challenge[description]", "x"),
                ("challenge[max_attempts]", "1"),
                ("challenge[check]", "exact"),
                ("challenge[answer]", "x"),
                ("challenge[choices]", ""),
                ("challenge[generator]", ""),
                ("challenge[hints]", ""),
                ("artefact_id", "1"),
                ("assessment[challenges][]", "1"),
                ("assessment[time_limit_minutes]", "90"),
                ("assessment[pass_mark]", "50"),
                ("assessment[well_from]", "60"),
                ("assessment[best_from]", "70"),
                ("challenge_id", "1"),
                ("answer", "x"),
                ("hint", "0"),
                ("filter[sort]", ""),
                ("event", "select"),
                ("note", ""),
                ("chosen[]", "x"),
                ("back", ""),
                ("body", "x"),
                ("referral_range", "10"),
                ("card[recommendation]", "select"),
                ("code", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{path} without a session"
        );
    }
}
