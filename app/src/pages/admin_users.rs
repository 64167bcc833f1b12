//! `/admin/users`: staff search accounts, change roles, disable and enable.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

use crate::api::admin::{SetDisabled, SetRole, list_users};
use crate::components::form::ErrorSummary;
use crate::components::pager::{Pager, urlencode};
use crate::domain::account::Role;
use crate::error::AppError;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let set_role = ServerAction::<SetRole>::new();
    let set_disabled = ServerAction::<SetDisabled>::new();
    let users = Resource::new(
        move || {
            (
                search(),
                page(),
                set_role.version().get(),
                set_disabled.version().get(),
            )
        },
        |(q, page, _, _)| list_users(q, page),
    );
    let error = Signal::derive(move || {
        set_role
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_disabled.value().get().and_then(Result::err))
    });

    view! {
        <Title text="Accounts" />
        <h1>"Accounts"</h1>
        <ErrorSummary error />
        <Form method="GET" action="/admin/users" attr:class="usa-search usa-search--small margin-bottom-3" attr:role="search">
            <label class="usa-sr-only" for="q">
                "Search accounts by email or name"
            </label>
            <input class="usa-input" id="q" type="search" name="q" value=search />
            <button class="usa-button" type="submit">
                <span class="usa-search__submit-text">"Search"</span>
            </button>
        </Form>
        <Suspense fallback=|| view! { <p>"Loading accounts…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Err(AppError::Unauthenticated) => {
                        view! { <Redirect path="/login?next=/admin/users" /> }.into_any()
                    }
                    Err(error) => {
                        crate::components::set_page_status(error.status());
                        view! {
                            <div class="usa-alert usa-alert--error" role="alert">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">{error.to_string()}</p>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        let q = search();
                        let pager = view! {
                            <Pager
                                label="Pages of accounts"
                                page=list.page
                                pages=list.pages
                                href=move |n| format!("/admin/users?q={}&page={n}", urlencode(&q))
                            />
                        };
                        view! {
                            <p>{format!("{} account{} found.", list.total, if list.total == 1 { "" } else { "s" })}</p>
                            <table class="usa-table usa-table--borderless usa-table--stacked">
                                <caption class="usa-sr-only">"Accounts"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Email address"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col">"Role"</th>
                                        <th scope="col">"Access"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .users
                                        .into_iter()
                                        .map(|user| {
                                            let role_id = format!("role-{}", user.id);
                                            let role_label = format!("Role of {}", user.email);
                                            let change_label = format!(" of {}", user.email);
                                            let access_label = format!(" {}", user.email);
                                            let status = match (user.disabled, user.verified) {
                                                (true, _) => "Disabled",
                                                (false, true) => "Active",
                                                (false, false) => "Email not confirmed",
                                            };
                                            view! {
                                                <tr>
                                                    <th scope="row" data-label="Name">{user.name.clone()}</th>
                                                    <td data-label="Email address">{user.email.clone()}</td>
                                                    <td data-label="Status">{status}</td>
                                                    <td data-label="Role">
                                                        <ActionForm attr:novalidate=true action=set_role attr:class="display-flex flex-align-end">
                                                            <input type="hidden" name="user_id" value=user.id.to_string() />
                                                            <div>
                                                                <label class="usa-label margin-top-0" for=role_id.clone()>
                                                                    {role_label}
                                                                </label>
                                                                <select class="usa-select" id=role_id name="role">
                                                                    {Role::ALL
                                                                        .into_iter()
                                                                        .map(|role| view! {
                                                                            <option value=role.as_str() selected=role == user.role>
                                                                                {role.label()}
                                                                            </option>
                                                                        })
                                                                        .collect_view()}
                                                                </select>
                                                            </div>
                                                            <button class="usa-button usa-button--outline margin-left-1" type="submit">
                                                                "Change role"
                                                                <span class="usa-sr-only">{change_label}</span>
                                                            </button>
                                                        </ActionForm>
                                                    </td>
                                                    <td data-label="Access">
                                                        <ActionForm attr:novalidate=true action=set_disabled>
                                                            <input type="hidden" name="user_id" value=user.id.to_string() />
                                                            <input type="hidden" name="disabled" value=(!user.disabled).to_string() />
                                                            <button class="usa-button usa-button--secondary" type="submit">
                                                                {if user.disabled { "Enable" } else { "Disable" }}
                                                                <span class="usa-sr-only">{access_label}</span>
                                                            </button>
                                                        </ActionForm>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            {pager}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
