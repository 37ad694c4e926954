//! `tidings`: parse the command line, start the loader, watcher and input threads, and run the
//! app in the terminal (restored on quit, on error and on panic).

use anyhow::{Context, bail};
use clap::Parser;

use tidings::app::{self, Action, AppState};
use tidings::cli::{Cli, ThemeName};
use tidings::content::{loader::Root, samples};
use tidings::readstate::{self, ReadState};
use tidings::theme::Theme;
use tidings::{event, terminal};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut state = AppState::new(Theme::from_env(cli.theme == ThemeName::Light));
    state.hyperlinks = supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout);
    state.follow_saves = cli.follow;
    let (tx, rx) = event::channel();
    if let Some(file) = readstate::default_file() {
        let (read, error) = ReadState::load(file);
        state.read = read;
        if let Some(error) = error {
            state.notice = Some(format!("read state: {error}"));
        }
    }

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
                Ok(root) => {
                    // A file's key is its name: its folder stands as its root.
                    let folder = if root.is_dir {
                        root.path.clone()
                    } else {
                        root.path
                            .parent()
                            .map(ToOwned::to_owned)
                            .unwrap_or_default()
                    };
                    state.roots.push(folder);
                    roots.push(root);
                }
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
            tidings::watch::spawn_in_background(roots, stamps_rx, tx.clone(), cli.poll);
        }
    }

    let mut terminal = match terminal::init() {
        Ok(terminal) => terminal,
        Err(err) => {
            terminal::restore();
            return Err(err).context("tidings needs a terminal (stdin and stdout a tty)");
        }
    };
    let input = event::spawn_input_reader(tx.clone());
    let result = app::run(&mut terminal, &mut state, &rx, &tx, &input);
    terminal::restore();
    result.context("drawing to the terminal")
}
