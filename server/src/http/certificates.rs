//! `GET /manage/certificates/{id}/csv`: a referral list as a CSV file, for
//! staff and the hiring managers assigned to its opening; 404 for everyone
//! else. The file is written as its rows are read, in chunks, so a long
//! list takes no more memory than a short one.

use app::server::certificates::csv_export;
use app::server::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};

use super::documents::{attachment, problem, signed_in};

pub async fn download(
    State(state): State<AppState>,
    Path(public_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let next = format!("/manage/certificates/{public_id}");
    let reader = match signed_in(&state, &headers, &next).await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    match csv_export(&state, &reader, &public_id).await {
        Ok(Some(export)) => {
            let chunks = futures_util::stream::unfold(export.chunks, |mut chunks| async move {
                let chunk = chunks.recv().await?;
                Some((chunk.map_err(std::io::Error::other), chunks))
            });
            attachment(
                &export.filename,
                "text/csv; charset=utf-8",
                Body::from_stream(chunks),
            )
        }
        Ok(None) => problem(StatusCode::NOT_FOUND, "No such file."),
        Err(error) => {
            tracing::error!(%error, "certificate CSV");
            problem(StatusCode::SERVICE_UNAVAILABLE, "Please try again shortly.")
        }
    }
}
