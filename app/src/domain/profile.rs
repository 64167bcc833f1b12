//! A candidate's profile: the details every application starts from.

use serde::{Deserialize, Serialize};

use crate::domain::application::VeteransPreference;

/// The longest legal name accepted.
pub const MAX_LEGAL_NAME_CHARS: usize = 200;

/// A profile as the candidate submits it, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub legal_name: String,
    /// The candidate states they are a U.S. citizen or national.
    pub citizen: bool,
    pub veterans_preference: VeteransPreference,
}

impl ProfileForm {
    /// Checks the submitted fields; each problem is named on its field.
    pub fn parse(
        legal_name: &str,
        citizen: Option<&str>,
        veterans_preference: &str,
    ) -> Result<ProfileForm, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let legal_name = legal_name.split_whitespace().collect::<Vec<_>>().join(" ");
        if legal_name.is_empty() {
            problems.push((
                "legal_name".to_owned(),
                "Enter your full legal name, as on your identity documents.".to_owned(),
            ));
        } else if legal_name.chars().count() > MAX_LEGAL_NAME_CHARS {
            problems.push((
                "legal_name".to_owned(),
                format!("A legal name can be at most {MAX_LEGAL_NAME_CHARS} characters."),
            ));
        } else if legal_name.chars().any(char::is_control) {
            problems.push((
                "legal_name".to_owned(),
                "A legal name cannot contain control characters.".to_owned(),
            ));
        }
        let citizen = match citizen {
            None | Some("") => false,
            Some("yes") => true,
            Some(_) => {
                problems.push((
                    "citizen".to_owned(),
                    "Tick the box if you are a U.S. citizen or national.".to_owned(),
                ));
                false
            }
        };
        let veterans_preference = match veterans_preference.parse() {
            Ok(v) => v,
            Err(message) => {
                problems.push(("veterans_preference".to_owned(), message));
                VeteransPreference::None
            }
        };
        if problems.is_empty() {
            Ok(ProfileForm {
                legal_name,
                citizen,
                veterans_preference,
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_checked_field_by_field() {
        let form = ProfileForm::parse("  Ada   King  Lovelace ", Some("yes"), "cps").unwrap();
        assert_eq!(form.legal_name, "Ada King Lovelace");
        assert!(form.citizen);
        assert_eq!(form.veterans_preference, VeteransPreference::Cps);

        let form = ProfileForm::parse("Grace Hopper", None, "none").unwrap();
        assert!(!form.citizen);

        let problems = ProfileForm::parse(" ", Some("maybe"), "10-point").unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["legal_name", "citizen", "veterans_preference"]);

        let long = "a".repeat(MAX_LEGAL_NAME_CHARS + 1);
        assert!(ProfileForm::parse(&long, None, "none").is_err());
        assert!(ProfileForm::parse("Bad\u{7}Name", None, "none").is_err());
    }
}
