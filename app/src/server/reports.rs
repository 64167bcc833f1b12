//! The program reports, for staff only. Every number is counted by the
//! database in a handful of grouped queries (no query per opening or per
//! application); the two that need a median (time in each stage, time to
//! hire) read a bounded number of the most recent history rows and do the
//! arithmetic in Rust ([`crate::domain::stats`]), since SQLite and
//! PostgreSQL agree neither on medians nor on date arithmetic over the
//! stored text times. The CSV files are the page's tables, cell for cell.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row as _};
use time::OffsetDateTime;

use crate::api::reports::{
    CSV_MAX_FLAGS, CSV_MAX_OPENINGS, ChallengeRate, FLAGS_LISTED, FUNNEL, FlagRow, FlagSummary,
    GOAL_DAYS, MAX_STAYS, OPENINGS_PER_PAGE, OpeningRow, OpeningsPage, ProgramNumbers, ReportTable,
    StageCount, StageTime, StateCount, TimeToHire, WorkRoleRow,
};
use crate::domain::account::Role;
use crate::domain::application::ApplicationStatus;
use crate::domain::opening::{OpeningStatus, WORK_ROLES, work_role};
use crate::domain::stats::{self, SECONDS_PER_DAY};
use crate::error::AppError;
use crate::server::auth::guard::{CurrentUser, require_role};
use crate::server::certificates::cell;
use crate::server::clock;
use crate::server::db::audit::{self, AuditEvent, Outcome};
use crate::server::request::{internal, state};
use crate::server::state::AppState;

/// The most recent hires time to hire is measured over (decades of the
/// program's thousand a year).
pub const MAX_HIRES: i64 = 20_000;
/// The most challenges listed; the library is staff-authored and small.
const MAX_CHALLENGES: i64 = 500;

/// What the flag list calls an answer that belongs to another
/// candidate's generated file (the one kind of integrity flag there is).
pub const SHARED_ANSWER: &str = "Answer from another candidate’s file";

/// Applications that were submitted (drafts, and drafts given up, are the
/// candidates' own and not part of the program's numbers).
const SUBMITTED: &str = "a.submitted_at IS NOT NULL";

fn decode(error: String) -> sqlx::Error {
    sqlx::Error::Decode(error.into())
}

/// A stored time; the fixed-width form the portal writes, or any RFC 3339
/// time (as data loaded by other tools may carry).
fn parse_time(text: &str) -> Option<OffsetDateTime> {
    clock::from_text(text).or_else(|| {
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
    })
}

/// "2026-11-24 14:05" from a stored time.
fn minute_of(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// An opening's state as the report names it: a published opening whose
/// opening date is still ahead is "Scheduled".
fn state_label(status: OpeningStatus, opens_at: Option<&str>, now: &str) -> &'static str {
    match status {
        OpeningStatus::Published if opens_at.is_some_and(|at| at > now) => "Scheduled",
        OpeningStatus::Published => "Open",
        other => other.label(),
    }
}

async fn opening_states(
    conn: &mut AnyConnection,
    now: &str,
) -> Result<Vec<StateCount>, sqlx::Error> {
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM openings GROUP BY status")
            .fetch_all(&mut *conn)
            .await?;
    let scheduled: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM openings WHERE status = 'published' AND opens_at > $1",
    )
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let of = |status: OpeningStatus| {
        counts
            .iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n)
    };
    let row = |state: &str, openings: i64| StateCount {
        state: state.to_owned(),
        openings,
    };
    Ok(vec![
        row("Draft", of(OpeningStatus::Draft)),
        row("Scheduled", scheduled),
        row("Open", of(OpeningStatus::Published) - scheduled),
        row("Closed", of(OpeningStatus::Closed)),
        row("Cancelled", of(OpeningStatus::Cancelled)),
    ])
}

/// Every status but draft: how many submitted applications ever entered
/// it (from the history) and how many are in it now; and how many
/// applications were submitted.
async fn funnel(conn: &mut AnyConnection) -> Result<(Vec<StageCount>, i64), sqlx::Error> {
    let reached: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT h.to_status, COUNT(DISTINCT h.application_id)
         FROM application_history h JOIN applications a ON a.id = h.application_id
         WHERE {SUBMITTED} GROUP BY h.to_status"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let now: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT a.status, COUNT(*) FROM applications a WHERE {SUBMITTED} GROUP BY a.status"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let find = |rows: &[(String, i64)], status: ApplicationStatus| {
        rows.iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n)
    };
    let stages = ApplicationStatus::ALL
        .into_iter()
        .filter(|s| *s != ApplicationStatus::Draft)
        .map(|status| StageCount {
            status,
            reached: find(&reached, status),
            now: find(&now, status),
        })
        .collect();
    Ok((stages, now.iter().map(|(_, n)| n).sum()))
}

/// Openings that have left draft.
async fn count_openings(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM openings WHERE status <> 'draft'")
        .fetch_one(&mut *conn)
        .await
}

/// Openings that have left draft, the most applicants first, with how
/// many of their applicants reached each step of the funnel: two queries
/// whatever the number of openings.
async fn opening_rows(
    conn: &mut AnyConnection,
    now: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<OpeningRow>, sqlx::Error> {
    // The page's place is a parameter: one statement text for every page,
    // prepared once per connection.
    let rows = sqlx::query(&format!(
        "SELECT o.id, o.title, o.status, o.opens_at, COUNT(a.id) AS applicants
         FROM openings o LEFT JOIN applications a ON a.opening_id = o.id AND {SUBMITTED}
         WHERE o.status <> 'draft'
         GROUP BY o.id, o.title, o.status, o.opens_at
         ORDER BY applicants DESC, o.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let mut openings = rows
        .iter()
        .map(|row| {
            let status: OpeningStatus = row
                .try_get::<String, _>("status")?
                .parse()
                .map_err(decode)?;
            let opens_at: Option<String> = row.try_get("opens_at")?;
            Ok(OpeningRow {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                state: state_label(status, opens_at.as_deref(), now).to_owned(),
                applicants: row.try_get("applicants")?,
                reached: vec![0; FUNNEL.len()],
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    if openings.is_empty() {
        return Ok(openings);
    }
    // Ids from the database, not from the request: safe to write inline.
    let ids = openings
        .iter()
        .map(|o| o.id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let reached: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT a.opening_id, h.to_status, COUNT(DISTINCT h.application_id)
         FROM application_history h JOIN applications a ON a.id = h.application_id
         WHERE a.opening_id IN ({ids}) AND {SUBMITTED}
         GROUP BY a.opening_id, h.to_status"
    ))
    .fetch_all(&mut *conn)
    .await?;
    // Row by opening id: the CSV holds thousands of openings.
    let row_of: std::collections::HashMap<i64, usize> = openings
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id, i))
        .collect();
    for (opening_id, status, count) in reached {
        let column = FUNNEL.iter().position(|s| s.as_str() == status);
        if let (Some(&row), Some(column)) = (row_of.get(&opening_id), column) {
            openings[row].reached[column] = count;
        }
    }
    Ok(openings)
}

/// The median stay in each status applications leave, over the most
/// recent [`MAX_STAYS`] completed stays. A stay starts with the history
/// entry that moved the application into a status and ends with the
/// entry that moved it out (no status is entered twice: the workflow has
/// no way back). Returns whether the cap was reached.
async fn stage_times(conn: &mut AnyConnection) -> Result<(Vec<StageTime>, bool), sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(&format!(
        "SELECT h.to_status, h.occurred_at, n.occurred_at
         FROM application_history h JOIN application_history n
            ON n.application_id = h.application_id AND n.from_status = h.to_status
         ORDER BY n.id DESC LIMIT {}",
        MAX_STAYS + 1
    ))
    .fetch_all(&mut *conn)
    .await?;
    let capped = i64::try_from(rows.len()).unwrap_or(i64::MAX) > MAX_STAYS;
    let mut stays: HashMap<ApplicationStatus, Vec<i64>> = HashMap::new();
    for (status, entered, left) in rows.iter().take(usize::try_from(MAX_STAYS).unwrap_or(0)) {
        let (Ok(status), Some(entered), Some(left)) = (
            status.parse::<ApplicationStatus>(),
            parse_time(entered),
            parse_time(left),
        ) else {
            continue;
        };
        stays
            .entry(status)
            .or_default()
            .push((left - entered).whole_seconds().max(0));
    }
    let times = ApplicationStatus::ALL
        .into_iter()
        .filter(|s| *s != ApplicationStatus::Draft && !s.is_final())
        .map(|status| {
            let mut seconds = stays.remove(&status).unwrap_or_default();
            StageTime {
                status,
                stays: i64::try_from(seconds.len()).unwrap_or(i64::MAX),
                median_seconds: stats::median(&mut seconds),
            }
        })
        .collect();
    Ok((times, capped))
}

/// From received (submitted) to hired, over the most recent hires.
async fn time_to_hire(conn: &mut AnyConnection) -> Result<TimeToHire, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT s.occurred_at, h.occurred_at
         FROM application_history h JOIN application_history s
            ON s.application_id = h.application_id AND s.to_status = 'submitted'
         WHERE h.to_status = 'hired' ORDER BY h.id DESC LIMIT {MAX_HIRES}"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut seconds: Vec<i64> = rows
        .iter()
        .filter_map(|(received, hired)| {
            Some(
                (parse_time(hired)? - parse_time(received)?)
                    .whole_seconds()
                    .max(0),
            )
        })
        .collect();
    let hires = i64::try_from(seconds.len()).unwrap_or(i64::MAX);
    let within_goal = stats::count_within(&seconds, GOAL_DAYS * SECONDS_PER_DAY);
    Ok(TimeToHire {
        hires,
        median_seconds: stats::median(&mut seconds),
        within_goal,
        share_within_goal: stats::share_percent(within_goal, hires),
    })
}

/// Each challenge of the library: sittings that had it, answers given,
/// sittings that solved it. Three grouped queries.
async fn challenge_rates(conn: &mut AnyConnection) -> Result<Vec<ChallengeRate>, sqlx::Error> {
    let mut challenges: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT id, title FROM challenges ORDER BY id LIMIT {MAX_CHALLENGES}"
    ))
    .fetch_all(&mut *conn)
    .await?;
    // By title, sorted here: the two databases collate text differently.
    challenges.sort_by(|(a_id, a), (b_id, b)| {
        a.to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a_id.cmp(b_id))
    });
    let sittings: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT ac.challenge_id, COUNT(*) FROM sittings s
         JOIN assessment_challenges ac ON ac.assessment_id = s.assessment_id
         GROUP BY ac.challenge_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let answers: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT challenge_id, COUNT(*), COUNT(DISTINCT CASE WHEN correct = 1 THEN sitting_id END)
         FROM submissions GROUP BY challenge_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(challenges
        .into_iter()
        .map(|(id, title)| {
            let had = sittings
                .iter()
                .find(|(c, _)| *c == id)
                .map_or(0, |(_, n)| *n);
            let (attempts, solved) = answers
                .iter()
                .find(|(c, ..)| *c == id)
                .map_or((0, 0), |(_, a, s)| (*a, *s));
            ChallengeRate {
                id,
                title,
                sittings: had,
                attempts,
                solved,
                pass_rate: stats::share_percent(solved, had),
            }
        })
        .collect())
}

/// Integrity flags: how many, on how many applications and candidates,
/// and the most recent `limit` of them.
async fn flags(conn: &mut AnyConnection, limit: i64) -> Result<FlagSummary, sqlx::Error> {
    let (flags, applications, candidates): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT s.application_id), COUNT(DISTINCT a.candidate_id)
         FROM integrity_flags f JOIN sittings s ON s.id = f.sitting_id
         JOIN applications a ON a.id = s.application_id",
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query(&format!(
        "SELECT a.id, a.public_id, o.title AS opening, c.title AS challenge, f.flagged_at
         FROM integrity_flags f JOIN sittings s ON s.id = f.sitting_id
         JOIN applications a ON a.id = s.application_id JOIN openings o ON o.id = a.opening_id
         JOIN challenges c ON c.id = f.challenge_id
         ORDER BY f.flagged_at DESC, f.id DESC LIMIT {limit}"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let recent = rows
        .iter()
        .map(|row| {
            Ok(FlagRow {
                public_id: row.try_get("public_id")?,
                number: format!("TF-{:06}", row.try_get::<i64, _>("id")?),
                opening: row.try_get("opening")?,
                challenge: row.try_get("challenge")?,
                kind: SHARED_ANSWER.to_owned(),
                flagged_at: minute_of(&row.try_get::<String, _>("flagged_at")?),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(FlagSummary {
        flags,
        applications,
        candidates,
        recent,
    })
}

/// Per NICE work role: openings that have left draft, their submitted
/// applications and their hires. An opening tagged with two roles counts
/// for both.
async fn work_roles(conn: &mut AnyConnection) -> Result<Vec<WorkRoleRow>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT r.work_role_id, COUNT(DISTINCT r.opening_id), COUNT(a.id),
            COUNT(CASE WHEN a.status = 'hired' THEN 1 END)
         FROM opening_work_roles r JOIN openings o ON o.id = r.opening_id
         LEFT JOIN applications a ON a.opening_id = r.opening_id AND {SUBMITTED}
         WHERE o.status <> 'draft'
         GROUP BY r.work_role_id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut roles: Vec<WorkRoleRow> = rows
        .into_iter()
        .map(|(id, openings, applicants, hires)| WorkRoleRow {
            name: work_role(&id).map_or_else(|| id.clone(), |r| r.name.to_owned()),
            id,
            openings,
            applicants,
            hires,
        })
        .collect();
    // The most applicants first; then in the framework's order.
    let place = |id: &str| {
        WORK_ROLES
            .iter()
            .position(|r| r.id == id)
            .unwrap_or(WORK_ROLES.len())
    };
    roles.sort_by(|a, b| {
        b.applicants
            .cmp(&a.applicants)
            .then_with(|| place(&a.id).cmp(&place(&b.id)))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(roles)
}

async fn load_program(conn: &mut AnyConnection) -> Result<ProgramNumbers, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let opening_states = opening_states(conn, &now).await?;
    let (funnel, applications) = funnel(conn).await?;
    let (stage_times, stage_times_capped) = stage_times(conn).await?;
    Ok(ProgramNumbers {
        generated_at: format!("{} UTC", minute_of(&now)),
        opening_states,
        funnel,
        applications,
        stage_times,
        stage_times_capped,
        time_to_hire: time_to_hire(conn).await?,
        challenges: challenge_rates(conn).await?,
        flags: flags(conn, FLAGS_LISTED).await?,
        work_roles: work_roles(conn).await?,
    })
}

pub async fn program() -> Result<ProgramNumbers, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    load_program(&mut conn).await.map_err(internal)
}

pub async fn openings(page: u32) -> Result<OpeningsPage, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let total = count_openings(&mut conn).await.map_err(internal)?;
    let per_page = i64::from(OPENINGS_PER_PAGE);
    let pages = u32::try_from((total + per_page - 1) / per_page)
        .unwrap_or(u32::MAX)
        .max(1);
    let page = page.clamp(1, pages);
    let now = clock::to_text(clock::now());
    let rows = opening_rows(&mut conn, &now, per_page, i64::from(page - 1) * per_page)
        .await
        .map_err(internal)?;
    Ok(OpeningsPage {
        rows,
        total,
        page,
        pages,
    })
}

/// What a request for a report file gets.
#[derive(Debug)]
pub enum Download {
    /// (file name, bytes) of a `text/csv` file.
    File(String, Vec<u8>),
    /// Not staff (the refusal is audited).
    Forbidden,
    /// No such report.
    NotFound,
}

/// The CSV file `file` ("funnel.csv") for `reader`, if staff.
pub async fn csv_for_download(
    state: &AppState,
    reader: &CurrentUser,
    file: &str,
    remote_addr: Option<&str>,
) -> Result<Download, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    if reader.user.role != Role::Staff {
        let path = format!(
            "/admin/reports/{}",
            file.chars().take(100).collect::<String>()
        );
        let detail =
            serde_json::json!({ "needed": Role::Staff.as_str(), "had": reader.user.role.as_str() })
                .to_string();
        drop(conn);
        audit::refusal(
            &state.db,
            None,
            &reader.user,
            Some(&path),
            remote_addr,
            &detail,
        )
        .await?;
        return Ok(Download::Forbidden);
    }
    let Some(table) = file
        .strip_suffix(".csv")
        .and_then(|slug| slug.parse::<ReportTable>().ok())
    else {
        return Ok(Download::NotFound);
    };
    let now = clock::now();
    let bytes = csv_of(&mut conn, state, table, &clock::to_text(now)).await?;
    // The flags file names applications: who took which file is kept.
    let subject = format!("report:{}", table.slug());
    drop(conn);
    audit::record(
        &state.db,
        &AuditEvent {
            actor_id: Some(reader.user.id),
            actor_email: Some(reader.user.email.as_str()),
            action: "report.download",
            subject: Some(&subject),
            outcome: Outcome::Success,
            remote_addr,
            detail: None,
        },
    )
    .await?;
    let day = clock::to_text(now).get(..10).unwrap_or_default().to_owned();
    Ok(Download::File(
        format!("techforce-{}-{day}.csv", table.slug()),
        bytes,
    ))
}

/// A table as CSV: a header row, then the rows the page shows (files of
/// long tables hold more rows than a page, within their stated caps).
async fn csv_of(
    conn: &mut AnyConnection,
    state: &AppState,
    table: ReportTable,
    now: &str,
) -> Result<Vec<u8>, sqlx::Error> {
    let optional = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let days = |s: Option<i64>| s.map(stats::days_text).unwrap_or_default();
    let mut records: Vec<Vec<String>> = Vec::new();
    let header = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    match table {
        ReportTable::OpeningStates => {
            records.push(header(&["State", "Openings"]));
            for s in opening_states(conn, now).await? {
                records.push(vec![s.state, s.openings.to_string()]);
            }
        }
        ReportTable::Funnel => {
            records.push(header(&["Status", "Reached", "There now"]));
            for s in funnel(conn).await?.0 {
                records.push(vec![
                    s.status.label().to_owned(),
                    s.reached.to_string(),
                    s.now.to_string(),
                ]);
            }
        }
        ReportTable::Openings => {
            let mut cells = vec!["Opening".to_owned(), "Title".into(), "State".into()];
            cells.push("Applicants".into());
            // "Received" is the applicants themselves, as on the page.
            cells.extend(FUNNEL.iter().skip(1).map(|s| s.label().to_owned()));
            records.push(cells);
            for o in opening_rows(conn, now, CSV_MAX_OPENINGS, 0).await? {
                let mut row = vec![o.id.to_string(), cell(&o.title), o.state];
                row.push(o.applicants.to_string());
                row.extend(o.reached.iter().skip(1).map(i64::to_string));
                records.push(row);
            }
        }
        ReportTable::StageTimes => {
            records.push(header(&["Stage", "Completed stays", "Median days"]));
            for t in stage_times(conn).await?.0 {
                records.push(vec![
                    t.status.label().to_owned(),
                    t.stays.to_string(),
                    days(t.median_seconds),
                ]);
            }
        }
        ReportTable::TimeToHire => {
            records.push(header(&[
                "Hires",
                "Median days from received to hired",
                "Goal (days)",
                "Hired within the goal",
                "Share within the goal (%)",
            ]));
            let t = time_to_hire(conn).await?;
            records.push(vec![
                t.hires.to_string(),
                days(t.median_seconds),
                GOAL_DAYS.to_string(),
                t.within_goal.to_string(),
                optional(t.share_within_goal),
            ]);
        }
        ReportTable::Challenges => {
            records.push(header(&[
                "Challenge",
                "Sittings",
                "Attempts",
                "Solved",
                "Pass rate (%)",
            ]));
            for c in challenge_rates(conn).await? {
                records.push(vec![
                    cell(&c.title),
                    c.sittings.to_string(),
                    c.attempts.to_string(),
                    c.solved.to_string(),
                    optional(c.pass_rate),
                ]);
            }
        }
        ReportTable::IntegrityFlags => {
            records.push(header(&[
                "Application",
                "Opening",
                "Challenge",
                "Flag",
                "Flagged at (UTC)",
                "Page",
            ]));
            for f in flags(conn, CSV_MAX_FLAGS).await?.recent {
                records.push(vec![
                    f.number,
                    cell(&f.opening),
                    cell(&f.challenge),
                    f.kind,
                    f.flagged_at,
                    format!("{}/manage/applications/{}", state.public_url, f.public_id),
                ]);
            }
        }
        ReportTable::WorkRoles => {
            records.push(header(&[
                "Work role ID",
                "Work role",
                "Openings",
                "Applicants",
                "Hires",
            ]));
            for r in work_roles(conn).await? {
                records.push(vec![
                    r.id,
                    cell(&r.name),
                    r.openings.to_string(),
                    r.applicants.to_string(),
                    r.hires.to_string(),
                ]);
            }
        }
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in &records {
        out.write_record(record)
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    }
    out.into_inner()
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_openings_are_scheduled_until_their_opening_date() {
        let now = "2026-11-24T12:00:00.000000Z";
        let later = Some("2026-11-25T05:00:00.000000Z");
        let earlier = Some("2026-11-20T05:00:00.000000Z");
        assert_eq!(
            state_label(OpeningStatus::Published, later, now),
            "Scheduled"
        );
        assert_eq!(state_label(OpeningStatus::Published, earlier, now), "Open");
        assert_eq!(state_label(OpeningStatus::Published, None, now), "Open");
        assert_eq!(state_label(OpeningStatus::Closed, later, now), "Closed");
    }

    #[test]
    fn stored_and_rfc3339_times_both_read() {
        let stored = parse_time("2026-01-01T00:00:00.000000Z").unwrap();
        assert_eq!(parse_time("2026-01-01T00:00:00Z"), Some(stored));
        assert_eq!(parse_time("2026-01-01"), None);
        assert_eq!(minute_of("2026-11-24T14:05:09.123456Z"), "2026-11-24 14:05");
    }
}
