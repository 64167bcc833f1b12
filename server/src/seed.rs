//! `techforce seed --demo`: a realistic program to look around in — staff,
//! hiring managers, a candidate, and about thirty openings across NICE work
//! roles, grades and locations, in every lifecycle state. Running it again
//! changes nothing.
//!
//! The demo accounts share one password derived from the deployment's
//! secret key, so it is the same on every run (and can be printed every
//! time) yet differs between deployments.

use anyhow::Context as _;
use app::domain::account::{Email, Role};
use app::domain::assessment::AssessmentSettings;
use app::domain::challenge::{AnswerKey, Category, ChallengeFields, Difficulty, Hint};
use app::domain::opening::{
    Day, HiringMethod, OpeningFields, OpeningStatus, Question, QuestionKind, WorkplaceType,
};
use app::server::assessments::insert_assessment;
use app::server::challenges::library::insert_challenge;
use app::server::db::Db;
use app::server::db::openings::{
    eastern_day, insert_history, insert_manager, insert_opening, insert_question,
    update_opening_status,
};
use app::server::db::users::find_credentials_by_email;
use app::server::state::SecretKey;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::accounts::{PasswordSource, create_user};

/// The demo accounts: (email, name, role).
pub const DEMO_ACCOUNTS: &[(&str, &str, Role)] = &[
    ("staff@example.gov", "Sam Staff", Role::Staff),
    (
        "manager.cisa@example.gov",
        "Morgan Manager",
        Role::HiringManager,
    ),
    (
        "manager.treasury@example.gov",
        "Riley Reviewer",
        Role::HiringManager,
    ),
    ("candidate@example.gov", "Casey Candidate", Role::Candidate),
];

/// The agencies of the demo managers, in `DEMO_ACCOUNTS` order: (code, name).
pub const DEMO_AGENCIES: &[(&str, &str)] = &[
    ("CISA", "Cybersecurity and Infrastructure Security Agency"),
    ("TREAS", "Department of the Treasury"),
];

/// Demo applicants to the first published opening, each with a finished
/// assessment: (email, name, score out of the assessment's points as a
/// percentage, veterans' preference). They give the hiring pages something
/// to rank and move.
pub const DEMO_APPLICANTS: &[(&str, &str, i64, &str)] = &[
    ("jordan.ellis@example.com", "Jordan Ellis", 94, "none"),
    ("priya.raman@example.com", "Priya Raman", 88, "tp"),
    ("marcus.webb@example.com", "Marcus Webb", 61, "cps"),
    ("lena.ortiz@example.com", "Lena Ortiz", 76, "none"),
    ("sam.okafor@example.com", "Sam Okafor", 72, "xp"),
    ("nina.kowalski@example.com", "Nina Kowalski", 41, "none"),
];

/// What seeding did.
#[derive(Debug)]
pub struct SeedReport {
    pub accounts_created: usize,
    pub openings_created: usize,
    pub password: String,
}

/// The demo accounts' password for this deployment.
pub fn demo_password(secret: &SecretKey) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"techforce demo accounts\0");
    hasher.update(secret.expose());
    let digest = hex::encode(hasher.finalize());
    format!("demo-{}", &digest[..24])
}

/// (title, NICE work roles, summary, duties)
const ROLES: &[(&str, &[&str], &str, &str)] = &[
    (
        "Incident Responder",
        &["PD-WRL-003"],
        "Lead the response when federal networks are attacked: triage alerts, contain intrusions and restore service.",
        "Investigate security incidents across agency networks. Analyze logs, packet captures and endpoint telemetry. Coordinate containment and eradication with system owners. Write incident reports and lessons learned.",
    ),
    (
        "Vulnerability Analyst",
        &["PD-WRL-007"],
        "Find the weaknesses in federal systems before adversaries do, and see them fixed.",
        "Run authenticated vulnerability scans and penetration tests. Validate findings and rate their risk. Work with system owners on remediation plans and verify fixes.",
    ),
    (
        "Secure Software Developer",
        &["DD-WRL-003"],
        "Build and harden the software agencies depend on, with security designed in from the start.",
        "Write and review code in memory-safe languages. Threat-model new services. Automate static and dynamic analysis in delivery pipelines. Fix vulnerabilities in existing applications.",
    ),
    (
        "Cyber Threat Analyst",
        &["PD-WRL-006"],
        "Track the adversaries targeting federal systems and turn intelligence into defence.",
        "Analyze threat intelligence and malware reports. Map adversary techniques to MITRE ATT&CK. Brief agency leadership. Write detection rules for new threats.",
    ),
    (
        "Digital Forensics Examiner",
        &["PD-WRL-002", "IN-WRL-002"],
        "Recover and analyze digital evidence from compromised systems.",
        "Acquire disk and memory images with sound chain of custody. Reconstruct attacker activity from artifacts. Prepare findings that stand up to legal review.",
    ),
    (
        "Security Control Assessor",
        &["OG-WRL-012"],
        "Assess whether federal systems' security controls work as intended.",
        "Plan and perform NIST SP 800-53 control assessments. Interview system staff, test configurations and review evidence. Write security assessment reports.",
    ),
    (
        "Cloud Security Architect",
        &["DD-WRL-001", "DD-WRL-004"],
        "Design secure cloud platforms for agencies moving to the cloud.",
        "Design zero-trust network architectures. Review cloud configurations for misconfigurations. Define identity, logging and encryption standards.",
    ),
    (
        "Defensive Cyber Operator",
        &["PD-WRL-001", "IO-WRL-006"],
        "Hunt for intruders in federal networks and keep the defences tuned.",
        "Monitor security tooling and hunt for threats proactively. Tune intrusion detection systems and SIEM rules. Harden network devices and endpoints.",
    ),
];

/// (city, state)
pub(crate) const LOCATIONS: &[&str] = &[
    "Washington, DC",
    "Arlington, VA",
    "Denver, CO",
    "San Antonio, TX",
    "Atlanta, GA",
    "Seattle, WA",
    "Kansas City, MO",
    "Boston, MA",
];

/// GS salary ranges (2026 base, rounded): (grade, lowest step, highest step).
const SALARIES: &[(u8, u32, u32)] = &[
    (9, 59_966, 77_955),
    (11, 72_553, 94_317),
    (12, 86_962, 113_047),
    (13, 103_409, 134_435),
    (14, 122_198, 158_860),
    (15, 143_736, 186_854),
];

fn salary(grade: u8) -> u32 {
    SALARIES
        .iter()
        .rev()
        .find(|(g, _, _)| *g <= grade)
        .map_or(59_966, |(_, low, _)| *low)
}

fn salary_top(grade: u8) -> u32 {
    SALARIES
        .iter()
        .find(|(g, _, _)| *g >= grade)
        .map_or(186_854, |(_, _, high)| *high)
}

fn day(now: OffsetDateTime, offset_days: i64) -> Day {
    eastern_day(now + Duration::days(offset_days))
}

/// The demo openings: (fields, the status to end in).
fn demo_openings(now: OffsetDateTime) -> Vec<(OpeningFields, OpeningStatus)> {
    let mut openings = Vec::new();
    for n in 0..30_usize {
        let (title, roles, summary, duties) = ROLES[n % ROLES.len()];
        let grade_low = [11, 12, 13, 9, 12, 14][n % 6];
        let grade_high = (grade_low + [2, 1, 1, 2, 0, 1][n % 6]).min(15);
        let (status, opens, closes) = match n {
            0..=21 => (
                OpeningStatus::Published,
                -((n as i64 % 9) + 2),
                3 + (n as i64 * 2) % 40,
            ),
            22..=24 => (OpeningStatus::Published, 5 + n as i64, 40 + n as i64),
            25 | 26 => (OpeningStatus::Draft, 10, 40),
            27 | 28 => (OpeningStatus::Closed, -60, -20),
            _ => (OpeningStatus::Cancelled, 20, 50),
        };
        let workplace = [
            WorkplaceType::Telework,
            WorkplaceType::OnSite,
            WorkplaceType::Remote,
        ][n % 3];
        let locations = if workplace == WorkplaceType::Remote {
            Vec::new()
        } else {
            vec![
                LOCATIONS[n % LOCATIONS.len()].to_owned(),
                LOCATIONS[(n + 3) % LOCATIONS.len()].to_owned(),
            ]
        };
        let hiring_method = [
            HiringMethod::CategoryRating,
            HiringMethod::RuleOfMany,
            HiringMethod::DirectHire,
        ][n % 3];
        let agency = ["CISA", "Treasury", "Defense", "Energy", "Justice"][n % 5];
        openings.push((
            OpeningFields {
                title: format!("{title} ({agency})"),
                series: "2210".into(),
                grade_low,
                grade_high,
                work_roles: roles.iter().map(|r| (*r).to_owned()).collect(),
                locations,
                workplace,
                salary_min: Some(salary(grade_low)),
                salary_max: Some(salary_top(grade_high)),
                appointment: "Term, 2 years".into(),
                who_may_apply: "U.S. citizens".into(),
                vacancies: [1, 3, 5, 10, 25][n % 5],
                hiring_method,
                summary: summary.into(),
                duties: duties.into(),
                qualifications: format!(
                    "One year of specialized experience equivalent to GS-{} in cybersecurity work. \
                     No degree is required: experience, projects and certifications count.",
                    grade_low.saturating_sub(1).max(7)
                ),
                evaluation:
                    "You will take a **hands-on skills assessment**: real logs, captures and code, \
                    scored automatically.\n\n- Your score places you in a quality category.\n\
                    - Essay answers are never scored."
                        .into(),
                opens_on: Some(day(now, opens)),
                closes_on: Some(day(now, closes)),
            },
            status,
        ));
    }
    openings
}

/// Every demo opening asks these: an eligibility knock-out, a screening
/// question, and an optional essay.
fn demo_questions() -> Vec<Question> {
    vec![
        Question {
            kind: QuestionKind::YesNo,
            prompt: "Are you a U.S. citizen?".into(),
            choices: vec!["Yes".into(), "No".into()],
            knockout_answer: Some("No".into()),
        },
        Question {
            kind: QuestionKind::MultipleChoice,
            prompt: "How many years of hands-on cybersecurity work have you done?".into(),
            choices: vec!["Less than 1".into(), "1 to 3".into(), "More than 3".into()],
            knockout_answer: None,
        },
        Question {
            kind: QuestionKind::Essay,
            prompt: "Tell us about a security problem you solved.".into(),
            choices: Vec::new(),
            knockout_answer: None,
        },
    ]
}

/// Creates what is missing of the demo program.
/// The demo challenge library: three generated hands-on tasks and two
/// knowledge questions.
fn demo_challenges() -> Vec<ChallengeFields> {
    let hint = |text: &str, cost| Hint {
        text: text.into(),
        cost,
    };
    vec![
        ChallengeFields {
            title: "Who got in?".into(),
            category: Category::IncidentResponse,
            difficulty: Difficulty::Intermediate,
            points: 100,
            description: "Our bastion host's SSH log for one day is attached. Somebody guessed their way into an account.\n\nFind **the address the attack came from** and **the account it broke into**.".into(),
            max_attempts: 5,
            hints: vec![hint("Count the failed logins per address, then look for a success from the busiest one.", 20)],
            key: AnswerKey::Generated { generator: "ssh-brute-force".into() },
        },
        ChallengeFields {
            title: "Injection in the logs".into(),
            category: Category::NetworkDefense,
            difficulty: Difficulty::Intermediate,
            points: 100,
            description: "The web server's access log is attached. One visitor tried SQL injection against one query parameter.\n\nName **the parameter** and **the attacker's address**.".into(),
            max_attempts: 5,
            hints: vec![hint("URL-decode the requests and look for quotes, UNION and SELECT.", 20)],
            key: AnswerKey::Generated { generator: "web-sqli".into() },
        },
        ChallengeFields {
            title: "Peel the payload".into(),
            category: Category::DigitalForensics,
            difficulty: Difficulty::Advanced,
            points: 150,
            description: "A scheduled task on a compromised host carried the attached payload: base64 over a one-byte XOR over gzip.\n\nRecover **the flag**.".into(),
            max_attempts: 10,
            hints: vec![hint("A gzip stream starts with the bytes 1f 8b: that tells you the key.", 30)],
            key: AnswerKey::Generated { generator: "encoded-flag".into() },
        },
        ChallengeFields {
            title: "Which hash for integrity?".into(),
            category: Category::Cryptography,
            difficulty: Difficulty::Introductory,
            points: 20,
            description: "Which of these is acceptable today for checking a file's integrity against tampering?".into(),
            max_attempts: 1,
            hints: Vec::new(),
            key: AnswerKey::MultipleChoice { choices: vec!["MD5".into(), "SHA-1".into(), "SHA-256".into(), "CRC-32".into()], correct: 2 },
        },
        ChallengeFields {
            title: "Name the weakness".into(),
            category: Category::SecureCodeReview,
            difficulty: Difficulty::Introductory,
            points: 30,
            description: "A page puts a search term into its HTML without escaping it. What is the weakness called (its common name)?".into(),
            max_attempts: 3,
            hints: vec![hint("Its CWE number is 79.", 10)],
            key: AnswerKey::Regex { pattern: r"(?i)(cross[- ]site scripting|xss)".into() },
        },
    ]
}

/// Submitted, assessed applications of the demo applicants (`candidates`,
/// in `DEMO_APPLICANTS` order), with their history, as the workflow leaves
/// them when each sitting ends.
async fn seed_applicants(
    conn: &mut sqlx::AnyConnection,
    opening_id: i64,
    assessment_id: i64,
    candidates: &[i64],
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    use app::domain::application::{Actor, ApplicationStatus};
    use app::server::db::applications::{insert_draft, move_status};
    for (n, ((_, _, score, preference), candidate)) in
        DEMO_APPLICANTS.iter().zip(candidates).enumerate()
    {
        let public_id = hex::encode(rand::random::<[u8; 16]>());
        let id = insert_draft(conn, opening_id, *candidate, &public_id)
            .await?
            .context("a demo applicant applied already")?;
        sqlx::query(
            "UPDATE applications SET veterans_preference = $1, attested_at = $2 WHERE id = $3",
        )
        .bind(*preference)
        .bind(app::server::clock::to_text(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
        move_status(
            conn,
            id,
            ApplicationStatus::Draft,
            1,
            ApplicationStatus::Submitted,
            Actor::Candidate,
            Some(*candidate),
            None,
        )
        .await?;
        let started = now - Duration::hours(30 - i64::try_from(n).unwrap_or(0));
        sqlx::query(
            "INSERT INTO sittings (application_id, assessment_id, started_at, deadline, ended_at, score, max_score)
             VALUES ($1, $2, $3, $4, $5, $6, 100)",
        )
        .bind(id)
        .bind(assessment_id)
        .bind(app::server::clock::to_text(started))
        .bind(app::server::clock::to_text(started + Duration::minutes(90)))
        .bind(app::server::clock::to_text(started + Duration::minutes(75)))
        .bind(*score)
        .execute(&mut *conn)
        .await?;
        let note = format!("Assessment score {score} of 100");
        move_status(
            conn,
            id,
            ApplicationStatus::Submitted,
            2,
            ApplicationStatus::AssessmentCompleted,
            Actor::System,
            None,
            Some(&note),
        )
        .await?;
    }
    Ok(())
}

pub async fn seed_demo(db: &Db, secret: &SecretKey) -> anyhow::Result<SeedReport> {
    let password = demo_password(secret);
    let mut accounts_created = 0;
    let mut ids = Vec::new();
    let applicants = DEMO_APPLICANTS
        .iter()
        .map(|(email, name, ..)| (*email, *name, Role::Candidate));
    for (email, name, role) in DEMO_ACCOUNTS
        .iter()
        .map(|(e, n, r)| (*e, *n, *r))
        .chain(applicants)
    {
        let parsed = Email::parse(email).map_err(anyhow::Error::msg)?;
        let existing = {
            let mut conn = db.pool().acquire().await?;
            find_credentials_by_email(&mut conn, &parsed).await?
        };
        let id = match existing {
            Some(found) => found.user.id,
            None => {
                accounts_created += 1;
                create_user(
                    db,
                    email,
                    role,
                    Some(name),
                    PasswordSource::Given(password.clone()),
                )
                .await
                .with_context(|| format!("cannot create the demo account {email}"))?
                .id
            }
        };
        ids.push(id);
    }
    let staff_id = ids[0];
    let managers = [ids[1], ids[2]];

    let mut tx = db.begin_write().await?;
    let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM openings WHERE created_by = $1")
        .bind(staff_id)
        .fetch_one(&mut *tx)
        .await?;
    let mut openings_created = 0;
    if already == 0 {
        let mut challenges = Vec::new();
        for challenge in demo_challenges() {
            challenges.push(
                insert_challenge(&mut tx, &challenge, Some(staff_id))
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot store a demo challenge: {e}"))?,
            );
        }
        let assessment = AssessmentSettings {
            challenges,
            time_limit_minutes: 90,
            pass_mark: 50,
            well_from: 70,
            best_from: 85,
        };
        let now = OffsetDateTime::now_utc();
        // The demo managers' agencies, which select from the pooled opening.
        let mut agencies = Vec::new();
        for (code, name) in DEMO_AGENCIES {
            sqlx::query(
                "INSERT INTO agencies (code, name, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(*code)
            .bind(*name)
            .bind(app::server::clock::to_text(now))
            .execute(&mut *tx)
            .await?;
            agencies.push(
                sqlx::query_scalar::<_, i64>("SELECT id FROM agencies WHERE code = $1")
                    .bind(*code)
                    .fetch_one(&mut *tx)
                    .await?,
            );
        }
        let mut applied = false;
        let mut pooled = false;
        for (n, (fields, status)) in demo_openings(now).into_iter().enumerate() {
            let id = insert_opening(&mut tx, &fields, Some(staff_id)).await?;
            insert_history(&mut tx, id, None, "created", None, None).await?;
            for question in demo_questions() {
                insert_question(&mut tx, id, &question).await?;
            }
            let path: &[OpeningStatus] = match status {
                OpeningStatus::Draft => &[],
                OpeningStatus::Published => &[OpeningStatus::Published],
                OpeningStatus::Closed => &[OpeningStatus::Published, OpeningStatus::Closed],
                OpeningStatus::Cancelled => &[OpeningStatus::Cancelled],
            };
            let mut from = OpeningStatus::Draft;
            for to in path {
                update_opening_status(&mut tx, id, from, *to).await?;
                insert_history(&mut tx, id, None, to.as_str(), None, None).await?;
                from = *to;
            }
            insert_manager(&mut tx, id, managers[n % 2], None).await?;
            // The second published opening hires for both agencies as a pool.
            if status == OpeningStatus::Published && applied && !pooled {
                sqlx::query("UPDATE openings SET pooled = 1 WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                for (manager, agency) in managers.iter().zip(&agencies) {
                    insert_manager(&mut tx, id, *manager, Some(*agency)).await?;
                }
                pooled = true;
            }
            // Every opening but the drafts assesses skills.
            if status != OpeningStatus::Draft
                && let Some(assessment_id) = insert_assessment(&mut tx, id, &assessment).await?
                && status == OpeningStatus::Published
                && !applied
            {
                let candidates = &ids[DEMO_ACCOUNTS.len()..];
                seed_applicants(&mut tx, id, assessment_id, candidates, now).await?;
                applied = true;
            }
            openings_created += 1;
        }
    }
    tx.commit().await?;
    Ok(SeedReport {
        accounts_created,
        openings_created,
        password,
    })
}
