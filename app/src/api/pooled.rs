//! Pooled hiring: the agencies that select from a pooled opening's shared
//! list. Staff keep the list.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// An agency that hires from the program's pools.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: i64,
    /// "DHS".
    pub code: String,
    /// "Department of Homeland Security".
    pub name: String,
}

/// Staff: every agency, by name.
#[server(endpoint = "admin/agencies")]
pub async fn agencies() -> Result<Vec<Agency>, AppError> {
    crate::server::pooled::agencies().await
}

/// Staff: adds an agency (its code and name must be new).
#[server(endpoint = "admin/create-agency")]
pub async fn create_agency(code: String, name: String) -> Result<(), AppError> {
    crate::server::pooled::create_agency(&code, &name).await
}
