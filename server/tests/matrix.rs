//! The authorization matrix: every server function, every page and every
//! plain route, called by six kinds of people, each answer checked against
//! the table below. A server function or page the table does not list fails
//! the test, and every refused call must leave the database as it was.
//!
//! The people, in the order each row is called (the table's columns):
//!
//! | column | who |
//! |---|---|
//! | 1 | anonymous (no session) |
//! | 2 | another candidate (not the application's owner) |
//! | 3 | a hiring manager not assigned to the opening |
//! | 4 | the candidate who owns the application |
//! | 5 | the hiring manager assigned to the opening |
//! | 6 | program staff |
//!
//! The answers: `o` done (2xx, or a redirect that is not to sign-in);
//! `i` let through but refused on its input or the object's state (400,
//! 409, 422, 429); `l` sign in first (401, or a page's redirect to
//! `/login`); `f` forbidden (403); `h` hidden (404: not theirs, and not
//! told whether it exists).
//!
//! Every write a person may make (a server function or an upload answered
//! `o` or `i`) is also sent first as a forgery from another site in that
//! person's browser: it must be refused with 403 and change nothing.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeSet, HashMap};

use app::domain::account::Role;
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty, Hint};
use app::domain::opening::HiringMethod;
use app::server::challenges::library::insert_challenge;
use common::{
    Backend, PUBLIC_URL, TestApp, account, browser, draft_opening, fingerprint, pdf, post,
    published_opening,
};
use reqwest::StatusCode;

on_both_databases!(every_route_answers_each_kind_of_person_as_the_table_says);

/// How a row is called.
#[derive(Clone, Copy, Debug)]
enum Call {
    /// A server function: a form posted from this site.
    Function,
    /// A page, asked for as a browser navigates.
    Page,
    /// A plain GET (a download or an operations endpoint).
    Get,
    /// A multipart upload of one PDF in the named field.
    Upload(&'static str),
}

struct Row {
    call: Call,
    /// The path, with `{placeholders}` filled in from the fixture.
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    /// One letter per column (see the module comment).
    expect: &'static str,
}

const fn function(
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    expect: &'static str,
) -> Row {
    Row {
        call: Call::Function,
        path,
        form,
        expect,
    }
}

const fn page(path: &'static str, expect: &'static str) -> Row {
    Row {
        call: Call::Page,
        path,
        form: &[],
        expect,
    }
}

const fn get(path: &'static str, expect: &'static str) -> Row {
    Row {
        call: Call::Get,
        path,
        form: &[],
        expect,
    }
}

const fn upload(path: &'static str, field: &'static str, expect: &'static str) -> Row {
    Row {
        call: Call::Upload(field),
        path,
        form: &[],
        expect,
    }
}

/// Everyone gets it.
const ALL: &str = "oooooo";
/// Any signed-in account.
const SIGNED_IN: &str = "looooo";
/// Staff only.
const STAFF: &str = "lffffo";
/// Candidates, each for themselves.
const CANDIDATES: &str = "lofoff";
/// The owner of the application only; another candidate is not told it exists.
const OWNER: &str = "lhfoff";
/// The opening's assigned manager and staff.
const TEAM: &str = "lfffoo";
/// The same, where a manager of other openings is not told it exists.
const TEAM_ONLY: &str = "lfhfoo";
/// The owner's files: nobody else is told they exist.
const OWNER_FILE: &str = "lhhohh";
/// Staff's files (challenge artefacts): nobody else is told they exist.
const STAFF_FILE: &str = "lhhhho";
/// Any manager (each sees only their own openings) and staff.
const MANAGERS: &str = "lfofoo";

const OPENING_FORM: &[(&str, &str)] = &[
    ("opening[title]", "Threat Hunter"),
    ("opening[series]", "2210"),
    ("opening[grade_low]", "12"),
    ("opening[grade_high]", "13"),
    ("opening[work_roles][]", "PD-WRL-001"),
    ("opening[locations]", "Remote"),
    ("opening[workplace]", "remote"),
    ("opening[salary_min]", ""),
    ("opening[salary_max]", ""),
    ("opening[appointment]", "Term"),
    ("opening[who_may_apply]", "U.S. citizens"),
    ("opening[vacancies]", "1"),
    ("opening[hiring_method]", "direct_hire"),
    ("opening[summary]", "Hunt."),
    ("opening[duties]", "Look."),
    ("opening[qualifications]", "Skill."),
    ("opening[evaluation]", "Hands-on."),
    ("opening[opens_on]", ""),
    ("opening[closes_on]", ""),
];

const CHALLENGE_FORM: &[(&str, &str)] = &[
    ("id", "{challenge}"),
    ("version", "{challenge_version}"),
    ("challenge[title]", "Find the beacon"),
    ("challenge[category]", "incident_response"),
    ("challenge[difficulty]", "intermediate"),
    ("challenge[points]", "100"),
    ("challenge[description]", "Read the log."),
    ("challenge[max_attempts]", "50"),
    ("challenge[check]", "exact"),
    ("challenge[answer]", "flag{matrix}"),
    ("challenge[choices]", ""),
    ("challenge[generator]", ""),
    ("challenge[hints]", "10 | Look at the times"),
];

/// The table, in the order it runs: reads before writes, and the writes
/// that end something (withdrawing, finishing, signing out) last.
const TABLE: &[Row] = &[
    // Open to everyone.
    page("/", ALL),
    page("/jobs", ALL),
    page("/jobs/{opening}", ALL),
    page("/login", ALL),
    page("/signup", ALL),
    page("/verify-email", ALL),
    page("/forgot-password", ALL),
    page("/reset-password", ALL),
    function("/api/whoami", &[], ALL),
    function("/api/jobs/search", &[("search[q]", "analyst")], ALL),
    function("/api/jobs/get", &[("id", "{opening}")], ALL),
    function("/api/jobs/newest", &[], ALL),
    function("/api/verify-email", &[("token", "00ff")], "iiiiii"),
    function(
        "/api/forgot-password",
        &[("email", "nobody@example.com")],
        ALL,
    ),
    function("/api/reset-link-valid", &[("token", "00ff")], ALL),
    function(
        "/api/reset-password",
        &[
            ("token", "00ff"),
            ("password", "a new long passphrase here"),
        ],
        "iiiiii",
    ),
    function(
        "/api/sign-up",
        &[
            ("name", "New Person"),
            ("email", "new-{n}@example.com"),
            ("password", "a new long passphrase here"),
        ],
        ALL,
    ),
    function(
        "/api/sign-in",
        &[("email", "nobody@example.com"), ("password", "wrong")],
        "iiiiii",
    ),
    get("/api/v1/jobs", ALL),
    get("/api/v1/jobs/{opening}", ALL),
    get("/healthz", ALL),
    get("/readyz", ALL),
    get("/metrics", ALL),
    // One's own account.
    page("/account", SIGNED_IN),
    function("/api/my-sessions", &[], SIGNED_IN),
    function("/api/end-session", &[("handle", "00ff")], "lhhhhh"),
    function("/api/resend-verification", &[], SIGNED_IN),
    function(
        "/api/change-password",
        &[("current_password", "wrong"), ("new_password", "x")],
        "liiiii",
    ),
    function(
        "/api/update-profile",
        &[("name", "Same Person"), ("phone", "")],
        SIGNED_IN,
    ),
    // A candidate's profile and applying (to an opening nobody applied to).
    function("/api/profile/get", &[], SIGNED_IN),
    function(
        "/api/profile/save",
        &[
            ("legal_name", "Pat Lee"),
            ("citizen", "yes"),
            ("veterans_preference", "none"),
        ],
        CANDIDATES,
    ),
    upload("/account/resume", "resume", CANDIDATES),
    get("/account/resume", "lohohh"),
    function("/api/profile/remove-resume", &[], CANDIDATES),
    page("/jobs/{fresh}/apply", CANDIDATES),
    function("/api/apply/state", &[("opening_id", "{fresh}")], CANDIDATES),
    function(
        "/api/apply/answers",
        &[("opening_id", "{fresh}")],
        CANDIDATES,
    ),
    function(
        "/api/apply/cover-letter",
        &[("opening_id", "{fresh}"), ("cover_letter", "Dear panel,")],
        CANDIDATES,
    ),
    function(
        "/api/apply/profile-resume",
        &[("opening_id", "{fresh}")],
        "lififf",
    ),
    upload("/jobs/{fresh}/apply/resume", "resume", CANDIDATES),
    function(
        "/api/apply/declarations",
        &[
            ("opening_id", "{fresh}"),
            ("veterans_preference", "none"),
            ("attest", "yes"),
        ],
        CANDIDATES,
    ),
    page("/applications", CANDIDATES),
    function("/api/applications/mine", &[], CANDIDATES),
    page("/applications/{app}", OWNER),
    function("/api/applications/get", &[("public_id", "{app}")], OWNER),
    function(
        "/api/applications/answer-offer",
        &[("public_id", "{app}"), ("answer", "accept")],
        "lhfiff",
    ),
    get("/applications/{app}/resume", "lhhooo"),
    // Staff: accounts, agencies, reports.
    page("/admin/users", STAFF),
    function("/api/admin/users", &[("query", ""), ("page", "1")], STAFF),
    function(
        "/api/admin/set-role",
        &[("user_id", "{victim}"), ("role", "hiring_manager")],
        STAFF,
    ),
    function(
        "/api/admin/set-disabled",
        &[("user_id", "{victim}"), ("disabled", "true")],
        STAFF,
    ),
    page("/admin/agencies", STAFF),
    function("/api/admin/agencies", &[], STAFF),
    function(
        "/api/admin/create-agency",
        &[("code", "A{n}"), ("name", "Agency {n}")],
        STAFF,
    ),
    page("/admin/reports", STAFF),
    function("/api/reports/program", &[], STAFF),
    function("/api/reports/openings", &[("page", "1")], STAFF),
    get("/admin/reports/funnel.csv", STAFF),
    // Staff: the challenge library.
    page("/admin/challenges", STAFF),
    page("/admin/challenges/new", STAFF),
    page("/admin/challenges/{challenge}", STAFF),
    page("/admin/challenges/{challenge}/preview", STAFF),
    function("/api/admin/challenges", &[], STAFF),
    function("/api/admin/challenge", &[("id", "{challenge}")], STAFF),
    function(
        "/api/admin/preview-challenge",
        &[("id", "{challenge}")],
        STAFF,
    ),
    function(
        "/api/admin/create-challenge",
        CHALLENGE_FORM.split_at(2).1,
        STAFF,
    ),
    function("/api/admin/update-challenge", CHALLENGE_FORM, STAFF),
    upload(
        "/admin/challenges/{challenge}/artefacts",
        "artefact",
        STAFF_FILE,
    ),
    get(
        "/admin/challenges/{challenge}/artefacts/{artefact}",
        STAFF_FILE,
    ),
    get("/admin/challenges/{generated}/sample", STAFF_FILE),
    // Staff: openings (a spare draft; the applied-to opening for reads).
    page("/admin/jobs", STAFF),
    page("/admin/jobs/new", STAFF),
    page("/admin/jobs/{spare}", STAFF),
    function(
        "/api/admin/openings",
        &[("status", ""), ("page", "1")],
        STAFF,
    ),
    function("/api/admin/opening", &[("id", "{spare}")], STAFF),
    function("/api/admin/create-opening", OPENING_FORM, STAFF),
    function(
        "/api/admin/update-opening",
        &[
            ("id", "{spare}"),
            ("version", "{spare_version}"),
            ("opening[title]", "Threat Hunter"),
            ("opening[series]", "2210"),
            ("opening[grade_low]", "12"),
            ("opening[grade_high]", "13"),
            ("opening[work_roles][]", "PD-WRL-001"),
            ("opening[locations]", "Remote"),
            ("opening[workplace]", "remote"),
            ("opening[salary_min]", "99000"),
            ("opening[salary_max]", "128000"),
            ("opening[appointment]", "Term"),
            ("opening[who_may_apply]", "U.S. citizens"),
            ("opening[vacancies]", "1"),
            ("opening[hiring_method]", "direct_hire"),
            ("opening[summary]", "Hunt."),
            ("opening[duties]", "Look."),
            ("opening[qualifications]", "Skill."),
            ("opening[evaluation]", "Hands-on."),
            ("opening[opens_on]", "2030-01-02"),
            ("opening[closes_on]", "2030-02-01"),
        ],
        STAFF,
    ),
    function(
        "/api/admin/add-question",
        &[
            ("id", "{spare}"),
            ("question[kind]", "essay"),
            ("question[prompt]", "Why this work?"),
        ],
        STAFF,
    ),
    function(
        "/api/admin/remove-question",
        &[("id", "{spare}"), ("question_id", "{question}")],
        STAFF,
    ),
    function(
        "/api/admin/assign-manager",
        &[("id", "{spare}"), ("user_id", "{unassigned_id}")],
        STAFF,
    ),
    function(
        "/api/admin/unassign-manager",
        &[("id", "{spare}"), ("user_id", "{unassigned_id}")],
        STAFF,
    ),
    function("/api/admin/clone-opening", &[("id", "{spare}")], STAFF),
    function(
        "/api/admin/opening-status",
        &[("id", "{spare}"), ("action", "publish")],
        STAFF,
    ),
    function(
        "/api/admin/assessment",
        &[("opening_id", "{opening}")],
        STAFF,
    ),
    function(
        "/api/admin/save-assessment",
        &[
            ("opening_id", "{spare}"),
            ("assessment[challenges][]", "{challenge}"),
            ("assessment[time_limit_minutes]", "60"),
            ("assessment[pass_mark]", "50"),
            ("assessment[well_from]", "70"),
            ("assessment[best_from]", "85"),
        ],
        STAFF,
    ),
    // The hiring team on the applied-to opening.
    page("/manage", MANAGERS),
    function("/api/manage/openings", &[], MANAGERS),
    page("/manage/openings/{opening}", TEAM),
    function(
        "/api/manage/applicants",
        &[("opening_id", "{opening}")],
        TEAM,
    ),
    page("/manage/applications/{app}", TEAM),
    function("/api/manage/applicant", &[("public_id", "{app}")], TEAM),
    function(
        "/api/manage/note",
        &[("public_id", "{app}"), ("body", "Strong log analysis.")],
        TEAM,
    ),
    function(
        "/api/manage/move",
        &[
            ("public_id", "{app}"),
            ("version", "{app_version}"),
            ("event", "select"),
        ],
        "lfffii",
    ),
    function(
        "/api/manage/bulk",
        &[
            ("opening_id", "{opening}"),
            ("event", "select"),
            ("chosen[]", "{app}"),
        ],
        // Staff do not select: only the managers' own actions are offered.
        "lfffoi",
    ),
    function(
        "/api/manage/scorecard",
        &[("public_id", "{app}"), ("card[recommendation]", "select")],
        "lfffii",
    ),
    function(
        "/api/manage/ranking-settings",
        &[("opening_id", "{opening}")],
        TEAM,
    ),
    function(
        "/api/manage/save-ranking-settings",
        &[("opening_id", "{opening}"), ("referral_range", "10")],
        STAFF,
    ),
    function("/api/manage/rate", &[("opening_id", "{opening}")], STAFF),
    function(
        "/api/manage/certificates",
        &[("opening_id", "{opening}")],
        TEAM,
    ),
    page("/manage/certificates/{cert}", TEAM_ONLY),
    function(
        "/api/manage/certificate",
        &[("public_id", "{cert}")],
        TEAM_ONLY,
    ),
    get("/manage/certificates/{cert}/csv", "lhhhoo"),
    function(
        "/api/manage/issue-certificate",
        &[("opening_id", "{opening}")],
        "lffffi",
    ),
    // The owner's assessment.
    page("/assessments/{app}", OWNER),
    function("/api/assessments/get", &[("public_id", "{app}")], OWNER),
    function("/api/assessments/start", &[("public_id", "{app}")], OWNER),
    get("/assessments/{app}/challenges/{generated}/file", OWNER_FILE),
    get("/assessments/{app}/artefacts/{artefact}", OWNER_FILE),
    function(
        "/api/assessments/answer",
        &[
            ("public_id", "{app}"),
            ("challenge_id", "{challenge}"),
            ("answer", "flag{wrong}"),
        ],
        OWNER,
    ),
    function(
        "/api/assessments/hint",
        &[
            ("public_id", "{app}"),
            ("challenge_id", "{challenge}"),
            ("hint", "0"),
        ],
        OWNER,
    ),
    function(
        "/api/assessments/finish",
        &[("public_id", "{app}"), ("confirm", "yes")],
        OWNER,
    ),
    // Ends: the artefact removed, the application submitted and
    // withdrawn, everyone signed out.
    function(
        "/api/admin/remove-artefact",
        &[("id", "{challenge}"), ("artefact_id", "{artefact}")],
        "lffffi",
    ),
    function(
        "/api/apply/submit",
        &[("opening_id", "{fresh}")],
        CANDIDATES,
    ),
    function(
        "/api/applications/withdraw",
        &[("public_id", "{app}"), ("confirm", "yes")],
        OWNER,
    ),
    function("/api/sign-out", &[], ALL),
];

/// An origin that is not the portal's.
const FOREIGN: &str = "https://portal.attacker.example";

/// The columns, in calling order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Anonymous,
    OtherCandidate,
    UnassignedManager,
    Owner,
    AssignedManager,
    Staff,
}

const COLUMNS: [Who; 6] = [
    Who::Anonymous,
    Who::OtherCandidate,
    Who::UnassignedManager,
    Who::Owner,
    Who::AssignedManager,
    Who::Staff,
];

/// The objects the rows name, made before the table runs.
struct World {
    app: TestApp,
    clients: HashMap<Who, reqwest::Client>,
    /// `{name}` → value, for the placeholders that do not change.
    fixed: HashMap<&'static str, String>,
    /// A counter for values that must differ per call (`{n}`).
    calls: u64,
}

async fn scalar(app: &TestApp, sql: &str) -> String {
    let value: Option<i64> = sqlx::query_scalar(sql)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    value.unwrap_or(0).to_string()
}

impl World {
    async fn build(backend: Backend) -> Self {
        let app = TestApp::spawn(backend).await;
        let staff_id = account(&app, "staff@agency.gov", Role::Staff).await;
        let assigned = account(&app, "assigned@agency.gov", Role::HiringManager).await;
        let unassigned = account(&app, "unassigned@agency.gov", Role::HiringManager).await;
        account(&app, "owner@example.com", Role::Candidate).await;
        account(&app, "other@example.com", Role::Candidate).await;
        let victim = account(&app, "victim@example.com", Role::Candidate).await;

        let challenge = library_challenge(
            &app,
            "Find the beacon",
            AnswerKey::Exact {
                answer: "flag{matrix}".into(),
            },
        )
        .await;
        let generated = library_challenge(
            &app,
            "Count the failures",
            AnswerKey::Generated {
                generator: "ssh-brute-force".into(),
            },
        )
        .await;

        // The applied-to opening: its manager assigned, an assessment of
        // both challenges, and the owner's application with a résumé.
        let opening = published_opening(&app, HiringMethod::DirectHire).await;
        {
            let mut conn = app.state.db.writer().acquire().await.unwrap();
            app::server::db::openings::insert_manager(&mut conn, opening, assigned, None)
                .await
                .unwrap();
        }
        let mut clients = HashMap::new();
        clients.insert(
            Who::Anonymous,
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        );
        for (who, email) in [
            (Who::OtherCandidate, "other@example.com"),
            (Who::UnassignedManager, "unassigned@agency.gov"),
            (Who::Owner, "owner@example.com"),
            (Who::AssignedManager, "assigned@agency.gov"),
            (Who::Staff, "staff@agency.gov"),
        ] {
            clients.insert(who, browser(&app, email).await);
        }
        let opening_text = opening.to_string();
        let attached = post(
            &app,
            &clients[&Who::Staff],
            "/api/admin/save-assessment",
            &[
                ("opening_id", &opening_text),
                ("assessment[challenges][]", &challenge.to_string()),
                ("assessment[challenges][]", &generated.to_string()),
                ("assessment[time_limit_minutes]", "90"),
                ("assessment[pass_mark]", "50"),
                ("assessment[well_from]", "70"),
                ("assessment[best_from]", "85"),
            ],
        )
        .await;
        assert_eq!(attached.status(), StatusCode::OK, "assessment attached");
        let owner = &clients[&Who::Owner];
        let resume = owner
            .post(app.url(&format!("/jobs/{opening}/apply/resume")))
            .header("origin", PUBLIC_URL)
            .multipart(pdf_form("resume"))
            .send()
            .await
            .unwrap();
        assert!(resume.status().is_success(), "résumé: {}", resume.status());
        for (path, form) in [
            (
                "/api/apply/declarations",
                vec![
                    ("opening_id", opening_text.as_str()),
                    ("veterans_preference", "none"),
                    ("attest", "yes"),
                ],
            ),
            (
                "/api/apply/submit",
                vec![("opening_id", opening_text.as_str())],
            ),
        ] {
            let done = post(&app, owner, path, &form).await;
            assert_eq!(done.status(), StatusCode::OK, "{path}");
        }
        let application: String = sqlx::query_scalar("SELECT public_id FROM applications")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();

        // A certificate already issued for the opening.
        let cert = "c0ffee00c0ffee00c0ffee00c0ffee00".to_owned();
        sqlx::query(
            "INSERT INTO certificates (public_id, opening_id, method, issued_at, issued_by)
             VALUES ($1, $2, 'category_rating', '2026-11-01T12:00:00Z', $3)",
        )
        .bind(&cert)
        .bind(opening)
        .bind(staff_id)
        .execute(app.state.db.writer())
        .await
        .unwrap();

        let fresh = published_opening(&app, HiringMethod::DirectHire).await;
        let spare = draft_opening(&app, HiringMethod::DirectHire).await;

        let fixed = HashMap::from([
            ("opening", opening_text),
            ("fresh", fresh.to_string()),
            ("spare", spare.to_string()),
            ("app", application),
            ("cert", cert),
            ("challenge", challenge.to_string()),
            ("generated", generated.to_string()),
            ("victim", victim.to_string()),
            ("unassigned_id", unassigned.to_string()),
        ]);
        Self {
            app,
            clients,
            fixed,
            calls: 0,
        }
    }

    /// `template` with its placeholders filled in, now.
    async fn fill(&mut self, template: &str) -> String {
        let mut out = template.to_owned();
        for (name, value) in &self.fixed {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        if out.contains("{n}") {
            self.calls += 1;
            out = out.replace("{n}", &self.calls.to_string());
        }
        let app = &self.app;
        let lookups = [
            (
                "{spare_version}",
                format!(
                    "SELECT version FROM openings WHERE id = {}",
                    self.fixed["spare"]
                ),
            ),
            (
                "{challenge_version}",
                format!(
                    "SELECT version FROM challenges WHERE id = {}",
                    self.fixed["challenge"]
                ),
            ),
            (
                "{app_version}",
                format!(
                    "SELECT version FROM applications WHERE public_id = '{}'",
                    self.fixed["app"]
                ),
            ),
            (
                "{question}",
                format!(
                    "SELECT MAX(id) FROM opening_questions WHERE opening_id = {}",
                    self.fixed["spare"]
                ),
            ),
            (
                "{artefact}",
                "SELECT MAX(id) FROM challenge_artefacts".to_owned(),
            ),
        ];
        for (placeholder, sql) in lookups {
            if out.contains(placeholder) {
                out = out.replace(placeholder, &scalar(app, &sql).await);
            }
        }
        assert!(
            !out.contains('{') || out.contains("flag{"),
            "unfilled: {out}"
        );
        out
    }

    /// Calls `row` as `who`; returns the answer's status, where a redirect
    /// leads, and the start of the body.
    async fn call(&mut self, row: &Row, who: Who, origin: &str) -> (StatusCode, String, String) {
        let path = self.fill(row.path).await;
        let mut form = Vec::with_capacity(row.form.len());
        for (key, value) in row.form {
            form.push((*key, self.fill(value).await));
        }
        let client = &self.clients[&who];
        let url = self.app.url(&path);
        let response = match row.call {
            Call::Function => client
                .post(&url)
                .header("origin", origin)
                .form(&form)
                .send()
                .await
                .unwrap(),
            Call::Page => client
                .get(&url)
                .header("accept", "text/html")
                .send()
                .await
                .unwrap(),
            Call::Get => client.get(&url).send().await.unwrap(),
            Call::Upload(field) => client
                .post(&url)
                .header("origin", origin)
                .multipart(pdf_form(field))
                .send()
                .await
                .unwrap(),
        };
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let status = response.status();
        let body: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        (status, location, body)
    }
}

/// A one-page PDF in the multipart field `field`.
fn pdf_form(field: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        field.to_owned(),
        reqwest::multipart::Part::bytes(pdf(1))
            .file_name("evidence.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    )
}

async fn library_challenge(app: &TestApp, title: &str, key: AnswerKey) -> i64 {
    let fields = ChallengeFields {
        title: title.into(),
        category: Category::IncidentResponse,
        difficulty: Difficulty::Intermediate,
        points: 100,
        description: format!("Task: {title}."),
        max_attempts: 50,
        hints: vec![Hint {
            text: "Look at the times.".into(),
            cost: 10,
        }],
        key,
    };
    let mut tx = app.state.db.begin_write().await.unwrap();
    let id = insert_challenge(&mut tx, &fields, None).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// The letter an answer earns (see the module comment).
fn letter(status: StatusCode, location: &str) -> char {
    match status.as_u16() {
        200..=299 => 'o',
        300..=399 if location.starts_with("/login") => 'l',
        300..=399 => 'o',
        401 => 'l',
        403 => 'f',
        404 => 'h',
        400 | 409 | 413 | 415 | 422 | 429 => 'i',
        _ => '!',
    }
}

/// The audit log as it stands, oldest first.
async fn audit_trail(app: &TestApp) -> Vec<(i64, String, String, String, String)> {
    sqlx::query_as(
        "SELECT id, action, outcome, COALESCE(subject, ''), COALESCE(detail, '')
         FROM audit_log ORDER BY id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap()
}

/// `/jobs/{id}` and `/jobs/:id` alike become `/jobs/*`.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|part| {
            if part.starts_with('{') || part.starts_with(':') {
                "*"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn every_route_answers_each_kind_of_person_as_the_table_says(backend: Backend) {
    // Every server function and every page is in the table.
    let functions: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let pages: BTreeSet<String> = techforce::startup::page_paths()
        .iter()
        .map(|p| shape(p))
        .collect();
    let listed = |call: fn(&Call) -> bool| -> BTreeSet<String> {
        TABLE
            .iter()
            .filter(|row| call(&row.call))
            .map(|row| shape(row.path))
            .collect()
    };
    let listed_functions = listed(|c| matches!(c, Call::Function));
    let listed_pages = listed(|c| matches!(c, Call::Page));
    let unlisted: Vec<_> = functions.difference(&listed_functions).collect();
    assert!(
        unlisted.is_empty(),
        "server functions not in the table: {unlisted:?}"
    );
    let unlisted: Vec<_> = pages.difference(&listed_pages).collect();
    assert!(unlisted.is_empty(), "pages not in the table: {unlisted:?}");
    let unknown: Vec<_> = listed_functions.difference(&functions).collect();
    assert!(unknown.is_empty(), "listed but not registered: {unknown:?}");

    let mut world = World::build(backend).await;
    let audit_before = audit_trail(&world.app).await;
    let mut wrong = Vec::new();
    let (mut calls, mut refusals, mut forged) = (0, 0, 0);
    for row in TABLE {
        assert_eq!(row.expect.len(), COLUMNS.len(), "{}", row.path);
        let mut got = String::new();
        for (who, expected) in COLUMNS.iter().zip(row.expect.chars()) {
            let refused = matches!(expected, 'l' | 'f' | 'h');
            let before = if refused {
                Some(fingerprint(&world.app).await)
            } else {
                None
            };
            let writes = matches!(row.call, Call::Function | Call::Upload(_));
            if writes && matches!(expected, 'o' | 'i') {
                // The same call, forged by another site in this person's
                // browser: refused before it does anything.
                let before = fingerprint(&world.app).await;
                let (status, _, _) = world.call(row, *who, FOREIGN).await;
                forged += 1;
                if status != StatusCode::FORBIDDEN {
                    wrong.push(format!("{} {who:?} from another site: {status}", row.path));
                }
                if fingerprint(&world.app).await != before {
                    wrong.push(format!(
                        "{} {who:?} from another site changed data",
                        row.path
                    ));
                }
            }
            let (status, location, body) = world.call(row, *who, PUBLIC_URL).await;
            calls += 1;
            let answer = letter(status, &location);
            got.push(answer);
            if answer != expected {
                wrong.push(format!(
                    "{} {:?}: expected {expected}, got {status} {location} {body}",
                    row.path, who
                ));
            }
            if let Some(before) = before {
                refusals += 1;
                let after = fingerprint(&world.app).await;
                if before != after {
                    let changed: Vec<_> =
                        before.iter().zip(&after).filter(|(b, a)| b != a).collect();
                    wrong.push(format!(
                        "{} {:?} was refused but changed {changed:?}",
                        row.path, who
                    ));
                }
            }
        }
        println!("{:<52} {} {}", row.path, row.expect, got);
    }
    // Nothing in the whole table edits or removes an audit entry.
    let audit_after = audit_trail(&world.app).await;
    assert_eq!(
        audit_after[..audit_before.len()],
        audit_before[..],
        "audit entries unchanged"
    );
    println!(
        "{backend:?}: {} audit entries before the table, unchanged after it ({} after)",
        audit_before.len(),
        audit_after.len()
    );
    println!(
        "{backend:?}: {} rows, {calls} calls; {refusals} refusals and {forged} cross-site \
         forgeries left the database unchanged",
        TABLE.len()
    );
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
