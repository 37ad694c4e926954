//! The metadata cache's lane: writes what the store knows of every post to the cache file (see
//! [`crate::content::cache`]) once a load has found the cache stale, and again, at most every
//! [`SPACING`], when posts changed since. It runs behind the reader (nice 10): over 100,000
//! posts a write is ~40 MiB, a few hundred milliseconds of one core.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Job, Lane, Reply, Wait};
use crate::content::Post;
use crate::content::cache::{self, Place};

/// The least time between two writes of one session: a folder saved into while it is read is
/// written once a minute at most (the next start reads the files changed since by their stamps
/// anyway).
pub const SPACING: Duration = Duration::from_secs(60);

/// Write these posts (a snapshot of the whole store) as the cache at `place`, with the
/// languages detected for posts that say none (`Store::detected_langs`). With `spaced`, not
/// before [`SPACING`] has passed since the lane's last write.
#[derive(Debug)]
pub struct SaveMetadata {
    pub place: Place,
    pub posts: Vec<Arc<Post>>,
    pub langs: Vec<(Arc<Path>, Option<Arc<str>>)>,
    pub spaced: bool,
}

/// How the write went: the posts written, or why it failed.
#[derive(Debug)]
pub struct MetadataSaved(pub Result<usize, String>);

/// When the lane last wrote.
#[derive(Default)]
pub struct Kept {
    written: Option<Instant>,
}

impl Job for SaveMetadata {
    const LANE: Lane = Lane {
        name: "tidings-metadata",
        wait: Wait::Idle,
        behind_the_reader: true,
    };
    type State = Kept;

    fn run(self, kept: &mut Kept, reply: &Reply<'_>) {
        // Spaced out: a newer snapshot asked for meanwhile replaces this one.
        while self.spaced && kept.written.is_some_and(|at| at.elapsed() < SPACING) {
            if reply.superseded() {
                return;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        let langs: HashMap<&Path, &Option<Arc<str>>> = (self.langs.iter())
            .map(|(path, lang)| (&**path, lang))
            .collect();
        let detected = |post: &Post| Some(langs.get(&*post.path)?.as_deref().map(Into::into));
        let posts = self.posts.iter().map(|p| &**p);
        let written = cache::write_with_detected(&self.place, posts, detected);
        kept.written = Some(Instant::now());
        reply.send(MetadataSaved(written.map_err(|e| e.to_string())));
    }
}
