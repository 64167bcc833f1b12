//! Openings: the public job board, and staff's authoring of openings.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::opening::{LifecycleAction, OpeningForm, OpeningStatus, QuestionForm};
use crate::error::AppError;

/// Openings per page of the job board.
pub const JOBS_PER_PAGE: u32 = 20;
/// Openings per page of staff's list.
pub const ADMIN_OPENINGS_PER_PAGE: u32 = 25;

/// A NICE work role as shown on an opening.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRoleTag {
    pub id: String,
    pub name: String,
}

/// An opening as the job board lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobCard {
    pub id: i64,
    pub title: String,
    /// "GS-2210-11/13".
    pub grade: String,
    pub work_roles: Vec<WorkRoleTag>,
    pub locations: Vec<String>,
    pub workplace: String,
    /// "$84,601 – $131,826 per year".
    pub salary: String,
    pub summary: String,
    /// "December 15, 2026".
    pub closes_on: String,
    /// "Closes in 5 days".
    pub closing: String,
}

/// The job board's search, as the URL carries it. Every field is text and
/// lenient: a value that makes no sense is ignored rather than refused, so
/// that any link gives a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSearch {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub location: String,
    /// `remote`, `telework` or `on_site`.
    #[serde(default)]
    pub workplace: String,
    /// A GS grade, 1–15.
    #[serde(default)]
    pub grade: String,
    /// A NICE work role id.
    #[serde(default)]
    pub role: String,
    /// `soon`: closing within 7 days.
    #[serde(default)]
    pub closing: String,
    /// `newest`, `closing` or `relevance`.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

/// A page of the job board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobBoard {
    pub jobs: Vec<JobCard>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// Everything a candidate needs to decide about one opening.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobDetail {
    pub card: JobCard,
    pub series: String,
    pub appointment: String,
    pub who_may_apply: String,
    pub vacancies: u32,
    pub hiring_method: String,
    pub duties: String,
    pub qualifications: String,
    /// "How you will be evaluated", Markdown rendered and sanitised on the
    /// server.
    pub evaluation_html: String,
    pub opens_on: String,
    /// The questions applicants answer (prompts only: which answer screens
    /// people out is not published).
    pub questions: Vec<String>,
    /// Open for applications now.
    pub open: bool,
    /// schema.org `JobPosting`, safe to put inside a `<script>` element.
    pub json_ld: String,
}

/// One opening in staff's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOpeningRow {
    pub id: i64,
    pub title: String,
    pub grade: String,
    pub status: OpeningStatus,
    pub opens_on: String,
    pub closes_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOpeningList {
    pub rows: Vec<AdminOpeningRow>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// An account that is, or could be, an opening's hiring manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// On a pooled opening, the agency the manager selects for.
    pub agency: Option<String>,
}

/// One change in an opening's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The fields that changed: (field, before, after).
    pub changes: Vec<(String, String, String)>,
}

/// One of an opening's questions, as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub id: i64,
    /// "Yes or no", "Multiple choice", "Short essay …".
    pub kind: String,
    pub prompt: String,
    pub choices: Vec<String>,
    /// The answer that screens an applicant out.
    pub knockout: Option<String>,
}

/// What staff's edit page shows of an opening.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningEditor {
    pub id: i64,
    pub status: OpeningStatus,
    pub version: i64,
    pub form: OpeningForm,
    pub actions: Vec<LifecycleAction>,
    pub managers: Vec<ManagerRow>,
    /// Hiring managers not yet assigned.
    pub available_managers: Vec<ManagerRow>,
    /// The agencies a manager can be assigned for (pooled openings).
    pub agencies: Vec<crate::api::pooled::Agency>,
    pub history: Vec<HistoryRow>,
    pub questions: Vec<QuestionRow>,
    /// Questions can change only while the opening is a draft.
    pub questions_editable: bool,
}

/// A page of the public job board.
#[server(endpoint = "jobs/search")]
pub async fn search_jobs(search: JobSearch) -> Result<JobBoard, AppError> {
    crate::server::openings::search_jobs(&search).await
}

/// One published opening.
#[server(endpoint = "jobs/get")]
pub async fn get_job(id: i64) -> Result<JobDetail, AppError> {
    crate::server::openings::get_job(id).await
}

/// The newest openings on the board, for the home page.
#[server(endpoint = "jobs/newest")]
pub async fn newest_jobs() -> Result<Vec<JobCard>, AppError> {
    crate::server::openings::newest_jobs().await
}

/// Staff's list of every opening, optionally of one status.
#[server(endpoint = "admin/openings")]
pub async fn list_openings(status: String, page: u32) -> Result<AdminOpeningList, AppError> {
    crate::server::openings::list_openings(&status, page).await
}

/// One opening for staff to edit.
#[server(endpoint = "admin/opening")]
pub async fn get_opening(id: i64) -> Result<OpeningEditor, AppError> {
    crate::server::openings::get_opening(id).await
}

/// Creates a draft opening, then goes to its edit page.
#[server(endpoint = "admin/create-opening")]
pub async fn create_opening(opening: OpeningForm) -> Result<(), AppError> {
    crate::server::openings::create_opening(opening).await
}

/// Saves an opening's fields, if nobody changed it since `version`.
#[server(endpoint = "admin/update-opening")]
pub async fn update_opening(id: i64, version: i64, opening: OpeningForm) -> Result<(), AppError> {
    crate::server::openings::update_opening(id, version, opening).await
}

/// Publishes, closes or cancels an opening.
#[server(endpoint = "admin/opening-status")]
pub async fn change_opening_status(id: i64, action: String) -> Result<(), AppError> {
    crate::server::openings::change_status(id, &action).await
}

/// Copies an opening into a new draft, then goes to it.
#[server(endpoint = "admin/clone-opening")]
pub async fn clone_opening(id: i64) -> Result<(), AppError> {
    crate::server::openings::clone_opening(id).await
}

/// Assigns a hiring manager to an opening, for an agency (the id, or empty
/// for none) when the opening is pooled.
#[server(endpoint = "admin/assign-manager")]
pub async fn assign_manager(
    id: i64,
    user_id: i64,
    #[server(default)] agency: String,
) -> Result<(), AppError> {
    crate::server::openings::assign_manager(id, user_id, &agency).await
}

/// Removes a hiring manager from an opening.
#[server(endpoint = "admin/unassign-manager")]
pub async fn unassign_manager(id: i64, user_id: i64) -> Result<(), AppError> {
    crate::server::openings::unassign_manager(id, user_id).await
}

/// Adds an eligibility, screening or essay question to a draft opening.
#[server(endpoint = "admin/add-question")]
pub async fn add_question(id: i64, question: QuestionForm) -> Result<(), AppError> {
    crate::server::openings::add_question(id, question).await
}

/// Removes a question from a draft opening.
#[server(endpoint = "admin/remove-question")]
pub async fn remove_question(id: i64, question_id: i64) -> Result<(), AppError> {
    crate::server::openings::remove_question(id, question_id).await
}
