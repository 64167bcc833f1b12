//! `/jobs`: the public job board. The whole search lives in the URL, so a
//! search can be bookmarked and shared, and works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::openings::{JobCard, JobSearch, search_jobs};
use crate::components::pager::{Pager, query_string};
use crate::domain::opening::{WORK_ROLES, WorkplaceType};

/// The query string of a search (without `page`), for links.
fn search_query(search: &JobSearch) -> String {
    query_string(&[
        ("q", &search.q),
        ("location", &search.location),
        ("workplace", &search.workplace),
        ("grade", &search.grade),
        ("role", &search.role),
        ("closing", &search.closing),
        ("sort", &search.sort),
    ])
}

/// One opening in a list of openings.
#[component]
pub fn JobCardView(job: JobCard) -> impl IntoView {
    let roles = job
        .work_roles
        .iter()
        .map(|r| r.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let places = if job.locations.is_empty() {
        job.workplace.clone()
    } else {
        format!("{} ({})", job.locations.join("; "), job.workplace)
    };
    view! {
        <li class="usa-card tablet:grid-col-12 margin-bottom-2">
            <div class="usa-card__container">
                <div class="usa-card__header">
                    <h3 class="usa-card__heading">
                        <a href=format!("/jobs/{}", job.id)>{job.title.clone()}</a>
                    </h3>
                    <p class="margin-y-05 text-base-dark">{job.grade.clone()} " · " {roles}</p>
                </div>
                <div class="usa-card__body">
                    <p>{job.summary.clone()}</p>
                    <ul class="usa-list usa-list--unstyled">
                        <li>
                            <span class="text-bold">"Location: "</span>
                            {places}
                        </li>
                        <li>
                            <span class="text-bold">"Salary: "</span>
                            {job.salary.clone()}
                        </li>
                        <li>
                            <span class="text-bold">{job.closing.clone()}</span>
                            {(!job.closes_on.is_empty()).then(|| format!(" ({})", job.closes_on))}
                        </li>
                    </ul>
                </div>
            </div>
        </li>
    }
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || {
        let q = query.read();
        let get = |key: &str| q.get(key).unwrap_or_default();
        JobSearch {
            q: get("q"),
            location: get("location"),
            workplace: get("workplace"),
            grade: get("grade"),
            role: get("role"),
            closing: get("closing"),
            sort: get("sort"),
            page: get("page"),
        }
    };
    let board = Resource::new(search, search_jobs);

    view! {
        <Title text="Find a job" />
        <h1>"Find a job"</h1>
        <div class="grid-row grid-gap">
            <div class="tablet:grid-col-4">
                <Form method="GET" action="/jobs" attr:class="usa-form" attr:aria-label="Search openings">
                    <SearchFields search=search() />
                </Form>
            </div>
            <div class="tablet:grid-col-8">
                <Suspense fallback=|| view! { <p>"Loading openings…"</p> }>
                    {move || Suspend::new(async move {
                        match board.await {
                            Err(error) => {
                                crate::components::set_page_status(error.status());
                                view! {
                                    <div class="usa-alert usa-alert--error" role="alert">
                                        <div class="usa-alert__body">
                                            <p class="usa-alert__text">{error.to_string()}</p>
                                        </div>
                                    </div>
                                }
                                    .into_any()
                            }
                            Ok(board) => {
                                let base = search_query(&search());
                                let found = match board.total {
                                    0 => "No openings match your search.".to_owned(),
                                    1 => "1 opening found.".to_owned(),
                                    n => format!("{n} openings found."),
                                };
                                view! {
                                    <h2 class="margin-top-0" id="results-heading" aria-live="polite">{found}</h2>
                                    <ul class="usa-card-group" aria-labelledby="results-heading">
                                        {board
                                            .jobs
                                            .into_iter()
                                            .map(|job| view! { <JobCardView job /> })
                                            .collect_view()}
                                    </ul>
                                    <Pager
                                        label="Pages of openings"
                                        page=board.page
                                        pages=board.pages
                                        href=move |n| {
                                            if base.is_empty() {
                                                format!("/jobs?page={n}")
                                            } else {
                                                format!("/jobs?{base}&page={n}")
                                            }
                                        }
                                    />
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

/// The search form's fields, filled from the current search.
#[component]
fn SearchFields(search: JobSearch) -> impl IntoView {
    let option = |value: &str, label: &str, current: &str| {
        let selected = value == current;
        view! { <option value=value.to_owned() selected=selected>{label.to_owned()}</option> }
    };
    view! {
        <label class="usa-label" for="q">
            "Keywords"
        </label>
        <input class="usa-input" id="q" name="q" type="search" value=search.q.clone() maxlength="200" />
        <label class="usa-label" for="location">
            "Duty location"
        </label>
        <input
            class="usa-input"
            id="location"
            name="location"
            value=search.location.clone()
            maxlength="100"
        />
        <label class="usa-label" for="workplace">
            "Remote or telework"
        </label>
        <select class="usa-select" id="workplace" name="workplace">
            {option("", "Any", &search.workplace)}
            {option(WorkplaceType::Remote.as_str(), "Remote only", &search.workplace)}
            {option(WorkplaceType::Telework.as_str(), "Remote or telework", &search.workplace)}
            {option(WorkplaceType::OnSite.as_str(), "On site", &search.workplace)}
        </select>
        <label class="usa-label" for="grade">
            "Grade"
        </label>
        <select class="usa-select" id="grade" name="grade">
            {option("", "Any grade", &search.grade)}
            {(5..=15)
                .map(|g| option(&g.to_string(), &format!("GS-{g}"), &search.grade))
                .collect_view()}
        </select>
        <label class="usa-label" for="role">
            "Work role"
        </label>
        <select class="usa-select" id="role" name="role">
            {option("", "Any work role", &search.role)}
            {WORK_ROLES
                .iter()
                .map(|r| option(r.id, &format!("{} ({})", r.name, r.id), &search.role))
                .collect_view()}
        </select>
        <div class="usa-checkbox margin-top-2">
            <input
                class="usa-checkbox__input"
                id="closing"
                type="checkbox"
                name="closing"
                value="soon"
                checked=search.closing == "soon"
            />
            <label class="usa-checkbox__label" for="closing">
                "Closing within 7 days"
            </label>
        </div>
        <label class="usa-label" for="sort">
            "Sort by"
        </label>
        <select class="usa-select" id="sort" name="sort">
            {option("", "Best match", &search.sort)}
            {option("newest", "Newest", &search.sort)}
            {option("closing", "Closing soonest", &search.sort)}
        </select>
        <button class="usa-button margin-top-3" type="submit">
            "Search"
        </button>
    }
}
