//! The append-only audit trail.

use sqlx::AnyConnection;

use crate::server::clock;

/// How an audited action ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

/// One audit record. `actor_*` are `None` for the system or the command line.
pub struct AuditEvent<'a> {
    pub actor_id: Option<i64>,
    pub actor_email: Option<&'a str>,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub outcome: Outcome,
    pub remote_addr: Option<&'a str>,
    /// JSON: what changed (before/after), never secrets.
    pub detail: Option<&'a str>,
}

/// Records `event` on its own, through the writing connection: for
/// refusals and reads that are audited outside any write transaction.
/// Never call it while holding [`crate::server::db::Db::begin_write`]'s
/// transaction: on SQLite that transaction is the writing connection.
pub async fn record(db: &crate::server::db::Db, event: &AuditEvent<'_>) -> Result<(), sqlx::Error> {
    let mut conn = db.writer().acquire().await?;
    insert_audit_event(&mut conn, event).await
}

/// [`record`] for a caller holding `conn`, a reading connection from the
/// pool: on PostgreSQL the event is written on it (a second connection
/// from the same pool could wait for itself when the pool is busy); on
/// SQLite, through the writing connection.
pub async fn record_beside(
    db: &crate::server::db::Db,
    conn: &mut AnyConnection,
    event: &AuditEvent<'_>,
) -> Result<(), sqlx::Error> {
    match db.dialect() {
        crate::server::db::Dialect::Sqlite => record(db, event).await,
        crate::server::db::Dialect::Postgres => insert_audit_event(conn, event).await,
    }
}

/// Records that `actor` was refused `subject` (the address asked for): the
/// one shape every authorization refusal has. `beside` is a reading
/// connection the caller holds, if any (see [`record_beside`]).
pub async fn refusal(
    db: &crate::server::db::Db,
    beside: Option<&mut AnyConnection>,
    actor: &crate::server::db::users::User,
    subject: Option<&str>,
    remote_addr: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let event = AuditEvent {
        actor_id: Some(actor.id),
        actor_email: Some(actor.email.as_str()),
        action: "authorization",
        subject,
        outcome: Outcome::Denied,
        remote_addr,
        detail: Some(detail),
    };
    match beside {
        Some(conn) => record_beside(db, conn, &event).await,
        None => record(db, &event).await,
    }
}

pub async fn insert_audit_event(
    conn: &mut AnyConnection,
    event: &AuditEvent<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log
             (occurred_at, actor_id, actor_email, action, subject, outcome, remote_addr, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(clock::to_text(clock::now()))
    .bind(event.actor_id)
    .bind(event.actor_email)
    .bind(event.action)
    .bind(event.subject)
    .bind(event.outcome.as_str())
    .bind(event.remote_addr)
    .bind(event.detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
