//! Assessments: staff attach library challenges to an opening; a candidate
//! with a submitted application takes it against the clock; answers are
//! judged, limited and checked for sharing; the score is computed when it
//! ends. Through real HTTP, on both databases, with the app's clock moved
//! forward instead of sleeping.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty, Hint};
use app::domain::opening::HiringMethod;
use app::server::challenges::generators;
use app::server::challenges::library::insert_challenge;
use common::{
    Backend, PUBLIC_URL, TestApp, account, browser, page, post, published_opening, submitted,
};
use reqwest::StatusCode;

on_both_databases!(
    staff_attach_an_assessment_and_a_candidate_takes_it_to_a_score,
    the_deadline_ends_the_assessment_without_anyone_waiting,
    attempt_and_rate_limits_hold_under_fifty_concurrent_answers,
    an_answer_from_another_candidates_file_is_flagged_quietly,
    nobody_else_reaches_a_candidates_assessment,
);

async fn challenge(app: &TestApp, title: &str, points: i64, attempts: i64, key: AnswerKey) -> i64 {
    let fields = ChallengeFields {
        title: title.into(),
        category: Category::IncidentResponse,
        difficulty: Difficulty::Intermediate,
        points,
        description: format!("Task: {title}."),
        max_attempts: attempts,
        hints: vec![Hint {
            text: "Count the failures per address.".into(),
            cost: 15,
        }],
        key,
    };
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = insert_challenge(&mut tx, &fields, None).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// Attaches an assessment of `challenges` to `opening` as staff.
async fn attach(app: &TestApp, staff: &reqwest::Client, opening: i64, challenges: &[i64]) {
    let opening = opening.to_string();
    let ids: Vec<String> = challenges.iter().map(i64::to_string).collect();
    let mut form: Vec<(&str, &str)> = vec![
        ("opening_id", &opening),
        ("assessment[time_limit_minutes]", "90"),
        ("assessment[pass_mark]", "60"),
        ("assessment[well_from]", "75"),
        ("assessment[best_from]", "90"),
    ];
    for id in &ids {
        form.push(("assessment[challenges][]", id));
    }
    let saved = post(app, staff, "/api/admin/save-assessment", &form).await;
    assert_eq!(saved.status(), StatusCode::OK, "{:?}", saved.text().await);
}

async fn act(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    post(app, client, path, form).await
}

async fn answer(
    app: &TestApp,
    client: &reqwest::Client,
    public_id: &str,
    challenge: i64,
    given: &str,
) -> reqwest::Response {
    act(
        app,
        client,
        "/api/assessments/answer",
        &[
            ("public_id", public_id),
            ("challenge_id", &challenge.to_string()),
            ("answer", given),
        ],
    )
    .await
}

fn result_of(response: &reqwest::Response) -> String {
    let location = response.headers()["location"].to_str().unwrap();
    location
        .split("result=")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_owned()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

/// The generated answer a candidate's own file hides.
async fn own_answer(app: &TestApp, email: &str, challenge: i64) -> String {
    let candidate = user_id(app, email).await;
    let application: i64 =
        sqlx::query_scalar("SELECT id FROM applications WHERE candidate_id = $1")
            .bind(candidate)
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

async fn status_of(app: &TestApp, public_id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn staff_attach_an_assessment_and_a_candidate_takes_it_to_a_score(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let sam = browser(&app, "sam@example.com").await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let pattern = challenge(
        &app,
        "Name the CVE",
        40,
        3,
        AnswerKey::Regex {
            pattern: r"CVE-2021-44228".into(),
        },
    )
    .await;
    let choice = challenge(
        &app,
        "Pick the hash",
        20,
        1,
        AnswerKey::MultipleChoice {
            choices: vec!["MD5".into(), "SHA-256".into()],
            correct: 1,
        },
    )
    .await;
    let generated = challenge(
        &app,
        "Find the intruder",
        100,
        5,
        AnswerKey::Generated {
            generator: "ssh-brute-force".into(),
        },
    )
    .await;

    // Settings are checked field by field.
    let opening_text = opening.to_string();
    let refused = post(
        &app,
        &sam,
        "/api/admin/save-assessment",
        &[
            ("opening_id", &opening_text),
            ("assessment[time_limit_minutes]", "90"),
            ("assessment[pass_mark]", "80"),
            ("assessment[well_from]", "70"),
            ("assessment[best_from]", "90"),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("challenges"));
    attach(&app, &sam, opening, &[pattern, choice, generated]).await;
    let (_, editor) = page(&sam, &app, &format!("/admin/jobs/{opening}")).await;
    assert!(editor.contains("Save the assessment"), "{editor}");

    let pid = submitted(&app, "casey@example.com", opening).await;
    let casey = browser(&app, "casey@example.com").await;
    let (_, detail) = page(&casey, &app, &format!("/applications/{pid}")).await;
    assert!(detail.contains(&format!("/assessments/{pid}")), "{detail}");
    let (status, ready) = page(&casey, &app, &format!("/assessments/{pid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ready.contains("Start the assessment"), "{ready}");
    assert!(ready.contains("3 challenges worth 160 points"), "{ready}");

    let started = act(
        &app,
        &casey,
        "/api/assessments/start",
        &[("public_id", &pid)],
    )
    .await;
    assert_eq!(started.status(), StatusCode::OK);
    let (_, sitting) = page(&casey, &app, &format!("/assessments/{pid}")).await;
    assert!(
        sitting.contains("Find the intruder") && sitting.contains("left"),
        "{sitting}"
    );
    let own = own_answer(&app, "casey@example.com", generated).await;
    assert!(!sitting.contains(&own), "the answer is never on the page");
    assert!(!sitting.contains("CVE-2021-44228"), "nor the pattern");

    // The candidate's own file holds their answer.
    let file = casey
        .get(app.url(&format!("/assessments/{pid}/challenges/{generated}/file")))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    let (ip, user) = own.split_once(' ').unwrap();
    assert!(
        file.text()
            .await
            .unwrap()
            .contains(&format!("Accepted password for {user} from {ip} "))
    );

    let wrong = answer(&app, &casey, &pid, pattern, "CVE-2014-0160").await;
    assert_eq!(result_of(&wrong), "wrong");
    let right = answer(&app, &casey, &pid, pattern, "  CVE-2021-44228 ").await;
    assert_eq!(result_of(&right), "right");
    let again = answer(&app, &casey, &pid, pattern, "CVE-2021-44228").await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "solved once");
    let choice_right = answer(&app, &casey, &pid, choice, "1").await;
    assert_eq!(result_of(&choice_right), "right");
    let hint = act(
        &app,
        &casey,
        "/api/assessments/hint",
        &[
            ("public_id", &pid),
            ("challenge_id", &generated.to_string()),
            ("hint", "0"),
        ],
    )
    .await;
    assert_eq!(hint.status(), StatusCode::OK);
    let (_, with_hint) = page(&casey, &app, &format!("/assessments/{pid}")).await;
    assert!(with_hint.contains("Count the failures per address."));
    let reordered = format!("{user} {ip}").to_uppercase();
    let generated_right = answer(&app, &casey, &pid, generated, &reordered).await;
    assert_eq!(result_of(&generated_right), "right");

    let unconfirmed = act(
        &app,
        &casey,
        "/api/assessments/finish",
        &[("public_id", &pid)],
    )
    .await;
    assert_eq!(unconfirmed.status(), StatusCode::BAD_REQUEST);
    let finished = act(
        &app,
        &casey,
        "/api/assessments/finish",
        &[("public_id", &pid), ("confirm", "yes")],
    )
    .await;
    assert_eq!(finished.status(), StatusCode::OK);
    let (score, max): (i64, i64) = sqlx::query_as("SELECT score, max_score FROM sittings")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!((score, max), (40 + 20 + 100 - 15, 160));
    assert_eq!(status_of(&app, &pid).await, "assessment_completed");
    let mail = app.wait_for_mail(1).await;
    assert!(
        mail.iter()
            .any(|m| m.contains("Subject: Assessment complete: Cyber Defense Analyst"))
    );
    let late = answer(&app, &casey, &pid, choice, "0").await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let (_, ended) = page(&casey, &app, &format!("/assessments/{pid}")).await;
    assert!(ended.contains("You solved 3 of 3 challenges"), "{ended}");

    // Staff see how the challenge went: answers, solve rate, median time.
    let (_, stats) = page(&sam, &app, &format!("/admin/challenges/{pattern}/preview")).await;
    assert!(stats.contains("Answers given: 2"), "{stats}");
    assert!(stats.contains("Solved by: 1 of 1 (100%)"), "{stats}");
    assert!(stats.contains("Median time to solve: 0 min"), "{stats}");
    let (_, list) = page(&sam, &app, "/admin/challenges").await;
    assert!(list.contains("1 of 1 (100%)"), "{list}");

    // Once started, the assessment no longer changes.
    let locked = post(
        &app,
        &sam,
        "/api/admin/save-assessment",
        &[
            ("opening_id", &opening_text),
            ("assessment[challenges][]", &pattern.to_string()),
            ("assessment[time_limit_minutes]", "30"),
            ("assessment[pass_mark]", "60"),
            ("assessment[well_from]", "75"),
            ("assessment[best_from]", "90"),
        ],
    )
    .await;
    assert_eq!(locked.status(), StatusCode::CONFLICT);
    // So do its challenges' answers and points; their wording still can.
    let edit = |points: &'static str, title: &'static str| {
        let id = pattern.to_string();
        let sam = sam.clone();
        let url = app.url("/api/admin/update-challenge");
        async move {
            sam.post(url)
                .header("origin", PUBLIC_URL)
                .form(&[
                    ("id", id.as_str()),
                    ("version", "1"),
                    ("challenge[title]", title),
                    ("challenge[category]", "incident_response"),
                    ("challenge[difficulty]", "intermediate"),
                    ("challenge[points]", points),
                    ("challenge[max_attempts]", "3"),
                    ("challenge[description]", "Task: Name the CVE."),
                    ("challenge[check]", "regex"),
                    ("challenge[answer]", "CVE-2021-44228"),
                    ("challenge[choices]", ""),
                    ("challenge[generator]", ""),
                    ("challenge[hints]", "15 | Count the failures per address."),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let repriced = edit("400", "Name the CVE").await;
    assert_eq!(repriced.status(), StatusCode::CONFLICT);
    assert!(
        repriced
            .text()
            .await
            .unwrap()
            .contains("can no longer change")
    );
    let reworded = edit("40", "Name that CVE").await;
    assert_eq!(reworded.status(), StatusCode::OK);
}

async fn the_deadline_ends_the_assessment_without_anyone_waiting(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let sam = browser(&app, "sam@example.com").await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let task = challenge(
        &app,
        "Flag",
        50,
        5,
        AnswerKey::CaseInsensitive {
            answer: "flag{x}".into(),
        },
    )
    .await;
    attach(&app, &sam, opening, &[task]).await;
    let casey_pid = submitted(&app, "casey@example.com", opening).await;
    let drew_pid = submitted(&app, "drew@example.com", opening).await;
    let casey = browser(&app, "casey@example.com").await;
    let drew = browser(&app, "drew@example.com").await;
    for (client, pid) in [(&casey, &casey_pid), (&drew, &drew_pid)] {
        let started = act(
            &app,
            client,
            "/api/assessments/start",
            &[("public_id", pid)],
        )
        .await;
        assert_eq!(started.status(), StatusCode::OK);
    }
    let right = answer(&app, &casey, &casey_pid, task, "FLAG{X}").await;
    assert_eq!(result_of(&right), "right");

    app.state.clock.advance(time::Duration::minutes(89));
    let (_, still) = page(&drew, &app, &format!("/assessments/{drew_pid}")).await;
    assert!(still.contains("min"), "a minute left: {still}");
    app.state.clock.advance(time::Duration::minutes(2));

    // A late answer is refused, and ends the sitting at its deadline.
    let late = answer(&app, &casey, &casey_pid, task, "flag{x}").await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(late.text().await.unwrap().contains("Time is up"));
    assert_eq!(status_of(&app, &casey_pid).await, "assessment_completed");
    let (ended_at, deadline, score): (String, String, i64) = sqlx::query_as(
        "SELECT s.ended_at, s.deadline, s.score FROM sittings s
         JOIN applications a ON a.id = s.application_id WHERE a.public_id = $1",
    )
    .bind(&casey_pid)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        ended_at, deadline,
        "it ended at the deadline, not at the late answer"
    );
    assert_eq!(score, 50);

    // The scheduler ends the other one, once. The running app's scheduler
    // may tick in between and end it first: either way it ends once (one
    // "complete" email each, below).
    let ended = app::server::assessments::end_overdue_sittings(&app.state)
        .await
        .unwrap();
    assert!(ended <= 1, "{ended}");
    assert_eq!(
        app::server::assessments::end_overdue_sittings(&app.state)
            .await
            .unwrap(),
        0
    );
    assert_eq!(status_of(&app, &drew_pid).await, "assessment_completed");
    let mail = app.wait_for_mail(2).await;
    assert_eq!(
        mail.iter()
            .filter(|m| m.contains("Subject: Assessment complete"))
            .count(),
        2
    );
}

async fn attempt_and_rate_limits_hold_under_fifty_concurrent_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let sam = browser(&app, "sam@example.com").await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let few = challenge(
        &app,
        "Few tries",
        10,
        5,
        AnswerKey::Exact { answer: "x".into() },
    )
    .await;
    let many = challenge(
        &app,
        "Many tries",
        10,
        100,
        AnswerKey::Exact { answer: "x".into() },
    )
    .await;
    attach(&app, &sam, opening, &[few, many]).await;
    let pid = submitted(&app, "casey@example.com", opening).await;
    let casey = browser(&app, "casey@example.com").await;
    act(
        &app,
        &casey,
        "/api/assessments/start",
        &[("public_id", &pid)],
    )
    .await;

    let count = |challenge: i64| {
        let pool = app.state.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM submissions WHERE challenge_id = $1")
                .bind(challenge)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    for (challenge, limit, refusal) in [
        (few, 5, StatusCode::CONFLICT),
        (
            many,
            app::server::assessments::ANSWERS_PER_MINUTE - 5,
            StatusCode::TOO_MANY_REQUESTS,
        ),
    ] {
        let mut tries = tokio::task::JoinSet::new();
        for i in 0..50 {
            let casey = casey.clone();
            let url = app.url("/api/assessments/answer");
            let pid = pid.clone();
            tries.spawn(async move {
                casey
                    .post(url)
                    .header("origin", PUBLIC_URL)
                    .form(&[
                        ("public_id", pid.as_str()),
                        ("challenge_id", &challenge.to_string()),
                        ("answer", &format!("wrong {i}")),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            });
        }
        let statuses = tries.join_all().await;
        let accepted = statuses.iter().filter(|s| **s == StatusCode::OK).count() as i64;
        let refused = statuses.iter().filter(|s| **s == refusal).count() as i64;
        assert_eq!(accepted, limit, "{statuses:?}");
        assert_eq!(accepted + refused, 50, "nothing else: {statuses:?}");
        assert_eq!(
            count(challenge).await,
            limit,
            "every accepted answer recorded once"
        );
    }
    // A minute later the rate limit has passed; the attempts are intact.
    app.state.clock.advance(time::Duration::minutes(2));
    let right = answer(&app, &casey, &pid, many, "x").await;
    assert_eq!(result_of(&right), "right");
}

async fn an_answer_from_another_candidates_file_is_flagged_quietly(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let sam = browser(&app, "sam@example.com").await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let generated = challenge(
        &app,
        "Find the intruder",
        100,
        5,
        AnswerKey::Generated {
            generator: "ssh-brute-force".into(),
        },
    )
    .await;
    attach(&app, &sam, opening, &[generated]).await;
    let casey_pid = submitted(&app, "casey@example.com", opening).await;
    let drew_pid = submitted(&app, "drew@example.com", opening).await;
    let casey = browser(&app, "casey@example.com").await;
    let drew = browser(&app, "drew@example.com").await;
    act(
        &app,
        &casey,
        "/api/assessments/start",
        &[("public_id", &casey_pid)],
    )
    .await;
    act(
        &app,
        &drew,
        "/api/assessments/start",
        &[("public_id", &drew_pid)],
    )
    .await;

    let caseys = own_answer(&app, "casey@example.com", generated).await;
    assert_ne!(
        caseys,
        own_answer(&app, "drew@example.com", generated).await
    );
    let copied = answer(&app, &drew, &drew_pid, generated, &caseys).await;
    assert_eq!(copied.status(), StatusCode::OK);
    assert_eq!(result_of(&copied), "wrong", "told only that it is wrong");
    let (_, drews_page) = page(
        &drew,
        &app,
        &format!("/assessments/{drew_pid}?challenge={generated}&result=wrong"),
    )
    .await;
    assert!(drews_page.contains("is not right"), "{drews_page}");
    assert!(
        !drews_page.to_lowercase().contains("integrity"),
        "nothing about a flag"
    );

    let flags: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT offender.public_id, owner.public_id, f.answer FROM integrity_flags f
         JOIN sittings s ON s.id = f.sitting_id JOIN applications offender ON offender.id = s.application_id
         JOIN sittings o ON o.id = f.owner_sitting_id JOIN applications owner ON owner.id = o.application_id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        flags,
        vec![(drew_pid.clone(), casey_pid.clone(), caseys.clone())]
    );
    // Staff see the flag: which application, whose answer, when.
    let numbers: Vec<i64> = sqlx::query_scalar("SELECT id FROM applications ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    let (_, preview) = page(
        &sam,
        &app,
        &format!("/admin/challenges/{generated}/preview"),
    )
    .await;
    let row = format!(
        "<th scope=\"row\">TF-{:06}</th><td>TF-{:06}</td>",
        numbers[1], numbers[0]
    );
    assert!(preview.contains(&row), "{row} in {preview}");
    // The same copied answer again is the same flag, not a new one.
    let again = answer(&app, &drew, &drew_pid, generated, &caseys).await;
    assert_eq!(result_of(&again), "wrong");
    // An honest wrong answer flags nobody.
    answer(&app, &casey, &casey_pid, generated, "203.0.113.1 root").await;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM integrity_flags")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(total, 1);
}

async fn nobody_else_reaches_a_candidates_assessment(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    account(&app, "morgan@example.com", Role::HiringManager).await;
    let sam = browser(&app, "sam@example.com").await;
    let morgan = browser(&app, "morgan@example.com").await;
    let opening = published_opening(&app, HiringMethod::CategoryRating).await;
    let generated = challenge(
        &app,
        "Find the intruder",
        100,
        5,
        AnswerKey::Generated {
            generator: "ssh-brute-force".into(),
        },
    )
    .await;
    attach(&app, &sam, opening, &[generated]).await;
    let casey_pid = submitted(&app, "casey@example.com", opening).await;
    let drew_pid = submitted(&app, "drew@example.com", opening).await;
    let casey = browser(&app, "casey@example.com").await;
    let drew = browser(&app, "drew@example.com").await;

    // Another candidate cannot see, start, answer or download Casey's.
    let (status, _) = page(&drew, &app, &format!("/assessments/{casey_pid}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let start = act(
        &app,
        &drew,
        "/api/assessments/start",
        &[("public_id", &casey_pid)],
    )
    .await;
    assert_eq!(start.status(), StatusCode::NOT_FOUND);
    act(
        &app,
        &casey,
        "/api/assessments/start",
        &[("public_id", &casey_pid)],
    )
    .await;
    let steal = drew
        .get(app.url(&format!(
            "/assessments/{casey_pid}/challenges/{generated}/file"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(steal.status(), StatusCode::NOT_FOUND);
    let answer_for = answer(&app, &drew, &casey_pid, generated, "x y").await;
    assert_eq!(answer_for.status(), StatusCode::NOT_FOUND);
    // Staff and managers do not take assessments; they are refused.
    for client in [&sam, &morgan] {
        let refused = act(
            &app,
            client,
            "/api/assessments/start",
            &[("public_id", &casey_pid)],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let file = client
            .get(app.url(&format!(
                "/assessments/{casey_pid}/challenges/{generated}/file"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(file.status(), StatusCode::NOT_FOUND);
    }
    let anonymous = act(
        &app,
        &app.client,
        "/api/assessments/start",
        &[("public_id", &casey_pid)],
    )
    .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Only staff attach assessments.
    for client in [&casey, &morgan] {
        let refused = post(
            &app,
            client,
            "/api/admin/save-assessment",
            &[
                ("opening_id", &opening.to_string()),
                ("assessment[challenges][]", &generated.to_string()),
                ("assessment[time_limit_minutes]", "5"),
                ("assessment[pass_mark]", "1"),
                ("assessment[well_from]", "1"),
                ("assessment[best_from]", "1"),
            ],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let read = post(
            &app,
            client,
            "/api/admin/assessment",
            &[("opening_id", &opening.to_string())],
        )
        .await;
        assert_eq!(read.status(), StatusCode::FORBIDDEN);
    }

    // After withdrawing, no start and no answers.
    let withdrawn = post(
        &app,
        &drew,
        "/api/applications/withdraw",
        &[("public_id", &drew_pid), ("confirm", "yes")],
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let start = act(
        &app,
        &drew,
        "/api/assessments/start",
        &[("public_id", &drew_pid)],
    )
    .await;
    assert_eq!(start.status(), StatusCode::CONFLICT);
    let casey_withdraws = post(
        &app,
        &casey,
        "/api/applications/withdraw",
        &[("public_id", &casey_pid), ("confirm", "yes")],
    )
    .await;
    assert_eq!(casey_withdraws.status(), StatusCode::OK);
    let after = answer(&app, &casey, &casey_pid, generated, "x y").await;
    assert_eq!(after.status(), StatusCode::CONFLICT);
    assert!(after.text().await.unwrap().contains("withdrew"));
}
