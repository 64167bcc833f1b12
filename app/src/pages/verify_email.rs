//! `/verify-email?token=…`: the link from the verification email.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::verify_email;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = Resource::new(
        move || query.read().get("token").unwrap_or_default(),
        verify_email,
    );
    view! {
        <Title text="Confirm your email address" />
        <h1>"Confirm your email address"</h1>
        <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
            {move || Suspend::new(async move {
                match outcome.await {
                    Ok(()) => {
                        view! {
                            <div class="usa-alert usa-alert--success" role="status">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">
                                        "Your email address is confirmed. You can now apply for openings. "
                                        <a href="/account">"Go to your account"</a> "."
                                    </p>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Err(error) => {
                        view! {
                            <div class="usa-alert usa-alert--error" role="alert">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">
                                        {error.to_string()}
                                        " Sign in and use “Send a new link” on your account page."
                                    </p>
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
