//! `/assessments/{id}`: a candidate takes the assessment of one of their
//! applications. Every action is a plain form (it works without
//! JavaScript); with JavaScript a countdown ticks.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::assessments::{
    AssessmentPage, FinishAssessment, RevealHint, SittingChallenge, SittingState, StartAssessment,
    SubmitAnswer, my_assessment,
};
use crate::components::form::ErrorSummary;
use crate::components::refused;
use crate::error::AppError;

/// Minutes left, ticking down each second once the page is hydrated.
#[component]
fn Countdown(minutes_left: i64, deadline: String) -> impl IntoView {
    let seconds = RwSignal::new(minutes_left * 60);
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || seconds.update(|s| *s = (*s - 1).max(0)),
            Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    view! {
        <div class="usa-alert usa-alert--info usa-alert--slim margin-bottom-3">
            <div class="usa-alert__body">
                <p class="usa-alert__text">
                    <span role="timer" class="text-bold">
                        {move || {
                            let s = seconds.get();
                            if s >= 60 * 60 {
                                format!("{} h {:02} min left", s / 3600, s / 60 % 60)
                            } else {
                                format!("{} min {:02} s left", s / 60, s % 60)
                            }
                        }}
                    </span>
                    {format!(". The assessment ends at {deadline}; answers after that are not accepted.")}
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn AssessmentPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let start = ServerAction::<StartAssessment>::new();
    let answer = ServerAction::<SubmitAnswer>::new();
    let hint = ServerAction::<RevealHint>::new();
    let finish = ServerAction::<FinishAssessment>::new();
    // The outcome of the last answer, from the address the answer form
    // lands on (followed as it changes, with or without JavaScript).
    let result = Signal::derive(move || {
        let q = query.read();
        (q.get("challenge"), q.get("result"))
    });
    let page = Resource::new(
        move || {
            (
                id(),
                start.version().get(),
                answer.version().get(),
                hint.version().get(),
                finish.version().get(),
            )
        },
        |(id, ..)| my_assessment(id),
    );
    let error = Signal::derive(move || {
        start
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| answer.value().get().and_then(Result::err))
            .or_else(|| hint.value().get().and_then(Result::err))
            .or_else(|| finish.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Assessment" />
        <Suspense fallback=|| view! { <p>"Loading your assessment…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => refused(e, &format!("/assessments/{}", id())),
                    Ok(page) => {
                        view! { <Assessment page result error start answer hint finish /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Assessment(
    page: AssessmentPage,
    result: Signal<(Option<String>, Option<String>)>,
    error: Signal<Option<AppError>>,
    start: ServerAction<StartAssessment>,
    answer: ServerAction<SubmitAnswer>,
    hint: ServerAction<RevealHint>,
    finish: ServerAction<FinishAssessment>,
) -> impl IntoView {
    let public_id = page.public_id.clone();
    let body = match page.state.clone() {
        SittingState::Ready { can_start, why_not } => view! {
            <h2>"Before you start"</h2>
            <ul class="usa-list">
                <li>{format!("You have {} minutes from the moment you start; the clock keeps running if you close the page.", page.time_limit_minutes)}</li>
                <li>{format!("There are {} challenges worth {} points in all.", page.challenge_count, page.points)}</li>
                <li>"Each challenge allows a limited number of wrong answers. Hints cost points."</li>
                <li>"Some files are made for you alone, so your answers are yours alone: answers shared between candidates are noticed."</li>
                <li>"Answers after the deadline are not accepted. You can hand the assessment in early."</li>
            </ul>
            {match why_not {
                Some(reason) => view! { <p class="usa-alert__text">{reason}</p> }.into_any(),
                None => view! {
                    <ActionForm attr:novalidate=true action=start>
                        <input type="hidden" name="public_id" value=public_id.clone() />
                        <button class="usa-button usa-button--big" type="submit" disabled=!can_start>
                            "Start the assessment"
                        </button>
                    </ActionForm>
                }
                .into_any(),
            }}
        }
        .into_any(),
        SittingState::InProgress { deadline, minutes_left, challenges, .. } => {
            let solved = challenges.iter().filter(|c| c.solved).count();
            let total = challenges.len();
            let titles: Vec<(String, String)> = challenges
                .iter()
                .map(|c| (c.id.to_string(), c.title.clone()))
                .collect();
            let notice = move || match result.get() {
                (Some(challenge), Some(outcome)) => {
                    let title = titles
                        .iter()
                        .find(|(id, _)| *id == challenge)
                        .map(|(_, title)| title.clone())
                        .unwrap_or_default();
                    Some(if outcome == "right" {
                        ("usa-alert--success", format!("Correct: “{title}” is solved."))
                    } else {
                        ("usa-alert--warning", format!("That answer to “{title}” is not right."))
                    })
                }
                _ => None,
            };
            view! {
                <Countdown minutes_left deadline />
                {move || notice().map(|(class, text)| view! {
                    <div class=format!("usa-alert {class} usa-alert--slim margin-bottom-3") role="status">
                        <div class="usa-alert__body"><p class="usa-alert__text">{text}</p></div>
                    </div>
                })}
                <p>{format!("Solved {solved} of {total}.")}</p>
                {challenges
                    .into_iter()
                    .map(|c| view! { <Challenge public_id=public_id.clone() challenge=c answer hint /> })
                    .collect_view()}
                <h2>"Hand in"</h2>
                <ActionForm attr:novalidate=true action=finish attr:class="usa-form">
                    <input type="hidden" name="public_id" value=public_id.clone() />
                    <div class="usa-checkbox">
                        <input class="usa-checkbox__input" id="confirm" type="checkbox" name="confirm" value="yes" />
                        <label class="usa-checkbox__label" for="confirm">
                            "I have finished: hand in my assessment now (answers can’t be changed afterwards)"
                        </label>
                    </div>
                    <button class="usa-button usa-button--secondary margin-top-2" type="submit">
                        "Hand in the assessment"
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        SittingState::Ended { solved, total } => view! {
            <div class="usa-alert usa-alert--success" role="status">
                <div class="usa-alert__body">
                    <h2 class="usa-alert__heading">"Your assessment is complete"</h2>
                    <p class="usa-alert__text">
                        {format!("You solved {solved} of {total} challenges. Your answers are recorded; the hiring team will review your results.")}
                    </p>
                </div>
            </div>
            <p><a href=format!("/applications/{}", page.public_id)>"Back to your application"</a></p>
        }
        .into_any(),
    };
    view! {
        <h1>{format!("Assessment: {}", page.opening_title)}</h1>
        <p class="usa-hint">{format!("Application {}", page.number)}</p>
        <ErrorSummary error />
        {body}
    }
}

#[component]
fn Challenge(
    public_id: String,
    challenge: SittingChallenge,
    answer: ServerAction<SubmitAnswer>,
    hint: ServerAction<RevealHint>,
) -> impl IntoView {
    let c = challenge;
    let input_id = format!("answer-{}", c.id);
    let status = if c.solved {
        "Solved".to_owned()
    } else if c.attempts_left == 0 {
        "No attempts left".to_owned()
    } else {
        format!(
            "{} attempt{} left",
            c.attempts_left,
            if c.attempts_left == 1 { "" } else { "s" }
        )
    };
    let hints: Vec<AnyView> = c
        .hints
        .iter()
        .map(|h| match h.text.clone() {
            Some(text) => view! {
                <p>
                    <span class="text-bold">{format!("Hint {} (−{} points): ", h.index + 1, h.cost)}</span>
                    {text}
                </p>
            }
            .into_any(),
            None if !c.solved => {
                let label = format!("Show hint {} for “{}” (costs {} points)", h.index + 1, c.title, h.cost);
                let (pid, cid, index) = (public_id.clone(), c.id, h.index);
                view! {
                    <ActionForm attr:novalidate=true action=hint>
                        <input type="hidden" name="public_id" value=pid />
                        <input type="hidden" name="challenge_id" value=cid />
                        <input type="hidden" name="hint" value=index />
                        <button class="usa-button usa-button--unstyled" type="submit">{label}</button>
                    </ActionForm>
                }
                .into_any()
            }
            None => ().into_any(),
        })
        .collect();
    view! {
        <section class="border-top-1px border-base-lighter padding-top-2 margin-top-3" id=format!("challenge-{}", c.id) aria-labelledby=format!("title-{}", c.id)>
            <h2 id=format!("title-{}", c.id)>{c.title.clone()}</h2>
            <p>
                <span class="usa-tag margin-right-1">{c.category.clone()}</span>
                {format!("{} points · {status}", c.points)}
            </p>
            <div class="usa-prose" inner_html=c.description_html.clone()></div>
            {(!c.artefacts.is_empty() || c.own_file.is_some()).then(|| view! {
                <ul class="usa-list">
                    {c.own_file.clone().map(|(name, href)| view! {
                        <li>"Your file: " <a href=href download="">{name}</a></li>
                    })}
                    {c.artefacts.iter().map(|a| view! {
                        <li><a href=a.href.clone() download="">{a.filename.clone()}</a>{format!(" ({})", a.size)}</li>
                    }).collect_view()}
                </ul>
            })}
            {c.answer_format.clone().map(|f| view! { <p class="usa-hint">{f}</p> })}
            {hints}
            {(!c.solved && c.attempts_left > 0).then(|| view! {
                <ActionForm attr:novalidate=true action=answer attr:class="usa-form">
                    <input type="hidden" name="public_id" value=public_id.clone() />
                    <input type="hidden" name="challenge_id" value=c.id />
                    {if c.choices.is_empty() {
                        view! {
                            <label class="usa-label" for=input_id.clone()>{format!("Your answer to “{}”", c.title)}</label>
                            <input class="usa-input" id=input_id.clone() name="answer" type="text" autocomplete="off" maxlength="500" required=true />
                        }.into_any()
                    } else {
                        view! {
                            <fieldset class="usa-fieldset">
                                <legend class="usa-legend">{format!("Your answer to “{}”", c.title)}</legend>
                                {c.choices.iter().enumerate().map(|(i, choice)| {
                                    let choice_id = format!("{input_id}-{i}");
                                    view! {
                                        <div class="usa-radio">
                                            <input class="usa-radio__input" id=choice_id.clone() type="radio" name="answer" value=i />
                                            <label class="usa-radio__label" for=choice_id>{choice.clone()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }.into_any()
                    }}
                    <button class="usa-button margin-top-1" type="submit">{format!("Submit answer to “{}”", c.title)}</button>
                </ActionForm>
            })}
        </section>
    }
}
