//! What a save changed in the open post: the rendered lines that differ from the render before
//! it (a line diff, `similar`'s Myers), for the gutter marks, the status line and `.`.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::content::PostId;
use crate::render::Document;

/// The lines of the open post's render that its last save changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveChanges {
    pub id: PostId,
    /// Indexes into the new render's lines, ascending: lines inserted or replaced (a deletion
    /// marks the line after it).
    pub lines: Vec<usize>,
}

impl SaveChanges {
    /// The first changed line, where `.` goes.
    pub fn first(&self) -> Option<usize> {
        self.lines.first().copied()
    }

    /// Whether line `line` is one the save changed.
    pub fn contains(&self, line: usize) -> bool {
        self.lines.binary_search(&line).is_ok()
    }
}

impl crate::app::state::AppState {
    /// Keeps what a save of the open post changed (`lines` of its new render); with
    /// `--follow`, the view moves to it, a third of the way down the pane.
    pub(super) fn note_save_changes(&mut self, lines: Vec<usize>) {
        let Some(view) = &self.reader.article else {
            return;
        };
        let changes = SaveChanges { id: view.id, lines };
        if self.settings.follow_saves {
            self.go_to_change(&changes);
        }
        self.reader.changes = Some(changes);
    }

    /// Scrolls the article so the first line `changes` marks is a third of the way down.
    pub fn go_to_change(&mut self, changes: &SaveChanges) {
        let (rows, max) = (self.article_rows(), self.max_scroll());
        if let (Some(view), Some(first)) = (&mut self.reader.article, changes.first())
            && view.id == changes.id
        {
            view.scroll = first.saturating_sub(rows / 3).min(max);
        }
    }

    /// Where the last save's change is, when none of it is on screen: the heading it is under
    /// and how far below or above; `None` when it is in view, or there is none.
    pub fn change_out_of_view(&self) -> Option<String> {
        let (view, changes) = (self.reader.article.as_ref()?, self.reader.changes.as_ref()?);
        let rows = self.article_rows();
        if view.id != changes.id
            || changes
                .lines
                .iter()
                .any(|&l| l >= view.scroll && l < view.scroll + rows)
        {
            return None;
        }
        let first = changes.first()?;
        let heading = view
            .doc
            .headings
            .iter()
            .rev()
            .find(|h| h.line <= first)
            .map(|h| format!("{} {}", "#".repeat(usize::from(h.level)), h.text))
            .unwrap_or_else(|| "the top".to_string());
        let (distance, direction) = if first >= view.scroll + rows {
            (first + 1 - (view.scroll + rows), "below")
        } else {
            (view.scroll - first, "above")
        };
        Some(format!(
            "changed: {heading}, {} {direction}",
            crate::text::counted(distance, "line", "lines")
        ))
    }
}

/// The lines of `new` that differ from `old` (both renders of one post at one width), by their
/// text: styles alone changing is no change to a reader. The header's lines (its word count)
/// count only when nothing else changed.
pub fn changed_lines(old: &Document, new: &Document) -> Vec<usize> {
    let text = |doc: &Document| -> Vec<String> {
        doc.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    };
    let (before, after) = (text(old), text(new));
    let mut lines = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &before, &after) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { new_index, .. } => {
                lines.push(new_index.min(after.len().saturating_sub(1)));
            }
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => lines.extend(new_index..new_index + new_len),
        }
    }
    lines.sort_unstable();
    lines.dedup();
    // The header's counts change with every word written: what changed is the body's lines,
    // unless the header alone changed (a new title).
    let body: Vec<usize> = lines
        .iter()
        .copied()
        .filter(|&i| new.source.get(i).is_none_or(|&line| line != 1))
        .collect();
    if body.is_empty() { lines } else { body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Line;

    fn doc(lines: &[&str]) -> Document {
        Document {
            lines: lines.iter().map(|l| Line::from(l.to_string())).collect(),
            ..Document::default()
        }
    }

    #[test]
    fn only_the_lines_whose_text_changed_are_marked() {
        let old = doc(&["title", "", "one", "two", "three", "four"]);
        let new = doc(&["title", "", "one", "TWO", "three", "inserted", "four"]);
        assert_eq!(changed_lines(&old, &new), [3, 5]);
        let deleted = doc(&["title", "", "one", "three", "four"]);
        assert_eq!(
            changed_lines(&old, &deleted),
            [3],
            "the line after a deletion"
        );
        assert!(changed_lines(&old, &old).is_empty());
    }
}
