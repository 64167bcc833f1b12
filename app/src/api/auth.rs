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
    pub phone: Option<String>,
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
    crate::server::accounts::sign_in(&email, &password, next.as_deref()).await
}

/// Ends the current session.
#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::accounts::sign_out().await
}

/// The signed-in account, or `None`.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<AccountSummary>, AppError> {
    crate::server::accounts::whoami().await
}

/// The signed-in account's sessions.
#[server(endpoint = "my-sessions")]
pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    crate::server::accounts::my_sessions().await
}

/// Signs out one of the account's other sessions (by its handle), or all
/// of them with `handle = "all-others"`.
#[server(endpoint = "end-session")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    crate::server::accounts::end_session(&handle).await
}

/// Creates a candidate account and emails a link to verify the address.
/// The answer is the same whether or not the address already has an
/// account (that person gets an email saying so instead).
#[server(endpoint = "sign-up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    crate::server::accounts::sign_up(&name, &email, &password).await
}

/// Uses a verification link.
#[server(endpoint = "verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    crate::server::accounts::verify_email(&token).await
}

/// Sends the signed-in account a new verification link.
#[server(endpoint = "resend-verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    crate::server::accounts::resend_verification().await
}

/// Emails a password-reset link if the address has an account; answers
/// the same either way.
#[server(endpoint = "forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    crate::server::accounts::forgot_password(&email).await
}

/// Whether a reset link is still good (for the reset page).
#[server(endpoint = "reset-link-valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    crate::server::accounts::reset_link_valid(&token).await
}

/// Sets a new password with a reset link; ends every session.
#[server(endpoint = "reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    crate::server::accounts::reset_password(&token, &password).await
}

/// Changes the signed-in account's password; ends its other sessions.
#[server(endpoint = "change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    crate::server::accounts::change_password(&current_password, &new_password).await
}

/// Changes the signed-in account's contact details (an empty phone
/// removes it).
#[server(endpoint = "update-profile")]
pub async fn update_profile(name: String, phone: String) -> Result<(), AppError> {
    crate::server::accounts::update_profile(&name, &phone).await
}
