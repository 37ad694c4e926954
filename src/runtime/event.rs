//! One channel into the app: terminal input from a reader thread, batches of posts from the
//! loader, and changes from the file watcher, each message carrying its data.

use std::sync::mpsc::{Receiver, Sender};
use std::time::Instant;

use ratatui::crossterm::event::{Event as TermEvent, KeyEvent, MouseEvent};
use std::thread::JoinHandle;

use std::sync::Mutex;

use crate::content::loader::{self, LoadError, LoadUpdate, Root, Stamps};
use crate::content::{FileStamp, Post};
use crate::keys::Command;
use crate::library::store::{Change, PostId};
use crate::render::Document;
use crate::render::highlight::{CodeBlock, StyledLine};

/// Everything that can change the app's state, from the terminal, from the threads beside it,
/// or from the app reading a key: the one type `app::update` takes.
#[derive(Debug)]
pub enum Event {
    /// A key pressed, as the terminal sent it; the app reads it through its key map (as a
    /// [`Event::Command`] or an [`Event::Insert`]).
    Key(KeyEvent),
    /// What a key asks for, as the key map in use reads it.
    Command(Command),
    /// A character typed into the prompt or a picker.
    Insert(char),
    /// A mouse event: wheel or click, at a cell.
    Mouse(MouseEvent),
    /// The terminal's new size, in columns and rows.
    Resize { width: u16, height: u16 },
    /// Time passed (for marking a post read after a moment).
    Tick(Instant),
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
    /// The search index could not be opened or brought up to date, and why: search scans
    /// until a later snapshot is indexed.
    IndexFailed(String),
    /// A feed fetched (or failed), while `total` are fetched.
    FeedFetched {
        report: crate::library::feeds::FeedReport,
        total: usize,
    },
    /// The folders given that are gone from disk now (empty once every one is back); their
    /// posts were removed, and come back with them.
    RootsMissing { roots: Vec<std::path::PathBuf> },
    /// A picture made on the pictures' thread (see [`super::pictures`]), or why it could not be.
    PictureMade {
        key: super::pictures::PictureKey,
        picture: Result<std::sync::Arc<super::pictures::Picture>, String>,
    },
    /// The posts (by path) that link to the post at `target`, in the store at `generation`
    /// (see [`super::backlinks`]).
    Backlinks {
        target: std::sync::Arc<std::path::Path>,
        generation: u64,
        linking: Vec<std::sync::Arc<std::path::Path>>,
    },
    /// A remote image fetched into the cache (see [`super::pictures::fetch_remote`]), or why not.
    ImageFetched {
        url: String,
        result: Result<(), String>,
    },
    /// Colours for code blocks of post `id`, made on a thread of their own.
    Coloured {
        id: PostId,
        colours: Vec<(CodeBlock, Option<Vec<StyledLine>>)>,
    },
    /// A large post rendered off the UI thread, for (revision, width).
    Rendered {
        id: PostId,
        revision: u64,
        width: u16,
        doc: Document,
    },
    /// The end of a long post ([`crate::render::tail_of`]), rendered off the UI thread ahead of
    /// the whole of it, for (revision, width).
    EndRendered {
        id: PostId,
        revision: u64,
        width: u16,
        doc: Document,
    },
    /// The search index is reading posts: `done` of `total` so far.
    Indexing { done: usize, total: usize },
    /// The search index holds the store as of the last snapshot sent (or, at start, the last
    /// run's posts): search through it, at `version`.
    IndexReady {
        index: crate::library::search::SearchIndex,
        version: u64,
    },
    /// The broken links of every post, as of the last snapshot sent to the link check.
    LinksChecked(std::sync::Arc<crate::library::linkcheck::BrokenLinks>),
    /// The terminal can no longer be read (it went away): time to stop.
    InputClosed,
    /// The process was asked to end (SIGTERM, SIGHUP, SIGINT): stop, and give the terminal back.
    Signalled(i32),
}

impl Event {
    /// Whether the event comes from the person at the terminal (or ends the app): answered at
    /// once, never held back to batch it with others.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Event::Key(_)
                | Event::Command(_)
                | Event::Insert(_)
                | Event::Mouse(_)
                | Event::Resize { .. }
                | Event::InputClosed
                | Event::Signalled(_)
        )
    }

    /// The event a terminal event stands for, if any (focus changes and pastes are not used).
    pub fn from_terminal(event: TermEvent) -> Option<Event> {
        match event {
            TermEvent::Key(key) => Some(Event::Key(key)),
            TermEvent::Mouse(mouse) => Some(Event::Mouse(mouse)),
            TermEvent::Resize(width, height) => Some(Event::Resize { width, height }),
            _ => None,
        }
    }
}

pub fn channel() -> (Sender<Event>, Receiver<Event>) {
    std::sync::mpsc::channel()
}

/// The terminal input thread's handle: it can be paused while another program (the editor)
/// owns the terminal, so no key meant for that program is read by us.
#[derive(Debug)]
pub struct InputReader {
    control: Sender<bool>,
    paused: Receiver<()>,
}

/// How long the input thread waits for input before it checks whether it should pause (ms).
const INPUT_POLL_MS: u64 = 50;

impl InputReader {
    /// Stops reading terminal input; returns once the thread has stopped (or after a second,
    /// if it does not answer).
    pub fn pause(&self) {
        if self.control.send(true).is_ok() {
            let _ = self.paused.recv_timeout(std::time::Duration::from_secs(1));
        }
    }

    /// Reads terminal input again.
    pub fn resume(&self) {
        let _ = self.control.send(false);
    }
}

/// The handle, and the body of a thread (for the caller to start) that reads terminal events
/// until the app stops listening. A read error (the terminal went away) is sent as
/// [`Event::InputClosed`] and ends the thread. Keys typed before the thread starts wait in the
/// terminal (in raw mode) and are read then.
pub fn input_reader(tx: Sender<Event>) -> (InputReader, impl FnOnce() + Send) {
    use ratatui::crossterm::event;
    let (control, orders) = std::sync::mpsc::channel::<bool>();
    let (paused_tx, paused) = std::sync::mpsc::channel();
    let body = move || {
        loop {
            if let Ok(true) = orders.try_recv() {
                let _ = paused_tx.send(());
                // Wait for `resume`; a repeated pause is answered again.
                loop {
                    match orders.recv() {
                        Ok(false) => break,
                        Ok(true) => {
                            let _ = paused_tx.send(());
                        }
                        Err(_) => return,
                    }
                }
            }
            let ready = event::poll(std::time::Duration::from_millis(INPUT_POLL_MS));
            let event = match ready.and_then(|ready| ready.then(event::read).transpose()) {
                Ok(Some(event)) => match Event::from_terminal(event) {
                    Some(event) => event,
                    None => continue,
                },
                Ok(None) => continue,
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    };
    (InputReader { control, paused }, body)
}

/// How long the app has to stop after a signal before the signal thread gives the terminal
/// back itself and exits (ms): a loop stuck on one long task must not leave a raw terminal.
const SIGNAL_GRACE_MS: u64 = 2000;

/// Catches SIGTERM, SIGHUP and SIGINT from now on, and returns the body of a thread (for the
/// caller to start) that sends each as [`Event::Signalled`]; a signal caught before it starts
/// waits for it. If the app has not ended `SIGNAL_GRACE_MS` (2 s) after a signal, the thread
/// restores the terminal and exits with status 128 + the signal, as a shell reports it.
///
/// Errors: the signal handlers cannot be installed.
#[cfg(unix)]
pub fn signal_listener(tx: Sender<Event>) -> std::io::Result<impl FnOnce() + Send> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    Ok(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = tx.send(Event::Signalled(signal));
            std::thread::sleep(std::time::Duration::from_millis(SIGNAL_GRACE_MS));
            crate::runtime::terminal::restore();
            std::process::exit(128 + signal);
        }
    })
}

/// Posts per [`Event::Loaded`] batch: big enough that a 100,000-post folder is a few hundred
/// messages, small enough that the first screen comes quickly.
const LOAD_BATCH: usize = 512;

/// Loads every post under `roots` on a background thread, as [`load`] does.
pub fn spawn_loader(
    roots: Vec<Root>,
    tx: Sender<Event>,
    stamps: Option<Sender<Stamps>>,
) -> JoinHandle<()> {
    std::thread::spawn(move || load(&roots, &tx, stamps))
}

/// Loads every post under `roots` on the calling thread (its walk hands files to reader
/// threads; see [`loader::load_roots`]), sending [`Event::Discovered`] and [`Event::Loaded`]
/// batches as the walk and the reads go, then [`Event::LoadFinished`]. With `stamps`, it then
/// sends there every file it read and how it looked (for the file watcher).
pub fn load(roots: &[Root], tx: &Sender<Event>, stamps: Option<Sender<Stamps>>) {
    let zone = jiff::tz::TimeZone::system();
    let seen = Mutex::new(Stamps::new());
    loader::load_roots(roots, &zone, LOAD_BATCH, |update| {
        let _ = tx.send(match update {
            LoadUpdate::Found { files, finished } => Event::Discovered { files, finished },
            LoadUpdate::Batch { posts, errors } => {
                if stamps.is_some() {
                    note_stamps(&seen, &posts, &errors);
                }
                Event::Loaded { posts, errors }
            }
        });
    });
    let _ = tx.send(Event::LoadFinished);
    if let (Some(stamps), Ok(seen)) = (stamps, seen.into_inner()) {
        let _ = stamps.send(seen);
    }
}

/// Notes the stamps of a batch: each post's, and each unreadable file's (so the watcher does not
/// report it again until it changes).
fn note_stamps(seen: &Mutex<Stamps>, posts: &[Post], errors: &[LoadError]) {
    let Ok(mut seen) = seen.lock() else {
        return;
    };
    for post in posts {
        if let Some(stamp) = post.file {
            seen.insert(post.path.clone(), stamp);
        }
    }
    for error in errors {
        if let LoadError::Walk { .. } = error {
            continue;
        }
        if let Ok(meta) = std::fs::metadata(error.path()) {
            seen.insert(error.path().into(), FileStamp::of(&meta));
        }
    }
}
