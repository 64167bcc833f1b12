//! How many applications each opening has, by status, category and score,
//! kept by the triggers of migration 0019: the folded sums in
//! `applicant_counts` plus the changes not folded yet.

use sqlx::AnyConnection;

use super::{Db, Dialect};

/// Both tables as one, for a `FROM`: a count is the sum of `n` over the
/// rows that match, with the applications' column names. A filter written
/// for `applications a` reads the same here when it is one the tallies can
/// answer: the opening, a status or category by equality, a least score
/// from 0 (no category is kept as '', no score as -1).
pub const TALLIES: &str =
    "(SELECT opening_id, status, category, score_percent, n FROM applicant_counts
      UNION ALL
      SELECT opening_id, status, category, score_percent, n FROM applicant_count_changes)";

/// The number of an opening's applications matching `filters` (SQL over
/// the columns `a.opening_id`, `a.status`, `a.category`, `a.score_percent`,
/// with `$1` the opening and `binds` from `$2` on).
pub async fn count(
    conn: &mut AnyConnection,
    filters: &str,
    opening_id: i64,
    binds: &[String],
) -> Result<i64, sqlx::Error> {
    let sql =
        format!("SELECT CAST(COALESCE(SUM(a.n), 0) AS BIGINT) FROM {TALLIES} a WHERE {filters}");
    let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(opening_id);
    for value in binds {
        query = query.bind(value.clone());
    }
    query.fetch_one(&mut *conn).await
}

/// Moves the changes recorded so far into the sums; answers how many it
/// moved. Safe beside writers and beside another process folding.
pub async fn fold(db: &Db) -> Result<u64, sqlx::Error> {
    // Most rounds find nothing: a read, not a write transaction.
    let pending: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM applicant_count_changes")
        .fetch_one(db.pool())
        .await?;
    if pending.is_none() {
        return Ok(0);
    }
    match db.dialect() {
        // One statement, one snapshot: the rows it removes are exactly the
        // rows it adds up. A change still being written is not visible to
        // it and waits for the next fold.
        Dialect::Postgres => {
            let moved: i64 = sqlx::query_scalar(
                "WITH moved AS (DELETE FROM applicant_count_changes
                                RETURNING opening_id, status, category, score_percent, n),
                      sums AS (SELECT opening_id, status, category, score_percent,
                                      CAST(SUM(n) AS BIGINT) AS n, COUNT(*) AS moved_rows
                               FROM moved GROUP BY opening_id, status, category, score_percent),
                      added AS (INSERT INTO applicant_counts (opening_id, status, category, score_percent, n)
                                SELECT opening_id, status, category, score_percent, n FROM sums
                                ORDER BY opening_id, status, category, score_percent
                                ON CONFLICT (opening_id, status, category, score_percent)
                                DO UPDATE SET n = applicant_counts.n + EXCLUDED.n)
                 SELECT CAST(COALESCE(SUM(moved_rows), 0) AS BIGINT) FROM sums",
            )
            .fetch_one(db.writer())
            .await?;
            Ok(u64::try_from(moved).unwrap_or(0))
        }
        // SQLite has one writer at a time: inside the write transaction
        // nothing else adds a change between the two statements.
        Dialect::Sqlite => {
            let mut tx = db.begin_write().await?;
            sqlx::query(
                "INSERT INTO applicant_counts (opening_id, status, category, score_percent, n)
                 SELECT opening_id, status, category, score_percent, SUM(n)
                 FROM applicant_count_changes WHERE true
                 GROUP BY opening_id, status, category, score_percent
                 ON CONFLICT (opening_id, status, category, score_percent)
                 DO UPDATE SET n = n + excluded.n",
            )
            .execute(&mut *tx)
            .await?;
            let moved = sqlx::query("DELETE FROM applicant_count_changes")
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(moved)
        }
    }
}
