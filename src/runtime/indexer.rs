//! The search index's thread: it opens the index kept in the cache directory (so a restart
//! searches through it at once), then brings it up to date with each snapshot of the store the
//! app sends, reading only the posts whose stamps changed. When snapshots queue up, only the
//! newest is done. It tells the app of its progress and of each new version as [`Event`]s.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::event::Event;
use crate::content::Post;
use crate::library::search::IndexWriterHandle;

/// Fewer posts to read than this, and no progress is shown.
pub const PROGRESS_EVERY: usize = 500;

/// What the app asks of the index's thread.
#[derive(Debug)]
enum Job {
    /// Open the index (the first job, whatever it is, opens it): sent once posts are on screen,
    /// so opening never competes with the first frame.
    Open,
    /// Make the index hold exactly these posts.
    Sync(Vec<Arc<Post>>),
}

/// The handle the app sends snapshots through; the thread ends when it is dropped.
#[derive(Debug)]
pub struct Indexer {
    jobs: Sender<Job>,
}

impl Indexer {
    /// The handle, and the body of its thread (for [`super::workers::Workers`] to start), with
    /// the index kept in `dir` (`None`: in memory). Jobs sent before the thread starts wait.
    pub fn new(dir: Option<PathBuf>, events: Sender<Event>) -> (Indexer, impl FnOnce() + Send) {
        let (jobs, queue) = std::sync::mpsc::channel();
        (Indexer { jobs }, move || run(dir, &queue, &events))
    }

    /// Asks for the index to be opened (the last run's answers searches at once).
    pub fn open(&self) {
        let _ = self.jobs.send(Job::Open);
    }

    /// Asks for the index to hold exactly `posts`.
    pub fn sync(&self, posts: Vec<Arc<Post>>) {
        let _ = self.jobs.send(Job::Sync(posts));
    }
}

/// The newest snapshot among the jobs queued, if any (`first` included).
fn newest(first: Job, queue: &Receiver<Job>) -> Option<Vec<Arc<Post>>> {
    let mut posts = match first {
        Job::Sync(posts) => Some(posts),
        Job::Open => None,
    };
    while let Ok(job) = queue.try_recv() {
        if let Job::Sync(newer) = job {
            posts = Some(newer);
        }
    }
    posts
}

fn run(dir: Option<PathBuf>, queue: &Receiver<Job>, events: &Sender<Event>) {
    // The threads tantivy starts from this one inherit its nice value.
    super::run_behind_the_reader();
    let Ok(first) = queue.recv() else {
        return;
    };
    let mut handle = match IndexWriterHandle::open(dir.as_deref()) {
        Ok(handle) => handle,
        Err(err) => {
            let _ = events.send(Event::IndexFailed(format!("{err}; search scans instead")));
            return;
        }
    };
    if let Some(dir) = &dir {
        // Indexes of folders not opened for a month, and of older formats, go.
        crate::library::search::cache::prune(dir);
    }
    let mut version = 1;
    let mut told = false;
    if !handle.is_empty() {
        // The last run's index answers while it is brought up to date.
        told = events
            .send(Event::IndexReady {
                index: handle.index(),
                version,
            })
            .is_ok();
    }
    let mut next = Some(first);
    while let Some(job) = next.take().or_else(|| queue.recv().ok()) {
        let Some(posts) = newest(job, queue) else {
            continue;
        };
        let progress = |done: usize, total: usize| {
            if total > PROGRESS_EVERY {
                let _ = events.send(Event::Indexing { done, total });
            }
        };
        match handle.sync(posts.iter().map(|p| &**p), progress) {
            Ok(0) if told => {}
            Ok(_) => {
                version += 1;
                told = events
                    .send(Event::IndexReady {
                        index: handle.index(),
                        version,
                    })
                    .is_ok();
            }
            Err(err) => {
                let _ = events.send(Event::IndexFailed(format!("{err}; search scans instead")));
            }
        }
    }
}
