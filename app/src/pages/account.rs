//! `/account`: the signed-in account and its sessions.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::auth::{
    ChangePassword, EndSession, ResendVerification, SignOut, UpdateProfile, my_sessions, whoami,
};
use crate::api::profile::{CandidateProfile, RemoveProfileResume, SaveProfile, my_profile};
use crate::components::form::{ErrorSummary, TextField};
use crate::components::resume::{PreferenceField, ResumeLink, ResumeUpload, upload_problem};
use crate::domain::account::{NewPassword, Role};
use crate::error::AppError;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| whoami());
    let end_session = ServerAction::<EndSession>::new();
    let sessions = Resource::new(move || end_session.version().get(), |_| my_sessions());
    // Made here, not inside the account's Suspense: a resource created in
    // a Suspense's children can be rebuilt and dropped mid-request.
    let save_profile = ServerAction::<SaveProfile>::new();
    let remove_resume = ServerAction::<RemoveProfileResume>::new();
    let profile = Resource::new(
        move || (save_profile.version().get(), remove_resume.version().get()),
        |_| my_profile(),
    );
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
                                        <ActionForm attr:novalidate=true action=resend>
                                            <button class="usa-button usa-button--outline" type="submit">
                                                "Send a new link"
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                            <ActionForm attr:novalidate=true action=sign_out>
                                <button class="usa-button usa-button--outline" type="submit">
                                    "Sign out"
                                </button>
                            </ActionForm>
                            <h2>"Your contact details"</h2>
                            <ErrorSummary error=rename_error />
                            <ActionForm attr:novalidate=true action=rename attr:class="usa-form">
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
                            {(me.role == Role::Candidate)
                                .then(|| {
                                    view! { <ProfileSection save=save_profile remove=remove_resume profile /> }
                                })}
                            <h2>"Change your password"</h2>
                            <ErrorSummary error=password_error />
                            <ActionForm attr:novalidate=true action=change_password attr:class="usa-form">
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
                                                        <ActionForm attr:novalidate=true action=end_session>
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
                                <ActionForm attr:novalidate=true action=end_session>
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

/// The candidate profile: legal name, citizenship, and the veterans'
/// preference and résumé every new application starts from.
#[component]
fn ProfileSection(
    save: ServerAction<SaveProfile>,
    remove: ServerAction<RemoveProfileResume>,
    profile: Resource<Result<Option<CandidateProfile>, AppError>>,
) -> impl IntoView {
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let query = leptos_router::hooks::use_query_map();
    let notice = move || {
        let query = query.read();
        if query.get("profile").is_some() {
            Some("Your profile was saved.")
        } else if query.get("uploaded").is_some() {
            Some("Your profile résumé was saved. New applications will start with it.")
        } else if query.get("resume").as_deref() == Some("removed") {
            Some("The résumé was taken off your profile. Applications that carry it keep it.")
        } else {
            None
        }
    };
    view! {
        <h2 id="profile">"Your candidate profile"</h2>
        <p class="usa-intro">"Every new application starts from these details; you can still change them for each opening."</p>
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
        <Suspense fallback=|| view! { <p>"Loading your profile…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(profile)) = profile.await else {
                    return view! { <p>"Your profile could not be loaded. Reload the page to try again."</p> }.into_any();
                };
                let upload_error = query
                    .read_untracked()
                    .get("error")
                    .map(|code| upload_problem(&code, profile.resume_max_mb, profile.resume_max_pages));
                let citizen_message = Signal::derive(move || {
                    error.get().and_then(|e| e.field_message("citizen").map(str::to_owned))
                });
                let preference_message = Signal::derive(move || {
                    error.get().and_then(|e| e.field_message("veterans_preference").map(str::to_owned))
                });
                let has_resume = profile.resume.is_some();
                view! {
                    <ErrorSummary error />
                    <ActionForm attr:novalidate=true action=save attr:class="usa-form usa-form--large">
                        <TextField
                            label="Legal name"
                            name="legal_name"
                            autocomplete="name"
                            hint="Your full name as it appears on your identity documents."
                            value=profile.legal_name.clone()
                            error
                        />
                        <div
                            class="usa-form-group"
                            class:usa-form-group--error=move || citizen_message.get().is_some()
                        >
                            {move || {
                                citizen_message
                                    .get()
                                    .map(|m| view! { <span class="usa-error-message" id="citizen-error">{m}</span> })
                            }}
                            <div class="usa-checkbox">
                                <input
                                    class="usa-checkbox__input"
                                    id="citizen"
                                    type="checkbox"
                                    name="citizen"
                                    value="yes"
                                    checked=profile.citizen_since.is_some()
                                    aria-describedby=move || {
                                        if citizen_message.get().is_some() {
                                            "citizen-hint citizen-error"
                                        } else {
                                            "citizen-hint"
                                        }
                                    }
                                />
                                <label class="usa-checkbox__label" for="citizen">
                                    "I am a U.S. citizen or U.S. national"
                                    <span class="usa-checkbox__label-description" id="citizen-hint">
                                        {match profile.citizen_since.clone() {
                                            Some(day) => format!("You stated this on {day}. Federal positions in this program are open to U.S. citizens and nationals."),
                                            None => "Federal positions in this program are open to U.S. citizens and nationals.".to_owned(),
                                        }}
                                    </span>
                                </label>
                            </div>
                        </div>
                        <PreferenceField selected=profile.veterans_preference message=preference_message />
                        <button class="usa-button margin-top-3" type="submit">
                            "Save profile"
                        </button>
                    </ActionForm>
                    <h3>"Your résumé"</h3>
                    {match profile.resume.clone() {
                        Some(resume) => {
                            view! {
                                <ResumeLink resume lead="On your profile:" />
                                <ActionForm attr:novalidate=true action=remove>
                                    <button class="usa-button usa-button--unstyled" type="submit">
                                        "Take this résumé off your profile"
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        None => view! { <p>"No résumé on your profile yet."</p> }.into_any(),
                    }}
                    <ResumeUpload
                        action="/account/resume"
                        has_resume
                        max_mb=profile.resume_max_mb
                        max_pages=profile.resume_max_pages
                        problem=upload_error
                    />
                }
                    .into_any()
            })}
        </Suspense>
    }
}
