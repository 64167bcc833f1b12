//! Database access. One pool type (`sqlx::Any`) serves SQLite and PostgreSQL,
//! chosen at run time by the URL, so queries are written once with `$1`
//! placeholders. What must differ between the two (DDL, transaction start,
//! connection settings) is decided here and in `migrations/<dialect>/`.

pub mod applicant_counts;
pub mod applications;
pub mod audit;
pub mod openings;
pub mod outbox;
pub mod throttle;
pub mod users;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Executor, Transaction};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Which database engine a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or("");
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            _ => Err(DbError::UnsupportedUrl),
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL: use sqlite://PATH or postgres://USER@HOST/NAME")]
    UnsupportedUrl,
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// How to size and time out the pool.
#[derive(Clone, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// How long a request waits for a connection before giving up; short, so
    /// that a database outage answers 503 in seconds instead of hanging.
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(3),
        }
    }
}

/// The connection pool and the dialect it speaks.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    dialect: Dialect,
    /// On SQLite, the one connection that writes (see [`Db::begin_write`]).
    writer: Option<AnyPool>,
    /// Two reading connections of their own (see [`Db::glance`]).
    glance: AnyPool,
}

impl Db {
    /// Connects (creating the SQLite file when missing) and checks that the
    /// database answers. Does not migrate.
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Self, DbError> {
        install_default_drivers();
        let dialect = Dialect::from_url(url)?;
        let mut options = AnyPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout);
        let url = match dialect {
            Dialect::Sqlite => {
                // A connection to a file cannot have dropped: the check
                // sqlx makes on every acquire (a round trip to the
                // connection's thread) buys nothing here.
                options = options.test_before_acquire(false);
                options =
                    options.after_connect(|conn, _meta| Box::pin(sqlite_settings(conn, false)));
                sqlite_url_creating_file(url)
            }
            Dialect::Postgres => url.to_owned(),
        };
        let connect = |options: AnyPoolOptions| {
            let url = url.clone();
            async move {
                options
                    .connect(&url)
                    .await
                    .map_err(|source| DbError::Connect {
                        url: redact_url(&url),
                        source,
                    })
            }
        };
        let writer = match dialect {
            Dialect::Sqlite => Some(connect(options.clone().max_connections(1)).await?),
            Dialect::Postgres => None,
        };
        if dialect == Dialect::Sqlite {
            options = options.after_connect(|conn, _meta| Box::pin(sqlite_settings(conn, true)));
        }
        let glance = connect(options.clone().max_connections(2)).await?;
        let pool = connect(options).await?;
        Ok(Self {
            pool,
            dialect,
            writer,
            glance,
        })
    }

    /// Brings the schema up to date with the migrations for this dialect.
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.dialect.migrator().run(self.writer()).await?;
        Ok(())
    }

    /// Answers whether the database responds to a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// The pool for reading. On SQLite its connections never write (debug
    /// builds make them refuse to); writes go through [`Db::writer`] or
    /// [`Db::begin_write`].
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Where a write outside [`Db::begin_write`]'s transactions runs (one
    /// statement on its own, or a connection that writes now and then): the
    /// one writing connection on SQLite, so it queues with every other
    /// writer instead of polling SQLite's busy handler against them; the
    /// pool on PostgreSQL.
    pub fn writer(&self) -> &AnyPool {
        self.writer.as_ref().unwrap_or(&self.pool)
    }

    /// For the one-row read every public page makes (the board's
    /// generation, `http/page_cache.rs`): two connections of its own, so a
    /// page served from the cache never queues for the pool behind the
    /// searches, lists and exports holding it. Reads only.
    pub fn glance(&self) -> &AnyPool {
        &self.glance
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Starts a transaction that will write. On SQLite it runs on the one
    /// writing connection, whose pool hands it out first come first served,
    /// and takes the write lock at once (`BEGIN IMMEDIATE`). SQLite has one
    /// writer at a time anyway: queued here, writers neither poll SQLite's
    /// busy handler (growing sleeps of up to 100 ms, so an unlucky writer
    /// waited many commits' worth) nor hold reading connections while they
    /// wait.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match &self.writer {
            Some(writer) => writer.begin_with("BEGIN IMMEDIATE").await,
            None => self.pool.begin().await,
        }
    }

    /// Refreshes the query planner's statistics where the engine does not
    /// do it by itself (SQLite; PostgreSQL's autovacuum analyses tables).
    /// Cheap when nothing changed much; run at start-up and hourly.
    pub async fn optimize(&self) -> Result<(), sqlx::Error> {
        if self.dialect == Dialect::Sqlite {
            // ANALYZE writes its statistics, so it queues on the writing
            // connection like any writer, and samples a few hundred rows of
            // each index instead of reading them all: a full pass over a
            // million applications took seconds at start-up, holding the
            // write lock all the while.
            let mut conn = self.writer().acquire().await?;
            sqlx::query("PRAGMA analysis_limit = 400")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA optimize").execute(&mut *conn).await?;
        }
        Ok(())
    }

    /// Closes every connection; later queries fail at once.
    pub async fn close(&self) {
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.glance.close().await;
        self.pool.close().await;
    }
}

/// Every SQLite connection's settings, and the reading connections'.
async fn sqlite_settings(conn: &mut sqlx::AnyConnection, reader: bool) -> Result<(), sqlx::Error> {
    // sqlx enables foreign keys and a busy timeout itself; WAL and full
    // fsync on commit are ours to ask for.
    conn.execute("PRAGMA journal_mode = WAL").await?;
    conn.execute("PRAGMA synchronous = FULL").await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    conn.execute("PRAGMA busy_timeout = 5000").await?;
    // A smaller page cache than SQLite's 2 MiB: each connection holds its
    // own, and what it misses is a copy from the system's page cache
    // (BENCHMARKS.md: resident memory against the applicant list).
    conn.execute("PRAGMA cache_size = -512").await?;
    if reader && cfg!(debug_assertions) {
        // Debug builds (the tests) make the reading connections refuse
        // to write, so a write that bypasses the writing connection
        // fails its test instead of queueing on SQLite's busy handler
        // in production.
        conn.execute("PRAGMA query_only = ON").await?;
    }
    Ok(())
}

/// A `LIKE … ESCAPE '\\'` pattern finding `text` anywhere in a lower-cased
/// column; wildcards people type are matched literally.
pub fn contains_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// Asks SQLite to create the file when it does not exist yet.
fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The URL with any password replaced, fit for logs and error messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}{path}")
            } else {
                url.to_owned()
            }
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialect_comes_from_the_url_scheme() {
        assert_eq!(
            Dialect::from_url("sqlite://data/x.db").ok(),
            Some(Dialect::Sqlite)
        );
        assert_eq!(
            Dialect::from_url("postgres://u@h/db").ok(),
            Some(Dialect::Postgres)
        );
        assert_eq!(
            Dialect::from_url("postgresql://u@h/db").ok(),
            Some(Dialect::Postgres)
        );
        assert!(Dialect::from_url("mysql://u@h/db").is_err());
        assert!(Dialect::from_url("nonsense").is_err());
    }

    #[test]
    fn passwords_never_appear_in_a_redacted_url() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.example:5432/techforce"),
            "postgres://app:***@db.example:5432/techforce"
        );
        assert_eq!(redact_url("postgres://app@db/x"), "postgres://app@db/x");
        assert_eq!(
            redact_url("sqlite://data/techforce.db"),
            "sqlite://data/techforce.db"
        );
        assert_eq!(
            redact_url("postgres://a:b:c@h/db?sslmode=require"),
            "postgres://a:***@h/db?sslmode=require"
        );
    }

    #[test]
    fn sqlite_urls_ask_for_the_file_to_be_created() {
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db"),
            "sqlite://a.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db?x=1"),
            "sqlite://a.db?x=1&mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
    }
}
