//! `GET /admin/reports/{table}.csv`: one table of the program reports as a
//! CSV file (audited), for staff only. Signed out: a browser is sent to sign
//! in, other clients get 401; signed in but not staff: 403 (audited); a
//! table that does not exist: 404.

use std::net::SocketAddr;

use app::server::reports::{Download, csv_for_download};
use app::server::state::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};

use super::documents::{problem, send, signed_in};

pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let reader = match signed_in(&state, &headers, "/admin/reports").await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    let addr = addr.ip().to_string();
    match csv_for_download(&state, &reader, &file, Some(&addr)).await {
        Ok(Download::File(filename, bytes)) => send(Ok(Some((
            filename,
            "text/csv; charset=utf-8".to_owned(),
            bytes,
        )))),
        Ok(Download::Forbidden) => problem(
            StatusCode::FORBIDDEN,
            "You don’t have access to this page or action.",
        ),
        Ok(Download::NotFound) => problem(StatusCode::NOT_FOUND, "No such report."),
        Err(error) => send(Err(error)),
    }
}
