//! The challenge library (staff only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::challenge::{ChallengeForm, Hint};
use crate::error::AppError;

/// One challenge in the library list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub difficulty: String,
    pub points: i64,
    pub check: String,
    pub updated: String,
    /// Answers given, in every assessment.
    pub attempts: i64,
    /// "3 of 8 (38%)": candidates who solved it of those who had it.
    pub solve_rate: String,
}

/// An answer that belonged to another candidate's generated file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityFlag {
    /// The application that gave the answer ("TF-000123").
    pub application: String,
    /// The application whose file the answer came from.
    pub owner: String,
    pub answer: String,
    pub at: String,
}

/// How candidates have done on one challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeStats {
    pub attempts: i64,
    pub solve_rate: String,
    /// Median time from the start of the assessment to the right answer.
    pub median_time_to_solve: Option<String>,
    /// The most recent first (at most 100).
    pub flags: Vec<IntegrityFlag>,
}

/// A file handed out with a challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtefactInfo {
    pub id: i64,
    pub filename: String,
    /// "12 KB".
    pub size: String,
    pub href: String,
}

/// A challenge for staff to edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeEditor {
    pub id: i64,
    pub version: i64,
    pub form: ChallengeForm,
    pub artefacts: Vec<ArtefactInfo>,
    pub artefact_max_mb: usize,
}

/// A generated artefact, as a sample candidate would get it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedSample {
    pub filename: String,
    /// The first lines, to show on the page.
    pub excerpt: String,
    pub href: String,
    /// What the candidate is asked to give.
    pub answer_format: String,
    /// The sample candidate's answer (staff see it; candidates never do).
    pub answer: String,
}

/// A challenge as a candidate would see it, plus the answer key in words
/// for the staff member previewing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengePreview {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub work_roles: Vec<String>,
    pub difficulty: String,
    pub points: i64,
    pub max_attempts: i64,
    /// Sanitised HTML from the Markdown description.
    pub description_html: String,
    pub hints: Vec<Hint>,
    /// The choices of a multiple-choice question (value = position).
    pub choices: Vec<String>,
    pub artefacts: Vec<ArtefactInfo>,
    pub generated: Option<GeneratedSample>,
    /// How answers are judged, in words (staff only).
    pub answer_key: String,
    pub stats: ChallengeStats,
}

#[server(endpoint = "admin/challenges")]
pub async fn list_challenges() -> Result<Vec<ChallengeRow>, AppError> {
    crate::server::challenges::library::list().await
}

#[server(endpoint = "admin/challenge")]
pub async fn get_challenge(id: i64) -> Result<ChallengeEditor, AppError> {
    crate::server::challenges::library::get(id).await
}

/// Adds a challenge to the library, then goes to its edit page.
#[server(endpoint = "admin/create-challenge")]
pub async fn create_challenge(challenge: ChallengeForm) -> Result<(), AppError> {
    crate::server::challenges::library::create(challenge).await
}

/// Saves a challenge, if nobody changed it since `version`.
#[server(endpoint = "admin/update-challenge")]
pub async fn update_challenge(
    id: i64,
    version: i64,
    challenge: ChallengeForm,
) -> Result<(), AppError> {
    crate::server::challenges::library::update(id, version, challenge).await
}

/// Removes a file from a challenge.
#[server(endpoint = "admin/remove-artefact")]
pub async fn remove_artefact(id: i64, artefact_id: i64) -> Result<(), AppError> {
    crate::server::challenges::library::remove_artefact(id, artefact_id).await
}

#[server(endpoint = "admin/preview-challenge")]
pub async fn preview_challenge(id: i64) -> Result<ChallengePreview, AppError> {
    crate::server::challenges::library::preview(id).await
}
