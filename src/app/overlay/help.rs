//! The help overlay's text, built from the key map so it lists exactly the bindings that exist.

use ratatui::text::{Line, Span};

use crate::app::glyphs::{CHANGED_MARK, UNREAD_MARK};
use crate::keys::{INPUT_BINDINGS, Key, Keymap, key_label};
use crate::theme::Theme;

/// Two sections, one line per binding of `keymap` (the one in use) and of the typing keys: its
/// keys, then what it does, wrapped to `columns` with a hanging indent under the description
/// (`usize::MAX`: never wrapped, for measuring the widest line).
pub fn lines(theme: &Theme, keymap: &Keymap, columns: usize) -> Vec<Line<'static>> {
    let rows = keymap
        .rows
        .iter()
        .map(|r| (r.keys.as_slice(), r.description));
    let mut lines = section(rows, theme, columns);
    lines.push(Line::default());
    lines.extend(wrapped(
        &[Span::styled(
            " While typing (search, link number, tag and date pickers); other keys type:",
            theme.meta,
        )],
        columns,
        1,
    ));
    lines.extend(section(
        INPUT_BINDINGS.iter().map(|b| (b.keys, b.description)),
        theme,
        columns,
    ));
    lines.push(Line::default());
    let marks = [
        Span::styled(" Marks: ", theme.meta),
        Span::styled(UNREAD_MARK, theme.list_marker),
        Span::raw("unread  "),
        Span::styled(CHANGED_MARK, theme.changed),
        Span::raw("new or changed on disk since opened  "),
        Span::styled("~", theme.list_date),
        Span::raw(" dated by the file's time"),
    ];
    lines.extend(wrapped(&marks, columns, 8));
    lines
}

/// `spans` wrapped to `columns`, the rows after the first indented by `indent` columns.
fn wrapped(spans: &[Span<'static>], columns: usize, indent: usize) -> Vec<Line<'static>> {
    if columns == usize::MAX || Line::from(spans.to_vec()).width() <= columns {
        return vec![Line::from(spans.to_vec())];
    }
    let room = columns.saturating_sub(indent).max(1);
    let mut rows = crate::text::wrap_spans(spans, room).into_iter();
    let mut out = Vec::new();
    // The first row may use the indent's columns too; wrapping it at `room` is close enough.
    if let Some(first) = rows.next() {
        out.push(Line::from(first));
    }
    for row in rows {
        let mut spans = vec![Span::raw(" ".repeat(indent))];
        spans.extend(row);
        out.push(Line::from(spans));
    }
    out
}

fn section<'a>(
    table: impl Iterator<Item = (&'a [Key], &'static str)>,
    theme: &Theme,
    columns: usize,
) -> Vec<Line<'static>> {
    let rows: Vec<(String, &str)> = table
        .map(|(keys, description)| {
            let keys: Vec<String> = keys.iter().map(key_label).collect();
            (keys.join(" "), description)
        })
        .collect();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let indent = key_width + 3;
    let room = columns.saturating_sub(indent).max(12);
    let mut out = Vec::new();
    for (keys, description) in rows {
        // Unbounded: one row (wrap_text at the text's own width never breaks it).
        let room = if columns == usize::MAX {
            crate::text::width(description).max(1)
        } else {
            room
        };
        let mut rows = crate::text::wrap_text(description, room).into_iter();
        let first = rows.next().map_or("", |r| &description[r]);
        out.push(Line::from(vec![
            Span::styled(format!(" {keys:<key_width$}  "), theme.strong),
            Span::raw(first.to_string()),
        ]));
        for row in rows {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::raw(description[row].to_string()),
            ]));
        }
    }
    out
}
