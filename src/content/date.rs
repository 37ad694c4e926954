//! Reading a post's date: the chain front matter → path → file modification time.
//!
//! A post is filed under the calendar date its author wrote. The front matter forms accepted are
//! those of RFC 3339 and the Temporal ISO 8601 grammar as `jiff` parses them (`2024-06-19`,
//! `2024-06-19T08:15:00Z`, `2024-06-19 08:15`, `2024-06-19T08:15:00-07:00`), plus Jekyll's
//! `2024-06-19 08:15:00 +0000` (a space before the offset). The offset is not applied, so a post
//! dated `2024-06-19T23:30:00-07:00` stays on the 19th, where its author put it. Without a front
//! matter date, a date in the post's path (`2025/06/26/slug`, `2024-06-10-slug.md`) is used, as
//! Jekyll, Zola and the Rust blog file posts; without that, the file's modification time in the
//! local time zone stands in.

use std::path::Path;
use std::time::SystemTime;

use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;

/// The calendar date of a front matter date value (quotes and surrounding space ignored);
/// `None` when it is not one of the forms in the module docs.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if let Ok(pieces) = Pieces::parse(text) {
        return Some(pieces.date());
    }
    // Jekyll writes `2024-06-19 08:15:00 +0000`: Temporal wants the offset glued to the time.
    if let Some((head, offset)) = text.rsplit_once(' ')
        && (offset.starts_with(['+', '-']) || offset.eq_ignore_ascii_case("z"))
        && let Ok(pieces) = Pieces::parse(&format!("{head}{offset}"))
    {
        return Some(pieces.date());
    }
    unpadded_date(text)
}

/// `2024-4-9`: a date whose month or day lacks its leading zero (the Go blog has one), alone or
/// before a time. The meaning is plain, so it is read rather than refused.
fn unpadded_date(text: &str) -> Option<Date> {
    let end = text.find(['T', 't', ' ']).unwrap_or(text.len());
    let (day, rest) = text.split_at(end);
    let mut parts = day.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !is_digits(y, 4) || !short(m) || !short(d) {
        return None;
    }
    let date = ymd(y, m, d)?;
    // What follows must still be a time: re-read it with the date written in full.
    (rest.is_empty() || Pieces::parse(&format!("{date}{rest}")).is_ok()).then_some(date)
}

/// A date written in a path: three components `YYYY/MM/DD` (Zola, the Rust blog's `path`), or a
/// component starting `YYYY-MM-DD` followed by nothing, `-`, `_` or `.` (Jekyll's
/// `2024-06-10-slug.md`). The component nearest the file wins. `None` when there is none or it
/// is not a real day.
pub fn path_date(path: &Path) -> Option<Date> {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    for end in (0..parts.len()).rev() {
        if let Some(date) = dated_name(parts[end]) {
            return Some(date);
        }
        if end >= 2 {
            let [y, m, d] = [parts[end - 2], parts[end - 1], parts[end]];
            if is_digits(y, 4)
                && is_digits(m, 2)
                && is_digits(d, 2)
                && let Some(date) = ymd(y, m, d)
            {
                return Some(date);
            }
        }
    }
    None
}

/// `2024-06-10-slug.md` → 2024-06-10.
fn dated_name(name: &str) -> Option<Date> {
    let head = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', '.'])) {
        return None;
    }
    // `get`, not slicing: the name may hold multi-byte characters (found by fuzzing).
    let (y, m, d) = (head.get(..4)?, head.get(5..7)?, head.get(8..10)?);
    let dashes = head.as_bytes()[4] == b'-' && head.as_bytes()[7] == b'-';
    (dashes && is_digits(y, 4) && is_digits(m, 2) && is_digits(d, 2))
        .then(|| ymd(y, m, d))
        .flatten()
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

fn ymd(y: &str, m: &str, d: &str) -> Option<Date> {
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// The local calendar date of a file modification time; `None` if it is out of range.
pub fn modified_date(modified: SystemTime, zone: &TimeZone) -> Option<Date> {
    let timestamp = jiff::Timestamp::try_from(modified).ok()?;
    Some(timestamp.to_zoned(zone.clone()).date())
}

/// An inclusive range of days, either end open: what the date filter keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// A typed date range that could not be read; the message says what forms are accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a date range: write 2024, 2024-06, 2024-06-01, or two of them as A..B, A.. or ..B"
)]
pub struct RangeError {
    pub input: String,
}

/// Reads a typed range: a year (`2024`), a month (`2024-06`) or a day (`2024-06-01`) stands for
/// all its days; `A..B` runs from the first day of A to the last day of B, and either side may
/// be left out (`..2024-01-01`, `2024-06..`). Spaces are ignored.
///
/// Errors: anything else, or a month or day that does not exist.
pub fn parse_range(input: &str) -> Result<DateRange, RangeError> {
    let text: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let error = || RangeError {
        input: input.to_string(),
    };
    match text.split_once("..") {
        Some((from, to)) => {
            let from = match from {
                "" => None,
                from => Some(period(from).ok_or_else(error)?.0),
            };
            let to = match to {
                "" => None,
                to => Some(period(to).ok_or_else(error)?.1),
            };
            if from.is_none() && to.is_none() {
                return Err(error());
            }
            Ok(DateRange { from, to })
        }
        None => {
            let (from, to) = period(&text).ok_or_else(error)?;
            Ok(DateRange {
                from: Some(from),
                to: Some(to),
            })
        }
    }
}

/// The first and last day of a year, month or day written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn period(text: &str) -> Option<(Date, Date)> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Option<i16> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => {
            let y = number(y, 4)?;
            Some((Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?))
        }
        [y, m] => {
            let first = Date::new(number(y, 4)?, i8::try_from(number(m, 2)?).ok()?, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        [y, m, d] => {
            let day = Date::new(
                number(y, 4)?,
                i8::try_from(number(m, 2)?).ok()?,
                i8::try_from(number(d, 2)?).ok()?,
            )
            .ok()?;
            Some((day, day))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_wide_characters_where_a_date_would_be_is_not_a_date() {
        // Found by fuzzing: the 4th byte fell inside a character.
        assert_eq!(path_date(Path::new("中文🙂")), None);
        assert_eq!(path_date(Path::new("/p/ab中-06-10-slug.md")), None);
    }

    #[test]
    fn typed_ranges_cover_whole_years_months_and_days() {
        let d = |s: &str| s.parse::<Date>().expect("date");
        let range = |a: Option<&str>, b: Option<&str>| DateRange {
            from: a.map(d),
            to: b.map(d),
        };
        assert_eq!(
            parse_range("2024-06"),
            Ok(range(Some("2024-06-01"), Some("2024-06-30")))
        );
        assert_eq!(
            parse_range("2024"),
            Ok(range(Some("2024-01-01"), Some("2024-12-31")))
        );
        assert_eq!(
            parse_range("2024-06-01..2024-06-15"),
            Ok(range(Some("2024-06-01"), Some("2024-06-15")))
        );
        assert_eq!(
            parse_range(" ..2024-01-01"),
            Ok(range(None, Some("2024-01-01")))
        );
        assert_eq!(
            parse_range("2024-02.."),
            Ok(range(Some("2024-02-01"), None))
        );
        for bad in ["", "..", "2024-13", "2024-02-30", "24", "june", "2024..x"] {
            assert!(parse_range(bad).is_err(), "{bad}");
        }
    }

    fn ymd(y: i16, m: i8, d: i8) -> Option<Date> {
        Some(jiff::civil::date(y, m, d))
    }

    #[test]
    fn unpadded_month_and_day_are_read() {
        assert_eq!(parse_date("2024-4-09"), ymd(2024, 4, 9));
        assert_eq!(parse_date("2024-4-9 10:00"), ymd(2024, 4, 9));
    }

    #[test]
    fn reads_every_front_matter_date_form() {
        let day = ymd(2024, 6, 19);
        for text in [
            "2024-06-19",
            "\"2024-06-19\"",
            "'2024-06-19'",
            "2024-06-19T08:15:00Z",
            "2024-06-19T08:15:00.123Z",
            "2024-06-19T23:30:00-07:00",
            "2024-06-19T08:15:00+05:30",
            "2024-06-19T08:15:00",
            "2024-06-19 08:15",
            "2024-06-19 08:15:00",
            "2024-06-19 08:15:00 +0000",
            "2024-06-19 08:15:00 -07:00",
            " 2024-06-19 ",
            "2024-6-19",
            "2024-06-19T08:15",
        ] {
            assert_eq!(parse_date(text), day, "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for text in [
            "2024-13-01",
            "2024-02-30",
            "June 2024",
            "2024-06-19x",
            "2024",
            "2024-06-19 25:00",
            "",
            "next tuesday",
            "2024-6-19x",
            "2024-6-191",
            "24-6-19",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn reads_dates_from_paths() {
        let cases = [
            ("2025/06/26/Rust-1.88.0", ymd(2025, 6, 26)),
            ("inside-rust/2024/01/02/all-hands", ymd(2024, 1, 2)),
            ("/blog/_posts/2024-06-10-slug.md", ymd(2024, 6, 10)),
            ("/blog/2024-06-10/index.md", ymd(2024, 6, 10)),
            ("/blog/2024-06-10_notes.txt", ymd(2024, 6, 10)),
            ("/2019/2024-06-10-newer.md", ymd(2024, 6, 10)),
            ("/blog/slug.md", None),
            ("/blog/2024/06/slug.md", None),
            ("/blog/2024-13-10-slug.md", None),
            ("/blog/20240610-slug.md", None),
            ("/blog/2024-06-100.md", None),
        ];
        for (path, want) in cases {
            assert_eq!(path_date(Path::new(path)), want, "{path}");
        }
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
