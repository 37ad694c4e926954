//! Tables: collected cell by cell, then laid out with columns shared to fit the width.

use super::*;

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
                        longest_word(&text)
                    })
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let widths = share_columns(&natural, &shortest, room);
        let border = self.theme.table_border;
        let rule = |left: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            Span::styled(format!("{left}{}{right}", parts.join(mid)), border)
        };
        let mut out: Vec<Vec<Span<'static>>> = vec![vec![rule("┌", "┬", "┐")]];
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
                    wrap_spans(&cell, widths[c])
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
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
                out.push(spans);
            }
            if r == 0 && table.rows.len() > 1 {
                out.push(vec![rule("├", "┼", "┤")]);
            }
        }
        out.push(vec![rule("└", "┴", "┘")]);
        if table.hidden > 0 {
            let note = format!("({} more columns not shown)", table.hidden);
            out.push(vec![Span::styled(note, self.theme.dim)]);
        }
        for row in out {
            let mut spans = self.prefix();
            spans.extend(row);
            // At widths too narrow for its borders, a table is cut rather than overflow.
            let spans = cut_spans(spans, self.width);
            self.out.lines.push(Line::from(spans));
        }
        self.gap = true;
    }
}
