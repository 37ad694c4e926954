//! Everything that can change the app's state: what a key asks for ([`Command`]), and what the
//! terminal, the loader and the watcher report.

use std::path::PathBuf;
use std::time::Instant;

use ratatui::crossterm::event::MouseEvent;

use crate::content::Post;
use crate::content::loader::LoadError;
pub use crate::keys::Command;
use crate::library::store::{Change, PostId};
use crate::render::highlight::{CodeBlock, StyledLine};

/// Work `update` asks of the event loop, which does it outside the state (it touches the
/// terminal, other processes or files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open an `http`, `https` or `mailto` URL with the system opener.
    OpenUrl(String),
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Suspend the app and edit this file in `$VISUAL` / `$EDITOR`, then read it again.
    Edit(PathBuf),
    /// Write the read state to its file.
    SaveReadState,
}

#[derive(Debug)]
pub enum Action {
    Command(Command),
    /// A character typed into the prompt or a picker.
    Insert(char),
    /// A mouse event: wheel or click, at a cell.
    Mouse(MouseEvent),
    /// Time passed (for marking a post read after a moment).
    Tick(Instant),
    /// The terminal's new size, in columns and rows.
    Resize {
        width: u16,
        height: u16,
    },
    /// The initial load's walk has found this many post files so far; `finished` once it has
    /// found them all.
    Discovered {
        files: usize,
        finished: bool,
    },
    Loaded {
        posts: Vec<Post>,
        errors: Vec<LoadError>,
    },
    LoadFinished,
    Changed {
        changes: Vec<Change>,
        errors: Vec<LoadError>,
    },
    Notice(String),
    /// The process was asked to end by this signal: quit, and exit with 128 + it.
    Signalled(i32),
    /// A large post rendered off the UI thread, for (revision, width).
    Rendered {
        id: PostId,
        revision: u64,
        width: u16,
        doc: crate::render::Document,
    },
    /// Colours for code blocks of post `id` (see [`crate::render::highlight`]).
    Coloured {
        id: PostId,
        colours: Vec<(CodeBlock, Option<Vec<StyledLine>>)>,
    },
}
