//! Building the application: data directory, secret key, database, router,
//! listener. Tests build it exactly as `techforce serve` does, on port 0.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use app::server::auth::guard::RequestUser;
use app::server::auth::password::Passwords;
use app::server::auth::session::SessionPolicy;
use app::server::db::{Db, PoolSettings};
use app::server::state::{AppState, SecretKey};
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::config::Config;
use crate::http::csrf::{OriginPolicy, reject_cross_site};
use crate::http::errors::server_function_status;
use crate::http::headers::{HeaderPolicy, set_security_headers};
use crate::http::metrics::{self, Metrics};
use crate::http::page_cache::{self, PageCache};
use crate::http::{certificates, challenges, documents, jobs_api, reports};
use crate::workers::MailWorker;

/// The largest request body accepted by default. Upload routes (résumés,
/// challenge files) set their own, larger limits.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// Password hashes computed at once (each holds ~19 MiB for ~35 ms).
const PASSWORD_HASHES_AT_ONCE: usize = 4;

/// How long `/readyz` waits for the database before answering 503.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// A built application, bound to its listener but not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    mail: MailWorker,
    client_timeout: Duration,
    trusted_proxies: Arc<Vec<std::net::IpAddr>>,
}

impl Application {
    /// Prepares everything `serve` needs; fails with a clear message when the
    /// data directory, the database or a migration is not usable.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let state = prepare_state(config).await?;
        let router = router(config, state.clone());
        let mail = MailWorker::new(config, state.db.clone())?;
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        Ok(Self {
            listener,
            router,
            state,
            mail,
            client_timeout: Duration::from_secs(config.client_timeout_secs),
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves (and sends mail) until `shutdown` completes, then finishes the
    /// requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mail = tokio::spawn(self.mail.run(stopped.clone()));
        let schedule = tokio::spawn(crate::workers::run_schedule(self.state.clone(), stopped));
        crate::http::serve::serve(
            self.listener,
            self.router,
            self.client_timeout,
            self.trusted_proxies,
            shutdown,
        )
        .await;
        let _ = stop.send(true);
        let _ = mail.await;
        let _ = schedule.await;
        Ok(())
    }
}

/// Opens (and migrates) the database and loads the secret key.
pub async fn prepare_state(config: &Config) -> anyhow::Result<AppState> {
    let db = open_database(config).await?;
    db.migrate().await?;
    let secret_key = load_or_create_secret_key(config)?;
    let leptos_options = LeptosOptions::builder()
        .output_name("techforce")
        .site_root(config.site_dir.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .env(Env::PROD)
        .site_addr(config.addr)
        .build();
    Ok(AppState {
        leptos_options,
        db,
        secret_key: Arc::new(secret_key),
        passwords: Passwords::new(PASSWORD_HASHES_AT_ONCE),
        sessions: Arc::new(SessionPolicy {
            idle_privileged: Duration::from_secs(config.session_idle_minutes * 60),
            idle_candidate: Duration::from_secs(config.candidate_idle_minutes * 60),
            absolute: Duration::from_secs(config.session_max_hours * 3600),
            secure_cookie: config.secure_cookies(),
        }),
        public_url: config.public_url.as_str().into(),
        uploads: app::server::state::UploadLimits {
            max_bytes: usize::try_from(config.resume_max_kb * 1024).unwrap_or(usize::MAX),
            max_pdf_pages: usize::try_from(config.resume_max_pages).unwrap_or(usize::MAX),
            max_artefact_bytes: usize::try_from(config.artefact_max_kb * 1024)
                .unwrap_or(usize::MAX),
        },
        clock: app::server::clock::Clock::default(),
    })
}

/// How long a page or server function may take before it is answered 503.
pub const RESPONSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Connects to the configured database, creating the SQLite file (and its
/// directory) when needed.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    if let Some(path) = sqlite_path(&config.database_url)
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        create_private_dir(dir)?;
    }
    let settings = PoolSettings {
        max_connections: config.db_max_connections,
        ..PoolSettings::default()
    };
    Ok(Db::connect(&config.database_url, &settings).await?)
}

/// The file a `sqlite://` URL names, if it names one.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| PathBuf::from(path))
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))
}

/// `TECHFORCE_SECRET_KEY` when given; else the key kept in
/// `<data dir>/secret.key`, generated (32 random bytes, owner-only file) on
/// first run.
pub fn load_or_create_secret_key(config: &Config) -> anyhow::Result<SecretKey> {
    if let Some(key) = &config.secret_key {
        return SecretKey::new(key.as_bytes().to_vec())
            .context("TECHFORCE_SECRET_KEY is too short");
    }
    create_private_dir(&config.data_dir)?;
    let path = config.data_dir.join("secret.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(SecretKey::new)
                .with_context(|| {
                    format!(
                        "{} is damaged: expected at least {} bytes in hex",
                        path.display(),
                        SecretKey::MIN_LEN
                    )
                })?;
            Ok(bytes)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = vec![0u8; 32];
            rand::fill(&mut bytes[..]);
            write_new_private_file(&path, hex::encode(&bytes).as_bytes())?;
            tracing::info!(path = %path.display(), "generated a new secret key");
            Ok(SecretKey::new(bytes).expect("32 bytes meet the minimum"))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes a file readable by its owner only, refusing to replace one.
fn write_new_private_file(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The whole router: operations endpoints, pages, server functions, static
/// files, and the layers around them.
/// The app's routes, worked out once per process.
///
/// Working them out renders the whole app with resource loading switched
/// off by a process-wide flag (leptos-rs/leptos issue 4773): a page whose
/// resource first polled while another router was being built would wait
/// forever. One server builds one router, but the tests build many in one
/// process, so the list is made once and shared.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// An upload's limits: refused past `limit` bytes before it is read whole,
/// and cut off when no part of it arrives for `idle`.
fn upload_layers(
    limit: usize,
    idle: Duration,
) -> tower::ServiceBuilder<
    tower::layer::util::Stack<
        RequestBodyLimitLayer,
        tower::layer::util::Stack<RequestBodyTimeoutLayer, tower::layer::util::Identity>,
    >,
> {
    tower::ServiceBuilder::new()
        .layer(RequestBodyTimeoutLayer::new(idle))
        .layer(RequestBodyLimitLayer::new(limit))
}

/// The paths of the app's pages, as the router serves them (`/jobs/{id}`).
pub fn page_paths() -> Vec<String> {
    route_list()
        .iter()
        .map(|route| route.path().to_owned())
        .collect()
}

pub fn router(config: &Config, state: AppState) -> Router {
    let metrics = Arc::new(Metrics::default());
    let header_policy = Arc::new(HeaderPolicy {
        hsts: config.is_https(),
    });
    let origin_policy = Arc::new(OriginPolicy {
        public_origin: config.public_url.clone(),
    });
    // The largest résumé, plus room for the form around it.
    let upload_limit = state.uploads.max_bytes + 64 * 1024;
    let artefact_limit = state.uploads.max_artefact_bytes + 64 * 1024;
    // Uploads are not cut off as a whole (a large file on a slow line takes
    // its time), but one that stops arriving is.
    let client_timeout = Duration::from_secs(config.client_timeout_secs);
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(RequestUser::default());
        }
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };

    // The data directory may not be there yet when the database and the
    // secret key are elsewhere; without it the page cache is off (logged).
    if config.page_cache_mb > 0
        && let Err(error) = create_private_dir(&config.data_dir)
    {
        tracing::error!("{error:#}");
    }
    let page_cache = PageCache::new(
        state.db.clone(),
        state.sessions.clone(),
        config.page_cache_mb * 1024 * 1024,
        &config.data_dir,
    );

    let x_request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render).with_state(metrics.clone()))
        .route("/api/v1/jobs", get(jobs_api::list))
        .route("/api/v1/jobs/{id}", get(jobs_api::one))
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        // A small body limit for everything above; the résumé upload,
        // added after it, has its own (a layer covers only the routes
        // added before it).
        .layer(RequestBodyLimitLayer::new(DEFAULT_BODY_LIMIT))
        // A page or server function that has not answered in this time
        // never will (Leptos's server rendering can, rarely, lose the
        // wake-up of a Suspense; see the README): answer 503 so the person
        // can try again, instead of waiting forever. Uploads, added below,
        // are not cut off.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            RESPONSE_TIMEOUT,
        ))
        .route(
            "/jobs/{id}/apply/resume",
            post(documents::upload).layer(upload_layers(upload_limit, client_timeout)),
        )
        .route(
            "/account/resume",
            post(documents::upload_profile)
                .layer(upload_layers(upload_limit, client_timeout))
                .get(documents::download_profile),
        )
        .route("/applications/{id}/resume", get(documents::download))
        .route("/manage/certificates/{id}/csv", get(certificates::download))
        .route("/admin/reports/{file}", get(reports::download))
        .route(
            "/admin/challenges/{id}/artefacts",
            post(challenges::upload).layer(upload_layers(artefact_limit, client_timeout)),
        )
        .route(
            "/admin/challenges/{id}/artefacts/{artefact}",
            get(challenges::download),
        )
        .route("/admin/challenges/{id}/sample", get(challenges::sample))
        .route(
            "/assessments/{id}/challenges/{challenge}/file",
            get(challenges::own_file),
        )
        .route(
            "/assessments/{id}/artefacts/{artefact}",
            get(challenges::shared_file),
        )
        .with_state(state)
        // Layers added later wrap those added earlier.
        .layer(axum::middleware::from_fn(server_function_status))
        // Inside compression and the security headers, so that kept pages
        // are plain HTML and every answer gets the headers afresh.
        .layer(from_fn_with_state(page_cache, page_cache::serve))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(origin_policy, reject_cross_site))
        .layer(from_fn_with_state(metrics, metrics::record))
        .layer(from_fn_with_state(header_policy, set_security_headers))
        .layer(CatchPanicLayer::custom(|_| internal_error_response()))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::extract::Request| {
                    let request_id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    // The path only: query strings may carry one-time tokens.
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = request.uri().path(),
                        request_id,
                    )
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .layer(SetSensitiveHeadersLayer::new([
            http::header::COOKIE,
            http::header::SET_COOKIE,
            http::header::AUTHORIZATION,
        ]))
}

fn internal_error_response() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side. Please try again; if it keeps happening, contact the program office.",
    )
        .into_response()
}

/// `GET /healthz`: the process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: the database answers; 503 otherwise.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(READINESS_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => {
            tracing::warn!("readiness check: the database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite://data/techforce.db"),
            Some(PathBuf::from("data/techforce.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:///srv/tf/t.db?mode=rwc"),
            Some(PathBuf::from("/srv/tf/t.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }
}
