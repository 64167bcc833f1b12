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
    /// The candidate has started the opening's assessment.
    AssessmentPending,
    /// The candidate finished the opening's assessment (or its time ran
    /// out); the score is recorded.
    AssessmentCompleted,
    /// Meets the qualifications; placed in a category where the opening's
    /// method has them.
    Qualified,
    NotQualified,
    /// On an issued referral list (certificate).
    Referred,
    /// Qualified, but not on the referral list issued; a later list may
    /// still refer them.
    NotReferred,
    Interview,
    Selected,
    NotSelected,
    OfferExtended,
    OfferAccepted,
    OfferDeclined,
    Hired,
    Withdrawn,
    /// The opening was cancelled.
    Cancelled,
}

/// Who moves an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Candidate,
    /// The portal itself (screening, the assessment clock).
    System,
    HiringManager,
    Staff,
}

impl Actor {
    pub const ALL: [Actor; 4] = [
        Actor::Candidate,
        Actor::System,
        Actor::HiringManager,
        Actor::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Candidate => "candidate",
            Actor::System => "system",
            Actor::HiringManager => "hiring_manager",
            Actor::Staff => "staff",
        }
    }

    /// Who it was, in a history line.
    pub fn label(self) -> &'static str {
        match self {
            Actor::Candidate => "Candidate",
            Actor::System => "Tech Force Portal",
            Actor::HiringManager => "Hiring manager",
            Actor::Staff => "Program staff",
        }
    }
}

impl FromStr for Actor {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Actor::ALL
            .into_iter()
            .find(|a| a.as_str() == value)
            .ok_or_else(|| format!("unknown actor {value:?}"))
    }
}

/// What happens to an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationEvent {
    Submit,
    ScreenOut,
    StartAssessment,
    CompleteAssessment,
    Qualify,
    Disqualify,
    Refer,
    NotRefer,
    Interview,
    Select,
    NotSelect,
    ExtendOffer,
    AcceptOffer,
    DeclineOffer,
    Hire,
    Withdraw,
    Cancel,
}

impl ApplicationEvent {
    pub const ALL: [ApplicationEvent; 17] = [
        ApplicationEvent::Submit,
        ApplicationEvent::ScreenOut,
        ApplicationEvent::StartAssessment,
        ApplicationEvent::CompleteAssessment,
        ApplicationEvent::Qualify,
        ApplicationEvent::Disqualify,
        ApplicationEvent::Refer,
        ApplicationEvent::NotRefer,
        ApplicationEvent::Interview,
        ApplicationEvent::Select,
        ApplicationEvent::NotSelect,
        ApplicationEvent::ExtendOffer,
        ApplicationEvent::AcceptOffer,
        ApplicationEvent::DeclineOffer,
        ApplicationEvent::Hire,
        ApplicationEvent::Withdraw,
        ApplicationEvent::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationEvent::Submit => "submit",
            ApplicationEvent::ScreenOut => "screen_out",
            ApplicationEvent::StartAssessment => "start_assessment",
            ApplicationEvent::CompleteAssessment => "complete_assessment",
            ApplicationEvent::Qualify => "qualify",
            ApplicationEvent::Disqualify => "disqualify",
            ApplicationEvent::Refer => "refer",
            ApplicationEvent::NotRefer => "not_refer",
            ApplicationEvent::Interview => "interview",
            ApplicationEvent::Select => "select",
            ApplicationEvent::NotSelect => "not_select",
            ApplicationEvent::ExtendOffer => "extend_offer",
            ApplicationEvent::AcceptOffer => "accept_offer",
            ApplicationEvent::DeclineOffer => "decline_offer",
            ApplicationEvent::Hire => "hire",
            ApplicationEvent::Withdraw => "withdraw",
            ApplicationEvent::Cancel => "cancel",
        }
    }

    /// The action, as a button says it.
    pub fn label(self) -> &'static str {
        match self {
            ApplicationEvent::Submit => "Submit",
            ApplicationEvent::ScreenOut => "Screen out",
            ApplicationEvent::StartAssessment => "Start the assessment",
            ApplicationEvent::CompleteAssessment => "Complete the assessment",
            ApplicationEvent::Qualify => "Qualify",
            ApplicationEvent::Disqualify => "Mark not qualified",
            ApplicationEvent::Refer => "Refer",
            ApplicationEvent::NotRefer => "Mark not referred",
            ApplicationEvent::Interview => "Move to interview",
            ApplicationEvent::Select => "Select",
            ApplicationEvent::NotSelect => "Mark not selected",
            ApplicationEvent::ExtendOffer => "Extend an offer",
            ApplicationEvent::AcceptOffer => "Record offer accepted",
            ApplicationEvent::DeclineOffer => "Record offer declined",
            ApplicationEvent::Hire => "Record entry on duty",
            ApplicationEvent::Withdraw => "Withdraw",
            ApplicationEvent::Cancel => "Cancel",
        }
    }
}

impl FromStr for ApplicationEvent {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        ApplicationEvent::ALL
            .into_iter()
            .find(|e| e.as_str() == value)
            .ok_or_else(|| "Choose one of the actions offered.".to_owned())
    }
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 18] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Submitted,
        ApplicationStatus::ScreenedOut,
        ApplicationStatus::AssessmentPending,
        ApplicationStatus::AssessmentCompleted,
        ApplicationStatus::Qualified,
        ApplicationStatus::NotQualified,
        ApplicationStatus::Referred,
        ApplicationStatus::NotReferred,
        ApplicationStatus::Interview,
        ApplicationStatus::Selected,
        ApplicationStatus::NotSelected,
        ApplicationStatus::OfferExtended,
        ApplicationStatus::OfferAccepted,
        ApplicationStatus::OfferDeclined,
        ApplicationStatus::Hired,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::ScreenedOut => "screened_out",
            ApplicationStatus::AssessmentPending => "assessment_pending",
            ApplicationStatus::AssessmentCompleted => "assessment_completed",
            ApplicationStatus::Qualified => "qualified",
            ApplicationStatus::NotQualified => "not_qualified",
            ApplicationStatus::Referred => "referred",
            ApplicationStatus::NotReferred => "not_referred",
            ApplicationStatus::Interview => "interview",
            ApplicationStatus::Selected => "selected",
            ApplicationStatus::NotSelected => "not_selected",
            ApplicationStatus::OfferExtended => "offer_extended",
            ApplicationStatus::OfferAccepted => "offer_accepted",
            ApplicationStatus::OfferDeclined => "offer_declined",
            ApplicationStatus::Hired => "hired",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Cancelled => "cancelled",
        }
    }

    /// The status in plain words, for the candidate.
    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "Not submitted yet",
            ApplicationStatus::Submitted => "Received",
            ApplicationStatus::ScreenedOut => "Not eligible",
            ApplicationStatus::AssessmentPending => "Assessment in progress",
            ApplicationStatus::AssessmentCompleted => "Assessed",
            ApplicationStatus::Qualified => "Qualified",
            ApplicationStatus::NotQualified => "Not qualified",
            ApplicationStatus::Referred => "Referred to hiring managers",
            ApplicationStatus::NotReferred => "Not referred",
            ApplicationStatus::Interview => "Interview",
            ApplicationStatus::Selected => "Selected",
            ApplicationStatus::NotSelected => "Not selected",
            ApplicationStatus::OfferExtended => "Offer made",
            ApplicationStatus::OfferAccepted => "Offer accepted",
            ApplicationStatus::OfferDeclined => "Offer declined",
            ApplicationStatus::Hired => "Hired",
            ApplicationStatus::Withdrawn => "Withdrawn",
            ApplicationStatus::Cancelled => "Opening cancelled",
        }
    }

    /// What it means and what happens next, for the candidate.
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
            ApplicationStatus::AssessmentPending => {
                "You have started the assessment. Finish it before its time runs out; it is scored when you hand it in."
            }
            ApplicationStatus::AssessmentCompleted => {
                "You have completed the assessment. The hiring team will review your results and let you know what happens next."
            }
            ApplicationStatus::Qualified => {
                "You meet the qualifications for this opening. Qualified applicants are ranked; we’ll tell you whether you are referred to hiring managers."
            }
            ApplicationStatus::NotQualified => {
                "Your application and assessment do not meet the qualifications for this opening, so it will not go further. You are welcome to apply to other openings."
            }
            ApplicationStatus::Referred => {
                "Your application has been sent to hiring managers, who may contact you for an interview."
            }
            ApplicationStatus::NotReferred => {
                "You are qualified, but others ranked higher and were sent to hiring managers first. If more managers are hiring from this opening, you may still be referred."
            }
            ApplicationStatus::Interview => {
                "A hiring manager would like to interview you and will contact you to arrange it."
            }
            ApplicationStatus::Selected => {
                "A hiring manager has selected you. Program staff will contact you with a tentative offer."
            }
            ApplicationStatus::NotSelected => {
                "A hiring manager chose another applicant for this opening. Thank you for applying; you are welcome to apply to other openings."
            }
            ApplicationStatus::OfferExtended => {
                "We have made you an offer. Reply to program staff to accept or decline it."
            }
            ApplicationStatus::OfferAccepted => {
                "You accepted the offer. Program staff will confirm your start date and first-day details."
            }
            ApplicationStatus::OfferDeclined => {
                "You declined the offer. This application is closed; you are welcome to apply to other openings."
            }
            ApplicationStatus::Hired => "Welcome aboard: your hiring is complete.",
            ApplicationStatus::Withdrawn => {
                "You withdrew this application. Nothing more will happen."
            }
            ApplicationStatus::Cancelled => {
                "The opening was cancelled, so no one will be hired from it. You are welcome to apply to other openings."
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

/// One legal move: from a status, an event caused by one of `by` leads
/// to a status.
pub struct Move {
    pub from: ApplicationStatus,
    pub event: ApplicationEvent,
    pub by: &'static [Actor],
    pub to: ApplicationStatus,
}

const CANDIDATE: &[Actor] = &[Actor::Candidate];
const SYSTEM: &[Actor] = &[Actor::System];
const MANAGER: &[Actor] = &[Actor::HiringManager];
const STAFF: &[Actor] = &[Actor::Staff];
/// The candidate answers an offer; staff record an answer given to them.
const CANDIDATE_OR_STAFF: &[Actor] = &[Actor::Candidate, Actor::Staff];

const fn mv(
    from: ApplicationStatus,
    event: ApplicationEvent,
    by: &'static [Actor],
    to: ApplicationStatus,
) -> Move {
    Move {
        from,
        event,
        by,
        to,
    }
}

/// Every legal move, and nothing else. Withdrawing and cancelling are
/// open until the outcome is settled (hired, or an ending).
pub const TRANSITIONS: &[Move] = {
    use ApplicationEvent as E;
    use ApplicationStatus as S;
    &[
        mv(S::Draft, E::Submit, CANDIDATE, S::Submitted),
        mv(S::Draft, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::Draft, E::Cancel, SYSTEM, S::Cancelled),
        // Received.
        mv(S::Submitted, E::ScreenOut, SYSTEM, S::ScreenedOut),
        mv(
            S::Submitted,
            E::StartAssessment,
            SYSTEM,
            S::AssessmentPending,
        ),
        // A sitting begun before the pending state existed still ends.
        mv(
            S::Submitted,
            E::CompleteAssessment,
            SYSTEM,
            S::AssessmentCompleted,
        ),
        // Openings without an assessment are rated by staff by hand.
        mv(S::Submitted, E::Qualify, STAFF, S::Qualified),
        mv(S::Submitted, E::Disqualify, STAFF, S::NotQualified),
        mv(S::Submitted, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::Submitted, E::Cancel, SYSTEM, S::Cancelled),
        // Assessment.
        mv(
            S::AssessmentPending,
            E::CompleteAssessment,
            SYSTEM,
            S::AssessmentCompleted,
        ),
        mv(S::AssessmentPending, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::AssessmentPending, E::Cancel, SYSTEM, S::Cancelled),
        mv(S::AssessmentCompleted, E::Qualify, STAFF, S::Qualified),
        mv(
            S::AssessmentCompleted,
            E::Disqualify,
            STAFF,
            S::NotQualified,
        ),
        mv(S::AssessmentCompleted, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::AssessmentCompleted, E::Cancel, SYSTEM, S::Cancelled),
        // Rated.
        mv(S::Qualified, E::Refer, STAFF, S::Referred),
        mv(S::Qualified, E::NotRefer, STAFF, S::NotReferred),
        mv(S::Qualified, E::Disqualify, STAFF, S::NotQualified),
        mv(S::Qualified, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::Qualified, E::Cancel, SYSTEM, S::Cancelled),
        mv(S::NotReferred, E::Refer, STAFF, S::Referred),
        mv(S::NotReferred, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::NotReferred, E::Cancel, SYSTEM, S::Cancelled),
        // With the hiring managers.
        mv(S::Referred, E::Interview, MANAGER, S::Interview),
        mv(S::Referred, E::Select, MANAGER, S::Selected),
        mv(S::Referred, E::NotSelect, MANAGER, S::NotSelected),
        mv(S::Referred, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::Referred, E::Cancel, SYSTEM, S::Cancelled),
        mv(S::Interview, E::Select, MANAGER, S::Selected),
        mv(S::Interview, E::NotSelect, MANAGER, S::NotSelected),
        mv(S::Interview, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::Interview, E::Cancel, SYSTEM, S::Cancelled),
        // Offer.
        mv(S::Selected, E::ExtendOffer, STAFF, S::OfferExtended),
        mv(S::Selected, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::Selected, E::Cancel, SYSTEM, S::Cancelled),
        mv(
            S::OfferExtended,
            E::AcceptOffer,
            CANDIDATE_OR_STAFF,
            S::OfferAccepted,
        ),
        mv(
            S::OfferExtended,
            E::DeclineOffer,
            CANDIDATE_OR_STAFF,
            S::OfferDeclined,
        ),
        mv(S::OfferExtended, E::Withdraw, CANDIDATE, S::Withdrawn),
        mv(S::OfferAccepted, E::Hire, STAFF, S::Hired),
        mv(S::OfferAccepted, E::Withdraw, CANDIDATE, S::Withdrawn),
    ]
};

/// Where `event` by `actor` takes an application in `from`, or why not.
pub fn transition(
    from: ApplicationStatus,
    event: ApplicationEvent,
    actor: Actor,
) -> Result<ApplicationStatus, String> {
    TRANSITIONS
        .iter()
        .find(|m| m.from == from && m.event == event && m.by.contains(&actor))
        .map(|m| m.to)
        .ok_or_else(|| {
            format!(
                "“{}” isn’t possible for an application that is “{}”.",
                event.label(),
                from.label().to_lowercase(),
            )
        })
}

/// The events any actor may cause from `from`.
pub fn allowed_events(from: ApplicationStatus) -> Vec<ApplicationEvent> {
    TRANSITIONS
        .iter()
        .filter(|m| m.from == from)
        .map(|m| m.event)
        .collect()
}

/// The events `actor` may cause from `from` (the buttons to show).
pub fn allowed_for(from: ApplicationStatus, actor: Actor) -> Vec<ApplicationEvent> {
    TRANSITIONS
        .iter()
        .filter(|m| m.from == from && m.by.contains(&actor))
        .map(|m| m.event)
        .collect()
}

/// Replays a history (each entry's from and to) from a draft: the status
/// it ends in, or the first entry that breaks the table.
pub fn replay(
    history: &[(ApplicationStatus, ApplicationStatus)],
) -> Result<ApplicationStatus, usize> {
    let mut status = ApplicationStatus::Draft;
    for (i, (from, to)) in history.iter().enumerate() {
        let legal = *from == status && TRANSITIONS.iter().any(|m| m.from == *from && m.to == *to);
        if !legal {
            return Err(i);
        }
        status = *to;
    }
    Ok(status)
}

/// Veterans' preference claimed (5 U.S.C. 2108).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VeteransPreference {
    #[default]
    None,
    /// TP: 5-point.
    Tp,
    /// XP: 10-point (disability under 10% or not compensable, or derived
    /// preference of a spouse, widow or mother).
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
            VeteransPreference::Xp => {
                "XP: 10-point preference (disability under 10% or not compensable, or derived)"
            }
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
    fn each_role_has_its_own_moves_and_no_other() {
        use ApplicationEvent as E;
        let of = |actor: Actor| -> Vec<ApplicationEvent> {
            let mut events: Vec<_> = TRANSITIONS
                .iter()
                .filter(|m| m.by.contains(&actor))
                .map(|m| m.event)
                .collect();
            events.sort_by_key(|e| e.as_str());
            events.dedup();
            events
        };
        assert_eq!(
            of(Actor::Candidate),
            vec![E::AcceptOffer, E::DeclineOffer, E::Submit, E::Withdraw]
        );
        assert_eq!(
            of(Actor::System),
            vec![
                E::Cancel,
                E::CompleteAssessment,
                E::ScreenOut,
                E::StartAssessment
            ]
        );
        assert_eq!(
            of(Actor::HiringManager),
            vec![E::Interview, E::NotSelect, E::Select]
        );
        assert_eq!(
            of(Actor::Staff),
            vec![
                E::AcceptOffer,
                E::DeclineOffer,
                E::Disqualify,
                E::ExtendOffer,
                E::Hire,
                E::NotRefer,
                E::Qualify,
                E::Refer
            ]
        );
    }

    #[test]
    fn the_table_is_a_function_and_its_endings_are_the_right_ones() {
        use ApplicationStatus::*;
        for (i, a) in TRANSITIONS.iter().enumerate() {
            for b in &TRANSITIONS[i + 1..] {
                assert!(
                    !(a.from == b.from && a.event == b.event),
                    "{:?} + {:?} is listed twice",
                    a.from,
                    a.event
                );
            }
        }
        let endings: Vec<_> = ApplicationStatus::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(
            endings,
            vec![
                ScreenedOut,
                NotQualified,
                NotSelected,
                OfferDeclined,
                Hired,
                Withdrawn,
                Cancelled
            ]
        );
        // Every status can be reached from a draft.
        let mut reached = vec![Draft];
        while let Some(next) = TRANSITIONS
            .iter()
            .find(|m| reached.contains(&m.from) && !reached.contains(&m.to))
        {
            reached.push(next.to);
        }
        assert_eq!(reached.len(), ApplicationStatus::ALL.len());
    }

    #[test]
    fn hand_picked_moves_are_allowed_or_refused() {
        use ApplicationEvent as E;
        use ApplicationStatus as S;
        assert_eq!(
            transition(S::Referred, E::Select, Actor::HiringManager),
            Ok(S::Selected)
        );
        assert_eq!(
            transition(S::Interview, E::NotSelect, Actor::HiringManager),
            Ok(S::NotSelected)
        );
        assert_eq!(
            transition(S::AssessmentCompleted, E::Qualify, Actor::Staff),
            Ok(S::Qualified)
        );
        assert_eq!(
            transition(S::OfferExtended, E::AcceptOffer, Actor::Candidate),
            Ok(S::OfferAccepted)
        );
        // A manager can't pick someone who was never referred, staff don't
        // select, nobody un-hires, a candidate can't qualify themselves.
        assert!(transition(S::Qualified, E::Select, Actor::HiringManager).is_err());
        assert!(transition(S::Referred, E::Select, Actor::Staff).is_err());
        assert!(transition(S::Hired, E::Withdraw, Actor::Candidate).is_err());
        assert!(transition(S::AssessmentCompleted, E::Qualify, Actor::Candidate).is_err());
        assert_eq!(
            transition(S::Qualified, E::Select, Actor::HiringManager).unwrap_err(),
            "“Select” isn’t possible for an application that is “qualified”."
        );
        assert_eq!(
            allowed_for(S::Submitted, Actor::Candidate),
            vec![E::Withdraw]
        );
        assert_eq!(
            allowed_for(S::Referred, Actor::HiringManager),
            vec![E::Interview, E::Select, E::NotSelect]
        );
    }

    #[test]
    fn names_read_back() {
        for s in ApplicationStatus::ALL {
            assert_eq!(s.as_str().parse::<ApplicationStatus>(), Ok(s));
            assert!(!s.next_step().is_empty());
        }
        for e in ApplicationEvent::ALL {
            assert_eq!(e.as_str().parse::<ApplicationEvent>(), Ok(e));
        }
        for a in Actor::ALL {
            assert_eq!(a.as_str().parse::<Actor>(), Ok(a));
        }
    }

    proptest::proptest! {
        /// Random actions by random roles: every accepted move is in the
        /// table, a refused one changes nothing, and the history replays
        /// to where the application is.
        #[test]
        fn random_actions_stay_inside_the_table(
            steps in proptest::collection::vec(
                (proptest::bool::ANY, 0..ApplicationEvent::ALL.len(), 0..Actor::ALL.len()),
                0..60,
            )
        ) {
            let mut status = ApplicationStatus::Draft;
            let mut history = Vec::new();
            for (follow, e, a) in steps {
                // Half the steps follow a legal move (so deep states are
                // reached), half are anything at all.
                let legal: Vec<&Move> = TRANSITIONS.iter().filter(|m| m.from == status).collect();
                let (event, actor) = if follow && !legal.is_empty() {
                    let m = legal[e % legal.len()];
                    (m.event, m.by[a % m.by.len()])
                } else {
                    (ApplicationEvent::ALL[e], Actor::ALL[a])
                };
                match transition(status, event, actor) {
                    Ok(to) => {
                        proptest::prop_assert!(TRANSITIONS.iter().any(|m| m.from == status
                            && m.event == event
                            && m.by.contains(&actor)
                            && m.to == to));
                        history.push((status, to));
                        status = to;
                    }
                    Err(message) => proptest::prop_assert!(!message.is_empty()),
                }
            }
            proptest::prop_assert_eq!(replay(&history), Ok(status));
        }
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
