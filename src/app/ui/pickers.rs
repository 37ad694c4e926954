//! The tag picker (every tag, its post count under the other filters, multi-select, any/all) and
//! the date picker (presets, a typed range, posts per month): popups over the panes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline, Widget};

use super::input_spans;
use crate::app::state::{AppState, DatePreset, MonthCount};
use crate::keys::{Command, input_hint};
use crate::library::store::TagMatch;
use crate::text::fit;

/// Widest a picker gets, in columns.
const MAX_WIDTH: u16 = 64;

/// A centred popup `height` rows high (borders included), cleared, with its border drawn;
/// returns the area inside the border.
fn popup(area: Rect, height: usize, block: Block<'_>, buf: &mut Buffer) -> Rect {
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let height = u16::try_from(height)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2).max(3));
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    super::clear_popup(rect, buf);
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub struct TagPickerPane<'a> {
    pub state: &'a AppState,
}

impl Widget for TagPickerPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let theme = &state.settings.theme;
        let tags = state.picker_tags();
        let mode = match state.list.query.filter.tag_match {
            TagMatch::Any => " Tags: posts with any of ",
            TagMatch::All => " Tags: posts with all of ",
        };
        let chosen = format!(" {} selected ", state.list.query.filter.tags.len());
        let block = Block::bordered()
            .title(mode)
            .title(Line::from(chosen).right_aligned())
            .title_bottom(format!(
                " {} select · {} any/all · {} done · {} closes ",
                input_hint(Command::Select),
                input_hint(Command::ToggleTagMatch),
                input_hint(Command::Activate),
                input_hint(Command::Back)
            ))
            .border_style(theme.border_focused);
        // As tall as the whole list of tags, however far typing narrows it: the popup keeps its
        // place on screen while the rows in it change.
        let every_tag = state.derived.tag_counts.len().max(tags.len());
        let inner = popup(area, every_tag.max(1) + 4, block, buf);
        let columns = usize::from(inner.width);
        let mut lines = vec![
            Line::from(input_spans(
                Span::raw(" narrow: "),
                &state.popup.tag_picker.narrow,
                columns,
                theme.selected,
            )),
            Line::default(),
        ];
        let rows = usize::from(inner.height).saturating_sub(lines.len()).max(1);
        let cursor = state
            .popup
            .tag_picker
            .cursor
            .min(tags.len().saturating_sub(1));
        let offset = cursor.saturating_sub(rows - 1);
        let count_width = tags
            .iter()
            .map(|(_, n)| n.to_string().len())
            .max()
            .unwrap_or(1);
        if tags.is_empty() {
            lines.push(Line::styled(" No tag matches.", theme.dim));
        }
        let listed: std::collections::HashSet<&str> =
            tags.iter().map(|(tag, _)| tag.key.as_str()).collect();
        for (index, (tag, count)) in tags.iter().enumerate().skip(offset).take(rows) {
            let selected = (state.list.query.filter.tags.iter()).any(|k| *k == tag.key);
            let mark = if selected { "[x] " } else { "[ ] " };
            let name_room = columns.saturating_sub(count_width + 8);
            let mut style = if *count == 0 { theme.dim } else { Style::new() };
            if selected {
                style = style.patch(theme.strong);
            }
            let mut line = Line::from(vec![
                Span::raw(if index == cursor { " ▸ " } else { "   " }),
                Span::styled(mark, theme.list_marker),
                Span::styled(fit(&nested_name(tag, &listed), name_room), style),
                Span::styled(format!(" {count:>count_width$}"), theme.list_date),
            ]);
            if index == cursor {
                line = line.style(theme.selected);
            }
            lines.push(line);
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// How the tag picker names `tag`: a nested tag whose parent is `listed` too is indented under
/// it by its last segment (`project/alpha` as `  alpha`), as Obsidian's tag pane lists them.
fn nested_name(tag: &crate::content::Tag, listed: &std::collections::HashSet<&str>) -> String {
    let ancestors = (tag.key.match_indices('/')).filter(|(at, _)| listed.contains(&tag.key[..*at]));
    let depth = ancestors.count();
    let parent_listed = tag
        .key
        .rsplit_once('/')
        .is_some_and(|(p, _)| listed.contains(p));
    match tag.name.rsplit_once('/') {
        Some((_, last)) if parent_listed => format!("{}{last}", "  ".repeat(depth)),
        _ => tag.name.to_string(),
    }
}

pub struct DatePickerPane<'a> {
    pub state: &'a AppState,
}

/// Rows the date picker needs inside its border.
const DATE_ROWS: usize = DatePreset::ALL.len() + 9;

impl Widget for DatePickerPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let theme = &state.settings.theme;
        let picker = &state.popup.date_picker;
        let now = state.list.date_label.as_deref().unwrap_or("all dates");
        let block = Block::bordered()
            .title(" Dates ")
            .title(Line::from(format!(" now: {now} ")).right_aligned())
            .title_bottom(format!(
                " {}{} preset · type a range · {} apply · {} cancels ",
                input_hint(Command::Up),
                input_hint(Command::Down),
                input_hint(Command::Activate),
                input_hint(Command::Back)
            ))
            .border_style(theme.border_focused);
        // An error wraps inside the popup, which grows for it.
        let text_columns = usize::from(area.width.saturating_sub(4).min(MAX_WIDTH))
            .saturating_sub(3)
            .max(1);
        let error_rows: Vec<String> = (picker.error.as_deref())
            .map(|error| {
                crate::text::wrap_text(error, text_columns)
                    .into_iter()
                    .map(|row| error[row].to_string())
                    .collect()
            })
            .unwrap_or_default();
        let extra = error_rows.len().saturating_sub(1);
        let inner = popup(area, DATE_ROWS + 2 + extra, block, buf);
        let columns = usize::from(inner.width);
        let mut lines: Vec<Line<'_>> = DatePreset::ALL
            .iter()
            .enumerate()
            .map(|(i, preset)| {
                let range = preset.range(state.session.today);
                let days = match (range.from, range.to) {
                    (Some(a), Some(b)) if a == b => format!("{a}"),
                    (Some(a), Some(b)) => format!("{a} – {b}"),
                    _ => String::new(),
                };
                let label = format!("{:<14}", preset.label());
                let line = Line::from(vec![
                    Span::raw(if i == picker.cursor { " ▸ " } else { "   " }),
                    Span::raw(label),
                    Span::styled(days, theme.list_date),
                ]);
                if i == picker.cursor && picker.input.is_empty() {
                    line.style(theme.selected)
                } else {
                    line
                }
            })
            .collect();
        lines.push(Line::default());
        lines.push(Line::from(input_spans(
            Span::raw(" range: "),
            &picker.input,
            columns,
            theme.selected,
        )));
        let total = state.derived.picker_rows;
        let typed = crate::content::date::parse_range(&picker.input)
            .ok()
            .filter(|_| !picker.input.trim().is_empty());
        lines.extend(
            (error_rows.iter()).map(|row| Line::styled(format!(" {row}"), theme.diagnostic)),
        );
        lines.extend(error_rows.is_empty().then(|| match typed {
            // A range being typed is counted as it is typed.
            Some(range) => {
                let dates = &state.derived.picker_dates;
                let start = range.from.map_or(0, |d| dates.partition_point(|x| *x < d));
                let end = range
                    .to
                    .map_or(dates.len(), |d| dates.partition_point(|x| *x <= d));
                let n = end.saturating_sub(start);
                Line::styled(format!(" → {n} of {total} posts"), theme.meta)
            }
            None => Line::styled(
                " 2024 · 2024-06 · 2024-06-01..2024-06-15 · ..2024-01-01",
                theme.dim,
            ),
        }));
        lines.push(Line::default());
        lines.push(Line::styled(
            format!(
                " Posts per month, other filters applied ({})",
                crate::text::counted(total, "post", "posts")
            ),
            theme.meta,
        ));
        let text_rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        Paragraph::new(lines).render(inner, buf);
        let [_, chart, labels] = Layout::vertical([
            Constraint::Length(text_rows),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(inner);
        let chart = chart.inner(ratatui::layout::Margin::new(1, 0));
        let (bars, per_bar) = buckets(&state.derived.histogram, usize::from(chart.width));
        Sparkline::default()
            .data(&bars)
            .style(theme.list_tag)
            .render(chart, buf);
        if let (Some(first), Some(last)) = (
            state.derived.histogram.first(),
            state.derived.histogram.last(),
        ) {
            let left = month_label(first);
            let right = month_label(last);
            let span = if per_bar > 1 {
                format!("{per_bar} months a bar")
            } else {
                String::new()
            };
            let room = usize::from(labels.width).saturating_sub(2);
            let gap = room.saturating_sub(left.len() + right.len());
            let middle = format!("{span:^gap$}");
            Paragraph::new(Line::styled(
                fit(&format!(" {left}{middle}{right}"), room + 1),
                theme.dim,
            ))
            .render(labels, buf);
        }
    }
}

fn month_label(month: &MonthCount) -> String {
    format!("{:04}-{:02}", month.year, month.month)
}

/// The months' counts as at most `columns` bars: several months share a bar when there are
/// more months than columns. Returns the bars and the months per bar.
fn buckets(months: &[MonthCount], columns: usize) -> (Vec<u64>, usize) {
    if months.is_empty() || columns == 0 {
        return (Vec::new(), 1);
    }
    let per_bar = months.len().div_ceil(columns);
    let bars = months
        .chunks(per_bar)
        .map(|chunk| chunk.iter().map(|m| m.posts as u64).sum())
        .collect();
    (bars, per_bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_share_bars_only_when_there_are_more_than_columns() {
        let months: Vec<MonthCount> = (1..=12)
            .map(|m| MonthCount {
                year: 2024,
                month: m,
                posts: usize::try_from(m).unwrap_or(0),
            })
            .collect();
        assert_eq!(buckets(&months, 20).0.len(), 12);
        let (bars, per) = buckets(&months, 5);
        assert_eq!(per, 3);
        assert_eq!(bars, [6, 15, 24, 33]);
        assert!(buckets(&[], 5).0.is_empty());
    }

    #[test]
    fn a_nested_tag_is_named_under_its_parent_only_when_the_parent_is_listed() {
        let tag = |name: &str| crate::content::Tag::new(name).expect("tag");
        let listed: std::collections::HashSet<&str> =
            ["project", "project/alpha", "project/alpha/v1", "other/x"].into();
        assert_eq!(nested_name(&tag("project/Alpha"), &listed), "  Alpha");
        assert_eq!(nested_name(&tag("project/alpha/v1"), &listed), "    v1");
        assert_eq!(nested_name(&tag("other/x"), &listed), "other/x");
        assert_eq!(nested_name(&tag("project"), &listed), "project");
    }
}
