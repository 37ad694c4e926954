//! Helpers for unit tests across the crate: one way to make a post.

use std::borrow::Cow;
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

/// The lines one of [`super::dialects`]' rewrites makes of `body`, checked to be as many as
/// `body`'s: every rewrite keeps each line where it was.
pub fn rewritten_lines(rewrite: fn(&str) -> Cow<'_, str>, body: &str) -> Vec<String> {
    let lines: Vec<String> = rewrite(body).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), body.lines().count(), "every line where it was");
    lines
}
