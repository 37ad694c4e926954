//! Turning a post into lines for the terminal: [`markdown`] builds a [`Document`] for a width,
//! [`crate::text`] does the width-correct wrapping and sanitizing underneath.

pub mod highlight;
pub mod html;
pub mod html_block;
pub mod markdown;

pub use markdown::{Document, Heading, Link, LinkSpan, render_post};

use crate::content::{Diagnostic, Format, Post, PostId};
use crate::theme::Theme;
use highlight::CodeColours;

/// A render to make off the UI thread (a large post): `update` asks for it as an effect, the
/// event loop starts the work, and the document comes back as an event.
#[derive(Debug)]
pub struct RenderRequest {
    pub id: PostId,
    pub revision: u64,
    pub width: u16,
    pub post: Post,
    pub theme: Theme,
    pub colours: CodeColours,
}

/// [`render_post`], with a panic in it (a bug in tidings) caught: the post is then rendered as
/// plain text under a diagnostic saying so, or, should that fail too, as that one line.
pub fn render_post_safely(
    post: &Post,
    width: u16,
    theme: &Theme,
    colours: &CodeColours,
) -> Document {
    caught(post, theme, |post| render_post(post, width, theme, colours))
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
