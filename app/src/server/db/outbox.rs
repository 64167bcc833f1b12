//! The email outbox. Queue a message in the transaction of the change that
//! causes it; a worker claims due messages one at a time with a lease, sends
//! them, and records the outcome.
//!
//! Claiming is one conditional `UPDATE … RETURNING`, the same SQL on both
//! databases: two workers that race for a message both read it, but only the
//! first update's condition still holds for the second, which gets nothing.
//! So several processes never send one message at the same time.

use sqlx::{AnyConnection, Row as _};

use crate::server::clock;
use crate::server::mail::Mail;

/// A queued message, as claimed by a worker.
#[derive(Clone, Debug)]
pub struct Queued {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
}

pub async fn enqueue(conn: &mut AnyConnection, mail: &Mail) -> Result<(), sqlx::Error> {
    let now = clock::to_text(clock::now());
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(mail.to.as_str())
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(&now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many messages were queued for `recipient` in the last `window`.
pub async fn count_recent(
    conn: &mut AnyConnection,
    recipient: &str,
    window: time::Duration,
) -> Result<i64, sqlx::Error> {
    let since = clock::to_text(clock::now() - window);
    sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE recipient = $1 AND created_at > $2")
        .bind(recipient)
        .bind(since)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

/// Leases the oldest due message for `lease`, if any.
pub async fn claim_next(
    conn: &mut AnyConnection,
    lease: std::time::Duration,
) -> Result<Option<Queued>, sqlx::Error> {
    let now = clock::now();
    let now_text = clock::to_text(now);
    let until =
        clock::to_text(now + time::Duration::try_from(lease).unwrap_or(time::Duration::MINUTE));
    let row = sqlx::query(
        "UPDATE outbox SET locked_until = $1
         WHERE id = (SELECT id FROM outbox
                     WHERE sent_at IS NULL AND next_attempt_at <= $2
                       AND (locked_until IS NULL OR locked_until < $2)
                     ORDER BY next_attempt_at, id LIMIT 1)
           AND sent_at IS NULL AND (locked_until IS NULL OR locked_until < $2)
         RETURNING id, recipient, subject, body_text, body_html, attempts",
    )
    .bind(&until)
    .bind(&now_text)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Queued {
            id: row.try_get("id")?,
            recipient: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            body_text: row.try_get("body_text")?,
            body_html: row.try_get("body_html")?,
            attempts: row.try_get("attempts")?,
        })
    })
    .transpose()
}

pub async fn mark_sent(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        // The bodies may hold live one-time links: keep none once sent.
        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, locked_until = NULL, last_error = NULL,
                           body_text = '', body_html = ''
         WHERE id = $2",
    )
    .bind(clock::to_text(clock::now()))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The wait before the next attempt after `attempts` failures: 30 s,
/// doubling, at most an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 8) - 1;
    (30_i64 << doublings).min(3600)
}

pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: i64,
    attempts_before: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    let attempts = attempts_before + 1;
    let next = clock::now() + time::Duration::seconds(backoff_secs(attempts));
    let error: String = error.chars().take(1000).collect();
    sqlx::query(
        "UPDATE outbox SET attempts = $1, last_error = $2, next_attempt_at = $3, locked_until = NULL
         WHERE id = $4",
    )
    .bind(attempts)
    .bind(error)
    .bind(clock::to_text(next))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 30);
        assert_eq!(backoff_secs(2), 60);
        assert_eq!(backoff_secs(3), 120);
        assert_eq!(backoff_secs(8), 3600);
        assert_eq!(backoff_secs(50), 3600);
    }
}
