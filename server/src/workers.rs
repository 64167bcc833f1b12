//! Background workers that run beside the web server in every process.
//!
//! The mail worker sends what the outbox holds: it claims one due message at
//! a time (a lease, so processes never send the same message at once),
//! sends it over SMTP or into the file drop, and records the outcome; a
//! failure waits with exponential backoff and is tried again, so an SMTP
//! outage delays mail but loses none.
//!
//! Delivery is at least once: if a process dies after the SMTP server took
//! a message but before it was marked sent, the lease runs out and the
//! message is sent again. Its `Message-ID` is derived from the outbox row,
//! so mail systems can recognise the repeat.

use std::time::Duration;

use anyhow::Context as _;
use app::server::db::Db;
use app::server::db::outbox::{Queued, claim_next, mark_failed, mark_sent};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use crate::config::{Config, MailTransport};

/// How long a claimed message is reserved for the worker that claimed it.
const LEASE: Duration = Duration::from_secs(120);
/// How often the worker looks for due mail when idle.
const POLL: Duration = Duration::from_millis(500);
/// The longest an SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

pub struct MailWorker {
    db: Db,
    transport: Transport,
    from: Mailbox,
    /// The domain in `Message-ID`s.
    domain: String,
}

impl MailWorker {
    pub fn new(config: &Config, db: Db) -> anyhow::Result<Self> {
        let transport = match &config.mail {
            MailTransport::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("invalid TECHFORCE_MAIL_URL")?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            MailTransport::File(dir) => {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the mail directory {}", dir.display())
                })?;
                Transport::File(AsyncFileTransport::<Tokio1Executor>::new(dir))
            }
        };
        let from: Mailbox = config
            .mail_from
            .parse()
            .with_context(|| format!("invalid TECHFORCE_MAIL_FROM {:?}", config.mail_from))?;
        let domain = from.email.domain().to_owned();
        Ok(Self {
            db,
            transport,
            from,
            domain,
        })
    }

    /// Sends due messages until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            match self.send_due().await {
                Ok(_) => {}
                Err(error) => tracing::warn!(error = %format!("{error:#}"), "mail worker"),
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Sends every message that is due now; returns how many were sent.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        let mut sent = 0;
        loop {
            let mut conn = self.db.writer().acquire().await?;
            let Some(queued) = claim_next(&mut conn, LEASE).await? else {
                return Ok(sent);
            };
            drop(conn);
            let outcome = self.send(&queued).await;
            let mut conn = self.db.writer().acquire().await?;
            match outcome {
                Ok(()) => {
                    mark_sent(&mut conn, queued.id).await?;
                    tracing::info!(message = queued.id, "mail sent");
                    sent += 1;
                }
                Err(error) => {
                    let error = format!("{error:#}");
                    tracing::warn!(message = queued.id, attempts = queued.attempts + 1, %error, "mail not sent; will retry");
                    mark_failed(&mut conn, queued.id, queued.attempts, &error).await?;
                    // The transport is likely down: try the rest later.
                    return Ok(sent);
                }
            }
        }
    }

    async fn send(&self, queued: &Queued) -> anyhow::Result<()> {
        let to: Mailbox = queued.recipient.parse().context("invalid recipient")?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(queued.subject.clone())
            .message_id(Some(format!("<outbox-{}@{}>", queued.id, self.domain)))
            .multipart(MultiPart::alternative_plain_html(
                queued.body_text.clone(),
                queued.body_html.clone(),
            ))
            .context("cannot build the message")?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).context("SMTP"),
            Transport::File(file) => file.send(message).await.map(|_| ()).context("file drop"),
        }
    }
}

/// How often the scheduler folds the applicant counts' changes.
const FOLD_EVERY: Duration = Duration::from_secs(5);
/// Rounds between looks for openings and assessments that are due (30 s).
const DUE_EVERY_ROUNDS: u64 = 6;
/// Rounds between statistics refreshes (an hour).
const OPTIMIZE_EVERY_ROUNDS: u64 = 720;

/// The scheduler, in every process: closes openings when their closing
/// time passes and ends assessments whose deadline passed (each is done
/// once: the updates are conditional), and folds the applicant counts.
/// Opening needs no job: the board shows a published opening from its
/// opening time on.
pub async fn run_schedule(state: app::server::state::AppState, mut stop: watch::Receiver<bool>) {
    let db = state.db.clone();
    let mut rounds: u64 = 0;
    loop {
        if *stop.borrow() {
            return;
        }
        // Fresh planner statistics at start and then hourly, so that the
        // job board's queries keep using the right indexes as data grows.
        if rounds.is_multiple_of(OPTIMIZE_EVERY_ROUNDS)
            && let Err(error) = db.optimize().await
        {
            tracing::warn!(%error, "database statistics");
        }
        if rounds.is_multiple_of(DUE_EVERY_ROUNDS) {
            match app::server::openings::close_due(&db).await {
                Ok(0) => {}
                Ok(closed) => tracing::info!(closed, "closed openings past their closing time"),
                Err(error) => tracing::warn!(%error, "opening scheduler"),
            }
            match app::server::assessments::end_overdue_sittings(&state).await {
                Ok(0) => {}
                Ok(ended) => tracing::info!(ended, "ended assessments past their deadline"),
                Err(error) => tracing::warn!(%error, "assessment scheduler"),
            }
        }
        if let Err(error) = app::server::db::applicant_counts::fold(&db).await {
            tracing::warn!(%error, "applicant counts");
        }
        rounds += 1;
        tokio::select! {
            _ = tokio::time::sleep(FOLD_EVERY) => {}
            _ = stop.changed() => {}
        }
    }
}
