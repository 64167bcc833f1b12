//! `/reset-password?token=…`: choose a new password with an emailed link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{ResetPassword, reset_link_valid};
use crate::components::form::{ErrorSummary, TextField};
use crate::domain::account::NewPassword;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let valid = Resource::new(token, reset_link_valid);
    let action = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text="Choose a new password" />
        <div class="grid-row">
            <div class="tablet:grid-col-8 desktop:grid-col-6">
                <h1>"Choose a new password"</h1>
                <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                    {move || Suspend::new(async move {
                        if valid.await.unwrap_or(false) {
                            view! {
                                <ErrorSummary error />
                                <ActionForm attr:novalidate=true action attr:class="usa-form usa-form--large">
                                    <input type="hidden" name="token" value=token />
                                    <TextField
                                        label="New password"
                                        name="password"
                                        input_type="password"
                                        autocomplete="new-password"
                                        hint=format!("At least {} characters.", NewPassword::MIN_CHARS)
                                        error
                                    />
                                    <button class="usa-button" type="submit">
                                        "Save my new password"
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        } else {
                            view! {
                                <div class="usa-alert usa-alert--error" role="alert">
                                    <div class="usa-alert__body">
                                        <p class="usa-alert__text">
                                            "This link has expired or was already used. "
                                            <a href="/forgot-password">"Ask for a new one"</a> "."
                                        </p>
                                    </div>
                                </div>
                            }
                                .into_any()
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}
