//! Helpers for unit tests across the crate: one way to make a post.

use std::path::Path;

use super::Post;

/// A post at `path` parsed from YAML front matter giving `title`, `date` and `tag` (a field
/// left out when empty), then `body`.
pub fn post(path: &str, title: &str, date: &str, tag: &str, body: &str) -> Post {
    let mut text = format!("---\ntitle: \"{title}\"\n");
    if !date.is_empty() {
        text.push_str(&format!("date: {date}\n"));
    }
    if !tag.is_empty() {
        text.push_str(&format!("tag: \"{tag}\"\n"));
    }
    text.push_str("---\n");
    text.push_str(body);
    Post::parse(Path::new(path), &text, None)
}
