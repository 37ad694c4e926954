//! The status line: the tag filter, "N of M posts", loading progress, skipped files and the
//! latest notice on the left; the help key on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::state::AppState;

pub struct StatusLine<'a> {
    pub state: &'a AppState,
}

impl StatusLine<'_> {
    /// The status text, as plain parts joined by " · ".
    pub fn parts(&self) -> Vec<String> {
        let state = self.state;
        let tag = if state.filter.tags.is_empty() {
            "all".to_string()
        } else {
            let names: Vec<String> = state
                .filter
                .tags
                .iter()
                .map(|key| {
                    state
                        .store
                        .tags()
                        .find(|(t, _)| &t.key == key)
                        .map_or_else(|| key.clone(), |(t, _)| t.name)
                })
                .collect();
            names.join(", ")
        };
        let mut parts = vec![
            format!("tag: {tag}"),
            format!("{} of {} posts", state.visible.len(), state.store.len()),
        ];
        if !state.loading.finished {
            let loading = &state.loading;
            parts.push(if loading.walked {
                format!("loading {}/{}…", loading.read, loading.found)
            } else if loading.found == 0 {
                "loading: finding posts…".to_string()
            } else {
                format!(
                    "loading {}/{}+ (still finding)…",
                    loading.read, loading.found
                )
            });
        }
        let problems = state.store.diagnostic_count() + state.skipped.len();
        match (problems, state.skipped.as_slice()) {
            (0, _) => {}
            (1, [only]) => parts.push(format!("skipped {only}")),
            (1, _) => parts.push("1 diagnostic (! lists it)".to_string()),
            (n, _) => parts.push(format!("{n} diagnostics (! lists them)")),
        }
        if let Some(notice) = &state.notice {
            parts.push(notice.clone());
        }
        parts
    }
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = &self.state.theme;
        let left = format!(" {}", self.parts().join(" · "));
        let help = " ? help  q quit ";
        let room = usize::from(area.width).saturating_sub(help.len());
        let left = crate::render::text::fit(&left, room);
        let line = Line::from(vec![
            Span::styled(left, theme.status),
            Span::styled(help, theme.status_key),
        ]);
        Paragraph::new(line).style(theme.status).render(area, buf);
    }
}
