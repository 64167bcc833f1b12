//! Files of the challenge library, for staff: attaching one to a challenge
//! (a multipart form that works without JavaScript), downloading it, and
//! downloading the generated artefact of the preview's sample candidate.
//! Everyone but staff gets 404, as for a challenge that does not exist.
//! A candidate taking an assessment downloads their own generated file and
//! the challenges' shared files; nobody else gets them.

use app::server::assessments::file_for_candidate;
use app::server::challenges::library::{
    ArtefactError, artefact_for_staff, attach_artefact, sample_for_staff,
};
use app::server::state::AppState;
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode};

use super::documents::{problem, signed_in, wants_html};

/// `POST /admin/challenges/{id}/artefacts` (file field `artefact`).
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let html = wants_html(&headers);
    let staff = match signed_in(&state, &headers, &format!("/admin/challenges/{id}")).await {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    // Refused before the body is read: only staff upload files here.
    if staff.user.role != app::domain::account::Role::Staff {
        return problem(StatusCode::NOT_FOUND, "No such challenge.");
    }
    let back =
        |query: &str| Redirect::to(&format!("/admin/challenges/{id}?{query}")).into_response();
    let Ok(mut multipart) = multipart else {
        return problem(
            StatusCode::BAD_REQUEST,
            "Send the file as a file upload form.",
        );
    };
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("artefact") => {
                let name = field.file_name().unwrap_or("").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(error) => return unread(html, &back, error.status()),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(error) => return unread(html, &back, error.status()),
        }
    }
    let Some((name, bytes)) = file.filter(|(name, _)| !name.is_empty()) else {
        return if html {
            back("error=missing")
        } else {
            problem(StatusCode::BAD_REQUEST, "Choose a file to attach.")
        };
    };
    match attach_artefact(&state, &staff, id, &name, bytes).await {
        Ok(()) if html => back("attached=1"),
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "ok": true }))).into_response(),
        Err(ArtefactError::Empty) if html => back("error=empty"),
        Err(ArtefactError::Empty) => problem(StatusCode::BAD_REQUEST, "That file is empty."),
        Err(ArtefactError::TooLarge) if html => back("error=too-large"),
        Err(ArtefactError::TooLarge) => problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "That file is too large to attach.",
        ),
        Err(ArtefactError::App(error)) if error.status() == 403 || error.status() == 404 => {
            problem(StatusCode::NOT_FOUND, "No such challenge.")
        }
        Err(ArtefactError::App(error)) => {
            tracing::error!(%error, "artefact upload");
            problem(StatusCode::SERVICE_UNAVAILABLE, "Please try again shortly.")
        }
    }
}

fn unread(html: bool, back: &dyn Fn(&str) -> Response, status: StatusCode) -> Response {
    let too_large = status == StatusCode::PAYLOAD_TOO_LARGE;
    match (html, too_large) {
        (true, true) => back("error=too-large"),
        (true, false) => back("error=cut-off"),
        (false, true) => problem(status, "That file is too large to attach."),
        (false, false) => problem(
            StatusCode::BAD_REQUEST,
            "The upload was cut off or malformed. Try again.",
        ),
    }
}

/// `GET /admin/challenges/{id}/artefacts/{artefact}`
pub async fn download(
    State(state): State<AppState>,
    Path((id, artefact)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    let staff = match signed_in(&state, &headers, &format!("/admin/challenges/{id}")).await {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    send(artefact_for_staff(&state, &staff, id, artefact).await)
}

/// `GET /admin/challenges/{id}/sample`
pub async fn sample(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let staff = match signed_in(&state, &headers, &format!("/admin/challenges/{id}")).await {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    send(sample_for_staff(&state, &staff, id).await)
}

/// `GET /assessments/{id}/challenges/{challenge}/file`: the candidate's
/// own generated artefact.
pub async fn own_file(
    State(state): State<AppState>,
    Path((id, challenge)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    let candidate = match signed_in(&state, &headers, &format!("/assessments/{id}")).await {
        Ok(candidate) => candidate,
        Err(response) => return response,
    };
    send(file_for_candidate(&state, &candidate, &id, Some(challenge), None).await)
}

/// `GET /assessments/{id}/artefacts/{artefact}`: a challenge's shared file.
pub async fn shared_file(
    State(state): State<AppState>,
    Path((id, artefact)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    let candidate = match signed_in(&state, &headers, &format!("/assessments/{id}")).await {
        Ok(candidate) => candidate,
        Err(response) => return response,
    };
    send(file_for_candidate(&state, &candidate, &id, None, Some(artefact)).await)
}

/// A file as an attachment of an opaque type: the browser saves it and
/// never renders it.
fn send(found: Result<Option<(String, Vec<u8>)>, sqlx::Error>) -> Response {
    super::documents::send(
        found.map(|file| {
            file.map(|(name, bytes)| (name, "application/octet-stream".to_owned(), bytes))
        }),
    )
}
