//! Watching the user's paths: notify's events, debounced by `notify-debouncer-full` (which also
//! pairs the two halves of a rename), become [`Change`]s. Each changed file is read again here,
//! on the debouncer's thread, so the app only applies finished posts.
//!
//! A change is decided by what is on disk once the burst of events is over, not by the event
//! kinds: a file that exists is (re)read, one that does not is removed. That covers writing in
//! place, writing a temp file and renaming it over, and delete-then-create alike.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::content::loader::{self, LoadError, Root};
use crate::event::Event;
use crate::store::Change;

/// How long the debouncer waits for a burst of events to end, in ms. Editors' save sequences
/// (temp file, rename, attribute change) finish well inside it.
pub const DEBOUNCE_MS: u64 = 50;

/// Keeps the watch alive; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Starts watching `roots`: folders recursively, a file through its parent folder (so that a
/// rename over it is seen). Changes are sent as [`Event::Changed`].
///
/// Errors: the platform watcher cannot be created or a path cannot be watched (for example
/// when the inotify watch limit is reached).
pub fn spawn(roots: Vec<Root>, tx: Sender<Event>) -> Result<Watcher, notify::Error> {
    let zone = jiff::tz::TimeZone::system();
    let handler_roots = roots.clone();
    let mut debouncer = new_debouncer(
        Duration::from_millis(DEBOUNCE_MS),
        None,
        move |result: DebounceEventResult| {
            let event = match result {
                Ok(events) => {
                    let (changes, errors) = changes_for(&events, &handler_roots, &zone);
                    if changes.is_empty() && errors.is_empty() {
                        return;
                    }
                    Event::Changed { changes, errors }
                }
                Err(errors) => {
                    let first = errors.first().map(ToString::to_string).unwrap_or_default();
                    Event::Notice(format!("watching: {first}"))
                }
            };
            let _ = tx.send(event);
        },
    )?;
    for root in &roots {
        if root.is_dir {
            debouncer.watch(&root.path, RecursiveMode::Recursive)?;
        } else if let Some(parent) = root.path.parent() {
            debouncer.watch(parent, RecursiveMode::NonRecursive)?;
        }
    }
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

/// Like [`spawn`], on a thread of its own that keeps the watch alive for as long as the process
/// runs; a failure to watch is sent as an [`Event::Notice`], and tidings goes on without it.
pub fn spawn_in_background(roots: Vec<Root>, tx: Sender<Event>) {
    std::thread::spawn(move || match spawn(roots, tx.clone()) {
        Ok(_watcher) => loop {
            std::thread::park();
        },
        Err(err) => {
            let _ = tx.send(Event::Notice(format!("not watching for changes: {err}")));
        }
    });
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

/// The changes a burst of events amounts to, reading each changed post file once.
fn changes_for(
    events: &[notify_debouncer_full::DebouncedEvent],
    roots: &[Root],
    zone: &jiff::tz::TimeZone,
) -> (Vec<Change>, Vec<LoadError>) {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    if events.iter().any(|e| e.need_rescan()) {
        let mut posts = Vec::new();
        for root in roots {
            let (files, failed) = loader::discover(root);
            errors.extend(failed);
            for file in files {
                match loader::load_post(&file, zone) {
                    Ok(post) => posts.push(post),
                    Err(err) => errors.push(err),
                }
            }
        }
        changes.push(Change::Replace(posts));
        return (changes, errors);
    }

    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut gone: BTreeSet<PathBuf> = BTreeSet::new();
    for event in events.iter().filter(|e| changes_content(&e.kind)) {
        let appeared = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        for path in &event.paths {
            if !roots.iter().any(|r| r.contains(path)) {
                continue;
            }
            if path.is_dir() {
                // A folder moved or copied in: read what it holds.
                if appeared {
                    let root = Root::from_canonical(path.clone(), true);
                    let (found, failed) = loader::discover(&root);
                    files.extend(found);
                    errors.extend(failed);
                }
            } else if path.exists() {
                if loader::is_post_path(path) || roots.iter().any(|r| r.path == *path) {
                    files.insert(path.clone());
                }
            } else {
                // A file or a whole folder is gone; the store removes whatever it had there.
                gone.insert(path.clone());
            }
        }
    }
    for path in gone {
        if !files.contains(&path) {
            changes.push(Change::Remove(path));
        }
    }
    for file in files {
        match loader::load_post(&file, zone) {
            Ok(post) => changes.push(Change::Upsert(Box::new(post))),
            Err(err) => {
                changes.push(Change::Remove(file));
                errors.push(err);
            }
        }
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
        let (changes, errors) = changes_for(
            &reads,
            std::slice::from_ref(&root),
            &jiff::tz::TimeZone::UTC,
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
            &jiff::tz::TimeZone::UTC,
        );
        assert!(matches!(changes.as_slice(), [Change::Upsert(p)] if p.title == "A"));

        let created = [event(EventKind::Create(CreateKind::File), &path)];
        let (changes, _) = changes_for(&created, &[root], &jiff::tz::TimeZone::UTC);
        assert_eq!(changes.len(), 1);
    }
}
