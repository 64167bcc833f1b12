//! The hiring team's work on applications. A hiring manager reaches only
//! the openings assigned to them; staff reach every opening. Each moves
//! applications only as the transition table allows their role, through
//! [`workflow::advance`](crate::server::workflow::advance).

use sqlx::{Any, AnyConnection, Row as _, Transaction};

use crate::api::manage::{
    ApplicantDetail, ApplicantList, ApplicantQuery, ApplicantRow, AssessmentBreakdown, BulkReport,
    ChallengeResult, HistoryLine, IntegrityFlag, ManagedOpening, TeamNote,
};
use crate::components::pager::urlencode;
use crate::domain::account::Role;
use crate::domain::application::{
    Actor, ApplicationEvent, ApplicationStatus, VeteransPreference, allowed_for,
};
use crate::domain::opening::{HiringMethod, OpeningStatus, grade_label};
use crate::domain::ranking::{self, Applicant, Bands, Category, RankingRules};
use crate::error::AppError;
use crate::server::applications::resume_info;
use crate::server::assessments::{find_assessment, find_sitting};
use crate::server::auth::guard::{CurrentUser, refuse, require_role};
use crate::server::clock;
use crate::server::db::applicant_counts::{self, TALLIES};
use crate::server::db::applications::{self as db, Application};
use crate::server::db::contains_pattern;
use crate::server::db::openings::list_questions;
use crate::server::db::users::find_user;
use crate::server::pooled::{self, PoolStanding};
use crate::server::profile::find_profile;
use crate::server::request::{audit_success, internal, state};
use crate::server::state::AppState;
use crate::server::workflow::{MoveError, Mover, advance};

/// Applicants on one page of a list.
pub const PER_PAGE: i64 = 50;
/// The most applications one bulk move takes.
pub const MAX_BULK: usize = 200;
/// The longest note on a move or on an application.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// Statuses that hold a place in the ranking.
pub(crate) const RANKED: &[ApplicationStatus] = &[
    ApplicationStatus::Qualified,
    ApplicationStatus::Referred,
    ApplicationStatus::NotReferred,
    ApplicationStatus::Interview,
    ApplicationStatus::Selected,
    ApplicationStatus::OfferExtended,
    ApplicationStatus::OfferAccepted,
    ApplicationStatus::Hired,
];

/// The workflow actor a team member acts as.
pub(crate) fn actor_of(user: &CurrentUser) -> Actor {
    if user.user.role == Role::Staff {
        Actor::Staff
    } else {
        Actor::HiringManager
    }
}

/// Moves a team member may make to many applications at once. Rating and
/// referral have their own actions (they place applicants in order).
fn bulk_actions(actor: Actor) -> Vec<ApplicationEvent> {
    let mut events: Vec<ApplicationEvent> = ApplicationStatus::ALL
        .into_iter()
        .flat_map(|s| allowed_for(s, actor))
        .filter(|e| {
            !matches!(
                e,
                ApplicationEvent::Qualify
                    | ApplicationEvent::Refer
                    | ApplicationEvent::NotRefer
                    | ApplicationEvent::Cancel
            )
        })
        .collect();
    let mut seen = Vec::new();
    events.retain(|e| {
        let new = !seen.contains(e);
        seen.push(*e);
        new
    });
    events
}

/// A hiring manager or staff member.
pub(crate) async fn require_team() -> Result<CurrentUser, AppError> {
    require_role(Role::HiringManager).await
}

/// Whether `user` may work on `opening_id`'s applicants (audited when
/// not): staff always, a hiring manager when assigned.
pub(crate) async fn check_opening(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    opening_id: i64,
) -> Result<(), AppError> {
    if may_work_on(conn, user, opening_id).await? {
        return Ok(());
    }
    Err(refusal(Some(conn), user, opening_id).await)
}

/// Records that `user` was refused the opening (beside `conn`, a reading
/// connection the caller holds, or on its own) and gives the refusal.
async fn refusal(
    conn: Option<&mut AnyConnection>,
    user: &CurrentUser,
    opening_id: i64,
) -> AppError {
    refuse(conn, user, &format!(r#"{{"opening":{opening_id}}}"#)).await
}

/// Whether `user` works on the opening: staff always, a hiring manager
/// when assigned.
async fn may_work_on(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    opening_id: i64,
) -> Result<bool, AppError> {
    Ok(user.user.role == Role::Staff
        || db::manages_opening(conn, user.user.id, opening_id)
            .await
            .map_err(internal)?)
}

/// A submitted application the team member may work on. Drafts are the
/// candidate's own and are not found. Must not be called inside a write
/// transaction: a refusal is audited through the writing connection.
pub(crate) async fn team_application(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    public_id: &str,
) -> Result<Application, AppError> {
    let application = submitted(conn, public_id).await?;
    check_opening(conn, user, application.opening_id).await?;
    Ok(application)
}

async fn submitted(conn: &mut AnyConnection, public_id: &str) -> Result<Application, AppError> {
    db::find_by_public_id(conn, public_id)
        .await
        .map_err(internal)?
        .filter(|a| a.status != ApplicationStatus::Draft)
        .ok_or(AppError::NotFound)
}

/// [`team_application`] for a change: checked (a refusal audited) first,
/// then read again inside the write transaction it returns, where the
/// access is checked once more (an assignment ended meanwhile refuses).
pub(crate) async fn team_application_to_change(
    state: &AppState,
    user: &CurrentUser,
    public_id: &str,
) -> Result<(Transaction<'static, Any>, Application), AppError> {
    {
        let mut conn = state.db.pool().acquire().await.map_err(internal)?;
        team_application(&mut conn, user, public_id).await?;
    }
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let application = submitted(&mut tx, public_id).await?;
    if !may_work_on(&mut tx, user, application.opening_id).await? {
        // Recorded once the transaction (the writing connection) is gone.
        drop(tx);
        return Err(refusal(None, user, application.opening_id).await);
    }
    Ok((tx, application))
}

/// A note as typed: trimmed, bounded, no control characters.
fn clean_note(note: &str, field: &str) -> Result<Option<String>, AppError> {
    let note = note.trim().replace("\r\n", "\n");
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::field(
            field,
            format!("Use at most {MAX_NOTE_CHARS} characters."),
        ));
    }
    if note
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(AppError::field(field, "Remove the control characters."));
    }
    Ok((!note.is_empty()).then_some(note))
}

pub async fn managed_openings() -> Result<Vec<ManagedOpening>, AppError> {
    let user = require_team().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    // Staff see every opening that has left draft; a manager, theirs.
    let (scope, who) = if user.user.role == Role::Staff {
        ("o.status <> 'draft'", None)
    } else {
        (
            "EXISTS (SELECT 1 FROM opening_managers m WHERE m.opening_id = o.id AND m.user_id = $1)",
            Some(user.user.id),
        )
    };
    let sql = format!(
        "SELECT o.id, o.title, o.series, o.grade_low, o.grade_high, o.status, o.hiring_method,
            o.pooled
         FROM openings o WHERE {scope} ORDER BY o.id DESC LIMIT 200"
    );
    let mut query = sqlx::query(&sql);
    if let Some(id) = who {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&mut *conn).await.map_err(internal)?;
    // The counts of exactly the openings just read (ids are numbers,
    // written into the SQL).
    let ids = rows
        .iter()
        .map(|row| row.try_get::<i64, _>("id").map(|id| id.to_string()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(internal)?;
    let counts = if ids.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT a.opening_id, a.status, CAST(SUM(a.n) AS BIGINT) FROM {TALLIES} a
             WHERE a.status <> 'draft' AND a.opening_id IN ({})
             GROUP BY a.opening_id, a.status",
            ids.join(", ")
        );
        sqlx::query_as::<_, (i64, String, i64)>(&sql)
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?
    };
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let status: OpeningStatus = row
                .try_get::<String, _>("status")?
                .parse()
                .map_err(|e: String| sqlx::Error::Decode(e.into()))?;
            let method: HiringMethod = row
                .try_get::<String, _>("hiring_method")?
                .parse()
                .map_err(|e: String| sqlx::Error::Decode(e.into()))?;
            let grade = |column: &str| -> Result<u8, sqlx::Error> {
                u8::try_from(row.try_get::<i64, _>(column)?)
                    .map_err(|e| sqlx::Error::Decode(e.into()))
            };
            let counts: Vec<(ApplicationStatus, i64)> = ApplicationStatus::ALL
                .into_iter()
                .filter_map(|s| {
                    counts
                        .iter()
                        .find(|(o, st, n)| *o == id && st == s.as_str() && *n > 0)
                        .map(|(_, _, n)| (s, *n))
                })
                .collect();
            Ok(ManagedOpening {
                id,
                title: row.try_get("title")?,
                grade: grade_label(
                    &row.try_get::<String, _>("series")?,
                    grade("grade_low")?,
                    grade("grade_high")?,
                ),
                state: status.label().to_owned(),
                method: if row.try_get::<i64, _>("pooled")? == 1 {
                    format!("{}, pooled across agencies", method.label())
                } else {
                    method.label().to_owned()
                },
                total: counts.iter().map(|(_, n)| n).sum(),
                counts,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(internal)
}

/// What the hiring team's pages need of an opening.
pub(crate) struct OpeningRow {
    pub title: String,
    pub method: HiringMethod,
    pub referral_range: i64,
    pub scientific_professional: bool,
    pub grade_high: i64,
    /// Many agencies select from its one list.
    pub pooled: bool,
}

pub(crate) async fn find_opening_row(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<Option<OpeningRow>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT title, hiring_method, referral_range, scientific_professional, grade_high, pooled
         FROM openings WHERE id = $1",
    )
    .bind(opening_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(OpeningRow {
        title: row.try_get("title")?,
        method: row
            .try_get::<String, _>("hiring_method")?
            .parse()
            .map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        referral_range: row.try_get("referral_range")?,
        scientific_professional: row.try_get::<i64, _>("scientific_professional")? == 1,
        grade_high: row.try_get("grade_high")?,
        pooled: row.try_get::<i64, _>("pooled")? == 1,
    }))
}

pub(crate) async fn opening_basics(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<OpeningRow, AppError> {
    find_opening_row(conn, opening_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

pub async fn applicants(opening_id: i64, query: ApplicantQuery) -> Result<ApplicantList, AppError> {
    let user = require_team().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    // Access first: a manager learns nothing about openings not theirs.
    check_opening(&mut conn, &user, opening_id).await?;
    let opening = opening_basics(&mut conn, opening_id).await?;

    let mut filters = vec![
        "a.opening_id = $1".to_owned(),
        "a.status <> 'draft'".to_owned(),
    ];
    let mut binds: Vec<String> = Vec::new();
    // Whether every filter is one the kept counts know (status, category,
    // least score): then the total is read from them, not counted.
    let mut kept_count = true;
    let next = |value: String, binds: &mut Vec<String>| {
        binds.push(value);
        format!("${}", binds.len() + 1)
    };
    if !query.status.is_empty() {
        let status: ApplicationStatus = query
            .status
            .parse()
            .map_err(|_| AppError::field("status", "Choose a status from the list."))?;
        let n = next(status.as_str().to_owned(), &mut binds);
        filters.push(format!("a.status = {n}"));
    }
    if !query.category.is_empty() {
        let category: Category = query
            .category
            .parse()
            .map_err(|_| AppError::field("category", "Choose a category from the list."))?;
        let n = next(category.as_str().to_owned(), &mut binds);
        filters.push(format!("a.category = {n}"));
    }
    kept_count &= query.preference.is_empty()
        && query.flagged.is_empty()
        && query.from.trim().is_empty()
        && query.to.trim().is_empty()
        && query.q.trim().is_empty();
    match query.preference.as_str() {
        "" => {}
        "eligible" => filters.push("a.veterans_preference <> 'none'".into()),
        "none" => filters.push("a.veterans_preference = 'none'".into()),
        _ => {
            return Err(AppError::field(
                "preference",
                "Choose a veterans’ preference filter from the list.",
            ));
        }
    }
    match query.flagged.as_str() {
        "" => {}
        "yes" => filters.push(
            "EXISTS (SELECT 1 FROM integrity_flags f JOIN sittings fs ON fs.id = f.sitting_id
                     WHERE fs.application_id = a.id)"
                .into(),
        ),
        _ => {
            return Err(AppError::field(
                "flagged",
                "Choose an integrity filter from the list.",
            ));
        }
    }
    let min_score = query.min_score.trim();
    if !min_score.is_empty() {
        let n = min_score
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=100).contains(n))
            .ok_or_else(|| AppError::field("min_score", "Enter a score from 0 to 100."))?;
        let n = next(n.to_string(), &mut binds);
        filters.push(format!("a.score_percent >= CAST({n} AS INTEGER)"));
    }
    for (field, day, op) in [("from", &query.from, ">="), ("to", &query.to, "<")] {
        let day = day.trim();
        if day.is_empty() {
            continue;
        }
        let date = time::Date::parse(
            day,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|_| AppError::field(field, "Enter a date as YYYY-MM-DD."))?;
        // Stored times are UTC text: the day's start, or the next day's.
        let bound = if field == "to" {
            date.next_day().unwrap_or(date)
        } else {
            date
        };
        let n = next(format!("{bound}T00:00:00"), &mut binds);
        filters.push(format!("a.submitted_at {op} {n}"));
    }
    let q = query.q.trim();
    if q.chars().count() > 200 {
        return Err(AppError::field("q", "Search with at most 200 characters."));
    }
    if !q.is_empty() {
        let number = q
            .strip_prefix("TF-")
            .or_else(|| q.strip_prefix("tf-"))
            .unwrap_or(q)
            .parse::<i64>()
            .ok();
        let n = next(contains_pattern(q), &mut binds);
        let by_number = number
            .map(|id| {
                let n = next(id.to_string(), &mut binds);
                format!(" OR a.id = CAST({n} AS BIGINT)")
            })
            .unwrap_or_default();
        filters.push(format!("(a.sort_name LIKE {n} ESCAPE '\\'{by_number})"));
    }
    // Every key is a column of the application, in the order of one of
    // the `applicants_by_*` indexes: a page is read by walking the index.
    let order = match query.sort.as_str() {
        "" | "rank" => {
            "(a.rank_position IS NULL), a.rank_position, (a.submitted_at IS NULL), a.submitted_at, a.id"
        }
        "score" => "(a.score_percent IS NULL), a.score_percent DESC, a.submitted_at, a.id",
        "submitted" => "a.submitted_at, a.id",
        "name" => "a.sort_name, a.id",
        _ => return Err(AppError::field("sort", "Choose an order from the list.")),
    };
    let filters = filters.join(" AND ");

    let total = if kept_count {
        applicant_counts::count(&mut conn, &filters, opening_id, &binds).await
    } else {
        let count_sql = format!("SELECT COUNT(*) FROM applications a WHERE {filters}");
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(opening_id);
        for value in &binds {
            count = count.bind(value.clone());
        }
        count.fetch_one(&mut *conn).await
    }
    .map_err(internal)?;
    let pages = u32::try_from((total + PER_PAGE - 1) / PER_PAGE)
        .unwrap_or(u32::MAX)
        .max(1);
    let page = query.page.clamp(1, pages);
    let offset = i64::from(page - 1) * PER_PAGE;

    // The page's ids first, from the index; then the joins for those rows.
    // Every value is a parameter, the page's place too: the text is the
    // same for every page, so each connection prepares it once instead of
    // keeping a compiled statement for every page anyone opened.
    let limit = binds.len() + 2;
    let sql = format!(
        "SELECT a.id, a.public_id, a.status, a.category, a.veterans_preference, a.submitted_at,
            u.name, g.name AS taken_by, a.score_percent AS percent,
            (SELECT COUNT(*) FROM integrity_flags f WHERE f.sitting_id = s.id) AS flags
         FROM applications a JOIN users u ON u.id = a.candidate_id
            LEFT JOIN sittings s ON s.application_id = a.id
            LEFT JOIN agencies g ON g.id = a.taken_by
         WHERE a.id IN (SELECT a.id FROM applications a WHERE {filters}
                        ORDER BY {order} LIMIT ${limit} OFFSET ${})
         ORDER BY {order}",
        limit + 1
    );
    let mut rows = sqlx::query(&sql).bind(opening_id);
    for value in &binds {
        rows = rows.bind(value.clone());
    }
    let rows = rows
        .bind(PER_PAGE)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?;
    let (pooled, agency) = pooled::opening_pool(&mut conn, opening_id, user.user.id)
        .await
        .map_err(internal)?;
    let standing = PoolStanding {
        pooled,
        agency,
        taken_by: None,
    };
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let rows = rows
        .iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            Ok(ApplicantRow {
                public_id: row.try_get("public_id")?,
                number: format!("TF-{id:06}"),
                name: row.try_get("name")?,
                status: row
                    .try_get::<String, _>("status")?
                    .parse()
                    .map_err(decode)?,
                category: row
                    .try_get::<Option<String>, _>("category")?
                    .map(|c| c.parse())
                    .transpose()
                    .map_err(decode)?,
                percent: row.try_get("percent")?,
                preference: row
                    .try_get::<String, _>("veterans_preference")?
                    .parse()
                    .map_err(decode)?,
                flags: row.try_get("flags")?,
                taken_by: row.try_get("taken_by")?,
                submitted: row
                    .try_get::<Option<String>, _>("submitted_at")?
                    .map(|t| t.chars().take(10).collect())
                    .unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(internal)?;
    Ok(ApplicantList {
        opening_id,
        title: opening.title,
        method: opening.method.label().to_owned(),
        rows,
        total,
        page,
        pages,
        bulk_actions: standing.filter(user.user.role == Role::Staff, bulk_actions(actor_of(&user))),
        pooled,
        agency: standing.agency.map(|(_, name)| name),
    })
}

pub async fn applicant(public_id: &str) -> Result<ApplicantDetail, AppError> {
    let user = require_team().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let application = team_application(&mut conn, &user, public_id).await?;
    let candidate = find_user(&mut conn, application.candidate_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let profile = find_profile(&mut conn, candidate.id)
        .await
        .map_err(internal)?;
    let placement = sqlx::query("SELECT category, rating FROM applications WHERE id = $1")
        .bind(application.id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)?;
    let questions = list_questions(&mut conn, application.opening_id)
        .await
        .map_err(internal)?;
    let answers = db::list_answers(&mut conn, application.id)
        .await
        .map_err(internal)?;
    let history = db::list_history(&mut conn, application.id)
        .await
        .map_err(internal)?;
    let notes = sqlx::query(
        "SELECT n.created_at, n.body, u.name FROM application_notes n JOIN users u ON u.id = n.author_id
         WHERE n.application_id = $1 ORDER BY n.created_at, n.id LIMIT 500",
    )
    .bind(application.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let assessment = breakdown(&mut conn, application.id).await?;
    let standing = pooled::standing(&mut conn, &user, &application)
        .await
        .map_err(internal)?;
    let flags = sqlx::query(
        "SELECT c.title, o.application_id AS owner, f.answer, f.flagged_at
         FROM integrity_flags f JOIN sittings s ON s.id = f.sitting_id
         JOIN sittings o ON o.id = f.owner_sitting_id JOIN challenges c ON c.id = f.challenge_id
         WHERE s.application_id = $1 ORDER BY f.flagged_at, f.id",
    )
    .bind(application.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(ApplicantDetail {
        public_id: application.public_id.clone(),
        number: application.number(),
        opening_id: application.opening_id,
        opening_title: application.opening_title.clone(),
        name: candidate.name.clone(),
        email: candidate.email.as_str().to_owned(),
        legal_name: profile.legal_name,
        citizen: profile.citizen_attested_at.is_some(),
        preference: application.veterans_preference,
        status: application.status,
        version: application.version,
        category: placement
            .try_get::<Option<String>, _>("category")
            .map_err(internal)?
            .and_then(|c| c.parse().ok()),
        rating: placement.try_get("rating").map_err(internal)?,
        submitted: application
            .submitted_at
            .as_deref()
            .map(clock::plain)
            .unwrap_or_default(),
        answers: questions
            .iter()
            .filter_map(|q| {
                answers
                    .iter()
                    .find(|a| a.question_id == q.id)
                    .map(|a| (q.question.prompt.clone(), a.answer.clone()))
            })
            .collect(),
        cover_letter: application.cover_letter.clone(),
        resume: resume_info(&mut conn, &application).await?,
        assessment,
        flags: flags
            .iter()
            .map(|row| {
                Ok(IntegrityFlag {
                    challenge: row.try_get("title")?,
                    owner: format!("TF-{:06}", row.try_get::<i64, _>("owner")?),
                    answer: row.try_get("answer")?,
                    flagged_at: clock::plain(&row.try_get::<String, _>("flagged_at")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(internal)?,
        history: history
            .into_iter()
            .map(|h| HistoryLine {
                at: clock::plain(&h.occurred_at),
                from: h.from_status,
                to: h.to_status,
                by: match (h.actor, h.actor_name) {
                    (Actor::System, _) | (_, None) => h.actor.label().to_owned(),
                    (actor, Some(name)) => format!("{name} ({})", actor.label()),
                },
                note: h.note,
            })
            .collect(),
        notes: notes
            .iter()
            .map(|row| {
                Ok(TeamNote {
                    at: clock::plain(&row.try_get::<String, _>("created_at")?),
                    author: row.try_get("name")?,
                    body: row.try_get("body")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(internal)?,
        actions: standing.filter(
            user.user.role == Role::Staff,
            allowed_for(application.status, actor_of(&user)),
        ),
        pooled: standing.pooled,
        agency: standing.agency.map(|(_, name)| name),
        taken_by: standing.taken_by.map(|(_, name)| name),
        scorecards: scorecards_of(&mut conn, application.id).await?,
        can_score: application.status == ApplicationStatus::Interview,
    })
}

/// The interviewers' scorecards of an application.
async fn scorecards_of(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Vec<crate::api::manage::ScorecardView>, AppError> {
    let rows = sqlx::query(
        "SELECT s.ratings, s.recommendation, s.updated_at, u.name FROM scorecards s
         JOIN users u ON u.id = s.author_id WHERE s.application_id = $1 ORDER BY s.updated_at, s.id",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let mut cards = Vec::new();
    for row in &rows {
        let ratings: Vec<crate::domain::scorecard::Rating> =
            serde_json::from_str(&row.try_get::<String, _>("ratings").map_err(internal)?)
                .map_err(internal)?;
        let card = crate::domain::scorecard::Scorecard {
            ratings,
            recommendation: row
                .try_get::<String, _>("recommendation")
                .map_err(internal)?
                .parse()
                .map_err(internal)?,
        };
        let tenths = crate::domain::scorecard::mean_tenths(&card);
        cards.push(crate::api::manage::ScorecardView {
            author: row.try_get("name").map_err(internal)?,
            updated_at: row.try_get("updated_at").map_err(internal)?,
            mean: format!("{}.{}", tenths / 10, tenths % 10),
            card,
        });
    }
    Ok(cards)
}

pub async fn save_scorecard(
    public_id: &str,
    form: crate::domain::scorecard::ScorecardForm,
) -> Result<(), AppError> {
    let user = require_team().await?;
    let state = state()?;
    // Access first: someone off the team learns nothing from the form's
    // errors.
    let (mut tx, application) = team_application_to_change(&state, &user, public_id).await?;
    let card = form.parse().map_err(AppError::fields)?;
    if application.status != ApplicationStatus::Interview {
        return Err(AppError::Conflict(
            "Scorecards are for applicants at interview: move the application to interview first."
                .into(),
        ));
    }
    let ratings = serde_json::to_string(&card.ratings).map_err(internal)?;
    let now = clock::to_text(clock::now());
    sqlx::query(
        "INSERT INTO scorecards (application_id, author_id, ratings, recommendation, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (application_id, author_id)
         DO UPDATE SET ratings = excluded.ratings, recommendation = excluded.recommendation,
            updated_at = excluded.updated_at",
    )
    .bind(application.id)
    .bind(user.user.id)
    .bind(&ratings)
    .bind(card.recommendation.as_str())
    .bind(&now)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!(
        "/manage/applications/{public_id}?scored=1#scorecards"
    ));
    Ok(())
}

/// The sitting, challenge by challenge: solved, attempts, hints, time.
async fn breakdown(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Option<AssessmentBreakdown>, AppError> {
    let Some(sitting) = find_sitting(conn, application_id).await.map_err(internal)? else {
        return Ok(None);
    };
    let scored = sqlx::query("SELECT score, max_score FROM sittings WHERE id = $1")
        .bind(sitting.id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)?;
    let challenges = sqlx::query(
        "SELECT c.id, c.title, c.points, c.hints FROM assessment_challenges ac
         JOIN challenges c ON c.id = ac.challenge_id WHERE ac.assessment_id = $1 ORDER BY ac.position",
    )
    .bind(sitting.assessment_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let tallies: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT challenge_id, COUNT(*), MIN(CASE WHEN correct = 1 THEN submitted_at END)
         FROM submissions WHERE sitting_id = $1 GROUP BY challenge_id",
    )
    .bind(sitting.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let revealed: Vec<(i64, i64)> =
        sqlx::query_as("SELECT challenge_id, hint FROM hint_reveals WHERE sitting_id = $1")
            .bind(sitting.id)
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?;
    let started = clock::from_text(&sitting.started_at);
    let mut results = Vec::new();
    for row in &challenges {
        let id: i64 = row.try_get("id").map_err(internal)?;
        let hints: Vec<crate::domain::challenge::Hint> =
            serde_json::from_str(&row.try_get::<String, _>("hints").map_err(internal)?)
                .unwrap_or_default();
        let tally = tallies.iter().find(|(c, ..)| *c == id);
        let solved_at = tally.and_then(|(_, _, at)| at.as_deref());
        let used: Vec<i64> = revealed
            .iter()
            .filter(|(c, _)| *c == id)
            .map(|(_, h)| *h)
            .collect();
        results.push(ChallengeResult {
            title: row.try_get("title").map_err(internal)?,
            points: row.try_get("points").map_err(internal)?,
            solved: solved_at.is_some(),
            attempts: tally.map_or(0, |(_, n, _)| *n),
            hints: i64::try_from(used.len()).unwrap_or(0),
            hint_cost: used
                .iter()
                .filter_map(|h| hints.get(usize::try_from(*h).ok()?))
                .map(|h| h.cost)
                .sum(),
            minutes_to_solve: solved_at
                .and_then(clock::from_text)
                .zip(started)
                .map(|(at, start)| (at - start).whole_minutes()),
        });
    }
    Ok(Some(AssessmentBreakdown {
        score: scored.try_get("score").map_err(internal)?,
        max_score: scored.try_get("max_score").map_err(internal)?,
        started: sitting.started_at.clone(),
        ended: sitting.ended_at.clone().unwrap_or_default(),
        challenges: results,
    }))
}

/// The assessment percentage of an application, if it was scored.
pub(crate) async fn percent_of(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    // Kept on the application from its sitting (migration 0016).
    sqlx::query_scalar("SELECT score_percent FROM applications WHERE id = $1")
        .bind(application_id)
        .fetch_optional(&mut *conn)
        .await
        .map(Option::flatten)
}

/// The ranking rules of an opening.
pub(crate) async fn rules_of(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<RankingRules, sqlx::Error> {
    let opening = find_opening_row(conn, opening_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let bands = find_assessment(conn, opening_id)
        .await?
        .map(|a| Bands::from(&a.settings))
        // Without an assessment nobody is told apart by score: everyone
        // qualified is in the "Qualified" category.
        .unwrap_or(Bands {
            pass_mark: 0,
            well_from: 101,
            best_from: 101,
        });
    Ok(RankingRules {
        method: opening.method,
        bands,
        disabled_veterans_float: !(opening.scientific_professional && opening.grade_high >= 9),
        referral_range: usize::try_from(opening.referral_range).unwrap_or(10),
    })
}

/// One move by a team member, with what it implies for the ranking: a
/// qualified applicant is placed in a category by their score, one no
/// longer qualified leaves the ranking.
pub(crate) async fn move_one(
    conn: &mut AnyConnection,
    state: &AppState,
    user: &CurrentUser,
    application: &Application,
    event: ApplicationEvent,
    note: Option<&str>,
) -> Result<Application, MoveError> {
    let taking = pooled::check_move(conn, user, application, event).await?;
    let moved = advance(
        conn,
        &state.public_url,
        application,
        event,
        Mover {
            actor: actor_of(user),
            user_id: Some(user.user.id),
            note,
        },
    )
    .await?;
    if let Some(agency) = taking {
        pooled::take(conn, application.id, agency).await?;
    }
    match event {
        ApplicationEvent::Qualify => {
            let rules = rules_of(conn, application.opening_id).await?;
            let percent = percent_of(conn, application.id).await?.unwrap_or(0);
            let category = match rules.method {
                HiringMethod::DirectHire => None,
                _ => ranking::category_for(percent, &rules.bands).or(Some(Category::Qualified)),
            };
            sqlx::query("UPDATE applications SET category = $1, rating = $2 WHERE id = $3")
                .bind(category.map(Category::as_str))
                .bind(percent)
                .bind(application.id)
                .execute(&mut *conn)
                .await?;
        }
        ApplicationEvent::Disqualify => {
            sqlx::query(
                "UPDATE applications SET category = NULL, rating = NULL, rank_position = NULL WHERE id = $1",
            )
            .bind(application.id)
            .execute(&mut *conn)
            .await?;
        }
        _ => {}
    }
    Ok(moved)
}

/// Places every ranked applicant of an opening by the opening's method.
pub async fn rerank(conn: &mut AnyConnection, opening_id: i64) -> Result<usize, AppError> {
    let rules = rules_of(conn, opening_id).await.map_err(internal)?;
    let statuses = RANKED
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT a.id, a.veterans_preference, a.submitted_at, a.score_percent AS percent
         FROM applications a WHERE a.opening_id = $1 AND a.status IN ({statuses})"
    );
    let rows = sqlx::query(&sql)
        .bind(opening_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?;
    let applicants = rows
        .iter()
        .map(|row| {
            Ok(Applicant {
                id: row.try_get("id")?,
                percent: row.try_get::<Option<i64>, _>("percent")?.unwrap_or(0),
                preference: row
                    .try_get::<String, _>("veterans_preference")?
                    .parse::<VeteransPreference>()
                    .map_err(|e| sqlx::Error::Decode(e.into()))?,
                submitted_at: row
                    .try_get::<Option<String>, _>("submitted_at")?
                    .unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(internal)?;
    // Everyone qualified stays in the ranking, even below today's pass
    // mark (the mark may have been lower when they were rated).
    let floor = Bands {
        pass_mark: i64::MIN,
        ..rules.bands
    };
    let ranked = ranking::rank(
        &RankingRules {
            bands: floor,
            ..rules.clone()
        },
        &applicants,
    );
    sqlx::query("UPDATE applications SET rank_position = NULL WHERE opening_id = $1")
        .bind(opening_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    for (position, r) in ranked.iter().enumerate() {
        let category = match rules.method {
            HiringMethod::DirectHire => None,
            _ => r.category.or(Some(Category::Qualified)),
        };
        sqlx::query(
            "UPDATE applications SET rank_position = $1, category = $2, rating = $3 WHERE id = $4",
        )
        .bind(i64::try_from(position + 1).unwrap_or(i64::MAX))
        .bind(category.map(Category::as_str))
        .bind(r.rating)
        .bind(r.id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    }
    Ok(ranked.len())
}

pub async fn move_application(
    public_id: &str,
    version: i64,
    event: &str,
    note: &str,
) -> Result<(), AppError> {
    let user = require_team().await?;
    let event: ApplicationEvent = event
        .parse()
        .map_err(|m: String| AppError::field("event", m))?;
    let note = clean_note(note, "note")?;
    let state = state()?;
    let (mut tx, application) = team_application_to_change(&state, &user, public_id).await?;
    if application.version != version {
        return Err(MoveError::Changed.into());
    }
    move_one(&mut tx, &state, &user, &application, event, note.as_deref()).await?;
    if matches!(
        event,
        ApplicationEvent::Qualify | ApplicationEvent::Disqualify
    ) {
        rerank(&mut tx, application.opening_id).await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/manage/applications/{public_id}?moved=1"));
    Ok(())
}

pub async fn bulk_move(
    opening_id: i64,
    event: &str,
    chosen: &[String],
    note: &str,
    back: &str,
) -> Result<BulkReport, AppError> {
    let user = require_team().await?;
    let state = state()?;
    {
        // Access first: someone off the team learns nothing from the
        // form's errors.
        let mut conn = state.db.pool().acquire().await.map_err(internal)?;
        check_opening(&mut conn, &user, opening_id).await?;
        opening_basics(&mut conn, opening_id).await?;
    }
    let event: ApplicationEvent = event
        .parse()
        .map_err(|m: String| AppError::field("event", m))?;
    if !bulk_actions(actor_of(&user)).contains(&event) {
        return Err(AppError::field(
            "event",
            "Choose one of the actions offered.",
        ));
    }
    if chosen.is_empty() {
        return Err(AppError::field("chosen", "Choose at least one applicant."));
    }
    if chosen.len() > MAX_BULK {
        return Err(AppError::field(
            "chosen",
            format!("Choose at most {MAX_BULK} applicants at once."),
        ));
    }
    let note = clean_note(note, "note")?;
    let mut report = BulkReport::default();
    // Each application moves in its own transaction: one that can't move
    // is reported and leaves the others alone; none is half moved.
    for public_id in chosen {
        let mut tx = state.db.begin_write().await.map_err(internal)?;
        let found = db::find_by_public_id(&mut tx, public_id)
            .await
            .map_err(internal)?
            .filter(|a| a.opening_id == opening_id && a.status != ApplicationStatus::Draft);
        let Some(application) = found else {
            report.refused.push((
                public_id.chars().take(40).collect(),
                "Not an applicant to this opening.".into(),
            ));
            continue;
        };
        match move_one(&mut tx, &state, &user, &application, event, note.as_deref()).await {
            Ok(_) => {
                if event == ApplicationEvent::Disqualify {
                    rerank(&mut tx, opening_id).await?;
                }
                tx.commit().await.map_err(internal)?;
                report.moved.push(application.number());
            }
            Err(MoveError::Database(e)) => return Err(internal(e)),
            Err(e) => report
                .refused
                .push((application.number(), AppError::from(e).to_string())),
        }
    }
    let back = if back.starts_with(&format!("/manage/openings/{opening_id}")) {
        back.to_owned()
    } else {
        format!("/manage/openings/{opening_id}")
    };
    let mut target = back.clone();
    target.push(if back.contains('?') { '&' } else { '?' });
    target.push_str(&format!("moved={}", report.moved.len()));
    for (number, why) in &report.refused {
        target.push_str(&format!(
            "&refused={}",
            urlencode(&format!("{number}: {why}"))
        ));
    }
    leptos_axum::redirect(&target);
    Ok(report)
}

pub async fn add_note(public_id: &str, body: &str) -> Result<(), AppError> {
    let user = require_team().await?;
    let Some(body) = clean_note(body, "body")? else {
        return Err(AppError::field("body", "Write the note first."));
    };
    let state = state()?;
    let (mut tx, application) = team_application_to_change(&state, &user, public_id).await?;
    sqlx::query(
        "INSERT INTO application_notes (application_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(application.id)
    .bind(user.user.id)
    .bind(&body)
    .bind(clock::to_text(clock::now()))
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/manage/applications/{public_id}?noted=1#notes"));
    Ok(())
}

/// Staff only (audited when not).
pub(crate) async fn require_staff() -> Result<CurrentUser, AppError> {
    require_role(Role::Staff).await
}

pub async fn rate_applicants(opening_id: i64) -> Result<(), AppError> {
    let user = require_staff().await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    opening_basics(&mut tx, opening_id).await?;
    let Some(assessment) = find_assessment(&mut tx, opening_id)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::Conflict(
            "This opening has no assessment to rate applicants by: qualify them one by one.".into(),
        ));
    };
    let pass_mark = assessment.settings.pass_mark;
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT public_id FROM applications WHERE opening_id = $1 AND status = 'assessment_completed'
         ORDER BY id",
    )
    .bind(opening_id)
    .fetch_all(&mut *tx)
    .await
    .map_err(internal)?;
    let mut qualified = 0;
    let mut not_qualified = 0;
    for public_id in &ids {
        let application = db::find_by_public_id(&mut tx, public_id)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let percent = percent_of(&mut tx, application.id)
            .await
            .map_err(internal)?
            .unwrap_or(0);
        if percent >= pass_mark {
            let note = format!("Assessment {percent}%: meets the pass mark of {pass_mark}%");
            move_one(
                &mut tx,
                &state,
                &user,
                &application,
                ApplicationEvent::Qualify,
                Some(&note),
            )
            .await?;
            qualified += 1;
        } else {
            let note = format!("Assessment {percent}%: below the pass mark of {pass_mark}%");
            move_one(
                &mut tx,
                &state,
                &user,
                &application,
                ApplicationEvent::Disqualify,
                Some(&note),
            )
            .await?;
            not_qualified += 1;
        }
    }
    rerank(&mut tx, opening_id).await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!(
        "/manage/openings/{opening_id}?qualified={qualified}&not_qualified={not_qualified}"
    ));
    Ok(())
}

pub async fn ranking_settings(
    opening_id: i64,
) -> Result<crate::api::manage::RankingSetup, AppError> {
    let user = require_team().await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    // Access first: a manager learns nothing about openings not theirs.
    check_opening(&mut conn, &user, opening_id).await?;
    let opening = opening_basics(&mut conn, opening_id).await?;
    let bands = find_assessment(&mut conn, opening_id)
        .await
        .map_err(internal)?
        .map(|a| {
            format!(
                "{}% to pass; Well Qualified from {}%; Best Qualified from {}%",
                a.settings.pass_mark, a.settings.well_from, a.settings.best_from
            )
        })
        .unwrap_or_else(|| "No assessment: applicants are qualified by hand".into());
    Ok(crate::api::manage::RankingSetup {
        referral_range: opening.referral_range,
        scientific_professional: opening.scientific_professional,
        grade_high: opening.grade_high,
        method: opening.method.label().to_owned(),
        bands,
        staff: user.user.role == Role::Staff,
        pooled: opening.pooled,
    })
}

pub async fn save_ranking_settings(
    opening_id: i64,
    referral_range: &str,
    scientific_professional: bool,
    pooled: bool,
) -> Result<(), AppError> {
    let staff = require_staff().await?;
    let range = referral_range
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| {
            AppError::field(
                "referral_range",
                "Enter a number of applicants from 1 to 1000.",
            )
        })?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let before = opening_basics(&mut tx, opening_id).await?;
    if before.pooled != pooled {
        // Selections made one way are not re-read the other: a selection on
        // a pooled opening belongs to an agency, one on an ordinary opening
        // to nobody.
        let decided: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM application_history h JOIN applications a ON a.id = h.application_id
             WHERE a.opening_id = $1 AND h.to_status IN ('selected', 'not_selected')",
        )
        .bind(opening_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        if decided > 0 {
            return Err(AppError::field(
                "pooled",
                "Applicants have already been selected or passed over on this opening, so it can no longer change between pooled and not.",
            ));
        }
    }
    let detail = serde_json::json!({
        "before": {
            "referral_range": before.referral_range,
            "scientific_professional": before.scientific_professional,
            "pooled": before.pooled,
        },
        "after": {
            "referral_range": range,
            "scientific_professional": scientific_professional,
            "pooled": pooled,
        },
    })
    .to_string();
    audit_success(
        &mut tx,
        &staff,
        "opening.ranking_settings",
        &format!("opening:{opening_id}"),
        Some(&detail),
    )
    .await?;
    sqlx::query(
        "UPDATE openings SET referral_range = $1, scientific_professional = $2, pooled = $3
         WHERE id = $4",
    )
    .bind(range)
    .bind(i64::from(scientific_professional))
    .bind(i64::from(pooled))
    .bind(opening_id)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    rerank(&mut tx, opening_id).await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/manage/openings/{opening_id}?saved=1"));
    Ok(())
}
