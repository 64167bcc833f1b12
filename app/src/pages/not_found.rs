//! The page for any address the portal does not know; answers with 404.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <h1>"Page not found"</h1>
        <p class="usa-intro">"We can’t find the page you’re looking for."</p>
        <p>
            "Check the address for typos, or go to the " <a href="/">"home page"</a> "."
        </p>
    }
}
