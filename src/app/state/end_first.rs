//! A long post's end, shown at once when the reader goes there (`G`) while the whole of it is
//! still being rendered on the worker: its last blocks rendered alone
//! ([`crate::render::tail_of`], about 1 ms for 200 KB where the whole render takes 3–10), until
//! the whole render comes and keeps the reader at the end (see `show_render`). `g` then shows
//! its first screen again.

use std::sync::Arc;

use super::reader::FIRST_SCREEN_BYTES;

impl crate::app::state::AppState {
    /// Shows the end of the open post in place of its first screen, when only that is shown.
    pub(crate) fn show_end_first(&mut self) {
        let Some(view) = self.reader.article.as_ref() else {
            return;
        };
        if !view.is_first_screen() || view.end_first {
            return;
        }
        let Some(tail) = (self.store.get(view.id))
            .and_then(|post| crate::render::tail_of(post, FIRST_SCREEN_BYTES))
        else {
            return;
        };
        let doc = crate::render::render_tail(
            &tail,
            view.width,
            &self.settings.theme,
            &self.reader.code_colours,
            self.open_broken_links(),
        );
        self.show_partial(doc, true);
    }

    /// Shows the open post's first screen again in place of its end (see
    /// [`Self::show_end_first`]), when the end is shown.
    pub(crate) fn show_start_again(&mut self) {
        let Some(view) = self.reader.article.as_ref().filter(|v| v.end_first) else {
            return;
        };
        let Some(head) = (self.store.get(view.id))
            .and_then(|post| crate::render::head_of(post, FIRST_SCREEN_BYTES))
        else {
            return;
        };
        let doc = crate::render::render_post_safely(
            &head,
            view.width,
            &self.settings.theme,
            &self.reader.code_colours,
            self.open_broken_links(),
        );
        self.show_partial(doc, false);
    }

    /// Puts `doc`, a part of the open post (its end when `end_first`, else its first screen),
    /// in place while the whole render is still being made.
    fn show_partial(&mut self, doc: crate::render::Document, end_first: bool) {
        if let Some(view) = &mut self.reader.article {
            view.doc = Arc::new(doc);
            view.end_first = end_first;
            view.h_scroll = 0;
        }
    }
}
