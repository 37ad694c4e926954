//! Opening and closing Markdown blocks and inline spans: headings, lists, quotes, code,
//! links, footnotes, raw HTML.

use super::{
    BROKEN_MARK, Block, BrokenLink, CodeBlock, DIM_CLOSE, DIM_OPEN, Footnote, Heading, Link,
    MAX_TABLE_COLUMNS, Mark, OpenFootnote, Part, ShownInstead, TableBuf, Tag, Writer, code_lines,
    fit_spans, level_number, slug, width, wrap_spans,
};
use crate::content::vault;
use crate::text::sanitize;
use pulldown_cmark::TagEnd;
use pulldown_cmark::{CodeBlockKind, LinkType};
use ratatui::style::Style;
use ratatui::text::Span;

impl Writer<'_> {
    /// The number of the footnote labelled `label`, given on first sight.
    pub(super) fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self
            .footnote_numbers
            .entry(label.to_string())
            .or_insert(next)
    }

    pub(super) fn start_tag(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, id, .. } => {
                self.flush();
                self.heading = Some((level_number(level), id.map(|id| id.to_string())));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.open_block();
                self.blocks.push(Block::Quote(self.theme.quote_bar));
                self.push_style(self.theme.quote_text);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                self.code_fenced = matches!(kind, CodeBlockKind::Fenced(_));
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
            Tag::Link {
                dest_url,
                link_type,
                ..
            } => {
                self.open_link(&dest_url);
                self.push_style(self.theme.link);
                if link_type == (LinkType::WikiLink { has_pothole: false }) {
                    self.shown_instead = Some(ShownInstead::Link(vault::wikilink_text(&dest_url)));
                }
            }
            Tag::Image {
                dest_url,
                link_type: LinkType::WikiLink { has_pothole },
                ..
            } if vault::embed_is_link(&dest_url) => {
                // An embedded note (or file): a link to it, marked as embedded.
                self.open_embeds.push(Some(dest_url.to_string()));
                self.open_link(&dest_url);
                self.push_style(self.theme.link);
                self.push_inline("↳ ", self.style());
                if !has_pothole {
                    self.shown_instead = Some(ShownInstead::Link(vault::wikilink_text(&dest_url)));
                }
            }
            Tag::Image {
                dest_url,
                link_type,
                ..
            } => {
                self.open_embeds.push(None);
                if matches!(link_type, LinkType::WikiLink { .. }) {
                    let name = dest_url.rsplit('/').next().unwrap_or(&dest_url);
                    self.shown_instead = Some(ShownInstead::SizeBy(name.to_string()));
                }
                self.open_images
                    .push((dest_url.to_string(), self.inline.len() + 1));
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
                    row_lines: Vec::new(),
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
    pub(super) fn close_footnote(&mut self) {
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

    pub(super) fn push_item(&mut self, marker: String, style: Style) {
        let indent = width(&marker);
        self.blocks.push(Block::Item {
            marker,
            style,
            indent,
            first: true,
        });
    }

    pub(super) fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.template_tag = None;
                self.flush();
                self.gap = true;
                self.show_embeds();
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
            TagEnd::Link => self.end_link(),
            // An embedded note or file, shown as a link.
            TagEnd::Image if matches!(self.open_embeds.last(), Some(Some(_))) => {
                self.end_link();
                if let Some(Some(target)) = self.open_embeds.pop() {
                    self.note_embed(&target);
                }
            }
            TagEnd::Image => {
                self.open_embeds.pop();
                self.shown_instead = None;
                let (url, alt_from) = self.open_images.pop().unwrap_or_default();
                let alt: String = (self.inline.get(alt_from..).unwrap_or_default().iter())
                    .map(|s| s.content.as_ref())
                    .collect();
                // A picture in a table cell would not fit its row: the text line stays alone.
                if self.table.is_none() {
                    self.block_images
                        .push((url.clone(), alt.trim().to_string()));
                }
                // No alt text: `[image]` rather than `[image: ]`.
                let close = if self.inline.last().is_some_and(|s| s.content == "[image: ") {
                    self.inline.pop();
                    "[image]"
                } else {
                    "]"
                };
                self.push_inline(&format!("{close} {url}"), self.style());
                if self.broken_at(&sanitize(&url)).is_some() {
                    // Against the address, as after a link's number: never a line of its own.
                    self.inline
                        .push(Span::styled(BROKEN_MARK, self.theme.warning));
                }
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

    pub(super) fn open_link(&mut self, url: &str) {
        let number = self.links.len() + 1;
        self.links.push(Link {
            number,
            text: String::new(),
            url: sanitize(url).into_owned(),
        });
        self.open_links.push((number - 1, self.inline.len()));
    }

    /// Ends a link (or an embed shown as one): its style, then its number.
    fn end_link(&mut self) {
        self.shown_instead = None;
        self.styles.pop();
        self.close_link();
    }

    pub(super) fn close_link(&mut self) {
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
        if let Some(link) = self.links.get(index)
            && self.broken_at(&link.url).is_some()
        {
            self.inline
                .push(Span::styled(BROKEN_MARK, self.theme.warning));
        }
    }

    /// The broken link or image with destination `url` (sanitized), if it is one.
    pub(super) fn broken_at(&self, url: &str) -> Option<&BrokenLink> {
        self.broken.iter().find(|b| b.url == url)
    }

    pub(super) fn end_heading(&mut self) {
        let (level, id) = self.heading.take().unwrap_or((1, None));
        let spans = std::mem::take(&mut self.inline);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        let text = text.trim().to_string();
        // An embedded note's headings are not the post's: no anchor, no contents entry.
        let anchor = match id {
            _ if self.is_embedded() => String::new(),
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
        if self.open_footnote.is_none() && !self.is_embedded() {
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
    /// known, each padded to the width in the block's background; a block wider than the width
    /// is cut with `›` and kept whole for sideways scrolling.
    pub(super) fn end_code_block(&mut self) {
        let (info, code) = self.code.take().unwrap_or_default();
        self.open_block();
        let available = self.available();
        // A Mermaid block is drawn on the colouring thread (slow for larger diagrams), whatever
        // the theme: asked for and looked up as code colours are.
        let diagram = crate::render::diagram::is_mermaid(&info);
        let too_large = diagram
            .then(|| crate::render::diagram::too_large(&code))
            .flatten();
        let lines = code_lines(&code);
        let mut found = None;
        if (self.theme.syntax_highlighting || diagram)
            && too_large.is_none()
            && !info.trim().is_empty()
        {
            let info = if diagram { "mermaid".into() } else { info };
            let key = CodeBlock { info, code };
            match self.colours.get(&key) {
                Some(colours) => found = Some(colours),
                None if !self.uncoloured.contains(&key) => self.uncoloured.push(key),
                None => {}
            }
        }
        if diagram {
            // Shown as its source until drawn, and under the reason when it cannot be.
            let why = match found {
                Some(Some(drawing)) => {
                    let lines = drawing
                        .iter()
                        .map(|l| l.iter().map(|p| p.1.as_str()).collect());
                    return self.diagram(lines.collect());
                }
                Some(None) => Some("not a diagram mermaid-text draws".to_string()),
                None => too_large,
            };
            if let Some(why) = why {
                let note = format!("mermaid diagram, not drawn: {why}");
                self.push_inline(&note, self.theme.dim);
                self.flush();
            }
        }
        let highlighted = found.flatten().filter(|_| !diagram);
        let block = self.theme.code_block;
        let cut = Span::styled("›", self.theme.dim);
        let rows: Vec<Vec<Span<'static>>> = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let mut spans = vec![Span::styled(" ", block)];
                match highlighted.as_ref().and_then(|h| h.get(i)) {
                    Some(pieces) => spans.extend(pieces.iter().map(|(style, text)| {
                        Span::styled(sanitize(text).into_owned(), block.patch(*style))
                    })),
                    None => spans.push(Span::styled(sanitize(line).into_owned(), block)),
                }
                spans
            })
            .collect();
        // Every row padded to the widest (one column of padding after it), at least the room
        // left: a block wider than the room scrolls sideways as one.
        let widest = rows
            .iter()
            .map(|r| r.iter().map(|s| width(&s.content)).sum::<usize>())
            .max()
            .unwrap_or(0);
        let target = if widest > available {
            widest + 1
        } else {
            available
        };
        // Each code line maps to its own line of the file: a fenced block's first is the one
        // after its fence.
        let first = self.at + u32::from(self.code_fenced);
        for (i, row) in rows.into_iter().enumerate() {
            let text = row.iter().map(|s| width(&s.content)).sum();
            self.at = first + u32::try_from(i).unwrap_or(u32::MAX);
            let row = fit_spans(row, target, block, cut.clone());
            self.push_scrollable(vec![(row, text)], block, &cut);
        }
        self.gap = true;
    }

    /// A diagram drawn as text ([`crate::render::diagram`]): its lines as they are, wider ones
    /// scrolling sideways as code does; each maps to the line of the block's fence.
    fn diagram(&mut self, lines: Vec<String>) {
        let cut = Span::styled("›", self.theme.dim);
        let rows: Vec<(Vec<Span<'static>>, usize)> = lines
            .iter()
            .map(|line| {
                let line = sanitize(line).into_owned();
                let columns = width(&line);
                (vec![Span::raw(line)], columns)
            })
            .collect();
        self.push_scrollable(rows, Style::default(), &cut);
        self.gap = true;
    }

    /// A raw HTML block, read by html2text ([`crate::render::html_block`]): its lines as laid
    /// out for the room left, each piece styled by its markup; its tables as Markdown tables.
    pub(super) fn end_html_block(&mut self) {
        let html = self.html_block.take().unwrap_or_default();
        self.template_tag = None;
        if html.trim().is_empty() {
            return;
        }
        self.flush();
        for part in crate::render::html_block::parts(&html) {
            match part {
                Part::Lines(lines) => {
                    self.open_block();
                    let room = self.available();
                    for line in &lines {
                        // Laid out for the room already, save what the renderer added (an
                        // image's source, a link's target): wrapped again to fit.
                        for row in wrap_spans(&self.marked_spans(line), room) {
                            let mut out = self.prefix();
                            out.extend(row);
                            self.push_line(out);
                        }
                        for (mark, alt) in line {
                            if let Mark::Image(src) = mark {
                                self.block_images
                                    .push((src.clone(), alt.trim().to_string()));
                            }
                        }
                        self.note_images();
                    }
                    self.gap = true;
                }
                Part::Table { rows, .. } => {
                    let rows = rows
                        .iter()
                        .map(|row| {
                            row.iter()
                                .take(MAX_TABLE_COLUMNS)
                                .map(|cell| self.marked_spans(cell))
                                .collect()
                        })
                        .collect();
                    self.table = Some(TableBuf {
                        aligns: Vec::new(),
                        hidden: 0,
                        cells: 0,
                        rows,
                        row: Vec::new(),
                        row_lines: Vec::new(),
                    });
                    self.end_table();
                    self.gap = true;
                }
            }
        }
    }

    /// A line of html2text's pieces as styled spans, each sanitized; a link's or an image's
    /// target follows it, dimmed, and the template rewrite's dim references are dimmed.
    fn marked_spans(&self, line: &[(Mark, String)]) -> Vec<Span<'static>> {
        let theme = self.theme;
        let mut out = Vec::new();
        for (mark, text) in line {
            let style = match mark {
                Mark::Plain => Style::default(),
                Mark::Strong => theme.strong,
                Mark::Emphasis => theme.emphasis,
                Mark::Code => theme.inline_code,
                Mark::Strikeout => theme.strikethrough,
                Mark::Link(_) => theme.link,
                Mark::Image(_) => theme.dim,
            };
            let mut rest = text.as_str();
            while let Some(at) = rest.find(DIM_OPEN) {
                out.push(Span::styled(sanitize(&rest[..at]).into_owned(), style));
                let inner = &rest[at + DIM_OPEN.len_utf8()..];
                let end = inner.find(DIM_CLOSE).unwrap_or(inner.len());
                out.push(Span::styled(
                    sanitize(&inner[..end]).into_owned(),
                    theme.dim,
                ));
                rest = inner[end..]
                    .strip_prefix(DIM_CLOSE)
                    .unwrap_or(&inner[end..]);
            }
            match mark {
                Mark::Image(src) => {
                    // An image with no alt text was given its file name (see `html_block`).
                    let shown = if src.rsplit('/').next() == Some(rest.trim()) {
                        format!("[image] {src}")
                    } else {
                        format!("[image: {rest}] {src}")
                    };
                    out.push(Span::styled(sanitize(&shown).into_owned(), theme.dim));
                }
                _ => out.push(Span::styled(sanitize(rest).into_owned(), style)),
            }
            if let Mark::Link(url) = mark
                && url.as_str() != rest.trim()
                && !url.is_empty()
            {
                out.push(Span::styled(
                    sanitize(&format!(" <{url}>")).into_owned(),
                    theme.dim,
                ));
            }
        }
        out.retain(|s| !s.content.is_empty());
        out
    }
}
