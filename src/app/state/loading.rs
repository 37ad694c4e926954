//! Taking in the initial load's batches of posts: every batch that came in one burst of events
//! is stored at once, so the store sorts once per burst, not once per batch (a 100,000-post
//! folder read from the metadata cache comes as some two hundred batches together).

use super::AppState;

impl AppState {
    /// Stores the batches the load sent since the last call, looks up their read marks, and
    /// opens the file asked for once it is in. Called before any other event is applied and at
    /// each refresh.
    pub(crate) fn take_in_loaded(&mut self) {
        if self.load.incoming.is_empty() {
            return;
        }
        let batches = std::mem::take(&mut self.load.incoming);
        // Nothing read yet, or a first run: no mark to look up for each post of a large load.
        let marked = !self.marks.read.is_empty() || !self.marks.read_ids.is_empty();
        let paths: Vec<_> = (batches.iter().flatten())
            .filter(|_| marked)
            .map(|p| p.path.clone())
            .collect();
        // Each batch is let go as soon as its posts are stored.
        let count = batches.iter().map(Vec::len).sum();
        // Room for every file the walk found, once: a load from the metadata cache comes as
        // many batches in a few hundred milliseconds.
        let found = self.load.progress.found;
        self.store.reserve(found.saturating_sub(self.store.len()));
        self.store.extend(batches.into_iter().flatten(), count);
        self.note_read(&paths);
        if let Some(id) = (self.load.open_first.as_deref()).and_then(|f| self.store.id_of(f)) {
            self.load.open_first = None;
            self.list.pending_open = Some(id);
            // The file asked for stays open: the list no longer follows its top while the
            // other files given come in (a newer one read later took the selection).
            self.list.follow_top = false;
        }
    }
}
