//! `/admin/agencies`: staff keep the agencies that select from pooled
//! openings.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::pooled::{CreateAgency, agencies};
use crate::components::form::{ErrorSummary, TextField, cleared_after};
use crate::components::refused;

#[component]
pub fn AdminAgenciesPage() -> impl IntoView {
    let create = ServerAction::<CreateAgency>::new();
    let list = Resource::new(move || create.version().get(), |_| agencies());
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let query = use_query_map();
    // Added: after the redirect without JavaScript, or the action with it.
    let saved =
        move || query.read().get("saved").is_some() || matches!(create.value().get(), Some(Ok(())));

    view! {
        <Title text="Agencies" />
        <h1>"Agencies"</h1>
        <p class="usa-intro">
            "Agencies select hires from pooled openings: one announcement, one assessment, one shared list. Assign each hiring manager on a pooled opening for their agency on the opening’s page."
        </p>
        <div role="status">
            {move || {
                saved()
                    .then(|| {
                        view! {
                            <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">"The agency was added."</p>
                                </div>
                            </div>
                        }
                    })
            }}
        </div>
        <Suspense fallback=|| view! { <p>"Loading agencies…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refused(error, "/admin/agencies"),
                    Ok(list) => {
                        view! {
                            {if list.is_empty() {
                                view! { <p>"No agencies yet."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="usa-table usa-table--borderless">
                                        <caption class="usa-sr-only">"Agencies"</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">"Code"</th>
                                                <th scope="col">"Name"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|a| {
                                                    view! {
                                                        <tr>
                                                            <th scope="row">{a.code}</th>
                                                            <td>{a.name}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }}
                            <h2>"Add an agency"</h2>
                            <ErrorSummary error />
                            <ActionForm
                                attr:novalidate=true
                                action=create
                                node_ref=cleared_after(move || matches!(create.value().get(), Some(Ok(_))))
                                attr:class="usa-form"
                            >
                                <TextField
                                    label="Code"
                                    name="code"
                                    hint="Letters, digits or hyphens, such as DHS"
                                    error
                                />
                                <TextField label="Name" name="name" error />
                                <button class="usa-button margin-top-2" type="submit">
                                    "Add agency"
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
