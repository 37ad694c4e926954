//! The command line (clap derive).

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Read a folder of posts in the terminal: Markdown with front matter, and plain-text articles.
///
/// With no PATH, opens the built-in sample posts. Keys: j/k or arrows move, Enter opens,
/// Tab switches pane, t picks tags, d dates, / searches, ? lists every key, q quits.
///
/// Read marks are kept in the platform data directory ($XDG_DATA_HOME/tidings/read on Linux),
/// never beside the posts.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, about)]
pub struct Cli {
    /// Folders (read recursively) and files of posts (.md, .markdown, .txt).
    pub paths: Vec<PathBuf>,

    /// Do not watch the paths for changes.
    #[arg(long, conflicts_with_all = ["poll", "follow"])]
    pub no_watch: bool,

    /// Watch by looking at every file each second instead of by file events. Chosen by itself
    /// on network mounts (NFS, SMB) and when the system's watch limit is reached.
    #[arg(long)]
    pub poll: bool,

    /// For writing sessions: open the most recently modified post, then switch to each post as
    /// it is saved.
    #[arg(long)]
    pub follow: bool,

    /// Colours for a dark or a light terminal background (NO_COLOR turns colour off).
    #[arg(long, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
}

/// The colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    Dark,
    Light,
}
