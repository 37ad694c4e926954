//! Raw HTML in a post, shown as the text a browser would show: tags stripped, character
//! references decoded (`&amp;` → `&`, HTML5's named references), comments and the content of
//! `<script>` and `<style>` dropped, block-level tags turned into line breaks, whitespace runs
//! collapsed to one space (HTML's rule), and `<img alt="…">` shown as `[image: …]`.
//!
//! pulldown-cmark hands raw HTML over in pieces (one event per inline tag, one per line of an
//! HTML block), so [`HtmlText`] is a small state machine fed piece by piece: a tag, comment or
//! `<script>` element may span pieces.

use std::borrow::Cow;

/// Tags after which text starts on a new line.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Elements whose content is not text for a reader.
const DROPPED: &[&str] = &["script", "style", "template"];

#[derive(Debug, Default)]
enum Mode {
    #[default]
    Text,
    /// Inside `<…>`; the tag read so far.
    Tag(String),
    /// Inside `<!-- … -->`.
    Comment,
    /// Inside a dropped element, until its end tag (name held).
    Dropped(&'static str),
}

/// The reading state across the pieces of one post's raw HTML.
#[derive(Debug, Default)]
pub struct HtmlText {
    mode: Mode,
}

impl HtmlText {
    /// Whether text now is inside a dropped element (`<script>`, `<style>`): Markdown text events
    /// between an inline `<script>` and `</script>` are hidden too.
    pub fn hides_text(&self) -> bool {
        matches!(self.mode, Mode::Dropped(_))
    }

    /// Appends the text of `html` to `out`: `\n` for a block-level tag (never two in a row, nor
    /// at the start of `out`), one space for a run of whitespace. The text is not sanitized.
    pub fn feed(&mut self, html: &str, out: &mut String) {
        let mut rest = html;
        while !rest.is_empty() {
            rest = match &mut self.mode {
                Mode::Text => match rest.find('<') {
                    Some(at) if starts_markup(&rest[at + 1..]) => {
                        push_text(out, &rest[..at]);
                        self.mode = if rest[at..].starts_with("<!--") {
                            Mode::Comment
                        } else {
                            Mode::Tag(String::new())
                        };
                        if matches!(self.mode, Mode::Comment) {
                            &rest[at + 4..]
                        } else {
                            &rest[at + 1..]
                        }
                    }
                    Some(at) => {
                        push_text(out, &rest[..=at]);
                        &rest[at + 1..]
                    }
                    None => {
                        push_text(out, rest);
                        ""
                    }
                },
                Mode::Tag(tag) => match rest.find('>') {
                    Some(at) => {
                        tag.push_str(&rest[..at]);
                        let tag = std::mem::take(tag);
                        self.mode = Mode::Text;
                        self.end_tag(&tag, out);
                        &rest[at + 1..]
                    }
                    None => {
                        tag.push_str(rest);
                        ""
                    }
                },
                Mode::Comment => match rest.find("-->") {
                    Some(at) => {
                        self.mode = Mode::Text;
                        &rest[at + 3..]
                    }
                    None => "",
                },
                Mode::Dropped(name) => match find_end_tag(rest, name) {
                    Some(at) => {
                        self.mode = Mode::Tag(String::new());
                        &rest[at + 1..]
                    }
                    None => "",
                },
            };
        }
    }

    /// Acts on a whole tag (what was between `<` and `>`).
    fn end_tag(&mut self, tag: &str, out: &mut String) {
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let dropped = DROPPED.iter().find(|d| **d == name);
        if let (false, Some(dropped)) = (closing, dropped) {
            if !tag.trim_end().ends_with('/') {
                self.mode = Mode::Dropped(dropped);
            }
            return;
        }
        if name == "img" {
            let alt = attribute(tag, "alt").unwrap_or_default();
            push_text(out, &format!("[image: {}]", alt.trim()));
        } else if BLOCK_TAGS.contains(&name.as_str()) && !out.is_empty() && !out.ends_with('\n') {
            // A space before the break is dropped: it would only end the row.
            let kept = out.trim_end_matches(' ').len();
            out.truncate(kept);
            out.push('\n');
        }
    }
}

/// Whether what follows a `<` makes it markup (a tag, end tag, comment, doctype or processing
/// instruction) rather than a literal `<`, as in `a < b`.
fn starts_markup(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// Where the `<` of `</name` starts in `text`, matching the name without regard to case.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'<'
            && bytes.get(i + 1) == Some(&b'/')
            && bytes
                .get(i + 2..i + 2 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// The value of attribute `name` in a tag's source, quoted or not, references decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let start = tag.len() - after.len() + 1;
        let value = tag[start..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(html_escape::decode_html_entities(value).into_owned());
    }
    None
}

/// Appends text with references decoded and whitespace runs collapsed to one space (none at the
/// start of a line).
fn push_text(out: &mut String, text: &str) {
    let decoded: Cow<'_, str> = html_escape::decode_html_entities(text);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(pieces: &[&str]) -> String {
        let mut html = HtmlText::default();
        let mut out = String::new();
        for piece in pieces {
            html.feed(piece, &mut out);
        }
        out
    }

    #[test]
    fn tags_are_stripped_and_text_kept() {
        assert_eq!(
            text_of(&["<p>Hello <b>bold</b> &amp; <i>brave</i></p>"]),
            "Hello bold & brave\n"
        );
    }

    #[test]
    fn script_and_style_content_is_dropped_across_pieces() {
        let out = text_of(&[
            "<div>before</div>\n",
            "<script type=\"text/javascript\">\n",
            "alert('<b>no</b>');\n",
            "</SCRIPT>\n",
            "<style>p { color: red }</style>after",
        ]);
        assert_eq!(out, "before\nafter");
    }

    #[test]
    fn comments_are_dropped_and_literal_angle_brackets_kept() {
        assert_eq!(text_of(&["a <!-- hidden\n--> b < c"]), "a b < c");
    }

    #[test]
    fn block_tags_break_lines_and_whitespace_collapses() {
        assert_eq!(
            text_of(&["<ul>\n  <li>one</li>\n  <li>two\n   words</li>\n</ul>"]),
            "one\ntwo words\n"
        );
        assert_eq!(text_of(&["line<br>next<br/>"]), "line\nnext\n");
    }

    #[test]
    fn images_show_their_alt_text() {
        assert_eq!(
            text_of(&["<img src=\"/a.png\" alt=\"A &quot;chart&quot;\">"]),
            "[image: A \"chart\"]"
        );
        assert_eq!(text_of(&["<IMG SRC=x ALT=logo>"]), "[image: logo]");
    }

    #[test]
    fn a_tag_split_across_pieces_is_still_a_tag() {
        assert_eq!(text_of(&["<a\n", "href=\"x\">link</a>"]), "link");
    }

    #[test]
    fn inline_script_hides_the_text_between_its_tags() {
        let mut html = HtmlText::default();
        let mut out = String::new();
        html.feed("<script>", &mut out);
        assert!(html.hides_text());
        html.feed("</script>", &mut out);
        assert!(!html.hides_text());
        assert_eq!(out, "");
    }
}
