//! `tidings`: parse the command line; run a subcommand, or start the loader, watcher and input
//! threads and run the app in the terminal (restored on quit, on error and on panic). Errors
//! end as one line on stderr and exit status 2.

use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use tidings::app::{self, Action, AppState};
use tidings::cli::{Cli, ThemeName};
use tidings::commands::{self, Outcome};
use tidings::config::{self, Config, ConfigError};
use tidings::content::{loader::Root, samples};
use tidings::keys::Keymap;
use tidings::library::readstate::{self, ReadState};
use tidings::runtime::{event, terminal};

fn main() -> ExitCode {
    // Usage errors are clap's: a message and exit status 2; --help and --version exit 0.
    let mut cli = Cli::parse();
    tidings::guard::install_quiet_hook();
    // A config that cannot be used leaves the defaults, and says so.
    let (config, config_error) = match cli.config.clone().or_else(config::default_file) {
        Some(path) => config::load(&path),
        None => (Config::default(), None),
    };
    let result = match cli.command.take() {
        Some(command) => {
            if let Some(error) = &config_error {
                eprintln!("tidings: {error}");
            }
            commands::run(command, &config).map(|outcome| match outcome {
                Outcome::Done => ExitCode::SUCCESS,
                Outcome::ProblemsFound => ExitCode::from(1),
            })
        }
        None => read(&cli, &config, config_error).map(|signal| match signal {
            // As a shell reports a process ended by a signal.
            Some(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(u8::MAX)),
            None => ExitCode::SUCCESS,
        }),
    };
    result.unwrap_or_else(|err| {
        eprintln!("tidings: {}", one_line(&err));
        ExitCode::from(2)
    })
}

/// The error and its causes on one line, each cause said once (an error that already names its
/// cause, as `path: reason` does, is not followed by the reason again).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line
}

/// The reader: the posts under `cli.paths` (else the config's folders, else the samples) on
/// screen, already filtered as the command line asks. Returns the signal that ended it, if one
/// did.
fn read(
    cli: &Cli,
    config: &Config,
    config_error: Option<ConfigError>,
) -> anyhow::Result<Option<i32>> {
    let light = cli.theme.unwrap_or(config.theme) == ThemeName::Light;
    let mut state = AppState::new(config.theme(light));
    state.keymap = Keymap::with_overrides(&config.key_overrides());
    state.reading_width = config.reading_width;
    state.set_date_format(&config.date_format);
    state.rules = config.rules();
    state.hyperlinks = supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout);
    state.follow_saves = cli.follow;
    state.filter = cli.filters.filter();
    state.sort = cli.filters.sort_order();
    state.show_drafts = cli.filters.drafts;
    state.search_text = cli.filters.search_text().unwrap_or_default().to_string();
    let (tx, rx) = event::channel();
    if let Some(file) = readstate::default_file() {
        let (read, error) = ReadState::load(file);
        state.read = read;
        if let Some(error) = error {
            state.notice = Some(format!("read state: {error}"));
        }
    }
    if let Some(error) = config_error {
        state.notice = Some(error.summary());
    }

    let paths = if cli.paths.is_empty() {
        config.folders()
    } else {
        cli.paths.clone()
    };
    if paths.is_empty() {
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
        let rules = config.rules();
        for path in &paths {
            match Root::with_rules(path, std::sync::Arc::clone(&rules)) {
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
            tidings::runtime::watch::spawn_in_background(roots, stamps_rx, tx.clone(), cli.poll);
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
    #[cfg(unix)]
    if let Err(err) = event::spawn_signal_listener(tx.clone()) {
        state.notice = Some(format!("signals: {err}"));
    }
    let result = app::run(&mut terminal, &mut state, &rx, &tx, &input);
    terminal::restore();
    result.context("drawing to the terminal")?;
    Ok(state.ended_by)
}
