//! Times as the database keeps them: UTC, ISO 8601 with microseconds and a
//! `Z`, fixed width, so that text order is time order on both databases.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// The current time, truncated to the microsecond the database keeps.
pub fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// The stored form of a time.
pub fn to_text(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_else(|_| unreachable!("every UTC time between years 0 and 9999 formats"))
}

/// Reads a stored time back.
pub fn from_text(text: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(text, FORMAT)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// A stored time as people read it on a page: "Nov 24, 2026, 8:52 PM UTC".
/// Text that is not a stored time is shown as it is.
pub fn plain(stored: &str) -> String {
    const PLAIN: &[FormatItem<'static>] = format_description!(
        "[month repr:short] [day padding:none], [year], [hour repr:12 padding:none]:[minute] [period] UTC"
    );
    from_text(stored)
        .and_then(|at| at.format(PLAIN).ok())
        .unwrap_or_else(|| stored.to_owned())
}

/// The portal's clock for rules that turn on time passing (assessment
/// deadlines): real time plus an offset that only tests move forward, so
/// a deadline can pass without anyone sleeping.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_micros: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        let offset = self
            .offset_micros
            .load(std::sync::atomic::Ordering::Relaxed);
        now() + time::Duration::microseconds(offset)
    }

    /// Moves this clock (and every copy of it) forward.
    pub fn advance(&self, by: time::Duration) {
        let micros = i64::try_from(by.whole_microseconds()).unwrap_or(i64::MAX);
        self.offset_micros
            .fetch_add(micros, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_stored_time_reads_in_plain_words() {
        assert_eq!(
            plain("2026-11-24T20:52:07.700559Z"),
            "Nov 24, 2026, 8:52 PM UTC"
        );
        assert_eq!(
            plain("2026-03-05T09:05:00.000000Z"),
            "Mar 5, 2026, 9:05 AM UTC"
        );
        assert_eq!(plain("not a time"), "not a time");
    }

    #[test]
    fn stored_times_round_trip_and_sort_as_text() {
        let earlier = datetime!(2026-11-22 23:05:00.000001 UTC);
        let later = datetime!(2026-11-22 23:05:00.000010 UTC);
        assert_eq!(to_text(earlier), "2026-11-22T23:05:00.000001Z");
        assert_eq!(from_text(&to_text(later)), Some(later));
        assert!(to_text(earlier) < to_text(later));
        let now = now();
        assert_eq!(from_text(&to_text(now)), Some(now));
        assert_eq!(from_text("yesterday"), None);
    }

    #[test]
    fn a_clock_moves_forward_for_every_copy() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(time::Duration::minutes(91));
        assert!(copy.now() - before >= time::Duration::minutes(91));
    }
}
