//! The one guard every server function calls: who is signed in, and may
//! they do this. Deny by default.

use crate::domain::account::Role;
use crate::error::AppError;
use crate::server::db::audit;
use crate::server::db::users::User;
use crate::server::request::{client_addr, internal, parts, state};
use crate::server::state::AppState;

use super::session::find_session_user;

/// The signed-in account and its session token.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub token: String,
}

/// The session token in a request's cookies, if any.
fn token_in(state: &AppState, headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| state.sessions.token_from_cookie_header(header))
}

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    let state = state().ok()?;
    token_in(&state, &parts()?.headers)
}

/// The signed-in account of a plain HTTP handler's request (outside
/// server functions), if it has a live session.
pub async fn user_from_headers(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let Some(token) = token_in(state, headers) else {
        return Ok(None);
    };
    let user = find_session_user(&state.db, &state.sessions, &token).await?;
    Ok(user.map(|user| CurrentUser { user, token }))
}

/// The account a request is made by, looked up once per request: a page
/// runs several server functions, and each asks who is signed in. Given to
/// each request's context by the server.
#[derive(Clone, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The signed-in account, if the request has a live session.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = state()?;
    let Some(parts) = parts() else {
        return Ok(None);
    };
    let lookup = || async {
        user_from_headers(&state, &parts.headers)
            .await
            .map_err(internal)
    };
    match leptos::prelude::use_context::<RequestUser>() {
        Some(memo) => memo.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The signed-in account, or `Unauthenticated`.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in account if its role reaches `min`; otherwise
/// `Unauthenticated` or `Forbidden` (recorded in the audit log).
pub async fn require_role(min: Role) -> Result<CurrentUser, AppError> {
    let current = require_user().await?;
    if current.user.role >= min {
        return Ok(current);
    }
    let detail = serde_json::json!({ "needed": min.as_str(), "had": current.user.role.as_str() })
        .to_string();
    Err(refuse(None, &current, &detail).await)
}

/// Records that `user` was refused the address asked for, with `detail`
/// (JSON: what was needed), and gives the refusal: `Forbidden`, or the
/// failure to record it. `beside` is a reading connection the caller
/// holds, if any.
pub(crate) async fn refuse(
    beside: Option<&mut sqlx::AnyConnection>,
    user: &CurrentUser,
    detail: &str,
) -> AppError {
    let state = match state() {
        Ok(state) => state,
        Err(error) => return error,
    };
    let path = parts().map(|p| p.uri.path().to_owned());
    let addr = client_addr();
    match audit::refusal(
        &state.db,
        beside,
        &user.user,
        path.as_deref(),
        addr.as_deref(),
        detail,
    )
    .await
    {
        Ok(()) => AppError::Forbidden,
        Err(error) => internal(error),
    }
}
