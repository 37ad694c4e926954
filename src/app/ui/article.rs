//! The article pane: a slice of the open post's rendered lines, from the scroll offset, with the
//! search text's matches highlighted.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::pane_block;
use crate::app::state::{AppState, ArticleView, Focus, ImageState};
use crate::render::WideLine;
use crate::text;

pub struct ArticlePane<'a> {
    pub state: &'a AppState,
}

impl Widget for ArticlePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let theme = &state.settings.theme;
        let Some(view) = &state.reader.article else {
            pane_block(state, " Article ", Focus::Article).render(area, buf);
            return;
        };
        let lines = view.doc.lines.len();
        let rows = state.article_rows();
        let position = if view.is_first_screen() {
            // The rest of a long post is being rendered: where the reader is is not known yet.
            " rendering… ".to_string()
        } else if lines <= rows {
            " All ".to_string()
        } else {
            format!(
                " {}% ",
                (view.scroll + rows).min(lines) * 100 / lines.max(1)
            )
        };
        let block = pane_block(state, " Article ", Focus::Article)
            .title_bottom(Line::from(position).right_aligned());
        block.render(area, buf);
        let (Some(whole), Some(text)) = (
            state.screen.panes.article_text(),
            state.article_lines_area(),
        ) else {
            return;
        };
        let banner: Vec<Line<'_>> = state
            .article_banner()
            .into_iter()
            .map(|l| Line::styled(l, theme.diagnostic))
            .collect();
        if !banner.is_empty() {
            let area = Rect {
                height: text.y - whole.y,
                ..whole
            };
            Paragraph::new(banner).render(area, buf);
        }
        let end = (view.scroll + usize::from(text.height)).min(lines);
        let start = view.scroll.min(end);
        let first_match = state.article_matches().partition_point(|m| m.line < start);
        let h_scroll = view.h_scroll.min(state.max_h_scroll());
        let slice: Vec<Line<'_>> = view.doc.lines[start..end]
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let index = start + i;
                let ranges: Vec<(Range<usize>, Style)> = state.article_matches()[first_match..]
                    .iter()
                    .enumerate()
                    .skip_while(|(_, m)| m.line < index)
                    .take_while(|(_, m)| m.line == index)
                    .map(|(k, m)| {
                        let current = state.reader.match_cursor == Some(first_match + k);
                        let style = if current {
                            theme.search_current
                        } else {
                            theme.search_match
                        };
                        (m.range.clone(), style)
                    })
                    .collect();
                if h_scroll > 0
                    && let Some(wide) = view.doc.wide_line(index)
                {
                    scrolled(wide, h_scroll, usize::from(view.width), theme.dim)
                } else if ranges.is_empty() {
                    line.clone()
                } else {
                    highlight(line, &ranges)
                }
            })
            .collect();
        Paragraph::new(slice).render(text, buf);
        draw_pictures(view, start..end, text, buf);
        // What the last save changed: a mark in the padding column beside each changed line.
        if let Some(changes) = state.reader.changes.as_ref().filter(|c| c.id == view.id)
            && text.x > area.x + 1
        {
            for (row, index) in (start..end).enumerate() {
                if changes.contains(index)
                    && let Some(cell) = buf.cell_mut((text.x - 1, text.y + row as u16))
                {
                    cell.set_symbol("▎").set_style(theme.changed);
                }
            }
        }
    }
}

/// A picture of the open post at the article pane's full size (`Enter` on an image), over the
/// pane: its alt text on the first row, the picture centred under it.
pub struct PicturePane<'a> {
    pub state: &'a AppState,
}

impl Widget for PicturePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let theme = &state.settings.theme;
        let pictures = &state.reader.pictures;
        let block = pane_block(state, " Picture ", Focus::Article).title_bottom(
            Line::from(format!(
                " {} or {} closes ",
                crate::keys::input_hint(crate::keys::Command::Activate),
                crate::keys::input_hint(crate::keys::Command::Back)
            ))
            .right_aligned(),
        );
        super::clear_popup(area, buf);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some((key, alt)) = &pictures.full else {
            return;
        };
        let alt = format!(" {}", text::sanitize(alt));
        Paragraph::new(Line::styled(alt, theme.dim)).render(Rect { height: 1, ..inner }, buf);
        let below = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        match pictures.state(key) {
            Some(ImageState::Shown(picture)) => {
                let x = below.x + below.width.saturating_sub(picture.cols) / 2;
                let rows = picture.rows.min(below.height);
                picture.draw(0..rows, buf, x, below.y);
            }
            Some(ImageState::NotShown(why)) => {
                let why = text::sanitize(&why).into_owned();
                Paragraph::new(Line::styled(why, theme.diagnostic)).render(below, buf);
            }
            _ => Paragraph::new(Line::styled("drawing…", theme.dim)).render(below, buf),
        }
    }
}

/// The open post's pictures, over the rows made for them, for the lines `shown` (document line
/// indexes) drawn from the top of `text`: a picture half scrolled off shows its other half.
fn draw_pictures(view: &ArticleView, shown: Range<usize>, text: Rect, buf: &mut Buffer) {
    for (image, state) in view.doc.images.iter().zip(&view.images) {
        let ImageState::Shown(picture) = state else {
            continue;
        };
        let rows = image.line..image.line + usize::from(image.rows);
        let (from, to) = (rows.start.max(shown.start), rows.end.min(shown.end));
        if from >= to {
            continue;
        }
        let (Ok(first), Ok(last), Ok(down)) = (
            u16::try_from(from - rows.start),
            u16::try_from(to - rows.start),
            u16::try_from(from - shown.start),
        ) else {
            continue;
        };
        picture.draw(first..last, buf, text.x, text.y.saturating_add(down));
    }
}

/// A wide line scrolled `h_scroll` columns (past its prefix, which stays), `width` columns in
/// all: `‹` where text is hidden on the left, `›` where more is on the right.
fn scrolled(wide: &WideLine, h_scroll: usize, width: usize, marker: Style) -> Line<'static> {
    let spans = &wide.full.spans;
    let room = width.saturating_sub(wide.fixed);
    let mut out = text::slice_spans(spans, 0, wide.fixed);
    if room < 3 {
        out.extend(text::slice_spans(spans, wide.fixed + h_scroll, room));
        return Line::from(out).style(wide.full.style);
    }
    let more = wide.columns > wide.fixed + h_scroll + room;
    out.push(Span::styled("‹", marker));
    let body = room - 1 - usize::from(more);
    out.extend(text::slice_spans(spans, wide.fixed + h_scroll + 1, body));
    if more {
        out.push(Span::styled("›", marker));
    }
    Line::from(out).style(wide.full.style)
}

/// `line` with the byte ranges of its text (all its spans' text joined) restyled: the spans
/// are split where a range starts or ends.
fn highlight<'a>(line: &Line<'a>, ranges: &[(Range<usize>, Style)]) -> Line<'a> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for span in &line.spans {
        let content = span.content.as_ref();
        let end = offset + content.len();
        let mut at = 0;
        for (range, style) in ranges {
            let (a, b) = (range.start.max(offset), range.end.min(end));
            if a >= b {
                continue;
            }
            let (a, b) = (a - offset, b - offset);
            if a > at {
                spans.push(Span::styled(content[at..a].to_string(), span.style));
            }
            spans.push(Span::styled(
                content[a..b].to_string(),
                span.style.patch(*style),
            ));
            at = b;
        }
        if at < content.len() {
            spans.push(Span::styled(content[at..].to_string(), span.style));
        }
        offset = end;
    }
    Line::from(spans).style(line.style)
}

/// Makes the visible link text clickable with OSC 8 hyperlinks
/// (<https://gist.github.com/egmontkob/eb114294efbcd5adb1944c9f3cb5feda>). Each piece of link
/// text becomes one cell whose symbol opens the link, holds the piece's text and closes it, with
/// a forced width so ratatui skips the cells it covers. The URL is sanitized (no ESC or BEL can
/// end the sequence early); the text was sanitized when the post was rendered.
pub fn link_cells(buf: &mut Buffer, state: &AppState) {
    let (Some(view), Some(area)) = (&state.reader.article, state.article_lines_area()) else {
        return;
    };
    let doc = &view.doc;
    let first = doc.link_spans.partition_point(|s| s.line < view.scroll);
    let top = area.y;
    for span in &doc.link_spans[first..] {
        let Some(row) = u16::try_from(span.line - view.scroll)
            .ok()
            .and_then(|r| r.checked_add(top))
            .filter(|&r| r < area.bottom())
        else {
            break;
        };
        if view.h_scroll > 0 && doc.wide_line(span.line).is_some() {
            // Scrolled sideways: the link's text is not where the span says.
            continue;
        }
        let Some(url) = doc.links.get(span.link).map(|l| l.url.as_str()) else {
            continue;
        };
        let x = area.x.saturating_add(span.column);
        let end = x.saturating_add(span.width).min(area.right());
        let Some(width) = NonZeroU16::new(end.saturating_sub(x)) else {
            continue;
        };
        let mut text = String::new();
        let mut column = x;
        while let Some(cell) = buf.cell((column, row)).filter(|_| column < end) {
            text.push_str(cell.symbol());
            // The cell after a wide character is covered by it, not part of the text.
            let columns = u16::try_from(text::width(cell.symbol())).unwrap_or(1);
            column = column.saturating_add(columns.max(1));
        }
        if let Some(cell) = buf.cell_mut((x, row)) {
            let symbol = format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\");
            cell.set_symbol(&symbol)
                .set_diff_option(CellDiffOption::ForcedWidth(width));
        }
    }
}
