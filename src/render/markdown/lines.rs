//! Laying out text: styles, inline spans, wrapping to the width, and the prefixes (quote
//! bars, list markers, indents) each line carries.

use super::{
    Block, DIM_CLOSE, DIM_OPEN, ImageRef, LinkSpan, MAX_DRAWN_NESTING, TEMPLATE_TAGS, WideLine,
    Writer, cut_spans, fit_spans, join_spans, styled_row, width, wrap_text,
};
use crate::text::sanitize;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::text::Span;
use std::ops::Range;

/// Whether `c` takes two columns: CJK ideographs, kana, Hangul, fullwidth forms and
/// punctuation, emoji.
pub(super) fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

impl Writer<'_> {
    pub(super) fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    pub(super) fn push_style(&mut self, patch: Style) {
        let style = self.style().patch(patch);
        self.styles.push(style);
    }

    /// Adds `text` to the inline text, sanitized, in `style`.
    pub(super) fn push_inline(&mut self, text: &str, style: Style) {
        if !text.is_empty() {
            self.inline
                .push(Span::styled(sanitize(text).into_owned(), style));
        }
    }

    /// Text in the current style, with template tags found in it dimmed. `source` is what the
    /// text was parsed from: inside a template tag it is shown instead, so smart punctuation
    /// and escapes do not change what the tag says.
    pub(super) fn text(&mut self, text: &str, source: &str) {
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
                    // A dim reference the template rewrite made: dimmed, its markers dropped.
                    if let Some(at) = rest.find(DIM_OPEN)
                        && rest.find('{').is_none_or(|brace| at < brace)
                    {
                        self.push_inline(&rest[..at], self.style());
                        let inner = &rest[at + DIM_OPEN.len_utf8()..];
                        let end = inner.find(DIM_CLOSE).unwrap_or(inner.len());
                        let style = self.style().patch(self.theme.dim);
                        self.push_inline(&inner[..end], style);
                        rest = inner[end..]
                            .strip_prefix(DIM_CLOSE)
                            .unwrap_or(&inner[end..]);
                        continue;
                    }
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

    /// Text with Obsidian's marks in it ([`crate::content::vault::pieces`]): `==highlights==`
    /// in the theme's highlight style, `#tags` in its tag style, the rest as [`Self::text`].
    pub(super) fn marked_text(&mut self, text: &str, source: &str) {
        use crate::content::vault::{Piece, pieces};
        let pieces = pieces(text);
        if let [(Piece::Plain, _)] = pieces.as_slice() {
            return self.text(text, source);
        }
        for (piece, part) in pieces {
            let style = match piece {
                Piece::Plain => None,
                Piece::Highlight => Some(self.theme.highlight),
                // Only where it is one of the post's tags (in a vault; elsewhere `#0366d6` is
                // a colour).
                Piece::Tag if self.tags.iter().any(|t| part[1..].eq_ignore_ascii_case(t)) => {
                    Some(self.theme.list_tag)
                }
                Piece::Tag => None,
            };
            match style {
                Some(style) => {
                    self.push_style(style);
                    self.text(part, part);
                    self.styles.pop();
                }
                None => self.text(part, part),
            }
        }
    }

    /// A line break inside a paragraph: a space, except between two wide (CJK) characters,
    /// which Chinese and Japanese write without spaces (as browsers do, CSS Text 3 §4.1.2).
    /// Display math (`$$…$$`): on lines of its own in the paragraph, indented, as Unicode when
    /// it converts whole ([`crate::render::math`]), else its source, dimmed.
    pub(super) fn display_math(&mut self, tex: &str) {
        if !self.inline.is_empty() {
            self.inline.push(Span::raw("\n"));
        }
        match crate::render::math::to_unicode(tex) {
            Some(shown) => {
                let style = self.style().patch(self.theme.emphasis);
                self.push_inline(&format!("    {}", shown.trim()), style);
            }
            None => {
                let style = self.style().patch(self.theme.dim);
                let lines: Vec<&str> = tex.trim().lines().collect();
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        self.inline.push(Span::raw("\n"));
                    }
                    self.push_inline(&format!("    {}", line.trim()), style);
                }
            }
        }
        self.inline.push(Span::raw("\n"));
    }

    pub(super) fn soft_break(&mut self) {
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

    /// Wraps the pending inline text into lines under the current prefixes, noting where link
    /// text lands.
    pub(super) fn flush(&mut self) {
        if self.inline.is_empty() || self.table.is_some() {
            return;
        }
        // A line break ending a block breaks nothing (CommonMark §6.7); display math leaves one.
        while self.inline.len() > 1 && self.inline.last().is_some_and(|s| s.content == "\n") {
            self.inline.pop();
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
        self.note_images();
    }

    /// Notes the images of the block just ended as going under its last line.
    pub(super) fn note_images(&mut self) {
        let line = self.out.lines.len();
        for (src, alt) in self.block_images.drain(..) {
            self.out.images.push(ImageRef {
                src,
                alt,
                line,
                rows: 0,
                header: false,
            });
        }
    }

    /// Emits the blank line owed before a new block, if any.
    pub(super) fn open_block(&mut self) {
        if self.gap && !self.out.lines.is_empty() {
            let blank = self.blank_prefix();
            self.push_line(blank);
        }
        self.gap = false;
    }

    /// The indexes of the blocks that are drawn: the first [`MAX_DRAWN_NESTING`], and the
    /// innermost.
    pub(super) fn drawn(&self) -> impl Iterator<Item = usize> + use<> {
        let len = self.blocks.len();
        let shallow = len.min(MAX_DRAWN_NESTING);
        (0..shallow).chain((len > shallow).then(|| len - 1))
    }

    /// Columns the current blocks' prefixes (quote bars, list indents) take.
    pub(super) fn prefix_columns(&self) -> usize {
        self.drawn()
            .map(|i| match &self.blocks[i] {
                Block::Quote(_) => 2,
                Block::Item { indent, .. } => *indent,
            })
            .sum()
    }

    /// Columns left for text inside the current blocks (at least 1).
    pub(super) fn available(&self) -> usize {
        self.width.saturating_sub(self.prefix_columns()).max(1)
    }

    /// Adds a line to the output, cut to the width if it is wider: when the prefixes leave
    /// fewer than two columns for text (deep nesting in a narrow pane), or a wide character
    /// meets a one-column pane (found by fuzzing).
    pub(super) fn push_line(&mut self, spans: Vec<Span<'static>>) {
        self.out
            .lines
            .push(Line::from(cut_spans(spans, self.width)));
        self.out.source.push(self.at);
    }

    /// Adds the rows of a block that may be wider than the room left (a code block, a table),
    /// each after the prefix (quote bars, list indents): as they are when they fit; else cut to
    /// the room, and kept whole in [`Document::wide`] for the pane to scroll sideways. A row is
    /// (spans, columns of its text before any padding): rows whose text is cut end with
    /// `marker`. The rows should be padded to one width, so they scroll together.
    pub(super) fn push_scrollable(
        &mut self,
        rows: Vec<(Vec<Span<'static>>, usize)>,
        fill: Style,
        marker: &Span<'static>,
    ) {
        for (row, text) in rows {
            let prefix = self.prefix();
            let fixed: usize = prefix.iter().map(|s| width(&s.content)).sum();
            let room = self.width.saturating_sub(fixed);
            let columns: usize = row.iter().map(|s| width(&s.content)).sum();
            let mut spans = prefix;
            if columns <= room {
                spans.extend(row);
                self.push_line(spans);
                continue;
            }
            let mut full = spans.clone();
            full.extend(row.iter().cloned());
            if text > room {
                spans.extend(fit_spans(row, room, fill, marker.clone()));
            } else {
                spans.extend(cut_spans(row, room));
            }
            self.out.wide.push(WideLine {
                line: self.out.lines.len(),
                full: Line::from(full),
                fixed,
                columns: fixed + columns,
            });
            self.push_line(spans);
        }
    }

    /// The spans before a line of text: quote bars, list markers (on an item's first line) and
    /// hanging indents.
    pub(super) fn prefix(&mut self) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        let drawn: Vec<usize> = self.drawn().collect();
        for i in drawn {
            match &mut self.blocks[i] {
                Block::Quote(bar) => spans.push(Span::styled("│ ", *bar)),
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
    pub(super) fn blank_prefix(&self) -> Vec<Span<'static>> {
        let shallow = &self.blocks[..self.blocks.len().min(MAX_DRAWN_NESTING)];
        let last_quote = shallow.iter().rposition(|b| matches!(b, Block::Quote(_)));
        let Some(last_quote) = last_quote else {
            return Vec::new();
        };
        shallow[..=last_quote]
            .iter()
            .map(|b| match b {
                Block::Quote(bar) => Span::styled("│", *bar),
                Block::Item { indent, .. } => Span::raw(" ".repeat(*indent)),
            })
            .collect()
    }
}
