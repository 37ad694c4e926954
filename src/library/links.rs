//! Links between posts: which post (and heading anchor) a link in a post points to, as the site
//! it comes from would take it, and which posts link to a post (its backlinks).
//!
//! A link target is tried, in order, as
//! 1. a file path relative to the linking post's file (`../2024/other.md`, `other/`, with
//!    `.md`, `index.md` and `_index.md` tried for a folder);
//! 2. a URL path (`/blog/2024/01/slug/`, Hugo's `ref` target, Zola's `@/blog/slug.md`) matched
//!    against every post's URL paths: the one its file gives (folders, then the file name
//!    without its extension, a page bundle's folder for `index.md`), the same with `slug`
//!    replacing the file name, its `url` or Zola `path`, and each of its `aliases`. The link's
//!    segments must end the post's path, ignoring case (so `/blog/why-generics` finds
//!    `_content/blog/why-generics.md` without knowing where the site's content starts); of
//!    several posts, the one whose file is nearest the linking post wins (a translation in the
//!    same language).
//!
//! `http`, `https` and `mailto` links are for the browser; anything else that finds no post
//! says so.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::Post;
use crate::content::kind::NotArticle;
use crate::library::store::{PostId, Store};

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A post of the store, and the heading anchor named after `#`, if any.
    Post { id: PostId, anchor: Option<String> },
    /// A web address, for the browser (`http`, `https`, `mailto`).
    Web(String),
    /// Nothing to open here; the text says why, for the status line.
    Unresolved(String),
}

/// How many redirect stubs a link is followed through.
pub const REDIRECT_HOPS: usize = 5;

/// Every post's URL paths, by last segment, for one generation of the store.
#[derive(Debug, Default)]
pub struct LinkIndex {
    generation: Option<u64>,
    /// Lower-case last segment → the posts with a URL path ending in it. Whole paths are made
    /// only for these candidates, when a link is resolved, so building stays cheap.
    by_last: HashMap<String, Vec<PostId>>,
}

impl LinkIndex {
    /// Indexes every post of `store`: one or two short strings per post.
    pub fn build(store: &Store) -> Self {
        let mut by_last: HashMap<String, Vec<PostId>> = HashMap::with_capacity(store.len());
        for &id in store.ids() {
            let Some(post) = store.get(id) else { continue };
            for last in last_segments(post) {
                let posts = by_last.entry(last).or_default();
                if posts.last() != Some(&id) {
                    posts.push(id);
                }
            }
        }
        Self {
            generation: Some(store.generation()),
            by_last,
        }
    }

    /// Whether the index was built from the store as it is now.
    pub fn is_current(&self, store: &Store) -> bool {
        self.generation == Some(store.generation())
    }

    /// Where `url`, written in post `from`, points. A redirect stub (see
    /// [`crate::content::kind`]) is followed to where it sends readers, for up to
    /// [`REDIRECT_HOPS`] hops, so links to a post's old address still reach it.
    pub fn resolve(&self, store: &Store, from: PostId, url: &str) -> Target {
        let mut target = self.resolve_once(store, from, url);
        for _ in 0..REDIRECT_HOPS {
            let Target::Post { id, anchor } = &target else {
                break;
            };
            let Some(NotArticle::Redirect(Some(next))) =
                store.get(*id).and_then(|p| p.not_article.as_ref())
            else {
                break;
            };
            let (stub, anchor) = (*id, anchor.clone());
            target = match self.resolve_once(store, stub, next) {
                Target::Post { id, anchor: None } => Target::Post { id, anchor },
                other => other,
            };
        }
        target
    }

    /// Where `url`, written in post `from`, points, redirect stubs not followed.
    fn resolve_once(&self, store: &Store, from: PostId, url: &str) -> Target {
        let url = url.trim();
        if let Some((scheme, _)) = url.split_once(':')
            && scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return match scheme.to_ascii_lowercase().as_str() {
                "http" | "https" | "mailto" => Target::Web(url.to_string()),
                _ => Target::Unresolved(format!(
                    "Not opened (only posts, http, https and mailto links are): {url}"
                )),
            };
        }
        let (rest, anchor) = match url.split_once('#') {
            // `[[Note#Part#Section]]` names the section inside the part: the last one.
            Some((rest, anchor)) => (
                rest,
                Some(decode(anchor.rsplit('#').next().unwrap_or(anchor))).filter(|a| !a.is_empty()),
            ),
            None => (url, None),
        };
        let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
        if rest.is_empty() {
            return Target::Post { id: from, anchor };
        }
        let Some(from_path) = store.get(from).map(|p| p.path.clone()) else {
            return Target::Unresolved(format!("{url} leads to no post here"));
        };
        let (site_path, rest) = match rest.strip_prefix("@/") {
            Some(zola) => (true, zola),
            None => (rest.starts_with('/'), rest),
        };
        let decoded = decode(rest);
        if !site_path
            && let Some(folder) = from_path.parent()
            && let Some(id) = file_at(store, &folder.join(&decoded))
        {
            return Target::Post { id, anchor };
        }
        match self.by_segments(store, &from_path, &segments(&decoded)) {
            Some(id) => Target::Post { id, anchor },
            None => Target::Unresolved(format!("{url} leads to no post in this folder")),
        }
    }

    /// Every folder name (lower case) on the way to a post: the first segment of a link from
    /// the site's root (`/blog/…`) is one of these when the link means a post of this folder
    /// rather than another page of the site (`/doc/install`).
    pub fn folders(store: &Store) -> std::collections::HashSet<String> {
        let mut folders = std::collections::HashSet::new();
        for post in store.ids().iter().filter_map(|&id| store.get(id)) {
            for path in url_paths(post) {
                let last = path.len().saturating_sub(1);
                folders.extend(path.into_iter().take(last));
            }
        }
        folders
    }

    /// The post whose URL path ends with `wanted`, nearest `from` when several do.
    fn by_segments(&self, store: &Store, from: &Path, wanted: &[String]) -> Option<PostId> {
        let last = wanted.last()?;
        let candidates = self.by_last.get(last)?;
        candidates
            .iter()
            .filter_map(|&id| Some((id, store.get(id)?)))
            .filter(|(_, post)| url_paths(post).iter().any(|key| key.ends_with(wanted)))
            // Nearest first; of equals, the first path in order, so the answer never varies.
            .max_by(|(_, a), (_, b)| {
                shared_components(from, &a.path)
                    .cmp(&shared_components(from, &b.path))
                    .then_with(|| b.path.cmp(&a.path))
            })
            .map(|(id, _)| id)
    }

    /// The posts whose links point to `to`, in store order. Each post's links are parsed once
    /// per version and kept in `cache` (a large folder's bodies are on disk: reading them all
    /// again after every change took ~180 ms over 10,000 posts); only links that name one of
    /// `to`'s names (its file name, slug, aliases) are resolved.
    pub fn backlinks(&self, store: &Store, to: PostId, cache: &mut LinksByPost) -> Vec<PostId> {
        let Some(target) = store.get(to) else {
            return Vec::new();
        };
        let names: Vec<String> = last_segments(target)
            .iter()
            .map(|n| n.to_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        cache.forget_gone(store);
        store
            .ids()
            .iter()
            .copied()
            .filter(|&id| id != to)
            .filter(|&id| {
                let links = cache.links(store, id);
                links.iter().any(|url| {
                    let lower = url.to_lowercase();
                    names.iter().any(|n| lower.contains(n.as_str()))
                        && matches!(self.resolve(store, id, url), Target::Post { id, .. } if id == to)
                })
            })
            .collect()
    }
}

/// Each post's link destinations ([`links_in`]), by path, with the store revision they were
/// read from: kept between [`LinkIndex::backlinks`] calls, so a change costs the changed posts.
#[derive(Debug, Default)]
pub struct LinksByPost {
    links: HashMap<std::sync::Arc<Path>, (u64, std::sync::Arc<[String]>)>,
}

impl LinksByPost {
    /// Post `id`'s links, read again when its version changed.
    fn links(&mut self, store: &Store, id: PostId) -> std::sync::Arc<[String]> {
        let (Some(post), Some(revision)) = (store.get(id), store.revision(id)) else {
            return std::sync::Arc::from(Vec::new());
        };
        if let Some((read, links)) = self.links.get(&post.path)
            && *read == revision
        {
            return std::sync::Arc::clone(links);
        }
        let links: std::sync::Arc<[String]> = links_in(post).into();
        self.links.insert(
            std::sync::Arc::clone(&post.path),
            (revision, std::sync::Arc::clone(&links)),
        );
        links
    }

    /// Forgets the posts no longer stored, once they are many.
    fn forget_gone(&mut self, store: &Store) {
        if self.links.len() > store.len() + 1024 {
            self.links.retain(|path, _| store.id_of(path).is_some());
        }
    }
}

/// How many leading path components `a` and `b` share.
fn shared_components(a: &Path, b: &Path) -> usize {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The link destinations of a post's Markdown, shortcodes expanded (so a Hugo `ref` counts).
/// None when its body can no longer be read.
pub fn links_in(post: &Post) -> Vec<String> {
    if post.format != crate::content::Format::Markdown {
        return Vec::new();
    }
    post.read_body()
        .map_or_else(|_| Vec::new(), |body| links_of(post, &body))
}

/// The link destinations of `body`, `post`'s body as read (see [`links_in`]).
fn links_of(post: &Post, body: &str) -> Vec<String> {
    if post.format != crate::content::Format::Markdown {
        return Vec::new();
    }
    let body = crate::content::dialects::expand(body);
    Parser::new_ext(&body, crate::content::dialects::PARSE_OPTIONS)
        .filter_map(|event| match &event {
            Event::Start(tag) => link_destination(tag).map(str::to_string),
            _ => None,
        })
        .collect()
}

/// Where the link to a post that `tag` opens leads: a link's destination, or an embedded
/// note's (`![[Note#Heading]]`, which links to the note too); `None` for any other tag, a
/// picture included.
pub fn link_destination<'a>(tag: &'a Tag<'_>) -> Option<&'a str> {
    match tag {
        Tag::Link { dest_url, .. } => Some(dest_url),
        Tag::Image {
            dest_url,
            link_type: pulldown_cmark::LinkType::WikiLink { .. },
            ..
        } if crate::content::vault::embed_kind(dest_url)
            == crate::content::vault::EmbedKind::Note =>
        {
            Some(dest_url)
        }
        _ => None,
    }
}

/// The post stored at `path` (lexically normalised), or at `path.md`, `path/index.md` or
/// `path/_index.md`.
fn file_at(store: &Store, path: &Path) -> Option<PostId> {
    let path = normalise(path);
    let mut tries = vec![path.clone()];
    if path.extension().is_none() {
        tries.push(path.with_extension("md"));
        tries.push(path.with_extension("mdx"));
    }
    tries.push(path.join("index.md"));
    tries.push(path.join("_index.md"));
    tries.iter().find_map(|p| store.id_of(p))
}

/// `path` with `.` and `..` resolved without the file system (a link may name a path through
/// a folder that does not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A URL path's segments, lower case: empty, `.` and `..` segments dropped, a last segment's
/// `.md`/`.markdown`/`.html` extension dropped, and a last `index`/`_index` dropped.
fn segments(path: &str) -> Vec<String> {
    let mut segments: Vec<String> = path
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(str::to_lowercase)
        .collect();
    if let Some(last) = segments.last_mut() {
        for extension in [".md", ".mdx", ".markdown", ".html", ".htm"] {
            if let Some(stem) = last.strip_suffix(extension) {
                *last = stem.to_string();
                break;
            }
        }
    }
    if segments
        .last()
        .is_some_and(|s| s == "index" || s == "_index")
    {
        segments.pop();
    }
    segments
}

/// Whether a file is a bundle's or section's page (`index.*`, `_index.*`), named by its folder.
fn is_index(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("index") || s.eq_ignore_ascii_case("_index"))
}

/// The last URL segment a post's file gives, lower case: its name without the extension (any
/// extension: `.md`, `.txt`), or its folder's name for an `index`/`_index` page.
fn file_name_segment(path: &Path) -> String {
    let named = if is_index(path) {
        path.parent().and_then(|p| p.file_name())
    } else {
        path.file_stem()
    };
    named
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The last segments of the URL paths a post answers to (see [`url_paths`]), made without
/// splitting its whole path.
fn last_segments(post: &Post) -> Vec<String> {
    let mut lasts = vec![file_name_segment(&post.path)];
    let meta = &post.meta;
    let zola_path = meta
        .details
        .other
        .iter()
        .find(|(k, _)| k == "path")
        .map(|(_, v)| v);
    for written in meta
        .details
        .slug
        .iter()
        .chain(&meta.details.url)
        .chain(zola_path)
        .chain(&meta.details.aliases)
    {
        lasts.extend(segments(written).pop());
    }
    lasts.sort();
    lasts.dedup();
    lasts
}

/// The URL paths a post answers to, as segments (see the module's documentation).
fn url_paths(post: &Post) -> Vec<Vec<String>> {
    let mut file: Vec<String> = post
        .path
        .parent()
        .map(|folder| segments(&folder.to_string_lossy()))
        .unwrap_or_default();
    // A bundle's `index.md` is named by its folder, already the last segment.
    if !is_index(&post.path) {
        file.push(file_name_segment(&post.path));
    }
    let mut paths = Vec::new();
    if let Some(slug) = &post.meta.details.slug {
        let mut slugged = file.clone();
        slugged.pop();
        slugged.extend(segments(slug));
        paths.push(slugged);
    }
    paths.push(file);
    let zola_path = post
        .meta
        .details
        .other
        .iter()
        .find(|(k, _)| k == "path")
        .map(|(_, v)| v);
    for path in post
        .meta
        .details
        .url
        .iter()
        .chain(zola_path)
        .chain(&post.meta.details.aliases)
    {
        paths.push(segments(path));
    }
    paths.retain(|p| !p.is_empty());
    paths
}

/// Percent-decoded text (RFC 3986 2.1), lossy for bytes that are not UTF-8.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::store::Change;

    fn store(posts: &[(&str, &str)]) -> Store {
        let mut store = Store::new();
        store.apply(posts.iter().map(|(path, front)| {
            let text = format!("---\n{front}\n---\nBody.\n");
            Change::Upsert(Box::new(Post::parse(Path::new(path), text, None)))
        }));
        store
    }

    fn at(store: &Store, path: &str) -> PostId {
        store.id_of(Path::new(path)).expect("stored")
    }

    #[test]
    fn links_to_a_redirect_stub_reach_its_target() {
        let mut store = store(&[
            ("/blog/gofmt.md", "title: go fmt your code"),
            ("/blog/intro.md", "title: Intro"),
        ]);
        let stub = |path: &str, to: &str| {
            let text = format!("---\nredirect: {to}\n---\n");
            Change::Upsert(Box::new(Post::parse(Path::new(path), text, None)))
        };
        store.apply([
            stub("/blog/go-fmt-your-code.md", "/blog/gofmt"),
            stub("/blog/older.md", "/blog/go-fmt-your-code"),
            stub("/blog/loop-a.md", "/blog/loop-b"),
            stub("/blog/loop-b.md", "/blog/loop-a"),
            stub("/blog/away.md", "https://go.dev/blog/x"),
        ]);
        let index = LinkIndex::build(&store);
        let from = at(&store, "/blog/intro.md");
        let gofmt = at(&store, "/blog/gofmt.md");
        assert_eq!(
            index.resolve(&store, from, "/blog/go-fmt-your-code#usage"),
            Target::Post {
                id: gofmt,
                anchor: Some("usage".into())
            }
        );
        assert_eq!(
            index.resolve(&store, from, "older.md"),
            Target::Post {
                id: gofmt,
                anchor: None
            },
            "two hops"
        );
        assert_eq!(
            index.resolve(&store, from, "away"),
            Target::Web("https://go.dev/blog/x".into())
        );
        // A loop of stubs ends on one of them, after a bounded number of hops.
        assert!(matches!(
            index.resolve(&store, from, "loop-a"),
            Target::Post { .. }
        ));
    }

    #[test]
    fn url_segments_drop_dots_extensions_and_index() {
        assert_eq!(
            segments("/blog/2024/Why-Generics/"),
            ["blog", "2024", "why-generics"]
        );
        assert_eq!(segments("../other.md"), ["other"]);
        assert_eq!(segments("docs/_index.md"), ["docs"]);
        assert_eq!(segments("./x/index.html"), ["x"]);
        assert!(segments("/").is_empty());
    }

    #[test]
    fn the_nearest_of_two_translations_wins_and_queries_and_escapes_are_read() {
        let store = store(&[
            ("/s/content/ja/blog/a.md", "title: ja"),
            ("/s/content/zh/blog/a.md", "title: zh"),
            ("/s/content/zh/blog/b c.txt", "title: spaced"),
        ]);
        let index = LinkIndex::build(&store);
        let ja = at(&store, "/s/content/ja/blog/a.md");
        let zh = at(&store, "/s/content/zh/blog/a.md");
        let spaced = at(&store, "/s/content/zh/blog/b c.txt");
        let from_zh = spaced;
        assert_eq!(
            index.resolve(&store, ja, "/blog/a/?utm=x"),
            Target::Post {
                id: ja,
                anchor: None
            }
        );
        assert_eq!(
            index.resolve(&store, from_zh, "/blog/a/#Top%20Part"),
            Target::Post {
                id: zh,
                anchor: Some("Top Part".to_string())
            }
        );
        // A file name with any extension, percent-escaped.
        assert_eq!(
            index.resolve(&store, zh, "b%20c.txt"),
            Target::Post {
                id: spaced,
                anchor: None
            }
        );
        assert_eq!(
            index.resolve(&store, ja, "/blog/b%20c/"),
            Target::Post {
                id: spaced,
                anchor: None
            }
        );
    }

    #[test]
    fn web_links_are_for_the_browser_and_other_schemes_are_refused() {
        let store = store(&[("/s/a.md", "title: a")]);
        let index = LinkIndex::build(&store);
        let a = at(&store, "/s/a.md");
        assert_eq!(
            index.resolve(&store, a, "HTTPS://example.com/a"),
            Target::Web("HTTPS://example.com/a".to_string())
        );
        assert!(matches!(
            index.resolve(&store, a, "javascript:alert(1)"),
            Target::Unresolved(why) if why.starts_with("Not opened")
        ));
        assert!(matches!(
            index.resolve(&store, a, "/img/a.png"),
            Target::Unresolved(why) if why.contains("leads to no post")
        ));
    }

    #[test]
    fn a_stale_index_is_told_apart() {
        let mut store = store(&[("/s/a.md", "title: a")]);
        let index = LinkIndex::build(&store);
        assert!(index.is_current(&store));
        store.apply([Change::Remove(PathBuf::from("/s/a.md"))]);
        assert!(!index.is_current(&store));
    }
}
