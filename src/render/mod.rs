//! Turning a post into lines for the terminal: [`markdown`] builds a [`Document`] for a width,
//! [`crate::text`] does the width-correct wrapping and sanitizing underneath.

pub mod highlight;
pub mod html;
pub mod html_block;
pub mod markdown;

pub use markdown::{
    BROKEN_MARK, Document, Heading, Link, LinkSpan, WideLine, render_post, render_post_checked,
};

use crate::content::{Diagnostic, Format, Post, PostId};
use crate::library::linkcheck::BrokenLink;
use crate::theme::Theme;
use highlight::CodeColours;

/// A render to make off the UI thread (a large post): `update` asks for it as an effect, the
/// event loop starts the work, and the document comes back as an event.
#[derive(Debug)]
pub struct RenderRequest {
    pub id: PostId,
    pub revision: u64,
    pub width: u16,
    /// Shared with the store: asking for a render copies no post.
    pub post: std::sync::Arc<Post>,
    pub theme: Theme,
    pub colours: CodeColours,
    /// The post's broken links, marked in the render.
    pub broken: Vec<BrokenLink>,
}

/// [`render_post_checked`], with a panic in it (a bug in tidings) caught: the post is then
/// rendered as plain text under a diagnostic saying so, or, should that fail too, as that one
/// line.
pub fn render_post_safely(
    post: &Post,
    width: u16,
    theme: &Theme,
    colours: &CodeColours,
    broken: &[BrokenLink],
) -> Document {
    caught(post, theme, |post| {
        render_post_checked(post, width, theme, colours, broken)
    })
}

/// The leading part of `post` to render first, so a long post's first screen is drawn before
/// the whole of it is rendered: its body cut at the first blank line at or after `min_bytes`
/// that is outside a fenced code block (CommonMark §4.5: a fence is three or more backticks or
/// tildes). `None` when the body is not longer than that.
pub fn head_of(post: &Post, min_bytes: usize) -> Option<Post> {
    if post.body.len() <= min_bytes {
        return None;
    }
    let mut fence: Option<(char, usize)> = None;
    let mut at = 0;
    for line in post.body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            match fence {
                None if run >= 3 => fence = Some((c, run)),
                Some((open, len))
                    if open == c && run >= len && trimmed[run..].trim().is_empty() =>
                {
                    fence = None;
                }
                _ => {}
            }
            continue;
        }
        if fence.is_none() && start >= min_bytes && line.trim().is_empty() {
            let mut head = post.clone();
            head.meta.reading = Some(crate::content::reading::Reading::of(&post.body));
            head.body.truncate(start);
            return Some(head);
        }
    }
    None
}

/// `render(post)`, falling back as [`render_post_safely`] says when it panics.
fn caught(post: &Post, theme: &Theme, render: impl Fn(&Post) -> Document) -> Document {
    crate::guard::per_post(|| render(post)).unwrap_or_else(|why| {
        let message = format!(
            "tidings failed to render this post ({why}); it is shown as plain text. This is a bug: please report it"
        );
        let mut plain = post.clone();
        plain.format = Format::PlainText;
        plain.diagnostics.push(Diagnostic {
            line: None,
            message: message.clone(),
        });
        crate::guard::per_post(|| render(&plain)).unwrap_or_else(|_| Document {
            lines: vec![ratatui::text::Line::styled(message, theme.diagnostic)],
            ..Document::default()
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_post_is_cut_at_a_blank_line_outside_code() {
        let body = format!(
            "{}\n\n```\ncode\n\nmore code\n```\n\nafter\n\nend\n",
            "word ".repeat(10)
        );
        let post = crate::content::testing::post("/a.md", "A", "2024-01-01", "", &body);
        let head = super::head_of(&post, 52).expect("cut");
        assert!(head.body.ends_with("```\n"), "{:?}", head.body);
        assert!(super::head_of(&post, body.len()).is_none());
    }

    use super::*;
    use std::path::Path;

    #[test]
    fn a_renderer_panic_falls_back_to_plain_text_with_a_diagnostic() {
        let post = Post::parse(Path::new("p.md"), "# Title\n\nSome *text*.\n", None);
        let theme = Theme::no_color();
        let colours = CodeColours::default();
        let flaky = |p: &Post| {
            assert_eq!(p.format, Format::PlainText, "markdown is what breaks");
            render_post(p, 60, &theme, &colours)
        };
        let doc = caught(&post, &theme, flaky);
        let text: Vec<String> = doc.lines.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|l| l.contains("Some *text*.")), "{text:?}");
        assert!(
            text.iter().any(|l| l.contains("failed to render")),
            "{text:?}"
        );

        let doc = caught(&post, &theme, |_| panic!("always"));
        assert_eq!(doc.lines.len(), 1);
        assert!(doc.lines[0].to_string().contains("(always)"));
    }
}
