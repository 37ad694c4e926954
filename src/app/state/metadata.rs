//! When the metadata cache is written: once the load is over, if it found the cache stale (see
//! [`crate::content::loader::CacheUse::stale`]), and then when posts changed, a minute apart
//! at most (the lane spaces the writes, [`crate::runtime::jobs::metadata::SPACING`]); and at
//! once when the first pass of language detection has ended, so the next start has them.

use std::time::Instant;

use super::AppState;
use crate::runtime::effects::Effect;
use crate::runtime::jobs::metadata::{SPACING, SaveMetadata};

impl AppState {
    /// Asks the metadata lane to write the store, when the cache no longer says what it holds.
    pub(super) fn ask_metadata_cache(&mut self) {
        let (Some(place), true) = (&self.settings.metadata_cache, self.load.progress.finished)
        else {
            return;
        };
        let generation = self.store.generation();
        if self.asked.cached_generation == Some(generation) {
            return;
        }
        if self.asked.cached_generation.is_none()
            && self.load.cache_used.is_some_and(|used| !used.stale())
        {
            // The cache read at start says what the store holds.
            self.asked.cached_generation = Some(generation);
            return;
        }
        let now = Instant::now();
        let languages = self.asked.languages_detected && !self.asked.languages_cached;
        if !languages
            && self
                .asked
                .cache_asked_at
                .is_some_and(|at| now.duration_since(at) < SPACING)
        {
            return;
        }
        self.asked.languages_cached |= languages;
        self.asked.cached_generation = Some(generation);
        self.asked.cache_asked_at = Some(now);
        let posts = self.store.snapshot();
        self.outbox.push(Effect::run(SaveMetadata {
            place: place.clone(),
            posts,
            langs: self.store.detected_langs(),
            spaced: !languages,
        }));
    }
}
