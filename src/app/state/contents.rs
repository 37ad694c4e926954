//! What the contents pane asks of the layout: the width at which no heading of the open post
//! is cut. Worked out from the post's render, or, for a post just opened and not rendered yet,
//! from the headings its first render will have ([`crate::render::first_outline`]): laid out
//! for those, the post is rendered once, where it was rendered, laid out again for its
//! headings, and rendered again at the article's new width (~0.25 ms of a 200 KB post's first
//! screen).

use super::reader::FIRST_SCREEN_BYTES;

impl crate::app::state::AppState {
    /// Contents width (columns, borders included) at which no heading of the open post is cut:
    /// the `▸` column, indents of two per level, the text; 0 when it has no headings.
    pub(crate) fn toc_wants(&self) -> u16 {
        let Some(view) = self.reader.article.as_ref() else {
            return 0;
        };
        if let Some(width) = view.end_toc {
            return width;
        }
        if view.revision == u64::MAX
            && let Some(outline) = (self.store.get(view.id))
                .and_then(|post| crate::render::first_outline(post, FIRST_SCREEN_BYTES))
        {
            return width_for(outline.iter().map(|(level, text)| (*level, text.as_str())));
        }
        width_for(view.doc.headings.iter().map(|h| (h.level, h.text.as_str())))
    }
}

/// The contents' width for `headings` (level, text): the widest with its indent, the `▸`
/// column and the borders; 0 for none.
fn width_for<'a>(headings: impl Iterator<Item = (u8, &'a str)> + Clone) -> u16 {
    let top = headings.clone().map(|(level, _)| level).min().unwrap_or(1);
    headings
        .map(|(level, text)| 1 + 2 * usize::from(level - top) + crate::text::width(text))
        .max()
        .map_or(0, |w| u16::try_from(w + 2).unwrap_or(u16::MAX))
}
