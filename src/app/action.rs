//! Everything that can change the app's state: what a key asks for ([`Command`]), and what the
//! terminal, the loader and the watcher report.

use crate::content::Post;
use crate::content::loader::LoadError;
use crate::render::highlight::{CodeBlock, StyledLine};
use crate::store::{Change, PostId};

/// What a key can ask for. The key map binds keys to these; [`super::update`] gives each its
/// meaning in the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open the selected post (list), or jump to the selected heading (table of contents).
    Activate,
    FocusNext,
    FocusPrev,
    /// Close the open overlay (help, post info, diagnostics), or go back to the list.
    Back,
    CycleTag,
    ToggleHelp,
    /// Show or hide everything known about the selected post.
    ToggleInfo,
    /// Show or hide every diagnostic in the folder.
    ToggleDiagnostics,
}

#[derive(Debug)]
pub enum Action {
    Command(Command),
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
    /// Colours for code blocks of post `id` (see [`crate::render::highlight`]).
    Coloured {
        id: PostId,
        colours: Vec<(CodeBlock, Option<Vec<StyledLine>>)>,
    },
}
