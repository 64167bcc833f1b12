//! What a server function knows about the request it is answering.
//! (The HTTP status of a failed server function is set in one place, the
//! server's `http::errors` layer, from the `AppError` it returned.)

use axum::extract::ConnectInfo;
use http::request::Parts;
use leptos::prelude::*;

use crate::error::AppError;
use crate::server::state::AppState;

/// The application state (provided to every page and server function).
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("the application state is missing"))
}

/// The request's head.
pub fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The client's address, as the socket saw it.
pub fn client_addr() -> Option<String> {
    parts()?
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

/// The request's `User-Agent`, shortened for display.
pub fn user_agent() -> Option<String> {
    let parts = parts()?;
    let agent = parts.headers.get(http::header::USER_AGENT)?.to_str().ok()?;
    Some(agent.chars().take(200).collect())
}

/// Records in the audit log that `actor` did `action` to `subject`, from
/// this request's address, in the caller's transaction.
pub async fn audit_success(
    conn: &mut sqlx::AnyConnection,
    actor: &crate::server::auth::guard::CurrentUser,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<(), AppError> {
    use crate::server::db::audit::{AuditEvent, Outcome, insert_audit_event};
    insert_audit_event(
        conn,
        &AuditEvent {
            actor_id: Some(actor.user.id),
            actor_email: Some(actor.user.email.as_str()),
            action,
            subject: Some(subject),
            outcome: Outcome::Success,
            remote_addr: client_addr().as_deref(),
            detail,
        },
    )
    .await
    .map_err(internal)
}

/// Logs an internal failure with a fresh reference and returns the error
/// people see (the reference only). A database that cannot be reached
/// (down, restarting, out of connections) is not a fault in the request:
/// it answers 503 "briefly unavailable", and the portal recovers by itself
/// once the database is back.
pub fn internal<E: std::fmt::Display + 'static>(cause: E) -> AppError {
    if (&cause as &dyn std::any::Any)
        .downcast_ref::<sqlx::Error>()
        .is_some_and(database_unreachable)
    {
        tracing::warn!(error = %cause, "database unavailable");
        return AppError::Unavailable;
    }
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(reference, error = %cause, "internal error");
    AppError::Internal(reference)
}

/// Whether a database error means the database could not be reached, as
/// opposed to a query that failed.
pub fn database_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        // PostgreSQL shutting down or starting (57P01-57P03), or a broken
        // connection (class 08).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("57P0") || code.starts_with("08")),
        _ => false,
    }
}
