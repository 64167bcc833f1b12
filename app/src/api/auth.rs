//! Signing in and out, and the signed-in account.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::account::Role;
use crate::error::AppError;

/// What a page may show about the signed-in account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub verified: bool,
}

/// One session of the signed-in account, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub handle: String,
    pub started: String,
    pub last_seen: String,
    pub device: String,
    pub address: String,
    pub current: bool,
}

/// Signs in with email and password, then goes to `next` (a path on this
/// site) or the account page.
#[server(endpoint = "sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{accounts, request::respond};
    respond(accounts::sign_in(&email, &password, next.as_deref()).await)
}

/// Ends the current session.
#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{accounts, request::respond};
    respond(accounts::sign_out().await)
}

/// The signed-in account, or `None`.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<AccountSummary>, AppError> {
    use crate::server::{accounts, request::respond};
    respond(accounts::whoami().await)
}

/// The signed-in account's sessions.
#[server(endpoint = "my-sessions")]
pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    use crate::server::{accounts, request::respond};
    respond(accounts::my_sessions().await)
}

/// Signs out one of the account's other sessions (by its handle), or all
/// of them with `handle = "all-others"`.
#[server(endpoint = "end-session")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    use crate::server::{accounts, request::respond};
    respond(accounts::end_session(&handle).await)
}
