//! Feeds in: each entry of a subscribed RSS 0.9–2.0, Atom or JSON Feed saved as a post file
//! in the folder (see [`entry`]), so the file watcher shows it, and grep, git and the editor
//! work on it as on any post. Nothing is kept apart from the files but what a fetch needs to
//! be polite and careful, in the cache directory: each feed's validators (for conditional
//! requests), and for each entry saved its file and a SHA-256 of what was written, so a file
//! edited by hand is never written over. No fetch deletes a file.

pub mod entry;
pub mod html;
pub mod http;
pub mod opml;
pub mod parse;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::FeedConfig;
use http::{Client, Got, Validators};

/// How long a feed may take to answer, body included, by default.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The largest feed read, in bytes, by default.
pub const MAX_FEED_BYTES: u64 = 10 * 1024 * 1024;

/// How many feeds are fetched at once.
const AT_ONCE: usize = 8;

/// How a fetch runs.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub timeout: Duration,
    pub max_bytes: u64,
    /// Where each feed's validators and saved entries are kept.
    pub cache_dir: PathBuf,
    /// The folder under which a feed without its own `folder` saves, in `feeds/NAME/`
    /// ([`crate::config::Config::feed_root`], or the reader's folder).
    pub default_root: Option<PathBuf>,
}

impl FetchOptions {
    /// The defaults, with state in the platform cache directory (`None` when there is none).
    pub fn new(default_root: Option<PathBuf>) -> Option<Self> {
        let dirs = directories::ProjectDirs::from("", "", "tidings")?;
        Some(Self {
            timeout: TIMEOUT,
            max_bytes: MAX_FEED_BYTES,
            cache_dir: dirs.cache_dir().join("feeds"),
            default_root,
        })
    }
}

/// What a fetch did with one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FeedReport {
    pub name: String,
    pub url: String,
    /// Where its entries are saved.
    pub folder: Option<PathBuf>,
    /// Entries saved for the first time.
    pub new: usize,
    /// Entries whose file was written again, as the feed changed them.
    pub updated: usize,
    /// Entries as they were (and every entry of a feed answered `304 Not Modified`).
    pub unchanged: usize,
    /// Entries changed in the feed whose file was edited by hand (or deleted): left alone.
    pub kept: usize,
    /// Why the feed could not be fetched or saved; the counts are of what was done before.
    pub error: Option<String>,
    /// Entries that could not be converted (each skipped, the others saved): `KEY: why`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entry_errors: Vec<String>,
}

/// Fetches `feeds`, [`AT_ONCE`] at a time, saving their entries; `on_done` hears of each feed
/// as it is done (from the fetching threads). Returns a report per feed, in `feeds`' order.
pub fn fetch_all(
    feeds: &[FeedConfig],
    options: &FetchOptions,
    on_done: impl Fn(&FeedReport) + Sync,
) -> Vec<FeedReport> {
    let client = Client::new(options.timeout, options.max_bytes, "feeds");
    let next = std::sync::atomic::AtomicUsize::new(0);
    let reports = std::sync::Mutex::new(vec![FeedReport::default(); feeds.len()]);
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(feeds.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(feed) = feeds.get(i) else { break };
                    let report = fetch_one(feed, &client, options);
                    on_done(&report);
                    if let Ok(mut reports) = reports.lock() {
                        reports[i] = report;
                    }
                }
            });
        }
    });
    reports.into_inner().unwrap_or_default()
}

/// Fetches one feed and saves its entries.
fn fetch_one(feed: &FeedConfig, client: &Client, options: &FetchOptions) -> FeedReport {
    let name = feed.name();
    let mut report = FeedReport {
        name: name.clone(),
        url: feed.url.clone(),
        ..FeedReport::default()
    };
    let Some(folder) = folder_of(feed, options.default_root.as_deref()) else {
        report.error = Some("no folder to save in: give the feed a folder, or set folders".into());
        return report;
    };
    report.folder = Some(folder.clone());
    let state_file = options
        .cache_dir
        .join(format!("{}.json", &hex(&sha256(feed.url.as_bytes()))[..16]));
    let mut state = FeedState::read(&state_file);
    // The timeout covers the work after the download too: converting what came.
    let deadline = std::time::Instant::now() + options.timeout;
    let result = match client.get(&feed.url, &state.validators) {
        Ok(Got::NotModified) => {
            report.unchanged = state.entries.len();
            return report;
        }
        Ok(Got::Feed {
            bytes,
            validators,
            charset,
        }) => match parse::parse(&bytes, &feed.url, charset.as_deref()) {
            Ok(parsed) => {
                drop(bytes);
                let saved = save(&parsed, feed, &folder, &mut state, &mut report, deadline);
                if saved.is_ok() {
                    state.validators = validators;
                }
                saved
            }
            Err(err) => Err(err),
        },
        Err(err) => Err(err.to_string()),
    };
    if let Err(err) = result {
        report.error = Some(err);
    }
    if let Err(err) = state.write(&state_file) {
        report
            .error
            .get_or_insert(format!("{}: {err}", state_file.display()));
    }
    report
}

/// Where `feed`'s entries are saved: its own `folder`, else `feeds/NAME/` under `default_root`
/// (see [`FetchOptions::default_root`]); `None` when it has neither.
pub fn folder_of(feed: &FeedConfig, default_root: Option<&Path>) -> Option<PathBuf> {
    match &feed.folder {
        Some(folder) => Some(crate::config::expand_home(folder)),
        None => default_root.map(|root| root.join("feeds").join(folder_name(&feed.name()))),
    }
}

/// The title of the feed at `url`, fetched once with `timeout` (to name a feed when it is
/// subscribed to).
///
/// Errors: it cannot be fetched or read as a feed, or it has no title.
pub fn title_of(url: &str, timeout: Duration) -> Result<String, String> {
    let client = Client::new(timeout, MAX_FEED_BYTES, "feeds");
    let bytes = match client.get(url, &Validators::default()) {
        Ok(Got::Feed { bytes, .. }) => bytes,
        Ok(Got::NotModified) => return Err("the server sent no feed".to_string()),
        Err(err) => return Err(err.to_string()),
    };
    let parsed = parse::parse(&bytes, url, None)?;
    (parsed.title.map(|t| entry::one_line(&t.content)))
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| "the feed has no title".to_string())
}

/// `name` as one folder name: letters, digits, `-`, `_` and inner dots kept, the rest `-`
/// (never `..`, a separator, or a hidden folder).
fn folder_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let kept = kept.trim_start_matches('.');
    if kept.is_empty() {
        "feed".to_string()
    } else {
        kept.to_string()
    }
}

/// Saves `parsed`'s entries under `folder`, counting in `report`, each under its stable key
/// ([`parse::keys`]). An entry that cannot be converted (a panic in a converter) is reported and
/// skipped; the others are saved.
///
/// Errors: the folder cannot be made, a file cannot be written, or `deadline` passed with
/// entries still to convert (those saved stay saved).
fn save(
    parsed: &feed_rs::model::Feed,
    feed: &FeedConfig,
    folder: &Path,
    state: &mut FeedState,
    report: &mut FeedReport,
    deadline: std::time::Instant,
) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|err| format!("{}: {err}", folder.display()))?;
    let keys = parse::keys(parsed);
    for (done, (item, key)) in parsed.entries.iter().zip(keys).enumerate() {
        if std::time::Instant::now() > deadline {
            return Err(format!(
                "timed out converting its entries ({done} of {} done)",
                parsed.entries.len()
            ));
        }
        let file = match crate::guard::per_post(|| entry::entry_file(parsed, item, &feed.tags)) {
            Ok(file) => file,
            Err(panic) => {
                report
                    .entry_errors
                    .push(format!("{key}: cannot be converted: {panic}"));
                continue;
            }
        };
        let written = hex(&sha256(file.text.as_bytes()));
        // Entries saved before keys were stable are known by the key feed-rs gave them.
        if !state.entries.contains_key(&key)
            && let Some(old) = parse::legacy_key(item).and_then(|k| state.entries.remove(&k))
        {
            state.entries.insert(key.clone(), old);
        }
        match state.entries.get_mut(&key) {
            None => {
                let path = free_path(folder, &file.name);
                write_atomic(&path, file.text.as_bytes())?;
                state.entries.insert(
                    key,
                    Saved {
                        file: path,
                        written,
                    },
                );
                report.new += 1;
            }
            Some(saved) if saved.written == written => report.unchanged += 1,
            Some(saved) => match std::fs::read(&saved.file) {
                Ok(bytes) if hex(&sha256(&bytes)) == saved.written => {
                    write_atomic(&saved.file, file.text.as_bytes())?;
                    saved.written = written;
                    report.updated += 1;
                }
                // Edited by hand, or deleted: the reader's, not the feed's.
                _ => report.kept += 1,
            },
        }
    }
    Ok(())
}

/// `folder/name`, or `folder/stem-2.md`, `-3`... when a file is already there.
fn free_path(folder: &Path, name: &str) -> PathBuf {
    let path = folder.join(name);
    if !path.exists() {
        return path;
    }
    let stem = name.trim_end_matches(".md");
    (2..)
        .map(|n| folder.join(format!("{stem}-{n}.md")))
        .find(|p| !p.exists())
        .unwrap_or(path)
}

/// Writes `bytes` to `path` through a hidden temporary file in its folder and a rename, so a
/// reader (or the file watcher) never sees half of it.
///
/// Errors: the file cannot be written or renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let fail = |err: &dyn std::fmt::Display| format!("{}: {err}", path.display());
    let mut temp = tempfile::Builder::new()
        .prefix(".tidings-")
        .tempfile_in(folder)
        .map_err(|e| fail(&e))?;
    temp.write_all(bytes).map_err(|e| fail(&e))?;
    temp.as_file().sync_all().map_err(|e| fail(&e))?;
    temp.persist(path).map_err(|e| fail(&e))?;
    Ok(())
}

/// What a fetch keeps of a feed between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FeedState {
    validators: Validators,
    /// By entry id.
    entries: BTreeMap<String, Saved>,
}

/// An entry saved: its file, and the SHA-256 (hex) of the bytes written there.
#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    file: PathBuf,
    written: String,
}

impl FeedState {
    /// The state kept at `path`; none when it is missing or unreadable (every entry is then
    /// new, and a file already at an entry's name is not written over: see [`free_path`]).
    fn read(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Keeps the state at `path`, atomically.
    ///
    /// Errors: the cache directory cannot be made or written.
    fn write(&self, path: &Path) -> Result<(), String> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        write_atomic(path, &json)
    }
}

pub(super) fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feeds_name_is_one_folder_inside_feeds() {
        assert_eq!(
            folder_name("blog.example-feed.xml"),
            "blog.example-feed.xml"
        );
        assert_eq!(folder_name("../../etc"), "-..-etc");
        assert_eq!(folder_name(".."), "feed");
        assert_eq!(folder_name("a/b\\c"), "a-b-c");
        assert_eq!(folder_name("Новости"), "Новости");
    }
}
