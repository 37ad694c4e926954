//! A post rendered for one width: pulldown-cmark events (CommonMark, plus GFM tables,
//! footnotes, strikethrough and task lists, heading attributes and smart punctuation) become
//! styled lines, with the headings (for the table of contents) and the links collected on the way.
//!
//! The writer is shaped like pulldown-cmark's own `html.rs`: a struct walking the event stream
//! with `start_tag`/`end_tag`. Inline text collects in `inline` and is wrapped when its block
//! ends, under the prefixes of the blocks it sits in (quote bars, list indents). Footnote
//! definitions are rendered aside and placed at the end, then the list of links.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::highlight::{CodeBlock, CodeColours, code_lines};
use super::html::HtmlText;
use crate::content::{DateSource, Format, Post};
use crate::text::{
    cut_spans, expand_tabs, fit_spans, join_spans, longest_word, sanitize, styled_row, width,
    wrap_spans, wrap_text,
};
use crate::theme::Theme;

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
    let mut writer = Writer::new(usize::from(width).max(1), theme, colours);
    writer.header(post);
    match post.format {
        Format::Markdown => writer.markdown(&crate::content::shortcodes::expand(&post.body)),
        Format::PlainText => writer.plain_text(&post.body, &post.title),
    }
    writer.finish()
}

/// The parser options the renderer reads posts with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
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

#[derive(Debug)]
enum Block {
    Quote,
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

/// A table keeps at most this many columns; the rest are counted under it. Past it every cell
/// would be a column or two wide at any terminal width, and sizing columns costs columns × rows
/// (a 5,000-column table took 5 s and 900 MB).
pub const MAX_TABLE_COLUMNS: usize = 64;

struct TableBuf {
    aligns: Vec<Alignment>,
    /// The most cells a row had past [`MAX_TABLE_COLUMNS`].
    hidden: usize,
    /// Cells of the current row so far, kept or not.
    cells: usize,
    rows: Vec<Vec<Vec<Span<'static>>>>,
    row: Vec<Vec<Span<'static>>>,
}

/// Lines rendered so far in one place: the body, or a footnote definition set aside.
#[derive(Default)]
struct Output {
    lines: Vec<Line<'static>>,
    link_spans: Vec<LinkSpan>,
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
    /// Open images: their destination, shown after the alt text.
    open_images: Vec<String>,
    table: Option<TableBuf>,
    /// The closer of the template tag being shown (`>}}`, `%}`), if inside one.
    template_tag: Option<&'static str>,
    /// A soft line break after a wide character, not yet shown (see `soft_break`).
    cjk_break: bool,
    /// Footnote numbers by label, in order of first reference (or definition).
    footnote_numbers: HashMap<String, usize>,
    footnotes: Vec<Footnote>,
    /// The footnote definition being rendered into `out`, with the body's output set aside.
    open_footnote: Option<OpenFootnote>,
}

impl<'t> Writer<'t> {
    fn new(width: usize, theme: &'t Theme, colours: &'t CodeColours) -> Self {
        Writer {
            width,
            theme,
            colours,
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
            table: None,
            template_tag: None,
            cjk_break: false,
            footnote_numbers: HashMap::new(),
            footnotes: Vec::new(),
            open_footnote: None,
        }
    }

    /// Title, then date · tags · source, description, header image and diagnostics, then a rule.
    fn header(&mut self, post: &Post) {
        let theme = self.theme;
        self.push_inline(&post.title, theme.title);
        self.flush();
        let mut meta = Vec::new();
        if let Some(date) = post.date {
            meta.push(match date.source {
                DateSource::Modified => format!("{} (file date)", date.date),
                DateSource::FrontMatter | DateSource::Path => date.date.to_string(),
            });
        }
        if !post.tags.is_empty() {
            let tags: Vec<String> = post.tags.iter().map(|t| format!("#{}", t.name)).collect();
            meta.push(tags.join(" "));
        }
        if let Some(source) = &post.meta.source {
            meta.push(source.clone());
        }
        if post.meta.draft {
            meta.push("draft".to_string());
        }
        if !meta.is_empty() {
            self.push_inline(&meta.join(" · "), theme.meta);
            self.flush();
        }
        if let Some(description) = &post.meta.description {
            self.gap = true;
            self.push_inline(description, theme.description);
            self.flush();
        }
        if let Some(img) = &post.meta.img {
            let alt = post.meta.alt.as_deref().unwrap_or("header image");
            self.gap = true;
            self.push_inline(&format!("[image: {alt}] {img}"), theme.dim);
            self.flush();
        }
        for diagnostic in &post.diagnostics {
            self.gap = true;
            self.push_inline(&diagnostic.at(&post.path), theme.diagnostic);
            self.flush();
        }
        self.out
            .lines
            .push(Line::styled("─".repeat(self.width), theme.rule));
        self.gap = true;
    }

    fn markdown(&mut self, body: &str) {
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            let source = body.get(range).unwrap_or_default();
            self.event(event, source);
        }
    }

    /// Plain text, line for line: each line wrapped to the width on its own, blank lines kept,
    /// nothing read as markup. The first line is left out when it is the title shown above.
    fn plain_text(&mut self, body: &str, title: &str) {
        let mut lines = body.lines().skip_while(|l| l.trim().is_empty()).peekable();
        if lines
            .peek()
            .is_some_and(|first| first.split_whitespace().eq(title.split_whitespace()))
        {
            lines.next();
        }
        self.open_block();
        let mut blank = true;
        for line in lines {
            if line.trim().is_empty() {
                // Runs of blank lines read as one gap, as between paragraphs.
                if !blank {
                    self.out.lines.push(Line::default());
                }
                blank = true;
                continue;
            }
            blank = false;
            let text = sanitize(&expand_tabs(line.trim_end())).into_owned();
            for row in wrap_spans(&[Span::raw(text)], self.width) {
                self.push_line(row);
            }
        }
    }

    fn finish(mut self) -> Document {
        self.flush();
        self.close_footnote();
        if !self.footnotes.is_empty() {
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
            self.gap = true;
            self.push_inline("Links", self.theme.dim);
            self.flush();
            let links = std::mem::take(&mut self.links);
            for link in &links {
                self.push_item(format!("[{}] ", link.number), self.theme.link_number);
                self.push_inline(&link.url, self.theme.link);
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
        }
    }

    /// Appends lines rendered aside (a footnote) to the output, moving their link spans along.
    fn append(&mut self, aside: Output) {
        let shift = self.out.lines.len();
        self.out
            .link_spans
            .extend(aside.link_spans.into_iter().map(|s| LinkSpan {
                line: s.line + shift,
                ..s
            }));
        self.out.lines.extend(aside.lines);
    }

    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, patch: Style) {
        let style = self.style().patch(patch);
        self.styles.push(style);
    }

    /// Adds `text` to the inline text, sanitized, in `style`.
    fn push_inline(&mut self, text: &str, style: Style) {
        if !text.is_empty() {
            self.inline
                .push(Span::styled(sanitize(text).into_owned(), style));
        }
    }

    /// Text in the current style, with template tags found in it dimmed. `source` is what the
    /// text was parsed from: inside a template tag it is shown instead, so smart punctuation
    /// and escapes do not change what the tag says.
    fn text(&mut self, text: &str, source: &str) {
        if self.html.hides_text() {
            return;
        }
        if std::mem::take(&mut self.cjk_break) && !text.chars().next().is_some_and(is_wide) {
            self.push_inline(" ", self.style());
        }
        let mut rest = if self.template_tag.is_some() {
            source
        } else {
            text
        };
        while !rest.is_empty() {
            match self.template_tag {
                Some(closer) => {
                    let found = rest.find(closer);
                    let end = found.map_or(rest.len(), |at| at + closer.len());
                    let style = self.style().patch(self.theme.dim);
                    self.push_inline(&rest[..end], style);
                    if found.is_some() {
                        self.template_tag = None;
                    }
                    rest = &rest[end..];
                }
                None => {
                    let found = rest.find('{').and_then(|at| {
                        TEMPLATE_TAGS
                            .iter()
                            .find(|(open, _)| rest[at..].starts_with(open))
                            .map(|&(_, close)| (at, close))
                    });
                    let Some((at, closer)) = found else {
                        self.push_inline(rest, self.style());
                        return;
                    };
                    let skip = at + 1;
                    self.push_inline(&rest[..at], self.style());
                    self.template_tag = Some(closer);
                    // The opener itself is dimmed with what follows it.
                    let style = self.style().patch(self.theme.dim);
                    self.push_inline(&rest[at..skip], style);
                    rest = &rest[skip..];
                }
            }
        }
    }

    fn event(&mut self, event: Event<'_>, source: &str) {
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
                Event::Html(html) | Event::Text(html) => self.html.feed(&html, block),
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
            Event::Text(text) => self.text(&text, source),
            Event::Code(code) => {
                let style = self.style().patch(self.theme.inline_code);
                self.push_inline(&code, style);
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                let style = self.style().patch(self.theme.inline_code);
                self.push_inline(&math, style);
            }
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

    /// A line break inside a paragraph: a space, except between two wide (CJK) characters,
    /// which Chinese and Japanese write without spaces (as browsers do, CSS Text 3 §4.1.2).
    fn soft_break(&mut self) {
        let after_wide = self
            .inline
            .last()
            .and_then(|s| s.content.chars().next_back())
            .is_some_and(is_wide);
        if after_wide {
            // Settled by the next text: a space only if it does not start wide.
            self.cjk_break = true;
        } else {
            self.text(" ", " ");
        }
    }

    /// The number of the footnote labelled `label`, given on first sight.
    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self
            .footnote_numbers
            .entry(label.to_string())
            .or_insert(next)
    }

    fn start_tag(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, id, .. } => {
                self.flush();
                self.heading = Some((level_number(level), id.map(|id| id.to_string())));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.open_block();
                self.blocks.push(Block::Quote);
                self.push_style(self.theme.quote_text);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => match self.lists.len() {
                        0 | 1 => "• ".to_string(),
                        2 => "◦ ".to_string(),
                        _ => "▪ ".to_string(),
                    },
                };
                self.push_item(marker, self.theme.list_marker);
            }
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strikethrough),
            Tag::Superscript | Tag::Subscript => self.push_style(Style::new()),
            Tag::Link { dest_url, .. } => {
                self.open_link(&dest_url);
                self.push_style(self.theme.link);
            }
            Tag::Image { dest_url, .. } => {
                self.open_images.push(dest_url.to_string());
                self.push_style(self.theme.dim);
                self.push_inline("[image: ", self.style());
            }
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(TableBuf {
                    aligns,
                    hidden: 0,
                    cells: 0,
                    rows: Vec::new(),
                    row: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.close_footnote();
                let number = self.footnote_number(&label);
                self.open_footnote = Some(OpenFootnote {
                    number,
                    body: std::mem::take(&mut self.out),
                    gap: self.gap,
                });
                self.gap = false;
                self.push_item(format!("[^{number}] "), self.theme.link_number);
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.flush(),
        }
    }

    /// Ends the footnote definition being rendered, if any: its lines are set aside for the
    /// end of the post and the body's output comes back.
    fn close_footnote(&mut self) {
        if let Some(open) = self.open_footnote.take() {
            self.flush();
            let output = std::mem::replace(&mut self.out, open.body);
            self.gap = open.gap;
            self.footnotes.push(Footnote {
                number: open.number,
                output,
            });
        }
    }

    fn push_item(&mut self, marker: String, style: Style) {
        let indent = width(&marker);
        self.blocks.push(Block::Item {
            marker,
            style,
            indent,
            first: true,
        });
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.template_tag = None;
                self.flush();
                self.gap = true;
            }
            TagEnd::Heading(_) => {
                self.template_tag = None;
                self.end_heading();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.blocks.pop();
                self.styles.pop();
                self.gap = true;
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {}
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                // A nested list ends inside its item: the item's next line follows directly.
                self.gap = !self.blocks.iter().any(|b| matches!(b, Block::Item { .. }));
            }
            TagEnd::Item => {
                self.flush();
                self.blocks.pop();
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                self.close_link();
            }
            TagEnd::Image => {
                let url = self.open_images.pop().unwrap_or_default();
                // No alt text: `[image]` rather than `[image: ]`.
                let close = if self.inline.last().is_some_and(|s| s.content == "[image: ") {
                    self.inline.pop();
                    "[image]"
                } else {
                    "]"
                };
                self.push_inline(&format!("{close} {url}"), self.style());
                self.styles.pop();
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                self.inline_links.clear();
                if let Some(table) = &mut self.table {
                    table.cells += 1;
                    if table.cells <= MAX_TABLE_COLUMNS {
                        table.row.push(cell);
                    } else {
                        table.hidden = table.hidden.max(table.cells - MAX_TABLE_COLUMNS);
                    }
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    let row = std::mem::take(&mut table.row);
                    table.rows.push(row);
                    table.cells = 0;
                }
            }
            TagEnd::Table => self.end_table(),
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.blocks.pop();
                self.close_footnote();
            }
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {
                self.flush();
                self.gap = true;
            }
        }
    }

    fn open_link(&mut self, url: &str) {
        let number = self.links.len() + 1;
        self.links.push(Link {
            number,
            text: String::new(),
            url: sanitize(url).into_owned(),
        });
        self.open_links.push((number - 1, self.inline.len()));
    }

    fn close_link(&mut self) {
        let Some((index, start)) = self.open_links.pop() else {
            return;
        };
        let start = start.min(self.inline.len());
        let text: String = self.inline[start..]
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        if let Some(link) = self.links.get_mut(index) {
            link.text = text;
        }
        self.inline_links.push((start..self.inline.len(), index));
        let number = format!("[{}]", index + 1);
        self.inline
            .push(Span::styled(number, self.theme.link_number));
    }

    fn end_heading(&mut self) {
        let (level, id) = self.heading.take().unwrap_or((1, None));
        let spans = std::mem::take(&mut self.inline);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        let text = text.trim().to_string();
        let anchor = match id {
            Some(id) => self.anchors.claim(sanitize(&id).into_owned()),
            None => self.anchors.unique(&slug(&text)),
        };
        let style = self.theme.heading[usize::from(level - 1).min(5)];
        self.inline.extend(
            spans
                .into_iter()
                .map(|s| Span::styled(s.content, s.style.patch(style))),
        );
        self.open_block();
        // A heading inside a footnote is not part of the post's outline.
        if self.open_footnote.is_none() {
            self.headings.push(Heading {
                level,
                text,
                anchor,
                line: self.out.lines.len(),
            });
        }
        // The `##` mark hangs: a wrapped heading's next lines start under its text.
        let mark = format!("{} ", "#".repeat(usize::from(level)));
        self.push_item(mark, self.theme.heading_mark);
        self.flush();
        self.blocks.pop();
        self.gap = true;
    }

    /// A code block: lines kept as written (tabs expanded), coloured when its language is
    /// known, each padded to the width in the block's background or cut with `›`.
    fn end_code_block(&mut self) {
        let (info, code) = self.code.take().unwrap_or_default();
        self.open_block();
        let available = self.available();
        let lines = code_lines(&code);
        let block = self.theme.code_block;
        let mut highlighted = None;
        if self.theme.syntax_highlighting && !info.trim().is_empty() {
            let key = CodeBlock { info, code };
            match self.colours.get(&key) {
                Some(colours) => highlighted = colours,
                None if !self.uncoloured.contains(&key) => self.uncoloured.push(key),
                None => {}
            }
        }
        let cut = Span::styled("›", self.theme.dim);
        for (i, line) in lines.iter().enumerate() {
            let mut spans = vec![Span::styled(" ", block)];
            match highlighted.as_ref().and_then(|h| h.get(i)) {
                Some(pieces) => spans.extend(pieces.iter().map(|(style, text)| {
                    Span::styled(sanitize(text).into_owned(), block.patch(*style))
                })),
                None => spans.push(Span::styled(sanitize(line).into_owned(), block)),
            }
            let mut out = self.prefix();
            out.extend(fit_spans(spans, available, block, cut.clone()));
            self.push_line(out);
        }
        self.gap = true;
    }

    /// A raw HTML block: its text (tags stripped), wrapped as a paragraph.
    fn end_html_block(&mut self) {
        let text = self.html_block.take().unwrap_or_default();
        let text = text.trim_matches(|c: char| c.is_whitespace());
        if text.is_empty() {
            return;
        }
        // Template tags are often wrapped in HTML (`<figure>{% Img … %}</figure>`).
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.inline.push(Span::raw("\n"));
            }
            self.text(line, line);
        }
        self.template_tag = None;
        self.flush();
        self.gap = true;
    }

    fn end_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.open_block();
        let available = self.available();
        // Each column costs its width plus " │ " between columns and "│ "/" │" at the edges.
        let room = available.saturating_sub(3 * columns + 1).max(columns);
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.iter().map(|s| width(&s.content)).sum::<usize>())
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let shortest: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| {
                        let text: String = cell.iter().map(|s| s.content.as_ref()).collect();
                        longest_word(&text)
                    })
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let widths = share_columns(&natural, &shortest, room);
        let border = self.theme.table_border;
        let rule = |left: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            Span::styled(format!("{left}{}{right}", parts.join(mid)), border)
        };
        let mut out: Vec<Vec<Span<'static>>> = vec![vec![rule("┌", "┬", "┐")]];
        for (r, row) in table.rows.iter().enumerate() {
            let cells: Vec<Vec<Vec<Span<'static>>>> = (0..columns)
                .map(|c| {
                    let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                    let cell: Vec<Span<'static>> = if r == 0 {
                        cell.iter()
                            .map(|s| {
                                Span::styled(
                                    s.content.clone(),
                                    s.style.patch(self.theme.table_header),
                                )
                            })
                            .collect()
                    } else {
                        cell.to_vec()
                    };
                    wrap_spans(&cell, widths[c])
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for line in 0..height {
                let mut spans = vec![Span::styled("│ ", border)];
                for (c, cell) in cells.iter().enumerate() {
                    let content = cell.get(line).cloned().unwrap_or_default();
                    let used: usize = content.iter().map(|s| width(&s.content)).sum();
                    let pad = widths[c].saturating_sub(used);
                    let (before, after) = match table.aligns.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    if before > 0 {
                        spans.push(Span::raw(" ".repeat(before)));
                    }
                    spans.extend(content);
                    if after > 0 {
                        spans.push(Span::raw(" ".repeat(after)));
                    }
                    let sep = if c + 1 == columns { " │" } else { " │ " };
                    spans.push(Span::styled(sep, border));
                }
                out.push(spans);
            }
            if r == 0 && table.rows.len() > 1 {
                out.push(vec![rule("├", "┼", "┤")]);
            }
        }
        out.push(vec![rule("└", "┴", "┘")]);
        if table.hidden > 0 {
            let note = format!("({} more columns not shown)", table.hidden);
            out.push(vec![Span::styled(note, self.theme.dim)]);
        }
        for row in out {
            let mut spans = self.prefix();
            spans.extend(row);
            // At widths too narrow for its borders, a table is cut rather than overflow.
            let spans = cut_spans(spans, self.width);
            self.out.lines.push(Line::from(spans));
        }
        self.gap = true;
    }

    /// Wraps the pending inline text into lines under the current prefixes, noting where link
    /// text lands.
    fn flush(&mut self) {
        if self.inline.is_empty() || self.table.is_some() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        let links = std::mem::take(&mut self.inline_links);
        if spans.iter().all(|s| s.content.trim().is_empty()) {
            return;
        }
        self.open_block();
        let (text, runs) = join_spans(&spans);
        // Link text as byte ranges of `text`, from the spans it covers.
        let start_of = |span: usize| runs.get(span).map_or(text.len(), |r| r.0);
        let links: Vec<(Range<usize>, usize)> = links
            .into_iter()
            .map(|(spans, link)| (start_of(spans.start)..start_of(spans.end), link))
            .collect();
        for row in wrap_text(&text, self.available()) {
            let mut line = self.prefix();
            let indent: usize = line.iter().map(|s| width(&s.content)).sum();
            for (bytes, link) in &links {
                let (start, end) = (bytes.start.max(row.start), bytes.end.min(row.end));
                if start >= end {
                    continue;
                }
                let column = indent + width(&text[row.start..start]);
                // A line cut to a narrow pane (see `push_line`) cuts its links too.
                let columns = width(&text[start..end]).min(self.width.saturating_sub(column));
                if columns == 0 {
                    continue;
                }
                if let (Ok(column), Ok(width)) = (u16::try_from(column), u16::try_from(columns)) {
                    self.out.link_spans.push(LinkSpan {
                        line: self.out.lines.len(),
                        column,
                        width,
                        link: *link,
                    });
                }
            }
            line.extend(styled_row(&text, row, &runs));
            self.push_line(line);
        }
    }

    /// Emits the blank line owed before a new block, if any.
    fn open_block(&mut self) {
        if self.gap && !self.out.lines.is_empty() {
            let blank = self.blank_prefix();
            self.push_line(blank);
        }
        self.gap = false;
    }

    /// The indexes of the blocks that are drawn: the first [`MAX_DRAWN_NESTING`], and the
    /// innermost.
    fn drawn(&self) -> impl Iterator<Item = usize> + use<> {
        let len = self.blocks.len();
        let shallow = len.min(MAX_DRAWN_NESTING);
        (0..shallow).chain((len > shallow).then(|| len - 1))
    }

    /// Columns the current blocks' prefixes (quote bars, list indents) take.
    fn prefix_columns(&self) -> usize {
        self.drawn()
            .map(|i| match &self.blocks[i] {
                Block::Quote => 2,
                Block::Item { indent, .. } => *indent,
            })
            .sum()
    }

    /// Columns left for text inside the current blocks (at least 1).
    fn available(&self) -> usize {
        self.width.saturating_sub(self.prefix_columns()).max(1)
    }

    /// Adds a line to the output, cut to the width if it is wider: when the prefixes leave
    /// fewer than two columns for text (deep nesting in a narrow pane), or a wide character
    /// meets a one-column pane (found by fuzzing).
    fn push_line(&mut self, spans: Vec<Span<'static>>) {
        self.out
            .lines
            .push(Line::from(cut_spans(spans, self.width)));
    }

    /// The spans before a line of text: quote bars, list markers (on an item's first line) and
    /// hanging indents.
    fn prefix(&mut self) -> Vec<Span<'static>> {
        let theme = self.theme;
        let mut spans = Vec::new();
        let drawn: Vec<usize> = self.drawn().collect();
        for i in drawn {
            match &mut self.blocks[i] {
                Block::Quote => spans.push(Span::styled("│ ", theme.quote_bar)),
                Block::Item {
                    marker,
                    style,
                    indent,
                    first,
                } => {
                    if *first {
                        spans.push(Span::styled(marker.clone(), *style));
                        *first = false;
                    } else {
                        spans.push(Span::raw(" ".repeat(*indent)));
                    }
                }
            }
        }
        spans
    }

    /// The prefix of a blank line: only the quote bars (and the indents that place them).
    fn blank_prefix(&self) -> Vec<Span<'static>> {
        let shallow = &self.blocks[..self.blocks.len().min(MAX_DRAWN_NESTING)];
        let last_quote = shallow.iter().rposition(|b| matches!(b, Block::Quote));
        let Some(last_quote) = last_quote else {
            return Vec::new();
        };
        shallow[..=last_quote]
            .iter()
            .map(|b| match b {
                Block::Quote => Span::styled("│", self.theme.quote_bar),
                Block::Item { indent, .. } => Span::raw(" ".repeat(*indent)),
            })
            .collect()
    }
}

/// Whether `c` takes two columns: CJK ideographs, kana, Hangul, fullwidth forms and
/// punctuation, emoji.
fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Widths for table columns that would like `natural` widths (their longest cell on one line)
/// and need `shortest` (their longest word) not to break words, in `room` columns: all they
/// like if it fits; else each its longest word, and the rest of the room shared in proportion
/// to what each still lacks; else, when even the words do not fit, [`fit_columns`] on the
/// words' widths.
fn share_columns(natural: &[usize], shortest: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let needed: usize = shortest.iter().sum();
    if needed > room {
        return fit_columns(shortest, room);
    }
    let lacking: Vec<usize> = natural
        .iter()
        .zip(shortest)
        .map(|(n, s)| n.saturating_sub(*s))
        .collect();
    let total_lacking: usize = lacking.iter().sum::<usize>().max(1);
    let extra = room - needed;
    let mut widths: Vec<usize> = shortest
        .iter()
        .zip(&lacking)
        .map(|(s, l)| s + l * extra / total_lacking)
        .collect();
    // What the rounding down left over goes one column at a time to those still lacking.
    let mut rest = room - widths.iter().sum::<usize>();
    for (width, want) in widths.iter_mut().zip(natural) {
        if rest == 0 {
            break;
        }
        if *width < *want {
            *width += 1;
            rest -= 1;
        }
    }
    widths
}

/// Shares `room` columns among columns that would like `natural` widths: narrow columns get
/// what they want, the rest split what is left evenly (max-min fairness). Each gets at least 1.
fn fit_columns(natural: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let mut widths = vec![0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut left = room;
    while !open.is_empty() {
        let share = (left / open.len()).max(1);
        let (fits, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= share);
        if fits.is_empty() {
            for &c in &wide {
                widths[c] = share;
            }
            // Hand out the remainder one column at a time from the left.
            let mut rest = left.saturating_sub(share * wide.len());
            for &c in &wide {
                if rest == 0 {
                    break;
                }
                widths[c] += 1;
                rest -= 1;
            }
            break;
        }
        for &c in &fits {
            widths[c] = natural[c];
            left = left.saturating_sub(natural[c]);
        }
        open = wide;
    }
    widths
}

/// GitHub's heading anchor: lower case; letters, digits, `-` and `_` kept; spaces become `-`;
/// everything else dropped.
fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The heading anchors of one post, kept unique as GitHub does: a second `foo` is `foo-1`, a
/// third `foo-2`.
#[derive(Debug, Default)]
struct Anchors {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Anchors {
    /// `base`, or the first `base-N` not taken; taken from now on.
    fn unique(&mut self, base: &str) -> String {
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
    fn claim(&mut self, anchor: String) -> String {
        self.taken.insert(anchor.clone());
        anchor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_wide_character_in_a_one_column_pane_is_dropped_not_overflowed() {
        // Found by fuzzing: plain text put a two-column character on a one-column line.
        let mut post = Post::parse(Path::new("t.txt"), "芮芮\n", None);
        post.format = Format::PlainText;
        let doc = render_post(&post, 1, &Theme::dark(), &CodeColours::default());
        assert!(doc.lines.iter().all(|l| l.width() <= 1));
        let doc = render("芮 *芮*\n", 1);
        assert!(doc.lines.iter().all(|l| l.width() <= 1));
    }

    #[test]
    fn a_table_keeps_its_first_columns_and_counts_the_rest() {
        let header: Vec<String> = (0..500).map(|n| format!("c{n}")).collect();
        let body = format!(
            "| {} |\n|{}\n| {} |\n",
            header.join(" | "),
            "---|".repeat(500),
            header.join(" | ")
        );
        let doc = render(&body, 400);
        let lines = body_text(&doc);
        assert!(lines.iter().any(|l| l.contains("c63")), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("c64")), "{lines:?}");
        assert!(
            lines.iter().any(|l| l == "(436 more columns not shown)"),
            "{lines:?}"
        );
        assert!(doc.lines.iter().all(|l| l.width() <= 400));
    }

    #[test]
    fn nesting_past_the_drawn_limit_keeps_its_text_and_stays_in_the_width() {
        let mut body = String::new();
        for depth in 0..300 {
            body.push_str(&"  ".repeat(depth));
            body.push_str(&format!("- item {depth}\n"));
        }
        body.push('\n');
        body.push_str(&"> ".repeat(300));
        body.push_str("quoted\n");
        let doc = render(&body, 120);
        let lines = body_text(&doc);
        let deepest = lines
            .iter()
            .find(|l| l.contains("item 299"))
            .expect("the deepest item");
        let shallow = lines
            .iter()
            .find(|l| l.contains("item 20"))
            .expect("item 20");
        assert_eq!(
            deepest.find("item"),
            shallow.find("item"),
            "past the limit, no deeper:\n{deepest}\n{shallow}"
        );
        assert!(deepest.trim_start().starts_with('▪'), "{deepest}");
        let quoted = lines.iter().find(|l| l.contains("quoted")).expect("quoted");
        assert_eq!(
            quoted.matches('│').count(),
            MAX_DRAWN_NESTING + 1,
            "{quoted}"
        );
        assert!(doc.lines.iter().all(|l| l.width() <= 120));
    }

    fn render(body: &str, width: u16) -> Document {
        let post = Post::parse(
            Path::new("t.md"),
            format!("---\ntitle: T\n---\n{body}"),
            None,
        );
        render_post(&post, width, &Theme::dark(), &CodeColours::default())
    }

    /// The body's lines as plain text (the header — title and rule — skipped).
    fn body_text(doc: &Document) -> Vec<String> {
        let start = doc
            .lines
            .iter()
            .position(|l| l.spans.iter().any(|s| s.content.starts_with('─')))
            .map_or(0, |i| i + 1);
        doc.lines[start..]
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .skip_while(|l| l.is_empty())
            .collect()
    }

    fn line_width(line: &Line<'_>) -> usize {
        line.spans.iter().map(|s| width(&s.content)).sum()
    }

    #[test]
    fn headings_are_collected_with_anchor_and_line() {
        let doc = render(
            "# Intro\n\ntext\n\n## Challenges Remain\n\nmore\n\n## Intro\n",
            40,
        );
        let got: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.anchor.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Intro", "intro"),
                (2, "Challenges Remain", "challenges-remain"),
                (2, "Intro", "intro-1")
            ]
        );
        for h in &doc.headings {
            let line: String = doc.lines[h.line]
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect();
            assert!(line.ends_with(&h.text), "{line:?} at {}", h.line);
        }
    }

    #[test]
    fn heading_id_attribute_is_its_anchor_and_not_shown() {
        let doc = render("## 今後のイベント {#upcoming-events}\n", 40);
        assert_eq!(doc.headings[0].anchor, "upcoming-events");
        assert_eq!(doc.headings[0].text, "今後のイベント");
    }

    #[test]
    fn paragraphs_wrap_to_width_and_are_separated_by_blank_lines() {
        let doc = render("one two three four five six\n\nseven\n", 12);
        assert_eq!(
            body_text(&doc),
            ["one two", "three four", "five six", "", "seven"]
        );
        assert!(doc.lines.iter().all(|l| line_width(l) <= 12));
    }

    #[test]
    fn lists_hang_their_continuation_lines() {
        let doc = render(
            "- alpha beta gamma delta\n  - inner item\n- second\n\n3. three\n4. four\n",
            14,
        );
        assert_eq!(
            body_text(&doc),
            [
                "• alpha beta",
                "  gamma delta",
                "  ◦ inner item",
                "• second",
                "",
                "3. three",
                "4. four"
            ]
        );
    }

    #[test]
    fn block_quotes_carry_a_bar_on_every_line() {
        let doc = render("> quoted words that wrap\n>\n> second paragraph\n", 14);
        assert_eq!(
            body_text(&doc),
            [
                "│ quoted words",
                "│ that wrap",
                "│",
                "│ second",
                "│ paragraph"
            ]
        );
    }

    #[test]
    fn code_blocks_keep_lines_and_are_cut_not_wrapped() {
        let doc = render(
            "```rust\nfn main() {\n\tlet long_name = 1234567890;\n}\n```\n",
            20,
        );
        let text = body_text(&doc);
        assert_eq!(text.len(), 3);
        assert!(text[0].starts_with(" fn main() {"));
        assert!(text[1].starts_with("     let long_name"), "{:?}", text[1]);
        assert!(text[1].ends_with('›'), "{:?}", text[1]);
        assert!(doc.lines.iter().all(|l| line_width(l) <= 20));
    }

    #[test]
    fn links_are_numbered_and_listed_at_the_end() {
        let doc = render(
            "See [CommonMark](https://commonmark.org/) and ![logo](/l.png).\n",
            60,
        );
        assert_eq!(doc.links.len(), 1);
        assert_eq!(doc.links[0].text, "CommonMark");
        assert_eq!(doc.links[0].url, "https://commonmark.org/");
        let text = body_text(&doc);
        assert_eq!(text[0], "See CommonMark[1] and [image: logo] /l.png.");
        assert!(
            text.contains(&"[1] https://commonmark.org/".to_string()),
            "{text:?}"
        );
    }

    #[test]
    fn link_spans_give_the_columns_of_link_text_on_each_line() {
        let doc = render(
            "Go to [the far side of the moon](https://m.example/) now\n",
            20,
        );
        let link_line = |span: &LinkSpan| -> String {
            let line: String = doc.lines[span.line]
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect();
            line.chars()
                .skip(usize::from(span.column))
                .take(usize::from(span.width))
                .collect()
        };
        let pieces: Vec<String> = doc
            .link_spans
            .iter()
            .filter(|s| s.link == 0)
            .map(link_line)
            .collect();
        assert_eq!(pieces, ["the far side", "of the moon"]);
    }

    #[test]
    fn footnotes_are_numbered_by_reference_and_collected_at_the_end() {
        let doc = render(
            "Second[^b] and first[^a].\n\n[^a]: Note A.\n[^b]: Note B,\n    with more.\n\nAfter.\n",
            40,
        );
        let text = body_text(&doc);
        assert_eq!(text[0], "Second[^1] and first[^2].");
        assert_eq!(text[2], "After.");
        let notes = text
            .iter()
            .position(|l| l == "Footnotes")
            .expect("a footnote list");
        assert_eq!(
            &text[notes + 1..notes + 3],
            ["[^1] Note B, with more.", "[^2] Note A."]
        );
    }

    #[test]
    fn a_line_break_between_cjk_characters_adds_no_space() {
        let doc = render(
            "为了平稳过渡，\n我们将遵循\nplan 一项\n计划 and\nmore\n",
            80,
        );
        assert_eq!(
            body_text(&doc)[0],
            "为了平稳过渡，我们将遵循 plan 一项计划 and more"
        );
    }

    #[test]
    fn smart_punctuation_curls_quotes_and_makes_dashes() {
        let doc = render("\"Quoted\" -- it's... a --- dash\n", 60);
        assert_eq!(body_text(&doc)[0], "“Quoted” – it’s… a — dash");
    }

    #[test]
    fn template_tags_are_dimmed_and_shown_as_written() {
        let theme = Theme::dark();
        let doc = render(
            "Before {{< youtube id=\"a-b\" title=\"A\" >}} after {% include x.html %}.\n",
            80,
        );
        let line = &doc.lines.last().expect("a line").spans;
        let text: String = line.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(
            text,
            "Before {{< youtube id=\"a-b\" title=\"A\" >}} after {% include x.html %}."
        );
        let dim: String = line
            .iter()
            .filter(|s| s.style == theme.dim)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(
            dim,
            "{{< youtube id=\"a-b\" title=\"A\" >}}{% include x.html %}"
        );
    }

    #[test]
    fn raw_html_shows_its_text_without_tags_or_scripts() {
        let doc = render(
            "<div class=\"note\">\n<p>Hello <b>world</b> &amp; all</p>\n<script>alert(1)</script>\n</div>\n\nInline <kbd>Ctrl</kbd>+<kbd>C</kbd><script>x()</script> done.\n",
            60,
        );
        let text = body_text(&doc);
        assert_eq!(text, ["Hello world & all", "", "Inline Ctrl+C done."]);
    }

    #[test]
    fn code_blocks_are_plain_until_coloured_then_coloured() {
        let post = Post::parse(Path::new("c.md"), "```rust\nfn main() {}\n```\n", None);
        let theme = Theme::dark();
        let plain = render_post(&post, 30, &theme, &CodeColours::default());
        assert_eq!(plain.uncoloured.len(), 1);
        assert_eq!(plain.uncoloured[0].info, "rust");
        let line = plain.lines.last().expect("a line");
        assert!(line.spans.iter().all(|s| s.style.fg == theme.code_block.fg));

        let mut colours = CodeColours::default();
        colours.extend(crate::render::highlight::colour(plain.uncoloured));
        let coloured = render_post(&post, 30, &theme, &colours);
        assert!(coloured.uncoloured.is_empty());
        let line = coloured.lines.last().expect("a line");
        let fgs: std::collections::HashSet<_> = line.spans.iter().map(|s| s.style.fg).collect();
        assert!(fgs.len() > 2, "{line:?}");
        assert_eq!(line_width(line), 30);
        // Without colour, nothing is asked for.
        let none = render_post(&post, 30, &Theme::no_color(), &CodeColours::default());
        assert!(none.uncoloured.is_empty());
    }

    #[test]
    fn inline_styles_are_applied() {
        let theme = Theme::dark();
        let doc = render("plain **bold** *it* `code`\n", 40);
        let spans = &doc.lines.last().expect("a line").spans;
        let style_of = |t: &str| spans.iter().find(|s| s.content == t).map(|s| s.style);
        assert_eq!(style_of("bold"), Some(theme.strong));
        assert_eq!(style_of("it"), Some(theme.emphasis));
        assert_eq!(style_of("code"), Some(theme.inline_code));
    }

    #[test]
    fn tables_fit_the_width_and_align_cells() {
        let doc = render(
            "| Name | Size |\n|:--|--:|\n| less | 9 |\n| 在终端里读新闻 | 93 |\n",
            30,
        );
        let text = body_text(&doc);
        assert!(doc.lines.iter().all(|l| line_width(l) <= 30), "{text:#?}");
        assert!(
            text.iter()
                .any(|l| l.contains("│ less ") && l.contains("  9 │")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|l| l.contains("在终端里读新闻")),
            "{text:#?}"
        );
    }

    #[test]
    fn narrow_tables_wrap_cells_instead_of_overflowing() {
        let doc = render(
            "| a | b |\n|---|---|\n| one two three four | five six seven |\n",
            20,
        );
        assert!(
            doc.lines.iter().all(|l| line_width(l) <= 20),
            "{:#?}",
            body_text(&doc)
        );
    }

    #[test]
    fn control_characters_never_reach_a_span() {
        let doc = render(
            "evil \x1b]52;c;aGk=\x07 and \x1b[2J and \r here\n\n```\n\x1b[31mred\n```\n",
            40,
        );
        for line in &doc.lines {
            for span in &line.spans {
                assert!(
                    !span.content.chars().any(char::is_control),
                    "{:?}",
                    span.content
                );
            }
        }
    }

    #[test]
    fn header_shows_date_tags_source_and_image() {
        let text = "---\ntitle: Big news\ndate: 2024-06-19\ntags: [defi, l2]\nsource: DeFiBank\nimg: /i.png\nalt: Chart\n---\nbody\n";
        let post = Post::parse(Path::new("p.md"), text, None);
        let doc = render_post(&post, 60, &Theme::dark(), &CodeColours::default());
        let lines: Vec<String> = doc
            .lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(lines[0], "Big news");
        assert_eq!(lines[1], "2024-06-19 · #defi #l2 · DeFiBank");
        assert!(
            lines.contains(&"[image: Chart] /i.png".to_string()),
            "{lines:#?}"
        );
    }

    #[test]
    fn every_width_down_to_one_column_renders() {
        let body = "# 标题\n\n- 列表 item **bold**\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n";
        for width in 1..12 {
            let doc = render(body, width);
            assert!(!doc.lines.is_empty());
        }
    }

    #[test]
    fn share_columns_keeps_words_whole_when_it_can() {
        // Long text in the first column, short words elsewhere: the words stay whole and the
        // long column takes the rest.
        assert_eq!(share_columns(&[40, 8, 2], &[10, 8, 2], 30), [20, 8, 2]);
        assert_eq!(share_columns(&[3, 4], &[3, 4], 20), [3, 4]);
        assert_eq!(share_columns(&[30, 30], &[10, 4], 24), [15, 9]);
        // Not even the words fit: a fair share of the room.
        assert_eq!(share_columns(&[40, 40], &[20, 20], 11), [6, 5]);
    }

    #[test]
    fn fit_columns_shares_room_fairly() {
        assert_eq!(fit_columns(&[3, 4], 20), [3, 4]);
        assert_eq!(fit_columns(&[3, 40, 40], 23), [3, 10, 10]);
        assert_eq!(fit_columns(&[50, 50], 11), [6, 5]);
    }

    #[test]
    fn plain_text_keeps_its_lines_and_reads_no_markup() {
        let text = "Saved article\n\nA heading\n=========\n\n1. not a list\n*not emphasis*  \n\n\n\nLast line.\n";
        let post = Post::parse(Path::new("saved.txt"), text, None);
        assert_eq!(post.format, crate::content::Format::PlainText);
        let doc = render_post(&post, 40, &Theme::no_color(), &CodeColours::default());
        let body = body_text(&doc);
        assert_eq!(
            body,
            [
                "A heading",
                "=========",
                "",
                "1. not a list",
                "*not emphasis*",
                "",
                "Last line."
            ]
        );
        assert!(doc.headings.is_empty());
    }

    #[test]
    fn plain_text_wraps_long_lines_at_display_width() {
        let line = "中文字符 ".repeat(20);
        let post = Post::parse(Path::new("zh.txt"), format!("标题\n\n{line}\n"), None);
        let doc = render_post(&post, 20, &Theme::no_color(), &CodeColours::default());
        let body = body_text(&doc);
        assert!(body.len() > 4, "{body:?}");
        assert!(doc.lines.iter().all(|l| line_width(l) <= 20));
    }
}
