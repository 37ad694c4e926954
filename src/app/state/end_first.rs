//! A long post's end, shown at once when the reader goes there (`G`) while the whole of it is
//! still being rendered on the worker: its last blocks rendered alone
//! ([`crate::render::tail_of`], about 1 ms for 200 KB where the whole render takes 3–10), until
//! the whole render comes and keeps the reader at the end (see `show_render`). `g` then shows
//! its first screen again. The worker renders the end first and sends it ahead of the whole
//! ([`crate::render::RenderRequest::end_first`]), so `G` usually finds it made; before it
//! comes, `G` makes it on the UI thread.

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
        if let Some(end) = view.end.clone() {
            self.show_partial(end, true);
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
        self.show_partial(Arc::new(doc), true);
    }

    /// Keeps the end of a long post rendered on the worker, if it is of the render being made
    /// for the open post (see [`Self::show_end_first`]).
    pub(crate) fn take_end_render(
        &mut self,
        id: crate::content::PostId,
        revision: u64,
        width: u16,
        doc: crate::render::Document,
    ) {
        if let Some(view) = &mut self.reader.article
            && view.id == id
            && view.is_first_screen()
            && view.pending == Some((revision, width))
        {
            view.end = Some(Arc::new(doc));
        }
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
        self.show_partial(Arc::new(doc), false);
    }

    /// Puts `doc`, a part of the open post (its end when `end_first`, else its first screen),
    /// in place while the whole render is still being made.
    fn show_partial(&mut self, doc: Arc<crate::render::Document>, end_first: bool) {
        let toc = self.toc_width();
        if let Some(view) = &mut self.reader.article {
            view.kept_toc_width = end_first.then_some(toc);
            view.doc = doc;
            view.end_first = end_first;
            view.h_scroll = 0;
        }
    }
}
