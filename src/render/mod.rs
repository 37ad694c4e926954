//! Turning a post into lines for the terminal: [`markdown`] builds a [`Document`] for a width,
//! [`crate::text`] does the width-correct wrapping and sanitizing underneath.

pub mod diagram;
pub mod highlight;
pub mod html;
pub mod html_block;
pub mod markdown;
pub mod math;

pub use markdown::images;
pub use markdown::{
    BROKEN_MARK, Document, Heading, Link, LinkSpan, WideLine, render_post, render_post_checked,
    render_tail,
};

use crate::content::{Body, Diagnostic, Format, Post, PostId};
use crate::library::linkcheck::BrokenLink;
use crate::theme::Theme;
use highlight::CodeColours;

/// How a post is rendered: for a pane `width` columns wide, in `theme` (its styles, and the date
/// format the header writes dates in), with the code colours made so far, and with the post's
/// `broken` links marked (`⚠`, see [`render_post_checked`]). The one set of options every
/// render path takes: the reader's first screen, end and whole post, the render lane's, and
/// `tidings show`.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    pub width: u16,
    pub theme: &'a Theme,
    pub colours: &'a CodeColours,
    pub broken: &'a [BrokenLink],
    /// The notes the post embeds ([`crate::library::embeds`]), shown under their links.
    pub embeds: &'a crate::library::embeds::Embeds,
    /// The file lines (1-based) of the foldable callouts the reader opened or closed: each is
    /// shown the other way from how it is written (`-` folded, `+` open).
    pub toggled_callouts: &'a [u32],
}

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
    /// The notes it embeds, shown under their links.
    pub embeds: std::sync::Arc<crate::library::embeds::Embeds>,
    /// See [`RenderOptions::toggled_callouts`].
    pub toggled_callouts: Vec<u32>,
    /// For a long post shown by its first screen: its end ([`tail_of`] leaving this many
    /// bytes) is rendered first and sent ahead of the whole, so `G` shows it at once.
    pub end_first: Option<usize>,
}

impl RenderRequest {
    /// The options it asks to be rendered with.
    pub fn options(&self) -> RenderOptions<'_> {
        RenderOptions {
            width: self.width,
            theme: &self.theme,
            colours: &self.colours,
            broken: &self.broken,
            embeds: &self.embeds,
            toggled_callouts: &self.toggled_callouts,
        }
    }
}

/// [`render_post_checked`], with a panic in it (a bug in tidings) caught: the post is then
/// rendered as plain text under a diagnostic saying so, or, should that fail too, as that one
/// line.
pub fn render_post_safely(post: &Post, options: &RenderOptions<'_>) -> Document {
    caught(post, options.theme, |post| {
        markdown::render_with(post, options)
    })
}

/// The leading part of `post` to render first, so a long post's first screen is drawn before
/// the whole of it is rendered: its body cut at the first blank line at or after `min_bytes`
/// that is outside a fenced code block (CommonMark §4.5: a fence is three or more backticks or
/// tildes). `None` when the body is not longer than that.
pub fn head_of(post: &Post, min_bytes: usize) -> Option<Post> {
    let body = post.text();
    let end = head_end(body, min_bytes)?;
    let mut head = post.with_body(Body::Held(body[..end].to_owned()));
    // The header counts the whole post; the loader counted a long one already.
    head.meta.reading = Some(crate::content::reading::Reading::of_post(post));
    Some(head)
}

/// Where the head of `body` ends, when it is longer than `min_bytes`: at the first blank line
/// at or after that, outside fenced code (see [`head_of`]).
fn head_end(body: &str, min_bytes: usize) -> Option<usize> {
    if body.len() <= min_bytes {
        return None;
    }
    blank_lines(body).find(|&start| start >= min_bytes)
}

/// The headings (level, text without markup) that the first render of `post` will have: of
/// its head ([`head_of`] with `head_bytes`) when it is long, else of the whole of it; `None`
/// for plain text. One parse, no rendering (~30 µs for 8 KiB), so the panes can be laid out
/// for the contents before the post is rendered once. Text the renderer adds to a heading (a
/// link's number) is not in it, so the widths it gives can fall short of the render's.
pub fn first_outline(post: &Post, head_bytes: usize) -> Option<Vec<(u8, String)>> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    if post.format != Format::Markdown {
        return None;
    }
    let body = post.text();
    let end = head_end(body, head_bytes).unwrap_or(body.len());
    let text = crate::content::dialects::expand(&body[..end]);
    let mut outline = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    for event in pulldown_cmark::Parser::new_ext(&text, markdown::options()) {
        match (event, &mut heading) {
            (Event::Start(Tag::Heading { level, .. }), _) => {
                heading = Some((level as u8, String::new()));
            }
            (Event::Text(t) | Event::Code(t), Some((_, text))) => text.push_str(&t),
            (Event::SoftBreak | Event::HardBreak, Some((_, text))) => text.push(' '),
            (Event::End(TagEnd::Heading(_)), _) => {
                if let Some((level, text)) = heading.take() {
                    outline.push((level, text.trim().to_string()));
                }
            }
            _ => {}
        }
    }
    Some(outline)
}

/// The last blocks of a long Markdown post, to draw at once when the reader goes to its end
/// before the whole of it is rendered (see [`tail_of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    /// The body from the cut on, its generator syntax already rewritten
    /// ([`crate::content::dialects::expand`]).
    pub text: String,
    /// The 1-based file line the cut is on (as near as rewritten syntax lets it be).
    pub first_line: usize,
    /// The destinations (sanitized) of the links before the cut, in order: the tail's links
    /// keep their numbers, and the list of links at its end is the whole post's.
    pub links_before: Vec<String>,
    /// The post's tags (their keys), whose `#tag` the text shows as tags.
    pub tags: Vec<String>,
    /// The post's file: never shown inside a note it embeds.
    pub path: std::sync::Arc<std::path::Path>,
}

/// The end of `post` from the first blank line outside a fenced code block that leaves at most
/// about `min_bytes` after it. `None` for a body not longer than that, for plain text, and for
/// a post with footnotes (their definitions, listed at the end, may be anywhere).
///
/// Finding the links before the cut parses the whole body (CommonMark, no rendering): about a
/// millisecond for 200 KB, a third of what rendering it takes.
pub fn tail_of(post: &Post, min_bytes: usize) -> Option<Tail> {
    let body = post.text();
    if post.format != Format::Markdown || body.len() <= min_bytes || body.contains("[^") {
        return None;
    }
    let text = crate::content::dialects::expand(body);
    let from = text.len().saturating_sub(min_bytes);
    let cut = blank_lines(&text).find(|&start| start >= from)?;
    // Links that start before the cut, in the order they are written.
    let links_before = pulldown_cmark::Parser::new_ext(&text, markdown::options())
        .into_offset_iter()
        .filter(|(_, range)| range.start < cut)
        .filter_map(|(event, _)| match &event {
            pulldown_cmark::Event::Start(tag) => markdown::numbered_link(tag)
                .map(|dest_url| crate::text::sanitize(dest_url).into_owned()),
            _ => None,
        })
        .collect();
    Some(Tail {
        first_line: post.body_line.max(1) + text[..cut].matches('\n').count(),
        text: text[cut..].to_string(),
        links_before,
        tags: post.tags.iter().map(|t| t.key.to_string()).collect(),
        path: std::sync::Arc::clone(&post.path),
    })
}

/// The byte offsets of the blank lines of `body` that are outside fenced code blocks
/// (CommonMark §4.5: a fence is three or more backticks or tildes), in order: where a long
/// post may be cut between blocks.
fn blank_lines(body: &str) -> impl Iterator<Item = usize> + '_ {
    let mut fence: Option<(char, usize)> = None;
    let mut at = 0;
    body.split_inclusive('\n').filter_map(move |line| {
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
            return None;
        }
        (fence.is_none() && line.trim().is_empty()).then_some(start)
    })
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
        assert!(head.text().ends_with("```\n"), "{:?}", head.body);
        assert!(super::head_of(&post, body.len()).is_none());
    }

    use super::*;
    use std::path::Path;

    #[test]
    fn the_first_outline_is_the_headings_of_the_first_render() {
        let head = "# A *first* heading\n\ntext\n\n## `Code` and \"quotes\" in one\n\n\
                    Setext heading\n--------------\n\n### A heading\nwith a break?\n\n";
        let mut body = head.to_string();
        for i in 0..400 {
            body.push_str(&format!(
                "Filler paragraph {i} for a long post.\n\n## Later {i}\n\n"
            ));
        }
        let post = crate::content::testing::post("/p/a.md", "A", "2024-06-19", "", &body);
        let outline = |post: &Post, bytes| first_outline(post, bytes).expect("markdown");
        let rendered = |post: &Post| -> Vec<(u8, String)> {
            let doc = render_post(post, 80, &Theme::no_color(), &CodeColours::default());
            doc.headings
                .into_iter()
                .map(|h| (h.level, h.text))
                .collect()
        };
        // A long post: the headings of its head's render.
        let first = head_of(&post, 256).expect("long");
        assert_eq!(outline(&post, 256), rendered(&first));
        assert!(outline(&post, 256).len() < rendered(&post).len());
        // A short one: all of them.
        assert_eq!(outline(&post, body.len()), rendered(&post));
        // Plain text has no outline to tell.
        let plain = Post::parse(Path::new("/p/a.txt"), "A headline\n\nText.\n", None);
        assert_eq!(first_outline(&plain, 256), None);
    }

    #[test]
    fn a_tail_numbers_embedded_notes_and_shows_tags_as_the_whole_does() {
        let mut body = String::new();
        for i in 0..300 {
            body.push_str(&format!(
                "Paragraph {i} embeds ![[Note {i}#Part]], links [[Other {i}]], tagged #alpha.\n\n"
            ));
        }
        let text = format!("---\ntitle: A\ntags: [alpha]\n---\n{body}");
        let post = Post::parse(Path::new("/v/a.md"), text, None);
        let tail = tail_of(&post, 2048).expect("a tail");
        let (theme, colours) = (Theme::dark(), CodeColours::default());
        let whole = render_post(&post, 80, &theme, &colours).lines;
        let options = RenderOptions {
            width: 80,
            theme: &theme,
            colours: &colours,
            broken: &[],
            embeds: &crate::library::embeds::NO_EMBEDS,
            toggled_callouts: &[],
        };
        let end = render_tail(&tail, &options).lines;
        assert!(end.len() > 600, "the whole list of links: {}", end.len());
        // Numbers, and the tag's style, as the whole render has them.
        assert_eq!(end[..], whole[whole.len() - end.len()..]);
        let tagged = end
            .iter()
            .flat_map(|l| &l.spans)
            .find(|s| s.content == "#alpha");
        assert_eq!(tagged.map(|s| s.style.fg), Some(theme.list_tag.fg));
    }

    #[test]
    fn the_tail_of_a_long_post_renders_as_the_end_of_its_whole_render() {
        // Inline and reference links (defined at the very end), and a fence with blank lines
        // where no cut may fall.
        let mut body = String::new();
        for i in 0..300 {
            body.push_str(&format!(
                "Paragraph {i} links [here](https://e.example/{i}) and [there][r{}].\n\n",
                i % 3
            ));
        }
        body.push_str("```\ncode\n\n\nmore code\n```\n\nThe very end.\n\n");
        body.push_str(
            "[r0]: https://r.example/0\n[r1]: https://r.example/1\n[r2]: https://r.example/2\n",
        );
        let post = crate::content::testing::post("/a.md", "A", "2024-01-01", "", &body);
        let tail = tail_of(&post, 2048).expect("a tail");
        assert!(tail.text.len() <= 2048 + 200, "{}", tail.text.len());
        assert!(
            tail.text.starts_with('\n'),
            "cut at a blank line: {:?}",
            &tail.text[..40]
        );
        let theme = Theme::no_color();
        let colours = CodeColours::default();
        let text =
            |doc: &Document| -> Vec<String> { doc.lines.iter().map(ToString::to_string).collect() };
        let whole = text(&render_post(&post, 80, &theme, &colours));
        let options = RenderOptions {
            width: 80,
            theme: &theme,
            colours: &colours,
            broken: &[],
            embeds: &crate::library::embeds::NO_EMBEDS,
            toggled_callouts: &[],
        };
        let end = text(&render_tail(&tail, &options));
        assert!(end.len() > 600, "the whole list of links: {}", end.len());
        assert_eq!(
            end[..],
            whole[whole.len() - end.len()..],
            "the tail is the end of the whole"
        );
        // The file line the cut is on.
        let cut_line = body[..body.len() - tail.text.len()].matches('\n').count() + post.body_line;
        assert_eq!(tail.first_line, cut_line);
        // Short posts, plain text and footnotes have none.
        assert!(tail_of(&post, body.len()).is_none());
        let notes = crate::content::testing::post(
            "/b.md",
            "B",
            "",
            "",
            &format!("{body}[^1]\n\n[^1]: A note.\n"),
        );
        assert!(tail_of(&notes, 2048).is_none());
    }

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
