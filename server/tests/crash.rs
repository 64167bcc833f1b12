//! Crash safety: the real `techforce` binary is killed with SIGKILL at
//! random moments while concurrent clients write, then started again, many
//! times over. Every write that got a success answer must be there
//! afterwards, nothing may be half-written (an account always has its
//! confirmation message queued with it), and SQLite's `integrity_check`
//! must say `ok`. Both databases. Prints the figures.
//!
//! The writes: candidates signing up (an account, its audit entry and its
//! outbox message in one transaction), candidates applying (upload,
//! declarations, submit), staff moving the applications on (qualify, then
//! refer), candidates submitting flags in a running assessment, and the
//! hiring team adding notes to the demo program's applications. Every
//! application's history must replay by the workflow's table to the status
//! it is in, with one audit entry per move.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::collections::VecDeque;

use app::domain::application::{ApplicationStatus, replay};
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty};
use app::domain::opening::HiringMethod;
use common::{Backend, PASSWORD, PUBLIC_URL, TestDatabase, pdf, process};
use rand::Rng as _;
use sqlx::{Connection as _, Row as _};

/// How many times the server is killed.
const KILLS: usize = 20;

on_both_databases!(every_acknowledged_write_survives_sigkill);

/// Starts the server and waits until it is ready.
async fn start(db: &TestDatabase) -> (Child, String) {
    let port = process::free_port();
    let mut child = process::command(db, port, &[]).spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    if process::ready(&base).await {
        return (child, base);
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready after a kill");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> bool {
    matches!(
        client.post(url).header("origin", PUBLIC_URL).form(form).send().await,
        Ok(response) if response.status() == 200
    )
}

async fn count(conn: &mut sqlx::AnyConnection, sql: &str, value: &str) -> i64 {
    sqlx::query(sql)
        .bind(value)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// Candidates made for the test (they sign in with `PASSWORD`).
const CANDIDATES: usize = 12;
/// Of them, those taking the assessment (the rest apply during the run).
const TAKERS: usize = 4;

/// What the writers work on, made before the first kill.
struct Fixture {
    /// Signed-in clients (sessions live in the database, so they outlive
    /// the restarts): staff, then the candidates.
    staff: reqwest::Client,
    candidates: Vec<reqwest::Client>,
    /// Openings without an assessment, applied to during the run.
    openings: Vec<i64>,
    /// The assessment's challenge, and the takers' applications.
    challenge: i64,
    sittings: Vec<String>,
}

/// Makes the candidates, the openings and the assessment, then (on a first
/// run of the server) signs everyone in and starts the takers' sittings.
async fn prepare(db: &TestDatabase) -> Fixture {
    let settings = app::server::db::PoolSettings::default();
    let pool = app::server::db::Db::connect(&db.url, &settings)
        .await
        .unwrap();
    for n in 0..CANDIDATES {
        sqlx::query(
            "INSERT INTO users (email, name, password_hash, role, verified_at, created_at, updated_at)
             SELECT $1, 'Cam Crash', password_hash, 'candidate', $2, $2, $2
             FROM users WHERE email = 'staff@crash.test'",
        )
        .bind(format!("applicant-{n}@crash.test"))
        .bind("2026-01-01T00:00:00.000000Z")
        .execute(pool.writer())
        .await
        .unwrap();
    }
    let mut openings = Vec::new();
    for _ in 0..4 {
        openings.push(common::insert_opening(&pool, HiringMethod::DirectHire, true).await);
    }
    let assessed = common::insert_opening(&pool, HiringMethod::DirectHire, true).await;
    let challenge = {
        let fields = ChallengeFields {
            title: "Find the beacon".into(),
            category: Category::IncidentResponse,
            difficulty: Difficulty::Intermediate,
            points: 100,
            description: "Read the log.".into(),
            max_attempts: 10_000,
            hints: vec![],
            key: AnswerKey::Exact {
                answer: "flag{beacon}".into(),
            },
        };
        let mut tx = pool.begin_write().await.unwrap();
        let id = app::server::challenges::library::insert_challenge(&mut tx, &fields, None)
            .await
            .unwrap();
        let assessment: i64 = sqlx::query_scalar(
            "INSERT INTO assessments (opening_id, time_limit_minutes, pass_mark, well_from, best_from, updated_at)
             VALUES ($1, 600, 50, 70, 85, '2026-01-01T00:00:00.000000Z') RETURNING id",
        )
        .bind(assessed)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO assessment_challenges (assessment_id, challenge_id, position) VALUES ($1, $2, 1)",
        )
        .bind(assessment)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    };
    pool.close().await;

    let (mut server, base) = start(db).await;
    let staff = client();
    assert!(
        post(
            &staff,
            format!("{base}/api/sign-in"),
            &[("email", "staff@crash.test"), ("password", PASSWORD)]
        )
        .await
    );
    let mut candidates = Vec::new();
    for n in 0..CANDIDATES {
        let candidate = client();
        let email = format!("applicant-{n}@crash.test");
        assert!(
            post(
                &candidate,
                format!("{base}/api/sign-in"),
                &[("email", email.as_str()), ("password", PASSWORD)]
            )
            .await,
            "{email} signs in"
        );
        candidates.push(candidate);
    }
    let mut sittings = Vec::new();
    for taker in &candidates[..TAKERS] {
        let public_id = apply(taker, &base, assessed)
            .await
            .expect("a taker applies");
        assert!(
            post(
                taker,
                format!("{base}/api/assessments/start"),
                &[("public_id", public_id.as_str())]
            )
            .await
        );
        sittings.push(public_id);
    }
    server.kill().unwrap();
    server.wait().unwrap();
    Fixture {
        staff,
        candidates,
        openings,
        challenge,
        sittings,
    }
}

/// Applies to `opening` through the three requests of the apply steps;
/// the application's public id once the submission is answered 200.
async fn apply(client: &reqwest::Client, base: &str, opening: i64) -> Option<String> {
    let form = reqwest::multipart::Form::new().part(
        "resume",
        reqwest::multipart::Part::bytes(pdf(1)).file_name("cv.pdf"),
    );
    client
        .post(format!("{base}/jobs/{opening}/apply/resume"))
        .header("origin", PUBLIC_URL)
        .multipart(form)
        .send()
        .await
        .ok()?;
    let opening = opening.to_string();
    let declared = [
        ("opening_id", opening.as_str()),
        ("veterans_preference", "none"),
        ("attest", "yes"),
    ];
    if !post(client, format!("{base}/api/apply/declarations"), &declared).await {
        return None;
    }
    let submitted = client
        .post(format!("{base}/api/apply/submit"))
        .header("origin", PUBLIC_URL)
        .form(&[("opening_id", opening.as_str())])
        .send()
        .await
        .ok()?;
    if submitted.status() != 200 {
        return None;
    }
    let location = submitted.headers().get("location")?.to_str().ok()?;
    Some(
        location
            .trim_start_matches("/applications/")
            .split('?')
            .next()?
            .to_owned(),
    )
}

/// An application's status and version, read straight from the database.
async fn status_and_version(
    conn: &mut sqlx::AnyConnection,
    public_id: &str,
) -> Option<(String, i64)> {
    let row = sqlx::query("SELECT status, version FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_optional(&mut *conn)
        .await
        .ok()??;
    Some((row.try_get(0).ok()?, row.try_get(1).ok()?))
}

async fn every_acknowledged_write_survives_sigkill(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    process::demo_with_staff(&db, "staff@crash.test");
    sqlx::any::install_default_drivers();
    let applications: Vec<String> = {
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        sqlx::query(
            "SELECT public_id FROM applications WHERE status <> 'draft' ORDER BY id LIMIT 6",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String, _>(0).unwrap())
        .collect()
    };
    assert!(
        !applications.is_empty(),
        "the demo program has applications"
    );

    let fixture = Arc::new(prepare(&db).await);
    let signed_up: Arc<Mutex<Vec<String>>> = Arc::default();
    let noted: Arc<Mutex<Vec<String>>> = Arc::default();
    let applied: Arc<Mutex<Vec<String>>> = Arc::default();
    // Applications waiting for staff's next move.
    let to_move: Arc<Mutex<VecDeque<String>>> = Arc::default();
    let moved: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let flagged: Arc<Mutex<Vec<String>>> = Arc::default();
    // The next (candidate, opening) pair to apply with.
    let pairs: Vec<(usize, i64)> = (TAKERS..CANDIDATES)
        .flat_map(|c| fixture.openings.iter().map(move |o| (c, *o)))
        .collect();
    let next_pair = Arc::new(AtomicUsize::new(0));
    let attempts = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    for _ in 0..KILLS {
        let (mut server, base) = start(&db).await;
        let staff = fixture.staff.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let mut writers = Vec::new();
        for writer in 0..6 {
            let (stop, base, attempts, next) =
                (stop.clone(), base.clone(), attempts.clone(), next.clone());
            let (signed_up, noted, staff) = (signed_up.clone(), noted.clone(), staff.clone());
            let (applied, to_move, moved, flagged) = (
                applied.clone(),
                to_move.clone(),
                moved.clone(),
                flagged.clone(),
            );
            let (fixture, pairs, next_pair, url) = (
                fixture.clone(),
                pairs.clone(),
                next_pair.clone(),
                db.url.clone(),
            );
            let applications = applications.clone();
            writers.push(tokio::spawn(async move {
                let visitor = client();
                let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    attempts.fetch_add(1, Ordering::Relaxed);
                    if writer == 3 {
                        // A candidate applies to an opening.
                        let Some(&(candidate, opening)) =
                            pairs.get(next_pair.fetch_add(1, Ordering::Relaxed))
                        else {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        };
                        if let Some(public_id) =
                            apply(&fixture.candidates[candidate], &base, opening).await
                        {
                            applied.lock().unwrap().push(public_id.clone());
                            to_move.lock().unwrap().push_back(public_id);
                        }
                    } else if writer == 4 {
                        // Staff move an application on: qualify, then refer.
                        let Some(public_id) = to_move.lock().unwrap().pop_front() else {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            continue;
                        };
                        let Some((status, version)) =
                            status_and_version(&mut conn, &public_id).await
                        else {
                            to_move.lock().unwrap().push_back(public_id);
                            continue;
                        };
                        let (event, to) = match status.as_str() {
                            "submitted" => ("qualify", "qualified"),
                            "qualified" => ("refer", "referred"),
                            _ => continue,
                        };
                        let version = version.to_string();
                        let form = [
                            ("public_id", public_id.as_str()),
                            ("version", version.as_str()),
                            ("event", event),
                        ];
                        if post(&staff, format!("{base}/api/manage/move"), &form).await {
                            moved
                                .lock()
                                .unwrap()
                                .push((public_id.clone(), to.to_owned()));
                        }
                        to_move.lock().unwrap().push_back(public_id);
                    } else if writer == 5 {
                        // A taker submits a flag (rate limits permitting).
                        let taker = n % TAKERS;
                        let answer = format!("flag{{crash-{n}}}");
                        let challenge = fixture.challenge.to_string();
                        let form = [
                            ("public_id", fixture.sittings[taker].as_str()),
                            ("challenge_id", challenge.as_str()),
                            ("answer", answer.as_str()),
                        ];
                        if post(
                            &fixture.candidates[taker],
                            format!("{base}/api/assessments/answer"),
                            &form,
                        )
                        .await
                        {
                            flagged.lock().unwrap().push(answer);
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    } else if writer < 2 {
                        let email = format!("crash-{n}@example.com");
                        let form = [
                            ("name", "Casey Crash"),
                            ("email", email.as_str()),
                            ("password", PASSWORD),
                        ];
                        if post(&visitor, format!("{base}/api/sign-up"), &form).await {
                            signed_up.lock().unwrap().push(email);
                        }
                    } else {
                        let body = format!("Crash-test note {n}");
                        let target = &applications[n % applications.len()];
                        let form = [("public_id", target.as_str()), ("body", body.as_str())];
                        if post(&staff, format!("{base}/api/manage/note"), &form).await {
                            noted.lock().unwrap().push(body);
                        }
                    }
                }
            }));
        }
        // Killed mid-write at a random moment.
        let after = rand::rng().random_range(300..2000);
        tokio::time::sleep(Duration::from_millis(after)).await;
        server.kill().unwrap();
        server.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            writer.await.unwrap();
        }
    }
    // It starts once more after the last kill; then the data is checked.
    let (mut server, _) = start(&db).await;
    server.kill().unwrap();
    server.wait().unwrap();

    let signed_up = signed_up.lock().unwrap().clone();
    let noted = noted.lock().unwrap().clone();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    for email in &signed_up {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM users WHERE email = $1",
                email
            )
            .await,
            1,
            "{email}"
        );
    }
    for body in &noted {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM application_notes WHERE body = $1",
                body
            )
            .await,
            1,
            "{body}"
        );
    }
    // Nothing half-written: every account that exists, answered or not,
    // has exactly its one confirmation message queued.
    let accounts: Vec<String> = sqlx::query("SELECT email FROM users WHERE email LIKE 'crash-%'")
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String, _>(0).unwrap())
        .collect();
    for email in &accounts {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM outbox WHERE recipient = $1",
                email
            )
            .await,
            1,
            "{email}"
        );
    }
    // Applications, moves and flags answered 200 are all there.
    let applied = applied.lock().unwrap().clone();
    let moved = moved.lock().unwrap().clone();
    let flagged = flagged.lock().unwrap().clone();
    for public_id in &applied {
        let reached = count(
            &mut conn,
            "SELECT COUNT(*) FROM application_history h JOIN applications a ON a.id = h.application_id
             WHERE a.public_id = $1 AND h.to_status = 'submitted'",
            public_id,
        )
        .await;
        assert_eq!(reached, 1, "{public_id} submitted once");
    }
    for (public_id, to) in &moved {
        let reached: i64 = sqlx::query(
            "SELECT COUNT(*) FROM application_history h JOIN applications a ON a.id = h.application_id
             WHERE a.public_id = $1 AND h.to_status = $2",
        )
        .bind(public_id)
        .bind(to)
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        assert_eq!(reached, 1, "{public_id} moved to {to} once");
    }
    for answer in &flagged {
        assert_eq!(
            count(
                &mut conn,
                "SELECT COUNT(*) FROM submissions WHERE answer = $1",
                answer
            )
            .await,
            1,
            "{answer}"
        );
    }
    // Nothing half-moved: every application of the test's candidates
    // replays by the workflow's table to the status it is in, with one
    // audit entry per move.
    let theirs: Vec<(i64, String)> = sqlx::query(
        "SELECT a.id, a.status FROM applications a JOIN users u ON u.id = a.candidate_id
         WHERE u.email LIKE 'applicant-%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|row| (row.try_get(0).unwrap(), row.try_get(1).unwrap()))
    .collect();
    let mut moves_checked = 0;
    for (id, status) in &theirs {
        let history: Vec<(ApplicationStatus, ApplicationStatus)> = sqlx::query(
            "SELECT COALESCE(from_status, 'draft'), to_status FROM application_history
             WHERE application_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get::<String, _>(0).unwrap().parse().unwrap(),
                row.try_get::<String, _>(1).unwrap().parse().unwrap(),
            )
        })
        .collect();
        let status: ApplicationStatus = status.parse().unwrap();
        assert_eq!(replay(&history), Ok(status), "application {id}");
        let audited = count(
            &mut conn,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'application.move' AND subject = $1",
            &format!("application:TF-{id:06}"),
        )
        .await;
        assert_eq!(audited as usize, history.len(), "application {id}");
        moves_checked += history.len();
    }
    if backend == Backend::Sqlite {
        let check: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(check, "ok");
    }
    assert!(
        !signed_up.is_empty()
            && !noted.is_empty()
            && !applied.is_empty()
            && !moved.is_empty()
            && !flagged.is_empty(),
        "writes of each kind were answered between the kills"
    );
    eprintln!(
        "crash ({backend:?}): {KILLS} SIGKILLs survived in {:?}; {} writes tried; answered 200 and all present: {} sign-ups, {} notes, {} applications, {} moves, {} flags; {} applications replay with {moves_checked} audited moves; {} accounts in all (committed, answer lost in the kill: {}), each whole; {}",
        started.elapsed(),
        attempts.load(Ordering::Relaxed),
        signed_up.len(),
        noted.len(),
        applied.len(),
        moved.len(),
        flagged.len(),
        theirs.len(),
        accounts.len(),
        accounts.len() - signed_up.len(),
        if backend == Backend::Sqlite {
            "integrity_check ok"
        } else {
            "PostgreSQL"
        },
    );
}
