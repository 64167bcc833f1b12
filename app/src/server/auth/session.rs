//! Sessions: an opaque random token in a cookie, kept in the database by its
//! SHA-256 so that every `techforce` process shares them and a copy of the
//! table signs nobody in. Each session ends when idle too long (sooner for
//! staff and hiring managers) and at an absolute limit.

use std::time::Duration;

use sha2::{Digest as _, Sha256};
use sqlx::{AnyConnection, Row as _};
use time::OffsetDateTime;

use crate::domain::account::Role;
use crate::server::clock;
use crate::server::db::users::{User, user_columns, user_from_row};

/// How long sessions live, and how their cookie is sent.
#[derive(Clone, Debug)]
pub struct SessionPolicy {
    /// Idle limit for staff and hiring managers.
    pub idle_privileged: Duration,
    /// Idle limit for candidates.
    pub idle_candidate: Duration,
    /// Absolute limit for everyone.
    pub absolute: Duration,
    /// Send the cookie with `Secure` and the `__Host-` prefix.
    pub secure_cookie: bool,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_privileged: Duration::from_secs(30 * 60),
            idle_candidate: Duration::from_secs(2 * 60 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            secure_cookie: false,
        }
    }
}

impl SessionPolicy {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookie {
            "__Host-techforce_session"
        } else {
            "techforce_session"
        }
    }

    fn idle_for(&self, role: Role) -> Duration {
        if role.is_privileged() {
            self.idle_privileged
        } else {
            self.idle_candidate
        }
    }

    /// `Set-Cookie` that hands the browser a new session token.
    pub fn set_cookie(&self, token: &str) -> String {
        let secure = if self.secure_cookie { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
            self.cookie_name()
        )
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear_cookie(&self) -> String {
        let secure = if self.secure_cookie { "; Secure" } else { "" };
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax{secure}; Max-Age=0",
            self.cookie_name()
        )
    }

    /// The session token in a `Cookie` header, if any.
    pub fn token_from_cookie_header(&self, header: &str) -> Option<String> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.cookie_name())
            .map(|(_, value)| value.to_owned())
            .filter(|value| !value.is_empty() && value.len() <= 100)
    }
}

/// A session as shown on the account page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    /// A short, non-secret handle (a prefix of the token's hash) that names
    /// the session in forms, e.g. "sign this session out".
    pub handle: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: Option<String>,
    pub remote_addr: Option<String>,
    pub current: bool,
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

fn add(at: OffsetDateTime, duration: Duration) -> OffsetDateTime {
    at + time::Duration::try_from(duration).unwrap_or(time::Duration::DAY)
}

/// Starts a session for `user` and returns its token (for the cookie only).
pub async fn create_session(
    conn: &mut AnyConnection,
    policy: &SessionPolicy,
    user: &User,
    user_agent: Option<&str>,
    remote_addr: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let now = clock::now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_expires_at,
                               absolute_expires_at, user_agent, remote_addr)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7)",
    )
    .bind(hash_token(&token))
    .bind(user.id)
    .bind(clock::to_text(now))
    .bind(clock::to_text(add(now, policy.idle_for(user.role))))
    .bind(clock::to_text(add(now, policy.absolute)))
    .bind(user_agent)
    .bind(remote_addr)
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The signed-in account behind a token, if the session is alive and the
/// account enabled. Extends the idle limit (at most once a minute, to spare
/// the database a write per request), through the writing connection.
pub async fn find_session_user(
    db: &crate::server::db::Db,
    policy: &SessionPolicy,
    token: &str,
) -> Result<Option<User>, sqlx::Error> {
    let token_hash = hash_token(token);
    let now = clock::now();
    let now_text = clock::to_text(now);
    let row = sqlx::query(&format!(
        "SELECT {}, s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2",
        user_columns("u")
    ))
    .bind(&token_hash)
    .bind(&now_text)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let user = user_from_row(&row)?;
    if user.disabled {
        return Ok(None);
    }
    let last_seen = clock::from_text(&row.try_get::<String, _>("last_seen_at")?);
    if last_seen.is_none_or(|seen| now - seen > time::Duration::MINUTE) {
        // Best effort: a writer busy for longer than the pool's wait costs
        // the session a minute of idle time, not the person their page.
        let touched = sqlx::query(
            "UPDATE sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE token_hash = $3",
        )
        .bind(&now_text)
        .bind(clock::to_text(add(now, policy.idle_for(user.role))))
        .bind(&token_hash)
        .execute(db.writer())
        .await;
        if let Err(error) = touched {
            tracing::warn!(%error, "session last-seen not moved on");
        }
    }
    Ok(Some(user))
}

/// Ends one session by its token.
pub async fn delete_session(conn: &mut AnyConnection, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of an account but, optionally, the one with `keep`.
pub async fn delete_user_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let keep_hash = keep.map(hash_token).unwrap_or_default();
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_hash)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Ends one of the account's own sessions, named by its handle.
pub async fn delete_session_by_handle(
    conn: &mut AnyConnection,
    user_id: i64,
    handle: &str,
) -> Result<bool, sqlx::Error> {
    if handle.len() != 16
        || !handle
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Ok(false);
    }
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash LIKE $2")
        .bind(user_id)
        .bind(format!("{handle}%"))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The account's live sessions, newest first.
pub async fn list_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    current_token: Option<&str>,
) -> Result<Vec<SessionInfo>, sqlx::Error> {
    let current = current_token.map(hash_token);
    let rows = sqlx::query(
        "SELECT token_hash, created_at, last_seen_at, user_agent, remote_addr FROM sessions
         WHERE user_id = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2
         ORDER BY created_at DESC LIMIT 50",
    )
    .bind(user_id)
    .bind(clock::to_text(clock::now()))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let hash: String = row.try_get("token_hash")?;
            Ok(SessionInfo {
                handle: hash[..16].to_owned(),
                created_at: row.try_get("created_at")?,
                last_seen_at: row.try_get("last_seen_at")?,
                user_agent: row.try_get("user_agent")?,
                remote_addr: row.try_get("remote_addr")?,
                current: current.as_deref() == Some(hash.as_str()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_secure_over_https() {
        let plain = SessionPolicy::default();
        assert_eq!(
            plain.set_cookie("abc"),
            "techforce_session=abc; Path=/; HttpOnly; SameSite=Lax"
        );
        let secure = SessionPolicy {
            secure_cookie: true,
            ..SessionPolicy::default()
        };
        assert_eq!(
            secure.set_cookie("abc"),
            "__Host-techforce_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(secure.clear_cookie().contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let policy = SessionPolicy::default();
        assert_eq!(
            policy.token_from_cookie_header("a=1; techforce_session=tok; b=2"),
            Some("tok".to_owned())
        );
        assert_eq!(policy.token_from_cookie_header("a=1"), None);
        assert_eq!(policy.token_from_cookie_header("techforce_session="), None);
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }
}
