//! Assessments: staff attach an ordered set of library challenges to an
//! opening; a candidate with an eligible application takes it once, against
//! the clock. Answers are judged here, attempts and rates are limited in
//! the same transaction that records them, and the score is computed in
//! one place ([`end_sitting`]) when the sitting ends.

use sqlx::{AnyConnection, Row as _};

use crate::api::assessments::{
    AssessmentEditor, AssessmentPage, LibraryChoice, SittingChallenge, SittingHint, SittingState,
};
use crate::api::challenges::ArtefactInfo;
use crate::domain::account::Role;
use crate::domain::application::{ApplicationEvent, ApplicationStatus};
use crate::domain::assessment::{AssessmentForm, AssessmentSettings, ChallengeOutcome, score};
use crate::domain::challenge::AnswerKey;
use crate::error::AppError;
use crate::server::applications::require_candidate;
use crate::server::auth::guard::{CurrentUser, require_role};
use crate::server::challenges::generators;
use crate::server::challenges::is_correct;
use crate::server::challenges::library::{Challenge, find_challenge};
use crate::server::clock;
use crate::server::db::applications::{self as applications_db, Application};
use crate::server::openings::render_markdown;
use crate::server::request::{client_addr, internal, state};
use crate::server::state::AppState;
use crate::server::workflow::{MoveError, Mover, advance};

/// Answers one sitting may give in a minute, and one address.
pub const ANSWERS_PER_MINUTE: i64 = 10;
/// Generous: people behind one office gateway share an address.
pub const ANSWERS_PER_MINUTE_PER_ADDRESS: i64 = 60;

/// An assessment as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub id: i64,
    pub opening_id: i64,
    pub settings: AssessmentSettings,
}

pub async fn find_assessment(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<Option<Assessment>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT id, time_limit_minutes, pass_mark, well_from, best_from
         FROM assessments WHERE opening_id = $1",
    )
    .bind(opening_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let challenges = sqlx::query_scalar::<_, i64>(
        "SELECT challenge_id FROM assessment_challenges WHERE assessment_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(Assessment {
        id,
        opening_id,
        settings: AssessmentSettings {
            challenges,
            time_limit_minutes: row.try_get("time_limit_minutes")?,
            pass_mark: row.try_get("pass_mark")?,
            well_from: row.try_get("well_from")?,
            best_from: row.try_get("best_from")?,
        },
    }))
}

async fn has_sittings(conn: &mut AnyConnection, assessment_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sittings WHERE assessment_id = $1")
        .bind(assessment_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Attaches a new assessment to an opening; returns its id, or `None`
/// when the opening has one already.
pub async fn insert_assessment(
    conn: &mut AnyConnection,
    opening_id: i64,
    settings: &AssessmentSettings,
) -> Result<Option<i64>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "INSERT INTO assessments (opening_id, time_limit_minutes, pass_mark, well_from, best_from, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (opening_id) DO NOTHING RETURNING id",
    )
    .bind(opening_id)
    .bind(settings.time_limit_minutes)
    .bind(settings.pass_mark)
    .bind(settings.well_from)
    .bind(settings.best_from)
    .bind(clock::to_text(clock::now()))
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    insert_challenges(conn, id, &settings.challenges).await?;
    Ok(Some(id))
}

async fn insert_challenges(
    conn: &mut AnyConnection,
    assessment_id: i64,
    challenges: &[i64],
) -> Result<(), sqlx::Error> {
    for (position, challenge) in challenges.iter().enumerate() {
        sqlx::query(
            "INSERT INTO assessment_challenges (assessment_id, challenge_id, position) VALUES ($1, $2, $3)",
        )
        .bind(assessment_id)
        .bind(challenge)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn editor(opening_id: i64) -> Result<AssessmentEditor, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    crate::server::db::openings::find_opening(&mut conn, opening_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let assessment = find_assessment(&mut conn, opening_id)
        .await
        .map_err(internal)?;
    let locked = match &assessment {
        Some(a) => has_sittings(&mut conn, a.id).await.map_err(internal)?,
        None => false,
    };
    let rows = sqlx::query(
        "SELECT id, title, category, points FROM challenges ORDER BY category, title, id LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let library = rows
        .iter()
        .map(|row| {
            let category: String = row.try_get("category")?;
            Ok(LibraryChoice {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                category: category
                    .parse::<crate::domain::challenge::Category>()
                    .map(|c| c.label().to_owned())
                    .unwrap_or(category),
                points: row.try_get("points")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(internal)?;
    Ok(AssessmentEditor {
        opening_id,
        exists: assessment.is_some(),
        form: assessment
            .map(|a| AssessmentForm::from_settings(&a.settings))
            .unwrap_or_else(|| AssessmentForm {
                challenges: Vec::new(),
                time_limit_minutes: "90".into(),
                pass_mark: "70".into(),
                well_from: "80".into(),
                best_from: "90".into(),
            }),
        locked,
        library,
    })
}

pub async fn save(opening_id: i64, form: AssessmentForm) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let settings = form.parse().map_err(AppError::fields)?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    crate::server::db::openings::find_opening(&mut tx, opening_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    for id in &settings.challenges {
        if find_challenge(&mut tx, *id)
            .await
            .map_err(internal)?
            .is_none()
        {
            return Err(AppError::field(
                "challenges",
                "Choose challenges from the list.",
            ));
        }
    }
    match find_assessment(&mut tx, opening_id)
        .await
        .map_err(internal)?
    {
        Some(existing) => {
            sqlx::query("UPDATE assessments SET updated_at = updated_at WHERE id = $1")
                .bind(existing.id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            if has_sittings(&mut tx, existing.id).await.map_err(internal)? {
                return Err(AppError::Conflict(
                    "Candidates have started this assessment, so it can no longer change.".into(),
                ));
            }
            sqlx::query(
                "UPDATE assessments SET time_limit_minutes = $1, pass_mark = $2, well_from = $3,
                     best_from = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(settings.time_limit_minutes)
            .bind(settings.pass_mark)
            .bind(settings.well_from)
            .bind(settings.best_from)
            .bind(clock::to_text(clock::now()))
            .bind(existing.id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
            sqlx::query("DELETE FROM assessment_challenges WHERE assessment_id = $1")
                .bind(existing.id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            insert_challenges(&mut tx, existing.id, &settings.challenges)
                .await
                .map_err(internal)?;
        }
        None => {
            if insert_assessment(&mut tx, opening_id, &settings)
                .await
                .map_err(internal)?
                .is_none()
            {
                return Err(AppError::Conflict(
                    "Someone else attached an assessment to this opening just now. Reload the page to see it."
                        .into(),
                ));
            }
        }
    }
    let subject = format!("opening:{opening_id}");
    crate::server::db::audit::insert_audit_event(
        &mut tx,
        &crate::server::db::audit::AuditEvent {
            actor_id: Some(staff.user.id),
            actor_email: Some(staff.user.email.as_str()),
            action: "assessment.save",
            subject: Some(&subject),
            outcome: crate::server::db::audit::Outcome::Success,
            remote_addr: client_addr().as_deref(),
            detail: None,
        },
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{opening_id}?assessment=1#assessment"));
    Ok(())
}

/// A sitting as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sitting {
    pub id: i64,
    pub application_id: i64,
    pub assessment_id: i64,
    pub started_at: String,
    pub deadline: String,
    pub ended_at: Option<String>,
}

pub(crate) async fn find_sitting(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Option<Sitting>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, application_id, assessment_id, started_at, deadline, ended_at
         FROM sittings WHERE application_id = $1",
    )
    .bind(application_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Sitting {
            id: row.try_get("id")?,
            application_id: row.try_get("application_id")?,
            assessment_id: row.try_get("assessment_id")?,
            started_at: row.try_get("started_at")?,
            deadline: row.try_get("deadline")?,
            ended_at: row.try_get("ended_at")?,
        })
    })
    .transpose()
}

/// The candidate's own application with an assessment: (application,
/// assessment). Another candidate's, or one without an assessment, is not
/// found.
async fn owned(
    conn: &mut AnyConnection,
    candidate: &CurrentUser,
    public_id: &str,
) -> Result<(Application, Assessment), AppError> {
    let application = applications_db::find_owned(conn, public_id, candidate.user.id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if application.status == ApplicationStatus::Draft {
        return Err(AppError::NotFound);
    }
    let assessment = find_assessment(conn, application.opening_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    Ok((application, assessment))
}

async fn challenges_of(
    conn: &mut AnyConnection,
    assessment: &Assessment,
) -> Result<Vec<Challenge>, AppError> {
    let mut challenges = Vec::new();
    for id in &assessment.settings.challenges {
        if let Some(c) = find_challenge(conn, *id).await.map_err(internal)? {
            challenges.push(c);
        }
    }
    Ok(challenges)
}

/// This candidate's generated instance of a challenge, if it is generated.
fn own_instance(
    state: &AppState,
    challenge: &Challenge,
    application: &Application,
) -> Option<(&'static dyn generators::Generator, generators::Instance)> {
    let AnswerKey::Generated { generator } = &challenge.fields.key else {
        return None;
    };
    let generator = generators::generator(generator)?;
    let seed = generators::seed(
        state.secret_key.expose(),
        challenge.id,
        application.candidate_id,
        application.id,
    );
    Some((generator, generators::instance(generator, seed)))
}

fn is_over(state: &AppState, sitting: &Sitting) -> bool {
    sitting.ended_at.is_some() || clock::to_text(state.clock.now()) >= sitting.deadline
}

/// Ends a sitting once: computes the score, moves the application to
/// `assessment_completed` (unless the candidate withdrew) and emails the
/// candidate. False if it had already ended.
pub async fn end_sitting(
    state: &AppState,
    conn: &mut AnyConnection,
    sitting: &Sitting,
) -> Result<bool, sqlx::Error> {
    // Claim the sitting first: the update waits for any answer still being
    // recorded (it holds the row), so the score below counts it.
    let now = state.clock.now();
    let ended_at = clock::to_text(now.min(clock::from_text(&sitting.deadline).unwrap_or(now)));
    let claimed =
        sqlx::query("UPDATE sittings SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(&ended_at)
            .bind(sitting.id)
            .execute(&mut *conn)
            .await?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    let challenges = sqlx::query(
        "SELECT c.id, c.points, c.hints FROM assessment_challenges ac
         JOIN challenges c ON c.id = ac.challenge_id WHERE ac.assessment_id = $1",
    )
    .bind(sitting.assessment_id)
    .fetch_all(&mut *conn)
    .await?;
    let solved: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT challenge_id FROM submissions WHERE sitting_id = $1 AND correct = 1",
    )
    .bind(sitting.id)
    .fetch_all(&mut *conn)
    .await?;
    let revealed: Vec<(i64, i64)> =
        sqlx::query_as("SELECT challenge_id, hint FROM hint_reveals WHERE sitting_id = $1")
            .bind(sitting.id)
            .fetch_all(&mut *conn)
            .await?;
    let mut outcomes = Vec::new();
    for row in &challenges {
        let id: i64 = row.try_get("id")?;
        let hints: Vec<crate::domain::challenge::Hint> =
            serde_json::from_str(&row.try_get::<String, _>("hints")?).unwrap_or_default();
        let hint_cost = revealed
            .iter()
            .filter(|(c, _)| *c == id)
            .filter_map(|(_, h)| hints.get(usize::try_from(*h).ok()?))
            .map(|h| h.cost)
            .sum();
        outcomes.push(ChallengeOutcome {
            points: row.try_get("points")?,
            solved: solved.contains(&id),
            hint_cost,
        });
    }
    let (earned, available) = score(&outcomes);
    sqlx::query("UPDATE sittings SET score = $1, max_score = $2 WHERE id = $3")
        .bind(earned)
        .bind(available)
        .bind(sitting.id)
        .execute(&mut *conn)
        .await?;
    let Some(application) = applications_db::find_by_id(conn, sitting.application_id).await? else {
        return Ok(true);
    };
    let note = format!("Assessment score {earned} of {available}");
    let mut application = application;
    // A withdrawal may commit between our read and our move (PostgreSQL
    // reads committed data): read again and decide on what is there now.
    for _ in 0..3 {
        match advance(
            conn,
            &state.public_url,
            &application,
            ApplicationEvent::CompleteAssessment,
            Mover::system(Some(&note)),
        )
        .await
        {
            // Withdrawn or cancelled meanwhile: the score is kept, the
            // status stays.
            Ok(_) | Err(MoveError::NotAllowed(_)) => return Ok(true),
            Err(MoveError::Database(e)) => return Err(e),
            Err(MoveError::Changed) => {
                let Some(again) = applications_db::find_by_id(conn, application.id).await? else {
                    return Ok(true);
                };
                application = again;
            }
        }
    }
    Err(sqlx::Error::Protocol(
        "the application kept changing while its sitting ended".into(),
    ))
}

/// Ends every sitting whose deadline has passed; returns how many. Run by
/// the scheduler, and safe to run anywhere at once (each ends once).
pub async fn end_overdue_sittings(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = clock::to_text(state.clock.now());
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT application_id FROM sittings WHERE ended_at IS NULL AND deadline <= $1 LIMIT 500",
    )
    .bind(&now)
    .fetch_all(state.db.pool())
    .await?;
    let mut ended = 0;
    for application_id in ids {
        let mut tx = state.db.begin_write().await?;
        if let Some(sitting) = find_sitting(&mut tx, application_id).await?
            && sitting.ended_at.is_none()
            && end_sitting(state, &mut tx, &sitting).await?
        {
            ended += 1;
        }
        tx.commit().await?;
    }
    Ok(ended)
}

pub async fn page(public_id: &str) -> Result<AssessmentPage, AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let (mut application, assessment) = owned(&mut conn, &candidate, public_id).await?;
    let challenges = challenges_of(&mut conn, &assessment).await?;
    let mut sitting = find_sitting(&mut conn, application.id)
        .await
        .map_err(internal)?;
    // A deadline that passed ends the sitting now, even before the
    // scheduler gets to it.
    if let Some(s) = sitting
        .as_ref()
        .filter(|s| s.ended_at.is_none() && is_over(&state, s))
    {
        drop(conn);
        let mut tx = state.db.begin_write().await.map_err(internal)?;
        end_sitting(&state, &mut tx, s).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        conn = state.db.pool().acquire().await.map_err(internal)?;
        sitting = find_sitting(&mut conn, application.id)
            .await
            .map_err(internal)?;
        application = applications_db::find_owned(&mut conn, public_id, candidate.user.id)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
    }
    let state_now = match sitting {
        None => {
            let why_not = match application.status {
                ApplicationStatus::Submitted => None,
                ApplicationStatus::Withdrawn => {
                    Some("You withdrew this application, so its assessment is closed.".to_owned())
                }
                _ => Some("This application is not taking an assessment.".to_owned()),
            };
            SittingState::Ready {
                can_start: why_not.is_none(),
                why_not,
            }
        }
        Some(s) if s.ended_at.is_some() => {
            let solved: i64 = sqlx::query_scalar(
                "SELECT COUNT(DISTINCT challenge_id) FROM submissions WHERE sitting_id = $1 AND correct = 1",
            )
            .bind(s.id)
            .fetch_one(&mut *conn)
            .await
            .map_err(internal)?;
            SittingState::Ended {
                solved: usize::try_from(solved).unwrap_or(0),
                total: challenges.len(),
            }
        }
        Some(s) => {
            let deadline = clock::from_text(&s.deadline).ok_or_else(|| internal("bad deadline"))?;
            let minutes_left = ((deadline - state.clock.now()).whole_seconds().max(0) + 59) / 60;
            let tallies: Vec<(i64, i64, i64)> = sqlx::query_as(
                "SELECT challenge_id, CAST(SUM(correct) AS BIGINT), COUNT(*) FROM submissions WHERE sitting_id = $1 GROUP BY challenge_id",
            )
            .bind(s.id)
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?;
            let revealed: Vec<(i64, i64)> =
                sqlx::query_as("SELECT challenge_id, hint FROM hint_reveals WHERE sitting_id = $1")
                    .bind(s.id)
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(internal)?;
            let artefacts: Vec<(i64, i64, String, i64)> = sqlx::query_as(
                "SELECT a.challenge_id, a.id, a.filename, a.size FROM challenge_artefacts a
                 JOIN assessment_challenges ac ON ac.challenge_id = a.challenge_id
                 WHERE ac.assessment_id = $1 ORDER BY a.id",
            )
            .bind(assessment.id)
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?;
            let shown = challenges
                .iter()
                .map(|c| {
                    let (correct, tried) = tallies
                        .iter()
                        .find(|(id, ..)| *id == c.id)
                        .map(|(_, right, all)| (*right, *all))
                        .unwrap_or((0, 0));
                    let generator = match &c.fields.key {
                        AnswerKey::Generated { generator } => generators::generator(generator),
                        _ => None,
                    };
                    SittingChallenge {
                        id: c.id,
                        title: c.fields.title.clone(),
                        category: c.fields.category.label().to_owned(),
                        points: c.fields.points,
                        description_html: render_markdown(&c.fields.description),
                        choices: match &c.fields.key {
                            AnswerKey::MultipleChoice { choices, .. } => choices.clone(),
                            _ => Vec::new(),
                        },
                        artefacts: artefacts
                            .iter()
                            .filter(|(challenge, ..)| *challenge == c.id)
                            .map(|(_, id, filename, size)| ArtefactInfo {
                                id: *id,
                                filename: filename.clone(),
                                size: format!("{} KB", (size + 1023) / 1024),
                                href: format!("/assessments/{public_id}/artefacts/{id}"),
                            })
                            .collect(),
                        own_file: generator.map(|_| {
                            (
                                own_instance(&state, c, &application)
                                    .map(|(_, i)| i.artefact.filename)
                                    .unwrap_or_default(),
                                format!("/assessments/{public_id}/challenges/{}/file", c.id),
                            )
                        }),
                        answer_format: generator.map(|g| g.answer_format().to_owned()),
                        hints: c
                            .fields
                            .hints
                            .iter()
                            .enumerate()
                            .map(|(index, h)| SittingHint {
                                index,
                                cost: h.cost,
                                text: revealed
                                    .iter()
                                    .any(|(ch, hint)| *ch == c.id && *hint == index as i64)
                                    .then(|| h.text.clone()),
                            })
                            .collect(),
                        solved: correct > 0,
                        attempts_left: (c.fields.max_attempts - (tried - correct)).max(0),
                    }
                })
                .collect();
            SittingState::InProgress {
                deadline: format!(
                    "{} UTC",
                    s.deadline
                        .get(..16)
                        .unwrap_or(&s.deadline)
                        .replace('T', " ")
                ),
                deadline_iso: s.deadline.clone(),
                minutes_left,
                challenges: shown,
            }
        }
    };
    Ok(AssessmentPage {
        public_id: application.public_id.clone(),
        number: application.number(),
        opening_title: application.opening_title.clone(),
        time_limit_minutes: assessment.settings.time_limit_minutes,
        challenge_count: challenges.len(),
        points: challenges.iter().map(|c| c.fields.points).sum(),
        state: state_now,
    })
}

pub async fn start(public_id: &str) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let (application, assessment) = owned(&mut tx, &candidate, public_id).await?;
    if find_sitting(&mut tx, application.id)
        .await
        .map_err(internal)?
        .is_some()
    {
        // Started already (another tab, or a second click): carry on.
        leptos_axum::redirect(&format!("/assessments/{public_id}"));
        return Ok(());
    }
    if application.status != ApplicationStatus::Submitted {
        return Err(AppError::Conflict(
            "This application can’t take the assessment now.".into(),
        ));
    }
    // Starts and settings changes take the assessment's row one at a time,
    // so settings never change under a sitting that has begun.
    sqlx::query("UPDATE assessments SET updated_at = updated_at WHERE id = $1")
        .bind(assessment.id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    let assessment = find_assessment(&mut tx, application.opening_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let deadline = now + time::Duration::minutes(assessment.settings.time_limit_minutes);
    let inserted = sqlx::query(
        "INSERT INTO sittings (application_id, assessment_id, started_at, deadline)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (application_id) DO NOTHING RETURNING id",
    )
    .bind(application.id)
    .bind(assessment.id)
    .bind(clock::to_text(now))
    .bind(clock::to_text(deadline))
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal)?;
    let Some(row) = inserted else {
        // Started a moment ago by another request: carry on.
        leptos_axum::redirect(&format!("/assessments/{public_id}"));
        return Ok(());
    };
    let sitting_id: i64 = row.try_get("id").map_err(internal)?;
    advance(
        &mut tx,
        &state.public_url,
        &application,
        ApplicationEvent::StartAssessment,
        Mover::system(None),
    )
    .await?;
    // Each generated answer, kept for the answer-sharing check.
    for challenge in challenges_of(&mut tx, &assessment).await? {
        if let Some((generator, instance)) = own_instance(&state, &challenge, &application) {
            sqlx::query(
                "INSERT INTO sitting_answers (sitting_id, challenge_id, answer) VALUES ($1, $2, $3)",
            )
            .bind(sitting_id)
            .bind(challenge.id)
            .bind(generator.normalise(&instance.answer))
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        }
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/assessments/{public_id}"));
    Ok(())
}

/// The candidate's open sitting, locked for this transaction (a no-op
/// update takes PostgreSQL's row lock; SQLite's write transactions are
/// already one at a time), or why answers are no longer taken.
async fn open_sitting(
    state: &AppState,
    tx: &mut AnyConnection,
    application: &Application,
) -> Result<Sitting, AppError> {
    sqlx::query("UPDATE sittings SET deadline = deadline WHERE application_id = $1")
        .bind(application.id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    // Read after the lock: a hand-in that committed meanwhile is seen.
    let Some(sitting) = find_sitting(tx, application.id).await.map_err(internal)? else {
        return Err(AppError::Conflict("Start the assessment first.".into()));
    };
    match application.status {
        ApplicationStatus::AssessmentPending | ApplicationStatus::Submitted => {}
        ApplicationStatus::Withdrawn => {
            return Err(AppError::Conflict(
                "You withdrew this application, so its assessment is closed.".into(),
            ));
        }
        _ => {
            return Err(AppError::Conflict(
                "This application’s assessment is closed.".into(),
            ));
        }
    }
    if sitting.ended_at.is_some() {
        return Err(AppError::Conflict("This assessment has ended.".into()));
    }
    if is_over(state, &sitting) {
        return Err(AppError::Conflict(
            "Time is up: the assessment ended at its deadline, and answers after it are not accepted."
                .into(),
        ));
    }
    Ok(sitting)
}

pub async fn answer(public_id: &str, challenge_id: i64, given: &str) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let given = given.trim();
    if given.is_empty() {
        return Err(AppError::field("answer", "Enter an answer."));
    }
    if given.chars().count() > crate::domain::challenge::MAX_ANSWER_CHARS {
        return Err(AppError::field(
            "answer",
            "An answer can be at most 500 characters.",
        ));
    }
    let state = state()?;
    let addr = client_addr();
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let (application, assessment) = owned(&mut tx, &candidate, public_id).await?;
    let sitting = match open_sitting(&state, &mut tx, &application).await {
        Ok(sitting) => sitting,
        Err(refused) => {
            // A passed deadline ends the sitting as it refuses the answer.
            if let Some(s) = find_sitting(&mut tx, application.id)
                .await
                .map_err(internal)?
                && s.ended_at.is_none()
                && is_over(&state, &s)
            {
                end_sitting(&state, &mut tx, &s).await.map_err(internal)?;
                tx.commit().await.map_err(internal)?;
            }
            return Err(refused);
        }
    };
    if !assessment.settings.challenges.contains(&challenge_id) {
        return Err(AppError::NotFound);
    }
    let challenge = find_challenge(&mut tx, challenge_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let (correct_before, tried): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(correct), 0) AS BIGINT), COUNT(*) FROM submissions WHERE sitting_id = $1 AND challenge_id = $2",
    )
    .bind(sitting.id)
    .bind(challenge_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal)?;
    if correct_before > 0 {
        return Err(AppError::Conflict(
            "You have already solved this challenge.".into(),
        ));
    }
    if tried - correct_before >= challenge.fields.max_attempts {
        return Err(AppError::Conflict(
            "You have used every attempt at this challenge.".into(),
        ));
    }
    let now = state.clock.now();
    let minute_ago = clock::to_text(now - time::Duration::minutes(1));
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM submissions WHERE sitting_id = $1 AND submitted_at > $2",
    )
    .bind(sitting.id)
    .bind(&minute_ago)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal)?;
    let from_address: i64 = match &addr {
        Some(addr) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM submissions WHERE remote_addr = $1 AND submitted_at > $2",
        )
        .bind(addr)
        .bind(&minute_ago)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?,
        None => 0,
    };
    if recent >= ANSWERS_PER_MINUTE || from_address >= ANSWERS_PER_MINUTE_PER_ADDRESS {
        return Err(AppError::TooManyAttempts {
            message: "That is a lot of answers in a short time. Wait a minute, then try again; your attempts are not used up.".into(),
            retry_after_secs: 60,
        });
    }
    let own = sqlx::query_scalar::<_, String>(
        "SELECT answer FROM sitting_answers WHERE sitting_id = $1 AND challenge_id = $2",
    )
    .bind(sitting.id)
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal)?;
    let correct = is_correct(&challenge.fields.key, given, own.as_deref());
    sqlx::query(
        "INSERT INTO submissions (sitting_id, challenge_id, answer, correct, submitted_at, remote_addr)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(sitting.id)
    .bind(challenge_id)
    .bind(given)
    .bind(i64::from(correct))
    .bind(clock::to_text(now))
    .bind(addr.as_deref())
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    // Someone else's generated answer: flagged for the hiring team, and
    // the candidate is told only that the answer is wrong.
    if !correct
        && let AnswerKey::Generated { generator } = &challenge.fields.key
        && let Some(generator) = generators::generator(generator)
    {
        let owners: Vec<i64> = sqlx::query_scalar(
            "SELECT sitting_id FROM sitting_answers WHERE challenge_id = $1 AND answer = $2 AND sitting_id <> $3",
        )
        .bind(challenge_id)
        .bind(generator.normalise(given))
        .bind(sitting.id)
        .fetch_all(&mut *tx)
        .await
        .map_err(internal)?;
        for owner in owners {
            sqlx::query(
                "INSERT INTO integrity_flags (sitting_id, challenge_id, owner_sitting_id, answer, flagged_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (sitting_id, challenge_id, owner_sitting_id) DO NOTHING",
            )
            .bind(sitting.id)
            .bind(challenge_id)
            .bind(owner)
            .bind(given)
            .bind(clock::to_text(now))
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        }
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!(
        "/assessments/{public_id}?challenge={challenge_id}&result={}#challenge-{challenge_id}",
        if correct { "right" } else { "wrong" }
    ));
    Ok(())
}

pub async fn reveal_hint(public_id: &str, challenge_id: i64, hint: usize) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let (application, assessment) = owned(&mut tx, &candidate, public_id).await?;
    let sitting = open_sitting(&state, &mut tx, &application).await?;
    if !assessment.settings.challenges.contains(&challenge_id) {
        return Err(AppError::NotFound);
    }
    let challenge = find_challenge(&mut tx, challenge_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if hint >= challenge.fields.hints.len() {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "INSERT INTO hint_reveals (sitting_id, challenge_id, hint, revealed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sitting_id, challenge_id, hint) DO NOTHING",
    )
    .bind(sitting.id)
    .bind(challenge_id)
    .bind(hint as i64)
    .bind(clock::to_text(state.clock.now()))
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!(
        "/assessments/{public_id}#challenge-{challenge_id}"
    ));
    Ok(())
}

pub async fn finish(public_id: &str, confirm: &str) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    if confirm != "yes" {
        return Err(AppError::field(
            "confirm",
            "Confirm that you want to hand in the assessment: you can’t change answers afterwards.",
        ));
    }
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let (application, _) = owned(&mut tx, &candidate, public_id).await?;
    let Some(sitting) = find_sitting(&mut tx, application.id)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::Conflict("Start the assessment first.".into()));
    };
    end_sitting(&state, &mut tx, &sitting)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/assessments/{public_id}?finished=1"));
    Ok(())
}

/// A file for a candidate's sitting: their own generated artefact
/// (`challenge` given) or a challenge's shared file (`artefact` given).
/// Only for the application's candidate, once they have started; `None`
/// for everyone and everything else.
pub async fn file_for_candidate(
    state: &AppState,
    reader: &CurrentUser,
    public_id: &str,
    challenge: Option<i64>,
    artefact: Option<i64>,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    if reader.user.role != Role::Candidate {
        return Ok(None);
    }
    let mut conn = state.db.pool().acquire().await?;
    let Some(application) =
        applications_db::find_owned(&mut conn, public_id, reader.user.id).await?
    else {
        return Ok(None);
    };
    let Some(sitting) = find_sitting(&mut conn, application.id).await? else {
        return Ok(None);
    };
    async fn in_assessment(
        conn: &mut AnyConnection,
        assessment_id: i64,
        challenge_id: i64,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM assessment_challenges WHERE assessment_id = $1 AND challenge_id = $2",
        )
        .bind(assessment_id)
        .bind(challenge_id)
        .fetch_one(&mut *conn)
        .await
        .map(|n| n > 0)
    }
    match (challenge, artefact) {
        (Some(challenge_id), None) => {
            if !in_assessment(&mut conn, sitting.assessment_id, challenge_id).await? {
                return Ok(None);
            }
            let Some(challenge) = find_challenge(&mut conn, challenge_id).await? else {
                return Ok(None);
            };
            Ok(own_instance(state, &challenge, &application)
                .map(|(_, i)| (i.artefact.filename, i.artefact.content)))
        }
        (None, Some(artefact_id)) => {
            let row = sqlx::query(
                "SELECT challenge_id, filename, content FROM challenge_artefacts WHERE id = $1",
            )
            .bind(artefact_id)
            .fetch_optional(&mut *conn)
            .await?;
            let Some(row) = row else { return Ok(None) };
            if !in_assessment(
                &mut conn,
                sitting.assessment_id,
                row.try_get("challenge_id")?,
            )
            .await?
            {
                return Ok(None);
            }
            Ok(Some((row.try_get("filename")?, row.try_get("content")?)))
        }
        _ => Ok(None),
    }
}
