//! Views drawn over the panes (help, post info, diagnostics): a bordered popup that scrolls.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{diagnostics, help, info};
use crate::app::state::{AppState, Overlay};
use crate::keys::{Command, input_hint};

/// Widest an info or diagnostics popup gets, in columns: lines stay readable.
const MAX_WIDTH: u16 = 110;

pub struct OverlayPane<'a> {
    pub state: &'a AppState,
    pub overlay: Overlay,
}

/// The popup's place in `area`, and its text for that place.
fn layout(state: &AppState, overlay: Overlay, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let (width, lines) = match overlay {
        Overlay::Help => {
            let lines = help::lines(&state.settings.theme, &state.settings.keymap);
            let widest = lines.iter().map(Line::width).max().unwrap_or(0);
            (u16::try_from(widest + 3).unwrap_or(u16::MAX), lines)
        }
        // Drawn by `pickers`, not here.
        Overlay::Tags | Overlay::Dates => (0, Vec::new()),
        Overlay::PostInfo | Overlay::Diagnostics => {
            let width = area.width.saturating_sub(4).min(MAX_WIDTH);
            let inner = usize::from(width.saturating_sub(2)).max(1);
            let lines = match overlay {
                Overlay::PostInfo => info::lines(state, inner),
                _ => diagnostics::lines(state, inner),
            };
            (width, lines)
        }
    };
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2).max(3));
    let [vertical] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(vertical);
    (popup, lines)
}

/// How many lines the overlay has, and how many fit in it at once, for the current terminal.
pub fn extent(state: &AppState, overlay: Overlay) -> (usize, usize) {
    let (popup, lines) = layout(state, overlay, state.screen.area);
    (lines.len(), usize::from(popup.height.saturating_sub(2)))
}

impl Widget for OverlayPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (popup, lines) = layout(self.state, self.overlay, area);
        let rows = usize::from(popup.height.saturating_sub(2));
        let scroll = self
            .state
            .popup
            .overlay_scroll
            .min(lines.len().saturating_sub(rows));
        let keymap = &self.state.settings.keymap;
        let (title, key, close) = match self.overlay {
            Overlay::Help => (
                " Keys ",
                keymap.hint(Command::ToggleHelp),
                keymap.hint(Command::Back),
            ),
            Overlay::PostInfo => (
                " Post info ",
                keymap.hint(Command::ToggleInfo),
                keymap.hint(Command::Back),
            ),
            Overlay::Diagnostics => (
                " Diagnostics ",
                keymap.hint(Command::ToggleDiagnostics),
                keymap.hint(Command::Back),
            ),
            Overlay::Tags | Overlay::Dates => (
                if self.overlay == Overlay::Tags {
                    " Tags "
                } else {
                    " Dates "
                },
                input_hint(Command::Activate),
                input_hint(Command::Back),
            ),
        };
        let more = if lines.len() > rows {
            format!(
                " {}–{} of {} ",
                scroll + 1,
                (scroll + rows).min(lines.len()),
                lines.len()
            )
        } else {
            String::new()
        };
        let shown: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(rows).collect();
        super::clear_popup(popup, buf);
        Paragraph::new(shown)
            .block(
                Block::bordered()
                    .title(title)
                    .title_bottom(Line::from(more).left_aligned())
                    .title_bottom(Line::from(format!(" {key} or {close} closes ")).right_aligned())
                    .border_style(self.state.settings.theme.border_focused),
            )
            .render(popup, buf);
    }
}
