//! Assessments: the settings staff choose for an opening, and the one
//! place a sitting's score is computed.

use serde::{Deserialize, Serialize};

/// The most challenges one assessment holds.
pub const MAX_CHALLENGES: usize = 20;

/// An assessment's settings, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentSettings {
    /// Library challenge ids, in the order candidates see them.
    pub challenges: Vec<i64>,
    pub time_limit_minutes: i64,
    /// Percentages of the points available.
    pub pass_mark: i64,
    pub well_from: i64,
    pub best_from: i64,
}

/// The settings form as submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentForm {
    /// Chosen challenge ids.
    #[serde(default)]
    pub challenges: Vec<String>,
    pub time_limit_minutes: String,
    pub pass_mark: String,
    pub well_from: String,
    pub best_from: String,
}

impl AssessmentForm {
    pub fn parse(&self) -> Result<AssessmentSettings, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut number = |field: &str, value: &str, min: i64, max: i64, what: &str| match value
            .trim()
            .parse::<i64>()
        {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                problems.push((
                    field.to_owned(),
                    format!("Enter {what} from {min} to {max}."),
                ));
                min
            }
        };
        let time_limit_minutes = number(
            "time_limit_minutes",
            &self.time_limit_minutes,
            5,
            480,
            "a number of minutes",
        );
        let pass_mark = number("pass_mark", &self.pass_mark, 1, 100, "a percentage");
        let well_from = number("well_from", &self.well_from, 1, 100, "a percentage");
        let best_from = number("best_from", &self.best_from, 1, 100, "a percentage");
        let mut challenges = Vec::new();
        for id in &self.challenges {
            match id.trim().parse::<i64>() {
                Ok(id) if !challenges.contains(&id) => challenges.push(id),
                Ok(_) => {}
                Err(_) => {
                    problems.push((
                        "challenges".to_owned(),
                        "Choose challenges from the list.".to_owned(),
                    ));
                    break;
                }
            }
        }
        if challenges.is_empty() {
            problems.push((
                "challenges".to_owned(),
                "Choose at least one challenge.".to_owned(),
            ));
        } else if challenges.len() > MAX_CHALLENGES {
            problems.push((
                "challenges".to_owned(),
                format!("An assessment can hold at most {MAX_CHALLENGES} challenges."),
            ));
        }
        if problems.is_empty() && !(pass_mark <= well_from && well_from <= best_from) {
            problems.push((
                "well_from".to_owned(),
                "The bands must rise: pass mark ≤ Well Qualified ≤ Best Qualified.".to_owned(),
            ));
        }
        if problems.is_empty() {
            Ok(AssessmentSettings {
                challenges,
                time_limit_minutes,
                pass_mark,
                well_from,
                best_from,
            })
        } else {
            Err(problems)
        }
    }

    pub fn from_settings(settings: &AssessmentSettings) -> AssessmentForm {
        AssessmentForm {
            challenges: settings.challenges.iter().map(i64::to_string).collect(),
            time_limit_minutes: settings.time_limit_minutes.to_string(),
            pass_mark: settings.pass_mark.to_string(),
            well_from: settings.well_from.to_string(),
            best_from: settings.best_from.to_string(),
        }
    }
}

/// How one challenge went in a sitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChallengeOutcome {
    pub points: i64,
    pub solved: bool,
    /// What the hints the candidate revealed cost.
    pub hint_cost: i64,
}

/// (score, points available): a solved challenge earns its points less its
/// revealed hints (never below zero); an unsolved one earns nothing.
pub fn score(outcomes: &[ChallengeOutcome]) -> (i64, i64) {
    let earned = outcomes
        .iter()
        .filter(|o| o.solved)
        .map(|o| (o.points - o.hint_cost).max(0))
        .sum();
    (earned, outcomes.iter().map(|o| o.points).sum())
}

/// A score as a whole percentage of the points available (rounded down).
pub fn percent(score: i64, available: i64) -> i64 {
    if available <= 0 {
        0
    } else {
        score * 100 / available
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AssessmentForm {
        AssessmentForm {
            challenges: vec!["3".into(), "1".into(), "3".into()],
            time_limit_minutes: "90".into(),
            pass_mark: "70".into(),
            well_from: "80".into(),
            best_from: "90".into(),
        }
    }

    #[test]
    fn settings_keep_the_chosen_order_and_bands_must_rise() {
        let settings = form().parse().unwrap();
        assert_eq!(settings.challenges, vec![3, 1], "in order, once each");
        assert_eq!(
            AssessmentForm::from_settings(&settings).parse().unwrap(),
            settings
        );
        let falling = AssessmentForm {
            best_from: "75".into(),
            ..form()
        };
        assert_eq!(falling.parse().unwrap_err()[0].0, "well_from");
        let empty = AssessmentForm {
            challenges: vec![],
            time_limit_minutes: "0".into(),
            ..form()
        };
        let fields: Vec<String> = empty
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["time_limit_minutes", "challenges"]);
    }

    #[test]
    fn the_score_counts_solved_challenges_less_their_hints() {
        let outcomes = [
            ChallengeOutcome {
                points: 100,
                solved: true,
                hint_cost: 20,
            },
            ChallengeOutcome {
                points: 50,
                solved: false,
                hint_cost: 10,
            },
            ChallengeOutcome {
                points: 30,
                solved: true,
                hint_cost: 0,
            },
            ChallengeOutcome {
                points: 10,
                solved: true,
                hint_cost: 15,
            },
        ];
        assert_eq!(score(&outcomes), (110, 190));
        assert_eq!(percent(110, 190), 57);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(score(&[]), (0, 0));
    }
}
