//! The page chrome every page shares: skip link, government banner, header
//! with navigation, the main landmark and the footer (USWDS components).

use leptos::prelude::*;

use leptos_router::hooks::use_location;

use crate::PROGRAM_NAME;
use crate::api::auth::{SignOut, whoami};

/// Wraps a page in the shared chrome. The page's content becomes `<main>`.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        // `rel="external"` keeps the client-side router out of the way, so
        // the browser's own fragment navigation moves focus into <main>.
        <a class="usa-skipnav" href="#main-content" rel="external">
            "Skip to main content"
        </a>
        <GovBanner />
        <SiteHeader />
        <main id="main-content" class="usa-section" tabindex="-1">
            <div class="grid-container">{children()}</div>
        </main>
        <SiteFooter />
    }
}

/// "An official website of the United States government", with the
/// "Here's how you know" disclosure.
#[component]
fn GovBanner() -> impl IntoView {
    let (open, set_open) = signal(false);
    view! {
        <section class="usa-banner" aria-label="Official website of the United States government">
            <div class="usa-accordion">
                <header class="usa-banner__header" class:usa-banner__header--expanded=open>
                    <div class="usa-banner__inner">
                        <div class="grid-col-auto">
                            <img
                                aria-hidden="true"
                                class="usa-banner__header-flag"
                                src="/uswds/img/us_flag_small.png"
                                alt=""
                            />
                        </div>
                        <div class="grid-col-fill tablet:grid-col-auto" aria-hidden="true">
                            <p class="usa-banner__header-text">
                                "An official website of the United States government"
                            </p>
                            <p class="usa-banner__header-action">"Here’s how you know"</p>
                        </div>
                        <button
                            type="button"
                            class="usa-accordion__button usa-banner__button"
                            aria-expanded=move || open.get().to_string()
                            aria-controls="gov-banner"
                            on:click=move |_| set_open.update(|o| *o = !*o)
                        >
                            <span class="usa-banner__button-text">"Here’s how you know"</span>
                        </button>
                    </div>
                </header>
                <div
                    class="usa-banner__content usa-accordion__content"
                    id="gov-banner"
                    hidden=move || !open.get()
                >
                    <div class="grid-row grid-gap-lg">
                        <div class="usa-banner__guidance tablet:grid-col-6">
                            <img
                                class="usa-banner__icon usa-media-block__img"
                                src="/uswds/img/icon-dot-gov.svg"
                                alt=""
                                aria-hidden="true"
                            />
                            <div class="usa-media-block__body">
                                <p>
                                    <strong>"Official websites use .gov"</strong>
                                    <br />
                                    "A "
                                    <strong>".gov"</strong>
                                    " website belongs to an official government organization in the United States."
                                </p>
                            </div>
                        </div>
                        <div class="usa-banner__guidance tablet:grid-col-6">
                            <img
                                class="usa-banner__icon usa-media-block__img"
                                src="/uswds/img/icon-https.svg"
                                alt=""
                                aria-hidden="true"
                            />
                            <div class="usa-media-block__body">
                                <p>
                                    <strong>"Secure .gov websites use HTTPS"</strong>
                                    <br />
                                    "A "
                                    <strong>"lock"</strong>
                                    " or "
                                    <strong>"https://"</strong>
                                    " means you’ve safely connected to the .gov website. Share sensitive information only on official, secure websites."
                                </p>
                            </div>
                        </div>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// The site header: program name and primary navigation. On narrow screens
/// the navigation folds behind a "Menu" button.
#[component]
fn SiteHeader() -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    view! {
        <div class="usa-overlay" class:is-visible=menu_open></div>
        <header class="usa-header usa-header--basic">
            <div class="usa-nav-container">
                <div class="usa-navbar">
                    <div class="usa-logo">
                        <em class="usa-logo__text">
                            <a href="/" title=PROGRAM_NAME>
                                {PROGRAM_NAME}
                            </a>
                        </em>
                    </div>
                    <button
                        type="button"
                        class="usa-menu-btn"
                        aria-controls="primary-nav"
                        aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| set_menu_open.set(true)
                    >
                        "Menu"
                    </button>
                </div>
                <nav
                    id="primary-nav"
                    aria-label="Primary navigation"
                    class="usa-nav"
                    class:is-visible=menu_open
                >
                    <button
                        type="button"
                        class="usa-nav__close"
                        on:click=move |_| set_menu_open.set(false)
                    >
                        <img src="/uswds/img/usa-icons/close.svg" alt="Close menu" />
                    </button>
                    <ul class="usa-nav__primary usa-accordion">
                        <li class="usa-nav__primary-item">
                            <a href="/" class="usa-nav-link">
                                <span>"Home"</span>
                            </a>
                        </li>
                        <li class="usa-nav__primary-item">
                            <a href="/jobs" class="usa-nav-link">
                                <span>"Find a job"</span>
                            </a>
                        </li>
                        <li class="usa-nav__primary-item">
                            <a href="/#how-it-works" class="usa-nav-link">
                                <span>"How it works"</span>
                            </a>
                        </li>
                        <AccountLinks />
                    </ul>
                </nav>
            </div>
        </header>
    }
}

/// "Sign in", or the account link and "Sign out" for a signed-in person.
/// Asked again at every navigation, so it follows sign-in and sign-out.
#[component]
fn AccountLinks() -> impl IntoView {
    let location = use_location();
    let me = Resource::new(move || location.pathname.get(), |_| whoami());
    let sign_out = ServerAction::<SignOut>::new();
    let sign_in_link = || {
        view! {
            <li class="usa-nav__primary-item">
                <a href="/login" class="usa-nav-link">
                    <span>"Sign in"</span>
                </a>
            </li>
        }
    };
    view! {
        <Suspense fallback=sign_in_link>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(account)) => {
                        let candidate = account.role == crate::domain::account::Role::Candidate;
                        let staff = account.role == crate::domain::account::Role::Staff;
                        view! {
                            {staff
                                .then(|| {
                                    view! {
                                        <li class="usa-nav__primary-item">
                                            <a href="/admin/jobs" class="usa-nav-link">
                                                <span>"Openings"</span>
                                            </a>
                                        </li>
                                        <li class="usa-nav__primary-item">
                                            <a href="/admin/challenges" class="usa-nav-link">
                                                <span>"Challenges"</span>
                                            </a>
                                        </li>
                                        <li class="usa-nav__primary-item">
                                            <a href="/admin/users" class="usa-nav-link">
                                                <span>"Accounts"</span>
                                            </a>
                                        </li>
                                        <li class="usa-nav__primary-item">
                                            <a href="/admin/reports" class="usa-nav-link">
                                                <span>"Reports"</span>
                                            </a>
                                        </li>
                                    }
                                })}
                            {(!candidate)
                                .then(|| {
                                    view! {
                                        <li class="usa-nav__primary-item">
                                            <a href="/manage" class="usa-nav-link">
                                                <span>"Hiring"</span>
                                            </a>
                                        </li>
                                    }
                                })}
                            {candidate
                                .then(|| {
                                    view! {
                                        <li class="usa-nav__primary-item">
                                            <a href="/applications" class="usa-nav-link">
                                                <span>"Your applications"</span>
                                            </a>
                                        </li>
                                    }
                                })}
                            <li class="usa-nav__primary-item">
                                <a href="/account" class="usa-nav-link">
                                    <span>"Your account"</span>
                                    <span class="usa-sr-only">{format!(" ({})", account.email)}</span>
                                </a>
                            </li>
                            <li class="usa-nav__primary-item">
                                <ActionForm attr:novalidate=true action=sign_out attr:class="display-inline">
                                    <button type="submit" class="usa-nav-link usa-button--unstyled sign-out-button">
                                        <span>"Sign out"</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                            .into_any()
                    }
                    _ => sign_in_link().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="usa-footer usa-footer--slim">
            <div class="usa-footer__primary-section">
                <div class="grid-container">
                    <nav class="usa-footer__nav" aria-label="Footer navigation">
                        <ul class="grid-row grid-gap">
                            <li class="mobile-lg:grid-col-auto usa-footer__primary-content">
                                <a class="usa-footer__primary-link" href="/">
                                    "Home"
                                </a>
                            </li>
                            <li class="mobile-lg:grid-col-auto usa-footer__primary-content">
                                <a class="usa-footer__primary-link" href="/#how-it-works">
                                    "How it works"
                                </a>
                            </li>
                        </ul>
                    </nav>
                </div>
            </div>
            <div class="usa-footer__secondary-section">
                <div class="grid-container">
                    <p class="usa-footer__logo-heading">{PROGRAM_NAME}</p>
                    <p>
                        "The hiring and skills-assessment portal of the Tech Force cybersecurity workforce program."
                    </p>
                </div>
            </div>
        </footer>
    }
}
