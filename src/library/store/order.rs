//! The store's order and its list sizes: where a post falls in the date order, and the
//! display columns a post's list row wants.

use std::cmp::Reverse;
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

/// Where a post (with its lower-cased title key) falls in the store's order, as one key: by
/// [`band`], then newest date first, then title key, then path. Keys are compared side by side,
/// so sorting many posts looks none of them up again.
pub(super) fn order_key<'a>(post: &'a Post, title_key: &'a str) -> OrderKey<'a> {
    let date = Reverse(post.date.map(|d| d.date));
    (band(post), date, title_key, &post.path)
}

/// See [`order_key`].
pub(super) type OrderKey<'a> = (u8, Reverse<Option<Date>>, &'a str, &'a Path);
