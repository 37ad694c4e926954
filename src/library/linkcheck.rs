//! Links checked for authors: a link between posts that leads to no post, an anchor that names
//! no heading of its post, a local image or file that is not there. Web addresses are never
//! fetched. A link from the site's root is checked only when its first folder is one the posts
//! are in (`/blog/…` in a blog whose posts are under `blog/`): `/doc/install` is another page of
//! the site, not a post. Template expressions (`{{ … }}`) and images from the site's root
//! (`/images/a.png`: where the root is depends on the generator) are not checked.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag};

pub use crate::content::anchors::Anchors;

use crate::content::anchors;
use crate::content::{Format, Post};
use crate::library::links::{LinkIndex, Target};
use crate::library::store::{PostId, Store};
use crate::text::LineIndex;

/// A link or image of a post that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The 1-based line of the post's file the link is on.
    pub line: u32,
    /// The destination as written.
    pub url: String,
    /// Why it is broken, for a reader: "no post here", "no heading #setup in Install".
    pub reason: String,
}

impl BrokenLink {
    /// `path:line: broken link url: reason`, as compilers write problems.
    pub fn at(&self, path: &Path) -> String {
        format!(
            "{}:{}: broken link {}: {}",
            path.display(),
            self.line,
            self.url,
            self.reason
        )
    }
}

/// The broken links of every post checked, by the post's path (posts with none left out).
pub type BrokenLinks = HashMap<Arc<Path>, Vec<BrokenLink>>;

/// What one version of a post links to, read once: the expensive part of a check.
#[derive(Debug)]
struct Written {
    /// The version read (a later version of the same path is read again).
    post: Arc<Post>,
    /// Link destinations as the site makes them (a Hugo `ref` expanded), with their 1-based
    /// file lines; web addresses left out (never checked), so most posts keep none.
    links: Vec<(u32, String)>,
    /// Image destinations as written (a template's image tag names a file on a CDN, not one
    /// beside the post), with their lines; web addresses left out.
    images: Vec<(u32, String)>,
}

impl Written {
    /// A post whose body can no longer be read has no links to check: the file watcher brings
    /// its removal or its new version.
    fn read(post: Arc<Post>) -> Self {
        let body = post.read_body().unwrap_or_default();
        let expanded = crate::content::dialects::expand(&body);
        // Without generator syntax (most posts) one parse gives both.
        let (links, images) = match &expanded {
            std::borrow::Cow::Borrowed(_) => destinations(&body, post.body_line, true, true),
            std::borrow::Cow::Owned(expanded) => (
                destinations(expanded, post.body_line, true, false).0,
                destinations(&body, post.body_line, false, true).1,
            ),
        };
        drop(expanded);
        drop(body);
        Written {
            post,
            links,
            images,
        }
    }
}

/// Destinations found in one parse, each with its 1-based file line: links, then images.
type Destinations = (Vec<(u32, String)>, Vec<(u32, String)>);

/// The link destinations (when `links`) and image destinations (when `images`) of Markdown
/// `text` whose first line is file line `first_line`; web addresses left out.
fn destinations(text: &str, first_line: usize, links: bool, images: bool) -> Destinations {
    let lines = LineIndex::new(text, first_line);
    let (mut found_links, mut found_images) = (Vec::new(), Vec::new());
    let parser = Parser::new_ext(text, crate::content::dialects::PARSE_OPTIONS);
    for (event, range) in parser.into_offset_iter() {
        let Event::Start(tag) = &event else { continue };
        // An embedded note (`![[Note#Heading]]`) is checked as a link to it.
        let (found, dest_url) = match (crate::library::links::link_destination(tag), tag) {
            (Some(dest_url), _) if links => (&mut found_links, dest_url),
            (None, Tag::Image { dest_url, .. }) if images => (&mut found_images, dest_url.as_ref()),
            _ => continue,
        };
        if !is_external(dest_url.trim()) {
            found.push((lines.line(range.start), dest_url.to_string()));
        }
    }
    (found_links, found_images)
}

/// Checks the links of every post of a store, and again after it changed: each version of a
/// post is parsed once (for its links, and for its heading anchors when a link names one), so
/// a check after a save costs about one lookup per link.
#[derive(Debug, Default)]
pub struct Checker {
    written: HashMap<Arc<Path>, Written>,
    /// Heading anchors of the posts links name one of, with the version they were read from.
    anchors: HashMap<Arc<Path>, (Arc<Post>, Anchors)>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// The broken links and images of every Markdown post of `store`, each post's in the order
    /// they are written.
    pub fn check(&mut self, store: &Store) -> BrokenLinks {
        let current = |path: &Arc<Path>, post: &Arc<Post>| {
            store
                .id_of(path)
                .and_then(|id| store.shared(id))
                .is_some_and(|now| Arc::ptr_eq(&now, post))
        };
        // Versions no longer in the store are forgotten.
        self.written.retain(|path, w| current(path, &w.post));
        self.anchors.retain(|path, (post, _)| current(path, post));
        let context = Context {
            index: LinkIndex::build(store),
            folders: LinkIndex::folders(store),
            store,
        };
        let mut broken = BrokenLinks::new();
        for &id in store.ids() {
            let Some(post) = store.shared(id).filter(|p| p.format == Format::Markdown) else {
                continue;
            };
            let written = self
                .written
                .entry(Arc::clone(&post.path))
                .or_insert_with(|| Written::read(Arc::clone(&post)));
            let found = context.broken(id, written, &mut self.anchors);
            if !found.is_empty() {
                broken.insert(Arc::clone(&post.path), found);
            }
        }
        broken
    }
}

/// What one check looks links up in.
struct Context<'a> {
    index: LinkIndex,
    /// [`LinkIndex::folders`] of `store`.
    folders: HashSet<String>,
    store: &'a Store,
}

impl Context<'_> {
    /// The broken links and images of post `from`, read as `written`, in the order they are
    /// written.
    fn broken(
        &self,
        from: PostId,
        written: &Written,
        anchors: &mut HashMap<Arc<Path>, (Arc<Post>, Anchors)>,
    ) -> Vec<BrokenLink> {
        let mut broken = Vec::new();
        for (line, url) in &written.links {
            if let Some(reason) = self.link_problem(from, url, anchors) {
                broken.push(BrokenLink {
                    line: *line,
                    url: crate::text::sanitize(url).into_owned(),
                    reason,
                });
            }
        }
        for (line, url) in &written.images {
            if let Some(reason) = file_problem(&written.post, url, "image") {
                broken.push(BrokenLink {
                    line: *line,
                    url: crate::text::sanitize(url).into_owned(),
                    reason,
                });
            }
        }
        broken.sort_by_key(|b| b.line);
        broken
    }

    /// What is wrong with link `url` of post `from`, if anything.
    fn link_problem(
        &self,
        from: PostId,
        url: &str,
        anchors: &mut HashMap<Arc<Path>, (Arc<Post>, Anchors)>,
    ) -> Option<String> {
        let store = self.store;
        let url = url.trim();
        let template = url.contains("{{") || url.contains("{%");
        let email = url.contains('@') && !url.starts_with("@/");
        if url.is_empty() || is_external(url) || template || email {
            return None;
        }
        let path = url.split(['?', '#']).next().unwrap_or_default();
        if let Some(rooted) = path.strip_prefix('/') {
            let first = rooted.split('/').next().unwrap_or_default().to_lowercase();
            if !self.folders.contains(&first) {
                return None;
            }
        }
        // A link to a file that is not a page (a picture, a PDF): it is there or not. A note's
        // name may hold a dot (`[[Changes in 1.6.x versions]]`): an extension is short and has
        // no space.
        let extension = Path::new(path)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()));
        if let Some(extension) = extension
            && !PAGE_EXTENSIONS.contains(&extension.as_str())
        {
            let post = store.get(from)?;
            return if path.starts_with('/') {
                None
            } else {
                file_problem(post, url, "file")
            };
        }
        match self.index.resolve(store, from, url) {
            Target::Unresolved(_) => Some("no post here has that address".to_string()),
            Target::Post {
                id,
                anchor: Some(anchor),
            } => {
                let post = store.shared(id)?;
                if post.format != Format::Markdown {
                    return None;
                }
                let (_, known) = anchors.entry(Arc::clone(&post.path)).or_insert_with(|| {
                    let body = post.read_body().unwrap_or_default();
                    let mut known = anchors::of_markdown(&crate::content::dialects::expand(&body));
                    // Obsidian's block ids (`^abc`), which the rewrite takes out of the text.
                    for id in crate::content::vault::block_ids(&body) {
                        known.claim(id);
                    }
                    (Arc::clone(&post), known)
                });
                (!known.names(&anchor)).then(|| {
                    if id == from {
                        format!("no heading #{anchor} in this post")
                    } else {
                        format!("no heading #{anchor} in “{}”", post.title)
                    }
                })
            }
            Target::Post { anchor: None, .. } | Target::Web(_) => None,
        }
    }
}

/// File extensions of links that mean a post (or a page made from one).
const PAGE_EXTENSIONS: [&str; 5] = ["md", "mdx", "markdown", "html", "htm"];

/// Whether `url` has a scheme (`https:`, `mailto:`, `ftp:`) or is protocol-relative (`//host`):
/// not a link between posts, and never fetched.
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// What is wrong with `url`, an image or a file linked from `post` (`what` says which), if
/// anything: a path relative to the post's file that names no file.
fn file_problem(post: &Post, url: &str, what: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || is_external(url) || url.starts_with('/') || url.contains("{{") {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let folder = post.path.parent()?;
    let missing = !folder.join(decoded.as_ref()).exists()
        && crate::library::images::find_attachment(&post.path, &decoded).is_none();
    missing.then(|| format!("no such {what} beside the post"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use crate::library::store::Change;

    fn check(checker: &mut Checker, store: &Store) -> Vec<String> {
        let mut found: Vec<String> = checker
            .check(store)
            .iter()
            .flat_map(|(path, broken)| broken.iter().map(|b| b.at(path)))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_check_after_a_save_finds_what_the_save_broke_and_forgets_what_it_fixed() {
        let mut store = Store::new();
        store.apply([
            Change::Upsert(Box::new(post(
                "/blog/a.md",
                "A",
                "2024-01-02",
                "",
                "See [b](b.md#setup), [gone](gone.md) and\n[b again](b.md).\n",
            ))),
            Change::Upsert(Box::new(post(
                "/blog/b.md",
                "B",
                "2024-01-01",
                "",
                "## Install\n\ntext\n",
            ))),
        ]);
        let mut checker = Checker::new();
        assert_eq!(
            check(&mut checker, &store),
            [
                "/blog/a.md:5: broken link b.md#setup: no heading #setup in “B”",
                "/blog/a.md:5: broken link gone.md: no post here has that address",
            ]
        );
        // B gains the heading, A's second line links nowhere: both read again, A's first
        // link now good.
        store.apply([
            Change::Upsert(Box::new(post(
                "/blog/b.md",
                "B",
                "2024-01-01",
                "",
                "## Setup\n\ntext\n",
            ))),
            Change::Upsert(Box::new(post(
                "/blog/a.md",
                "A",
                "2024-01-02",
                "",
                "See [b](b.md#setup) and\n[b again](b.md#install).\n",
            ))),
        ]);
        assert_eq!(
            check(&mut checker, &store),
            ["/blog/a.md:6: broken link b.md#install: no heading #install in “B”"]
        );
        // A post removed: links to it break, and the checker forgets it.
        store.apply([Change::Remove("/blog/b.md".into())]);
        let found = check(&mut checker, &store);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|f| f.contains("no post here")),
            "{found:?}"
        );
        assert_eq!(checker.written.len(), 1);
        assert!(checker.anchors.is_empty());
    }

    #[test]
    fn a_store_made_from_a_snapshot_checks_as_the_store_does() {
        let mut store = Store::new();
        store.apply([Change::Upsert(Box::new(post(
            "/blog/a.md",
            "A",
            "2024-01-02",
            "",
            "[self](#nope) ![pic](missing.png)\n",
        )))]);
        let shared = Store::from_shared(store.snapshot());
        let (mine, theirs) = (
            check(&mut Checker::new(), &store),
            check(&mut Checker::new(), &shared),
        );
        assert_eq!(mine.len(), 2, "{mine:?}");
        assert_eq!(mine, theirs);
    }
}
