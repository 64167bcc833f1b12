//! Résumé pieces shared by the apply flow and the candidate profile: the
//! upload form (a plain multipart form, so it works without JavaScript)
//! and the veterans' preference choice.

use leptos::prelude::*;

use crate::api::applications::ResumeInfo;
use crate::domain::application::VeteransPreference;

/// What an upload handler's `error` code means, in plain words.
pub fn upload_problem(code: &str, max_mb: usize, max_pages: usize) -> String {
    match code {
        "missing" => "Choose a résumé file to upload.".to_owned(),
        "empty" => "That file is empty. Choose your résumé file.".to_owned(),
        "too-large" => format!("That file is too large: a résumé can be at most {max_mb} MB."),
        "type" => "Upload your résumé as a PDF or a Word (.docx) file.".to_owned(),
        "name" => "The file’s name doesn’t match what it contains: name a PDF “.pdf” and a Word file “.docx”.".to_owned(),
        "unreadable" => "We couldn’t read that PDF. Save it again from your word processor and upload the new file.".to_owned(),
        "pages" => format!("Your résumé can have at most {max_pages} pages. Shorten it and upload it again."),
        "refused" => "The résumé could not be attached here: this application may have closed or been submitted.".to_owned(),
        _ => "The upload didn’t arrive whole. Try again.".to_owned(),
    }
}

/// A stored résumé: its name as a download link and its description.
#[component]
pub fn ResumeLink(resume: ResumeInfo, #[prop(into)] lead: String) -> impl IntoView {
    view! {
        <p>
            {lead} <a href=resume.href download="">{resume.filename}</a>
            {format!(" ({})", resume.description)}
        </p>
    }
}

/// The upload form, posting the file field `resume` to `action`.
#[component]
pub fn ResumeUpload(
    #[prop(into)] action: String,
    has_resume: bool,
    max_mb: usize,
    max_pages: usize,
    problem: Option<String>,
) -> impl IntoView {
    view! {
        <form class="usa-form usa-form--large" method="post" enctype="multipart/form-data" action=action novalidate=true>
            <div class="usa-form-group" class:usa-form-group--error=problem.is_some()>
                <label class="usa-label" for="resume">
                    {if has_resume { "Upload a different résumé" } else { "Your résumé" }}
                </label>
                <span class="usa-hint" id="resume-hint">
                    {format!(
                        "A PDF or Word (.docx) file of at most {max_mb} MB; a PDF can have at most {max_pages} pages.",
                    )}
                </span>
                {problem
                    .clone()
                    .map(|m| view! { <span class="usa-error-message" id="resume-error" role="alert">{m}</span> })}
                <input
                    class="usa-input"
                    id="resume"
                    name="resume"
                    type="file"
                    accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    required=true
                    aria-describedby=if problem.is_some() { "resume-hint resume-error" } else { "resume-hint" }
                />
            </div>
            <button class="usa-button usa-button--outline margin-top-2" type="submit">
                "Upload"
            </button>
        </form>
    }
}

/// The veterans' preference radio group (field `veterans_preference`).
#[component]
pub fn PreferenceField(
    selected: VeteransPreference,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset
            class="usa-fieldset usa-form-group"
            class:usa-form-group--error=move || message.get().is_some()
            aria-describedby="preference-hint"
        >
            <legend class="usa-legend">"Veterans’ preference"</legend>
            <span class="usa-hint" id="preference-hint">
                "If you claim preference, we will ask for proof (such as a DD-214 or a VA letter) later."
            </span>
            {move || message.get().map(|m| view! { <span class="usa-error-message">{m}</span> })}
            {VeteransPreference::ALL
                .into_iter()
                .map(|v| {
                    let input_id = format!("preference-{}", v.as_str());
                    view! {
                        <div class="usa-radio">
                            <input
                                class="usa-radio__input"
                                id=input_id.clone()
                                type="radio"
                                name="veterans_preference"
                                value=v.as_str()
                                checked=v == selected
                            />
                            <label class="usa-radio__label" for=input_id>
                                {v.label()}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
