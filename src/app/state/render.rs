//! Rendering the open post for the article pane: its first screen at once and the rest in the
//! background when it is long, on the render worker when it is large, its body read back from
//! disk first when a large folder's bodies stay there (see [`crate::content::body`]).

use super::reader::{BACKGROUND_RENDER_BYTES, FIRST_SCREEN_BYTES};
use super::{AppState, Effect, PostId, RenderRequest};
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
            let doc = crate::render::render_post_safely(
                &head,
                text.width,
                &self.settings.theme,
                &self.reader.code_colours,
                self.open_broken_links(),
            );
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
        let doc = crate::render::render_post_safely(
            post,
            text.width,
            &self.settings.theme,
            &self.reader.code_colours,
            self.open_broken_links(),
        );
        self.show_render(doc, revision, text.width);
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
            end_first,
        })
    }
}
