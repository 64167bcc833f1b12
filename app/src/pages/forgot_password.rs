//! `/forgot-password`: ask for a link to choose a new password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::ForgotPassword;
use crate::components::form::{ErrorSummary, TextField};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text="Forgot your password" />
        <div class="grid-row">
            <div class="tablet:grid-col-8 desktop:grid-col-6">
                <h1>"Forgot your password?"</h1>
                <Show
                    when=sent
                    fallback=move || {
                        view! {
                            <p>"Enter the email address of your account. We’ll send you a link to choose a new password."</p>
                            <ErrorSummary error />
                            <ActionForm attr:novalidate=true action attr:class="usa-form usa-form--large">
                                <TextField
                                    label="Email address"
                                    name="email"
                                    input_type="email"
                                    autocomplete="email"
                                    error
                                />
                                <button class="usa-button" type="submit">
                                    "Send the link"
                                </button>
                            </ActionForm>
                        }
                    }
                >
                    <div class="usa-alert usa-alert--success" role="status">
                        <div class="usa-alert__body">
                            <p class="usa-alert__text">
                                "If an account uses that address, we sent it a link. The link works once, for one hour."
                            </p>
                        </div>
                    </div>
                </Show>
            </div>
        </div>
    }
}
