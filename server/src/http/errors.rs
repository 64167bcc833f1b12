//! The one place where a failed server function gets its HTTP status.
//!
//! Leptos answers every server-function error with 500 and the error in the
//! body. This layer reads an `AppError` body back and answers with its own
//! status (400 for bad input, 401, 403, 404, 409, 429 with `Retry-After`),
//! so that only real internal failures are 500s. Form posts without
//! JavaScript are redirected back to their page by Leptos and pass through.

use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, StatusCode};

/// Error bodies are small; anything bigger is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn server_function_status(request: Request, next: Next) -> Response {
    let is_server_function = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
        if let AppError::TooManyAttempts {
            retry_after_secs, ..
        } = error
        {
            parts.headers.insert(
                http::header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs),
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
