//! What an overlay holds (help, post info, diagnostics): its lines for the popup's width, and
//! the popup's place on the screen. The ui draws them; `update` measures them to scroll.

pub mod diagnostics;
pub mod help;
pub mod info;
pub mod languages;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;

use crate::app::state::{AppState, Overlay};

/// Widest an info or diagnostics popup gets, in columns: lines stay readable.
const MAX_WIDTH: u16 = 110;

/// The popup's place in `area`, and its text for that place.
pub fn layout(state: &AppState, overlay: Overlay, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let (width, lines) = match overlay {
        Overlay::Help => {
            let (theme, keymap) = (&state.settings.theme, &state.settings.keymap);
            let widest = help::lines(theme, keymap, usize::MAX)
                .iter()
                .map(Line::width)
                .max()
                .unwrap_or(0);
            let width = u16::try_from(widest + 3)
                .unwrap_or(u16::MAX)
                .min(area.width);
            // Inside the border, with a column to spare on the right.
            let inner = usize::from(width.saturating_sub(3)).max(1);
            (width, help::lines(theme, keymap, inner))
        }
        // Drawn by `pickers` and the article pane, not here.
        Overlay::Tags | Overlay::Dates | Overlay::Picture => (0, Vec::new()),
        Overlay::Languages => {
            let lines = languages::lines(state);
            let widest = lines.iter().map(Line::width).max().unwrap_or(0);
            (u16::try_from(widest + 4).unwrap_or(u16::MAX).max(30), lines)
        }
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
