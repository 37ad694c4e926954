//! A feed entry as a post file in the seeds' shape: YAML front matter (`title`, `date`, `tag`,
//! `description`, `img`, `alt`, `source`, `url`, `id`), then the entry's content as Markdown.
//!
//! Values are written as YAML 1.2 double-quoted scalars (JSON strings are those), on one line,
//! without control characters; HTML content becomes Markdown through `htmd`.

use std::sync::LazyLock;

use feed_rs::model::{Entry, Feed, Text};
use regex::Regex;

/// The file an entry becomes: its name (date and slug) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFile {
    /// `2024-06-19-the-title.md`, or `undated-the-title.md`.
    pub name: String,
    pub text: String,
}

/// How long a slug may be, in characters.
const SLUG_CHARS: usize = 60;

/// How long a description may be, in characters: a summary, not the body.
const DESCRIPTION_CHARS: usize = 300;

/// The file for `entry` of `feed`, with `tags` (the subscription's) before its categories.
/// The entry's HTML is bounded and sanitized first ([`super::html`]): what it costs to convert
/// is bounded by its size, and no script, style, handler or non-`http(s)`/`mailto` target
/// reaches the post.
pub fn entry_file(feed: &Feed, entry: &Entry, tags: &[String]) -> EntryFile {
    let title = entry
        .title
        .as_ref()
        .map(plain)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Untitled".to_string());
    let date = entry.published.or(entry.updated).filter(|d| {
        // RFC 3339 has four-digit years: a date past them is not one a post can carry.
        (1..=9999).contains(&chrono::Datelike::year(d))
    });
    let mut all_tags: Vec<String> = Vec::new();
    // A category's term is the tag; its label is how a site shows it.
    let categories = entry.categories.iter().map(|c| c.term.clone());
    for tag in tags.iter().cloned().chain(categories) {
        let tag = one_line(&tag);
        if !tag.is_empty() && !all_tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            all_tags.push(tag);
        }
    }
    let content = entry.content.as_ref().and_then(|c| {
        let html = c.content_type.essence().to_string().contains("html");
        Some(Body {
            text: c.body.clone()?,
            html,
        })
    });
    let summary = entry.summary.as_ref().map(|s| Body {
        text: s.content.clone(),
        html: s.content_type.essence().to_string().contains("html")
            // RSS says nothing of the type: its description is HTML.
            || s.content_type.essence().to_string() == "text/plain"
                && s.content.contains('<'),
    });
    let description = summary.as_ref().and_then(Body::description).or_else(|| {
        // No summary: the body's first paragraph.
        content.as_ref().and_then(Body::description)
    });
    fn html_of(body: &Body) -> Option<&str> {
        body.html.then_some(body.text.as_str())
    }
    let body = match (&content, &summary) {
        (Some(body), _) | (None, Some(body)) => body.markdown(),
        (None, None) => String::new(),
    };
    let (mut img, mut alt) = image(
        entry,
        content
            .as_ref()
            .and_then(html_of)
            .or(summary.as_ref().and_then(html_of)),
    );
    // The header image is not shown twice: not when the body opens with it.
    if let Some(src) = &img
        && body.trim_start().starts_with("![")
        && body
            .lines()
            .next()
            .is_some_and(|l| l.contains(src.as_str()))
    {
        (img, alt) = (None, None);
    }
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone())
        .filter(|href| web_address(href));
    let author = entry.authors.first().map(|a| a.name.clone());

    let mut front = String::from("---\n");
    field(&mut front, "title", Some(title.clone()));
    let written = date.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    field(&mut front, "date", written);
    if !all_tags.is_empty() {
        let list: Vec<String> = all_tags.iter().map(|t| quoted(t)).collect();
        front.push_str(&format!("tag: [{}]\n", list.join(", ")));
    }
    field(&mut front, "description", description);
    field(
        &mut front,
        "img",
        img.filter(|src| web_address(src) || !src.contains(':')),
    );
    field(&mut front, "alt", alt);
    field(&mut front, "author", author);
    field(&mut front, "source", feed.title.as_ref().map(plain));
    field(&mut front, "url", link);
    field(&mut front, "id", Some(entry.id.clone()));
    front.push_str("---\n\n");

    let mut text = front;
    text.push_str(body.trim());
    text.push('\n');
    let day = date.map_or_else(
        || "undated".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    EntryFile {
        name: format!("{day}-{}.md", slug(&title)),
        text,
    }
}

/// An `http`, `https` or `mailto` address: the only targets a post keeps from a feed (never
/// `javascript:`, `data:`, `file:`).
pub fn web_address(target: &str) -> bool {
    let lower = target.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// A summary or a content, as HTML or as plain text.
struct Body {
    text: String,
    html: bool,
}

impl Body {
    /// As Markdown: HTML bounded, sanitized and converted; plain text escaped, so `a <blink> c`
    /// stays those characters.
    fn markdown(&self) -> String {
        if self.html {
            html_to_markdown(&self.text)
        } else {
            escape_markdown(&strip_controls(super::html::cut(
                &self.text,
                super::html::MAX_HTML_BYTES,
            )))
        }
    }

    /// Its first paragraph as one line of plain text, at most [`DESCRIPTION_CHARS`]
    /// characters (cut at a word, with `…`).
    fn description(&self) -> Option<String> {
        // A description is short: the start of a long text is enough to find it.
        let head = super::html::cut(&self.text, 64 * 1024);
        let text = if self.html {
            let clean = super::html::sanitized(&super::html::bounded(head));
            html2text::config::plain_no_decorate()
                .string_from_read(clean.as_bytes(), 10_000)
                .unwrap_or_default()
        } else {
            head.to_string()
        };
        let first = text.split("\n\n").map(one_line).find(|p| !p.is_empty())?;
        Some(shortened(&first, DESCRIPTION_CHARS))
    }
}

/// `text` cut to at most `max` characters at a word, with `…` when cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let cut = head
        .rfind(' ')
        .filter(|&at| at > max / 2)
        .unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end())
}

/// Plain text for a Markdown post: every ASCII punctuation mark that could start markup
/// backslash-escaped (CommonMark §2.4), so it shows as written.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '!' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Adds `key: "value"` to `front`, when there is a value once made one line.
fn field(front: &mut String, key: &str, value: Option<String>) {
    if let Some(value) = value.map(|v| one_line(&v)).filter(|v| !v.is_empty()) {
        front.push_str(&format!("{key}: {}\n", quoted(&value)));
    }
}

/// The entry's picture and its description: an image enclosure, a `media:thumbnail` or image
/// `media:content`, else the content's first `<img>`.
fn image(entry: &Entry, content: Option<&str>) -> (Option<String>, Option<String>) {
    let is_image = |t: Option<&str>| t.is_some_and(|t| t.starts_with("image/"));
    if let Some(link) = (entry.links.iter())
        .find(|l| l.rel.as_deref() == Some("enclosure") && is_image(l.media_type.as_deref()))
    {
        return (Some(link.href.clone()), link.title.clone());
    }
    for media in &entry.media {
        let alt = media.title.as_ref().map(plain);
        if let Some(thumb) = media.thumbnails.first() {
            return (Some(thumb.image.uri.clone()), alt);
        }
        let picture = media.content.iter().find(|c| {
            is_image(
                c.content_type
                    .as_ref()
                    .map(|t| t.essence().to_string())
                    .as_deref(),
            )
        });
        if let Some(url) = picture.and_then(|c| c.url.as_ref()) {
            return (Some(url.to_string()), alt);
        }
    }
    let Some(html) = content else {
        return (None, None);
    };
    static SRC: LazyLock<Option<Regex>> = LazyLock::new(|| attribute_pattern("src"));
    static ALT: LazyLock<Option<Regex>> = LazyLock::new(|| attribute_pattern("alt"));
    let attribute = |tag: &str, pattern: &Option<Regex>| {
        let captures = pattern.as_ref()?.captures(tag)?;
        Some(html_escape::decode_html_entities(&captures[1]).into_owned())
    };
    let tag = IMG
        .as_ref()
        .and_then(|re| re.find(html))
        .map(|m| m.as_str());
    match tag {
        Some(tag) => (attribute(tag, &SRC), attribute(tag, &ALT)),
        None => (None, None),
    }
}

/// An `<img>` tag (compiled once: a fetch converts thousands of entries).
static IMG: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?is)<img\b[^>]*>").ok());

/// The value of attribute `name` in a tag.
fn attribute_pattern(name: &str) -> Option<Regex> {
    Regex::new(&format!(r#"(?i)\s{name}\s*=\s*["']([^"']*)["']"#)).ok()
}

/// HTML as Markdown: bounded and sanitized first (see [`super::html`]).
fn html_to_markdown(html: &str) -> String {
    let clean = super::html::sanitized(&super::html::bounded(html));
    let converted = htmd::convert(&clean).unwrap_or_else(|_| clean.clone());
    strip_controls(&converted)
}

/// A text construct as one line of plain text (HTML titles have their markup dropped).
fn plain(text: &Text) -> String {
    if text.content_type.essence().to_string().contains("html") {
        html_to_plain(&text.content)
    } else {
        one_line(&text.content)
    }
}

/// HTML as one line of plain text (a title): no markup, no pictures, entities decoded; bounded
/// as a body is.
fn html_to_plain(html: &str) -> String {
    let html = super::html::cut(html, 64 * 1024);
    let html = IMG.as_ref().map_or(std::borrow::Cow::Borrowed(html), |re| {
        re.replace_all(html, "")
    });
    let clean = super::html::sanitized(&super::html::bounded(&html));
    let text = html2text::config::plain_no_decorate()
        .string_from_read(clean.as_bytes(), usize::MAX / 4)
        .unwrap_or_else(|_| clean.clone());
    one_line(&text)
}

/// Whitespace runs made one space, control characters dropped, trimmed.
pub fn one_line(text: &str) -> String {
    strip_controls(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` without control characters other than line feeds and tabs.
fn strip_controls(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

/// A YAML 1.2 double-quoted scalar (a JSON string is one).
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_string())
}

/// The title as a file name's slug: letters and digits lower-cased (any script), the rest one
/// `-`, at most [`SLUG_CHARS`] characters; `entry` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= SLUG_CHARS {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "entry".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_any_script_and_make_the_rest_one_hyphen() {
        assert_eq!(slug("Ferry: timetable — June!"), "ferry-timetable-june");
        assert_eq!(slug("Новый мост"), "новый-мост");
        assert_eq!(slug("在终端里读新闻"), "在终端里读新闻");
        assert_eq!(slug("?!"), "entry");
        assert_eq!(slug(&"a".repeat(100)).chars().count(), SLUG_CHARS);
    }

    #[test]
    fn values_are_one_line_quoted_and_without_control_characters() {
        assert_eq!(
            quoted(&one_line("a \"b\"\n\u{1b}[31mc\t")),
            r#""a \"b\" [31mc""#
        );
    }
}
