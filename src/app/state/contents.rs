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
    pub(crate) fn toc_width(&self) -> u16 {
        let Some(view) = self.reader.article.as_ref() else {
            return 0;
        };
        view.kept_toc_width.unwrap_or_else(|| {
            width_for(view.doc.headings.iter().map(|h| (h.level, h.text.as_str())))
        })
    }

    /// [`Self::toc_width`] for post `id` before it is rendered: what its first render's
    /// headings will ask (one parse of its head when it is opened); `None` for plain text.
    pub(super) fn first_toc_width(&self, id: crate::content::PostId) -> Option<u16> {
        let outline = crate::render::first_outline(self.store.get(id)?, FIRST_SCREEN_BYTES)?;
        Some(width_for(
            outline.iter().map(|(level, text)| (*level, text.as_str())),
        ))
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
