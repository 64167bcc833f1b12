//! One module per route.

pub mod account;
pub mod admin_agencies;
pub mod admin_challenges;
pub mod admin_jobs;
pub mod admin_users;
pub mod applications;
pub mod apply;
pub mod assessment;
pub mod forgot_password;
pub mod home;
pub mod job;
pub mod jobs;
pub mod login;
pub mod manage;
pub mod not_found;
pub mod reports;
pub mod reset_password;
pub mod signup;
pub mod verify_email;
