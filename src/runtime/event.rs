//! One channel into the app, and the one type on it: terminal input (from [`super::input`]),
//! batches of posts (from [`super::load`]), changes from the file watcher, signals, and the
//! results of background jobs (from [`super::jobs`]), each message carrying its data.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Instant;

use ratatui::crossterm::event::{Event as TermEvent, KeyEvent, MouseEvent};

use crate::content::Post;
use crate::content::loader::{CacheUse, LoadError};
use crate::keys::Command;
use crate::library::store::Change;

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
    /// The metadata cache holds this many posts: the initial load will find about as many.
    Expected { posts: usize },
    /// A batch of posts read by the initial load, and the files it could not read.
    Loaded {
        posts: Vec<Arc<Post>>,
        errors: Vec<LoadError>,
    },
    /// What the initial load made of the metadata cache (sent just before
    /// [`Event::LoadFinished`] when the load used one).
    CacheUsed(CacheUse),
    /// The initial load is over.
    LoadFinished,
    /// Files changed on disk (already read again), and the files that could not be read.
    Changed {
        changes: Vec<Change>,
        errors: Vec<LoadError>,
    },
    /// Something to tell the user that concerns no single post.
    Notice(String),
    /// The folders given that are gone from disk now (empty once every one is back); their
    /// posts were removed, and come back with them.
    RootsMissing { roots: Vec<std::path::PathBuf> },
    /// What a background job sent back (see [`super::jobs`]): `update` takes it apart by its
    /// type.
    Done(JobResult),
    /// The terminal can no longer be read (it went away): time to stop.
    InputClosed,
    /// The process was asked to end (SIGTERM, SIGHUP, SIGINT): stop, and give the terminal back.
    Signalled(i32),
}

impl Event {
    /// `Event::Done` of `value`, as a job's result (for tests, and threads that are not lanes).
    pub fn done<T: Send + 'static>(value: T) -> Event {
        Event::Done(JobResult::new("", 0, value))
    }

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

/// One result of a background job (see [`super::jobs`]): its value, of the type the job's
/// module defines, with the job's kind (its lane's name) and the generation the pool gave it.
pub struct JobResult {
    kind: &'static str,
    generation: u64,
    value: Box<dyn std::any::Any + Send>,
}

impl std::fmt::Debug for JobResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JobResult({} #{})", self.kind, self.generation)
    }
}

impl JobResult {
    pub fn new<T: Send + 'static>(kind: &'static str, generation: u64, value: T) -> JobResult {
        JobResult {
            kind,
            generation,
            value: Box::new(value),
        }
    }

    /// The value, if it is a `T`; else the result back, to try another type.
    ///
    /// # Errors
    /// The value is not a `T`.
    pub fn take<T: 'static>(self) -> Result<T, JobResult> {
        match self.value.downcast::<T>() {
            Ok(value) => Ok(*value),
            Err(value) => Err(JobResult { value, ..self }),
        }
    }

    /// The value, if it is a `T`.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.value.downcast_ref()
    }

    /// The kind of job that sent it: its lane's name.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The generation the pool gave the job when it was asked for.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}
