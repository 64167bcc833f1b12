//! The domain: plain Rust and serde only, so the same rules run in the
//! browser (to pre-check a form) and on the server (to enforce it).

pub mod account;
pub mod application;
pub mod assessment;
pub mod challenge;
pub mod opening;
pub mod profile;
pub mod ranking;
pub mod scorecard;
pub mod stats;
