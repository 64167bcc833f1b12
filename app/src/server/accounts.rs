//! The work behind the account server functions.

use crate::api::auth::{AccountSummary, SessionSummary};
use crate::domain::account::Email;
use crate::error::AppError;
use crate::server::auth::guard::{current_user, require_user, session_token};
use crate::server::auth::password::Verified;
use crate::server::auth::session::{
    create_session, delete_session, delete_session_by_handle, delete_user_sessions, list_sessions,
};
use crate::server::db::audit::{AuditEvent, Outcome, insert_audit_event};
use crate::server::db::throttle;
use crate::server::db::users::{find_credentials_by_email, update_password_hash};
use crate::server::request::{client_addr, internal, state, user_agent};

/// The longest password looked at when signing in (longer ones cannot
/// have been set).
const MAX_PASSWORD_BYTES: usize = 4 * 1000;

/// Where to go after signing in: a path on this site, never elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.contains(['\r', '\n'])
                && path.len() <= 500 =>
        {
            path
        }
        _ => "/account",
    }
}

fn wrong_credentials() -> AppError {
    AppError::Validation {
        message: "The email address or password is incorrect.".into(),
        fields: vec![],
    }
}

pub async fn sign_in(email: &str, password: &str, next: Option<&str>) -> Result<(), AppError> {
    let state = state()?;
    let email = Email::parse(email).map_err(|e| AppError::field("email", e))?;
    if password.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }
    let addr = client_addr();
    let mut keys = vec![throttle::account_key(email.as_str())];
    if let Some(addr) = &addr {
        keys.push(throttle::address_key(addr));
    }

    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    if let Some(wait) = throttle::blocked_for(&mut conn, &keys)
        .await
        .map_err(internal)?
    {
        return Err(AppError::TooManyAttempts {
            message: format!(
                "Too many failed sign-ins. Wait {} before trying again, or reset your password.",
                describe_wait(wait)
            ),
            retry_after_secs: wait,
        });
    }
    let credentials = find_credentials_by_email(&mut conn, &email)
        .await
        .map_err(internal)?;
    drop(conn);

    // The same work whether or not the account exists. A password longer
    // than any that can be set is simply wrong (and not worth hashing).
    let verified = if password.len() > MAX_PASSWORD_BYTES {
        Verified::NoMatch
    } else {
        state
            .passwords
            .verify(
                password,
                credentials.as_ref().map(|c| c.password_hash.as_str()),
            )
            .await
            .map_err(internal)?
    };

    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let user = match (credentials, verified) {
        (Some(credentials), Verified::Match { rehash }) if !credentials.user.disabled => {
            if rehash
                && let Ok(password) = crate::domain::account::NewPassword::parse(password)
                && let Ok(hash) = state.passwords.hash(&password).await
            {
                update_password_hash(&mut tx, credentials.user.id, &hash)
                    .await
                    .map_err(internal)?;
            }
            credentials.user
        }
        (credentials, _) => {
            throttle::record_failure(&mut tx, &keys[0], throttle::FREE_FAILURES_PER_ACCOUNT)
                .await
                .map_err(internal)?;
            if let Some(key) = keys.get(1) {
                throttle::record_failure(&mut tx, key, throttle::FREE_FAILURES_PER_ADDRESS)
                    .await
                    .map_err(internal)?;
            }
            insert_audit_event(
                &mut tx,
                &AuditEvent {
                    actor_id: credentials.as_ref().map(|c| c.user.id),
                    actor_email: Some(email.as_str()),
                    action: "sign_in",
                    subject: None,
                    outcome: Outcome::Failure,
                    remote_addr: addr.as_deref(),
                    detail: None,
                },
            )
            .await
            .map_err(internal)?;
            tx.commit().await.map_err(internal)?;
            return Err(wrong_credentials());
        }
    };
    throttle::clear(&mut tx, &keys[0]).await.map_err(internal)?;
    // A new token at every sign-in: no session fixation.
    let token = create_session(
        &mut tx,
        &state.sessions,
        &user,
        user_agent().as_deref(),
        addr.as_deref(),
    )
    .await
    .map_err(internal)?;
    insert_audit_event(
        &mut tx,
        &AuditEvent {
            actor_id: Some(user.id),
            actor_email: Some(user.email.as_str()),
            action: "sign_in",
            subject: None,
            outcome: Outcome::Success,
            remote_addr: addr.as_deref(),
            detail: None,
        },
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;

    set_cookie(&state.sessions.set_cookie(&token));
    leptos_axum::redirect(safe_next(next));
    Ok(())
}

fn describe_wait(secs: u64) -> String {
    if secs < 60 {
        format!("{secs} second{}", if secs == 1 { "" } else { "s" })
    } else {
        let minutes = secs.div_ceil(60);
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    }
}

fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

pub async fn sign_out() -> Result<(), AppError> {
    let state = state()?;
    if let Some(current) = current_user().await? {
        let mut tx = state.db.begin_write().await.map_err(internal)?;
        delete_session(&mut tx, &current.token)
            .await
            .map_err(internal)?;
        insert_audit_event(
            &mut tx,
            &AuditEvent {
                actor_id: Some(current.user.id),
                actor_email: Some(current.user.email.as_str()),
                action: "sign_out",
                subject: None,
                outcome: Outcome::Success,
                remote_addr: client_addr().as_deref(),
                detail: None,
            },
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
    }
    set_cookie(&state.sessions.clear_cookie());
    leptos_axum::redirect("/");
    Ok(())
}

pub async fn whoami() -> Result<Option<AccountSummary>, AppError> {
    Ok(current_user().await?.map(|current| AccountSummary {
        name: current.user.name,
        email: current.user.email.to_string(),
        role: current.user.role,
        verified: current.user.verified,
    }))
}

pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    let current = require_user().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let sessions = list_sessions(&mut conn, current.user.id, Some(&current.token))
        .await
        .map_err(internal)?;
    Ok(sessions
        .into_iter()
        .map(|s| SessionSummary {
            handle: s.handle,
            started: readable_time(&s.created_at),
            last_seen: readable_time(&s.last_seen_at),
            device: s.user_agent.unwrap_or_else(|| "Unknown device".into()),
            address: s.remote_addr.unwrap_or_default(),
            current: s.current,
        })
        .collect())
}

/// "2026-11-22 23:05 UTC" from the stored form.
fn readable_time(stored: &str) -> String {
    match stored.get(..16) {
        Some(minutes) => format!("{} UTC", minutes.replacen('T', " ", 1)),
        None => stored.to_owned(),
    }
}

pub async fn end_session(handle: &str) -> Result<(), AppError> {
    let current = require_user().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let ended = if handle == "all-others" {
        delete_user_sessions(&mut tx, current.user.id, Some(&current.token))
            .await
            .map_err(internal)?
            > 0
    } else {
        delete_session_by_handle(&mut tx, current.user.id, handle)
            .await
            .map_err(internal)?
    };
    if !ended && handle != "all-others" {
        return Err(AppError::NotFound);
    }
    tx.commit().await.map_err(internal)?;
    // Ending the current session is signing out.
    if session_token().is_some() && require_user().await.is_err() {
        set_cookie(&state.sessions.clear_cookie());
        leptos_axum::redirect("/login");
    } else {
        leptos_axum::redirect("/account");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/applications/7")), "/applications/7");
        for unsafe_next in [
            None,
            Some("https://evil.example/"),
            Some("//evil.example/"),
            Some("/\\evil.example"),
            Some("javascript:alert(1)"),
            Some("/ok\r\nSet-Cookie: x=1"),
        ] {
            assert_eq!(safe_next(unsafe_next), "/account", "{unsafe_next:?}");
        }
    }

    #[test]
    fn stored_times_read_as_minutes_in_utc() {
        assert_eq!(
            readable_time("2026-11-22T23:05:00.000000Z"),
            "2026-11-22 23:05 UTC"
        );
    }
}
