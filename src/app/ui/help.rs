//! The help overlay, built from the key map so it lists exactly the bindings that exist.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::app::keymap::{BINDINGS, key_label};
use crate::theme::Theme;

pub struct Help<'a> {
    pub theme: &'a Theme,
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows: Vec<(String, &str)> = BINDINGS
            .iter()
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(key_label).collect();
                (keys.join(" "), b.description)
            })
            .collect();
        let key_width = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let lines: Vec<Line<'_>> = rows
            .iter()
            .map(|(keys, description)| {
                Line::from(vec![
                    Span::styled(format!(" {keys:<key_width$}  "), self.theme.strong),
                    Span::raw(*description),
                ])
            })
            .collect();
        let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 3;
        let height = lines.len() as u16 + 2;
        let [vertical] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(width)])
            .flex(Flex::Center)
            .areas(vertical);
        Clear.render(popup, buf);
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Keys ")
                    .title_bottom(Line::from(" ? or Esc closes ").right_aligned())
                    .border_style(self.theme.border_focused),
            )
            .render(popup, buf);
    }
}
