//! The read-only JSON API for partners and aggregators: the published
//! openings, with the job board's filters.
//!
//! - `GET /api/v1/jobs?q=&location=&workplace=&grade=&role=&closing=soon&sort=&page=`
//! - `GET /api/v1/jobs/{id}`
//!
//! Only what the public job board shows is served: drafts, cancelled and
//! not-yet-open openings do not exist here.

use app::api::openings::{JOBS_PER_PAGE, JobCard, JobDetail, JobSearch};
use app::server::openings::{board_page, public_job};
use app::server::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Serialize;

#[derive(Serialize)]
struct JobList {
    jobs: Vec<ApiJob>,
    total: i64,
    page: u32,
    pages: u32,
}

#[derive(Serialize)]
struct ApiJob {
    #[serde(flatten)]
    card: JobCard,
    url: String,
}

#[derive(Serialize)]
struct ApiJobDetail {
    #[serde(flatten)]
    card: JobCard,
    url: String,
    series: String,
    appointment: String,
    who_may_apply: String,
    vacancies: u32,
    hiring_method: String,
    duties: String,
    qualifications: String,
    evaluation_html: String,
    opens_on: String,
    questions: Vec<String>,
    open: bool,
}

fn problem(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

fn unavailable(error: sqlx::Error) -> Response {
    tracing::error!(%error, "jobs API");
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "The job listings are unavailable right now; try again shortly.",
    )
}

/// `GET /api/v1/jobs`
pub async fn list(State(state): State<AppState>, Query(search): Query<JobSearch>) -> Response {
    let mut conn = match state.db.pool().acquire().await {
        Ok(conn) => conn,
        Err(error) => return unavailable(error),
    };
    match board_page(&mut conn, state.db.dialect(), &search, JOBS_PER_PAGE).await {
        Ok((cards, total, page, pages)) => Json(JobList {
            jobs: cards
                .into_iter()
                .map(|card| ApiJob {
                    url: format!("{}/jobs/{}", state.public_url, card.id),
                    card,
                })
                .collect(),
            total,
            page,
            pages,
        })
        .into_response(),
        Err(error) => unavailable(error),
    }
}

/// `GET /api/v1/jobs/{id}`
pub async fn one(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return problem(StatusCode::NOT_FOUND, "No such opening.");
    };
    let mut conn = match state.db.pool().acquire().await {
        Ok(conn) => conn,
        Err(error) => return unavailable(error),
    };
    match public_job(&mut conn, id, &state.public_url).await {
        Ok(Some(job)) => {
            let JobDetail {
                card,
                series,
                appointment,
                who_may_apply,
                vacancies,
                hiring_method,
                duties,
                qualifications,
                evaluation_html,
                opens_on,
                questions,
                open,
                json_ld: _,
            } = job;
            Json(ApiJobDetail {
                url: format!("{}/jobs/{}", state.public_url, card.id),
                card,
                series,
                appointment,
                who_may_apply,
                vacancies,
                hiring_method,
                duties,
                qualifications,
                evaluation_html,
                opens_on,
                questions,
                open,
            })
            .into_response()
        }
        Ok(None) => problem(StatusCode::NOT_FOUND, "No such opening."),
        Err(error) => unavailable(error),
    }
}
