//! Staff manage accounts: search, change roles, disable and enable.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::account::Role;
use crate::error::AppError;

/// Accounts listed per page.
pub const USERS_PER_PAGE: u32 = 25;

/// One account in the staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub verified: bool,
    pub disabled: bool,
}

/// A page of accounts matching a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserRow>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// Accounts whose email or name contains `query`, a page at a time.
#[server(endpoint = "admin/users")]
pub async fn list_users(query: String, page: u32) -> Result<UserPage, AppError> {
    crate::server::admin::list_users(&query, page).await
}

/// Gives an account another role (ending its sessions, so that it signs in
/// again with the new one).
#[server(endpoint = "admin/set-role")]
pub async fn set_role(user_id: i64, role: Role) -> Result<(), AppError> {
    crate::server::admin::set_role(user_id, role).await
}

/// Disables (ending every session at once) or enables an account.
#[server(endpoint = "admin/set-disabled")]
pub async fn set_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    crate::server::admin::set_disabled(user_id, disabled).await
}
