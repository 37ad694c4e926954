//! Moving between and within the panes, and scrolling overlays.

use super::{AppState, Command, Focus, Overlay, TocShown};

/// The pane `steps` places after the focused one (2 = one back, of three), skipping the table
/// of contents where it is not shown.
pub(super) fn next_focus(state: &AppState, steps: usize) -> Focus {
    const ORDER: [Focus; 3] = [Focus::List, Focus::Article, Focus::Toc];
    // Under 60 columns the focused pane is shown alone, whichever it is.
    let narrow = state.screen.area.width < 60;
    let toc_fits = match state.toc_shown() {
        TocShown::Hidden => false,
        TocShown::Shown => true,
        // Reading from the list at 100+ columns brings the contents out, if there are any.
        TocShown::Auto => {
            narrow
                || state.screen.panes.toc.is_some()
                || (state.screen.area.width >= 100 && state.toc_width() > 0)
        }
    };
    let mut index = ORDER
        .iter()
        .position(|&f| f == state.screen.focus)
        .unwrap_or(0);
    loop {
        index = (index + steps) % ORDER.len();
        if ORDER[index] != Focus::Toc || toc_fits {
            return ORDER[index];
        }
    }
}

/// A new position after `command`, in a list of `len` items seen `page` at a time.
pub(super) fn step(position: usize, command: Command, len: usize, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match command {
        Command::Up => position.saturating_sub(1),
        Command::Down => (position + 1).min(last),
        Command::PageUp => position.saturating_sub(page),
        Command::PageDown => (position + page).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        _ => position,
    }
}

pub(super) fn move_in_pane(state: &mut AppState, command: Command) {
    match state.screen.focus {
        Focus::List => {
            let rows = state.screen.panes.list_rows();
            state.list.cursor = step(state.list.cursor, command, state.list.visible.len(), rows);
            state.list.selected = state.list.visible.get(state.list.cursor).copied();
        }
        Focus::Article => {
            // A long post still being rendered: its end, or its start again, at once.
            match command {
                Command::Bottom => state.show_end_first(),
                Command::Top => state.show_start_again(),
                _ => {}
            }
            let rows = state.article_rows();
            let max = state.max_scroll();
            if let Some(view) = &mut state.reader.article {
                // Paging keeps two lines of context; scrolling never goes past the last page,
                // except that a heading jump may have left us beyond it.
                let limit = max.max(view.scroll);
                view.scroll = step(view.scroll, command, limit + 1, rows.saturating_sub(2));
            }
        }
        Focus::Toc => {
            let headings = state.document().map_or(0, |d| d.headings.len());
            state.reader.toc_cursor = step(
                state.reader.toc_cursor,
                command,
                headings,
                state.screen.panes.toc_rows(),
            );
        }
    }
}

/// Opens `overlay` at its top, or closes it if it is the one open.
pub(super) fn toggle(state: &mut AppState, overlay: Overlay) {
    state.popup.overlay = (state.popup.overlay != Some(overlay)).then_some(overlay);
    state.popup.overlay_scroll = 0;
}

/// Scrolls the open overlay for a movement command; `false` for any other command.
pub(super) fn scroll_overlay(state: &mut AppState, overlay: Overlay, command: Command) -> bool {
    let moves = command.is_movement();
    // Measuring builds the overlay's text (for diagnostics, a scan of every post): only a
    // movement needs it.
    if !moves {
        return false;
    }
    let (lines, rows) = crate::app::overlay::extent(state, overlay);
    let last = lines.saturating_sub(rows);
    let page = rows.saturating_sub(1).max(1);
    let scroll = state.popup.overlay_scroll;
    state.popup.overlay_scroll = match command {
        Command::Up => scroll.saturating_sub(1),
        Command::Down => scroll + 1,
        Command::PageUp => scroll.saturating_sub(page),
        Command::PageDown => scroll + page,
        Command::Top => 0,
        _ => last, // Bottom: the only movement left
    }
    .min(last);
    true
}

/// In the diagnostics: the movement keys choose an entry (the view follows it) and Enter opens
/// its post at its line; `false` for any other command.
pub(super) fn choose_diagnostic(state: &mut AppState, command: Command) -> bool {
    let moves = command.is_movement();
    if !moves && command != Command::Activate {
        return false;
    }
    let entries = crate::app::overlay::diagnostics::entries(state);
    let (_, rows) = crate::app::overlay::extent(state, Overlay::Diagnostics);
    let rows = rows.max(1);
    let cursor = state
        .popup
        .diagnostic_cursor
        .min(entries.len().saturating_sub(1));
    if moves {
        let cursor = step(
            cursor,
            command,
            entries.len(),
            rows.saturating_sub(1).max(1),
        );
        state.popup.diagnostic_cursor = cursor;
        let scroll = &mut state.popup.overlay_scroll;
        if cursor < *scroll {
            *scroll = cursor;
        } else if cursor >= *scroll + rows {
            *scroll = cursor + 1 - rows;
        }
        return true;
    }
    match entries.get(cursor) {
        Some(crate::app::overlay::diagnostics::Entry {
            post: Some(id),
            line,
            ..
        }) => {
            let (id, line) = (*id, line.unwrap_or(1));
            state.popup.overlay = None;
            if let Some(place) = state.place() {
                state.reader.back.push(place);
            }
            state.go_to(id, Some(crate::app::state::Landing::FileLine(line)));
        }
        Some(_) => state.session.notice = Some("That one is not a post: nothing to open.".into()),
        None => {}
    }
    true
}
