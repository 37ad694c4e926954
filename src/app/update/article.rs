//! Moving through the open article: search matches, headings, the contents.

use super::{AppState, Command, Focus};

/// Moves to the next (or previous) search match in the article, and scrolls it into view a
/// third of the way down the pane.
pub(super) fn step_match(state: &mut AppState, forward: bool) {
    if state.article_matches().is_empty() {
        state.session.notice = Some(if state.list.query.search.is_empty() {
            format!(
                "No search: {} starts one.",
                state.settings.keymap.hint(Command::Search)
            )
        } else {
            format!("{:?} is not in this post.", state.list.query.search)
        });
        return;
    }
    let Some(view) = &state.reader.article else {
        return;
    };
    let count = state.article_matches().len();
    let next = match state.reader.match_cursor {
        Some(i) if forward => (i + 1) % count,
        Some(i) => (i + count - 1) % count,
        // The first match from the top of the pane down (or above it, going back).
        None if forward => state
            .article_matches()
            .iter()
            .position(|m| m.line >= view.scroll)
            .unwrap_or(0),
        None => state
            .article_matches()
            .iter()
            .rposition(|m| m.line < view.scroll)
            .unwrap_or(count - 1),
    };
    state.reader.match_cursor = Some(next);
    let line = state.article_matches()[next].line;
    let rows = state.article_rows();
    let max = state.max_scroll();
    if let Some(view) = &mut state.reader.article
        && (line < view.scroll || line >= view.scroll + rows)
    {
        view.scroll = line.saturating_sub(rows / 3).min(max);
    }
    if state.screen.focus == Focus::List {
        state.screen.focus = Focus::Article;
    }
    state.session.notice = Some(format!("match {} of {count}", next + 1));
}

/// Scrolls the article to the next heading below its top line, or the previous one above it.
pub(super) fn heading_step(state: &mut AppState, forward: bool) {
    let Some(view) = &mut state.reader.article else {
        return;
    };
    let headings = &view.doc.headings;
    let target = if forward {
        headings.iter().find(|h| h.line > view.scroll)
    } else {
        headings.iter().rev().find(|h| h.line < view.scroll)
    };
    match target {
        Some(heading) => view.scroll = heading.line,
        None if !forward => view.scroll = 0,
        None => {}
    }
    if state.screen.focus == Focus::List {
        state.screen.focus = Focus::Article;
    }
}

/// Scrolls the article so the highlighted heading is its top line.
pub(super) fn jump_to_heading(state: &mut AppState) {
    let cursor = state.reader.toc_cursor;
    if let Some(view) = &mut state.reader.article
        && let Some(heading) = view.doc.headings.get(cursor)
    {
        view.scroll = heading.line;
    }
}

/// Columns the cut lines move per `h` or `l`.
const SIDEWAYS_STEP: usize = 8;

/// Scrolls the article's cut lines (wide code and tables) a step right (`direction` 1) or left
/// (-1), between their start and where their end shows. Says so when nothing is cut.
pub(super) fn scroll_sideways(state: &mut AppState, direction: i8) {
    let max = state.max_h_scroll();
    let Some(view) = &mut state.reader.article else {
        return;
    };
    if max == 0 {
        state.session.notice = Some("Nothing here is cut: no line to scroll sideways.".to_string());
        return;
    }
    view.h_scroll = if direction > 0 {
        (view.h_scroll + SIDEWAYS_STEP).min(max)
    } else {
        view.h_scroll.saturating_sub(SIDEWAYS_STEP)
    };
}
