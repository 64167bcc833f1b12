//! `/`: the program's home page.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Home" />
        <h1>"Defend the nation’s networks with Tech Force"</h1>
        <p class="usa-intro">
            "Tech Force hires cybersecurity specialists into two-year federal terms across many agencies. "
            "No degree required: you show your skills in hands-on challenges."
        </p>
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
