//! Reusable pieces of the page.

pub mod layout;
