//! A post's front matter fields beyond title, date and tags ([`Meta`]), and the text among them
//! that the list never shows ([`Details`]), decoded from the metadata cache when first used.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::cache;
use super::deferred::Deferred;
use super::reading;

/// The front matter fields tidings shows, beyond title, date and tags. All text is sanitized
/// (no control characters).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The text fields: decoded when first used in a post taken from the metadata cache (see
    /// [`Deferred`]), since the list needs none of them.
    pub details: Deferred<Details>,
    /// Whether the post wants a table of contents (`toc`, default true).
    pub toc: bool,
    /// Whether the post is featured (`feature`, default false).
    pub feature: bool,
    /// Whether the post is a draft (`draft`, default false).
    pub draft: bool,
    /// When the post was last revised (`updated`, else `lastmod`), when that parses as a date.
    #[serde(with = "cache::ymd_option")]
    pub updated: Option<Date>,
    /// The first day the post is published (`publishDate`, Hugo): before it, the post is
    /// scheduled and hidden like a draft.
    #[serde(with = "cache::ymd_option")]
    pub publish_date: Option<Date>,
    /// The day the post expires (`expiryDate`, Hugo): from it on, the post is hidden like a
    /// draft.
    #[serde(with = "cache::ymd_option")]
    pub expiry_date: Option<Date>,
    /// `weight` (Hugo, Zola): lighter posts sort first under [`crate::library::store::SortOrder::Weight`].
    pub weight: Option<i64>,
    /// The whole post's counts, when this post is only a part of it (the first screen of a
    /// long post, rendered first): its header shows the whole post's.
    pub reading: Option<reading::Reading>,
    /// Where the post's title came from.
    pub title_from: TitleFrom,
}

/// The front matter's text fields: shown by the article's header and post info, read by the
/// search index, the link check and language detection; never by the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub description: Option<String>,
    /// A plain-text article's kicker: the site or section name above its headline.
    pub kicker: Option<String>,
    /// A plain-text article's byline or source line (`Деловой вестник 8 мин чтения`).
    pub byline: Option<String>,
    /// Header image URL (`img`).
    pub img: Option<String>,
    /// Alt text of the header image (`alt`).
    pub alt: Option<String>,
    /// Where the post comes from (`source`), e.g. a publication's name.
    pub source: Option<String>,
    /// `slug`: the last segment of the post's URL, for resolving links to it.
    pub slug: Option<String>,
    /// `url` (Hugo): the post's whole URL path, for resolving links to it.
    pub url: Option<String>,
    /// `aliases`: more URL paths links may use for the post.
    pub aliases: Vec<String>,
    /// Who wrote it (`author`, `authors`, `by`; see [`super::frontmatter::Fields::authors`]), as
    /// written, character references decoded.
    pub authors: Vec<String>,
    /// Every front matter field tidings has no use for, in the order written, as `(key, value)`
    /// text (see [`super::frontmatter::Fields::other`]), sanitized. Shown in the post-info view.
    pub other: Vec<(String, String)>,
}

/// Where a post's title came from, in the order they are tried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TitleFrom {
    /// `title` in the front matter.
    FrontMatter,
    /// A Markdown heading the body starts with (`# Title` before any other text).
    Heading,
    /// A plain-text article's headline, or its first line.
    FirstLine,
    /// The file's name (`index.md` and `_index.md`: their folder's), as Obsidian titles notes.
    #[default]
    FileName,
}
