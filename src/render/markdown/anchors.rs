//! Heading anchors: slugs made unique within a post.

use super::*;

pub(super) fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// GitHub's heading anchor: lower case; letters, digits, `-` and `_` kept; spaces become `-`;
/// everything else dropped.
pub(super) fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The heading anchors of one post, kept unique as GitHub does: a second `foo` is `foo-1`, a
/// third `foo-2`.
#[derive(Debug, Default)]
pub(super) struct Anchors {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Anchors {
    /// `base`, or the first `base-N` not taken; taken from now on.
    pub(super) fn unique(&mut self, base: &str) -> String {
        if !self.taken.contains(base) {
            return self.claim(base.to_string());
        }
        let mut n = self.next.get(base).copied().unwrap_or(1);
        while self.taken.contains(&format!("{base}-{n}")) {
            n += 1;
        }
        self.next.insert(base.to_string(), n + 1);
        self.claim(format!("{base}-{n}"))
    }

    /// Notes `anchor` (a heading's own `{#id}`) as taken, and returns it.
    pub(super) fn claim(&mut self, anchor: String) -> String {
        self.taken.insert(anchor.clone());
        anchor
    }
}
