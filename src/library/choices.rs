//! What each option of the reader's pickers would give: for a tag, a language, a date range,
//! the number of rows the list would show were it chosen. Worked out by the list's own
//! selection ([`Selector::select`]: the same search, the same unread condition, the same posts
//! left out as unpublished or as not articles), so a picker never promises rows the list does
//! not show.

use std::collections::HashSet;

use jiff::civil::Date;

use super::select::{Query, Selector};
use super::store::{PostId, Store, TagMatch};
use crate::content::Tag;

/// What the counts are worked out from: the list's query, the day, the posts read.
pub struct Counting<'a> {
    pub selector: &'a mut Selector,
    pub store: &'a Store,
    pub query: &'a Query,
    pub today: Date,
    pub read: &'a HashSet<PostId>,
}

impl Counting<'_> {
    /// The rows the list shows for `query` (section pages apart).
    fn rows(&mut self, query: &Query) -> Vec<PostId> {
        let query = Query {
            group_sections: false,
            ..query.clone()
        };
        (self.selector)
            .select(self.store, &query, self.today, self.read)
            .ids
    }

    /// Every tag with the rows the list would show were it chosen: added to the tags chosen
    /// (with "all of", the posts carrying them all and it; with "any of", those carrying any of
    /// them or it), or, for a tag already chosen, the rows shown now. In tree order: by key,
    /// segment by segment, so a nested tag (`project/alpha`) comes right under its parent,
    /// before `project-x`.
    pub fn tags(&mut self) -> Vec<(Tag, usize)> {
        let mut tags = self.counted_tags();
        tags.sort_by(|(a, _), (b, _)| a.key.split('/').cmp(b.key.split('/')));
        tags
    }

    /// [`Self::tags`], by key.
    fn counted_tags(&mut self) -> Vec<(Tag, usize)> {
        let untagged = Query {
            filter: super::filter::Filter {
                tags: Vec::new(),
                ..self.query.filter.clone()
            },
            ..self.query.clone()
        };
        let base = self.rows(&untagged);
        let chosen: &[String] = &self.query.filter.tags;
        let carries = |id: &PostId, key: &String| {
            (self.store.get(*id)).is_some_and(|p| p.tags.iter().any(|t| t.key == *key))
        };
        match self.query.filter.tag_match {
            TagMatch::All => {
                let with_all: Vec<PostId> = (base.iter())
                    .filter(|id| chosen.iter().all(|key| carries(id, key)))
                    .copied()
                    .collect();
                let shown = with_all.len();
                (self.store.tag_counts(&with_all).into_iter())
                    .map(|(tag, n)| {
                        let n = if chosen.iter().any(|k| *k == tag.key) {
                            shown
                        } else {
                            n
                        };
                        (tag, n)
                    })
                    .collect()
            }
            TagMatch::Any => {
                let (with_any, rest): (Vec<PostId>, Vec<PostId>) =
                    (base.iter()).partition(|id| chosen.iter().any(|key| carries(id, key)));
                let shown = with_any.len();
                (self.store.tag_counts(&rest).into_iter())
                    .map(|(tag, n)| {
                        let n = if chosen.iter().any(|k| *k == tag.key) {
                            shown
                        } else {
                            shown + n
                        };
                        (tag, n)
                    })
                    .collect()
            }
        }
    }

    /// The rows the list would show with no date condition: what the date picker counts (a
    /// range chosen shows those of them dated in it).
    pub fn undated(&mut self) -> Vec<PostId> {
        let query = Query {
            filter: super::filter::Filter {
                from: None,
                to: None,
                ..self.query.filter.clone()
            },
            ..self.query.clone()
        };
        self.rows(&query)
    }

    /// "All languages" (`None`) with the rows the list would show with no language condition,
    /// then each language of those rows with the rows it would show, most first.
    pub fn languages(&mut self) -> Vec<(Option<String>, usize)> {
        let query = Query {
            filter: super::filter::Filter {
                lang: None,
                ..self.query.filter.clone()
            },
            ..self.query.clone()
        };
        let base = self.rows(&query);
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for id in &base {
            if let Some(lang) = self.store.lang(*id) {
                *counts.entry(lang).or_default() += 1;
            }
        }
        let mut languages: Vec<(Option<String>, usize)> = counts
            .into_iter()
            .map(|(lang, n)| (Some(lang.to_string()), n))
            .collect();
        languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        std::iter::once((None, base.len()))
            .chain(languages)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use crate::library::filter::Filter;
    use crate::library::store::Change;
    use proptest::prelude::*;
    use std::path::Path;

    /// A post `i` with some of the tags a, b, c, maybe a language, a date or none, maybe a draft
    /// or a redirect stub.
    fn post(i: usize, tags: u8, lang: u8, dated: bool, hidden: u8) -> Post {
        let tags: Vec<&str> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .filter(|(bit, _)| tags & (1 << bit) != 0)
            .map(|(_, t)| *t)
            .collect();
        let lang = ["", "lang: ja\n", "lang: zh\n"][usize::from(lang % 3)];
        let date = if dated {
            format!("date: 2024-0{}-1{}\n", 1 + i % 9, i % 10)
        } else {
            String::new()
        };
        let (draft, body) = match hidden % 4 {
            1 => ("draft: true\n", "words"),
            2 => ("redirect: /x\n", ""),
            _ => ("", "words"),
        };
        let text = format!(
            "---\ntitle: Post {i}\ntags: [{}]\n{lang}{date}{draft}---\n{body}\n",
            tags.join(", ")
        );
        Post::parse(Path::new(&format!("/p/{i}.md")), &text, None)
    }

    #[test]
    fn tags_are_listed_in_tree_order_a_nested_tag_under_its_parent() {
        let mut store = Store::new();
        for (i, tags) in ["project", "project-x", "project/alpha", "a/b", "a"]
            .iter()
            .enumerate()
        {
            let text = format!("---\ntitle: P{i}\ntags: [{tags}]\n---\nwords\n");
            let post = Post::parse(Path::new(&format!("/p/{i}.md")), &text, None);
            store.apply([Change::Upsert(Box::new(post))]);
        }
        let (query, read) = (Query::default(), HashSet::new());
        let mut selector = Selector::default();
        let mut counting = Counting {
            selector: &mut selector,
            store: &store,
            query: &query,
            today: "2025-01-01".parse().expect("date"),
            read: &read,
        };
        let keys: Vec<String> = (counting.tags().into_iter())
            .map(|(t, _)| t.key.into())
            .collect();
        assert_eq!(keys, ["a", "a/b", "project", "project/alpha", "project-x"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_pickers_count_is_the_rows_the_list_shows_when_it_is_chosen(
            posts in proptest::collection::vec((0u8..8, 0u8..3, any::<bool>(), 0u8..4), 0..24),
            chosen in proptest::collection::vec(0usize..3, 0..3),
            all_of in any::<bool>(),
            lang in 0u8..3,
            dates in any::<bool>(),
            drafts in any::<bool>(),
        ) {
            let mut store = Store::new();
            store.apply(posts.iter().enumerate().map(|(i, &(t, l, d, h))| {
                Change::Upsert(Box::new(post(i, t, l, d, h)))
            }));
            let keys = ["a", "b", "c"];
            let mut tags: Vec<String> = chosen.iter().map(|&i| keys[i].to_string()).collect();
            tags.dedup();
            let query = Query {
                filter: Filter {
                    tags,
                    tag_match: if all_of { TagMatch::All } else { TagMatch::Any },
                    lang: [None, Some("ja".to_string()), Some("zh".to_string())][usize::from(lang)].clone(),
                    from: dates.then(|| "2024-03-01".parse().expect("date")),
                    to: None,
                },
                drafts,
                ..Query::default()
            };
            let today: Date = "2025-01-01".parse().expect("date");
            let read = HashSet::new();
            let mut selector = Selector::default();
            let shown = |query: &Query| {
                Selector::default().select(&store, query, today, &read).ids.len()
            };
            let mut counting = Counting { selector: &mut selector, store: &store, query: &query, today, read: &read };
            for (tag, count) in counting.tags() {
                let mut chosen = query.clone();
                if !chosen.filter.tags.iter().any(|k| *k == tag.key) {
                    chosen.filter.tags.push(tag.key.to_string());
                }
                prop_assert_eq!(count, shown(&chosen), "tag {}", tag.key);
            }
            for (lang, count) in counting.languages() {
                let chosen = Query {
                    filter: Filter { lang: lang.clone(), ..query.filter.clone() },
                    ..query.clone()
                };
                prop_assert_eq!(count, shown(&chosen), "language {:?}", lang);
            }
            let undated = counting.undated().len();
            let no_dates = Query {
                filter: Filter { from: None, to: None, ..query.filter.clone() },
                ..query.clone()
            };
            prop_assert_eq!(undated, shown(&no_dates));
        }
    }
}
