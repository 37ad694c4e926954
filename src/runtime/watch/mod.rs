//! Watching the user's paths: notify's events, debounced by `notify-debouncer-full` (which also
//! pairs the two halves of a rename), become [`Change`]s. Each changed file is read again here,
//! on the debouncer's thread, so the app only applies finished posts.
//!
//! A change is decided by what is on disk once the burst of events is over, not by the event
//! kinds: a file that exists is (re)read, one that does not is removed. That covers writing in
//! place, writing a temp file and renaming it over, and delete-then-create alike.
//!
//! The watch starts once the initial load is over (the load's own reads would flood it with
//! events: inotify reports every open), and then reconciles: each file whose [`FileStamp`] is
//! not the one the loader saw is read again, so nothing changed in between is missed. The same
//! reconciliation stands in for the events lost when the kernel's queue overflows, and, every
//! second, for the events a network mount never raises (see [`spawn`]).
//!
//! Events alone cannot be trusted under churn (a folder renamed, a rename half outside the tree,
//! a create and a delete inside one debounce window), so each quiet spell after a burst ends with
//! one reconcile by stamps ([`SETTLE_MS`] after it), and the roots themselves are looked at
//! every [`ROOT_CHECK_MS`]: one deleted is reported, one that comes back or is replaced by a new
//! folder is watched again and read (`supervise`). `tests/churn.rs` checks that the store
//! equals a fresh load after random bursts.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::tz::TimeZone;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventHandler, DebounceEventResult, Debouncer, RecommendedCache, new_debouncer,
};

use crate::content::FileStamp;
use crate::content::loader::{self, LoadError, Root, StampBatch, Stamps};
use crate::library::store::Change;
use crate::runtime::event::Event;

/// How long the debouncer waits for a burst of events to end, in ms. Editors' save sequences
/// (temp file, rename, attribute change) finish inside it; a save is on screen ~11 ms after it
/// (`reload_latency.py`). Longer bursts (a checkout) are gathered by the app, which applies a
/// burst of changes once they stop (`app::CHANGE_QUIET_MS`), and every quiet spell ends with a
/// reconcile by stamps, so a file read while still being written is read again.
pub const DEBOUNCE_MS: u64 = 10;

/// How often the watch looks at every file when it polls, in ms: on network mounts, or when the
/// system's watches run out.
pub const POLL_INTERVAL_MS: u64 = 1000;

mod supervise;

pub use supervise::{ROOT_CHECK_MS, SETTLE_MS};

/// Keeps the watch alive; dropping it stops watching.
pub struct Watcher {
    backend: Backend,
    /// Dropped with the watcher, which stops the supervising thread (see [`supervise::run`]).
    _stop: Sender<()>,
    /// Keeps the supervising thread's wake channel open when no event handler holds it.
    _wake: Sender<()>,
}

/// The two ways of watching.
enum Backend {
    /// The platform's file events (inotify, FSEvents, ReadDirectoryChangesW), debounced.
    Events {
        _debouncer: Arc<Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>>,
    },
    /// A thread that compares every post file's [`FileStamp`] with the last one seen, every
    /// [`POLL_INTERVAL_MS`]; it stops when this sender is dropped.
    ///
    /// Not notify's `PollWatcher`: notify 8 compares modification times in whole seconds, so
    /// of two saves within one second it misses the second (the post would show stale text),
    /// and it walks ignored folders (`.git`, `node_modules`) that the loader skips. A stamp
    /// has the time to the nanosecond and the size, and [`reconcile`] walks as the loader does.
    Polling { _stop: Sender<()> },
}

impl Watcher {
    /// Whether the watch polls (and so sees changes up to [`POLL_INTERVAL_MS`] late).
    pub fn polls(&self) -> bool {
        matches!(self.backend, Backend::Polling { .. })
    }
}

/// Starts watching `roots`: folders recursively, a file through its parent folder (so that a
/// rename over it is seen). `stamps` are the files already read and how they looked; anything
/// that differs from them now is read again at once. Changes are sent as [`Event::Changed`].
///
/// File events are used unless `poll` is set or a root is on a network mount (NFS, SMB/CIFS,
/// 9p, Ceph, AFS, Coda: changes made on another machine raise no events here); when they
/// cannot be set up (inotify's `max_user_watches` reached, say), the watch polls instead. An
/// [`Event::Notice`] says when and why it polls.
///
/// Errors: the poll thread cannot be started.
pub fn spawn(
    roots: Vec<Root>,
    stamps: Stamps,
    tx: Sender<Event>,
    poll: bool,
) -> std::io::Result<Watcher> {
    let zone = TimeZone::system();
    let known = Arc::new(Mutex::new(stamps));
    let mut why_poll = if poll {
        Some("--poll".to_string())
    } else {
        roots.iter().find_map(|r| {
            network_mount(&r.path).map(|fs| format!("{} is on {fs}", r.path.display()))
        })
    };
    let (wake, woken) = std::sync::mpsc::channel();
    let (stop, stopped) = std::sync::mpsc::channel();
    let mut backend = None;
    let mut shared = None;
    if why_poll.is_none() {
        let handler = handler(
            roots.clone(),
            Arc::clone(&known),
            tx.clone(),
            zone.clone(),
            wake.clone(),
        );
        match start_events(&roots, handler) {
            Ok(debouncer) => {
                let debouncer = Arc::new(Mutex::new(debouncer));
                shared = Some(Arc::clone(&debouncer));
                backend = Some(Backend::Events {
                    _debouncer: debouncer,
                });
            }
            Err(err) => why_poll = Some(format!("file events are unavailable ({err})")),
        }
    }
    // Anything changed between the load and now.
    if let Ok(mut known) = known.lock() {
        let (changes, errors) = reconcile(&roots, &mut known, &zone);
        if !changes.is_empty() || !errors.is_empty() {
            let _ = tx.send(Event::Changed { changes, errors });
        }
    }
    let backend = match backend {
        Some(backend) => backend,
        None => {
            let why = why_poll.unwrap_or_default();
            let _ = tx.send(Event::Notice(format!(
                "Watching for changes by looking every {} s: {why}.",
                POLL_INTERVAL_MS / 1000
            )));
            Backend::Polling {
                _stop: start_polling(roots.clone(), Arc::clone(&known), tx.clone(), zone.clone())?,
            }
        }
    };
    std::thread::Builder::new()
        .name("tidings-settle".into())
        .spawn(move || supervise::run(roots, known, tx, zone, woken, stopped, shared))?;
    Ok(Watcher {
        backend,
        _stop: stop,
        _wake: wake,
    })
}

/// What the debouncer calls with each burst of events: the changes they amount to, sent on.
/// Each burst also wakes the supervising thread, which reconciles once the bursts stop.
fn handler(
    roots: Vec<Root>,
    known: Arc<Mutex<Stamps>>,
    tx: Sender<Event>,
    zone: TimeZone,
    wake: Sender<()>,
) -> impl DebounceEventHandler {
    move |result: DebounceEventResult| match result {
        Ok(events) => {
            if !events.is_empty() {
                let _ = wake.send(());
            }
            // A poisoned lock means this handler panicked before: stop quietly.
            let Ok(mut known) = known.lock() else {
                return;
            };
            let (changes, errors) = changes_for(&events, &roots, &mut known, &zone);
            if !changes.is_empty() || !errors.is_empty() {
                // Sent before the lock is let go: changes reach the app in the order they were
                // decided, so a reconcile's removal is never followed by an older read.
                let _ = tx.send(Event::Changed { changes, errors });
            }
        }
        Err(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            let _ = tx.send(Event::Notice(format!("watching: {first}")));
        }
    }
}

/// A debouncer over the platform's file events with every root watched.
fn start_events(
    roots: &[Root],
    handler: impl DebounceEventHandler,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, notify::Error> {
    let mut debouncer = new_debouncer(Duration::from_millis(DEBOUNCE_MS), None, handler)?;
    for root in roots {
        if root.is_dir {
            debouncer.watch(&root.path, RecursiveMode::Recursive)?;
        } else if let Some(parent) = root.path.parent() {
            debouncer.watch(parent, RecursiveMode::NonRecursive)?;
        }
    }
    Ok(debouncer)
}

/// Reconciles `known` with the disk every [`POLL_INTERVAL_MS`] on a thread of its own, until
/// the returned sender is dropped.
fn start_polling(
    roots: Vec<Root>,
    known: Arc<Mutex<Stamps>>,
    tx: Sender<Event>,
    zone: TimeZone,
) -> std::io::Result<Sender<()>> {
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("tidings-poll".into())
        .spawn(move || {
            let interval = Duration::from_millis(POLL_INTERVAL_MS);
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(interval)
            {
                if !reconcile_and_send(&roots, &known, &zone, &tx) {
                    return;
                }
            }
        })?;
    Ok(stop)
}

/// The network file system `path` is on, if it is on one whose changes made elsewhere raise
/// no events here. Linux's `statfs(2)` `f_type`, against the magic numbers of
/// `<linux/magic.h>`; elsewhere, `None`.
#[cfg(target_os = "linux")]
pub fn network_mount(path: &std::path::Path) -> Option<&'static str> {
    const NETWORK: [(u32, &str); 8] = [
        (0x6969, "NFS"),
        (0x517b, "SMB"),
        (0xff53_4d42, "CIFS"),
        (0xfe53_4d42, "SMB2"),
        (0x0102_1997, "9p"),
        (0x00c3_6400, "Ceph"),
        (0x5346_414f, "AFS"),
        (0x7375_7245, "Coda"),
    ];
    let stat = rustix::fs::statfs(path).ok()?;
    // `f_type` is signed on some targets; the magic numbers are its low 32 bits.
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
    let kind = stat.f_type as u32;
    NETWORK
        .iter()
        .find(|(magic, _)| *magic == kind)
        .map(|(_, name)| *name)
}

#[cfg(not(target_os = "linux"))]
pub fn network_mount(_path: &std::path::Path) -> Option<&'static str> {
    None
}

/// Like [`spawn`], as the body of a thread of its own (which the caller starts) that waits for
/// the initial load's `stamps` and for `gate` (a message, or its sender dropped: the app has
/// drawn the loaded list), then keeps the watch alive for as long as the process runs. A
/// failure to watch is sent as an [`Event::Notice`], and tidings goes on without it.
pub fn in_background(
    roots: Vec<Root>,
    stamps: Receiver<Vec<StampBatch>>,
    gate: Receiver<()>,
    tx: Sender<Event>,
    poll: bool,
) -> impl FnOnce() + Send {
    move || {
        let Ok(stamps) = stamps.recv() else {
            return;
        };
        // Setting the watches up and reconciling walks the whole tree: it waits until the app
        // has drawn the loaded list (or is gone). What changes meanwhile, the reconcile sees.
        let _ = gate.recv();
        match spawn(roots, loader::stamps_of(stamps), tx.clone(), poll) {
            Ok(_watcher) => loop {
                std::thread::park();
            },
            Err(err) => {
                let _ = tx.send(Event::Notice(format!("not watching for changes: {err}")));
            }
        }
    }
}

/// Whether an event can mean a file changed. inotify also reports every open and read (notify 8
/// asks for `IN_OPEN`), including tidings' own reads: acting on those would re-read every
/// file the loader reads, and then re-read each file because it was re-read, for ever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// [`reconcile`] under the lock, and sends what it found as one [`Event::Changed`]. `false`
/// when the watch should stop: the lock is poisoned (a handler panicked) or the app has stopped
/// listening.
pub(crate) fn reconcile_and_send(
    roots: &[Root],
    known: &Mutex<Stamps>,
    zone: &TimeZone,
    tx: &Sender<Event>,
) -> bool {
    let Ok(mut known) = known.lock() else {
        return false;
    };
    let (changes, errors) = reconcile(roots, &mut known, zone);
    // Sent under the lock, as the event handler sends: in the order decided.
    let sent = changes.is_empty() && errors.is_empty()
        || tx.send(Event::Changed { changes, errors }).is_ok();
    drop(known);
    sent
}

/// Reads every post file under `roots` whose stamp is not the one in `known` (new files
/// included), and removes the posts of files that are gone; `known` is brought up to date.
pub(crate) fn reconcile(
    roots: &[Root],
    known: &mut Stamps,
    zone: &TimeZone,
) -> (Vec<Change>, Vec<LoadError>) {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for root in roots {
        let (files, failed) = loader::discover(root);
        errors.extend(failed);
        for file in files {
            let stamp = std::fs::metadata(&file).ok().map(|m| FileStamp::of(&m));
            seen.insert(file.clone());
            if stamp.is_some() && known.get(file.as_path()) == stamp.as_ref() {
                continue;
            }
            read(file, None, roots, known, &mut changes, &mut errors, zone);
        }
    }
    let gone: Vec<Arc<std::path::Path>> = known
        .keys()
        .filter(|path| !seen.contains::<std::path::Path>(path))
        .cloned()
        .collect();
    for path in gone {
        known.remove(&path);
        changes.push(Change::Remove(path.to_path_buf()));
    }
    (changes, errors)
}

/// Reads `file` into an upsert (a move, when it was renamed from a post file `from`), or a
/// removal and an error when it cannot be read; notes its stamp either way, so an unreadable
/// file is not reported again until it changes.
/// It is read by the rules of the root it is under.
fn read(
    file: PathBuf,
    from: Option<PathBuf>,
    roots: &[Root],
    known: &mut Stamps,
    changes: &mut Vec<Change>,
    errors: &mut Vec<LoadError>,
    zone: &TimeZone,
) {
    let loaded = match roots
        .iter()
        .find(|r| r.path == file || file.starts_with(&r.path))
    {
        Some(root) => root.load(&file, zone),
        None => loader::load_post(&file, zone),
    };
    match loaded {
        Ok(post) => {
            if let Some(stamp) = post.file {
                known.insert(Arc::clone(&post.path), stamp);
            }
            let post = Box::new(post);
            changes.push(match from {
                Some(from) => Change::Moved { from, post },
                None => Change::Upsert(post),
            });
        }
        Err(err) => {
            if let Ok(meta) = std::fs::metadata(&file) {
                known.insert(file.as_path().into(), FileStamp::of(&meta));
            }
            // A move whose new file cannot be read (gone again already): the old path is gone
            // too, and nothing else will say so (it is no longer known).
            if let Some(from) = from {
                changes.push(Change::Remove(from));
            }
            changes.push(Change::Remove(file));
            errors.push(err);
        }
    }
}

/// The changes a burst of events amounts to, reading each changed post file once.
fn changes_for(
    events: &[notify_debouncer_full::DebouncedEvent],
    roots: &[Root],
    known: &mut Stamps,
    zone: &TimeZone,
) -> (Vec<Change>, Vec<LoadError>) {
    if events.iter().any(|e| e.need_rescan()) {
        return reconcile(roots, known, zone);
    }
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut gone: BTreeSet<PathBuf> = BTreeSet::new();
    // A post file renamed to another post file: new path → old path.
    let mut moved: HashMap<PathBuf, PathBuf> = HashMap::new();
    for event in events.iter().filter(|e| changes_content(&e.kind)) {
        if let EventKind::Modify(ModifyKind::Name(RenameMode::Both)) = event.kind
            && let [from, to] = event.paths.as_slice()
            && known.contains_key(from.as_path())
            && !from.exists()
            && to.is_file()
        {
            moved.insert(to.clone(), from.clone());
        }
        let appeared = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        for path in &event.paths {
            let Some(root) = roots.iter().find(|r| r.contains(path)) else {
                continue;
            };
            if path.is_dir() {
                // A folder moved or copied in: read what it holds.
                if appeared {
                    let folder = Root::from_canonical(path.clone(), true, Arc::clone(&root.rules));
                    let (found, failed) = loader::discover(&folder);
                    files.extend(found);
                    errors.extend(failed);
                }
            } else if path.exists() {
                if root.rules.is_post_path(path) || root.path == *path {
                    files.insert(path.clone());
                }
            } else {
                // A file or a whole folder is gone; the store removes whatever it had there.
                gone.insert(path.clone());
            }
        }
    }
    // Only a move whose new path is read is a move.
    moved.retain(|to, _| files.contains(to));
    let moved_from: HashSet<&PathBuf> = moved.values().collect();
    for path in gone {
        if !files.contains(&path) {
            known.retain(|known, _| !known.starts_with(&path));
            if !moved_from.contains(&path) {
                changes.push(Change::Remove(path));
            }
        }
    }
    for file in files {
        let from = moved.get(&file).cloned();
        read(file, from, roots, known, &mut changes, &mut errors, zone);
    }
    (changes, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind};
    use notify_debouncer_full::DebouncedEvent;
    use std::time::Instant;

    fn event(kind: EventKind, path: &std::path::Path) -> DebouncedEvent {
        DebouncedEvent::new(
            notify::Event::new(kind).add_path(path.to_path_buf()),
            Instant::now(),
        )
    }

    #[test]
    fn opening_or_reading_a_post_is_not_a_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Root::new(dir.path()).expect("root");
        let path = root.path.join("a.md");
        std::fs::write(&path, "# A\n").expect("write");
        let reads = [
            event(EventKind::Access(AccessKind::Open(AccessMode::Any)), &path),
            event(EventKind::Access(AccessKind::Read), &path),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                &path,
            ),
        ];
        let mut known = Stamps::default();
        let (changes, errors) = changes_for(
            &reads,
            std::slice::from_ref(&root),
            &mut known,
            &TimeZone::UTC,
        );
        assert!(changes.is_empty(), "{changes:?}");
        assert!(errors.is_empty());

        let write = [event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &path,
        )];
        let (changes, _) = changes_for(
            &write,
            std::slice::from_ref(&root),
            &mut known,
            &TimeZone::UTC,
        );
        assert!(matches!(changes.as_slice(), [Change::Upsert(p)] if p.title == "A"));

        let created = [event(EventKind::Create(CreateKind::File), &path)];
        let (changes, _) = changes_for(&created, &[root], &mut known, &TimeZone::UTC);
        assert_eq!(changes.len(), 1);
    }

    /// Starts a real watch on `root`, with `files` as already read.
    fn watching(root: &Root, files: &[&std::path::Path]) -> (Watcher, Receiver<Event>) {
        let mut known = Stamps::default();
        for path in files {
            let meta = std::fs::metadata(path).expect("stat");
            known.insert((*path).into(), FileStamp::of(&meta));
        }
        let (tx, rx) = crate::runtime::event::channel();
        let watcher = spawn(vec![root.clone()], known, tx, false).expect("watch");
        (watcher, rx)
    }

    /// The changes of the next [`Event::Changed`], within a few seconds.
    fn next_changes(rx: &Receiver<Event>) -> Vec<Change> {
        loop {
            match rx.recv_timeout(Duration::from_secs(5)) {
                Ok(Event::Changed { changes, .. }) => return changes,
                Ok(_) => continue,
                Err(err) => panic!("no change seen: {err}"),
            }
        }
    }

    #[test]
    fn a_post_renamed_is_a_move_and_a_temp_file_renamed_over_it_an_upsert() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Root::new(dir.path()).expect("root");
        let old = root.path.join("draft.md");
        std::fs::write(&old, "# Draft\n").expect("write");
        let (_watcher, rx) = watching(&root, &[&old]);

        let new = root.path.join("published.md");
        std::fs::rename(&old, &new).expect("rename");
        let changes = next_changes(&rx);
        assert!(
            matches!(changes.as_slice(), [Change::Moved { from, post }]
                if *from == old && *post.path == *new && post.title == "Draft"),
            "{changes:?}"
        );

        // Written beside it, then renamed over it (vim, VS Code): the post at `new` changed.
        let temp = root.path.join(".published.md.tmp");
        std::fs::write(&temp, "# Published\n").expect("write");
        std::fs::rename(&temp, &new).expect("rename");
        let changes = next_changes(&rx);
        assert!(
            matches!(changes.as_slice(), [Change::Upsert(post)]
                if *post.path == *new && post.title == "Published"),
            "{changes:?}"
        );
    }

    #[test]
    fn polling_sees_each_save_of_the_same_size_and_says_it_polls() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Root::new(dir.path()).expect("root");
        let path = root.path.join("a.md");
        std::fs::write(&path, "# Before\n").expect("write");
        let meta = std::fs::metadata(&path).expect("stat");
        let known: Stamps = [(path.as_path().into(), FileStamp::of(&meta))]
            .into_iter()
            .collect();
        let (tx, rx) = crate::runtime::event::channel();
        let watcher = spawn(vec![root], known, tx, true).expect("watch");
        assert!(watcher.polls());
        let notice = rx.recv_timeout(Duration::from_secs(1));
        assert!(
            matches!(&notice, Ok(Event::Notice(n)) if n.contains("--poll")),
            "{notice:?}"
        );
        // Same size each time: only the modification time tells them apart.
        for title in ["Save A", "Save B", "Save C"] {
            std::fs::write(&path, format!("# {title}\n")).expect("write");
            let changes = next_changes(&rx);
            assert!(
                matches!(changes.as_slice(), [Change::Upsert(post)] if post.title == title),
                "{changes:?}"
            );
        }
    }

    #[test]
    fn a_local_folder_is_watched_by_events() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Root::new(dir.path()).expect("root");
        assert_eq!(network_mount(&root.path), None);
        let (tx, _rx) = crate::runtime::event::channel();
        let watcher = spawn(vec![root], Stamps::default(), tx, false).expect("watch");
        assert!(!watcher.polls());
    }

    #[test]
    fn reconcile_reads_only_what_changed_since_it_was_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Root::new(dir.path()).expect("root");
        let write = |name: &str, text: &str| {
            let path = root.path.join(name);
            std::fs::write(&path, text).expect("write");
            path
        };
        let same = write("same.md", "# Same\n");
        let edited = write("edited.md", "# Before\n");
        let deleted = write("deleted.md", "# Deleted\n");
        let mut known = Stamps::default();
        for path in [&same, &edited, &deleted] {
            let meta = std::fs::metadata(path).expect("stat");
            known.insert(path.as_path().into(), FileStamp::of(&meta));
        }
        write("edited.md", "# After, and longer\n");
        write("new.md", "# New\n");
        std::fs::remove_file(&deleted).expect("remove");

        let roots = [root];
        let (changes, errors) = reconcile(&roots, &mut known, &TimeZone::UTC);
        assert!(errors.is_empty());
        let mut upserts: Vec<&str> = Vec::new();
        let mut removes = Vec::new();
        for change in &changes {
            match change {
                Change::Upsert(post) | Change::Moved { post, .. } => upserts.push(&post.title),
                Change::Remove(path) => removes.push(path.clone()),
            }
        }
        upserts.sort_unstable();
        assert_eq!(upserts, ["After, and longer", "New"]);
        assert_eq!(removes, [deleted]);
        assert_eq!(known.len(), 3);
        let (again, _) = reconcile(&roots, &mut known, &TimeZone::UTC);
        assert!(again.is_empty(), "{again:?}");
    }
}
