//! The Content Security Policy for rendered pages.
//!
//! Leptos puts a fresh nonce on its own inline scripts for every response;
//! the page's policy allows exactly those scripts (and what they load) and
//! nothing inline besides. The server's middleware adds the other security
//! headers, and a strict policy on every response that is not a page.

use leptos::prelude::*;

/// The policy for a rendered page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// The policy for anything that is not a page (files, JSON, plain text).
pub const NON_PAGE_CSP: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// Sets the page's policy on the response being rendered. Call once, from
/// the root component, while rendering on the server.
pub fn set_page_security_headers() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&page_csp(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_policy_allows_only_the_nonce_and_forbids_framing() {
        let csp = page_csp("abc123");
        assert!(csp.contains("script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
