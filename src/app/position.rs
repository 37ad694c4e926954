//! Keeping the reader's place when the open post is rendered again (the file was saved, or the
//! pane changed width): the place is the heading above the top line, by anchor, and the
//! distance into that heading's section, not a line number, which edits and re-wrapping move.

use crate::library::places::Position;
use crate::render::Document;

/// Where the top of the article pane is, in terms that survive a re-render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingPosition {
    /// Anchor of the last heading at or above the top line; `None` before the first heading.
    anchor: Option<String>,
    /// Lines from that heading (or the document's start) to the top line.
    offset: usize,
    /// Lines in that section, for scaling `offset` when the width changed.
    section: usize,
    /// The top line itself, the fallback when the heading is gone.
    line: usize,
}

impl ReadingPosition {
    /// The place as kept between runs, with the heading as shown (`## Challenges Remain`);
    /// `None` at the document's first line, where a post opens anyway.
    pub fn kept(&self, doc: &Document) -> Option<Position> {
        if self.line == 0 {
            return None;
        }
        let heading = (self.anchor.as_ref())
            .and_then(|anchor| doc.headings.iter().find(|h| &h.anchor == anchor))
            .map(|h| format!("{} {}", "#".repeat(usize::from(h.level)), h.text));
        Some(Position {
            anchor: self.anchor.clone(),
            heading,
            offset: self.offset,
            section: self.section,
            line: self.line,
        })
    }

    /// The place kept as `position`.
    pub fn from_kept(position: &Position) -> Self {
        Self {
            anchor: position.anchor.clone(),
            offset: position.offset,
            section: position.section,
            line: position.line,
        }
    }
}

/// The section of `doc` that starts at heading `index` (or at the start, for `None`): its first
/// line and its length in lines.
fn section(doc: &Document, index: Option<usize>) -> (usize, usize) {
    let start = index
        .and_then(|i| doc.headings.get(i))
        .map_or(0, |h| h.line);
    let next = index.map_or(0, |i| i + 1);
    let end = doc
        .headings
        .get(next)
        .map_or(doc.lines.len(), |h| h.line)
        .max(start);
    (start, end - start)
}

/// The reader's place at scroll offset `scroll` of `doc`.
pub fn position_of(doc: &Document, scroll: usize) -> ReadingPosition {
    let index = doc.headings.iter().rposition(|h| h.line <= scroll);
    let (start, len) = section(doc, index);
    ReadingPosition {
        anchor: index.map(|i| doc.headings[i].anchor.clone()),
        offset: scroll - start.min(scroll),
        section: len,
        line: scroll,
    }
}

/// The scroll offset in `doc` for a place taken from an earlier render of the same post.
/// `rewrapped` says the width changed, so the distance into the section is scaled by the
/// section's new length; otherwise it is kept as it was (an edit elsewhere in the section
/// should not move the text under the reader), at most to the section's last line.
pub fn scroll_for(doc: &Document, place: &ReadingPosition, rewrapped: bool) -> usize {
    let index = match &place.anchor {
        None => None,
        Some(anchor) => match doc.headings.iter().position(|h| &h.anchor == anchor) {
            Some(i) => Some(i),
            // The heading was renamed or removed: stay on the same line.
            None => return place.line.min(doc.lines.len().saturating_sub(1)),
        },
    };
    let (start, len) = section(doc, index);
    let offset = if rewrapped && place.section > 0 {
        place.offset * len / place.section
    } else {
        place.offset
    };
    start + offset.min(len.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use crate::render::{highlight::CodeColours, render_post};
    use crate::theme::Theme;
    use std::path::Path;

    fn doc(body: &str, width: u16) -> Document {
        let post = Post::parse(
            Path::new("/p.md"),
            format!("---\ntitle: T\n---\n{body}"),
            None,
        );
        render_post(&post, width, &Theme::no_color(), &CodeColours::default())
    }

    const BODY: &str = "Intro.\n\n## First\n\none\n\n## Second\n\nA paragraph long enough to wrap over several lines when the pane is narrow, and then some more words.\n\nAnother line.\n\n## Third\n\nend\n";

    #[test]
    fn an_edit_above_keeps_the_reader_at_the_same_heading_and_offset() {
        let before = doc(BODY, 80);
        let second = before.headings[1].line;
        let place = position_of(&before, second + 2);
        let edited = BODY.replace("Intro.", "Intro.\n\nA new paragraph.\n\nAnd another.");
        let after = doc(&edited, 80);
        let moved = after.headings[1].line;
        assert!(moved > second, "the heading moved down");
        assert_eq!(scroll_for(&after, &place, false), moved + 2);
    }

    #[test]
    fn a_resize_scales_the_offset_within_the_section() {
        let wide = doc(BODY, 100);
        let (start, len) = section(&wide, Some(1));
        let place = position_of(&wide, start + len - 1);
        let narrow = doc(BODY, 30);
        let (n_start, n_len) = section(&narrow, Some(1));
        assert!(n_len > len);
        let scroll = scroll_for(&narrow, &place, true);
        assert!(scroll > n_start && scroll < n_start + n_len, "{scroll}");
        assert_eq!(
            narrow.headings.iter().rposition(|h| h.line <= scroll),
            Some(1)
        );
    }

    #[test]
    fn a_renamed_heading_keeps_the_line() {
        let before = doc(BODY, 80);
        let place = position_of(&before, before.headings[2].line);
        let after = doc(&BODY.replace("## Third", "## Last"), 80);
        assert_eq!(scroll_for(&after, &place, false), before.headings[2].line);
    }
}
