//! Sign-in throttling, per account and per client address, in the database
//! so that every process counts the same failures. After a few free
//! failures each further one doubles the wait, up to 15 minutes; a quiet
//! hour forgets the count. There is never a permanent lockout, so an
//! attacker cannot lock a real person out for good.

use sqlx::{AnyConnection, Row as _};

use crate::server::clock;

/// Failures allowed before any wait, for one account.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures allowed before any wait, from one client address.
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;
/// The longest wait.
pub const MAX_WAIT_SECS: i64 = 15 * 60;
/// How long without failures before the count starts again.
pub const FORGET_AFTER_SECS: i64 = 60 * 60;

pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

pub fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

/// The wait after `failures` failures when `free` are allowed.
pub fn wait_secs(failures: i64, free: i64) -> i64 {
    if failures < free {
        0
    } else {
        let doublings = (failures - free).min(20) as u32;
        (1_i64 << doublings).min(MAX_WAIT_SECS)
    }
}

/// Seconds until the first of `keys` stops being blocked, if any is.
pub async fn blocked_for(
    conn: &mut AnyConnection,
    keys: &[String],
) -> Result<Option<u64>, sqlx::Error> {
    let now = clock::now();
    let mut longest: Option<u64> = None;
    for key in keys {
        let row = sqlx::query("SELECT blocked_until FROM sign_in_throttle WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
        let until = row
            .map(|r| r.try_get::<Option<String>, _>("blocked_until"))
            .transpose()?
            .flatten()
            .and_then(|t| clock::from_text(&t));
        if let Some(until) = until.filter(|u| *u > now) {
            let secs = (until - now).whole_seconds().max(1) as u64;
            longest = Some(longest.map_or(secs, |l| l.max(secs)));
        }
    }
    Ok(longest)
}

/// Counts a failure against `key`, blocking it for a while once past `free`.
pub async fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    free: i64,
) -> Result<(), sqlx::Error> {
    let now = clock::now();
    let now_text = clock::to_text(now);
    let forget_before = clock::to_text(now - time::Duration::seconds(FORGET_AFTER_SECS));
    let failures: i64 = sqlx::query(
        "INSERT INTO sign_in_throttle (throttle_key, failures, last_failure_at)
         VALUES ($1, 1, $2)
         ON CONFLICT (throttle_key) DO UPDATE SET
             failures = CASE WHEN sign_in_throttle.last_failure_at < $3 THEN 1
                             ELSE sign_in_throttle.failures + 1 END,
             last_failure_at = $2
         RETURNING failures",
    )
    .bind(key)
    .bind(&now_text)
    .bind(&forget_before)
    .fetch_one(&mut *conn)
    .await?
    .try_get("failures")?;
    let wait = wait_secs(failures, free);
    let blocked_until = (wait > 0).then(|| clock::to_text(now + time::Duration::seconds(wait)));
    sqlx::query("UPDATE sign_in_throttle SET blocked_until = $1 WHERE throttle_key = $2")
        .bind(blocked_until)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE throttle_key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_the_free_failures_double_and_stay_bounded() {
        assert_eq!(wait_secs(4, 5), 0);
        assert_eq!(wait_secs(5, 5), 1);
        assert_eq!(wait_secs(6, 5), 2);
        assert_eq!(wait_secs(10, 5), 32);
        assert_eq!(wait_secs(50, 5), MAX_WAIT_SECS);
        assert_eq!(wait_secs(i64::MAX, 5), MAX_WAIT_SECS);
    }
}
