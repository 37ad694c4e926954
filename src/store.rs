//! The in-memory store: every post by id, in date order, with a tag index; it answers a
//! [`Filter`] with post ids, and applies the [`Change`]s the loader and the watcher send.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::content::{Post, Tag};

/// A post's identity while tidings runs. Stable across edits of the same file; never reused for
/// another file (a renamed or deleted-and-recreated file gets a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostId(u32);

/// A change to the set of posts, as the loader or the file watcher saw it. Posts arrive already
/// read and parsed, so applying a change never touches the disk.
#[derive(Debug)]
pub enum Change {
    /// A post was read (new or changed), keyed by its path.
    Upsert(Box<Post>),
    /// The file or folder at this path is gone: its post, or every post under it, is removed.
    Remove(PathBuf),
    /// A full rescan: these are now all the posts under the watched paths.
    Replace(Vec<Post>),
}

/// Which posts to show. Every condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A [`Tag::key`]: only posts with this tag.
    pub tag: Option<String>,
}

#[derive(Debug)]
struct Entry {
    post: Post,
    revision: u64,
}

/// Every post in memory. Ids index `slots`; `order` holds the live ids newest first (undated
/// posts last), then by title and path.
#[derive(Debug, Default)]
pub struct Store {
    slots: Vec<Option<Entry>>,
    by_path: HashMap<PathBuf, PostId>,
    order: Vec<PostId>,
    /// Tag key → (name as first seen, number of posts).
    tags: BTreeMap<String, (String, usize)>,
    /// Bumped by every change, so a view can tell when to recompute.
    generation: u64,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of posts.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn get(&self, id: PostId) -> Option<&Post> {
        self.entry(id).map(|e| &e.post)
    }

    /// How many times the post has been replaced since it was first stored (0 at first). With
    /// the id, it names one version of a post: what a render cache is keyed on.
    pub fn revision(&self, id: PostId) -> Option<u64> {
        self.entry(id).map(|e| e.revision)
    }

    /// Counts every change applied, so views know when their query is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn id_of(&self, path: &Path) -> Option<PostId> {
        self.by_path.get(path).copied()
    }

    /// Every tag in use, ordered by key, with its post count.
    pub fn tags(&self) -> impl Iterator<Item = (Tag, usize)> + '_ {
        self.tags.iter().map(|(key, (name, count))| {
            (
                Tag {
                    key: key.clone(),
                    name: name.clone(),
                },
                *count,
            )
        })
    }

    /// The ids of the posts that pass `filter`, in store order (newest first).
    pub fn query(&self, filter: &Filter) -> Vec<PostId> {
        self.order
            .iter()
            .copied()
            .filter(|&id| {
                let Some(post) = self.get(id) else {
                    return false;
                };
                filter
                    .tag
                    .as_ref()
                    .is_none_or(|key| post.tags.iter().any(|t| &t.key == key))
            })
            .collect()
    }

    /// Applies a batch of changes, re-sorting once at the end.
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) {
        for change in changes {
            match change {
                Change::Upsert(post) => self.upsert(*post),
                Change::Remove(path) => self.remove_under(&path),
                Change::Replace(posts) => {
                    let keep: std::collections::HashSet<PathBuf> =
                        posts.iter().map(|p| p.path.clone()).collect();
                    let gone: Vec<PathBuf> = self
                        .by_path
                        .keys()
                        .filter(|p| !keep.contains(*p))
                        .cloned()
                        .collect();
                    for path in gone {
                        self.remove_under(&path);
                    }
                    for post in posts {
                        self.upsert(post);
                    }
                }
            }
        }
        self.sort();
        self.generation += 1;
    }

    fn entry(&self, id: PostId) -> Option<&Entry> {
        self.slots.get(id.0 as usize).and_then(Option::as_ref)
    }

    fn upsert(&mut self, post: Post) {
        self.count_tags(&post, true);
        match self.by_path.get(&post.path).copied() {
            Some(id) => {
                if let Some(entry) = self.slots.get_mut(id.0 as usize).and_then(Option::as_mut) {
                    let old = std::mem::replace(&mut entry.post, post);
                    entry.revision += 1;
                    self.count_tags(&old, false);
                }
            }
            None => {
                let id = PostId(u32::try_from(self.slots.len()).unwrap_or(u32::MAX));
                self.by_path.insert(post.path.clone(), id);
                self.slots.push(Some(Entry { post, revision: 0 }));
                self.order.push(id);
            }
        }
    }

    /// Removes the post at `path`, or every post under it if it was a folder.
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
        if gone.is_empty() {
            return;
        }
        for id in &gone {
            if let Some(entry) = self.slots.get_mut(id.0 as usize).and_then(Option::take) {
                self.by_path.remove(&entry.post.path);
                self.count_tags(&entry.post, false);
            }
        }
        self.order.retain(|id| !gone.contains(id));
    }

    fn count_tags(&mut self, post: &Post, add: bool) {
        for tag in &post.tags {
            if add {
                self.tags
                    .entry(tag.key.clone())
                    .or_insert_with(|| (tag.name.clone(), 0))
                    .1 += 1;
            } else if let Some(entry) = self.tags.get_mut(&tag.key) {
                entry.1 -= 1;
                if entry.1 == 0 {
                    self.tags.remove(&tag.key);
                }
            }
        }
    }

    fn sort(&mut self) {
        let slots = &self.slots;
        let post = |id: &PostId| slots[id.0 as usize].as_ref().map(|e| &e.post);
        self.order.sort_by(|a, b| match (post(a), post(b)) {
            (Some(a), Some(b)) => newest_first(a, b),
            _ => Ordering::Equal,
        });
    }
}

/// Newest date first, undated last; then title (case-insensitive), then path.
fn newest_first(a: &Post, b: &Post) -> Ordering {
    let date = |p: &Post| p.date.map(|d| d.date);
    match (date(a), date(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
    .then_with(|| a.path.cmp(&b.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, title: &str, date: &str, tag: &str) -> Post {
        let text = format!("---\ntitle: \"{title}\"\ndate: {date}\ntag: \"{tag}\"\n---\nbody\n");
        Post::parse(Path::new(path), &text, None)
    }

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
            Change::Upsert(Box::new(post("/p/b.md", "Older", "2024-06-10", "ethereum"))),
            Change::Upsert(Box::new(post("/p/a.md", "Newest", "2024-06-19", "defi"))),
            Change::Upsert(Box::new(post(
                "/p/sub/c.md",
                "Also older",
                "2024-06-10",
                "Ethereum",
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
        let filter = Filter {
            tag: Some("ethereum".into()),
        };
        assert_eq!(titles(&store, &filter), ["Also older", "Older"]);
        let tags: Vec<_> = store.tags().map(|(t, n)| (t.name, n)).collect();
        assert_eq!(tags, [("defi".to_string(), 1), ("ethereum".to_string(), 2)]);
    }

    #[test]
    fn upsert_of_same_path_keeps_id_and_bumps_revision() {
        let mut store = seeded();
        let id = store.id_of(Path::new("/p/b.md")).expect("stored");
        let renamed = post("/p/b.md", "Renamed", "2025-01-01", "defi");
        store.apply([Change::Upsert(Box::new(renamed))]);
        assert_eq!(store.id_of(Path::new("/p/b.md")), Some(id));
        assert_eq!(store.revision(id), Some(1));
        assert_eq!(store.len(), 3);
        assert_eq!(titles(&store, &Filter::default())[0], "Renamed");
        let tags: Vec<_> = store.tags().map(|(t, n)| (t.key, n)).collect();
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
    fn removed_ids_are_never_reused() {
        let mut store = seeded();
        let old = store.id_of(Path::new("/p/a.md")).expect("stored");
        store.apply([Change::Remove(PathBuf::from("/p/a.md"))]);
        store.apply([Change::Upsert(Box::new(post(
            "/p/a.md",
            "Back",
            "2024-01-01",
            "x",
        )))]);
        assert_ne!(store.id_of(Path::new("/p/a.md")), Some(old));
        assert!(store.get(old).is_none());
    }

    #[test]
    fn replace_drops_posts_not_in_the_rescan() {
        let mut store = seeded();
        let generation = store.generation();
        store.apply([Change::Replace(vec![post(
            "/p/a.md",
            "Newest",
            "2024-06-19",
            "defi",
        )])]);
        assert_eq!(titles(&store, &Filter::default()), ["Newest"]);
        assert!(store.generation() > generation);
    }
}
