//! The state every handler and server function receives.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::auth::password::Passwords;
use super::auth::session::SessionPolicy;
use super::db::Db;

/// Shared, cheaply clonable application state. Built once at start-up and
/// handed to axum handlers (as router state) and to server functions (as
/// Leptos context); never global.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub secret_key: Arc<SecretKey>,
    pub passwords: Passwords,
    pub sessions: Arc<SessionPolicy>,
    /// The origin people reach the portal at, for links in email.
    pub public_url: Arc<str>,
    /// What a résumé may be.
    pub uploads: UploadLimits,
    /// The clock assessment deadlines are judged by.
    pub clock: crate::server::clock::Clock,
}

/// Limits on uploads: résumés, and the files staff attach to challenges.
#[derive(Clone, Copy, Debug)]
pub struct UploadLimits {
    pub max_bytes: usize,
    pub max_pdf_pages: usize,
    pub max_artefact_bytes: usize,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The server's secret: keys HMACs (tokens, per-candidate challenges).
/// Its `Debug` output never shows the key.
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// The smallest secret accepted, in bytes.
    pub const MIN_LEN: usize = 32;

    /// Wraps key material; `None` when it is shorter than [`Self::MIN_LEN`].
    pub fn new(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= Self::MIN_LEN).then_some(Self(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_secret_is_refused_and_a_long_one_never_prints() {
        assert!(SecretKey::new(vec![7; 31]).is_none());
        let key = SecretKey::new(vec![7; 32]).expect("32 bytes are enough");
        assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)");
    }
}
