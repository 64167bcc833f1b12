//! Reusable pieces of the page.

pub mod form;
pub mod layout;
