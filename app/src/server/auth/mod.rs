//! Authentication: password hashing and strength, sessions.

pub mod guard;
pub mod password;
pub mod session;
pub mod tokens;
