//! The store's posts as a list: the ids in order, answered for a [`Filter`] (tags, dates,
//! language), with the posts that are not articles or not published today left out, sorted
//! another way when asked, and the per-post facts a list row shows.

use std::collections::HashSet;

use jiff::civil::Date;

use super::order::band;
use super::{Columns, Filter, HiddenCounts, IdSet, PostId, SortOrder, Store, TagMatch};
use crate::content::Publication;
use crate::content::kind::NotArticle;

impl Store {
    /// The posts that may be unpublished on some day: drafts, and posts with a `publishDate` or
    /// `expiryDate` ([`Post::publication`] tells which are on a given day). Kept as the store
    /// changes, so leaving them out of a list costs nothing when there are none.
    pub fn unpublished(&self) -> &IdSet {
        &self.unpublished
    }

    /// Takes the posts unpublished on `today` (drafts, scheduled, expired: see
    /// [`Post::publication`]) out of `ids`, keeping the order of the rest, and counts them.
    pub fn leave_out_unpublished(&self, ids: &mut Vec<PostId>, today: Date) -> HiddenCounts {
        let mut hidden = HiddenCounts::default();
        if self.unpublished.is_empty() {
            return hidden;
        }
        ids.retain(|id| {
            if !self.unpublished.contains(id) {
                return true;
            }
            match self.get(*id).map(|p| p.publication(today)) {
                Some(Publication::Draft) => hidden.drafts += 1,
                Some(Publication::Scheduled(_)) => hidden.scheduled += 1,
                Some(Publication::Expired(_)) => hidden.expired += 1,
                Some(Publication::Published) | None => return true,
            }
            false
        });
        hidden
    }

    /// Takes the files that are not articles (see [`Post::not_article`]) out of `ids`, keeping
    /// the order of the rest, and returns how many. A repository file (README, LICENSE...
    /// without front matter) counts only while some post has front matter.
    pub fn leave_out_not_articles(&self, ids: &mut Vec<PostId>) -> usize {
        if self.not_articles.is_empty() {
            return 0;
        }
        let before = ids.len();
        ids.retain(|id| !self.is_hidden_as_not_article(*id));
        before - ids.len()
    }

    /// Whether the default list leaves post `id` out as not an article.
    pub fn is_hidden_as_not_article(&self, id: PostId) -> bool {
        if !self.not_articles.contains(&id) {
            return false;
        }
        match self.get(id).and_then(|p| p.not_article.as_ref()) {
            Some(NotArticle::RepoFile) => self.with_front_matter > 0,
            Some(_) => true,
            None => false,
        }
    }

    /// The section pages (`_index.md`), kept as the store changes.
    pub fn sections(&self) -> &IdSet {
        &self.sections
    }

    /// How many diagnostics the posts carry, in all, a held-back version's
    /// ([`Store::held_back`]) included.
    pub fn diagnostic_count(&self) -> usize {
        self.diagnostics
    }

    /// The display columns the post's list row wants (zero for an unknown id).
    pub fn columns(&self, id: PostId) -> Columns {
        self.columns.get(id.index()).copied().unwrap_or_default()
    }

    /// Every post, in store order (newest first).
    pub fn ids(&self) -> &[PostId] {
        &self.order
    }

    /// Orders `ids` (in store order, newest first) by `order`; a stable sort, so ties keep
    /// store order.
    pub fn sort_ids(&self, ids: &mut [PostId], order: SortOrder) {
        match order {
            SortOrder::Date => {}
            // Stable, each title lower-cased once (not at each of n·log n comparisons).
            SortOrder::Title => {
                ids.sort_by_cached_key(|id| self.entry(*id).map(|e| e.post.title.to_lowercase()))
            }
            SortOrder::Modified => {
                let modified = |id: &PostId| {
                    std::cmp::Reverse(self.get(*id).and_then(|p| p.file).and_then(|f| f.modified))
                };
                ids.sort_by_key(modified);
            }
            SortOrder::Weight => {
                let weight = |id: &PostId| {
                    let weight = self.get(*id).and_then(|p| p.meta.weight);
                    (weight.is_none(), weight)
                };
                ids.sort_by_key(weight);
            }
        }
    }

    /// The ids of the posts that pass `filter`, in store order (newest first).
    ///
    /// Cost: with tags, proportional to the posts of the rarest tag asked for (any/all); with
    /// only dates, to the posts in the range (found by binary search in the date order).
    pub fn query(&self, filter: &Filter) -> Vec<PostId> {
        let ranges = self.date_bounds(filter.from, filter.to);
        let in_range = |id: PostId| {
            let rank = self.rank_of(id);
            ranges.iter().any(|&(lo, hi)| rank >= lo && rank < hi)
        };
        let in_lang = |id: &PostId| {
            filter
                .lang
                .as_ref()
                .is_none_or(|lang| self.lang(*id) == Some(lang.as_str()))
        };
        if filter.tags.is_empty() {
            return ranges
                .iter()
                .flat_map(|&(lo, hi)| self.order[lo..hi].iter().copied())
                .filter(in_lang)
                .collect();
        }
        let lists: Vec<Option<&IdSet>> = filter
            .tags
            .iter()
            .map(|key| self.tags.get(key.as_str()).map(|t| &t.posts))
            .collect();
        let mut ids: Vec<PostId> = match filter.tag_match {
            TagMatch::All => {
                let Some(mut lists) = lists.into_iter().collect::<Option<Vec<_>>>() else {
                    return Vec::new();
                };
                lists.sort_by_key(|l| l.len());
                let Some((rarest, rest)) = lists.split_first() else {
                    return Vec::new();
                };
                rarest
                    .iter()
                    .copied()
                    .filter(|&id| in_range(id) && rest.iter().all(|l| l.contains(&id)))
                    .collect()
            }
            TagMatch::Any => {
                let mut seen = HashSet::new();
                lists
                    .into_iter()
                    .flatten()
                    .flat_map(|l| l.iter().copied())
                    .filter(|&id| in_range(id) && seen.insert(id))
                    .collect()
            }
        };
        ids.retain(in_lang);
        ids.sort_unstable_by_key(|&id| self.rank_of(id));
        ids
    }

    /// The ranges of `order` dated from `from` to `to` inclusive: one per [`band`] with dates
    /// (undated posts only when neither is set).
    fn date_bounds(&self, from: Option<Date>, to: Option<Date>) -> Vec<(usize, usize)> {
        if from.is_none() && to.is_none() {
            return vec![(0, self.order.len())];
        }
        let date = |id: &PostId| self.get(*id).and_then(|p| p.date).map(|d| d.date);
        let band_of = |id: &PostId| self.get(*id).map_or(2, band);
        // Within each band `order` is newest first: the band, then a date range in it, are
        // found by binary search.
        let mut ranges = Vec::with_capacity(2);
        let mut start = 0;
        for b in 0..2 {
            let end = start + self.order[start..].partition_point(|id| band_of(id) <= b);
            let part = &self.order[start..end];
            let lo = to.map_or(0, |to| {
                part.partition_point(|id| date(id).is_some_and(|d| d > to))
            });
            let hi = from.map_or(part.len(), |from| {
                part.partition_point(|id| date(id).is_some_and(|d| d >= from))
            });
            if hi > lo {
                ranges.push((start + lo, start + hi));
            }
            start = end;
        }
        ranges
    }
}
