//! `update`: the one place the app's state changes. Plain values in, so every behaviour can be
//! tested without a terminal.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::library::links::Target;
use ratatui::layout::{Position, Rect};

use super::effects::Effect;
use super::layout::TocWish;
use super::state::{AppState, DatePicker, DatePreset, Focus, Overlay, Prompt, TagPicker};
use super::ui;
use crate::content::date::parse_range;
use crate::content::loader::LoadError;
use crate::keys::Command;
use crate::library::store::{Change, TagMatch};
use crate::runtime::event::Event;

/// Applies `event` to `state`, brings everything derived from it up to date (the list, the
/// layout, the open post's render, offsets), and returns what the event loop should do outside
/// the state.
pub fn update(state: &mut AppState, event: Event) -> Vec<Effect> {
    update_all(state, std::iter::once(event))
}

/// Applies `events` in order, each seeing the state the ones before it left, and returns the
/// effects they asked for. A run of typed characters is applied at once, so typing fast into a
/// search over 100,000 posts searches once per frame, not once per key. Stops at a quit.
pub fn update_all(state: &mut AppState, events: impl IntoIterator<Item = Event>) -> Vec<Effect> {
    let mut typed = false;
    for event in events {
        let event = match event {
            Event::Key(key) => match super::input::read_key(key, state) {
                Some(event) => event,
                None => continue,
            },
            other => other,
        };
        let typing = matches!(event, Event::Insert(_));
        if !(typing && typed) {
            state.refresh();
        }
        typed = typing;
        apply(state, event);
        if state.session.quit {
            break;
        }
    }
    state.refresh();
    state.take_effects()
}

/// Applies one event, leaving what derives from it to [`AppState::refresh`].
fn apply(state: &mut AppState, event: Event) {
    match event {
        Event::Command(command) => {
            state.session.notice = None;
            run_command(state, command);
        }
        Event::Insert(c) => {
            state.session.notice = None;
            insert(state, c);
        }
        Event::Key(_) => {} // read through the key map by `update_all`
        Event::InputClosed => state.session.quit = true,
        Event::Mouse(event) => mouse(state, event),
        Event::Tick(now) => state.tick(now),
        Event::Resize { width, height } => state.screen.area = Rect::new(0, 0, width, height),
        Event::Discovered { files, finished } => {
            state.load.progress.found = files;
            state.load.progress.walked = finished;
        }
        Event::Loaded { posts, errors } => {
            let unreadable = errors
                .iter()
                .filter(|e| !matches!(e, LoadError::Walk { .. }))
                .count();
            state.load.progress.read += posts.len() + unreadable;
            state
                .load
                .skipped
                .extend(errors.iter().map(ToString::to_string));
            let paths: Vec<_> = posts.iter().map(|p| p.path.clone()).collect();
            state
                .store
                .apply(posts.into_iter().map(|p| Change::Upsert(Box::new(p))));
            state.note_read(&paths);
        }
        Event::LoadFinished => {
            state.load.progress.finished = true;
            if state.settings.follow_saves
                && let Some(id) = state.last_modified()
            {
                state.list.pending_open = Some(id);
                state.screen.focus = Focus::Article;
            }
        }
        Event::Changed { changes, errors } => {
            let open = state.reader.article.as_ref().map(|a| a.id);
            let open_path = open
                .and_then(|id| state.store.get(id))
                .map(|p| p.path.clone());
            if let Some(path) = &open_path {
                let removed = changes
                    .iter()
                    .any(|c| matches!(c, Change::Remove(p) if path.starts_with(p)));
                if removed {
                    state.session.notice = Some(deleted_notice(path));
                }
            }
            if let Some(err) = errors.first() {
                state.session.notice = Some(err.to_string());
            }
            let paths: Vec<_> = changes
                .iter()
                .filter_map(|c| c.post().map(|p| p.path.clone()))
                .collect();
            state.store.apply(changes);
            state.note_read(&paths);
            if state.load.progress.finished {
                let ids = paths.iter().filter_map(|p| state.store.id_of(p));
                state.marks.changed.extend(ids);
                if state.settings.follow_saves
                    && let Some(id) = paths.iter().rev().find_map(|p| state.store.id_of(p))
                {
                    state.list.pending_open = Some(id);
                }
            }
            // The open post deleted and written again (some editors save so): it is back.
            let back = state.reader.article.as_ref().filter(|a| a.deleted);
            if let Some(post) = back.and_then(|a| state.store.get(a.id))
                && state.session.notice.as_deref() == Some(deleted_notice(&post.path).as_str())
            {
                state.session.notice = None;
            }
        }
        Event::Notice(text) => state.session.notice = Some(text),
        Event::Rendered {
            id,
            revision,
            width,
            doc,
        } => state.take_render(id, revision, width, doc),
        Event::Signalled(signal) => {
            state.session.quit = true;
            state.session.ended_by = Some(signal);
        }
        Event::Coloured { id, colours } => state.add_colours(id, colours),
    }
}

/// The notice for the open post's file gone.
fn deleted_notice(path: &std::path::Path) -> String {
    format!("{} was deleted", path.display())
}

fn run_command(state: &mut AppState, command: Command) {
    if !matches!(command, Command::ToggleHelp | Command::Quit) {
        state.list.follow_top = false;
        state.list.selection_lost = None;
    }
    if state.popup.prompt.is_some() {
        prompt_command(state, command);
        return;
    }
    let overlay = state.popup.overlay;
    match overlay {
        Some(Overlay::Tags) => return tag_picker_command(state, command),
        Some(Overlay::Dates) => return date_picker_command(state, command),
        Some(overlay) if scroll_overlay(state, overlay, command) => return,
        _ => {}
    }
    match command {
        Command::Quit => state.session.quit = true,
        Command::ToggleHelp => toggle(state, Overlay::Help),
        Command::ToggleInfo => toggle(state, Overlay::PostInfo),
        Command::ToggleDiagnostics => toggle(state, Overlay::Diagnostics),
        Command::Back => {
            if state.popup.overlay.is_some() {
                state.popup.overlay = None;
            } else if state.screen.focus == Focus::List && !state.list.query.search.is_empty() {
                state.list.query.search.clear();
            } else {
                state.screen.focus = Focus::List;
                state.reader.reading = None;
            }
        }
        Command::FocusNext => state.screen.focus = next_focus(state, 1),
        Command::FocusPrev => state.screen.focus = next_focus(state, 2),
        Command::Tags => {
            state.popup.tag_picker = TagPicker::default();
            state.popup.overlay = Some(Overlay::Tags);
        }
        Command::ClearTags => {
            state.list.query.filter.tags.clear();
            to_list_top(state);
        }
        Command::Dates => {
            state.popup.date_picker = DatePicker::default();
            state.popup.overlay = Some(Overlay::Dates);
        }
        Command::Search => state.popup.prompt = Some(Prompt::Search),
        Command::OpenLink | Command::CopyLink => {
            let links = state.document().map_or(0, |d| d.links.len());
            if links == 0 {
                state.session.notice = Some("This post has no links.".to_string());
            } else {
                state.popup.prompt = Some(if command == Command::OpenLink {
                    Prompt::OpenLink
                } else {
                    Prompt::CopyLink
                });
                state.popup.prompt_input.clear();
            }
        }
        Command::NextMatch => step_match(state, true),
        Command::PrevMatch => step_match(state, false),
        Command::CycleSort => {
            state.list.query.sort = state.list.query.sort.next();
            state.session.notice = Some(format!("sorted {}", state.list.query.sort.label()));
        }
        Command::NextHeading => heading_step(state, true),
        Command::PrevHeading => heading_step(state, false),
        Command::ToggleToc => {
            let shown = state.screen.panes.toc.is_some();
            state.reader.toc_choice = Some(!shown);
            if shown && state.screen.focus == Focus::Toc {
                state.screen.focus = Focus::Article;
            }
        }
        Command::ToggleRead => {
            if let Some(id) = state.list.selected {
                let read = !state.is_read(id);
                state.set_read(id, read);
                if state.reader.reading.is_some_and(|(r, _)| r == id) {
                    state.reader.reading = None;
                }
            }
        }
        Command::ToggleUnread => {
            state.list.query.unread_only = !state.list.query.unread_only;
            to_list_top(state);
        }
        Command::ToggleDrafts => state.list.query.drafts = !state.list.query.drafts,
        Command::GroupSections => {
            state.list.query.group_sections = !state.list.query.group_sections;
            state.session.notice = Some(if state.list.query.group_sections {
                "grouped by section".to_string()
            } else {
                "posts only, not grouped".to_string()
            });
        }
        Command::HistoryBack => {
            if !state.step_history(false) {
                state.session.notice = Some(format!(
                    "Nothing to go back to: follow a link with {}.",
                    state.settings.keymap.hint(Command::OpenLink)
                ));
            }
        }
        Command::HistoryForward => {
            if !state.step_history(true) {
                state.session.notice = Some("Nothing to go forward to.".to_string());
            }
        }
        Command::Edit => edit(state),
        Command::Activate => match state.screen.focus {
            Focus::List => {
                state.open_selected();
                state.screen.focus = Focus::Article;
                state.start_reading();
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
        Command::Select | Command::ToggleTagMatch | Command::DeleteBack | Command::ClearInput => {}
    }
}

/// Asks the event loop to edit the open post (reading) or the selected one (browsing).
fn edit(state: &mut AppState) {
    let id = match (&state.reader.article, state.screen.focus) {
        (Some(view), Focus::Article | Focus::Toc) => Some(view.id),
        _ => state.list.selected,
    };
    let Some(path) = id
        .and_then(|id| state.store.get(id))
        .map(|p| p.path.to_path_buf())
    else {
        return;
    };
    if path.is_file() {
        state.ask(Effect::Edit(path));
    } else {
        state.session.notice = Some(format!("{} is not a file on disk", path.display()));
    }
}

/// The list goes back to its top (after the filter changed under it).
fn to_list_top(state: &mut AppState) {
    state.list.cursor = 0;
    state.list.selected = None;
    state.list.offset = 0;
}

/// A character typed into the prompt or the open picker.
fn insert(state: &mut AppState, c: char) {
    if c.is_control() {
        return;
    }
    match (state.popup.prompt, state.popup.overlay) {
        (Some(Prompt::Search), _) => {
            state.list.query.search.push(c);
            to_list_top(state);
        }
        (Some(Prompt::OpenLink | Prompt::CopyLink), _) if c.is_ascii_digit() => {
            state.popup.prompt_input.push(c);
        }
        (None, Some(Overlay::Tags)) => {
            state.popup.tag_picker.narrow.push(c);
            state.popup.tag_picker.cursor = 0;
        }
        (None, Some(Overlay::Dates)) => {
            state.popup.date_picker.input.push(c);
            state.popup.date_picker.error = None;
        }
        _ => {}
    }
}

/// A key while the prompt is open: Enter applies, Esc cancels, Backspace edits.
fn prompt_command(state: &mut AppState, command: Command) {
    let Some(prompt) = state.popup.prompt else {
        return;
    };
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back => {
            if prompt == Prompt::Search {
                state.list.query.search.clear();
            }
            state.popup.prompt = None;
        }
        Command::DeleteBack | Command::ClearInput => {
            let text = state.prompt_text_mut();
            if command == Command::DeleteBack {
                text.pop();
            } else {
                text.clear();
            }
            if prompt == Prompt::Search {
                to_list_top(state);
            }
        }
        Command::Activate => {
            state.popup.prompt = None;
            match prompt {
                Prompt::Search => state.screen.focus = Focus::List,
                Prompt::OpenLink | Prompt::CopyLink => follow_link(state, prompt),
            }
        }
        _ => {}
    }
}

/// Opens or copies the link whose number was typed.
fn follow_link(state: &mut AppState, prompt: Prompt) {
    let number: Option<usize> = state.popup.prompt_input.parse().ok();
    let url = number.and_then(|n| {
        state
            .document()?
            .links
            .iter()
            .find(|l| l.number == n)
            .map(|l| l.url.clone())
    });
    let Some(url) = url else {
        state.session.notice = Some(format!(
            "No link [{}] in this post.",
            state.popup.prompt_input
        ));
        return;
    };
    if prompt == Prompt::CopyLink {
        state.session.notice = Some(format!("Copied {url}"));
        state.ask(Effect::Copy(url));
        return;
    }
    follow_url(state, url);
}

/// Follows a link of the open post: another post opens here, a web address in the browser.
fn follow_url(state: &mut AppState, url: String) {
    let Some(from) = state.reader.article.as_ref().map(|a| a.id) else {
        return;
    };
    match state.resolve_link(from, &url) {
        Target::Web(url) => {
            state.session.notice = Some(format!("Opening {url}"));
            state.ask(Effect::OpenUrl(url));
        }
        Target::Post { id, anchor } => state.follow_to(id, anchor),
        Target::Unresolved(why) => state.session.notice = Some(why),
    }
}

fn tag_picker_command(state: &mut AppState, command: Command) {
    let tags = state.picker_tags();
    let shown = tags.len();
    let cursor = state.popup.tag_picker.cursor;
    let highlighted = tags.get(cursor).map(|(t, _)| t.key.clone());
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back => state.popup.overlay = None,
        Command::Activate => {
            if state.list.query.filter.tags.is_empty()
                && let Some(key) = highlighted
            {
                state.list.query.filter.tags.push(key);
                to_list_top(state);
            }
            state.popup.overlay = None;
        }
        Command::Select => {
            if let Some(key) = highlighted {
                match state.list.query.filter.tags.iter().position(|k| *k == key) {
                    Some(i) => {
                        state.list.query.filter.tags.remove(i);
                    }
                    None => state.list.query.filter.tags.push(key),
                }
                to_list_top(state);
            }
        }
        Command::ToggleTagMatch => {
            state.list.query.filter.tag_match = match state.list.query.filter.tag_match {
                TagMatch::Any => TagMatch::All,
                TagMatch::All => TagMatch::Any,
            };
            to_list_top(state);
        }
        Command::DeleteBack => {
            state.popup.tag_picker.narrow.pop();
            state.popup.tag_picker.cursor = 0;
        }
        Command::ClearInput => {
            state.popup.tag_picker.narrow.clear();
            state.popup.tag_picker.cursor = 0;
        }
        Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
            let page = usize::from(state.screen.area.height.saturating_sub(8)).max(1);
            state.popup.tag_picker.cursor = step(cursor, command, shown, page);
        }
        _ => {}
    }
}

fn date_picker_command(state: &mut AppState, command: Command) {
    let picker = &mut state.popup.date_picker;
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back => state.popup.overlay = None,
        Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
            picker.cursor = step(picker.cursor, command, DatePreset::ALL.len(), 5);
        }
        Command::DeleteBack => {
            picker.input.pop();
            picker.error = None;
        }
        Command::ClearInput => {
            picker.input.clear();
            picker.error = None;
        }
        Command::Activate => {
            let (range, label) = if picker.input.trim().is_empty() {
                let preset = DatePreset::ALL[picker.cursor.min(DatePreset::ALL.len() - 1)];
                let label = (preset != DatePreset::All).then(|| preset.label().to_string());
                (preset.range(state.session.today), label)
            } else {
                match parse_range(&picker.input) {
                    Ok(range) => (range, Some(picker.input.trim().to_string())),
                    Err(err) => {
                        picker.error = Some(err.to_string());
                        return;
                    }
                }
            };
            state.list.query.filter.from = range.from;
            state.list.query.filter.to = range.to;
            state.list.date_label = label;
            state.popup.overlay = None;
            to_list_top(state);
        }
        _ => {}
    }
}

/// Moves to the next (or previous) search match in the article, and scrolls it into view a
/// third of the way down the pane.
fn step_match(state: &mut AppState, forward: bool) {
    if state.reader.matches.is_empty() {
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
    let count = state.reader.matches.len();
    let next = match state.reader.match_cursor {
        Some(i) if forward => (i + 1) % count,
        Some(i) => (i + count - 1) % count,
        // The first match from the top of the pane down (or above it, going back).
        None if forward => state
            .reader
            .matches
            .iter()
            .position(|m| m.line >= view.scroll)
            .unwrap_or(0),
        None => state
            .reader
            .matches
            .iter()
            .rposition(|m| m.line < view.scroll)
            .unwrap_or(count - 1),
    };
    state.reader.match_cursor = Some(next);
    let line = state.reader.matches[next].line;
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
fn heading_step(state: &mut AppState, forward: bool) {
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

/// A wheel turn scrolls the pane under the pointer by this many lines.
const WHEEL_LINES: usize = 3;

/// The wheel scrolls the pane under the pointer; a click selects a post (a second click opens
/// it) or a heading (and jumps to it).
fn mouse(state: &mut AppState, event: MouseEvent) {
    if state.popup.overlay.is_some() || state.popup.prompt.is_some() {
        return;
    }
    let at = Position::new(event.column, event.row);
    let panes = state.screen.panes;
    let pane = [
        (panes.list, Focus::List),
        (panes.article, Focus::Article),
        (panes.toc, Focus::Toc),
    ]
    .into_iter()
    .find_map(|(rect, focus)| rect.filter(|r| r.contains(at)).map(|r| (r, focus)));
    let Some((rect, pane)) = pane else {
        return;
    };
    state.list.follow_top = false;
    let inner = super::layout::inner(rect);
    let row = usize::from(at.y.saturating_sub(inner.y));
    match event.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let command = if event.kind == MouseEventKind::ScrollDown {
                Command::Down
            } else {
                Command::Up
            };
            let focus = std::mem::replace(&mut state.screen.focus, pane);
            for _ in 0..WHEEL_LINES {
                move_in_pane(state, command);
            }
            state.screen.focus = focus;
        }
        MouseEventKind::Down(MouseButton::Left) if inner.contains(at) => match pane {
            Focus::List => {
                let index = state.list.offset + row;
                if index < state.list.visible.len() {
                    let again = index == state.list.cursor;
                    state.list.cursor = index;
                    state.list.selected = state.list.visible.get(index).copied();
                    state.screen.focus = Focus::List;
                    if again {
                        state.open_selected();
                        state.screen.focus = Focus::Article;
                        state.start_reading();
                    }
                }
            }
            Focus::Toc => {
                let index = state.toc_offset() + row;
                if index < state.document().map_or(0, |d| d.headings.len()) {
                    state.reader.toc_cursor = index;
                    state.screen.focus = Focus::Toc;
                    jump_to_heading(state);
                }
            }
            Focus::Article => {
                state.screen.focus = Focus::Article;
                if let Some(url) = link_at(state, at) {
                    follow_url(state, url);
                }
            }
        },
        _ => {}
    }
}

/// The URL of the link whose text is drawn at `at` in the article, if any.
fn link_at(state: &AppState, at: Position) -> Option<String> {
    let area = state.article_lines_area()?;
    if !area.contains(at) {
        return None;
    }
    let view = state.reader.article.as_ref()?;
    let line = view.scroll + usize::from(at.y - area.y);
    let column = at.x - area.x;
    let doc = &view.doc;
    let first = doc.link_spans.partition_point(|s| s.line < line);
    doc.link_spans[first..]
        .iter()
        .take_while(|s| s.line == line)
        .find(|s| (s.column..s.column + s.width).contains(&column))
        .and_then(|s| doc.links.get(s.link))
        .map(|l| l.url.clone())
}

/// The pane `steps` places after the focused one (2 = one back, of three), skipping the table
/// of contents where it is not shown.
fn next_focus(state: &AppState, steps: usize) -> Focus {
    const ORDER: [Focus; 3] = [Focus::List, Focus::Article, Focus::Toc];
    let narrow = state.screen.panes.list.is_none() || state.screen.panes.article.is_none();
    let toc_fits = match state.toc_wish() {
        TocWish::Hidden => false,
        TocWish::Shown => true,
        // Reading from the list at 100+ columns brings the contents out.
        TocWish::Auto => {
            narrow || state.screen.panes.toc.is_some() || state.screen.area.width >= 100
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
    match state.screen.focus {
        Focus::List => {
            let rows = state.screen.panes.list_rows();
            state.list.cursor = step(state.list.cursor, command, state.list.visible.len(), rows);
            state.list.selected = state.list.visible.get(state.list.cursor).copied();
        }
        Focus::Article => {
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

/// Scrolls the article so the highlighted heading is its top line.
fn jump_to_heading(state: &mut AppState) {
    let cursor = state.reader.toc_cursor;
    if let Some(view) = &mut state.reader.article
        && let Some(heading) = view.doc.headings.get(cursor)
    {
        view.scroll = heading.line;
    }
}

/// Opens `overlay` at its top, or closes it if it is the one open.
fn toggle(state: &mut AppState, overlay: Overlay) {
    state.popup.overlay = (state.popup.overlay != Some(overlay)).then_some(overlay);
    state.popup.overlay_scroll = 0;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{READ_AFTER, SortOrder};
    use crate::content::Post;
    use crate::theme::Theme;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

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
            Event::Resize {
                width: 120,
                height: 40,
            },
        );
        update(
            &mut state,
            Event::Loaded {
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
        update(&mut state, Event::LoadFinished);
        state
    }

    fn titles(state: &AppState) -> Vec<&str> {
        state
            .list
            .visible
            .iter()
            .filter_map(|&id| state.store.get(id))
            .map(|p| p.title.as_str())
            .collect()
    }

    fn open_title(state: &AppState) -> Option<&str> {
        let id = state.reader.article.as_ref()?.id;
        state.store.get(id).map(|p| p.title.as_str())
    }

    fn press(state: &mut AppState, command: Command) -> Vec<Effect> {
        update(state, Event::Command(command))
    }

    #[test]
    fn newest_post_is_selected_and_open_after_loading() {
        let state = app();
        assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
        assert_eq!(open_title(&state), Some("Ethereum L2 TVL"));
        assert_eq!(state.screen.focus, Focus::List);
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
        assert_eq!(state.screen.focus, Focus::Article);
    }

    #[test]
    fn enter_in_the_toc_puts_the_heading_at_the_top() {
        let mut state = app();
        press(&mut state, Command::Activate);
        press(&mut state, Command::FocusNext);
        assert_eq!(state.screen.focus, Focus::Toc);
        press(&mut state, Command::Down);
        press(&mut state, Command::Activate);
        let view = state.reader.article.as_ref().expect("open");
        let heading = &view.doc.headings[1];
        assert_eq!(heading.text, "Challenges Remain");
        assert_eq!(view.scroll, heading.line);
        assert_eq!(state.current_heading(), Some(1));
    }

    fn typed(state: &mut AppState, text: &str) {
        for c in text.chars() {
            update(state, Event::Insert(c));
        }
    }

    #[test]
    fn tag_picker_selects_several_tags_with_counts_and_any_or_all() {
        let mut state = app();
        press(&mut state, Command::Tags);
        assert_eq!(state.popup.overlay, Some(Overlay::Tags));
        let counts: Vec<_> = state
            .picker_tags()
            .iter()
            .map(|(t, n)| (t.key.clone(), *n))
            .collect();
        assert_eq!(
            counts,
            [("defi".to_string(), 1), ("ethereum".to_string(), 2)]
        );
        press(&mut state, Command::Select);
        press(&mut state, Command::Down);
        press(&mut state, Command::Select);
        assert_eq!(state.list.query.filter.tags, ["defi", "ethereum"]);
        assert_eq!(titles(&state).len(), 3, "any of the two");
        press(&mut state, Command::ToggleTagMatch);
        assert!(titles(&state).is_empty(), "no post has both");
        press(&mut state, Command::ToggleTagMatch);
        // Typing narrows the tags shown; Space unselects the one highlighted.
        typed(&mut state, "eth");
        assert_eq!(state.picker_tags().len(), 1);
        press(&mut state, Command::Select);
        assert_eq!(state.list.query.filter.tags, ["defi"]);
        press(&mut state, Command::Activate);
        assert_eq!(state.popup.overlay, None);
        assert_eq!(titles(&state), ["Ethereum L2 TVL"]);
        press(&mut state, Command::ClearTags);
        assert_eq!(titles(&state).len(), 3);
    }

    #[test]
    fn browsing_preview_never_shows_a_post_the_filter_hid() {
        let mut state = app();
        assert_eq!(open_title(&state), Some("Ethereum L2 TVL"));
        press(&mut state, Command::Tags);
        press(&mut state, Command::Down);
        press(&mut state, Command::Select);
        assert_eq!(open_title(&state), Some(titles(&state)[0]));
        assert_ne!(open_title(&state), Some("Ethereum L2 TVL"));
    }

    #[test]
    fn tag_counts_follow_the_other_filters() {
        let mut state = app();
        press(&mut state, Command::Search);
        typed(&mut state, "layer2");
        press(&mut state, Command::Activate);
        press(&mut state, Command::Tags);
        let counts: Vec<_> = state.picker_tags().iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, [0, 2]);
    }

    #[test]
    fn date_picker_applies_presets_and_typed_ranges() {
        let mut state = app();
        state.session.today = "2024-06-20".parse().expect("date");
        press(&mut state, Command::Dates);
        let months: Vec<_> = state
            .derived
            .histogram
            .iter()
            .map(|m| (m.month, m.posts))
            .collect();
        assert_eq!(months, [(6, 3)]);
        press(&mut state, Command::Down);
        press(&mut state, Command::Down);
        press(&mut state, Command::Activate);
        assert_eq!(state.list.date_label.as_deref(), Some("last 7 days"));
        assert_eq!(titles(&state), ["Ethereum L2 TVL"]);
        press(&mut state, Command::Dates);
        typed(&mut state, "2024-06-01..2024-06-12");
        press(&mut state, Command::Activate);
        assert_eq!(titles(&state).len(), 2);
        press(&mut state, Command::Dates);
        typed(&mut state, "June");
        press(&mut state, Command::Activate);
        assert_eq!(
            state.popup.overlay,
            Some(Overlay::Dates),
            "a bad range keeps the picker open"
        );
        assert!(state.popup.date_picker.error.is_some());
        press(&mut state, Command::ClearInput);
        press(&mut state, Command::Top);
        press(&mut state, Command::Activate);
        assert_eq!(titles(&state).len(), 3);
    }

    #[test]
    fn search_ranks_titles_first_and_esc_in_the_list_clears_it() {
        let mut state = app();
        press(&mut state, Command::Search);
        typed(&mut state, "Layer2");
        assert_eq!(titles(&state), ["Layer2 Scaling", "Layer2 решения"]);
        press(&mut state, Command::Activate);
        assert_eq!(state.popup.prompt, None);
        assert_eq!(state.list.query.search, "Layer2");
        press(&mut state, Command::Back);
        assert!(state.list.query.search.is_empty());
        assert_eq!(titles(&state).len(), 3);
    }

    #[test]
    fn n_moves_between_matches_in_the_article() {
        let mut state = app();
        press(&mut state, Command::Search);
        typed(&mut state, "challenges");
        press(&mut state, Command::Activate);
        press(&mut state, Command::Activate);
        assert!(!state.reader.matches.is_empty());
        press(&mut state, Command::NextMatch);
        assert_eq!(state.reader.match_cursor, Some(0));
        let line = state.reader.matches[0].line;
        let view = state.reader.article.as_ref().expect("open");
        assert!(view.scroll <= line && line < view.scroll + state.article_rows());
        press(&mut state, Command::PrevMatch);
        assert_eq!(
            state.reader.match_cursor,
            Some(state.reader.matches.len() - 1)
        );
    }

    #[test]
    fn brackets_jump_between_headings_and_the_contents_follow() {
        let mut state = app();
        press(&mut state, Command::Activate);
        for _ in 0..3 {
            press(&mut state, Command::NextHeading);
        }
        let view = state.reader.article.as_ref().expect("open");
        assert_eq!(view.scroll, view.doc.headings[2].line);
        assert_eq!(state.current_heading(), Some(2));
        assert_eq!(state.reader.toc_cursor, 2, "scrollspy");
        press(&mut state, Command::PrevHeading);
        assert_eq!(state.current_heading(), Some(1));
    }

    #[test]
    fn sort_switches_between_date_title_modified_and_weight() {
        let mut state = app();
        press(&mut state, Command::CycleSort);
        assert_eq!(
            titles(&state),
            ["Ethereum L2 TVL", "Layer2 Scaling", "Layer2 решения"]
        );
        press(&mut state, Command::CycleSort);
        press(&mut state, Command::CycleSort);
        assert_eq!(state.list.query.sort, SortOrder::Weight);
        press(&mut state, Command::CycleSort);
        assert_eq!(state.list.query.sort, SortOrder::Date);
    }

    #[test]
    fn a_post_read_for_a_moment_is_marked_and_u_hides_it() {
        let mut state = app();
        press(&mut state, Command::Activate);
        let (id, since) = state.reader.reading.expect("reading");
        update(&mut state, Event::Tick(since + READ_AFTER / 2));
        assert!(!state.is_read(id));
        let effects = update(&mut state, Event::Tick(since + READ_AFTER));
        assert!(state.is_read(id));
        assert!(
            matches!(effects[..], [Effect::SaveReadState]),
            "{effects:?}"
        );
        press(&mut state, Command::Back);
        press(&mut state, Command::ToggleUnread);
        assert_eq!(titles(&state).len(), 2);
        press(&mut state, Command::ToggleUnread);
        press(&mut state, Command::Top);
        press(&mut state, Command::ToggleRead);
        assert!(!state.is_read(id));
    }

    #[test]
    fn link_prompt_opens_only_web_and_mail_links() {
        let mut state = app();
        let body = "[a](https://go.dev/) [b](file:///etc/passwd) [c](mailto:x@y.z)\n";
        let changed = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", body);
        update(
            &mut state,
            Event::Changed {
                changes: vec![Change::Upsert(Box::new(changed))],
                errors: Vec::new(),
            },
        );
        for (number, opened) in [("1", true), ("2", false), ("3", true), ("9", false)] {
            press(&mut state, Command::OpenLink);
            typed(&mut state, number);
            let effects = press(&mut state, Command::Activate);
            assert_eq!(effects.len(), usize::from(opened), "{number}: {effects:?}");
        }
        press(&mut state, Command::CopyLink);
        typed(&mut state, "2");
        let effects = press(&mut state, Command::Activate);
        assert!(
            matches!(&effects[..], [Effect::Copy(url)] if url == "file:///etc/passwd"),
            "{effects:?}"
        );
    }

    #[test]
    fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select() {
        use ratatui::crossterm::event::KeyModifiers;
        let mut state = app();
        press(&mut state, Command::Activate);
        let article = state.screen.panes.article.expect("article");
        let wheel = |column, row, kind| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        update(
            &mut state,
            wheel(article.x + 2, article.y + 2, MouseEventKind::ScrollDown),
        );
        assert_eq!(
            state.reader.article.as_ref().map(|a| a.scroll),
            Some(WHEEL_LINES)
        );
        let list = state.screen.panes.list.expect("list");
        let click = MouseEventKind::Down(MouseButton::Left);
        update(&mut state, wheel(list.x + 2, list.y + 2, click));
        assert_eq!(state.list.cursor, 1);
        assert_eq!(state.screen.focus, Focus::List);
        update(&mut state, wheel(list.x + 2, list.y + 2, click));
        assert_eq!(state.screen.focus, Focus::Article, "a second click opens");
        assert_eq!(open_title(&state), Some(titles(&state)[1]));
    }

    #[test]
    fn article_scrolls_by_line_page_and_ends() {
        let mut state = app();
        press(&mut state, Command::Activate);
        press(&mut state, Command::Down);
        assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(1));
        press(&mut state, Command::Bottom);
        let max = state.max_scroll();
        assert!(max > 0);
        assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(max));
        press(&mut state, Command::Down);
        assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(max));
        press(&mut state, Command::PageUp);
        assert_eq!(
            state.reader.article.as_ref().map(|a| a.scroll),
            Some(max - (state.article_rows() - 2))
        );
        press(&mut state, Command::Top);
        assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(0));
    }

    #[test]
    fn selection_follows_its_post_when_the_list_changes() {
        let mut state = app();
        press(&mut state, Command::Bottom);
        let selected = state.list.selected;
        let changed = post("/p/x.md", "Brand new", "2025-01-01", "defi", "x");
        update(
            &mut state,
            Event::Changed {
                changes: vec![Change::Upsert(Box::new(changed))],
                errors: Vec::new(),
            },
        );
        assert_eq!(titles(&state)[0], "Brand new");
        assert_eq!(state.list.selected, selected);
        assert_eq!(state.list.cursor, 3);
    }

    #[test]
    fn deleted_open_post_keeps_its_last_render_with_a_notice() {
        let mut state = app();
        let lines = state.document().map(|d| d.lines.len());
        update(
            &mut state,
            Event::Changed {
                changes: vec![Change::Remove(PathBuf::from("/p/a.md"))],
                errors: Vec::new(),
            },
        );
        assert_eq!(titles(&state).len(), 2);
        let view = state.reader.article.as_ref().expect("still open");
        assert!(view.deleted);
        assert_eq!(Some(view.doc.lines.len()), lines);
        assert!(
            state
                .session
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
            Event::Changed {
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
    fn a_save_keeps_the_reader_in_the_same_section() {
        let mut state = app();
        press(&mut state, Command::Activate);
        press(&mut state, Command::NextHeading);
        press(&mut state, Command::NextHeading);
        let before = state
            .reader
            .article
            .as_ref()
            .map(|a| a.scroll)
            .expect("open");
        let body = format!("A new first paragraph.\n\nAnd a second.\n\n{}", long_body());
        let edited = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", &body);
        update(
            &mut state,
            Event::Changed {
                changes: vec![Change::Upsert(Box::new(edited))],
                errors: Vec::new(),
            },
        );
        let view = state.reader.article.as_ref().expect("open");
        let heading = &view.doc.headings[1];
        assert_eq!(heading.text, "Challenges Remain");
        assert_eq!(view.scroll, heading.line);
        assert!(
            view.scroll > before,
            "the text under the reader moved down, and so did the view"
        );
    }

    fn changed(state: &mut AppState, changes: Vec<Change>) -> Vec<Effect> {
        update(
            state,
            Event::Changed {
                changes,
                errors: Vec::new(),
            },
        )
    }

    /// Opens the long post at its second section and returns the heading at the top.
    fn reading_challenges(state: &mut AppState) -> String {
        press(state, Command::Activate);
        press(state, Command::NextHeading);
        press(state, Command::NextHeading);
        let view = state.reader.article.as_ref().expect("open");
        let top = state.current_heading().expect("a heading");
        assert_eq!(view.scroll, view.doc.headings[top].line);
        view.doc.headings[top].text.clone()
    }

    fn top_heading(state: &AppState) -> Option<String> {
        let view = state.reader.article.as_ref()?;
        let index = state.current_heading()?;
        (view.doc.headings[index].line == view.scroll)
            .then(|| view.doc.headings[index].text.clone())
    }

    #[test]
    fn a_post_deleted_then_created_again_comes_back_in_place_and_selected() {
        let mut state = app();
        let heading = reading_challenges(&mut state);
        let id = state.reader.article.as_ref().map(|a| a.id);
        changed(&mut state, vec![Change::Remove(PathBuf::from("/p/a.md"))]);
        assert!(state.reader.article.as_ref().is_some_and(|a| a.deleted));
        assert_ne!(state.list.selected, id, "the list moved on to another post");
        assert!(state.article_banner().join(" ").contains("deleted"));

        let body = format!("Added while it was away.\n\n{}", long_body());
        let again = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", &body);
        changed(&mut state, vec![Change::Upsert(Box::new(again))]);
        let view = state.reader.article.as_ref().expect("open");
        assert!(!view.deleted);
        assert_eq!(Some(view.id), id);
        assert_eq!(state.list.selected, id);
        assert_eq!(
            state.session.notice, None,
            "the deleted notice went with it"
        );
        assert!(state.article_banner().is_empty());
        assert_eq!(top_heading(&state), Some(heading));
    }

    #[test]
    fn a_renamed_open_post_is_followed_to_its_new_path() {
        let mut state = app();
        let heading = reading_challenges(&mut state);
        let id = state.reader.article.as_ref().map(|a| a.id);
        let moved = post(
            "/p/renamed.md",
            "Ethereum L2 TVL",
            "2024-06-19",
            "defi",
            &long_body(),
        );
        changed(
            &mut state,
            vec![Change::Moved {
                from: PathBuf::from("/p/a.md"),
                post: Box::new(moved),
            }],
        );
        let view = state.reader.article.as_ref().expect("open");
        assert!(!view.deleted);
        assert_eq!(Some(view.id), id);
        assert_eq!(state.list.selected, id);
        assert_eq!(state.session.notice, None);
        assert_eq!(top_heading(&state), Some(heading));
        let path = id
            .and_then(|id| state.store.get(id))
            .map(|p| p.path.clone());
        assert_eq!(path.as_deref(), Some(Path::new("/p/renamed.md")));
    }

    #[test]
    fn a_broken_front_matter_keeps_the_last_render_under_a_banner_until_fixed() {
        let mut state = app();
        let heading = reading_challenges(&mut state);
        let doc = state.reader.article.as_ref().map(|a| Arc::clone(&a.doc));
        let broken = format!(
            "---\ntitle: \"Ethereum L2 TVL\ndate: 2024-06-19\n---\nHalf written.\n{}",
            long_body()
        );
        let broken = Post::parse(Path::new("/p/a.md"), broken, None);
        changed(&mut state, vec![Change::Upsert(Box::new(broken))]);
        let view = state.reader.article.as_ref().expect("open");
        assert!(
            doc.is_some_and(|d| Arc::ptr_eq(&d, &view.doc)),
            "not rendered again"
        );
        assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
        let banner = state.article_banner().join(" ");
        assert!(banner.contains("front matter at line"), "{banner}");
        assert!(banner.contains("last version"), "{banner}");
        assert_eq!(top_heading(&state), Some(heading.clone()));

        let body = format!("Fixed.\n\n{}", long_body());
        let fixed = post(
            "/p/a.md",
            "Ethereum L2 TVL, fixed",
            "2024-06-19",
            "defi",
            &body,
        );
        changed(&mut state, vec![Change::Upsert(Box::new(fixed))]);
        assert!(state.article_banner().is_empty());
        assert_eq!(open_title(&state), Some("Ethereum L2 TVL, fixed"));
        assert_eq!(top_heading(&state), Some(heading));
    }

    #[test]
    fn posts_added_or_changed_on_disk_are_marked_until_opened() {
        let mut state = app();
        assert!(
            state.marks.changed.is_empty(),
            "the initial load marks nothing"
        );
        let open = state.reader.article.as_ref().map(|a| a.id);
        let edited = post("/p/b.md", "Layer2 Scaling", "2024-06-10", "ethereum", "b2");
        let added = post("/p/d.md", "Added", "2024-01-01", "defi", "d");
        let open_edited = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", "x");
        changed(
            &mut state,
            vec![
                Change::Upsert(Box::new(edited)),
                Change::Upsert(Box::new(added)),
                Change::Upsert(Box::new(open_edited)),
            ],
        );
        let id = |path: &str| state.store.id_of(Path::new(path)).expect("stored");
        let (b, d) = (id("/p/b.md"), id("/p/d.md"));
        assert_eq!(state.marks.changed, [b, d].into_iter().collect());
        assert!(
            open.is_some_and(|a| !state.marks.changed.contains(&a)),
            "being viewed"
        );

        let row = state
            .list
            .visible
            .iter()
            .position(|&v| v == b)
            .expect("listed");
        for _ in 0..row {
            press(&mut state, Command::Down);
        }
        assert!(state.marks.changed.contains(&b), "selecting is not viewing");
        press(&mut state, Command::Activate);
        assert_eq!(state.marks.changed, [d].into_iter().collect());
    }

    #[test]
    fn follow_opens_the_last_modified_post_then_each_post_saved() {
        use crate::content::FileStamp;
        use std::time::{Duration, SystemTime};
        let at = |secs| FileStamp {
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
            bytes: 1,
        };
        let mut state = AppState::new(Theme::no_color());
        state.settings.follow_saves = true;
        update(
            &mut state,
            Event::Resize {
                width: 120,
                height: 40,
            },
        );
        let mut posts = vec![
            post("/p/a.md", "Newest date", "2024-06-19", "defi", "a"),
            post("/p/b.md", "Saved last", "2020-01-01", "defi", "b"),
            post("/p/c.md", "Third", "2022-01-01", "defi", "c"),
        ];
        for (post, secs) in posts.iter_mut().zip([100, 300, 200]) {
            post.file = Some(at(secs));
        }
        update(
            &mut state,
            Event::Loaded {
                posts,
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::LoadFinished);
        assert_eq!(open_title(&state), Some("Saved last"));
        assert_eq!(state.screen.focus, Focus::Article);
        assert_eq!(state.list.cursor, 2);

        let mut saved = post("/p/c.md", "Third, edited", "2022-01-01", "defi", "c2");
        saved.file = Some(at(400));
        changed(&mut state, vec![Change::Upsert(Box::new(saved))]);
        assert_eq!(open_title(&state), Some("Third, edited"));
        assert_eq!(state.list.selected, state.store.id_of(Path::new("/p/c.md")));
        assert_eq!(state.list.cursor, 1);
    }

    #[test]
    fn a_large_post_renders_off_the_ui_thread_and_keeps_the_place_when_it_comes() {
        use crate::app::state::BACKGROUND_RENDER_BYTES;
        let mut state = app();
        let heading = reading_challenges(&mut state);
        let old = state
            .reader
            .article
            .as_ref()
            .map(|a| Arc::clone(&a.doc))
            .expect("open");
        let filler = "A paragraph of filler words for a very large post.\n\n";
        let body = format!(
            "{}{}",
            filler.repeat(BACKGROUND_RENDER_BYTES / filler.len() + 1),
            long_body()
        );
        let large = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", &body);
        let effects = changed(&mut state, vec![Change::Upsert(Box::new(large))]);
        // Not rendered yet: the last render stays, under a "Rendering…" banner.
        let view = state.reader.article.as_ref().expect("open");
        assert!(Arc::ptr_eq(&old, &view.doc));
        assert!(state.article_banner().join(" ").contains("Rendering"));
        let request = effects
            .into_iter()
            .find_map(|e| match e {
                Effect::Render(request) => Some(request),
                _ => None,
            })
            .expect("a render to make");
        let (id, revision, width) = (request.id, request.revision, request.width);
        let doc = crate::render::render_post_safely(
            &request.post,
            width,
            &request.theme,
            &request.colours,
        );
        // A render for another width (the pane was resized meanwhile) is dropped.
        let stale = doc.clone();
        update(
            &mut state,
            Event::Rendered {
                id,
                revision,
                width: width + 1,
                doc: stale,
            },
        );
        assert!(
            state
                .reader
                .article
                .as_ref()
                .is_some_and(|v| Arc::ptr_eq(&old, &v.doc))
        );
        update(
            &mut state,
            Event::Rendered {
                id,
                revision,
                width,
                doc,
            },
        );
        assert!(state.article_banner().is_empty());
        assert_eq!(top_heading(&state), Some(heading));
        assert!(state.document().is_some_and(|d| d.lines.len() > 10_000));
    }

    #[test]
    fn drafts_are_hidden_and_counted_until_d_shows_them() {
        let mut state = app();
        let draft = |path: &str, title: &str| {
            let text = format!("---\ntitle: {title}\ndate: 2024-01-01\ndraft: true\n---\nx\n");
            Post::parse(Path::new(path), text, None)
        };
        changed(
            &mut state,
            vec![
                Change::Upsert(Box::new(draft("/p/d1.md", "Draft one"))),
                Change::Upsert(Box::new(draft("/p/d2.md", "Draft two"))),
            ],
        );
        assert_eq!(titles(&state).len(), 3);
        assert_eq!(state.list.hidden.drafts, 2);
        let status = crate::app::ui::status::StatusLine { state: &state }.parts();
        assert!(
            status.contains(&"2 drafts hidden".to_string()),
            "{status:?}"
        );
        press(&mut state, Command::ToggleDrafts);
        assert_eq!(titles(&state).len(), 5);
        assert!(titles(&state).contains(&"Draft one"));
        assert_eq!(state.list.hidden.total(), 0);
        press(&mut state, Command::ToggleDrafts);
        assert_eq!(titles(&state).len(), 3);
    }

    /// Follows link number `n` of the open post.
    fn follow(state: &mut AppState, n: usize) {
        press(state, Command::OpenLink);
        for c in n.to_string().chars() {
            update(state, Event::Insert(c));
        }
        press(state, Command::Activate);
    }

    #[test]
    fn links_between_posts_open_them_and_history_goes_back_and_forward_to_the_place() {
        let mut state = app();
        let post = |path: &str, text: &str| {
            Change::Upsert(Box::new(Post::parse(
                Path::new(path),
                text.to_string(),
                None,
            )))
        };
        let long: String = (1..=40).map(|i| format!("Line {i}.\n\n")).collect();
        changed(
            &mut state,
            vec![
                post(
                    "/site/blog/a.md",
                    &format!(
                        "---\ntitle: Alpha\ndate: 2030-01-02\n---\n[b](../blog/b.md#deep) [gone](/nowhere/) [self](#end)\n\n{long}## End\n\nx\n"
                    ),
                ),
                post(
                    "/site/blog/b.md",
                    &format!("---\ntitle: Beta\ndate: 2030-01-01\n---\n{long}## Deep\n\nHere.\n"),
                ),
            ],
        );
        assert_eq!(titles(&state)[0], "Alpha");
        press(&mut state, Command::Top);
        press(&mut state, Command::Activate);
        assert_eq!(open_title(&state), Some("Alpha"));
        press(&mut state, Command::Down);
        press(&mut state, Command::Down);
        let place = state.reader.article.as_ref().expect("open").scroll;
        assert!(place > 0);

        // A relative link with an anchor: Beta, at its heading.
        follow(&mut state, 1);
        assert_eq!(open_title(&state), Some("Beta"));
        let view = state.reader.article.as_ref().expect("open");
        let deep = view
            .doc
            .headings
            .iter()
            .find(|h| h.anchor == "deep")
            .expect("heading");
        assert_eq!(view.scroll, deep.line);
        assert_eq!(state.screen.focus, Focus::Article);

        // Back: Alpha at the same place; forward: Beta again.
        press(&mut state, Command::HistoryBack);
        assert_eq!(open_title(&state), Some("Alpha"));
        assert_eq!(state.reader.article.as_ref().expect("open").scroll, place);
        press(&mut state, Command::HistoryForward);
        assert_eq!(open_title(&state), Some("Beta"));
        press(&mut state, Command::HistoryBack);
        press(&mut state, Command::HistoryBack);
        assert!(
            state
                .session
                .notice
                .as_deref()
                .is_some_and(|n| n.starts_with("Nothing to go back"))
        );

        // A link to nothing says so and goes nowhere.
        follow(&mut state, 2);
        assert_eq!(open_title(&state), Some("Alpha"));
        assert!(
            state
                .session
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("/nowhere/ leads to no post")),
            "{:?}",
            state.session.notice
        );
        // A heading of the same post.
        follow(&mut state, 3);
        let view = state.reader.article.as_ref().expect("open");
        let end = view
            .doc
            .headings
            .iter()
            .find(|h| h.anchor == "end")
            .expect("heading");
        assert_eq!(view.scroll, end.line);
        assert_eq!(state.reader.back.len(), 1);
    }

    #[test]
    fn the_selection_stays_on_a_post_whose_date_moves_it_down_the_list() {
        let mut state = app();
        assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
        let selected = state.list.selected;
        let older = post("/p/a.md", "Retitled", "2020-01-01", "defi", "x");
        changed(&mut state, vec![Change::Upsert(Box::new(older))]);
        assert_eq!(titles(&state)[2], "Retitled");
        assert_eq!(state.list.selected, selected);
        assert_eq!(state.list.cursor, 2);
    }

    #[test]
    fn resize_renders_the_article_for_the_new_width() {
        let mut state = app();
        update(
            &mut state,
            Event::Resize {
                width: 200,
                height: 50,
            },
        );
        let width = state.reader.article.as_ref().map(|a| a.width);
        assert_eq!(width, state.screen.panes.article_text().map(|r| r.width));
    }

    #[test]
    fn focus_skips_the_toc_where_it_cannot_be_shown() {
        let mut state = app();
        update(
            &mut state,
            Event::Resize {
                width: 80,
                height: 24,
            },
        );
        press(&mut state, Command::FocusNext);
        press(&mut state, Command::FocusNext);
        assert_eq!(state.screen.focus, Focus::List);
        press(&mut state, Command::FocusPrev);
        assert_eq!(state.screen.focus, Focus::Article);
    }

    #[test]
    fn help_toggles_and_back_closes_it() {
        let mut state = app();
        press(&mut state, Command::ToggleHelp);
        assert_eq!(state.popup.overlay, Some(Overlay::Help));
        press(&mut state, Command::Back);
        assert_eq!(state.popup.overlay, None);
        assert_eq!(state.screen.focus, Focus::List);
        press(&mut state, Command::Quit);
        assert!(state.session.quit);
    }
}
