//! Reading a post's date.
//!
//! A post is filed under the calendar date its author wrote: `YYYY-MM-DD`, or the date part of an
//! RFC 3339 timestamp or `YYYY-MM-DD HH:MM[:SS]` (the offset is not applied, so a post dated
//! `2024-06-19T23:30:00-07:00` stays on the 19th). Without one, the file's modification time in
//! the local time zone stands in.

use std::time::SystemTime;

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The calendar date at the start of `text` (quotes and surrounding space ignored); `None` when
/// it does not start with a valid `YYYY-MM-DD`, or what follows is not a time.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    let head = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    head.parse::<Date>().ok()
}

/// The local calendar date of a file modification time; `None` if it is out of range.
pub fn modified_date(modified: SystemTime, zone: &TimeZone) -> Option<Date> {
    let timestamp = jiff::Timestamp::try_from(modified).ok()?;
    Some(timestamp.to_zoned(zone.clone()).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i16, m: i8, d: i8) -> Option<Date> {
        Some(jiff::civil::date(y, m, d))
    }

    #[test]
    fn reads_plain_quoted_and_timestamp_dates() {
        assert_eq!(parse_date("2024-06-19"), ymd(2024, 6, 19));
        assert_eq!(parse_date("\"2024-06-19\""), ymd(2024, 6, 19));
        assert_eq!(parse_date("2024-06-19T23:30:00-07:00"), ymd(2024, 6, 19));
        assert_eq!(parse_date("2024-06-19 08:15"), ymd(2024, 6, 19));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("June 2024"), None);
        assert_eq!(parse_date("2024-06-19x"), None);
        assert_eq!(parse_date("2024"), None);
    }

    #[test]
    fn modification_time_is_read_in_the_given_zone() {
        // 2024-01-01T23:30:00Z is still Jan 1 in UTC and already Jan 2 in Tokyo.
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_704_151_800);
        assert_eq!(modified_date(t, &TimeZone::UTC), ymd(2024, 1, 1));
        let tokyo = TimeZone::fixed(jiff::tz::offset(9));
        assert_eq!(modified_date(t, &tokyo), ymd(2024, 1, 2));
    }
}
