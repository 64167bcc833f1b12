//! `/applications`: the candidate's applications; `/applications/{id}`:
//! one of them, with its history, answers, and withdrawal.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::applications::{AnswerOffer, WithdrawApplication, my_application, my_applications};
use crate::components::form::ErrorSummary;
use crate::components::refused;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_applications());
    view! {
        <Title text="Your applications" />
        <h1>"Your applications"</h1>
        <Suspense fallback=|| view! { <p>"Loading your applications…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refused(error, "/applications"),
                    Ok(list) if list.is_empty() => {
                        view! {
                            <p>
                                "You have no applications yet. " <a href="/jobs">"Find an opening"</a>
                                " to apply for."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        view! {
                            <table class="usa-table usa-table--borderless usa-table--stacked width-full">
                                <caption class="usa-sr-only">"Your applications"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Opening"</th>
                                        <th scope="col">"Number"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col">"What happens next"</th>
                                        <th scope="col">"Last change"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|a| {
                                            let href = if a.status == crate::domain::application::ApplicationStatus::Draft {
                                                format!("/jobs/{}/apply", a.opening_id)
                                            } else {
                                                format!("/applications/{}", a.public_id)
                                            };
                                            view! {
                                                <tr>
                                                    <th scope="row" data-label="Opening">
                                                        <a href=href>{a.title}</a>
                                                    </th>
                                                    <td data-label="Number">{a.number}</td>
                                                    <td data-label="Status">{a.status.label()}</td>
                                                    <td data-label="What happens next">{a.status.next_step()}</td>
                                                    <td data-label="Last change">{a.updated}</td>
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

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let public_id = move || params.read().get("id").unwrap_or_default();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let offer = ServerAction::<AnswerOffer>::new();
    let detail = Resource::new(
        move || (public_id(), withdraw.version().get(), offer.version().get()),
        |(id, ..)| my_application(id),
    );
    let error = Signal::derive(move || {
        withdraw
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| offer.value().get().and_then(Result::err))
    });
    let notice = move || {
        let q = query.read();
        if q.get("submitted").is_some() {
            Some("Your application was submitted. We emailed you a copy of the confirmation.")
        } else if q.get("withdrawn").is_some() {
            Some("Your application was withdrawn.")
        } else if q.get("answered").is_some() {
            Some(
                "Thank you: your answer to the offer is recorded, and program staff have been told.",
            )
        } else {
            None
        }
    };
    let confirming = move || query.read().get("withdraw").is_some();
    view! {
        <Title text="Your application" />
        <Suspense fallback=|| view! { <p>"Loading your application…"</p> }>
            {move || Suspend::new(async move {
                let next = format!("/applications/{}", public_id());
                match detail.await {
                    Err(error) => refused(error, &next),
                    Ok(detail) => {
                        let a = detail.summary.clone();
                        view! {
                            <h1>{a.title.clone()}</h1>
                            {notice()
                                .map(|text| {
                                    view! {
                                        <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                                            <div class="usa-alert__body">
                                                <p class="usa-alert__text">{text}</p>
                                            </div>
                                        </div>
                                    }
                                })}
                            <ErrorSummary error />
                            <dl>
                                <dt class="text-bold">"Application number"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{a.number.clone()}</dd>
                                <dt class="text-bold">"Status"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{a.status.label()}</dd>
                                <dt class="text-bold">"What happens next"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{a.status.next_step()}</dd>
                                <dt class="text-bold">"Résumé"</dt>
                                <dd class="margin-left-0 margin-bottom-2">
                                    {detail
                                        .resume
                                        .clone()
                                        .map(|r| {
                                            view! {
                                                <a href=r.href download="">{r.filename}</a>
                                                {format!(" ({})", r.description)}
                                            }
                                        })}
                                </dd>
                                {detail
                                    .cover_letter
                                    .clone()
                                    .map(|letter| {
                                        view! {
                                            <dt class="text-bold">"Cover letter"</dt>
                                            <dd class="margin-left-0 margin-bottom-2 pre-line">{letter}</dd>
                                        }
                                    })}
                                <dt class="text-bold">"Veterans’ preference"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{detail.veterans_preference.label()}</dd>
                            </dl>
                            <h2>"History"</h2>
                            <ol class="usa-list">
                                {detail
                                    .history
                                    .iter()
                                    .map(|h| {
                                        view! {
                                            <li>
                                                {format!("{}: {}", h.on, h.status.label())}
                                                {h.note.clone().map(|n| format!(" — {n}"))}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            {(!detail.answers.is_empty())
                                .then(|| {
                                    view! {
                                        <h2>"Your answers"</h2>
                                        <dl>
                                            {detail
                                                .answers
                                                .iter()
                                                .map(|(q, answer)| {
                                                    view! {
                                                        <dt class="text-bold">{q.clone()}</dt>
                                                        <dd class="margin-left-0 margin-bottom-2 pre-line">{answer.clone()}</dd>
                                                    }
                                                })
                                                .collect_view()}
                                        </dl>
                                    }
                                })}
                            {detail
                                .assessment_href
                                .clone()
                                .map(|href| {
                                    view! {
                                        <h2>"Assessment"</h2>
                                        <p>
                                            "This opening assesses skills with hands-on challenges. "
                                            <a class="usa-button" href=href>"Go to your assessment"</a>
                                        </p>
                                    }
                                })}
                            <p>
                                <a href=format!("/jobs/{}", a.opening_id)>"See the opening"</a>
                                " · "
                                <a href="/applications">"All your applications"</a>
                            </p>
                            {detail
                                .can_answer_offer
                                .then(|| {
                                    let offer_id = a.public_id.clone();
                                    view! {
                                        <h2>"Your offer"</h2>
                                        <ActionForm attr:novalidate=true action=offer attr:class="usa-form">
                                            <input type="hidden" name="public_id" value=offer_id.clone() />
                                            <fieldset class="usa-fieldset">
                                                <legend class="usa-legend">"Do you accept the offer?"</legend>
                                                <div class="usa-radio">
                                                    <input class="usa-radio__input" id="offer-accept" type="radio" name="answer" value="accept" />
                                                    <label class="usa-radio__label" for="offer-accept">"I accept the offer"</label>
                                                </div>
                                                <div class="usa-radio">
                                                    <input class="usa-radio__input" id="offer-decline" type="radio" name="answer" value="decline" />
                                                    <label class="usa-radio__label" for="offer-decline">"I decline the offer"</label>
                                                </div>
                                            </fieldset>
                                            <button class="usa-button margin-top-2" type="submit">"Send my answer"</button>
                                        </ActionForm>
                                    }
                                })}
                            {detail
                                .can_withdraw
                                .then(|| {
                                    if confirming() {
                                        view! {
                                            <h2>"Withdraw this application?"</h2>
                                            <p>"You can’t undo this, and you can’t apply for this opening again."</p>
                                            <ActionForm attr:novalidate=true action=withdraw>
                                                <input type="hidden" name="public_id" value=a.public_id.clone() />
                                                <input type="hidden" name="confirm" value="yes" />
                                                <button class="usa-button usa-button--secondary" type="submit">
                                                    "Yes, withdraw my application"
                                                </button>
                                                <a class="usa-button usa-button--unstyled margin-left-2" href=format!("/applications/{}", a.public_id)>
                                                    "No, keep it"
                                                </a>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <a class="usa-button usa-button--outline" href=format!("/applications/{}?withdraw=1", a.public_id)>
                                                "Withdraw this application"
                                            </a>
                                        }
                                            .into_any()
                                    }
                                })}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
