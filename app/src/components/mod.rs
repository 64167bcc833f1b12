//! Reusable pieces of the page.

pub mod chart;
pub mod form;
pub mod layout;
pub mod pager;
pub mod resume;

/// Sets the HTTP status of the page being rendered on the server (e.g. 403
/// when the page's data was refused). Does nothing in the browser.
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The route's numeric `:id`, if it is one.
pub fn id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    }
}

/// The sign-in page, coming back to `next` afterwards. `next` is
/// percent-encoded: it may carry a path segment as someone typed it (with
/// `&`, `#` or control characters, which a `Location` header cannot hold).
pub fn login_url(next: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // What a path keeps as it is; everything else is encoded.
    const KEPT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    format!("/login?next={}", utf8_percent_encode(next, KEPT))
}

/// What a page shows when its data was refused: a sign-in redirect for
/// someone signed out (coming back to `next`), the not-found page, or the
/// error in an alert with its HTTP status.
pub fn refused(error: crate::error::AppError, next: &str) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    use leptos_router::components::Redirect;

    use crate::error::AppError;
    match error {
        AppError::Unauthenticated => view! { <Redirect path=login_url(next) /> }.into_any(),
        AppError::NotFound => view! { <crate::pages::not_found::NotFoundPage /> }.into_any(),
        error => {
            set_page_status(error.status());
            view! {
                <div class="usa-alert usa-alert--error" role="alert">
                    <div class="usa-alert__body">
                        <p class="usa-alert__text">{error.to_string()}</p>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
