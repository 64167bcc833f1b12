//! Test harness: the real application on 127.0.0.1:0 with a fresh database,
//! on SQLite or on PostgreSQL.

#![allow(dead_code, clippy::unwrap_used)]

pub mod postgres;
pub mod process;

use std::collections::HashMap;

use app::server::state::AppState;
use techforce::config::Config;
use techforce::startup::Application;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The public origin the test servers believe they are reached at.
/// (Plain http on localhost: the session cookie is not `Secure` there.)
pub const PUBLIC_URL: &str = "http://localhost";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each listed `async fn name(backend: Backend)` as two tests,
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            }
        )*
    };
}

/// A fresh, empty database for one test.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    postgres_name: Option<String>,
    /// Holds the SQLite file (and anything else the test writes).
    pub dir: TempDir,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}", dir.path().join("techforce.db").display()),
                backend,
                postgres_name: None,
                dir,
            },
            Backend::Postgres => {
                let (url, name) = postgres::cluster().fresh_database().await;
                Self {
                    url,
                    backend,
                    postgres_name: Some(name),
                    dir,
                }
            }
        }
    }

    /// Configuration for a server on this database, on a random port.
    pub fn config(&self) -> Config {
        self.config_with(&[])
    }

    /// The same, with some variables set or replaced.
    pub fn config_with(&self, extra: &[(&str, &str)]) -> Config {
        let site = self.dir.path().join("site");
        let vars: HashMap<String, String> = [
            (
                "TECHFORCE_DATA_DIR",
                self.dir.path().join("data").display().to_string(),
            ),
            ("TECHFORCE_DATABASE_URL", self.url.clone()),
            ("TECHFORCE_ADDR", "127.0.0.1:0".to_owned()),
            ("TECHFORCE_PUBLIC_URL", PUBLIC_URL.to_owned()),
            ("TECHFORCE_SITE_DIR", site.display().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .chain(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
        .collect();
        Config::from_vars(&vars).unwrap()
    }

    /// Makes the database unreachable for a server already using it: the
    /// PostgreSQL database is dropped (its connections cut); the SQLite pool
    /// is closed.
    pub async fn take_away(&self, state: &AppState) {
        match &self.postgres_name {
            Some(name) => postgres::cluster().drop_database(name).await,
            None => state.db.close().await,
        }
    }
}

/// The complete messages in a file drop (`TECHFORCE_MAIL_URL=file://DIR`),
/// decoded enough to read. The drop writes each file in place: one still
/// being written (it ends before the closing MIME boundary) is left for the
/// next look.
pub fn file_drop(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .filter(|m| m.trim_end().ends_with("--"))
                .map(|m| decode_quoted_printable(&m))
                .collect()
        })
        .unwrap_or_default()
}

/// Undoes quoted-printable soft line breaks and `=XX` escapes.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The outbox row a message came from (`Message-ID: <outbox-N@…>`).
pub fn outbox_id(message: &str) -> u64 {
    message
        .split("<outbox-")
        .nth(1)
        .and_then(|rest| rest.split('@').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// The token in the first `…?token=HEX` link of a message.
pub fn token_in(message: &str) -> String {
    let start = message.find("token=").expect("a link with a token") + "token=".len();
    message[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

/// A running server and a client for it.
pub struct TestApp {
    pub base_url: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub db: TestDatabase,
    _shutdown: oneshot::Sender<()>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, &[]).await
    }

    /// A server with some configuration variables set.
    pub async fn spawn_with(backend: Backend, vars: &[(&str, &str)]) -> Self {
        // The servers' errors (an internal error's cause, a failed query)
        // go to the test output, so a failure far from its cause, or one
        // seen once, can be read in the run's log.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("error"))
            .with_test_writer()
            .try_init();
        let db = TestDatabase::new(backend).await;
        let config = db.config_with(vars);
        // A stylesheet in the site directory, to test how files are served.
        let pkg = config.site_dir.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("techforce.css"), "body { margin: 0 }\n").unwrap();

        let application = Application::build(&config).await.unwrap();
        let base_url = format!("http://{}", application.local_addr());
        let state = application.state().clone();
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(application.run_until(async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap();
        Self {
            base_url,
            client,
            state,
            db,
            _shutdown: shutdown,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Loads a page as a browser navigation does (asking for HTML).
    pub async fn page(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
            .send()
            .await
            .unwrap()
    }

    /// Posts a form to a server function as the page's script would.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", PUBLIC_URL)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The messages in the file drop, oldest first, decoded enough to read
    /// (quoted-printable undone).
    pub fn mail(&self) -> Vec<String> {
        let mut messages = file_drop(&self.db.dir.path().join("data").join("mail"));
        // Oldest first by outbox row (in the Message-ID): file times can tie.
        messages.sort_by_key(|m| outbox_id(m));
        messages
    }

    /// Waits (up to 10 s) for the file drop to hold `count` messages.
    pub async fn wait_for_mail(&self, count: usize) -> Vec<String> {
        for _ in 0..100 {
            let mail = self.mail();
            if mail.len() >= count {
                return mail;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {count} messages, have {:#?}", self.mail());
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

/// Long enough for any request under a loaded CI machine; a request that
/// never gets an answer fails its test instead of stalling the whole run.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The password of the accounts the tests make.
pub const PASSWORD: &str = "violet tractor humming lantern";

/// Makes a verified account (as the command line does) and returns its id.
pub async fn account(app: &TestApp, email: &str, role: app::domain::account::Role) -> i64 {
    techforce::accounts::create_user(
        &app.state.db,
        email,
        role,
        None,
        techforce::accounts::PasswordSource::Given(PASSWORD.into()),
    )
    .await
    .unwrap()
    .id
}

/// A new session for `email`'s account, made directly (no password hash):
/// the token a browser would hold in its cookie.
pub async fn session_token(app: &TestApp, email: &str) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let mut conn = app.state.db.writer().acquire().await.unwrap();
    let user = app::server::db::users::find_user(&mut conn, id)
        .await
        .unwrap()
        .unwrap();
    app::server::auth::session::create_session(&mut conn, &app.state.sessions, &user, None, None)
        .await
        .unwrap()
}

/// A cookie-keeping client signed in as `email` (redirects not followed).
pub async fn browser(app: &TestApp, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap();
    let response = client
        .post(app.url("/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        response.headers().get("set-cookie").is_some(),
        "{email} signed in"
    );
    client
}

/// A page as a browser asks for it: (status, HTML).
pub async fn page(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
) -> (reqwest::StatusCode, String) {
    let response = client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Posts a form from this site with `client`.
pub async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("origin", PUBLIC_URL)
        .form(form)
        .send()
        .await
        .unwrap()
}

/// A real PDF of `pages` blank pages.
pub fn pdf(pages: usize) -> Vec<u8> {
    use lopdf::{Document, Object, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => pages as i64,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A calendar day `offset` days from today (Eastern Time).
pub fn day(offset: i64) -> app::domain::opening::Day {
    app::server::db::openings::eastern_day(
        time::OffsetDateTime::now_utc() + time::Duration::days(offset),
    )
}

/// A published, open opening (GS-2210-11/12) hiring by `method`.
pub async fn published_opening(app: &TestApp, method: app::domain::opening::HiringMethod) -> i64 {
    insert_opening(&app.state.db, method, true).await
}

/// A complete draft opening (GS-2210-11/12, open from yesterday for three
/// weeks) hiring by `method`.
pub async fn draft_opening(app: &TestApp, method: app::domain::opening::HiringMethod) -> i64 {
    insert_opening(&app.state.db, method, false).await
}

/// Inserts a complete opening (GS-2210-11/12, open from yesterday for
/// three weeks) hiring by `method`, published or as a draft.
pub async fn insert_opening(
    db: &app::server::db::Db,
    method: app::domain::opening::HiringMethod,
    published: bool,
) -> i64 {
    use app::domain::opening::{OpeningFields, OpeningStatus, WorkplaceType};
    let fields = OpeningFields {
        title: "Cyber Defense Analyst".into(),
        series: "2210".into(),
        grade_low: 11,
        grade_high: 12,
        work_roles: vec!["PD-WRL-001".into()],
        locations: vec!["Remote".into()],
        workplace: WorkplaceType::Remote,
        salary_min: None,
        salary_max: None,
        appointment: "Term".into(),
        who_may_apply: "U.S. citizens".into(),
        vacancies: 3,
        hiring_method: method,
        summary: "Defend.".into(),
        duties: "Watch.".into(),
        qualifications: "Skill.".into(),
        evaluation: "Hands-on.".into(),
        opens_on: Some(day(-1)),
        closes_on: Some(day(20)),
    };
    let mut tx = db.begin_write().await.unwrap();
    let id = app::server::db::openings::insert_opening(&mut tx, &fields, None)
        .await
        .unwrap();
    if published {
        app::server::db::openings::update_opening_status(
            &mut tx,
            id,
            OpeningStatus::Draft,
            OpeningStatus::Published,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

/// A submitted application of a new candidate `email` to `opening`;
/// returns its public id.
pub async fn submitted(app: &TestApp, email: &str, opening: i64) -> String {
    use app::domain::application::{Actor, ApplicationStatus};
    let candidate = account(app, email, app::domain::account::Role::Candidate).await;
    let public_id = format!("{:032x}", ((candidate as u128) << 64) | 0x5eed);
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = app::server::db::applications::insert_draft(&mut tx, opening, candidate, &public_id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        app::server::db::applications::move_status(
            &mut tx,
            id,
            ApplicationStatus::Draft,
            1,
            ApplicationStatus::Submitted,
            Actor::Candidate,
            Some(candidate),
            None
        )
        .await
        .unwrap()
    );
    tx.commit().await.unwrap();
    public_id
}

/// Everything a refused call must leave alone: each table's row count, and
/// the latest change to the tables whose rows are edited in place. (The
/// audit log, sessions and sign-in counters are meant to move.)
pub async fn fingerprint(app: &TestApp) -> Vec<String> {
    const COUNTED: &[&str] = &[
        "users",
        "email_tokens",
        "outbox",
        "openings",
        "opening_work_roles",
        "opening_locations",
        "opening_questions",
        "opening_managers",
        "opening_history",
        "applications",
        "application_answers",
        "application_history",
        "documents",
        "candidate_profiles",
        "challenges",
        "challenge_artefacts",
        "assessments",
        "assessment_challenges",
        "sittings",
        "sitting_answers",
        "submissions",
        "hint_reveals",
        "integrity_flags",
        "application_notes",
        "certificates",
        "certificate_entries",
        "scorecards",
        "agencies",
    ];
    const EDITED: &[&str] = &[
        "users",
        "openings",
        "applications",
        "candidate_profiles",
        "challenges",
        "assessments",
        "scorecards",
    ];
    let mut marks = Vec::new();
    for table in COUNTED {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        marks.push(format!("{table}: {count}"));
    }
    for table in EDITED {
        let latest: Option<String> =
            sqlx::query_scalar(&format!("SELECT MAX(updated_at) FROM {table}"))
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        marks.push(format!("{table} changed: {latest:?}"));
    }
    marks
}

/// The applicant tallies (migration 0019: folded sums plus changes not yet
/// folded) and the same groups counted from the applications, as
/// (opening, status, category or '', score or -1, count) rows in one order.
pub async fn tallies_and_applications(
    app: &TestApp,
) -> (
    Vec<(i64, String, String, i64, i64)>,
    Vec<(i64, String, String, i64, i64)>,
) {
    let tallies = app::server::db::applicant_counts::TALLIES;
    let tallied = sqlx::query_as(&format!(
        "SELECT opening_id, status, category, score_percent, CAST(SUM(n) AS BIGINT)
         FROM {tallies} t GROUP BY opening_id, status, category, score_percent
         HAVING SUM(n) <> 0 ORDER BY 1, 2, 3, 4"
    ))
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    let counted = sqlx::query_as(
        "SELECT opening_id, status, COALESCE(category, ''), COALESCE(score_percent, -1), COUNT(*)
         FROM applications
         GROUP BY opening_id, status, COALESCE(category, ''), COALESCE(score_percent, -1)
         ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    (tallied, counted)
}

/// An application's status as stored.
pub async fn status_of(app: &TestApp, public_id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM applications WHERE public_id = $1")
        .bind(public_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

/// `count` candidate accounts made straight in the database, a thousand a
/// statement (no password that signs in): `{prefix}-{n}@example.com`,
/// named `name(n)`. Returns their ids in the order of `n`.
pub async fn many_candidates(
    conn: &mut sqlx::AnyConnection,
    prefix: &str,
    count: i64,
    name: impl Fn(i64) -> String,
) -> Vec<i64> {
    let first: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    for batch in (0..count).collect::<Vec<_>>().chunks(1_000) {
        let users: Vec<String> = batch
            .iter()
            .map(|&n| {
                format!(
                    "('{prefix}-{n}@example.com', '{}', 'x', 'candidate', \
                     '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
                    name(n).replace('\'', "''")
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES {}",
            users.join(",")
        ))
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id > $1 ORDER BY id")
        .bind(first)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert_eq!(ids.len() as i64, count);
    ids
}
