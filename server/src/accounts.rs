//! Account commands for operators: `techforce user create`.

use std::io::Read as _;

use anyhow::{Context as _, bail};
use app::domain::account::{Email, NewPassword, Role};
use app::server::auth::password::{Passwords, check_strength};
use app::server::db::Db;
use app::server::db::audit::{AuditEvent, Outcome, insert_audit_event};
use app::server::db::users::{InsertUserError, NewUser, insert_user};

/// Where the new account's password comes from.
pub enum PasswordSource {
    /// Read from standard input (up to the first line break).
    Stdin,
    /// Generated here and printed once.
    Generate,
    /// Given by the caller (tests, seeding).
    Given(String),
}

/// An account the command line made.
#[derive(Debug)]
pub struct Created {
    pub id: i64,
    pub email: Email,
    /// The password, when it was generated here (to show once).
    pub generated_password: Option<String>,
}

/// Creates a verified account, for the first staff member or any other
/// operator-made account.
pub async fn create_user(
    db: &Db,
    email: &str,
    role: Role,
    name: Option<&str>,
    source: PasswordSource,
) -> anyhow::Result<Created> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(email.as_str())
        .to_owned();
    if name.chars().count() > 200 {
        bail!("--name: use at most 200 characters");
    }
    let (password, generated) = match source {
        PasswordSource::Stdin => {
            let mut input = String::new();
            std::io::stdin()
                .take(4096)
                .read_to_string(&mut input)
                .context("cannot read the password from standard input")?;
            // Only the line break ends it: spaces are part of a password.
            let line = input.split(['\n', '\r']).next().unwrap_or("").to_owned();
            if line.is_empty() {
                bail!("no password on standard input (or pass --generate-password)");
            }
            (line, false)
        }
        PasswordSource::Generate => (generate_password(), true),
        PasswordSource::Given(password) => (password, false),
    };
    let password = NewPassword::parse(&password).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    check_strength(&password, &[email.as_str(), &name])
        .map_err(|e| anyhow::anyhow!("password: {e}"))?;

    let hash = Passwords::new(1).hash(&password).await?;
    let mut tx = db.begin_write().await?;
    let id = match insert_user(
        &mut tx,
        &NewUser {
            email: &email,
            name: &name,
            password_hash: &hash,
            role,
            verified: true,
        },
    )
    .await
    {
        Ok(id) => id,
        Err(InsertUserError::EmailTaken) => {
            bail!("an account with the email {email} already exists")
        }
        Err(InsertUserError::Database(e)) => return Err(e).context("cannot create the account"),
    };
    let detail = serde_json::json!({ "via": "command line", "role": role.as_str() }).to_string();
    insert_audit_event(
        &mut tx,
        &AuditEvent {
            actor_id: None,
            actor_email: None,
            action: "account.create",
            subject: Some(email.as_str()),
            outcome: Outcome::Success,
            remote_addr: None,
            detail: Some(&detail),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Created {
        id,
        email,
        generated_password: generated.then(|| password.expose().to_owned()),
    })
}

/// 24 random characters from a 56-symbol alphabet without look-alikes
/// (about 139 bits).
fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..24)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_strong_and_different() {
        let a = generate_password();
        let b = generate_password();
        assert_eq!(a.chars().count(), 24);
        assert_ne!(a, b);
        let parsed = NewPassword::parse(&a).unwrap();
        assert!(check_strength(&parsed, &["staff@agency.gov"]).is_ok());
    }
}
