//! Server-only code (the `ssr` feature): application state, database access
//! and the HTTP security policy the pages rely on.

pub mod accounts;
pub mod admin;
pub mod applications;
pub mod assessments;
pub mod auth;
pub mod certificates;
pub mod challenges;
pub mod clock;
pub mod db;
pub mod documents;
pub mod mail;
pub mod manage;
pub mod openings;
pub mod pooled;
pub mod profile;
pub mod reports;
pub mod request;
pub mod security;
pub mod state;
pub mod workflow;
