//! The work behind applying and following applications. Every function
//! is for a signed-in candidate and touches only that candidate's
//! applications (the candidate is in every query).

use std::collections::HashMap;

use crate::api::applications::{
    ApplicationDetail, ApplicationSummary, ApplyPage, ApplyQuestion, ResumeInfo, StatusChange,
};
use crate::domain::account::Role;
use crate::domain::application::{
    Actor, Answer, ApplicationEvent, ApplicationStatus, VeteransPreference, allowed_for,
    check_answers, knocked_out_by, parse_cover_letter,
};
use crate::domain::opening::{OpeningStatus, Question, closing_in_words};
use crate::error::AppError;
use crate::server::auth::guard::{CurrentUser, refuse, require_user};
use crate::server::clock;
use crate::server::db::applications::{self as db, Application};
use crate::server::db::audit::{self, AuditEvent, Outcome};
use crate::server::db::openings::{Opening, find_public_opening, list_questions};
use crate::server::documents::{
    CheckedDocument, PDF, UploadProblem, check_resume, find_document_content, find_document_info,
    store_document,
};
use crate::server::profile::{find_profile, profile_resume_info};
use crate::server::request::{internal, state};
use crate::server::state::AppState;
use crate::server::workflow::{MoveError, Mover, advance};

/// The signed-in candidate. Staff and hiring managers do not apply with
/// their work accounts: they are refused (and the refusal audited).
pub(crate) async fn require_candidate() -> Result<CurrentUser, AppError> {
    let current = require_user().await?;
    if current.user.role == Role::Candidate {
        return Ok(current);
    }
    Err(refuse(None, &current, r#"{"needed":"candidate"}"#).await)
}

/// Whether an opening takes applications now (server time).
fn accepting(opening: &Opening) -> bool {
    let now = clock::to_text(clock::now());
    opening.status == OpeningStatus::Published
        && opening
            .opens_at
            .as_deref()
            .is_some_and(|at| at <= now.as_str())
        && opening
            .closes_at
            .as_deref()
            .is_some_and(|at| at > now.as_str())
}

async fn public_opening(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Opening, AppError> {
    find_public_opening(conn, id, &clock::to_text(clock::now()))
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

async fn questions_of(
    conn: &mut sqlx::AnyConnection,
    opening_id: i64,
) -> Result<Vec<(i64, Question)>, AppError> {
    Ok(list_questions(conn, opening_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|q| (q.id, q.question))
        .collect())
}

const CLOSED: &str = "This opening has closed: applications are no longer accepted.";

/// The résumé attached to an application, described.
pub(crate) async fn resume_info(
    conn: &mut sqlx::AnyConnection,
    application: &Application,
) -> Result<Option<ResumeInfo>, AppError> {
    let Some(id) = application.resume_id else {
        return Ok(None);
    };
    describe_document(
        conn,
        id,
        format!("/applications/{}/resume", application.public_id),
    )
    .await
}

/// A stored résumé described for a page ("PDF, 2 pages, 84 KB"), with the
/// address it is downloaded from.
pub(crate) async fn describe_document(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    href: String,
) -> Result<Option<ResumeInfo>, AppError> {
    let Some(info) = find_document_info(conn, id).await.map_err(internal)? else {
        return Ok(None);
    };
    let kind = if info.media_type == PDF {
        "PDF"
    } else {
        "Word document"
    };
    let pages = info
        .pages
        .map(|p| format!(", {p} page{}", if p == 1 { "" } else { "s" }))
        .unwrap_or_default();
    Ok(Some(ResumeInfo {
        filename: info.filename,
        description: format!("{kind}{pages}, {} KB", (info.size + 1023) / 1024),
        href,
    }))
}

/// Why an upload could not be attached.
#[derive(Debug)]
pub enum AttachError {
    Upload(UploadProblem),
    App(AppError),
}

impl From<AppError> for AttachError {
    fn from(error: AppError) -> Self {
        AttachError::App(error)
    }
}

/// Checks an uploaded résumé against the configured limits, off the async
/// executor (parsing a PDF is CPU work).
pub(crate) async fn check_upload(
    state: &AppState,
    filename: String,
    bytes: Vec<u8>,
) -> Result<(CheckedDocument, Vec<u8>), AttachError> {
    let limits = state.uploads;
    let (checked, bytes) = tokio::task::spawn_blocking(move || {
        let checked = check_resume(&filename, &bytes, limits);
        (checked, bytes)
    })
    .await
    .map_err(internal)?;
    Ok((checked.map_err(AttachError::Upload)?, bytes))
}

/// Checks an uploaded résumé and attaches it to the candidate's draft for
/// an opening (starting the draft if needed). For the upload handler,
/// which has no server-function context.
pub async fn attach_resume(
    state: &AppState,
    candidate: &CurrentUser,
    opening_id: i64,
    filename: String,
    bytes: Vec<u8>,
) -> Result<(), AttachError> {
    if candidate.user.role != Role::Candidate {
        return Err(AppError::Forbidden.into());
    }
    let (checked, bytes) = check_upload(state, filename, bytes).await?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let opening = public_opening(&mut tx, opening_id).await?;
    let application = open_draft(&mut tx, &opening, candidate).await?;
    let document = store_document(&mut tx, candidate.user.id, &checked, &bytes)
        .await
        .map_err(internal)?;
    db::set_resume(&mut tx, application.id, document)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(())
}

/// A résumé to send: (file name, media type, bytes), if `reader` may read
/// the application: its candidate, staff, or a hiring manager assigned to
/// its opening. Every download is audited. `None` for anyone else, as for
/// an application that does not exist.
pub async fn resume_for_download(
    state: &AppState,
    reader: &CurrentUser,
    public_id: &str,
    remote_addr: Option<&str>,
) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(application) = db::find_by_public_id(&mut conn, public_id).await? else {
        return Ok(None);
    };
    let allowed = match reader.user.role {
        Role::Candidate => application.candidate_id == reader.user.id,
        Role::Staff => true,
        Role::HiringManager => {
            application.status != ApplicationStatus::Draft
                && db::manages_opening(&mut conn, reader.user.id, application.opening_id).await?
        }
    };
    let subject = format!("application:{}", application.number());
    audit::record_beside(
        &state.db,
        &mut conn,
        &AuditEvent {
            actor_id: Some(reader.user.id),
            actor_email: Some(reader.user.email.as_str()),
            action: "resume.download",
            subject: Some(&subject),
            outcome: if allowed {
                Outcome::Success
            } else {
                Outcome::Denied
            },
            remote_addr,
            detail: None,
        },
    )
    .await?;
    let (true, Some(resume_id)) = (allowed, application.resume_id) else {
        return Ok(None);
    };
    let Some(info) = find_document_info(&mut conn, resume_id).await? else {
        return Ok(None);
    };
    let Some(content) = find_document_content(&mut conn, resume_id).await? else {
        return Ok(None);
    };
    Ok(Some((info.filename, info.media_type, content)))
}

pub async fn apply_state(opening_id: i64) -> Result<ApplyPage, AppError> {
    let current = require_candidate().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let opening = public_opening(&mut conn, opening_id).await?;
    let questions = questions_of(&mut conn, opening_id).await?;
    let application = db::find_for_opening(&mut conn, opening_id, current.user.id)
        .await
        .map_err(internal)?;
    let answers = match &application {
        Some(a) => db::list_answers(&mut conn, a.id).await.map_err(internal)?,
        None => Vec::new(),
    };
    let resume = match &application {
        Some(a) => resume_info(&mut conn, a).await?,
        None => None,
    };
    let profile = find_profile(&mut conn, current.user.id)
        .await
        .map_err(internal)?;
    // The profile's résumé is offered when the draft carries another one
    // (or none).
    let profile_resume = profile_resume_info(&mut conn, &profile)
        .await?
        .filter(|(id, _)| application.as_ref().and_then(|a| a.resume_id) != Some(*id))
        .map(|(_, info)| info);
    let open = accepting(&opening);
    let closing = if open {
        opening
            .fields
            .closes_on
            .map(|day| {
                let today = crate::server::db::openings::eastern_day(clock::now());
                let to_date = |d: crate::domain::opening::Day| {
                    time::Date::from_calendar_date(
                        d.year,
                        time::Month::try_from(d.month).unwrap_or(time::Month::January),
                        d.day,
                    )
                    .ok()
                };
                match (to_date(day), to_date(today)) {
                    (Some(c), Some(t)) => closing_in_words((c - t).whole_days()),
                    _ => String::new(),
                }
            })
            .unwrap_or_default()
    } else {
        "Closed".to_owned()
    };
    Ok(ApplyPage {
        opening_id,
        title: opening.fields.title.clone(),
        closing,
        open,
        verified: current.user.verified,
        questions: questions
            .into_iter()
            .map(|(id, q)| ApplyQuestion {
                id,
                kind: q.kind,
                prompt: q.prompt,
                choices: q.choices,
                answer: answers
                    .iter()
                    .find(|a| a.question_id == id)
                    .map(|a| a.answer.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        veterans_preference: application
            .as_ref()
            .map(|a| a.veterans_preference)
            .unwrap_or_default(),
        attested: application
            .as_ref()
            .is_some_and(|a| a.attested_at.is_some()),
        status: application.as_ref().map(|a| a.status),
        cover_letter: application
            .as_ref()
            .and_then(|a| a.cover_letter.clone())
            .unwrap_or_default(),
        public_id: application.map(|a| a.public_id),
        resume,
        profile_resume,
        legal_name: profile.legal_name,
        citizen: profile.citizen_attested_at.is_some(),
        resume_max_mb: state.uploads.max_bytes / (1024 * 1024),
        resume_max_pages: state.uploads.max_pdf_pages,
    })
}

/// The candidate's draft for an opening that is accepting applications,
/// started if there is none yet.
async fn open_draft(
    conn: &mut sqlx::AnyConnection,
    opening: &Opening,
    candidate: &CurrentUser,
) -> Result<Application, AppError> {
    if !accepting(opening) {
        return Err(AppError::Conflict(CLOSED.into()));
    }
    let existing = db::find_for_opening(conn, opening.id, candidate.user.id)
        .await
        .map_err(internal)?;
    let application = match existing {
        Some(application) => application,
        None => {
            let public_id = hex::encode(rand::random::<[u8; 16]>());
            let started = db::insert_draft(conn, opening.id, candidate.user.id, &public_id)
                .await
                .map_err(internal)?;
            if let Some(id) = started {
                // A new draft starts from the profile's defaults.
                let profile = find_profile(conn, candidate.user.id)
                    .await
                    .map_err(internal)?;
                db::start_from_profile(conn, id, profile.veterans_preference, profile.resume_id)
                    .await
                    .map_err(internal)?;
            }
            db::find_for_opening(conn, opening.id, candidate.user.id)
                .await
                .map_err(internal)?
                .ok_or_else(|| internal("a new draft is missing"))?
        }
    };
    if application.status != ApplicationStatus::Draft {
        return Err(AppError::Conflict(
            "You have already applied for this opening: see it under “Your applications”.".into(),
        ));
    }
    Ok(application)
}

pub async fn save_answers(opening_id: i64, given: HashMap<String, String>) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let opening = public_opening(&mut tx, opening_id).await?;
    let application = open_draft(&mut tx, &opening, &candidate).await?;
    let questions = questions_of(&mut tx, opening_id).await?;
    let given: Vec<Answer> = given
        .into_iter()
        .filter_map(|(key, answer)| {
            let question_id = key.strip_prefix('q')?.parse().ok()?;
            Some(Answer {
                question_id,
                answer,
            })
        })
        .collect();
    let answers = check_answers(&questions, &given, true).map_err(AppError::fields)?;
    db::replace_answers(&mut tx, application.id, &answers)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/jobs/{opening_id}/apply?step=resume"));
    Ok(())
}

pub async fn save_cover_letter(opening_id: i64, text: &str) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let letter = parse_cover_letter(text).map_err(|e| AppError::field("cover_letter", e))?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let opening = public_opening(&mut tx, opening_id).await?;
    let application = open_draft(&mut tx, &opening, &candidate).await?;
    db::set_cover_letter(&mut tx, application.id, letter.as_deref())
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/jobs/{opening_id}/apply?step=declarations"));
    Ok(())
}

/// Attaches the profile's default résumé to the candidate's draft.
pub async fn use_profile_resume(opening_id: i64) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let Some(resume_id) = find_profile(&mut tx, candidate.user.id)
        .await
        .map_err(internal)?
        .resume_id
    else {
        return Err(AppError::Conflict(
            "Your profile has no résumé: upload one here instead.".into(),
        ));
    };
    let opening = public_opening(&mut tx, opening_id).await?;
    let application = open_draft(&mut tx, &opening, &candidate).await?;
    db::set_resume(&mut tx, application.id, resume_id)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/jobs/{opening_id}/apply?step=resume&uploaded=1"));
    Ok(())
}

pub async fn save_declarations(
    opening_id: i64,
    preference: &str,
    attested: bool,
) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let preference: VeteransPreference = preference
        .parse()
        .map_err(|e: String| AppError::field("veterans_preference", e))?;
    if !attested {
        return Err(AppError::field(
            "attest",
            "Confirm that what you tell us is true, complete and correct.",
        ));
    }
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let opening = public_opening(&mut tx, opening_id).await?;
    let application = open_draft(&mut tx, &opening, &candidate).await?;
    db::update_declarations(&mut tx, application.id, preference, attested)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/jobs/{opening_id}/apply?step=review"));
    Ok(())
}

pub async fn submit(opening_id: i64) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    if !candidate.user.verified {
        return Err(AppError::Conflict(
            "Confirm your email address before you submit: use the link we emailed you, or ask for a new one on your account page."
                .into(),
        ));
    }
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let opening = public_opening(&mut tx, opening_id).await?;
    let application = open_draft(&mut tx, &opening, &candidate).await?;
    let questions = questions_of(&mut tx, opening_id).await?;
    let answers = db::list_answers(&mut tx, application.id)
        .await
        .map_err(internal)?;
    // Everything again: the draft may predate a change, or skip a step.
    check_answers(&questions, &answers, true).map_err(|fields| AppError::Validation {
        message: "Answer every required question before you submit.".into(),
        fields,
    })?;
    if application.resume_id.is_none() {
        return Err(AppError::field(
            "resume",
            "Attach your résumé before you submit.",
        ));
    }
    if application.attested_at.is_none() {
        return Err(AppError::field(
            "attest",
            "Confirm your veterans’ preference and the attestation before you submit.",
        ));
    }
    let mover = Mover {
        actor: Actor::Candidate,
        user_id: Some(candidate.user.id),
        note: None,
    };
    let submitted = advance(
        &mut tx,
        &state.public_url,
        &application,
        ApplicationEvent::Submit,
        mover,
    )
    .await
    .map_err(|e| match e {
        MoveError::Changed => AppError::Conflict("This application was submitted already.".into()),
        e => e.into(),
    })?;
    // Knock-out answers screen the application out at once, with the reason.
    if let Some(reason) = knocked_out_by(&questions, &answers) {
        advance(
            &mut tx,
            &state.public_url,
            &submitted,
            ApplicationEvent::ScreenOut,
            Mover::system(Some(&reason)),
        )
        .await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!(
        "/applications/{}?submitted=1",
        application.public_id
    ));
    Ok(())
}

fn summary(application: &Application) -> ApplicationSummary {
    ApplicationSummary {
        public_id: application.public_id.clone(),
        number: application.number(),
        opening_id: application.opening_id,
        title: application.opening_title.clone(),
        status: application.status,
        updated: day_of(&application.updated_at),
    }
}

/// "2026-11-24" from a stored time.
fn day_of(stored: &str) -> String {
    stored.get(..10).unwrap_or(stored).to_owned()
}

pub async fn mine() -> Result<Vec<ApplicationSummary>, AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    Ok(db::list_for_candidate(&mut conn, candidate.user.id)
        .await
        .map_err(internal)?
        .iter()
        .map(summary)
        .collect())
}

pub async fn one(public_id: &str) -> Result<ApplicationDetail, AppError> {
    let candidate = require_candidate().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let application = db::find_owned(&mut conn, public_id, candidate.user.id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let questions = questions_of(&mut conn, application.opening_id).await?;
    let answers = db::list_answers(&mut conn, application.id)
        .await
        .map_err(internal)?;
    let history = db::list_history(&mut conn, application.id)
        .await
        .map_err(internal)?;
    let resume = resume_info(&mut conn, &application).await?;
    let has_assessment =
        matches!(
            application.status,
            ApplicationStatus::Submitted
                | ApplicationStatus::AssessmentPending
                | ApplicationStatus::AssessmentCompleted
        ) && crate::server::assessments::find_assessment(&mut conn, application.opening_id)
            .await
            .map_err(internal)?
            .is_some();
    Ok(ApplicationDetail {
        assessment_href: has_assessment.then(|| format!("/assessments/{}", application.public_id)),
        resume,
        cover_letter: application.cover_letter.clone(),
        summary: summary(&application),
        history: history
            .into_iter()
            .map(|h| StatusChange {
                on: day_of(&h.occurred_at),
                status: h.to_status,
                // The portal's own notes (a screening reason, a score) are
                // the candidate's; the hiring team's reasons are not.
                note: h
                    .note
                    .filter(|_| matches!(h.actor, Actor::System | Actor::Candidate)),
            })
            .collect(),
        answers: questions
            .iter()
            .filter_map(|(id, q)| {
                answers
                    .iter()
                    .find(|a| a.question_id == *id)
                    .map(|a| (q.prompt.clone(), a.answer.clone()))
            })
            .collect(),
        veterans_preference: application.veterans_preference,
        can_withdraw: allowed_for(application.status, Actor::Candidate)
            .contains(&ApplicationEvent::Withdraw),
        can_answer_offer: allowed_for(application.status, Actor::Candidate)
            .contains(&ApplicationEvent::AcceptOffer),
    })
}

pub async fn withdraw(public_id: &str, confirm: &str) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    if confirm != "yes" {
        return Err(AppError::field(
            "confirm",
            "Confirm that you want to withdraw this application.",
        ));
    }
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let application = db::find_owned(&mut tx, public_id, candidate.user.id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    advance(
        &mut tx,
        &state.public_url,
        &application,
        ApplicationEvent::Withdraw,
        Mover {
            actor: Actor::Candidate,
            user_id: Some(candidate.user.id),
            note: None,
        },
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/applications/{public_id}?withdrawn=1"));
    Ok(())
}

pub async fn answer_offer(public_id: &str, answer: &str) -> Result<(), AppError> {
    let candidate = require_candidate().await?;
    let event = match answer {
        "accept" => ApplicationEvent::AcceptOffer,
        "decline" => ApplicationEvent::DeclineOffer,
        _ => {
            return Err(AppError::field(
                "answer",
                "Choose whether you accept or decline the offer.",
            ));
        }
    };
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let application = db::find_owned(&mut tx, public_id, candidate.user.id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    advance(
        &mut tx,
        &state.public_url,
        &application,
        event,
        Mover {
            actor: Actor::Candidate,
            user_id: Some(candidate.user.id),
            note: None,
        },
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/applications/{public_id}?answered=1"));
    Ok(())
}
