//! Everything that can change the app's state: what a key asks for ([`Command`]), and what the
//! terminal, the loader and the watcher report.

use std::path::PathBuf;
use std::time::Instant;

use ratatui::crossterm::event::MouseEvent;

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
    /// Open the tag picker.
    Tags,
    /// Clear the tag filter.
    ClearTags,
    /// Open the date picker.
    Dates,
    /// Start typing a search.
    Search,
    /// Move to the next (previous) search match in the article.
    NextMatch,
    PrevMatch,
    /// Switch between the list orders.
    CycleSort,
    /// Scroll the article to the next (previous) heading.
    NextHeading,
    PrevHeading,
    /// Show or hide the table of contents.
    ToggleToc,
    /// Mark the selected post read or unread.
    ToggleRead,
    /// Show only unread posts, or every post.
    ToggleUnread,
    /// Show unpublished posts (drafts, scheduled, expired), or hide them again.
    ToggleDrafts,
    /// Group the list by section, or list posts only.
    GroupSections,
    /// Go back to the post (and place) a followed link left, or forward again.
    HistoryBack,
    HistoryForward,
    /// Ask for a link number to open, or to copy.
    OpenLink,
    CopyLink,
    /// Open the selected post in `$VISUAL` / `$EDITOR`.
    Edit,
    /// In a picker: select the highlighted tag.
    Select,
    /// In the tag picker: switch between "any of" and "all of".
    ToggleTagMatch,
    /// While typing: delete the character before the cursor, or everything typed.
    DeleteBack,
    ClearInput,
    ToggleHelp,
    /// Show or hide everything known about the selected post.
    ToggleInfo,
    /// Show or hide every diagnostic in the folder.
    ToggleDiagnostics,
}

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
