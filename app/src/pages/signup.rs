//! `/signup`: create a candidate account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::SignUp;
use crate::components::form::{ErrorSummary, TextField};
use crate::domain::account::NewPassword;

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let query = use_query_map();
    let done = move || query.read().get("done").is_some();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text="Create an account" />
        <div class="grid-row">
            <div class="tablet:grid-col-8 desktop:grid-col-6">
                <h1>"Create an account"</h1>
                <Show
                    when=done
                    fallback=move || {
                        view! {
                            <p>
                                "Create an account to apply for Tech Force openings and take skills assessments. Already have one? "
                                <a href="/login">"Sign in"</a> "."
                            </p>
                            <ErrorSummary error />
                            <ActionForm attr:novalidate=true action attr:class="usa-form usa-form--large">
                                <TextField label="Full name" name="name" autocomplete="name" error />
                                <TextField
                                    label="Email address"
                                    name="email"
                                    input_type="email"
                                    autocomplete="email"
                                    error
                                />
                                <TextField
                                    label="Password"
                                    name="password"
                                    input_type="password"
                                    autocomplete="new-password"
                                    hint=format!(
                                        "At least {} characters. A few unrelated words make a strong password that is easy to remember.",
                                        NewPassword::MIN_CHARS,
                                    )
                                    error
                                />
                                <button class="usa-button" type="submit">
                                    "Create account"
                                </button>
                            </ActionForm>
                        }
                    }
                >
                    <div class="usa-alert usa-alert--success" role="status">
                        <div class="usa-alert__body">
                            <h2 class="usa-alert__heading">"Check your email"</h2>
                            <p class="usa-alert__text">
                                "We sent a message to the address you gave. Follow its link to confirm your address, then "
                                <a href="/login">"sign in"</a> "."
                            </p>
                        </div>
                    </div>
                </Show>
            </div>
        </div>
    }
}
