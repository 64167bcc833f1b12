//! Referral lists (certificates). Staff issue one from an opening's ranking
//! by its hiring method: the applicants on it are referred, the qualified
//! ones left off are told they were not, and the list is frozen — each
//! entry keeps the place, category and rating it had when issued. The
//! hiring team reads it on a page and downloads it as CSV.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use crate::api::manage::{CertificateEntry, CertificateSummary, CertificateView};
use crate::domain::account::Role;
use crate::domain::application::{ApplicationEvent, ApplicationStatus, VeteransPreference};
use crate::domain::opening::HiringMethod;
use crate::domain::ranking::{self, Applicant, Bands, Category, RankingRules};
use crate::error::AppError;
use crate::server::auth::guard::CurrentUser;
use crate::server::clock;
use crate::server::db::applications as db;
use crate::server::manage::{
    check_opening, find_opening_row, move_one, opening_basics, require_staff, require_team, rerank,
    rules_of,
};
use crate::server::request::{audit_success, internal, state};
use crate::server::state::AppState;

/// "Referral list 3": the list's number on its opening.
async fn name_of(
    conn: &mut AnyConnection,
    opening_id: i64,
    id: i64,
) -> Result<String, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE opening_id = $1 AND id <= $2")
            .bind(opening_id)
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(format!("Referral list {n}"))
}

pub async fn list(opening_id: i64) -> Result<Vec<CertificateSummary>, AppError> {
    let user = require_team().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    opening_basics(&mut conn, opening_id).await?;
    check_opening(&mut conn, &user, opening_id).await?;
    let rows = sqlx::query(
        "SELECT c.public_id, c.issued_at,
            (SELECT COUNT(*) FROM certificate_entries e WHERE e.certificate_id = c.id) AS referred
         FROM certificates c WHERE c.opening_id = $1 ORDER BY c.id LIMIT 500",
    )
    .bind(opening_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.iter()
        .enumerate()
        .map(|(n, row)| {
            Ok(CertificateSummary {
                public_id: row.try_get("public_id")?,
                name: format!("Referral list {}", n + 1),
                issued_at: row.try_get("issued_at")?,
                referred: row.try_get("referred")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(internal)
}

pub async fn issue(opening_id: i64) -> Result<(), AppError> {
    let user = require_staff().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let opening = opening_basics(&mut tx, opening_id).await?;
    let rules = rules_of(&mut tx, opening_id).await.map_err(internal)?;
    // Those who can still be referred: qualified, or left off an earlier list.
    let rows = sqlx::query(
        "SELECT a.id, a.veterans_preference, a.submitted_at, a.score_percent AS percent
         FROM applications a
         WHERE a.opening_id = $1 AND a.status IN ('qualified', 'not_referred')",
    )
    .bind(opening_id)
    .fetch_all(&mut *tx)
    .await
    .map_err(internal)?;
    let mut waiting = Vec::new();
    for row in &rows {
        waiting.push(Applicant {
            id: row.try_get("id").map_err(internal)?,
            percent: row
                .try_get::<Option<i64>, _>("percent")
                .map_err(internal)?
                .unwrap_or(0),
            preference: row
                .try_get::<String, _>("veterans_preference")
                .map_err(internal)?
                .parse::<VeteransPreference>()
                .map_err(internal)?,
            submitted_at: row
                .try_get::<Option<String>, _>("submitted_at")
                .map_err(internal)?
                .unwrap_or_default(),
        });
    }
    // Staff already rated everyone waiting: nobody drops out here because
    // the pass mark moved since.
    let rules = RankingRules {
        bands: Bands {
            pass_mark: i64::MIN,
            ..rules.bands
        },
        ..rules
    };
    let ranked = ranking::rank(&rules, &waiting);
    let referred = ranking::referral_list(&rules, &ranked);
    if referred.is_empty() {
        return Err(AppError::Conflict(
            "Nobody is waiting to be referred: rate the assessed applicants first.".into(),
        ));
    }
    let public_id = hex::encode(rand::random::<[u8; 16]>());
    let now = clock::to_text(clock::now());
    let certificate_id: i64 = sqlx::query_scalar(
        "INSERT INTO certificates (public_id, opening_id, method, issued_at, issued_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&public_id)
    .bind(opening_id)
    .bind(opening.method.as_str())
    .bind(&now)
    .bind(user.user.id)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal)?;
    let name = name_of(&mut tx, opening_id, certificate_id)
        .await
        .map_err(internal)?;
    let note = format!("On {name}");
    for (position, entry) in referred.iter().enumerate() {
        let preference = waiting
            .iter()
            .find(|a| a.id == entry.id)
            .map_or(VeteransPreference::None, |a| a.preference);
        let category = match opening.method {
            HiringMethod::DirectHire => None,
            _ => entry.category.or(Some(Category::Qualified)),
        };
        sqlx::query(
            "INSERT INTO certificate_entries
                (certificate_id, position, application_id, category, rating, preference, floated)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(certificate_id)
        .bind(i64::try_from(position + 1).unwrap_or(i64::MAX))
        .bind(entry.id)
        .bind(category.map(Category::as_str))
        .bind(entry.rating)
        .bind(preference.as_str())
        .bind(i64::from(entry.floated))
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        let application = db::find_by_id(&mut tx, entry.id)
            .await
            .map_err(internal)?
            .ok_or_else(|| internal("a ranked application vanished"))?;
        move_one(
            &mut tx,
            &state,
            &user,
            &application,
            ApplicationEvent::Refer,
            Some(&note),
        )
        .await?;
    }
    // Qualified applicants left off hear that they were not referred (the
    // federal touchpoint); a later list may still refer them.
    let left_off = format!("Not on {name}");
    for applicant in &waiting {
        if referred.iter().any(|r| r.id == applicant.id) {
            continue;
        }
        let application = db::find_by_id(&mut tx, applicant.id)
            .await
            .map_err(internal)?
            .ok_or_else(|| internal("a ranked application vanished"))?;
        if application.status == ApplicationStatus::Qualified {
            move_one(
                &mut tx,
                &state,
                &user,
                &application,
                ApplicationEvent::NotRefer,
                Some(&left_off),
            )
            .await?;
        }
    }
    rerank(&mut tx, opening_id).await?;
    let detail = format!(
        r#"{{"opening":{opening_id},"referred":{}}}"#,
        referred.len()
    );
    audit_success(
        &mut tx,
        &user,
        "certificate.issue",
        &format!("certificate:{public_id}"),
        Some(&detail),
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/manage/certificates/{public_id}"));
    Ok(())
}

/// A certificate's frame, if `reader` may see it (staff, or a hiring
/// manager assigned to its opening): (id, opening id, method, issued at,
/// issued by).
async fn head(
    conn: &mut AnyConnection,
    reader: &CurrentUser,
    public_id: &str,
) -> Result<Option<(i64, i64, HiringMethod, String, String)>, sqlx::Error> {
    let Some(head) = sqlx::query(
        "SELECT c.id, c.opening_id, c.method, c.issued_at, u.name AS issued_by
         FROM certificates c JOIN users u ON u.id = c.issued_by WHERE c.public_id = $1",
    )
    .bind(public_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = head.try_get("id")?;
    let opening_id: i64 = head.try_get("opening_id")?;
    let allowed = reader.user.role == Role::Staff
        || (reader.user.role == Role::HiringManager
            && db::manages_opening(conn, reader.user.id, opening_id).await?);
    if !allowed {
        return Ok(None);
    }
    let method: HiringMethod = head
        .try_get::<String, _>("method")?
        .parse()
        .map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    Ok(Some((
        id,
        opening_id,
        method,
        head.try_get("issued_at")?,
        head.try_get("issued_by")?,
    )))
}

/// A certificate's entries in order (bind the certificate's id).
const ENTRIES: &str =
    "SELECT e.position, e.category, e.rating, e.preference, e.floated, a.id AS application_id,
        a.public_id, a.status, u.name, g.name AS taken_by
     FROM certificate_entries e JOIN applications a ON a.id = e.application_id
     JOIN users u ON u.id = a.candidate_id LEFT JOIN agencies g ON g.id = a.taken_by
     WHERE e.certificate_id = $1 ORDER BY e.position";

fn entry_of(row: &AnyRow) -> Result<CertificateEntry, sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    Ok(CertificateEntry {
        position: row.try_get("position")?,
        application: row.try_get("public_id")?,
        number: format!("TF-{:06}", row.try_get::<i64, _>("application_id")?),
        name: row.try_get("name")?,
        category: row
            .try_get::<Option<String>, _>("category")?
            .map(|c| c.parse())
            .transpose()
            .map_err(decode)?,
        rating: row.try_get("rating")?,
        preference: row
            .try_get::<String, _>("preference")?
            .parse()
            .map_err(decode)?,
        floated: row.try_get::<i64, _>("floated")? == 1,
        status: row
            .try_get::<String, _>("status")?
            .parse()
            .map_err(decode)?,
        taken_by: row.try_get("taken_by")?,
    })
}

/// A certificate with its entries, if `reader` may see it.
async fn load(
    conn: &mut AnyConnection,
    reader: &CurrentUser,
    public_id: &str,
) -> Result<Option<CertificateView>, sqlx::Error> {
    let Some((id, opening_id, method, issued_at, issued_by)) =
        head(conn, reader, public_id).await?
    else {
        return Ok(None);
    };
    let Some(opening) = find_opening_row(conn, opening_id).await? else {
        return Ok(None);
    };
    let entries = sqlx::query(ENTRIES)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(entry_of)
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(CertificateView {
        public_id: public_id.to_owned(),
        name: name_of(conn, opening_id, id).await?,
        opening_id,
        opening_title: opening.title,
        method: method.label().to_owned(),
        issued_at,
        issued_by,
        pooled: opening.pooled,
        entries,
    }))
}

pub async fn view(public_id: &str) -> Result<CertificateView, AppError> {
    let user = require_team().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    load(&mut conn, &user, public_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

/// A cell as text a spreadsheet will not run: text that starts like a
/// formula gets a leading apostrophe.
pub(crate) fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A certificate's CSV as it is written: the file's name, and its bytes in
/// chunks of about [`CSV_CHUNK`] (an error ends the file early).
pub struct CsvExport {
    pub filename: String,
    pub chunks: tokio::sync::mpsc::Receiver<Result<Vec<u8>, String>>,
}

/// Bytes written before a chunk is handed to the client.
pub const CSV_CHUNK: usize = 16 * 1024;

/// Chunks written ahead of the client: with [`CSV_CHUNK`], the most a
/// download holds in memory, however long the list.
const CSV_CHUNKS_AHEAD: usize = 4;

/// How long the writer waits for a client to take the next chunk before it
/// gives up (and lets the database connection go).
const CSV_CLIENT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// The CSV file of a certificate, if `reader` may see it: rows are read
/// from the database and written to the client as they go, so a list of
/// 50,000 takes no more memory than one of 50.
pub async fn csv_export(
    state: &AppState,
    reader: &CurrentUser,
    public_id: &str,
) -> Result<Option<CsvExport>, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    let Some((id, opening_id, ..)) = head(&mut conn, reader, public_id).await? else {
        return Ok(None);
    };
    let name = name_of(&mut conn, opening_id, id).await?;
    drop(conn);
    let filename = format!(
        "{}-opening-{opening_id}.csv",
        name.to_lowercase().replace(' ', "-"),
    );
    let (sender, chunks) = tokio::sync::mpsc::channel(CSV_CHUNKS_AHEAD);
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(error) = write_csv(&db, id, &sender).await {
            tracing::error!(%error, certificate = id, "certificate CSV");
            let _ = sender.send(Err(error.to_string())).await;
        }
    });
    Ok(Some(CsvExport { filename, chunks }))
}

/// Writes certificate `id`'s rows into `sender`, a chunk at a time; stops
/// quietly when the client has gone.
async fn write_csv(
    db: &crate::server::db::Db,
    id: i64,
    sender: &tokio::sync::mpsc::Sender<Result<Vec<u8>, String>>,
) -> Result<(), sqlx::Error> {
    use futures_util::TryStreamExt as _;

    let io = |e: csv::Error| sqlx::Error::Protocol(e.to_string());
    let mut out = csv::Writer::from_writer(Vec::with_capacity(CSV_CHUNK + 1024));
    out.write_record([
        "Position",
        "Application",
        "Name",
        "Category",
        "Rating",
        "Veterans preference",
        "Moved to the top (CP/CPS)",
        "Status now",
        "Selected by agency",
    ])
    .map_err(io)?;
    let mut conn = db.pool().acquire().await?;
    let mut rows = sqlx::query(ENTRIES).bind(id).fetch(&mut *conn);
    let mut ended = false;
    while !ended {
        let row = rows.try_next().await?;
        ended = row.is_none();
        if let Some(row) = row {
            let e = entry_of(&row)?;
            out.write_record([
                e.position.to_string(),
                e.number,
                cell(&e.name),
                e.category.map(Category::label).unwrap_or("").to_owned(),
                e.rating.to_string(),
                e.preference.as_str().to_uppercase(),
                if e.floated { "yes" } else { "no" }.to_owned(),
                e.status.label().to_owned(),
                cell(e.taken_by.as_deref().unwrap_or("")),
            ])
            .map_err(io)?;
        }
        out.flush()
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        if out.get_ref().len() >= CSV_CHUNK || (ended && !out.get_ref().is_empty()) {
            let full = std::mem::replace(
                &mut out,
                csv::Writer::from_writer(Vec::with_capacity(CSV_CHUNK + 1024)),
            );
            let chunk = full
                .into_inner()
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            match tokio::time::timeout(CSV_CLIENT_PATIENCE, sender.send(Ok(chunk))).await {
                Ok(Ok(())) => {}
                // Gone, or not reading: stop, and free the connection.
                Ok(Err(_)) | Err(_) => return Ok(()),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("Pat O'Neil"), "Pat O'Neil");
    }
}
