//! What a server function knows about the request it is answering, and how
//! it answers with an error.

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

/// Whether a browser posted a plain HTML form (JavaScript off): such a
/// request is answered with a redirect back to the form, carrying the error.
pub fn is_plain_form_post() -> bool {
    parts()
        .and_then(|p| p.headers.get(http::header::ACCEPT).cloned())
        .and_then(|v| v.to_str().ok().map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// Logs an internal failure with a fresh reference and returns the error
/// people see (the reference only).
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(reference, error = %cause, "internal error");
    AppError::Internal(reference)
}

/// Whether this request is a call to a server function (rather than a page
/// whose rendering calls server functions in-process).
fn is_server_function_call() -> bool {
    parts().is_some_and(|p| p.uri.path().starts_with("/api/"))
}

/// Finishes a server function: an error gets its HTTP status (and
/// `Retry-After` when throttled). A plain form post keeps the redirect back
/// to its form instead, where the error is shown; and a page that calls a
/// server function while rendering decides its own status.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && is_server_function_call()
        && !is_plain_form_post()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        if let Ok(status) = http::StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
        if let AppError::TooManyAttempts {
            retry_after_secs, ..
        } = error
        {
            response.insert_header(http::header::RETRY_AFTER, (*retry_after_secs).into());
        }
    }
    result
}
