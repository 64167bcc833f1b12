//! Accounts in the database.

use sqlx::{AnyConnection, Row as _};

use crate::domain::account::{Email, Role};
use crate::server::clock;

/// An account as the rest of the server sees it (never the hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: Email,
    pub name: String,
    pub phone: Option<String>,
    pub role: Role,
    pub verified: bool,
    pub disabled: bool,
}

/// What creating an account needs.
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    /// Accounts made by an operator are verified from the start.
    pub verified: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("an account with this email address already exists")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Creates an account and returns its id.
pub async fn insert_user(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
) -> Result<i64, InsertUserError> {
    let now = clock::to_text(clock::now());
    let verified_at = user.verified.then(|| now.clone());
    // ON CONFLICT keeps a transaction usable when the address is taken
    // (PostgreSQL aborts a transaction on a constraint violation).
    let row = sqlx::query(
        "INSERT INTO users (email, name, password_hash, role, verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (email) DO NOTHING
         RETURNING id",
    )
    .bind(user.email.as_str())
    .bind(user.name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(verified_at)
    .bind(&now)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(row.try_get("id")?),
        None => Err(InsertUserError::EmailTaken),
    }
}

/// An account and its password hash, for signing in.
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// The columns `user_from_row` reads (prefix them with a table alias with
/// `user_columns`).
const USER_COLUMNS: &str = "id, email, name, phone, role, verified_at, disabled_at";

/// `USER_COLUMNS` qualified by a table alias, for joins.
pub fn user_columns(alias: &str) -> String {
    USER_COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User, sqlx::Error> {
    let email: String = row.try_get("email")?;
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        email: Email::parse(&email).map_err(|e| sqlx::Error::Decode(e.into()))?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        role: role
            .parse()
            .map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        verified: row.try_get::<Option<String>, _>("verified_at")?.is_some(),
        disabled: row.try_get::<Option<String>, _>("disabled_at")?.is_some(),
    })
}

pub async fn find_credentials_by_email(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1"
    ))
    .bind(email.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Credentials {
            user: user_from_row(&row)?,
            password_hash: row.try_get("password_hash")?,
        })
    })
    .transpose()
}

pub async fn find_user(conn: &mut AnyConnection, id: i64) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Replaces a password hash (after a rehash or a password change).
pub async fn update_password_hash(
    conn: &mut AnyConnection,
    id: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(clock::to_text(clock::now()))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks an account's email address as verified.
pub async fn mark_verified(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    let now = clock::to_text(clock::now());
    sqlx::query(
        "UPDATE users SET verified_at = COALESCE(verified_at, $1), updated_at = $1 WHERE id = $2",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Changes an account's contact details.
pub async fn update_profile(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    phone: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $1, phone = $2, updated_at = $3 WHERE id = $4")
        .bind(name)
        .bind(phone)
        .bind(clock::to_text(clock::now()))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The password hash of an account.
pub async fn find_password_hash(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get("password_hash")).transpose()
}
