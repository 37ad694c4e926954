//! `tidings`: parse the command line, start the loader, watcher and input threads, and run the
//! app in the terminal (restored on quit, on error and on panic).

use anyhow::{Context, bail};
use clap::Parser;

use tidings::app::{self, Action, AppState};
use tidings::cli::Cli;
use tidings::content::{loader::Root, samples};
use tidings::event;
use tidings::theme::Theme;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut state = AppState::new(Theme::from_env());
    state.hyperlinks = supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout);
    let (tx, rx) = event::channel();

    if cli.paths.is_empty() {
        app::update(
            &mut state,
            Action::Loaded {
                posts: samples::posts(),
                errors: Vec::new(),
            },
        );
        app::update(&mut state, Action::LoadFinished);
    } else {
        let mut roots = Vec::new();
        for path in &cli.paths {
            match Root::new(path) {
                Ok(root) => roots.push(root),
                Err(err) => state.skipped.push(err.to_string()),
            }
        }
        if roots.is_empty() {
            bail!("nothing to read: {}", state.skipped.join("; "));
        }
        if cli.no_watch {
            event::spawn_loader(roots, tx.clone(), None);
        } else {
            // The watch starts once the load is over, from what the load read.
            let (stamps_tx, stamps_rx) = std::sync::mpsc::channel();
            event::spawn_loader(roots.clone(), tx.clone(), Some(stamps_tx));
            tidings::watch::spawn_in_background(roots, stamps_rx, tx.clone());
        }
    }

    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(err) => {
            ratatui::restore();
            return Err(err).context("tidings needs a terminal (stdin and stdout a tty)");
        }
    };
    event::spawn_input_reader(tx.clone());
    let result = app::run(&mut terminal, &mut state, &rx, &tx);
    ratatui::restore();
    result.context("drawing to the terminal")
}
