//! Read marks (kept between runs) and the clock that marks the open post read.

use super::{AppState, Effect, PostId, post_key};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

/// A post open in the reading view this long is marked read.
pub const READ_AFTER: Duration = Duration::from_millis(1500);

impl AppState {
    /// Starts the clock that marks the open post read after [`READ_AFTER`] (if it is unread).
    pub fn start_reading(&mut self) {
        self.reader.reading = self
            .reader
            .article
            .as_ref()
            .map(|a| a.id)
            .filter(|&id| !self.is_read(id))
            .map(|id| (id, Instant::now()));
    }

    /// Whether the post has been read.
    pub fn is_read(&self, id: PostId) -> bool {
        self.marks.read_ids.contains(&id)
    }

    /// The read-state key of a stored post: its path under the root it was found in, and title.
    pub fn read_key(&self, id: PostId) -> Option<String> {
        let post = self.store.get(id)?;
        let root = self
            .load
            .roots
            .iter()
            .filter(|r| post.path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len());
        Some(post_key(root.map(PathBuf::as_path), post))
    }

    /// Marks post `id` read or unread, and asks for the list to be saved if that changed it.
    pub fn set_read(&mut self, id: PostId, read: bool) {
        let Some(key) = self.read_key(id) else {
            return;
        };
        // One save covers every change made before the event loop gets to it.
        let asked = self
            .outbox
            .iter()
            .any(|e| matches!(e, Effect::SaveReadState));
        if self.marks.read.set(key, read) && !asked {
            self.outbox.push(Effect::SaveReadState);
        }
        self.mark(id, read);
    }

    /// Puts post `id` in or out of `read_ids`, counting the change.
    pub(super) fn mark(&mut self, id: PostId, read: bool) {
        let changed = if read {
            self.marks.read_ids.insert(id)
        } else {
            self.marks.read_ids.remove(&id)
        };
        if changed {
            self.marks.read_changes += 1;
        }
    }

    /// Looks up the read state of posts just stored or changed (by path).
    pub fn note_read(&mut self, paths: &[Arc<std::path::Path>]) {
        for path in paths {
            let Some(id) = self.store.id_of(path) else {
                continue;
            };
            // Nothing read yet (a first run): no key to make for each post of a large load.
            let read = !self.marks.read.is_empty()
                && self
                    .read_key(id)
                    .is_some_and(|k| self.marks.read.is_read(&k));
            self.mark(id, read);
        }
    }

    /// Marks the post being read as read once it has been open for [`READ_AFTER`] by `now`.
    pub fn tick(&mut self, now: Instant) {
        if let Some((id, since)) = self.reader.reading
            && now.saturating_duration_since(since) >= READ_AFTER
        {
            self.reader.reading = None;
            self.set_read(id, true);
        }
    }

    /// When the post being read becomes read, if nothing else happens first.
    pub fn read_deadline(&self) -> Option<Instant> {
        self.reader.reading.map(|(_, since)| since + READ_AFTER)
    }
}
