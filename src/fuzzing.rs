//! The fuzz targets' bodies: each takes arbitrary bytes and must neither panic nor hang, and a
//! rendered document must keep its promises (no line wider than the width asked for, no control
//! character in any line). `fuzz/` runs them under `cargo fuzz` (libFuzzer, nightly);
//! `tests/fuzz_cases.rs` runs the same bodies as proptest cases, where nightly is missing.
//!
//! Inputs are read as UTF-8 with invalid bytes replaced, as the loader reads files.

use std::path::Path;

use crate::content::{Format, Post, date, frontmatter};
use crate::render::highlight::CodeColours;
use crate::render::{Document, render_post};
use crate::text;
use crate::theme::Theme;

/// Render widths every document is checked at, in columns: from a one-column pane up.
pub const WIDTHS: [u16; 4] = [1, 9, 40, 120];

/// Front matter: splitting a file at its fences, then reading the block as YAML or TOML, as
/// fields and as a whole mapping; and either parser on the whole text.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let split = frontmatter::split(&text);
    if let Some((format, source)) = split.front_matter {
        let _ = frontmatter::parse(format, source);
        let _ = frontmatter::parse_mapping(format, source);
    }
    let _ = frontmatter::parse_yaml(&text);
    let _ = frontmatter::parse_toml(&text);
}

/// Dates: a front matter date, a typed range, a date in a path.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = date::parse_date(&text);
    let _ = date::parse_range(&text);
    let _ = date::path_date(Path::new(text.as_ref()));
}

/// A whole Markdown post, from front matter to rendered lines, at every width of [`WIDTHS`].
pub fn markdown(data: &[u8]) {
    let post = Post::parse(Path::new("fuzz.md"), String::from_utf8_lossy(data), None);
    render_everywhere(&post);
}

/// A plain-text article (a page saved from the web), rendered line for line.
pub fn plain_text(data: &[u8]) {
    let mut post = Post::parse(Path::new("fuzz.txt"), String::from_utf8_lossy(data), None);
    post.format = Format::PlainText;
    render_everywhere(&post);
}

fn render_everywhere(post: &Post) {
    let theme = Theme::dark();
    let colours = CodeColours::default();
    for width in WIDTHS {
        let doc = render_post(post, width, &theme, &colours);
        check(&doc, width);
    }
}

/// What every document promises.
///
/// Panics: a line is wider than `width`, or holds a control character.
pub fn check(doc: &Document, width: u16) {
    for (index, line) in doc.lines.iter().enumerate() {
        let columns: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
        assert!(
            columns <= usize::from(width),
            "line {index} is {columns} columns wide at width {width}: {line:?}"
        );
        let raw = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars())
            .find(|&c| c.is_control());
        assert!(raw.is_none(), "line {index} holds {raw:?}: {line:?}");
    }
}
