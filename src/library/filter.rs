//! What a list asks of the store: the tag and date [`Filter`], and the [`SortOrder`].

use jiff::civil::Date;

/// How the list is ordered (when no search ranks it); also `--sort`'s values, whose help is
/// these variants' first lines. Titles compare in Unicode lower case; posts without a weight
/// come after those with one.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum SortOrder {
    /// Newest first, undated last.
    #[default]
    Date,
    /// By title, A to Z.
    Title,
    /// The file changed most recently first.
    Modified,
    /// By `weight` front matter (Hugo, Zola), lighter first; then newest first.
    Weight,
}

impl SortOrder {
    /// The next order `s` switches to.
    pub fn next(self) -> Self {
        match self {
            SortOrder::Date => SortOrder::Title,
            SortOrder::Title => SortOrder::Modified,
            SortOrder::Modified => SortOrder::Weight,
            SortOrder::Weight => SortOrder::Date,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Date => "newest first",
            SortOrder::Title => "by title",
            SortOrder::Modified => "last modified",
            SortOrder::Weight => "by weight",
        }
    }
}

/// How a filter's tags combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TagMatch {
    /// A post needs at least one of the tags.
    #[default]
    Any,
    /// A post needs every one of the tags.
    All,
}

/// Which posts to show, by tag and date. Every condition set must hold; the default shows every
/// post. (Text search is [`crate::library::search`]'s, over what this lets through.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// [`crate::content::Tag::key`]s; empty for no tag condition.
    pub tags: Vec<String>,
    pub tag_match: TagMatch,
    /// First day shown, inclusive. A date condition hides undated posts.
    pub from: Option<Date>,
    /// Last day shown, inclusive.
    pub to: Option<Date>,
    /// Only posts in this language (a code, lower case: `ru`, `pt-br`; see
    /// [`crate::content::lang`]).
    pub lang: Option<String>,
}

impl Filter {
    /// A filter on one tag key.
    pub fn tag(key: &str) -> Self {
        Self {
            tags: vec![key.to_string()],
            ..Self::default()
        }
    }
}
