//! Configuration from `TECHFORCE_*` environment variables, validated once at
//! start-up. A bad value stops the server with a message naming the variable.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Where outgoing mail goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransport {
    /// `smtp://` or `smtps://`: a real mail server.
    Smtp(String),
    /// `file://DIR`: one `.eml` file per message in DIR.
    File(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Config {
    /// `TECHFORCE_DATA_DIR`: where the secret key, the SQLite database and
    /// file-transport mail live. Default `./data`.
    pub data_dir: PathBuf,
    /// `TECHFORCE_DATABASE_URL`: `sqlite://…` or `postgres://…`.
    /// Default `sqlite://<data dir>/techforce.db`.
    pub database_url: String,
    /// `TECHFORCE_DB_MAX_CONNECTIONS`: pool size. Default 4 on SQLite, 10
    /// on PostgreSQL.
    pub db_max_connections: u32,
    /// `TECHFORCE_PAGE_CACHE_MB`: how much rendered public job pages may be
    /// kept for anonymous visitors, in a file of their own in the data
    /// directory; 0 turns the cache off. Default 48: gzip-compressed, about
    /// 3.5 KB each, that holds some 14,000 pages.
    pub page_cache_mb: usize,
    /// `TECHFORCE_ADDR`: the address to listen on. Default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// `TECHFORCE_PUBLIC_URL`: the origin people reach the portal at (used for
    /// links in email and the cross-site request check). Default
    /// `http://<addr>`.
    pub public_url: String,
    /// `TECHFORCE_MAIL_URL`. Default `file://<data dir>/mail`.
    pub mail: MailTransport,
    /// `TECHFORCE_MAIL_FROM`: the sender, e.g. `Tech Force <no-reply@agency.gov>`.
    /// Default `Tech Force Portal <no-reply@HOST>` with the public URL's host.
    pub mail_from: String,
    /// `TECHFORCE_SECRET_KEY`: at least 32 bytes. When absent, a key is
    /// generated into `<data dir>/secret.key` on first run and reused.
    pub secret_key: Option<String>,
    /// `TECHFORCE_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `TECHFORCE_SESSION_IDLE_MINUTES`: idle limit for staff and hiring
    /// managers (default 30); `TECHFORCE_CANDIDATE_IDLE_MINUTES` for
    /// candidates (default 120); `TECHFORCE_SESSION_MAX_HOURS`: absolute
    /// limit for everyone (default 12).
    pub session_idle_minutes: u64,
    pub candidate_idle_minutes: u64,
    pub session_max_hours: u64,
    /// `TECHFORCE_SITE_DIR`: the built site (WASM, CSS, USWDS assets).
    /// Default `target/site`.
    pub site_dir: PathBuf,
    /// `TECHFORCE_RESUME_MAX_KB`: the largest résumé accepted, in KiB
    /// (default 5120, 5 MiB); `TECHFORCE_RESUME_MAX_PAGES`: the most pages
    /// a PDF résumé may have (default 2, the Merit Hiring Plan's rule).
    pub resume_max_kb: u64,
    pub resume_max_pages: u64,
    /// `TECHFORCE_ARTEFACT_MAX_KB`: the largest file staff can attach to a
    /// challenge, in KiB (default 20480, 20 MiB).
    pub artefact_max_kb: u64,
    /// How long a client may take to send its request head, and to send
    /// the next part of an upload, before the portal gives up on it.
    pub client_timeout_secs: u64,
    /// Reverse proxies (load balancers) whose `X-Forwarded-For` names the
    /// client: only their word is taken, for throttling and the audit log.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// A configuration value that cannot be used, with the variable it came from.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid {variable}: {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub reason: String,
}

fn invalid(variable: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        reason: reason.into(),
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let vars: HashMap<String, String> = std::env::vars()
            .filter(|(key, _)| key.starts_with("TECHFORCE_"))
            .collect();
        Self::from_vars(&vars)
    }

    /// Builds the configuration from a map of variables (the environment in
    /// production, a literal map in tests).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            vars.get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let data_dir = PathBuf::from(get("TECHFORCE_DATA_DIR").unwrap_or_else(|| "data".into()));

        let database_url = match get("TECHFORCE_DATABASE_URL") {
            Some(url) => {
                app::server::db::Dialect::from_url(&url)
                    .map_err(|e| invalid("TECHFORCE_DATABASE_URL", e.to_string()))?;
                url
            }
            None => format!("sqlite://{}", data_dir.join("techforce.db").display()),
        };

        let db_max_connections = match get("TECHFORCE_DB_MAX_CONNECTIONS") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    invalid(
                        "TECHFORCE_DB_MAX_CONNECTIONS",
                        format!("{v:?} is not a number from 1 to 1000"),
                    )
                })?,
            // SQLite answers from this machine's cores: four readers keep
            // two cores busy, and each reader is a thread with its own page
            // cache (BENCHMARKS.md: the job board as fast, the applicant
            // list faster, 40 MiB less than ten). PostgreSQL connections
            // wait on the network and the server's own processes.
            None => match app::server::db::Dialect::from_url(&database_url) {
                Ok(app::server::db::Dialect::Sqlite) => 4,
                _ => 10,
            },
        };

        let page_cache_mb = match get("TECHFORCE_PAGE_CACHE_MB") {
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= 1024)
                .ok_or_else(|| {
                    invalid(
                        "TECHFORCE_PAGE_CACHE_MB",
                        format!("{v:?} is not a number from 0 to 1024"),
                    )
                })?,
            None => 48,
        };

        let addr = match get("TECHFORCE_ADDR") {
            Some(v) => v.parse::<SocketAddr>().map_err(|_| {
                invalid(
                    "TECHFORCE_ADDR",
                    format!("{v:?} is not an address like 127.0.0.1:3000"),
                )
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };

        let public_url = match get("TECHFORCE_PUBLIC_URL") {
            Some(v) => {
                parse_origin(&v).map_err(|reason| invalid("TECHFORCE_PUBLIC_URL", reason))?
            }
            None => format!("http://{addr}"),
        };

        let mail = match get("TECHFORCE_MAIL_URL") {
            Some(v) => {
                parse_mail_url(&v).map_err(|reason| invalid("TECHFORCE_MAIL_URL", reason))?
            }
            None => MailTransport::File(data_dir.join("mail")),
        };

        let mail_from = match get("TECHFORCE_MAIL_FROM") {
            Some(v) if v.contains(['\r', '\n']) || !v.contains('@') => {
                return Err(invalid(
                    "TECHFORCE_MAIL_FROM",
                    "must be an address like Tech Force <no-reply@agency.gov>",
                ));
            }
            Some(v) => v,
            None => format!("Tech Force Portal <no-reply@{}>", mail_domain(&public_url)),
        };

        let secret_key = match get("TECHFORCE_SECRET_KEY") {
            Some(v) if v.len() < app::server::state::SecretKey::MIN_LEN => {
                return Err(invalid(
                    "TECHFORCE_SECRET_KEY",
                    format!(
                        "must be at least {} characters (it is {})",
                        app::server::state::SecretKey::MIN_LEN,
                        v.len()
                    ),
                ));
            }
            other => other,
        };

        let log_format = match get("TECHFORCE_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "TECHFORCE_LOG_FORMAT",
                    format!("{other:?} is neither \"text\" nor \"json\""),
                ));
            }
        };

        let number = |variable: &'static str, default: u64, max: u64| -> Result<u64, ConfigError> {
            match get(variable) {
                None => Ok(default),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        invalid(variable, format!("{v:?} is not a number from 1 to {max}"))
                    }),
            }
        };
        let session_idle_minutes = number("TECHFORCE_SESSION_IDLE_MINUTES", 30, 24 * 60)?;
        let candidate_idle_minutes = number("TECHFORCE_CANDIDATE_IDLE_MINUTES", 120, 24 * 60)?;
        let session_max_hours = number("TECHFORCE_SESSION_MAX_HOURS", 12, 24 * 30)?;

        let site_dir =
            PathBuf::from(get("TECHFORCE_SITE_DIR").unwrap_or_else(|| "target/site".into()));
        let resume_max_kb = number("TECHFORCE_RESUME_MAX_KB", 5 * 1024, 50 * 1024)?;
        let resume_max_pages = number("TECHFORCE_RESUME_MAX_PAGES", 2, 100)?;
        let artefact_max_kb = number("TECHFORCE_ARTEFACT_MAX_KB", 20 * 1024, 200 * 1024)?;
        let client_timeout_secs = number("TECHFORCE_CLIENT_TIMEOUT_SECS", 15, 600)?;
        let trusted_proxies = get("TECHFORCE_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<std::net::IpAddr>().map_err(|_| {
                    invalid(
                        "TECHFORCE_TRUSTED_PROXIES",
                        format!(
                            "{part:?} is not an IP address (list the proxies' addresses, comma-separated)"
                        ),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Self {
            data_dir,
            database_url,
            db_max_connections,
            page_cache_mb,
            addr,
            public_url,
            mail,
            mail_from,
            secret_key,
            log_format,
            session_idle_minutes,
            candidate_idle_minutes,
            session_max_hours,
            site_dir,
            resume_max_kb,
            resume_max_pages,
            artefact_max_kb,
            client_timeout_secs,
            trusted_proxies,
        })
    }

    /// Whether people reach the portal over HTTPS (turns on HSTS).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Whether the session cookie is `Secure`: always, except for plain
    /// http on this machine (a laptop or the tests). A deployment on plain
    /// http elsewhere therefore cannot keep anyone signed in, by design.
    pub fn secure_cookies(&self) -> bool {
        if self.is_https() {
            return true;
        }
        let uri: http::Uri = match self.public_url.parse() {
            Ok(uri) => uri,
            Err(_) => return true,
        };
        let host = uri.host().unwrap_or("");
        let local = host == "localhost"
            || host.ends_with(".localhost")
            || host == "[::1]"
            || host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback());
        !local
    }
}

/// Accepts `http(s)://host[:port]` with an optional trailing slash and
/// returns the bare origin.
fn parse_origin(value: &str) -> Result<String, String> {
    let uri: http::Uri = value
        .parse()
        .map_err(|_| format!("{value:?} is not a URL like https://techforce.example.gov"))?;
    let scheme = uri.scheme_str().unwrap_or("");
    if scheme != "http" && scheme != "https" {
        return Err(format!("{value:?} must start with https:// or http://"));
    }
    let Some(authority) = uri.authority() else {
        return Err(format!("{value:?} has no host"));
    };
    if uri.path() != "/" && !uri.path().is_empty() || uri.query().is_some() {
        return Err(format!(
            "{value:?} must be an origin only, without a path or query"
        ));
    }
    Ok(format!("{scheme}://{authority}"))
}

/// The public URL's host when it can be a mail domain (a name with a dot),
/// else `localhost.localdomain`.
fn mail_domain(public_url: &str) -> String {
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("");
    if host.contains('.') && host.parse::<std::net::IpAddr>().is_err() {
        host.to_owned()
    } else {
        "localhost.localdomain".to_owned()
    }
}

fn parse_mail_url(value: &str) -> Result<MailTransport, String> {
    if let Some(dir) = value.strip_prefix("file://") {
        if dir.is_empty() {
            return Err("file:// needs a directory, e.g. file:///var/lib/techforce/mail".into());
        }
        return Ok(MailTransport::File(PathBuf::from(dir)));
    }
    if value.starts_with("smtp://") || value.starts_with("smtps://") {
        return Ok(MailTransport::Smtp(value.to_owned()));
    }
    Err("must start with smtp://, smtps:// or file://".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_fresh_checkout_needs_no_configuration() {
        let config = Config::from_vars(&HashMap::new()).expect("defaults are valid");
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.data_dir, PathBuf::from("data"));
        assert_eq!(config.database_url, "sqlite://data/techforce.db");
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
        assert_eq!(config.mail, MailTransport::File(PathBuf::from("data/mail")));
        assert_eq!(config.log_format, LogFormat::Text);
        assert!(config.secret_key.is_none());
        assert!(!config.is_https());
        assert_eq!(
            config.mail_from,
            "Tech Force Portal <no-reply@localhost.localdomain>"
        );
    }

    #[test]
    fn the_data_dir_moves_the_database_and_the_mail() {
        let config = Config::from_vars(&vars(&[("TECHFORCE_DATA_DIR", "/srv/tf")])).unwrap();
        assert_eq!(config.database_url, "sqlite:///srv/tf/techforce.db");
        assert_eq!(
            config.mail,
            MailTransport::File(PathBuf::from("/srv/tf/mail"))
        );
    }

    #[test]
    fn the_pool_is_sized_for_the_database_unless_set() {
        let pool =
            |pairs: &[(&str, &str)]| Config::from_vars(&vars(pairs)).unwrap().db_max_connections;
        assert_eq!(pool(&[]), 4);
        assert_eq!(
            pool(&[("TECHFORCE_DATABASE_URL", "postgres://tf@db/tf")]),
            10
        );
        assert_eq!(pool(&[("TECHFORCE_DB_MAX_CONNECTIONS", "16")]), 16);
        let postgres_set = [
            ("TECHFORCE_DATABASE_URL", "postgres://tf@db/tf"),
            ("TECHFORCE_DB_MAX_CONNECTIONS", "3"),
        ];
        assert_eq!(pool(&postgres_set), 3);
    }

    #[test]
    fn each_bad_value_is_named_in_the_error() {
        let cases = [
            ("TECHFORCE_ADDR", "localhost"),
            ("TECHFORCE_DATABASE_URL", "mysql://x@y/z"),
            ("TECHFORCE_PUBLIC_URL", "ftp://example.gov"),
            ("TECHFORCE_PUBLIC_URL", "https://example.gov/portal"),
            ("TECHFORCE_MAIL_URL", "mailto:x@example.gov"),
            ("TECHFORCE_SECRET_KEY", "too-short"),
            ("TECHFORCE_LOG_FORMAT", "xml"),
            ("TECHFORCE_MAIL_FROM", "nobody"),
            ("TECHFORCE_DB_MAX_CONNECTIONS", "0"),
            ("TECHFORCE_DB_MAX_CONNECTIONS", "many"),
            ("TECHFORCE_PAGE_CACHE_MB", "-1"),
            ("TECHFORCE_PAGE_CACHE_MB", "4096"),
            ("TECHFORCE_SESSION_IDLE_MINUTES", "0"),
            ("TECHFORCE_SESSION_MAX_HOURS", "forever"),
        ];
        for (variable, value) in cases {
            let err = Config::from_vars(&vars(&[(variable, value)]))
                .expect_err(&format!("{variable}={value} should be refused"));
            assert_eq!(err.variable, variable);
            assert!(
                err.to_string()
                    .starts_with(&format!("invalid {variable}: "))
            );
        }
    }

    #[test]
    fn cookies_are_secure_except_for_plain_http_on_this_machine() {
        let with_url = |url: &str| {
            Config::from_vars(&vars(&[("TECHFORCE_PUBLIC_URL", url)]))
                .unwrap()
                .secure_cookies()
        };
        assert!(!with_url("http://localhost:3000"));
        assert!(!with_url("http://127.0.0.1:3000"));
        assert!(!with_url("http://portal.localhost"));
        assert!(!with_url("http://[::1]:3000"));
        assert!(with_url("http://techforce.example.gov"));
        assert!(with_url("https://localhost:3000"));
        assert!(with_url("https://techforce.example.gov"));
        assert!(!Config::from_vars(&HashMap::new()).unwrap().secure_cookies());
    }

    #[test]
    fn good_values_are_taken() {
        let config = Config::from_vars(&vars(&[
            ("TECHFORCE_ADDR", "0.0.0.0:8080"),
            ("TECHFORCE_PUBLIC_URL", "https://techforce.example.gov/"),
            (
                "TECHFORCE_MAIL_URL",
                "smtps://mailer:pw@smtp.example.gov:465",
            ),
            ("TECHFORCE_DATABASE_URL", "postgres://tf@db/techforce"),
            ("TECHFORCE_LOG_FORMAT", "json"),
            ("TECHFORCE_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
        ]))
        .unwrap();
        assert_eq!(config.addr.to_string(), "0.0.0.0:8080");
        assert_eq!(config.public_url, "https://techforce.example.gov");
        assert!(config.is_https());
        assert!(matches!(config.mail, MailTransport::Smtp(_)));
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.database_url, "postgres://tf@db/techforce");
        assert_eq!(
            config.mail_from,
            "Tech Force Portal <no-reply@techforce.example.gov>"
        );
    }
}
