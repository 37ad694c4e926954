//! One channel into the app: terminal input from a reader thread, batches of posts from the
//! loader, and changes from the file watcher, each message carrying its data.

use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use crate::content::Post;
use crate::content::loader::{self, LoadError, LoadUpdate, Root};
use crate::store::Change;

/// Everything that can wake the app up.
#[derive(Debug)]
pub enum Event {
    /// A key, a resize, a mouse event... from the terminal.
    Input(ratatui::crossterm::event::Event),
    /// The loader's walk has found this many post files so far; `finished` once it has found
    /// them all.
    Discovered { files: usize, finished: bool },
    /// A batch of posts read by the initial load, and the files it could not read.
    Loaded {
        posts: Vec<Post>,
        errors: Vec<LoadError>,
    },
    /// The initial load is over.
    LoadFinished,
    /// Files changed on disk (already read again), and the files that could not be read.
    Changed {
        changes: Vec<Change>,
        errors: Vec<LoadError>,
    },
    /// Something to tell the user that concerns no single post.
    Notice(String),
    /// The terminal can no longer be read (it went away): time to stop.
    InputClosed,
}

pub fn channel() -> (Sender<Event>, Receiver<Event>) {
    std::sync::mpsc::channel()
}

/// Reads terminal events on a thread of its own until the app stops listening. A read error
/// (the terminal went away) is sent as [`Event::InputClosed`] and ends the thread.
pub fn spawn_input_reader(tx: Sender<Event>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        loop {
            let event = match ratatui::crossterm::event::read() {
                Ok(event) => Event::Input(event),
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    })
}

/// Posts per [`Event::Loaded`] batch: big enough that a 100,000-post folder is a few hundred
/// messages, small enough that the first screen comes quickly.
const LOAD_BATCH: usize = 512;

/// Loads every post under `roots` on a background thread, sending [`Event::Discovered`] and
/// [`Event::Loaded`] batches as the walk and the reads go, then [`Event::LoadFinished`].
pub fn spawn_loader(roots: Vec<Root>, tx: Sender<Event>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let zone = jiff::tz::TimeZone::system();
        loader::load_roots(&roots, &zone, LOAD_BATCH, |update| {
            let _ = tx.send(match update {
                LoadUpdate::Found { files, finished } => Event::Discovered { files, finished },
                LoadUpdate::Batch { posts, errors } => Event::Loaded { posts, errors },
            });
        });
        let _ = tx.send(Event::LoadFinished);
    })
}
