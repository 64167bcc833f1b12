//! Cross-site request forgery defence for every state-changing request,
//! server functions included (they must stay callable from plain HTML forms,
//! so they carry no token of their own).
//!
//! A request with an unsafe method passes when the browser says it came from
//! this site (`Sec-Fetch-Site: same-origin`, or `none` for one the user typed),
//! or, from browsers that do not send that header, when its `Origin` is the
//! portal's public origin. Everything else is refused with 403.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header::ORIGIN};

#[derive(Clone, Debug)]
pub struct OriginPolicy {
    /// The public origin, e.g. `https://techforce.example.gov`.
    pub public_origin: String,
}

/// Whether a request with these headers may change state.
pub fn is_allowed(
    method: &Method,
    sec_fetch_site: Option<&str>,
    origin: Option<&str>,
    policy: &OriginPolicy,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    match sec_fetch_site {
        Some("same-origin" | "none") => true,
        Some(_) => false,
        None => origin.is_some_and(|origin| origin == policy.public_origin),
    }
}

pub async fn reject_cross_site(
    State(policy): State<Arc<OriginPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if is_allowed(
        request.method(),
        header("sec-fetch-site"),
        header(ORIGIN.as_str()),
        &policy,
    ) {
        next.run(request).await
    } else {
        tracing::warn!(
            method = %request.method(),
            path = request.uri().path(),
            "refused a cross-site state-changing request"
        );
        (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused. Go back to the portal and try again.",
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> OriginPolicy {
        OriginPolicy {
            public_origin: "https://techforce.example.gov".into(),
        }
    }

    #[test]
    fn reads_are_always_allowed() {
        assert!(is_allowed(
            &Method::GET,
            Some("cross-site"),
            None,
            &policy()
        ));
        assert!(is_allowed(&Method::HEAD, None, None, &policy()));
    }

    #[test]
    fn writes_from_this_site_or_typed_by_the_user_pass() {
        assert!(is_allowed(
            &Method::POST,
            Some("same-origin"),
            None,
            &policy()
        ));
        assert!(is_allowed(&Method::POST, Some("none"), None, &policy()));
        assert!(is_allowed(
            &Method::POST,
            None,
            Some("https://techforce.example.gov"),
            &policy()
        ));
    }

    #[test]
    fn writes_from_elsewhere_or_of_unknown_origin_are_refused() {
        assert!(!is_allowed(
            &Method::POST,
            Some("cross-site"),
            None,
            &policy()
        ));
        assert!(!is_allowed(
            &Method::POST,
            Some("same-site"),
            Some("https://techforce.example.gov"),
            &policy()
        ));
        assert!(!is_allowed(
            &Method::DELETE,
            None,
            Some("https://evil.example"),
            &policy()
        ));
        assert!(!is_allowed(&Method::POST, None, None, &policy()));
        assert!(!is_allowed(&Method::PUT, None, Some("null"), &policy()));
    }
}
