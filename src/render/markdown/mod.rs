//! A post rendered for one width: pulldown-cmark events (CommonMark, plus GFM tables,
//! footnotes, strikethrough and task lists, heading attributes and smart punctuation) become
//! styled lines, with the headings (for the table of contents) and the links collected on the way.
//!
//! The writer is shaped like pulldown-cmark's own `html.rs`: a struct walking the event stream
//! with `start_tag`/`end_tag`. Inline text collects in `inline` and is wrapped when its block
//! ends, under the prefixes of the blocks it sits in (quote bars, list indents). Footnote
//! definitions are rendered aside and placed at the end, then the list of links.

mod anchors;
mod callouts;
mod embeds;
mod header;
pub mod images;
mod lines;
mod table;
mod tags;

use crate::content::anchors::{Anchors, slug};
use anchors::level_number;
use table::{MAX_TABLE_COLUMNS, TableBuf};

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::highlight::{CodeBlock, CodeColours, code_lines};
use super::html::HtmlText;
use super::html_block::{Mark, Part};
use crate::content::callouts::is_mark;
use crate::content::templates::{DIM_CLOSE, DIM_OPEN};
use crate::content::{DateSource, Format, Post};
use crate::library::embeds::Embeds;
use crate::library::linkcheck::BrokenLink;
use crate::text::{
    cut_spans, expand_tabs, fit_spans, join_spans, longest_word, styled_row, width, wrap_spans,
    wrap_text,
};
use crate::theme::Theme;
use images::ImageRef;

/// A post rendered for one width: what the article pane scrolls through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Every line, at most the render width in display columns (code lines are cut, with `›`).
    pub lines: Vec<Line<'static>>,
    /// The post's headings in order, for the table of contents.
    pub headings: Vec<Heading>,
    /// The post's links, numbered from 1 in order of appearance.
    pub links: Vec<Link>,
    /// Where link text landed in `lines`, in line order, so the pane can make it clickable.
    pub link_spans: Vec<LinkSpan>,
    /// Code blocks with a language that are shown plain because the [`CodeColours`] given had
    /// nothing for them yet: colour them ([`super::highlight::colour`]) and render again.
    pub uncoloured: Vec<CodeBlock>,
    /// Lines of code blocks and tables wider than the width, whole, in line order: `lines`
    /// holds them cut (ending in `›`), and the pane scrolls these sideways.
    pub wide: Vec<WideLine>,
    /// The source map: for each of `lines`, the 1-based line of the post's file it was
    /// rendered from (0 for lines of no line: the list of links at the end). A block's lines
    /// map to the line it starts on; a code block's and a table's lines each to their own. The
    /// header maps to line 1.
    pub source: Vec<u32>,
    /// The images the post names, in line order (the header image first), each with the line
    /// its picture goes before ([`images`]).
    pub images: Vec<ImageRef>,
    /// The foldable callouts (`> [!tip]- Title`), in order (see `callouts.rs`).
    pub folds: Vec<Fold>,
}

/// A foldable callout of a rendered post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// The file line (1-based) of its title, which names it in
    /// [`crate::render::RenderOptions::toggled_callouts`].
    pub source: u32,
    /// Whether its body is shown.
    pub open: bool,
}

/// A line of a code block or a table wider than the render width, whole.
#[derive(Debug, Clone, PartialEq)]
pub struct WideLine {
    /// Index into [`Document::lines`] of its cut version.
    pub line: usize,
    /// The whole line, its prefix (quote bars, list indents) included.
    pub full: Line<'static>,
    /// Display columns of the prefix, which stays put while the rest scrolls.
    pub fixed: usize,
    /// Display columns of `full`.
    pub columns: usize,
}

impl Document {
    /// The file line (1-based) line `line` of the document was rendered from, or of the
    /// nearest line above it that has one; `None` when none does.
    pub fn source_line(&self, line: usize) -> Option<u32> {
        let upto = self
            .source
            .get(..=line.min(self.source.len().saturating_sub(1)))?;
        upto.iter().rev().copied().find(|&l| l > 0)
    }

    /// The widest of the [`Document::wide`] lines, in display columns (0 when none).
    pub fn widest(&self) -> usize {
        self.wide.iter().map(|w| w.columns).max().unwrap_or(0)
    }

    /// The whole version of line `line`, if it is one of the wide lines.
    pub fn wide_line(&self, line: usize) -> Option<&WideLine> {
        let at = self.wide.partition_point(|w| w.line < line);
        self.wide.get(at).filter(|w| w.line == line)
    }
}

/// One heading of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#` through 6 for `######`.
    pub level: u8,
    /// The heading's text, without markup.
    pub text: String,
    /// The heading anchor (slug), as GitHub makes it: lower case, spaces to `-`, punctuation
    /// dropped, `-1`, `-2`... added to repeats. A `{#id}` heading attribute wins.
    pub anchor: String,
    /// Index into [`Document::lines`] of the heading's first line.
    pub line: usize,
}

/// A link target, shown as `[number]` after its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub number: usize,
    pub text: String,
    /// The destination as written (sanitized: no control characters).
    pub url: String,
}

/// A piece of link text on one line: display columns `column..column + width` of line `line`
/// belong to link `link` (an index into [`Document::links`]). A link wrapped over two lines
/// has two pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkSpan {
    pub line: usize,
    pub column: u16,
    pub width: u16,
    pub link: usize,
}

/// Renders `post` (header, then body) for a pane `width` columns wide (at least 1), its code
/// blocks in the colours `colours` has for them (none when the theme has no colour).
pub fn render_post(post: &Post, width: u16, theme: &Theme, colours: &CodeColours) -> Document {
    render_post_checked(post, width, theme, colours, &[])
}

/// [`render_post`], with the post's links and images in `broken` (found by
/// [`crate::library::linkcheck`]; matched by destination) marked: `⚠` after the link's number
/// or the image, and why it is broken in the link list at the end, in the theme's warning style.
pub fn render_post_checked(
    post: &Post,
    width: u16,
    theme: &Theme,
    colours: &CodeColours,
    broken: &[BrokenLink],
) -> Document {
    let options = crate::render::RenderOptions {
        width,
        theme,
        colours,
        broken,
        embeds: &crate::library::embeds::NO_EMBEDS,
        toggled_callouts: &[],
    };
    render_with(post, &options)
}

/// Renders `post` by `options`: [`render_post_checked`], with the notes it embeds shown under
/// their links ([`crate::library::embeds`]).
pub fn render_with(post: &Post, options: &crate::render::RenderOptions<'_>) -> Document {
    let mut writer = Writer::with(options);
    writer.host = Some(std::sync::Arc::clone(&post.path));
    writer.tags = post.tags.iter().map(|t| t.key.to_string()).collect();
    writer.header(post);
    match post.format {
        Format::Markdown => writer.markdown(
            &crate::content::dialects::expand(post.text()),
            post.body_line,
        ),
        Format::PlainText => writer.plain_text(post.text(), post.body_line),
    }
    writer.finish()
}

/// Put after a broken link's number (and after a broken image) in the theme's warning style.
pub const BROKEN_MARK: &str = "⚠";

/// The end of a long post alone (see [`crate::render::tail_of`]), for a pane `width` columns
/// wide: no header, links numbered after those before it, and the whole post's list of links.
pub fn render_tail(
    tail: &crate::render::Tail,
    options: &crate::render::RenderOptions<'_>,
) -> Document {
    let mut writer = Writer::with(options);
    writer.host = Some(std::sync::Arc::clone(&tail.path));
    writer.tags.clone_from(&tail.tags);
    writer.links = (tail.links_before.iter().enumerate())
        .map(|(i, url)| Link {
            number: i + 1,
            text: String::new(),
            url: url.clone(),
        })
        .collect();
    writer.markdown(&tail.text, tail.first_line);
    writer.finish()
}

/// The destination of what `tag` opens when the renderer numbers it as a link: a link, or an
/// embedded note or file (`![[Note#Heading]]`, shown as a link marked `↳`); `None` for any
/// other tag, a picture included.
pub(crate) fn numbered_link<'a>(tag: &'a Tag<'_>) -> Option<&'a str> {
    match tag {
        Tag::Link { dest_url, .. } => Some(dest_url),
        Tag::Image {
            dest_url,
            link_type: pulldown_cmark::LinkType::WikiLink { .. },
            ..
        } if crate::content::vault::embed_is_link(dest_url) => Some(dest_url),
        _ => None,
    }
}

/// The parser options the renderer reads posts with.
pub(crate) fn options() -> Options {
    crate::content::dialects::PARSE_OPTIONS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_MATH
}

/// Template tags that static site generators expand and we show as written, dimmed: Hugo
/// shortcodes (`{{< … >}}`, `{{% … %}}`), and Liquid/Nunjucks/Jinja tags and output
/// (`{% … %}`, `{{ … }}`). Openers with the closer they wait for, longest opener first.
const TEMPLATE_TAGS: &[(&str, &str)] =
    &[("{{<", ">}}"), ("{{%", "%}}"), ("{{", "}}"), ("{%", "%}")];

/// Blocks nested deeper than this draw no bar or indent of their own: their text sits at the
/// depth of the last one drawn, under the innermost item's marker. Past it the prefixes would
/// leave no room for text anyway, and drawing each level on each line costs depth × lines (a
/// post nesting 5,000 lists took over a second).
pub const MAX_DRAWN_NESTING: usize = 16;

/// See [`Writer::shown_instead`].
#[derive(Debug)]
enum ShownInstead {
    /// The link's text, always.
    Link(String),
    /// The picture's file name, when its text is a size (`300`, `300x200`).
    SizeBy(String),
}

#[derive(Debug)]
enum Block {
    /// A quote, and the style of its bar (a callout's is its tone's).
    Quote(Style),
    /// A list item, or anything else with a hanging marker (a footnote definition, a heading,
    /// an entry of the link list): the marker (`• `, `12. `, `[^1] `, `## `) is drawn, in its
    /// style, on the first line only; later lines are indented by the marker's width.
    Item {
        marker: String,
        style: Style,
        indent: usize,
        first: bool,
    },
}

/// Lines rendered so far in one place: the body, or a footnote definition set aside.
#[derive(Default)]
struct Output {
    lines: Vec<Line<'static>>,
    link_spans: Vec<LinkSpan>,
    wide: Vec<WideLine>,
    /// The source map of `lines` (see [`Document::source`]), one entry per line.
    source: Vec<u32>,
    /// The images whose blocks ended in `lines` (see [`Document::images`]).
    images: Vec<ImageRef>,
}

/// A footnote definition, rendered, waiting for the end of the post.
struct Footnote {
    number: usize,
    output: Output,
}

/// A footnote definition being rendered: its number, and the body's output and owed gap,
/// set aside until it ends.
struct OpenFootnote {
    number: usize,
    body: Output,
    gap: bool,
}

struct Writer<'t> {
    width: usize,
    theme: &'t Theme,
    colours: &'t CodeColours,
    /// The post's broken links and images, to mark.
    broken: &'t [BrokenLink],
    uncoloured: Vec<CodeBlock>,
    out: Output,
    headings: Vec<Heading>,
    /// Every anchor given so far, and for each base the next suffix to try: so 10,000
    /// headings cost 10,000 look-ups, not 10,000².
    anchors: Anchors,
    links: Vec<Link>,
    /// Inline text of the block being built.
    inline: Vec<Span<'static>>,
    /// Link text in `inline`: span index range and index into `links`.
    inline_links: Vec<(Range<usize>, usize)>,
    /// Inline styles in force (emphasis, strong, link...), innermost last.
    styles: Vec<Style>,
    blocks: Vec<Block>,
    /// Per open list: the next number, `None` for a bullet list.
    lists: Vec<Option<u64>>,
    /// A blank line is owed before the next block.
    gap: bool,
    /// Level and `{#id}` attribute of the heading being read.
    heading: Option<(u8, Option<String>)>,
    /// The fenced or indented code block being read: its info string and text.
    code: Option<(String, String)>,
    /// The text of the raw HTML block being read (tags already stripped).
    html_block: Option<String>,
    html: HtmlText,
    /// Open links: index into `links`, and where their text starts in `inline`.
    open_links: Vec<(usize, usize)>,
    /// Open images: their destination, shown after the alt text, and where the alt text
    /// starts in `inline`.
    open_images: Vec<(String, usize)>,
    /// Images (source, alt text) of the block being built: noted in `out.images` when its
    /// lines are (see `flush`).
    block_images: Vec<(String, String)>,
    table: Option<TableBuf>,
    /// The closer of the template tag being shown (`>}}`, `%}`), if inside one.
    template_tag: Option<&'static str>,
    /// What the next text shows instead of what it says: a wikilink's note and heading
    /// (`Note › Heading` for `[[Note#Heading]]`), or an embedded picture's file name for its
    /// size (`![[a.png|300]]`).
    shown_instead: Option<ShownInstead>,
    /// Per open image: the target of an embedded note or file (`![[Note]]`), shown as a link;
    /// `None` for a picture.
    open_embeds: Vec<Option<String>>,
    /// The notes the post embeds, shown under their links (see `embeds.rs`).
    embeds: &'t Embeds,
    /// The embeds of the paragraph being read, to show after it.
    pending_embeds: Vec<String>,
    /// File lines of the foldable callouts shown the other way from how they are written.
    toggled_callouts: &'t [u32],
    folds: Vec<Fold>,
    folding: callouts::Folding,
    /// The post rendered, and the notes being shown embedded in it, outermost first: a note is
    /// never shown inside itself.
    host: Option<std::sync::Arc<std::path::Path>>,
    embedding: Vec<std::sync::Arc<std::path::Path>>,
    /// The post's tags (their keys): a `#tag` in the text that is one of them is shown as a tag.
    tags: Vec<String>,
    /// A soft line break after a wide character, not yet shown (see `soft_break`).
    cjk_break: bool,
    /// Footnote numbers by label, in order of first reference (or definition).
    footnote_numbers: HashMap<String, usize>,
    footnotes: Vec<Footnote>,
    /// The footnote definition being rendered into `out`, with the body's output set aside.
    open_footnote: Option<OpenFootnote>,
    /// The file line (1-based) of the block being rendered, for the source map; 0 for none.
    at: u32,
    /// Whether the code block being read is fenced (its code starts a line below `at`).
    code_fenced: bool,
    /// The file lines of the Markdown being read, by byte offset.
    lines: crate::text::LineIndex,
}

impl<'t> Writer<'t> {
    /// A writer by `options`: for a pane `options.width` columns wide (at least 1), marking the
    /// broken links, showing the embedded notes.
    fn with(options: &crate::render::RenderOptions<'t>) -> Self {
        Writer {
            broken: options.broken,
            embeds: options.embeds,
            toggled_callouts: options.toggled_callouts,
            ..Writer::new(
                usize::from(options.width).max(1),
                options.theme,
                options.colours,
            )
        }
    }

    pub(super) fn new(width: usize, theme: &'t Theme, colours: &'t CodeColours) -> Self {
        Writer {
            width,
            theme,
            colours,
            broken: &[],
            uncoloured: Vec::new(),
            out: Output::default(),
            headings: Vec::new(),
            anchors: Anchors::default(),
            links: Vec::new(),
            inline: Vec::new(),
            inline_links: Vec::new(),
            styles: Vec::new(),
            blocks: Vec::new(),
            lists: Vec::new(),
            gap: false,
            heading: None,
            code: None,
            html_block: None,
            html: HtmlText::default(),
            open_links: Vec::new(),
            open_images: Vec::new(),
            block_images: Vec::new(),
            table: None,
            template_tag: None,
            shown_instead: None,
            open_embeds: Vec::new(),
            toggled_callouts: &[],
            folds: Vec::new(),
            folding: callouts::Folding::No,
            embeds: &crate::library::embeds::NO_EMBEDS,
            pending_embeds: Vec::new(),
            host: None,
            embedding: Vec::new(),
            tags: Vec::new(),
            cjk_break: false,
            footnote_numbers: HashMap::new(),
            footnotes: Vec::new(),
            open_footnote: None,
            at: 1,
            code_fenced: false,
            lines: crate::text::LineIndex::default(),
        }
    }

    /// Renders `body`, Markdown whose first line is line `body_line` of the file.
    pub(super) fn markdown(&mut self, body: &str, body_line: usize) {
        self.lines = crate::text::LineIndex::new(body, body_line.max(1));
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            // A block's lines map to the line it starts on: what is pending of the block
            // before it is put out first.
            match &event {
                Event::Start(
                    Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::Table(_)
                    | Tag::FootnoteDefinition(_)
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition,
                )
                | Event::Rule
                    if self.code.is_none() && self.html_block.is_none() =>
                {
                    self.flush();
                    self.at = self.lines.line(range.start);
                }
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    let line = self.lines.line(range.start);
                    if let Some(table) = &mut self.table {
                        table.row_lines.push(line);
                    }
                }
                _ => {}
            }
            let source = body.get(range).unwrap_or_default();
            self.event(event, source);
        }
    }

    pub(super) fn finish(mut self) -> Document {
        self.flush();
        self.close_footnote();
        if !self.footnotes.is_empty() {
            // The footnotes' lines keep the lines of their definitions (see `append`).
            self.gap = true;
            self.push_inline("Footnotes", self.theme.dim);
            self.flush();
            let mut footnotes = std::mem::take(&mut self.footnotes);
            footnotes.sort_by_key(|f| f.number);
            for footnote in footnotes {
                self.append(footnote.output);
            }
        }
        if !self.links.is_empty() {
            // Gathered from all over the post: of no one line.
            self.at = 0;
            self.gap = true;
            self.push_inline("Links", self.theme.dim);
            self.flush();
            let links = std::mem::take(&mut self.links);
            for link in &links {
                self.push_item(format!("[{}] ", link.number), self.theme.link_number);
                self.push_inline(&link.url, self.theme.link);
                if let Some(broken) = self.broken_at(&link.url) {
                    let why = format!(" ⚠ {}", broken.reason);
                    self.push_inline(&why, self.theme.warning);
                }
                self.flush();
                self.blocks.pop();
            }
            self.links = links;
        }
        Document {
            lines: self.out.lines,
            headings: self.headings,
            links: self.links,
            link_spans: self.out.link_spans,
            uncoloured: self.uncoloured,
            wide: self.out.wide,
            source: self.out.source,
            images: self.out.images,
            folds: self.folds,
        }
    }

    /// Appends lines rendered aside (a footnote) to the output, moving their link spans along.
    pub(super) fn append(&mut self, aside: Output) {
        let shift = self.out.lines.len();
        self.out
            .link_spans
            .extend(aside.link_spans.into_iter().map(|s| LinkSpan {
                line: s.line + shift,
                ..s
            }));
        self.out
            .wide
            .extend(aside.wide.into_iter().map(|w| WideLine {
                line: w.line + shift,
                ..w
            }));
        self.out
            .images
            .extend(aside.images.into_iter().map(|i| ImageRef {
                line: i.line + shift,
                ..i
            }));
        self.out.lines.extend(aside.lines);
        self.out.source.extend(aside.source);
    }

    pub(super) fn event(&mut self, event: Event<'_>, source: &str) {
        // A folded callout's body is not shown (see `callouts.rs`).
        if self.folded_away(&event) {
            return;
        }
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        if let Some(block) = &mut self.html_block {
            match event {
                Event::Html(html) | Event::Text(html) => block.push_str(&html),
                Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
                _ => {}
            }
            return;
        }
        if self.template_tag.is_some() {
            match event {
                Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => {
                    return self.text(source, source);
                }
                Event::SoftBreak => return self.text(" ", " "),
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => self.start_tag(tag),
            Event::End(tag) => self.end_tag(tag),
            Event::Text(text) if text.starts_with(is_mark) => self.callout_title(&text),
            Event::Text(text) => match self.shown_instead.take() {
                Some(ShownInstead::Link(shown)) => self.text(&shown, &shown),
                Some(ShownInstead::SizeBy(name))
                    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == 'x') =>
                {
                    self.text(&name, &name);
                }
                _ if self.template_tag.is_none()
                    && self.open_links.is_empty()
                    && (text.contains("==") || text.contains('#')) =>
                {
                    self.marked_text(&text, source);
                }
                _ => self.text(&text, source),
            },
            Event::Code(code) => {
                let style = self.style().patch(self.theme.inline_code);
                self.push_inline(&code, style);
            }
            Event::InlineMath(math) => match crate::render::math::to_unicode(&math) {
                Some(shown) => self.push_inline(&shown, self.style().patch(self.theme.emphasis)),
                None => self.push_inline(&math, self.style().patch(self.theme.dim)),
            },
            Event::DisplayMath(math) => self.display_math(&math),
            Event::Html(html) | Event::InlineHtml(html) => {
                let mut text = String::new();
                self.html.feed(&html, &mut text);
                let text = text.trim_end_matches('\n');
                self.push_inline(text, self.style());
                if html.trim_start().to_ascii_lowercase().starts_with("<br") {
                    self.inline.push(Span::raw("\n"));
                }
            }
            Event::SoftBreak => self.soft_break(),
            Event::HardBreak => self.inline.push(Span::raw("\n")),
            Event::Rule => {
                self.flush();
                self.open_block();
                let mut spans = self.prefix();
                spans.push(Span::styled("─".repeat(self.available()), self.theme.rule));
                self.push_line(spans);
                self.gap = true;
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "[x] " } else { "[ ] " };
                self.inline.push(Span::styled(mark, self.theme.list_marker));
            }
            Event::FootnoteReference(label) => {
                let number = self.footnote_number(&label);
                let text = format!("[^{number}]");
                self.inline.push(Span::styled(text, self.theme.link_number));
            }
        }
    }
}

#[cfg(test)]
mod tests;
