//! Openings in the database: staff's drafts and edits, the lifecycle, and
//! the public job board's search. Full-text search is the one place the
//! two dialects differ ([`FullText`]); everything else is shared SQL.

use sqlx::{AnyConnection, Row as _, any::AnyRow};
use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

use crate::domain::opening::{
    Day, HiringMethod, NICE_FRAMEWORK_VERSION, OpeningFields, OpeningStatus, Question,
    QuestionKind, WorkplaceType,
};
use crate::server::clock;
use crate::server::db::Dialect;

/// Openings are dated in Eastern Time, as federal job announcements are.
/// (Standard time all year: an opening never closes earlier than it says.)
const EASTERN: UtcOffset = match UtcOffset::from_hms(-5, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// The instant an opening day starts.
pub fn day_starts(day: Day) -> Option<OffsetDateTime> {
    let date = to_date(day)?;
    Some(date.with_time(Time::MIDNIGHT).assume_offset(EASTERN))
}

/// The last instant of a closing day.
pub fn day_ends(day: Day) -> Option<OffsetDateTime> {
    let date = to_date(day)?;
    let end = Time::from_hms_micro(23, 59, 59, 999_999).ok()?;
    Some(date.with_time(end).assume_offset(EASTERN))
}

/// The calendar day (Eastern) an instant falls on.
pub fn eastern_day(at: OffsetDateTime) -> Day {
    let date = at.to_offset(EASTERN).date();
    Day {
        year: date.year(),
        month: u8::from(date.month()),
        day: date.day(),
    }
}

fn to_date(day: Day) -> Option<Date> {
    Date::from_calendar_date(day.year, Month::try_from(day.month).ok()?, day.day).ok()
}

/// An opening as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub id: i64,
    pub status: OpeningStatus,
    pub fields: OpeningFields,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub published_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

const COLUMNS: &str = "o.id, o.status, o.title, o.series, o.grade_low, o.grade_high, o.workplace,
    o.salary_min, o.salary_max, o.appointment, o.who_may_apply, o.vacancies, o.hiring_method,
    o.summary, o.duties, o.qualifications, o.evaluation, o.opens_on, o.closes_on, o.opens_at,
    o.closes_at, o.published_at, o.created_at, o.updated_at, o.version";

fn decode<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T, sqlx::Error> {
    text.parse()
        .map_err(|e: String| sqlx::Error::Decode(e.into()))
}

fn day_column(row: &AnyRow, column: &str) -> Result<Option<Day>, sqlx::Error> {
    row.try_get::<Option<String>, _>(column)?
        .map(|text| Day::parse(&text).map_err(|e| sqlx::Error::Decode(e.into())))
        .transpose()
}

fn grade(row: &AnyRow, column: &str) -> Result<u8, sqlx::Error> {
    u8::try_from(row.try_get::<i64, _>(column)?).map_err(|e| sqlx::Error::Decode(e.into()))
}

fn money(row: &AnyRow, column: &str) -> Result<Option<u32>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(column)?
        .map(|n| u32::try_from(n).map_err(|e| sqlx::Error::Decode(e.into())))
        .transpose()
}

/// An opening from a row of `COLUMNS`, without its work roles and
/// locations (see [`attach_lists`]).
fn opening_from_row(row: &AnyRow) -> Result<Opening, sqlx::Error> {
    Ok(Opening {
        id: row.try_get("id")?,
        status: decode(&row.try_get::<String, _>("status")?)?,
        fields: OpeningFields {
            title: row.try_get("title")?,
            series: row.try_get("series")?,
            grade_low: grade(row, "grade_low")?,
            grade_high: grade(row, "grade_high")?,
            work_roles: Vec::new(),
            locations: Vec::new(),
            workplace: decode::<WorkplaceType>(&row.try_get::<String, _>("workplace")?)?,
            salary_min: money(row, "salary_min")?,
            salary_max: money(row, "salary_max")?,
            appointment: row.try_get("appointment")?,
            who_may_apply: row.try_get("who_may_apply")?,
            vacancies: u32::try_from(row.try_get::<i64, _>("vacancies")?)
                .map_err(|e| sqlx::Error::Decode(e.into()))?,
            hiring_method: decode::<HiringMethod>(&row.try_get::<String, _>("hiring_method")?)?,
            summary: row.try_get("summary")?,
            duties: row.try_get("duties")?,
            qualifications: row.try_get("qualifications")?,
            evaluation: row.try_get("evaluation")?,
            opens_on: day_column(row, "opens_on")?,
            closes_on: day_column(row, "closes_on")?,
        },
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        published_at: row.try_get("published_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

/// `$first, $first+1, …` for an `IN (…)` list of `count` values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fills in the work roles and locations of several openings with two
/// queries, whatever their number.
async fn attach_lists(
    conn: &mut AnyConnection,
    openings: &mut [Opening],
) -> Result<(), sqlx::Error> {
    if openings.is_empty() {
        return Ok(());
    }
    let ids = placeholders(1, openings.len());
    let roles_sql = format!(
        "SELECT opening_id, work_role_id FROM opening_work_roles
         WHERE opening_id IN ({ids}) ORDER BY opening_id, work_role_id"
    );
    let mut query = sqlx::query(&roles_sql);
    for opening in openings.iter() {
        query = query.bind(opening.id);
    }
    for row in query.fetch_all(&mut *conn).await? {
        let id: i64 = row.try_get("opening_id")?;
        if let Some(opening) = openings.iter_mut().find(|o| o.id == id) {
            opening.fields.work_roles.push(row.try_get("work_role_id")?);
        }
    }
    let locations_sql = format!(
        "SELECT opening_id, location FROM opening_locations
         WHERE opening_id IN ({ids}) ORDER BY opening_id, position"
    );
    let mut query = sqlx::query(&locations_sql);
    for opening in openings.iter() {
        query = query.bind(opening.id);
    }
    for row in query.fetch_all(&mut *conn).await? {
        let id: i64 = row.try_get("opening_id")?;
        if let Some(opening) = openings.iter_mut().find(|o| o.id == id) {
            opening.fields.locations.push(row.try_get("location")?);
        }
    }
    Ok(())
}

async fn replace_lists(
    conn: &mut AnyConnection,
    id: i64,
    fields: &OpeningFields,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM opening_work_roles WHERE opening_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for role in &fields.work_roles {
        sqlx::query(
            "INSERT INTO opening_work_roles (opening_id, work_role_id, framework_version)
             VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(role)
        .bind(NICE_FRAMEWORK_VERSION)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM opening_locations WHERE opening_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, location) in fields.locations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO opening_locations (opening_id, position, location) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(location)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn instants(fields: &OpeningFields) -> (Option<String>, Option<String>) {
    (
        fields.opens_on.and_then(day_starts).map(clock::to_text),
        fields.closes_on.and_then(day_ends).map(clock::to_text),
    )
}

/// Creates a draft and returns its id.
pub async fn insert_opening(
    conn: &mut AnyConnection,
    fields: &OpeningFields,
    created_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let (opens_at, closes_at) = instants(fields);
    let id: i64 = sqlx::query(
        "INSERT INTO openings (status, title, series, grade_low, grade_high, workplace,
            salary_min, salary_max, appointment, who_may_apply, vacancies, hiring_method,
            summary, duties, qualifications, evaluation, opens_on, closes_on, opens_at,
            closes_at, created_by, created_at, updated_at)
         VALUES ('draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
            $16, $17, $18, $19, $20, $21, $21)
         RETURNING id",
    )
    .bind(&fields.title)
    .bind(&fields.series)
    .bind(i64::from(fields.grade_low))
    .bind(i64::from(fields.grade_high))
    .bind(fields.workplace.as_str())
    .bind(fields.salary_min.map(i64::from))
    .bind(fields.salary_max.map(i64::from))
    .bind(&fields.appointment)
    .bind(&fields.who_may_apply)
    .bind(i64::from(fields.vacancies))
    .bind(fields.hiring_method.as_str())
    .bind(&fields.summary)
    .bind(&fields.duties)
    .bind(&fields.qualifications)
    .bind(&fields.evaluation)
    .bind(fields.opens_on.map(|d| d.to_string()))
    .bind(fields.closes_on.map(|d| d.to_string()))
    .bind(opens_at)
    .bind(closes_at)
    .bind(created_by)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    replace_lists(conn, id, fields).await?;
    Ok(id)
}

/// Replaces an opening's fields if it is still at `version` and editable.
/// `false` when someone else changed it first (or it was closed).
pub async fn update_opening(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    fields: &OpeningFields,
) -> Result<bool, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let (opens_at, closes_at) = instants(fields);
    let done = sqlx::query(
        "UPDATE openings SET title = $1, series = $2, grade_low = $3, grade_high = $4,
            workplace = $5, salary_min = $6, salary_max = $7, appointment = $8,
            who_may_apply = $9, vacancies = $10, hiring_method = $11, summary = $12,
            duties = $13, qualifications = $14, evaluation = $15, opens_on = $16,
            closes_on = $17, opens_at = $18, closes_at = $19, updated_at = $20,
            version = version + 1
         WHERE id = $21 AND version = $22 AND status IN ('draft', 'published')",
    )
    .bind(&fields.title)
    .bind(&fields.series)
    .bind(i64::from(fields.grade_low))
    .bind(i64::from(fields.grade_high))
    .bind(fields.workplace.as_str())
    .bind(fields.salary_min.map(i64::from))
    .bind(fields.salary_max.map(i64::from))
    .bind(&fields.appointment)
    .bind(&fields.who_may_apply)
    .bind(i64::from(fields.vacancies))
    .bind(fields.hiring_method.as_str())
    .bind(&fields.summary)
    .bind(&fields.duties)
    .bind(&fields.qualifications)
    .bind(&fields.evaluation)
    .bind(fields.opens_on.map(|d| d.to_string()))
    .bind(fields.closes_on.map(|d| d.to_string()))
    .bind(opens_at)
    .bind(closes_at)
    .bind(&now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    replace_lists(conn, id, fields).await?;
    Ok(true)
}

/// Moves an opening from `from` to `to` if it is still in `from`.
pub async fn update_opening_status(
    conn: &mut AnyConnection,
    id: i64,
    from: OpeningStatus,
    to: OpeningStatus,
) -> Result<bool, sqlx::Error> {
    let now = clock::to_text(clock::now());
    let done = sqlx::query(
        "UPDATE openings SET status = $1, updated_at = $2, version = version + 1,
            published_at = CASE WHEN $1 = 'published' THEN $2 ELSE published_at END
         WHERE id = $3 AND status = $4",
    )
    .bind(to.as_str())
    .bind(&now)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One opening with its lists, whatever its status.
pub async fn find_opening(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Opening>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM openings o WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut openings = [opening_from_row(&row)?];
    attach_lists(conn, &mut openings).await?;
    let [opening] = openings;
    Ok(Some(opening))
}

/// What the public may see of one opening: published and open, or closed
/// after having been open. Drafts, cancelled and not-yet-open openings are
/// `None`.
pub async fn find_public_opening(
    conn: &mut AnyConnection,
    id: i64,
    now: &str,
) -> Result<Option<Opening>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM openings o
         WHERE o.id = $1 AND o.status IN ('published', 'closed')
           AND o.published_at IS NOT NULL AND o.opens_at <= $2"
    ))
    .bind(id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut openings = [opening_from_row(&row)?];
    attach_lists(conn, &mut openings).await?;
    let [opening] = openings;
    Ok(Some(opening))
}

/// Staff's list: every opening, newest first, optionally of one status.
pub async fn list_openings(
    conn: &mut AnyConnection,
    status: Option<OpeningStatus>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Opening>, i64), sqlx::Error> {
    // The status is one of four fixed words: written into the SQL.
    let filter = status
        .map(|s| format!("WHERE o.status = '{}'", s.as_str()))
        .unwrap_or_default();
    let total: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM openings o {filter}"))
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM openings o {filter}
         ORDER BY o.updated_at DESC, o.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let mut openings = rows
        .iter()
        .map(opening_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    attach_lists(conn, &mut openings).await?;
    Ok((openings, total))
}

/// Sort orders of the job board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoardSort {
    Newest,
    ClosingSoonest,
    Relevance,
}

/// A job board search, already checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardQuery {
    /// Words to look for (letters and digits only; see [`search_words`]).
    pub words: Vec<String>,
    /// Part of a duty location, any case.
    pub location: Option<String>,
    pub workplace: Option<WorkplaceType>,
    pub grade: Option<u8>,
    pub work_role: Option<String>,
    /// Only openings closing before this instant.
    pub closing_before: Option<String>,
    pub sort: Option<BoardSort>,
}

/// At most this many words of a query are searched for.
pub const MAX_SEARCH_WORDS: usize = 12;

/// The words of a free-text query: runs of letters and digits, each at most
/// 40 characters, at most [`MAX_SEARCH_WORDS`] of them. Quotes, operators
/// and punctuation are dropped, so no query can be a syntax error.
pub fn search_words(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(40).collect::<String>().to_lowercase())
        .take(MAX_SEARCH_WORDS)
        .collect()
}

/// The dialect's full-text search: a subquery of `(id, rank)` for the
/// openings matching every word, lower rank first being more relevant.
struct FullText;

impl FullText {
    fn matches(dialect: Dialect, param: usize) -> String {
        match dialect {
            // Each word quoted (they hold only letters and digits), all of
            // them required.
            Dialect::Sqlite => format!(
                "SELECT rowid AS id, bm25(openings_fts, 10.0, 4.0, 1.0) AS rank
                 FROM openings_fts WHERE openings_fts MATCH ${param}"
            ),
            Dialect::Postgres => format!(
                "SELECT id, -ts_rank(search, plainto_tsquery('english', ${param})) AS rank
                 FROM openings WHERE search @@ plainto_tsquery('english', ${param})"
            ),
        }
    }

    fn query_text(dialect: Dialect, words: &[String]) -> String {
        match dialect {
            Dialect::Sqlite => words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" "),
            Dialect::Postgres => words.join(" "),
        }
    }
}

/// The predicate of openings on the public board at `$1` (now).
const ON_BOARD: &str = "o.status = 'published' AND o.opens_at <= $1 AND o.closes_at > $1";

/// One page of the public job board and the number of matches.
pub async fn search_board(
    conn: &mut AnyConnection,
    dialect: Dialect,
    query: &BoardQuery,
    now: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Opening>, i64), sqlx::Error> {
    // Parameters: $1 now, then each filter in turn.
    let mut conditions = vec![ON_BOARD.to_owned()];
    let mut binds: Vec<Option<String>> = Vec::new();
    let mut next = 2;
    let mut bind = |binds: &mut Vec<Option<String>>, value: String| {
        binds.push(Some(value));
        let n = next;
        next += 1;
        n
    };
    let mut from = "openings o".to_owned();
    let searching = !query.words.is_empty();
    if searching {
        let n = bind(&mut binds, FullText::query_text(dialect, &query.words));
        // The matches drive the join (CROSS JOIN fixes SQLite's join
        // order), instead of one full-text lookup per opening.
        from = format!(
            "({}) ft CROSS JOIN openings o",
            FullText::matches(dialect, n)
        );
        conditions.push("o.id = ft.id".into());
    }
    if let Some(location) = &query.location {
        // Part of a location matches ("denver" finds "Denver, CO"); LIKE
        // wildcards typed by people are matched literally.
        let pattern = super::contains_pattern(location);
        let n = bind(&mut binds, pattern);
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM opening_locations l WHERE l.opening_id = o.id \
             AND LOWER(l.location) LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(workplace) = query.workplace {
        // "Telework" also finds remote openings: both are away from the office.
        match workplace {
            WorkplaceType::Remote => conditions.push("o.workplace = 'remote'".into()),
            WorkplaceType::Telework => {
                conditions.push("o.workplace IN ('telework', 'remote')".into())
            }
            WorkplaceType::OnSite => conditions.push("o.workplace = 'on_site'".into()),
        }
    }
    if let Some(grade) = query.grade {
        // A parameter, not written into the SQL: one statement text for
        // every grade, prepared once per connection.
        let low = bind(&mut binds, grade.to_string());
        let high = bind(&mut binds, grade.to_string());
        conditions.push(format!(
            "o.grade_low <= CAST(${low} AS INTEGER) AND o.grade_high >= CAST(${high} AS INTEGER)"
        ));
    }
    if let Some(role) = &query.work_role {
        let n = bind(&mut binds, role.clone());
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM opening_work_roles r WHERE r.opening_id = o.id AND r.work_role_id = ${n})"
        ));
    }
    if let Some(before) = &query.closing_before {
        let n = bind(&mut binds, before.clone());
        conditions.push(format!("o.closes_at <= ${n}"));
    }
    let sort = query.sort.unwrap_or(if searching {
        BoardSort::Relevance
    } else {
        BoardSort::Newest
    });
    let order = match sort {
        BoardSort::Relevance if searching => "ft.rank, o.published_at DESC, o.id DESC",
        BoardSort::Relevance | BoardSort::Newest => "o.published_at DESC, o.id DESC",
        BoardSort::ClosingSoonest => "o.closes_at, o.id",
    };
    let filter = conditions.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) AS n FROM {from} WHERE {filter}");
    let count = || {
        let mut count = sqlx::query(&count_sql).bind(now);
        for value in &binds {
            count = count.bind(value.clone());
        }
        count
    };
    let (rows, total) = if searching {
        // The page and the number of matches in one pass (the full-text
        // match is the expensive part; it runs once), sorting only ids and
        // sort keys; the page's rows are read whole afterwards.
        let page_sql = format!(
            "SELECT {COLUMNS}, p.matches FROM (
                 SELECT o.id AS id, COUNT(*) OVER () AS matches,
                        ROW_NUMBER() OVER (ORDER BY {order}) AS position
                 FROM {from} WHERE {filter}
                 ORDER BY position LIMIT ${} OFFSET ${}
             ) p JOIN openings o ON o.id = p.id
             ORDER BY p.position",
            next,
            next + 1
        );
        let mut page = sqlx::query(&page_sql).bind(now);
        for value in &binds {
            page = page.bind(value.clone());
        }
        let rows = page.bind(limit).bind(offset).fetch_all(&mut *conn).await?;
        let total: i64 = match rows.first() {
            Some(row) => row.try_get("matches")?,
            None if offset == 0 => 0,
            // Past the last page: count separately.
            None => count().fetch_one(&mut *conn).await?.try_get("n")?,
        };
        (rows, total)
    } else {
        // Without keywords the indexes answer both quickly: the count from
        // (status, opens_at, closes_at), the page from the sort order.
        let total: i64 = count().fetch_one(&mut *conn).await?.try_get("n")?;
        let page_sql = format!(
            "SELECT {COLUMNS} FROM {from} WHERE {filter} ORDER BY {order} LIMIT ${} OFFSET ${}",
            next,
            next + 1
        );
        let mut page = sqlx::query(&page_sql).bind(now);
        for value in &binds {
            page = page.bind(value.clone());
        }
        let rows = page.bind(limit).bind(offset).fetch_all(&mut *conn).await?;
        (rows, total)
    };
    let mut openings = rows
        .iter()
        .map(opening_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    attach_lists(conn, &mut openings).await?;
    Ok((openings, total))
}

/// Closes every published opening whose closing time has passed; returns
/// their ids.
pub async fn close_due_openings(
    conn: &mut AnyConnection,
    now: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "UPDATE openings SET status = 'closed', updated_at = $1, version = version + 1
         WHERE status = 'published' AND closes_at <= $1
         RETURNING id",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| row.try_get("id")).collect()
}

/// One entry of an opening's change history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub occurred_at: String,
    pub actor_email: Option<String>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Records a change. `actor` is `None` for the system (scheduled closing).
pub async fn insert_history(
    conn: &mut AnyConnection,
    opening_id: i64,
    actor: Option<(i64, &str)>,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO opening_history (opening_id, occurred_at, actor_id, actor_email, action, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(opening_id)
    .bind(clock::to_text(clock::now()))
    .bind(actor.map(|(id, _)| id))
    .bind(actor.map(|(_, email)| email))
    .bind(action)
    .bind(before)
    .bind(after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An opening's history, newest first (at most 200 entries).
pub async fn list_history(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT occurred_at, actor_email, action, before, after FROM opening_history
         WHERE opening_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 200",
    )
    .bind(opening_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HistoryEntry {
                occurred_at: row.try_get("occurred_at")?,
                actor_email: row.try_get("actor_email")?,
                action: row.try_get("action")?,
                before: row.try_get("before")?,
                after: row.try_get("after")?,
            })
        })
        .collect()
}

/// An account assigned to an opening as its hiring manager.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manager {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    /// On a pooled opening, the agency the manager selects for.
    pub agency: Option<(i64, String)>,
}

pub async fn list_managers(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<Vec<Manager>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.name, g.id AS agency_id, g.name AS agency
         FROM opening_managers m JOIN users u ON u.id = m.user_id
         LEFT JOIN agencies g ON g.id = m.agency_id
         WHERE m.opening_id = $1 ORDER BY u.email",
    )
    .bind(opening_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Manager {
                user_id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                agency: match row.try_get::<Option<i64>, _>("agency_id")? {
                    Some(id) => Some((id, row.try_get("agency")?)),
                    None => None,
                },
            })
        })
        .collect()
}

/// Assigns an account (which must be an enabled hiring manager) to an
/// opening, for an agency on a pooled opening (an assigned manager's
/// agency is updated). `false` when the account is not one.
pub async fn insert_manager(
    conn: &mut AnyConnection,
    opening_id: i64,
    user_id: i64,
    agency_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO opening_managers (opening_id, user_id, agency_id)
         SELECT $1, id, $3 FROM users
         WHERE id = $2 AND role = 'hiring_manager' AND disabled_at IS NULL
         ON CONFLICT (opening_id, user_id) DO UPDATE SET agency_id = excluded.agency_id",
    )
    .bind(opening_id)
    .bind(user_id)
    .bind(agency_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_manager(
    conn: &mut AnyConnection,
    opening_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM opening_managers WHERE opening_id = $1 AND user_id = $2")
        .bind(opening_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Enabled hiring managers, for the assignment list (at most 500).
pub async fn list_hiring_managers(conn: &mut AnyConnection) -> Result<Vec<Manager>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, email, name FROM users
         WHERE role = 'hiring_manager' AND disabled_at IS NULL ORDER BY email LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Manager {
                user_id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                agency: None,
            })
        })
        .collect()
}

/// A stored question with its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredQuestion {
    pub id: i64,
    pub question: Question,
}

/// An opening's questions, in order.
pub async fn list_questions(
    conn: &mut AnyConnection,
    opening_id: i64,
) -> Result<Vec<StoredQuestion>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, prompt, choices, knockout_answer FROM opening_questions
         WHERE opening_id = $1 ORDER BY position, id",
    )
    .bind(opening_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let choices: String = row.try_get("choices")?;
            Ok(StoredQuestion {
                id: row.try_get("id")?,
                question: Question {
                    kind: decode::<QuestionKind>(&row.try_get::<String, _>("kind")?)?,
                    prompt: row.try_get("prompt")?,
                    choices: choices
                        .lines()
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    knockout_answer: row.try_get("knockout_answer")?,
                },
            })
        })
        .collect()
}

/// Adds a question after the opening's others.
pub async fn insert_question(
    conn: &mut AnyConnection,
    opening_id: i64,
    question: &Question,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO opening_questions (opening_id, position, kind, prompt, choices, knockout_answer)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM opening_questions WHERE opening_id = $1),
                 $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(opening_id)
    .bind(question.kind.as_str())
    .bind(&question.prompt)
    .bind(question.choices.join("\n"))
    .bind(question.knockout_answer.as_deref())
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

/// Removes one of an opening's questions; `false` when it has no such one.
pub async fn delete_question(
    conn: &mut AnyConnection,
    opening_id: i64,
    question_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM opening_questions WHERE id = $1 AND opening_id = $2")
        .bind(question_id)
        .bind(opening_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_keep_letters_and_digits_only() {
        assert_eq!(
            search_words("  \"incident\" OR NEAR(resp*) -- ; DROP"),
            vec!["incident", "or", "near", "resp", "drop"]
        );
        assert_eq!(search_words("Sécurité réseau"), vec!["sécurité", "réseau"]);
        assert!(search_words("\"*()^:-").is_empty());
        assert_eq!(search_words(&"junk ".repeat(500)).len(), MAX_SEARCH_WORDS);
    }

    #[test]
    fn opening_days_are_eastern_time() {
        let day = Day::parse("2026-12-15").unwrap();
        assert_eq!(
            clock::to_text(day_starts(day).unwrap()),
            "2026-12-15T05:00:00.000000Z"
        );
        assert_eq!(
            clock::to_text(day_ends(day).unwrap()),
            "2026-12-16T04:59:59.999999Z"
        );
        assert_eq!(eastern_day(day_ends(day).unwrap()), day);
    }
}
