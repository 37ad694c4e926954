//! The link check's answers in the app: every post's broken links, kept until the next check,
//! for `!`, the status line, the post info and the marks in the article.

use std::sync::Arc;

use crate::library::linkcheck::{BrokenLink, BrokenLinks};

impl crate::app::state::AppState {
    /// Takes in the link check's answer; the open post is rendered again when its broken links
    /// are not the ones it was rendered with.
    pub fn take_broken_links(&mut self, broken: Arc<BrokenLinks>) {
        // What the render shows of them: the destinations marked and why (not the lines).
        let shown = |state: &Self| -> Vec<(String, String)> {
            let links = state.open_broken_links().iter();
            links.map(|b| (b.url.clone(), b.reason.clone())).collect()
        };
        let before = shown(self);
        self.load.broken_links = broken;
        if before != shown(self)
            && let Some(view) = &mut self.reader.article
        {
            // Rendered again by the next refresh, as for new code colours.
            view.stale = true;
        }
    }

    /// The broken links of the open post (none while no check has answered).
    pub(super) fn open_broken_links(&self) -> &[BrokenLink] {
        self.reader
            .article
            .as_ref()
            .and_then(|view| self.store.get(view.id))
            .map_or(&[], |post| self.broken_links_of(&post.path))
    }

    /// The broken links of the post at `path`, in the order they are written.
    pub fn broken_links_of(&self, path: &std::path::Path) -> &[BrokenLink] {
        self.load.broken_links.get(path).map_or(&[], Vec::as_slice)
    }

    /// How many broken links the posts have, all together.
    pub fn broken_link_count(&self) -> usize {
        self.load.broken_links.values().map(Vec::len).sum()
    }
}
