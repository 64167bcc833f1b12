//! The HTTP layers around every route: request ids, tracing, panics,
//! security headers, the cross-site request check, body limits, metrics.

pub mod certificates;
pub mod challenges;
pub mod csrf;
pub mod documents;
pub mod errors;
pub mod headers;
pub mod jobs_api;
pub mod metrics;
pub mod page_cache;
pub mod reports;
pub mod serve;
