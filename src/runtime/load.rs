//! The loader's thread: every post under the folders given, read in batches and sent as
//! [`Event::Discovered`], [`Event::Loaded`] and [`Event::LoadFinished`].

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::event::Event;
use crate::content::cache::Place;
use crate::content::loader::{self, LoadError, LoadUpdate, Root, StampBatch};
use crate::content::{FileStamp, Post};

/// Posts per [`Event::Loaded`] batch: big enough that a 100,000-post folder is a few hundred
/// messages, small enough that the first screen comes quickly.
const LOAD_BATCH: usize = 512;

/// Loads every post under `roots` on a background thread, as [`load`] does.
pub fn spawn_loader(
    roots: Vec<Root>,
    tx: Sender<Event>,
    stamps: Option<Sender<Vec<StampBatch>>>,
    cache: Option<Place>,
) -> JoinHandle<()> {
    std::thread::spawn(move || load(&roots, &tx, stamps, cache.as_ref()))
}

/// Loads every post under `roots` on the calling thread (its walk hands files to reader
/// threads; see [`loader::load_roots`]), sending [`Event::Discovered`] and [`Event::Loaded`]
/// batches as the walk and the reads go, then [`Event::LoadFinished`]. With `cache`, posts whose
/// files are unchanged come from the metadata cache there ([`loader::load_roots_cached`]), and
/// [`Event::CacheUsed`] says before `LoadFinished` what came of it. With `stamps`, it then
/// sends there every file it read and how it looked (for the file watcher).
pub fn load(
    roots: &[Root],
    tx: &Sender<Event>,
    stamps: Option<Sender<Vec<StampBatch>>>,
    cache: Option<&Place>,
) {
    let zone = jiff::tz::TimeZone::system();
    // A list while the load runs, a map after it: hashing 100,000 paths under the lock held
    // the reader threads back.
    let seen = Mutex::new(Vec::new());
    let used = loader::load_roots_cached(roots, &zone, LOAD_BATCH, cache, |update| {
        let _ = tx.send(match update {
            LoadUpdate::Found { files, finished } => Event::Discovered { files, finished },
            LoadUpdate::Expected { posts } => Event::Expected { posts },
            LoadUpdate::Batch { posts, errors } => {
                if stamps.is_some() {
                    note_stamps(&seen, &posts, &errors);
                }
                Event::Loaded { posts, errors }
            }
        });
    });
    if cache.is_some() {
        let _ = tx.send(Event::CacheUsed(used));
    }
    let _ = tx.send(Event::LoadFinished);
    // The batches as they came: the watch makes its map of them when it starts
    // (`loader::stamps_of`), after the app has drawn the list, not while it draws.
    if let (Some(stamps), Ok(seen)) = (stamps, seen.into_inner()) {
        let _ = stamps.send(seen);
    }
}

/// Notes the stamps of a batch: each post's, and each unreadable file's (so the watcher does not
/// report it again until it changes).
fn note_stamps(seen: &Mutex<Vec<StampBatch>>, posts: &[Arc<Post>], errors: &[LoadError]) {
    let mut batch = Vec::with_capacity(posts.len() + errors.len());
    for post in posts {
        if let Some(stamp) = post.file {
            batch.push((post.path.clone(), stamp));
        }
    }
    for error in errors {
        if let LoadError::Walk { .. } = error {
            continue;
        }
        if let Ok(meta) = std::fs::metadata(error.path()) {
            batch.push((error.path().into(), FileStamp::of(&meta)));
        }
    }
    if let Ok(mut seen) = seen.lock() {
        seen.push(batch);
    }
}
