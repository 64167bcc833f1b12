//! `/admin/jobs`: staff's list of openings, and `/admin/jobs/new` and
//! `/admin/jobs/{id}`: writing, publishing and managing one.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use crate::api::assessments::{AssessmentEditor, SaveAssessment, get_assessment};
use crate::api::openings::{
    AddQuestion, AssignManager, ChangeOpeningStatus, CloneOpening, CreateOpening, OpeningEditor,
    RemoveQuestion, UnassignManager, UpdateOpening, get_opening, list_openings,
};
use crate::components::form::{ErrorSummary, SelectField, TextArea, TextField, cleared_after};
use crate::components::pager::Pager;
use crate::components::{id_param, refused};
use crate::domain::opening::{
    HiringMethod, LifecycleAction, OpeningForm, OpeningStatus, QuestionKind, WORK_ROLES,
    WorkplaceType,
};
use crate::error::AppError;

fn status_tag(status: OpeningStatus) -> impl IntoView {
    let class = match status {
        OpeningStatus::Draft => "usa-tag bg-base",
        OpeningStatus::Published => "usa-tag bg-green",
        OpeningStatus::Closed => "usa-tag bg-base-darker",
        OpeningStatus::Cancelled => "usa-tag bg-secondary-dark",
    };
    view! { <span class=class>{status.label()}</span> }
}

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let list = Resource::new(move || (status(), page()), |(s, p)| list_openings(s, p));
    view! {
        <Title text="Openings" />
        <h1>"Openings"</h1>
        <p>
            <a class="usa-button" href="/admin/jobs/new">
                "New opening"
            </a>
        </p>
        <Form method="GET" action="/admin/jobs" attr:class="usa-form margin-bottom-3">
            <label class="usa-label" for="status">
                "Show"
            </label>
            <div class="display-flex flex-align-end">
                <select class="usa-select" id="status" name="status">
                    <option value="" selected=move || status().is_empty()>
                        "Every status"
                    </option>
                    {OpeningStatus::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=move || status() == s.as_str()>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button class="usa-button usa-button--outline margin-left-1" type="submit">
                    "Show"
                </button>
            </div>
        </Form>
        <Suspense fallback=|| view! { <p>"Loading openings…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refused(error, "/admin/jobs"),
                    Ok(list) => {
                        let status = status();
                        view! {
                            <p>{format!("{} opening{}.", list.total, if list.total == 1 { "" } else { "s" })}</p>
                            <table class="usa-table usa-table--borderless usa-table--stacked width-full">
                                <caption class="usa-sr-only">"Openings"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Title"</th>
                                        <th scope="col">"Grade"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col">"Opens"</th>
                                        <th scope="col">"Closes"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .rows
                                        .into_iter()
                                        .map(|row| {
                                            view! {
                                                <tr>
                                                    <th scope="row" data-label="Title">
                                                        <a href=format!("/admin/jobs/{}", row.id)>{row.title}</a>
                                                    </th>
                                                    <td data-label="Grade">{row.grade}</td>
                                                    <td data-label="Status">{status_tag(row.status)}</td>
                                                    <td data-label="Opens">{row.opens_on}</td>
                                                    <td data-label="Closes">{row.closes_on}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            <Pager
                                label="Pages of openings"
                                page=list.page
                                pages=list.pages
                                href=move |n| format!("/admin/jobs?status={status}&page={n}")
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The fields of an opening, named for the `opening` argument of the
/// create and update server functions.
#[component]
fn OpeningFields(
    form: OpeningForm,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let grades: Vec<(String, String)> = (1..=15)
        .map(|g| (g.to_string(), format!("GS-{g}")))
        .collect();
    let roles_error = move || {
        error
            .get()
            .and_then(|e| e.field_message("work_roles").map(str::to_owned))
    };
    let roles_invalid = move || roles_error().is_some();
    let chosen = form.work_roles.clone();
    view! {
        <TextField label="Title" name="title" input_name="opening[title]" value=form.title error />
        <TextField
            label="Job series"
            name="series"
            input_name="opening[series]"
            hint="Four digits, for example 2210 (Information Technology Management)."
            value=form.series
            required=false
            error
        />
        <SelectField
            label="Lowest grade"
            name="grade_low"
            input_name="opening[grade_low]"
            options=grades.clone()
            selected=form.grade_low
            error
        />
        <SelectField
            label="Highest grade"
            name="grade_high"
            input_name="opening[grade_high]"
            options=grades
            selected=form.grade_high
            error
        />
        <fieldset
            class="usa-fieldset margin-top-3"
            class:usa-form-group--error=roles_invalid
            aria-describedby=move || roles_invalid().then_some("work_roles-error")
        >
            <legend class="usa-legend">"NICE work roles"</legend>
            {move || {
                roles_error()
                    .map(|m| view! { <span class="usa-error-message" id="work_roles-error">{m}</span> })
            }}
            {WORK_ROLES
                .iter()
                .map(|role| {
                    let id = format!("role-{}", role.id);
                    let checked = chosen.iter().any(|c| c == role.id);
                    view! {
                        <div class="usa-checkbox">
                            <input
                                class="usa-checkbox__input"
                                id=id.clone()
                                type="checkbox"
                                name="opening[work_roles][]"
                                value=role.id
                                checked=checked
                            />
                            <label class="usa-checkbox__label" for=id>
                                {format!("{} ({})", role.name, role.id)}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <TextArea
            label="Duty locations"
            name="locations"
            input_name="opening[locations]"
            hint="One a line, for example “Washington, DC”."
            value=form.locations
            rows=3
            error
        />
        <SelectField
            label="Remote or telework"
            name="workplace"
            input_name="opening[workplace]"
            options=WorkplaceType::ALL.iter().map(|w| (w.as_str().to_owned(), w.label().to_owned())).collect()
            selected=form.workplace
            error
        />
        <TextField
            label="Lowest salary (dollars a year)"
            name="salary_min"
            input_name="opening[salary_min]"
            value=form.salary_min
            required=false
            error
        />
        <TextField
            label="Highest salary (dollars a year)"
            name="salary_max"
            input_name="opening[salary_max]"
            value=form.salary_max
            required=false
            error
        />
        <TextField
            label="Appointment type and term"
            name="appointment"
            input_name="opening[appointment]"
            hint="For example “Term, 2 years”."
            value=form.appointment
            required=false
            error
        />
        <TextField
            label="Who may apply"
            name="who_may_apply"
            input_name="opening[who_may_apply]"
            hint="For example “U.S. citizens”."
            value=form.who_may_apply
            required=false
            error
        />
        <TextField
            label="Number of vacancies"
            name="vacancies"
            input_name="opening[vacancies]"
            input_type="number"
            value=form.vacancies
            required=false
            error
        />
        <SelectField
            label="Hiring authority and ranking"
            name="hiring_method"
            input_name="opening[hiring_method]"
            options=HiringMethod::ALL.iter().map(|m| (m.as_str().to_owned(), m.label().to_owned())).collect()
            selected=form.hiring_method
            error
        />
        <TextArea label="Summary" name="summary" input_name="opening[summary]" value=form.summary rows=3 error />
        <TextArea label="Duties" name="duties" input_name="opening[duties]" value=form.duties rows=6 error />
        <TextArea
            label="Qualifications"
            name="qualifications"
            input_name="opening[qualifications]"
            value=form.qualifications
            rows=6
            error
        />
        <TextArea
            label="How you will be evaluated"
            name="evaluation"
            input_name="opening[evaluation]"
            hint="Markdown: **bold**, lists, links. HTML is shown as text."
            value=form.evaluation
            rows=6
            error
        />
        <TextField
            label="Opens on"
            name="opens_on"
            input_name="opening[opens_on]"
            input_type="date"
            hint="The day applications open, Eastern Time (YYYY-MM-DD)."
            value=form.opens_on
            required=false
            error
        />
        <TextField
            label="Closes on"
            name="closes_on"
            input_name="opening[closes_on]"
            input_type="date"
            hint="The last day to apply, until 11:59 pm Eastern Time (YYYY-MM-DD)."
            value=form.closes_on
            required=false
            error
        />
    }
}

/// `/admin/jobs/new`: a blank draft.
#[component]
pub fn NewOpeningPage() -> impl IntoView {
    let create = ServerAction::<CreateOpening>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    // Staff only: asked first so others are refused before seeing a form.
    let access = Resource::new(|| (), |_| list_openings(String::new(), 1));
    let blank = OpeningForm {
        grade_low: "12".into(),
        grade_high: "13".into(),
        workplace: WorkplaceType::Telework.as_str().into(),
        hiring_method: HiringMethod::CategoryRating.as_str().into(),
        appointment: "Term, 2 years".into(),
        who_may_apply: "U.S. citizens".into(),
        vacancies: "1".into(),
        ..OpeningForm::default()
    };
    view! {
        <Title text="New opening" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let blank = blank.clone();
                Suspend::new(async move {
                    match access.await {
                        Err(error) => refused(error, "/admin/jobs/new"),
                        Ok(_) => {
                            view! {
                                <h1>"New opening"</h1>
                                <p>"Save a draft at any time; publishing checks that nothing is missing."</p>
                                <ErrorSummary error />
                                <ActionForm attr:novalidate=true action=create attr:class="usa-form usa-form--large">
                                    <OpeningFields form=blank error />
                                    <button class="usa-button margin-top-3" type="submit">
                                        "Save draft"
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// `/admin/jobs/{id}`: edit, publish, close, cancel, clone, assign managers.
#[component]
pub fn EditOpeningPage() -> impl IntoView {
    let query = use_query_map();
    let id = id_param();
    let update = ServerAction::<UpdateOpening>::new();
    let change_status = ServerAction::<ChangeOpeningStatus>::new();
    let clone = ServerAction::<CloneOpening>::new();
    let assign = ServerAction::<AssignManager>::new();
    let unassign = ServerAction::<UnassignManager>::new();
    let add_question = ServerAction::<AddQuestion>::new();
    let remove_question = ServerAction::<RemoveQuestion>::new();
    let save_assessment = ServerAction::<SaveAssessment>::new();
    let assessment = Resource::new(
        move || (id(), save_assessment.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_assessment(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let editor = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                change_status.version().get(),
                assign.version().get(),
                unassign.version().get(),
                add_question.version().get(),
                remove_question.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => get_opening(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let error = Signal::derive(move || {
        update
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| change_status.value().get().and_then(Result::err))
            .or_else(|| clone.value().get().and_then(Result::err))
            .or_else(|| assign.value().get().and_then(Result::err))
            .or_else(|| unassign.value().get().and_then(Result::err))
            .or_else(|| remove_question.value().get().and_then(Result::err))
    });
    // The question form's own errors stay beside it.
    let question_error = Signal::derive(move || add_question.value().get().and_then(Result::err));
    let notice = move || {
        let q = query.read();
        if q.get("cloned").is_some() {
            Some("This is a new draft copied from another opening.")
        } else if q.get("saved").is_some() {
            Some("Your changes were saved.")
        } else {
            None
        }
    };
    view! {
        <Suspense fallback=|| view! { <p>"Loading the opening…"</p> }>
            {move || Suspend::new(async move {
                let next = format!("/admin/jobs/{}", id().unwrap_or_default());
                match editor.await {
                    Err(error) => {
                        view! {
                            <Title text="Opening" />
                            {refused(error, &next)}
                        }
                            .into_any()
                    }
                    Ok(editor) => {
                        view! {
                            <EditOpening
                                editor
                                error
                                notice=notice()
                                update
                                change_status
                                clone
                                assign
                                unassign
                                add_question
                                remove_question
                                question_error
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <AssessmentSection id=Signal::derive(id) save=save_assessment settings=assessment />
    }
}

/// The opening's assessment: which library challenges, in what order, how
/// long, and the pass mark and category bands.
#[component]
fn AssessmentSection(
    id: Signal<Option<i64>>,
    save: ServerAction<SaveAssessment>,
    settings: Resource<Result<AssessmentEditor, AppError>>,
) -> impl IntoView {
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(editor) = settings.await else {
                    return ().into_any();
                };
                // Tracked, so the notice appears whichever comes first: the
                // refetched assessment or the redirect's `?assessment`.
                let saved = move || query.read().get("assessment").is_some();
                let opening_id = id.get_untracked().unwrap_or_default();
                let chosen = editor.form.challenges.clone();
                let challenges_error = move || {
                    error.get().and_then(|e| e.field_message("challenges").map(str::to_owned))
                };
                view! {
                    <h2 id="assessment">"Assessment"</h2>
                    {move || saved().then(|| view! {
                        <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                            <div class="usa-alert__body"><p class="usa-alert__text">"The assessment was saved."</p></div>
                        </div>
                    })}
                    {if editor.locked {
                        view! { <p>"Candidates have started this assessment, so it can no longer change."</p> }.into_any()
                    } else if editor.library.is_empty() {
                        view! { <p>"The challenge library is empty. " <a href="/admin/challenges/new">"Write a challenge"</a> " first."</p> }.into_any()
                    } else {
                        view! {
                            <ErrorSummary error />
                            <ActionForm attr:novalidate=true action=save attr:class="usa-form usa-form--large">
                                <input type="hidden" name="opening_id" value=opening_id />
                                <fieldset class="usa-fieldset usa-form-group" class:usa-form-group--error=move || challenges_error().is_some()>
                                    <legend class="usa-legend">"Challenges, in the order candidates see them"</legend>
                                    {move || challenges_error().map(|m| view! { <span class="usa-error-message">{m}</span> })}
                                    {editor.library.iter().map(|c| {
                                        let input_id = format!("assessment-challenge-{}", c.id);
                                        let checked = chosen.contains(&c.id.to_string());
                                        view! {
                                            <div class="usa-checkbox">
                                                <input class="usa-checkbox__input" id=input_id.clone() type="checkbox" name="assessment[challenges][]" value=c.id checked=checked />
                                                <label class="usa-checkbox__label" for=input_id>
                                                    {format!("{} ({}, {} points)", c.title, c.category, c.points)}
                                                </label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <TextField label="Time limit (minutes)" name="time_limit_minutes" input_name="assessment[time_limit_minutes]" input_type="number" value=editor.form.time_limit_minutes.clone() error />
                                <TextField label="Pass mark (% of points)" name="pass_mark" input_name="assessment[pass_mark]" input_type="number" value=editor.form.pass_mark.clone() error />
                                <TextField label="Well Qualified from (%)" name="well_from" input_name="assessment[well_from]" input_type="number" value=editor.form.well_from.clone() error />
                                <TextField label="Best Qualified from (%)" name="best_from" input_name="assessment[best_from]" input_type="number" value=editor.form.best_from.clone() error />
                                <button class="usa-button margin-top-3" type="submit">
                                    {if editor.exists { "Save the assessment" } else { "Attach the assessment" }}
                                </button>
                            </ActionForm>
                        }.into_any()
                    }}
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn EditOpening(
    editor: OpeningEditor,
    error: Signal<Option<AppError>>,
    notice: Option<&'static str>,
    update: ServerAction<UpdateOpening>,
    change_status: ServerAction<ChangeOpeningStatus>,
    clone: ServerAction<CloneOpening>,
    assign: ServerAction<AssignManager>,
    unassign: ServerAction<UnassignManager>,
    add_question: ServerAction<AddQuestion>,
    remove_question: ServerAction<RemoveQuestion>,
    question_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let OpeningEditor {
        id,
        status,
        version,
        form,
        actions,
        managers,
        available_managers,
        agencies,
        history,
        questions,
        questions_editable,
    } = editor;
    let title = form.title.clone();
    let editable = status.is_editable();
    view! {
        <Title text=format!("Edit: {title}") />
        <h1>{title.clone()}</h1>
        <p>
            "Status: " {status_tag(status)}
            {(status == OpeningStatus::Published)
                .then(|| view! { " " <A href=format!("/jobs/{id}")>"See it on the job board"</A> })}
        </p>
        {notice
            .map(|text| {
                view! {
                    <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                        <div class="usa-alert__body">
                            <p class="usa-alert__text">{text}</p>
                        </div>
                    </div>
                }
            })}
        <ErrorSummary error />
        <div class="display-flex flex-wrap margin-bottom-3">
            {actions
                .into_iter()
                .map(|action| {
                    let class = match action {
                        LifecycleAction::Publish => "usa-button",
                        LifecycleAction::Close => "usa-button usa-button--outline",
                        LifecycleAction::Cancel => "usa-button usa-button--secondary",
                    };
                    view! {
                        <ActionForm attr:novalidate=true action=change_status attr:class="margin-right-1">
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="action" value=action.as_str() />
                            <button class=class type="submit">
                                {action.label()}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
            <ActionForm attr:novalidate=true action=clone>
                <input type="hidden" name="id" value=id.to_string() />
                <button class="usa-button usa-button--outline" type="submit">
                    "Clone as a new draft"
                </button>
            </ActionForm>
        </div>
        {if editable {
            view! {
                <h2>"Details"</h2>
                <ActionForm attr:novalidate=true action=update attr:class="usa-form usa-form--large">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <OpeningFields form=form.clone() error />
                    <button class="usa-button margin-top-3" type="submit">
                        "Save changes"
                    </button>
                </ActionForm>
            }
                .into_any()
        } else {
            view! {
                <p>"Closed and cancelled openings can’t be edited. Clone this one to start a new opening from it."</p>
            }
                .into_any()
        }}
        <h2 id="questions">"Eligibility and screening questions"</h2>
        {if questions.is_empty() {
            view! { <p>"No questions yet."</p> }.into_any()
        } else {
            view! {
                <ol class="usa-list">
                    {questions
                        .into_iter()
                        .map(|q| {
                            let choices = q.choices.join(" / ");
                            view! {
                                <li class="margin-bottom-1">
                                    <span class="text-bold">{q.prompt.clone()}</span>
                                    {format!(" — {}", q.kind)}
                                    {(!choices.is_empty()).then(|| format!(": {choices}"))}
                                    {q.knockout.map(|k| format!(". Screens out: “{k}”"))}
                                    {questions_editable
                                        .then(|| {
                                            view! {
                                                <ActionForm attr:novalidate=true action=remove_question attr:class="display-inline margin-left-1">
                                                    <input type="hidden" name="id" value=id.to_string() />
                                                    <input type="hidden" name="question_id" value=q.id.to_string() />
                                                    <button class="usa-button usa-button--unstyled" type="submit">
                                                        "Remove"
                                                        <span class="usa-sr-only">{format!(" the question “{}”", q.prompt)}</span>
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }}
        {if questions_editable {
            view! {
                <h3>"Add a question"</h3>
                <ErrorSummary error=question_error />
                <ActionForm
                    attr:novalidate=true
                    action=add_question
                    node_ref=cleared_after(move || matches!(add_question.value().get(), Some(Ok(_))))
                    attr:class="usa-form usa-form--large"
                >
                    <input type="hidden" name="id" value=id.to_string() />
                    <SelectField
                        label="Kind of question"
                        name="kind"
                        input_name="question[kind]"
                        options=QuestionKind::ALL
                            .iter()
                            .map(|k| (k.as_str().to_owned(), k.label().to_owned()))
                            .collect()
                        error=question_error
                    />
                    <TextField label="Question" name="prompt" input_name="question[prompt]" error=question_error />
                    <TextArea
                        label="Answers (multiple choice only)"
                        name="choices"
                        input_name="question[choices]"
                        hint="One a line. Yes-or-no questions offer Yes and No."
                        rows=4
                        error=question_error
                    />
                    <TextField
                        label="Answer that screens an applicant out (optional)"
                        name="knockout"
                        input_name="question[knockout]"
                        hint="Leave empty unless this answer makes an applicant ineligible. Never for essays."
                        required=false
                        error=question_error
                    />
                    <button class="usa-button usa-button--outline" type="submit">
                        "Add question"
                    </button>
                </ActionForm>
            }
                .into_any()
        } else {
            view! { <p>"Questions are fixed once an opening is published."</p> }.into_any()
        }}
        <h2>"Hiring managers"</h2>
        <p>
            "On a pooled opening each manager selects for an agency; agencies are kept on the "
            <a href="/admin/agencies">"agencies page"</a> "."
        </p>
        {if managers.is_empty() {
            view! { <p>"No hiring manager is assigned yet."</p> }.into_any()
        } else {
            view! {
                <ul class="usa-list usa-list--unstyled">
                    {managers
                        .into_iter()
                        .map(|m| {
                            view! {
                                <li class="display-flex flex-align-center margin-bottom-1">
                                    <span class="margin-right-2">
                                        {format!("{} ({})", m.name, m.email)}
                                        {m.agency.map(|a| format!(", for {a}"))}
                                    </span>
                                    <ActionForm attr:novalidate=true action=unassign>
                                        <input type="hidden" name="id" value=id.to_string() />
                                        <input type="hidden" name="user_id" value=m.user_id.to_string() />
                                        <button class="usa-button usa-button--unstyled" type="submit">
                                            "Remove"
                                            <span class="usa-sr-only">{format!(" {}", m.email)}</span>
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {(!available_managers.is_empty())
            .then(|| {
                view! {
                    <ActionForm attr:novalidate=true action=assign attr:class="usa-form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <SelectField
                            label="Assign a hiring manager"
                            name="user_id"
                            options=available_managers
                                .iter()
                                .map(|m| (m.user_id.to_string(), format!("{} ({})", m.name, m.email)))
                                .collect()
                            error
                        />
                        {(!agencies.is_empty())
                            .then(|| {
                                let options = std::iter::once((
                                    String::new(),
                                    "No agency (the opening is not pooled)".to_owned(),
                                ))
                                    .chain(
                                        agencies
                                            .iter()
                                            .map(|a| (a.id.to_string(), format!("{} ({})", a.name, a.code))),
                                    )
                                    .collect();
                                view! {
                                    <SelectField
                                        label="For the agency (pooled openings)"
                                        name="agency"
                                        options
                                        error
                                    />
                                }
                            })}
                        <button class="usa-button usa-button--outline" type="submit">
                            "Assign"
                        </button>
                    </ActionForm>
                }
            })}
        <h2>"History"</h2>
        <ol class="usa-list">
            {history
                .into_iter()
                .map(|entry| {
                    let changes = entry
                        .changes
                        .iter()
                        .map(|(field, _, after)| {
                            let after: String = after.chars().take(80).collect();
                            format!("{field} → “{after}”")
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    view! {
                        <li>
                            {format!("{} — {} by {}", entry.at, entry.action, entry.actor)}
                            {(!changes.is_empty()).then(|| format!(": {changes}"))}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <p>
            <a href="/admin/jobs">"Back to all openings"</a>
        </p>
    }
}
