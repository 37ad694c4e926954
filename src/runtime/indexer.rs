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
const PROGRESS_EVERY: usize = 500;

/// The handle the app sends snapshots through; the thread ends when it is dropped.
#[derive(Debug)]
pub struct Indexer {
    jobs: Sender<Vec<Arc<Post>>>,
}

impl Indexer {
    /// Starts the thread, with the index kept in `dir` (`None`: in memory).
    pub fn start(dir: Option<PathBuf>, events: Sender<Event>) -> Indexer {
        let (jobs, queue) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("tidings-index".into())
            .spawn(move || run(dir, &queue, &events))
            .expect("a thread for the search index");
        Indexer { jobs }
    }

    /// Asks for the index to hold exactly `posts`.
    pub fn sync(&self, posts: Vec<Arc<Post>>) {
        let _ = self.jobs.send(posts);
    }
}

fn run(dir: Option<PathBuf>, queue: &Receiver<Vec<Arc<Post>>>, events: &Sender<Event>) {
    let mut handle = match IndexWriterHandle::open(dir.as_deref()) {
        Ok(handle) => handle,
        Err(err) => {
            let _ = events.send(Event::Notice(format!("{err}; search scans instead")));
            return;
        }
    };
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
    while let Ok(mut posts) = queue.recv() {
        while let Ok(newer) = queue.try_recv() {
            posts = newer;
        }
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
                let _ = events.send(Event::Notice(format!("{err}; search scans instead")));
            }
        }
    }
}
