//! `/login`: sign in with email and password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::SignIn;
use crate::components::form::{ErrorSummary, TextField};

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let reset = move || query.read().get("reset").is_some();
    view! {
        <Title text="Sign in" />
        <div class="grid-row">
            <div class="tablet:grid-col-8 desktop:grid-col-6">
                <h1>"Sign in"</h1>
                <Show when=reset>
                    <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                        <div class="usa-alert__body">
                            <p class="usa-alert__text">
                                "Your password was changed. Sign in with your new password."
                            </p>
                        </div>
                    </div>
                </Show>
                <ErrorSummary error />
                <ActionForm attr:novalidate=true action attr:class="usa-form usa-form--large">
                    <input type="hidden" name="next" value=next />
                    <TextField
                        label="Email address"
                        name="email"
                        input_type="email"
                        autocomplete="username"
                        error
                    />
                    <TextField
                        label="Password"
                        name="password"
                        input_type="password"
                        autocomplete="current-password"
                        error
                    />
                    <button class="usa-button" type="submit">
                        "Sign in"
                    </button>
                </ActionForm>
                <p>
                    <a href="/forgot-password">"Forgot your password?"</a>
                </p>
                <p>"New to Tech Force? " <a href="/signup">"Create an account"</a> "."</p>
            </div>
        </div>
    }
}
