//! The challenge library: staff author, edit, preview and attach files to
//! challenges; nobody else reads or changes them. Through real HTTP, on
//! both databases.

#![allow(clippy::unwrap_used)]

mod common;

use app::domain::account::Role;
use common::{Backend, PUBLIC_URL, TestApp, account, browser, page, post};
use reqwest::StatusCode;

on_both_databases!(
    staff_write_check_and_edit_challenges,
    a_generated_challenge_previews_a_sample_candidates_own_file,
    files_attach_to_a_challenge_and_go_only_to_staff,
    nobody_but_staff_reaches_the_library,
);

/// A challenge form as `challenge[...]` fields, with `changes` applied.
fn form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "Which log line shows the break-in?"),
        ("category", "incident_response"),
        ("difficulty", "intermediate"),
        ("points", "100"),
        ("max_attempts", "5"),
        (
            "description",
            "Read the **log**.\n\n<script>alert(1)</script>",
        ),
        ("check", "regex"),
        ("answer", r"CVE-\d{4}-\d{4,7}"),
        ("choices", ""),
        ("generator", ""),
        ("hints", "10 | Look for the year."),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
        .into_iter()
        .map(|(n, v)| (format!("challenge[{n}]"), v.to_owned()))
        .collect()
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    extra: &[(&str, &str)],
    changes: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = form(changes);
    fields.extend(
        extra
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
    );
    client
        .post(app.url(path))
        .header("origin", PUBLIC_URL)
        .form(&fields)
        .send()
        .await
        .unwrap()
}

/// The id in `Location: /admin/challenges/{id}?saved=1`.
fn created_id(response: &reqwest::Response) -> i64 {
    let location = response.headers()["location"].to_str().unwrap();
    location
        .trim_start_matches("/admin/challenges/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn staff_write_check_and_edit_challenges(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let sam = browser(&app, "sam@example.com").await;

    // Each problem is named on its field, and a broken pattern is refused
    // before it is saved.
    for (changes, field) in [
        (vec![("answer", "(unclosed")], "answer"),
        (vec![("answer", r"(\w{1000}){1000}")], "answer"),
        (vec![("title", " ")], "title"),
        (vec![("points", "0")], "points"),
        (
            vec![("check", "multiple_choice"), ("choices", "A\nB")],
            "choices",
        ),
        (
            vec![("check", "generated"), ("generator", "rot13")],
            "generator",
        ),
        (vec![("hints", "200 | Too dear.")], "hints"),
    ] {
        let refused = send(&app, &sam, "/api/admin/create-challenge", &[], &changes).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{changes:?}");
        let body = refused.text().await.unwrap();
        assert!(body.contains(field), "{field} in {body}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM challenges")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing saved");

    let created = send(&app, &sam, "/api/admin/create-challenge", &[], &[]).await;
    assert_eq!(created.status(), StatusCode::OK);
    let id = created_id(&created);
    let (status, list) = page(&sam, &app, "/admin/challenges").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("Which log line shows the break-in?"),
        "{list}"
    );

    // The preview shows the task as a candidate would, with no script, and
    // the answer key to staff.
    let (status, preview) = page(&sam, &app, &format!("/admin/challenges/{id}/preview")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(preview.contains("<strong>log</strong>"), "{preview}");
    assert!(!preview.contains("<script>alert(1)"), "{preview}");
    assert!(
        preview.contains("Incident Response (PD-WRL-003)"),
        "{preview}"
    );
    assert!(preview.contains(r"CVE-\d{4}-\d{4,7}"), "{preview}");
    assert!(preview.contains("Hint 1 costs 10 points"), "{preview}");

    // Edits are conditional on the version the editor saw.
    let id_text = id.to_string();
    let edited = send(
        &app,
        &sam,
        "/api/admin/update-challenge",
        &[("id", &id_text), ("version", "1")],
        &[
            ("check", "multiple_choice"),
            ("choices", "MD5\n* SHA-256\nCRC32"),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let stale = send(
        &app,
        &sam,
        "/api/admin/update-challenge",
        &[("id", &id_text), ("version", "1")],
        &[("title", "Overwritten")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(stale.text().await.unwrap().contains("Someone else changed"));
    let (_, editor) = page(&sam, &app, &format!("/admin/challenges/{id}")).await;
    assert!(editor.contains("* SHA-256"), "{editor}");
    assert!(!editor.contains("Overwritten"));
    let (_, preview) = page(&sam, &app, &format!("/admin/challenges/{id}/preview")).await;
    assert!(preview.contains("Choice 2: “SHA-256”"), "{preview}");
    let missing = send(
        &app,
        &sam,
        "/api/admin/update-challenge",
        &[("id", "999999"), ("version", "1")],
        &[],
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('challenge.create', 'challenge.update')",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

async fn a_generated_challenge_previews_a_sample_candidates_own_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    let sam = browser(&app, "sam@example.com").await;
    let created = send(
        &app,
        &sam,
        "/api/admin/create-challenge",
        &[],
        &[
            ("check", "generated"),
            ("generator", "ssh-brute-force"),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    let id = created_id(&created);

    let (_, preview) = page(&sam, &app, &format!("/admin/challenges/{id}/preview")).await;
    assert!(preview.contains("auth.log"), "{preview}");
    assert!(preview.contains("The attacker’s IP address"), "{preview}");
    let answer = preview
        .split("The sample candidate’s answer: ")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let (ip, user) = answer.split_once(' ').unwrap();

    let sample = sam
        .get(app.url(&format!("/admin/challenges/{id}/sample")))
        .send()
        .await
        .unwrap();
    assert_eq!(sample.status(), StatusCode::OK);
    assert_eq!(sample.headers()["x-content-type-options"], "nosniff");
    assert!(
        sample.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let log = sample.text().await.unwrap();
    assert!(
        log.contains(&format!("Accepted password for {user} from {ip} ")),
        "the file holds the answer"
    );
    let again = sam
        .get(app.url(&format!("/admin/challenges/{id}/sample")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(log, again, "the same candidate always gets the same file");
}

async fn files_attach_to_a_challenge_and_go_only_to_staff(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "morgan@example.com", Role::HiringManager).await;
    let sam = browser(&app, "sam@example.com").await;
    let casey = browser(&app, "casey@example.com").await;
    let morgan = browser(&app, "morgan@example.com").await;
    let id = created_id(&send(&app, &sam, "/api/admin/create-challenge", &[], &[]).await);
    let capture: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();

    let attach = |client: &reqwest::Client, name: &str, bytes: Vec<u8>, html: bool| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let mut request = client
            .post(app.url(&format!("/admin/challenges/{id}/artefacts")))
            .header("origin", PUBLIC_URL)
            .multipart(reqwest::multipart::Form::new().part("artefact", part));
        if html {
            request = request.header("accept", "text/html");
        }
        request.send()
    };
    let attached = attach(&sam, "../capture 1.pcap", capture.clone(), true)
        .await
        .unwrap();
    assert_eq!(attached.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        attached.headers()["location"],
        format!("/admin/challenges/{id}?attached=1").as_str()
    );
    let empty = attach(&sam, "empty.bin", Vec::new(), false).await.unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    for (who, client) in [("candidate", &casey), ("manager", &morgan)] {
        let refused = attach(client, "x.bin", vec![1, 2, 3], false).await.unwrap();
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{who}");
    }
    let anonymous = attach(&app.client, "x.bin", vec![1], false).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let stored: Vec<(i64, String)> = sqlx::query_as::<_, (i64, String)>(
        "SELECT id, filename FROM challenge_artefacts ORDER BY id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(stored.len(), 1, "only staff's file is kept: {stored:?}");
    let (artefact, filename) = stored[0].clone();
    assert_eq!(filename, "capture_1.pcap");

    let href = format!("/admin/challenges/{id}/artefacts/{artefact}");
    let (_, editor) = page(&sam, &app, &format!("/admin/challenges/{id}")).await;
    assert!(editor.contains(&href), "{editor}");
    let download = sam.get(app.url(&href)).send().await.unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()["content-type"],
        "application/octet-stream"
    );
    assert_eq!(download.bytes().await.unwrap().to_vec(), capture);
    for (who, client) in [("candidate", &casey), ("manager", &morgan)] {
        let refused = client.get(app.url(&href)).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{who}");
        let sample = client
            .get(app.url(&format!("/admin/challenges/{id}/sample")))
            .send()
            .await
            .unwrap();
        assert_eq!(sample.status(), StatusCode::NOT_FOUND, "{who}");
    }
    let wrong_challenge = sam
        .get(app.url(&format!(
            "/admin/challenges/{}/artefacts/{artefact}",
            id + 1
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_challenge.status(), StatusCode::NOT_FOUND);

    // Too large: refused from its declared length, before the body is read.
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = app.base_url.trim_start_matches("http://").to_owned();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST /admin/challenges/{id}/artefacts HTTP/1.1\r\nHost: {addr}\r\nOrigin: {PUBLIC_URL}\r\n\
             Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n--XYZ\r\n",
            300 * 1024 * 1024
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
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 413"));
    }

    // Removing a file: staff only, and only from its own challenge.
    let id_text = id.to_string();
    let artefact_text = artefact.to_string();
    let refused = post(
        &app,
        &casey,
        "/api/admin/remove-artefact",
        &[("id", &id_text), ("artefact_id", &artefact_text)],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let elsewhere = post(
        &app,
        &sam,
        "/api/admin/remove-artefact",
        &[
            ("id", &(id + 1).to_string()),
            ("artefact_id", &artefact_text),
        ],
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
    let removed = post(
        &app,
        &sam,
        "/api/admin/remove-artefact",
        &[("id", &id_text), ("artefact_id", &artefact_text)],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(
        sam.get(app.url(&href)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

async fn nobody_but_staff_reaches_the_library(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sam@example.com", Role::Staff).await;
    account(&app, "casey@example.com", Role::Candidate).await;
    account(&app, "morgan@example.com", Role::HiringManager).await;
    let sam = browser(&app, "sam@example.com").await;
    let id = created_id(&send(&app, &sam, "/api/admin/create-challenge", &[], &[]).await);
    let id_text = id.to_string();
    let casey = browser(&app, "casey@example.com").await;
    let morgan = browser(&app, "morgan@example.com").await;

    for (who, client, expected) in [
        ("candidate", &casey, StatusCode::FORBIDDEN),
        ("manager", &morgan, StatusCode::FORBIDDEN),
        ("anonymous", &app.client, StatusCode::UNAUTHORIZED),
    ] {
        for (path, fields) in [
            ("/api/admin/challenges", vec![]),
            ("/api/admin/challenge", vec![("id", id_text.as_str())]),
            (
                "/api/admin/preview-challenge",
                vec![("id", id_text.as_str())],
            ),
        ] {
            let refused = post(&app, client, path, &fields).await;
            assert_eq!(refused.status(), expected, "{who} {path}");
            let body = refused.text().await.unwrap();
            assert!(!body.contains("CVE-"), "{who} never sees the key: {body}");
        }
        let create = send(&app, client, "/api/admin/create-challenge", &[], &[]).await;
        assert_eq!(create.status(), expected, "{who} create");
        let update = send(
            &app,
            client,
            "/api/admin/update-challenge",
            &[("id", &id_text), ("version", "1")],
            &[("title", "Taken over")],
        )
        .await;
        assert_eq!(update.status(), expected, "{who} update");
    }
    for path in [
        "/admin/challenges".to_owned(),
        format!("/admin/challenges/{id}"),
        format!("/admin/challenges/{id}/preview"),
    ] {
        let (status, html) = page(&casey, &app, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!html.contains("CVE-"), "{path}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM challenges")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 1, "nobody else created one");
    let title: String = sqlx::query_scalar("SELECT title FROM challenges")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(title, "Which log line shows the break-in?");
}
