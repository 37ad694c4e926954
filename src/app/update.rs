//! `update`: the one place the app's state changes. Plain values in, so every behaviour can be
//! tested without a terminal.

use ratatui::layout::Rect;

use super::action::{Action, Command};
use super::state::{AppState, Focus, Overlay};
use super::ui;
use crate::content::loader::LoadError;
use crate::store::Change;

/// Applies `action` to `state`, then re-derives what depends on it ([`AppState::sync`]).
pub fn update(state: &mut AppState, action: Action) {
    match action {
        Action::Command(command) => {
            state.notice = None;
            run_command(state, command);
        }
        Action::Resize { width, height } => state.area = Rect::new(0, 0, width, height),
        Action::Discovered { files, finished } => {
            state.loading.found = files;
            state.loading.walked = finished;
        }
        Action::Loaded { posts, errors } => {
            let unreadable = errors
                .iter()
                .filter(|e| !matches!(e, LoadError::Walk { .. }))
                .count();
            state.loading.read += posts.len() + unreadable;
            state.skipped.extend(errors.iter().map(ToString::to_string));
            state
                .store
                .apply(posts.into_iter().map(|p| Change::Upsert(Box::new(p))));
        }
        Action::LoadFinished => state.loading.finished = true,
        Action::Changed { changes, errors } => {
            if let Some(post) = state.article.as_ref().and_then(|a| state.store.get(a.id)) {
                let open = &post.path;
                let removed = changes
                    .iter()
                    .any(|c| matches!(c, Change::Remove(p) if open.starts_with(p)));
                if removed {
                    state.notice = Some(format!("{} was deleted", open.display()));
                }
            }
            if let Some(err) = errors.first() {
                state.notice = Some(err.to_string());
            }
            state.store.apply(changes);
        }
        Action::Notice(text) => state.notice = Some(text),
        Action::Coloured { id, colours } => state.add_colours(id, colours),
    }
    state.sync();
}

fn run_command(state: &mut AppState, command: Command) {
    if !matches!(command, Command::ToggleHelp | Command::Quit) {
        state.follow_top = false;
    }
    if let Some(overlay) = state.overlay {
        if scroll_overlay(state, overlay, command) {
            return;
        }
    }
    match command {
        Command::Quit => state.quit = true,
        Command::ToggleHelp => toggle(state, Overlay::Help),
        Command::ToggleInfo => toggle(state, Overlay::PostInfo),
        Command::ToggleDiagnostics => toggle(state, Overlay::Diagnostics),
        Command::Back => {
            if state.overlay.is_some() {
                state.overlay = None;
            } else {
                state.focus = Focus::List;
            }
        }
        Command::FocusNext => state.focus = next_focus(state, 1),
        Command::FocusPrev => state.focus = next_focus(state, 2),
        Command::CycleTag => cycle_tag(state),
        Command::Activate => match state.focus {
            Focus::List => {
                state.open_selected();
                state.focus = Focus::Article;
            }
            Focus::Toc => jump_to_heading(state),
            Focus::Article => {}
        },
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::Top
        | Command::Bottom => {
            move_in_pane(state, command);
        }
    }
}

/// The pane `steps` places after the focused one (2 = one back, of three), skipping the table
/// of contents where the layout has no room for it.
fn next_focus(state: &AppState, steps: usize) -> Focus {
    const ORDER: [Focus; 3] = [Focus::List, Focus::Article, Focus::Toc];
    let toc_fits = state.area.width < 60 || state.area.width >= 100;
    let mut index = ORDER.iter().position(|&f| f == state.focus).unwrap_or(0);
    loop {
        index = (index + steps) % ORDER.len();
        if ORDER[index] != Focus::Toc || toc_fits {
            return ORDER[index];
        }
    }
}

/// A new position after `command`, in a list of `len` items seen `page` at a time.
fn step(position: usize, command: Command, len: usize, page: usize) -> usize {
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

fn move_in_pane(state: &mut AppState, command: Command) {
    match state.focus {
        Focus::List => {
            let rows = state.panes.list_rows();
            state.cursor = step(state.cursor, command, state.visible.len(), rows);
            state.selected = state.visible.get(state.cursor).copied();
        }
        Focus::Article => {
            let rows = state.article_rows();
            let max = state.max_scroll();
            if let Some(view) = &mut state.article {
                // Paging keeps two lines of context; scrolling never goes past the last page,
                // except that a heading jump may have left us beyond it.
                let limit = max.max(view.scroll);
                view.scroll = step(view.scroll, command, limit + 1, rows.saturating_sub(2));
            }
        }
        Focus::Toc => {
            let headings = state.document().map_or(0, |d| d.headings.len());
            state.toc_cursor = step(state.toc_cursor, command, headings, state.panes.toc_rows());
        }
    }
}

/// Scrolls the article so the highlighted heading is its top line.
fn jump_to_heading(state: &mut AppState) {
    let cursor = state.toc_cursor;
    if let Some(view) = &mut state.article
        && let Some(heading) = view.doc.headings.get(cursor)
    {
        view.scroll = heading.line;
    }
}

/// Opens `overlay` at its top, or closes it if it is the one open.
fn toggle(state: &mut AppState, overlay: Overlay) {
    state.overlay = (state.overlay != Some(overlay)).then_some(overlay);
    state.overlay_scroll = 0;
}

/// Scrolls the open overlay for a movement command; `false` for any other command.
fn scroll_overlay(state: &mut AppState, overlay: Overlay, command: Command) -> bool {
    let moves = matches!(
        command,
        Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
    );
    // Measuring builds the overlay's text (for diagnostics, a scan of every post): only a
    // movement needs it.
    if !moves {
        return false;
    }
    let (lines, rows) = ui::overlay::extent(state, overlay);
    let last = lines.saturating_sub(rows);
    let page = rows.saturating_sub(1).max(1);
    let scroll = state.overlay_scroll;
    state.overlay_scroll = match command {
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

/// All posts → the first tag → ... → the last tag → all posts. The list goes to its top.
fn cycle_tag(state: &mut AppState) {
    let keys: Vec<String> = state.store.tags().map(|(tag, _)| tag.key).collect();
    let next = match state.filter.tags.first() {
        None => keys.first().cloned(),
        Some(current) => keys
            .iter()
            .position(|k| k == current)
            .and_then(|i| keys.get(i + 1))
            .cloned(),
    };
    state.filter.tags = next.into_iter().collect();
    state.cursor = 0;
    state.selected = None;
    state.list_offset = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use crate::theme::Theme;
    use std::path::{Path, PathBuf};

    fn post(path: &str, title: &str, date: &str, tag: &str, body: &str) -> Post {
        let text = format!("---\ntitle: \"{title}\"\ndate: {date}\ntag: {tag}\n---\n{body}");
        Post::parse(Path::new(path), &text, None)
    }

    fn long_body() -> String {
        let para = "Some words to fill the article pane with lines.\n\n".repeat(12);
        format!("{para}## First\n\n{para}## Challenges Remain\n\n{para}## Last\n\nend\n")
    }

    fn app() -> AppState {
        let mut state = AppState::new(Theme::no_color());
        update(
            &mut state,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        update(
            &mut state,
            Action::Loaded {
                posts: vec![
                    post("/p/b.md", "Layer2 Scaling", "2024-06-10", "ethereum", "b"),
                    post(
                        "/p/a.md",
                        "Ethereum L2 TVL",
                        "2024-06-19",
                        "defi",
                        &long_body(),
                    ),
                    post("/p/c.md", "Layer2 решения", "2024-06-10", "ethereum", "c"),
                ],
                errors: Vec::new(),
            },
        );
        update(&mut state, Action::LoadFinished);
        state
    }

    fn titles(state: &AppState) -> Vec<&str> {
        state
            .visible
            .iter()
            .filter_map(|&id| state.store.get(id))
            .map(|p| p.title.as_str())
            .collect()
    }

    fn open_title(state: &AppState) -> Option<&str> {
        let id = state.article.as_ref()?.id;
        state.store.get(id).map(|p| p.title.as_str())
    }

    fn press(state: &mut AppState, command: Command) {
        update(state, Action::Command(command));
    }

    #[test]
    fn newest_post_is_selected_and_open_after_loading() {
        let state = app();
        assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
        assert_eq!(open_title(&state), Some("Ethereum L2 TVL"));
        assert_eq!(state.focus, Focus::List);
    }

    #[test]
    fn enter_opens_the_selected_post_and_focuses_the_article() {
        let mut state = app();
        press(&mut state, Command::Down);
        assert_eq!(
            open_title(&state),
            Some("Ethereum L2 TVL"),
            "moving does not open"
        );
        press(&mut state, Command::Activate);
        assert_eq!(open_title(&state), Some(titles(&state)[1]));
        assert_eq!(state.focus, Focus::Article);
    }

    #[test]
    fn enter_in_the_toc_puts_the_heading_at_the_top() {
        let mut state = app();
        press(&mut state, Command::Activate);
        press(&mut state, Command::FocusNext);
        assert_eq!(state.focus, Focus::Toc);
        press(&mut state, Command::Down);
        press(&mut state, Command::Activate);
        let view = state.article.as_ref().expect("open");
        let heading = &view.doc.headings[1];
        assert_eq!(heading.text, "Challenges Remain");
        assert_eq!(view.scroll, heading.line);
        assert_eq!(state.current_heading(), Some(1));
    }

    #[test]
    fn t_cycles_through_every_tag_and_back_to_all() {
        let mut state = app();
        press(&mut state, Command::CycleTag);
        assert_eq!(state.filter.tags, ["defi"]);
        assert_eq!(titles(&state), ["Ethereum L2 TVL"]);
        press(&mut state, Command::CycleTag);
        assert_eq!(state.filter.tags, ["ethereum"]);
        assert_eq!(titles(&state).len(), 2);
        press(&mut state, Command::CycleTag);
        assert!(state.filter.tags.is_empty());
        assert_eq!(titles(&state).len(), 3);
    }

    #[test]
    fn article_scrolls_by_line_page_and_ends() {
        let mut state = app();
        press(&mut state, Command::Activate);
        press(&mut state, Command::Down);
        assert_eq!(state.article.as_ref().map(|a| a.scroll), Some(1));
        press(&mut state, Command::Bottom);
        let max = state.max_scroll();
        assert!(max > 0);
        assert_eq!(state.article.as_ref().map(|a| a.scroll), Some(max));
        press(&mut state, Command::Down);
        assert_eq!(state.article.as_ref().map(|a| a.scroll), Some(max));
        press(&mut state, Command::PageUp);
        assert_eq!(
            state.article.as_ref().map(|a| a.scroll),
            Some(max - (state.article_rows() - 2))
        );
        press(&mut state, Command::Top);
        assert_eq!(state.article.as_ref().map(|a| a.scroll), Some(0));
    }

    #[test]
    fn selection_follows_its_post_when_the_list_changes() {
        let mut state = app();
        press(&mut state, Command::Bottom);
        let selected = state.selected;
        let changed = post("/p/x.md", "Brand new", "2025-01-01", "defi", "x");
        update(
            &mut state,
            Action::Changed {
                changes: vec![Change::Upsert(Box::new(changed))],
                errors: Vec::new(),
            },
        );
        assert_eq!(titles(&state)[0], "Brand new");
        assert_eq!(state.selected, selected);
        assert_eq!(state.cursor, 3);
    }

    #[test]
    fn deleted_open_post_keeps_its_last_render_with_a_notice() {
        let mut state = app();
        let lines = state.document().map(|d| d.lines.len());
        update(
            &mut state,
            Action::Changed {
                changes: vec![Change::Remove(PathBuf::from("/p/a.md"))],
                errors: Vec::new(),
            },
        );
        assert_eq!(titles(&state).len(), 2);
        let view = state.article.as_ref().expect("still open");
        assert!(view.deleted);
        assert_eq!(Some(view.doc.lines.len()), lines);
        assert!(
            state
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("deleted"))
        );
    }

    #[test]
    fn saved_open_post_is_rendered_again() {
        let mut state = app();
        let edited = post(
            "/p/a.md",
            "Ethereum L2 TVL (edited)",
            "2024-06-19",
            "defi",
            "new body\n",
        );
        update(
            &mut state,
            Action::Changed {
                changes: vec![Change::Upsert(Box::new(edited))],
                errors: Vec::new(),
            },
        );
        let doc = state.document().expect("open");
        let first: String = doc.lines[0]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(first, "Ethereum L2 TVL (edited)");
    }

    #[test]
    fn resize_renders_the_article_for_the_new_width() {
        let mut state = app();
        update(
            &mut state,
            Action::Resize {
                width: 200,
                height: 50,
            },
        );
        let width = state.article.as_ref().map(|a| a.width);
        assert_eq!(width, state.panes.article_text().map(|r| r.width));
    }

    #[test]
    fn focus_skips_the_toc_where_it_cannot_be_shown() {
        let mut state = app();
        update(
            &mut state,
            Action::Resize {
                width: 80,
                height: 24,
            },
        );
        press(&mut state, Command::FocusNext);
        press(&mut state, Command::FocusNext);
        assert_eq!(state.focus, Focus::List);
        press(&mut state, Command::FocusPrev);
        assert_eq!(state.focus, Focus::Article);
    }

    #[test]
    fn help_toggles_and_back_closes_it() {
        let mut state = app();
        press(&mut state, Command::ToggleHelp);
        assert_eq!(state.overlay, Some(Overlay::Help));
        press(&mut state, Command::Back);
        assert_eq!(state.overlay, None);
        assert_eq!(state.focus, Focus::List);
        press(&mut state, Command::Quit);
        assert!(state.quit);
    }
}
