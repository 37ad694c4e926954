//! `update`: the one place the app's state changes. Plain values in, so every behaviour can be
//! tested without a terminal.

mod article;
mod feeds;
mod jobs;
mod mouse;
mod panes;
mod pickers;
mod prompt;

use article::{heading_step, jump_to_heading, scroll_sideways, step_match};
use mouse::mouse;
use panes::{move_in_pane, next_focus, scroll_overlay, step, toggle};
use pickers::{date_picker_command, lang_picker_command, next_translation, tag_picker_command};
use prompt::{follow_url, insert, prompt_command};

use crate::library::links::Target;
use ratatui::layout::Rect;

use super::layout::TocShown;
use super::state::{
    AppState, DatePicker, DatePreset, Diagnostic, Focus, Overlay, Prompt, TagPicker,
};
use crate::content::date::parse_range;
use crate::content::loader::LoadError;
use crate::keys::Command;
use crate::library::store::{Change, TagMatch};
use crate::runtime::effects::Effect;
use crate::runtime::event::Event;
use crate::runtime::jobs::open::OpenUrl;

/// Applies `event` to `state`, brings everything derived from it up to date (the list, the
/// layout, the open post's render, offsets), and returns what the event loop should do outside
/// the state.
pub fn update(state: &mut AppState, event: Event) -> Vec<Effect> {
    update_all(state, std::iter::once(event))
}

/// Applies a burst of `events` in order, refreshes what derives from them once, and returns the
/// effects they asked for. Stops at a quit.
///
/// Keys act on what the reader last saw (the state as the last refresh left it, which is what
/// was drawn), so posts loaded, changes on disk and job results in the same burst do not move
/// what a key acts on, and no refresh is needed between them. A key typed ahead after one that
/// changes the screen (`Enter` then `j`: the post opened, then scrolled) needs the screen the
/// first one made: only then is the state refreshed before it. Moving (`j`, `k`, paging, `g`,
/// `G`) and typing into the search act on fields of their own and need no refresh between
/// them (typing: one character after another), so a fast key repeat or fast typing over 100,000 posts refreshes (and searches) once
/// per frame, not once per key.
pub fn update_all(state: &mut AppState, events: impl IntoIterator<Item = Event>) -> Vec<Effect> {
    // An input event since the last refresh changed what the next one acts on.
    let mut changed_screen = false;
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
        if event.is_input() {
            if changed_screen && !(typing && typed) {
                state.refresh();
            }
            changed_screen = !is_motion(&event);
            typed = typing;
        }
        apply(state, event);
        if state.session.quit {
            break;
        }
    }
    state.refresh();
    state.ask_for_work();
    state.take_effects()
}

/// Whether an input event only moves within what is shown, so a key after it acts on the same
/// screen.
fn is_motion(event: &Event) -> bool {
    matches!(event, Event::Command(command) if command.is_movement())
}

/// Applies one event, leaving what derives from it to [`AppState::refresh`].
pub(super) fn apply(state: &mut AppState, event: Event) {
    if !matches!(
        event,
        Event::Loaded { .. } | Event::Discovered { .. } | Event::Expected { .. }
    ) {
        // What comes after the load's batches sees them stored.
        state.take_in_loaded();
    }
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
        // Room for them all at once: grown batch by batch, the store's maps were hashed again
        // and again (a sixth of the UI thread's time in a 100,000-post start).
        Event::Expected { posts } => state.store.reserve(posts.saturating_sub(state.store.len())),
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
                .extend(errors.iter().map(Diagnostic::file));
            // Stored with the batches after it, at once (see `AppState::take_in_loaded`).
            state.load.incoming.push(posts);
        }
        Event::CacheUsed(used) => state.load.cache_used = Some(used),
        Event::LoadFinished => {
            state.load.progress.finished = true;
            state.resume_where_left();
            if state.settings.follow_saves
                && let Some(id) = state.last_modified()
            {
                state.list.pending_open = Some(id);
                state.screen.focus = Focus::Article;
            }
        }
        Event::Changed { changes, errors } => {
            let open = state.reader.article.as_ref().map(|a| a.id);
            // The open post is never unread: a change that gives it another read key (a new
            // title) keeps its mark.
            let open_read = open.filter(|&id| state.is_read(id));
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
            // `--follow` switches to the last post saved: as it was before, to mark the change.
            let follow_base = (state.settings.follow_saves && state.load.progress.finished)
                .then(|| paths.last().and_then(|p| state.store.id_of(p)))
                .flatten()
                .filter(|&id| Some(id) != open)
                .and_then(|id| state.store.shared(id));
            state.store.apply(changes);
            state.note_read(&paths);
            if let Some(id) = open_read
                && state.store.get(id).is_some()
                && !state.is_read(id)
            {
                state.set_read(id, true);
            }
            if follow_base.is_some() {
                state.reader.follow_base = follow_base;
            }
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
        Event::RootsMissing { roots } => {
            // The status line says a folder is gone (and that it is waited for): the watcher's
            // error about reading it says no more.
            let about_a_root = (state.session.notice.as_deref())
                .is_some_and(|n| roots.iter().any(|r| n.starts_with(&*r.to_string_lossy())));
            if about_a_root {
                state.session.notice = None;
            }
            state.load.missing = roots;
        }
        Event::Signalled(signal) => {
            state.session.quit = true;
            state.session.ended_by = Some(signal);
        }
        Event::Done(result) => jobs::take(state, result),
    }
}

/// The notice for the open post's file gone.
pub(super) fn deleted_notice(path: &std::path::Path) -> String {
    format!("{} was deleted", path.display())
}

pub(super) fn run_command(state: &mut AppState, command: Command) {
    if !matches!(command, Command::ToggleHelp | Command::Quit) {
        state.list.follow_top = false;
        state.list.selection_lost = None;
    }
    // The last save's marks stay until a key; `.` (after `g`, too) still finds the change.
    if !matches!(command, Command::GoToChange | Command::Top)
        && let Some(changes) = state.reader.changes.take()
    {
        state.reader.last_change = Some(changes);
    }
    if state.popup.prompt.is_some() {
        prompt_command(state, command);
        return;
    }
    let overlay = state.popup.overlay;
    match overlay {
        Some(Overlay::Tags) => return tag_picker_command(state, command),
        Some(Overlay::Dates) => return date_picker_command(state, command),
        Some(Overlay::Languages) => return lang_picker_command(state, command),
        Some(Overlay::Picture) if command == Command::Activate => {
            state.popup.overlay = None;
            return;
        }
        Some(Overlay::Diagnostics) if panes::choose_diagnostic(state, command) => return,
        Some(overlay) if scroll_overlay(state, overlay, command) => return,
        _ => {}
    }
    match command {
        Command::Quit => state.session.quit = true,
        Command::ToggleHelp => toggle(state, Overlay::Help),
        // Info is about the post listed or open; with none, there is nothing to show.
        Command::ToggleInfo
            if state.list.selected.is_none()
                && state.reader.article.is_none()
                && state.popup.overlay != Some(Overlay::PostInfo) =>
        {
            state.session.notice = Some("No post to show info for.".to_string());
        }
        Command::ToggleInfo => toggle(state, Overlay::PostInfo),
        Command::ToggleDiagnostics => toggle(state, Overlay::Diagnostics),
        Command::FetchFeeds => feeds::fetch_feeds(state),
        Command::LoadRemoteImages => state.load_remote_images(),
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
        Command::Languages => {
            state.count_languages();
            let choices = crate::app::overlay::languages::choices(state);
            let current = state.list.query.filter.lang.clone();
            state.popup.lang_cursor = choices.iter().position(|(l, _)| *l == current).unwrap_or(0);
            state.popup.overlay = Some(Overlay::Languages);
        }
        Command::NextTranslation => next_translation(state),
        Command::ClearTags => {
            state.list.query.filter.tags.clear();
            to_list_top(state);
        }
        Command::Dates => {
            state.popup.date_picker = DatePicker::default();
            state.popup.overlay = Some(Overlay::Dates);
        }
        Command::Search => state.popup.prompt = Some(Prompt::Search),
        // In post info, `o` opens the post's own address (a feed entry's link).
        Command::OpenLink if state.popup.overlay == Some(Overlay::PostInfo) => {
            let url = (state.info_post())
                .and_then(|id| state.store.get(id))
                .and_then(|post| post.meta.details.url.clone())
                .filter(|url| url.starts_with("http://") || url.starts_with("https://"));
            match url {
                Some(url) => state.ask(Effect::run(OpenUrl(url))),
                None => state.session.notice = Some("This post names no web address.".into()),
            }
        }
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
        Command::ToggleAll => state.list.query.all = !state.list.query.all,
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
                if state.list.query.searching() {
                    state.reader.to_first_match = state.reader.article.as_ref().map(|a| a.id);
                }
            }
            Focus::Toc => jump_to_heading(state),
            // A foldable callout on screen opens or closes; else the picture on screen is
            // shown whole.
            Focus::Article => {
                if !state.toggle_callout_on_screen() {
                    state.show_picture_full(None);
                }
            }
        },
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::Top
        | Command::Bottom => {
            move_in_pane(state, command);
        }
        Command::GoToChange => {
            // The marks, while they are up, stay up.
            let changes =
                (state.reader.changes.clone()).or_else(|| state.reader.last_change.clone());
            match changes {
                Some(changes) => {
                    state.go_to_change(&changes);
                    state.screen.focus = Focus::Article;
                }
                None => {
                    state.session.notice = Some("No save to go to yet.".to_string());
                }
            }
        }
        Command::Zoom => {
            state.screen.zoomed = !state.screen.zoomed;
            if state.screen.zoomed && state.screen.focus == Focus::List {
                run_command(state, Command::Activate);
            }
        }
        Command::ScrollRight if state.screen.focus == Focus::Article => scroll_sideways(state, 1),
        Command::ScrollRight => run_command(state, Command::Activate),
        Command::ScrollLeft
            if state.screen.focus == Focus::Article
                && state
                    .reader
                    .article
                    .as_ref()
                    .is_some_and(|a| a.h_scroll > 0) =>
        {
            scroll_sideways(state, -1);
        }
        Command::ScrollLeft => run_command(state, Command::Back),
        Command::Select | Command::ToggleTagMatch | Command::DeleteBack | Command::ClearInput => {}
    }
}

/// Asks the event loop to edit the open post (reading: at the file line shown at the top of
/// the article, or of the heading selected in the contents) or the selected one (browsing: at
/// its top).
pub(super) fn edit(state: &mut AppState) {
    let (id, line) = match (&state.reader.article, state.screen.focus) {
        (Some(view), Focus::Toc) => {
            let heading = view.doc.headings.get(state.reader.toc_cursor);
            (
                Some(view.id),
                heading.and_then(|h| view.doc.source_line(h.line)),
            )
        }
        (Some(view), Focus::Article) => (Some(view.id), view.doc.source_line(view.scroll)),
        _ => (state.list.selected, None),
    };
    let Some(path) = id
        .and_then(|id| state.store.get(id))
        .map(|p| p.path.to_path_buf())
    else {
        return;
    };
    if path.is_file() {
        state.ask(Effect::Edit {
            path,
            line,
            template: state.settings.editor.clone(),
            max_post_bytes: state.settings.rules.max_post_bytes,
        });
    } else {
        state.session.notice = Some(format!("{} is not a file on disk", path.display()));
    }
}

/// The list goes back to its top (after the filter changed under it).
pub(super) fn to_list_top(state: &mut AppState) {
    state.list.cursor = 0;
    state.list.selected = None;
    state.list.offset = 0;
}

#[cfg(test)]
mod tests;
