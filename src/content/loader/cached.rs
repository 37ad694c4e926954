//! Loading with the metadata cache ([`crate::content::cache`]): where a set of roots' cache is
//! kept, and the load that takes unchanged posts from it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use jiff::tz::TimeZone;

use super::{
    Batch, FIRST_BATCH, FOUND_EVERY, LoadUpdate, Root, Rules, WALK_CHUNK, load_by, reads_in_place,
    walk,
};
use crate::content::{FileStamp, Post, cache};

/// Where the metadata cache of `roots` read in `zone` is kept (see [`super::cache`]): the
/// platform cache directory (`$XDG_CACHE_HOME/tidings` on Linux), `meta/`, then a hash of
/// the roots' canonical paths; its fingerprint also covers the tidings version, each root's
/// rules and whether it is a vault, and the time zone (posts without a date are dated by their
/// modification time in it). `None` for no roots, or a platform without a cache directory.
pub fn cache_place(roots: &[Root], zone: &TimeZone) -> Option<cache::Place> {
    if roots.is_empty() {
        return None;
    }
    let dirs = directories::ProjectDirs::from("", "", "tidings")?;
    let dir = dirs.cache_dir().join("meta");
    Some(cache_place_in(&dir, roots, zone))
}

/// [`cache_place`] in the folder `dir`.
pub fn cache_place_in(dir: &Path, roots: &[Root], zone: &TimeZone) -> cache::Place {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut name = DefaultHasher::new();
    let mut fingerprint = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut fingerprint);
    format!("{zone:?}").hash(&mut fingerprint);
    for root in roots {
        root.path.hash(&mut name);
        (&root.path, root.is_dir, root.vault).hash(&mut fingerprint);
        let rules = &root.rules;
        (&rules.extensions, &rules.ignore, rules.max_post_bytes).hash(&mut fingerprint);
    }
    cache::Place {
        file: dir.join(format!("{:016x}", name.finish())),
        fingerprint: fingerprint.finish(),
    }
}

/// What a load made of the metadata cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheUse {
    /// The cache file was there, whole, for these roots and rules.
    pub valid: bool,
    /// Posts taken from it.
    pub reused: usize,
    /// Posts read from disk that it could hold (see [`cache::cacheable`]).
    pub read: usize,
    /// Posts it held that were not taken: their files are gone, or changed.
    pub gone: usize,
}

impl CacheUse {
    /// Whether the cache no longer says what is on disk, and is worth writing again.
    pub fn stale(&self) -> bool {
        !self.valid || self.read > 0 || self.gone > 0
    }
}

/// [`load_roots`], taking each post whose file is unchanged from the metadata cache at `cache`
/// instead of reading it. The cache is opened and indexed on a thread of its own while the walk
/// starts ([`cache::Cached::open`]); a reader thread stats each file the walk hands it, and takes
/// the cached post when the stamp is the one cached, else reads the file.
/// Posts taken from the cache are sent in batches of `batch_size` (the first posts read from
/// disk in smaller ones, as [`load_roots`] sends them). With no cache file, nothing is statted and the load is
/// [`load_roots`]'s. The cache is only read here: the caller writes it ([`cache::write`]) when
/// [`CacheUse::stale`].
pub fn load_roots_cached<F>(
    roots: &[Root],
    zone: &TimeZone,
    batch_size: usize,
    cache: Option<&cache::Place>,
    on_update: F,
) -> CacheUse
where
    F: Fn(LoadUpdate) + Sync,
{
    if reads_in_place(roots) {
        on_update(LoadUpdate::Found {
            files: roots.len(),
            finished: true,
        });
        let mut batch = Batch::new(FIRST_BATCH);
        for root in roots {
            batch.push(load_by(&root.path, zone, &root.rules, root.vault));
        }
        on_update(batch.take(batch_size));
        return CacheUse::default();
    }
    let readers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let (tx, rx) = mpsc::sync_channel::<Chunk>(readers * 4);
    let rx = Mutex::new(rx);
    let on_update = &on_update;
    let (read, reused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let cached = std::sync::OnceLock::new();
    let cache = cache.filter(|place| place.file.is_file());
    std::thread::scope(|scope| {
        if let Some(place) = cache {
            scope.spawn(|| {
                let opened = cache::Cached::open(place);
                if let Some(opened) = &opened {
                    on_update(LoadUpdate::Expected {
                        posts: opened.len(),
                    });
                }
                cached.set(opened)
            });
        }
        for _ in 0..readers {
            let (rx, read, reused, cached) = (&rx, &read, &reused, &cached);
            scope.spawn(move || {
                let mut batch = Batch::new(FIRST_BATCH);
                // Sent as each batch fills, as posts read are: the app stores them while the
                // readers go on (held to the end of the walk, storing them all came after).
                let mut from_cache: Vec<Arc<Post>> = Vec::new();
                let send_reused = |posts: Vec<Arc<Post>>| {
                    reused.fetch_add(posts.len(), Ordering::Relaxed);
                    on_update(LoadUpdate::Batch {
                        posts,
                        errors: Vec::new(),
                    });
                };
                let mut buffer = Vec::new();
                loop {
                    // A poisoned lock means another reader panicked: stop quietly.
                    let chunk = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = chunk else {
                        break;
                    };
                    let cached = cache.and_then(|_| cached.wait().as_ref());
                    let taken = match cached {
                        Some(cached) => take(cached, chunk.files, &chunk.rules, &mut buffer),
                        None => chunk.files.into_iter().map(|f| (f, None)).collect(),
                    };
                    for (path, post) in taken {
                        if let Some(post) = post {
                            from_cache.push(post);
                            if from_cache.len() >= batch_size {
                                send_reused(std::mem::take(&mut from_cache));
                            }
                            continue;
                        }
                        let result = load_by(&path, zone, &chunk.rules, chunk.vault);
                        if result.as_ref().is_ok_and(cache::cacheable) {
                            read.fetch_add(1, Ordering::Relaxed);
                        }
                        batch.push(result);
                        if batch.is_full() {
                            on_update(batch.take(batch_size));
                        }
                    }
                }
                if !batch.is_empty() {
                    on_update(batch.take(batch_size));
                }
                if !from_cache.is_empty() {
                    send_reused(from_cache);
                }
            });
        }
        let mut found = 0;
        let mut errors = Vec::new();
        for root in roots {
            let mut chunk = Chunk::of(root);
            walk(
                root,
                |file| {
                    chunk.files.push(file);
                    if chunk.files.len() == WALK_CHUNK {
                        found += WALK_CHUNK;
                        if found % FOUND_EVERY == 0 {
                            on_update(LoadUpdate::Found {
                                files: found,
                                finished: false,
                            });
                        }
                        let _ = tx.send(std::mem::replace(&mut chunk, Chunk::of(root)));
                    }
                },
                |err| errors.push(err),
            );
            found += chunk.files.len();
            if !chunk.files.is_empty() {
                let _ = tx.send(chunk);
            }
        }
        drop(tx);
        on_update(LoadUpdate::Found {
            files: found,
            finished: true,
        });
        if !errors.is_empty() {
            on_update(LoadUpdate::Batch {
                posts: Vec::new(),
                errors,
            });
        }
    });
    let (gone, valid) = match cached.into_inner().flatten() {
        Some(cached) => cached.finish(),
        None => (0, false),
    };
    CacheUse {
        valid,
        reused: reused.into_inner(),
        read: read.into_inner(),
        gone,
    }
}

/// Post files handed from the walk to a reader: files of one root, with the root's rules,
/// and whether it is a vault.
struct Chunk {
    rules: Arc<Rules>,
    vault: bool,
    files: Vec<PathBuf>,
}

impl Chunk {
    fn of(root: &Root) -> Chunk {
        Chunk {
            rules: Arc::clone(&root.rules),
            vault: root.vault,
            files: Vec::with_capacity(WALK_CHUNK),
        }
    }
}

/// Stats files through their folder: `statx(2)` of the file's name in the folder opened once
/// (`O_PATH`), where a stat of the whole path walked it from the root again for every file (the
/// kernel's path walk was most of a stat's cost over 100,000 files). The stamp is the one
/// [`FileStamp::of`] gives, symbolic links followed.
#[derive(Default)]
struct Folder {
    #[cfg(target_os = "linux")]
    open: Option<(PathBuf, rustix::fd::OwnedFd)>,
}

impl Folder {
    #[cfg(target_os = "linux")]
    fn stamp(&mut self, file: &Path) -> Option<FileStamp> {
        use rustix::fs::{AtFlags, Mode, OFlags, StatxFlags};
        let (parent, name) = (file.parent()?, file.file_name()?);
        // Compared as bytes: the walk names every file of a folder alike, and `Path`'s own
        // comparison parses both into components.
        if (self.open.as_ref()).is_none_or(|(at, _)| at.as_os_str() != parent.as_os_str()) {
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(parent, flags, Mode::empty()).ok()?;
            self.open = Some((parent.to_path_buf(), fd));
        }
        let (_, fd) = self.open.as_ref()?;
        let mask = StatxFlags::SIZE | StatxFlags::MTIME | StatxFlags::CTIME;
        let stat = rustix::fs::statx(fd, name, AtFlags::empty(), mask).ok()?;
        let time = |t: rustix::fs::StatxTimestamp| FileStamp::time(t.tv_sec, t.tv_nsec);
        Some(FileStamp {
            modified: time(stat.stx_mtime),
            bytes: stat.stx_size,
            changed: time(stat.stx_ctime),
        })
    }

    #[cfg(not(target_os = "linux"))]
    fn stamp(&mut self, file: &Path) -> Option<FileStamp> {
        std::fs::metadata(file).ok().map(|m| FileStamp::of(&m))
    }
}

/// Each of `files` with its post from the cache, if its file is unchanged (a file that cannot
/// be statted is read, to say why).
fn take(
    cached: &cache::Cached,
    files: Vec<PathBuf>,
    rules: &Rules,
    buffer: &mut Vec<u8>,
) -> Vec<(PathBuf, Option<Arc<Post>>)> {
    let mut folder = Folder::default();
    let stamped: Vec<(PathBuf, Option<FileStamp>)> = (files.into_iter())
        .map(|file| {
            let stamp = folder.stamp(&file);
            (file, stamp)
        })
        .collect();
    let posts = cached.take(&stamped, rules.max_post_bytes, buffer);
    stamped
        .into_iter()
        .map(|(file, _)| file)
        .zip(posts)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::load_roots;

    /// A folder of posts, and a cache place for it in a folder of its own.
    struct Folder {
        _dir: tempfile::TempDir,
        posts: PathBuf,
        root: Root,
        place: cache::Place,
    }

    impl Folder {
        fn new(posts: &[(&str, &str)]) -> Folder {
            let dir = tempfile::tempdir().expect("tempdir");
            let folder = dir.path().join("posts");
            for (name, text) in posts {
                let path = folder.join(name);
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(path, text).expect("write");
            }
            let root = Root::new(&folder).expect("root");
            let place = cache_place_in(
                &dir.path().join("cache"),
                std::slice::from_ref(&root),
                &TimeZone::UTC,
            );
            Folder {
                posts: root.path.clone(),
                _dir: dir,
                root,
                place,
            }
        }

        /// Loads with the cache, and writes it when stale, as `tidings list` does: the posts by
        /// title, and what came of the cache.
        fn load(&self) -> (Vec<String>, CacheUse) {
            let found = Mutex::new(Vec::new());
            let roots = std::slice::from_ref(&self.root);
            let used = load_roots_cached(roots, &TimeZone::UTC, 4, Some(&self.place), |update| {
                if let LoadUpdate::Batch { posts, .. } = update {
                    found.lock().expect("lock").extend(posts);
                }
            });
            let posts = found.into_inner().expect("lock");
            if used.stale() {
                cache::write(&self.place, posts.iter().map(|p| &**p)).expect("written");
            }
            let mut titles: Vec<String> = posts.into_iter().map(|p| p.title.clone()).collect();
            titles.sort();
            (titles, used)
        }

        /// The titles a load without the cache finds: what is on disk.
        fn on_disk(&self) -> Vec<String> {
            let found = Mutex::new(Vec::new());
            load_roots(
                std::slice::from_ref(&self.root),
                &TimeZone::UTC,
                4,
                |update| {
                    if let LoadUpdate::Batch { posts, .. } = update {
                        found
                            .lock()
                            .expect("lock")
                            .extend(posts.into_iter().map(|p| p.title.clone()));
                    }
                },
            );
            let mut titles = found.into_inner().expect("lock");
            titles.sort();
            titles
        }
    }

    fn posts(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                let text = format!("---\ntitle: Post {i:02}\ntags: [a, b]\n---\nBody {i}.\n");
                (format!("d{}/p{i:02}.md", i % 3), text)
            })
            .collect()
    }

    fn folder_of(n: usize) -> Folder {
        let posts = posts(n);
        let named: Vec<(&str, &str)> = posts.iter().map(|(n, t)| (&n[..], &t[..])).collect();
        Folder::new(&named)
    }

    #[test]
    fn unchanged_files_come_from_the_cache_and_the_posts_are_the_same() {
        let folder = folder_of(10);
        let (first, used) = folder.load();
        assert!(!used.valid && used.read == 10 && used.stale(), "{used:?}");
        let (second, used) = folder.load();
        assert_eq!(second, first);
        assert_eq!(used.reused, 10, "{used:?}");
        assert!(used.valid && !used.stale(), "{used:?}");
        // A post from the cache is the post read from disk, its body on disk.
        // And the cache's size is told first, so the store can make room for all at once.
        let (cached, expected) = (Mutex::new(None), Mutex::new(Vec::new()));
        let roots = std::slice::from_ref(&folder.root);
        load_roots_cached(roots, &TimeZone::UTC, 64, Some(&folder.place), |update| {
            if let LoadUpdate::Expected { posts } = update {
                expected.lock().expect("lock").push(posts);
            } else if let LoadUpdate::Batch { posts, .. } = update
                && let Some(post) = posts.into_iter().find(|p| p.title == "Post 04")
            {
                assert!(!expected.lock().expect("lock").is_empty(), "told before");
                *cached.lock().expect("lock") = Some(post);
            }
        });
        assert_eq!(expected.into_inner().expect("lock"), [10]);
        let cached = (cached.into_inner().expect("lock")).expect("post 04 from the cache");
        let read = crate::content::loader::load_post(&cached.path, &TimeZone::UTC).expect("read");
        assert_eq!(cached.with_body_held().expect("its body"), read);
    }

    #[test]
    fn a_file_changed_in_size_time_or_inode_change_time_is_read_again() {
        let folder = folder_of(6);
        folder.load();
        let file = |i: usize| folder.posts.join(format!("d{}/p{i:02}.md", i % 3));
        // Another size.
        std::fs::write(
            file(0),
            "---\ntitle: Longer now\n---\nMore body than before.\n",
        )
        .expect("write");
        // The same size, its modification time set back to what it was: only the inode's
        // change time tells (a change within the same second, by an editor that keeps times).
        let before = std::fs::metadata(file(1)).expect("stat");
        let same_size = "---\ntitle: Post XX\ntags: [a, b]\n---\nBody 1.\n";
        assert_eq!(same_size.len() as u64, before.len());
        std::fs::write(file(1), same_size).expect("write");
        let handle = std::fs::File::options()
            .write(true)
            .open(file(1))
            .expect("open");
        handle
            .set_modified(before.modified().expect("mtime"))
            .expect("set mtime");
        let after = std::fs::metadata(file(1)).expect("stat");
        assert_eq!(after.modified().ok(), before.modified().ok());
        assert_eq!(after.len(), before.len());
        // Gone.
        std::fs::remove_file(file(2)).expect("rm");
        let (titles, used) = folder.load();
        assert_eq!(titles, folder.on_disk());
        assert!(titles.contains(&"Longer now".to_string()) && titles.contains(&"Post XX".into()));
        // Not taken: the entries of the two files changed and of the one gone.
        assert_eq!((used.reused, used.read, used.gone), (3, 2, 3), "{used:?}");
        assert!(used.stale());
        let (_, used) = folder.load();
        assert_eq!((used.reused, used.read, used.gone), (5, 0, 0), "{used:?}");
    }

    #[test]
    fn a_corrupted_torn_or_foreign_cache_is_read_around_and_rebuilt() {
        let folder = folder_of(12);
        let truth = folder.load().0;
        let whole = std::fs::read(&folder.place.file).expect("cache");
        let damaged = [
            // A byte flipped in the middle of an entry.
            {
                let mut bytes = whole.clone();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x55;
                bytes
            },
            // Torn: the last entry half written.
            whole[..whole.len() - 7].to_vec(),
            // Not a cache at all.
            b"garbage".to_vec(),
            // Another format's header.
            {
                let mut bytes = whole.clone();
                bytes[8] = bytes[8].wrapping_add(1);
                bytes
            },
        ];
        for (n, bytes) in damaged.into_iter().enumerate() {
            std::fs::write(&folder.place.file, bytes).expect("damage");
            let (titles, used) = folder.load();
            assert_eq!(titles, truth, "case {n}: the posts are the disk's");
            assert!(used.stale(), "case {n}: {used:?}");
            assert!(used.reused < 12, "case {n}: {used:?}");
            let (titles, used) = folder.load();
            assert_eq!(titles, truth, "case {n}");
            assert!(
                used.valid && used.reused == 12,
                "case {n}: rebuilt, {used:?}"
            );
        }
    }

    #[test]
    fn another_version_zone_or_rules_does_not_use_the_cache() {
        let folder = folder_of(3);
        let cache = folder.place.file.parent().expect("dir").to_path_buf();
        let roots = [folder.root.clone()];
        let here = cache_place_in(&cache, &roots, &TimeZone::UTC);
        let zone = TimeZone::fixed(jiff::tz::offset(9));
        let elsewhere = cache_place_in(&cache, &roots, &zone);
        assert_eq!(here.file, elsewhere.file, "one file per set of roots");
        assert_ne!(here.fingerprint, elsewhere.fingerprint);
        let rules = Arc::new(Rules {
            max_post_bytes: 1024,
            ..Rules::default()
        });
        let other_rules = Root::with_rules(&folder.posts, rules).expect("root");
        let other = cache_place_in(&cache, &[other_rules], &TimeZone::UTC);
        assert_ne!(here.fingerprint, other.fingerprint);
    }

    /// In a child process: loads the folder `TIDINGS_TEST_FOLDER` with the cache file
    /// `TIDINGS_TEST_CACHE` 40 times, writing the cache each time, as two tidings would.
    #[test]
    #[ignore = "run as a child process by the test below"]
    fn child_loads_and_writes_the_cache() {
        let (Some(folder), Some(file)) = (
            std::env::var_os("TIDINGS_TEST_FOLDER"),
            std::env::var_os("TIDINGS_TEST_CACHE"),
        ) else {
            return;
        };
        let root = Root::new(Path::new(&folder)).expect("root");
        let mut place = cache_place_in(Path::new("/"), std::slice::from_ref(&root), &TimeZone::UTC);
        place.file = PathBuf::from(file);
        for _ in 0..40 {
            let found = Mutex::new(Vec::new());
            load_roots_cached(
                std::slice::from_ref(&root),
                &TimeZone::UTC,
                8,
                Some(&place),
                |update| {
                    if let LoadUpdate::Batch { posts, .. } = update {
                        found.lock().expect("lock").extend(posts);
                    }
                },
            );
            let posts = found.into_inner().expect("lock");
            assert_eq!(posts.len(), 30);
            cache::write(&place, posts.iter().map(|p| &**p)).expect("written");
        }
    }

    #[test]
    fn two_processes_sharing_one_cache_leave_it_whole() {
        let folder = folder_of(30);
        let exe = std::env::current_exe().expect("the test binary");
        let children: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(&exe)
                    .args([
                        "content::loader::cached::tests::child_loads_and_writes_the_cache",
                        "--exact",
                        "--ignored",
                        "--test-threads=1",
                    ])
                    .env("TIDINGS_TEST_FOLDER", &folder.posts)
                    .env("TIDINGS_TEST_CACHE", &folder.place.file)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut child in children {
            assert!(child.wait().expect("wait").success());
        }
        let (titles, used) = folder.load();
        assert_eq!(titles, folder.on_disk());
        assert!(used.valid && used.reused == 30, "{used:?}");
        let left: Vec<_> = std::fs::read_dir(folder.place.file.parent().expect("dir"))
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n.to_string_lossy().starts_with(".meta-"))
            .collect();
        assert!(left.is_empty(), "no temporary file is left: {left:?}");
    }
}
