//! `/`: the program's home page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::openings::newest_jobs;
use crate::pages::jobs::JobCardView;

#[component]
pub fn HomePage() -> impl IntoView {
    let newest = Resource::new(|| (), |_| newest_jobs());
    view! {
        <Title text="Home" />
        <h1>"Defend the nation’s networks with Tech Force"</h1>
        <p class="usa-intro">
            "Tech Force hires cybersecurity specialists into two-year federal terms across many agencies. "
            "No degree required: you show your skills in hands-on challenges."
        </p>
        <p>
            <a class="usa-button usa-button--big" href="/jobs">
                "Find a job"
            </a>
        </p>
        <section aria-labelledby="newest-heading" class="margin-top-5">
            <h2 id="newest-heading">"Newest openings"</h2>
            <Suspense fallback=|| view! { <p>"Loading openings…"</p> }>
                {move || Suspend::new(async move {
                    match newest.await {
                        Ok(jobs) if jobs.is_empty() => {
                            view! { <p>"No openings are accepting applications right now. Check back soon."</p> }
                                .into_any()
                        }
                        Ok(jobs) => {
                            view! {
                                <ul class="usa-card-group">
                                    {jobs.into_iter().map(|job| view! { <JobCardView job /> }).collect_view()}
                                </ul>
                                <p>
                                    <a href="/jobs">"See every opening"</a>
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            // Said in the status too: nothing keeps an
                            // error page as the home page (the page cache).
                            crate::components::set_page_status(error.status());
                            view! { <p>{error.to_string()}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
        <section id="how-it-works" aria-labelledby="how-it-works-heading" class="margin-top-5">
            <h2 id="how-it-works-heading">"How it works"</h2>
            <ol class="usa-process-list">
                <li class="usa-process-list__item">
                    <h3 class="usa-process-list__heading">"Find an opening"</h3>
                    <p>"Browse open positions by work role, grade and location."</p>
                </li>
                <li class="usa-process-list__item">
                    <h3 class="usa-process-list__heading">"Apply online"</h3>
                    <p>"Answer a few eligibility questions and upload a résumé of up to two pages."</p>
                </li>
                <li class="usa-process-list__item">
                    <h3 class="usa-process-list__heading">"Prove your skills"</h3>
                    <p>
                        "Take a timed, hands-on assessment: real logs, real code, real puzzles, scored automatically."
                    </p>
                </li>
                <li class="usa-process-list__item">
                    <h3 class="usa-process-list__heading">"Hear back at every step"</h3>
                    <p>"Follow each application from received to a decision."</p>
                </li>
            </ol>
        </section>
    }
}
