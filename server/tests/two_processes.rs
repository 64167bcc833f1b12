//! Two `techforce` processes on one PostgreSQL database, with no sticky
//! sessions in front of them: a session made on one works on the other
//! (and signing out on one ends it on both), password guessing spread over
//! both is counted once, the outbox sends each message
//! once although both processes drain it, and an opening past its closing
//! time is closed once although both schedulers see it at the same moment.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::{Backend, PASSWORD, PUBLIC_URL, TestDatabase, process};
use sqlx::{Connection as _, Row as _};

/// Both processes sign sessions and tokens with the same key, as a real
/// deployment behind a load balancer is configured.
const SECRET: &str = "a shared secret key for both processes of this test, long enough";

/// A process with its own data directory, as on two machines, sending
/// mail to the shared file drop `mail`.
fn techforce(db: &TestDatabase, port: u16, mail: &Path) -> Command {
    process::command(
        db,
        port,
        &[
            (
                "TECHFORCE_DATA_DIR",
                db.dir
                    .path()
                    .join(format!("data-{port}"))
                    .display()
                    .to_string(),
            ),
            ("TECHFORCE_SECRET_KEY", SECRET.to_owned()),
            ("TECHFORCE_MAIL_URL", format!("file://{}", mail.display())),
        ],
    )
}

/// A server process, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(db: &TestDatabase, mail: &Path) -> Server {
    let port = process::free_port();
    let child = techforce(db, port, mail).spawn().unwrap();
    Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

async fn ready(server: &Server) {
    assert!(
        process::ready(&server.base).await,
        "{} never became ready",
        server.base
    );
}

async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(url)
        .header("origin", PUBLIC_URL)
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_sessions_send_each_message_once_and_close_once() {
    let db = TestDatabase::new(Backend::Postgres).await;
    let mail = db.dir.path().join("mail");
    std::fs::create_dir_all(&mail).unwrap();
    process::run_cli(techforce(&db, 0, &mail), &["seed", "--demo"], None);
    process::run_cli(
        techforce(&db, 0, &mail),
        &[
            "user",
            "create",
            "--email",
            "staff@two.test",
            "--role",
            "staff",
            "--name",
            "Sam Staff",
        ],
        Some(PASSWORD),
    );
    // Three open openings whose closing time has just passed: both
    // schedulers look at them as they start.
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let due: Vec<i64> =
        sqlx::query("SELECT id FROM openings WHERE status = 'published' ORDER BY id LIMIT 3")
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<i64, _>(0).unwrap())
            .collect();
    assert_eq!(due.len(), 3);
    for id in &due {
        sqlx::query("UPDATE openings SET closes_at = '2020-01-01T00:00:00.000000Z' WHERE id = $1")
            .bind(id)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let first = spawn(&db, &mail);
    let second = spawn(&db, &mail);
    ready(&first).await;
    ready(&second).await;

    // Sessions: made on one, honoured on the other, ended on both.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = post(
        &browser,
        format!("{}/api/sign-in", first.base),
        &[("email", "staff@two.test"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(signed_in.status(), 200);
    let who = post(&browser, format!("{}/api/whoami", second.base), &[]).await;
    assert_eq!(who.status(), 200);
    assert!(
        who.text().await.unwrap().contains("staff@two.test"),
        "the session works on the other process"
    );
    let staff_page = browser
        .get(format!("{}/admin/jobs", second.base))
        .send()
        .await
        .unwrap();
    assert_eq!(staff_page.status(), 200);
    assert!(
        staff_page
            .text()
            .await
            .unwrap()
            .contains("<h1>Openings</h1>")
    );
    assert_eq!(
        post(&browser, format!("{}/api/sign-out", second.base), &[])
            .await
            .status(),
        200
    );
    let who = post(&browser, format!("{}/api/whoami", first.base), &[]).await;
    assert!(
        !who.text().await.unwrap().contains("staff@two.test"),
        "signed out on both"
    );

    // Password guessing, spread over both processes: one count. Five
    // guesses are free for an account from one address; had each process
    // counted its own, the first refusal would come at the eleventh.
    let guesser = reqwest::Client::new();
    let mut refused_at = None;
    for attempt in 1..=10 {
        let base = if attempt % 2 == 1 {
            &first.base
        } else {
            &second.base
        };
        let answer = post(
            &guesser,
            format!("{base}/api/sign-in"),
            &[
                ("email", "staff@two.test"),
                ("password", "not the password"),
            ],
        )
        .await;
        match answer.status().as_u16() {
            400 => assert!(attempt <= 5 || refused_at.is_none()),
            429 => {
                let wait: u64 = answer
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .expect("a refusal says how long to wait");
                refused_at = Some((attempt, wait));
                break;
            }
            other => panic!("guess {attempt}: {other}"),
        }
    }
    let (refused_at, wait) = refused_at.expect("guessing was throttled");
    assert!(
        (6..=10).contains(&refused_at),
        "refused at guess {refused_at}"
    );
    // Waiting the block out always works, on either process.
    tokio::time::sleep(Duration::from_secs(wait) + Duration::from_millis(200)).await;
    let base = if refused_at % 2 == 1 {
        &second.base
    } else {
        &first.base
    };
    let back_in = post(
        &guesser,
        format!("{base}/api/sign-in"),
        &[("email", "staff@two.test"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(back_in.status(), 200, "the owner gets in after the wait");

    // The outbox: sign-ups on both processes, each confirmation sent once.
    let visitor = reqwest::Client::new();
    let people: Vec<String> = (0..12).map(|n| format!("twin-{n}@example.com")).collect();
    for (n, email) in people.iter().enumerate() {
        let base = if n % 2 == 0 {
            &first.base
        } else {
            &second.base
        };
        let answer = post(
            &visitor,
            format!("{base}/api/sign-up"),
            &[
                ("name", "Tess Twin"),
                ("email", email.as_str()),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(answer.status(), 200, "{email}");
    }
    let started = Instant::now();
    let wanted = |messages: &[String]| {
        people
            .iter()
            .all(|email| messages.iter().any(|m| m.contains(&format!("To: {email}"))))
    };
    while !wanted(&common::file_drop(&mail)) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "every confirmation is sent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent_in = started.elapsed();
    // Both processes keep draining for a while: still once each.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let messages = common::file_drop(&mail);
    for email in &people {
        let copies = messages
            .iter()
            .filter(|m| m.contains(&format!("To: {email}")))
            .count();
        assert_eq!(copies, 1, "{email} got {copies} copies");
    }

    // The scheduled closing: done once, by one of the two.
    for id in &due {
        let status: String = sqlx::query("SELECT status FROM openings WHERE id = $1")
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(status, "closed");
        let closings: i64 = sqlx::query(
            "SELECT COUNT(*) FROM opening_history WHERE opening_id = $1 AND action = 'closed'",
        )
        .bind(id)
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        assert_eq!(closings, 1, "opening {id} closed once");
    }
    eprintln!(
        "two processes: one session on both; password guessing over both refused at guess {refused_at} (of 5 free); {} confirmations sent once each within {sent_in:?}; {} openings closed once each",
        people.len(),
        due.len()
    );
}
