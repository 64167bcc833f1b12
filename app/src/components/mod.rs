//! Reusable pieces of the page.

pub mod form;
pub mod layout;
pub mod pager;

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
