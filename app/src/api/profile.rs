//! The candidate profile on `/account`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::applications::ResumeInfo;
use crate::domain::application::VeteransPreference;
use crate::error::AppError;

/// A candidate's profile, as they see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateProfile {
    pub legal_name: String,
    /// The day U.S. citizenship was stated ("2026-11-24"), if it was.
    pub citizen_since: Option<String>,
    pub veterans_preference: VeteransPreference,
    pub resume: Option<ResumeInfo>,
    pub resume_max_mb: usize,
    pub resume_max_pages: usize,
}

/// The signed-in candidate's profile; `None` for other roles.
#[server(endpoint = "profile/get")]
pub async fn my_profile() -> Result<Option<CandidateProfile>, AppError> {
    crate::server::profile::my_profile().await
}

/// Saves the profile: legal name, citizenship (`citizen=yes`) and the
/// default veterans' preference.
#[server(endpoint = "profile/save")]
pub async fn save_profile(
    #[server(default)] legal_name: String,
    #[server(default)] citizen: Option<String>,
    #[server(default)] veterans_preference: String,
) -> Result<(), AppError> {
    crate::server::profile::save_profile(&legal_name, citizen.as_deref(), &veterans_preference)
        .await
}

/// Takes the default résumé off the profile.
#[server(endpoint = "profile/remove-resume")]
pub async fn remove_profile_resume() -> Result<(), AppError> {
    crate::server::profile::remove_profile_resume().await
}
