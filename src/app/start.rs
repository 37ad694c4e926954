//! Starting the reader: the settings from the config and the command line, the loader, watcher,
//! input and signal threads, the terminal taken over and given back.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};

use super::state::{Diagnostic, Focus, Pictures, Settings};
use super::{AppState, Event, run, update_all};
use crate::config::{Config, ConfigError};
use crate::content::body::{BodyBudget, HELD_BODY_BYTES};
use crate::content::loader::{self, Root, Rules};
use crate::content::samples;
use crate::keys::Keymap;
use crate::library::places::{self, Places};
use crate::library::readstate::{self, ReadState};
use crate::library::search;
use crate::library::select::Query;
use crate::runtime::jobs::Pool;
use crate::runtime::pictures::Graphics;
use crate::runtime::threads::{Threads, Wait};
use crate::runtime::{input, load, signals, terminal, watch};
use crate::theme::ThemeName;

/// What the command line asks of the reader.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Folders and files of posts; the config's folders when empty, else the built-in samples.
    pub paths: Vec<PathBuf>,
    /// `--theme`, over the config's.
    pub theme: Option<ThemeName>,
    /// The list's query at start (`--tag`, `--since`, `--search`, `--sort`, `--drafts`).
    pub query: Query,
    /// `--follow`: open the last modified post, then each post saved.
    pub follow: bool,
    /// `--no-watch`: read the folders once.
    pub no_watch: bool,
    /// `--fresh`: not back where the last run left off.
    pub fresh: bool,
    /// `--poll`: compare file stamps every second instead of waiting for file events.
    pub poll: bool,
    /// `--no-images`: no pictures, over the config's `images`.
    pub no_images: bool,
}

/// The question put to the terminal about its background, on a thread of its own; answered
/// (waited for) before the terminal is taken over, and on any way out before that, as the
/// question holds the terminal in raw mode while it waits.
struct Asking(Option<std::thread::JoinHandle<Option<bool>>>);

impl Asking {
    /// Whether the background is light, once the terminal has answered (`None`: not asked, or
    /// no answer).
    fn answer(&mut self) -> Option<bool> {
        self.0.take()?.join().ok().flatten()
    }
}

impl Drop for Asking {
    fn drop(&mut self) {
        self.answer();
    }
}

/// The reader: the posts of `launch` on screen, already filtered as it asks, until the user
/// quits. Returns the signal that ended it, if one did.
///
/// Errors: no path given can be read, or there is no terminal to draw on.
pub fn start(
    launch: &Launch,
    config: &Config,
    config_error: Option<ConfigError>,
) -> anyhow::Result<Option<i32>> {
    // Said before anything is written: set-up bytes must not reach a pipe or a file.
    terminal::check().map_err(|why| anyhow::anyhow!("the reader needs a terminal: {why}"))?;
    crate::runtime::memory::tune_allocator();
    // The terminal is asked its background while the posts are read (it answers in about a
    // millisecond), and answered before it is taken over.
    let theme_name = launch.theme.unwrap_or(config.theme);
    let env = |name: &str| std::env::var(name).ok();
    let mut background = Asking(
        theme_name
            .asks_the_terminal(env)
            .then(|| std::thread::spawn(terminal::background_is_light)),
    );
    let mut state = AppState::new(config.theme(false));
    state.settings = Settings {
        keymap: Keymap::with_overrides(&config.key_overrides()),
        reading_width: config.reading_width,
        rules: Arc::new(Rules {
            bodies: Arc::new(BodyBudget::new(HELD_BODY_BYTES)),
            ..Rules::clone(&config.rules())
        }),
        hyperlinks: supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout),
        follow_saves: launch.follow,
        editor: config.editor.clone(),
        feeds: config.feeds.clone(),
        ..state.settings
    };
    state.set_date_format(&config.date_format);
    let images = if launch.no_images {
        crate::config::Images::Off
    } else {
        config.images
    };
    let graphics = Graphics::from_env(images, |name| std::env::var(name).ok());
    state.reader.pictures = Pictures::new(graphics, config.remote_images);
    state.list.query = launch.query.clone();
    let (tx, rx) = crate::runtime::event::channel();
    if let Some(file) = readstate::default_file() {
        let (read, error) = ReadState::load(file);
        state.marks.read = read;
        if let Some(error) = error {
            state.session.notice = Some(format!("read state: {error}"));
        }
    }
    if let Some(error) = config_error {
        state.session.notice = Some(error.summary());
    }

    let paths = if launch.paths.is_empty() {
        config.default_paths()
    } else {
        launch.paths.clone()
    };
    // Feeds without a folder of their own save under the first configured folder, else the
    // first folder opened (so `F` brings its entries into view), else the data directory.
    let feed_root = (config.folders().into_iter().next())
        .or_else(|| launch.paths.iter().find(|p| p.is_dir()).cloned())
        .or_else(|| config.feed_root());
    state.settings.feed_options = crate::library::feeds::FetchOptions::new(feed_root);
    let mut effects = Vec::new();
    state.settings.index_dir = search::cache::cache_dir(&paths);
    // Their threads start once the first frame is drawn.
    let mut pool = Pool::new(tx.clone());
    let mut threads = Threads::default();
    // Feeds with an `every` interval are fetched once the reader is idle, then on it.
    let schedule =
        crate::runtime::jobs::feeds::Schedule::new(&config.feeds, std::time::Instant::now());
    if let (false, Some(options)) = (schedule.is_empty(), state.settings.feed_options.clone()) {
        let body = crate::runtime::jobs::feeds::every(config.feeds.clone(), options, tx.clone());
        threads.start_later("tidings-feeds-every", body, Wait::Idle);
    }
    if paths.is_empty() {
        let loaded = Event::Loaded {
            posts: samples::posts().into_iter().map(Arc::new).collect(),
            errors: Vec::new(),
        };
        effects = update_all(&mut state, [loaded, Event::LoadFinished]);
    } else {
        let mut roots = Vec::new();
        let rules = Arc::clone(&state.settings.rules);
        for path in &paths {
            match Root::with_rules(path, Arc::clone(&rules)) {
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
                    state.load.roots.push(folder);
                    roots.push(root);
                }
                Err(err) => state.load.skipped.push(Diagnostic::file(&err)),
            }
        }
        if roots.is_empty() {
            let skipped: Vec<String> = state.load.skipped.iter().map(ToString::to_string).collect();
            bail!("nothing to read: {}", skipped.join("; "));
        }
        if let Some(file) = places::default_file() {
            let (kept, error) = Places::load(file, places::roots_key(&state.load.roots));
            state.marks.fresh = launch.fresh;
            if !launch.fresh {
                state.marks.resume = Some(kept.left.clone());
            }
            state.marks.places = kept;
            if let Some(error) = error {
                state.session.notice = Some(format!("places: {error}"));
            }
        }
        // Files only given: they are there to be read, as a pager would show them; the first
        // opens, and the list holds them all.
        if roots.iter().all(|root| !root.is_dir) {
            state.screen.focus = Focus::Article;
            state.load.open_first = roots.first().map(|root| root.path.clone());
        }
        let zone = jiff::tz::TimeZone::system();
        let cache = (!loader::reads_in_place(&roots))
            .then(|| loader::cache_place(&roots, &zone))
            .flatten();
        state.settings.metadata_cache = cache.clone();
        let load = |stamps| {
            if loader::reads_in_place(&roots) {
                load::load(&roots, &tx, stamps, None);
            } else {
                load::spawn_loader(roots.clone(), tx.clone(), stamps, cache);
            }
        };
        if launch.no_watch {
            load(None);
        } else {
            // The watch starts once the load is over, from what the load read.
            let (stamps_tx, stamps_rx) = std::sync::mpsc::channel();
            load(Some(stamps_tx));
            let (gate, gate_rx) = std::sync::mpsc::channel();
            threads.set_watch_gate(gate);
            let watch = watch::in_background(roots, stamps_rx, gate_rx, tx.clone(), launch.poll);
            threads.start_later("tidings-watch", watch, Wait::FirstFrame);
        }
    }

    let light = theme_name.is_light(env, || background.answer());
    if light {
        let date_format = state.settings.theme.date_format.clone();
        state.settings.theme = config.theme(true);
        state.settings.theme.date_format = date_format;
    }
    let mut terminal = match terminal::init() {
        Ok(terminal) => terminal,
        Err(err) => {
            terminal::restore();
            return Err(err).context("tidings needs a terminal (stdin and stdout a tty)");
        }
    };
    // Like the workers, the threads that read keys and signals start after the first frame.
    let (input, read_input) = input::input_reader(tx.clone());
    threads.start_later("tidings-input", read_input, Wait::FirstFrame);
    #[cfg(unix)]
    match signals::signal_listener(tx.clone()) {
        Ok(listen) => threads.start_later("tidings-signals", listen, Wait::FirstFrame),
        Err(err) => state.session.notice = Some(format!("signals: {err}")),
    }
    let with = super::Loop {
        events: &rx,
        sender: &tx,
        pool: &mut pool,
        threads: &mut threads,
        input: &input,
    };
    let result = run(&mut terminal, &mut state, with, effects);
    terminal::restore();
    // Where this run leaves off, for the next (the terminal is given back first: over 100,000
    // posts this takes a few tens of milliseconds).
    if let Err(error) = state.save_places() {
        let _ = writeln!(
            std::io::stderr(),
            "tidings: where you left off not saved: {error}"
        );
    }
    // The cursor is shown here rather than by ratatui's drop, which says a failure with
    // `eprintln!`: once the terminal has hung up, stderr is gone too, and that panicked.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    result.context("drawing to the terminal")?;
    Ok(state.session.ended_by)
}
