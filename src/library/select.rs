//! The one selection pipeline: a [`Query`] (tags, dates, search, order, unread, drafts,
//! sections) turns the store into the posts to list, in order. The reader's list and the
//! subcommands (`list`, `show`, `tags`, `check`) both go through [`Selector::select`], so the
//! screen and `tidings list --search` cannot drift apart.
//!
//! The steps, in order: the tag and date [`Filter`] (the store's indexes); unpublished posts
//! left out unless asked for (drafts, scheduled, expired on `today`, as `hugo server` leaves
//! them out); files that are not articles left out unless asked for; read posts left out when only unread ones are asked for; the search, which ranks
//! what is left (else the [`SortOrder`]); then section pages: grouped with their posts, or left
//! out (they are not posts).

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::search::{self, Hits, IndexInUse};
use super::sections::{self, SectionRow};
use super::store::{Filter, HiddenCounts, PostId, SortOrder, Store};

/// Which posts, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The tag and date conditions.
    pub filter: Filter,
    /// The search text: only posts that match it, ranked by it. Blank: no search.
    pub search: String,
    /// The order when no search ranks the posts.
    pub sort: SortOrder,
    /// Only posts not read yet (the read ones are given to [`Selector::select`]).
    pub unread_only: bool,
    /// Include unpublished posts: drafts (`draft: true`), scheduled (`publishDate` to come)
    /// and expired (`expiryDate` passed).
    pub drafts: bool,
    /// Include the files that are not articles: redirect stubs, partials, error pages,
    /// repository files, empty files (see [`crate::content::kind`]).
    pub all: bool,
    /// Group the list by section (Hugo/Zola `_index.md` folders), each led by its section
    /// page; otherwise section pages are left out.
    pub group_sections: bool,
}

impl Query {
    /// Whether a search narrows and ranks the posts (words to match, beside any
    /// `author:` filter).
    pub fn searching(&self) -> bool {
        !search::query::Filters::split(&self.search)
            .1
            .trim()
            .is_empty()
    }
}

/// The posts a query picks, in list order, with what the list needs to show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub ids: Vec<PostId>,
    /// How many unpublished posts the other conditions let through but the query left out.
    pub hidden: HiddenCounts,
    /// When grouped: the section pages among `ids`, with their post count and nesting.
    pub sections: HashMap<PostId, SectionRow>,
    /// When grouped: beside `ids`, each row's level of indent; empty otherwise.
    pub levels: Vec<u8>,
}

/// Runs queries, keeping the last search's results while its text and the store stay the same
/// (typing a tag filter over a search does not search again).
#[derive(Debug, Clone, Default)]
pub struct Selector {
    hits: Option<Hits>,
    /// The search index, once there is one (until then, searches scan).
    pub index: IndexInUse,
}

impl Selector {
    /// The posts of `store` that `query` picks on `today`, in list order. `read` holds the posts
    /// read (only used with [`Query::unread_only`]).
    pub fn select(
        &mut self,
        store: &Store,
        query: &Query,
        today: Date,
        read: &HashSet<PostId>,
    ) -> Selection {
        let mut ids = store.query(&query.filter);
        let mut hidden = if query.drafts {
            HiddenCounts::default()
        } else {
            store.leave_out_unpublished(&mut ids, today)
        };
        if !query.all {
            hidden.not_articles = store.leave_out_not_articles(&mut ids);
        }
        let mut ids = self.narrow(store, query, ids, read);
        if !query.searching() {
            store.sort_ids(&mut ids, query.sort);
        }
        if query.group_sections {
            let grouped = sections::group(store, &ids);
            return Selection {
                ids: grouped.ids,
                hidden,
                sections: grouped.sections,
                levels: grouped.levels,
            };
        }
        if !store.sections().is_empty() {
            let sections = store.sections();
            ids.retain(|id| !sections.contains(id));
        }
        Selection {
            ids,
            hidden,
            ..Selection::default()
        }
    }

    /// Keeps the posts of `ids` that pass the unread condition and the search: ranked by the
    /// search when there is one, in the order given otherwise. (The tag and date pickers count
    /// posts this way, with their own condition taken off the filter.)
    pub fn narrow(
        &mut self,
        store: &Store,
        query: &Query,
        mut ids: Vec<PostId>,
        read: &HashSet<PostId>,
    ) -> Vec<PostId> {
        if query.unread_only {
            ids.retain(|id| !read.contains(id));
        }
        let (filters, words) = search::query::Filters::split(&query.search);
        if !filters.is_empty() {
            ids.retain(|&id| {
                store
                    .get(id)
                    .is_some_and(|p| filters.pass(&p.meta.details.authors))
            });
        }
        match self.hits(store, &words) {
            Some(hits) => hits.rank(&ids),
            None => ids,
        }
    }

    /// The last search's results, if the query searches.
    pub fn last_hits(&self) -> Option<&Hits> {
        self.hits.as_ref()
    }

    /// The search results for `text`, searching again only when the text or the store changed.
    fn hits(&mut self, store: &Store, text: &str) -> Option<&Hits> {
        if text.trim().is_empty() {
            self.hits = None;
            return None;
        }
        let fresh = self.hits.as_ref().is_some_and(|h| {
            h.text == text
                && h.generation == store.generation()
                && h.index_version == self.index.version
        });
        if !fresh {
            self.hits = Some(search::search(store, text, &mut self.index));
        }
        self.hits.as_ref()
    }
}

/// The posts of `store` that `query` picks today, in list order, nothing read: what the
/// subcommands list.
pub fn select(store: &Store, query: &Query) -> Vec<PostId> {
    select_with(store, query, IndexInUse::default()).0
}

/// Like [`select`], searching through `index`; also gives the search's hits (with their
/// scores) when the query searches.
pub fn select_with(store: &Store, query: &Query, index: IndexInUse) -> (Vec<PostId>, Option<Hits>) {
    let today = jiff::Zoned::now().date();
    let mut selector = Selector {
        index,
        ..Selector::default()
    };
    let ids = selector.select(store, query, today, &HashSet::new()).ids;
    (ids, selector.hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use crate::library::store::Change;
    use std::path::Path;

    fn store(posts: &[(&str, &str)]) -> Store {
        let mut store = Store::new();
        store.apply(posts.iter().map(|(path, text)| {
            Change::Upsert(Box::new(Post::parse(Path::new(path), *text, None)))
        }));
        store
    }

    #[test]
    fn an_author_filter_keeps_their_posts_in_list_order_and_searches_the_rest() {
        let store = store(&[
            (
                "/b/a.md",
                "---\ntitle: Errors are values\ndate: 2015-01-12\nby: [Rob Pike]\n---\nErrors.\n",
            ),
            (
                "/b/b.md",
                "---\ntitle: Go turns two\ndate: 2011-11-10\nby: [Andrew Gerrand]\n---\nBirthday.\n",
            ),
            (
                "/b/c.md",
                "---\ntitle: Go proverbs\ndate: 2016-01-01\nauthor: Rob Pike\n---\nProverbs and errors.\n",
            ),
        ]);
        let titles = |search: &str| -> Vec<String> {
            let query = Query {
                search: search.to_string(),
                ..Query::default()
            };
            select(&store, &query)
                .iter()
                .filter_map(|&id| store.get(id).map(|p| p.title.clone()))
                .collect()
        };
        assert_eq!(
            titles("author:pike"),
            ["Go proverbs", "Errors are values"],
            "newest first"
        );
        assert_eq!(titles("author:\"andrew gerrand\""), ["Go turns two"]);
        assert_eq!(titles("author:pike proverbs"), ["Go proverbs"]);
        assert!(titles("author:nobody").is_empty());
        let only_filter = Query {
            search: "author:pike".into(),
            ..Query::default()
        };
        assert!(!only_filter.searching(), "a filter alone ranks nothing");
    }
}
