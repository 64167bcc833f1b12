//! Accounts: roles and what each may do, email addresses, passwords.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Who someone is to the portal. Ordered by reach: staff can do what a
/// hiring manager can, who can do what a candidate can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Candidate,
    HiringManager,
    Staff,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Candidate, Role::HiringManager, Role::Staff];

    /// The value stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::HiringManager => "hiring_manager",
            Role::Staff => "staff",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Role::Candidate => "Candidate",
            Role::HiringManager => "Hiring manager",
            Role::Staff => "Program staff",
        }
    }

    /// Staff and hiring managers see personal data of others: their
    /// sessions expire sooner when idle.
    pub fn is_privileged(self) -> bool {
        self >= Role::HiringManager
    }

    /// Whether this role may manage accounts (change roles, disable).
    pub fn can_manage_accounts(self) -> bool {
        self == Role::Staff
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == value)
            .ok_or_else(|| {
                format!("unknown role {value:?}: use candidate, hiring_manager or staff")
            })
    }
}

/// An email address, trimmed and lower-cased so that one person has one
/// account whatever the case they type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// The longest address accepted (RFC 5321's path limit).
    pub const MAX_LEN: usize = 254;

    pub fn parse(value: &str) -> Result<Self, String> {
        // Lower-cased first: some characters grow when lower-cased, and the
        // limits apply to what is stored.
        let lowered = value.trim().to_lowercase();
        let value = lowered.as_str();
        if value.is_empty() {
            return Err("Enter your email address.".into());
        }
        if value.len() > Self::MAX_LEN {
            return Err(format!(
                "An email address can have at most {} characters.",
                Self::MAX_LEN
            ));
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err("Enter an email address like name@example.gov.".into());
        };
        let well_formed = !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && value
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>')
            && !local.contains('@')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if !well_formed {
            return Err("Enter an email address like name@example.gov.".into());
        }
        Ok(Self(lowered))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's name as they want it shown: 1 to 200 characters, no control
/// characters, surrounding spaces removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() {
            return Err("Enter your name.".into());
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(format!("Use at most {} characters.", Self::MAX_CHARS));
        }
        if value.chars().any(char::is_control) {
            return Err("Use letters, spaces and punctuation only.".into());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number as people write it: digits with optional `+`,
/// spaces, dots, dashes, parentheses and an extension (`x123`); 7 to 15
/// digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        let (number, extension) = match value.to_lowercase().split_once(['x', '#']) {
            Some((number, extension)) => (number.to_owned(), Some(extension.trim().to_owned())),
            None => (value.to_owned(), None),
        };
        let digits = number.chars().filter(char::is_ascii_digit).count();
        let allowed = number
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
            && number.chars().filter(|c| *c == '+').count() <= 1
            && !number.chars().skip(1).any(|c| c == '+');
        let extension_ok = extension
            .as_deref()
            .is_none_or(|e| !e.is_empty() && e.len() <= 6 && e.chars().all(|c| c.is_ascii_digit()));
        if value.is_empty() || !allowed || !(7..=15).contains(&digits) || !extension_ok {
            return Err("Enter a phone number like 202-555-0123 or +1 202 555 0123.".into());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the length rules of NIST SP 800-63B for an
/// account whose only factor is the password: at least 15 characters
/// (counted as Unicode code points), at most 1,000, anything allowed, never
/// truncated. Whether it is too common or guessable is checked on the
/// server, which has the dictionaries.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 15;
    pub const MAX_CHARS: usize = 1000;

    pub fn parse(value: &str) -> Result<Self, String> {
        let chars = value.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(format!(
                "Use at least {} characters (you used {chars}). A few unrelated words make a strong, memorable password.",
                Self::MIN_CHARS
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(format!("Use at most {} characters.", Self::MAX_CHARS));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn roles_are_ordered_by_reach_and_round_trip_through_text() {
        assert!(Role::Staff > Role::HiringManager && Role::HiringManager > Role::Candidate);
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("admin".parse::<Role>().is_err());
        assert!(Role::Staff.can_manage_accounts());
        assert!(!Role::HiringManager.can_manage_accounts());
        assert!(Role::HiringManager.is_privileged());
        assert!(!Role::Candidate.is_privileged());
    }

    #[test]
    fn email_addresses_are_normalised() {
        assert_eq!(
            Email::parse("  Pat.Doe@Agency.GOV ").map(|e| e.to_string()),
            Ok("pat.doe@agency.gov".to_owned())
        );
        for bad in [
            "",
            "pat",
            "pat@",
            "@agency.gov",
            "pat@agency",
            "pat doe@agency.gov",
            "pat@agency..gov",
            "pat@.gov",
            "<pat@agency.gov>",
            "pat@agency.gov\r\nBcc: x@y.z",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn passwords_count_code_points_not_bytes() {
        assert!(
            NewPassword::parse("ééééééééééééééé").is_ok(),
            "15 code points, 30 bytes"
        );
        assert!(
            NewPassword::parse("éééééééééééééé").is_err(),
            "14 code points"
        );
        assert!(NewPassword::parse(&"x".repeat(1000)).is_ok());
        assert!(NewPassword::parse(&"x".repeat(1001)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("correct horse battery").unwrap()),
            "NewPassword(<redacted>)"
        );
    }

    #[test]
    fn names_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(PersonName::parse("  Pat Doe ").unwrap().as_str(), "Pat Doe");
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"n".repeat(201)).is_err());
        assert!(PersonName::parse("Pat\r\nBcc: x").is_err());
        assert!(PersonName::parse("Zoë O’Brien-Núñez").is_ok());
    }

    #[test]
    fn phone_numbers_take_the_usual_forms() {
        for good in [
            "202-555-0123",
            "+1 202 555 0123",
            "(202) 555.0123 x42",
            "2025550123",
        ] {
            assert!(PhoneNumber::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "555",
            "call me",
            "202-555-0123 x",
            "1+202",
            "+1 202 555 0123 4567 89",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_password_of_allowed_length_is_kept_whole(p in "\\PC{15,200}") {
            let parsed = NewPassword::parse(&p).unwrap();
            prop_assert_eq!(parsed.expose(), p.as_str());
        }

        #[test]
        fn short_passwords_are_always_refused(p in "\\PC{0,14}") {
            prop_assert!(NewPassword::parse(&p).is_err());
        }

        #[test]
        fn parsed_emails_are_lower_case_trimmed_and_stable(
            local in "[A-Za-z0-9._+-]{1,30}",
            domain in "[A-Za-z0-9-]{1,20}\\.[A-Za-z]{2,6}",
        ) {
            let raw = format!("  {local}@{domain} ");
            let email = Email::parse(&raw).unwrap();
            prop_assert_eq!(email.as_str(), raw.trim().to_lowercase());
            // Parsing again changes nothing.
            prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email.clone());
        }

        #[test]
        fn a_parsed_email_always_parses_again(s in "\\PC{1,40}@[a-zA-Z\u{23a}\u{130}]{1,40}\\.gov") {
            if let Ok(email) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }

        #[test]
        fn email_parsing_never_panics(s in "\\PC{0,300}") {
            let _ = Email::parse(&s);
        }

        #[test]
        fn phone_parsing_never_panics(s in "\\PC{0,40}") {
            let _ = PhoneNumber::parse(&s);
        }
    }
}
