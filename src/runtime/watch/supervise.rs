//! What keeps the watch true when its events cannot be trusted: once a burst of changes has
//! settled, one reconcile by stamps (a rename half outside the tree, a folder moved, a create and
//! a delete inside one debounce window, a queue overflow all end right), and the roots
//! themselves: a root deleted is reported while it is gone, and a root that comes back, or is
//! replaced by a new folder (`git checkout`, `rm -rf public && hugo`), is watched again and read.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{Debouncer, RecommendedCache};

use super::reconcile_and_send;
use crate::content::loader::{Root, Stamps};
use crate::runtime::event::Event;

/// How long after the last burst of changes the reconcile runs, in ms: long enough that a burst
/// (a checkout, a sync) is over, short enough that the screen is right a moment later.
pub const SETTLE_MS: u64 = 250;

/// How often the roots are looked at, in ms, to see one gone, back, or replaced.
pub const ROOT_CHECK_MS: u64 = 500;

/// What a root folder is on disk: its device and inode where the platform has them, so a
/// folder deleted and made again under the same name is told from the one watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    device: u64,
    inode: u64,
}

/// The root's identity now, or `None` when it is gone.
pub fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Identity {
            device: meta.dev(),
            inode: meta.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(Identity {
            device: 0,
            inode: 0,
        })
    }
}

/// The roots as last seen: each one's identity, `None` while it is gone.
pub struct RootWatch {
    roots: Vec<Root>,
    seen: Vec<Option<Identity>>,
}

/// What changed about the roots since the last look.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RootNews {
    /// Roots that are back, or are new folders under the same name: watch them again.
    pub back: Vec<PathBuf>,
    /// Whether the set of roots that are gone changed (to report it).
    pub missing_changed: bool,
    /// The roots that are gone now.
    pub missing: Vec<PathBuf>,
}

impl RootWatch {
    pub fn new(roots: &[Root]) -> Self {
        let seen = roots.iter().map(|r| identity(&r.path)).collect();
        RootWatch {
            roots: roots.to_vec(),
            seen,
        }
    }

    /// Looks at every root again.
    pub fn look(&mut self) -> RootNews {
        let mut news = RootNews::default();
        for (root, seen) in self.roots.iter().zip(self.seen.iter_mut()) {
            let now = identity(&root.path);
            if now != *seen {
                if now.is_some() {
                    news.back.push(root.path.clone());
                }
                if now.is_none() || seen.is_none() {
                    news.missing_changed = true;
                }
                *seen = now;
            }
            if now.is_none() {
                news.missing.push(root.path.clone());
            }
        }
        news
    }
}

/// Runs until `stop` is dropped: reconciles `known` with the disk [`SETTLE_MS`] after the last
/// wake (a burst of changes handled), and every [`ROOT_CHECK_MS`] looks at the roots, watching
/// again (through `debouncer`, when events are used) any that came back or was replaced.
#[allow(clippy::too_many_arguments)]
pub fn run(
    roots: Vec<Root>,
    known: Arc<Mutex<Stamps>>,
    tx: Sender<Event>,
    zone: TimeZone,
    wake: Receiver<()>,
    stop: Receiver<()>,
    debouncer: Option<Arc<Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>>>,
) {
    let mut root_watch = RootWatch::new(&roots);
    let mut due: Option<Instant> = None;
    let mut next_look = Instant::now() + Duration::from_millis(ROOT_CHECK_MS);
    loop {
        match stop.try_recv() {
            Err(TryRecvError::Empty) => {}
            _ => return,
        }
        let now = Instant::now();
        let until = due.map_or(next_look, |d| d.min(next_look));
        let wait = until
            .saturating_duration_since(now)
            .min(Duration::from_millis(ROOT_CHECK_MS));
        match wake.recv_timeout(wait) {
            Ok(()) => {
                // Re-armed by every burst: one reconcile once they stop.
                due = Some(Instant::now() + Duration::from_millis(SETTLE_MS));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = Instant::now();
        if now >= next_look {
            next_look = now + Duration::from_millis(ROOT_CHECK_MS);
            let news = root_watch.look();
            if let Some(debouncer) = &debouncer
                && let Ok(mut debouncer) = debouncer.lock()
            {
                for path in &news.back {
                    // The old watch went with the old folder; a stale one is dropped first.
                    let _ = debouncer.unwatch(path);
                    let _ = debouncer.watch(path, RecursiveMode::Recursive);
                }
            }
            if !news.back.is_empty() {
                due = Some(now);
            }
            if news.missing_changed
                && tx
                    .send(Event::RootsMissing {
                        roots: news.missing,
                    })
                    .is_err()
            {
                return;
            }
        }
        if due.is_some_and(|d| now >= d) {
            due = None;
            if !reconcile_and_send(&roots, &known, &zone, &tx) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_gone_then_made_again_is_reported_gone_then_back() {
        let top = tempfile::tempdir().expect("tempdir");
        let dir = top.path().join("posts");
        std::fs::create_dir(&dir).expect("mkdir");
        let root = Root::new(&dir).expect("root");
        let mut watch = RootWatch::new(std::slice::from_ref(&root));
        assert_eq!(watch.look(), RootNews::default());
        std::fs::remove_dir(&dir).expect("rmdir");
        let gone = watch.look();
        assert!(gone.missing_changed);
        assert_eq!(gone.missing, std::slice::from_ref(&root.path));
        assert!(gone.back.is_empty());
        std::fs::create_dir(&dir).expect("mkdir");
        let back = watch.look();
        assert_eq!(back.back, std::slice::from_ref(&root.path));
        assert!(back.missing_changed && back.missing.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_root_replaced_by_a_new_folder_is_back() {
        let top = tempfile::tempdir().expect("tempdir");
        let dir = top.path().join("public");
        std::fs::create_dir(&dir).expect("mkdir");
        let root = Root::new(&dir).expect("root");
        let mut watch = RootWatch::new(std::slice::from_ref(&root));
        // Replaced between two looks: never seen gone, but a new folder.
        let old = top.path().join("old");
        std::fs::rename(&dir, &old).expect("rename");
        std::fs::create_dir(&dir).expect("mkdir");
        let news = watch.look();
        assert_eq!(news.back, std::slice::from_ref(&root.path));
        assert!(!news.missing_changed);
    }
}
