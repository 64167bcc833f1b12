//! One module per route.

pub mod account;
pub mod home;
pub mod login;
pub mod not_found;
