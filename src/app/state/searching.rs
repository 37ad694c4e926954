//! The app's side of search: the index is sent the store whenever it changed once the load is
//! over (and the link check after it), the handles it answers with are searched through, and
//! the snippets of the hits in view are made.

use std::collections::HashMap;

use super::AppState;
use crate::library::search::{self, SearchIndex};
use crate::library::store::PostId;
use crate::runtime::effects::Effect;
use crate::runtime::jobs::index::IndexJob;
use crate::runtime::jobs::links::CheckLinks;

impl AppState {
    /// Searches through `index` (at `version`) from now on.
    pub(crate) fn use_index(&mut self, index: SearchIndex, version: u64) {
        self.derived.selector.index.set(index, version);
    }

    /// Once the load is over, sends the store to the search index whenever it changed, and to
    /// the link check once the index is not reading a large folder: run together over 100,000
    /// posts, the two held their work in memory at once (871 MiB at the peak, against 826 with
    /// the check after the index).
    pub(super) fn ask_index(&mut self) {
        // The index opens once posts are on screen (the last run's answers searches at once).
        if !self.asked.index_opened && (!self.store.is_empty() || self.load.progress.finished) {
            self.asked.index_opened = true;
            self.outbox.push(Effect::run(IndexJob {
                dir: self.settings.index_dir.clone(),
                posts: None,
            }));
        }
        if !self.load.progress.finished {
            return;
        }
        let generation = self.store.generation();
        let index = self.asked.indexed_generation != Some(generation);
        self.say_the_index_is_awaited();
        let check =
            self.load.indexing.is_none() && self.asked.checked_generation != Some(generation);
        if !(index || check) {
            return;
        }
        if check {
            self.asked.checked_generation = Some(generation);
            self.outbox
                .push(Effect::run(CheckLinks(self.store.snapshot())));
        }
        if index {
            self.asked.indexed_generation = Some(generation);
            self.outbox.push(Effect::run(IndexJob {
                dir: self.settings.index_dir.clone(),
                posts: Some(self.store.snapshot_with_languages()),
            }));
        }
    }

    /// Once the load is over and before the index is first sent the store, says a large
    /// folder is waiting for its index: the index's thread starts once the reader is idle, and
    /// tells its progress only then. Said from the frame that shows the whole list, even
    /// while what the load asks for waits for that frame ([`super::Loading::hold_work`]).
    pub(super) fn say_the_index_is_awaited(&mut self) {
        if !self.load.progress.finished || self.asked.indexed_generation.is_some() {
            return;
        }
        let posts = self.store.len();
        if posts > crate::runtime::jobs::index::PROGRESS_EVERY {
            self.load.indexing = Some((0, posts));
        }
    }

    /// Makes the snippets of the search hits in view (kept until the search or store changes).
    pub(super) fn refresh_snippets(&mut self) {
        let text = &self.list.query.search;
        if !self.list.query.searching() {
            self.derived.snippets.clear();
            return;
        }
        let key = (text.clone(), self.store.generation());
        let snippets = self.derived.snippets.get_or_make(key, HashMap::new);
        let rows = self.screen.panes.list_rows();
        let in_view = self.list.visible.iter().skip(self.list.offset).take(rows);
        let missing: Vec<PostId> = in_view
            .filter(|id| !snippets.contains_key(id))
            .copied()
            .collect();
        if missing.is_empty() {
            return;
        }
        let mut analyzer = search::Analyzer::default();
        let marker = search::Plan::parse(text, &mut analyzer).marker();
        for id in missing {
            let made = self.store.get(id).and_then(|post| {
                let marker = marker.for_text_in(self.store.lang(id), &mut analyzer);
                search::snippet::snippet(post, &marker, &mut analyzer)
            });
            snippets.insert(id, made);
        }
    }
}
