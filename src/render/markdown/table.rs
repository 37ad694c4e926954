//! Tables: collected cell by cell, then laid out with columns shared to fit the width.

use super::{Writer, longest_word, width, wrap_spans};
use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;

/// A column is at least as wide as its longest word (between spaces), up to this many columns;
/// a longer word is broken, with a hyphen mark at each break.
pub const WORD_CAP: usize = 24;

/// In a table too wide for the room, a column is as wide as its longest cell up to this many
/// columns; longer cells wrap.
const CELL_CAP: usize = 40;

/// The mark at the end of a piece of a word broken across the rows of a table cell.
const BREAK_MARK: char = '‐';

/// A table keeps at most this many columns; the rest are counted under it. Past it every cell
/// would be a column or two wide at any terminal width, and sizing columns costs columns × rows
/// (a 5,000-column table took 5 s and 900 MB).
pub const MAX_TABLE_COLUMNS: usize = 64;

pub(super) struct TableBuf {
    pub(super) aligns: Vec<Alignment>,
    /// The most cells a row had past [`MAX_TABLE_COLUMNS`].
    pub(super) hidden: usize,
    /// Cells of the current row so far, kept or not.
    pub(super) cells: usize,
    pub(super) rows: Vec<Vec<Vec<Span<'static>>>>,
    pub(super) row: Vec<Vec<Span<'static>>>,
    /// The file line each row starts on, header first (for the source map).
    pub(super) row_lines: Vec<u32>,
}

/// Widths for table columns that would like `natural` widths (their longest cell on one line)
/// and need `shortest` (their longest word) not to break words, in `room` columns: all they
/// like if it fits; else each its longest word, and the rest of the room shared in proportion
/// to what each still lacks; else, when even the words do not fit, [`fit_columns`] on the
/// words' widths.
pub(super) fn share_columns(natural: &[usize], shortest: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let needed: usize = shortest.iter().sum();
    if needed > room {
        return fit_columns(shortest, room);
    }
    let lacking: Vec<usize> = natural
        .iter()
        .zip(shortest)
        .map(|(n, s)| n.saturating_sub(*s))
        .collect();
    let total_lacking: usize = lacking.iter().sum::<usize>().max(1);
    let extra = room - needed;
    let mut widths: Vec<usize> = shortest
        .iter()
        .zip(&lacking)
        .map(|(s, l)| s + l * extra / total_lacking)
        .collect();
    // What the rounding down left over goes one column at a time to those still lacking.
    let mut rest = room - widths.iter().sum::<usize>();
    for (width, want) in widths.iter_mut().zip(natural) {
        if rest == 0 {
            break;
        }
        if *width < *want {
            *width += 1;
            rest -= 1;
        }
    }
    widths
}

/// Shares `room` columns among columns that would like `natural` widths: narrow columns get
/// what they want, the rest split what is left evenly (max-min fairness). Each gets at least 1.
pub(super) fn fit_columns(natural: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let mut widths = vec![0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut left = room;
    while !open.is_empty() {
        let share = (left / open.len()).max(1);
        let (fits, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= share);
        if fits.is_empty() {
            for &c in &wide {
                widths[c] = share;
            }
            // Hand out the remainder one column at a time from the left.
            let mut rest = left.saturating_sub(share * wide.len());
            for &c in &wide {
                if rest == 0 {
                    break;
                }
                widths[c] += 1;
                rest -= 1;
            }
            break;
        }
        for &c in &fits {
            widths[c] = natural[c];
            left = left.saturating_sub(natural[c]);
        }
        open = wide;
    }
    widths
}

impl Writer<'_> {
    pub(super) fn end_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.open_block();
        let available = self.available();
        // Each column costs its width plus " │ " between columns and "│ "/" │" at the edges.
        let room = available.saturating_sub(3 * columns + 1).max(columns);
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.iter().map(|s| width(&s.content)).sum::<usize>())
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let shortest: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| {
                        let text: String = cell.iter().map(|s| s.content.as_ref()).collect();
                        text.split_whitespace()
                            .map(word_columns)
                            .max()
                            .unwrap_or(0)
                            .min(WORD_CAP)
                    })
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        // When even the words do not fit, the table keeps its natural widths (a long cell wraps
        // at [`CELL_CAP`]) and is wider than the room: the pane scrolls it sideways.
        let widths = if shortest.iter().sum::<usize>() > room {
            natural
                .iter()
                .zip(&shortest)
                .map(|(&n, &s)| n.min(CELL_CAP).max(s))
                .collect()
        } else {
            share_columns(&natural, &shortest, room)
        };
        let border = self.theme.table_border;
        let rule = |left: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            Span::styled(format!("{left}{}{right}", parts.join(mid)), border)
        };
        // Body rows that wrap onto several lines are told apart by a light rule between rows.
        let light_rule = || {
            let parts: Vec<String> = widths.iter().map(|w| "┄".repeat(w + 2)).collect();
            Span::styled(format!("├{}┤", parts.join("┼")), border)
        };
        let multiline = table.rows.iter().skip(1).any(|row| {
            row.iter().zip(&widths).any(|(cell, &w)| {
                cell.iter().map(|s| width(&s.content)).sum::<usize>() > w
                    || cell.iter().any(|s| s.content.contains('\n'))
            })
        });
        // Each line with the file line it maps to: a row's lines to the row's line, the rules
        // to the row before them (the top one to the table's first line).
        let line_of = |r: usize| table.row_lines.get(r).copied().unwrap_or(self.at);
        let mut out: Vec<(Vec<Span<'static>>, u32)> = vec![(vec![rule("┌", "┬", "┐")], line_of(0))];
        for (r, row) in table.rows.iter().enumerate() {
            let cells: Vec<Vec<Vec<Span<'static>>>> = (0..columns)
                .map(|c| {
                    let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                    let cell: Vec<Span<'static>> = if r == 0 {
                        cell.iter()
                            .map(|s| {
                                Span::styled(
                                    s.content.clone(),
                                    s.style.patch(self.theme.table_header),
                                )
                            })
                            .collect()
                    } else {
                        cell.to_vec()
                    };
                    let cell = nbsp_as_space(cell);
                    wrap_spans(&break_long_words(&cell, widths[c]), widths[c])
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            if r > 1 && multiline {
                out.push((vec![light_rule()], line_of(r - 1)));
            }
            for line in 0..height {
                let mut spans = vec![Span::styled("│ ", border)];
                for (c, cell) in cells.iter().enumerate() {
                    let content = cell.get(line).cloned().unwrap_or_default();
                    let used: usize = content.iter().map(|s| width(&s.content)).sum();
                    let pad = widths[c].saturating_sub(used);
                    let (before, after) = match table.aligns.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    if before > 0 {
                        spans.push(Span::raw(" ".repeat(before)));
                    }
                    spans.extend(content);
                    if after > 0 {
                        spans.push(Span::raw(" ".repeat(after)));
                    }
                    let sep = if c + 1 == columns { " │" } else { " │ " };
                    spans.push(Span::styled(sep, border));
                }
                out.push((spans, line_of(r)));
            }
            if r == 0 && table.rows.len() > 1 {
                out.push((vec![rule("├", "┼", "┤")], line_of(0)));
            }
        }
        let last = line_of(table.rows.len().saturating_sub(1));
        out.push((vec![rule("└", "┴", "┘")], last));
        if table.hidden > 0 {
            let note = format!("({} more columns not shown)", table.hidden);
            out.push((vec![Span::styled(note, self.theme.dim)], last));
        }
        // Wider than the room: cut with `›`, and scrolled sideways by the pane.
        let cut = Span::styled("›", self.theme.dim);
        for (row, line) in out {
            let text = row.iter().map(|s| width(&s.content)).sum();
            self.at = line;
            self.push_scrollable(vec![(row, text)], Style::default(), &cut);
        }
        self.gap = true;
    }
}

/// Columns a word between spaces needs not to be split: all of it (`Europe/Africa` and
/// `timezone[1]` are one word each to a reader, though UAX #14 may break lines inside them),
/// except in CJK text, which breaks between any two ideographs: there, its longest unbreakable
/// piece.
fn word_columns(word: &str) -> usize {
    let columns = width(word);
    if columns > word.chars().count() {
        longest_word(word)
    } else {
        columns
    }
}

/// `cell` with each word wider than `columns` broken into pieces of `columns - 1` columns, each
/// but the last ended with [`BREAK_MARK`] and a space, so wrapping puts each on its own row.
/// A cell's spans with each non-breaking space (U+00A0, `&nbsp;` in HTML) a plain space: in a
/// column fitted to the room, words joined by one wrap as words joined by a space do, rather
/// than being broken mid-word (an HTML table that writes `Chrome&nbsp;83` in a narrow column).
fn nbsp_as_space(cell: Vec<Span<'static>>) -> Vec<Span<'static>> {
    cell.into_iter()
        .map(|span| {
            if span.content.contains('\u{a0}') {
                Span::styled(span.content.replace('\u{a0}', " "), span.style)
            } else {
                span
            }
        })
        .collect()
}

fn break_long_words(cell: &[Span<'static>], columns: usize) -> Vec<Span<'static>> {
    if columns < 2 || cell.iter().all(|s| longest_word(&s.content) <= columns) {
        return cell.to_vec();
    }
    cell.iter()
        .map(|span| {
            if longest_word(&span.content) <= columns {
                return span.clone();
            }
            let mut out = String::with_capacity(span.content.len() + 16);
            for (i, word) in span.content.split(' ').enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if width(word) <= columns {
                    out.push_str(word);
                    continue;
                }
                let mut used = 0;
                for c in word.chars() {
                    let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if used + w > columns - 1 {
                        out.push(BREAK_MARK);
                        out.push(' ');
                        used = 0;
                    }
                    out.push(c);
                    used += w;
                }
            }
            Span::styled(out, span.style)
        })
        .collect()
}
