//! The search index's lane: the first job opens the index kept in the cache directory (so a
//! restart searches through it at once), and each snapshot of the store the app sends brings
//! it up to date, reading only the posts whose stamps changed. When snapshots queue up, only
//! the newest is done. It tells the app of its progress and of each new version
//! ([`IndexReply`]).

use std::path::PathBuf;

use super::{Job, Lane, Reply, Wait};
use crate::content::Post;
use crate::library::search::{IndexWriterHandle, SearchIndex};
use crate::library::store::WithLanguage;

/// Fewer posts to read than this, and no progress is shown.
pub const PROGRESS_EVERY: usize = 500;

/// What the app asks of the index: open it (the first job, whatever it is, opens it, from
/// `dir`, or in memory with `None`), and with `posts`, make it hold exactly these posts (each
/// with the language detected from its text, as `Store::snapshot_with_languages` gives them).
#[derive(Debug)]
pub struct IndexJob {
    pub dir: Option<PathBuf>,
    pub posts: Option<Vec<WithLanguage>>,
}

/// What the index's lane tells the app.
#[derive(Debug)]
pub enum IndexReply {
    /// Reading posts: `done` of `total` so far.
    Progress { done: usize, total: usize },
    /// The index holds the store as of the last snapshot sent (or, at start, the last run's
    /// posts): search through it, at `version`.
    Ready { index: SearchIndex, version: u64 },
    /// The index could not be opened or brought up to date, and why: search scans until a
    /// later snapshot is indexed.
    Failed(String),
}

/// The posts of an [`IndexJob`], each with its language: its own, else the one detected.
pub fn with_languages(posts: &[WithLanguage]) -> impl Iterator<Item = (&Post, Option<&str>)> {
    (posts.iter()).map(|(post, detected)| (&**post, post.lang.as_deref().or(detected.as_deref())))
}

/// What the lane keeps: the index's writer once opened, its version, and whether the app has
/// been told of one.
#[derive(Default)]
pub struct Kept {
    handle: Option<IndexWriterHandle>,
    failed: bool,
    version: u64,
    told: bool,
}

impl Job for IndexJob {
    // The threads tantivy starts from this one inherit its nice value.
    const LANE: Lane = Lane {
        name: "tidings-index",
        wait: Wait::Idle,
        behind_the_reader: true,
    };
    type State = Kept;

    /// An opening never gives way; snapshots give way to newer ones.
    fn key(&self) -> Option<u64> {
        Some(u64::from(self.posts.is_some()))
    }

    fn run(self, kept: &mut Kept, reply: &Reply<'_>) {
        if kept.failed {
            return;
        }
        if kept.handle.is_none() {
            match IndexWriterHandle::open(self.dir.as_deref()) {
                Ok(handle) => {
                    if let Some(dir) = &self.dir {
                        // Indexes of folders not opened for a month, and of older formats, go.
                        crate::library::search::cache::prune(dir);
                    }
                    kept.version = 1;
                    if !handle.is_empty() {
                        // The last run's index answers while it is brought up to date.
                        kept.told = reply.send(IndexReply::Ready {
                            index: handle.index(),
                            version: kept.version,
                        });
                    }
                    kept.handle = Some(handle);
                }
                Err(err) => {
                    kept.failed = true;
                    reply.send(IndexReply::Failed(format!("{err}; search scans instead")));
                    return;
                }
            }
        }
        let (Some(posts), Some(handle)) = (self.posts, kept.handle.as_mut()) else {
            return;
        };
        let progress = |done: usize, total: usize| {
            if total > PROGRESS_EVERY {
                reply.send(IndexReply::Progress { done, total });
            }
        };
        match handle.sync(with_languages(&posts), progress) {
            Ok(0) if kept.told => {}
            Ok(_) => {
                kept.version += 1;
                kept.told = reply.send(IndexReply::Ready {
                    index: handle.index(),
                    version: kept.version,
                });
            }
            Err(err) => {
                reply.send(IndexReply::Failed(format!("{err}; search scans instead")));
            }
        }
    }
}
