//! The work behind the openings server functions: the public job board
//! (anyone) and authoring (staff only, checked first in every function).

use time::OffsetDateTime;

use crate::api::openings::{
    ADMIN_OPENINGS_PER_PAGE, AdminOpeningList, AdminOpeningRow, HistoryRow, JOBS_PER_PAGE,
    JobBoard, JobCard, JobDetail, JobSearch, ManagerRow, OpeningEditor, QuestionRow, WorkRoleTag,
};
use crate::domain::account::Role;
use crate::domain::opening::{
    Day, LifecycleAction, OpeningFields, OpeningForm, OpeningStatus, QuestionForm, QuestionKind,
    WorkplaceType, allowed_actions, closing_in_words, grade_label, transition, work_role,
};
use crate::error::AppError;
use crate::server::auth::guard::{CurrentUser, require_role};
use crate::server::clock;
use crate::server::db::openings::{
    self as db, BoardQuery, BoardSort, Opening, day_ends, eastern_day, search_words,
};
use crate::server::request::{audit_success, internal, state};

/// How many openings the home page shows.
const NEWEST: i64 = 5;
/// Deepest page of results served (deep offsets are slow and never useful).
const MAX_PAGE: u32 = 500;

fn month_name(month: u8) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(usize::from(month.saturating_sub(1)))
    .copied()
    .unwrap_or("")
}

/// "December 15, 2026".
pub fn day_in_words(day: Day) -> String {
    format!("{} {}, {}", month_name(day.month), day.day, day.year)
}

fn dollars(amount: u32) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("${out}")
}

fn salary_text(fields: &OpeningFields) -> String {
    match (fields.salary_min, fields.salary_max) {
        (Some(min), Some(max)) => format!("{} – {} per year", dollars(min), dollars(max)),
        (Some(min), None) => format!("From {} per year", dollars(min)),
        (None, Some(max)) => format!("Up to {} per year", dollars(max)),
        (None, None) => "Not stated".to_owned(),
    }
}

/// Whole days from today (Eastern) to the closing day; negative once past.
fn days_left(closes_on: Day, now: OffsetDateTime) -> i64 {
    let today = eastern_day(now);
    let to_date = |d: Day| {
        time::Date::from_calendar_date(
            d.year,
            time::Month::try_from(d.month).unwrap_or(time::Month::January),
            d.day,
        )
        .ok()
    };
    match (to_date(closes_on), to_date(today)) {
        (Some(close), Some(today)) => (close - today).whole_days(),
        _ => 0,
    }
}

fn card(opening: &Opening, now: OffsetDateTime) -> JobCard {
    let fields = &opening.fields;
    let closed = opening.status != OpeningStatus::Published
        || opening
            .closes_at
            .as_deref()
            .is_some_and(|at| at <= clock::to_text(now).as_str());
    JobCard {
        id: opening.id,
        title: fields.title.clone(),
        grade: grade_label(&fields.series, fields.grade_low, fields.grade_high),
        work_roles: fields
            .work_roles
            .iter()
            .map(|id| WorkRoleTag {
                id: id.clone(),
                name: work_role(id).map_or_else(|| id.clone(), |r| r.name.to_owned()),
            })
            .collect(),
        locations: fields.locations.clone(),
        workplace: fields.workplace.label().to_owned(),
        salary: salary_text(fields),
        summary: fields.summary.clone(),
        closes_on: fields.closes_on.map(day_in_words).unwrap_or_default(),
        closing: match fields.closes_on {
            _ if closed => "Closed".to_owned(),
            Some(day) => closing_in_words(days_left(day, now)),
            None => String::new(),
        },
    }
}

/// Markdown to HTML that cannot carry script or style: raw HTML in the
/// source is escaped by the parser's options and anything left is cleaned
/// by ammonia's allow-list. The only way author text becomes markup.
pub fn render_markdown(source: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        // Authors' HTML is shown as text, never interpreted.
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    });
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["https", "http", "mailto"].into_iter().collect())
        .clean(&unsafe_html)
        .to_string()
}

/// schema.org `JobPosting` for search engines, escaped for a `<script>`.
fn json_ld(opening: &Opening, public_url: &str) -> String {
    let fields = &opening.fields;
    let location = |place: &str| {
        serde_json::json!({
            "@type": "Place",
            "address": { "@type": "PostalAddress", "addressLocality": place, "addressCountry": "US" }
        })
    };
    let mut posting = serde_json::json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": fields.title,
        "description": render_markdown(&format!(
            "{}\n\n## Duties\n\n{}\n\n## Qualifications\n\n{}",
            fields.summary, fields.duties, fields.qualifications
        )),
        "identifier": {
            "@type": "PropertyValue",
            "name": "Tech Force",
            "value": opening.id.to_string(),
        },
        "datePosted": opening.published_at.as_deref().unwrap_or(&opening.created_at),
        "validThrough": opening.closes_at,
        "employmentType": ["FULL_TIME", "TEMPORARY"],
        "hiringOrganization": {
            "@type": "GovernmentOrganization",
            "name": "U.S. Tech Force",
            "sameAs": public_url,
        },
        "jobLocation": fields.locations.iter().map(|l| location(l)).collect::<Vec<_>>(),
        "directApply": true,
        "url": format!("{public_url}/jobs/{}", opening.id),
        "occupationalCategory": grade_label(&fields.series, fields.grade_low, fields.grade_high),
    });
    if fields.workplace == WorkplaceType::Remote {
        posting["jobLocationType"] = "TELECOMMUTE".into();
        posting["applicantLocationRequirements"] =
            serde_json::json!({ "@type": "Country", "name": "USA" });
    }
    if let (Some(min), Some(max)) = (fields.salary_min, fields.salary_max) {
        posting["baseSalary"] = serde_json::json!({
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": { "@type": "QuantitativeValue", "minValue": min, "maxValue": max, "unitText": "YEAR" }
        });
    }
    // `<` never appears raw, so the text cannot close the script element.
    posting.to_string().replace('<', "\\u003c")
}

fn detail(
    opening: &Opening,
    questions: Vec<db::StoredQuestion>,
    now: OffsetDateTime,
    public_url: &str,
) -> JobDetail {
    let fields = &opening.fields;
    let card = card(opening, now);
    JobDetail {
        open: card.closing != "Closed",
        card,
        series: fields.series.clone(),
        appointment: fields.appointment.clone(),
        who_may_apply: fields.who_may_apply.clone(),
        vacancies: fields.vacancies,
        hiring_method: fields.hiring_method.label().to_owned(),
        duties: fields.duties.clone(),
        qualifications: fields.qualifications.clone(),
        evaluation_html: render_markdown(&fields.evaluation),
        opens_on: fields.opens_on.map(day_in_words).unwrap_or_default(),
        questions: questions
            .into_iter()
            .map(|q| match q.question.kind {
                QuestionKind::Essay => format!("{} (optional, never scored)", q.question.prompt),
                _ => q.question.prompt,
            })
            .collect(),
        json_ld: json_ld(opening, public_url),
    }
}

/// How near its closing an opening is "closing soon" on the board.
pub const CLOSING_SOON: time::Duration = time::Duration::days(7);

/// The search the URL asks for, made sense of: unknown values are dropped.
pub fn board_query(search: &JobSearch, now: OffsetDateTime) -> (BoardQuery, u32) {
    let pick = |value: &str| {
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    let query = BoardQuery {
        words: search_words(&search.q),
        // PostgreSQL text cannot hold NUL: control characters mean no filter.
        location: pick(&search.location)
            .filter(|l| l.chars().count() <= 100 && !l.chars().any(char::is_control)),
        workplace: search.workplace.parse::<WorkplaceType>().ok(),
        grade: search
            .grade
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|g| (1..=15).contains(g)),
        work_role: work_role(search.role.trim()).map(|r| r.id.to_owned()),
        closing_before: (search.closing == "soon").then(|| clock::to_text(now + CLOSING_SOON)),
        sort: match search.sort.as_str() {
            "newest" => Some(BoardSort::Newest),
            "closing" => Some(BoardSort::ClosingSoonest),
            "relevance" => Some(BoardSort::Relevance),
            _ => None,
        },
    };
    let page = search
        .page
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(MAX_PAGE);
    (query, page)
}

/// One page of the board: the cards, the total, and the page numbers.
pub async fn board_page(
    conn: &mut sqlx::AnyConnection,
    dialect: crate::server::db::Dialect,
    search: &JobSearch,
    per_page: u32,
) -> Result<(Vec<JobCard>, i64, u32, u32), sqlx::Error> {
    let now = clock::now();
    let now_text = clock::to_text(now);
    let (query, page) = board_query(search, now);
    let offset = i64::from((page - 1) * per_page);
    let (openings, total) = db::search_board(
        conn,
        dialect,
        &query,
        &now_text,
        i64::from(per_page),
        offset,
    )
    .await?;
    let pages = ((total.max(1) as u64).div_ceil(u64::from(per_page)) as u32).min(MAX_PAGE);
    let cards = openings.iter().map(|o| card(o, now)).collect();
    Ok((cards, total, page, pages))
}

pub async fn search_jobs(search: &JobSearch) -> Result<JobBoard, AppError> {
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let (jobs, total, page, pages) =
        board_page(&mut conn, state.db.dialect(), search, JOBS_PER_PAGE)
            .await
            .map_err(internal)?;
    Ok(JobBoard {
        jobs,
        total,
        page,
        pages,
    })
}

/// One opening as the public sees it, or `None`.
pub async fn public_job(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    public_url: &str,
) -> Result<Option<JobDetail>, sqlx::Error> {
    let now = clock::now();
    let Some(opening) = db::find_public_opening(conn, id, &clock::to_text(now)).await? else {
        return Ok(None);
    };
    let questions = db::list_questions(conn, id).await?;
    Ok(Some(detail(&opening, questions, now, public_url)))
}

pub async fn get_job(id: i64) -> Result<JobDetail, AppError> {
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    public_job(&mut conn, id, &state.public_url)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

pub async fn newest_jobs() -> Result<Vec<JobCard>, AppError> {
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let now = clock::now();
    let (openings, _) = db::search_board(
        &mut conn,
        state.db.dialect(),
        &BoardQuery::default(),
        &clock::to_text(now),
        NEWEST,
        0,
    )
    .await
    .map_err(internal)?;
    Ok(openings.iter().map(|o| card(o, now)).collect())
}

pub async fn list_openings(status: &str, page: u32) -> Result<AdminOpeningList, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let status = status.parse::<OpeningStatus>().ok();
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let page = page.clamp(1, MAX_PAGE);
    let per_page = ADMIN_OPENINGS_PER_PAGE;
    let (openings, total) = db::list_openings(
        &mut conn,
        status,
        i64::from(per_page),
        i64::from((page - 1) * per_page),
    )
    .await
    .map_err(internal)?;
    let pages = (total.max(1) as u64).div_ceil(u64::from(per_page)) as u32;
    Ok(AdminOpeningList {
        rows: openings
            .iter()
            .map(|o| AdminOpeningRow {
                id: o.id,
                title: o.fields.title.clone(),
                grade: grade_label(&o.fields.series, o.fields.grade_low, o.fields.grade_high),
                status: o.status,
                opens_on: o.fields.opens_on.map(day_in_words).unwrap_or_default(),
                closes_on: o.fields.closes_on.map(day_in_words).unwrap_or_default(),
            })
            .collect(),
        total,
        page,
        pages,
    })
}

fn manager_row(m: db::Manager) -> ManagerRow {
    ManagerRow {
        user_id: m.user_id,
        name: m.name,
        email: m.email,
        agency: m.agency.map(|(_, name)| name),
    }
}

/// The fields that differ between two versions: (field, before, after).
fn changed_fields(before: &OpeningForm, after: &OpeningForm) -> Vec<(String, String, String)> {
    let (Ok(before), Ok(after)) = (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let (Some(before), Some(after)) = (before.as_object(), after.as_object()) else {
        return Vec::new();
    };
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    after
        .keys()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| (key.clone(), text(before.get(key)), text(after.get(key))))
        .collect()
}

pub async fn get_opening(id: i64) -> Result<OpeningEditor, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let opening = db::find_opening(&mut conn, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let managers = db::list_managers(&mut conn, id).await.map_err(internal)?;
    let available = db::list_hiring_managers(&mut conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|m| !managers.iter().any(|a| a.user_id == m.user_id))
        .map(manager_row)
        .collect();
    let history = db::list_history(&mut conn, id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|entry| {
            let parse = |text: &Option<String>| {
                text.as_deref()
                    .and_then(|t| serde_json::from_str::<OpeningForm>(t).ok())
            };
            let changes = match (parse(&entry.before), parse(&entry.after)) {
                (Some(before), Some(after)) => changed_fields(&before, &after),
                _ => Vec::new(),
            };
            HistoryRow {
                at: clock::plain(&entry.occurred_at),
                actor: entry.actor_email.unwrap_or_else(|| "The portal".to_owned()),
                action: entry.action,
                changes,
            }
        })
        .collect();
    let questions = db::list_questions(&mut conn, id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|q| QuestionRow {
            id: q.id,
            kind: q.question.kind.label().to_owned(),
            prompt: q.question.prompt,
            choices: q.question.choices,
            knockout: q.question.knockout_answer,
        })
        .collect();
    Ok(OpeningEditor {
        questions,
        questions_editable: opening.status == OpeningStatus::Draft,
        id,
        status: opening.status,
        version: opening.version,
        form: opening.fields.to_form(),
        actions: allowed_actions(opening.status),
        managers: managers.into_iter().map(manager_row).collect(),
        available_managers: available,
        agencies: crate::server::pooled::list_agencies(&mut conn)
            .await
            .map_err(internal)?,
        history,
    })
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    staff: &CurrentUser,
    action: &str,
    opening_id: i64,
    detail: Option<&str>,
) -> Result<(), AppError> {
    audit_success(
        conn,
        staff,
        action,
        &format!("opening:{opening_id}"),
        detail,
    )
    .await
}

fn to_json(form: &OpeningForm) -> Result<String, AppError> {
    serde_json::to_string(form).map_err(internal)
}

pub async fn create_opening(form: OpeningForm) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let fields = form.parse().map_err(AppError::fields)?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let id = db::insert_opening(&mut tx, &fields, Some(staff.user.id))
        .await
        .map_err(internal)?;
    let after = to_json(&fields.to_form())?;
    db::insert_history(
        &mut tx,
        id,
        Some((staff.user.id, staff.user.email.as_str())),
        "created",
        None,
        Some(&after),
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1"));
    Ok(())
}

const RACED: &str = "Someone else changed this opening while you were editing it. \
    Reload the page to see their changes, then make yours again.";

pub async fn update_opening(id: i64, version: i64, form: OpeningForm) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let fields = form.parse().map_err(AppError::fields)?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let current = db::find_opening(&mut tx, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if !current.status.is_editable() {
        return Err(AppError::Conflict(format!(
            "A {} opening can’t be edited. Clone it to make a new one.",
            current.status.label().to_lowercase()
        )));
    }
    // A published opening must stay complete.
    if current.status == OpeningStatus::Published {
        fields.check_complete().map_err(AppError::fields)?;
    }
    if current.version != version {
        return Err(AppError::Conflict(RACED.into()));
    }
    if !db::update_opening(&mut tx, id, version, &fields)
        .await
        .map_err(internal)?
    {
        return Err(AppError::Conflict(RACED.into()));
    }
    let before = to_json(&current.fields.to_form())?;
    let after = to_json(&fields.to_form())?;
    if before != after {
        db::insert_history(
            &mut tx,
            id,
            Some((staff.user.id, staff.user.email.as_str())),
            "edited",
            Some(&before),
            Some(&after),
        )
        .await
        .map_err(internal)?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1"));
    Ok(())
}

pub async fn change_status(id: i64, action: &str) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let action: LifecycleAction = action
        .parse()
        .map_err(|_| AppError::BadRequest("unknown action".into()))?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let current = db::find_opening(&mut tx, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let to = transition(current.status, action).map_err(AppError::Conflict)?;
    if action == LifecycleAction::Publish {
        current.fields.check_complete().map_err(|fields| AppError::Validation {
            message: "This opening isn’t ready to publish: fill in the fields marked below and save, then publish.".into(),
            fields,
        })?;
        let closes_passed = current
            .fields
            .closes_on
            .and_then(day_ends)
            .is_none_or(|end| end <= clock::now());
        if closes_passed {
            return Err(AppError::field(
                "closes_on",
                "The closing date has passed: choose a later one before publishing.",
            ));
        }
    }
    if !db::update_opening_status(&mut tx, id, current.status, to)
        .await
        .map_err(internal)?
    {
        return Err(AppError::Conflict(RACED.into()));
    }
    db::insert_history(
        &mut tx,
        id,
        Some((staff.user.id, staff.user.email.as_str())),
        to.as_str(),
        None,
        None,
    )
    .await
    .map_err(internal)?;
    let detail =
        serde_json::json!({ "before": current.status.as_str(), "after": to.as_str() }).to_string();
    audit(&mut tx, &staff, "opening.status", id, Some(&detail)).await?;
    if to == OpeningStatus::Cancelled {
        cancel_applications(&mut tx, &state.public_url, id).await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1"));
    Ok(())
}

/// A cancelled opening hires nobody: every application still under way
/// ends as cancelled, through the workflow, and its candidate is told.
async fn cancel_applications(
    conn: &mut sqlx::AnyConnection,
    public_url: &str,
    opening_id: i64,
) -> Result<(), AppError> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM applications WHERE opening_id = $1 ORDER BY id")
            .bind(opening_id)
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?;
    for id in ids {
        let Some(application) = crate::server::db::applications::find_by_id(conn, id)
            .await
            .map_err(internal)?
        else {
            continue;
        };
        match crate::server::workflow::advance(
            conn,
            public_url,
            &application,
            crate::domain::application::ApplicationEvent::Cancel,
            crate::server::workflow::Mover::system(Some("The opening was cancelled.")),
        )
        .await
        {
            // Already settled (hired, withdrawn, an ending): left as it is.
            Ok(_) | Err(crate::server::workflow::MoveError::NotAllowed(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

pub async fn clone_opening(id: i64) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let source = db::find_opening(&mut tx, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let mut fields = source.fields.clone();
    let mut title: String = format!("Copy of {}", fields.title);
    if title.chars().count() > 200 {
        title = title.chars().take(200).collect();
    }
    fields.title = title;
    let new_id = db::insert_opening(&mut tx, &fields, Some(staff.user.id))
        .await
        .map_err(internal)?;
    for question in db::list_questions(&mut tx, id).await.map_err(internal)? {
        db::insert_question(&mut tx, new_id, &question.question)
            .await
            .map_err(internal)?;
    }
    for manager in db::list_managers(&mut tx, id).await.map_err(internal)? {
        db::insert_manager(
            &mut tx,
            new_id,
            manager.user_id,
            manager.agency.map(|(id, _)| id),
        )
        .await
        .map_err(internal)?;
    }
    let after = to_json(&fields.to_form())?;
    db::insert_history(
        &mut tx,
        new_id,
        Some((staff.user.id, staff.user.email.as_str())),
        &format!("cloned from opening {id}"),
        None,
        Some(&after),
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{new_id}?cloned=1"));
    Ok(())
}

pub async fn assign_manager(id: i64, user_id: i64, agency: &str) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    db::find_opening(&mut tx, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let agency_id = match agency.trim() {
        "" => None,
        chosen => {
            let found = match chosen.parse::<i64>() {
                Ok(agency_id) => {
                    sqlx::query_scalar::<_, i64>("SELECT id FROM agencies WHERE id = $1")
                        .bind(agency_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(internal)?
                }
                Err(_) => None,
            };
            Some(
                found
                    .ok_or_else(|| AppError::field("agency", "Choose an agency from the list."))?,
            )
        }
    };
    let assigned = db::list_managers(&mut tx, id)
        .await
        .map_err(internal)?
        .into_iter()
        .find(|m| m.user_id == user_id);
    if let Some(manager) = &assigned
        && manager.agency.as_ref().map(|(a, _)| *a) == agency_id
    {
        // Already assigned, for the same agency: nothing changes.
        tx.commit().await.map_err(internal)?;
        leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1"));
        return Ok(());
    }
    if !db::insert_manager(&mut tx, id, user_id, agency_id)
        .await
        .map_err(internal)?
    {
        let already = db::list_managers(&mut tx, id)
            .await
            .map_err(internal)?
            .iter()
            .any(|m| m.user_id == user_id);
        if !already {
            return Err(AppError::field(
                "user_id",
                "Choose an enabled hiring manager account.",
            ));
        }
    } else {
        let before = assigned
            .as_ref()
            .map(|m| m.agency.as_ref().map(|(a, _)| *a));
        let detail =
            serde_json::json!({ "manager": user_id, "agency": agency_id, "agency_before": before })
                .to_string();
        db::insert_history(
            &mut tx,
            id,
            Some((staff.user.id, staff.user.email.as_str())),
            if assigned.is_some() {
                "manager's agency changed"
            } else {
                "manager assigned"
            },
            None,
            Some(&detail),
        )
        .await
        .map_err(internal)?;
        audit(&mut tx, &staff, "opening.assign_manager", id, Some(&detail)).await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1"));
    Ok(())
}

pub async fn unassign_manager(id: i64, user_id: i64) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    if db::delete_manager(&mut tx, id, user_id)
        .await
        .map_err(internal)?
    {
        let detail = serde_json::json!({ "manager": user_id }).to_string();
        db::insert_history(
            &mut tx,
            id,
            Some((staff.user.id, staff.user.email.as_str())),
            "manager removed",
            Some(&detail),
            None,
        )
        .await
        .map_err(internal)?;
        audit(
            &mut tx,
            &staff,
            "opening.unassign_manager",
            id,
            Some(&detail),
        )
        .await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1"));
    Ok(())
}

/// The opening, if it is still a draft (questions are fixed once
/// applicants can answer them).
async fn draft_for_questions(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Opening, AppError> {
    let opening = db::find_opening(conn, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if opening.status != OpeningStatus::Draft {
        return Err(AppError::Conflict(
            "Questions can change only while the opening is a draft: applicants may already have answered them. Clone the opening to ask different ones."
                .into(),
        ));
    }
    Ok(opening)
}

pub async fn add_question(id: i64, form: QuestionForm) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    draft_for_questions(&mut tx, id).await?;
    let existing: Vec<_> = db::list_questions(&mut tx, id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|q| q.question)
        .collect();
    let question = form.parse(&existing).map_err(AppError::fields)?;
    db::insert_question(&mut tx, id, &question)
        .await
        .map_err(internal)?;
    let detail = serde_json::to_string(&question).map_err(internal)?;
    db::insert_history(
        &mut tx,
        id,
        Some((staff.user.id, staff.user.email.as_str())),
        "question added",
        None,
        Some(&detail),
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1#questions"));
    Ok(())
}

pub async fn remove_question(id: i64, question_id: i64) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    draft_for_questions(&mut tx, id).await?;
    if !db::delete_question(&mut tx, id, question_id)
        .await
        .map_err(internal)?
    {
        return Err(AppError::NotFound);
    }
    db::insert_history(
        &mut tx,
        id,
        Some((staff.user.id, staff.user.email.as_str())),
        "question removed",
        None,
        None,
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect(&format!("/admin/jobs/{id}?saved=1#questions"));
    Ok(())
}

/// Closes the openings whose closing time has passed, recording each in
/// its history. Run by a worker in every process; the conditional update
/// makes sure each opening is closed once.
pub async fn close_due(db_handle: &crate::server::db::Db) -> Result<usize, sqlx::Error> {
    let mut tx = db_handle.begin_write().await?;
    let closed = db::close_due_openings(&mut tx, &clock::to_text(clock::now())).await?;
    for id in &closed {
        db::insert_history(&mut tx, *id, None, "closed", None, None).await?;
    }
    tx.commit().await?;
    Ok(closed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_formatting_and_drops_every_script() {
        let html = render_markdown(
            "**Hands-on** test\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>Hands-on</strong>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn money_reads_with_thousands_separators() {
        assert_eq!(dollars(84_601), "$84,601");
        assert_eq!(dollars(131_826), "$131,826");
        assert_eq!(dollars(1_000_000), "$1,000,000");
        assert_eq!(dollars(999), "$999");
    }
}
