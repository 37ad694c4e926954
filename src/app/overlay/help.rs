//! The help overlay's text, built from the key map so it lists exactly the bindings that exist.

use ratatui::text::{Line, Span};

use crate::app::glyphs::{CHANGED_MARK, UNREAD_MARK};
use crate::keys::{INPUT_BINDINGS, Key, Keymap, key_label};
use crate::theme::Theme;

/// Two sections, one line per binding of `keymap` (the one in use) and of the typing keys: its
/// keys, then what it does.
pub fn lines(theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
    let rows = keymap
        .rows
        .iter()
        .map(|r| (r.keys.as_slice(), r.description));
    let mut lines = section(rows, theme);
    lines.push(Line::default());
    lines.push(Line::styled(
        " While typing (search, link number, tag and date pickers); other keys type:",
        theme.meta,
    ));
    lines.extend(section(
        INPUT_BINDINGS.iter().map(|b| (b.keys, b.description)),
        theme,
    ));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(" Marks: ", theme.meta),
        Span::styled(UNREAD_MARK, theme.list_marker),
        Span::raw("unread  "),
        Span::styled(CHANGED_MARK, theme.changed),
        Span::raw("new or changed on disk since opened  "),
        Span::styled("~", theme.list_date),
        Span::raw(" dated by the file's time"),
    ]));
    lines
}

fn section<'a>(
    table: impl Iterator<Item = (&'a [Key], &'static str)>,
    theme: &Theme,
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
    rows.into_iter()
        .map(|(keys, description)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_width$}  "), theme.strong),
                Span::raw(description),
            ])
        })
        .collect()
}
