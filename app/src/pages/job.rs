//! `/jobs/{id}`: one opening, with everything a candidate needs to decide,
//! and schema.org `JobPosting` data for search engines.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::openings::get_job;
use crate::components::id_param;
use crate::pages::not_found::NotFoundPage;

#[component]
pub fn JobPage() -> impl IntoView {
    let id = id_param();
    let job = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_job(id).await.map(Some),
            None => Ok(None),
        }
    });

    view! {
        <Suspense fallback=|| view! { <p>"Loading the opening…"</p> }>
            {move || Suspend::new(async move {
                match job.await {
                    Ok(Some(job)) => {
                        let card = job.card.clone();
                        let apply = if job.open {
                            view! {
                                <a class="usa-button usa-button--big" href=format!("/jobs/{}/apply", card.id)>
                                    "Apply"
                                    <span class="usa-sr-only">{format!(" for {}", card.title)}</span>
                                </a>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p class="usa-tag usa-tag--big bg-base-dark">"Closed: no longer accepting applications"</p>
                            }
                                .into_any()
                        };
                        let roles = card
                            .work_roles
                            .iter()
                            .map(|r| view! { <li>{format!("{} ({})", r.name, r.id)}</li> })
                            .collect_view();
                        let locations = if card.locations.is_empty() {
                            "Anywhere in the United States".to_owned()
                        } else {
                            card.locations.join("; ")
                        };
                        view! {
                            <Title text=card.title.clone() />
                            <script type="application/ld+json" inner_html=job.json_ld.clone()></script>
                            <h1>{card.title.clone()}</h1>
                            <p class="usa-intro">{card.summary.clone()}</p>
                            <div class="usa-summary-box margin-y-3" role="region" aria-labelledby="at-a-glance">
                                <div class="usa-summary-box__body">
                                    <h2 class="usa-summary-box__heading" id="at-a-glance">
                                        {card.closing.clone()}
                                        {(!card.closes_on.is_empty()).then(|| format!(" — {}", card.closes_on))}
                                    </h2>
                                    <dl class="usa-summary-box__text">
                                        <dt class="text-bold">"Series and grade"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">{card.grade.clone()}</dd>
                                        <dt class="text-bold">"Salary"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">{card.salary.clone()}</dd>
                                        <dt class="text-bold">"Duty locations"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">
                                            {locations} {format!(" ({})", card.workplace)}
                                        </dd>
                                        <dt class="text-bold">"Appointment"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">{job.appointment.clone()}</dd>
                                        <dt class="text-bold">"Who may apply"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">{job.who_may_apply.clone()}</dd>
                                        <dt class="text-bold">"Vacancies"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">{job.vacancies}</dd>
                                        <dt class="text-bold">"Open for applications"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">
                                            {format!("{} to {} (Eastern Time)", job.opens_on, card.closes_on)}
                                        </dd>
                                        <dt class="text-bold">"Hiring method"</dt>
                                        <dd class="margin-left-0 margin-bottom-1">{job.hiring_method.clone()}</dd>
                                    </dl>
                                    {apply}
                                </div>
                            </div>
                            <h2>"Work roles"</h2>
                            <p>"NICE Workforce Framework work roles this position performs:"</p>
                            <ul class="usa-list">{roles}</ul>
                            <h2>"Duties"</h2>
                            <p class="pre-line">{job.duties.clone()}</p>
                            <h2>"Qualifications"</h2>
                            <p class="pre-line">{job.qualifications.clone()}</p>
                            <h2>"How you will be evaluated"</h2>
                            <div class="usa-prose" inner_html=job.evaluation_html.clone()></div>
                            {(!job.questions.is_empty())
                                .then(|| {
                                    view! {
                                        <h2>"Questions you will answer"</h2>
                                        <ol class="usa-list">
                                            {job
                                                .questions
                                                .iter()
                                                .map(|q| view! { <li>{q.clone()}</li> })
                                                .collect_view()}
                                        </ol>
                                    }
                                })}
                            <p class="margin-top-4">
                                <a href="/jobs" class="usa-link">"Back to all openings"</a>
                            </p>
                        }
                            .into_any()
                    }
                    Ok(None) | Err(crate::error::AppError::NotFound) => {
                        view! { <NotFoundPage /> }.into_any()
                    }
                    Err(error) => {
                        crate::components::set_page_status(error.status());
                        view! {
                            <h1>"This opening can’t be shown"</h1>
                            <div class="usa-alert usa-alert--error" role="alert">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">{error.to_string()}</p>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
