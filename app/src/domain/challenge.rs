//! Hands-on challenges: what staff author and how an answer is judged.
//! The rules that need no server (categories, the form's checks) live
//! here; checking an answer and generating per-candidate artefacts are
//! server-only (`server::challenges`), so answer keys never reach a
//! browser bundle.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a challenge exercises, mapped to NICE Workforce Framework work
/// roles (ids as in [`crate::domain::opening::WORK_ROLES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    IncidentResponse,
    NetworkDefense,
    VulnerabilityAssessment,
    DigitalForensics,
    SecureCodeReview,
    Cryptography,
    ThreatAnalysis,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::IncidentResponse,
        Category::NetworkDefense,
        Category::VulnerabilityAssessment,
        Category::DigitalForensics,
        Category::SecureCodeReview,
        Category::Cryptography,
        Category::ThreatAnalysis,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::IncidentResponse => "incident_response",
            Category::NetworkDefense => "network_defense",
            Category::VulnerabilityAssessment => "vulnerability_assessment",
            Category::DigitalForensics => "digital_forensics",
            Category::SecureCodeReview => "secure_code_review",
            Category::Cryptography => "cryptography",
            Category::ThreatAnalysis => "threat_analysis",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::IncidentResponse => "Incident response",
            Category::NetworkDefense => "Network defense",
            Category::VulnerabilityAssessment => "Vulnerability assessment",
            Category::DigitalForensics => "Digital forensics",
            Category::SecureCodeReview => "Secure code review",
            Category::Cryptography => "Cryptography",
            Category::ThreatAnalysis => "Threat analysis",
        }
    }

    /// The NICE work roles this category gives evidence for.
    pub fn work_roles(self) -> &'static [&'static str] {
        match self {
            Category::IncidentResponse => &["PD-WRL-003", "PD-WRL-001"],
            Category::NetworkDefense => &["PD-WRL-001", "IO-WRL-004", "PD-WRL-004"],
            Category::VulnerabilityAssessment => &["PD-WRL-007", "OG-WRL-012", "DD-WRL-007"],
            Category::DigitalForensics => &["PD-WRL-002", "IN-WRL-002", "IN-WRL-001"],
            Category::SecureCodeReview => &["DD-WRL-005", "DD-WRL-003"],
            Category::Cryptography => &["DD-WRL-001", "IO-WRL-006"],
            Category::ThreatAnalysis => &["PD-WRL-006", "PD-WRL-005"],
        }
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == value)
            .ok_or_else(|| "Choose a category.".to_owned())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Introductory,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [
        Difficulty::Introductory,
        Difficulty::Intermediate,
        Difficulty::Advanced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Introductory => "introductory",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Introductory => "Introductory",
            Difficulty::Intermediate => "Intermediate",
            Difficulty::Advanced => "Advanced",
        }
    }
}

impl FromStr for Difficulty {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Difficulty::ALL
            .into_iter()
            .find(|d| d.as_str() == value)
            .ok_or_else(|| "Choose a difficulty.".to_owned())
    }
}

/// How a submitted answer is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The answer exactly (surrounding whitespace ignored).
    Exact,
    /// The answer, ignoring case and runs of whitespace (a short-answer
    /// knowledge question, or a flag).
    CaseInsensitive,
    /// A regular expression matching the whole answer.
    Regex,
    /// One of the offered choices (a multiple-choice question).
    MultipleChoice,
    /// A per-candidate artefact and answer from a built-in generator.
    Generated,
}

impl CheckKind {
    pub const ALL: [CheckKind; 5] = [
        CheckKind::Exact,
        CheckKind::CaseInsensitive,
        CheckKind::Regex,
        CheckKind::MultipleChoice,
        CheckKind::Generated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Exact => "exact",
            CheckKind::CaseInsensitive => "case_insensitive",
            CheckKind::Regex => "regex",
            CheckKind::MultipleChoice => "multiple_choice",
            CheckKind::Generated => "generated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Exact => "Exact answer",
            CheckKind::CaseInsensitive => "Answer, ignoring case and spacing",
            CheckKind::Regex => "Regular expression (matches the whole answer)",
            CheckKind::MultipleChoice => "Multiple choice",
            CheckKind::Generated => "Generated for each candidate",
        }
    }
}

impl FromStr for CheckKind {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        CheckKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| "Choose how answers are checked.".to_owned())
    }
}

/// The generators built into the portal: (id, name, what it asks).
pub const GENERATORS: &[(&str, &str)] = &[
    (
        "ssh-brute-force",
        "SSH authentication log with a brute-force break-in",
    ),
    (
        "web-sqli",
        "Web server access log with a SQL-injection attack",
    ),
    (
        "encoded-flag",
        "Encoded payload chain (base64, XOR, gzip) hiding a flag",
    ),
];

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_POINTS: i64 = 1_000;
pub const MAX_ATTEMPTS: i64 = 100;
pub const MAX_HINTS: usize = 5;
pub const MAX_CHOICES: usize = 8;
pub const MAX_ANSWER_CHARS: usize = 500;

/// A hint: its text, and the points it costs to reveal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    pub text: String,
    pub cost: i64,
}

/// The answer key, by kind. Staff only: never sent to a candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerKey {
    Exact {
        answer: String,
    },
    CaseInsensitive {
        answer: String,
    },
    Regex {
        pattern: String,
    },
    MultipleChoice {
        choices: Vec<String>,
        correct: usize,
    },
    Generated {
        generator: String,
    },
}

impl AnswerKey {
    pub fn kind(&self) -> CheckKind {
        match self {
            AnswerKey::Exact { .. } => CheckKind::Exact,
            AnswerKey::CaseInsensitive { .. } => CheckKind::CaseInsensitive,
            AnswerKey::Regex { .. } => CheckKind::Regex,
            AnswerKey::MultipleChoice { .. } => CheckKind::MultipleChoice,
            AnswerKey::Generated { .. } => CheckKind::Generated,
        }
    }
}

/// A challenge's fields, checked (the regular expression is compiled by
/// the server before it is saved).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeFields {
    pub title: String,
    pub category: Category,
    pub difficulty: Difficulty,
    pub points: i64,
    /// Markdown.
    pub description: String,
    pub max_attempts: i64,
    pub hints: Vec<Hint>,
    pub key: AnswerKey,
}

/// A challenge form as submitted (every field text, as a browser sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeForm {
    pub title: String,
    pub category: String,
    pub difficulty: String,
    pub points: String,
    pub description: String,
    pub max_attempts: String,
    pub check: String,
    /// The exact or case-insensitive answer, or the regular expression.
    pub answer: String,
    /// Choices, one a line; the correct one starts with `*`.
    pub choices: String,
    pub generator: String,
    /// Hints, one a line: `cost | text`.
    pub hints: String,
}

fn number(
    value: &str,
    field: &str,
    min: i64,
    max: i64,
    problems: &mut Vec<(String, String)>,
) -> i64 {
    match value.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            problems.push((
                field.to_owned(),
                format!("Enter a whole number from {min} to {max}."),
            ));
            min
        }
    }
}

impl ChallengeForm {
    /// Checks every field; each problem is named on its field.
    pub fn parse(&self) -> Result<ChallengeFields, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: &str| {
            problems.push((field.to_owned(), message.to_owned()));
        };
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            problem("title", "Enter a title.");
        } else if title.chars().count() > MAX_TITLE_CHARS {
            problem("title", "A title can be at most 120 characters.");
        }
        let category = self.category.parse().unwrap_or_else(|e: String| {
            problem("category", &e);
            Category::IncidentResponse
        });
        let difficulty = self.difficulty.parse().unwrap_or_else(|e: String| {
            problem("difficulty", &e);
            Difficulty::Introductory
        });
        let description = self.description.replace("\r\n", "\n").trim().to_owned();
        if description.is_empty() {
            problem(
                "description",
                "Describe the task: what the candidate is asked to find.",
            );
        } else if description.chars().count() > MAX_DESCRIPTION_CHARS {
            problem(
                "description",
                "A description can be at most 20,000 characters.",
            );
        }
        let check: Option<CheckKind> = self
            .check
            .parse()
            .map_err(|e: String| problem("check", &e))
            .ok();
        let answer = self.answer.trim().to_owned();
        let key = match check {
            Some(CheckKind::Exact | CheckKind::CaseInsensitive | CheckKind::Regex)
                if answer.is_empty() =>
            {
                problem(
                    "answer",
                    "Enter the answer (or the regular expression) that is accepted.",
                );
                None
            }
            Some(_) if answer.chars().count() > MAX_ANSWER_CHARS => {
                problem("answer", "An answer can be at most 500 characters.");
                None
            }
            Some(CheckKind::Exact) => Some(AnswerKey::Exact { answer }),
            Some(CheckKind::CaseInsensitive) => Some(AnswerKey::CaseInsensitive { answer }),
            Some(CheckKind::Regex) => Some(AnswerKey::Regex { pattern: answer }),
            Some(CheckKind::MultipleChoice) => {
                let lines: Vec<&str> = self
                    .choices
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                let correct: Vec<usize> = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.starts_with('*'))
                    .map(|(i, _)| i)
                    .collect();
                let choices: Vec<String> = lines
                    .iter()
                    .map(|l| l.trim_start_matches('*').trim().to_owned())
                    .collect();
                if choices.len() < 2 || choices.len() > MAX_CHOICES {
                    problem("choices", "Give from 2 to 8 choices, one a line.");
                    None
                } else if correct.len() != 1 {
                    problem(
                        "choices",
                        "Mark exactly one choice as correct by starting its line with *.",
                    );
                    None
                } else if choices
                    .iter()
                    .any(|c| c.is_empty() || c.chars().count() > MAX_ANSWER_CHARS)
                {
                    problem(
                        "choices",
                        "Every choice needs text (at most 500 characters).",
                    );
                    None
                } else {
                    Some(AnswerKey::MultipleChoice {
                        choices,
                        correct: correct[0],
                    })
                }
            }
            Some(CheckKind::Generated) => {
                if GENERATORS.iter().any(|(id, _)| *id == self.generator) {
                    Some(AnswerKey::Generated {
                        generator: self.generator.clone(),
                    })
                } else {
                    problem("generator", "Choose a generator.");
                    None
                }
            }
            None => None,
        };
        let mut hints = Vec::new();
        for line in self.hints.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.split_once('|') {
                Some((cost, text))
                    if cost
                        .trim()
                        .parse::<i64>()
                        .is_ok_and(|c| (0..=MAX_POINTS).contains(&c))
                        && !text.trim().is_empty() =>
                {
                    hints.push(Hint {
                        text: text.trim().to_owned(),
                        cost: cost.trim().parse().unwrap_or(0),
                    });
                }
                _ => {
                    problem(
                        "hints",
                        "Write each hint as “cost | text”, for example “10 | Look at failed logins.”",
                    );
                    break;
                }
            }
        }
        if hints.len() > MAX_HINTS {
            problem("hints", "A challenge can have at most 5 hints.");
        }
        let points = number(&self.points, "points", 1, MAX_POINTS, &mut problems);
        let max_attempts = number(
            &self.max_attempts,
            "max_attempts",
            1,
            MAX_ATTEMPTS,
            &mut problems,
        );
        if hints.iter().map(|h| h.cost).sum::<i64>() > points {
            problems.push((
                "hints".to_owned(),
                "Hints together cannot cost more than the challenge is worth.".to_owned(),
            ));
        }
        match key {
            Some(key) if problems.is_empty() => Ok(ChallengeFields {
                title,
                category,
                difficulty,
                points,
                description,
                max_attempts,
                hints,
                key,
            }),
            _ => Err(problems),
        }
    }

    /// The form filled in from stored fields (to edit them).
    pub fn from_fields(fields: &ChallengeFields) -> ChallengeForm {
        let (answer, choices, generator) = match &fields.key {
            AnswerKey::Exact { answer } | AnswerKey::CaseInsensitive { answer } => {
                (answer.clone(), String::new(), String::new())
            }
            AnswerKey::Regex { pattern } => (pattern.clone(), String::new(), String::new()),
            AnswerKey::MultipleChoice { choices, correct } => (
                String::new(),
                choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if i == *correct {
                            format!("* {c}")
                        } else {
                            c.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                String::new(),
            ),
            AnswerKey::Generated { generator } => (String::new(), String::new(), generator.clone()),
        };
        ChallengeForm {
            title: fields.title.clone(),
            category: fields.category.as_str().to_owned(),
            difficulty: fields.difficulty.as_str().to_owned(),
            points: fields.points.to_string(),
            description: fields.description.clone(),
            max_attempts: fields.max_attempts.to_string(),
            check: fields.key.kind().as_str().to_owned(),
            answer,
            choices,
            generator,
            hints: fields
                .hints
                .iter()
                .map(|h| format!("{} | {}", h.cost, h.text))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ChallengeForm {
        ChallengeForm {
            title: "Find the intruder".into(),
            category: "incident_response".into(),
            difficulty: "intermediate".into(),
            points: "100".into(),
            description: "Read the log.".into(),
            max_attempts: "5".into(),
            check: "case_insensitive".into(),
            answer: "flag{x}".into(),
            choices: String::new(),
            generator: String::new(),
            hints: "10 | Look at failed logins.\n20 | Then at the success.".into(),
        }
    }

    #[test]
    fn a_complete_form_becomes_a_challenge_and_back() {
        let fields = form().parse().unwrap();
        assert_eq!(
            fields.key,
            AnswerKey::CaseInsensitive {
                answer: "flag{x}".into()
            }
        );
        assert_eq!(fields.hints.len(), 2);
        assert_eq!(fields.hints[1].cost, 20);
        assert_eq!(ChallengeForm::from_fields(&fields).parse().unwrap(), fields);
    }

    #[test]
    fn each_problem_is_named_on_its_field() {
        let bad = ChallengeForm {
            title: " ".into(),
            points: "0".into(),
            max_attempts: "many".into(),
            hints: "ten | nope".into(),
            check: "telepathy".into(),
            ..form()
        };
        let fields: Vec<String> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in ["title", "points", "max_attempts", "hints", "check"] {
            assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
        }
        let costly = ChallengeForm {
            hints: "60 | a\n50 | b".into(),
            ..form()
        };
        assert!(costly.parse().is_err(), "hints cost more than the points");
    }

    #[test]
    fn multiple_choice_needs_exactly_one_correct_choice() {
        let choice = |choices: &str| {
            ChallengeForm {
                check: "multiple_choice".into(),
                choices: choices.into(),
                ..form()
            }
            .parse()
        };
        assert_eq!(
            choice("SHA-1\n* SHA-256\nMD5").unwrap().key,
            AnswerKey::MultipleChoice {
                choices: vec!["SHA-1".into(), "SHA-256".into(), "MD5".into()],
                correct: 1
            }
        );
        assert!(choice("SHA-1\nSHA-256").is_err(), "none marked");
        assert!(choice("* SHA-1\n* SHA-256").is_err(), "two marked");
        assert!(choice("* SHA-1").is_err(), "one choice");
    }

    #[test]
    fn a_generated_check_names_a_built_in_generator() {
        let generated = |id: &str| {
            ChallengeForm {
                check: "generated".into(),
                generator: id.into(),
                ..form()
            }
            .parse()
        };
        for (id, _) in GENERATORS {
            assert_eq!(
                generated(id).unwrap().key,
                AnswerKey::Generated {
                    generator: (*id).into()
                }
            );
        }
        assert!(generated("rot13").is_err());
    }

    #[test]
    fn every_category_names_known_work_roles() {
        for category in Category::ALL {
            assert_eq!(category.as_str().parse::<Category>(), Ok(category));
            for role in category.work_roles() {
                assert!(crate::domain::opening::work_role(role).is_some(), "{role}");
            }
        }
    }
}
