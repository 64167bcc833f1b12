//! Tech Force Portal: the isomorphic application crate.
//!
//! Pages, components and (later) server functions compile for both the server
//! (`ssr`) and the browser (`hydrate`). Server-only code lives in [`server`],
//! behind the `ssr` feature, so the browser bundle never sees the database.

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::pages::{
    account::AccountPage,
    admin_agencies::AdminAgenciesPage,
    admin_challenges::{
        AdminChallengesPage, ChallengePreviewPage, EditChallengePage, NewChallengePage,
    },
    admin_jobs::{AdminJobsPage, EditOpeningPage, NewOpeningPage},
    admin_users::AdminUsersPage,
    applications::{ApplicationPage, ApplicationsPage},
    apply::ApplyFlowPage,
    assessment::AssessmentPageView,
    forgot_password::ForgotPasswordPage,
    home::HomePage,
    job::JobPage,
    jobs::JobsPage,
    login::LoginPage,
    manage::{CertificatePage, ManageApplicantPage, ManageOpeningPage, ManagePage},
    not_found::NotFoundPage,
    reports::ReportsPage,
    reset_password::ResetPasswordPage,
    signup::SignupPage,
    verify_email::VerifyEmailPage,
};

/// The program's name as shown to people.
pub const PROGRAM_NAME: &str = "Tech Force Portal";

/// The public job board's pages: the home page, the search and one
/// opening. Everything on them is a link or a GET form, so they are served
/// as plain HTML: the browser never loads the application's WebAssembly for
/// them (most visitors only read the board), and the page cache keeps them
/// for visitors who are not signed in.
pub fn is_board_page(path: &str) -> bool {
    path == "/"
        || path == "/jobs"
        || path
            .strip_prefix("/jobs/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the page being rendered is a board page (see [`is_board_page`]).
fn rendering_board_page() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().is_some_and(|parts| is_board_page(parts.uri.path()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The HTML document around every page, rendered on the server only.
///
/// Board pages get the U.S. Web Design System's own script for the banner
/// and the menu instead of the application, and carry no data for it
/// (`data-page="board"` on the root says which kind a page is). Every other
/// page hydrates. Reached from a hydrated page, the board renders in the
/// browser as before.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let board = rendering_board_page();
    if board && let Some(context) = Owner::current_shared_context() {
        // Resources then keep their data out of the page.
        context.set_is_hydrating(false);
    }
    let scripts = if board {
        Either::Left(view! {
            <script src="/uswds/js/uswds.min.js" nonce=leptos::nonce::use_nonce() defer></script>
        })
    } else {
        Either::Right(view! { <HydrationScripts options /> })
    };
    view! {
        <!DOCTYPE html>
        <html lang="en" data-page=if board { "board" } else { "app" }>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/uswds/img/favicons/favicon.ico" />
                {scripts}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: page chrome, routes and the 404 fallback.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    server::security::set_page_security_headers();
    mark_hydrated();

    view! {
        <Stylesheet id="uswds" href="/uswds/css/uswds.min.css" />
        <Stylesheet id="techforce" href="/pkg/techforce.css" />
        <Title formatter=|page: String| format!("{page} | {PROGRAM_NAME}") />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    // Pages wait for their data before answering (`Async`):
                    // they then work without JavaScript and can redirect.
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("signup") view=SignupPage ssr=SsrMode::Async />
                    <Route
                        path=StaticSegment("verify-email")
                        view=VerifyEmailPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("forgot-password")
                        view=ForgotPasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/agencies") view=AdminAgenciesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/reports") view=ReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/jobs") view=JobsPage ssr=SsrMode::Async />
                    <Route path=path!("/jobs/:id") view=JobPage ssr=SsrMode::Async />
                    <Route path=path!("/jobs/:id/apply") view=ApplyFlowPage ssr=SsrMode::Async />
                    <Route path=path!("/applications") view=ApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/applications/:id") view=ApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/jobs") view=AdminJobsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/jobs/new") view=NewOpeningPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/jobs/:id") view=EditOpeningPage ssr=SsrMode::Async />
                    <Route path=path!("/assessments/:id") view=AssessmentPageView ssr=SsrMode::Async />
                    <Route path=path!("/admin/challenges") view=AdminChallengesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/challenges/new") view=NewChallengePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/challenges/:id") view=EditChallengePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/challenges/:id/preview")
                        view=ChallengePreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/manage") view=ManagePage ssr=SsrMode::Async />
                    <Route path=path!("/manage/certificates/:id") view=CertificatePage ssr=SsrMode::Async />
                    <Route path=path!("/manage/openings/:id") view=ManageOpeningPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/manage/applications/:id")
                        view=ManageApplicantPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=StaticSegment("reset-password")
                        view=ResetPasswordPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </Layout>
        </Router>
    }
}

/// Marks the document once the browser has taken over the server-rendered
/// page, so tests (and styles) can tell a hydrated page from a static one.
fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// Browser entry point: attach to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
