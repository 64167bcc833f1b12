//! Résumé upload and download: plain HTTP handlers (a multipart form that
//! works without JavaScript, and a file response), with the same session
//! and the same rules as the server functions.
//!
//! - `POST /jobs/{id}/apply/resume` (multipart, file field `resume`): the
//!   candidate's own draft only. A browser is sent back to the apply page
//!   (with the problem, if any); other clients get a status and JSON.
//! - `GET /applications/{id}/resume`: for the application's candidate,
//!   staff, and the hiring managers assigned to its opening; 404 for
//!   everyone else. Always an attachment, never rendered by the browser.
//! - `POST /account/resume` and `GET /account/resume`: the candidate's
//!   profile résumé, which new applications start from; its owner only.

use std::net::SocketAddr;

use app::server::applications::{AttachError, attach_resume, resume_for_download};
use app::server::auth::guard::{CurrentUser, user_from_headers};
use app::server::documents::UploadProblem;
use app::server::profile::{attach_profile_resume, profile_resume_for_download};
use app::server::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};

pub(crate) fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

pub(crate) fn problem(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// The file in a multipart body's `resume` field: (name, bytes).
async fn read_resume_field(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(String, Vec<u8>), ReadProblem> {
    let Ok(mut multipart) = multipart else {
        return Err(ReadProblem::NotMultipart);
    };
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("resume") => {
                let name = field.file_name().unwrap_or("").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(error) => {
                        return Err(ReadProblem::Unread(error.body_text(), error.status()));
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(error) => return Err(ReadProblem::Unread(error.body_text(), error.status())),
        }
    }
    file.filter(|(name, _)| !name.is_empty())
        .ok_or(ReadProblem::Missing)
}

enum ReadProblem {
    NotMultipart,
    Missing,
    Unread(String, StatusCode),
}

/// Reads the upload and hands it to `attach`; answers a browser with a
/// redirect to `back` (plus what happened) and other clients with JSON.
async fn receive<F, Fut>(
    html: bool,
    back: &str,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    attach: F,
) -> Response
where
    F: FnOnce(String, Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = Result<(), AttachError>>,
{
    let back = |query: &str| Redirect::to(&format!("{back}{query}")).into_response();
    let (name, bytes) = match read_resume_field(multipart).await {
        Ok(file) => file,
        Err(ReadProblem::NotMultipart) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "Send the résumé as a file upload form.",
            );
        }
        Err(ReadProblem::Missing) => {
            let missing = UploadProblem::Missing;
            return if html {
                back(&format!("&error={}", missing.code()))
            } else {
                problem(StatusCode::BAD_REQUEST, &missing.message())
            };
        }
        Err(ReadProblem::Unread(detail, status)) => {
            return upload_failed(html, &back, &detail, status);
        }
    };
    match attach(name, bytes).await {
        Ok(()) if html => back("&uploaded=1"),
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "ok": true }))).into_response(),
        Err(AttachError::Upload(refused)) if html => back(&format!("&error={}", refused.code())),
        Err(AttachError::Upload(refused)) => problem(
            StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::BAD_REQUEST),
            &refused.message(),
        ),
        Err(AttachError::App(error)) if html && error.status() < 500 => back("&error=refused"),
        Err(AttachError::App(error)) => problem(
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST),
            &error.to_string(),
        ),
    }
}

/// The signed-in user for an upload or download; otherwise the answer
/// to send (a sign-in redirect for a browser).
pub(crate) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    next: &str,
) -> Result<CurrentUser, Response> {
    match user_from_headers(state, headers).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) if wants_html(headers) => {
            Err(Redirect::to(&app::components::login_url(next)).into_response())
        }
        Ok(None) => Err(problem(StatusCode::UNAUTHORIZED, "Sign in to continue.")),
        Err(error) => {
            tracing::error!(%error, "résumé request");
            Err(problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "Please try again shortly.",
            ))
        }
    }
}

/// `POST /jobs/{id}/apply/resume`
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Ok(opening_id) = id.parse::<i64>() else {
        return problem(StatusCode::NOT_FOUND, "No such opening.");
    };
    let candidate = match signed_in(&state, &headers, &format!("/jobs/{opening_id}/apply")).await {
        Ok(candidate) => candidate,
        Err(response) => return response,
    };
    let back = format!("/jobs/{opening_id}/apply?step=resume");
    receive(wants_html(&headers), &back, multipart, |name, bytes| {
        attach_resume(&state, &candidate, opening_id, name, bytes)
    })
    .await
}

/// `POST /account/resume`: the profile's default résumé.
pub async fn upload_profile(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let candidate = match signed_in(&state, &headers, "/account").await {
        Ok(candidate) => candidate,
        Err(response) => return response,
    };
    receive(
        wants_html(&headers),
        "/account?at=profile",
        multipart,
        |name, bytes| attach_profile_resume(&state, &candidate, name, bytes),
    )
    .await
}

/// A body that could not be read: cut off, malformed, or over the limit.
fn upload_failed(
    html: bool,
    back: &dyn Fn(&str) -> Response,
    detail: &str,
    status: StatusCode,
) -> Response {
    let too_large = status == StatusCode::PAYLOAD_TOO_LARGE;
    if html {
        return back(if too_large {
            "&error=too-large"
        } else {
            "&error=cut-off"
        });
    }
    tracing::info!(detail, "résumé upload not read");
    let message = if too_large {
        "That file is too large for a résumé."
    } else {
        "The upload was cut off or malformed. Try again."
    };
    problem(
        if too_large {
            status
        } else {
            StatusCode::BAD_REQUEST
        },
        message,
    )
}

/// `GET /applications/{id}/resume`
pub async fn download(
    State(state): State<AppState>,
    Path(public_id): Path<String>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let reader = match signed_in(&state, &headers, &format!("/applications/{public_id}")).await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    let addr = addr.ip().to_string();
    send(resume_for_download(&state, &reader, &public_id, Some(&addr)).await)
}

/// `GET /account/resume`: the candidate's own profile résumé.
pub async fn download_profile(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let reader = match signed_in(&state, &headers, "/account").await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    send(profile_resume_for_download(&state, &reader).await)
}

/// A stored file (name, media type, bytes) as an attachment the browser
/// never renders.
pub(crate) fn send(found: Result<Option<(String, String, Vec<u8>)>, sqlx::Error>) -> Response {
    match found {
        Ok(Some((filename, media_type, content))) => {
            attachment(&filename, &media_type, axum::body::Body::from(content))
        }
        Ok(None) => problem(StatusCode::NOT_FOUND, "No such file."),
        Err(error) => {
            tracing::error!(%error, "résumé download");
            problem(StatusCode::SERVICE_UNAVAILABLE, "Please try again shortly.")
        }
    }
}

/// A download: `body` as the file `filename`, never shown in the page nor
/// run, never cached.
pub(crate) fn attachment(filename: &str, media_type: &str, body: axum::body::Body) -> Response {
    let mut response = body.into_response();
    {
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(media_type) {
            headers.insert(header::CONTENT_TYPE, value);
        }
        // The name holds only letters, digits, spaces, dots, dashes
        // and underscores (see `clean_filename`).
        if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'"),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}
