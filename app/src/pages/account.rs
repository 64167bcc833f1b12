//! `/account`: the signed-in account and its sessions.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::auth::{
    ChangePassword, EndSession, ResendVerification, SignOut, UpdateProfile, my_sessions, whoami,
};
use crate::components::form::{ErrorSummary, TextField};
use crate::domain::account::NewPassword;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| whoami());
    let end_session = ServerAction::<EndSession>::new();
    let sessions = Resource::new(move || end_session.version().get(), |_| my_sessions());
    let sign_out = ServerAction::<SignOut>::new();
    let resend = ServerAction::<ResendVerification>::new();
    let rename = ServerAction::<UpdateProfile>::new();
    let rename_error = Signal::derive(move || rename.value().get().and_then(Result::err));
    let change_password = ServerAction::<ChangePassword>::new();
    let password_error =
        Signal::derive(move || change_password.value().get().and_then(Result::err));
    let query = leptos_router::hooks::use_query_map();
    let notice = move || {
        let query = query.read();
        if query.get("changed").is_some() {
            Some("Your password was changed, and your other sessions were signed out.")
        } else if query.get("sent").is_some() {
            Some("We sent you a new link to confirm your email address.")
        } else if query.get("saved").is_some() {
            Some("Your contact details were saved.")
        } else {
            None
        }
    };

    view! {
        <Title text="Your account" />
        {move || {
            notice()
                .map(|text| {
                    view! {
                        <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                            <div class="usa-alert__body">
                                <p class="usa-alert__text">{text}</p>
                            </div>
                        </div>
                    }
                })
        }}
        <Suspense fallback=|| view! { <p>"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(me)) => {
                        view! {
                            <h1>"Your account"</h1>
                            <dl class="usa-summary-box__text">
                                <dt class="text-bold">"Name"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{me.name.clone()}</dd>
                                <dt class="text-bold">"Email address"</dt>
                                <dd class="margin-left-0 margin-bottom-2">
                                    {me.email.clone()}
                                    {(!me.verified).then_some(" (not verified yet)")}
                                </dd>
                                <dt class="text-bold">"Phone"</dt>
                                <dd class="margin-left-0 margin-bottom-2">
                                    {me.phone.clone().unwrap_or_else(|| "Not given".to_owned())}
                                </dd>
                                <dt class="text-bold">"Role"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{me.role.label()}</dd>
                            </dl>
                            {(!me.verified)
                                .then(|| {
                                    view! {
                                        <div class="usa-alert usa-alert--warning usa-alert--slim margin-bottom-2">
                                            <div class="usa-alert__body">
                                                <p class="usa-alert__text">
                                                    "Confirm your email address with the link we sent you before you apply."
                                                </p>
                                            </div>
                                        </div>
                                        <ActionForm action=resend>
                                            <button class="usa-button usa-button--outline" type="submit">
                                                "Send a new link"
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                            <ActionForm action=sign_out>
                                <button class="usa-button usa-button--outline" type="submit">
                                    "Sign out"
                                </button>
                            </ActionForm>
                            <h2>"Your contact details"</h2>
                            <ErrorSummary error=rename_error />
                            <ActionForm action=rename attr:class="usa-form">
                                <TextField
                                    label="Full name"
                                    name="name"
                                    autocomplete="name"
                                    value=me.name.clone()
                                    error=rename_error
                                />
                                <TextField
                                    label="Phone number (optional)"
                                    name="phone"
                                    input_type="tel"
                                    autocomplete="tel"
                                    value=me.phone.clone().unwrap_or_default()
                                    required=false
                                    error=rename_error
                                />
                                <button class="usa-button" type="submit">
                                    "Save contact details"
                                </button>
                            </ActionForm>
                            <h2>"Change your password"</h2>
                            <ErrorSummary error=password_error />
                            <ActionForm action=change_password attr:class="usa-form">
                                <TextField
                                    label="Current password"
                                    name="current_password"
                                    input_type="password"
                                    autocomplete="current-password"
                                    error=password_error
                                />
                                <TextField
                                    label="New password"
                                    name="new_password"
                                    input_type="password"
                                    autocomplete="new-password"
                                    hint=format!("At least {} characters.", NewPassword::MIN_CHARS)
                                    error=password_error
                                />
                                <button class="usa-button" type="submit">
                                    "Change password"
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login?next=/account" /> }.into_any(),
                    Err(e) => view! { <p class="usa-error-message">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <h2>"Where you’re signed in"</h2>
        <Suspense fallback=|| view! { <p>"Loading sessions…"</p> }>
            {move || Suspend::new(async move {
                let sessions = sessions.await.unwrap_or_default();
                let others = sessions.iter().filter(|s| !s.current).count();
                view! {
                    <table class="usa-table usa-table--borderless">
                        <caption class="usa-sr-only">"Your active sessions"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Device"</th>
                                <th scope="col">"Address"</th>
                                <th scope="col">"Signed in"</th>
                                <th scope="col">"Last active"</th>
                                <th scope="col">
                                    <span class="usa-sr-only">"Actions"</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            {sessions
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr>
                                            <td>{s.device.clone()}</td>
                                            <td>{s.address.clone()}</td>
                                            <td>{s.started.clone()}</td>
                                            <td>{s.last_seen.clone()}</td>
                                            <td>
                                                {if s.current {
                                                    view! { <span>"This device"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=end_session>
                                                            <input type="hidden" name="handle" value=s.handle.clone() />
                                                            <button class="usa-button usa-button--unstyled" type="submit">
                                                                "Sign out this session"
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                        .into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    {(others > 0)
                        .then(|| {
                            view! {
                                <ActionForm action=end_session>
                                    <input type="hidden" name="handle" value="all-others" />
                                    <button class="usa-button usa-button--secondary" type="submit">
                                        "Sign out all other sessions"
                                    </button>
                                </ActionForm>
                            }
                        })}
                }
            })}
        </Suspense>
    }
}
