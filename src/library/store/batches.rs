//! A load's posts taken in at once: room made for all of them first, one sort at the end.

use std::sync::Arc;

use crate::content::Post;

use super::Store;

impl Store {
    /// Stores `posts` (new or replacing those at their paths), as [`Store::apply`] does with
    /// [`super::Change::Upsert`]s, with room made for them first: a load's posts, taken in at once.
    pub fn extend(&mut self, posts: impl IntoIterator<Item = Arc<Post>>, count: usize) {
        self.slots.reserve(count);
        self.by_path.reserve(count);
        self.rank.reserve(count);
        self.columns.reserve(count);
        self.unsorted.reserve(count);
        for post in posts {
            self.upsert(post);
        }
        self.sort();
        self.generation += 1;
    }
}
