//! Structured interview scorecards: every interviewer rates the same
//! competencies from 1 to 4, each with the evidence heard, and recommends
//! a decision. Plain Rust, shared by the form and the server.

use std::collections::HashMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The competencies every interview is scored on: (key, name, what a 4
/// looks like).
pub const COMPETENCIES: &[(&str, &str, &str)] = &[
    (
        "technical",
        "Technical knowledge",
        "Explains tools, protocols and attacks precisely and knows their limits.",
    ),
    (
        "analysis",
        "Analysis and problem solving",
        "Works from evidence to a conclusion and tests it.",
    ),
    (
        "incident",
        "Incident judgement",
        "Sets sound priorities under pressure and escalates at the right time.",
    ),
    (
        "communication",
        "Communication",
        "Explains findings clearly to technical and non-technical people.",
    ),
    (
        "teamwork",
        "Teamwork",
        "Shares knowledge and works well across teams and agencies.",
    ),
];

/// The meaning of each rating.
pub const RATINGS: [(i64, &str); 4] = [
    (1, "1 — Does not meet"),
    (2, "2 — Partly meets"),
    (3, "3 — Meets"),
    (4, "4 — Exceeds"),
];

/// The longest evidence for one competency.
pub const MAX_EVIDENCE_CHARS: usize = 2_000;

/// The interviewer's recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    Select,
    Hold,
    DoNotSelect,
}

impl Recommendation {
    pub const ALL: [Recommendation; 3] = [
        Recommendation::Select,
        Recommendation::Hold,
        Recommendation::DoNotSelect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Select => "select",
            Recommendation::Hold => "hold",
            Recommendation::DoNotSelect => "do_not_select",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recommendation::Select => "Select",
            Recommendation::Hold => "Hold for now",
            Recommendation::DoNotSelect => "Do not select",
        }
    }
}

impl FromStr for Recommendation {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Recommendation::ALL
            .into_iter()
            .find(|r| r.as_str() == value)
            .ok_or_else(|| "Choose your recommendation.".to_owned())
    }
}

/// One competency's rating and evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub competency: String,
    pub rating: i64,
    pub evidence: String,
}

/// A checked scorecard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub ratings: Vec<Rating>,
    pub recommendation: Recommendation,
}

/// The scorecard form as posted: `rating[key]`, `evidence[key]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardForm {
    #[serde(default)]
    pub rating: HashMap<String, String>,
    #[serde(default)]
    pub evidence: HashMap<String, String>,
    #[serde(default)]
    pub recommendation: String,
}

impl ScorecardForm {
    /// Every competency rated 1–4 with evidence, and a recommendation;
    /// otherwise a message per field (`rating-{key}`, `evidence-{key}`,
    /// `recommendation`).
    pub fn parse(&self) -> Result<Scorecard, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut ratings = Vec::new();
        for (key, name, _) in COMPETENCIES {
            let rating = self
                .rating
                .get(*key)
                .and_then(|r| r.trim().parse::<i64>().ok())
                .filter(|r| (1..=4).contains(r));
            let evidence = self
                .evidence
                .get(*key)
                .map(|e| e.trim().replace("\r\n", "\n"))
                .unwrap_or_default();
            if rating.is_none() {
                problems.push((format!("rating-{key}"), format!("Rate {name} from 1 to 4.")));
            }
            if evidence.is_empty() {
                problems.push((
                    format!("evidence-{key}"),
                    format!("Write the evidence for your rating of {name}."),
                ));
            } else if evidence.chars().count() > MAX_EVIDENCE_CHARS {
                problems.push((
                    format!("evidence-{key}"),
                    format!("Use at most {MAX_EVIDENCE_CHARS} characters."),
                ));
            } else if evidence
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            {
                problems.push((
                    format!("evidence-{key}"),
                    "Remove the control characters.".to_owned(),
                ));
            }
            if let Some(rating) = rating {
                ratings.push(Rating {
                    competency: (*key).to_owned(),
                    rating,
                    evidence,
                });
            }
        }
        let recommendation = self.recommendation.parse::<Recommendation>();
        if let Err(message) = &recommendation {
            problems.push(("recommendation".to_owned(), message.clone()));
        }
        match recommendation {
            Ok(recommendation) if problems.is_empty() => Ok(Scorecard {
                ratings,
                recommendation,
            }),
            _ => Err(problems),
        }
    }
}

/// The competency's name for a key.
pub fn competency_name(key: &str) -> &str {
    COMPETENCIES
        .iter()
        .find(|(k, ..)| *k == key)
        .map_or(key, |(_, name, _)| name)
}

/// The mean rating of a scorecard, in tenths (3.4 is 34).
pub fn mean_tenths(card: &Scorecard) -> i64 {
    let n = i64::try_from(card.ratings.len()).unwrap_or(0);
    if n == 0 {
        return 0;
    }
    let total: i64 = card.ratings.iter().map(|r| r.rating).sum();
    (total * 10 + n / 2) / n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(rating: &str, evidence: &str, recommendation: &str) -> ScorecardForm {
        ScorecardForm {
            rating: COMPETENCIES
                .iter()
                .map(|(k, ..)| ((*k).to_owned(), rating.to_owned()))
                .collect(),
            evidence: COMPETENCIES
                .iter()
                .map(|(k, ..)| ((*k).to_owned(), evidence.to_owned()))
                .collect(),
            recommendation: recommendation.to_owned(),
        }
    }

    #[test]
    fn every_competency_needs_a_rating_and_evidence() {
        let card = form("3", " Walked through the triage. ", "select")
            .parse()
            .unwrap();
        assert_eq!(card.ratings.len(), COMPETENCIES.len());
        assert_eq!(card.ratings[0].evidence, "Walked through the triage.");
        assert_eq!(mean_tenths(&card), 30);
        let problems = form("5", "", "maybe").parse().unwrap_err();
        assert_eq!(problems.len(), COMPETENCIES.len() * 2 + 1);
        assert!(problems.contains(&(
            "rating-technical".to_owned(),
            "Rate Technical knowledge from 1 to 4.".to_owned()
        )));
        assert!(problems.iter().any(|(f, _)| f == "recommendation"));
        let long = form("2", &"x".repeat(MAX_EVIDENCE_CHARS + 1), "hold");
        assert_eq!(long.parse().unwrap_err().len(), COMPETENCIES.len());
    }

    #[test]
    fn the_mean_rounds_to_tenths() {
        let mut card = form("4", "e", "select").parse().unwrap();
        card.ratings[0].rating = 1;
        // (1 + 4 × 4) / 5 = 3.4
        assert_eq!(mean_tenths(&card), 34);
        assert_eq!(competency_name("teamwork"), "Teamwork");
    }
}
