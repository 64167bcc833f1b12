//! Server functions: thin, one file per feature. Each one authorises,
//! parses, calls the server module that does the work, and answers.

pub mod admin;
pub mod applications;
pub mod assessments;
pub mod auth;
pub mod challenges;
pub mod manage;
pub mod openings;
pub mod pooled;
pub mod profile;
pub mod reports;
