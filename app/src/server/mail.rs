//! Every email the portal sends, as plain text and HTML, in one place.
//! Messages are queued in the outbox (see `db::outbox`) in the transaction
//! of the change that causes them; a worker sends them.

use crate::PROGRAM_NAME;
use crate::domain::account::Email;

/// A message ready to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML bodies.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Builds a message from a greeting, paragraphs, and an optional link
/// (label, URL) shown as a button in HTML and on its own line in text.
fn compose(
    to: &Email,
    name: &str,
    subject: &str,
    paragraphs: &[&str],
    link: Option<(&str, &str)>,
) -> Mail {
    let greeting = format!("Hello {name},");
    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"en\"><body style=\"font-family: sans-serif; line-height: 1.5\">\
         <p>{}</p>",
        escape(&greeting)
    );
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    if let Some((label, url)) = link {
        text.push_str(&format!("{label}:\n{url}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\" style=\"background:#005ea2;color:#fff;padding:.5em 1em;text-decoration:none;border-radius:.25em\">{}</a></p>\
             <p>Or copy this address into your browser: {}</p>",
            escape(url),
            escape(label),
            escape(url)
        ));
    }
    let signature = format!("— {PROGRAM_NAME}");
    text.push_str(&signature);
    text.push('\n');
    html.push_str(&format!("<p>{}</p></body></html>", escape(&signature)));
    Mail {
        to: to.clone(),
        subject: subject.to_owned(),
        text,
        html,
    }
}

pub fn verify_email(to: &Email, name: &str, link: &str) -> Mail {
    compose(
        to,
        name,
        "Confirm your email address",
        &[
            "Thank you for creating a Tech Force Portal account. Confirm that this is your email address to be able to apply for openings.",
            "The link works once and expires in 24 hours. If you did not create an account, you can ignore this message.",
        ],
        Some(("Confirm my email address", link)),
    )
}

/// Sent instead of a second account when someone signs up with an address
/// that already has one (the sign-up page says the same thing either way).
pub fn already_registered(to: &Email, name: &str, reset_link: &str) -> Mail {
    compose(
        to,
        name,
        "You already have an account",
        &[
            "Someone tried to create a Tech Force Portal account with this email address, which already has one.",
            "If it was you, sign in instead. If you forgot your password, you can choose a new one. If it wasn’t you, no action is needed: nothing has changed.",
        ],
        Some(("Choose a new password", reset_link)),
    )
}

pub fn reset_password(to: &Email, name: &str, link: &str) -> Mail {
    compose(
        to,
        name,
        "Choose a new password",
        &[
            "We received a request to choose a new password for your Tech Force Portal account.",
            "The link works once and expires in 1 hour. If you did not ask for this, ignore this message: your password has not changed.",
        ],
        Some(("Choose a new password", link)),
    )
}

pub fn password_changed(to: &Email, name: &str) -> Mail {
    compose(
        to,
        name,
        "Your password was changed",
        &[
            "The password of your Tech Force Portal account was just changed, and every other session was signed out.",
            "If you did not do this, choose a new password at once with “Forgot your password?” on the sign-in page, and tell the program office.",
        ],
        None,
    )
}

/// The candidate's copy of a submitted application (the "received"
/// touchpoint).
pub fn application_received(to: &Email, name: &str, number: &str, title: &str, link: &str) -> Mail {
    let paragraphs = [
        format!("We received your application {number} for {title}."),
        "We will email you again when it has been reviewed. You can follow it, and withdraw it, from your applications page.".to_owned(),
    ];
    compose(
        to,
        name,
        &format!("Application received: {title}"),
        &paragraphs.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(("See your application", link)),
    )
}

/// An assessment ended (handed in, or its time ran out).
pub fn assessment_completed(to: &Email, name: &str, number: &str, title: &str, link: &str) -> Mail {
    let paragraphs = [
        format!(
            "Your assessment for application {number} ({title}) is complete, and your answers are recorded."
        ),
        "The hiring team will review your results. We will email you when there is news."
            .to_owned(),
    ];
    compose(
        to,
        name,
        &format!("Assessment complete: {title}"),
        &paragraphs.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(("See your application", link)),
    )
}

/// An application screened out by a knock-out answer.
pub fn application_screened_out(
    to: &Email,
    name: &str,
    number: &str,
    title: &str,
    reason: &str,
    link: &str,
) -> Mail {
    let paragraphs = [
        format!(
            "Your application {number} for {title} does not meet an eligibility requirement, so it will not be reviewed further."
        ),
        format!("The reason: {reason}"),
        "You are welcome to apply for other openings.".to_owned(),
    ];
    compose(
        to,
        name,
        &format!("Your application for {title}"),
        &paragraphs.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(("See your application", link)),
    )
}

/// The candidate withdrew an application.
pub fn application_withdrawn(to: &Email, name: &str, number: &str, title: &str) -> Mail {
    let paragraphs = [
        format!("You withdrew your application {number} for {title}. It will not be considered."),
        "If you did not do this, tell the program office and change your password.".to_owned(),
    ];
    compose(
        to,
        name,
        &format!("Application withdrawn: {title}"),
        &paragraphs.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    )
}

/// Any other change to an application's status, in plain words: what it
/// is now and what it means.
pub fn application_status_changed(
    to: &Email,
    name: &str,
    number: &str,
    title: &str,
    status: &str,
    meaning: &str,
    link: &str,
) -> Mail {
    let paragraphs = [
        format!("Your application {number} for {title} is now: {status}."),
        meaning.to_owned(),
    ];
    compose(
        to,
        name,
        &format!("{status}: {title}"),
        &paragraphs.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(("See your application", link)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_link_in_both_bodies_and_escape_html() {
        let to = Email::parse("pat@agency.gov").unwrap();
        let mail = verify_email(
            &to,
            "Pat <script>",
            "https://tf.example.gov/verify-email?token=abc&x=1",
        );
        assert_eq!(mail.subject, "Confirm your email address");
        assert!(
            mail.text
                .contains("https://tf.example.gov/verify-email?token=abc&x=1")
        );
        assert!(
            mail.html
                .contains("https://tf.example.gov/verify-email?token=abc&amp;x=1")
        );
        assert!(mail.html.contains("Pat &lt;script&gt;"));
        assert!(!mail.html.contains("<script>"));
        assert!(mail.text.contains("Hello Pat <script>,"));
    }
}
