//! The diagnostics overlay (`!`): every problem found in the folder, one entry a line, as
//! `path:line: message` with the path under the folder opened: posts in list order (each
//! post's diagnostics, then its broken links), then the files that could not be read at all.
//! One entry is chosen (`j`/`k`); Enter opens its post at its line.

use ratatui::text::{Line, Span};

use crate::app::state::AppState;
use crate::content::PostId;
use crate::text::sanitize;

/// One diagnostic: the post it is about (none for a file that could not be read, a feed), the
/// line of the file it is at, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub post: Option<PostId>,
    pub line: Option<u32>,
    pub text: String,
}

/// `path` as shown: under the folder opened that holds it (the longest such), else whole.
fn shown_path(state: &AppState, path: &std::path::Path) -> std::path::PathBuf {
    (state.load.roots.iter())
        .filter(|root| path.starts_with(root))
        .max_by_key(|root| root.as_os_str().len())
        .and_then(|root| path.strip_prefix(root).ok())
        .filter(|rest| !rest.as_os_str().is_empty())
        .map_or_else(|| path.to_path_buf(), std::path::Path::to_path_buf)
}

/// Every diagnostic, in the order listed.
pub fn entries(state: &AppState) -> Vec<Entry> {
    let mut out = Vec::new();
    for &id in state.store.ids() {
        let Some(post) = state.store.get(id) else {
            continue;
        };
        let path = shown_path(state, &post.path);
        // The file as it is now comes first: its front matter does not read.
        if let Some(held) = state.store.held_back(id) {
            out.push(Entry {
                post: Some(id),
                line: held.line.and_then(|l| u32::try_from(l).ok()),
                text: format!("{} (showing the last version that read)", held.at(&path)),
            });
        }
        out.extend(post.diagnostics.iter().map(|d| Entry {
            post: Some(id),
            line: d.line.and_then(|l| u32::try_from(l).ok()),
            text: d.at(&path),
        }));
        out.extend(state.broken_links_of(&post.path).iter().map(|b| Entry {
            post: Some(id),
            line: Some(b.line),
            text: b.at(&path),
        }));
    }
    out.extend(state.load.skipped.iter().map(|d| Entry {
        post: None,
        line: None,
        text: d.to_string(),
    }));
    out
}

/// Every diagnostic, one a line cut to `width` columns, the chosen one marked.
pub fn lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    let theme = &state.settings.theme;
    let entries = entries(state);
    if entries.is_empty() {
        return vec![Line::styled(
            " No diagnostics: every post read cleanly.",
            theme.dim,
        )];
    }
    let cursor = state.popup.diagnostic_cursor.min(entries.len() - 1);
    let room = width.saturating_sub(3).max(1);
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let text = crate::text::truncate(&sanitize(&entry.text), room).into_owned();
            let chosen = i == cursor;
            let line = Line::from(vec![
                Span::raw(if chosen { " ▸ " } else { "   " }),
                Span::styled(text, theme.diagnostic),
            ]);
            if chosen {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect()
}
