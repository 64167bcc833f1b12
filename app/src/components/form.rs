//! Form pieces in the USWDS style: labelled fields whose errors are tied to
//! them (`aria-describedby`, `aria-invalid`), and an error summary.

use leptos::prelude::*;

use crate::error::AppError;

/// A form that empties itself once `succeeded` turns true, for forms that
/// add one thing after another (questions, notes, agencies): the next entry
/// starts blank instead of carrying the last one's text. Give the returned
/// reference to the `ActionForm`'s `node_ref`. (Without JavaScript the page
/// reloads after each post, which empties the form anyway.)
pub fn cleared_after(succeeded: impl Fn() -> bool + 'static) -> NodeRef<leptos::html::Form> {
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move || {
        if succeeded()
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
    });
    form
}

/// The alert above a form when its submission failed.
#[component]
pub fn ErrorSummary(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            view! {
                <div class="usa-alert usa-alert--error usa-alert--slim margin-bottom-3" role="alert">
                    <div class="usa-alert__body">
                        <p class="usa-alert__text">{error.to_string()}</p>
                    </div>
                </div>
            }
        })
    }
}

/// A labelled text input. `name` is its id, the field its errors are filed
/// under and, unless `input_name` says otherwise, the server function
/// argument it fills.
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(optional)] input_name: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = true)] required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(name).map(str::to_owned))
    };
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="usa-form-group" class:usa-form-group--error=move || message().is_some()>
            <label class="usa-label" for=name>
                {label}
            </label>
            {hint.map(|hint| view! { <div class="usa-hint" id=hint_id.clone()>{hint}</div> })}
            {move || {
                message()
                    .map(|m| view! { <span class="usa-error-message" id=error_id.clone()>{m}</span> })
            }}
            <input
                class="usa-input"
                class:usa-input--error=move || message().is_some()
                id=name
                name=input_name.unwrap_or(name)
                type=input_type
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
        </div>
    }
}

/// The error message and `aria-describedby` of one field, shared by the
/// field components.
fn field_error(
    name: &'static str,
    has_hint: bool,
    error: Signal<Option<AppError>>,
) -> (
    impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
    impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
) {
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(name).map(str::to_owned))
    };
    let described_by = move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if message().is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    (message, described_by)
}

/// A labelled multi-line text field, with the same error wiring as
/// [`TextField`].
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(optional)] input_name: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: String,
    #[prop(default = 5)] rows: u32,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let (message, described_by) = field_error(name, hint.is_some(), error);
    let invalid = message.clone();
    let shown = message.clone();
    view! {
        <div class="usa-form-group" class:usa-form-group--error=move || invalid().is_some()>
            <label class="usa-label" for=name>
                {label}
            </label>
            {hint.map(|hint| view! { <div class="usa-hint" id=format!("{name}-hint")>{hint}</div> })}
            {move || {
                shown()
                    .map(|m| view! { <span class="usa-error-message" id=format!("{name}-error")>{m}</span> })
            }}
            <textarea
                class="usa-textarea"
                id=name
                name=input_name.unwrap_or(name)
                rows=rows
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            >
                {value}
            </textarea>
        </div>
    }
}

/// A labelled drop-down list of (value, label) options.
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(optional)] input_name: Option<&'static str>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let (message, described_by) = field_error(name, false, error);
    let invalid = message.clone();
    let shown = message.clone();
    view! {
        <div class="usa-form-group" class:usa-form-group--error=move || invalid().is_some()>
            <label class="usa-label" for=name>
                {label}
            </label>
            {move || {
                shown()
                    .map(|m| view! { <span class="usa-error-message" id=format!("{name}-error")>{m}</span> })
            }}
            <select
                class="usa-select"
                id=name
                name=input_name.unwrap_or(name)
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
