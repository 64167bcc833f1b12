//! `/jobs/{id}/apply`: the step-by-step application. Each step saves the
//! draft, so a candidate can stop and come back; every step is a plain
//! form, so it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::applications::{
    ApplyPage, SaveAnswers, SaveCoverLetter, SaveDeclarations, SubmitApplication, UseProfileResume,
    apply_state,
};
use crate::components::form::{ErrorSummary, TextArea};
use crate::components::id_param;
use crate::components::resume::{PreferenceField, ResumeLink, ResumeUpload, upload_problem};
use crate::domain::application::ApplicationStatus;
use crate::domain::opening::QuestionKind;
use crate::error::AppError;

/// The steps, in order: (query value, name).
const STEPS: [(&str, &str); 4] = [
    ("questions", "Questions"),
    ("resume", "Résumé"),
    ("declarations", "Veterans’ preference and attestation"),
    ("review", "Review and submit"),
];

/// The USWDS step indicator.
#[component]
fn StepIndicator(current: usize) -> impl IntoView {
    view! {
        <div class="usa-step-indicator margin-bottom-4" aria-label="Application progress">
            <ol class="usa-step-indicator__segments">
                {STEPS
                    .iter()
                    .enumerate()
                    .map(|(i, (_, name))| {
                        let class = if i < current {
                            "usa-step-indicator__segment usa-step-indicator__segment--complete"
                        } else if i == current {
                            "usa-step-indicator__segment usa-step-indicator__segment--current"
                        } else {
                            "usa-step-indicator__segment"
                        };
                        let state = if i < current {
                            "completed"
                        } else if i == current {
                            ""
                        } else {
                            "not completed"
                        };
                        view! {
                            <li class=class aria-current=(i == current).then_some("step")>
                                <span class="usa-step-indicator__segment-label">
                                    {*name}
                                    {(!state.is_empty()).then(|| view! { <span class="usa-sr-only">{state}</span> })}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <div class="usa-step-indicator__header">
                <h2 class="usa-step-indicator__heading">
                    <span class="usa-step-indicator__heading-counter">
                        <span class="usa-sr-only">"Step "</span>
                        <span class="usa-step-indicator__current-step">{current + 1}</span>
                        <span class="usa-step-indicator__total-steps">{format!(" of {}", STEPS.len())}</span>
                    </span>
                    <span class="usa-step-indicator__heading-text">{STEPS[current].1}</span>
                </h2>
            </div>
        </div>
    }
}

/// The error message of one field, following the error signal.
fn field_message(
    error: Signal<Option<AppError>>,
    field: String,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        error
            .get()
            .and_then(|e| e.field_message(&field).map(str::to_owned))
    }
}

#[component]
pub fn ApplyFlowPage() -> impl IntoView {
    let query = use_query_map();
    let id = id_param();
    let step = move || {
        let step = query.read().get("step").unwrap_or_default();
        STEPS.iter().position(|(s, _)| *s == step).unwrap_or(0)
    };
    let save_answers = ServerAction::<SaveAnswers>::new();
    let save_declarations = ServerAction::<SaveDeclarations>::new();
    let save_cover_letter = ServerAction::<SaveCoverLetter>::new();
    let submit = ServerAction::<SubmitApplication>::new();
    let use_profile = ServerAction::<UseProfileResume>::new();
    let page = Resource::new(
        move || {
            (
                id(),
                save_answers.version().get(),
                save_declarations.version().get(),
                save_cover_letter.version().get(),
                use_profile.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => apply_state(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let error = Signal::derive(move || {
        save_answers
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| save_declarations.value().get().and_then(Result::err))
            .or_else(|| save_cover_letter.value().get().and_then(Result::err))
            .or_else(|| submit.value().get().and_then(Result::err))
            .or_else(|| use_profile.value().get().and_then(Result::err))
    });

    view! {
        <Title text="Apply" />
        <Suspense fallback=|| view! { <p>"Loading your application…"</p> }>
            {move || Suspend::new(async move {
                let next = format!("/jobs/{}/apply", id().unwrap_or_default());
                match page.await {
                    Err(AppError::Unauthenticated) => {
                        view! { <Redirect path=crate::components::login_url(&next) /> }.into_any()
                    }
                    Err(AppError::Forbidden) => {
                        crate::components::set_page_status(403);
                        view! {
                            <h1>"Apply"</h1>
                            <div class="usa-alert usa-alert--warning" role="alert">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">
                                        "Only candidate accounts apply. Sign in with your personal candidate account to apply."
                                    </p>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Err(AppError::NotFound) => {
                        view! { <crate::pages::not_found::NotFoundPage /> }.into_any()
                    }
                    Err(other) => {
                        crate::components::set_page_status(other.status());
                        view! {
                            <div class="usa-alert usa-alert--error" role="alert">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">{other.to_string()}</p>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(page) => {
                        view! {
                            <ApplyFlow
                                page
                                step=step()
                                error
                                save_answers
                                save_cover_letter
                                save_declarations
                                submit
                                use_profile
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ApplyFlow(
    page: ApplyPage,
    step: usize,
    error: Signal<Option<AppError>>,
    save_answers: ServerAction<SaveAnswers>,
    save_cover_letter: ServerAction<SaveCoverLetter>,
    save_declarations: ServerAction<SaveDeclarations>,
    submit: ServerAction<SubmitApplication>,
    use_profile: ServerAction<UseProfileResume>,
) -> impl IntoView {
    let heading = format!("Apply: {}", page.title);
    if let (Some(status), Some(public_id)) = (page.status, page.public_id.clone())
        && status != ApplicationStatus::Draft
    {
        return view! {
            <h1>{heading}</h1>
            <p>
                "You have already applied for this opening. "
                <a href=format!("/applications/{public_id}")>"See your application"</a>
                "."
            </p>
        }
        .into_any();
    }
    if !page.open {
        crate::components::set_page_status(409);
        return view! {
            <h1>{heading}</h1>
            <div class="usa-alert usa-alert--warning" role="alert">
                <div class="usa-alert__body">
                    <p class="usa-alert__text">"This opening has closed: applications are no longer accepted."</p>
                </div>
            </div>
        }
        .into_any();
    }
    let opening_id = page.opening_id.to_string();
    let body = match step {
        0 => {
            let questions = page.questions.clone();
            view! {
                <ActionForm attr:novalidate=true action=save_answers attr:class="usa-form usa-form--large">
                    <input type="hidden" name="opening_id" value=opening_id.clone() />
                    {if questions.is_empty() {
                        view! { <p>"This opening asks no questions. Continue to the next step."</p> }.into_any()
                    } else {
                        questions
                            .into_iter()
                            .map(|q| {
                                let field = format!("q{}", q.id);
                                let name = format!("answers[{field}]");
                                let message = field_message(error, field.clone());
                                let error_id = format!("{field}-error");
                                match q.kind {
                                    QuestionKind::Essay => {
                                        view! {
                                            <div class="usa-form-group" class:usa-form-group--error={
                                                let message = message.clone();
                                                move || message().is_some()
                                            }>
                                                <label class="usa-label" for=field.clone()>
                                                    {q.prompt.clone()}
                                                    <span class="usa-hint">" (optional, never scored)"</span>
                                                </label>
                                                {
                                                    let message = message.clone();
                                                    let error_id = error_id.clone();
                                                    move || message().map(|m| view! { <span class="usa-error-message" id=error_id.clone()>{m}</span> })
                                                }
                                                <textarea
                                                    class="usa-textarea"
                                                    id=field.clone()
                                                    name=name
                                                    rows="6"
                                                    maxlength="4000"
                                                    aria-describedby={
                                                        let message = message.clone();
                                                        let error_id = error_id.clone();
                                                        move || message().is_some().then(|| error_id.clone())
                                                    }
                                                >
                                                    {q.answer.clone()}
                                                </textarea>
                                            </div>
                                        }
                                            .into_any()
                                    }
                                    _ => {
                                        view! {
                                            <fieldset
                                                class="usa-fieldset usa-form-group"
                                                class:usa-form-group--error={
                                                    let message = message.clone();
                                                    move || message().is_some()
                                                }
                                                aria-describedby={
                                                        let message = message.clone();
                                                        let error_id = error_id.clone();
                                                        move || message().is_some().then(|| error_id.clone())
                                                    }
                                            >
                                                <legend class="usa-legend">{q.prompt.clone()}</legend>
                                                {
                                                    let message = message.clone();
                                                    let error_id = error_id.clone();
                                                    move || message().map(|m| view! { <span class="usa-error-message" id=error_id.clone()>{m}</span> })
                                                }
                                                {q
                                                    .choices
                                                    .iter()
                                                    .enumerate()
                                                    .map(|(i, choice)| {
                                                        let input_id = format!("{field}-{i}");
                                                        view! {
                                                            <div class="usa-radio">
                                                                <input
                                                                    class="usa-radio__input"
                                                                    id=input_id.clone()
                                                                    type="radio"
                                                                    name=name.clone()
                                                                    value=choice.clone()
                                                                    checked=*choice == q.answer
                                                                />
                                                                <label class="usa-radio__label" for=input_id>
                                                                    {choice.clone()}
                                                                </label>
                                                            </div>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </fieldset>
                                        }
                                            .into_any()
                                    }
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                    <button class="usa-button margin-top-3" type="submit">
                        "Save and continue"
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        1 => {
            let query = use_query_map();
            let uploaded = query.read_untracked().get("uploaded").is_some();
            let problem = query
                .read_untracked()
                .get("error")
                .map(|code| upload_problem(&code, page.resume_max_mb, page.resume_max_pages));
            let has_resume = page.resume.is_some();
            view! {
                {uploaded
                    .then(|| {
                        view! {
                            <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">"Your résumé is attached."</p>
                                </div>
                            </div>
                        }
                    })}
                {page.resume.clone().map(|resume| view! { <ResumeLink resume lead="Your résumé for this application:" /> })}
                {page
                    .profile_resume
                    .clone()
                    .map(|resume| {
                        let opening_id = opening_id.clone();
                        view! {
                            <ActionForm attr:novalidate=true action=use_profile attr:class="margin-bottom-3">
                                <input type="hidden" name="opening_id" value=opening_id />
                                <ResumeLink resume lead="The résumé on your profile:" />
                                <button class="usa-button usa-button--outline" type="submit">
                                    "Use the résumé on your profile"
                                </button>
                            </ActionForm>
                        }
                    })}
                <ResumeUpload
                    action=format!("/jobs/{}/apply/resume", page.opening_id)
                    has_resume
                    max_mb=page.resume_max_mb
                    max_pages=page.resume_max_pages
                    problem
                />
                <ActionForm attr:novalidate=true action=save_cover_letter attr:class="usa-form usa-form--large margin-top-4">
                    <input type="hidden" name="opening_id" value=opening_id.clone() />
                    <TextArea
                        label="Cover letter (optional)"
                        name="cover_letter"
                        hint="At most 4,000 characters. Hiring managers read it with your résumé."
                        value=page.cover_letter.clone()
                        rows=8
                        error
                    />
                    <button class="usa-button margin-top-3" type="submit" disabled=!has_resume>
                        "Save and continue"
                    </button>
                    {(!has_resume)
                        .then(|| view! { <p class="usa-hint">"Upload your résumé first."</p> })}
                </ActionForm>
            }
            .into_any()
        }
        2 => {
            let attest_message = field_message(error, "attest".into());
            let preference_message = field_message(error, "veterans_preference".into());
            view! {
                <ActionForm attr:novalidate=true action=save_declarations attr:class="usa-form usa-form--large">
                    <input type="hidden" name="opening_id" value=opening_id.clone() />
                    <PreferenceField
                        selected=page.veterans_preference
                        message=Signal::derive({
                            let message = preference_message.clone();
                            move || message()
                        })
                    />
                    <div class="usa-form-group" class:usa-form-group--error={
                        let message = attest_message.clone();
                        move || message().is_some()
                    }>
                        {
                            let message = attest_message.clone();
                            move || message().map(|m| view! { <span class="usa-error-message" id="attest-error">{m}</span> })
                        }
                        <div class="usa-checkbox">
                            <input
                                class="usa-checkbox__input"
                                id="attest"
                                type="checkbox"
                                name="attest"
                                value="yes"
                                checked=page.attested
                                aria-describedby={
                                    let message = attest_message.clone();
                                    move || message().is_some().then_some("attest-error")
                                }
                            />
                            <label class="usa-checkbox__label" for="attest">
                                "I certify that I am a U.S. citizen and that everything in this application is true, complete and correct."
                            </label>
                        </div>
                    </div>
                    <button class="usa-button margin-top-3" type="submit">
                        "Save and continue"
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        _ => {
            let answered = page
                .questions
                .iter()
                .map(|q| {
                    let answer = if q.answer.is_empty() {
                        "(no answer)".to_owned()
                    } else {
                        q.answer.clone()
                    };
                    view! {
                        <dt class="text-bold">{q.prompt.clone()}</dt>
                        <dd class="margin-left-0 margin-bottom-2 pre-line">{answer}</dd>
                    }
                })
                .collect_view();
            view! {
                <dl>
                    <dt class="text-bold">"Legal name"</dt>
                    <dd class="margin-left-0 margin-bottom-2">
                        {if page.legal_name.is_empty() {
                            view! { "Not given: " <a href="/account#profile">"add it to your profile"</a> }.into_any()
                        } else {
                            page.legal_name.clone().into_any()
                        }}
                    </dd>
                    <dt class="text-bold">"U.S. citizenship"</dt>
                    <dd class="margin-left-0 margin-bottom-2">
                        {if page.citizen { "Stated on your profile" } else { "Stated in the attestation below" }}
                    </dd>
                    {answered}
                    <dt class="text-bold">"Résumé"</dt>
                    <dd class="margin-left-0 margin-bottom-2">
                        {match page.resume.clone() {
                            Some(resume) => format!("{} ({})", resume.filename, resume.description),
                            None => "Not attached yet: go back to step 2".to_owned(),
                        }}
                    </dd>
                    <dt class="text-bold">"Cover letter"</dt>
                    <dd class="margin-left-0 margin-bottom-2 pre-line">
                        {if page.cover_letter.is_empty() { "(none)".to_owned() } else { page.cover_letter.clone() }}
                    </dd>
                    <dt class="text-bold">"Veterans’ preference"</dt>
                    <dd class="margin-left-0 margin-bottom-2">{page.veterans_preference.label()}</dd>
                    <dt class="text-bold">"Attestation"</dt>
                    <dd class="margin-left-0 margin-bottom-2">
                        {if page.attested { "Given" } else { "Not given yet: go back to step 3" }}
                    </dd>
                </dl>
                <p>
                    <a href=format!("/jobs/{}/apply?step=questions", page.opening_id)>"Change your answers"</a>
                    " · "
                    <a href=format!("/jobs/{}/apply?step=resume", page.opening_id)>"Change your résumé"</a>
                    " · "
                    <a href=format!("/jobs/{}/apply?step=declarations", page.opening_id)>
                        "Change your veterans’ preference"
                    </a>
                </p>
                {(!page.verified)
                    .then(|| {
                        view! {
                            <div class="usa-alert usa-alert--warning usa-alert--slim margin-bottom-2">
                                <div class="usa-alert__body">
                                    <p class="usa-alert__text">
                                        "Confirm your email address with the link we sent you before you submit. Your draft is saved."
                                    </p>
                                </div>
                            </div>
                        }
                    })}
                <ActionForm attr:novalidate=true action=submit>
                    <input type="hidden" name="opening_id" value=opening_id.clone() />
                    <button class="usa-button usa-button--big" type="submit">
                        "Submit application"
                    </button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <h1>{heading}</h1>
        <p>{format!("{}. Your answers are saved as a draft at every step.", page.closing)}</p>
        <StepIndicator current=step />
        <ErrorSummary error />
        {body}
    }
    .into_any()
}
