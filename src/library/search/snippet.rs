//! Snippets: the line of a post that best shows why it matched a search, cut around its first
//! match, with every match marked.

use std::ops::Range;

use super::analyze::Analyzer;
use super::query::Marker;
use crate::content::Post;

/// Characters of context kept before the first match when a line is cut.
const LEAD_CHARS: usize = 12;

/// Lines of a body looked at, at most (a huge post still answers at once).
const MAX_LINES: usize = 5_000;

/// A line of a post with the search's matches in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// One line, no control characters, Markdown's line marks (`#`, `>`, `-`) taken off.
    pub text: String,
    /// Byte ranges of the matches in `text`, in order.
    pub marks: Vec<Range<usize>>,
}

/// The description or body line of `post` with the most of the search's different terms (the
/// first such), cut to start shortly before its first match; `None` when no line matches (the
/// post matched by its title or tags alone).
///
/// The body is read as the renderer reads it: generator template syntax rewritten
/// ([`crate::content::dialects::expand`]: `{{image "x.png"}}` is an image) and the template
/// tags it dims left out, so a snippet never shows `{{range …}}`.
///
/// A body that can no longer be read gives no lines (the file watcher brings its new version).
pub fn snippet(post: &Post, marker: &Marker, analyzer: &mut Analyzer) -> Option<Snippet> {
    let body = post.read_body().unwrap_or_default();
    let body = if post.format == crate::content::Format::Markdown {
        crate::content::dialects::expand(&body).into_owned()
    } else {
        body.into_owned()
    };
    let lines = post
        .meta
        .details
        .description
        .as_deref()
        .into_iter()
        .flat_map(str::lines)
        .chain(body.lines().take(MAX_LINES));
    // A line of prose shows why a post matched better than a line of code: code lines are
    // taken only when no other line matches.
    let mut best: Option<(usize, String)> = None;
    let mut best_code: Option<(usize, String)> = None;
    let mut fences = crate::content::templates::Fences::default();
    for line in lines {
        let in_code = fences.is_code(line);
        let undimmed = without_dimmed(line);
        let line = strip_marks(&undimmed);
        if line.is_empty() {
            continue;
        }
        let mut terms: Vec<String> = Vec::new();
        let mut strength = 0;
        analyzer.words(line, |_, term, written| {
            let s = usize::from(marker.strength(term, written));
            if s > 0 && !terms.iter().any(|t| t == term) {
                terms.push(term.to_string());
                strength += s;
            }
        });
        let score = terms.len() * 4 + strength;
        let best = if in_code { &mut best_code } else { &mut best };
        if score > best.as_ref().map_or(0, |(s, _)| *s) {
            *best = Some((score, line.to_string()));
        }
    }
    let (_, line) = best.or(best_code)?;
    let line = crate::text::sanitize(&inline_text(&line)).into_owned();
    let marks = marker.ranges(analyzer, &line);
    let first = marks.first().map_or(0, |r| r.start);
    let cut = cut_point(&line, first);
    let text = if cut == 0 {
        line.clone()
    } else {
        format!("…{}", &line[cut..])
    };
    let shift = |at: usize| at - cut + if cut == 0 { 0 } else { '…'.len_utf8() };
    let marks = marks
        .into_iter()
        .map(|r| shift(r.start)..shift(r.end))
        .collect();
    Some(Snippet { text, marks })
}

/// Where to start showing `line` so [`LEAD_CHARS`] characters come before byte `first`, at a
/// word's start when one is near.
fn cut_point(line: &str, first: usize) -> usize {
    let before: Vec<(usize, char)> = line[..first].char_indices().collect();
    if before.len() <= LEAD_CHARS {
        return 0;
    }
    let from = before.len() - LEAD_CHARS;
    before[from..]
        .iter()
        .position(|&(_, c)| c.is_whitespace())
        .map_or(before[from].0, |i| {
            let (at, space) = before[from + i];
            at + space.len_utf8()
        })
}

/// The text a reader sees of a line of Markdown: links as their text, code without its
/// backticks, no emphasis marks or inline HTML (CommonMark inlines, read by pulldown-cmark).
fn inline_text(line: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut image: Option<String> = None;
    for event in Parser::new(line) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // As the renderer writes an image: `[image: alt] src`.
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.push_str("[image: ");
                image = Some(dest_url.to_string());
            }
            Event::End(TagEnd::Image) => {
                if out.ends_with("[image: ") {
                    out.truncate(out.len() - 2);
                }
                out.push_str("] ");
                out.push_str(&image.take().unwrap_or_default());
            }
            _ => {}
        }
    }
    if out.trim().is_empty() {
        // Only markup (a raw HTML line): shown as written.
        return line.to_string();
    }
    out
}

/// `line` without the spans the renderer dims ([`crate::content::templates::DIM_OPEN`] to
/// [`crate::content::templates::DIM_CLOSE`]: template tags shown as written), and without the
/// marks of foldable callouts ([`crate::content::callouts::FOLDED`]).
fn without_dimmed(line: &str) -> std::borrow::Cow<'_, str> {
    use crate::content::callouts::{FOLDED, UNFOLDED};
    use crate::content::templates::{DIM_CLOSE, DIM_OPEN};
    if !line.contains([DIM_OPEN, FOLDED, UNFOLDED]) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            DIM_OPEN => depth += 1,
            DIM_CLOSE => depth = depth.saturating_sub(1),
            FOLDED | UNFOLDED => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A line without its leading space and Markdown line marks: headings, quotes, list bullets.
fn strip_marks(line: &str) -> &str {
    line.trim()
        .trim_start_matches(['#', '>', '-', '*', '+'])
        .trim_start()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use crate::library::search::Plan;

    #[test]
    fn the_line_with_most_terms_is_cut_before_its_first_match() {
        let post = post(
            "/a.md",
            "A",
            "2024-01-01",
            "go",
            "intro line about nothing\n\
             ## Context\n\
             A very long sentence that goes on for a while before it finally says [context](/ctx) `cancellation` happens.\n",
        );
        let mut analyzer = Analyzer::default();
        let marker = Plan::parse("context cancellation", &mut analyzer).marker();
        let snippet = snippet(&post, &marker, &mut analyzer).expect("a snippet");
        assert!(snippet.text.starts_with('…'), "{}", snippet.text);
        let marked: Vec<&str> = snippet
            .marks
            .iter()
            .map(|r| &snippet.text[r.clone()])
            .collect();
        assert_eq!(marked, ["context", "cancellation"]);
        assert!(snippet.text.ends_with("context cancellation happens."));
    }

    #[test]
    fn no_matching_line_gives_none() {
        let post = post("/a.md", "A", "2024-01-01", "go", "nothing to see\n");
        let mut analyzer = Analyzer::default();
        let marker = Plan::parse("pgo", &mut analyzer).marker();
        assert_eq!(snippet(&post, &marker, &mut analyzer), None);
    }

    #[test]
    fn template_syntax_is_read_as_the_renderer_reads_it_and_never_shown() {
        let post = post(
            "/a.md",
            "A",
            "2024-01-01",
            "go",
            "{{image \"generic-slice-functions/slices.png\" \"Slices in memory\"}}\n\n\
             {{range .Pages}}slices{{end}}\n",
        );
        let mut analyzer = Analyzer::default();
        let marker = Plan::parse("slices", &mut analyzer).marker();
        let snippet = snippet(&post, &marker, &mut analyzer).expect("a snippet");
        assert!(!snippet.text.contains("{{"), "{}", snippet.text);
        assert!(!snippet.text.contains("!["), "{}", snippet.text);
        assert!(snippet.text.ends_with("/slices.png"), "{}", snippet.text);
    }

    #[test]
    fn a_line_of_prose_is_shown_before_a_line_of_code() {
        let prose = post(
            "/a.md",
            "A",
            "2024-01-01",
            "go",
            "```\n{% Img src=\"image/a.jpg\", alt=\"ALT\" %}\n```\n\nAdd an image with the Img tag.\n",
        );
        let mut analyzer = Analyzer::default();
        let marker = Plan::parse("image", &mut analyzer).marker();
        let shown = snippet(&prose, &marker, &mut analyzer).expect("a snippet");
        assert_eq!(shown.text, "Add an image with the Img tag.");
        let code_only = post(
            "/b.md",
            "B",
            "2024-01-01",
            "go",
            "```\nlet image = 1;\n```\n",
        );
        let shown = snippet(&code_only, &marker, &mut analyzer).expect("a code line when no other");
        assert_eq!(shown.text, "let image = 1;");
    }

    #[test]
    fn a_line_is_cut_after_a_space_of_any_width() {
        // U+00A0 is two bytes: the cut goes after it, never inside.
        let line = "aaaaaaaaaaaaaaaaaaaa\u{a0}abcdefghij match";
        let first = line.find("match").expect("match");
        let cut = cut_point(line, first);
        assert_eq!(&line[cut..], "abcdefghij match");
    }
}
