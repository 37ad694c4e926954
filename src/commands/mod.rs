//! The subcommands, for scripts and pipes: posts are loaded without a screen, picked by the
//! reader's own selection pipeline ([`crate::library::select`]), and printed to stdout. A closed pipe (`| head`) ends the output quietly.

pub mod check;
pub mod feeds;
pub mod fetch;
pub mod list;
pub mod show;
pub mod tags;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, Subcommand};
use crate::config::Config;
use crate::content::body::BodyBudget;
use crate::content::lang::LangSource;
use crate::content::loader::{self, LoadError, LoadUpdate, Root, Rules};
use crate::content::samples;
use crate::library::search::{self, Hits, IndexInUse, IndexWriterHandle};
use crate::library::select::{Query, select_with};
use crate::library::store::PostId;
use crate::library::store::{Change, Store};

/// How a subcommand ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit status 0.
    Done,
    /// `check` found problems, or `list` found no post (as `grep` and `rg` do when nothing
    /// matches): exit status 1.
    ProblemsFound,
    /// Some of the work failed and was reported on stderr (`show` of a file that cannot be
    /// read, beside others that were shown): exit status 2.
    PartlyFailed,
}

impl Outcome {
    /// The process's exit status.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::ProblemsFound => 1,
            Outcome::PartlyFailed => 2,
        }
    }
}

/// Runs `command` with `config`'s folders and rules, printing to stdout; `file` is the config
/// file in use (`feeds add` writes it).
///
/// Errors: a path cannot be read, or stdout cannot be written (a closed pipe is not an error).
pub fn run(command: Subcommand, config: &Config, file: Option<&Path>) -> anyhow::Result<Outcome> {
    match command {
        Subcommand::List(args) => list::run(&args, config),
        Subcommand::Show(args) => show::run(&args, config),
        Subcommand::Tags(args) => tags::run(&args, config),
        Subcommand::Check(args) => check::run(&args, config),
        Subcommand::Fetch(args) => fetch::run(&args, config),
        Subcommand::Feeds(command) => feeds::run(&command, config, file),
        Subcommand::Completions { shell } => {
            print(|out| {
                clap_complete::generate(shell, &mut Cli::command(), "tidings", out);
                Ok(())
            })?;
            Ok(Outcome::Done)
        }
        Subcommand::Man => {
            print(|out| clap_mangen::Man::new(Cli::command()).render(out))?;
            Ok(Outcome::Done)
        }
    }
}

/// Posts loaded for a subcommand, and the files that could not be read.
#[derive(Debug)]
pub struct Library {
    pub store: Store,
    pub errors: Vec<LoadError>,
    /// The folders and files loaded, as given (empty: the built-in samples).
    pub roots: Vec<PathBuf>,
    /// Each root's canonical path (the loader's, which posts' paths start with) beside the
    /// path as given, to print paths as the user wrote them.
    given: Vec<(PathBuf, PathBuf)>,
    /// Where the roots' metadata cache is kept, if anywhere.
    cache: Option<crate::content::cache::Place>,
}

impl Library {
    /// Tells the language of the posts whose authors said none ([`detect_languages`]), for a
    /// command that filters or reports by language, and keeps the answers in the metadata cache
    /// (the posts taken from it have theirs already). Not done on every load: over 100,000
    /// posts it reads each file and costs a few seconds of every core, once per file version.
    pub fn detect_languages(&mut self) {
        if detect_languages(&mut self.store) > 0
            && let Some(place) = &self.cache
        {
            write_cache(place, &self.store);
        }
    }

    /// `path` (canonical, as the loader read it) as the user gave it: under a root given as
    /// `posts/` it prints as `posts/a.md`, as `rg` and `fd` print paths. Paths outside every
    /// root are left as they are.
    pub fn as_given(&self, path: &Path) -> PathBuf {
        for (canonical, given) in &self.given {
            if let Ok(rest) = path.strip_prefix(canonical) {
                return if rest.as_os_str().is_empty() {
                    given.clone()
                } else {
                    given.join(rest)
                };
            }
        }
        path.to_path_buf()
    }

    /// The posts `query` picks, in order, as the reader lists them (a search goes through the
    /// index), and the search's hits when it searches.
    pub fn select(&self, query: &Query) -> (Vec<PostId>, Option<Hits>) {
        let index = if query.searching() {
            self.search_index()
        } else {
            IndexInUse::default()
        };
        select_with(&self.store, query, index)
    }

    /// Says on stderr why no post was picked: "no posts in PATHS (looked for .md, .txt files)"
    /// when the paths hold none at all, else how many posts there are, none of which matched;
    /// and gives [`Outcome::ProblemsFound`] (exit status 1), as `rg` does when nothing matches.
    pub fn nothing_to_report(&self, config: &Config) -> Outcome {
        let why = match self.store.len() {
            0 => {
                let paths: Vec<String> = self.roots.iter().map(|p| shown(p)).collect();
                let extensions: Vec<String> = (config.rules().extensions.iter())
                    .map(|e| format!(".{e}"))
                    .collect();
                format!(
                    "no posts in {} (looked for {} files)",
                    paths.join(", "),
                    extensions.join(", ")
                )
            }
            1 => "the one post does not match".to_string(),
            n => format!("none of the {n} posts match"),
        };
        // For the person at the terminal; a closed stderr is no reason to fail.
        let _ = writeln!(io::stderr(), "tidings: {why}");
        Outcome::ProblemsFound
    }

    /// The search index of these posts: the one kept in the cache directory, brought up to
    /// date, else one made in memory; `None` if neither could be made (search then scans).
    pub fn search_index(&self) -> IndexInUse {
        let mut in_use = IndexInUse::default();
        let dir = search::cache::cache_dir(&self.roots);
        if let Ok(mut handle) = IndexWriterHandle::open(dir.as_deref()) {
            let posts = (self.store.ids().iter())
                .filter_map(|&id| Some((self.store.get(id)?, self.store.lang(id))));
            if handle.sync(posts, |_, _| {}).is_ok() {
                in_use.set(handle.index(), 1);
            }
        }
        in_use
    }
}

/// Detects the language of the posts whose authors said none (see
/// [`crate::runtime::jobs::languages`]), on as many threads as there are cores; the metadata
/// cache keeps what it finds, so a folder's posts are read for it once. Returns how many.
fn detect_languages(store: &mut Store) -> usize {
    let posts = store.undetected();
    if posts.is_empty() {
        return 0;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = posts.len().div_ceil(threads);
    let found: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (posts.chunks(per))
            .map(|chunk| {
                scope.spawn(move || {
                    (chunk.iter())
                        .map(|post| {
                            let lang = crate::content::lang::detect_post(post);
                            (post.path.clone(), lang)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        (workers.into_iter())
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    drop(posts);
    store.set_detected(found, true)
}

/// Loads every post under `paths` (else [`Config::default_paths`], else the built-in samples) by
/// the config's rules, reading in parallel as the reader does.
///
/// Errors: a path does not exist or cannot be read.
pub fn load(paths: &[PathBuf], config: &Config) -> anyhow::Result<Library> {
    let mut store = Store::new();
    let folders;
    let paths = if paths.is_empty() {
        folders = config.default_paths();
        &folders
    } else {
        paths
    };
    if paths.is_empty() {
        store.apply(
            samples::posts()
                .into_iter()
                .map(|p| Change::Upsert(Box::new(p))),
        );
        return Ok(Library {
            store,
            errors: Vec::new(),
            roots: Vec::new(),
            given: Vec::new(),
            cache: None,
        });
    }
    // No body is held: over 100,000 posts, holding every one took ~450 MiB for a list that
    // shows none of them. What reads them (the search index, a scan, snippets, `check`) reads
    // each from disk as it goes, as the reader does past its budget.
    let rules = Arc::new(Rules {
        bodies: Arc::new(BodyBudget::new(0)),
        ..Rules::clone(&config.rules())
    });
    let roots = paths
        .iter()
        .map(|path| Root::with_rules(path, Arc::clone(&rules)))
        .collect::<Result<Vec<Root>, LoadError>>()?;
    let zone = jiff::tz::TimeZone::system();
    let found = Mutex::new((Vec::<Vec<_>>::new(), Vec::new()));
    let cache = (!loader::reads_in_place(&roots))
        .then(|| loader::cache_place(&roots, &zone))
        .flatten();
    let used = loader::load_roots_cached(&roots, &zone, 1024, cache.as_ref(), |update| {
        if let LoadUpdate::Batch { posts, errors } = update
            && let Ok(mut found) = found.lock()
        {
            // Kept as the batches came, not moved into one growing list (which peaked at twice
            // the posts' size over 100,000 of them).
            found.0.push(posts);
            found.1.extend(errors);
        }
    });
    let (batches, mut errors) = found
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a reader thread failed"))?;
    let count = batches.iter().map(Vec::len).sum();
    store.extend(batches.into_iter().flatten(), count);
    if let Some(place) = cache.as_ref().filter(|_| used.stale()) {
        write_cache(place, &store);
    }
    errors.sort_by(|a, b| a.path().cmp(b.path()));
    // The longest canonical root first, so a root inside another prints from its own name.
    let mut given: Vec<(PathBuf, PathBuf)> = roots
        .iter()
        .map(|root| root.path.clone())
        .zip(paths.iter().cloned())
        .collect();
    given.sort_by_key(|(canonical, _)| std::cmp::Reverse(canonical.as_os_str().len()));
    Ok(Library {
        store,
        errors,
        roots: paths.to_vec(),
        given,
        cache,
    })
}

/// Writes the metadata cache at `place` from `store`, with the languages detected for posts
/// that say none. A cache that cannot be written costs the next run its speed, not this one
/// its answer: an error is passed over.
fn write_cache(place: &crate::content::cache::Place, store: &Store) {
    let posts = store.ids().iter().filter_map(|&id| store.get(id));
    let _ = crate::content::cache::write_with_detected(place, posts, |post| {
        let id = store.id_of(&post.path)?;
        (store.lang_from(id) == Some(LangSource::Detected)).then(|| store.lang(id).map(Into::into))
    });
}

/// Runs `write` on a buffered, locked stdout and flushes it. A reader that went away (a
/// closed pipe) ends the output without an error, as `head` expects.
///
/// Errors: stdout cannot be written for another reason.
pub fn print(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            Err(err).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// A path as printed in text output: lossy UTF-8, control characters made visible (a file name
/// can hold an escape sequence). `list --paths` writes the bytes as they are, for scripts.
fn shown(path: &Path) -> String {
    crate::text::sanitize(&path.to_string_lossy()).into_owned()
}

/// The error and its causes on one line, each cause said once (an error that already names its
/// cause, as `path: reason` does, is not followed by the reason again).
pub fn one_line(err: &anyhow::Error) -> String {
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
