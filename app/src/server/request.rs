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
/// people see (the reference only).
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(reference, error = %cause, "internal error");
    AppError::Internal(reference)
}
