//! Openings (job postings): their lifecycle, hiring method, grades, NICE
//! work roles, and the rules an opening's fields follow. Plain Rust, so the
//! edit form and the server check the very same rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where an opening is in its life. Only `Published` openings whose
/// opening date has come are shown to the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpeningStatus {
    Draft,
    Published,
    Closed,
    Cancelled,
}

/// What staff can do to an opening's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleAction {
    Publish,
    Close,
    Cancel,
}

impl OpeningStatus {
    pub const ALL: [OpeningStatus; 4] = [
        OpeningStatus::Draft,
        OpeningStatus::Published,
        OpeningStatus::Closed,
        OpeningStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OpeningStatus::Draft => "draft",
            OpeningStatus::Published => "published",
            OpeningStatus::Closed => "closed",
            OpeningStatus::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OpeningStatus::Draft => "Draft",
            OpeningStatus::Published => "Published",
            OpeningStatus::Closed => "Closed",
            OpeningStatus::Cancelled => "Cancelled",
        }
    }

    /// Whether staff may still change the opening's text. Closed and
    /// cancelled openings are the record of what candidates saw.
    pub fn is_editable(self) -> bool {
        matches!(self, OpeningStatus::Draft | OpeningStatus::Published)
    }
}

impl FromStr for OpeningStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        OpeningStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .ok_or_else(|| format!("unknown opening status {value:?}"))
    }
}

impl LifecycleAction {
    pub const ALL: [LifecycleAction; 3] = [
        LifecycleAction::Publish,
        LifecycleAction::Close,
        LifecycleAction::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleAction::Publish => "publish",
            LifecycleAction::Close => "close",
            LifecycleAction::Cancel => "cancel",
        }
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            LifecycleAction::Publish => "Publish",
            LifecycleAction::Close => "Close now",
            LifecycleAction::Cancel => "Cancel opening",
        }
    }
}

impl FromStr for LifecycleAction {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        LifecycleAction::ALL
            .into_iter()
            .find(|a| a.as_str() == value)
            .ok_or_else(|| format!("unknown action {value:?}"))
    }
}

/// The whole lifecycle in one table: (from, action) → to. Anything not
/// listed is refused.
const TRANSITIONS: &[(OpeningStatus, LifecycleAction, OpeningStatus)] = &[
    (
        OpeningStatus::Draft,
        LifecycleAction::Publish,
        OpeningStatus::Published,
    ),
    (
        OpeningStatus::Draft,
        LifecycleAction::Cancel,
        OpeningStatus::Cancelled,
    ),
    (
        OpeningStatus::Published,
        LifecycleAction::Close,
        OpeningStatus::Closed,
    ),
    (
        OpeningStatus::Published,
        LifecycleAction::Cancel,
        OpeningStatus::Cancelled,
    ),
];

/// The status `action` leads to from `from`, or why it cannot.
pub fn transition(from: OpeningStatus, action: LifecycleAction) -> Result<OpeningStatus, String> {
    TRANSITIONS
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
        .ok_or_else(|| {
            format!(
                "A {} opening can’t be {}.",
                from.label().to_lowercase(),
                match action {
                    LifecycleAction::Publish => "published",
                    LifecycleAction::Close => "closed",
                    LifecycleAction::Cancel => "cancelled",
                }
            )
        })
}

/// The actions staff may take from `from` (the buttons to show).
pub fn allowed_actions(from: OpeningStatus) -> Vec<LifecycleAction> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, _)| *f == from)
        .map(|(_, a, _)| *a)
        .collect()
}

/// How applicants are ranked (drives the hiring workflow's referral list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiringMethod {
    /// Competitive: Best / Well / Qualified categories, veterans'
    /// preference within each.
    CategoryRating,
    /// Competitive: rank by score, managers choose from the top range.
    RuleOfMany,
    /// Direct-hire authority: no ranking, no preference ordering.
    DirectHire,
}

impl HiringMethod {
    pub const ALL: [HiringMethod; 3] = [
        HiringMethod::CategoryRating,
        HiringMethod::RuleOfMany,
        HiringMethod::DirectHire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HiringMethod::CategoryRating => "category_rating",
            HiringMethod::RuleOfMany => "rule_of_many",
            HiringMethod::DirectHire => "direct_hire",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HiringMethod::CategoryRating => "Competitive, category rating",
            HiringMethod::RuleOfMany => "Competitive, Rule of Many",
            HiringMethod::DirectHire => "Direct hire",
        }
    }
}

impl FromStr for HiringMethod {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        HiringMethod::ALL
            .into_iter()
            .find(|m| m.as_str() == value)
            .ok_or_else(|| "Choose a hiring method.".to_owned())
    }
}

/// Where the work is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkplaceType {
    /// At the duty location every day.
    OnSite,
    /// At the duty location, with telework some days.
    Telework,
    /// From anywhere in the United States.
    Remote,
}

impl WorkplaceType {
    pub const ALL: [WorkplaceType; 3] = [
        WorkplaceType::OnSite,
        WorkplaceType::Telework,
        WorkplaceType::Remote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkplaceType::OnSite => "on_site",
            WorkplaceType::Telework => "telework",
            WorkplaceType::Remote => "remote",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkplaceType::OnSite => "On site",
            WorkplaceType::Telework => "Telework eligible",
            WorkplaceType::Remote => "Remote",
        }
    }
}

impl FromStr for WorkplaceType {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        WorkplaceType::ALL
            .into_iter()
            .find(|w| w.as_str() == value)
            .ok_or_else(|| "Choose on site, telework eligible or remote.".to_owned())
    }
}

/// The NICE Workforce Framework release the work-role list comes from;
/// stored with every tag so later releases do not silently re-label it.
pub const NICE_FRAMEWORK_VERSION: &str = "2.0.0";

/// A NICE Workforce Framework work role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkRole {
    pub id: &'static str,
    pub name: &'static str,
}

/// The framework's cybersecurity work roles that Tech Force hires for.
pub const WORK_ROLES: &[WorkRole] = &[
    WorkRole {
        id: "OG-WRL-002",
        name: "Cybersecurity Policy and Planning",
    },
    WorkRole {
        id: "OG-WRL-012",
        name: "Security Control Assessment",
    },
    WorkRole {
        id: "OG-WRL-013",
        name: "Systems Authorization",
    },
    WorkRole {
        id: "OG-WRL-014",
        name: "Systems Security Management",
    },
    WorkRole {
        id: "DD-WRL-001",
        name: "Cybersecurity Architecture",
    },
    WorkRole {
        id: "DD-WRL-003",
        name: "Secure Software Development",
    },
    WorkRole {
        id: "DD-WRL-004",
        name: "Secure Systems Development",
    },
    WorkRole {
        id: "DD-WRL-005",
        name: "Software Security Assessment",
    },
    WorkRole {
        id: "DD-WRL-007",
        name: "Systems Testing and Evaluation",
    },
    WorkRole {
        id: "IO-WRL-004",
        name: "Network Operations",
    },
    WorkRole {
        id: "IO-WRL-005",
        name: "Systems Administration",
    },
    WorkRole {
        id: "IO-WRL-006",
        name: "Systems Security Analysis",
    },
    WorkRole {
        id: "PD-WRL-001",
        name: "Defensive Cybersecurity",
    },
    WorkRole {
        id: "PD-WRL-002",
        name: "Digital Forensics",
    },
    WorkRole {
        id: "PD-WRL-003",
        name: "Incident Response",
    },
    WorkRole {
        id: "PD-WRL-004",
        name: "Infrastructure Support",
    },
    WorkRole {
        id: "PD-WRL-005",
        name: "Insider Threat Analysis",
    },
    WorkRole {
        id: "PD-WRL-006",
        name: "Threat Analysis",
    },
    WorkRole {
        id: "PD-WRL-007",
        name: "Vulnerability Analysis",
    },
    WorkRole {
        id: "IN-WRL-001",
        name: "Cybercrime Investigation",
    },
    WorkRole {
        id: "IN-WRL-002",
        name: "Digital Evidence Analysis",
    },
];

/// The work role with this id.
pub fn work_role(id: &str) -> Option<&'static WorkRole> {
    WORK_ROLES.iter().find(|role| role.id == id)
}

/// The lowest and highest General Schedule grades.
pub const MIN_GRADE: u8 = 1;
pub const MAX_GRADE: u8 = 15;

/// "GS-2210-11/13", or "GS-2210-13" when the range is one grade.
pub fn grade_label(series: &str, low: u8, high: u8) -> String {
    if low == high {
        format!("GS-{series}-{low:02}")
    } else {
        format!("GS-{series}-{low:02}/{high:02}")
    }
}

/// An opening's fields as a form sends them: all text, parsed by
/// [`OpeningForm::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningForm {
    pub title: String,
    pub series: String,
    pub grade_low: String,
    pub grade_high: String,
    /// Ids of NICE work roles.
    #[serde(default)]
    pub work_roles: Vec<String>,
    /// Duty locations, one a line ("Washington, DC").
    pub locations: String,
    pub workplace: String,
    pub salary_min: String,
    pub salary_max: String,
    pub appointment: String,
    pub who_may_apply: String,
    pub vacancies: String,
    pub hiring_method: String,
    pub summary: String,
    pub duties: String,
    pub qualifications: String,
    /// Markdown.
    pub evaluation: String,
    /// `YYYY-MM-DD` (the day starts at 00:00 Eastern).
    pub opens_on: String,
    /// `YYYY-MM-DD` (the day ends at 23:59:59 Eastern).
    pub closes_on: String,
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    pub fn parse(value: &str) -> Result<Self, String> {
        let message = || "Enter a date like 2026-12-31.".to_owned();
        let mut parts = value.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(message());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(message());
        }
        let year: i32 = y.parse().map_err(|_| message())?;
        let month: u8 = m.parse().map_err(|_| message())?;
        let day: u8 = d.parse().map_err(|_| message())?;
        if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return Err(message());
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day > days_in_month {
            return Err(message());
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An opening's fields, checked. Text fields may be empty in a draft;
/// [`OpeningFields::check_complete`] says what publishing still needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningFields {
    pub title: String,
    pub series: String,
    pub grade_low: u8,
    pub grade_high: u8,
    pub work_roles: Vec<String>,
    pub locations: Vec<String>,
    pub workplace: WorkplaceType,
    pub salary_min: Option<u32>,
    pub salary_max: Option<u32>,
    pub appointment: String,
    pub who_may_apply: String,
    pub vacancies: u32,
    pub hiring_method: HiringMethod,
    pub summary: String,
    pub duties: String,
    pub qualifications: String,
    pub evaluation: String,
    pub opens_on: Option<Day>,
    pub closes_on: Option<Day>,
}

/// Field errors: (field name, message).
pub type FieldErrors = Vec<(String, String)>;

const SHORT_TEXT: usize = 200;
const LONG_TEXT: usize = 8_000;

fn text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    max_chars: usize,
    multiline: bool,
) -> String {
    let value = value.trim();
    if value.chars().count() > max_chars {
        errors.push((field.into(), format!("Use at most {max_chars} characters.")));
    } else if value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        errors.push((field.into(), "Remove the control characters.".into()));
    }
    value.replace("\r\n", "\n")
}

fn optional_number(errors: &mut FieldErrors, field: &str, value: &str, max: u32) -> Option<u32> {
    let cleaned: String = value
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    match cleaned.parse::<u32>() {
        Ok(n) if n <= max => Some(n),
        _ => {
            errors.push((
                field.into(),
                format!("Enter a whole number from 0 to {max}."),
            ));
            None
        }
    }
}

impl OpeningForm {
    /// Checks every field's format. A draft may leave fields empty.
    pub fn parse(&self) -> Result<OpeningFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", &self.title, SHORT_TEXT, false);
        if title.is_empty() {
            errors.push(("title".into(), "Enter a title.".into()));
        }
        let series = self.series.trim().to_owned();
        let four_digits = series.len() == 4 && series.bytes().all(|b| b.is_ascii_digit());
        if !series.is_empty() && !four_digits {
            errors.push((
                "series".into(),
                "Enter a four-digit job series, like 2210.".into(),
            ));
        }
        let grade = |errors: &mut FieldErrors, field: &str, value: &str| -> u8 {
            let value = value
                .trim()
                .trim_start_matches("GS-")
                .trim_start_matches("gs-");
            match value.parse::<u8>() {
                Ok(g) if (MIN_GRADE..=MAX_GRADE).contains(&g) => g,
                _ => {
                    errors.push((
                        field.into(),
                        format!("Choose a grade from GS-{MIN_GRADE} to GS-{MAX_GRADE}."),
                    ));
                    MIN_GRADE
                }
            }
        };
        let grade_low = grade(&mut errors, "grade_low", &self.grade_low);
        let grade_high = grade(&mut errors, "grade_high", &self.grade_high);
        if grade_high < grade_low {
            errors.push((
                "grade_high".into(),
                "The highest grade can’t be below the lowest.".into(),
            ));
        }
        let mut work_roles = Vec::new();
        for id in &self.work_roles {
            match work_role(id.trim()) {
                Some(role) if !work_roles.iter().any(|r| r == role.id) => {
                    work_roles.push(role.id.to_owned());
                }
                Some(_) => {}
                None => errors.push((
                    "work_roles".into(),
                    "Choose work roles from the list.".into(),
                )),
            }
        }
        let locations_text = text(&mut errors, "locations", &self.locations, 2_000, true);
        let locations: Vec<String> = locations_text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if locations.len() > 50 || locations.iter().any(|l| l.chars().count() > 100) {
            errors.push((
                "locations".into(),
                "List at most 50 locations of up to 100 characters each.".into(),
            ));
        }
        let workplace = self.workplace.parse().unwrap_or_else(|message| {
            errors.push(("workplace".into(), message));
            WorkplaceType::OnSite
        });
        let salary_min = optional_number(&mut errors, "salary_min", &self.salary_min, 1_000_000);
        let salary_max = optional_number(&mut errors, "salary_max", &self.salary_max, 1_000_000);
        if let (Some(min), Some(max)) = (salary_min, salary_max)
            && max < min
        {
            errors.push((
                "salary_max".into(),
                "The highest salary can’t be below the lowest.".into(),
            ));
        }
        let appointment = text(
            &mut errors,
            "appointment",
            &self.appointment,
            SHORT_TEXT,
            false,
        );
        let who_may_apply = text(
            &mut errors,
            "who_may_apply",
            &self.who_may_apply,
            SHORT_TEXT,
            false,
        );
        let vacancies = if self.vacancies.trim().is_empty() {
            1
        } else {
            match self.vacancies.trim().parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => n,
                _ => {
                    errors.push((
                        "vacancies".into(),
                        "Enter a number of vacancies from 1 to 10000.".into(),
                    ));
                    1
                }
            }
        };
        let hiring_method = self.hiring_method.parse().unwrap_or_else(|message| {
            errors.push(("hiring_method".into(), message));
            HiringMethod::CategoryRating
        });
        let summary = text(&mut errors, "summary", &self.summary, 2_000, true);
        let duties = text(&mut errors, "duties", &self.duties, LONG_TEXT, true);
        let qualifications = text(
            &mut errors,
            "qualifications",
            &self.qualifications,
            LONG_TEXT,
            true,
        );
        let evaluation = text(&mut errors, "evaluation", &self.evaluation, LONG_TEXT, true);
        let day = |errors: &mut FieldErrors, field: &str, value: &str| {
            if value.trim().is_empty() {
                return None;
            }
            Day::parse(value)
                .map_err(|message| errors.push((field.into(), message)))
                .ok()
        };
        let opens_on = day(&mut errors, "opens_on", &self.opens_on);
        let closes_on = day(&mut errors, "closes_on", &self.closes_on);
        if let (Some(opens), Some(closes)) = (opens_on, closes_on)
            && closes < opens
        {
            errors.push((
                "closes_on".into(),
                "The closing date can’t be before the opening date.".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OpeningFields {
            title,
            series,
            grade_low,
            grade_high,
            work_roles,
            locations,
            workplace,
            salary_min,
            salary_max,
            appointment,
            who_may_apply,
            vacancies,
            hiring_method,
            summary,
            duties,
            qualifications,
            evaluation,
            opens_on,
            closes_on,
        })
    }
}

impl OpeningFields {
    /// What a candidate needs to decide, all present: the field errors that
    /// stop publishing.
    pub fn check_complete(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut need = |missing: bool, field: &str, message: &str| {
            if missing {
                errors.push((field.into(), message.into()));
            }
        };
        need(
            self.series.is_empty(),
            "series",
            "Enter the job series before publishing.",
        );
        need(
            self.work_roles.is_empty(),
            "work_roles",
            "Choose at least one work role before publishing.",
        );
        need(
            self.locations.is_empty() && self.workplace != WorkplaceType::Remote,
            "locations",
            "List at least one duty location (or make the opening remote) before publishing.",
        );
        need(
            self.salary_min.is_none(),
            "salary_min",
            "Enter the lowest salary before publishing.",
        );
        need(
            self.salary_max.is_none(),
            "salary_max",
            "Enter the highest salary before publishing.",
        );
        need(
            self.appointment.is_empty(),
            "appointment",
            "Enter the appointment type before publishing.",
        );
        need(
            self.who_may_apply.is_empty(),
            "who_may_apply",
            "Say who may apply before publishing.",
        );
        need(
            self.summary.is_empty(),
            "summary",
            "Write a summary before publishing.",
        );
        need(
            self.duties.is_empty(),
            "duties",
            "Describe the duties before publishing.",
        );
        need(
            self.qualifications.is_empty(),
            "qualifications",
            "Describe the qualifications before publishing.",
        );
        need(
            self.evaluation.is_empty(),
            "evaluation",
            "Explain how applicants will be evaluated before publishing.",
        );
        need(
            self.opens_on.is_none(),
            "opens_on",
            "Enter the opening date before publishing.",
        );
        need(
            self.closes_on.is_none(),
            "closes_on",
            "Enter the closing date before publishing.",
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The form that shows these fields again (for editing and cloning).
    pub fn to_form(&self) -> OpeningForm {
        let opt = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
        OpeningForm {
            title: self.title.clone(),
            series: self.series.clone(),
            grade_low: self.grade_low.to_string(),
            grade_high: self.grade_high.to_string(),
            work_roles: self.work_roles.clone(),
            locations: self.locations.join("\n"),
            workplace: self.workplace.as_str().to_owned(),
            salary_min: opt(self.salary_min),
            salary_max: opt(self.salary_max),
            appointment: self.appointment.clone(),
            who_may_apply: self.who_may_apply.clone(),
            vacancies: self.vacancies.to_string(),
            hiring_method: self.hiring_method.as_str().to_owned(),
            summary: self.summary.clone(),
            duties: self.duties.clone(),
            qualifications: self.qualifications.clone(),
            evaluation: self.evaluation.clone(),
            opens_on: day(self.opens_on),
            closes_on: day(self.closes_on),
        }
    }
}

/// The kinds of question an opening can ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Eligibility or screening: yes or no.
    YesNo,
    /// Screening: one of several answers.
    MultipleChoice,
    /// A short essay: never scored and never required (Merit Hiring Plan).
    Essay,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 3] = [
        QuestionKind::YesNo,
        QuestionKind::MultipleChoice,
        QuestionKind::Essay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::YesNo => "yes_no",
            QuestionKind::MultipleChoice => "multiple_choice",
            QuestionKind::Essay => "essay",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::YesNo => "Yes or no",
            QuestionKind::MultipleChoice => "Multiple choice",
            QuestionKind::Essay => "Short essay (optional, never scored)",
        }
    }
}

impl FromStr for QuestionKind {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        QuestionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| "Choose the kind of question.".to_owned())
    }
}

/// At most this many short essay questions per opening.
pub const MAX_ESSAYS: usize = 4;
/// At most this many questions of any kind per opening.
pub const MAX_QUESTIONS: usize = 30;

/// A question as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionForm {
    pub kind: String,
    pub prompt: String,
    /// Multiple choice: the answers, one a line.
    #[serde(default)]
    pub choices: String,
    /// The answer that screens an applicant out; empty for none.
    #[serde(default)]
    pub knockout: String,
}

/// A checked question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub prompt: String,
    /// The answers offered (yes/no: "Yes" and "No"; essay: none).
    pub choices: Vec<String>,
    /// The answer that screens an applicant out (a knock-out question).
    pub knockout_answer: Option<String>,
}

impl QuestionForm {
    /// Checks the question on its own; `existing` are the opening's other
    /// questions (for the essay limit).
    pub fn parse(&self, existing: &[Question]) -> Result<Question, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = self.kind.parse().unwrap_or_else(|message| {
            errors.push(("kind".into(), message));
            QuestionKind::YesNo
        });
        let prompt = text(&mut errors, "prompt", &self.prompt, 500, false);
        if prompt.is_empty() {
            errors.push(("prompt".into(), "Write the question.".into()));
        }
        if existing.len() >= MAX_QUESTIONS {
            errors.push((
                "kind".into(),
                format!("An opening can ask at most {MAX_QUESTIONS} questions."),
            ));
        }
        let knockout = self.knockout.trim();
        let choices: Vec<String> = match kind {
            QuestionKind::YesNo => vec!["Yes".into(), "No".into()],
            QuestionKind::Essay => Vec::new(),
            QuestionKind::MultipleChoice => {
                let listed = text(&mut errors, "choices", &self.choices, 2_000, true);
                let mut choices: Vec<String> = Vec::new();
                for choice in listed.lines().map(str::trim).filter(|c| !c.is_empty()) {
                    if !choices.iter().any(|c| c == choice) {
                        choices.push(choice.to_owned());
                    }
                }
                if !(2..=10).contains(&choices.len())
                    || choices.iter().any(|c| c.chars().count() > 200)
                {
                    errors.push((
                        "choices".into(),
                        "List 2 to 10 different answers, one a line, each up to 200 characters."
                            .into(),
                    ));
                }
                choices
            }
        };
        if kind == QuestionKind::Essay {
            if !knockout.is_empty() {
                errors.push((
                    "knockout".into(),
                    "Essay answers are never scored, so they can’t screen anyone out.".into(),
                ));
            }
            if existing
                .iter()
                .filter(|q| q.kind == QuestionKind::Essay)
                .count()
                >= MAX_ESSAYS
            {
                errors.push((
                    "kind".into(),
                    format!("An opening can ask at most {MAX_ESSAYS} essay questions."),
                ));
            }
        } else if !knockout.is_empty() && !choices.iter().any(|c| c == knockout) {
            errors.push((
                "knockout".into(),
                "The screening-out answer must be one of the answers offered.".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Question {
            kind,
            prompt,
            choices,
            knockout_answer: (!knockout.is_empty() && kind != QuestionKind::Essay)
                .then(|| knockout.to_owned()),
        })
    }
}

/// "Closes today", "closes tomorrow", "closes in 5 days", "closed".
pub fn closing_in_words(days_left: i64) -> String {
    match days_left {
        d if d < 0 => "Closed".to_owned(),
        0 => "Closes today".to_owned(),
        1 => "Closes tomorrow".to_owned(),
        d => format!("Closes in {d} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn complete_form() -> OpeningForm {
        OpeningForm {
            title: "IT Specialist (INFOSEC)".into(),
            series: "2210".into(),
            grade_low: "11".into(),
            grade_high: "13".into(),
            work_roles: vec!["PD-WRL-003".into(), "PD-WRL-007".into()],
            locations: "Washington, DC\r\nDenver, CO\n".into(),
            workplace: "telework".into(),
            salary_min: "$84,601".into(),
            salary_max: "131,826".into(),
            appointment: "Term, 2 years".into(),
            who_may_apply: "U.S. citizens".into(),
            vacancies: "5".into(),
            hiring_method: "category_rating".into(),
            summary: "Defend federal networks.".into(),
            duties: "Respond to incidents.".into(),
            qualifications: "One year of specialized experience.".into(),
            evaluation: "A **hands-on** assessment.".into(),
            opens_on: "2026-12-01".into(),
            closes_on: "2026-12-15".into(),
        }
    }

    #[test]
    fn every_listed_transition_is_allowed_and_every_other_refused() {
        use LifecycleAction::*;
        use OpeningStatus::*;
        let allowed = [
            (Draft, Publish, Published),
            (Draft, Cancel, Cancelled),
            (Published, Close, Closed),
            (Published, Cancel, Cancelled),
        ];
        for from in OpeningStatus::ALL {
            for action in LifecycleAction::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(
                    transition(from, action).ok(),
                    expected,
                    "{from:?} {action:?}"
                );
            }
        }
        assert_eq!(allowed_actions(Draft), vec![Publish, Cancel]);
        assert_eq!(allowed_actions(Published), vec![Close, Cancel]);
        assert!(allowed_actions(Closed).is_empty());
        assert!(allowed_actions(Cancelled).is_empty());
        assert_eq!(
            transition(Closed, Publish).unwrap_err(),
            "A closed opening can’t be published."
        );
    }

    #[test]
    fn a_complete_form_parses_and_can_be_published() {
        let fields = complete_form().parse().unwrap();
        assert_eq!(fields.salary_min, Some(84_601));
        assert_eq!(fields.locations, vec!["Washington, DC", "Denver, CO"]);
        assert_eq!(fields.grade_low, 11);
        assert_eq!(fields.workplace, WorkplaceType::Telework);
        assert!(fields.check_complete().is_ok());
        assert_eq!(fields.to_form().parse().unwrap(), fields);
    }

    #[test]
    fn a_draft_needs_only_a_title_but_publishing_names_every_missing_field() {
        let form = OpeningForm {
            title: "Draft".into(),
            grade_low: "12".into(),
            grade_high: "12".into(),
            workplace: "on_site".into(),
            hiring_method: "direct_hire".into(),
            ..OpeningForm::default()
        };
        let fields = form.parse().unwrap();
        let missing: Vec<String> = fields
            .check_complete()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in [
            "series",
            "work_roles",
            "locations",
            "salary_min",
            "summary",
            "evaluation",
            "opens_on",
            "closes_on",
        ] {
            assert!(missing.iter().any(|f| f == field), "{field} missing");
        }
    }

    #[test]
    fn bad_fields_are_each_named() {
        let form = OpeningForm {
            title: " ".into(),
            series: "22a0".into(),
            grade_low: "13".into(),
            grade_high: "11".into(),
            work_roles: vec!["XX-WRL-999".into()],
            workplace: "moon".into(),
            salary_min: "lots".into(),
            vacancies: "0".into(),
            hiring_method: "lottery".into(),
            opens_on: "2026-02-30".into(),
            closes_on: "soon".into(),
            summary: "x".repeat(2_001),
            ..complete_form()
        };
        let errors: Vec<String> = form
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in [
            "title",
            "series",
            "grade_high",
            "work_roles",
            "workplace",
            "salary_min",
            "vacancies",
            "hiring_method",
            "opens_on",
            "closes_on",
            "summary",
        ] {
            assert!(errors.iter().any(|f| f == field), "{field} flagged");
        }
    }

    #[test]
    fn closing_dates_read_in_plain_words() {
        assert_eq!(closing_in_words(5), "Closes in 5 days");
        assert_eq!(closing_in_words(1), "Closes tomorrow");
        assert_eq!(closing_in_words(0), "Closes today");
        assert_eq!(closing_in_words(-1), "Closed");
        assert_eq!(grade_label("2210", 11, 13), "GS-2210-11/13");
        assert_eq!(grade_label("2210", 9, 9), "GS-2210-09");
    }

    #[test]
    fn questions_follow_the_merit_hiring_rules() {
        let yes_no = QuestionForm {
            kind: "yes_no".into(),
            prompt: "Are you a U.S. citizen?".into(),
            knockout: "No".into(),
            ..QuestionForm::default()
        };
        let question = yes_no.parse(&[]).unwrap();
        assert_eq!(question.choices, vec!["Yes", "No"]);
        assert_eq!(question.knockout_answer.as_deref(), Some("No"));

        let choice = QuestionForm {
            kind: "multiple_choice".into(),
            prompt: "Years of incident response experience?".into(),
            choices: "None\r\n1 to 3\n1 to 3\nMore than 3\n".into(),
            knockout: "None".into(),
        };
        assert_eq!(
            choice.parse(&[]).unwrap().choices,
            vec!["None", "1 to 3", "More than 3"]
        );
        let wrong_knockout = QuestionForm {
            knockout: "Maybe".into(),
            ..choice.clone()
        };
        assert_eq!(wrong_knockout.parse(&[]).unwrap_err()[0].0, "knockout");
        let one_choice = QuestionForm {
            choices: "Only".into(),
            knockout: String::new(),
            ..choice
        };
        assert_eq!(one_choice.parse(&[]).unwrap_err()[0].0, "choices");

        let essay = QuestionForm {
            kind: "essay".into(),
            prompt: "Describe a hard incident.".into(),
            ..QuestionForm::default()
        };
        let first = essay.parse(&[]).unwrap();
        assert!(first.choices.is_empty() && first.knockout_answer.is_none());
        let scored_essay = QuestionForm {
            knockout: "anything".into(),
            ..essay.clone()
        };
        assert_eq!(scored_essay.parse(&[]).unwrap_err()[0].0, "knockout");
        let four = vec![first.clone(), first.clone(), first.clone(), first];
        assert!(
            essay.parse(&four).unwrap_err()[0]
                .1
                .contains("at most 4 essay")
        );
        assert!(yes_no.parse(&four).is_ok(), "the limit is for essays only");
    }

    proptest! {
        #[test]
        fn any_form_text_parses_or_is_refused_without_panicking(
            title in "\\PC{0,300}",
            series in "\\PC{0,6}",
            grade in "\\PC{0,4}",
            salary in "\\PC{0,12}",
            date in "\\PC{0,12}",
        ) {
            let form = OpeningForm {
                title,
                series,
                grade_low: grade.clone(),
                grade_high: grade,
                salary_min: salary.clone(),
                salary_max: salary,
                opens_on: date.clone(),
                closes_on: date,
                ..complete_form()
            };
            if let Ok(fields) = form.parse() {
                prop_assert!(fields.title.chars().count() <= 200);
                prop_assert!((MIN_GRADE..=MAX_GRADE).contains(&fields.grade_low));
                prop_assert_eq!(fields.to_form().parse(), Ok(fields.clone()));
            }
        }

        #[test]
        fn valid_days_round_trip(year in 2000i32..=2100, month in 1u8..=12, day in 1u8..=28) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            prop_assert_eq!(Day::parse(&text).map(|d| d.to_string()), Ok(text));
        }
    }
}
