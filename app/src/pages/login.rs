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
    view! {
        <Title text="Sign in" />
        <div class="grid-row">
            <div class="tablet:grid-col-8 desktop:grid-col-6">
                <h1>"Sign in"</h1>
                <ErrorSummary error />
                <ActionForm action attr:class="usa-form usa-form--large">
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
            </div>
        </div>
    }
}
