//! Rendered public job pages, kept and served again to people who are not
//! signed in.
//!
//! The board (`/jobs` with any search), one opening (`/jobs/{id}`) and the
//! home page are the same for every anonymous visitor until an opening
//! changes. A kept page is served only while
//! - the database's board generation is the one it was rendered at
//!   (migration 0018: every change to an opening, its questions, locations
//!   or work roles moves it on, whichever process makes the change);
//! - no opening on the board has opened, closed or come within "closing
//!   soon" by the clock since (the next such time is read when the page is
//!   kept);
//! - it is younger than [`MAX_AGE`], for what a page says in days ("closes
//!   in 3 days").
//!
//! Each answer gets its own script nonce: the kept page holds a mark where
//! the nonce was, and the policy header is written for the new one.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::server::auth::session::SessionPolicy;
use app::server::db::Db;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use lru::LruCache;
use sqlx::Row as _;

/// The longest a page is kept, whatever else happens.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Pages larger than this are never kept (the board's are about 35 KB).
const MAX_PAGE_BYTES: usize = 256 * 1024;
/// No page is anywhere near this; one that is has gone wrong.
const MAX_RENDERED_BYTES: usize = 16 * 1024 * 1024;
/// The longest URL kept; longer ones are rendered every time.
const MAX_KEY_BYTES: usize = 512;
/// Stands where the nonce was in a kept page; pages holding a NUL are never
/// kept, so it is only ever where the nonce was.
const NONCE_MARK: &[u8] = b"\0nonce\0";
/// Tells operators (and tests) whether an answer came from the cache.
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-techforce-cache");

struct Kept {
    generation: i64,
    expires: Instant,
    headers: HeaderMap,
    /// The page with every occurrence of its nonce replaced by the mark.
    body: Bytes,
}

struct Pages {
    pages: LruCache<String, Arc<Kept>>,
    bytes: usize,
}

/// The board's next change by the clock, as read at one generation: it
/// holds until the generation moves (an opening changed) or the moment
/// comes, so it is read once per change instead of once per page rendered.
#[derive(Clone, Copy)]
struct ClockChange {
    generation: i64,
    at: Option<time::OffsetDateTime>,
}

/// The kept pages, at most `max_bytes` of them.
pub struct PageCache {
    db: Db,
    sessions: Arc<SessionPolicy>,
    max_bytes: usize,
    pages: Mutex<Pages>,
    clock: Mutex<Option<ClockChange>>,
}

impl PageCache {
    /// `None` when `max_bytes` is 0 (the cache is off).
    pub fn new(db: Db, sessions: Arc<SessionPolicy>, max_bytes: usize) -> Option<Arc<Self>> {
        (max_bytes > 0).then(|| {
            Arc::new(Self {
                db,
                sessions,
                max_bytes,
                pages: Mutex::new(Pages {
                    pages: LruCache::unbounded(),
                    bytes: 0,
                }),
                clock: Mutex::new(None),
            })
        })
    }

    /// The next change by the clock at `generation`, read from the database
    /// only when the one known is for another generation or has come.
    async fn next_clock_change(
        &self,
        generation: i64,
        now: time::OffsetDateTime,
    ) -> Result<Option<time::OffsetDateTime>, sqlx::Error> {
        let known = *self.clock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = known
            && known.generation == generation
            && known.at.is_none_or(|at| now < at)
        {
            return Ok(known.at);
        }
        let at = next_clock_change(&self.db, now).await?;
        let mut known = self.clock.lock().unwrap_or_else(|e| e.into_inner());
        // A slow reader of an older generation never replaces a newer one.
        if known.is_none_or(|known| known.generation <= generation) {
            *known = Some(ClockChange { generation, at });
        }
        Ok(at)
    }

    fn lookup(&self, key: &str, generation: i64) -> Option<Arc<Kept>> {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let kept = pages.pages.get(key)?.clone();
        if kept.generation == generation && Instant::now() < kept.expires {
            return Some(kept);
        }
        if let Some(old) = pages.pages.pop(key) {
            pages.bytes -= old.body.len();
        }
        None
    }

    fn keep(&self, key: String, kept: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.bytes += kept.body.len();
        if let Some(old) = pages.pages.put(key, Arc::new(kept)) {
            pages.bytes -= old.body.len();
        }
        while pages.bytes > self.max_bytes {
            match pages.pages.pop_lru() {
                Some((_, old)) => pages.bytes -= old.body.len(),
                None => break,
            }
        }
    }
}

/// The key a request's page is kept under, if it is a public job page
/// asked for by someone not signed in.
fn key_of(cache: &PageCache, request: &Request) -> Option<String> {
    if request.method() != Method::GET {
        return None;
    }
    let path = request.uri().path();
    if !app::is_board_page(path) {
        return None;
    }
    let signed_in = request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|header| cache.sessions.token_from_cookie_header(header).is_some());
    if signed_in {
        return None;
    }
    let key = match request.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    (key.len() <= MAX_KEY_BYTES).then_some(key)
}

/// The next time the board changes by the clock alone: an opening on it
/// opens or closes, or comes within "closing soon".
async fn next_clock_change(
    db: &Db,
    now: time::OffsetDateTime,
) -> Result<Option<time::OffsetDateTime>, sqlx::Error> {
    use app::server::clock::{from_text, to_text};
    use app::server::openings::CLOSING_SOON;
    let mut conn = db.pool().acquire().await?;
    let row = sqlx::query(
        "SELECT
            (SELECT MIN(opens_at) FROM openings WHERE status = 'published' AND opens_at > $1) AS opens,
            (SELECT MIN(closes_at) FROM openings WHERE status = 'published' AND closes_at > $1) AS closes,
            (SELECT MIN(closes_at) FROM openings WHERE status = 'published' AND closes_at > $2) AS soon",
    )
    .bind(to_text(now))
    .bind(to_text(now + CLOSING_SOON))
    .fetch_one(&mut *conn)
    .await?;
    let at = |column: &str| -> Result<Option<time::OffsetDateTime>, sqlx::Error> {
        Ok(row
            .try_get::<Option<String>, _>(column)?
            .as_deref()
            .and_then(from_text))
    };
    Ok([
        at("opens")?,
        at("closes")?,
        at("soon")?.map(|t| t - CLOSING_SOON),
    ]
    .into_iter()
    .flatten()
    .min())
}

/// The board generation: all a page served from the cache costs.
async fn generation(db: &Db) -> Result<i64, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    sqlx::query_scalar("SELECT generation FROM board_state WHERE id = 1")
        .fetch_one(&mut *conn)
        .await
}

/// Serves public job pages from the cache when it can, and keeps those it
/// renders. Everything else passes through untouched.
pub async fn serve(
    State(cache): State<Option<Arc<PageCache>>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(cache) = cache else {
        return next.run(request).await;
    };
    let Some(key) = key_of(&cache, &request) else {
        return next.run(request).await;
    };
    // Without the database's word, nothing is served from the cache.
    let Ok(current) = generation(&cache.db).await else {
        return next.run(request).await;
    };
    if let Some(kept) = cache.lookup(&key, current) {
        return answer(&kept);
    }
    // The generation was read before rendering: a change made while the
    // page renders leaves it kept under the older generation, never served
    // again. Its age counts from here.
    let started = Instant::now();
    let now = app::server::clock::now();
    let Ok(next_change) = cache.next_clock_change(current, now).await else {
        return next.run(request).await;
    };
    let response = next.run(request).await;
    if response.status() != StatusCode::OK
        || response.headers().contains_key(SET_COOKIE)
        || !response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
    {
        return response;
    }
    let Some(nonce) = response
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(nonce_in)
        .map(str::to_owned)
    else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_RENDERED_BYTES).await {
        Ok(body) => body,
        // Cut off while rendering: say so rather than send half a page.
        Err(_) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The page could not be prepared. Please try again.",
            )
                .into_response();
        }
    };
    // A page holding a NUL (a search for one, say) is not kept: the mark
    // the nonce is put back at must be the page's own.
    if body.len() > MAX_PAGE_BYTES || body.contains(&0) {
        return Response::from_parts(parts, Body::from(body));
    }
    let mut expires = started + MAX_AGE;
    if let Some(at) = next_change {
        let until = Duration::try_from((at - now).max(time::Duration::ZERO)).unwrap_or_default();
        expires = expires.min(started + until);
    }
    let mut headers = parts.headers.clone();
    headers.remove(CONTENT_SECURITY_POLICY);
    cache.keep(
        key,
        Kept {
            generation: current,
            expires,
            headers,
            body: replace(&body, nonce.as_bytes(), NONCE_MARK),
        },
    );
    let mut response = Response::from_parts(parts, Body::from(body));
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    response
}

/// A kept page with a fresh nonce, and the policy that allows it.
fn answer(kept: &Kept) -> Response {
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    let body = replace(&kept.body, NONCE_MARK, nonce.as_bytes());
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = kept.headers.clone();
    if let Ok(policy) = HeaderValue::from_str(&app::server::security::page_csp(&nonce)) {
        response
            .headers_mut()
            .insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static("hit"));
    response
}

/// The nonce a page policy allows.
fn nonce_in(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len]).filter(|n| !n.is_empty())
}

/// `text` with every `from` replaced by `to`.
fn replace(text: &[u8], from: &[u8], to: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_is_read_from_the_page_policy() {
        let policy = app::server::security::page_csp("abc123");
        assert_eq!(nonce_in(&policy), Some("abc123"));
        assert_eq!(nonce_in("default-src 'none'"), None);
        assert_eq!(nonce_in("script-src 'nonce-'"), None);
    }

    #[test]
    fn every_occurrence_is_replaced() {
        let page = b"<script nonce=\"n1\">a</script><script nonce=\"n1\">b</script>";
        let marked = replace(page, b"n1", NONCE_MARK);
        assert!(!marked.windows(2).any(|w| w == b"n1"));
        let again = b"<script nonce=\"n2\">a</script><script nonce=\"n2\">b</script>";
        assert_eq!(&replace(&marked, NONCE_MARK, b"n2")[..], &again[..]);
        assert_eq!(&replace(b"none here", b"n1", b"x")[..], b"none here");
    }
}
