//! The in-memory store: every post by id, kept in date order (the date index), with a tag index;
//! it answers a [`Filter`] with post ids, and applies the [`Change`]s the loader and the watcher
//! send. The UI reads posts only through [`Store::query`] and [`Store::get`].

use std::collections::{BTreeMap, HashSet, hash_map};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use compact_str::CompactString;

use crate::content::{Diagnostic, Post};

mod batches;
mod bodies;
mod languages;
mod listing;
mod order;
mod tags;

pub use super::filter::{Filter, SortOrder, TagMatch};
pub use crate::content::PostId;
pub use languages::WithLanguage;
pub use order::Columns;
use order::{Lead, OrderKey, order_key};

/// A change to the set of posts, as the loader or the file watcher saw it. Posts arrive already
/// read and parsed, so applying a change never touches the disk.
#[derive(Debug)]
pub enum Change {
    /// A post was read (new or changed), keyed by its path.
    Upsert(Box<Post>),
    /// The file at `from` was renamed to the post's path (and read there): the post keeps its
    /// id. A post that was at the new path is replaced. Without a post at `from`, an upsert.
    Moved { from: PathBuf, post: Box<Post> },
    /// The file or folder at this path is gone: its post, or every post under it, is removed.
    Remove(PathBuf),
}

impl Change {
    /// The post read, for an upsert or a move.
    pub fn post(&self) -> Option<&Post> {
        match self {
            Change::Upsert(post) | Change::Moved { post, .. } => Some(post),
            Change::Remove(_) => None,
        }
    }
}

#[derive(Debug)]
struct Entry {
    /// Shared, so the search index's thread can read posts without copying them.
    post: Arc<Post>,
    revision: u64,
    /// Why the file's newest version was not taken: its front matter could not be read, so
    /// `post` is still the last version whose front matter could.
    held_back: Option<Diagnostic>,
}

/// How many posts a list left out, by why: not articles, or unpublished (see
/// [`Store::leave_out_unpublished`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HiddenCounts {
    /// Files that are not articles ([`Store::leave_out_not_articles`]).
    pub not_articles: usize,
    pub drafts: usize,
    /// `publishDate` still to come.
    pub scheduled: usize,
    /// `expiryDate` passed.
    pub expired: usize,
}

impl HiddenCounts {
    pub fn total(&self) -> usize {
        self.not_articles + self.drafts + self.scheduled + self.expired
    }
}

/// A set of post ids, hashed with foldhash: ids are ours, not an attacker's, and SipHash was a
/// good part of storing 100,000 posts.
pub type IdSet = foldhash::HashSet<PostId>;

/// A tag in use: its name as first seen, and the posts that carry it.
#[derive(Debug)]
struct TagPosts {
    name: CompactString,
    posts: IdSet,
}

/// Every post in memory. Ids index `slots`; `order` holds the live ids by date band (own date,
/// then file date, then undated: see [`band`]), newest first within a band, then by title and
/// path; `rank` maps an id back to its place in `order`.
#[derive(Debug, Default)]
pub struct Store {
    slots: Vec<Option<Entry>>,
    /// Every path ever stored, removed posts' included (so a path keeps its id).
    by_path: foldhash::HashMap<Arc<Path>, PostId>,
    order: Vec<PostId>,
    /// Indexed by id: the position in `order`, `u32::MAX` for a removed post.
    rank: Vec<u32>,
    /// Indexed by id.
    columns: Vec<Columns>,
    /// Indexed by id: the start of each post's order key, compared without looking it up.
    leads: Vec<Lead>,
    tags: BTreeMap<CompactString, TagPosts>,
    /// Diagnostics over every post.
    diagnostics: usize,
    /// The posts that may be unpublished ([`Post::may_be_unpublished`]).
    unpublished: IdSet,
    /// The section pages ([`Post::section`]).
    sections: IdSet,
    /// The files that are not articles ([`Post::not_article`]).
    not_articles: IdSet,
    /// How many posts have a front matter block.
    with_front_matter: usize,
    /// Ids added or changed since the last sort, to be merged into `order`.
    unsorted: Vec<PostId>,
    /// Posts were removed since the last sort: `order` still holds their ids.
    removed: bool,
    /// Languages told from the text of posts whose authors said none (see
    /// [`Store::set_detected`]): by id, `None` for a post too short or too mixed to tell.
    /// Each code is one shared string: 100,000 posts in a few languages hold a few codes.
    detected: foldhash::HashMap<PostId, Option<Arc<str>>>,
    /// Bumped by every change, so a view can tell when to recompute.
    generation: u64,
    /// The last revision given out: revisions are unique over the store.
    revisions: u64,
    /// The post whose body [`Store::hold_body`] read back from disk, and how much of its file
    /// was read.
    read_back: Option<(PostId, u64)>,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store of `posts`, shared with another store (a snapshot, see [`Store::snapshot`]):
    /// for a thread that works on the posts as they were, copying none. Ids are this store's
    /// own; paths name the same posts in both.
    pub fn from_shared(posts: impl IntoIterator<Item = Arc<Post>>) -> Self {
        let mut store = Self::new();
        store.hold_exactly(posts);
        store
    }

    /// Makes the store hold exactly `posts` (a newer snapshot of another store), sharing them:
    /// a post whose version is already stored (the same `Arc`) is left as it is, the others are
    /// stored, and posts not among them are removed. For a thread that follows another store,
    /// so each snapshot costs about what changed rather than a whole new store.
    pub fn hold_exactly(&mut self, posts: impl IntoIterator<Item = Arc<Post>>) {
        let mut wanted: HashSet<Arc<Path>> = HashSet::new();
        for post in posts {
            wanted.insert(Arc::clone(&post.path));
            let stored = (self.id_of(&post.path))
                .and_then(|id| self.entry(id))
                .is_some_and(|entry| Arc::ptr_eq(&entry.post, &post));
            if !stored {
                self.upsert(post);
            }
        }
        let gone: Vec<Arc<Path>> = (self.order.iter())
            .filter_map(|&id| self.entry(id))
            .map(|entry| Arc::clone(&entry.post.path))
            .filter(|path| !wanted.contains(path))
            .collect();
        for path in gone {
            self.remove_under(&path);
        }
        self.sort();
        self.generation += 1;
    }

    /// Number of posts.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn get(&self, id: PostId) -> Option<&Post> {
        self.entry(id).map(|e| &*e.post)
    }

    /// Post `id`, shared (a render off the UI thread holds it without a copy).
    pub fn shared(&self, id: PostId) -> Option<Arc<Post>> {
        self.entry(id).map(|e| Arc::clone(&e.post))
    }

    /// Every post stored, shared: what the search index is brought up to date with.
    pub fn snapshot(&self) -> Vec<Arc<Post>> {
        self.order
            .iter()
            .filter_map(|&id| self.entry(id).map(|e| Arc::clone(&e.post)))
            .collect()
    }

    /// Names the stored version of a post: it changes whenever the post is replaced (and is
    /// never given again, even to a post deleted and stored again). With the id, what a render
    /// cache is keyed on.
    pub fn revision(&self, id: PostId) -> Option<u64> {
        self.entry(id).map(|e| e.revision)
    }

    /// Why the post's newest version was held back, if it was: its front matter could not be
    /// read (the diagnostic, with its line), so [`Store::get`] still gives the last version
    /// whose front matter could. Cleared by the next version that reads.
    pub fn held_back(&self, id: PostId) -> Option<&Diagnostic> {
        self.entry(id).and_then(|e| e.held_back.as_ref())
    }

    /// Counts every change applied, so views know when their query is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The id of the post stored at `path`, if there is one now.
    pub fn id_of(&self, path: &Path) -> Option<PostId> {
        self.by_path
            .get(path)
            .copied()
            .filter(|&id| self.entry(id).is_some())
    }

    fn rank_of(&self, id: PostId) -> usize {
        self.rank
            .get(id.index())
            .map_or(usize::MAX, |&r| r as usize)
    }

    /// Applies a batch of changes, putting the store back in order once at the end.
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) {
        for change in changes {
            match change {
                Change::Upsert(post) => self.upsert(Arc::from(post)),
                Change::Moved { from, post } => self.relocate(&from, Arc::from(post)),
                Change::Remove(path) => self.remove_under(&path),
            }
        }
        self.sort();
        self.generation += 1;
    }

    fn entry(&self, id: PostId) -> Option<&Entry> {
        self.slots.get(id.index()).and_then(Option::as_ref)
    }

    fn upsert(&mut self, post: Arc<Post>) {
        self.revisions += 1;
        let revision = self.revisions;
        let columns = Columns::of(&post);
        let lead = Lead::of(&post);
        // The path hashed once: a new path gets the next id here.
        let known = match self.by_path.entry(post.path.clone()) {
            hash_map::Entry::Occupied(known) => Some(*known.get()),
            hash_map::Entry::Vacant(new) => {
                new.insert(PostId::from_index(self.slots.len()));
                None
            }
        };
        let live = known.and_then(|id| self.slots.get_mut(id.index())?.as_mut());
        if let Some(entry) = live {
            // A front matter broken in the middle of an edit: keep the version that read.
            if post.front_matter_broken && !entry.post.front_matter_broken {
                // Counted with the diagnostics, so the status line and `!` tell of it.
                if entry.held_back.is_none() {
                    self.diagnostics += 1;
                }
                entry.held_back = post.front_matter_error().cloned();
                return;
            }
        }
        self.diagnostics += post.diagnostics.len();
        let id = match known {
            Some(id) => {
                let Some(slot) = self.slots.get_mut(id.index()) else {
                    return;
                };
                let entry = Entry {
                    post,
                    revision,
                    held_back: None,
                };
                // Replaced, or stored again at a path it was removed from.
                if let Some(old) = slot.replace(entry) {
                    self.unindex(id, &old);
                }
                id
            }
            None => {
                let id = PostId::from_index(self.slots.len());
                self.slots.push(Some(Entry {
                    post,
                    revision,
                    held_back: None,
                }));
                self.rank.push(u32::MAX);
                self.columns.push(Columns::default());
                self.leads.push(Lead::default());
                id
            }
        };
        if let Some(slot) = self.columns.get_mut(id.index()) {
            *slot = columns;
        }
        if let Some(slot) = self.leads.get_mut(id.index()) {
            *slot = lead;
        }
        if let Some(entry) = self.slots.get(id.index()).and_then(Option::as_ref) {
            if entry.post.may_be_unpublished() {
                self.unpublished.insert(id);
            }
            if entry.post.section {
                self.sections.insert(id);
            }
            if entry.post.not_article.is_some() {
                self.not_articles.insert(id);
            }
            self.with_front_matter += usize::from(entry.post.has_front_matter);
            for tag in &entry.post.tags {
                // Looked up before its key is copied: most tags are known already.
                match self.tags.get_mut(&tag.key) {
                    Some(known) => known.posts.insert(id),
                    None => (self.tags.entry(tag.key.clone()))
                        .or_insert_with(|| TagPosts {
                            name: tag.name.clone(),
                            posts: IdSet::default(),
                        })
                        .posts
                        .insert(id),
                };
            }
        }
        self.unsorted.push(id);
    }

    /// Moves the post at `from` to `post`'s path, keeping its id, and stores `post` there.
    fn relocate(&mut self, from: &Path, post: Arc<Post>) {
        if let Some(id) = self.id_of(from).filter(|_| from != &*post.path) {
            if self.id_of(&post.path).is_some() {
                self.remove_under(&post.path);
            }
            self.by_path.remove(from);
            self.by_path.insert(post.path.clone(), id);
        }
        self.upsert(post);
    }

    /// Removes the post at `path`, or every post under it if it was a folder. The paths keep
    /// their ids.
    fn remove_under(&mut self, path: &Path) {
        let gone: Vec<PostId> = match self.by_path.get(path) {
            Some(&id) => vec![id],
            None => self
                .by_path
                .iter()
                .filter(|(p, _)| p.starts_with(path))
                .map(|(_, &id)| id)
                .collect(),
        };
        for id in gone {
            if let Some(entry) = self.slots.get_mut(id.index()).and_then(Option::take) {
                self.removed = true;
                self.unindex(id, &entry);
                if let Some(rank) = self.rank.get_mut(id.index()) {
                    *rank = u32::MAX;
                }
            }
        }
    }

    /// Takes `entry`, stored as `id`, out of the indexes and counts.
    fn unindex(&mut self, id: PostId, entry: &Entry) {
        // A new version of the post is detected again.
        self.detected.remove(&id);
        let post = &entry.post;
        self.diagnostics -= post.diagnostics.len() + usize::from(entry.held_back.is_some());
        self.with_front_matter -= usize::from(post.has_front_matter);
        self.unpublished.remove(&id);
        self.sections.remove(&id);
        self.not_articles.remove(&id);
        self.untag(id, post);
    }

    /// Puts `order` back in order: drops removed and changed ids, sorts the changed ones and
    /// merges them in, so a batch costs O(posts + batch · log batch), not a full sort.
    fn sort(&mut self) {
        let mut fresh = std::mem::take(&mut self.unsorted);
        fresh.sort_unstable();
        fresh.dedup();
        // Ids already in `order` (changed posts) or removed ones are dropped from it first; a
        // batch of new posts alone (a load) is merged in without that pass.
        let ranked = |id: &PostId| self.rank.get(id.index()).is_some_and(|&r| r != u32::MAX);
        let drop_some = std::mem::take(&mut self.removed) || fresh.iter().any(ranked);
        let slots = &self.slots;
        let live = |id: &PostId| slots.get(id.index()).is_some_and(Option::is_some);
        fresh.retain(live);
        // Sorted as keys of `newest_first`'s fields side by side, not ids compared through
        // their slots: over a whole load, the look-ups were most of the sort. (Paths are
        // unique, so an unstable sort gives the one order.)
        let leads = &self.leads;
        let mut keyed: Vec<(OrderKey, PostId)> = (fresh.iter())
            .filter_map(|&id| {
                let entry = slots[id.index()].as_ref()?;
                Some((order_key(leads[id.index()], &entry.post), id))
            })
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let fresh: Vec<PostId> = keyed.into_iter().map(|(_, id)| id).collect();
        let old = std::mem::take(&mut self.order);
        let kept = if drop_some {
            let fresh_set: IdSet = fresh.iter().copied().collect();
            (old.into_iter())
                .filter(|id| live(id) && !fresh_set.contains(id))
                .collect()
        } else {
            old
        };
        // Each new post goes in after the kept posts that come before it, found by binary
        // search: a batch costs its own size times log(posts) look-ups, not one per post.
        let key = |id: &PostId| {
            let entry = slots.get(id.index())?.as_ref()?;
            Some(order_key(*leads.get(id.index())?, &entry.post))
        };
        // Whether `other` (kept, so live) comes before the key `new`: by their leads, and
        // only when those are equal by looking `other` up.
        let before = |other: &PostId, new: &OrderKey| match leads.get(other.index()) {
            Some(lead) if *lead != new.0 => *lead < new.0,
            _ => key(other).is_some_and(|k| k < *new),
        };
        let mut order = Vec::with_capacity(kept.len() + fresh.len());
        let mut rest = &kept[..];
        for id in fresh {
            if let Some(new) = key(&id) {
                // No two keys are equal: paths are unique.
                let at = rest.partition_point(|other| before(other, &new));
                order.extend_from_slice(&rest[..at]);
                rest = &rest[at..];
            }
            order.push(id);
        }
        order.extend_from_slice(rest);
        for (rank, id) in order.iter().enumerate() {
            if let Some(slot) = self.rank.get_mut(id.index()) {
                *slot = u32::try_from(rank).unwrap_or(u32::MAX);
            }
        }
        self.order = order;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use jiff::civil::Date;

    fn titles(store: &Store, filter: &Filter) -> Vec<String> {
        store
            .query(filter)
            .into_iter()
            .filter_map(|id| store.get(id).map(|p| p.title.clone()))
            .collect()
    }

    fn seeded() -> Store {
        let mut store = Store::new();
        store.apply([
            Change::Upsert(Box::new(post(
                "/p/b.md",
                "Older",
                "2024-06-10",
                "ethereum",
                "body\n",
            ))),
            Change::Upsert(Box::new(post(
                "/p/a.md",
                "Newest",
                "2024-06-19",
                "defi",
                "body\n",
            ))),
            Change::Upsert(Box::new(post(
                "/p/sub/c.md",
                "Also older",
                "2024-06-10",
                "Ethereum",
                "body\n",
            ))),
        ]);
        store
    }

    #[test]
    fn posts_are_ordered_newest_first_then_by_title() {
        let store = seeded();
        assert_eq!(
            titles(&store, &Filter::default()),
            ["Newest", "Also older", "Older"]
        );
    }

    #[test]
    fn tag_filter_matches_case_insensitively() {
        let store = seeded();
        let filter = Filter::tag("ethereum");
        assert_eq!(titles(&store, &filter), ["Also older", "Older"]);
        let tags: Vec<_> = store.tags().map(|(t, n)| (t.name.to_string(), n)).collect();
        assert_eq!(tags, [("defi".to_string(), 1), ("ethereum".to_string(), 2)]);
    }

    #[test]
    fn upsert_of_same_path_keeps_id_and_bumps_revision() {
        let mut store = seeded();
        let id = store.id_of(Path::new("/p/b.md")).expect("stored");
        let before = store.revision(id);
        let renamed = post("/p/b.md", "Renamed", "2025-01-01", "defi", "body\n");
        store.apply([Change::Upsert(Box::new(renamed))]);
        assert_eq!(store.id_of(Path::new("/p/b.md")), Some(id));
        assert_ne!(store.revision(id), before);
        assert_eq!(store.len(), 3);
        assert_eq!(titles(&store, &Filter::default())[0], "Renamed");
        let tags: Vec<_> = store.tags().map(|(t, n)| (t.key.to_string(), n)).collect();
        assert_eq!(tags, [("defi".to_string(), 2), ("ethereum".to_string(), 1)]);
    }

    #[test]
    fn removing_a_folder_removes_every_post_under_it() {
        let mut store = seeded();
        store.apply([Change::Remove(PathBuf::from("/p/sub"))]);
        assert_eq!(titles(&store, &Filter::default()), ["Newest", "Older"]);
        store.apply([Change::Remove(PathBuf::from("/p/a.md"))]);
        assert_eq!(titles(&store, &Filter::default()), ["Older"]);
        assert_eq!(store.tags().count(), 1);
    }

    #[test]
    fn a_path_deleted_and_created_again_keeps_its_id_with_a_new_revision() {
        let mut store = seeded();
        let old = store.id_of(Path::new("/p/a.md")).expect("stored");
        let revision = store.revision(old);
        store.apply([Change::Remove(PathBuf::from("/p/a.md"))]);
        assert_eq!(store.id_of(Path::new("/p/a.md")), None);
        assert!(store.get(old).is_none());
        assert_eq!(store.len(), 2);
        store.apply([Change::Upsert(Box::new(post(
            "/p/a.md",
            "Back",
            "2024-01-01",
            "x",
            "body\n",
        )))]);
        assert_eq!(store.id_of(Path::new("/p/a.md")), Some(old));
        assert_eq!(store.get(old).map(|p| p.title.as_str()), Some("Back"));
        assert_ne!(store.revision(old), revision);
        assert_eq!(
            titles(&store, &Filter::default()),
            ["Also older", "Older", "Back"]
        );
        assert_eq!(titles(&store, &Filter::tag("x")), ["Back"]);
    }

    #[test]
    fn a_renamed_post_keeps_its_id_under_the_new_path() {
        let mut store = seeded();
        let id = store.id_of(Path::new("/p/a.md")).expect("stored");
        let over = store.id_of(Path::new("/p/b.md")).expect("stored");
        // Renamed onto another post's file: that post is replaced.
        let moved = post("/p/b.md", "Newest", "2024-06-19", "defi", "body\n");
        store.apply([Change::Moved {
            from: PathBuf::from("/p/a.md"),
            post: Box::new(moved),
        }]);
        assert_eq!(store.id_of(Path::new("/p/b.md")), Some(id));
        assert_eq!(store.id_of(Path::new("/p/a.md")), None);
        assert!(store.get(over).is_none());
        assert_eq!(titles(&store, &Filter::default()), ["Newest", "Also older"]);
        assert_eq!(titles(&store, &Filter::tag("ethereum")), ["Also older"]);

        // From a path nothing was stored at: a new post.
        let fresh = post("/p/new.md", "Fresh", "2023-01-01", "x", "body\n");
        store.apply([Change::Moved {
            from: PathBuf::from("/p/.new.md.tmp"),
            post: Box::new(fresh),
        }]);
        assert_eq!(store.len(), 3);
    }

    #[test]
    fn a_front_matter_broken_by_an_edit_is_held_back_until_it_reads_again() {
        let mut store = seeded();
        let id = store.id_of(Path::new("/p/a.md")).expect("stored");
        let broken = Post::parse(
            Path::new("/p/a.md"),
            "---\ntitle: \"Half typed\ndate: 2024-06-19\n---\nbody\n",
            None,
        );
        assert!(broken.front_matter_broken);
        store.apply([Change::Upsert(Box::new(broken))]);
        assert_eq!(store.get(id).map(|p| p.title.as_str()), Some("Newest"));
        let error = store.held_back(id).expect("held back");
        assert!(error.message.starts_with("front matter:"), "{error}");
        // The line where the open quote is, the file's line 2.
        assert_eq!(error.line, Some(2), "{error}");
        assert_eq!(titles(&store, &Filter::tag("defi")), ["Newest"]);
        let counted = store.diagnostic_count();
        assert!(counted >= 1, "the held-back error is counted");
        // Saving it broken again counts it once.
        let again = Post::parse(
            Path::new("/p/a.md"),
            "---\ntitle: \"Half typed more\ndate: 2024-06-19\n---\nbody\n",
            None,
        );
        store.apply([Change::Upsert(Box::new(again))]);
        assert_eq!(store.diagnostic_count(), counted);

        let fixed = post("/p/a.md", "Fixed", "2024-06-19", "defi", "body\n");
        store.apply([Change::Upsert(Box::new(fixed))]);
        assert_eq!(store.get(id).map(|p| p.title.as_str()), Some("Fixed"));
        assert_eq!(store.held_back(id), None);
        assert_eq!(store.diagnostic_count(), counted - 1);

        // A post whose front matter never read has no good version to keep.
        let never = Post::parse(Path::new("/p/n.md"), "---\ntitle: [\n---\nx\n", None);
        store.apply([Change::Upsert(Box::new(never))]);
        let again = Post::parse(Path::new("/p/n.md"), "---\ntitle: [[\n---\ny\n", None);
        store.apply([Change::Upsert(Box::new(again))]);
        let n = store.id_of(Path::new("/p/n.md")).expect("stored");
        assert_eq!(store.get(n).map(|p| p.text()), Some("y\n"));
        assert_eq!(store.held_back(n), None);
    }

    fn tagged(path: &str, date: Option<&str>, tags: &[&str], body: &str) -> Post {
        let date = date.map(|d| format!("date: {d}\n")).unwrap_or_default();
        let text = format!(
            "---\ntitle: {path}\n{date}tags: [{}]\n---\n{body}\n",
            tags.join(", ")
        );
        Post::parse(Path::new(path), text, None)
    }

    fn library() -> Store {
        let mut store = Store::new();
        store.apply([
            Change::Upsert(Box::new(tagged(
                "/a",
                Some("2024-01-10"),
                &["go", "web"],
                "Goroutines",
            ))),
            Change::Upsert(Box::new(tagged(
                "/b",
                Some("2024-02-10"),
                &["go"],
                "Channels",
            ))),
            Change::Upsert(Box::new(tagged("/c", Some("2024-03-10"), &["web"], "HTML"))),
            Change::Upsert(Box::new(tagged(
                "/d",
                Some("2023-12-31"),
                &["go", "web"],
                "Старый пост",
            ))),
            Change::Upsert(Box::new(tagged("/e", None, &["go"], "Undated"))),
        ]);
        store
    }

    fn paths(store: &Store, filter: &Filter) -> Vec<String> {
        store
            .query(filter)
            .into_iter()
            .filter_map(|id| store.get(id).map(|p| p.path.display().to_string()))
            .collect()
    }

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn tags_combine_as_any_or_all() {
        let store = library();
        let mut filter = Filter {
            tags: vec!["go".into(), "web".into()],
            ..Filter::default()
        };
        assert_eq!(paths(&store, &filter), ["/c", "/b", "/a", "/d", "/e"]);
        filter.tag_match = TagMatch::All;
        assert_eq!(paths(&store, &filter), ["/a", "/d"]);
        filter.tags.push("missing".into());
        assert!(paths(&store, &filter).is_empty());
    }

    #[test]
    fn date_range_is_inclusive_and_hides_undated_posts() {
        let store = library();
        let filter = Filter {
            from: Some(day("2024-01-10")),
            to: Some(day("2024-02-10")),
            ..Filter::default()
        };
        assert_eq!(paths(&store, &filter), ["/b", "/a"]);
        let since = Filter {
            from: Some(day("2024-02-01")),
            ..Filter::default()
        };
        assert_eq!(paths(&store, &since), ["/c", "/b"]);
        let until = Filter {
            to: Some(day("2023-12-31")),
            ..Filter::default()
        };
        assert_eq!(paths(&store, &until), ["/d"]);
        let empty = Filter {
            from: Some(day("2025-01-01")),
            to: Some(day("2024-01-01")),
            ..Filter::default()
        };
        assert!(paths(&store, &empty).is_empty());
    }

    #[test]
    fn posts_with_their_own_date_come_before_posts_dated_by_their_file() {
        let modified = |path: &str, title: &str, day: &str| {
            Post::parse(
                Path::new(path),
                format!("---\ntitle: {title}\n---\nx\n"),
                Some(day.parse().expect("a date")),
            )
        };
        let mut store = Store::new();
        store.apply([
            Change::Upsert(Box::new(modified("/stub-new", "Stub new", "2026-11-30"))),
            Change::Upsert(Box::new(post("/old", "Old", "2019-05-01", "", "x"))),
            Change::Upsert(Box::new(modified("/stub-old", "Stub old", "2020-01-01"))),
            Change::Upsert(Box::new(post("/undated", "Undated", "", "", "x"))),
            Change::Upsert(Box::new(post("/new", "New", "2024-05-01", "", "x"))),
        ]);
        let all = Filter::default();
        assert_eq!(
            paths(&store, &all),
            ["/new", "/old", "/stub-new", "/stub-old", "/undated"]
        );
        // A date filter applies to both kinds of date, each band newest first.
        let since = Filter {
            from: Some(day("2020-01-01")),
            ..Filter::default()
        };
        assert_eq!(paths(&store, &since), ["/new", "/stub-new", "/stub-old"]);
        let until = Filter {
            to: Some(day("2021-01-01")),
            ..Filter::default()
        };
        assert_eq!(paths(&store, &until), ["/old", "/stub-old"]);
        let tagged_range = Filter {
            tags: vec!["none".into()],
            from: Some(day("2020-01-01")),
            ..Filter::default()
        };
        assert!(paths(&store, &tagged_range).is_empty());
    }

    #[test]
    fn tags_and_dates_combine() {
        let store = library();
        let filter = Filter {
            tags: vec!["web".into()],
            from: Some(day("2023-01-01")),
            to: Some(day("2024-01-31")),
            ..Filter::default()
        };
        assert_eq!(paths(&store, &filter), ["/a", "/d"]);
    }

    #[test]
    fn tag_counts_count_only_the_given_posts_and_list_every_tag() {
        let store = library();
        let dated_2024 = store.query(&Filter {
            from: Some(day("2024-01-01")),
            ..Filter::default()
        });
        let counts: Vec<_> = store
            .tag_counts(&dated_2024)
            .into_iter()
            .map(|(t, n)| (t.key.to_string(), n))
            .collect();
        assert_eq!(counts, [("go".to_string(), 2), ("web".to_string(), 2)]);
        let none = store.tag_counts(&[]);
        assert!(none.iter().all(|(_, n)| *n == 0) && none.len() == 2);
    }

    #[test]
    fn order_stays_sorted_across_batches_and_edits() {
        let mut store = library();
        store.apply([
            Change::Upsert(Box::new(tagged("/f", Some("2024-02-11"), &["go"], "x"))),
            Change::Upsert(Box::new(tagged(
                "/a",
                Some("2025-01-01"),
                &["go"],
                "moved up",
            ))),
            Change::Remove(PathBuf::from("/c")),
        ]);
        assert_eq!(
            paths(&store, &Filter::default()),
            ["/a", "/f", "/b", "/d", "/e"]
        );
        assert_eq!(paths(&store, &Filter::tag("web")), ["/d"]);
        let counts: Vec<_> = store.tags().map(|(t, n)| (t.key.to_string(), n)).collect();
        assert_eq!(counts, [("go".to_string(), 5), ("web".to_string(), 1)]);
    }

    #[test]
    fn a_store_following_snapshots_holds_exactly_the_newest_and_keeps_unchanged_posts() {
        let mut app = Store::new();
        app.apply([
            Change::Upsert(Box::new(post("/p/a.md", "A", "2024-01-01", "x", "a"))),
            Change::Upsert(Box::new(post("/p/b.md", "B", "2024-01-02", "y", "b"))),
        ]);
        let mut follower = Store::new();
        follower.hold_exactly(app.snapshot());
        let b = follower.id_of(Path::new("/p/b.md")).expect("b");
        let b_revision = follower.revision(b);
        // A changed, B left alone, C new; then A gone.
        app.apply([
            Change::Upsert(Box::new(post("/p/a.md", "A2", "2024-01-01", "x", "a2"))),
            Change::Upsert(Box::new(post("/p/c.md", "C", "2024-01-03", "z", "c"))),
        ]);
        follower.hold_exactly(app.snapshot());
        assert_eq!(
            follower.revision(b),
            b_revision,
            "an unchanged post is not stored again"
        );
        app.apply([Change::Remove("/p/a.md".into())]);
        follower.hold_exactly(app.snapshot());
        let held = |store: &Store| -> Vec<(String, String)> {
            let mut held: Vec<_> = (store.snapshot().iter())
                .map(|p| (p.path.display().to_string(), p.title.clone()))
                .collect();
            held.sort();
            held
        };
        assert_eq!(held(&follower), held(&app));
        assert_eq!(held(&follower).len(), 2);
        let all = Filter::default();
        assert_eq!(titles(&follower, &all), titles(&app, &all));
        assert_eq!(
            follower.tag_counts(follower.ids()).len(),
            2,
            "tag x went with A"
        );
    }
}
