//! Links checked for authors: a link between posts that leads to no post, an anchor that names
//! no heading of its post, a local image or file that is not there. Web addresses are never
//! fetched. A link from the site's root is checked only when its first folder is one the posts
//! are in (`/blog/…` in a blog whose posts are under `blog/`): `/doc/install` is another page of
//! the site, not a post. Template expressions (`{{ … }}`) and images from the site's root
//! (`/images/a.png`: where the root is depends on the generator) are not checked.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

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

/// The broken links and images of post `from`, in the order they are written (Markdown posts
/// only). `index` must be current for `store`.
///
/// `folders` is [`LinkIndex::folders`] of `store`; `anchors` keeps the heading anchors of the
/// posts linked to, read once for all the posts checked (start it empty).
pub fn broken_links(
    index: &LinkIndex,
    store: &Store,
    folders: &HashSet<String>,
    anchors: &mut HashMap<PostId, Anchors>,
    from: PostId,
) -> Vec<BrokenLink> {
    let Some(post) = store.get(from).filter(|p| p.format == Format::Markdown) else {
        return Vec::new();
    };
    let body = crate::content::shortcodes::expand(&post.body);
    let lines = LineIndex::new(&body, post.body_line);
    let mut broken = Vec::new();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    // Links as the site makes them (a Hugo `ref` expanded); images as written, since a
    // template's image tag (`{% Img src="image/…" %}`) names a file on a CDN, not beside it.
    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(reason) = link_problem(index, store, folders, from, &dest_url, anchors)
        {
            broken.push(BrokenLink {
                line: lines.line(range.start),
                url: crate::text::sanitize(&dest_url).into_owned(),
                reason,
            });
        }
    }
    let raw_lines = LineIndex::new(&post.body, post.body_line);
    for (event, range) in Parser::new_ext(&post.body, options).into_offset_iter() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event
            && let Some(reason) = file_problem(post, &dest_url, "image")
        {
            broken.push(BrokenLink {
                line: raw_lines.line(range.start),
                url: crate::text::sanitize(&dest_url).into_owned(),
                reason,
            });
        }
    }
    broken.sort_by_key(|b| b.line);
    broken
}

/// File extensions of links that mean a post (or a page made from one).
const PAGE_EXTENSIONS: [&str; 4] = ["md", "markdown", "html", "htm"];

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

/// What is wrong with link `url` of post `from`, if anything.
fn link_problem(
    index: &LinkIndex,
    store: &Store,
    folders: &HashSet<String>,
    from: PostId,
    url: &str,
    anchors: &mut HashMap<PostId, Anchors>,
) -> Option<String> {
    let url = url.trim();
    let template = url.contains("{{") || url.contains("{%");
    let email = url.contains('@') && !url.starts_with("@/");
    if url.is_empty() || is_external(url) || template || email {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if let Some(rooted) = path.strip_prefix('/') {
        let first = rooted.split('/').next().unwrap_or_default().to_lowercase();
        if !folders.contains(&first) {
            return None;
        }
    }
    // A link to a file that is not a page (a picture, a PDF): it is there or not.
    let extension = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
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
    match index.resolve(store, from, url) {
        Target::Unresolved(_) => Some("no post here has that address".to_string()),
        Target::Post {
            id,
            anchor: Some(anchor),
        } => {
            let post = store.get(id)?;
            if post.format != Format::Markdown {
                return None;
            }
            let known = anchors.entry(id).or_insert_with(|| {
                anchors::of_markdown(&crate::content::shortcodes::expand(&post.body))
            });
            (!known.contains(&anchor)).then(|| {
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
    (!folder.join(decoded.as_ref()).exists()).then(|| format!("no such {what} beside the post"))
}
