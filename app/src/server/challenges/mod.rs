//! Challenges on the server: judging answers and generating per-candidate
//! artefacts (answer keys never leave the server), and the staff library.

pub mod generators;
pub mod library;

use regex::RegexBuilder;

use crate::domain::challenge::AnswerKey;

/// The most memory a compiled answer pattern may take.
const REGEX_SIZE_LIMIT: usize = 256 * 1024;

/// Compiles an answer pattern, anchored to match the whole answer.
pub fn compile_pattern(pattern: &str) -> Result<regex::Regex, String> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|error| match error {
            regex::Error::CompiledTooBig(_) => {
                "That regular expression is too large: simplify it.".to_owned()
            }
            _ => "That regular expression is not valid: check its brackets and escapes.".to_owned(),
        })
}

/// Case and runs of whitespace do not matter.
fn loosely(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `given` answers a challenge. `generated` is the candidate's own
/// generated answer, for a generated challenge.
pub fn is_correct(key: &AnswerKey, given: &str, generated: Option<&str>) -> bool {
    let given = given.trim();
    match key {
        AnswerKey::Exact { answer } => given == answer.trim(),
        AnswerKey::CaseInsensitive { answer } => loosely(given) == loosely(answer),
        AnswerKey::Regex { pattern } => {
            compile_pattern(pattern).is_ok_and(|regex| regex.is_match(given))
        }
        AnswerKey::MultipleChoice { correct, .. } => given == correct.to_string(),
        AnswerKey::Generated { generator } => match (generators::generator(generator), generated) {
            (Some(g), Some(expected)) => {
                !given.is_empty() && g.normalise(given) == g.normalise(expected)
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_answers_ignore_only_surrounding_space() {
        let key = AnswerKey::Exact {
            answer: "flag{Case}".into(),
        };
        assert!(is_correct(&key, "  flag{Case}\n", None));
        assert!(!is_correct(&key, "flag{case}", None));
        assert!(!is_correct(&key, "flag{ Case}", None));
        assert!(!is_correct(&key, "", None));
    }

    #[test]
    fn loose_answers_ignore_case_and_spacing() {
        let key = AnswerKey::CaseInsensitive {
            answer: "Cross-Site  Scripting".into(),
        };
        assert!(is_correct(&key, "cross-site scripting", None));
        assert!(is_correct(&key, " CROSS-SITE\tSCRIPTING ", None));
        assert!(!is_correct(&key, "crosssite scripting", None));
    }

    #[test]
    fn patterns_match_the_whole_answer_and_bad_ones_are_refused() {
        let key = AnswerKey::Regex {
            pattern: r"CVE-\d{4}-\d{4,7}".into(),
        };
        assert!(is_correct(&key, "CVE-2021-44228", None));
        assert!(
            !is_correct(&key, "see CVE-2021-44228", None),
            "anchored at the start"
        );
        assert!(
            !is_correct(&key, "CVE-2021-44228 and more", None),
            "anchored at the end"
        );
        assert!(!is_correct(&key, "CVE-21-44228", None));
        // An alternation stays inside the anchors.
        let either = AnswerKey::Regex {
            pattern: "sha-?256|sha2".into(),
        };
        assert!(is_correct(&either, "sha256", None));
        assert!(!is_correct(&either, "sha256x", None));
        assert!(!is_correct(&either, "xsha2", None));
        assert!(compile_pattern("(unclosed").is_err());
        assert!(compile_pattern(r"\p{NotAClass}").is_err());
        assert!(compile_pattern(r"(\w{1000}){1000}").is_err(), "too big");
        // The classic catastrophic pattern is just another pattern here
        // (the regex crate matches in linear time).
        let evil = AnswerKey::Regex {
            pattern: "(a+)+b".into(),
        };
        assert!(!is_correct(&evil, &"a".repeat(50_000), None));
        assert!(is_correct(&evil, "aaab", None));
    }

    #[test]
    fn a_choice_is_judged_by_its_number() {
        let key = AnswerKey::MultipleChoice {
            choices: vec!["MD5".into(), "SHA-256".into()],
            correct: 1,
        };
        assert!(is_correct(&key, "1", None));
        assert!(!is_correct(&key, "0", None));
        assert!(!is_correct(&key, "SHA-256", None));
    }

    #[test]
    fn a_generated_answer_is_judged_against_the_candidates_own() {
        let key = AnswerKey::Generated {
            generator: "ssh-brute-force".into(),
        };
        assert!(is_correct(
            &key,
            "ALICE 203.0.113.9",
            Some("203.0.113.9 alice")
        ));
        assert!(!is_correct(
            &key,
            "203.0.113.9 bob",
            Some("203.0.113.9 alice")
        ));
        assert!(!is_correct(&key, "203.0.113.9 alice", None));
        let unknown = AnswerKey::Generated {
            generator: "gone".into(),
        };
        assert!(!is_correct(&unknown, "x", Some("x")));
    }
}
