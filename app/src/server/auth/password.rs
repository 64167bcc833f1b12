//! Password hashing (Argon2id) and strength checks (zxcvbn).
//!
//! Hashing costs ~34 ms and 19 MiB per call: it runs on the blocking pool,
//! never on the async executor, and a semaphore bounds how many run at once,
//! so a burst of sign-ins queues instead of exhausting memory or starving
//! page rendering.

use std::sync::Arc;

use anyhow::Context as _;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::domain::account::NewPassword;

/// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .unwrap_or_else(|_| unreachable!("the constant parameters are valid"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// Right password; `rehash` when the stored hash uses weaker parameters
    /// than today's and should be replaced.
    Match {
        rehash: bool,
    },
    NoMatch,
}

/// Hashes and verifies passwords off the executor, a bounded number at once.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the account does not exist, so that an unknown
    /// email costs the same time as a wrong password.
    dummy_hash: Arc<str>,
}

impl Passwords {
    /// `max_concurrent` hashes may run at once (each holds ~19 MiB).
    pub fn new(max_concurrent: usize) -> Self {
        let salt = SaltString::generate(&mut OsRng);
        let dummy_hash = argon2()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_else(|_| unreachable!("hashing with valid parameters succeeds"));
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy_hash: dummy_hash.into(),
        }
    }

    /// Hashes a new password into the PHC string format.
    pub async fn hash(&self, password: &NewPassword) -> anyhow::Result<String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .context("password hashing is shut down")?;
        let password = password.expose().to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
        })
        .await
        .context("the hashing task failed")?
    }

    /// Checks `password` against `stored`, or against a dummy hash when
    /// there is no account (same work either way).
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> anyhow::Result<Verified> {
        let _permit = self
            .permits
            .acquire()
            .await
            .context("password hashing is shut down")?;
        let known = stored.is_some();
        let stored = stored.unwrap_or(&self.dummy_hash).to_owned();
        let password = password.to_owned();
        let verified = tokio::task::spawn_blocking(move || {
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Verified::NoMatch;
            };
            if argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_err()
            {
                return Verified::NoMatch;
            }
            Verified::Match {
                rehash: !uses_current_parameters(&parsed),
            }
        })
        .await
        .context("the verification task failed")?;
        Ok(if known { verified } else { Verified::NoMatch })
    }
}

fn uses_current_parameters(hash: &PasswordHash<'_>) -> bool {
    let Ok(params) = Params::try_from(hash) else {
        return false;
    };
    hash.algorithm.as_str() == "argon2id"
        && params.m_cost() >= MEMORY_KIB
        && params.t_cost() >= ITERATIONS
        && params.p_cost() >= PARALLELISM
}

/// Refuses passwords that are common or easy to guess, including ones
/// built from the person's own details or the program's name (`context`).
/// The message says why and how to do better.
pub fn check_strength(password: &NewPassword, context: &[&str]) -> Result<(), String> {
    let mut words: Vec<&str> = vec!["tech", "force", "techforce", "portal", "federal", "cyber"];
    words.extend(context.iter().copied().filter(|w| !w.is_empty()));
    for word in context {
        // The local part of an email and each part of a name count too.
        words.extend(
            word.split(['@', '.', ' ', '-', '_'])
                .filter(|w| w.len() >= 3),
        );
    }
    // What is left once the words about the person or the site are taken
    // out must be a password on its own.
    let mut rest = password.expose().to_lowercase();
    let mut longest_first: Vec<String> = words
        .iter()
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase())
        .collect();
    longest_first.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut found = None;
    for word in &longest_first {
        if rest.contains(word.as_str()) {
            found.get_or_insert_with(|| word.clone());
            rest = rest.replace(word.as_str(), "");
        }
    }
    if let Some(word) = found
        && rest.chars().filter(|c| c.is_alphanumeric()).count() < 10
    {
        return Err(format!(
            "Your password is mostly “{word}” or similar words that relate to you or this site. Choose words that don’t."
        ));
    }
    let entropy = zxcvbn::zxcvbn(password.expose(), &words);
    if entropy.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let reason = entropy
        .feedback()
        .and_then(|f| f.warning().map(|w| w.to_string()))
        .unwrap_or_else(|| "This password is too easy to guess.".to_owned());
    Err(format!(
        "{reason} Choose a longer password made of several unrelated words."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(p: &str) -> NewPassword {
        NewPassword::parse(p).expect("long enough")
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password_and_uses_argon2id() {
        let passwords = Passwords::new(2);
        let hash = passwords
            .hash(&new("violet tractor humming lantern"))
            .await
            .unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert_eq!(
            passwords
                .verify("violet tractor humming lantern", Some(&hash))
                .await
                .unwrap(),
            Verified::Match { rehash: false }
        );
        assert_eq!(
            passwords
                .verify("violet tractor humming lanterN", Some(&hash))
                .await
                .unwrap(),
            Verified::NoMatch
        );
        assert_eq!(
            passwords
                .verify("anything at all, really", None)
                .await
                .unwrap(),
            Verified::NoMatch
        );
        assert_eq!(
            passwords.verify("x", Some("not a hash")).await.unwrap(),
            Verified::NoMatch
        );
    }

    #[tokio::test]
    async fn weaker_stored_parameters_ask_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 1, 1, None).unwrap(),
        )
        .hash_password(
            b"violet tractor humming lantern",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        let verified = Passwords::new(1)
            .verify("violet tractor humming lantern", Some(&weak))
            .await
            .unwrap();
        assert_eq!(verified, Verified::Match { rehash: true });
    }

    #[test]
    fn common_and_personal_passwords_are_refused_with_a_reason() {
        for weak in [
            "passwordpassword",
            "123456789012345",
            "qwertyuiopasdfgh",
            "aaaaaaaaaaaaaaaa",
        ] {
            let err = check_strength(&new(weak), &[]).expect_err(weak);
            assert!(err.contains("Choose"), "{err}");
        }
        let err = check_strength(&new("techforceportal2026"), &[]).unwrap_err();
        assert!(
            err.contains("relates to you or this site") || err.contains("Choose"),
            "{err}"
        );
        let err = check_strength(
            &new("pat.doe@agency.gov!!"),
            &["pat.doe@agency.gov", "Pat Doe"],
        )
        .unwrap_err();
        assert!(!err.is_empty());
        assert!(
            check_strength(&new("violet tractor humming lantern"), &["pat@agency.gov"]).is_ok()
        );
    }
}
