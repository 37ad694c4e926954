//! The built-in sample posts (`assets/posts/`), embedded in the binary so that `tidings` with no
//! path shows something from any directory.

use std::path::Path;

use super::Post;

/// (file name, text) of every sample post.
const SAMPLES: &[(&str, &str)] = &[
    ("welcome.md", include_str!("../../assets/posts/welcome.md")),
    (
        "field-guide.md",
        include_str!("../../assets/posts/field-guide.md"),
    ),
    (
        "code-and-table.md",
        include_str!("../../assets/posts/code-and-table.md"),
    ),
    (
        "ru-notes.md",
        include_str!("../../assets/posts/ru-notes.md"),
    ),
    (
        "zh-notes.md",
        include_str!("../../assets/posts/zh-notes.md"),
    ),
    (
        "release-notes.md",
        include_str!("../../assets/posts/release-notes.md"),
    ),
    (
        "saved-article.txt",
        include_str!("../../assets/posts/saved-article.txt"),
    ),
];

/// The sample posts, each with the path `samples/NAME`. A sample without a front matter date
/// has no date (an embedded file has no modification time).
pub fn posts() -> Vec<Post> {
    SAMPLES
        .iter()
        .map(|(name, text)| Post::parse(&Path::new("samples").join(name), *text, None))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_cover_languages_tags_and_a_plain_text_post() {
        let posts = posts();
        assert!((6..=10).contains(&posts.len()));
        assert!(
            posts.iter().all(|p| p.diagnostics.is_empty()),
            "samples parse cleanly"
        );
        assert!(
            posts
                .iter()
                .any(|p| p.title.chars().any(|c| ('а'..='я').contains(&c)))
        );
        assert!(posts.iter().any(|p| {
            p.title
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        }));
        let mut tags: Vec<_> = posts.iter().flat_map(|p| &p.tags).map(|t| &t.key).collect();
        tags.sort();
        tags.dedup();
        assert!(tags.len() >= 3, "{tags:?}");
        let plain = posts
            .iter()
            .find(|p| p.path.ends_with("saved-article.txt"))
            .expect("plain-text sample");
        assert_eq!(plain.title, "The quiet web: notes on saving articles");
        assert_eq!(plain.date, None);
    }
}
