//! `techforce seed --bench`: a large, realistic program for the benchmarks
//! (BENCHMARKS.md), written straight into an empty database in bulk.
//!
//! At full scale: 10,000 openings (nine in ten published, each with a
//! three-challenge assessment from a library of 60), 200,000 candidates,
//! 1,000,000 applications spread over the published openings, 50,000 of
//! them on the first opening, in every stage of the workflow with the
//! history, sittings, categories and ranks that stage implies, and
//! 5,000,000 flag submissions in those sittings. `--scale` shrinks all of
//! it for a quick run.
//!
//! Every account signs in with [`BENCH_PASSWORD`]: `bench-staff@bench.test`
//! (staff), `bench-manager@bench.test` (assigned to the first opening) and
//! `candidate-N@bench.test` for N from 0.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use app::domain::account::Role;
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty, Hint};
use app::domain::opening::{Day, HiringMethod, OpeningFields, OpeningStatus, WorkplaceType};
use app::server::challenges::library::insert_challenge;
use app::server::clock;
use app::server::db::openings::{
    eastern_day, insert_manager, insert_opening, update_opening_status,
};
use app::server::db::{Db, Dialect};
use time::OffsetDateTime;

use crate::accounts::{PasswordSource, create_user};
use crate::seed::LOCATIONS;

/// The one password of every benchmark account. Benchmark data only: never
/// seed it where real people sign in.
pub const BENCH_PASSWORD: &str = "benchmark accounts only, never production";

pub const STAFF_EMAIL: &str = "bench-staff@bench.test";
pub const MANAGER_EMAIL: &str = "bench-manager@bench.test";

/// How much to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub openings: usize,
    pub candidates: usize,
    pub applications: usize,
    /// Applications on the first opening (the manager's list).
    pub big_opening: usize,
    pub challenges: usize,
    pub submissions: usize,
}

impl Scale {
    /// The program: 10,000 openings, 200,000 candidates, 1,000,000
    /// applications (50,000 on one opening), 60 challenges, 5,000,000 flag
    /// submissions.
    pub const FULL: Scale = Scale {
        openings: 10_000,
        candidates: 200_000,
        applications: 1_000_000,
        big_opening: 50_000,
        challenges: 60,
        submissions: 5_000_000,
    };

    /// The full program times `factor` (0 < factor ≤ 1), with enough of
    /// everything left to be a program.
    pub fn times(factor: f64) -> Scale {
        let part = |n: usize, least: usize| ((n as f64 * factor).round() as usize).max(least);
        let full = Scale::FULL;
        let candidates = part(full.candidates, 50);
        Scale {
            openings: part(full.openings, 10),
            candidates,
            applications: part(full.applications, 100),
            big_opening: part(full.big_opening, 20).min(candidates),
            challenges: part(full.challenges, 3),
            submissions: part(full.submissions, 100),
        }
    }
}

/// What seeding made, and how long each part took.
#[derive(Debug, Default)]
pub struct BenchReport {
    pub openings: usize,
    pub published: usize,
    pub candidates: usize,
    pub applications: usize,
    pub history: usize,
    pub sittings: usize,
    pub submissions: usize,
    pub big_opening_id: i64,
    pub steps: Vec<(&'static str, Duration)>,
}

const TITLES: &[(&str, &str)] = &[
    ("Incident Responder", "PD-WRL-003"),
    ("Vulnerability Analyst", "PD-WRL-007"),
    ("Secure Software Developer", "DD-WRL-003"),
    ("Threat Analyst", "PD-WRL-006"),
    ("Forensics Examiner", "PD-WRL-002"),
    ("Security Control Assessor", "OG-WRL-012"),
    ("Cloud Security Architect", "DD-WRL-001"),
    ("Network Defender", "PD-WRL-001"),
];

const FIRST_NAMES: &[&str] = &[
    "Avery", "Blake", "Casey", "Devon", "Emerson", "Finley", "Harper", "Jordan", "Kendall",
    "Logan", "Morgan", "Parker", "Quinn", "Reese", "Rowan", "Sawyer", "Taylor", "Wren",
];

const LAST_NAMES: &[&str] = &[
    "Alvarez", "Brooks", "Chen", "Diaz", "Ellis", "Foster", "Garcia", "Hughes", "Iverson",
    "Johnson", "Kim", "Lopez", "Morris", "Nguyen", "Okafor", "Patel", "Ramirez", "Singh",
    "Thompson", "Williams",
];

fn day(offset: i64) -> Day {
    eastern_day(OffsetDateTime::now_utc() + time::Duration::days(offset))
}

/// Opening `n` of a large program: eight titles and work roles, eight
/// places, five grade ranges, three workplace types, staggered dates.
pub fn opening_fields(n: usize) -> OpeningFields {
    let (title, role) = TITLES[n % TITLES.len()];
    let grade_low = [9, 11, 12, 13, 14][n % 5];
    OpeningFields {
        title: format!("{title} {n}"),
        series: "2210".into(),
        grade_low,
        grade_high: (grade_low + 1).min(15),
        work_roles: vec![role.into()],
        locations: vec![
            LOCATIONS[n % LOCATIONS.len()].into(),
            LOCATIONS[(n / 8) % LOCATIONS.len()].into(),
        ],
        workplace: [
            WorkplaceType::OnSite,
            WorkplaceType::Telework,
            WorkplaceType::Remote,
        ][n % 3],
        salary_min: Some(86_962),
        salary_max: Some(134_435),
        appointment: "Term, 2 years".into(),
        who_may_apply: "U.S. citizens".into(),
        vacancies: 3,
        hiring_method: HiringMethod::CategoryRating,
        summary: format!(
            "Protect federal networks as a {title}: analyze logs, hunt threats and respond to incidents ({n})."
        ),
        duties: "Monitor security tooling, investigate alerts, contain intrusions, write reports, \
                 harden systems and brief agency leadership on cyber risk."
            .into(),
        qualifications: "One year of specialized experience.".into(),
        evaluation: "A hands-on assessment.".into(),
        opens_on: Some(day(-((n % 20) as i64) - 1)),
        // The first opening stays open longest: the benchmarks apply to it.
        closes_on: Some(day(if n == 0 { 300 } else { (n % 60) as i64 + 1 })),
    }
}

/// A number that looks random but is fixed by `n` (so every seed is the
/// same): SplitMix64.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Rows a single INSERT carries.
const ROWS_PER_INSERT: usize = 500;
/// Rows one transaction carries.
const ROWS_PER_TRANSACTION: usize = 50_000;

/// Inserts `rows` (each a parenthesised list of SQL literals made here,
/// never from input) into `table`, many at a time. `ids`: the rows name
/// their own ids (PostgreSQL must be told to accept them).
async fn insert_rows(
    db: &Db,
    table: &str,
    columns: &str,
    ids: bool,
    rows: impl Iterator<Item = String>,
) -> anyhow::Result<usize> {
    let overriding = if ids && db.dialect() == Dialect::Postgres {
        " OVERRIDING SYSTEM VALUE"
    } else {
        ""
    };
    let mut written = 0;
    let mut batch: Vec<String> = Vec::with_capacity(ROWS_PER_INSERT);
    let mut tx = db.begin_write().await?;
    let mut in_tx = 0;
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(ROWS_PER_INSERT));
        sqlx::query(&format!(
            "INSERT INTO {table} ({columns}){overriding} VALUES {}",
            batch.join(",")
        ))
        .execute(&mut *tx)
        .await
        .with_context(|| format!("inserting into {table}"))?;
        written += batch.len();
        in_tx += batch.len();
        if in_tx >= ROWS_PER_TRANSACTION {
            tx.commit().await?;
            tx = db.begin_write().await?;
            in_tx = 0;
        }
    }
    tx.commit().await?;
    // PostgreSQL's identity goes on from the highest id given.
    if ids && db.dialect() == Dialect::Postgres {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .execute(db.writer())
        .await?;
    }
    Ok(written)
}

async fn max_id(db: &Db, table: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>(&format!("SELECT MAX(id) FROM {table}"))
            .fetch_one(db.pool())
            .await?
            .unwrap_or(0),
    )
}

/// Where an application has got to, and the moves that took it there.
fn path_of(n: u64) -> &'static [&'static str] {
    match n % 20 {
        0..=3 => &["draft", "submitted"],
        4 => &["draft", "submitted", "assessment_pending"],
        5..=10 => &[
            "draft",
            "submitted",
            "assessment_pending",
            "assessment_completed",
        ],
        11..=14 => &[
            "draft",
            "submitted",
            "assessment_pending",
            "assessment_completed",
            "qualified",
        ],
        15 => &[
            "draft",
            "submitted",
            "assessment_pending",
            "assessment_completed",
            "not_qualified",
        ],
        16 | 17 => &[
            "draft",
            "submitted",
            "assessment_pending",
            "assessment_completed",
            "qualified",
            "referred",
        ],
        18 => &[
            "draft",
            "submitted",
            "assessment_pending",
            "assessment_completed",
            "qualified",
            "referred",
            "interview",
        ],
        _ => &["draft", "submitted", "withdrawn"],
    }
}

/// The points of an assessment (three challenges of 100).
const MAX_SCORE: i64 = 300;

/// One application as generated.
struct Generated {
    id: i64,
    opening: i64,
    candidate: i64,
    path: &'static [&'static str],
    /// Out of `MAX_SCORE`, when a sitting ended.
    score: Option<i64>,
    category: Option<&'static str>,
    rank: Option<i64>,
    preference: &'static str,
    submitted_minutes_ago: i64,
}

/// How long a seeded sitting lasts, in minutes.
const SITTING_MINUTES: i64 = 120;

/// When an application's sitting started, in minutes ago: half an hour
/// after it was submitted when it has ended; within the last hour when it
/// is still running, so that its deadline is to come. (A running sitting
/// whose deadline had passed would have been ended by the scheduler: the
/// program must not leave it a backlog of them to end during the load.)
fn sitting_start(g: &Generated) -> i64 {
    if g.score.is_some() {
        g.submitted_minutes_ago - 30
    } else {
        g.submitted_minutes_ago.min(60)
    }
}

/// Seeds the benchmark program into `db`, which must be empty.
pub async fn seed_bench(db: &Db, scale: Scale) -> anyhow::Result<BenchReport> {
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db.pool())
        .await?;
    anyhow::ensure!(
        users == 0,
        "`seed --bench` fills an empty database only (this one has {users} accounts): \
         point TECHFORCE_DATABASE_URL at a new one"
    );
    let mut report = BenchReport::default();
    let mut step = Instant::now();
    let mut done = |report: &mut BenchReport, name: &'static str| {
        report.steps.push((name, step.elapsed()));
        step = Instant::now();
    };

    // Accounts: two made properly (one password hash), the candidates
    // sharing it.
    let staff = create_user(
        db,
        STAFF_EMAIL,
        Role::Staff,
        Some("Bench Staff"),
        PasswordSource::Given(BENCH_PASSWORD.into()),
    )
    .await?
    .id;
    let manager = create_user(
        db,
        MANAGER_EMAIL,
        Role::HiringManager,
        Some("Bench Manager"),
        PasswordSource::Given(BENCH_PASSWORD.into()),
    )
    .await?
    .id;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(staff)
        .fetch_one(db.pool())
        .await?;
    let now = clock::now();
    let now_text = clock::to_text(now);
    let first_candidate = max_id(db, "users").await? + 1;
    report.candidates = insert_rows(
        db,
        "users",
        "id, email, name, password_hash, role, verified_at, created_at, updated_at",
        true,
        (0..scale.candidates).map(|n| {
            let first = FIRST_NAMES[(mix(n as u64) % FIRST_NAMES.len() as u64) as usize];
            let last = LAST_NAMES[(mix(n as u64 + 7) % LAST_NAMES.len() as u64) as usize];
            format!(
                "({}, 'candidate-{n}@bench.test', '{first} {last}', '{hash}', 'candidate', \
                 '{now_text}', '{now_text}', '{now_text}')",
                first_candidate + n as i64
            )
        }),
    )
    .await?;
    done(&mut report, "accounts");

    // Openings, nine in ten published, through the portal's own inserts.
    let mut published = Vec::new();
    for chunk in (0..scale.openings).collect::<Vec<_>>().chunks(1_000) {
        let mut tx = db.begin_write().await?;
        for &n in chunk {
            let id = insert_opening(&mut tx, &opening_fields(n), Some(staff)).await?;
            if n % 10 != 9 {
                update_opening_status(&mut tx, id, OpeningStatus::Draft, OpeningStatus::Published)
                    .await?;
                published.push(id);
            }
        }
        tx.commit().await?;
    }
    report.openings = scale.openings;
    report.published = published.len();
    let big = published[0];
    report.big_opening_id = big;
    {
        let mut conn = db.writer().acquire().await?;
        insert_manager(&mut conn, big, manager, None).await?;
    }
    done(&mut report, "openings");

    // The challenge library, and a three-challenge assessment on every
    // published opening.
    let mut challenges = Vec::new();
    {
        let mut tx = db.begin_write().await?;
        for n in 0..scale.challenges {
            let fields = ChallengeFields {
                title: format!("Bench challenge {n}"),
                category: Category::IncidentResponse,
                difficulty: Difficulty::Intermediate,
                points: 100,
                description: format!("Find the flag in log {n}."),
                max_attempts: 1_000,
                hints: vec![Hint {
                    text: "Look at the times.".into(),
                    cost: 10,
                }],
                key: AnswerKey::Exact {
                    answer: format!("flag{{bench-{n}}}"),
                },
            };
            challenges.push(insert_challenge(&mut tx, &fields, Some(staff)).await?);
        }
        tx.commit().await?;
    }
    let first_assessment = max_id(db, "assessments").await? + 1;
    insert_rows(
        db,
        "assessments",
        "id, opening_id, time_limit_minutes, pass_mark, well_from, best_from, updated_at",
        true,
        published.iter().enumerate().map(|(n, opening)| {
            format!(
                "({}, {opening}, 120, 50, 70, 85, '{now_text}')",
                first_assessment + n as i64
            )
        }),
    )
    .await?;
    let assessment_of = |index: usize| first_assessment + index as i64;
    let challenge_of = |index: usize, k: usize| challenges[(index * 3 + k) % challenges.len()];
    insert_rows(
        db,
        "assessment_challenges",
        "assessment_id, challenge_id, position",
        false,
        (0..published.len()).flat_map(|index| {
            (0..3).map(move |k| {
                format!(
                    "({}, {}, {})",
                    assessment_of(index),
                    challenge_of(index, k),
                    k + 1
                )
            })
        }),
    )
    .await?;
    done(&mut report, "challenges and assessments");

    // Applications, generated first so that each opening's ranks can be
    // worked out before anything is written.
    let first_application = max_id(db, "applications").await? + 1;
    let others = published.len().saturating_sub(1).max(1);
    let mut generated: Vec<Generated> = (0..scale.applications)
        .map(|i| {
            let (index, candidate) = if i < scale.big_opening || published.len() == 1 {
                (0, i % scale.candidates)
            } else {
                let rest = i - scale.big_opening;
                let index = 1 + rest % others;
                let k = rest / others;
                (index, (index * 7919 + k) % scale.candidates)
            };
            let h = mix(i as u64);
            let path = path_of(h);
            let last = *path.last().unwrap_or(&"submitted");
            let assessed = path.contains(&"assessment_completed");
            let score = assessed.then(|| {
                if last == "not_qualified" {
                    (h >> 8) as i64 % (MAX_SCORE / 2)
                } else if path.contains(&"qualified") {
                    MAX_SCORE / 2 + (h >> 8) as i64 % (MAX_SCORE / 2 + 1)
                } else {
                    (h >> 8) as i64 % (MAX_SCORE + 1)
                }
            });
            let category = path.contains(&"qualified").then(|| {
                let percent = score.unwrap_or(0) * 100 / MAX_SCORE;
                if percent >= 85 {
                    "best"
                } else if percent >= 70 {
                    "well"
                } else {
                    "qualified"
                }
            });
            Generated {
                id: first_application + i as i64,
                opening: published[index],
                candidate: first_candidate + candidate as i64,
                path,
                score,
                category,
                rank: None,
                preference: ["none", "none", "none", "none", "tp", "xp"][(h >> 20) as usize % 6],
                submitted_minutes_ago: (h >> 24) as i64 % (60 * 24 * 60),
            }
        })
        .collect();
    // Ranks per opening: category, then score, then who applied first.
    let mut ranked: Vec<usize> = (0..generated.len())
        .filter(|&i| generated[i].category.is_some())
        .collect();
    let category_order = |c: Option<&str>| match c {
        Some("best") => 0,
        Some("well") => 1,
        _ => 2,
    };
    ranked.sort_by_key(|&i| {
        let g = &generated[i];
        (
            g.opening,
            category_order(g.category),
            -g.score.unwrap_or(0),
            -g.submitted_minutes_ago,
            g.id,
        )
    });
    let mut position = 0;
    let mut current = None;
    for i in ranked {
        if current != Some(generated[i].opening) {
            current = Some(generated[i].opening);
            position = 0;
        }
        position += 1;
        generated[i].rank = Some(position);
    }
    let opening_index: std::collections::HashMap<i64, usize> = published
        .iter()
        .enumerate()
        .map(|(index, id)| (*id, index))
        .collect();
    let at = |minutes_ago: i64| clock::to_text(now - time::Duration::minutes(minutes_ago));
    report.applications = insert_rows(
        db,
        "applications",
        "id, public_id, opening_id, candidate_id, status, veterans_preference, attested_at, \
         created_at, updated_at, submitted_at, version, category, rating, rank_position",
        true,
        generated.iter().map(|g| {
            let submitted = at(g.submitted_minutes_ago);
            let text = |v: Option<&str>| v.map_or("NULL".to_owned(), |v| format!("'{v}'"));
            let number = |v: Option<i64>| v.map_or("NULL".to_owned(), |v| v.to_string());
            format!(
                "({}, '{:016x}{:016x}', {}, {}, '{}', '{}', '{submitted}', '{submitted}', \
                 '{submitted}', '{submitted}', {}, {}, {}, {})",
                g.id,
                mix(g.id as u64 ^ 0xa5a5),
                mix(g.id as u64 ^ 0x5a5a),
                g.opening,
                g.candidate,
                g.path.last().unwrap_or(&"submitted"),
                g.preference,
                g.path.len(),
                text(g.category),
                number(g.category.and(g.score).map(|s| s * 100 / MAX_SCORE)),
                number(g.rank),
            )
        }),
    )
    .await?;
    done(&mut report, "applications");

    let first_history = max_id(db, "application_history").await? + 1;
    let mut next_history = first_history;
    report.history = insert_rows(
        db,
        "application_history",
        "id, application_id, occurred_at, from_status, to_status, actor",
        true,
        generated
            .iter()
            .flat_map(|g| {
                let start = g.submitted_minutes_ago;
                g.path.windows(2).enumerate().map(move |(step, pair)| {
                    let actor = match pair[1] {
                        "submitted" | "withdrawn" => "candidate",
                        "assessment_pending" | "assessment_completed" => "system",
                        "interview" => "manager",
                        _ => "staff",
                    };
                    (g.id, at(start - step as i64 * 60), pair[0], pair[1], actor)
                })
            })
            .map(|(application, when, from, to, actor)| {
                let id = next_history;
                next_history += 1;
                format!("({id}, {application}, '{when}', '{from}', '{to}', '{actor}')")
            }),
    )
    .await?;
    done(&mut report, "history");

    // A sitting for every application that reached the assessment.
    let first_sitting = max_id(db, "sittings").await? + 1;
    let sat: Vec<(i64, &Generated)> = generated
        .iter()
        .filter(|g| g.path.contains(&"assessment_pending"))
        .enumerate()
        .map(|(n, g)| (first_sitting + n as i64, g))
        .collect();
    report.sittings = insert_rows(
        db,
        "sittings",
        "id, application_id, assessment_id, started_at, deadline, ended_at, score, max_score",
        true,
        sat.iter().map(|(id, g)| {
            let started = at(sitting_start(g));
            let deadline = at(sitting_start(g) - SITTING_MINUTES);
            let (ended, score, max) = match g.score {
                Some(score) => (
                    format!("'{}'", at(g.submitted_minutes_ago - 90)),
                    score.to_string(),
                    MAX_SCORE.to_string(),
                ),
                None => ("NULL".into(), "NULL".into(), "NULL".into()),
            };
            format!(
                "({id}, {}, {}, '{started}', '{deadline}', {ended}, {score}, {max})",
                g.id,
                assessment_of(opening_index[&g.opening]),
            )
        }),
    )
    .await?;
    done(&mut report, "sittings");

    // The flag submissions, spread over the sittings.
    if !sat.is_empty() {
        let per = scale.submissions / sat.len();
        let extra = scale.submissions % sat.len();
        report.submissions = insert_rows(
            db,
            "submissions",
            "sitting_id, challenge_id, answer, correct, submitted_at, remote_addr",
            false,
            sat.iter().enumerate().flat_map(|(n, (sitting, g))| {
                let count = per + usize::from(n < extra);
                let index = opening_index[&g.opening];
                (0..count).map(move |k| {
                    let h = mix((*sitting as u64) << 8 | k as u64);
                    let challenge = challenge_of(index, k % 3);
                    let correct = k + 1 == count || h.is_multiple_of(4);
                    let when = at(sitting_start(g) - k as i64);
                    format!(
                        "({sitting}, {challenge}, 'flag{{guess-{}}}', {}, '{when}', '10.{}.{}.{}')",
                        h % 1000,
                        i32::from(correct),
                        (h >> 10) % 256,
                        (h >> 20) % 256,
                        (h >> 30) % 256,
                    )
                })
            }),
        )
        .await?;
    }
    done(&mut report, "submissions");

    // The applicant counts' changes, folded as the scheduler would.
    app::server::db::applicant_counts::fold(db).await?;
    done(&mut report, "applicant counts");

    // The planner's statistics, as the scheduler keeps them.
    if db.dialect() == Dialect::Postgres {
        sqlx::query("ANALYZE").execute(db.writer()).await?;
    } else {
        sqlx::query("ANALYZE").execute(db.writer()).await?;
        db.optimize().await?;
    }
    done(&mut report, "statistics");
    Ok(report)
}
