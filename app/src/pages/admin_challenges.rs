//! `/admin/challenges`: the challenge library; `/admin/challenges/new` and
//! `/admin/challenges/{id}`: writing one and attaching its files;
//! `/admin/challenges/{id}/preview`: seeing it as a candidate would.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::challenges::{
    CreateChallenge, RemoveArtefact, UpdateChallenge, get_challenge, list_challenges,
    preview_challenge,
};
use crate::components::form::{ErrorSummary, SelectField, TextArea, TextField};
use crate::components::{id_param, refused};
use crate::domain::challenge::{Category, ChallengeForm, CheckKind, Difficulty, GENERATORS};
use crate::error::AppError;

#[component]
pub fn AdminChallengesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_challenges());
    view! {
        <Title text="Challenges" />
        <h1>"Challenges"</h1>
        <p>
            "Hands-on tasks and knowledge questions, scored by the portal. "
            <a class="usa-button margin-left-1" href="/admin/challenges/new">
                "New challenge"
            </a>
        </p>
        <Suspense fallback=|| view! { <p>"Loading challenges…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refused(error, "/admin/challenges"),
                    Ok(rows) if rows.is_empty() => {
                        view! { <p>"No challenges yet. Write the first one."</p> }.into_any()
                    }
                    Ok(rows) => {
                        view! {
                            <table class="usa-table usa-table--borderless usa-table--stacked width-full">
                                <caption class="usa-sr-only">"Challenges"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Title"</th>
                                        <th scope="col">"Category"</th>
                                        <th scope="col">"Difficulty"</th>
                                        <th scope="col">"Points"</th>
                                        <th scope="col">"Answer check"</th>
                                        <th scope="col">"Answers given"</th>
                                        <th scope="col">"Solved by"</th>
                                        <th scope="col">"Changed"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|row| {
                                            view! {
                                                <tr>
                                                    <th scope="row" data-label="Title">
                                                        <a href=format!("/admin/challenges/{}", row.id)>{row.title}</a>
                                                    </th>
                                                    <td data-label="Category">{row.category}</td>
                                                    <td data-label="Difficulty">{row.difficulty}</td>
                                                    <td data-label="Points">{row.points}</td>
                                                    <td data-label="Answer check">{row.check}</td>
                                                    <td data-label="Answers given">{row.attempts}</td>
                                                    <td data-label="Solved by">{row.solve_rate}</td>
                                                    <td data-label="Changed">{row.updated}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The fields of a challenge, named for the `challenge` argument of the
/// create and update server functions.
#[component]
fn ChallengeFields(
    form: ChallengeForm,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let options = |pairs: Vec<(&str, &str)>| -> Vec<(String, String)> {
        pairs
            .into_iter()
            .map(|(v, l)| (v.to_owned(), l.to_owned()))
            .collect()
    };
    let categories = options(
        Category::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
    );
    let difficulties = options(
        Difficulty::ALL
            .iter()
            .map(|d| (d.as_str(), d.label()))
            .collect(),
    );
    let checks = options(
        CheckKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
    );
    let mut generators = vec![(String::new(), "(not generated)".to_owned())];
    generators.extend(options(GENERATORS.to_vec()));
    view! {
        <TextField label="Title" name="title" input_name="challenge[title]" value=form.title error />
        <SelectField
            label="Category"
            name="category"
            input_name="challenge[category]"
            options=categories
            selected=form.category
            error
        />
        <SelectField
            label="Difficulty"
            name="difficulty"
            input_name="challenge[difficulty]"
            options=difficulties
            selected=form.difficulty
            error
        />
        <TextField
            label="Points"
            name="points"
            input_name="challenge[points]"
            input_type="number"
            hint="From 1 to 1,000."
            value=form.points
            error
        />
        <TextField
            label="Most attempts"
            name="max_attempts"
            input_name="challenge[max_attempts]"
            input_type="number"
            hint="Wrong answers a candidate may give before the challenge locks (1 to 100)."
            value=form.max_attempts
            error
        />
        <TextArea
            label="Task"
            name="description"
            input_name="challenge[description]"
            hint="What the candidate must find, in Markdown. Candidates see it exactly as the preview shows."
            value=form.description
            rows=10
            error
        />
        <SelectField
            label="How answers are checked"
            name="check"
            input_name="challenge[check]"
            options=checks
            selected=form.check
            error
        />
        <TextField
            label="Accepted answer or pattern"
            name="answer"
            input_name="challenge[answer]"
            hint="For an exact or case-insensitive check, the answer; for a regular expression, the pattern (it must match the whole answer). Leave empty for multiple choice and generated challenges."
            value=form.answer
            required=false
            error
        />
        <TextArea
            label="Choices (multiple choice)"
            name="choices"
            input_name="challenge[choices]"
            hint="One choice a line; start the correct one with *."
            value=form.choices
            rows=4
            error
        />
        <SelectField
            label="Generator (generated for each candidate)"
            name="generator"
            input_name="challenge[generator]"
            options=generators
            selected=form.generator
            error
        />
        <TextArea
            label="Hints (optional)"
            name="hints"
            input_name="challenge[hints]"
            hint="One a line, as “cost | text”, for example “10 | Count the failed logins per address.” At most 5."
            value=form.hints
            rows=3
            error
        />
    }
}

#[component]
pub fn NewChallengePage() -> impl IntoView {
    let create = ServerAction::<CreateChallenge>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    // Staff only: asked first so others are refused before seeing a form.
    let access = Resource::new(|| (), |_| list_challenges());
    let blank = ChallengeForm {
        category: Category::IncidentResponse.as_str().into(),
        difficulty: Difficulty::Intermediate.as_str().into(),
        points: "100".into(),
        max_attempts: "10".into(),
        check: CheckKind::CaseInsensitive.as_str().into(),
        ..ChallengeForm::default()
    };
    view! {
        <Title text="New challenge" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let blank = blank.clone();
                Suspend::new(async move {
                    match access.await {
                        Err(error) => refused(error, "/admin/challenges/new"),
                        Ok(_) => {
                            view! {
                                <h1>"New challenge"</h1>
                                <ErrorSummary error />
                                <ActionForm attr:novalidate=true action=create attr:class="usa-form usa-form--large">
                                    <ChallengeFields form=blank error />
                                    <button class="usa-button margin-top-3" type="submit">
                                        "Save challenge"
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

#[component]
pub fn EditChallengePage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let update = ServerAction::<UpdateChallenge>::new();
    let remove = ServerAction::<RemoveArtefact>::new();
    let editor = Resource::new(
        move || (id(), update.version().get(), remove.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => get_challenge(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let error = Signal::derive(move || {
        update
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    });
    let notice = move || {
        let q = query.read();
        if q.get("saved").is_some() {
            Some("The challenge was saved.".to_owned())
        } else if q.get("attached").is_some() {
            Some("The file was attached.".to_owned())
        } else if q.get("removed").is_some() {
            Some("The file was removed.".to_owned())
        } else {
            None
        }
    };
    view! {
        <Suspense fallback=|| view! { <p>"Loading the challenge…"</p> }>
            {move || Suspend::new(async move {
                let editor = match editor.await {
                    Ok(editor) => editor,
                    Err(error) => {
                        return refused(
                            error,
                            &format!("/admin/challenges/{}", id().unwrap_or_default()),
                        );
                    }
                };
                let upload_problem = query
                    .read_untracked()
                    .get("error")
                    .map(|code| match code.as_str() {
                        "missing" => "Choose a file to attach.".to_owned(),
                        "empty" => "That file is empty.".to_owned(),
                        "too-large" => {
                            format!("That file is too large: at most {} MB.", editor.artefact_max_mb)
                        }
                        _ => "The upload didn’t arrive whole. Try again.".to_owned(),
                    });
                let challenge_id = editor.id;
                view! {
                    <Title text=format!("Challenge: {}", editor.form.title) />
                    <h1>{editor.form.title.clone()}</h1>
                    {notice()
                        .map(|text| {
                            view! {
                                <div class="usa-alert usa-alert--success usa-alert--slim margin-bottom-3" role="status">
                                    <div class="usa-alert__body">
                                        <p class="usa-alert__text">{text}</p>
                                    </div>
                                </div>
                            }
                        })}
                    <p>
                        <a href=format!("/admin/challenges/{challenge_id}/preview")>
                            "Preview it as a candidate would see it"
                        </a>
                    </p>
                    <ErrorSummary error />
                    <ActionForm attr:novalidate=true action=update attr:class="usa-form usa-form--large">
                        <input type="hidden" name="id" value=challenge_id />
                        <input type="hidden" name="version" value=editor.version />
                        <ChallengeFields form=editor.form.clone() error />
                        <button class="usa-button margin-top-3" type="submit">
                            "Save changes"
                        </button>
                    </ActionForm>
                    <h2>"Files for candidates"</h2>
                    {if editor.artefacts.is_empty() {
                        view! { <p>"No files attached."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="usa-list">
                                {editor
                                    .artefacts
                                    .into_iter()
                                    .map(|artefact| {
                                        view! {
                                            <li>
                                                <a href=artefact.href download="">{artefact.filename.clone()}</a>
                                                {format!(" ({}) ", artefact.size)}
                                                <ActionForm attr:novalidate=true action=remove attr:class="display-inline">
                                                    <input type="hidden" name="id" value=challenge_id />
                                                    <input type="hidden" name="artefact_id" value=artefact.id />
                                                    <button class="usa-button usa-button--unstyled" type="submit">
                                                        {format!("Remove {}", artefact.filename)}
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
                    <form
                        class="usa-form usa-form--large"
                        method="post"
                        enctype="multipart/form-data"
                        action=format!("/admin/challenges/{challenge_id}/artefacts")
                        novalidate=true
                    >
                        <div class="usa-form-group" class:usa-form-group--error=upload_problem.is_some()>
                            <label class="usa-label" for="artefact">
                                "Attach a file"
                            </label>
                            <span class="usa-hint" id="artefact-hint">
                                {format!(
                                    "Any kind of file (a capture, an image, a binary) of at most {} MB. Every candidate gets the same file.",
                                    editor.artefact_max_mb,
                                )}
                            </span>
                            {upload_problem
                                .clone()
                                .map(|m| view! { <span class="usa-error-message" id="artefact-error" role="alert">{m}</span> })}
                            <input
                                class="usa-input"
                                id="artefact"
                                name="artefact"
                                type="file"
                                required=true
                                aria-describedby=if upload_problem.is_some() { "artefact-hint artefact-error" } else { "artefact-hint" }
                            />
                        </div>
                        <button class="usa-button usa-button--outline margin-top-2" type="submit">
                            "Attach"
                        </button>
                    </form>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn ChallengePreviewPage() -> impl IntoView {
    let id = id_param();
    let preview = Resource::new(id, |id| async move {
        match id {
            Some(id) => preview_challenge(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading the preview…"</p> }>
            {move || Suspend::new(async move {
                let p = match preview.await {
                    Ok(p) => p,
                    Err(error) => {
                        return refused(
                            error,
                            &format!("/admin/challenges/{}/preview", id().unwrap_or_default()),
                        );
                    }
                };
                view! {
                    <Title text=format!("Preview: {}", p.title) />
                    <div class="usa-alert usa-alert--info usa-alert--slim margin-bottom-3">
                        <div class="usa-alert__body">
                            <p class="usa-alert__text">
                                "A preview: this is what a candidate sees. Answers given here are not recorded. "
                                <a href=format!("/admin/challenges/{}", p.id)>"Back to editing"</a>
                            </p>
                        </div>
                    </div>
                    <h1>{p.title.clone()}</h1>
                    <p>
                        <span class="usa-tag margin-right-1">{p.category.clone()}</span>
                        {format!(
                            "{} · {} points · at most {} attempts",
                            p.difficulty,
                            p.points,
                            p.max_attempts,
                        )}
                    </p>
                    <p class="usa-hint">{format!("Evidence for: {}", p.work_roles.join("; "))}</p>
                    <div class="usa-prose" inner_html=p.description_html.clone()></div>
                    {(!p.artefacts.is_empty())
                        .then(|| {
                            view! {
                                <h2>"Files"</h2>
                                <ul class="usa-list">
                                    {p
                                        .artefacts
                                        .iter()
                                        .map(|a| {
                                            view! {
                                                <li>
                                                    <a href=a.href.clone() download="">{a.filename.clone()}</a>
                                                    {format!(" ({})", a.size)}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    {p
                        .generated
                        .clone()
                        .map(|sample| {
                            view! {
                                <h2>"Your file"</h2>
                                <p>
                                    "Each candidate gets their own file. A sample candidate’s: "
                                    <a href=sample.href.clone() download="">{sample.filename.clone()}</a>
                                </p>
                                <pre class="bg-base-lightest padding-1 overflow-x-auto font-mono-3xs" tabindex="0" aria-label="The first lines of the file">
                                    {sample.excerpt.clone()}
                                </pre>
                                <p>{sample.answer_format.clone()}</p>
                            }
                        })}
                    {(!p.hints.is_empty())
                        .then(|| {
                            view! {
                                <h2>"Hints"</h2>
                                <ul class="usa-list">
                                    {p
                                        .hints
                                        .iter()
                                        .enumerate()
                                        .map(|(i, h)| {
                                            view! {
                                                <li>{format!("Hint {} costs {} points: {}", i + 1, h.cost, h.text)}</li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    <form class="usa-form" action="#" aria-label="Answer (preview only)">
                        {if p.choices.is_empty() {
                            view! {
                                <label class="usa-label" for="answer">
                                    "Your answer"
                                </label>
                                <input class="usa-input" id="answer" name="answer" type="text" disabled=true />
                            }
                                .into_any()
                        } else {
                            view! {
                                <fieldset class="usa-fieldset">
                                    <legend class="usa-legend">"Your answer"</legend>
                                    {p
                                        .choices
                                        .iter()
                                        .enumerate()
                                        .map(|(i, choice)| {
                                            let input_id = format!("choice-{i}");
                                            view! {
                                                <div class="usa-radio">
                                                    <input
                                                        class="usa-radio__input"
                                                        id=input_id.clone()
                                                        type="radio"
                                                        name="answer"
                                                        value=i
                                                        disabled=true
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
                        }}
                        <button class="usa-button margin-top-2" type="button" disabled=true>
                            "Submit answer"
                        </button>
                    </form>
                    <div class="usa-summary-box margin-top-4" role="region" aria-labelledby="key-heading">
                        <div class="usa-summary-box__body">
                            <h2 class="usa-summary-box__heading" id="key-heading">
                                "Answer key (staff only)"
                            </h2>
                            <div class="usa-summary-box__text">
                                <p>{p.answer_key.clone()}</p>
                                {p
                                    .generated
                                    .map(|sample| {
                                        view! { <p>{format!("The sample candidate’s answer: {}", sample.answer)}</p> }
                                    })}
                            </div>
                        </div>
                    </div>
                    <h2>"Results so far (staff only)"</h2>
                    <ul class="usa-list">
                        <li>{format!("Answers given: {}", p.stats.attempts)}</li>
                        <li>{format!("Solved by: {}", p.stats.solve_rate)}</li>
                        <li>
                            {format!(
                                "Median time to solve: {}",
                                p.stats.median_time_to_solve.clone().unwrap_or_else(|| "no solves yet".to_owned()),
                            )}
                        </li>
                    </ul>
                    <h3>"Answer-sharing flags"</h3>
                    {if p.stats.flags.is_empty() {
                        view! { <p>"None: no candidate has given an answer from another candidate’s file."</p> }.into_any()
                    } else {
                        view! {
                            <table class="usa-table usa-table--borderless">
                                <caption class="usa-sr-only">"Answers that came from another candidate’s file"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Application"</th>
                                        <th scope="col">"Answer from the file of"</th>
                                        <th scope="col">"Answer"</th>
                                        <th scope="col">"When (UTC)"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {p.stats.flags.iter().map(|f| view! {
                                        <tr>
                                            <th scope="row">{f.application.clone()}</th>
                                            <td>{f.owner.clone()}</td>
                                            <td>{f.answer.clone()}</td>
                                            <td>{f.at.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                }
                    .into_any()
            })}
        </Suspense>
    }
}
