//! Sign-in throttling in the database, so that every process counts the
//! same attempts: per account and address (tight), per address, and per
//! account from anywhere (loose). After the free attempts each further one
//! doubles the wait, up to 15 minutes; a quiet hour forgets the count.
//! There is never a permanent lockout, and the tight limit only binds the
//! address that failed, so a stranger cannot easily keep the owner out.

use sqlx::{AnyConnection, Row as _};

use crate::server::clock;

/// Attempts allowed before any wait, for one account from one address:
/// the tight limit, which only the person at that address can exhaust.
pub const FREE_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Attempts allowed before any wait from one address, whatever the account.
pub const FREE_PER_ADDRESS: i64 = 20;
/// Attempts allowed before any wait for one account from anywhere: loose,
/// against guessing spread over many addresses, so that a stranger cannot
/// easily keep the owner out.
pub const FREE_PER_ACCOUNT: i64 = 50;
/// The longest wait.
pub const MAX_WAIT_SECS: i64 = 15 * 60;
/// How long without attempts before the count starts again.
pub const FORGET_AFTER_SECS: i64 = 60 * 60;

/// One counter and its allowance.
#[derive(Clone, Debug)]
pub struct ThrottleKey {
    pub key: String,
    pub free: i64,
}

/// The counters a sign-in attempt for `email` from `addr` touches.
/// The tightest comes first: a refused attempt stops at the first blocked key.
pub fn sign_in_keys(email: &str, addr: Option<&str>) -> Vec<ThrottleKey> {
    let mut keys = Vec::with_capacity(3);
    if let Some(addr) = addr {
        keys.push(ThrottleKey {
            key: format!("account-address:{email}|{addr}"),
            free: FREE_PER_ACCOUNT_AND_ADDRESS,
        });
        keys.push(ThrottleKey {
            key: format!("address:{addr}"),
            free: FREE_PER_ADDRESS,
        });
    }
    keys.push(ThrottleKey {
        key: format!("account:{email}"),
        free: FREE_PER_ACCOUNT,
    });
    keys
}

/// The wait after `attempts` attempts when `free` are allowed.
pub fn wait_secs(attempts: i64, free: i64) -> i64 {
    if attempts < free {
        0
    } else {
        let doublings = (attempts - free).min(20) as u32;
        (1_i64 << doublings).min(MAX_WAIT_SECS)
    }
}

/// Counts an attempt against every key before the password is checked
/// (a success is forgiven afterwards with [`forgive`]). Counting first,
/// in the write transaction, means simultaneous attempts cannot all slip
/// through before any is recorded. Returns the seconds to wait when a key
/// was already blocked: the attempt must then be refused, and is not
/// counted (so waiting the block out always works).
pub async fn count_attempt(
    conn: &mut AnyConnection,
    keys: &[ThrottleKey],
) -> Result<Option<u64>, sqlx::Error> {
    let now = clock::now();
    let now_text = clock::to_text(now);
    let forget_before = clock::to_text(now - time::Duration::seconds(FORGET_AFTER_SECS));
    for key in keys {
        let row = sqlx::query(
            // While a key is blocked its row stays as it is: attempts then
            // are refused without counting, so waiting it out always works.
            "INSERT INTO sign_in_throttle (throttle_key, failures, last_failure_at)
             VALUES ($1, 1, $2)
             ON CONFLICT (throttle_key) DO UPDATE SET
                 failures = CASE
                     WHEN sign_in_throttle.blocked_until > $2 THEN sign_in_throttle.failures
                     WHEN sign_in_throttle.last_failure_at < $3 THEN 1
                     ELSE sign_in_throttle.failures + 1 END,
                 blocked_until = CASE
                     WHEN sign_in_throttle.blocked_until > $2 THEN sign_in_throttle.blocked_until
                     ELSE NULL END,
                 last_failure_at = CASE
                     WHEN sign_in_throttle.blocked_until > $2 THEN sign_in_throttle.last_failure_at
                     ELSE $2 END
             RETURNING failures, blocked_until",
        )
        .bind(&key.key)
        .bind(&now_text)
        .bind(&forget_before)
        .fetch_one(&mut *conn)
        .await?;
        let attempts: i64 = row.try_get("failures")?;
        let blocked_until = row
            .try_get::<Option<String>, _>("blocked_until")?
            .and_then(|t| clock::from_text(&t))
            .filter(|until| *until > now);
        if let Some(until) = blocked_until {
            // Refused: the keys after this one are not counted either.
            return Ok(Some((until - now).whole_seconds().max(1) as u64));
        }
        let wait = wait_secs(attempts, key.free);
        if wait > 0 {
            let until = clock::to_text(now + time::Duration::seconds(wait));
            sqlx::query("UPDATE sign_in_throttle SET blocked_until = $1 WHERE throttle_key = $2")
                .bind(until)
                .bind(&key.key)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(None)
}

/// Takes back a counted attempt that succeeded: the account's own counters
/// start again; the address's loses just this attempt.
pub async fn forgive(conn: &mut AnyConnection, keys: &[ThrottleKey]) -> Result<(), sqlx::Error> {
    for key in keys {
        if key.key.starts_with("address:") {
            sqlx::query(
                "UPDATE sign_in_throttle
                 SET failures = failures - 1,
                     blocked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE blocked_until END
                 WHERE throttle_key = $1 AND failures > 0",
            )
            .bind(&key.key)
            .bind(key.free)
            .execute(&mut *conn)
            .await?;
        } else {
            sqlx::query("DELETE FROM sign_in_throttle WHERE throttle_key = $1")
                .bind(&key.key)
                .execute(&mut *conn)
                .await?;
        }
    }
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
