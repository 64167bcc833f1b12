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
//! Each answer gets its own script nonce. A page is kept gzip-compressed,
//! in pieces cut where its nonce stood: each piece is deflated on its own
//! (ending on a byte boundary), so an answer is the pieces joined by the
//! new nonce as stored blocks, with gzip's header and trailer around them.
//! A hit costs no rendering and no compressing, and a kept page takes a
//! seventh of its size. The page just rendered goes out the same way, so it
//! is compressed once. Clients that do not take gzip get it inflated.
//!
//! The kept bytes are in a file of their own, unnamed (it goes when the
//! process does), written round and round: a page written over is no longer
//! kept. The operating system's page cache holds what is read often, and
//! gives the memory back when it is wanted elsewhere; the process keeps
//! only where each page is: its key, place and pieces, well under 1 KB a
//! page (BENCHMARKS.md: the full board's pages in the 48 MiB file, out of
//! the process's resident memory).
//!
//! A read is a copy from the page cache, done under the lock on the
//! executor; if the system has dropped those pages for want of memory, it
//! is a read from disk instead.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::server::auth::session::SessionPolicy;
use app::server::db::Db;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, FlushCompress};
use http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    COOKIE, SET_COOKIE, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use sqlx::Row as _;

/// The longest a page is kept, whatever else happens.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Pages larger than this are never kept (the board's are about 35 KB).
const MAX_PAGE_BYTES: usize = 256 * 1024;
/// No page is anywhere near this; one that is has gone wrong.
const MAX_RENDERED_BYTES: usize = 16 * 1024 * 1024;
/// The longest URL kept; longer ones are rendered every time.
const MAX_KEY_BYTES: usize = 512;
/// Tells operators (and tests) whether an answer came from the cache.
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-techforce-cache");

/// A kept page: what it was rendered at, and where its pieces are.
struct Kept {
    generation: i64,
    expires: Instant,
    /// Shared with the pages kept before it that have the same headers
    /// (all board pages do).
    headers: Arc<HeaderMap>,
    /// Where its pieces start in the file, one after another.
    offset: u64,
    pieces: Vec<Piece>,
}

/// A page cut where its nonce stood, each piece deflated on its own: the
/// pieces' bytes one after another, and what each piece is.
struct Deflated {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
}

/// Part of a page, deflated on its own.
struct Piece {
    /// The length of its raw deflate blocks, which end in a sync flush: not
    /// final, byte-aligned.
    deflated: usize,
    /// The checksum and length of the text, for gzip's trailer.
    crc: crc32fast::Hasher,
    len: usize,
}

impl Deflated {
    /// Cuts `page` where `nonce` stands and deflates each piece; `None`
    /// when the nonce is not in it (there would be nothing to put back) or
    /// the deflater fails.
    fn new(page: &[u8], nonce: &[u8]) -> Option<Self> {
        let texts = split(page, nonce);
        if texts.len() < 2 {
            return None;
        }
        let mut bytes = Vec::with_capacity(page.len() / 5);
        let mut pieces = Vec::with_capacity(texts.len());
        for text in texts {
            let start = bytes.len();
            deflate_flushed(text, &mut bytes)?;
            let mut crc = crc32fast::Hasher::new();
            crc.update(text);
            pieces.push(Piece {
                deflated: bytes.len() - start,
                crc,
                len: text.len(),
            });
        }
        bytes.shrink_to_fit();
        Some(Self { bytes, pieces })
    }

    /// The page with `nonce` where its nonce was, as one gzip member.
    fn gzip(&self, nonce: &[u8]) -> Vec<u8> {
        gzip_of(&self.pieces, &self.bytes, nonce)
    }
}

/// The page whose `pieces` are `bytes`, with `nonce` where its nonce was,
/// as one gzip member.
fn gzip_of(pieces: &[Piece], bytes: &[u8], nonce: &[u8]) -> Vec<u8> {
    // Stored blocks hold at most 65,535 bytes; a nonce is 32.
    let Ok(nonce_len) = u16::try_from(nonce.len()) else {
        unreachable!("a nonce is a few dozen bytes")
    };
    let mut out = Vec::with_capacity(bytes.len() + pieces.len() * (nonce.len() + 5) + 23);
    // Magic, deflate, no flags, no time, no extra flags, unknown system.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    let mut crc = crc32fast::Hasher::new();
    let mut len = 0;
    let mut nonce_crc = crc32fast::Hasher::new();
    nonce_crc.update(nonce);
    let mut rest = bytes;
    for (n, piece) in pieces.iter().enumerate() {
        if n > 0 {
            // A stored block, not the last: its 3 header bits then
            // padding to the byte, its length and the length's
            // complement, then the bytes as they are.
            out.push(0);
            out.extend_from_slice(&nonce_len.to_le_bytes());
            out.extend_from_slice(&(!nonce_len).to_le_bytes());
            out.extend_from_slice(nonce);
            crc.combine(&nonce_crc);
            len += nonce.len();
        }
        let (deflated, after) = rest.split_at(piece.deflated.min(rest.len()));
        out.extend_from_slice(deflated);
        rest = after;
        crc.combine(&piece.crc);
        len += piece.len;
    }
    // The last block: stored and empty.
    out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    // The length modulo 2^32, as gzip's trailer has it.
    out.extend_from_slice(&(len as u32).to_le_bytes());
    out
}

/// Appends `text` to `out` as raw deflate blocks ending in a sync flush,
/// so that more blocks can follow it; `None` if the deflater fails (the
/// page is then not kept). The default level: this runs on the executor,
/// once for each page rendered, in place of compressing the answer.
fn deflate_flushed(text: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let mut compress = Compress::new(Compression::default(), false);
    out.reserve(text.len() / 3 + 64);
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity());
        }
        let read = usize::try_from(compress.total_in()).ok()?;
        compress
            .compress_vec(text.get(read..)?, out, FlushCompress::Sync)
            .ok()?;
        // The flush is complete once it leaves room unused.
        if compress.total_in() == text.len() as u64 && out.len() < out.capacity() {
            return Some(());
        }
    }
}

/// `text` cut at every `at`, without them.
fn split<'a>(text: &'a [u8], at: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(found) = rest.windows(at.len()).position(|w| w == at) {
        pieces.push(&rest[..found]);
        rest = &rest[found + at.len()..];
    }
    pieces.push(rest);
    pieces
}

/// Whether the request takes gzip (`Accept-Encoding`): named with a q
/// above 0, or not named and `*` taken. A coding named outright wins over
/// `*`, whatever the order.
fn takes_gzip(headers: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    for coding in headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let taken = !parts.any(|p| {
            let (key, value) = p.split_once('=').unwrap_or((p, ""));
            key.trim().eq_ignore_ascii_case("q")
                && value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
        });
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            named = Some(named.unwrap_or(false) || taken);
        } else if name == "*" {
            any = Some(any.unwrap_or(false) || taken);
        }
    }
    named.or(any).unwrap_or(false)
}

/// The kept pages: their bytes in a file written round like a ring, and
/// where each page is.
struct Pages {
    file: File,
    /// The file's size; it is written round within it.
    capacity: u64,
    /// Where the next page is written.
    end: u64,
    pages: HashMap<Arc<str>, Arc<Kept>>,
    /// Every page written, oldest first: where, under which key. The
    /// oldest go when the file is written round over them.
    order: VecDeque<(u64, Arc<str>)>,
    /// The headers of the page kept last.
    headers: Option<Arc<HeaderMap>>,
    /// Whether a write has failed (said once in the log).
    write_failed: bool,
}

impl Pages {
    fn new(file: File, capacity: u64) -> Self {
        Self {
            file,
            capacity,
            end: 0,
            pages: HashMap::new(),
            order: VecDeque::new(),
            headers: None,
            write_failed: false,
        }
    }

    /// Forgets the oldest pages written while `written_over(offset)`.
    fn forget_oldest_while(&mut self, written_over: impl Fn(u64) -> bool) {
        while let Some(&(offset, _)) = self.order.front()
            && written_over(offset)
        {
            if let Some((offset, key)) = self.order.pop_front()
                && self.pages.get(&key).is_some_and(|k| k.offset == offset)
            {
                self.pages.remove(&key);
            }
        }
    }

    /// The page kept under `key` at `generation`, and its pieces' bytes;
    /// one that is out of date or unreadable is no longer kept.
    fn read(&mut self, key: &str, generation: i64) -> Option<(Arc<Kept>, Vec<u8>)> {
        let kept = self.pages.get(key)?.clone();
        if kept.generation == generation && Instant::now() < kept.expires {
            let mut bytes = vec![0; kept.pieces.iter().map(|p| p.deflated).sum()];
            // A read from the operating system's page cache, a few
            // microseconds: done here, under the lock, so that no page is
            // written over while it is read.
            match self.file.read_exact_at(&mut bytes, kept.offset) {
                Ok(()) => return Some((kept, bytes)),
                Err(error) => tracing::warn!(key, %error, "a kept page could not be read"),
            }
        }
        self.pages.remove(key);
        None
    }

    /// Keeps `page` under `key`, written after the page kept last, or at
    /// the start of the file when it does not fit before the end. The
    /// pages it is written over are kept no more.
    fn write(
        &mut self,
        key: &str,
        generation: i64,
        expires: Instant,
        headers: HeaderMap,
        page: Deflated,
    ) {
        let len = page.bytes.len() as u64;
        if len > self.capacity {
            return;
        }
        if self.end + len > self.capacity {
            // A new round. Pages of older rounds are left only past the
            // end of this one (the rest were written over): they go now,
            // so that the oldest page is this round's first.
            let end = self.end;
            self.forget_oldest_while(|offset| offset >= end);
            self.end = 0;
        }
        let (start, stop) = (self.end, self.end + len);
        // The pages of the last round that lie where this page goes. This
        // round's own pages, all before `start`, are behind them.
        self.forget_oldest_while(|offset| (start..stop).contains(&offset));
        // A page written again elsewhere leaves its old place unused.
        self.pages.remove(key);
        if let Err(error) = self.file.write_all_at(&page.bytes, start) {
            // Said once (a full disk would say it on every page rendered).
            if !self.write_failed {
                tracing::warn!(key, %error, "a page could not be kept (said once)");
            }
            self.write_failed = true;
            return;
        }
        self.end = stop;
        let headers = match &self.headers {
            Some(last) if **last == headers => last.clone(),
            _ => Arc::new(headers),
        };
        self.headers = Some(headers.clone());
        let key: Arc<str> = Arc::from(key);
        self.order.push_back((start, key.clone()));
        self.pages.insert(
            key,
            Arc::new(Kept {
                generation,
                expires,
                headers,
                offset: start,
                pieces: page.pieces,
            }),
        );
    }
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
    pages: Mutex<Pages>,
    clock: Mutex<Option<ClockChange>>,
}

impl PageCache {
    /// Keeps up to `max_bytes` of pages in an unnamed file in `dir`.
    /// `None` when `max_bytes` is 0 (the cache is off), or when the file
    /// cannot be made (said in the log; pages are then always rendered).
    pub fn new(
        db: Db,
        sessions: Arc<SessionPolicy>,
        max_bytes: usize,
        dir: &Path,
    ) -> Option<Arc<Self>> {
        if max_bytes == 0 {
            return None;
        }
        let file = match tempfile::tempfile_in(dir) {
            Ok(file) => file,
            Err(error) => {
                tracing::error!(dir = %dir.display(), %error, "cannot make the file for kept pages; the page cache is off");
                return None;
            }
        };
        Some(Arc::new(Self {
            db,
            sessions,
            pages: Mutex::new(Pages::new(file, max_bytes as u64)),
            clock: Mutex::new(None),
        }))
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

    fn pages(&self) -> std::sync::MutexGuard<'_, Pages> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
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

/// The board generation: all a page served from the cache costs. It is
/// read on connections of its own, so that it never waits for the pool
/// behind pages being rendered.
async fn generation(db: &Db) -> Result<i64, sqlx::Error> {
    let mut conn = db.glance().acquire().await?;
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
    let gzip = takes_gzip(request.headers());
    let hit = cache.pages().read(&key, current);
    if let Some((kept, bytes)) = hit {
        let nonce = hex::encode(rand::random::<[u8; 16]>());
        let compressed = gzip_of(&kept.pieces, &bytes, nonce.as_bytes());
        if let Some(response) = answer(&kept.headers, compressed, &nonce, gzip, "hit") {
            return response;
        }
        // Rendered afresh below, and kept again.
        tracing::warn!(key, "a kept page did not inflate");
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
    if body.len() > MAX_PAGE_BYTES {
        return Response::from_parts(parts, Body::from(body));
    }
    let Some(page) = Deflated::new(&body, nonce.as_bytes()) else {
        return Response::from_parts(parts, Body::from(body));
    };
    let mut expires = started + MAX_AGE;
    if let Some(at) = next_change {
        let until = Duration::try_from((at - now).max(time::Duration::ZERO)).unwrap_or_default();
        expires = expires.min(started + until);
    }
    let mut headers = parts.headers.clone();
    headers.remove(CONTENT_SECURITY_POLICY);
    headers.remove(CONTENT_LENGTH);
    // Deflated already: a client that takes gzip gets it so, instead of
    // the page compressed a second time on the way out.
    let compressed = gzip.then(|| page.gzip(nonce.as_bytes()));
    cache
        .pages()
        .write(&key, current, expires, headers.clone(), page);
    if let Some(compressed) = compressed
        && let Some(response) = answer(&headers, compressed, &nonce, true, "miss")
    {
        return response;
    }
    let mut response = Response::from_parts(parts, Body::from(body));
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    response
}

/// A page with `nonce`, `compressed` its gzip, and the policy that allows
/// it: gzip when the client takes it, else inflated. `cache` says whether
/// it was just rendered ("miss") or served from the cache ("hit").
/// `None` only if the page does not inflate (it always should).
fn answer(
    headers: &HeaderMap,
    compressed: Vec<u8>,
    nonce: &str,
    gzip: bool,
    cache: &'static str,
) -> Option<Response> {
    let body = if gzip {
        compressed
    } else {
        let mut page = Vec::with_capacity(compressed.len() * 8);
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&compressed[..]),
            &mut page,
        )
        .ok()?;
        page
    };
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers.clone();
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("accept-encoding"));
    if gzip {
        response
            .headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Ok(policy) = HeaderValue::from_str(&app::server::security::page_csp(nonce)) {
        response
            .headers_mut()
            .insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static(cache));
    Some(response)
}

/// The nonce a page policy allows.
fn nonce_in(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len]).filter(|n| !n.is_empty())
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

    /// Inflates a gzip answer the way a browser would.
    fn gunzip(body: &[u8]) -> Vec<u8> {
        let mut page = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(body), &mut page).unwrap();
        page
    }

    #[test]
    fn a_kept_page_is_the_page_with_the_new_nonce_in_every_place() {
        let nonce = b"0123456789abcdef0123456789abcdef";
        let fresh = b"fedcba9876543210fedcba9876543210";
        let body: String = (0..400).map(|n| format!("<li>Opening {n}</li>")).collect();
        let page = |n: &[u8]| {
            let n = std::str::from_utf8(n).unwrap();
            format!(
                "{n}<html><script nonce=\"{n}\" src=\"a.js\"></script>{body}\
                 <script nonce=\"{n}\">b()</script>{n}"
            )
        };
        let kept = Deflated::new(page(nonce).as_bytes(), nonce).unwrap();
        assert_eq!(kept.pieces.len(), 5, "four nonces, at either end too");
        let answer = kept.gzip(fresh);
        assert_eq!(gunzip(&answer), page(fresh).as_bytes());
        assert!(answer.len() * 4 < page(fresh).len(), "it is compressed");
        // Another answer, another nonce, from the same pieces.
        assert_eq!(gunzip(&kept.gzip(nonce)), page(nonce).as_bytes());
        // A page without its nonce is not kept.
        assert!(Deflated::new(b"<p>no scripts</p>", nonce).is_none());
    }

    /// Page `n`: its own words, a nonce at either end.
    fn numbered(n: usize) -> Deflated {
        let nonce = b"0123456789abcdef";
        let words: String = (0..20 + n % 7)
            .map(|i| format!("<p>{}</p>", (n * 7919 + i * 104_729) % 1_000_003))
            .collect();
        let page = format!("0123456789abcdef{words}0123456789abcdef");
        Deflated::new(page.as_bytes(), nonce).unwrap()
    }

    /// Reads page `n` back as text, if it is still kept.
    fn read_back(pages: &mut Pages, n: usize) -> Option<String> {
        let (kept, bytes) = pages.read(&format!("/jobs/{n}"), 1)?;
        let text = gunzip(&gzip_of(&kept.pieces, &bytes, b"N"));
        Some(String::from_utf8(text).unwrap())
    }

    #[test]
    fn the_file_is_written_round_and_pages_written_over_go() {
        let expires = Instant::now() + Duration::from_secs(60);
        let size = numbered(0).bytes.len() as u64;
        // Room for about ten pages.
        let mut pages = Pages::new(tempfile::tempfile().unwrap(), size * 10);
        let text = |n: usize| String::from_utf8(gunzip(&numbered(n).gzip(b"N"))).unwrap();
        for n in 0..35 {
            pages.write(
                &format!("/jobs/{n}"),
                1,
                expires,
                HeaderMap::new(),
                numbered(n),
            );
            // Every page still kept reads back whole, with the new nonce;
            // the newest always is.
            assert_eq!(read_back(&mut pages, n), Some(text(n)), "page {n}");
            for m in 0..n {
                if let Some(read) = read_back(&mut pages, m) {
                    assert_eq!(read, text(m), "page {m} after page {n}");
                }
            }
            assert!(pages.end <= pages.capacity);
        }
        // Several rounds on, only the last ones are kept, and a full
        // round's worth of them.
        let kept: Vec<usize> = (0..35)
            .filter(|&n| read_back(&mut pages, n).is_some())
            .collect();
        assert!(kept.len() >= 6, "{kept:?}");
        assert!(kept.iter().all(|&n| n >= 20), "{kept:?}");
        assert!(kept.contains(&34));
        // A page written again is read at its new place; an older
        // generation is not served and goes.
        pages.write("/jobs/34", 2, expires, HeaderMap::new(), numbered(99));
        assert_eq!(
            pages
                .read("/jobs/34", 2)
                .map(|(k, b)| gunzip(&gzip_of(&k.pieces, &b, b"N"))),
            Some(text(99).into_bytes())
        );
        assert!(pages.read("/jobs/33", 2).is_none());
        assert!(
            pages.read("/jobs/33", 1).is_none(),
            "gone once found out of date"
        );
        // Pages with the same headers share them.
        let mut shared = Pages::new(tempfile::tempfile().unwrap(), size * 10);
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        shared.write("/jobs/1", 1, expires, headers.clone(), numbered(1));
        shared.write("/jobs/2", 1, expires, headers, numbered(2));
        let (a, _) = shared.read("/jobs/1", 1).unwrap();
        let (b, _) = shared.read("/jobs/2", 1).unwrap();
        assert!(Arc::ptr_eq(&a.headers, &b.headers));
        assert_eq!(a.headers.get(CONTENT_TYPE).unwrap(), "text/html");
        // A page larger than the file is never kept.
        let mut small = Pages::new(tempfile::tempfile().unwrap(), size / 2);
        small.write("/jobs/1", 1, expires, HeaderMap::new(), numbered(1));
        assert!(small.read("/jobs/1", 1).is_none());
    }

    #[test]
    fn gzip_is_used_only_when_the_client_takes_it() {
        let asks = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
            takes_gzip(&headers)
        };
        assert!(asks("gzip, deflate, br, zstd"));
        assert!(asks("br;q=1.0, GZIP;q=0.5"));
        assert!(asks("*"));
        assert!(!asks("br"));
        assert!(!asks("gzip;q=0, br"));
        assert!(!asks("identity"));
        assert!(!takes_gzip(&HeaderMap::new()));
        // Refused outright, whatever `*` says, and `Q` is `q`.
        assert!(!asks("gzip;q=0, *"));
        assert!(!asks("*, gzip; Q=0"));
        assert!(asks("br;q=0, *"));
        assert!(!asks("*;q=0"));
    }
}
