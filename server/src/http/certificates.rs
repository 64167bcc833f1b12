//! `GET /manage/certificates/{id}/csv`: a referral list as a CSV file, for
//! staff and the hiring managers assigned to its opening; 404 for everyone
//! else.

use app::server::certificates::csv_for_download;
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use http::HeaderMap;

use super::documents::{send, signed_in};

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
    send(csv_for_download(&state, &reader, &public_id).await)
}
