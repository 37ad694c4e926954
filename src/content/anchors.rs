//! Heading anchors: the slugs a link's `#fragment` names, made unique within a post as GitHub
//! makes them. The renderer gives each heading its anchor with these; the link check asks which
//! anchors a post has.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// GitHub's heading anchor: lower case; letters, digits, `-` and `_` kept; spaces become `-`;
/// everything else dropped.
pub fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchor `slugify` makes (Zola, and others): lower case, letters and digits kept, every
/// run of anything else one `-`, none at the ends.
pub fn dashed_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether a link's `#wanted` names the heading with anchor `anchor` and text `text`: the anchor
/// itself (any case), or, as a wikilink names a heading (`[[Note#Heading text]]`, Obsidian), the
/// heading's text, compared as slugs.
pub fn names_heading(wanted: &str, anchor: &str, text: &str) -> bool {
    anchor.eq_ignore_ascii_case(wanted)
        || anchor == slug(wanted.trim())
        || (!wanted.is_empty() && dashed_slug(wanted) == dashed_slug(text))
}

/// The heading anchors of one post, kept unique as GitHub does: a second `foo` is `foo-1`, a
/// third `foo-2`.
#[derive(Debug, Default)]
pub struct Anchors {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Anchors {
    /// `base`, or the first `base-N` not taken; taken from now on.
    pub fn unique(&mut self, base: &str) -> String {
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
    pub fn claim(&mut self, anchor: String) -> String {
        self.taken.insert(anchor.clone());
        anchor
    }

    /// Whether `anchor` is one of the post's.
    pub fn contains(&self, anchor: &str) -> bool {
        self.taken.contains(anchor)
    }

    /// Whether a link's `#wanted` names one of the post's headings: an anchor, or a heading's
    /// text as a wikilink writes it (see [`names_heading`]).
    pub fn names(&self, wanted: &str) -> bool {
        self.contains(wanted)
            || self.contains(&slug(wanted.trim()))
            || self.contains(&dashed_slug(wanted))
    }
}

/// Every heading anchor of Markdown `body` (shortcodes already expanded), as the renderer
/// gives them: a heading's `{#id}`, else the slug of its text.
pub fn of_markdown(body: &str) -> Anchors {
    let mut anchors = Anchors::default();
    let mut heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(body, super::dialects::PARSE_OPTIONS) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.to_string()), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = &mut heading {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => match heading.take() {
                Some((Some(id), _)) => {
                    anchors.claim(id);
                }
                Some((None, text)) => match attribute_list_id(&text) {
                    Some(id) => {
                        anchors.claim(id.to_string());
                    }
                    None => {
                        anchors.unique(&slug(text.trim()));
                        // As Zola and other generators make it (`What's next` → `what-s-next`).
                        anchors.claim(dashed_slug(&text));
                    }
                },
                None => {}
            },
            // An element of raw HTML can be a link's target too: `<img id="example">`,
            // `<a name="top">`.
            Event::Html(html) | Event::InlineHtml(html) => {
                for id in html_ids(&html) {
                    anchors.claim(id.to_string());
                }
            }
            _ => {}
        }
    }
    anchors
}

/// The id of a kramdown or markdown-it-attrs attribute list ending a heading:
/// `Install {: #setup }` or `Install {#setup .wide}`.
fn attribute_list_id(text: &str) -> Option<&str> {
    let text = text.trim_end().strip_suffix('}')?;
    let list = &text[text.rfind('{')? + 1..];
    list.split_whitespace()
        .find_map(|part| part.strip_prefix('#'))
        .filter(|id| !id.is_empty())
}

/// The values of `id="…"` and `name="…"` attributes in a piece of HTML.
fn html_ids(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("id=")
        .chain(html.match_indices("name="))
        .filter(|(at, _)| html[..*at].ends_with(|c: char| c.is_whitespace()))
        .filter_map(move |(at, found)| {
            let rest = &html[at + found.len()..];
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = &rest[1..];
            value.find(quote).map(|end| &value[..end])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posts_anchors_are_its_headings_slugs_made_unique() {
        let anchors = of_markdown(
            "# Hello, World!\n\n## Hello, World!\n\n## Custom {#mine}\n\n### `code` here\n",
        );
        for anchor in ["hello-world", "hello-world-1", "mine", "code-here"] {
            assert!(anchors.contains(anchor), "{anchor}");
        }
        assert!(!anchors.contains("custom"));
        let more = of_markdown(
            "## Participate {: #participate }\n\nText <img id=\"example\" src=\"a.svg\"> and <a name='top'></a>.\n",
        );
        assert_eq!(dashed_slug("What's next?"), "what-s-next");
        assert_eq!(
            dashed_slug("Rust to .NET - a compiler"),
            "rust-to-net-a-compiler"
        );
        for anchor in ["participate", "example", "top"] {
            assert!(more.contains(anchor), "{anchor}");
        }
    }
}
