//! The article pane: a slice of the open post's rendered lines, from the scroll offset.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

use super::pane_block;
use crate::app::state::{AppState, Focus};

pub struct ArticlePane<'a> {
    pub state: &'a AppState,
}

impl Widget for ArticlePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let theme = &state.theme;
        let Some(view) = &state.article else {
            pane_block(state, " Article ", Focus::Article).render(area, buf);
            return;
        };
        let lines = view.doc.lines.len();
        let rows = state.article_rows();
        let position = if lines <= rows {
            " All ".to_string()
        } else {
            format!(
                " {}% ",
                (view.scroll + rows).min(lines) * 100 / lines.max(1)
            )
        };
        let block = pane_block(state, " Article ", Focus::Article)
            .title_bottom(ratatui::text::Line::from(position).right_aligned());
        block.render(area, buf);
        let Some(mut text) = state.panes.article_text() else {
            return;
        };
        if view.deleted {
            let [banner, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(text);
            Paragraph::new(Span::styled(
                "This post's file was deleted; showing its last version.",
                theme.diagnostic,
            ))
            .render(banner, buf);
            text = rest;
        }
        let end = (view.scroll + usize::from(text.height)).min(lines);
        let slice = view.doc.lines[view.scroll.min(end)..end].to_vec();
        Paragraph::new(slice).render(text, buf);
    }
}
