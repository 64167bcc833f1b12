//! The challenge library: staff author, edit and preview challenges and
//! attach files to them. Every function here is for staff only.

use sha2::{Digest as _, Sha256};
use sqlx::{AnyConnection, Row as _, any::AnyRow};

use crate::api::challenges::{
    ArtefactInfo, ChallengeEditor, ChallengePreview, ChallengeRow, ChallengeStats, GeneratedSample,
    IntegrityFlag,
};
use crate::domain::account::Role;
use crate::domain::challenge::{AnswerKey, ChallengeFields, ChallengeForm, Hint};
use crate::domain::opening::work_role;
use crate::error::AppError;
use crate::server::auth::guard::{CurrentUser, require_role};
use crate::server::challenges::{compile_pattern, generators};
use crate::server::clock;
use crate::server::db::audit::{AuditEvent, Outcome, insert_audit_event};
use crate::server::openings::render_markdown;
use crate::server::request::{audit_success, internal, state};
use crate::server::state::AppState;

/// A challenge as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub id: i64,
    pub fields: ChallengeFields,
    pub updated_at: String,
    pub version: i64,
}

const COLUMNS: &str = "id, title, category, difficulty, points, description, max_attempts,
    answer_key, hints, updated_at, version";

fn from_row(row: &AnyRow) -> Result<Challenge, sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let json = |e: serde_json::Error| sqlx::Error::Decode(e.into());
    Ok(Challenge {
        id: row.try_get("id")?,
        fields: ChallengeFields {
            title: row.try_get("title")?,
            category: row
                .try_get::<String, _>("category")?
                .parse()
                .map_err(decode)?,
            difficulty: row
                .try_get::<String, _>("difficulty")?
                .parse()
                .map_err(decode)?,
            points: row.try_get("points")?,
            description: row.try_get("description")?,
            max_attempts: row.try_get("max_attempts")?,
            key: serde_json::from_str(&row.try_get::<String, _>("answer_key")?).map_err(json)?,
            hints: serde_json::from_str::<Vec<Hint>>(&row.try_get::<String, _>("hints")?)
                .map_err(json)?,
        },
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

pub async fn find_challenge(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Challenge>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM challenges WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

fn encode(fields: &ChallengeFields) -> Result<(String, String), AppError> {
    Ok((
        serde_json::to_string(&fields.key).map_err(internal)?,
        serde_json::to_string(&fields.hints).map_err(internal)?,
    ))
}

pub async fn insert_challenge(
    conn: &mut AnyConnection,
    fields: &ChallengeFields,
    created_by: Option<i64>,
) -> Result<i64, AppError> {
    let (key, hints) = encode(fields)?;
    let now = clock::to_text(clock::now());
    sqlx::query(
        "INSERT INTO challenges (title, category, difficulty, points, description, max_attempts,
             check_kind, answer_key, hints, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         RETURNING id",
    )
    .bind(&fields.title)
    .bind(fields.category.as_str())
    .bind(fields.difficulty.as_str())
    .bind(fields.points)
    .bind(&fields.description)
    .bind(fields.max_attempts)
    .bind(fields.key.kind().as_str())
    .bind(key)
    .bind(hints)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .and_then(|row| row.try_get("id"))
    .map_err(internal)
}

/// Saves new fields if the challenge is still at `version`; false when
/// someone else changed it first.
async fn update_challenge(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    fields: &ChallengeFields,
) -> Result<bool, AppError> {
    let (key, hints) = encode(fields)?;
    let done = sqlx::query(
        "UPDATE challenges SET title = $1, category = $2, difficulty = $3, points = $4,
             description = $5, max_attempts = $6, check_kind = $7, answer_key = $8, hints = $9,
             updated_at = $10, version = version + 1
         WHERE id = $11 AND version = $12",
    )
    .bind(&fields.title)
    .bind(fields.category.as_str())
    .bind(fields.difficulty.as_str())
    .bind(fields.points)
    .bind(&fields.description)
    .bind(fields.max_attempts)
    .bind(fields.key.kind().as_str())
    .bind(key)
    .bind(hints)
    .bind(clock::to_text(clock::now()))
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(done.rows_affected() == 1)
}

async fn list_artefacts(
    conn: &mut AnyConnection,
    challenge_id: i64,
) -> Result<Vec<ArtefactInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, filename, size FROM challenge_artefacts WHERE challenge_id = $1 ORDER BY id",
    )
    .bind(challenge_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let size: i64 = row.try_get("size")?;
            Ok(ArtefactInfo {
                id,
                filename: row.try_get("filename")?,
                size: format!("{} KB", (size + 1023) / 1024),
                href: format!("/admin/challenges/{challenge_id}/artefacts/{id}"),
            })
        })
        .collect()
}

/// Checks what the shared domain rules cannot: that a pattern compiles.
fn check_server_side(fields: &ChallengeFields) -> Result<(), AppError> {
    if let AnswerKey::Regex { pattern } = &fields.key {
        compile_pattern(pattern).map_err(|e| AppError::field("answer", e))?;
    }
    Ok(())
}

async fn audit(
    conn: &mut AnyConnection,
    staff: &CurrentUser,
    action: &str,
    id: i64,
) -> Result<(), AppError> {
    audit_success(conn, staff, action, &format!("challenge:{id}"), None).await
}

/// Per challenge: (answers given, candidates who solved it, candidates who
/// had it in a started assessment), for every challenge or one.
async fn tallies(
    conn: &mut AnyConnection,
    only: Option<i64>,
) -> Result<Vec<(i64, i64, i64, i64)>, sqlx::Error> {
    let one = only.unwrap_or(0);
    let answered: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT challenge_id, COUNT(*), COUNT(DISTINCT CASE WHEN correct = 1 THEN sitting_id END)
         FROM submissions WHERE ($1 = 0 OR challenge_id = $1) GROUP BY challenge_id",
    )
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    let had: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT ac.challenge_id, COUNT(*) FROM sittings s
         JOIN assessment_challenges ac ON ac.assessment_id = s.assessment_id
         WHERE ($1 = 0 OR ac.challenge_id = $1) GROUP BY ac.challenge_id",
    )
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    Ok(had
        .into_iter()
        .map(|(id, sittings)| {
            let (attempts, solvers) = answered
                .iter()
                .find(|(c, ..)| *c == id)
                .map(|(_, a, s)| (*a, *s))
                .unwrap_or((0, 0));
            (id, attempts, solvers, sittings)
        })
        .collect())
}

fn solve_rate(solvers: i64, sittings: i64) -> String {
    if sittings == 0 {
        "Not taken yet".to_owned()
    } else {
        format!(
            "{solvers} of {sittings} ({}%)",
            crate::domain::assessment::percent(solvers, sittings)
        )
    }
}

/// How candidates have done on one challenge, with its integrity flags.
async fn statistics(conn: &mut AnyConnection, id: i64) -> Result<ChallengeStats, sqlx::Error> {
    let (attempts, solvers, sittings) = tallies(conn, Some(id))
        .await?
        .into_iter()
        .find(|(c, ..)| *c == id)
        .map(|(_, a, s, n)| (a, s, n))
        .unwrap_or((0, 0, 0));
    let solves: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.started_at, sub.submitted_at FROM submissions sub
         JOIN sittings s ON s.id = sub.sitting_id
         WHERE sub.challenge_id = $1 AND sub.correct = 1
         ORDER BY sub.id DESC LIMIT 5000",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut seconds: Vec<i64> = solves
        .iter()
        .filter_map(|(start, at)| {
            Some((clock::from_text(at)? - clock::from_text(start)?).whole_seconds())
        })
        .collect();
    seconds.sort_unstable();
    let median = (!seconds.is_empty()).then(|| {
        let middle = seconds.len() / 2;
        let median = if seconds.len().is_multiple_of(2) {
            (seconds[middle - 1] + seconds[middle]) / 2
        } else {
            seconds[middle]
        };
        format!("{} min {:02} s", median / 60, median % 60)
    });
    let flags: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT s.application_id, o.application_id, f.answer, f.flagged_at
         FROM integrity_flags f JOIN sittings s ON s.id = f.sitting_id
         JOIN sittings o ON o.id = f.owner_sitting_id
         WHERE f.challenge_id = $1 ORDER BY f.flagged_at DESC LIMIT 100",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ChallengeStats {
        attempts,
        solve_rate: solve_rate(solvers, sittings),
        median_time_to_solve: median,
        flags: flags
            .into_iter()
            .map(|(application, owner, answer, at)| IntegrityFlag {
                application: format!("TF-{application:06}"),
                owner: format!("TF-{owner:06}"),
                answer,
                at: clock::plain(&at),
            })
            .collect(),
    })
}

pub async fn list() -> Result<Vec<ChallengeRow>, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let tallies = tallies(&mut conn, None).await.map_err(internal)?;
    // The library is staff-authored and small (hundreds); bounded anyway.
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM challenges ORDER BY category, title, id LIMIT 500"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.iter()
        .map(|row| {
            let c = from_row(row).map_err(internal)?;
            let (attempts, solvers, sittings) = tallies
                .iter()
                .find(|(id, ..)| *id == c.id)
                .map(|(_, a, s, n)| (*a, *s, *n))
                .unwrap_or((0, 0, 0));
            Ok(ChallengeRow {
                attempts,
                solve_rate: solve_rate(solvers, sittings),
                id: c.id,
                title: c.fields.title,
                category: c.fields.category.label().to_owned(),
                difficulty: c.fields.difficulty.label().to_owned(),
                points: c.fields.points,
                check: c.fields.key.kind().label().to_owned(),
                updated: c.updated_at.get(..10).unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

pub async fn get(id: i64) -> Result<ChallengeEditor, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let challenge = find_challenge(&mut conn, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    Ok(ChallengeEditor {
        id,
        version: challenge.version,
        form: ChallengeForm::from_fields(&challenge.fields),
        artefacts: list_artefacts(&mut conn, id).await.map_err(internal)?,
        artefact_max_mb: state.uploads.max_artefact_bytes / (1024 * 1024),
    })
}

pub async fn create(form: ChallengeForm) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let fields = form.parse().map_err(AppError::fields)?;
    check_server_side(&fields)?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let id = insert_challenge(&mut tx, &fields, Some(staff.user.id)).await?;
    audit(&mut tx, &staff, "challenge.create", id).await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/challenges/{id}?saved=1"));
    Ok(())
}

const RACED: &str = "Someone else changed this challenge while you were editing it. \
    Reload the page to see their changes, then make yours again.";

/// Whether candidates have started an assessment that holds the challenge.
async fn in_use(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sittings s
         JOIN assessment_challenges ac ON ac.assessment_id = s.assessment_id
         WHERE ac.challenge_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

const IN_USE: &str = "Candidates have started an assessment with this challenge, so its answer, \
    points, hints, attempts and files can no longer change (the wording still can). \
    Write a new challenge for a new version.";

pub async fn update(id: i64, version: i64, form: ChallengeForm) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let fields = form.parse().map_err(AppError::fields)?;
    check_server_side(&fields)?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let current = find_challenge(&mut tx, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let scoring_changed = current.fields.key != fields.key
        || current.fields.points != fields.points
        || current.fields.hints != fields.hints
        || current.fields.max_attempts != fields.max_attempts;
    if scoring_changed && in_use(&mut tx, id).await.map_err(internal)? {
        return Err(AppError::Conflict(IN_USE.into()));
    }
    if !update_challenge(&mut tx, id, version, &fields).await? {
        return Err(AppError::Conflict(RACED.into()));
    }
    audit(&mut tx, &staff, "challenge.update", id).await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/challenges/{id}?saved=1"));
    Ok(())
}

pub async fn remove_artefact(id: i64, artefact_id: i64) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    if in_use(&mut tx, id).await.map_err(internal)? {
        return Err(AppError::Conflict(IN_USE.into()));
    }
    let done = sqlx::query("DELETE FROM challenge_artefacts WHERE id = $1 AND challenge_id = $2")
        .bind(artefact_id)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, &staff, "challenge.artefact.remove", id).await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/challenges/{id}?removed=1"));
    Ok(())
}

/// The candidate id the preview's generated artefact is made for: no
/// account has it, so the sample is nobody's real answer.
pub const SAMPLE_CANDIDATE: i64 = 0;

/// The sample candidate's instance of a generated challenge.
pub fn sample_instance(
    state: &AppState,
    challenge: &Challenge,
) -> Option<(&'static dyn generators::Generator, generators::Instance)> {
    let AnswerKey::Generated { generator } = &challenge.fields.key else {
        return None;
    };
    let generator = generators::generator(generator)?;
    let seed = generators::seed(
        state.secret_key.expose(),
        challenge.id,
        SAMPLE_CANDIDATE,
        SAMPLE_CANDIDATE,
    );
    Some((generator, generators::instance(generator, seed)))
}

pub async fn preview(id: i64) -> Result<ChallengePreview, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let challenge = find_challenge(&mut conn, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let artefacts = list_artefacts(&mut conn, id).await.map_err(internal)?;
    let stats = statistics(&mut conn, id).await.map_err(internal)?;
    let generated = sample_instance(&state, &challenge).map(|(generator, instance)| {
        let text = String::from_utf8_lossy(&instance.artefact.content);
        GeneratedSample {
            filename: instance.artefact.filename.clone(),
            excerpt: text.lines().take(12).collect::<Vec<_>>().join("\n"),
            href: format!("/admin/challenges/{id}/sample"),
            answer_format: generator.answer_format().to_owned(),
            answer: instance.answer,
        }
    });
    let fields = challenge.fields;
    let (choices, answer_key) = match &fields.key {
        AnswerKey::Exact { answer } => (Vec::new(), format!("Exactly “{answer}”")),
        AnswerKey::CaseInsensitive { answer } => {
            (Vec::new(), format!("“{answer}”, ignoring case and spacing"))
        }
        AnswerKey::Regex { pattern } => (
            Vec::new(),
            format!("Any answer wholly matching the pattern {pattern}"),
        ),
        AnswerKey::MultipleChoice { choices, correct } => (
            choices.clone(),
            format!(
                "Choice {}: “{}”",
                correct + 1,
                choices.get(*correct).cloned().unwrap_or_default()
            ),
        ),
        AnswerKey::Generated { .. } => (
            Vec::new(),
            "Each candidate’s own answer, generated with their artefact".to_owned(),
        ),
    };
    Ok(ChallengePreview {
        id,
        title: fields.title,
        category: fields.category.label().to_owned(),
        work_roles: fields
            .category
            .work_roles()
            .iter()
            .filter_map(|id| work_role(id))
            .map(|role| format!("{} ({})", role.name, role.id))
            .collect(),
        difficulty: fields.difficulty.label().to_owned(),
        points: fields.points,
        max_attempts: fields.max_attempts,
        description_html: render_markdown(&fields.description),
        hints: fields.hints,
        choices,
        artefacts,
        generated,
        answer_key,
        stats,
    })
}

/// Why a file could not be attached.
#[derive(Debug)]
pub enum ArtefactError {
    Empty,
    TooLarge,
    App(AppError),
}

/// A safe name to show and to send in a header: letters, digits, dots,
/// dashes and underscores; the rest become `_`.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "artefact.bin".to_owned()
    } else {
        cleaned
    }
}

/// Attaches a file to a challenge (staff only; any kind of file, size
/// capped). For the upload handler, which has no server-function context.
pub async fn attach_artefact(
    state: &AppState,
    staff: &CurrentUser,
    challenge_id: i64,
    filename: &str,
    bytes: Vec<u8>,
) -> Result<(), ArtefactError> {
    if staff.user.role != Role::Staff {
        return Err(ArtefactError::App(AppError::Forbidden));
    }
    if bytes.is_empty() {
        return Err(ArtefactError::Empty);
    }
    if bytes.len() > state.uploads.max_artefact_bytes {
        return Err(ArtefactError::TooLarge);
    }
    let app = |e: sqlx::Error| ArtefactError::App(internal(e));
    let mut tx = state.db.begin_write().await.map_err(app)?;
    if find_challenge(&mut tx, challenge_id)
        .await
        .map_err(app)?
        .is_none()
    {
        return Err(ArtefactError::App(AppError::NotFound));
    }
    sqlx::query(
        "INSERT INTO challenge_artefacts (challenge_id, filename, size, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (challenge_id, sha256) DO UPDATE SET filename = excluded.filename",
    )
    .bind(challenge_id)
    .bind(clean_name(filename))
    .bind(bytes.len() as i64)
    .bind(hex::encode(Sha256::digest(&bytes)))
    .bind(bytes)
    .bind(clock::to_text(clock::now()))
    .execute(&mut *tx)
    .await
    .map_err(app)?;
    let subject = format!("challenge:{challenge_id}");
    insert_audit_event(
        &mut tx,
        &AuditEvent {
            actor_id: Some(staff.user.id),
            actor_email: Some(staff.user.email.as_str()),
            action: "challenge.artefact.add",
            subject: Some(&subject),
            outcome: Outcome::Success,
            remote_addr: None,
            detail: None,
        },
    )
    .await
    .map_err(app)?;
    tx.commit().await.map_err(app)?;
    Ok(())
}

/// A challenge's file for staff: (name, bytes).
pub async fn artefact_for_staff(
    state: &AppState,
    reader: &CurrentUser,
    challenge_id: i64,
    artefact_id: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    if reader.user.role != Role::Staff {
        return Ok(None);
    }
    let mut conn = state.db.pool().acquire().await?;
    let row = sqlx::query(
        "SELECT filename, content FROM challenge_artefacts WHERE id = $1 AND challenge_id = $2",
    )
    .bind(artefact_id)
    .bind(challenge_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok((row.try_get("filename")?, row.try_get("content")?)))
        .transpose()
}

/// The sample candidate's generated artefact, for staff: (name, bytes).
pub async fn sample_for_staff(
    state: &AppState,
    reader: &CurrentUser,
    challenge_id: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    if reader.user.role != Role::Staff {
        return Ok(None);
    }
    let mut conn = state.db.pool().acquire().await?;
    let Some(challenge) = find_challenge(&mut conn, challenge_id).await? else {
        return Ok(None);
    };
    Ok(sample_instance(state, &challenge)
        .map(|(_, instance)| (instance.artefact.filename, instance.artefact.content)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artefact_names_are_made_safe() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\temp\\capture 1.pcap"), "capture_1.pcap");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        assert_eq!(clean_name("\"; x=y.bin"), "___x_y.bin");
        assert_eq!(clean_name(""), "artefact.bin");
    }
}
