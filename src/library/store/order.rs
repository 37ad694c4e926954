//! The store's order and its list sizes: where a post falls in the date order, and the
//! display columns a post's list row wants.

use std::cmp::{Ordering, Reverse};
use std::path::Path;

use jiff::civil::Date;

use crate::content::{DateSource, Post};
use crate::text::width;

/// Display widths of a post's title and tags, in columns, measured once when it is stored, so
/// sizing the list over 100,000 posts is a scan of small numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    /// The title's display width.
    pub title: u16,
    /// The tag names' display width, one space apart.
    pub tags: u16,
}

impl Columns {
    pub(super) fn of(post: &Post) -> Self {
        let cols = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let tags: usize = post.tags.iter().map(|t| width(&t.name) + 1).sum();
        Self {
            title: cols(width(&post.title)),
            tags: cols(tags.saturating_sub(1)),
        }
    }
}

/// Where a post falls in the date order: posts with a date of their own (front matter or path)
/// first, then posts dated only by their file's modified time, then undated ones.
pub(super) fn band(post: &Post) -> u8 {
    match post.date.map(|d| d.source) {
        Some(DateSource::FrontMatter | DateSource::Path) => 0,
        Some(DateSource::Modified) => 1,
        None => 2,
    }
}

/// The leading part of a post's place in the store's order, 16 bytes kept by id beside the
/// posts: its [`band`], its date (newest first), and the first 8 bytes of its title in lower
/// case ([`title_lead`]). Two posts whose leads differ are ordered by them alone; a sort over
/// 100,000 posts compares these and rarely looks a post up (looking posts up was half of
/// storing a load from the metadata cache).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Lead {
    band: u8,
    date: Reverse<Option<Date>>,
    title: u64,
}

impl Lead {
    pub(super) fn of(post: &Post) -> Self {
        Self {
            band: band(post),
            date: Reverse(post.date.map(|d| d.date)),
            title: title_lead(&post.title),
        }
    }
}

/// The first 8 bytes of `title` lower-cased as [`Caseless`] compares it (each character's
/// Unicode lower case, in UTF-8), big-endian, zero-padded: UTF-8 orders as code points do, so
/// two titles whose leads differ compare as their leads do, and equal leads say nothing.
pub(super) fn title_lead(title: &str) -> u64 {
    let mut lead = [0u8; 8];
    let mut at = 0;
    'chars: for c in title.chars() {
        for lower in c.to_lowercase() {
            let mut utf8 = [0; 4];
            for &byte in lower.encode_utf8(&mut utf8).as_bytes() {
                if at == lead.len() {
                    break 'chars;
                }
                lead[at] = byte;
                at += 1;
            }
        }
    }
    u64::from_be_bytes(lead)
}

/// Where a post falls in the store's order, as one key: its [`Lead`] (by [`band`], then newest
/// date first, then the start of its title in lower case), then its title regardless of case
/// ([`Caseless`]), then path. Keys are compared side by side, so sorting many posts looks none
/// of them up again.
pub(super) fn order_key(lead: Lead, post: &Post) -> OrderKey<'_> {
    (lead, Caseless(&post.title), &post.path)
}

/// See [`order_key`].
pub(super) type OrderKey<'a> = (Lead, Caseless<'a>, &'a Path);

/// Text ordered as its lower-cased form would be (Unicode lower case, char by char), without
/// making that form: a title compared only when two posts share a date, where keeping each
/// title lower-cased was an allocation a post (and 5 MiB over 100,000 posts).
#[derive(Debug, Clone, Copy)]
pub struct Caseless<'a>(pub &'a str);

impl Ord for Caseless<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        // A common start lower-cases alike (char by char, lower case needs no context), so
        // only what follows it is compared: most titles differ in their first letters.
        let (a, b) = (self.0, other.0);
        let mut same = (a.bytes().zip(b.bytes()))
            .take_while(|(x, y)| x == y)
            .count();
        while !a.is_char_boundary(same) {
            same -= 1;
        }
        let (a, b) = (a[same..].chars(), b[same..].chars());
        (a.flat_map(char::to_lowercase)).cmp(b.flat_map(char::to_lowercase))
    }
}

impl PartialOrd for Caseless<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Caseless<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_orders_titles_as_their_lower_case_would() {
        let titles = [
            "beta",
            "Alpha",
            "ALPHA two",
            "Ähnlich",
            "zebra",
            "Éclair",
            "éclair",
            "Ёлка",
            "ель",
            "Σοφία",
            "σοφία",
            "日本",
            "alpha",
        ];
        let mut caseless = titles.to_vec();
        caseless.sort_by(|a, b| Caseless(a).cmp(&Caseless(b)).then(a.cmp(b)));
        let mut lowered = titles.to_vec();
        lowered.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
        assert_eq!(caseless, lowered);
        assert_eq!(Caseless("Alpha"), Caseless("aLPHA"));
        assert!(Caseless("alpha") < Caseless("Alphabet"));
        assert!(
            Caseless("Éclair") > Caseless("zebra"),
            "by code point, as lower-cased text"
        );
    }

    #[test]
    fn titles_whose_leads_differ_order_as_caseless_does() {
        let titles = [
            "beta",
            "Alpha",
            "ALPHA two",
            "alphabet soup",
            "alphabet",
            "Ähnlich",
            "Éclair",
            "éclairs",
            "Ёлка",
            "ель",
            "Σοφία",
            "日本語の記事",
            "日本",
            "İstanbul",
            "istanbul",
            "a",
            "",
        ];
        for a in titles {
            for b in titles {
                let (lead_a, lead_b) = (title_lead(a), title_lead(b));
                if lead_a != lead_b {
                    assert_eq!(
                        lead_a.cmp(&lead_b),
                        Caseless(a).cmp(&Caseless(b)),
                        "{a} {b}"
                    );
                }
            }
        }
        assert_eq!(title_lead("ALPHABET soup"), title_lead("alphabet"));
        assert!(title_lead("a") < title_lead("ab"));
    }
}
