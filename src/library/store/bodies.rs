//! The open post's body, held in memory while the rest of a large folder's bodies stay on disk
//! (see [`crate::content::body`]).

use std::sync::Arc;

use crate::content::loader::LoadError;
use crate::content::{Body, PostId};

use super::Store;

impl Store {
    /// Holds the body of post `id` in memory, reading it again if it was left on disk, and
    /// leaves on disk again the body it read back for another post before (so one is held
    /// this way at a time). For the post the reader has open: rendering takes a held body. The
    /// post's revision and the store's generation stay as they are: its version is the same.
    ///
    /// Errors: the body can no longer be read (the post stays as it was).
    pub fn hold_body(&mut self, id: PostId) -> Result<(), LoadError> {
        let Some(entry) = self.slots.get(id.index()).and_then(Option::as_ref) else {
            return Ok(());
        };
        let max_bytes = match entry.post.body {
            Body::Held(_) => return Ok(()),
            Body::OnDisk { max_bytes, .. } => max_bytes,
        };
        let held = entry.post.with_body_held()?;
        if let Some((before, max_bytes)) = self.read_back.replace((id, max_bytes))
            && before != id
            && let Some(entry) = self.slots.get_mut(before.index()).and_then(Option::as_mut)
        {
            let bytes = entry.post.body.len();
            let on_disk = Body::OnDisk { bytes, max_bytes };
            entry.post = Arc::new(entry.post.with_body(on_disk));
        }
        if let Some(entry) = self.slots.get_mut(id.index()).and_then(Option::as_mut) {
            entry.post = Arc::new(held);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::content::loader::load_post;
    use crate::library::store::{Change, Store};

    #[test]
    fn the_body_held_for_the_reader_is_read_back_and_let_go_when_another_is_held() {
        let dir = tempfile::tempdir().expect("tempdir");
        let zone = jiff::tz::TimeZone::UTC;
        let mut posts = Vec::new();
        for name in ["a", "b", "c"] {
            let path = dir.path().join(format!("{name}.md"));
            std::fs::write(&path, format!("# {name}\n\nBody of {name}.\n")).expect("write");
            let mut post = load_post(&path, &zone).expect("load");
            post.leave_body_on_disk(1 << 20);
            posts.push(post);
        }
        let mut store = Store::new();
        store.apply(posts.into_iter().map(|p| Change::Upsert(Box::new(p))));
        let ids = store.ids().to_vec();
        let text = |store: &Store, i: usize| store.get(ids[i]).map(|p| p.text().to_string());
        let generation = store.generation();
        let revision = store.revision(ids[0]);

        store.hold_body(ids[0]).expect("hold");
        let held = text(&store, 0).expect("post");
        assert!(held.starts_with("# ") && held.ends_with(".\n"), "{held:?}");
        assert_eq!(
            (store.generation(), store.revision(ids[0])),
            (generation, revision)
        );

        store.hold_body(ids[1]).expect("hold");
        assert_eq!(text(&store, 0).as_deref(), Some(""), "let go again");
        assert!(text(&store, 1).is_some_and(|t| !t.is_empty()));
        assert_eq!(text(&store, 2).as_deref(), Some(""), "never read back");
        let first = store.get(ids[0]).expect("post").read_body().expect("read");
        assert_eq!(first, held, "the body let go still reads back");

        let gone = store.get(ids[2]).expect("post").path.to_path_buf();
        std::fs::remove_file(&gone).expect("rm");
        assert!(store.hold_body(ids[2]).is_err());
        assert!(
            text(&store, 1).is_some_and(|t| !t.is_empty()),
            "kept on a failed read"
        );
    }
}
