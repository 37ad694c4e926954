//! The table of contents sidebar: the open post's headings, indented by level. The entry under
//! the cursor is highlighted when the pane has the focus; the heading the reader is in is marked
//! `▸` and follows the article as it scrolls (scrollspy).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::pane_block;
use crate::app::state::{AppState, Focus};
use crate::text::fit;

pub struct TocPane<'a> {
    pub state: &'a AppState,
}

impl Widget for TocPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let block = pane_block(state, " Contents ", Focus::Toc);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(doc) = state.document() else {
            return;
        };
        if doc.headings.is_empty() {
            Paragraph::new(Span::styled("No headings.", state.settings.theme.dim))
                .render(inner, buf);
            return;
        }
        let top = doc.headings.iter().map(|h| h.level).min().unwrap_or(1);
        let rows = usize::from(inner.height).max(1);
        let offset = state.toc_offset();
        let current = state.current_heading();
        let width = usize::from(inner.width);
        let lines: Vec<Line<'_>> = doc
            .headings
            .iter()
            .enumerate()
            .skip(offset)
            .take(rows)
            .map(|(i, heading)| {
                let indent = "  ".repeat(usize::from(heading.level - top));
                let mut style = Style::new();
                let text = if current == Some(i) {
                    style = state.settings.theme.toc_current;
                    fit(&format!("▸{indent}{}", heading.text), width)
                } else {
                    format!(
                        " {}",
                        fit(
                            &format!("{indent}{}", heading.text),
                            width.saturating_sub(1)
                        )
                    )
                };
                if state.screen.focus == Focus::Toc && state.reader.toc_cursor == i {
                    style = style.patch(state.settings.theme.selected);
                }
                Line::styled(text, style)
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
