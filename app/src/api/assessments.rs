//! Assessments: staff attach one to an opening; candidates take it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::challenges::ArtefactInfo;
use crate::domain::assessment::AssessmentForm;
use crate::error::AppError;

/// A library challenge staff can put in an assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryChoice {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub points: i64,
}

/// An opening's assessment settings, for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentEditor {
    pub opening_id: i64,
    pub form: AssessmentForm,
    /// Whether the opening has an assessment yet.
    pub exists: bool,
    /// Candidates have started it: it can no longer change.
    pub locked: bool,
    pub library: Vec<LibraryChoice>,
}

/// A hint in a sitting: its cost, and its text once revealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingHint {
    pub index: usize,
    pub cost: i64,
    pub text: Option<String>,
}

/// One challenge in a sitting, as its candidate sees it (never the answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingChallenge {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub points: i64,
    pub description_html: String,
    pub choices: Vec<String>,
    pub artefacts: Vec<ArtefactInfo>,
    /// The candidate's own generated file: (name, address).
    pub own_file: Option<(String, String)>,
    pub answer_format: Option<String>,
    pub hints: Vec<SittingHint>,
    pub solved: bool,
    pub attempts_left: i64,
}

/// Where a candidate is with an assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SittingState {
    /// Not started: the rules, and a start button if the application may
    /// take it.
    Ready {
        can_start: bool,
        why_not: Option<String>,
    },
    InProgress {
        /// "2026-11-24 15:30 UTC".
        deadline: String,
        /// The deadline as an RFC 3339 time, for the countdown.
        deadline_iso: String,
        minutes_left: i64,
        challenges: Vec<SittingChallenge>,
    },
    Ended {
        solved: usize,
        total: usize,
    },
}

/// `/assessments/{id}`: one application's assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentPage {
    pub public_id: String,
    pub number: String,
    pub opening_title: String,
    pub time_limit_minutes: i64,
    pub challenge_count: usize,
    pub points: i64,
    pub state: SittingState,
}

#[server(endpoint = "admin/assessment")]
pub async fn get_assessment(opening_id: i64) -> Result<AssessmentEditor, AppError> {
    crate::server::assessments::editor(opening_id).await
}

/// Attaches (or changes) an opening's assessment.
#[server(endpoint = "admin/save-assessment")]
pub async fn save_assessment(opening_id: i64, assessment: AssessmentForm) -> Result<(), AppError> {
    crate::server::assessments::save(opening_id, assessment).await
}

#[server(endpoint = "assessments/get")]
pub async fn my_assessment(public_id: String) -> Result<AssessmentPage, AppError> {
    crate::server::assessments::page(&public_id).await
}

/// Starts the assessment: the clock runs from now.
#[server(endpoint = "assessments/start")]
pub async fn start_assessment(public_id: String) -> Result<(), AppError> {
    crate::server::assessments::start(&public_id).await
}

/// Answers one challenge.
#[server(endpoint = "assessments/answer")]
pub async fn submit_answer(
    public_id: String,
    challenge_id: i64,
    #[server(default)] answer: String,
) -> Result<(), AppError> {
    crate::server::assessments::answer(&public_id, challenge_id, &answer).await
}

/// Reveals a hint (its cost comes off the challenge's points if solved).
#[server(endpoint = "assessments/hint")]
pub async fn reveal_hint(
    public_id: String,
    challenge_id: i64,
    hint: usize,
) -> Result<(), AppError> {
    crate::server::assessments::reveal_hint(&public_id, challenge_id, hint).await
}

/// Hands the assessment in before the deadline; `confirm` must be `yes`.
#[server(endpoint = "assessments/finish")]
pub async fn finish_assessment(
    public_id: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    crate::server::assessments::finish(&public_id, &confirm).await
}
