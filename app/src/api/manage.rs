//! The hiring team's side (`/manage/…`): hiring managers see the openings
//! assigned to them, staff see every opening; both review applicants and
//! move them along the workflow as the transition table allows their role.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::applications::ResumeInfo;
use crate::domain::application::{ApplicationEvent, ApplicationStatus, VeteransPreference};
use crate::domain::ranking::Category;
use crate::domain::scorecard::{Scorecard, ScorecardForm};
use crate::error::AppError;

/// One opening on the hiring team's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedOpening {
    pub id: i64,
    pub title: String,
    /// "GS-2210-12/13".
    pub grade: String,
    /// "Published", "Closed"…
    pub state: String,
    pub method: String,
    /// Submitted applications (drafts are the candidates' own).
    pub total: i64,
    /// Applications per status, in workflow order, zeros left out.
    pub counts: Vec<(ApplicationStatus, i64)>,
}

/// The filters, sort and page of an applicant list; all of it lives in the
/// URL, so a list can be bookmarked and works without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantQuery {
    /// A status name, or empty for all.
    #[serde(default)]
    pub status: String,
    /// "best", "well", "qualified", or empty.
    #[serde(default)]
    pub category: String,
    /// "eligible" (any claim), "none", or empty.
    #[serde(default)]
    pub preference: String,
    /// "yes": only applicants with integrity flags.
    #[serde(default)]
    pub flagged: String,
    /// The lowest assessment score (percentage) to show, or empty.
    #[serde(default)]
    pub min_score: String,
    /// Submitted on or after this day ("2026-11-24"), or empty.
    #[serde(default)]
    pub from: String,
    /// Submitted on or before this day, or empty.
    #[serde(default)]
    pub to: String,
    /// Part of the applicant's name or application number.
    #[serde(default)]
    pub q: String,
    /// "rank" (default), "score", "submitted", "name".
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: u32,
}

/// One applicant in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantRow {
    pub public_id: String,
    pub number: String,
    pub name: String,
    pub status: ApplicationStatus,
    pub category: Option<Category>,
    /// Percentage of the assessment's points, once scored.
    pub percent: Option<i64>,
    pub preference: VeteransPreference,
    pub flags: i64,
    /// On a pooled opening: the agency that selected the applicant.
    pub taken_by: Option<String>,
    /// "2026-11-24".
    pub submitted: String,
}

/// The applicants of one opening, one page of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantList {
    pub opening_id: i64,
    pub title: String,
    pub method: String,
    pub rows: Vec<ApplicantRow>,
    /// Matching applicants on all pages.
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// What the viewer may do to many applicants at once.
    pub bulk_actions: Vec<ApplicationEvent>,
    /// Many agencies select from this opening's one list.
    pub pooled: bool,
    /// The agency the viewer selects for, on a pooled opening.
    pub agency: Option<String>,
}

/// One challenge of a sitting, as the hiring team sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeResult {
    pub title: String,
    pub points: i64,
    pub solved: bool,
    pub attempts: i64,
    pub hints: i64,
    pub hint_cost: i64,
    /// Minutes from the start of the sitting to the right answer.
    pub minutes_to_solve: Option<i64>,
}

/// The applicant's assessment, challenge by challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentBreakdown {
    pub score: Option<i64>,
    pub max_score: Option<i64>,
    pub started: String,
    /// Empty while the sitting is open.
    pub ended: String,
    pub challenges: Vec<ChallengeResult>,
}

/// An answer that matched another candidate's generated file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityFlag {
    pub challenge: String,
    /// The application whose file the answer belongs to ("TF-000123").
    pub owner: String,
    pub answer: String,
    pub flagged_at: String,
}

/// One move in an application's history, with who made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: String,
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    /// "Pat Lee (Hiring manager)", "Tech Force Portal".
    pub by: String,
    pub note: Option<String>,
}

/// A note the hiring team keeps on an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamNote {
    pub at: String,
    pub author: String,
    pub body: String,
}

/// Everything the hiring team sees about one applicant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantDetail {
    pub public_id: String,
    pub number: String,
    pub opening_id: i64,
    pub opening_title: String,
    pub name: String,
    pub email: String,
    pub legal_name: String,
    pub citizen: bool,
    pub preference: VeteransPreference,
    pub status: ApplicationStatus,
    /// What the status was read at: a move sends it back.
    pub version: i64,
    pub category: Option<Category>,
    pub rating: Option<i64>,
    pub submitted: String,
    pub answers: Vec<(String, String)>,
    pub cover_letter: Option<String>,
    pub resume: Option<ResumeInfo>,
    pub assessment: Option<AssessmentBreakdown>,
    pub flags: Vec<IntegrityFlag>,
    pub history: Vec<HistoryLine>,
    pub notes: Vec<TeamNote>,
    /// The moves the viewer's role may make from here.
    pub actions: Vec<ApplicationEvent>,
    /// The interviewers' scorecards.
    pub scorecards: Vec<ScorecardView>,
    /// The viewer may fill in (or replace) their scorecard now.
    pub can_score: bool,
    /// Many agencies select from this opening's one list.
    pub pooled: bool,
    /// The agency the viewer selects for, on a pooled opening.
    pub agency: Option<String>,
    /// The agency that selected the applicant, on a pooled opening.
    pub taken_by: Option<String>,
}

/// One interviewer's scorecard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardView {
    pub author: String,
    pub updated_at: String,
    pub card: Scorecard,
    /// "3.4".
    pub mean: String,
}

/// What a bulk move did, application by application.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkReport {
    pub moved: Vec<String>,
    /// (application number, why not).
    pub refused: Vec<(String, String)>,
}

#[server(endpoint = "manage/openings")]
pub async fn managed_openings() -> Result<Vec<ManagedOpening>, AppError> {
    crate::server::manage::managed_openings().await
}

#[server(endpoint = "manage/applicants")]
pub async fn applicants(
    opening_id: i64,
    #[server(default)] filter: ApplicantQuery,
) -> Result<ApplicantList, AppError> {
    crate::server::manage::applicants(opening_id, filter).await
}

#[server(endpoint = "manage/applicant")]
pub async fn applicant(public_id: String) -> Result<ApplicantDetail, AppError> {
    crate::server::manage::applicant(&public_id).await
}

/// Moves one application; `version` is the one the page showed, so a move
/// that raced someone else's is refused.
#[server(endpoint = "manage/move")]
pub async fn move_application(
    public_id: String,
    version: i64,
    event: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::server::manage::move_application(&public_id, version, &event, &note).await
}

/// Moves every chosen application of an opening, one by one, by the same
/// rules; then back to the list with what moved and what did not, and why.
#[server(endpoint = "manage/bulk")]
pub async fn bulk_move(
    opening_id: i64,
    event: String,
    #[server(default)] chosen: Vec<String>,
    #[server(default)] note: String,
    #[server(default)] back: String,
) -> Result<BulkReport, AppError> {
    crate::server::manage::bulk_move(opening_id, &event, &chosen, &note, &back).await
}

/// Adds a note for the hiring team (never shown to the candidate).
#[server(endpoint = "manage/note")]
pub async fn add_note(public_id: String, body: String) -> Result<(), AppError> {
    crate::server::manage::add_note(&public_id, &body).await
}

/// Staff: rates every assessed applicant of an opening by the pass mark
/// (qualified, placed in a category, or not qualified) and re-ranks.
#[server(endpoint = "manage/rate")]
pub async fn rate_applicants(opening_id: i64) -> Result<(), AppError> {
    crate::server::manage::rate_applicants(opening_id).await
}

/// How an opening ranks, as staff set it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingSetup {
    pub referral_range: i64,
    pub scientific_professional: bool,
    pub grade_high: i64,
    pub method: String,
    /// "70% to pass; Well Qualified from 80%; Best Qualified from 90%".
    pub bands: String,
    /// The viewer is staff (may rate and change the settings).
    pub staff: bool,
    /// Many agencies select from the opening's one list.
    pub pooled: bool,
}

#[server(endpoint = "manage/ranking-settings")]
pub async fn ranking_settings(opening_id: i64) -> Result<RankingSetup, AppError> {
    crate::server::manage::ranking_settings(opening_id).await
}

/// Staff: the Rule of Many range, and whether the position is scientific
/// or professional (no CP/CPS move to the top at GS-9 and above).
#[server(endpoint = "manage/save-ranking-settings")]
pub async fn save_ranking_settings(
    opening_id: i64,
    referral_range: String,
    #[server(default)] scientific_professional: Option<String>,
    #[server(default)] pooled: Option<String>,
) -> Result<(), AppError> {
    crate::server::manage::save_ranking_settings(
        opening_id,
        &referral_range,
        scientific_professional.is_some(),
        pooled.is_some(),
    )
    .await
}

/// A referral list as listed on its opening's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateSummary {
    pub public_id: String,
    /// "Referral list 2".
    pub name: String,
    pub issued_at: String,
    pub referred: i64,
}

/// One applicant on a referral list, as frozen when it was issued (and
/// where their application is now).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateEntry {
    pub position: i64,
    pub application: String,
    pub number: String,
    pub name: String,
    pub category: Option<Category>,
    pub rating: i64,
    pub preference: VeteransPreference,
    /// Placed at the top as a CP/CPS veteran.
    pub floated: bool,
    /// Where the application is now.
    pub status: ApplicationStatus,
    /// On a pooled opening: the agency that selected the applicant.
    pub taken_by: Option<String>,
}

/// A referral list (certificate).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub public_id: String,
    pub name: String,
    pub opening_id: i64,
    pub opening_title: String,
    pub method: String,
    pub issued_at: String,
    pub issued_by: String,
    /// Shared by every agency selecting from a pooled opening.
    pub pooled: bool,
    pub entries: Vec<CertificateEntry>,
}

#[server(endpoint = "manage/certificates")]
pub async fn certificates(opening_id: i64) -> Result<Vec<CertificateSummary>, AppError> {
    crate::server::certificates::list(opening_id).await
}

#[server(endpoint = "manage/certificate")]
pub async fn certificate(public_id: String) -> Result<CertificateView, AppError> {
    crate::server::certificates::view(&public_id).await
}

/// Staff: refers the top of the opening's ranking (by its method) on a new
/// referral list, frozen from now on.
#[server(endpoint = "manage/issue-certificate")]
pub async fn issue_certificate(opening_id: i64) -> Result<(), AppError> {
    crate::server::certificates::issue(opening_id).await
}

/// Saves the signed-in interviewer's scorecard for an application at
/// interview (replacing their earlier one).
#[server(endpoint = "manage/scorecard")]
pub async fn save_scorecard(public_id: String, card: ScorecardForm) -> Result<(), AppError> {
    crate::server::manage::save_scorecard(&public_id, card).await
}
