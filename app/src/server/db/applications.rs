//! Applications in the database. Every read that serves a candidate names
//! the candidate in the query, so another person's application is simply
//! not found.

use sqlx::{AnyConnection, Row as _, any::AnyRow};

use crate::domain::application::{Actor, Answer, ApplicationStatus, VeteransPreference};
use crate::server::clock;

/// An application as stored, with its opening's title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub id: i64,
    pub public_id: String,
    pub opening_id: i64,
    pub opening_title: String,
    pub candidate_id: i64,
    pub status: ApplicationStatus,
    pub veterans_preference: VeteransPreference,
    pub attested_at: Option<String>,
    pub screened_out_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub version: i64,
    pub resume_id: Option<i64>,
    pub cover_letter: Option<String>,
}

impl Application {
    /// The number people quote: "TF-000123".
    pub fn number(&self) -> String {
        format!("TF-{:06}", self.id)
    }
}

const COLUMNS: &str = "a.id, a.public_id, a.opening_id, o.title AS opening_title, a.candidate_id,
    a.status, a.veterans_preference, a.attested_at, a.screened_out_reason, a.created_at,
    a.updated_at, a.submitted_at, a.version, a.resume_id, a.cover_letter";

fn from_row(row: &AnyRow) -> Result<Application, sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    Ok(Application {
        id: row.try_get("id")?,
        public_id: row.try_get("public_id")?,
        opening_id: row.try_get("opening_id")?,
        opening_title: row.try_get("opening_title")?,
        candidate_id: row.try_get("candidate_id")?,
        status: row
            .try_get::<String, _>("status")?
            .parse()
            .map_err(decode)?,
        veterans_preference: row
            .try_get::<String, _>("veterans_preference")?
            .parse()
            .map_err(decode)?,
        attested_at: row.try_get("attested_at")?,
        screened_out_reason: row.try_get("screened_out_reason")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        submitted_at: row.try_get("submitted_at")?,
        version: row.try_get("version")?,
        resume_id: row.try_get("resume_id")?,
        cover_letter: row.try_get("cover_letter")?,
    })
}

/// The candidate's application to an opening, if any.
pub async fn find_for_opening(
    conn: &mut AnyConnection,
    opening_id: i64,
    candidate_id: i64,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications a JOIN openings o ON o.id = a.opening_id
         WHERE a.opening_id = $1 AND a.candidate_id = $2"
    ))
    .bind(opening_id)
    .bind(candidate_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The candidate's application with this public id, if it is theirs.
pub async fn find_owned(
    conn: &mut AnyConnection,
    public_id: &str,
    candidate_id: i64,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications a JOIN openings o ON o.id = a.opening_id
         WHERE a.public_id = $1 AND a.candidate_id = $2"
    ))
    .bind(public_id)
    .bind(candidate_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The candidate's applications, most recently changed first (at most 200).
pub async fn list_for_candidate(
    conn: &mut AnyConnection,
    candidate_id: i64,
) -> Result<Vec<Application>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications a JOIN openings o ON o.id = a.opening_id
         WHERE a.candidate_id = $1 ORDER BY a.updated_at DESC, a.id DESC LIMIT 200"
    ))
    .bind(candidate_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Starts a draft; returns its id, or `None` when the candidate already
/// has an application to this opening.
pub async fn insert_draft(
    conn: &mut AnyConnection,
    opening_id: i64,
    candidate_id: i64,
    public_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let row = sqlx::query(
        "INSERT INTO applications (public_id, opening_id, candidate_id, status, created_at, updated_at)
         VALUES ($1, $2, $3, 'draft', $4, $4)
         ON CONFLICT (opening_id, candidate_id) DO NOTHING
         RETURNING id",
    )
    .bind(public_id)
    .bind(opening_id)
    .bind(candidate_id)
    .bind(&now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| row.try_get("id")).transpose()
}

/// Copies the candidate's profile defaults into a new draft.
pub async fn start_from_profile(
    conn: &mut AnyConnection,
    application_id: i64,
    preference: VeteransPreference,
    resume_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET veterans_preference = $1, resume_id = $2
         WHERE id = $3 AND status = 'draft'",
    )
    .bind(preference.as_str())
    .bind(resume_id)
    .bind(application_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces a draft's answers.
pub async fn replace_answers(
    conn: &mut AnyConnection,
    application_id: i64,
    answers: &[Answer],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM application_answers WHERE application_id = $1")
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    for answer in answers {
        sqlx::query(
            "INSERT INTO application_answers (application_id, question_id, answer) VALUES ($1, $2, $3)",
        )
        .bind(application_id)
        .bind(answer.question_id)
        .bind(&answer.answer)
        .execute(&mut *conn)
        .await?;
    }
    touch(conn, application_id).await
}

pub async fn list_answers(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Vec<Answer>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT question_id, answer FROM application_answers WHERE application_id = $1",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Answer {
                question_id: row.try_get("question_id")?,
                answer: row.try_get("answer")?,
            })
        })
        .collect()
}

async fn touch(conn: &mut AnyConnection, application_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE applications SET updated_at = $1, version = version + 1 WHERE id = $2")
        .bind(clock::to_text(clock::now()))
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records a draft's veterans' preference claim and attestation.
pub async fn update_declarations(
    conn: &mut AnyConnection,
    application_id: i64,
    preference: VeteransPreference,
    attested: bool,
) -> Result<bool, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let done = sqlx::query(
        "UPDATE applications SET veterans_preference = $1, attested_at = $2, updated_at = $3,
            version = version + 1
         WHERE id = $4 AND status = 'draft'",
    )
    .bind(preference.as_str())
    .bind(attested.then(|| now.clone()))
    .bind(&now)
    .bind(application_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves an application from `from` to `to` if nobody changed it since
/// it was read at `version`, and appends the move to its history. Only
/// `server::workflow::advance` calls this.
#[allow(clippy::too_many_arguments)]
pub async fn move_status(
    conn: &mut AnyConnection,
    application_id: i64,
    from: ApplicationStatus,
    version: i64,
    to: ApplicationStatus,
    actor: Actor,
    actor_id: Option<i64>,
    note: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let done = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2, version = version + 1,
            submitted_at = CASE WHEN $1 = 'submitted' THEN $2 ELSE submitted_at END,
            screened_out_reason = CASE WHEN $1 = 'screened_out' THEN $3 ELSE screened_out_reason END
         WHERE id = $4 AND status = $5 AND version = $6",
    )
    .bind(to.as_str())
    .bind(&now)
    .bind(note)
    .bind(application_id)
    .bind(from.as_str())
    .bind(version)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO application_history (application_id, occurred_at, from_status, to_status, actor, actor_id, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(application_id)
    .bind(&now)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(actor.as_str())
    .bind(actor_id)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// One entry of an application's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub occurred_at: String,
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    pub actor: Actor,
    /// The person who moved it (name), where a person did.
    pub actor_name: Option<String>,
    pub note: Option<String>,
}

/// An application's history, oldest first.
pub async fn list_history(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT h.occurred_at, h.from_status, h.to_status, h.actor, h.note, u.name AS actor_name
         FROM application_history h LEFT JOIN users u ON u.id = h.actor_id
         WHERE h.application_id = $1 ORDER BY h.occurred_at, h.id",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    let decode = |e: String| sqlx::Error::Decode(e.into());
    rows.iter()
        .map(|row| {
            Ok(HistoryEntry {
                occurred_at: row.try_get("occurred_at")?,
                from_status: row
                    .try_get::<Option<String>, _>("from_status")?
                    .map(|s| s.parse())
                    .transpose()
                    .map_err(decode)?,
                to_status: row
                    .try_get::<String, _>("to_status")?
                    .parse()
                    .map_err(decode)?,
                actor: row.try_get::<String, _>("actor")?.parse().map_err(decode)?,
                actor_name: row.try_get("actor_name")?,
                note: row.try_get("note")?,
            })
        })
        .collect()
}

/// Attaches a stored résumé to a draft.
pub async fn set_resume(
    conn: &mut AnyConnection,
    application_id: i64,
    document_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET resume_id = $1, updated_at = $2, version = version + 1
         WHERE id = $3 AND status = 'draft'",
    )
    .bind(document_id)
    .bind(clock::to_text(clock::now()))
    .bind(application_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An application by its internal id (for the server's own work).
pub async fn find_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications a JOIN openings o ON o.id = a.opening_id WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Any application by its public id, whoever it belongs to: only for
/// callers that check access themselves (see `may_read`).
pub async fn find_by_public_id(
    conn: &mut AnyConnection,
    public_id: &str,
) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications a JOIN openings o ON o.id = a.opening_id
         WHERE a.public_id = $1"
    ))
    .bind(public_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Whether a hiring manager is assigned to an opening.
pub async fn manages_opening(
    conn: &mut AnyConnection,
    user_id: i64,
    opening_id: i64,
) -> Result<bool, sqlx::Error> {
    let row =
        sqlx::query("SELECT 1 AS one FROM opening_managers WHERE user_id = $1 AND opening_id = $2")
            .bind(user_id)
            .bind(opening_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.is_some())
}

/// Saves a draft's cover letter (`None` removes it).
pub async fn set_cover_letter(
    conn: &mut AnyConnection,
    application_id: i64,
    letter: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET cover_letter = $1, updated_at = $2, version = version + 1
         WHERE id = $3 AND status = 'draft'",
    )
    .bind(letter)
    .bind(clock::to_text(clock::now()))
    .bind(application_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
