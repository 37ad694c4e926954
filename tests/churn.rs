//! Convergence under churn: random bursts of file operations on a folder of posts with the real
//! loader and watcher running, as the reader runs them. Once the operations stop and the
//! changes settle, the live store must equal a fresh load of the folder: the same paths, and
//! for each the same title, date, tags and body. A failure prints the operations that led to it.
//!
//! `cargo test --test churn` runs a few sequences (seconds); `cargo test --release --test churn
//! -- --ignored` runs sequences for `TIDINGS_CHURN_SECS` seconds (600 by default).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use tidings::content::cache;
use tidings::content::loader::{self, Root};
use tidings::library::store::Store;
use tidings::runtime::event::{self, Event};
use tidings::runtime::watch;

/// A small xorshift generator: the same seed gives the same operations on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What the test compares of a post: title, date, tags, and a hash of the body.
type Revision = (String, Option<String>, Vec<String>, u64);

/// The posts under `root` as a load finds them now (with the metadata cache at `cache`).
fn fresh(root: &Root, cache: Option<&cache::Place>) -> Store {
    let found = std::sync::Mutex::new(Vec::new());
    let zone = jiff::tz::TimeZone::system();
    loader::load_roots_cached(std::slice::from_ref(root), &zone, 256, cache, |update| {
        if let loader::LoadUpdate::Batch { posts, .. } = update {
            found.lock().expect("lock").extend(posts);
        }
    });
    let mut store = Store::new();
    let posts = found.into_inner().expect("lock");
    let count = posts.len();
    store.extend(posts, count);
    store
}

fn revisions(store: &Store) -> BTreeMap<PathBuf, Revision> {
    use std::hash::{Hash, Hasher};
    store
        .ids()
        .iter()
        .filter_map(|&id| store.get(id))
        .map(|post| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            post.read_body().unwrap_or_default().hash(&mut hasher);
            let date = post.date.as_ref().map(|d| d.date.to_string());
            let tags = post.tags.iter().map(|t| t.key.to_string()).collect();
            (
                post.path.to_path_buf(),
                (post.title.clone(), date, tags, hasher.finish()),
            )
        })
        .collect()
}

fn post_text(rng: &mut Rng, n: u64) -> String {
    let tags = ["go", "rust", "news", "notes", "web"];
    format!(
        "---\ntitle: \"Post {n}\"\ndate: 2024-{:02}-{:02}\ntag: {}\n---\nBody of post {n}.\n\n## Part\n\nMore words {}.\n",
        1 + rng.below(12),
        1 + rng.below(28),
        tags[rng.below(tags.len())],
        rng.next()
    )
}

/// Every post file under `dir` (by extension), for picking one to change.
fn post_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// One random operation on the folder, described for the failure message.
fn operate(rng: &mut Rng, dir: &Path, outside: &Path, counter: &mut u64) -> String {
    *counter += 1;
    let n = *counter;
    let files = post_files(dir);
    let pick = |rng: &mut Rng| files.get(rng.below(files.len())).cloned();
    match rng.below(10) {
        // A save in place: rewritten, or appended to.
        0 | 1 => match pick(rng) {
            Some(file) => {
                let text = post_text(rng, n);
                let _ = std::fs::write(&file, text);
                format!("write {}", file.display())
            }
            None => "nothing to write".to_string(),
        },
        2 => match pick(rng) {
            Some(file) => {
                use std::io::Write;
                if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&file) {
                    let _ = writeln!(f, "\nAppended {n}.");
                }
                format!("append {}", file.display())
            }
            None => "nothing to append".to_string(),
        },
        // A new post, often in a new folder.
        3 | 4 => {
            let folder = dir
                .join(format!("d{}", rng.below(12)))
                .join(format!("e{}", rng.below(3)));
            let _ = std::fs::create_dir_all(&folder);
            let file = folder.join(format!("new-{n}.md"));
            let _ = std::fs::write(&file, post_text(rng, n));
            format!("create {}", file.display())
        }
        5 => match pick(rng) {
            Some(file) => {
                let _ = std::fs::remove_file(&file);
                format!("delete {}", file.display())
            }
            None => "nothing to delete".to_string(),
        },
        // An editor's save: a temp file renamed over the post.
        6 => match pick(rng) {
            Some(file) => {
                let temp = file.with_extension("md.tmp");
                let _ = std::fs::write(&temp, post_text(rng, n));
                let _ = std::fs::rename(&temp, &file);
                format!("temp+rename {}", file.display())
            }
            None => "nothing to save".to_string(),
        },
        // A rename inside the tree, or half outside it.
        7 => match pick(rng) {
            Some(file) => match rng.below(3) {
                0 => {
                    let to = outside.join(format!("out-{n}.md"));
                    let _ = std::fs::rename(&file, &to);
                    format!("move out {}", file.display())
                }
                1 => {
                    let from = outside.join(format!("in-{n}.md"));
                    let _ = std::fs::write(&from, post_text(rng, n));
                    let to = file.with_file_name(format!("in-{n}.md"));
                    let _ = std::fs::rename(&from, &to);
                    format!("move in {}", to.display())
                }
                _ => {
                    let to = file.with_file_name(format!("renamed-{n}.md"));
                    let _ = std::fs::rename(&file, &to);
                    format!("rename {} -> {}", file.display(), to.display())
                }
            },
            None => "nothing to rename".to_string(),
        },
        // A create and a delete inside one debounce window.
        8 => {
            let file = dir.join(format!("flash-{n}.md"));
            let _ = std::fs::write(&file, post_text(rng, n));
            let _ = std::fs::remove_file(&file);
            format!("create+delete {}", file.display())
        }
        // A whole folder removed, or renamed.
        _ => {
            let folder = dir.join(format!("d{}", rng.below(12)));
            if rng.below(2) == 0 {
                let _ = std::fs::remove_dir_all(&folder);
                format!("rm -rf {}", folder.display())
            } else {
                let to = dir.join(format!("d{}", rng.below(12)));
                if to.exists() {
                    let _ = std::fs::remove_dir_all(&folder);
                    format!("rm -rf {} (target taken)", folder.display())
                } else {
                    let _ = std::fs::rename(&folder, &to);
                    format!("mv {} {}", folder.display(), to.display())
                }
            }
        }
    }
}

/// Applies every change that comes until none has come for `quiet`.
fn settle(store: &mut Store, rx: &Receiver<Event>, quiet: Duration) {
    loop {
        match rx.recv_timeout(quiet) {
            Ok(Event::Changed { changes, .. }) => store.apply(changes),
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Runs sequences of three bursts of `ops` random operations on a fresh folder of `posts` posts
/// for `seeds`, comparing the live store with a fresh load once each burst has been quiet for
/// `quiet`; panics on the first difference.
fn churn(
    seeds: impl Iterator<Item = u64>,
    posts: usize,
    ops: usize,
    quiet: Duration,
    deadline: Option<Instant>,
) -> usize {
    let mut sequences = 0;
    for seed in seeds {
        if deadline.is_some_and(|d| Instant::now() > d) {
            break;
        }
        let top = tempfile::tempdir().expect("tempdir");
        let dir = top.path().join("posts");
        let outside = top.path().join("outside");
        std::fs::create_dir_all(&outside).expect("mkdir");
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut counter = 0;
        let mut log = Vec::new();
        for i in 0..posts {
            let folder = dir.join(format!("d{}", i % 12));
            std::fs::create_dir_all(&folder).expect("mkdir");
            std::fs::write(
                folder.join(format!("p{i}.md")),
                post_text(&mut rng, i as u64),
            )
            .expect("write");
        }
        let dir = dir.canonicalize().expect("canonical");
        let root = Root::new(&dir).expect("root");
        // The reader starts with the metadata cache warm: written by a load before, then a
        // few posts changed, as between two runs.
        let zone = jiff::tz::TimeZone::system();
        let place = loader::cache_place_in(
            &top.path().join("cache"),
            std::slice::from_ref(&root),
            &zone,
        );
        let warm = fresh(&root, Some(&place));
        cache::write(&place, warm.snapshot().iter().map(|p| &**p)).expect("cache written");
        for _ in 0..5 {
            log.push(operate(&mut rng, &dir, &outside, &mut counter));
        }
        let (tx, rx) = event::channel();
        let (stamps_tx, stamps_rx) = std::sync::mpsc::channel();
        let loader = tidings::runtime::load::spawn_loader(
            vec![root.clone()],
            tx.clone(),
            Some(stamps_tx),
            Some(place),
        );
        let mut store = Store::new();
        let mut reused = 0;
        loop {
            match rx.recv().expect("loader") {
                Event::Loaded { posts, .. } => {
                    let count = posts.len();
                    store.extend(posts, count);
                }
                Event::CacheUsed(used) => reused = used.reused,
                Event::LoadFinished => break,
                _ => {}
            }
        }
        assert!(
            reused > posts / 2,
            "seed {seed}: the cache was warm ({reused} posts from it)"
        );
        let _ = loader.join();
        let stamps = loader::stamps_of(stamps_rx.recv().expect("stamps"));
        let _watcher = watch::spawn(vec![root.clone()], stamps, tx, false).expect("watch");
        for _ in 0..3 {
            for _ in 0..ops {
                log.push(operate(&mut rng, &dir, &outside, &mut counter));
            }
            settle(&mut store, &rx, quiet);
            let live = revisions(&store);
            let disk = revisions(&fresh(&root, None));
            if live != disk {
                let ghosts: Vec<_> = live.keys().filter(|p| !disk.contains_key(*p)).collect();
                let missed: Vec<_> = disk.keys().filter(|p| !live.contains_key(*p)).collect();
                let stale: Vec<_> = live
                    .iter()
                    .filter(|(p, r)| disk.get(*p).is_some_and(|d| d != *r))
                    .map(|(p, _)| p)
                    .collect();
                panic!(
                    "seed {seed}: the store ({} posts) is not the disk ({} posts)\nghosts: {ghosts:?}\nmissed: {missed:?}\nstale: {stale:?}\noperations:\n{}",
                    live.len(),
                    disk.len(),
                    log.join("\n")
                );
            }
        }
        sequences += 1;
    }
    sequences
}

#[test]
fn the_store_equals_the_disk_after_bursts_of_changes() {
    let sequences = churn(1..=4, 200, 150, Duration::from_millis(1500), None);
    assert_eq!(sequences, 4);
}

#[test]
#[ignore = "long: minutes of churn (TIDINGS_CHURN_SECS, 600 by default)"]
fn the_store_equals_the_disk_after_minutes_of_churn() {
    let secs: u64 = std::env::var("TIDINGS_CHURN_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let deadline = Instant::now() + Duration::from_secs(secs);
    // Eight folders churned at once, each by its own watcher, on seeds of their own.
    let workers: Vec<_> = (0..8u64)
        .map(|worker| {
            std::thread::spawn(move || {
                let seeds = (0..).map(move |n| 1_000 + n * 8 + worker);
                churn(seeds, 100, 60, Duration::from_millis(800), Some(deadline))
            })
        })
        .collect();
    let mut sequences = 0;
    for worker in workers {
        sequences += worker.join().expect("a churn worker found a difference");
    }
    eprintln!(
        "churn: {sequences} sequences, each of 3 bursts of 60 operations, in {secs} s, all converged"
    );
    assert!(sequences > 0);
}
