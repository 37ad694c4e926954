//! The post list: a marker (unread, or changed on disk), title, date and tags in columns aligned
//! by display width.
//! Its header names the active filters and the order.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::pane_block;
use crate::app::glyphs::{CHANGED_MARK, SECTION_MARK, UNREAD_MARK, unpublished_mark};
use crate::app::state::{AppState, Focus, MARK_COLUMNS, SortOrder};
use crate::content::DateSource;
use crate::keys::Command;
use crate::library::store::{PostId, TagMatch};
use crate::text::{self, fit};

pub struct ListPane<'a> {
    pub state: &'a AppState,
}

impl Widget for ListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let theme = &state.settings.theme;
        let title = header(state);
        let block = pane_block(state, &title, Focus::List);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        if state.list.visible.is_empty() {
            let loaded = state.load.progress.finished
                || (state.load.progress.walked && state.load.progress.found == 0);
            if loaded && !state.store.is_empty() {
                no_match(state).render(inner, buf);
                return;
            }
            let text = if loaded {
                "No posts here."
            } else {
                "Loading…"
            };
            Paragraph::new(Span::styled(text, theme.dim)).render(inner, buf);
            return;
        }
        // Columns: title, date, tags, two spaces apart. Titles come first: the tag column gets
        // what whole titles leave (hidden under 6 columns), and the date goes under 30 columns.
        // Two columns for the unread marker.
        let width = width.saturating_sub(MARK_COLUMNS);
        let show_date = width >= 30;
        let after_date = width.saturating_sub(if show_date {
            state.settings.date_columns + 2
        } else {
            0
        });
        // Searching, each hit's snippet takes the tags' place, with at least half the room.
        let snippet_columns = if state.list.query.searching() && after_date >= 40 {
            after_date - state.list.title_columns.min(after_date / 2) - 2
        } else {
            0
        };
        let tag_room = after_date.saturating_sub(state.list.title_columns + 2);
        let tag_columns = state.list.tag_columns.min(tag_room);
        let show_tags = snippet_columns == 0
            && (tag_columns >= 6 || (tag_columns > 0 && tag_columns == state.list.tag_columns));
        let title_columns = after_date.saturating_sub(if show_tags {
            tag_columns + 2
        } else if snippet_columns > 0 {
            snippet_columns + 2
        } else {
            0
        });

        let rows = usize::from(inner.height);
        let lines: Vec<Line<'_>> = state
            .list
            .visible
            .iter()
            .enumerate()
            .skip(state.list.offset)
            .take(rows)
            .filter_map(|(index, &id)| {
                let post = state.store.get(id)?;
                let unread = !state.is_read(id);
                let mark = if state.marks.changed.contains(&id) {
                    Span::styled(CHANGED_MARK, theme.changed)
                } else if unread {
                    Span::styled(UNREAD_MARK, theme.list_marker)
                } else {
                    Span::raw("  ")
                };
                let section = state.list.section_rows.get(&id);
                // Grouped, each level of nesting indents two columns (at most 8 levels).
                let indent = "  ".repeat(usize::from(
                    state
                        .list
                        .row_levels
                        .get(index)
                        .copied()
                        .unwrap_or(0)
                        .min(8),
                ));
                let lead = match section {
                    Some(_) => Some((format!("{indent}{SECTION_MARK}"), theme.strong)),
                    None => {
                        let mark =
                            unpublished_mark(post.publication(state.session.today)).unwrap_or("");
                        Some((format!("{indent}{mark}"), theme.dim))
                            .filter(|(lead, _)| !lead.is_empty())
                    }
                };
                let title = match section {
                    Some(row) => format!("{} ({})", post.title, row.posts),
                    None => post.title.clone(),
                };
                let mut spans = match lead {
                    Some((mark, style)) => {
                        let mark = fit(&mark, title_columns.min(text::width(&mark)));
                        let rest = title_columns.saturating_sub(text::width(&mark));
                        vec![Span::styled(mark, style), Span::raw(fit(&title, rest))]
                    }
                    None => vec![Span::raw(fit(&title, title_columns))],
                };
                if section.is_some()
                    && let Some(title) = spans.get_mut(1)
                {
                    title.style = theme.strong;
                }
                if show_date {
                    let date = match post.date {
                        // A section heads its posts: their dates are what matter.
                        _ if section.is_some() => String::new(),
                        // Inferred from the file's modification time: shown, but marked.
                        Some(d) if d.source == DateSource::Modified => {
                            format!("{}~", state.list_date(d.date))
                        }
                        Some(d) => state.list_date(d.date),
                        None => String::new(),
                    };
                    spans.push(Span::raw("  "));
                    spans.push(Span::styled(
                        fit(&date, state.settings.date_columns),
                        theme.list_date,
                    ));
                }
                if snippet_columns > 0 {
                    spans.push(Span::raw("  "));
                    spans.extend(snippet_spans(state, id, snippet_columns));
                }
                if show_tags {
                    let tags: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
                    spans.push(Span::raw("  "));
                    spans.push(Span::styled(
                        fit(&tags.join(" "), tag_columns),
                        theme.list_tag,
                    ));
                }
                spans.insert(0, mark);
                let mut line = Line::from(spans);
                if unread {
                    line = line.patch_style(theme.unread);
                }
                Some(if index == state.list.cursor {
                    line.style(theme.selected)
                } else {
                    line
                })
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The snippet of search hit `id`, dim with its matches marked, `columns` wide.
fn snippet_spans(state: &AppState, id: PostId, columns: usize) -> Vec<Span<'static>> {
    let theme = &state.settings.theme;
    let snippets = state.derived.snippets.latest().map(|(_, s)| s);
    let Some(Some(snippet)) = snippets.and_then(|s| s.get(&id)) else {
        return vec![Span::raw(" ".repeat(columns))];
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for mark in &snippet.marks {
        if mark.start > at {
            spans.push(Span::styled(
                snippet.text[at..mark.start].to_string(),
                theme.dim,
            ));
        }
        spans.push(Span::styled(
            snippet.text[mark.clone()].to_string(),
            theme.search_match,
        ));
        at = mark.end;
    }
    if at < snippet.text.len() {
        spans.push(Span::styled(snippet.text[at..].to_string(), theme.dim));
    }
    text::fit_spans(spans, columns, theme.dim, Span::styled("…", theme.dim))
}

/// The empty list when posts are loaded but none passes the filters: "No posts match", the
/// filters in force, and the keys that clear them, centred.
fn no_match(state: &AppState) -> Paragraph<'static> {
    let theme = &state.settings.theme;
    let keys = &state.settings.keymap;
    let query = &state.list.query;
    let mut clears = Vec::new();
    if !query.filter.tags.is_empty() {
        clears.push(format!("{} clears the tags", keys.hint(Command::ClearTags)));
    }
    if query.filter.from.is_some() || query.filter.to.is_some() {
        clears.push(format!("{} changes the dates", keys.hint(Command::Dates)));
    }
    if !query.search.is_empty() {
        clears.push(format!("{} clears the search", keys.hint(Command::Back)));
    }
    if query.unread_only {
        clears.push(format!(
            "{} shows read posts",
            keys.hint(Command::ToggleUnread)
        ));
    }
    let hidden = state.list.hidden;
    if hidden.not_articles > 0 && !query.all {
        clears.push(format!(
            "{} shows files that are not articles",
            keys.hint(Command::ToggleAll)
        ));
    }
    if hidden.drafts + hidden.scheduled + hidden.expired > 0 && !query.drafts {
        clears.push(format!("{} shows drafts", keys.hint(Command::ToggleDrafts)));
    }
    let mut lines = vec![
        Line::default(),
        Line::styled("No posts match", theme.title),
        Line::styled(filter_parts(state).join(" · "), theme.meta),
        Line::default(),
    ];
    lines.extend(clears.into_iter().map(|c| Line::styled(c, theme.dim)));
    Paragraph::new(lines)
        .alignment(ratatui::layout::Alignment::Center)
        .wrap(ratatui::widgets::Wrap { trim: true })
}

/// The list's title: the post count, then each active filter and a non-default order, e.g.
/// ` 6 posts · tags: community, technical (any) · 2024 · /trace · unread `.
pub fn header(state: &AppState) -> String {
    let mut parts = vec![
        match state.list.visible.len() - state.list.section_rows.len() {
            1 => "1 post".to_string(),
            n => format!("{n} posts"),
        },
    ];
    parts.extend(filter_parts(state));
    format!(" {} ", parts.join(" · "))
}

/// Each active filter and a non-default order, as the list's title names them.
fn filter_parts(state: &AppState) -> Vec<String> {
    let mut parts = Vec::new();
    if !state.list.query.filter.tags.is_empty() {
        let names: Vec<&str> = state
            .list
            .query
            .filter
            .tags
            .iter()
            .map(|key| state.store.tag_name(key).unwrap_or(key))
            .collect();
        let how = match (names.len(), state.list.query.filter.tag_match) {
            (1, _) => "",
            (_, TagMatch::Any) => " (any)",
            (_, TagMatch::All) => " (all)",
        };
        parts.push(format!("tags: {}{how}", names.join(", ")));
    }
    if state.list.query.filter.from.is_some() || state.list.query.filter.to.is_some() {
        parts.push(state.list.date_label.clone().unwrap_or_else(|| {
            let day = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            format!(
                "{}..{}",
                day(state.list.query.filter.from),
                day(state.list.query.filter.to)
            )
        }));
    }
    if let Some(lang) = &state.list.query.filter.lang {
        parts.push(format!("lang: {lang}"));
    }
    if !state.list.query.search.is_empty() {
        parts.push(format!("/{}", state.list.query.search));
    }
    if state.list.query.unread_only {
        parts.push("unread".to_string());
    }
    if state.list.query.sort != SortOrder::Date {
        parts.push(state.list.query.sort.label().to_string());
    }
    if state.list.query.group_sections {
        parts.push("by section".to_string());
    }
    parts
}
