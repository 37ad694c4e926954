//! A load's posts taken in at once: room made for all of them first, one sort at the end.

use std::sync::Arc;

use crate::content::Post;

use super::Store;

impl Store {
    /// Stores `posts` (new or replacing those at their paths), as [`Store::apply`] does with
    /// [`super::Change::Upsert`]s, with room made for them first: a load's posts, taken in at once.
    pub fn extend(&mut self, posts: impl IntoIterator<Item = Arc<Post>>, count: usize) {
        self.reserve(count);
        self.unsorted.reserve(count);
        for post in posts {
            self.upsert(post);
        }
        self.sort();
        self.generation += 1;
    }

    /// Makes room for `additional` more posts: for a load that knows how many files it found,
    /// so its batches do not grow the store's maps again and again.
    pub fn reserve(&mut self, additional: usize) {
        self.slots.reserve(additional);
        self.by_path.reserve(additional);
        self.rank.reserve(additional);
        self.columns.reserve(additional);
        self.leads.reserve(additional);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use crate::library::store::{Change, Filter};
    use std::path::PathBuf;

    fn titles(store: &Store) -> Vec<String> {
        (store.query(&Filter::default()).into_iter())
            .filter_map(|id| Some(store.get(id)?.title.clone()))
            .collect()
    }

    fn dated(path: &str, title: &str, date: &str) -> Arc<Post> {
        Arc::new(post(path, title, date, "", "body\n"))
    }

    #[test]
    fn batches_fall_in_between_the_posts_stored_and_changes_move_them() {
        let mut store = Store::new();
        store.extend([dated("/p/a.md", "March", "2024-03-01")], 1);
        store.extend([dated("/p/c.md", "January", "2024-01-01")], 1);
        // A batch of new posts only: merged in, each after the stored posts newer than it.
        let batch = [
            dated("/p/e.md", "April", "2024-04-01"),
            dated("/p/b.md", "February", "2024-02-01"),
            dated("/p/d.md", "December", "2023-12-01"),
            dated("/p/f.md", "Also February", "2024-02-01"),
        ];
        store.extend(batch, 4);
        assert_eq!(
            titles(&store),
            [
                "April",
                "March",
                "Also February",
                "February",
                "January",
                "December"
            ]
        );
        // A stored post changed (now the newest) and one removed, then a batch again.
        store.extend([dated("/p/c.md", "January, moved", "2025-01-01")], 1);
        store.apply([Change::Remove(PathBuf::from("/p/a.md"))]);
        store.extend([dated("/p/g.md", "Later March", "2024-03-02")], 1);
        assert_eq!(
            titles(&store),
            [
                "January, moved",
                "April",
                "Later March",
                "Also February",
                "February",
                "December"
            ]
        );
        assert_eq!(store.len(), 6);
    }
}
