//! Applying for an opening, and following one's applications.

use std::collections::HashMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::application::{ApplicationStatus, VeteransPreference};
use crate::domain::opening::QuestionKind;
use crate::error::AppError;

/// One question on the apply page, with the draft's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyQuestion {
    pub id: i64,
    pub kind: QuestionKind,
    pub prompt: String,
    pub choices: Vec<String>,
    pub answer: String,
}

/// An attached résumé, as the candidate sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeInfo {
    pub filename: String,
    /// "PDF, 2 pages, 84 KB".
    pub description: String,
    /// Where to download it.
    pub href: String,
}

/// What the apply flow shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPage {
    pub opening_id: i64,
    pub title: String,
    /// "Closes in 5 days".
    pub closing: String,
    /// Still accepting applications.
    pub open: bool,
    /// The candidate confirmed their email address (needed to submit).
    pub verified: bool,
    pub questions: Vec<ApplyQuestion>,
    pub veterans_preference: VeteransPreference,
    pub attested: bool,
    /// The application's status, once there is one.
    pub status: Option<ApplicationStatus>,
    pub public_id: Option<String>,
    pub resume: Option<ResumeInfo>,
    /// The profile's default résumé, when the draft carries another one.
    pub profile_resume: Option<ResumeInfo>,
    /// The legal name on the candidate's profile (empty if not given).
    pub legal_name: String,
    /// The profile states U.S. citizenship.
    pub citizen: bool,
    pub cover_letter: String,
    /// The résumé limits, to say them before an upload.
    pub resume_max_mb: usize,
    pub resume_max_pages: usize,
}

/// One application in the candidate's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub public_id: String,
    /// "TF-000123".
    pub number: String,
    pub opening_id: i64,
    pub title: String,
    pub status: ApplicationStatus,
    pub updated: String,
}

/// One status an application has had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub on: String,
    pub status: ApplicationStatus,
    pub note: Option<String>,
}

/// One application, in full, for its candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub summary: ApplicationSummary,
    pub history: Vec<StatusChange>,
    /// (question, answer)
    pub answers: Vec<(String, String)>,
    pub veterans_preference: VeteransPreference,
    pub can_withdraw: bool,
    /// An offer waits for the candidate's answer.
    pub can_answer_offer: bool,
    pub resume: Option<ResumeInfo>,
    pub cover_letter: Option<String>,
    /// The opening's assessment for this application, if it has one.
    pub assessment_href: Option<String>,
}

/// The apply flow's state for an opening (starts nothing).
#[server(endpoint = "apply/state")]
pub async fn apply_state(opening_id: i64) -> Result<ApplyPage, AppError> {
    crate::server::applications::apply_state(opening_id).await
}

/// Step 1: saves the answers to the opening's questions (`answers[q{id}]`)
/// in the draft, starting it if needed.
#[server(endpoint = "apply/answers")]
pub async fn save_answers(
    opening_id: i64,
    #[server(default)] answers: HashMap<String, String>,
) -> Result<(), AppError> {
    crate::server::applications::save_answers(opening_id, answers).await
}

/// Step 2 (after the résumé upload): the optional cover letter.
#[server(endpoint = "apply/cover-letter")]
pub async fn save_cover_letter(
    opening_id: i64,
    #[server(default)] cover_letter: String,
) -> Result<(), AppError> {
    crate::server::applications::save_cover_letter(opening_id, &cover_letter).await
}

/// Step 2: attaches the profile's default résumé instead of uploading one.
#[server(endpoint = "apply/profile-resume")]
pub async fn use_profile_resume(opening_id: i64) -> Result<(), AppError> {
    crate::server::applications::use_profile_resume(opening_id).await
}

/// Step 3: veterans' preference and the attestation.
#[server(endpoint = "apply/declarations")]
pub async fn save_declarations(
    opening_id: i64,
    veterans_preference: String,
    #[server(default)] attest: Option<String>,
) -> Result<(), AppError> {
    crate::server::applications::save_declarations(
        opening_id,
        &veterans_preference,
        attest.is_some(),
    )
    .await
}

/// Step 3: submits the draft after a last check of everything.
#[server(endpoint = "apply/submit")]
pub async fn submit_application(opening_id: i64) -> Result<(), AppError> {
    crate::server::applications::submit(opening_id).await
}

/// The signed-in candidate's applications.
#[server(endpoint = "applications/mine")]
pub async fn my_applications() -> Result<Vec<ApplicationSummary>, AppError> {
    crate::server::applications::mine().await
}

/// One of the signed-in candidate's applications.
#[server(endpoint = "applications/get")]
pub async fn my_application(public_id: String) -> Result<ApplicationDetail, AppError> {
    crate::server::applications::one(&public_id).await
}

/// Withdraws one of the signed-in candidate's applications; `confirm`
/// must be `yes`.
#[server(endpoint = "applications/withdraw")]
pub async fn withdraw_application(public_id: String, confirm: String) -> Result<(), AppError> {
    crate::server::applications::withdraw(&public_id, &confirm).await
}

/// The candidate accepts (`answer` = `accept`) or declines (`decline`) the
/// offer on one of their applications.
#[server(endpoint = "applications/answer-offer")]
pub async fn answer_offer(public_id: String, answer: String) -> Result<(), AppError> {
    crate::server::applications::answer_offer(&public_id, &answer).await
}
