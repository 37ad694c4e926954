//! Text made safe and fitted to columns: control characters made visible, styled text wrapped
//! at display width (CJK characters are two columns), and strings cut or padded to a width.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Span;
use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces every character that could drive a terminal with a visible stand-in, so a post's
/// bytes never reach the terminal raw: C0 controls become their Control Pictures (`ESC` → `␛`,
/// U+2400 block), DEL becomes `␡`, C1 controls and the bidirectional overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) become `�`. A tab becomes one space (code blocks expand tabs
/// before calling this). Borrows when there is nothing to replace.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if needs_replacing(c) { stand_in(c) } else { c })
            .collect(),
    )
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn stand_in(c: char) -> char {
    match c {
        '\t' => ' ',
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Byte offsets of a text to its 1-based lines, for a text that starts on line `first` of its
/// file (a post's body after its front matter): what turns a parser's byte ranges into the
/// `path:line` a reader or an editor goes to.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    first: usize,
}

impl LineIndex {
    pub fn new(text: &str, first: usize) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first }
    }

    /// The file line byte `offset` is on.
    pub fn line(&self, offset: usize) -> u32 {
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        u32::try_from(self.first + index).unwrap_or(u32::MAX)
    }
}

/// An I/O error as the system says it (`No such file or directory`), without Rust's
/// `(os error N)`: as `ls` and `cat` print it.
pub fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_string(),
        _ => text,
    }
}

/// `n` and the noun for it, singular for exactly one: `counted(1, "post", "posts")` is
/// "1 post", `counted(0, …)` "0 posts" (English plurals).
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Display width of `text` in terminal columns (Unicode's East Asian Width, as the
/// `unicode-width` crate gives it). Printable ASCII is one column a byte, counted without
/// looking each character up: the list measures 100,000 titles and their tags as a start
/// stores them.
pub fn width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return text.len();
    }
    text.width()
}

/// `text` cut to at most `columns` display columns; when cut, its last column is `…`.
pub fn truncate(text: &str, columns: usize) -> Cow<'_, str> {
    if text.width() <= columns {
        return Cow::Borrowed(text);
    }
    if columns == 0 {
        return Cow::Borrowed("");
    }
    let (head, _) = text.unicode_truncate(columns - 1);
    Cow::Owned(format!("{head}…"))
}

/// `text` cut (with `…`) or padded with spaces to exactly `columns` display columns. A wide
/// character that would straddle the edge is replaced by padding.
pub fn fit(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let pad = columns.saturating_sub(cut.width());
    let mut out = String::with_capacity(cut.len() + pad);
    out.push_str(&cut);
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Display width of the longest word of `text` (between UAX #14 break opportunities): the
/// narrowest a column can be without breaking a word. A CJK character is a word of its own.
pub fn longest_word(text: &str) -> usize {
    WordSeparator::UnicodeBreakProperties
        .find_words(text)
        .map(|word| word.word.width())
        .max()
        .unwrap_or(0)
}

/// `spans` cut to at most `columns` display columns (a wide character that would straddle the
/// edge is dropped); unchanged when they fit.
pub fn cut_spans(spans: Vec<Span<'static>>, columns: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= columns {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    let mut used = 0;
    for span in spans {
        let w = span.content.width();
        if used + w <= columns {
            used += w;
            out.push(span);
            continue;
        }
        let (head, _) = span.content.unicode_truncate(columns - used);
        if !head.is_empty() {
            out.push(Span::styled(head.to_string(), span.style));
        }
        break;
    }
    out
}

/// Display columns `from..from + columns` of `spans`, styles kept: what a line scrolled
/// sideways shows. A wide character cut by either edge becomes spaces in its style, so the
/// result is never wider than `columns` (it is narrower only where the text ends).
pub fn slice_spans(spans: &[Span<'_>], from: usize, columns: usize) -> Vec<Span<'static>> {
    let end = from + columns;
    let mut out = Vec::new();
    let mut at = 0;
    for span in spans {
        if at >= end {
            break;
        }
        let mut piece = String::new();
        for c in span.content.chars() {
            let w = UnicodeWidthChar::width(c).unwrap_or(0);
            if w == 0 {
                // Combining marks go with the character before them, if it was kept.
                if at > from && at <= end && !piece.is_empty() {
                    piece.push(c);
                }
                continue;
            }
            let (start, stop) = (at, at + w);
            at = stop;
            if stop <= from || start >= end {
                continue;
            }
            if start < from || stop > end {
                // Straddles an edge: its visible columns as spaces.
                let visible = stop.min(end) - start.max(from);
                piece.extend(std::iter::repeat_n(' ', visible));
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            out.push(Span::styled(piece, span.style));
        }
    }
    out
}

/// `spans` made exactly `columns` display columns wide: padded with spaces in `fill`, or, when
/// wider, cut to `columns - 1` and ended with `marker` (one column wide). A wide character
/// that would straddle the cut is replaced by padding.
pub fn fit_spans(
    spans: Vec<Span<'static>>,
    columns: usize,
    fill: Style,
    marker: Span<'static>,
) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= columns {
        let mut spans = spans;
        if total < columns {
            spans.push(Span::styled(" ".repeat(columns - total), fill));
        }
        return spans;
    }
    let room = columns.saturating_sub(1);
    let mut out = cut_spans(spans, room);
    let used: usize = out.iter().map(|s| s.content.width()).sum();
    if used < room {
        out.push(Span::styled(" ".repeat(room - used), fill));
    }
    if columns > 0 {
        out.push(marker);
    }
    out
}

/// Wraps styled text into rows of at most `columns` display columns (at least 1), breaking at
/// Unicode line-break opportunities (UAX #14: spaces, and between CJK characters), and breaking
/// words longer than a row. A `\n` in the text forces a new row. Style runs are kept across
/// the breaks; the whitespace at a break is dropped. The text must already be sanitized.
pub fn wrap_spans(spans: &[Span<'_>], columns: usize) -> Vec<Vec<Span<'static>>> {
    let (text, runs) = join_spans(spans);
    wrap_text(&text, columns)
        .into_iter()
        .map(|row| styled_row(&text, row, &runs))
        .collect()
}

/// `spans` as one string, with the (byte offset, style) at which each span starts: the shape
/// [`wrap_text`] and [`styled_row`] work on.
pub fn join_spans(spans: &[Span<'_>]) -> (String, Vec<(usize, Style)>) {
    let mut text = String::new();
    let mut runs = Vec::with_capacity(spans.len());
    for span in spans {
        runs.push((text.len(), span.style));
        text.push_str(&span.content);
    }
    (text, runs)
}

/// Tabs to spaces, with stops every 4 display columns (a CJK character counts 2). Borrows when
/// there is no tab.
pub fn expand_tabs(line: &str) -> Cow<'_, str> {
    if !line.contains('\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', n));
            column += n;
        } else {
            out.push(c);
            column += UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    Cow::Owned(out)
}

/// The rows [`wrap_spans`] makes of `text`, as byte ranges of `text` (an empty range for a
/// blank row), for callers that need to know where each piece of the text landed.
pub fn wrap_text(text: &str, columns: usize) -> Vec<Range<usize>> {
    let columns = columns.max(1);
    let mut rows = Vec::new();
    let mut line_rows = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        line_rows.clear();
        if !wrap_at_spaces(line, columns, &mut line_rows) {
            line_rows.clear();
            wrap_at_break_opportunities(line, columns, &mut line_rows);
        }
        if line_rows.is_empty() {
            rows.push(base..base);
        }
        rows.extend(
            line_rows
                .iter()
                .map(|&(start, end)| base + start..base + end),
        );
        base += line.len() + 1;
    }
    rows
}

/// `text[row]` as spans, split where the style runs change. `runs` are (byte offset, style)
/// pairs in increasing order, each style holding until the next offset.
pub fn styled_row(text: &str, row: Range<usize>, runs: &[(usize, Style)]) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    push_styled(&mut spans, text, row.start, row.len(), runs);
    spans
}

/// A word (byte range in its line) and the spaces after it, measured as ratatui measures text
/// (unicode-width over whole strings, so emoji sequences count as they are drawn).
#[derive(Debug)]
struct Piece {
    word: Range<usize>,
    width: usize,
    spaces: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.spaces as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps `line` with textwrap: words found at UAX #14 break opportunities (textwrap's
/// `UnicodeBreakProperties`, which also keeps hyphenated words whole), words wider than a row
/// broken between grapheme clusters, then textwrap's first-fit. Pushes each row's byte range
/// in `line` (from its first word to the end of its last, without the spaces at the break).
fn wrap_at_break_opportunities(line: &str, columns: usize, rows: &mut Vec<(usize, usize)>) {
    let offset_in = |part: &str| part.as_ptr() as usize - line.as_ptr() as usize;
    let mut pieces: Vec<Piece> = Vec::new();
    for word in WordSeparator::UnicodeBreakProperties.find_words(line) {
        let start = offset_in(word.word);
        let end = start + word.word.len();
        let spaces = word.whitespace.len();
        let width = word.word.width();
        // A link or footnote number (`[4]`, and what follows it, as `[4]。`) stays on the
        // line of the word before it when they touch: UAX #14 allows a break between an
        // ideograph and `[`, which would leave the number alone at the start of a line.
        if let Some(prev) = pieces.last_mut()
            && prev.spaces == 0
            && prev.word.end == start
            && starts_with_number_mark(word.word)
            && prev.width + width <= columns
        {
            prev.word.end = end;
            prev.width += width;
            prev.spaces = spaces;
            continue;
        }
        if width <= columns {
            pieces.push(Piece {
                word: start..end,
                width,
                spaces,
            });
            continue;
        }
        let (mut piece_start, mut piece_width) = (start, 0);
        for (at, grapheme) in word.word.grapheme_indices(true) {
            let w = grapheme.width();
            if piece_width > 0 && piece_width + w > columns {
                pieces.push(Piece {
                    word: piece_start..start + at,
                    width: piece_width,
                    spaces: 0,
                });
                (piece_start, piece_width) = (start + at, 0);
            }
            piece_width += w;
        }
        pieces.push(Piece {
            word: piece_start..end,
            width: piece_width,
            spaces,
        });
    }
    // A row's pieces are consecutive in `line`, so the row is one byte range.
    for row in wrap_first_fit(&pieces, &[columns as f64]) {
        if let (Some(first), Some(last)) = (row.first(), row.last()) {
            rows.push((first.word.start, last.word.end));
        }
    }
}

/// Whether `word` starts with a link or footnote number as the renderer writes them: `[`,
/// ASCII digits, `]` (a footnote's with `^` after the `[`).
fn starts_with_number_mark(word: &str) -> bool {
    let Some(rest) = word.strip_prefix("[^").or_else(|| word.strip_prefix('[')) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(']')
}

/// The common case of [`wrap_at_break_opportunities`], several times faster: a line of
/// alphabetic scripts (Latin, Greek, Cyrillic) with no slash or soft hyphen, whose
/// UAX #14 break opportunities are its spaces, and no word wider than a row. Splits at spaces
/// and fits words first-fit as textwrap's `AsciiSpace` separator and `wrap_first_fit` do, in
/// one pass without allocating. Returns `false` (rows half pushed or not) for any other line.
fn wrap_at_spaces(line: &str, columns: usize, rows: &mut Vec<(usize, usize)>) -> bool {
    let bytes = line.as_bytes();
    let mut pos = 0;
    // The row being filled (byte range) and the columns it uses, with its trailing spaces.
    let mut row: Option<(usize, usize)> = None;
    let mut used = 0;
    while pos < bytes.len() {
        let word_start = pos;
        let mut word_width = 0;
        while let Some(&b) = bytes.get(pos) {
            if b == b' ' {
                break;
            }
            if b.is_ascii() {
                if !b.is_ascii_graphic() || b == b'/' {
                    return false;
                }
                word_width += 1;
                pos += 1;
            } else {
                let Some(c) = line[pos..].chars().next() else {
                    return false;
                };
                if !matches!(c, '\u{a0}'..='\u{4ff}') || c == '\u{ad}' {
                    return false;
                }
                word_width += UnicodeWidthChar::width(c).unwrap_or(0);
                pos += c.len_utf8();
            }
        }
        let word_end = pos;
        while bytes.get(pos) == Some(&b' ') {
            pos += 1;
        }
        if word_width > columns {
            return false;
        }
        if let Some(full) = row.filter(|_| used + word_width > columns) {
            rows.push(full);
            row = None;
            used = 0;
        }
        row = Some((row.map_or(word_start, |r| r.0), word_end));
        used += word_width + (pos - word_end);
    }
    rows.extend(row);
    true
}

/// Appends `text[start..start + len]` to `row`, split where the style runs change and merged
/// into the previous span when the style is the same.
fn push_styled(
    row: &mut Vec<Span<'static>>,
    text: &str,
    start: usize,
    len: usize,
    runs: &[(usize, Style)],
) {
    let end = start + len;
    let mut pos = start;
    let mut run = runs
        .partition_point(|(at, _)| *at <= start)
        .saturating_sub(1);
    while pos < end {
        let style = runs.get(run).map(|r| r.1).unwrap_or_default();
        let run_end = runs.get(run + 1).map_or(end, |r| r.0.min(end));
        if run_end > pos {
            let piece = &text[pos..run_end];
            match row.last_mut() {
                Some(prev) if prev.style == style => prev.content.to_mut().push_str(piece),
                _ => row.push(Span::styled(piece.to_string(), style)),
            }
            pos = run_end;
        }
        run += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn plain(rows: &[Vec<Span<'_>>]) -> Vec<String> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn width_counts_printable_ascii_as_unicode_width_does_and_the_rest_by_it() {
        let printable: String = (0x20u8..0x7f).map(char::from).collect();
        assert_eq!(width(&printable), printable.width());
        assert_eq!(width(&printable), 95);
        for text in [
            "",
            "Rust 1.80",
            "中文 title",
            "café",
            "a\u{301}",
            "tab\there",
            "👍🏽 ok",
        ] {
            assert_eq!(width(text), text.width(), "{text:?}");
        }
        assert_eq!(width("中文"), 4);
    }

    #[test]
    fn a_slice_keeps_styles_and_never_overflows_at_a_wide_character() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let spans = [Span::raw("ab"), Span::styled("中文x", bold)];
        let text =
            |v: Vec<Span<'static>>| v.iter().map(|s| s.content.to_string()).collect::<String>();
        assert_eq!(text(slice_spans(&spans, 0, 4)), "ab中");
        assert_eq!(text(slice_spans(&spans, 1, 3)), "b中");
        assert_eq!(
            text(slice_spans(&spans, 3, 3)),
            " 文",
            "the cut 中 is a space"
        );
        assert_eq!(text(slice_spans(&spans, 2, 3)), "中 ");
        assert_eq!(text(slice_spans(&spans, 6, 5)), "x");
        assert_eq!(slice_spans(&spans, 2, 2)[0].style, bold);
        assert!(slice_spans(&spans, 9, 3).is_empty());
    }

    #[test]
    fn a_link_number_stays_with_the_word_before_it() {
        // Each ideograph is a break opportunity, `[` too: the number must not start a row.
        let text = "终端里读新闻[4]。然后";
        // From 7 columns, the room "闻[4]。" needs.
        for columns in 7..14 {
            for row in wrap_text(text, columns) {
                assert!(
                    !text[row].starts_with('['),
                    "{columns}: {:?}",
                    wrap_text(text, columns)
                );
            }
        }
        assert!(starts_with_number_mark("[12]。"));
        assert!(starts_with_number_mark("[^3]"), "a footnote's number");
        assert!(!starts_with_number_mark("[a]") && !starts_with_number_mark("[]"));
    }

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(counted(1, "post", "posts"), "1 post");
        assert_eq!(counted(0, "post", "posts"), "0 posts");
        assert_eq!(counted(2, "file", "files"), "2 files");
    }

    #[test]
    fn sanitize_makes_escape_sequences_visible() {
        let evil = "a\x1b]52;c;aGk=\x07b\x1b[2Jc\rd\u{9b}e\u{202e}f\u{7f}";
        let clean = sanitize(evil);
        assert!(!clean.chars().any(char::is_control), "{clean:?}");
        assert_eq!(clean, "a␛]52;c;aGk=␇b␛[2Jc␍d\u{fffd}e\u{fffd}f␡");
        assert!(matches!(sanitize("plain текст 中文"), Cow::Borrowed(_)));
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let rows = wrap_spans(&[Span::raw("the quick brown fox jumps")], 10);
        assert_eq!(plain(&rows), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn cjk_wraps_by_display_columns() {
        let rows = wrap_spans(&[Span::raw("这篇文章用中文写成用来检查")], 8);
        for row in plain(&rows) {
            assert!(width(&row) <= 8, "{row} is {} columns", width(&row));
        }
        assert_eq!(plain(&rows).concat(), "这篇文章用中文写成用来检查");
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn long_words_are_broken_rather_than_overflowing() {
        let url = "https://example.com/a/very/long/path/that/does/not/fit";
        let rows = wrap_spans(&[Span::raw(url)], 12);
        assert!(plain(&rows).iter().all(|r| width(r) <= 12));
        assert_eq!(plain(&rows).concat(), url);
    }

    #[test]
    fn styles_survive_wrapping_and_split_at_run_edges() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let spans = [
            Span::raw("plain "),
            Span::styled("bold words here", bold),
            Span::raw(" tail"),
        ];
        let rows = wrap_spans(&spans, 11);
        assert_eq!(plain(&rows), ["plain bold", "words here", "tail"]);
        assert_eq!(rows[0][1], Span::styled("bold", bold));
        assert_eq!(rows[1], [Span::styled("words here", bold)]);
    }

    #[test]
    fn newline_forces_a_row_and_blank_lines_stay() {
        let rows = wrap_spans(&[Span::raw("one\n\ntwo")], 20);
        assert_eq!(plain(&rows), ["one", "", "two"]);
    }

    #[test]
    fn fit_pads_and_truncates_by_columns() {
        assert_eq!(fit("Заметки", 10), "Заметки   ");
        assert_eq!(fit("在终端里读新闻", 7), "在终端…");
        assert_eq!(width(&fit("在终端里读新闻", 6)), 6);
        assert_eq!(fit("abc", 0), "");
    }
}
