//! One-time tokens sent by email (verify an address, reset a password):
//! 256 random bits, stored as SHA-256, single use, short-lived.

use sha2::{Digest as _, Sha256};
use sqlx::{AnyConnection, Row as _};

use crate::server::clock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
        }
    }

    /// How long a link stays good.
    pub fn lifetime(self) -> time::Duration {
        match self {
            Purpose::VerifyEmail => time::Duration::hours(24),
            Purpose::ResetPassword => time::Duration::hours(1),
        }
    }
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Issues a new token, ending any earlier unused one for the same purpose.
pub async fn issue(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: Purpose,
) -> Result<String, sqlx::Error> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let now = clock::now();
    let now_text = clock::to_text(now);
    sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(&now_text)
    .bind(user_id)
    .bind(purpose.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash(&token))
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(&now_text)
    .bind(clock::to_text(now + purpose.lifetime()))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The account a live token belongs to, without using it up.
pub async fn peek(
    conn: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT user_id FROM email_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash(token))
    .bind(purpose.as_str())
    .bind(clock::to_text(clock::now()))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| r.try_get("user_id")).transpose()
}

/// Uses a live token up and returns its account; `None` when the token is
/// unknown, used or expired. Atomic: a token is used at most once.
pub async fn consume(
    conn: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Option<i64>, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(&now)
    .bind(hash(token))
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| r.try_get("user_id")).transpose()
}
