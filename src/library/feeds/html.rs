//! A feed entry's HTML made safe and bounded before it becomes Markdown or plain text.
//!
//! A feed is written by someone else, and what it holds is converted on our threads: so no step
//! after the download may take more than the input's size allows, nor recurse on its depth, nor
//! keep anything a browser would not show as text.
//!
//! 1. [`bounded`]: one pass of html5ever's tokenizer (no tree, no recursion) writes the HTML
//!    again with at most [`MAX_DEPTH`] elements open (deeper tags are dropped, their text kept)
//!    and at most [`MAX_ELEMENTS`] elements in all (after which only text is kept), from at most
//!    [`MAX_HTML_BYTES`] of input. A 10 MiB entry of nested tables or 1.2 million `<b>` tags
//!    is then a small tree.
//! 2. [`sanitized`]: ammonia's allow-list, as a browser-grade sanitizer decides: `<script>`,
//!    `<style>` and their text, event handlers and every link or image target that is not
//!    `http`, `https` or `mailto` (`javascript:`, `vbscript:`, `data:`) are removed.
//! 3. Then htmd (Markdown) or html2text (plain text) read a tree they cannot be hurt by.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// How many elements may be open at once; deeper ones lose their tags, not their text (the
/// renderer, too, keeps 16 levels of lists and quotes).
pub const MAX_DEPTH: usize = 24;

/// How many elements an entry keeps in all; the text after the last is kept without markup.
pub const MAX_ELEMENTS: usize = 20_000;

/// How many bytes of an entry's HTML are read: a feed's own cap on the wire
/// ([`super::MAX_FEED_BYTES`]), so nothing that came is cut; it bounds a feed fetched with a
/// larger cap. A 10 MiB entry converts in ~0.5 s at a 66 MiB peak (`benches/fetch_feeds.py`).
pub const MAX_HTML_BYTES: usize = 10 * 1024 * 1024;

/// Elements with no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// `html` written again with its depth, its element count and its length bounded (see the
/// module documentation); comments, doctypes and NUL characters are dropped, text and attribute
/// values are escaped (html-escape).
/// Linear in the input, never recursive.
pub fn bounded(html: &str) -> String {
    let html = cut(html, MAX_HTML_BYTES);
    let sink = Flatten {
        out: RefCell::new(String::with_capacity(html.len() + 16)),
        open: RefCell::new(Vec::new()),
        kept_open: Cell::new(0),
        elements: Cell::new(0),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let mut out = sink.out.into_inner();
    for (name, kept) in sink.open.into_inner().into_iter().rev() {
        if kept {
            out.push_str(&format!("</{name}>"));
        }
    }
    out
}

/// `html` through ammonia's allow-list: no scripts, styles, event handlers or targets other
/// than `http`, `https` and `mailto`. Relative targets are kept (the feed's own pages).
pub fn sanitized(html: &str) -> String {
    thread_local! {
        static CLEANER: ammonia::Builder<'static> = {
            let mut builder = ammonia::Builder::default();
            builder
                .url_schemes(HashSet::from(["http", "https", "mailto"]))
                .link_rel(None)
                .add_clean_content_tags(["noscript", "template"]);
            builder
        };
    }
    CLEANER.with(|cleaner| cleaner.clean(html).to_string())
}

/// The first `max` bytes of `text`, cut at a character boundary.
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The tokenizer's sink: writes the HTML again as it comes, bounded.
struct Flatten {
    out: RefCell<String>,
    /// Elements open, with whether their tags were kept.
    open: RefCell<Vec<(String, bool)>>,
    /// How many of `open` were kept: the output's depth.
    kept_open: Cell<usize>,
    /// Elements written so far.
    elements: Cell<usize>,
}

impl TokenSink for Flatten {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag if name == "iframe" => {
                        // An embedded player is a link to what it plays (a sanitizer drops
                        // the frame); its own text is a browser's fallback and stays text.
                        let src = tag.attrs.iter().find(|a| &*a.name.local == "src");
                        if let Some(src) = src.filter(|_| self.elements.get() < MAX_ELEMENTS) {
                            self.elements.set(self.elements.get() + 1);
                            let mut out = self.out.borrow_mut();
                            out.push_str("<p><a href=\"");
                            html_escape::encode_double_quoted_attribute_to_string(
                                &src.value, &mut out,
                            );
                            out.push_str("\">");
                            html_escape::encode_text_to_string(&src.value, &mut out);
                            out.push_str("</a></p>");
                        }
                        self.open.borrow_mut().push((name, false));
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    TagKind::StartTag => {
                        let void = VOID.contains(&name.as_str());
                        let keep =
                            self.kept_open.get() < MAX_DEPTH && self.elements.get() < MAX_ELEMENTS;
                        if keep {
                            self.elements.set(self.elements.get() + 1);
                            let mut out = self.out.borrow_mut();
                            out.push('<');
                            out.push_str(&name);
                            for attribute in &tag.attrs {
                                out.push(' ');
                                out.push_str(&attribute.name.local);
                                out.push_str("=\"");
                                html_escape::encode_double_quoted_attribute_to_string(
                                    &attribute.value,
                                    &mut out,
                                );
                                out.push('"');
                            }
                            out.push('>');
                        }
                        if !void && !tag.self_closing {
                            self.open.borrow_mut().push((name.clone(), keep));
                            if keep {
                                self.kept_open.set(self.kept_open.get() + 1);
                            }
                        }
                        // As a browser's tree builder does: these hold text, not markup.
                        return match name.as_str() {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "xmp" | "noembed" | "noframes" => {
                                TokenSinkResult::RawData(RawKind::Rawtext)
                            }
                            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                            "plaintext" => TokenSinkResult::Plaintext,
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag => {
                        let mut open = self.open.borrow_mut();
                        if let Some(at) = open.iter().rposition(|(n, _)| *n == name) {
                            let mut out = self.out.borrow_mut();
                            for (closed, kept) in open.drain(at..).rev() {
                                if kept {
                                    out.push_str("</");
                                    out.push_str(&closed);
                                    out.push('>');
                                    self.kept_open.set(self.kept_open.get() - 1);
                                }
                            }
                        }
                    }
                }
            }
            Token::CharacterTokens(text) => {
                html_escape::encode_text_to_string(&text, &mut self.out.borrow_mut());
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_flattened_and_its_text_kept() {
        let depth = 100_000;
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let out = bounded(&html);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("deep text"));
        // Unclosed tags are closed at the end.
        let open = bounded(&"<table><tr><td>".repeat(50));
        assert_eq!(open.matches('<').count(), 2 * MAX_DEPTH, "{open}");
    }

    #[test]
    fn markup_past_the_element_cap_keeps_only_its_text() {
        let html = "<b>x</b>".repeat(MAX_ELEMENTS + 10);
        let out = bounded(&html);
        assert_eq!(out.matches("<b>").count(), MAX_ELEMENTS);
        assert_eq!(out.matches('x').count(), MAX_ELEMENTS + 10);
    }

    #[test]
    fn script_text_stays_inside_its_script_and_is_then_removed() {
        let html = r#"<p onclick="steal()">Hi <a href="javascript:alert(1)">there</a><script>if (a<b) { x("</p>") }</script><style>p{}</style> <a href="https://ok.example/?a=1&amp;b=2">ok</a> <img src="data:image/png;base64,AAAA"><a href="vbscript:x">v</a></p>"#;
        let clean = sanitized(&bounded(html));
        assert!(!clean.contains("steal"), "{clean}");
        assert!(
            !clean.contains("javascript") && !clean.contains("vbscript"),
            "{clean}"
        );
        assert!(
            !clean.contains("if (a") && !clean.contains("p{}"),
            "{clean}"
        );
        assert!(!clean.contains("data:"), "{clean}");
        assert!(
            clean.contains(r#"href="https://ok.example/?a=1&amp;b=2""#),
            "{clean}"
        );
        assert!(
            clean.contains("Hi ") && clean.contains("there") && clean.contains('v'),
            "{clean}"
        );
    }

    #[test]
    fn an_embedded_player_becomes_a_link_to_it() {
        let html = r#"<p>Watch:</p><iframe src="https://video.example/embed/1?a=1&amp;b=2">no frames</iframe><p>after</p>"#;
        let clean = sanitized(&bounded(html));
        assert!(
            clean.contains(r#"<a href="https://video.example/embed/1?a=1&amp;b=2">"#),
            "{clean}"
        );
        assert!(clean.contains("after"), "{clean}");
    }

    #[test]
    fn text_that_looks_like_markup_stays_text() {
        let out = bounded("a &lt;blink&gt; c &amp; d");
        assert_eq!(out, "a &lt;blink&gt; c &amp; d");
        assert_eq!(cut("añb", 2), "a");
    }
}
