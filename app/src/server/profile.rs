//! Candidate profiles: the legal name, the citizenship statement, and the
//! veterans' preference and résumé that every new application starts from.
//! Only the candidate reads or changes their own profile; staff and hiring
//! managers see what an application carries, never the profile itself.

use sqlx::{AnyConnection, Row as _};

use crate::api::applications::ResumeInfo;
use crate::api::profile::CandidateProfile;
use crate::domain::account::Role;
use crate::domain::application::VeteransPreference;
use crate::domain::profile::ProfileForm;
use crate::error::AppError;
use crate::server::accounts::audit_self;
use crate::server::applications::{
    AttachError, check_upload, describe_document, require_candidate,
};
use crate::server::auth::guard::CurrentUser;
use crate::server::clock;
use crate::server::db::audit::Outcome;
use crate::server::documents::{find_document_content, find_document_info, store_document};
use crate::server::request::{internal, state};
use crate::server::state::AppState;

/// A profile as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredProfile {
    pub legal_name: String,
    pub citizen_attested_at: Option<String>,
    pub veterans_preference: VeteransPreference,
    pub resume_id: Option<i64>,
}

/// The candidate's profile; an empty one if they never saved it.
pub async fn find_profile(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<StoredProfile, sqlx::Error> {
    let row = sqlx::query(
        "SELECT legal_name, citizen_attested_at, veterans_preference, resume_id
         FROM candidate_profiles WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(StoredProfile::default());
    };
    Ok(StoredProfile {
        legal_name: row.try_get("legal_name")?,
        citizen_attested_at: row.try_get("citizen_attested_at")?,
        veterans_preference: row
            .try_get::<String, _>("veterans_preference")?
            .parse()
            .map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        resume_id: row.try_get("resume_id")?,
    })
}

/// Saves the profile's statements; the date of a citizenship statement
/// stays the date it was first made, until it is withdrawn.
async fn upsert_profile(
    conn: &mut AnyConnection,
    user_id: i64,
    form: &ProfileForm,
) -> Result<(), sqlx::Error> {
    let now = clock::to_text(clock::now());
    sqlx::query(
        "INSERT INTO candidate_profiles (user_id, legal_name, citizen_attested_at, veterans_preference, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET
             legal_name = excluded.legal_name,
             citizen_attested_at = CASE WHEN excluded.citizen_attested_at IS NULL THEN NULL
                 ELSE COALESCE(candidate_profiles.citizen_attested_at, excluded.citizen_attested_at) END,
             veterans_preference = excluded.veterans_preference,
             updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(&form.legal_name)
    .bind(form.citizen.then(|| now.clone()))
    .bind(form.veterans_preference.as_str())
    .bind(&now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn set_profile_resume(
    conn: &mut AnyConnection,
    user_id: i64,
    resume_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO candidate_profiles (user_id, resume_id, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET resume_id = excluded.resume_id,
             updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(resume_id)
    .bind(clock::to_text(clock::now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where a candidate downloads their profile résumé.
pub const PROFILE_RESUME_HREF: &str = "/account/resume";

/// The signed-in candidate's profile; `None` for staff and hiring
/// managers, who have none.
pub async fn my_profile() -> Result<Option<CandidateProfile>, AppError> {
    let state = state()?;
    let current = crate::server::auth::guard::require_user().await?;
    if current.user.role != Role::Candidate {
        return Ok(None);
    }
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let stored = find_profile(&mut conn, current.user.id)
        .await
        .map_err(internal)?;
    let resume = match stored.resume_id {
        Some(id) => describe_document(&mut conn, id, PROFILE_RESUME_HREF.to_owned()).await?,
        None => None,
    };
    Ok(Some(CandidateProfile {
        legal_name: stored.legal_name,
        citizen_since: stored
            .citizen_attested_at
            .as_deref()
            .map(|at| at.get(..10).unwrap_or(at).to_owned()),
        veterans_preference: stored.veterans_preference,
        resume,
        resume_max_mb: state.uploads.max_bytes / (1024 * 1024),
        resume_max_pages: state.uploads.max_pdf_pages,
    }))
}

pub async fn save_profile(
    legal_name: &str,
    citizen: Option<&str>,
    veterans_preference: &str,
) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let form =
        ProfileForm::parse(legal_name, citizen, veterans_preference).map_err(AppError::fields)?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    upsert_profile(&mut tx, candidate.user.id, &form)
        .await
        .map_err(internal)?;
    let detail = serde_json::json!({
        "citizen": form.citizen,
        "veterans_preference": form.veterans_preference.as_str(),
    })
    .to_string();
    audit_self(
        &mut tx,
        &candidate.user,
        "profile.update",
        Outcome::Success,
        Some(&detail),
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/account?profile=1#profile");
    Ok(())
}

/// Takes the default résumé off the profile (applications that carry it
/// keep it).
pub async fn remove_profile_resume() -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    set_profile_resume(&mut tx, candidate.user.id, None)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/account?resume=removed#profile");
    Ok(())
}

/// Checks an uploaded résumé and makes it the profile's default. For the
/// upload handler, which has no server-function context.
pub async fn attach_profile_resume(
    state: &AppState,
    candidate: &CurrentUser,
    filename: String,
    bytes: Vec<u8>,
) -> Result<(), AttachError> {
    if candidate.user.role != Role::Candidate {
        return Err(AppError::Forbidden.into());
    }
    let (checked, bytes) = check_upload(state, filename, bytes).await?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let document = store_document(&mut tx, candidate.user.id, &checked, &bytes)
        .await
        .map_err(internal)?;
    set_profile_resume(&mut tx, candidate.user.id, Some(document))
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(())
}

/// The candidate's own profile résumé: (file name, media type, bytes).
pub async fn profile_resume_for_download(
    state: &AppState,
    reader: &CurrentUser,
) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    if reader.user.role != Role::Candidate {
        return Ok(None);
    }
    let mut conn = state.db.pool().acquire().await?;
    let Some(id) = find_profile(&mut conn, reader.user.id).await?.resume_id else {
        return Ok(None);
    };
    let (Some(info), Some(content)) = (
        find_document_info(&mut conn, id).await?,
        find_document_content(&mut conn, id).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some((info.filename, info.media_type, content)))
}

/// The profile's résumé, described with a download link, for a page.
pub async fn profile_resume_info(
    conn: &mut AnyConnection,
    stored: &StoredProfile,
) -> Result<Option<(i64, ResumeInfo)>, AppError> {
    let Some(id) = stored.resume_id else {
        return Ok(None);
    };
    Ok(describe_document(conn, id, PROFILE_RESUME_HREF.to_owned())
        .await?
        .map(|info| (id, info)))
}
