//! Server-only code (the `ssr` feature): application state, database access
//! and the HTTP security policy the pages rely on.

pub mod db;
pub mod security;
pub mod state;
