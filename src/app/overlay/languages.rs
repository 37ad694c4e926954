//! The language picker (`w`): "all languages", then each language of the posts with its count,
//! the cursor's row marked and the language in force ticked.

use ratatui::text::{Line, Span};

use crate::app::state::AppState;

/// The picker's choices: `None` for all languages, then each language, each with the rows the
/// list would show were it chosen (worked out when the picker opens: `AppState::refresh`).
pub fn choices(state: &AppState) -> Vec<(Option<String>, usize)> {
    state.derived.lang_counts.clone()
}

/// The picker's lines, one per choice.
pub fn lines(state: &AppState) -> Vec<Line<'static>> {
    let theme = &state.settings.theme;
    let current = state.list.query.filter.lang.as_deref();
    let choices = choices(state);
    if choices.len() == 1 {
        return vec![Line::styled(
            " No post says its language (front matter lang, post.ja.md, or a ru/ folder).",
            theme.dim,
        )];
    }
    choices
        .into_iter()
        .enumerate()
        .map(|(i, (lang, count))| {
            let ticked = lang.as_deref() == current;
            let name = lang.unwrap_or_else(|| "all languages".to_string());
            let text = format!(" {} {name:<14} {count:>6} ", if ticked { "✓" } else { " " });
            let style = if i == state.popup.lang_cursor {
                theme.selected
            } else {
                ratatui::style::Style::default()
            };
            Line::from(Span::styled(text, style))
        })
        .collect()
}
