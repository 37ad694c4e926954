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
use crate::store::{PostId, Store};

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

/// Every post's URL paths, by last segment, for one generation of the store.
#[derive(Debug, Default)]
pub struct LinkIndex {
    generation: Option<u64>,
    /// Lower-case last segment → the posts with a URL path ending in it, with that whole path.
    by_last: HashMap<String, Vec<(PostId, Vec<String>)>>,
}

impl LinkIndex {
    /// Indexes every post of `store`. Cost: a few allocations per post (10,000 posts: ~10 ms).
    pub fn build(store: &Store) -> Self {
        let mut by_last: HashMap<String, Vec<(PostId, Vec<String>)>> = HashMap::new();
        for &id in store.ids() {
            let Some(post) = store.get(id) else { continue };
            for key in url_paths(post) {
                if let Some(last) = key.last() {
                    by_last.entry(last.clone()).or_default().push((id, key));
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

    /// Where `url`, written in post `from`, points.
    pub fn resolve(&self, store: &Store, from: PostId, url: &str) -> Target {
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
            Some((rest, anchor)) => (rest, Some(decode(anchor)).filter(|a| !a.is_empty())),
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

    /// The post whose URL path ends with `wanted`, nearest `from` when several do.
    fn by_segments(&self, store: &Store, from: &Path, wanted: &[String]) -> Option<PostId> {
        let last = wanted.last()?;
        let candidates = self.by_last.get(last)?;
        candidates
            .iter()
            .filter(|(_, key)| key.ends_with(wanted))
            .filter_map(|&(id, _)| Some((id, store.get(id)?)))
            // Nearest first; of equals, the first path in order, so the answer never varies.
            .max_by(|(_, a), (_, b)| {
                shared_components(from, &a.path)
                    .cmp(&shared_components(from, &b.path))
                    .then_with(|| b.path.cmp(&a.path))
            })
            .map(|(id, _)| id)
    }

    /// The posts whose links point to `to`, in store order. Only posts that mention one of
    /// `to`'s names (its file name, slug, aliases) are parsed, so this stays cheap on a large
    /// folder.
    pub fn backlinks(&self, store: &Store, to: PostId) -> Vec<PostId> {
        let Some(target) = store.get(to) else {
            return Vec::new();
        };
        let mut names: Vec<String> = url_paths(target)
            .into_iter()
            .filter_map(|key| key.last().cloned())
            .collect();
        names.sort();
        names.dedup();
        store
            .ids()
            .iter()
            .copied()
            .filter(|&id| id != to)
            .filter(|&id| {
                let Some(post) = store.get(id) else {
                    return false;
                };
                let lower = post.body.to_lowercase();
                names.iter().any(|n| lower.contains(n.as_str()))
                    && links_in(post).iter().any(|url| {
                        matches!(self.resolve(store, id, url), Target::Post { id, .. } if id == to)
                    })
            })
            .collect()
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
pub fn links_in(post: &Post) -> Vec<String> {
    if post.format != crate::content::Format::Markdown {
        return Vec::new();
    }
    let body = crate::render::shortcodes::expand(&post.body);
    Parser::new(&body)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

/// The post stored at `path` (lexically normalised), or at `path.md`, `path/index.md` or
/// `path/_index.md`.
fn file_at(store: &Store, path: &Path) -> Option<PostId> {
    let path = normalise(path);
    let mut tries = vec![path.clone()];
    if path.extension().is_none() {
        tries.push(path.with_extension("md"));
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
        for extension in [".md", ".markdown", ".html", ".htm"] {
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

/// The URL paths a post answers to, as segments (see the module's documentation).
fn url_paths(post: &Post) -> Vec<Vec<String>> {
    let file = segments(&post.path.to_string_lossy());
    let mut paths = Vec::new();
    if let Some(slug) = &post.meta.slug {
        let mut slugged = file.clone();
        slugged.pop();
        slugged.extend(segments(slug));
        paths.push(slugged);
    }
    paths.push(file);
    let zola_path = post
        .meta
        .other
        .iter()
        .find(|(k, _)| k == "path")
        .map(|(_, v)| v);
    for path in post
        .meta
        .url
        .iter()
        .chain(zola_path)
        .chain(&post.meta.aliases)
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
