//! Program reports for staff (`/admin/reports`): openings by state, the
//! workflow funnel, applicants by opening, time in each stage and time to
//! hire against the 80-day goal, challenge pass rates, integrity flags,
//! and numbers per NICE work role. Every table also downloads as CSV
//! (`/admin/reports/{table}.csv`).

use std::str::FromStr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::application::ApplicationStatus;
use crate::error::AppError;

/// The program's time-to-hire goal (Merit Hiring Plan), in days.
pub const GOAL_DAYS: i64 = 80;

/// Openings per page of the applicants-by-opening table.
pub const OPENINGS_PER_PAGE: u32 = 25;

/// The most recent integrity flags listed on the page.
pub const FLAGS_LISTED: i64 = 50;

/// The most openings the applicants-by-opening file holds.
pub const CSV_MAX_OPENINGS: i64 = 5_000;

/// The most integrity flags the flags file holds (the most recent).
pub const CSV_MAX_FLAGS: i64 = 1_000;

/// The most recent completed stays the stage medians are taken over.
pub const MAX_STAYS: i64 = 50_000;

/// The steps of the workflow's main path, in order: the funnel's bars and
/// the applicants-by-opening table's columns. Endings (screened out, not
/// selected, withdrawn…) are in the funnel's table.
pub const FUNNEL: [ApplicationStatus; 9] = [
    ApplicationStatus::Submitted,
    ApplicationStatus::AssessmentCompleted,
    ApplicationStatus::Qualified,
    ApplicationStatus::Referred,
    ApplicationStatus::Interview,
    ApplicationStatus::Selected,
    ApplicationStatus::OfferExtended,
    ApplicationStatus::OfferAccepted,
    ApplicationStatus::Hired,
];

/// The tables of the report, each downloadable as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportTable {
    OpeningStates,
    Funnel,
    Openings,
    StageTimes,
    TimeToHire,
    Challenges,
    IntegrityFlags,
    WorkRoles,
}

impl ReportTable {
    pub const ALL: [ReportTable; 8] = [
        ReportTable::OpeningStates,
        ReportTable::Funnel,
        ReportTable::Openings,
        ReportTable::StageTimes,
        ReportTable::TimeToHire,
        ReportTable::Challenges,
        ReportTable::IntegrityFlags,
        ReportTable::WorkRoles,
    ];

    /// The file's name without `.csv`, as the URL carries it.
    pub fn slug(self) -> &'static str {
        match self {
            ReportTable::OpeningStates => "opening-states",
            ReportTable::Funnel => "funnel",
            ReportTable::Openings => "openings",
            ReportTable::StageTimes => "stage-times",
            ReportTable::TimeToHire => "time-to-hire",
            ReportTable::Challenges => "challenges",
            ReportTable::IntegrityFlags => "integrity-flags",
            ReportTable::WorkRoles => "work-roles",
        }
    }

    /// The CSV file's address.
    pub fn href(self) -> String {
        format!("/admin/reports/{}.csv", self.slug())
    }

    /// What the table holds, as the download link says it.
    pub fn label(self) -> &'static str {
        match self {
            ReportTable::OpeningStates => "openings by state",
            ReportTable::Funnel => "applicants through the workflow",
            ReportTable::Openings => "applicants by opening",
            ReportTable::StageTimes => "time in each stage",
            ReportTable::TimeToHire => "time to hire",
            ReportTable::Challenges => "challenge pass rates",
            ReportTable::IntegrityFlags => "integrity flags",
            ReportTable::WorkRoles => "numbers per NICE work role",
        }
    }
}

impl FromStr for ReportTable {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        ReportTable::ALL
            .into_iter()
            .find(|t| t.slug() == value)
            .ok_or_else(|| format!("unknown report {value:?}"))
    }
}

/// How many openings are in one state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCount {
    /// "Draft", "Scheduled", "Open", "Closed", "Cancelled".
    pub state: String,
    pub openings: i64,
}

/// One status of the workflow across the program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCount {
    pub status: ApplicationStatus,
    /// Applications that ever entered the status.
    pub reached: i64,
    /// Applications in the status now.
    pub now: i64,
}

/// How long applications stayed in one status before they moved on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTime {
    pub status: ApplicationStatus,
    /// Stays that have ended (the application moved on).
    pub stays: i64,
    pub median_seconds: Option<i64>,
}

/// Received to hired, against the goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeToHire {
    pub hires: i64,
    pub median_seconds: Option<i64>,
    /// Hires within [`GOAL_DAYS`] of being received.
    pub within_goal: i64,
    /// Their share of the hires, in whole percent.
    pub share_within_goal: Option<i64>,
}

/// One challenge of the library and how candidates did on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRate {
    pub id: i64,
    pub title: String,
    /// Sittings (started assessments) that included the challenge.
    pub sittings: i64,
    /// Answers given, right or wrong.
    pub attempts: i64,
    /// Sittings that solved it.
    pub solved: i64,
    /// Solved of sittings, in whole percent.
    pub pass_rate: Option<i64>,
}

/// One integrity flag on the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRow {
    pub public_id: String,
    /// "TF-000123".
    pub number: String,
    pub opening: String,
    pub challenge: String,
    pub kind: String,
    /// "2026-11-24 14:05" (UTC).
    pub flagged_at: String,
}

/// Integrity flags across the program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagSummary {
    pub flags: i64,
    /// Applications with at least one flag.
    pub applications: i64,
    /// Candidates with at least one flagged application.
    pub candidates: i64,
    /// The most recent flags, newest first (at most [`FLAGS_LISTED`]).
    pub recent: Vec<FlagRow>,
}

/// One NICE work role across the program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRoleRow {
    /// "PD-WRL-003".
    pub id: String,
    pub name: String,
    pub openings: i64,
    /// Submitted applications to those openings.
    pub applicants: i64,
    pub hires: i64,
}

/// The program report (everything but the applicants-by-opening pages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramNumbers {
    /// "2026-11-24 14:05" (UTC).
    pub generated_at: String,
    pub opening_states: Vec<StateCount>,
    /// Every status but draft, in workflow order.
    pub funnel: Vec<StageCount>,
    /// Submitted applications (drafts are the candidates' own).
    pub applications: i64,
    /// Statuses applications leave, in workflow order.
    pub stage_times: Vec<StageTime>,
    /// Whether the medians were taken over the most recent stays only.
    pub stage_times_capped: bool,
    pub time_to_hire: TimeToHire,
    pub challenges: Vec<ChallengeRate>,
    pub flags: FlagSummary,
    pub work_roles: Vec<WorkRoleRow>,
}

/// One opening and how far its applicants got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningRow {
    pub id: i64,
    pub title: String,
    pub state: String,
    /// Submitted applications.
    pub applicants: i64,
    /// Applicants who reached each step of [`FUNNEL`], in its order.
    pub reached: Vec<i64>,
}

/// One page of openings, the most applicants first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningsPage {
    pub rows: Vec<OpeningRow>,
    /// Openings that have left draft, on all pages.
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// The program report, for staff.
#[server(endpoint = "reports/program")]
pub async fn program_report() -> Result<ProgramNumbers, AppError> {
    crate::server::reports::program().await
}

/// One page of the applicants-by-opening table, for staff.
#[server(endpoint = "reports/openings")]
pub async fn openings_report(#[server(default)] page: u32) -> Result<OpeningsPage, AppError> {
    crate::server::reports::openings(page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_round_trips_through_its_file_name() {
        for table in ReportTable::ALL {
            assert_eq!(table.slug().parse::<ReportTable>(), Ok(table));
            assert!(table.href().ends_with(".csv"));
        }
        assert!("../etc".parse::<ReportTable>().is_err());
    }

    #[test]
    fn the_funnel_follows_the_workflow_from_received_to_hired() {
        assert_eq!(FUNNEL.first(), Some(&ApplicationStatus::Submitted));
        assert_eq!(FUNNEL.last(), Some(&ApplicationStatus::Hired));
        let order = |s: &ApplicationStatus| ApplicationStatus::ALL.iter().position(|a| a == s);
        assert!(FUNNEL.windows(2).all(|w| order(&w[0]) < order(&w[1])));
    }
}
