//! Search: the posts a reader means, ranked by relevance.
//!
//! - [`analyze`] turns text into terms (folded, stemmed, CJK bigrams); [`query`] reads what was
//!   typed (words, phrases, exclusions) and finds its matches in a line; [`snippet`] picks the
//!   line of a post that best shows why it matched.
//! - [`index`] is the tantivy index that ranks posts by BM25 over title, headings, tags and
//!   description, and body. It is built off the UI thread and kept in the cache directory.
//! - Until it is ready, [`scan`] searches as tidings did before it: fuzzy over titles, a
//!   substring over bodies.
//!
//! A search runs over every post once per (text, store generation, index version) and is
//! kept; the tag, date and read filters then only intersect with it, so changing them never
//! searches again.

pub mod analyze;
pub mod cache;
mod collect;
pub mod index;
pub mod lookup;
pub mod query;
pub mod scan;
pub mod snippet;
mod tokenizer;

use std::collections::HashMap;

pub use analyze::Analyzer;
pub use index::{IndexWriterHandle, SearchIndex};
pub use query::{Marker, Plan};

use crate::library::store::{PostId, Store};

/// Posts that match a search text, with their scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    /// The text searched for, as typed.
    pub text: String,
    /// The store generation searched.
    pub generation: u64,
    /// The index version searched (0: no index, the text was scanned for).
    pub index_version: u64,
    /// Each matching post's score: higher ranks first.
    pub scores: HashMap<PostId, f32>,
    /// The posts that hold most of the words searched for, not every one (see
    /// [`index::SearchIndex::search`]); empty for a scan.
    pub partial: std::collections::HashSet<PostId>,
}

impl Hits {
    /// Whether the post matched.
    pub fn contains(&self, id: PostId) -> bool {
        self.scores.contains_key(&id)
    }

    /// The post's score, if it matched.
    pub fn score(&self, id: PostId) -> Option<f32> {
        self.scores.get(&id).copied()
    }

    /// The matching posts among `ids` (in list order), best score first; ties keep list order.
    pub fn rank(&self, ids: &[PostId]) -> Vec<PostId> {
        let mut scored: Vec<(f32, usize, PostId)> = ids
            .iter()
            .enumerate()
            .filter_map(|(index, &id)| Some((self.score(id)?, index, id)))
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, id)| id).collect()
    }
}

/// The index a search may use: a searchable handle, its version (bumped by every commit the
/// app is told of), and the store's post keys it maps hits through.
#[derive(Debug, Clone, Default)]
pub struct IndexInUse {
    pub index: Option<SearchIndex>,
    pub version: u64,
    keys: Option<(u64, HashMap<u64, PostId>)>,
}

impl IndexInUse {
    /// Uses `index` from now on, at `version`.
    pub fn set(&mut self, index: SearchIndex, version: u64) {
        self.index = Some(index);
        self.version = version;
    }

    /// The index's key of each post in `store` (made again when the store changed).
    fn keys(&mut self, store: &Store) -> &HashMap<u64, PostId> {
        let stale = self
            .keys
            .as_ref()
            .is_none_or(|(generation, _)| *generation != store.generation());
        if stale {
            let keys = store
                .ids()
                .iter()
                .filter_map(|&id| Some((index::key_of(&store.get(id)?.path), id)))
                .collect();
            self.keys = Some((store.generation(), keys));
        }
        &self.keys.as_ref().expect("just set").1
    }
}

/// Searches `store` for `text`: through the index when there is one (words ranked by BM25),
/// else by a scan. Blank text matches nothing.
pub fn search(store: &Store, text: &str, index: &mut IndexInUse) -> Hits {
    let mut hits = Hits {
        text: text.to_string(),
        generation: store.generation(),
        ..Hits::default()
    };
    if let Some(searchable) = index.index.clone() {
        let plan = Plan::parse(text, &mut Analyzer::default());
        if plan.is_empty() {
            return hits;
        }
        if let Ok(found) = searchable.search(&plan, index.keys(store)) {
            hits.index_version = index.version;
            hits.partial = found.partial;
            hits.scores = found.posts.into_iter().collect();
            return hits;
        }
    }
    hits.scores = scan::scan(store, text);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use crate::library::store::Change;

    fn store() -> Store {
        let mut store = Store::new();
        store.apply(
            [
                post(
                    "/pgo.md",
                    "Profile-guided optimization",
                    "2023-02-08",
                    "",
                    "PGO makes code faster. Context matters.",
                ),
                post(
                    "/pkg.md",
                    "Package discovery on pkg.go.dev",
                    "2023-03-01",
                    "",
                    "Pages about packages.",
                ),
                post(
                    "/ctx.md",
                    "Go Concurrency Patterns: Context",
                    "2014-07-29",
                    "",
                    "Cancellation of work through a context.\n## Cancellation\nDone channels.",
                ),
                post(
                    "/zh.md",
                    "可观测性",
                    "2024-01-01",
                    "",
                    "使用语义约定来命名属性。",
                ),
                post(
                    "/ru.md",
                    "Ошибки в Go",
                    "2024-01-02",
                    "",
                    "Обработка ошибок и контекст.",
                ),
            ]
            .map(|p| Change::Upsert(Box::new(p))),
        );
        store
    }

    fn indexed(store: &Store) -> IndexInUse {
        let mut handle = IndexWriterHandle::open(None).expect("an index in memory");
        let posts = store
            .ids()
            .iter()
            .filter_map(|&id| Some((store.get(id)?, store.lang(id))));
        assert_eq!(handle.sync(posts, |_, _| {}).expect("indexed"), 5);
        let mut in_use = IndexInUse::default();
        in_use.set(handle.index(), 1);
        in_use
    }

    /// An index in memory of every post of `store`, in use as version 1.
    fn index_of(store: &Store) -> IndexInUse {
        let mut handle = IndexWriterHandle::open(None).expect("an index in memory");
        let posts = store
            .ids()
            .iter()
            .filter_map(|&id| Some((store.get(id)?, store.lang(id))));
        handle.sync(posts, |_, _| {}).expect("indexed");
        let mut in_use = IndexInUse::default();
        in_use.set(handle.index(), 1);
        in_use
    }

    fn found(store: &Store, index: &mut IndexInUse, text: &str) -> Vec<String> {
        let hits = search(store, text, index);
        assert_eq!(hits.index_version, 1, "searched through the index");
        hits.rank(store.ids())
            .iter()
            .filter_map(|&id| Some(store.get(id)?.path.display().to_string()))
            .collect()
    }

    #[test]
    fn whole_words_rank_by_relevance_not_scattered_letters() {
        let store = store();
        let mut index = indexed(&store);
        assert_eq!(found(&store, &mut index, "pgo"), ["/pgo.md"]);
        // The post with both words first; one with only one of them after it.
        assert_eq!(
            found(&store, &mut index, "context cancellation"),
            ["/ctx.md", "/pgo.md"]
        );
        // No post has both: the posts with either, best first.
        let mut either = found(&store, &mut index, "pgo packages");
        either.sort();
        assert_eq!(either, ["/pgo.md", "/pkg.md"]);
    }

    #[test]
    fn a_word_no_post_holds_leaves_the_posts_holding_the_others_first() {
        let store = store();
        let mut index = indexed(&store);
        let found = found(&store, &mut index, "context cancellation tutorial");
        assert_eq!(
            found.first().map(String::as_str),
            Some("/ctx.md"),
            "{found:?}"
        );
        let hits = search(&store, "context cancellation tutorial", &mut index);
        let ctx = store
            .id_of(std::path::Path::new("/ctx.md"))
            .expect("stored");
        assert!(
            hits.partial.contains(&ctx),
            "it holds two of the three words"
        );
    }

    #[test]
    fn a_post_holding_most_words_in_its_title_ranks_above_one_holding_all_in_passing() {
        let mut store = Store::new();
        let filler = "Other words about packages and versions. ".repeat(40);
        store.apply(
            [
                post(
                    "/using.md",
                    "Using Go Modules",
                    "2019-03-19",
                    "",
                    "How to start.",
                ),
                post(
                    "/passing.md",
                    "Release notes",
                    "2020-01-01",
                    "",
                    &format!("{filler} The go command, modules, and a tutorial link."),
                ),
                post(
                    "/other.md",
                    "Something else",
                    "2021-01-01",
                    "",
                    "Nothing here.",
                ),
            ]
            .map(|p| Change::Upsert(Box::new(p))),
        );
        let mut index = index_of(&store);
        // Only "/passing.md" holds all three words; "/using.md" holds two, in its title.
        assert_eq!(
            found(&store, &mut index, "go modules tutorial"),
            ["/using.md", "/passing.md"]
        );
    }

    #[test]
    fn a_word_being_typed_finds_the_words_it_starts_as_written_not_only_their_stems() {
        let mut store = Store::new();
        store.apply(
            [
                post(
                    "/run.md",
                    "Running a service",
                    "2024-01-01",
                    "",
                    "For a year.",
                ),
                post("/other.md", "Other", "2024-01-02", "", "Nothing to see."),
            ]
            .map(|p| Change::Upsert(Box::new(p))),
        );
        let mut index = index_of(&store);
        // "running" is indexed by its stem "run", which "runn" does not start (and by the
        // word as written, in the title).
        for typed in ["ru", "run", "runn", "runni", "running"] {
            assert_eq!(found(&store, &mut index, typed), ["/run.md"], "{typed}");
        }
        assert!(found(&store, &mut index, "runx").is_empty());
        // And it is highlighted where it is.
        let mut analyzer = Analyzer::default();
        let marker = query::Plan::parse("runn", &mut analyzer).marker();
        let marked = marker.ranges(&mut analyzer, "Running a service");
        assert_eq!(
            marked.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
            [(0, 7)]
        );
    }

    #[test]
    fn prefixes_near_misses_phrases_and_exclusions() {
        let store = store();
        let mut index = indexed(&store);
        assert_eq!(found(&store, &mut index, "cancel"), ["/ctx.md"]);
        assert_eq!(found(&store, &mut index, "cancelation "), ["/ctx.md"]);
        assert_eq!(found(&store, &mut index, "\"code faster\""), ["/pgo.md"]);
        assert!(found(&store, &mut index, "\"faster code\"").is_empty());
        assert_eq!(found(&store, &mut index, "context -pgo"), ["/ctx.md"]);
    }

    #[test]
    fn a_post_in_spanish_is_stemmed_as_spanish_found_by_other_forms_and_marked() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let parse = |path: &str, text: &str| {
            Change::Upsert(Box::new(crate::content::Post::parse(
                std::path::Path::new(path),
                text,
                None,
            )))
        };
        let mut store = Store::new();
        store.apply([
            parse(
                "/es.md",
                "---\ntitle: Charla\nlang: es\n---\nHablamos de módulos.\n",
            ),
            parse(
                "/en.md",
                "---\ntitle: Talk\n---\nWe are talking about modules.\n",
            ),
            parse("/later.md", "---\ntitle: Nota\n---\nEscribimos código.\n"),
        ]);
        let sync = |handle: &mut IndexWriterHandle, store: &Store, later: Option<&str>| {
            let posts = (store.ids().iter()).filter_map(|&id| {
                let post = store.get(id)?;
                let told = later.filter(|_| post.path.ends_with("later.md"));
                let lang = store.lang(id).or(told);
                Some((post, lang))
            });
            handle.sync(posts, |_, _| {}).expect("synced")
        };
        {
            let mut handle = IndexWriterHandle::open(Some(dir.path())).expect("opened");
            assert_eq!(sync(&mut handle, &store, None), 3);
        }
        // Opened again, the index still knows which posts it stems as Spanish.
        let mut handle = IndexWriterHandle::open(Some(dir.path())).expect("opened again");
        assert_eq!(sync(&mut handle, &store, None), 0, "nothing changed");
        let mut index = IndexInUse::default();
        index.set(handle.index(), 1);
        // "hablar" and "hablamos" share the Spanish stem, not the English one.
        assert_eq!(found(&store, &mut index, "hablar"), ["/es.md"]);
        assert_eq!(found(&store, &mut index, "talks"), ["/en.md"]);
        let mut both = found(&store, &mut index, "modules");
        both.sort();
        assert_eq!(both, ["/en.md", "/es.md"], "as English and as Spanish");
        assert!(found(&store, &mut index, "escribir").is_empty());
        // Phrases and exclusions too.
        assert_eq!(found(&store, &mut index, "\"hablar de\""), ["/es.md"]);
        assert_eq!(found(&store, &mut index, "modules -hablar"), ["/en.md"]);
        // A post whose language is told later (detected) is indexed again, stemmed as it.
        assert_eq!(sync(&mut handle, &store, Some("es")), 1);
        index.set(handle.index(), 1);
        assert_eq!(found(&store, &mut index, "escribir"), ["/later.md"]);
        // Marked where it is, as the index found it.
        let mut analyzer = Analyzer::default();
        let marker = query::Plan::parse("hablar", &mut analyzer).marker();
        let text = "Hablamos de módulos.";
        assert!(marker.ranges(&mut analyzer, text).is_empty(), "not English");
        let spanish = marker.for_text_in(Some("es"), &mut analyzer);
        let marked = spanish.ranges(&mut analyzer, text);
        assert_eq!(
            marked.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["Hablamos"]
        );
    }

    #[test]
    fn russian_is_stemmed_and_chinese_found_by_bigrams() {
        let store = store();
        let mut index = indexed(&store);
        assert_eq!(found(&store, &mut index, "ошибка"), ["/ru.md"]);
        assert_eq!(found(&store, &mut index, "语义约定"), ["/zh.md"]);
        assert!(found(&store, &mut index, "约语").is_empty());
    }

    #[test]
    fn an_index_kept_on_disk_is_brought_up_to_date_by_stamps() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut store = store();
        {
            let mut handle = IndexWriterHandle::open(Some(dir.path())).expect("opened");
            let posts = store
                .ids()
                .iter()
                .filter_map(|&id| Some((store.get(id)?, store.lang(id))));
            assert_eq!(handle.sync(posts, |_, _| {}).expect("synced"), 5);
        }
        store.apply([Change::Remove(std::path::Path::new("/pgo.md").into())]);
        let mut handle = IndexWriterHandle::open(Some(dir.path())).expect("opened again");
        assert_eq!(handle.len(), 5);
        let posts = store
            .ids()
            .iter()
            .filter_map(|&id| Some((store.get(id)?, store.lang(id))));
        assert_eq!(
            handle.sync(posts, |_, _| {}).expect("synced"),
            0,
            "nothing read again"
        );
        assert_eq!(handle.len(), 4);
    }
}
