//! The render plan: the one place that decides how the open post is rendered for the article
//! pane, and with what ([`AppState::render_options`]).
//!
//! - A short post: whole, on the UI thread.
//! - A long post just opened (a body over [`FIRST_SCREEN_BYTES`]): its first screen at once
//!   ([`crate::render::head_of`]), and the whole of it on the render lane, which renders its
//!   end first and sends it ahead ([`RenderRequest::end_first`]).
//! - A large post (over [`BACKGROUND_RENDER_BYTES`]): the whole of it on the render lane, the
//!   last render shown until it comes.
//! - `G` on a long post whose whole render has not come: its end, shown at once
//!   ([`crate::render::tail_of`], about 1 ms for 200 KB where the whole render takes 3–10): the
//!   one the lane sent ahead, or rendered here when it has not come either; `g` its first
//!   screen again. The whole render then keeps the reader at the end (see `show_render`).
//!
//! Its body is read back from disk first when a large folder's bodies stay there (see
//! [`crate::content::body`]).

use std::sync::Arc;

use super::reader::{BACKGROUND_RENDER_BYTES, FIRST_SCREEN_BYTES};
use super::{AppState, Effect, PostId, RenderRequest};
use crate::render::RenderOptions;
use crate::runtime::jobs::render::RenderJob;

impl AppState {
    /// Renders the open post for the article pane's width when its version or the width changed
    /// since its last render.
    pub(super) fn refresh_article(&mut self) {
        let Some(text) = self.screen.panes.article_text() else {
            return;
        };
        let Some(view) = &self.reader.article else {
            return;
        };
        if self.refresh_embeds(view.id)
            && let Some(view) = &mut self.reader.article
        {
            // A note it embeds changed: what is shown of it is not what is on disk.
            view.stale = true;
        }
        let Some(view) = &self.reader.article else {
            return;
        };
        let revision = self.store.revision(view.id).unwrap_or_default();
        let wanted = (revision, text.width);
        let current = view.revision == Some(revision) && view.width == text.width;
        if current && !view.stale && !view.deleted {
            return;
        }
        self.hold_body(view.id);
        let Some(view) = &mut self.reader.article else {
            return;
        };
        let Some(post) = self.store.get(view.id) else {
            view.deleted = true;
            return;
        };
        // A long post just opened (or only its first screen shown, at another width): its first
        // screen now, the whole of it in the background.
        if (view.doc.lines.is_empty() || view.is_first_screen())
            && view.pending != Some(wanted)
            && let Some(head) = crate::render::head_of(post, FIRST_SCREEN_BYTES)
        {
            let full = self.render_request(wanted, Some(FIRST_SCREEN_BYTES));
            let doc = crate::render::render_post_safely(&head, &self.render_options(text.width));
            self.show_render(doc, revision, text.width);
            if let Some(view) = &mut self.reader.article {
                view.pending = Some(wanted);
            }
            self.outbox
                .extend(full.map(|r| Effect::run(RenderJob(Box::new(r)))));
            return;
        }
        if post.body.len() > BACKGROUND_RENDER_BYTES {
            // Shown when it comes (see `take_render`); until then, the last render stays.
            if view.pending != Some(wanted) {
                view.pending = Some(wanted);
                let request = self.render_request(wanted, None);
                self.outbox
                    .extend(request.map(|r| Effect::run(RenderJob(Box::new(r)))));
            }
            return;
        }
        let doc = crate::render::render_post_safely(post, &self.render_options(text.width));
        self.show_render(doc, revision, text.width);
    }

    /// Finds the notes post `id` embeds again when the store changed (once per generation; a
    /// post with no `![[` costs the search for it); whether they changed for the post already
    /// shown.
    fn refresh_embeds(&mut self, id: PostId) -> bool {
        let generation = self.store.generation();
        if self.derived.embeds.is_for(&(id, generation)) {
            return false;
        }
        let before = (self.derived.embeds.latest())
            .filter(|((was, _), _)| *was == id)
            .map(|(_, embeds)| Arc::clone(embeds));
        let embeds = self.store.get(id).and_then(|p| p.read_body().ok());
        let embeds = if embeds.is_some_and(|body| body.contains("![[")) {
            self.refresh_link_index();
            crate::library::embeds::Embeds::of(&self.store, &self.derived.link_index, id)
        } else {
            crate::library::embeds::Embeds::default()
        };
        let changed = before.is_some_and(|before| *before != embeds);
        self.derived.embeds.set((id, generation), Arc::new(embeds));
        changed
    }

    /// The notes the open post embeds, as last found.
    fn open_embeds(&self) -> Arc<crate::library::embeds::Embeds> {
        (self.derived.embeds.latest()).map_or_else(Arc::default, |(_, e)| Arc::clone(e))
    }

    /// Holds post `id`'s body to be rendered (a large folder's stay on disk); one that can no
    /// longer be read is said on the status line, and the post is shown without it.
    pub(super) fn hold_body(&mut self, id: PostId) {
        if let Err(err) = self.store.hold_body(id) {
            self.session.notice = Some(format!("Could not read the post again: {err}"));
        }
    }

    /// What the render worker is asked for: the open post at (store revision, width), in the
    /// theme and code colours in use; with `end_first`, its end first (see
    /// [`RenderRequest::end_first`]).
    pub(super) fn render_request(
        &self,
        (revision, width): (u64, u16),
        end_first: Option<usize>,
    ) -> Option<RenderRequest> {
        let id = self.reader.article.as_ref()?.id;
        Some(RenderRequest {
            id,
            revision,
            width,
            post: self.store.shared(id)?,
            theme: self.settings.theme.clone(),
            colours: self.reader.code_colours.clone(),
            broken: self.open_broken_links().to_vec(),
            embeds: self.open_embeds(),
            toggled_callouts: self.open_toggled_callouts().to_vec(),
            end_first,
        })
    }

    /// The options the open post is rendered with at `width` columns: the theme, the code
    /// colours made so far, its broken links.
    pub(super) fn render_options(&self, width: u16) -> RenderOptions<'_> {
        RenderOptions {
            width,
            theme: &self.settings.theme,
            colours: &self.reader.code_colours,
            broken: self.open_broken_links(),
            embeds: (self.derived.embeds.latest())
                .map_or(&crate::library::embeds::NO_EMBEDS, |(_, e)| e.as_ref()),
            toggled_callouts: self.open_toggled_callouts(),
        }
    }

    /// The foldable callouts of the open post the reader opened or closed.
    fn open_toggled_callouts(&self) -> &[u32] {
        (self.reader.article.as_ref()).map_or(&[], |view| &view.toggled_callouts)
    }

    /// Opens or closes the first foldable callout (`> [!tip]- Title`) with a line on screen;
    /// `false` when none has.
    pub fn toggle_callout_on_screen(&mut self) -> bool {
        let Some(area) = self.article_lines_area() else {
            return false;
        };
        let Some(view) = &mut self.reader.article else {
            return false;
        };
        let doc = &view.doc;
        let shown = view.scroll..(view.scroll + usize::from(area.height)).min(doc.source.len());
        let Some(fold) =
            (doc.folds.iter()).find(|fold| doc.source[shown.clone()].contains(&fold.source))
        else {
            return false;
        };
        let source = fold.source;
        match view.toggled_callouts.iter().position(|&s| s == source) {
            Some(at) => {
                view.toggled_callouts.remove(at);
            }
            None => view.toggled_callouts.push(source),
        }
        view.stale = true;
        true
    }

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
        let doc = crate::render::render_tail(&tail, &self.render_options(view.width));
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
        let doc = crate::render::render_post_safely(&head, &self.render_options(view.width));
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
