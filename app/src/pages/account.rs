//! `/account`: the signed-in account and its sessions.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::auth::{EndSession, SignOut, my_sessions, whoami};

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| whoami());
    let end_session = ServerAction::<EndSession>::new();
    let sessions = Resource::new(move || end_session.version().get(), |_| my_sessions());
    let sign_out = ServerAction::<SignOut>::new();

    view! {
        <Title text="Your account" />
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
                                <dt class="text-bold">"Role"</dt>
                                <dd class="margin-left-0 margin-bottom-2">{me.role.label()}</dd>
                            </dl>
                            <ActionForm action=sign_out>
                                <button class="usa-button usa-button--outline" type="submit">
                                    "Sign out"
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
