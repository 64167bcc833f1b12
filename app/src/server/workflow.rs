//! The one way an application changes status: the transition table says
//! whether the move is allowed for this actor, the update is conditional on
//! the version the actor saw (a change that raced another fails instead of
//! overwriting it), the move is appended to the history and the audit log,
//! and the candidate's notice is queued — all in the caller's transaction.

use sqlx::AnyConnection;

use crate::domain::application::{Actor, ApplicationEvent, ApplicationStatus, transition};
use crate::error::AppError;
use crate::server::db::applications::{Application, move_status};
use crate::server::db::audit::{AuditEvent, Outcome, insert_audit_event};
use crate::server::db::outbox::enqueue;
use crate::server::db::users::find_user;
use crate::server::mail::{self, Mail};

/// Why a move did not happen.
#[derive(Debug)]
pub enum MoveError {
    /// The table does not allow it (the message says why).
    NotAllowed(String),
    /// Someone else changed the application since it was read.
    Changed,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for MoveError {
    fn from(error: sqlx::Error) -> Self {
        MoveError::Database(error)
    }
}

/// What a person is told when a move raced another.
pub const CHANGED_BY_SOMEONE_ELSE: &str = "This application was changed by someone else while you were looking at it. Reload the page to see where it is now.";

impl From<MoveError> for AppError {
    fn from(error: MoveError) -> Self {
        match error {
            MoveError::NotAllowed(message) => AppError::Conflict(message),
            MoveError::Changed => AppError::Conflict(CHANGED_BY_SOMEONE_ELSE.into()),
            MoveError::Database(error) => crate::server::request::internal(error),
        }
    }
}

/// Who is moving an application, and why.
#[derive(Clone, Copy, Debug)]
pub struct Mover<'a> {
    pub actor: Actor,
    /// The person, where a person does it.
    pub user_id: Option<i64>,
    pub note: Option<&'a str>,
}

impl<'a> Mover<'a> {
    pub fn system(note: Option<&'a str>) -> Self {
        Mover {
            actor: Actor::System,
            user_id: None,
            note,
        }
    }
}

/// Moves `application` (as read, at its version) by `event`; returns it
/// as it now is. `public_url` builds the link in the candidate's notice.
pub async fn advance(
    conn: &mut AnyConnection,
    public_url: &str,
    application: &Application,
    event: ApplicationEvent,
    mover: Mover<'_>,
) -> Result<Application, MoveError> {
    let to = transition(application.status, event, mover.actor).map_err(MoveError::NotAllowed)?;
    if !move_status(
        conn,
        application.id,
        application.status,
        application.version,
        to,
        mover.actor,
        mover.user_id,
        mover.note,
    )
    .await?
    {
        return Err(MoveError::Changed);
    }
    let subject = format!("application:{}", application.number());
    let detail = format!(
        r#"{{"event":"{}","from":"{}","to":"{}","actor":"{}"}}"#,
        event.as_str(),
        application.status.as_str(),
        to.as_str(),
        mover.actor.as_str()
    );
    insert_audit_event(
        conn,
        &AuditEvent {
            actor_id: mover.user_id,
            actor_email: None,
            action: "application.move",
            subject: Some(&subject),
            outcome: Outcome::Success,
            remote_addr: None,
            detail: Some(&detail),
        },
    )
    .await?;
    if let Some(candidate) = find_user(conn, application.candidate_id).await? {
        let link = format!("{public_url}/applications/{}", application.public_id);
        if let Some(notice) = notice(
            application,
            to,
            mover.note,
            &candidate.email,
            &candidate.name,
            &link,
        ) {
            enqueue(conn, &notice).await?;
        }
    }
    let mut moved = application.clone();
    moved.status = to;
    moved.version += 1;
    Ok(moved)
}

/// The candidate's email for a move, at the federal touchpoints and every
/// decision after them; none for saving a draft or starting a sitting.
fn notice(
    application: &Application,
    to: ApplicationStatus,
    note: Option<&str>,
    email: &crate::domain::account::Email,
    name: &str,
    link: &str,
) -> Option<Mail> {
    let number = application.number();
    let title = &application.opening_title;
    Some(match to {
        ApplicationStatus::Draft | ApplicationStatus::AssessmentPending => return None,
        ApplicationStatus::Withdrawn if application.status == ApplicationStatus::Draft => {
            return None;
        }
        ApplicationStatus::Submitted => {
            mail::application_received(email, name, &number, title, link)
        }
        ApplicationStatus::ScreenedOut => mail::application_screened_out(
            email,
            name,
            &number,
            title,
            note.unwrap_or("an eligibility answer"),
            link,
        ),
        ApplicationStatus::AssessmentCompleted => {
            mail::assessment_completed(email, name, &number, title, link)
        }
        ApplicationStatus::Withdrawn => mail::application_withdrawn(email, name, &number, title),
        status => mail::application_status_changed(
            email,
            name,
            &number,
            title,
            status.label(),
            status.next_step(),
            link,
        ),
    })
}
