//! Logging with `tracing`: human-readable lines by default, JSON lines with
//! `TECHFORCE_LOG_FORMAT=json`. The level comes from `RUST_LOG` (default
//! `info`).

use tracing_subscriber::{EnvFilter, fmt};

use crate::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info,leptos_axum=warn"));
    // When the log stream breaks (a collector restarts), keep serving:
    // reporting the failure on stderr would itself fail and panic.
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .log_internal_errors(false);
    // A second initialisation (tests start many servers in one process) is
    // harmless: the first subscriber stays.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
