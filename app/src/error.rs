//! `AppError`: the one error type that crosses the wire from server
//! functions to pages. Internal causes are logged on the server with a
//! reference; people see the reference, never the cause.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue.")]
    Unauthenticated,
    #[error("You don’t have access to this page or action.")]
    Forbidden,
    #[error("We can’t find that.")]
    NotFound,
    /// Bad input: a message for the form and one per field (field name,
    /// message), shown next to the fields.
    #[error("{message}")]
    Validation {
        message: String,
        fields: Vec<(String, String)>,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    TooManyAttempts {
        message: String,
        retry_after_secs: u64,
    },
    #[error("Something went wrong on our side. Please try again. (Reference {0}.)")]
    Internal(String),
    /// The database cannot be reached for the moment (503); nothing is wrong
    /// with the request, and trying again in a minute will work.
    #[error(
        "Tech Force Portal is briefly unavailable. Nothing you saved is lost; please try again in a minute."
    )]
    Unavailable,
    /// The request itself could not be read (wrong encoding, missing field).
    #[error("We couldn’t read that request: {0}")]
    BadRequest(String),
}

impl AppError {
    /// A validation error naming a problem on each field listed.
    pub fn fields(fields: Vec<(String, String)>) -> Self {
        AppError::Validation {
            message: "Please correct the errors below.".into(),
            fields,
        }
    }

    /// A validation error about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Validation {
            message: "Please correct the errors below.".into(),
            fields: vec![(field.to_owned(), message)],
        }
    }

    /// The message for one field, if this error has one.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Validation { fields, .. } => fields
                .iter()
                .find(|(name, _)| name == field)
                .map(|(_, message)| message.as_str()),
            _ => None,
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation { .. } | AppError::BadRequest(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal(_) => 500,
            AppError::Unavailable => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::BadRequest(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_found_by_name_and_map_to_400() {
        let error = AppError::field("email", "Enter your email address.");
        assert_eq!(
            error.field_message("email"),
            Some("Enter your email address.")
        );
        assert_eq!(error.field_message("password"), None);
        assert_eq!(error.status(), 400);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(
            AppError::TooManyAttempts {
                message: "wait".into(),
                retry_after_secs: 3
            }
            .status(),
            429
        );
    }
}
