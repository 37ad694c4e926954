//! The diagnostics overlay (`!`): every problem found in the folder, as `path:line: message`,
//! posts in list order (each post's diagnostics, then its broken links), then the files that
//! could not be read at all.

use ratatui::text::{Line, Span};

use crate::app::state::AppState;
use crate::text::{sanitize, wrap_spans};

/// Every diagnostic, wrapped to `width` columns.
pub fn lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    let theme = &state.settings.theme;
    let room = width.saturating_sub(1).max(1);
    let mut texts: Vec<String> = Vec::new();
    for &id in state.store.ids() {
        if let Some(post) = state.store.get(id) {
            // The file as it is now comes first: its front matter does not read.
            if let Some(held) = state.store.held_back(id) {
                texts.push(format!(
                    "{} (showing the last version that read)",
                    held.at(&post.path)
                ));
            }
            texts.extend(post.diagnostics.iter().map(|d| d.at(&post.path)));
            let broken = state.broken_links_of(&post.path);
            texts.extend(broken.iter().map(|b| b.at(&post.path)));
        }
    }
    texts.extend(state.load.skipped.iter().map(ToString::to_string));
    if texts.is_empty() {
        return vec![Line::styled(
            " No diagnostics: every post read cleanly.",
            theme.dim,
        )];
    }
    let mut lines = Vec::new();
    for text in texts {
        let text = sanitize(&text).into_owned();
        for (i, wrapped) in wrap_spans(&[Span::styled(text, theme.diagnostic)], room)
            .into_iter()
            .enumerate()
        {
            // Continuation lines are indented, so each diagnostic reads as one entry.
            let mut spans = vec![Span::raw(if i == 0 { " " } else { "   " })];
            spans.extend(wrapped);
            lines.push(Line::from(spans));
        }
    }
    lines
}
