//! Views drawn over the panes (help, post info, diagnostics, languages): a bordered popup that
//! scrolls.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::app::overlay::layout;
use crate::app::state::{AppState, Overlay};
use crate::keys::{Command, input_hint};

pub struct OverlayPane<'a> {
    pub state: &'a AppState,
    pub overlay: Overlay,
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
            Overlay::Languages => (
                " Languages ",
                input_hint(Command::Activate),
                input_hint(Command::Back),
            ),
            Overlay::Tags | Overlay::Dates | Overlay::Picture => (
                match self.overlay {
                    Overlay::Tags => " Tags ",
                    Overlay::Dates => " Dates ",
                    _ => " Picture ",
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
        let footer = if self.overlay == Overlay::Diagnostics {
            let open = input_hint(Command::Activate);
            format!(" {open} opens it · {key} or {close} closes ")
        } else {
            format!(" {key} or {close} closes ")
        };
        super::clear_popup(popup, buf);
        Paragraph::new(shown)
            .block(
                Block::bordered()
                    .title(title)
                    .title_bottom(Line::from(more).left_aligned())
                    .title_bottom(Line::from(footer).right_aligned())
                    .border_style(self.state.settings.theme.border_focused),
            )
            .render(popup, buf);
    }
}
