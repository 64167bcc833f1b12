//! The hiring team's pages: `/manage` (the openings they work on, with
//! counts per status), `/manage/openings/{id}` (the applicants, ranked,
//! filtered and moved in bulk) and `/manage/applications/{id}` (one
//! applicant, moved along with a note). Lists live in the URL, forms post
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::manage::{
    AddNote, ApplicantDetail, ApplicantList, ApplicantQuery, BulkMove, IssueCertificate,
    MoveApplication, RateApplicants, SaveRankingSettings, SaveScorecard, applicant, applicants,
    certificate, certificates, managed_openings, ranking_settings,
};
use crate::components::form::{ErrorSummary, cleared_after};
use crate::components::pager::{Pager, query_string};
use crate::components::{id_param, refused};
use crate::domain::application::{ApplicationStatus, VeteransPreference};
use crate::domain::ranking::Category;

/// A success notice at the top of a page.
fn success(text: String) -> impl IntoView {
    view! {
        <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
            <div class="usa-alert__body">
                <p class="usa-alert__text">{text}</p>
            </div>
        </div>
    }
}

/// A preference claim, short: "TP", "None".
fn preference_code(p: VeteransPreference) -> &'static str {
    match p {
        VeteransPreference::None => "None",
        VeteransPreference::Tp => "TP",
        VeteransPreference::Xp => "XP",
        VeteransPreference::Cp => "CP",
        VeteransPreference::Cps => "CPS",
    }
}

#[component]
pub fn ManagePage() -> impl IntoView {
    let openings = Resource::new(|| (), |_| managed_openings());
    view! {
        <Title text="Hiring" />
        <h1>"Hiring"</h1>
        <p>"The openings you review applicants for, with how many applicants are at each step."</p>
        <Suspense fallback=|| view! { <p>"Loading openings…"</p> }>
            {move || Suspend::new(async move {
                match openings.await {
                    Err(error) => refused(error, "/manage"),
                    Ok(list) if list.is_empty() => {
                        view! {
                            <p>
                                "No openings are assigned to you yet. Program staff assign hiring managers on each opening."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        view! {
                            <table class="usa-table usa-table--borderless usa-table--stacked width-full">
                                <caption class="usa-sr-only">"Your openings"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Opening"</th>
                                        <th scope="col">"State"</th>
                                        <th scope="col">"Hiring method"</th>
                                        <th scope="col">"Applicants"</th>
                                        <th scope="col">"By status"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|o| {
                                            let counts = o
                                                .counts
                                                .iter()
                                                .map(|(s, n)| format!("{}: {n}", s.label()))
                                                .collect::<Vec<_>>()
                                                .join(" · ");
                                            view! {
                                                <tr>
                                                    <th scope="row" data-label="Opening">
                                                        <a href=format!("/manage/openings/{}", o.id)>{o.title}</a>
                                                        <br />
                                                        <span class="text-base-dark">{o.grade}</span>
                                                    </th>
                                                    <td data-label="State">{o.state}</td>
                                                    <td data-label="Hiring method">{o.method}</td>
                                                    <td data-label="Applicants">{o.total}</td>
                                                    <td data-label="By status">{counts}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The list's query string without the page, for links.
fn list_query(q: &ApplicantQuery) -> String {
    query_string(&[
        ("q", &q.q),
        ("status", &q.status),
        ("category", &q.category),
        ("preference", &q.preference),
        ("flagged", &q.flagged),
        ("min_score", &q.min_score),
        ("from", &q.from),
        ("to", &q.to),
        ("sort", &q.sort),
    ])
}

#[component]
pub fn ManageOpeningPage() -> impl IntoView {
    let query = use_query_map();
    let id = id_param();
    let opening_id = move || id().unwrap_or(0);
    let filters = move || {
        let q = query.read();
        let get = |key: &str| q.get(key).unwrap_or_default();
        ApplicantQuery {
            status: get("status"),
            category: get("category"),
            preference: get("preference"),
            flagged: get("flagged"),
            min_score: get("min_score"),
            from: get("from"),
            to: get("to"),
            q: get("q"),
            sort: get("sort"),
            page: get("page").parse().unwrap_or(1),
        }
    };
    let bulk = ServerAction::<BulkMove>::new();
    let rate = ServerAction::<RateApplicants>::new();
    let save_settings = ServerAction::<SaveRankingSettings>::new();
    let issue = ServerAction::<IssueCertificate>::new();
    let lists = Resource::new(opening_id, certificates);
    // Each action that changes the list (or the settings) loads it again.
    let changes = move || {
        (
            bulk.version().get(),
            rate.version().get(),
            save_settings.version().get(),
        )
    };
    let list = Resource::new(
        move || (opening_id(), filters(), changes()),
        |(id, q, _)| applicants(id, q),
    );
    let settings = Resource::new(
        move || (opening_id(), save_settings.version().get()),
        |(id, _)| ranking_settings(id),
    );
    let error = Signal::derive(move || {
        bulk.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| rate.value().get().and_then(Result::err))
            .or_else(|| save_settings.value().get().and_then(Result::err))
            .or_else(|| issue.value().get().and_then(Result::err))
    });
    let notices = move || {
        let q = query.read();
        let mut out = Vec::new();
        if let Some(moved) = q.get("moved") {
            out.push(format!("Moved {moved} application(s)."));
        }
        if let (Some(qualified), Some(not)) = (q.get("qualified"), q.get("not_qualified")) {
            out.push(format!(
                "Rated the assessed applicants: {qualified} qualified, {not} not qualified. The ranking is up to date."
            ));
        }
        if q.get("saved").is_some() {
            out.push("Ranking settings saved; the ranking is up to date.".to_owned());
        }
        out
    };
    let refusals = move || query.read().get_all("refused").unwrap_or_default();
    view! {
        <Title text="Applicants" />
        <Suspense fallback=|| view! { <p>"Loading applicants…"</p> }>
            {move || Suspend::new(async move {
                let here = format!("/manage/openings/{}", opening_id());
                let setup = settings.await;
                let issued = lists.await.unwrap_or_default();
                match list.await {
                    Err(error) => refused(error, &here),
                    Ok(list) => {
                        let setup = setup.ok();
                        let base = list_query(&filters());
                        let back = if base.is_empty() { here.clone() } else { format!("{here}?{base}") };
                        view! {
                            <h1>{list.title.clone()}</h1>
                            <p class="text-base-dark">{list.method.clone()}</p>
                            {list
                                .pooled
                                .then(|| {
                                    let who = match &list.agency {
                                        Some(agency) => format!(" You select for {agency}."),
                                        None => String::new(),
                                    };
                                    view! {
                                        <div class="usa-alert usa-alert--info usa-alert--slim margin-bottom-2">
                                            <div class="usa-alert__body">
                                                <p class="usa-alert__text">
                                                    {format!(
                                                        "Pooled opening: every agency selects from this one list, and an applicant one agency selects is taken for the others.{who}",
                                                    )}
                                                </p>
                                            </div>
                                        </div>
                                    }
                                })}
                            {notices().into_iter().map(success).collect_view()}
                            {
                                let refused_list = refusals();
                                (!refused_list.is_empty())
                                    .then(|| {
                                        view! {
                                            <div class="usa-alert usa-alert--warning margin-bottom-3" role="alert">
                                                <div class="usa-alert__body">
                                                    <h2 class="usa-alert__heading">"Some applications were not moved"</h2>
                                                    <ul class="usa-list">
                                                        {refused_list.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                                    </ul>
                                                </div>
                                            </div>
                                        }
                                    })
                            }
                            <ErrorSummary error />
                            <RankingPanel opening_id=list.opening_id setup=setup.clone() rate save_settings />
                            <ReferralLists
                                opening_id=list.opening_id
                                issued
                                staff=setup.as_ref().is_some_and(|s| s.staff)
                                issue
                            />
                            <ApplicantFilters opening_id=list.opening_id query=filters() />
                            <ApplicantTable list=list.clone() bulk back=back.clone() />
                            <Pager
                                label="Pages of applicants"
                                page=list.page
                                pages=list.pages
                                href=move |n| {
                                    if base.is_empty() {
                                        format!("{here}?page={n}")
                                    } else {
                                        format!("{here}?{base}&page={n}")
                                    }
                                }
                            />
                            <p>
                                <a href="/manage">"All your openings"</a>
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// How the opening ranks, and (for staff) the controls that rate and set it.
#[component]
fn RankingPanel(
    opening_id: i64,
    setup: Option<crate::api::manage::RankingSetup>,
    rate: ServerAction<RateApplicants>,
    save_settings: ServerAction<SaveRankingSettings>,
) -> impl IntoView {
    let Some(setup) = setup else {
        return ().into_any();
    };
    let staff = setup.staff;
    view! {
        <section class="margin-bottom-3" aria-labelledby="ranking-heading">
            <h2 id="ranking-heading">"Ranking"</h2>
            <ul class="usa-list">
                <li>{setup.bands.clone()}</li>
                <li>{format!("Rule of Many referral range: {} applicants", setup.referral_range)}</li>
                {setup
                    .pooled
                    .then(|| view! { <li>"Pooled: agencies select from one shared list."</li> })}
                <li>
                    {if setup.scientific_professional && setup.grade_high >= 9 {
                        "Scientific or professional position at GS-9 or above: CP and CPS veterans are ranked in their own category."
                    } else {
                        "CP and CPS veterans move to the top of the highest category."
                    }}
                </li>
            </ul>
            {staff
                .then(|| {
                    view! {
                        <ActionForm attr:novalidate=true action=rate attr:class="margin-bottom-2">
                            <input type="hidden" name="opening_id" value=opening_id />
                            <button class="usa-button" type="submit">
                                "Rate assessed applicants by the pass mark"
                            </button>
                        </ActionForm>
                        <details>
                            <summary>"Change the ranking settings"</summary>
                            <ActionForm attr:novalidate=true action=save_settings attr:class="usa-form">
                                <input type="hidden" name="opening_id" value=opening_id />
                                <label class="usa-label" for="referral_range">
                                    "Rule of Many referral range (applicants)"
                                </label>
                                <input
                                    class="usa-input usa-input--small"
                                    id="referral_range"
                                    name="referral_range"
                                    inputmode="numeric"
                                    value=setup.referral_range
                                />
                                <div class="usa-checkbox margin-top-2">
                                    <input
                                        class="usa-checkbox__input"
                                        id="scientific_professional"
                                        type="checkbox"
                                        name="scientific_professional"
                                        value="yes"
                                        checked=setup.scientific_professional
                                    />
                                    <label class="usa-checkbox__label" for="scientific_professional">
                                        "Scientific or professional position"
                                    </label>
                                </div>
                                <div class="usa-checkbox margin-top-2">
                                    <input
                                        class="usa-checkbox__input"
                                        id="pooled"
                                        type="checkbox"
                                        name="pooled"
                                        value="yes"
                                        checked=setup.pooled
                                    />
                                    <label class="usa-checkbox__label" for="pooled">
                                        "Pooled: many agencies select from this one list"
                                    </label>
                                </div>
                                <button class="usa-button margin-top-2" type="submit">
                                    "Save ranking settings"
                                </button>
                            </ActionForm>
                        </details>
                    }
                })}
        </section>
    }
        .into_any()
}

/// The referral lists issued so far, and (for staff) a button to issue one.
#[component]
fn ReferralLists(
    opening_id: i64,
    issued: Vec<crate::api::manage::CertificateSummary>,
    staff: bool,
    issue: ServerAction<IssueCertificate>,
) -> impl IntoView {
    view! {
        <section class="margin-bottom-3" aria-labelledby="lists-heading">
            <h2 id="lists-heading">"Referral lists"</h2>
            {if issued.is_empty() {
                view! { <p>"No referral list has been issued yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="usa-list">
                        {issued
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li>
                                        <a href=format!("/manage/certificates/{}", c.public_id)>{c.name}</a>
                                        {format!(", issued {}, {} referred", c.issued_at, c.referred)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {staff
                .then(|| {
                    view! {
                        <ActionForm attr:novalidate=true action=issue>
                            <input type="hidden" name="opening_id" value=opening_id />
                            <button class="usa-button usa-button--outline" type="submit">
                                "Issue a referral list from the ranking"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}

/// The list's search and filters (a GET form: the list lives in the URL).
#[component]
fn ApplicantFilters(opening_id: i64, query: ApplicantQuery) -> impl IntoView {
    let option = |value: &str, label: &str, current: &str| {
        let selected = value == current;
        view! { <option value=value.to_owned() selected=selected>{label.to_owned()}</option> }
    };
    view! {
        <Form
            method="GET"
            action=format!("/manage/openings/{opening_id}")
            attr:class="usa-form maxw-none grid-row grid-gap-2 margin-bottom-2"
            attr:aria-label="Filter applicants"
        >
            <div class="tablet:grid-col-3">
                <label class="usa-label" for="q">
                    "Name or number"
                </label>
                <input class="usa-input" id="q" name="q" type="search" value=query.q.clone() maxlength="200" />
            </div>
            <div class="tablet:grid-col-3">
                <label class="usa-label" for="status">
                    "Status"
                </label>
                <select class="usa-select" id="status" name="status">
                    {option("", "Any status", &query.status)}
                    {ApplicationStatus::ALL
                        .into_iter()
                        .filter(|s| *s != ApplicationStatus::Draft)
                        .map(|s| option(s.as_str(), s.label(), &query.status))
                        .collect_view()}
                </select>
            </div>
            <div class="tablet:grid-col-2">
                <label class="usa-label" for="category">
                    "Category"
                </label>
                <select class="usa-select" id="category" name="category">
                    {option("", "Any", &query.category)}
                    {Category::ALL
                        .into_iter()
                        .map(|c| option(c.as_str(), c.label(), &query.category))
                        .collect_view()}
                </select>
            </div>
            <div class="tablet:grid-col-2">
                <label class="usa-label" for="preference">
                    "Veterans’ preference"
                </label>
                <select class="usa-select" id="preference" name="preference">
                    {option("", "Any", &query.preference)}
                    {option("eligible", "Preference eligible", &query.preference)}
                    {option("none", "No preference", &query.preference)}
                </select>
            </div>
            <div class="tablet:grid-col-2">
                <label class="usa-label" for="sort">
                    "Order"
                </label>
                <select class="usa-select" id="sort" name="sort">
                    {option("", "Ranking", &query.sort)}
                    {option("score", "Score", &query.sort)}
                    {option("submitted", "Submitted first", &query.sort)}
                    {option("name", "Name", &query.sort)}
                </select>
            </div>
            <div class="tablet:grid-col-2">
                <label class="usa-label" for="min_score">
                    "Lowest score (%)"
                </label>
                <input
                    class="usa-input"
                    id="min_score"
                    name="min_score"
                    inputmode="numeric"
                    value=query.min_score.clone()
                    maxlength="3"
                />
            </div>
            <div class="tablet:grid-col-2">
                <label class="usa-label" for="from">
                    "Submitted from"
                </label>
                <input class="usa-input" id="from" name="from" type="date" value=query.from.clone() />
            </div>
            <div class="tablet:grid-col-2">
                <label class="usa-label" for="to">
                    "Submitted to"
                </label>
                <input class="usa-input" id="to" name="to" type="date" value=query.to.clone() />
            </div>
            <div class="tablet:grid-col-3 usa-checkbox margin-top-2">
                <input
                    class="usa-checkbox__input"
                    id="flagged"
                    type="checkbox"
                    name="flagged"
                    value="yes"
                    checked=query.flagged == "yes"
                />
                <label class="usa-checkbox__label" for="flagged">
                    "Only applicants with integrity flags"
                </label>
            </div>
            <div class="tablet:grid-col-3">
                <button class="usa-button margin-top-2" type="submit">
                    "Show applicants"
                </button>
            </div>
        </Form>
    }
}

/// The applicants, each with a box to tick for a bulk move.
#[component]
fn ApplicantTable(
    list: ApplicantList,
    bulk: ServerAction<BulkMove>,
    back: String,
) -> impl IntoView {
    let found = match list.total {
        0 => "No applicants match.".to_owned(),
        1 => "1 applicant.".to_owned(),
        n => format!("{n} applicants."),
    };
    let actions = list.bulk_actions.clone();
    view! {
        <h2 id="applicants-heading" aria-live="polite">{found}</h2>
        <ActionForm attr:novalidate=true action=bulk>
            <input type="hidden" name="opening_id" value=list.opening_id />
            <input type="hidden" name="back" value=back />
            <table class="usa-table usa-table--borderless usa-table--stacked width-full" aria-labelledby="applicants-heading">
                <thead>
                    <tr>
                        <th scope="col">"Choose"</th>
                        <th scope="col">"Applicant"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Category"</th>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Preference"</th>
                        <th scope="col">"Integrity flags"</th>
                        <th scope="col">"Submitted"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .rows
                        .into_iter()
                        .map(|r| {
                            let box_id = format!("choose-{}", r.public_id);
                            view! {
                                <tr>
                                    <td data-label="Choose">
                                        <div class="usa-checkbox">
                                            <input
                                                class="usa-checkbox__input"
                                                id=box_id.clone()
                                                type="checkbox"
                                                name="chosen[]"
                                                value=r.public_id.clone()
                                            />
                                            <label class="usa-checkbox__label" for=box_id>
                                                <span class="usa-sr-only">{format!("Choose {}", r.name)}</span>
                                            </label>
                                        </div>
                                    </td>
                                    <th scope="row" data-label="Applicant">
                                        <a href=format!("/manage/applications/{}", r.public_id)>{r.name.clone()}</a>
                                        <br />
                                        <span class="text-base-dark">{r.number.clone()}</span>
                                    </th>
                                    <td data-label="Status">
                                        {r.status.label()}
                                        {r
                                            .taken_by
                                            .clone()
                                            .map(|agency| {
                                                view! {
                                                    <br />
                                                    <span class="usa-tag bg-secondary-dark">{format!("Taken by {agency}")}</span>
                                                }
                                            })}
                                    </td>
                                    <td data-label="Category">{r.category.map(Category::label).unwrap_or("—")}</td>
                                    <td data-label="Score">{r.percent.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())}</td>
                                    <td data-label="Preference">{preference_code(r.preference)}</td>
                                    <td data-label="Integrity flags">{r.flags}</td>
                                    <td data-label="Submitted">{r.submitted.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(!actions.is_empty())
                .then(|| {
                    view! {
                        <fieldset class="usa-fieldset">
                            <legend class="usa-legend">"Move the chosen applicants"</legend>
                            <label class="usa-label" for="bulk-event">
                                "Action"
                            </label>
                            <select class="usa-select" id="bulk-event" name="event">
                                {actions
                                    .iter()
                                    .map(|e| view! { <option value=e.as_str()>{e.label()}</option> })
                                    .collect_view()}
                            </select>
                            <label class="usa-label" for="bulk-note">
                                "Note for the hiring team (optional, not sent to applicants)"
                            </label>
                            <textarea class="usa-textarea" id="bulk-note" name="note" maxlength="2000" rows="2"></textarea>
                            <button class="usa-button margin-top-2" type="submit">
                                "Move the chosen applicants"
                            </button>
                        </fieldset>
                    }
                })}
        </ActionForm>
    }
}

#[component]
pub fn ManageApplicantPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let public_id = move || params.read().get("id").unwrap_or_default();
    let move_action = ServerAction::<MoveApplication>::new();
    let note_action = ServerAction::<AddNote>::new();
    let score_action = ServerAction::<SaveScorecard>::new();
    let detail = Resource::new(
        move || {
            (
                public_id(),
                move_action.version().get(),
                note_action.version().get(),
                score_action.version().get(),
            )
        },
        |(id, ..)| applicant(id),
    );
    let error = Signal::derive(move || {
        move_action
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| note_action.value().get().and_then(Result::err))
            .or_else(|| score_action.value().get().and_then(Result::err))
    });
    let score_error = Signal::derive(move || score_action.value().get().and_then(Result::err));
    let notice = move || {
        let q = query.read();
        if q.get("moved").is_some() {
            Some("The application was moved and the candidate notified.".to_owned())
        } else if q.get("noted").is_some() {
            Some("Your note was added.".to_owned())
        } else if q.get("scored").is_some() {
            Some("Your scorecard was saved.".to_owned())
        } else {
            None
        }
    };
    view! {
        <Title text="Applicant" />
        <Suspense fallback=|| view! { <p>"Loading the applicant…"</p> }>
            {move || Suspend::new(async move {
                let here = format!("/manage/applications/{}", public_id());
                match detail.await {
                    Err(error) => refused(error, &here),
                    Ok(d) => {
                        view! {
                            <h1>{format!("{} — {}", d.name, d.number)}</h1>
                            <p>
                                <a href=format!("/manage/openings/{}", d.opening_id)>{d.opening_title.clone()}</a>
                            </p>
                            {notice().map(success)}
                            <ErrorSummary error />
                            <ApplicantFacts detail=d.clone() />
                            <MoveForm detail=d.clone() action=move_action />
                            <Scorecards detail=d.clone() action=score_action error=score_error />
                            <AssessmentResults detail=d.clone() />
                            <ApplicantHistory detail=d.clone() />
                            <TeamNotes detail=d action=note_action />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ApplicantFacts(detail: ApplicantDetail) -> impl IntoView {
    let d = detail;
    view! {
        <dl>
            <dt class="text-bold">"Status"</dt>
            <dd class="margin-left-0 margin-bottom-2">{d.status.label()}</dd>
            {d
                .pooled
                .then(|| {
                    let taken = match (&d.taken_by, &d.agency) {
                        (Some(by), Some(mine)) if by == mine => format!("Selected by your agency, {by}."),
                        (Some(by), _) => format!("Taken: {by} has selected this applicant."),
                        (None, _) => "Not selected by any agency yet.".to_owned(),
                    };
                    view! {
                        <dt class="text-bold">"Pooled selection"</dt>
                        <dd class="margin-left-0 margin-bottom-2">{taken}</dd>
                    }
                })}
            <dt class="text-bold">"Category"</dt>
            <dd class="margin-left-0 margin-bottom-2">
                {d.category.map(Category::label).unwrap_or("Not rated yet")}
                {d.rating.map(|r| format!(" (rating {r})"))}
            </dd>
            <dt class="text-bold">"Email"</dt>
            <dd class="margin-left-0 margin-bottom-2">{d.email.clone()}</dd>
            <dt class="text-bold">"Legal name"</dt>
            <dd class="margin-left-0 margin-bottom-2">
                {if d.legal_name.is_empty() { "Not given".to_owned() } else { d.legal_name.clone() }}
            </dd>
            <dt class="text-bold">"U.S. citizenship"</dt>
            <dd class="margin-left-0 margin-bottom-2">{if d.citizen { "Stated" } else { "Not stated" }}</dd>
            <dt class="text-bold">"Veterans’ preference"</dt>
            <dd class="margin-left-0 margin-bottom-2">{d.preference.label()}</dd>
            <dt class="text-bold">"Submitted"</dt>
            <dd class="margin-left-0 margin-bottom-2">{d.submitted.clone()}</dd>
            <dt class="text-bold">"Résumé"</dt>
            <dd class="margin-left-0 margin-bottom-2">
                {d
                    .resume
                    .clone()
                    .map(|r| {
                        view! {
                            <a href=r.href download="">{r.filename}</a>
                            {format!(" ({})", r.description)}
                        }
                    })}
            </dd>
            {d
                .cover_letter
                .clone()
                .map(|letter| {
                    view! {
                        <dt class="text-bold">"Cover letter"</dt>
                        <dd class="margin-left-0 margin-bottom-2 pre-line">{letter}</dd>
                    }
                })}
        </dl>
        {(!d.answers.is_empty())
            .then(|| {
                view! {
                    <h2>"Answers"</h2>
                    <dl>
                        {d
                            .answers
                            .iter()
                            .map(|(q, a)| {
                                view! {
                                    <dt class="text-bold">{q.clone()}</dt>
                                    <dd class="margin-left-0 margin-bottom-2 pre-line">{a.clone()}</dd>
                                }
                            })
                            .collect_view()}
                    </dl>
                }
            })}
    }
}

/// The moves this viewer may make from here, with a note.
#[component]
fn MoveForm(detail: ApplicantDetail, action: ServerAction<MoveApplication>) -> impl IntoView {
    let d = detail;
    view! {
        <section aria-labelledby="move-heading">
            <h2 id="move-heading">"Move this application"</h2>
            {if d.actions.is_empty() {
                view! { <p>"There is nothing you can do to this application from where it is now."</p> }
                    .into_any()
            } else {
                view! {
                    <ActionForm attr:novalidate=true action attr:class="usa-form">
                        <input type="hidden" name="public_id" value=d.public_id.clone() />
                        <input type="hidden" name="version" value=d.version />
                        <fieldset class="usa-fieldset">
                            <legend class="usa-legend">"Action"</legend>
                            {d
                                .actions
                                .iter()
                                .enumerate()
                                .map(|(i, e)| {
                                    let id = format!("event-{}", e.as_str());
                                    view! {
                                        <div class="usa-radio">
                                            <input
                                                class="usa-radio__input"
                                                id=id.clone()
                                                type="radio"
                                                name="event"
                                                value=e.as_str()
                                                checked=i == 0
                                            />
                                            <label class="usa-radio__label" for=id>
                                                {e.label()}
                                            </label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <label class="usa-label" for="move-note">
                            "Note for the hiring team (optional, not sent to the candidate)"
                        </label>
                        <textarea class="usa-textarea" id="move-note" name="note" maxlength="2000" rows="2"></textarea>
                        <button class="usa-button margin-top-2" type="submit">
                            "Move and notify the candidate"
                        </button>
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn AssessmentResults(detail: ApplicantDetail) -> impl IntoView {
    let flags = detail.flags.clone();
    view! {
        <h2>"Assessment"</h2>
        {match detail.assessment.clone() {
            None => view! { <p>"No assessment taken."</p> }.into_any(),
            Some(a) => {
                let score = match (a.score, a.max_score) {
                    (Some(s), Some(m)) => format!("Score {s} of {m}"),
                    _ => "Not scored yet (the sitting is open)".to_owned(),
                };
                view! {
                    <p>
                        {score} {format!(" · started {}", a.started)}
                        {(!a.ended.is_empty()).then(|| format!(" · ended {}", a.ended))}
                    </p>
                    <table class="usa-table usa-table--borderless usa-table--stacked width-full">
                        <caption class="usa-sr-only">"Challenge by challenge"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Challenge"</th>
                                <th scope="col">"Points"</th>
                                <th scope="col">"Solved"</th>
                                <th scope="col">"Answers given"</th>
                                <th scope="col">"Hints (cost)"</th>
                                <th scope="col">"Minutes to solve"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {a
                                .challenges
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <tr>
                                            <th scope="row" data-label="Challenge">{c.title}</th>
                                            <td data-label="Points">{c.points}</td>
                                            <td data-label="Solved">{if c.solved { "Yes" } else { "No" }}</td>
                                            <td data-label="Answers given">{c.attempts}</td>
                                            <td data-label="Hints (cost)">{format!("{} ({})", c.hints, c.hint_cost)}</td>
                                            <td data-label="Minutes to solve">
                                                {c.minutes_to_solve.map(|m| m.to_string()).unwrap_or_else(|| "—".into())}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }
        }}
        <h3>"Integrity flags"</h3>
        {if flags.is_empty() {
            view! { <p>"None."</p> }.into_any()
        } else {
            view! {
                <ul class="usa-list">
                    {flags
                        .into_iter()
                        .map(|f| {
                            view! {
                                <li>
                                    {format!(
                                        "{}: answered “{}”, the answer from {}’s file ({})",
                                        f.challenge,
                                        f.answer,
                                        f.owner,
                                        f.flagged_at,
                                    )}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
fn ApplicantHistory(detail: ApplicantDetail) -> impl IntoView {
    view! {
        <h2>"History"</h2>
        <ol class="usa-list">
            {detail
                .history
                .into_iter()
                .map(|h| {
                    view! {
                        <li>
                            {format!(
                                "{}: {} → {} by {}",
                                h.at,
                                h.from.map(|s| s.label()).unwrap_or("—"),
                                h.to.label(),
                                h.by,
                            )}
                            {h.note.map(|n| format!(" — {n}"))}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn TeamNotes(detail: ApplicantDetail, action: ServerAction<AddNote>) -> impl IntoView {
    view! {
        <h2 id="notes">"Notes by the hiring team"</h2>
        <p class="text-base-dark">"Only the hiring team sees these; the candidate never does."</p>
        {if detail.notes.is_empty() {
            view! { <p>"No notes yet."</p> }.into_any()
        } else {
            view! {
                <ul class="usa-list">
                    {detail
                        .notes
                        .into_iter()
                        .map(|n| {
                            view! {
                                <li>
                                    <span class="text-bold">{format!("{} ({}): ", n.author, n.at)}</span>
                                    <span class="pre-line">{n.body}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <ActionForm
            attr:novalidate=true
            action
            node_ref=cleared_after(move || matches!(action.value().get(), Some(Ok(_))))
            attr:class="usa-form"
        >
            <input type="hidden" name="public_id" value=detail.public_id />
            <label class="usa-label" for="body">
                "Add a note"
            </label>
            <textarea class="usa-textarea" id="body" name="body" maxlength="2000" rows="3"></textarea>
            <button class="usa-button margin-top-2" type="submit">
                "Add the note"
            </button>
        </ActionForm>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let public_id = move || params.read().get("id").unwrap_or_default();
    let view_of = Resource::new(public_id, certificate);
    view! {
        <Title text="Referral list" />
        <Suspense fallback=|| view! { <p>"Loading the referral list…"</p> }>
            {move || Suspend::new(async move {
                let here = format!("/manage/certificates/{}", public_id());
                match view_of.await {
                    Err(error) => refused(error, &here),
                    Ok(c) => {
                        view! {
                            <h1>{format!("{}: {}", c.name, c.opening_title)}</h1>
                            <p>
                                {format!(
                                    "{} · issued {} by {} · frozen when issued: later changes do not reorder it.",
                                    c.method,
                                    c.issued_at,
                                    c.issued_by,
                                )}
                            </p>
                            <p>
                                <a class="usa-button usa-button--outline" href=format!("{here}/csv") download="">
                                    "Download as CSV"
                                </a>
                                <a href=format!("/manage/openings/{}", c.opening_id)>"Back to the applicants"</a>
                            </p>
                            <table class="usa-table usa-table--borderless usa-table--stacked width-full">
                                <caption class="usa-sr-only">"Referred applicants, in order"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Place"</th>
                                        <th scope="col">"Applicant"</th>
                                        <th scope="col">"Category"</th>
                                        <th scope="col">"Rating"</th>
                                        <th scope="col">"Preference"</th>
                                        <th scope="col">"Status now"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {c
                                        .entries
                                        .into_iter()
                                        .map(|e| {
                                            view! {
                                                <tr>
                                                    <td data-label="Place">{e.position}</td>
                                                    <th scope="row" data-label="Applicant">
                                                        <a href=format!("/manage/applications/{}", e.application)>{e.name}</a>
                                                        <br />
                                                        <span class="text-base-dark">{e.number}</span>
                                                    </th>
                                                    <td data-label="Category">
                                                        {e.category.map(Category::label).unwrap_or("—")}
                                                        {e.floated.then_some(" (moved to the top)")}
                                                    </td>
                                                    <td data-label="Rating">{e.rating}</td>
                                                    <td data-label="Preference">{preference_code(e.preference)}</td>
                                                    <td data-label="Status now">
                                                        {e.status.label()}
                                                        {e.taken_by.map(|agency| format!(", taken by {agency}"))}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The interviewers' scorecards, and the viewer's own form at interview.
#[component]
fn Scorecards(
    detail: ApplicantDetail,
    action: ServerAction<SaveScorecard>,
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    use crate::domain::scorecard::{COMPETENCIES, RATINGS, Recommendation, competency_name};
    let message = move |field: String| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(&field).map(str::to_owned))
        }
    };
    let recommendation_error = message("recommendation".to_owned());
    view! {
        <section aria-labelledby="scorecards">
            <h2 id="scorecards">"Interview scorecards"</h2>
            {if detail.scorecards.is_empty() {
                view! { <p>"No scorecards yet."</p> }.into_any()
            } else {
                detail
                    .scorecards
                    .iter()
                    .map(|c| {
                        view! {
                            <h3>
                                {format!(
                                    "{}: {} (mean {})",
                                    c.author,
                                    c.card.recommendation.label(),
                                    c.mean,
                                )}
                            </h3>
                            <ul class="usa-list">
                                {c
                                    .card
                                    .ratings
                                    .iter()
                                    .map(|r| {
                                        view! {
                                            <li>
                                                <span class="text-bold">
                                                    {format!("{} {}: ", competency_name(&r.competency), r.rating)}
                                                </span>
                                                <span class="pre-line">{r.evidence.clone()}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            {detail
                .can_score
                .then(|| {
                    view! {
                        <ActionForm attr:novalidate=true action attr:class="usa-form maxw-tablet">
                            <input type="hidden" name="public_id" value=detail.public_id.clone() />
                            {COMPETENCIES
                                .iter()
                                .map(|(key, name, hint)| {
                                    let rating_error = message(format!("rating-{key}"));
                                    let evidence_error = message(format!("evidence-{key}"));
                                    let shown_error = evidence_error.clone();
                                    let evidence_id = format!("evidence-{key}");
                                    let evidence_error_id = format!("evidence-{key}-error");
                                    let error_id = evidence_error_id.clone();
                                    view! {
                                        <fieldset class="usa-fieldset margin-top-3">
                                            <legend class="usa-legend usa-legend--large">{*name}</legend>
                                            <span class="usa-hint">{format!("A 4: {hint}")}</span>
                                            {move || {
                                                rating_error()
                                                    .map(|m| view! { <span class="usa-error-message">{m}</span> })
                                            }}
                                            {RATINGS
                                                .iter()
                                                .map(|(value, label)| {
                                                    let id = format!("rating-{key}-{value}");
                                                    view! {
                                                        <div class="usa-radio">
                                                            <input
                                                                class="usa-radio__input"
                                                                id=id.clone()
                                                                type="radio"
                                                                name=format!("card[rating][{key}]")
                                                                value=*value
                                                            />
                                                            <label class="usa-radio__label" for=id>
                                                                {*label}
                                                            </label>
                                                        </div>
                                                    }
                                                })
                                                .collect_view()}
                                            <label class="usa-label" for=evidence_id.clone()>
                                                {format!("Evidence for {name}")}
                                            </label>
                                            {move || {
                                                shown_error()
                                                    .map(|m| {
                                                        view! {
                                                            <span class="usa-error-message" id=error_id.clone()>
                                                                {m}
                                                            </span>
                                                        }
                                                    })
                                            }}
                                            <textarea
                                                class="usa-textarea"
                                                id=evidence_id
                                                name=format!("card[evidence][{key}]")
                                                rows="2"
                                                maxlength="2000"
                                                aria-describedby=move || {
                                                    evidence_error().map(|_| evidence_error_id.clone())
                                                }
                                            ></textarea>
                                        </fieldset>
                                    }
                                })
                                .collect_view()}
                            <fieldset class="usa-fieldset margin-top-3">
                                <legend class="usa-legend">"Your recommendation"</legend>
                                {move || {
                                    recommendation_error()
                                        .map(|m| view! { <span class="usa-error-message">{m}</span> })
                                }}
                                {Recommendation::ALL
                                    .into_iter()
                                    .map(|r| {
                                        let id = format!("recommend-{}", r.as_str());
                                        view! {
                                            <div class="usa-radio">
                                                <input
                                                    class="usa-radio__input"
                                                    id=id.clone()
                                                    type="radio"
                                                    name="card[recommendation]"
                                                    value=r.as_str()
                                                />
                                                <label class="usa-radio__label" for=id>
                                                    {r.label()}
                                                </label>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <button class="usa-button margin-top-2" type="submit">
                                "Save my scorecard"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}
