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
    #[arg(long)]
    pub no_watch: bool,

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
