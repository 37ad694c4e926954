//! The mouse: the wheel scrolls the pane under the pointer, a click selects or follows.

use super::{AppState, Command, Focus, follow_url, jump_to_heading, move_in_pane};
use ratatui::crossterm::event::MouseButton;
use ratatui::crossterm::event::MouseEvent;
use ratatui::crossterm::event::MouseEventKind;
use ratatui::layout::Position;

/// A wheel turn scrolls the pane under the pointer by this many lines.
pub(super) const WHEEL_LINES: usize = 3;

/// The wheel scrolls the pane under the pointer; a click selects a post (a second click opens
/// it) or a heading (and jumps to it).
pub(super) fn mouse(state: &mut AppState, event: MouseEvent) {
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
    let inner = crate::app::layout::inner(rect);
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
                } else if let Some(image) = picture_at(state, at) {
                    state.show_picture_full(Some(image));
                }
            }
        },
        _ => {}
    }
}

/// The index (into the open document's images) of the picture drawn at `at`, if any.
fn picture_at(state: &AppState, at: Position) -> Option<usize> {
    let area = state.article_lines_area()?;
    let view = state.reader.article.as_ref()?;
    if !area.contains(at) {
        return None;
    }
    let line = view.scroll + usize::from(at.y - area.y);
    let column = at.x - area.x;
    view.doc
        .images
        .iter()
        .zip(&view.images)
        .position(|(image, shown)| {
            matches!(shown, crate::app::state::ImageState::Shown(p) if column < p.cols)
                && (image.line..image.line + usize::from(image.rows)).contains(&line)
        })
}

/// The URL of the link whose text is drawn at `at` in the article, if any.
pub(super) fn link_at(state: &AppState, at: Position) -> Option<String> {
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
