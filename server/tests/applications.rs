//! Candidates apply step by step and follow their applications; nobody
//! else sees them. Through real HTTP, on both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use app::domain::opening::{
    Day, HiringMethod, OpeningFields, OpeningStatus, Question, QuestionKind, WorkplaceType,
};
use app::server::db::openings::{
    eastern_day, insert_opening, insert_question, update_opening_status,
};
use common::{Backend, PUBLIC_URL, TestApp, account, browser, page, pdf, post, status_of};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    a_candidate_applies_step_by_step_and_follows_the_application,
    a_draft_is_kept_between_sessions,
    a_knock_out_answer_screens_the_application_out_with_its_reason,
    one_application_per_opening_and_none_after_closing,
    only_verified_candidates_submit_and_only_candidates_apply,
    withdrawing_needs_confirmation_and_is_final,
    nobody_else_sees_or_touches_an_application,
    bad_uploads_are_refused_clearly_and_nothing_is_stored,
    a_resume_goes_only_to_its_candidate_staff_and_assigned_managers,
    the_profile_starts_every_new_application_and_is_its_owners_alone,
);

/// Uploads `bytes` as the résumé `name` for an opening.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    opening: i64,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    upload_to(
        app,
        client,
        &format!("/jobs/{opening}/apply/resume"),
        name,
        bytes,
    )
    .await
}

/// Uploads `bytes` as the résumé `name` to `path`.
async fn upload_to(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("resume", part);
    client
        .post(app.url(path))
        .header("origin", PUBLIC_URL)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn day(offset: i64) -> Day {
    eastern_day(time::OffsetDateTime::now_utc() + time::Duration::days(offset))
}

/// A published, open opening with a knock-out citizenship question, a
/// multiple-choice question and an essay; returns (opening id, question ids).
async fn open_opening(app: &TestApp) -> (i64, Vec<i64>) {
    let fields = OpeningFields {
        title: "Incident Responder".into(),
        series: "2210".into(),
        grade_low: 12,
        grade_high: 13,
        work_roles: vec!["PD-WRL-003".into()],
        locations: vec!["Washington, DC".into()],
        workplace: WorkplaceType::Telework,
        salary_min: Some(86_962),
        salary_max: Some(134_435),
        appointment: "Term, 2 years".into(),
        who_may_apply: "U.S. citizens".into(),
        vacancies: 2,
        hiring_method: HiringMethod::CategoryRating,
        summary: "Respond to incidents.".into(),
        duties: "Triage.".into(),
        qualifications: "Experience.".into(),
        evaluation: "Assessment.".into(),
        opens_on: Some(day(-2)),
        closes_on: Some(day(10)),
    };
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = insert_opening(&mut tx, &fields, None).await.unwrap();
    let questions = [
        Question {
            kind: QuestionKind::YesNo,
            prompt: "Are you a U.S. citizen?".into(),
            choices: vec!["Yes".into(), "No".into()],
            knockout_answer: Some("No".into()),
        },
        Question {
            kind: QuestionKind::MultipleChoice,
            prompt: "Years of incident response?".into(),
            choices: vec!["None".into(), "1 to 3".into(), "More than 3".into()],
            knockout_answer: None,
        },
        Question {
            kind: QuestionKind::Essay,
            prompt: "Describe a hard incident.".into(),
            choices: Vec::new(),
            knockout_answer: None,
        },
    ];
    let mut ids = Vec::new();
    for q in &questions {
        ids.push(insert_question(&mut tx, id, q).await.unwrap());
    }
    assert!(
        update_opening_status(&mut tx, id, OpeningStatus::Draft, OpeningStatus::Published)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    (id, ids)
}

/// Fills in steps 1 and 2; returns the answers' statuses.
async fn fill_in(
    app: &TestApp,
    client: &reqwest::Client,
    opening: i64,
    questions: &[i64],
    citizen: &str,
) {
    let opening = opening.to_string();
    let keys: Vec<String> = questions.iter().map(|q| format!("answers[q{q}]")).collect();
    let saved = post(
        app,
        client,
        "/api/apply/answers",
        &[
            ("opening_id", &opening),
            (&keys[0], citizen),
            (&keys[1], "1 to 3"),
            (&keys[2], "A ransomware night.\r\nWe contained it."),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK, "answers saved");
    assert_eq!(
        saved.headers()["location"],
        format!("/jobs/{opening}/apply?step=resume").as_str()
    );
    let opening_id: i64 = opening.parse().unwrap();
    let uploaded = upload(app, client, opening_id, "Casey CV.pdf", pdf(2)).await;
    assert_eq!(uploaded.status(), StatusCode::OK, "résumé uploaded");
    let letter = post(
        app,
        client,
        "/api/apply/cover-letter",
        &[
            ("opening_id", &opening),
            ("cover_letter", "Dear panel,\r\nI respond."),
        ],
    )
    .await;
    assert_eq!(letter.status(), StatusCode::OK, "cover letter saved");
    assert_eq!(
        letter.headers()["location"],
        format!("/jobs/{opening}/apply?step=declarations").as_str()
    );
    let declared = post(
        app,
        client,
        "/api/apply/declarations",
        &[
            ("opening_id", &opening),
            ("veterans_preference", "cp"),
            ("attest", "yes"),
        ],
    )
    .await;
    assert_eq!(declared.status(), StatusCode::OK, "declarations saved");
}

async fn submit(app: &TestApp, client: &reqwest::Client, opening: i64) -> reqwest::Response {
    post(
        app,
        client,
        "/api/apply/submit",
        &[("opening_id", &opening.to_string())],
    )
    .await
}

/// The public id in `Location: /applications/{id}?…`.
fn public_id(response: &reqwest::Response) -> String {
    let location = response.headers()["location"].to_str().unwrap();
    location
        .trim_start_matches("/applications/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn a_candidate_applies_step_by_step_and_follows_the_application(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;

    let (status, html) = page(&casey, &app, &format!("/jobs/{opening}/apply")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Are you a U.S. citizen?"), "{html}");
    assert!(html.contains("Step"));

    // A missing required answer is named on its field.
    let incomplete = post(
        &app,
        &casey,
        "/api/apply/answers",
        &[("opening_id", &opening.to_string())],
    )
    .await;
    assert_eq!(incomplete.status(), StatusCode::BAD_REQUEST);
    let body: Value = incomplete.json().await.unwrap();
    assert!(body.to_string().contains(&format!("q{}", questions[0])));
    // An answer that was not offered is refused.
    let invented = post(
        &app,
        &casey,
        "/api/apply/answers",
        &[
            ("opening_id", &opening.to_string()),
            (&format!("answers[q{}]", questions[0]), "Maybe"),
            (&format!("answers[q{}]", questions[1]), "None"),
        ],
    )
    .await;
    assert_eq!(invented.status(), StatusCode::BAD_REQUEST);

    fill_in(&app, &casey, opening, &questions, "Yes").await;
    let (_, review) = page(&casey, &app, &format!("/jobs/{opening}/apply?step=review")).await;
    assert!(review.contains("1 to 3"));
    assert!(review.contains("CP: 10-point compensable"));
    let submitted = submit(&app, &casey, opening).await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let id = public_id(&submitted);
    assert_eq!(id.len(), 32, "a random id, not a counter");
    assert_eq!(status_of(&app, &id).await, "submitted");

    let mail = app.wait_for_mail(1).await;
    assert!(
        mail[0].contains("Subject: Application received: Incident Responder"),
        "{}",
        mail[0]
    );
    assert!(mail[0].contains("TF-"));
    assert!(mail[0].contains(&format!("{PUBLIC_URL}/applications/{id}")));

    let (status, detail) = page(&casey, &app, &format!("/applications/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(detail.contains("Received"));
    assert!(detail.contains("A ransomware night."));
    assert!(
        detail.contains("Dear panel,\nI respond."),
        "the cover letter is kept"
    );
    let too_long = "x".repeat(4_001);
    let refused = post(
        &app,
        &casey,
        "/api/apply/cover-letter",
        &[
            ("opening_id", &opening.to_string()),
            ("cover_letter", &too_long),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "too long");
    let late = post(
        &app,
        &casey,
        "/api/apply/cover-letter",
        &[
            ("opening_id", &opening.to_string()),
            ("cover_letter", "Changed"),
        ],
    )
    .await;
    assert_eq!(
        late.status(),
        StatusCode::CONFLICT,
        "a submitted application is not edited"
    );
    assert!(detail.contains("Withdraw this application"));
    let (status, list) = page(&casey, &app, "/applications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Incident Responder"));
    assert!(list.contains(&format!("/applications/{id}")));
    let mine: Value = post(&app, &casey, "/api/applications/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["status"], "submitted");
    let history: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_history h JOIN applications a ON a.id = h.application_id
         WHERE a.public_id = $1 AND h.to_status = 'submitted' AND h.actor = 'candidate'",
    )
    .bind(&id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(history, 1);
}

async fn a_draft_is_kept_between_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let (opening, questions) = open_opening(&app).await;
    let first = browser(&app, "casey@example.com").await;
    let saved = post(
        &app,
        &first,
        "/api/apply/answers",
        &[
            ("opening_id", &opening.to_string()),
            (&format!("answers[q{}]", questions[0]), "Yes"),
            (&format!("answers[q{}]", questions[1]), "More than 3"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    // Another session, later: the answers are there.
    let second = browser(&app, "casey@example.com").await;
    let state: Value = post(
        &app,
        &second,
        "/api/apply/state",
        &[("opening_id", &opening.to_string())],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(state["status"], "draft");
    assert_eq!(state["questions"][1]["answer"], "More than 3");
    let (_, html) = page(&second, &app, &format!("/jobs/{opening}/apply")).await;
    assert!(
        html.contains("checked"),
        "the saved choice is selected again"
    );
    // A draft cannot be submitted before the attestation.
    let early = submit(&app, &second, opening).await;
    assert_eq!(early.status(), StatusCode::BAD_REQUEST);
    let (_, list) = page(&second, &app, "/applications").await;
    assert!(list.contains("Not submitted yet"));
}

async fn a_knock_out_answer_screens_the_application_out_with_its_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;
    fill_in(&app, &casey, opening, &questions, "No").await;
    let submitted = submit(&app, &casey, opening).await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let id = public_id(&submitted);
    assert_eq!(status_of(&app, &id).await, "screened_out");
    let reason: String =
        sqlx::query_scalar("SELECT screened_out_reason FROM applications WHERE public_id = $1")
            .bind(&id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(reason, "Answered “No” to “Are you a U.S. citizen?”.");
    let mail = app.wait_for_mail(2).await;
    assert!(
        mail.iter()
            .any(|m| m.contains("does not meet an eligibility requirement"))
    );
    let detail: Value = post(&app, &casey, "/api/applications/get", &[("public_id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["summary"]["status"], "screened_out");
    assert_eq!(detail["can_withdraw"], false);
    assert_eq!(detail["history"][1]["note"], reason.as_str());
}

async fn one_application_per_opening_and_none_after_closing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "robin@example.com", Role::Candidate).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;
    fill_in(&app, &casey, opening, &questions, "Yes").await;
    assert_eq!(submit(&app, &casey, opening).await.status(), StatusCode::OK);
    let again = submit(&app, &casey, opening).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let edit = post(
        &app,
        &casey,
        "/api/apply/answers",
        &[
            ("opening_id", &opening.to_string()),
            (&format!("answers[q{}]", questions[0]), "No"),
        ],
    )
    .await;
    assert_eq!(
        edit.status(),
        StatusCode::CONFLICT,
        "a submitted application is not edited"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 1);

    // Robin's draft, then the opening closes (by the server's clock).
    let robin = browser(&app, "robin@example.com").await;
    fill_in(&app, &robin, opening, &questions, "Yes").await;
    sqlx::query("UPDATE openings SET closes_at = $1 WHERE id = $2")
        .bind("2000-01-01T00:00:00.000000Z")
        .bind(opening)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let late = submit(&app, &robin, opening).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let body: Value = late.json().await.unwrap();
    assert!(
        body.to_string().contains("This opening has closed"),
        "{body}"
    );
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM applications ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(statuses, vec!["submitted", "draft"]);
    let (status, html) = page(&robin, &app, &format!("/jobs/{opening}/apply")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("applications are no longer accepted"));
}

async fn only_verified_candidates_submit_and_only_candidates_apply(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let casey_id = account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "manager@agency.gov", Role::HiringManager).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let (opening, questions) = open_opening(&app).await;
    sqlx::query("UPDATE users SET verified_at = NULL WHERE id = $1")
        .bind(casey_id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let casey = browser(&app, "casey@example.com").await;
    fill_in(&app, &casey, opening, &questions, "Yes").await;
    let unverified = submit(&app, &casey, opening).await;
    assert_eq!(unverified.status(), StatusCode::CONFLICT);
    assert!(
        unverified
            .text()
            .await
            .unwrap()
            .contains("Confirm your email address")
    );
    let status: String = sqlx::query_scalar("SELECT status FROM applications")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(status, "draft", "the draft is kept");

    for email in ["manager@agency.gov", "staff@agency.gov"] {
        let client = browser(&app, email).await;
        let refused = post(
            &app,
            &client,
            "/api/apply/state",
            &[("opening_id", &opening.to_string())],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{email}");
        let (status, _) = page(&client, &app, &format!("/jobs/{opening}/apply")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
    let anonymous = reqwest::Client::new();
    let refused = post(
        &app,
        &anonymous,
        "/api/apply/submit",
        &[("opening_id", &opening.to_string())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    // Not yet open, draft or unknown openings cannot be applied for.
    let missing = post(
        &app,
        &casey,
        "/api/apply/state",
        &[("opening_id", "999999")],
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn withdrawing_needs_confirmation_and_is_final(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;
    fill_in(&app, &casey, opening, &questions, "Yes").await;
    let id = public_id(&submit(&app, &casey, opening).await);
    let (_, confirm) = page(&casey, &app, &format!("/applications/{id}?withdraw=1")).await;
    assert!(confirm.contains("Yes, withdraw my application"));
    let unconfirmed = post(
        &app,
        &casey,
        "/api/applications/withdraw",
        &[("public_id", &id), ("confirm", "")],
    )
    .await;
    assert_eq!(unconfirmed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(status_of(&app, &id).await, "submitted");
    let withdrawn = post(
        &app,
        &casey,
        "/api/applications/withdraw",
        &[("public_id", &id), ("confirm", "yes")],
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    assert_eq!(status_of(&app, &id).await, "withdrawn");
    let again = post(
        &app,
        &casey,
        "/api/applications/withdraw",
        &[("public_id", &id), ("confirm", "yes")],
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let mail = app.wait_for_mail(2).await;
    assert!(
        mail.iter()
            .any(|m| m.contains("Subject: Application withdrawn: Incident Responder"))
    );
    let (_, detail) = page(&casey, &app, &format!("/applications/{id}")).await;
    assert!(detail.contains("Withdrawn"));
    assert!(!detail.contains("Withdraw this application"));
}

async fn nobody_else_sees_or_touches_an_application(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "robin@example.com", Role::Candidate).await;
    account(&app, "manager@agency.gov", Role::HiringManager).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;
    fill_in(&app, &casey, opening, &questions, "Yes").await;
    let id = public_id(&submit(&app, &casey, opening).await);

    let robin = browser(&app, "robin@example.com").await;
    let seen = post(&app, &robin, "/api/applications/get", &[("public_id", &id)]).await;
    assert_eq!(seen.status(), StatusCode::NOT_FOUND);
    let (status, html) = page(&robin, &app, &format!("/applications/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("ransomware"));
    let withdrawn = post(
        &app,
        &robin,
        "/api/applications/withdraw",
        &[("public_id", &id), ("confirm", "yes")],
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::NOT_FOUND);
    assert_eq!(status_of(&app, &id).await, "submitted");
    let listed: Value = post(&app, &robin, "/api/applications/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 0);
    // Guessing: the internal number or a neighbouring id finds nothing.
    for guess in ["1", "TF-000001", "00000000000000000000000000000001"] {
        let guessed = post(
            &app,
            &robin,
            "/api/applications/get",
            &[("public_id", guess)],
        )
        .await;
        assert_eq!(guessed.status(), StatusCode::NOT_FOUND, "{guess}");
    }
    // A hiring manager (not yet assigned; the review pages come with the
    // workflow) is refused the candidate functions outright.
    let manager = browser(&app, "manager@agency.gov").await;
    let refused = post(
        &app,
        &manager,
        "/api/applications/get",
        &[("public_id", &id)],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let anonymous = reqwest::Client::new();
    let refused = post(
        &app,
        &anonymous,
        "/api/applications/get",
        &[("public_id", &id)],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

async fn documents(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM documents")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn bad_uploads_are_refused_clearly_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;

    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "resume.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00this program cannot be run in DOS mode"
                .to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "PDF or a Word",
        ),
        ("resume.pdf", Vec::new(), StatusCode::BAD_REQUEST, "empty"),
        ("resume.pdf", pdf(3), StatusCode::BAD_REQUEST, "at most 2"),
        ("resume.docx", pdf(1), StatusCode::UNSUPPORTED_MEDIA_TYPE, "doesn’t match"),
        (
            "resume.pdf",
            b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF".to_vec(),
            StatusCode::BAD_REQUEST,
            "couldn’t read",
        ),
    ];
    for (name, bytes, status, says) in cases {
        let refused = upload(&app, &casey, opening, name, bytes).await;
        assert_eq!(refused.status(), status, "{name} ({says})");
        let body = refused.text().await.unwrap();
        assert!(body.contains(says), "{says} in {body}");
    }
    // Too large: refused from its declared length, before the body is read
    // (so the request is written by hand: only its head and a few bytes are
    // ever sent).
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = app.base_url.trim_start_matches("http://").to_owned();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST /jobs/{opening}/apply/resume HTTP/1.1\r\nHost: {addr}\r\nOrigin: {PUBLIC_URL}\r\n\
             Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n--XYZ\r\n",
            6 * 1024 * 1024
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            stream.read_to_end(&mut answer),
        )
        .await
        .expect("an answer without the body")
        .unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    }
    // A multipart body cut off in the middle.
    let cut = casey
        .post(app.url(&format!("/jobs/{opening}/apply/resume")))
        .header("origin", PUBLIC_URL)
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"cv.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 half a fi")
        .send()
        .await
        .unwrap();
    assert_eq!(cut.status(), StatusCode::BAD_REQUEST);
    // No file at all.
    let empty_form = casey
        .post(app.url(&format!("/jobs/{opening}/apply/resume")))
        .header("origin", PUBLIC_URL)
        .multipart(reqwest::multipart::Form::new().text("note", "hello"))
        .send()
        .await
        .unwrap();
    assert_eq!(empty_form.status(), StatusCode::BAD_REQUEST);
    // From another site: refused before anything.
    let cross = casey
        .post(app.url(&format!("/jobs/{opening}/apply/resume")))
        .header("sec-fetch-site", "cross-site")
        .multipart(reqwest::multipart::Form::new().part(
            "resume",
            reqwest::multipart::Part::bytes(pdf(1)).file_name("cv.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(documents(&app).await, 0, "nothing stored");

    // A browser is sent back to the step with the problem named.
    let html = casey
        .post(app.url(&format!("/jobs/{opening}/apply/resume")))
        .header("origin", PUBLIC_URL)
        .header("accept", "text/html")
        .multipart(reqwest::multipart::Form::new().part(
            "resume",
            reqwest::multipart::Part::bytes(pdf(3)).file_name("cv.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), StatusCode::SEE_OTHER);
    let location = html.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/jobs/{opening}/apply?step=resume&error=pages")
    );
    let (_, page) = page(&casey, &app, &location).await;
    assert!(page.contains("can have at most 2 pages"), "{page}");

    // Submitting without a résumé is refused on its field.
    let saved = post(
        &app,
        &casey,
        "/api/apply/answers",
        &[
            ("opening_id", &opening.to_string()),
            (&format!("answers[q{}]", questions[0]), "Yes"),
            (&format!("answers[q{}]", questions[1]), "None"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    post(
        &app,
        &casey,
        "/api/apply/declarations",
        &[
            ("opening_id", &opening.to_string()),
            ("veterans_preference", "none"),
            ("attest", "yes"),
        ],
    )
    .await;
    let no_resume = submit(&app, &casey, opening).await;
    assert_eq!(no_resume.status(), StatusCode::BAD_REQUEST);
    assert!(
        no_resume
            .text()
            .await
            .unwrap()
            .contains("Attach your résumé")
    );

    // The same file twice is kept once.
    assert_eq!(
        upload(&app, &casey, opening, "cv.pdf", pdf(1))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        upload(&app, &casey, opening, "cv-again.pdf", pdf(1))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(documents(&app).await, 1);
}

async fn a_resume_goes_only_to_its_candidate_staff_and_assigned_managers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "robin@example.com", Role::Candidate).await;
    let assigned = account(&app, "assigned@agency.gov", Role::HiringManager).await;
    account(&app, "other@agency.gov", Role::HiringManager).await;
    account(&app, "staff@agency.gov", Role::Staff).await;
    let (opening, questions) = open_opening(&app).await;
    sqlx::query("INSERT INTO opening_managers (opening_id, user_id) VALUES ($1, $2)")
        .bind(opening)
        .bind(assigned)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let casey = browser(&app, "casey@example.com").await;
    fill_in(&app, &casey, opening, &questions, "Yes").await;
    let id = public_id(&submit(&app, &casey, opening).await);
    let path = format!("/applications/{id}/resume");
    let expected = pdf(2);

    for (email, allowed) in [
        ("casey@example.com", true),
        ("staff@agency.gov", true),
        ("assigned@agency.gov", true),
        ("robin@example.com", false),
        ("other@agency.gov", false),
    ] {
        let client = browser(&app, email).await;
        let response = client.get(app.url(&path)).send().await.unwrap();
        if allowed {
            assert_eq!(response.status(), StatusCode::OK, "{email}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-type"], "application/pdf");
            assert_eq!(
                headers["content-disposition"],
                "attachment; filename=\"Casey CV.pdf\""
            );
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert!(
                headers["content-security-policy"]
                    .to_str()
                    .unwrap()
                    .contains("sandbox")
            );
            assert_eq!(
                response.bytes().await.unwrap().to_vec(),
                expected,
                "{email}"
            );
        } else {
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{email}");
        }
    }
    let anonymous = reqwest::Client::new();
    let response = anonymous.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let guessed = browser(&app, "robin@example.com")
        .await
        .get(app.url("/applications/00000000000000000000000000000001/resume"))
        .send()
        .await
        .unwrap();
    assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
    let audited: Vec<(String, i64)> = sqlx::query_as(
        "SELECT outcome, COUNT(*) FROM audit_log WHERE action = 'resume.download' GROUP BY outcome ORDER BY outcome",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        audited,
        vec![("denied".to_owned(), 2), ("success".to_owned(), 3)]
    );
}

async fn resume_of(app: &TestApp, public_id: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT resume_id FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn profile_row(app: &TestApp, email: &str) -> (String, Option<String>, Option<i64>) {
    let row = sqlx::query(
        "SELECT p.legal_name, p.citizen_attested_at, p.resume_id FROM candidate_profiles p
         JOIN users u ON u.id = p.user_id WHERE u.email = $1",
    )
    .bind(email)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    use sqlx::Row as _;
    (
        row.try_get("legal_name").unwrap(),
        row.try_get("citizen_attested_at").unwrap(),
        row.try_get("resume_id").unwrap(),
    )
}

async fn the_profile_starts_every_new_application_and_is_its_owners_alone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "drew@example.com", Role::Candidate).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let (opening, questions) = open_opening(&app).await;
    let casey = browser(&app, "casey@example.com").await;

    // Each problem is named on its field; nothing is saved.
    let bad = post(
        &app,
        &casey,
        "/api/profile/save",
        &[
            ("legal_name", "  "),
            ("citizen", "maybe"),
            ("veterans_preference", "12-point"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body = bad.text().await.unwrap();
    for field in ["legal_name", "citizen", "veterans_preference"] {
        assert!(body.contains(field), "{field} in {body}");
    }
    let saved = post(
        &app,
        &casey,
        "/api/profile/save",
        &[
            ("legal_name", "Casey  Q. Jones"),
            ("citizen", "yes"),
            ("veterans_preference", "xp"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.headers()["location"], "/account?profile=1#profile");
    let (legal_name, citizen_at, _) = profile_row(&app, "casey@example.com").await;
    assert_eq!(legal_name, "Casey Q. Jones");
    let first_statement = citizen_at.expect("citizenship stated");

    // Saving again keeps the date of the statement; unticking withdraws it.
    let again = [
        ("legal_name", "Casey Q. Jones"),
        ("citizen", "yes"),
        ("veterans_preference", "xp"),
    ];
    post(&app, &casey, "/api/profile/save", &again).await;
    assert_eq!(
        profile_row(&app, "casey@example.com").await.1,
        Some(first_statement)
    );
    post(
        &app,
        &casey,
        "/api/profile/save",
        &[
            ("legal_name", "Casey Q. Jones"),
            ("veterans_preference", "xp"),
        ],
    )
    .await;
    assert_eq!(profile_row(&app, "casey@example.com").await.1, None);
    post(&app, &casey, "/api/profile/save", &again).await;

    // The profile résumé: checked like any résumé, kept only when good.
    let bad_file = upload_to(
        &app,
        &casey,
        "/account/resume",
        "cv.pdf",
        b"MZ\x90\x00".to_vec(),
    )
    .await;
    assert_eq!(bad_file.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let long = upload_to(&app, &casey, "/account/resume", "cv.pdf", pdf(3)).await;
    assert_eq!(long.status(), StatusCode::BAD_REQUEST);
    assert_eq!(profile_row(&app, "casey@example.com").await.2, None);
    let profile_pdf = pdf(1);
    let good = upload_to(
        &app,
        &casey,
        "/account/resume",
        "Casey profile.pdf",
        profile_pdf.clone(),
    )
    .await;
    assert_eq!(good.status(), StatusCode::OK);
    let profile_resume = profile_row(&app, "casey@example.com")
        .await
        .2
        .expect("a résumé");
    // A browser is sent back to the profile.
    let part = reqwest::multipart::Part::bytes(Vec::new()).file_name("x.pdf");
    let back = casey
        .post(app.url("/account/resume"))
        .header("origin", PUBLIC_URL)
        .header("accept", "text/html")
        .multipart(reqwest::multipart::Form::new().part("resume", part))
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        back.headers()["location"],
        "/account?at=profile&error=empty"
    );

    let mine = casey.get(app.url("/account/resume")).send().await.unwrap();
    assert_eq!(mine.status(), StatusCode::OK);
    assert!(
        mine.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(mine.bytes().await.unwrap().to_vec(), profile_pdf);
    let (status, html) = page(&casey, &app, "/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Casey Q. Jones") && html.contains("Casey profile.pdf"),
        "{html}"
    );

    // Nobody else reads it: not another candidate, not staff, not anyone
    // signed out; staff and managers have no profile to save.
    let drew = browser(&app, "drew@example.com").await;
    let sam = browser(&app, "sam@example.com").await;
    for (who, client) in [("drew", &drew), ("sam", &sam)] {
        let other = client.get(app.url("/account/resume")).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::NOT_FOUND, "{who}");
    }
    assert_eq!(
        app.get("/account/resume").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let staff_save = post(&app, &sam, "/api/profile/save", &again).await;
    assert_eq!(staff_save.status(), StatusCode::FORBIDDEN);
    let staff_upload = upload_to(&app, &sam, "/account/resume", "cv.pdf", pdf(1)).await;
    assert_eq!(staff_upload.status(), StatusCode::FORBIDDEN);
    let anonymous = post(&app, &app.client, "/api/profile/save", &again).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // A new application starts from the profile.
    let key = format!("answers[q{}]", questions[0]);
    let key2 = format!("answers[q{}]", questions[1]);
    post(
        &app,
        &casey,
        "/api/apply/answers",
        &[
            ("opening_id", &opening.to_string()),
            (&key, "Yes"),
            (&key2, "None"),
        ],
    )
    .await;
    let (_, review) = page(&casey, &app, &format!("/jobs/{opening}/apply?step=review")).await;
    assert!(review.contains("Casey Q. Jones"), "{review}");
    assert!(review.contains("XP: 10-point"), "{review}");
    assert!(review.contains("Casey profile.pdf"), "{review}");
    let draft: String = sqlx::query_scalar("SELECT public_id FROM applications")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(resume_of(&app, &draft).await, Some(profile_resume));

    // Another résumé for this opening; the profile's can be taken back.
    let other = upload(&app, &casey, opening, "For this job.pdf", pdf(2)).await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_ne!(resume_of(&app, &draft).await, Some(profile_resume));
    let (_, step) = page(&casey, &app, &format!("/jobs/{opening}/apply?step=resume")).await;
    assert!(step.contains("Use the résumé on your profile"), "{step}");
    let reuse = post(
        &app,
        &casey,
        "/api/apply/profile-resume",
        &[("opening_id", &opening.to_string())],
    )
    .await;
    assert_eq!(reuse.status(), StatusCode::OK);
    assert_eq!(resume_of(&app, &draft).await, Some(profile_resume));
    // Drew has no profile résumé to reuse (and cannot reach Casey's).
    let refused = post(
        &app,
        &drew,
        "/api/apply/profile-resume",
        &[("opening_id", &opening.to_string())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);

    // Taking the résumé off the profile leaves the application's alone.
    let removed = post(&app, &casey, "/api/profile/remove-resume", &[]).await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(profile_row(&app, "casey@example.com").await.2, None);
    assert_eq!(resume_of(&app, &draft).await, Some(profile_resume));
    assert_eq!(
        casey
            .get(app.url("/account/resume"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}
