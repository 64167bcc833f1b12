//! Applications: their status and the one table of legal moves, veterans'
//! preference, and the checks on a candidate's answers. Plain Rust.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::opening::{Question, QuestionKind};

/// Where an application is. One enum for the whole hiring workflow; the
/// moves between states are listed in [`TRANSITIONS`] and nowhere else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Being written; saved between steps and sessions.
    Draft,
    Submitted,
    /// A knock-out answer made the applicant ineligible.
    ScreenedOut,
    /// The candidate finished the opening's assessment (or its time ran
    /// out); the score is recorded.
    AssessmentCompleted,
    Withdrawn,
}

/// Who moves an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Candidate,
    /// The portal itself (automatic screening).
    System,
    HiringManager,
    Staff,
}

/// What happens to an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationEvent {
    Submit,
    ScreenOut,
    CompleteAssessment,
    Withdraw,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Submitted,
        ApplicationStatus::ScreenedOut,
        ApplicationStatus::AssessmentCompleted,
        ApplicationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::ScreenedOut => "screened_out",
            ApplicationStatus::AssessmentCompleted => "assessment_completed",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    /// The status in plain words, for the candidate.
    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "Not submitted yet",
            ApplicationStatus::Submitted => "Received",
            ApplicationStatus::ScreenedOut => "Not eligible",
            ApplicationStatus::AssessmentCompleted => "Assessed",
            ApplicationStatus::Withdrawn => "Withdrawn",
        }
    }

    /// What happens next, for the candidate.
    pub fn next_step(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => {
                "Finish and submit your application before the opening closes."
            }
            ApplicationStatus::Submitted => {
                "We have your application. We’ll email you when it has been reviewed or an assessment is ready for you."
            }
            ApplicationStatus::ScreenedOut => {
                "One of your answers shows you are not eligible for this opening, so it will not be reviewed further."
            }
            ApplicationStatus::AssessmentCompleted => {
                "You have completed the assessment. The hiring team will review your results and let you know what happens next."
            }
            ApplicationStatus::Withdrawn => {
                "You withdrew this application. Nothing more will happen."
            }
        }
    }

    /// No further move is possible.
    pub fn is_final(self) -> bool {
        allowed_events(self).is_empty()
    }
}

impl FromStr for ApplicationStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        ApplicationStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .ok_or_else(|| format!("unknown application status {value:?}"))
    }
}

/// Every legal move: (from, event, who may cause it, to).
const TRANSITIONS: &[(
    ApplicationStatus,
    ApplicationEvent,
    Actor,
    ApplicationStatus,
)] = &[
    (
        ApplicationStatus::Draft,
        ApplicationEvent::Submit,
        Actor::Candidate,
        ApplicationStatus::Submitted,
    ),
    (
        ApplicationStatus::Submitted,
        ApplicationEvent::ScreenOut,
        Actor::System,
        ApplicationStatus::ScreenedOut,
    ),
    (
        ApplicationStatus::Submitted,
        ApplicationEvent::CompleteAssessment,
        Actor::System,
        ApplicationStatus::AssessmentCompleted,
    ),
    (
        ApplicationStatus::AssessmentCompleted,
        ApplicationEvent::Withdraw,
        Actor::Candidate,
        ApplicationStatus::Withdrawn,
    ),
    (
        ApplicationStatus::Draft,
        ApplicationEvent::Withdraw,
        Actor::Candidate,
        ApplicationStatus::Withdrawn,
    ),
    (
        ApplicationStatus::Submitted,
        ApplicationEvent::Withdraw,
        Actor::Candidate,
        ApplicationStatus::Withdrawn,
    ),
];

/// Where `event` by `actor` takes an application in `from`, or why not.
pub fn transition(
    from: ApplicationStatus,
    event: ApplicationEvent,
    actor: Actor,
) -> Result<ApplicationStatus, String> {
    TRANSITIONS
        .iter()
        .find(|(f, e, a, _)| *f == from && *e == event && *a == actor)
        .map(|(_, _, _, to)| *to)
        .ok_or_else(|| {
            format!(
                "An application that is “{}” can’t be {}.",
                from.label().to_lowercase(),
                match event {
                    ApplicationEvent::Submit => "submitted",
                    ApplicationEvent::ScreenOut => "screened out",
                    ApplicationEvent::CompleteAssessment => "marked as assessed",
                    ApplicationEvent::Withdraw => "withdrawn",
                }
            )
        })
}

/// The events any actor may cause from `from`.
pub fn allowed_events(from: ApplicationStatus) -> Vec<ApplicationEvent> {
    TRANSITIONS
        .iter()
        .filter(|(f, ..)| *f == from)
        .map(|(_, e, ..)| *e)
        .collect()
}

/// The events `actor` may cause from `from` (the buttons to show).
pub fn allowed_for(from: ApplicationStatus, actor: Actor) -> Vec<ApplicationEvent> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, a, _)| *f == from && *a == actor)
        .map(|(_, e, ..)| *e)
        .collect()
}

/// Veterans' preference claimed (5 U.S.C. 2108).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VeteransPreference {
    #[default]
    None,
    /// TP: 5-point.
    Tp,
    /// XP: 5-point (other than honorable conditions not required).
    Xp,
    /// CP: 10-point compensable (less than 30 percent).
    Cp,
    /// CPS: 10-point compensable, 30 percent or more.
    Cps,
}

impl VeteransPreference {
    pub const ALL: [VeteransPreference; 5] = [
        VeteransPreference::None,
        VeteransPreference::Tp,
        VeteransPreference::Xp,
        VeteransPreference::Cp,
        VeteransPreference::Cps,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VeteransPreference::None => "none",
            VeteransPreference::Tp => "tp",
            VeteransPreference::Xp => "xp",
            VeteransPreference::Cp => "cp",
            VeteransPreference::Cps => "cps",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VeteransPreference::None => "I am not claiming veterans’ preference",
            VeteransPreference::Tp => "TP: 5-point preference",
            VeteransPreference::Xp => "XP: 5-point preference (disability not compensable)",
            VeteransPreference::Cp => "CP: 10-point compensable disability (less than 30%)",
            VeteransPreference::Cps => "CPS: 10-point compensable disability (30% or more)",
        }
    }

    /// Whether this claim gives preference at all.
    pub fn is_preference_eligible(self) -> bool {
        self != VeteransPreference::None
    }
}

impl FromStr for VeteransPreference {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        VeteransPreference::ALL
            .into_iter()
            .find(|v| v.as_str() == value)
            .ok_or_else(|| "Choose your veterans’ preference, or that you claim none.".to_owned())
    }
}

/// The longest essay answer accepted.
pub const MAX_ESSAY_CHARS: usize = 4_000;

/// The longest cover letter accepted.
pub const MAX_COVER_LETTER_CHARS: usize = 4_000;

/// A cover letter, trimmed; empty means none.
pub fn parse_cover_letter(text: &str) -> Result<Option<String>, String> {
    let text = text.trim().replace("\r\n", "\n");
    if text.chars().count() > MAX_COVER_LETTER_CHARS {
        return Err(format!(
            "A cover letter can have at most {MAX_COVER_LETTER_CHARS} characters."
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err("Remove the control characters.".into());
    }
    Ok((!text.is_empty()).then_some(text))
}

/// An answer, as the candidate gave it, to one of an opening's questions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question_id: i64,
    pub answer: String,
}

/// Checks answers against the questions: every yes/no and multiple-choice
/// question needs one of its offered answers; essays are optional and
/// bounded. Field errors are keyed `q{question_id}`.
pub fn check_answers(
    questions: &[(i64, Question)],
    given: &[Answer],
    complete: bool,
) -> Result<Vec<Answer>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut answers = Vec::new();
    for (id, question) in questions {
        let field = format!("q{id}");
        let value = given
            .iter()
            .find(|a| a.question_id == *id)
            .map(|a| a.answer.trim().replace("\r\n", "\n"))
            .unwrap_or_default();
        match question.kind {
            QuestionKind::Essay => {
                if value.chars().count() > MAX_ESSAY_CHARS {
                    errors.push((field, format!("Use at most {MAX_ESSAY_CHARS} characters.")));
                    continue;
                }
                if value
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
                {
                    errors.push((field, "Remove the control characters.".into()));
                    continue;
                }
            }
            QuestionKind::YesNo | QuestionKind::MultipleChoice => {
                if value.is_empty() {
                    if complete {
                        errors.push((field, "Answer this question.".into()));
                    }
                    continue;
                }
                if !question.choices.contains(&value) {
                    errors.push((field, "Choose one of the answers offered.".into()));
                    continue;
                }
            }
        }
        if !value.is_empty() {
            answers.push(Answer {
                question_id: *id,
                answer: value,
            });
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// The first knock-out answer given, as the reason for screening out.
pub fn knocked_out_by(questions: &[(i64, Question)], answers: &[Answer]) -> Option<String> {
    questions.iter().find_map(|(id, question)| {
        let knockout = question.knockout_answer.as_deref()?;
        answers
            .iter()
            .find(|a| a.question_id == *id && a.answer == knockout)
            .map(|a| format!("Answered “{}” to “{}”.", a.answer, question.prompt))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, choices: &[&str], knockout: Option<&str>) -> Question {
        Question {
            kind,
            prompt: "Q?".into(),
            choices: choices.iter().map(|c| (*c).to_owned()).collect(),
            knockout_answer: knockout.map(str::to_owned),
        }
    }

    #[test]
    fn every_move_in_the_table_is_allowed_and_every_other_refused() {
        use ApplicationEvent::*;
        use ApplicationStatus::*;
        let allowed = [
            (Draft, Submit, Actor::Candidate, Submitted),
            (Submitted, ScreenOut, Actor::System, ScreenedOut),
            (Draft, Withdraw, Actor::Candidate, Withdrawn),
            (Submitted, Withdraw, Actor::Candidate, Withdrawn),
            (
                Submitted,
                CompleteAssessment,
                Actor::System,
                AssessmentCompleted,
            ),
            (AssessmentCompleted, Withdraw, Actor::Candidate, Withdrawn),
        ];
        for from in ApplicationStatus::ALL {
            for event in [Submit, ScreenOut, CompleteAssessment, Withdraw] {
                for actor in [
                    Actor::Candidate,
                    Actor::System,
                    Actor::HiringManager,
                    Actor::Staff,
                ] {
                    let expected = allowed
                        .iter()
                        .find(|(f, e, a, _)| *f == from && *e == event && *a == actor)
                        .map(|(.., to)| *to);
                    assert_eq!(transition(from, event, actor).ok(), expected);
                }
            }
        }
        assert!(Withdrawn.is_final());
        assert!(ScreenedOut.is_final());
        assert!(!Submitted.is_final());
        assert_eq!(allowed_for(Submitted, Actor::Candidate), vec![Withdraw]);
    }

    #[test]
    fn cover_letters_are_optional_and_bounded() {
        assert_eq!(parse_cover_letter("  "), Ok(None));
        assert_eq!(
            parse_cover_letter(" Dear panel,\r\nHire me. "),
            Ok(Some("Dear panel,\nHire me.".into()))
        );
        assert!(parse_cover_letter(&"x".repeat(MAX_COVER_LETTER_CHARS + 1)).is_err());
        assert!(parse_cover_letter("a\u{0}b").is_err());
    }

    #[test]
    fn answers_must_be_offered_ones_and_essays_stay_optional() {
        let questions = vec![
            (1, question(QuestionKind::YesNo, &["Yes", "No"], Some("No"))),
            (2, question(QuestionKind::Essay, &[], None)),
        ];
        let given = vec![Answer {
            question_id: 1,
            answer: "No".into(),
        }];
        let answers = check_answers(&questions, &given, true).unwrap();
        assert_eq!(answers.len(), 1, "the empty essay is simply absent");
        assert_eq!(
            knocked_out_by(&questions, &answers).as_deref(),
            Some("Answered “No” to “Q?”.")
        );
        let missing = check_answers(&questions, &[], true).unwrap_err();
        assert_eq!(missing[0].0, "q1");
        assert!(
            check_answers(&questions, &[], false).is_ok(),
            "a draft may be partial"
        );
        let wrong = vec![Answer {
            question_id: 1,
            answer: "Perhaps".into(),
        }];
        assert_eq!(
            check_answers(&questions, &wrong, false).unwrap_err()[0].0,
            "q1"
        );
        let long = vec![Answer {
            question_id: 2,
            answer: "x".repeat(MAX_ESSAY_CHARS + 1),
        }];
        assert_eq!(
            check_answers(&questions, &long, false).unwrap_err()[0].0,
            "q2"
        );
    }
}
