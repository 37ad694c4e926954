//! The command line (clap derive).

use std::path::PathBuf;

use clap::Parser;

/// Read a folder of posts in the terminal: Markdown with front matter, and plain-text articles.
///
/// With no PATH, opens the built-in sample posts. Keys: j/k or arrows move, Enter opens,
/// Tab switches pane, t cycles the tag filter, ? lists every key, q quits.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, about)]
pub struct Cli {
    /// Folders (read recursively) and files of posts (.md, .markdown, .txt).
    pub paths: Vec<PathBuf>,

    /// Do not watch the paths for changes.
    #[arg(long)]
    pub no_watch: bool,
}
