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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

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
}
