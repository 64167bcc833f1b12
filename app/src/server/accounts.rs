//! The work behind the account server functions.

use crate::api::auth::{AccountSummary, SessionSummary};
use crate::domain::account::{Email, NewPassword, PersonName, PhoneNumber, Role};
use crate::error::AppError;
use crate::server::auth::guard::{current_user, require_user, session_token, user_from_headers};
use crate::server::auth::password::Verified;
use crate::server::auth::password::check_strength;
use crate::server::auth::session::{
    create_session, delete_session, delete_session_by_handle, delete_user_sessions, list_sessions,
};
use crate::server::auth::tokens::{self, Purpose};
use crate::server::db::audit::{self, AuditEvent, Outcome, insert_audit_event};
use crate::server::db::outbox::{count_recent, enqueue};
use crate::server::db::throttle;
use crate::server::db::users::{
    InsertUserError, NewUser, User, find_credentials_by_email, find_password_hash, find_user,
    insert_user, mark_verified, update_password_hash,
};
use crate::server::mail;
use crate::server::request::{client_addr, internal, parts, state, user_agent};

/// The longest password looked at when signing in (longer ones cannot
/// have been set).
const MAX_PASSWORD_BYTES: usize = 4 * 1000;

/// Where to go after signing in: a path on this site, never elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
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
    let keys = throttle::sign_in_keys(email.as_str(), addr.as_deref());

    // Count the attempt first, in a write transaction of its own.
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let blocked = throttle::count_attempt(&mut tx, &keys)
        .await
        .map_err(internal)?;
    let credentials = find_credentials_by_email(&mut tx, &email)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    if let Some(wait) = blocked {
        return Err(AppError::TooManyAttempts {
            message: format!(
                "Too many failed sign-ins. Wait {} before trying again, or reset your password.",
                describe_wait(wait)
            ),
            retry_after_secs: wait,
        });
    }

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

    let (user, rehash) = match (credentials, verified) {
        (Some(credentials), Verified::Match { rehash }) if !credentials.user.disabled => {
            (credentials.user, rehash)
        }
        (credentials, _) => {
            audit::record(
                &state.db,
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
            return Err(wrong_credentials());
        }
    };
    // Rehashing happens before the write transaction, which must stay short.
    let new_hash = match rehash {
        true => match NewPassword::parse(password) {
            Ok(password) => state.passwords.hash(&password).await.ok(),
            Err(_) => None,
        },
        false => None,
    };

    let mut tx = state.db.begin_write().await.map_err(internal)?;
    if let Some(hash) = &new_hash {
        update_password_hash(&mut tx, user.id, hash)
            .await
            .map_err(internal)?;
    }
    throttle::forgive(&mut tx, &keys).await.map_err(internal)?;
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
        phone: current.user.phone,
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
    // Ending the current session is signing out. Asked of the database
    // again: the request's remembered account is from before the change.
    let still_signed_in = match parts() {
        Some(parts) => user_from_headers(&state, &parts.headers)
            .await
            .map_err(internal)?
            .is_some(),
        None => false,
    };
    if session_token().is_some() && !still_signed_in {
        set_cookie(&state.sessions.clear_cookie());
        leptos_axum::redirect("/login");
    } else {
        leptos_axum::redirect("/account");
    }
    Ok(())
}

/// Account emails that anyone can trigger (sign-up, verification, reset)
/// sent to one address per hour at most: past that, requests are answered
/// as usual but send nothing, so nobody can flood someone's inbox.
const ACCOUNT_MAIL_PER_HOUR: i64 = 5;

/// Whether `email` may get another account email this hour. Asked before
/// a link is issued, so that requests past the limit change nothing (a new
/// link would end the one the owner already has).
async fn may_send_account_mail(
    conn: &mut sqlx::AnyConnection,
    email: &Email,
) -> Result<bool, AppError> {
    let recent = count_recent(conn, email.as_str(), time::Duration::HOUR)
        .await
        .map_err(internal)?;
    if recent >= ACCOUNT_MAIL_PER_HOUR {
        tracing::warn!("account mail limit reached for an address; not sending");
    }
    Ok(recent < ACCOUNT_MAIL_PER_HOUR)
}

/// One validation error carrying the field errors of several.
fn merge_field_errors<const N: usize>(errors: [Option<AppError>; N]) -> AppError {
    let fields = errors
        .into_iter()
        .flatten()
        .flat_map(|e| match e {
            AppError::Validation { fields, .. } => fields,
            _ => vec![],
        })
        .collect();
    AppError::Validation {
        message: "Please correct the errors below.".into(),
        fields,
    }
}

/// Parses and checks a new password, as an error on `field`.
fn new_password(field: &str, password: &str, context: &[&str]) -> Result<NewPassword, AppError> {
    let password = NewPassword::parse(password).map_err(|e| AppError::field(field, e))?;
    check_strength(&password, context).map_err(|e| AppError::field(field, e))?;
    Ok(password)
}

fn link(path_and_query: &str) -> Result<String, AppError> {
    Ok(format!("{}{path_and_query}", state()?.public_url))
}

/// Records an audited action by the account itself.
pub(crate) async fn audit_self(
    conn: &mut sqlx::AnyConnection,
    user: &User,
    action: &str,
    outcome: Outcome,
    detail: Option<&str>,
) -> Result<(), AppError> {
    insert_audit_event(
        conn,
        &AuditEvent {
            actor_id: Some(user.id),
            actor_email: Some(user.email.as_str()),
            action,
            subject: Some(user.email.as_str()),
            outcome,
            remote_addr: client_addr().as_deref(),
            detail,
        },
    )
    .await
    .map_err(internal)
}

pub async fn sign_up(name: &str, email: &str, password: &str) -> Result<(), AppError> {
    let state = state()?;
    let name = PersonName::parse(name).map_err(|e| AppError::field("name", e));
    let email = Email::parse(email).map_err(|e| AppError::field("email", e));
    let (name, email) = match (name, email) {
        (Ok(name), Ok(email)) => (name, email),
        (name, email) => return Err(merge_field_errors([name.err(), email.err()])),
    };
    let password = new_password("password", password, &[email.as_str(), name.as_str()])?;
    // Hash first, so that a known address costs the same time as a new one.
    let hash = state.passwords.hash(&password).await.map_err(internal)?;

    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let inserted = insert_user(
        &mut tx,
        &NewUser {
            email: &email,
            name: name.as_str(),
            password_hash: &hash,
            role: Role::Candidate,
            verified: false,
        },
    )
    .await;
    match inserted {
        Ok(id) => {
            let user = find_user(&mut tx, id)
                .await
                .map_err(internal)?
                .ok_or_else(|| internal("new account vanished"))?;
            if may_send_account_mail(&mut tx, &email).await? {
                let token = tokens::issue(&mut tx, id, Purpose::VerifyEmail)
                    .await
                    .map_err(internal)?;
                let mail = mail::verify_email(
                    &email,
                    name.as_str(),
                    &link(&format!("/verify-email?token={token}"))?,
                );
                enqueue(&mut tx, &mail).await.map_err(internal)?;
            }
            audit_self(
                &mut tx,
                &user,
                "account.create",
                Outcome::Success,
                Some(r#"{"via":"sign-up"}"#),
            )
            .await?;
        }
        Err(InsertUserError::EmailTaken) => {
            // Tell the owner of the address, not the person at the keyboard.
            if let Some(existing) = find_credentials_by_email(&mut tx, &email)
                .await
                .map_err(internal)?
                && !existing.user.disabled
                && may_send_account_mail(&mut tx, &email).await?
            {
                let token = tokens::issue(&mut tx, existing.user.id, Purpose::ResetPassword)
                    .await
                    .map_err(internal)?;
                let mail = mail::already_registered(
                    &email,
                    &existing.user.name,
                    &link(&format!("/reset-password?token={token}"))?,
                );
                enqueue(&mut tx, &mail).await.map_err(internal)?;
            }
        }
        Err(InsertUserError::Database(e)) => return Err(internal(e)),
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/signup?done=1");
    Ok(())
}

fn expired_link() -> AppError {
    AppError::Validation {
        message: "This link has expired or was already used. Ask for a new one.".into(),
        fields: vec![],
    }
}

pub async fn verify_email(token: &str) -> Result<(), AppError> {
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let Some(user_id) = tokens::consume(&mut tx, token.trim(), Purpose::VerifyEmail)
        .await
        .map_err(internal)?
    else {
        return Err(expired_link());
    };
    mark_verified(&mut tx, user_id).await.map_err(internal)?;
    if let Some(user) = find_user(&mut tx, user_id).await.map_err(internal)? {
        audit_self(
            &mut tx,
            &user,
            "account.verify_email",
            Outcome::Success,
            None,
        )
        .await?;
    }
    tx.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn resend_verification() -> Result<(), AppError> {
    let current = require_user().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    if !current.user.verified && may_send_account_mail(&mut tx, &current.user.email).await? {
        let token = tokens::issue(&mut tx, current.user.id, Purpose::VerifyEmail)
            .await
            .map_err(internal)?;
        let mail = mail::verify_email(
            &current.user.email,
            &current.user.name,
            &link(&format!("/verify-email?token={token}"))?,
        );
        enqueue(&mut tx, &mail).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/account?sent=1");
    Ok(())
}

pub async fn forgot_password(email: &str) -> Result<(), AppError> {
    let state = state()?;
    let email = Email::parse(email).map_err(|e| AppError::field("email", e))?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    if let Some(found) = find_credentials_by_email(&mut tx, &email)
        .await
        .map_err(internal)?
        && !found.user.disabled
        && may_send_account_mail(&mut tx, &email).await?
    {
        let token = tokens::issue(&mut tx, found.user.id, Purpose::ResetPassword)
            .await
            .map_err(internal)?;
        let mail = mail::reset_password(
            &email,
            &found.user.name,
            &link(&format!("/reset-password?token={token}"))?,
        );
        enqueue(&mut tx, &mail).await.map_err(internal)?;
        audit_self(
            &mut tx,
            &found.user,
            "password.reset_requested",
            Outcome::Success,
            None,
        )
        .await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

pub async fn reset_link_valid(token: &str) -> Result<bool, AppError> {
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    Ok(
        tokens::peek(&mut conn, token.trim(), Purpose::ResetPassword)
            .await
            .map_err(internal)?
            .is_some(),
    )
}

pub async fn reset_password(token: &str, password: &str) -> Result<(), AppError> {
    let state = state()?;
    let token = token.trim();
    let user = {
        let mut conn = state.db.pool().acquire().await.map_err(internal)?;
        let Some(user_id) = tokens::peek(&mut conn, token, Purpose::ResetPassword)
            .await
            .map_err(internal)?
        else {
            return Err(expired_link());
        };
        find_user(&mut conn, user_id)
            .await
            .map_err(internal)?
            .filter(|user| !user.disabled)
            .ok_or_else(expired_link)?
    };
    let password = new_password("password", password, &[user.email.as_str(), &user.name])?;
    let hash = state.passwords.hash(&password).await.map_err(internal)?;

    let mut tx = state.db.begin_write().await.map_err(internal)?;
    // Used up here, atomically: a link raced by two tabs works once.
    if tokens::consume(&mut tx, token, Purpose::ResetPassword)
        .await
        .map_err(internal)?
        != Some(user.id)
    {
        return Err(expired_link());
    }
    update_password_hash(&mut tx, user.id, &hash)
        .await
        .map_err(internal)?;
    // Resetting proves the address too.
    mark_verified(&mut tx, user.id).await.map_err(internal)?;
    delete_user_sessions(&mut tx, user.id, None)
        .await
        .map_err(internal)?;
    enqueue(&mut tx, &mail::password_changed(&user.email, &user.name))
        .await
        .map_err(internal)?;
    audit_self(&mut tx, &user, "password.reset", Outcome::Success, None).await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

pub async fn change_password(current_password: &str, new: &str) -> Result<(), AppError> {
    let current = require_user().await?;
    let state = state()?;
    let stored = {
        let mut conn = state.db.pool().acquire().await.map_err(internal)?;
        find_password_hash(&mut conn, current.user.id)
            .await
            .map_err(internal)?
    };
    let verified = if current_password.len() > MAX_PASSWORD_BYTES {
        Verified::NoMatch
    } else {
        state
            .passwords
            .verify(current_password, stored.as_deref())
            .await
            .map_err(internal)?
    };
    if verified == Verified::NoMatch {
        return Err(AppError::field(
            "current_password",
            "This is not your current password.",
        ));
    }
    let password = new_password(
        "new_password",
        new,
        &[current.user.email.as_str(), &current.user.name],
    )?;
    let hash = state.passwords.hash(&password).await.map_err(internal)?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    update_password_hash(&mut tx, current.user.id, &hash)
        .await
        .map_err(internal)?;
    delete_user_sessions(&mut tx, current.user.id, Some(&current.token))
        .await
        .map_err(internal)?;
    enqueue(
        &mut tx,
        &mail::password_changed(&current.user.email, &current.user.name),
    )
    .await
    .map_err(internal)?;
    audit_self(
        &mut tx,
        &current.user,
        "password.change",
        Outcome::Success,
        None,
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}

pub async fn update_profile(name: &str, phone: &str) -> Result<(), AppError> {
    let current = require_user().await?;
    let state = state()?;
    let name = PersonName::parse(name).map_err(|e| AppError::field("name", e));
    let phone = if phone.trim().is_empty() {
        Ok(None)
    } else {
        PhoneNumber::parse(phone)
            .map(Some)
            .map_err(|e| AppError::field("phone", e))
    };
    let (name, phone) = match (name, phone) {
        (Ok(name), Ok(phone)) => (name, phone),
        (name, phone) => return Err(merge_field_errors([name.err(), phone.err()])),
    };
    let phone = phone.as_ref().map(PhoneNumber::as_str);
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    crate::server::db::users::update_profile(&mut tx, current.user.id, name.as_str(), phone)
        .await
        .map_err(internal)?;
    let detail = serde_json::json!({
        "before": { "name": current.user.name, "phone": current.user.phone },
        "after": { "name": name.as_str(), "phone": phone },
    })
    .to_string();
    audit_self(
        &mut tx,
        &current.user,
        "account.update",
        Outcome::Success,
        Some(&detail),
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/account?saved=1");
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
            Some("/\t/evil.example"),
            Some("/\t\\evil.example"),
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
