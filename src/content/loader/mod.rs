//! Finding post files under the paths a user gave, reading and decoding them, and building
//! [`Post`]s, in parallel, in batches a caller can show as they arrive.
//!
//! Folders are walked as ripgrep walks them (the `ignore` crate): hidden files and folders are
//! skipped, `.gitignore` and `.ignore` files are honoured (in a git repository or not), symbolic
//! links are followed and a link loop is reported instead of followed. Editor temporary files are
//! never posts (see [`is_editor_temp`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::tz::TimeZone;

use super::body::BodyBudget;
pub use super::read::LoadError;
use super::read::read_text;
use super::{FileStamp, Post, date};

mod cached;
pub use cached::{CacheUse, cache_place, cache_place_in, load_roots_cached};

/// File extensions read as posts (compared case-insensitively). `.txt` is included because
/// posts saved from the web, and the owner's seeds, are Markdown or text named `.txt`; `.mdx`
/// because Docusaurus, Astro and Next.js sites write their posts in it (see [`super::mdx`]).
pub const POST_EXTENSIONS: [&str; 4] = ["md", "markdown", "mdx", "txt"];

/// Files larger than this (bytes) are read only up to it, with a diagnostic.
pub const MAX_POST_BYTES: u64 = 8 * 1024 * 1024;

/// What counts as a post and how much of one is read: the config's `extensions`, `ignore` and
/// `max_post_bytes`, the same for every root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// File extensions read as posts, without the dot, compared case-insensitively.
    pub extensions: Vec<String>,
    /// Globs in `.gitignore` syntax, relative to each root folder, for files and folders that
    /// are never posts (on top of the folder's own `.gitignore` and `.ignore`).
    pub ignore: Vec<String>,
    /// A post is read up to this many bytes, with a diagnostic when it is longer.
    pub max_post_bytes: u64,
    /// How many bytes of bodies the session holds in memory (see [`BodyBudget`]): unlimited by
    /// default.
    pub bodies: Arc<BodyBudget>,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            extensions: POST_EXTENSIONS.iter().map(ToString::to_string).collect(),
            ignore: Vec::new(),
            max_post_bytes: MAX_POST_BYTES,
            bodies: Arc::new(BodyBudget::unlimited()),
        }
    }
}

impl Rules {
    /// Whether `path` names a post file: one of [`Rules::extensions`], not an editor temporary
    /// file.
    pub fn is_post_path(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|p| p.eq_ignore_ascii_case(e)))
            && !is_editor_temp(path)
    }
}

/// A path the user asked for: a folder read recursively, or one file.
#[derive(Debug, Clone)]
pub struct Root {
    /// Canonical (absolute, symlinks resolved), so it matches the paths the file watcher reports.
    pub path: PathBuf,
    pub is_dir: bool,
    /// The root folder's own `.gitignore` and `.ignore` rules, for files the watcher reports.
    ignore: Option<ignore::gitignore::Gitignore>,
    /// [`Rules::ignore`] as a matcher rooted at this folder.
    extra_ignore: Option<ignore::gitignore::Gitignore>,
    pub rules: Arc<Rules>,
    /// The root is an Obsidian vault or inside one (see [`in_vault`]): its notes are titled by
    /// their file names.
    pub vault: bool,
}

impl PartialEq for Root {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.is_dir == other.is_dir
    }
}

impl Eq for Root {}

impl Root {
    /// A root with the default [`Rules`].
    ///
    /// Errors: the path does not exist or cannot be read.
    pub fn new(path: &Path) -> Result<Root, LoadError> {
        Self::with_rules(path, Arc::default())
    }

    /// A root read by `rules`.
    ///
    /// Errors: the path does not exist or cannot be read.
    pub fn with_rules(path: &Path, rules: Arc<Rules>) -> Result<Root, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let canonical = path.canonicalize().map_err(io)?;
        let meta = std::fs::metadata(&canonical).map_err(io)?;
        Ok(Self::from_canonical(canonical, meta.is_dir(), rules))
    }

    /// A root for a path already known to be canonical (a folder the watcher saw appear).
    pub fn from_canonical(path: PathBuf, is_dir: bool, rules: Arc<Rules>) -> Root {
        let ignore = is_dir.then(|| {
            let mut builder = ignore::gitignore::GitignoreBuilder::new(&path);
            for name in [".gitignore", ".ignore"] {
                // A missing or unreadable ignore file just has no rules.
                let _ = builder.add(path.join(name));
            }
            builder.build().ok()
        });
        let extra_ignore = (is_dir && !rules.ignore.is_empty()).then(|| {
            let mut builder = ignore::gitignore::GitignoreBuilder::new(&path);
            for glob in &rules.ignore {
                // The config checked every glob when it was read.
                let _ = builder.add_line(None, glob);
            }
            builder.build().ok()
        });
        Root {
            vault: in_vault(&path),
            path,
            is_dir,
            ignore: ignore.flatten(),
            extra_ignore: extra_ignore.flatten(),
            rules,
        }
    }

    /// Whether `path` (under this root) is a post file: by [`Rules::is_post_path`], and not
    /// ignored (see [`Root::contains`]).
    pub fn is_post(&self, path: &Path) -> bool {
        self.rules.is_post_path(path) && self.contains(path)
    }

    /// Reads the post at `path` up to this root's [`Rules::max_post_bytes`] (see [`load_post`]).
    ///
    /// Errors: as [`load_post`].
    pub fn load(&self, path: &Path, zone: &TimeZone) -> Result<Post, LoadError> {
        load_by(path, zone, &self.rules, self.vault)
    }

    /// Whether a file at `path` belongs to this root: the root file itself, or a post file under
    /// the root folder that is not hidden, inside a hidden folder (`.git`, `.obsidian`...), an
    /// editor temporary file, or ignored by the root's `.gitignore`/`.ignore`.
    pub fn contains(&self, path: &Path) -> bool {
        if !self.is_dir {
            return path == self.path;
        }
        let Ok(rel) = path.strip_prefix(&self.path) else {
            return false;
        };
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let ignored = [&self.ignore, &self.extra_ignore]
            .into_iter()
            .flatten()
            .any(|rules| {
                rules
                    .matched_path_or_any_parents(rel, path.is_dir())
                    .is_ignore()
            });
        !hidden && !ignored && !is_editor_temp(path)
    }

    fn walker(&self) -> ignore::Walk {
        let mut builder = ignore::WalkBuilder::new(&self.path);
        builder
            .follow_links(true)
            .require_git(false)
            .git_global(false);
        if let Some(extra) = self.extra_ignore.clone() {
            builder.filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !extra.matched(entry.path(), is_dir).is_ignore()
            });
        }
        builder.build()
    }
}

/// Whether `path` names an editor's temporary or backup file: Vim's `*.swp`/`*.swo`/`*.swx`
/// and its `4913` write test, `*~` backups, Emacs's `#*#` autosaves and `.#*` locks, `*.tmp`,
/// JetBrains' `*___jb_tmp___`/`*___jb_old___` safe-write files. (Hidden files, such as Kate's
/// `.*.kate-swp` and gedit's `.goutputstream-*`, are skipped as hidden.)
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "4913"
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || [".swp", ".swo", ".swx", ".tmp"].iter().any(|ext| {
            // Compared as bytes, any case: no lower-cased copy of every name walked.
            let (name, ext) = (name.as_bytes(), ext.as_bytes());
            name.len() > ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
        })
}

/// Walks `root`, calling `on_file` for every post file (or the root file itself, whatever its
/// extension) in walk order, and `on_error` for what could not be walked.
fn walk(root: &Root, mut on_file: impl FnMut(PathBuf), mut on_error: impl FnMut(LoadError)) {
    if !root.is_dir {
        on_file(root.path.clone());
        return;
    }
    for entry in root.walker() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && root.rules.is_post_path(entry.path()) {
                    on_file(entry.into_path());
                }
            }
            Err(err) => on_error(walk_error(&root.path, &err)),
        }
    }
}

/// A walk error with the path it concerns, and a plain message for a link loop.
fn walk_error(root: &Path, err: &ignore::Error) -> LoadError {
    fn inner<'a>(err: &'a ignore::Error, path: &mut Option<&'a Path>) -> &'a ignore::Error {
        match err {
            ignore::Error::WithPath { path: p, err } => {
                *path = Some(p);
                inner(err, path)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner(err, path)
            }
            other => other,
        }
    }
    let mut path = None;
    let message = match inner(err, &mut path) {
        ignore::Error::Loop { child, .. } => {
            path = Some(child);
            "symbolic link loop, not followed".to_string()
        }
        ignore::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    };
    LoadError::Walk {
        path: path.unwrap_or(root).to_path_buf(),
        message,
    }
}

/// Every post file under `root` (or the root file itself, whatever its extension), in walk
/// order, and what could not be walked.
pub fn discover(root: &Root) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(root, |f| files.push(f), |e| errors.push(e));
    (files, errors)
}

/// Whether `path` (a file or folder) is in an Obsidian vault: it, or a folder above it, holds
/// the vault's `.obsidian/` folder. One `stat` per folder on the way up.
pub fn in_vault(path: &Path) -> bool {
    path.ancestors()
        .any(|folder| folder.join(".obsidian").is_dir())
}

/// Reads one post file: at most [`MAX_POST_BYTES`], invalid UTF-8 replaced (with a diagnostic),
/// dated by its modification time in `zone` when the front matter has no date; a note of an
/// Obsidian vault ([`in_vault`]) is titled by its file name.
///
/// Errors: the file cannot be read, or it is binary.
pub fn load_post(path: &Path, zone: &TimeZone) -> Result<Post, LoadError> {
    load_post_with(path, zone, MAX_POST_BYTES)
}

/// [`load_post`], reading at most `max_bytes`.
///
/// Errors: the file cannot be read, or it is binary.
pub fn load_post_with(path: &Path, zone: &TimeZone, max_bytes: u64) -> Result<Post, LoadError> {
    let vault = path.parent().is_some_and(in_vault);
    load(path, zone, max_bytes, &BodyBudget::unlimited(), vault)
}

/// [`load_post_with`] by `rules`, in a vault or not: the post's body is left on disk when the
/// session's [`Rules::bodies`] budget is spent.
fn load_by(path: &Path, zone: &TimeZone, rules: &Rules, vault: bool) -> Result<Post, LoadError> {
    load(path, zone, rules.max_post_bytes, &rules.bodies, vault)
}

/// Reads, decodes and parses the post at `path`; its body is held while `bodies` lasts. A post
/// [`Post::parse`] failed on keeps its body, as a second read would not give it back the same.
fn load(
    path: &Path,
    zone: &TimeZone,
    max_bytes: u64,
    bodies: &BodyBudget,
    vault: bool,
) -> Result<Post, LoadError> {
    let (text, meta, diagnostics) = read_text(path, max_bytes)?;
    let mut parsed = true;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| date::modified_date(t, zone));
    // A panic here is a bug in tidings; it costs this post its formatting, not the app.
    let mut post =
        crate::guard::per_post(|| Post::parse(path, text, modified)).unwrap_or_else(|why| {
            let mut bytes = Vec::new();
            if let Ok(file) = std::fs::File::open(path) {
                let _ = file.take(max_bytes).read_to_end(&mut bytes);
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            parsed = false;
            Post::unparsed(path, text, &why)
        });
    post.file = Some(FileStamp::of(&meta));
    post.diagnostics.extend(diagnostics);
    if vault {
        post.read_as_vault_note();
    }
    if parsed && !bodies.take(post.body.len()) {
        post.leave_body_on_disk(max_bytes);
    } else if post.body.len() > super::reading::COUNTED_AT_LOAD_BYTES {
        post.meta.reading = Some(super::reading::Reading::of(post.text()));
    }
    Ok(post)
}

/// Files read, with how each looked when it was read (see [`FileStamp`]).
pub type Stamps = foldhash::HashMap<std::sync::Arc<Path>, FileStamp>;

/// The files of one batch a load read and how each looked then: what [`Stamps`] are made of,
/// kept per batch while a load runs (hashing 100,000 paths into a map as they came held the
/// reader threads back, and one list grown to 100,000 entries left its old blocks behind).
pub type StampBatch = Vec<(std::sync::Arc<Path>, FileStamp)>;

/// The [`Stamps`] of a load's batches, later ones over earlier ones.
pub fn stamps_of(batches: Vec<StampBatch>) -> Stamps {
    let count = batches.iter().map(Vec::len).sum();
    let mut stamps = Stamps::with_capacity_and_hasher(count, Default::default());
    for batch in batches {
        stamps.extend(batch);
    }
    stamps
}

/// What [`load_roots`] reports as it goes.
#[derive(Debug)]
pub enum LoadUpdate {
    /// The walk has found this many post files so far; `finished` once it has found them all.
    Found { files: usize, finished: bool },
    /// The metadata cache holds this many posts (sent once, when it has been opened, and only
    /// with one): a start of a folder read before finds about as many, so room for them can be
    /// made at once.
    Expected { posts: usize },
    /// A batch of posts read, and the files (or folders) that could not be read. Each post is
    /// shared already, made so on the reader thread that read it (the store keeps `Arc<Post>`s,
    /// and putting 100,000 of them there was a copy of each on the UI thread).
    Batch {
        posts: Vec<Arc<Post>>,
        errors: Vec<LoadError>,
    },
}

/// Post files handed from the walk to the readers at a time.
const WALK_CHUNK: usize = 256;

/// The walk's progress is told every this many files (a multiple of [`WALK_CHUNK`]): each is a
/// frame of the reader's, and 400 frames over 100,000 files took a core from the readers.
const FOUND_EVERY: usize = 8 * WALK_CHUNK;

/// The first batch a reader sends is this small, so the list paints before a large folder is
/// read; later ones are `batch_size`.
const FIRST_BATCH: usize = 64;

/// Whether [`load_roots`] reads `roots` on the calling thread, in order, with no walk and no
/// reader threads: a few files given alone (a pager's use). Starting threads costs more than
/// reading them (on a virtual machine's idle core, a new thread ran ~0.4 ms after it was
/// started), so the reader loads these before it draws, on its own thread.
pub fn reads_in_place(roots: &[Root]) -> bool {
    roots.len() <= FIRST_BATCH && roots.iter().all(|root| !root.is_dir)
}

/// Walks `roots` and reads every post in them at once: the walk runs on the calling thread and
/// hands files to one reader thread per core as it finds them, so reading starts before a large
/// folder has been walked. `on_update` is called from those threads with progress and with each
/// batch of up to `batch_size` results. Returns when every file has been handed over.
pub fn load_roots<F>(roots: &[Root], zone: &TimeZone, batch_size: usize, on_update: F)
where
    F: Fn(LoadUpdate) + Sync,
{
    load_roots_cached(roots, zone, batch_size, None, on_update);
}

/// One reader's results waiting to be sent.
struct Batch {
    posts: Vec<Arc<Post>>,
    errors: Vec<LoadError>,
    limit: usize,
}

impl Batch {
    fn new(limit: usize) -> Self {
        Self {
            posts: Vec::new(),
            errors: Vec::new(),
            limit,
        }
    }

    fn push(&mut self, result: Result<Post, LoadError>) {
        match result {
            Ok(post) => self.posts.push(Arc::new(post)),
            Err(err) => self.errors.push(err),
        }
    }

    fn is_empty(&self) -> bool {
        self.posts.is_empty() && self.errors.is_empty()
    }

    fn is_full(&self) -> bool {
        self.posts.len() + self.errors.len() >= self.limit
    }

    /// The batch so far; the next one holds up to `next_limit`.
    fn take(&mut self, next_limit: usize) -> LoadUpdate {
        self.limit = next_limit.max(1);
        LoadUpdate::Batch {
            posts: std::mem::take(&mut self.posts),
            errors: std::mem::take(&mut self.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        path
    }

    #[test]
    fn stamps_of_batches_hold_every_file_the_later_stamp_winning() {
        let stamp = |bytes| FileStamp {
            modified: None,
            bytes,
            changed: None,
        };
        let (a, b): (Arc<Path>, Arc<Path>) =
            (Path::new("/p/a.md").into(), Path::new("/p/b.md").into());
        let stamps = stamps_of(vec![
            vec![(a.clone(), stamp(1)), (b.clone(), stamp(2))],
            vec![(a.clone(), stamp(3))],
        ]);
        assert_eq!(stamps.len(), 2);
        assert_eq!(stamps[&a].bytes, 3);
        assert_eq!(stamps[&b].bytes, 2);
    }

    #[test]
    fn discovers_post_files_recursively_and_skips_hidden_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.md", b"a");
        write(dir.path(), "2024/06/b.txt", b"b");
        write(dir.path(), "c.MARKDOWN", b"c");
        write(dir.path(), "image.png", b"x");
        write(dir.path(), ".git/d.md", b"d");
        let root = Root::new(dir.path()).expect("root");
        let (mut files, errors) = discover(&root);
        files.sort();
        let names: Vec<_> = files
            .iter()
            .map(|f| {
                f.strip_prefix(&root.path)
                    .expect("under root")
                    .to_path_buf()
            })
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("2024/06/b.txt"),
                PathBuf::from("a.md"),
                PathBuf::from("c.MARKDOWN")
            ]
        );
        assert!(errors.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "sub/a.md", b"a");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).expect("symlink");
        let root = Root::new(dir.path()).expect("root");
        let (files, errors) = discover(&root);
        assert_eq!(files.len(), 1);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("loop"), "{}", errors[0]);
    }

    #[test]
    fn a_file_gone_or_unreadable_between_listing_and_reading_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Root::new(dir.path()).expect("root");
        for name in ["gone.md", "locked.md", "kept.md"] {
            std::fs::write(root.path.join(name), "# Post\n").expect("write");
        }
        let (files, _) = discover(&root);
        assert_eq!(files.len(), 3);
        std::fs::remove_file(root.path.join("gone.md")).expect("remove");
        let locked = root.path.join("locked.md");
        std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000))
            .expect("chmod");
        // Root reads anything: only a user other than root sees the permission error.
        let as_root = std::fs::read(&locked).is_ok();
        let results: Vec<_> = files
            .iter()
            .map(|f| {
                (
                    f.file_name().map(|n| n.to_owned()),
                    root.load(f, &TimeZone::UTC),
                )
            })
            .collect();
        for (name, result) in &results {
            let name = name.as_ref().and_then(|n| n.to_str()).unwrap_or_default();
            match name {
                "gone.md" => assert!(matches!(result, Err(LoadError::Io { .. })), "{result:?}"),
                "locked.md" if !as_root => {
                    assert!(matches!(result, Err(LoadError::Io { .. })), "{result:?}")
                }
                _ => assert!(result.is_ok(), "{name}: {result:?}"),
            }
        }
    }

    #[test]
    fn binary_file_is_skipped_with_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "bin.md", b"PK\x03\x04\x00\x00data");
        let err = load_post(&path, &TimeZone::UTC).expect_err("binary");
        assert!(matches!(err, LoadError::Binary { .. }));
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_diagnostic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "bad.md", b"# Caf\xe9 menu\n\ntext\n");
        let post = load_post(&path, &TimeZone::UTC).expect("loads");
        assert_eq!(post.title, "Caf\u{fffd} menu");
        assert_eq!(post.diagnostics.len(), 1);
        assert!(post.diagnostics[0].message.contains("UTF-8"));
    }

    #[test]
    fn bodies_are_held_while_the_budget_lasts_and_the_rest_stay_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let body = "x".repeat(99) + "\n";
        for i in 0..20 {
            write(
                dir.path(),
                &format!("p{i:02}.md"),
                format!("# P{i:02}\n{body}").as_bytes(),
            );
        }
        let budget = Arc::new(BodyBudget::new(7 * 106 + 50));
        let rules = Arc::new(Rules {
            bodies: Arc::clone(&budget),
            ..Rules::default()
        });
        let root = Root::with_rules(dir.path(), rules).expect("root");
        let posts = Mutex::new(Vec::new());
        load_roots(std::slice::from_ref(&root), &TimeZone::UTC, 8, |update| {
            if let LoadUpdate::Batch { posts: batch, .. } = update {
                posts.lock().expect("lock").extend(batch);
            }
        });
        let posts = posts.into_inner().expect("lock");
        assert_eq!(posts.len(), 20);
        let held = posts.iter().filter(|p| p.body.held().is_some()).count();
        assert_eq!(held, 7, "each body is 106 bytes");
        for post in &posts {
            assert_eq!(post.body.len(), 106);
            assert!(post.read_body().expect("read").ends_with(&body));
            let reading = crate::content::reading::Reading::of_post(post);
            assert_eq!(reading.words, 2, "counted either way");
        }
        // The watcher's reads spend the same budget.
        let again = root
            .load(&dir.path().join("p00.md"), &TimeZone::UTC)
            .expect("load");
        assert!(again.body.held().is_none());
    }

    #[test]
    fn loads_every_file_in_batches_while_walking() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..300 {
            write(
                dir.path(),
                &format!("d{}/p{i}.md", i % 7),
                format!("# Post {i}\n").as_bytes(),
            );
        }
        write(dir.path(), "bin.md", b"\x00\x01");
        let root = Root::new(dir.path()).expect("root");
        let seen = Mutex::new((Vec::new(), 0usize, 0usize, None));
        load_roots(&[root], &TimeZone::UTC, 50, |update| {
            let mut seen = seen.lock().expect("lock");
            match update {
                LoadUpdate::Batch { posts, errors } => {
                    seen.0.extend(posts.into_iter().map(|p| p.title.clone()));
                    seen.1 += errors.len();
                    seen.2 += 1;
                }
                LoadUpdate::Found { files, finished } => {
                    if finished {
                        seen.3 = Some(files);
                    }
                }
                LoadUpdate::Expected { .. } => panic!("no cache, so nothing expected"),
            }
        });
        let (titles, errors, batches, found) = seen.into_inner().expect("lock");
        assert_eq!(titles.len(), 300);
        assert_eq!(errors, 1);
        assert_eq!(found, Some(301));
        assert!(batches >= 6, "{batches} batches");
    }

    #[test]
    fn editor_temp_files_are_never_posts() {
        for name in [
            "post.md.swp",
            ".post.md.swp",
            "post.md~",
            "#post.md#",
            ".#post.md",
            "4913",
            "post.md.tmp",
            "post.tmp.md~",
            "post.md___jb_tmp___",
            "post.md___jb_old___",
            "POST.MD.SWP",
            "заметка.md.Tmp",
        ] {
            assert!(is_editor_temp(Path::new(name)), "{name}");
            assert!(!Rules::default().is_post_path(Path::new(name)), "{name}");
        }
        for name in ["post.md", "notes.txt", "swp.md", "tmp.md", "#1.md", "ёж.md"] {
            assert!(Rules::default().is_post_path(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn gitignored_and_hidden_files_are_skipped_in_walks_and_watches() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), ".gitignore", b"drafts/\n*.draft.md\n");
        write(dir.path(), "a.md", b"a");
        write(dir.path(), "drafts/b.md", b"b");
        write(dir.path(), "c.draft.md", b"c");
        write(dir.path(), ".hidden.md", b"d");
        let root = Root::new(dir.path()).expect("root");
        let (files, errors) = discover(&root);
        assert_eq!(files, [root.path.join("a.md")]);
        assert!(errors.is_empty());
        assert!(root.contains(&root.path.join("a.md")));
        assert!(!root.contains(&root.path.join("drafts/b.md")));
        assert!(!root.contains(&root.path.join("c.draft.md")));
        assert!(!root.contains(&root.path.join(".hidden.md")));
        assert!(!root.contains(&root.path.join("a.md.swp")));
    }

    #[test]
    fn file_over_the_size_limit_is_cut_with_diagnostic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut text = String::from("# Big\n\n");
        let line = "Пример текста, который повторяется много раз. 中文字符\n";
        while text.len() < 10 * 1024 * 1024 {
            text.push_str(line);
        }
        let path = write(dir.path(), "big.md", text.as_bytes());
        let post = load_post(&path, &TimeZone::UTC).expect("loads");
        assert_eq!(post.title, "Big");
        assert!(post.body.len() <= MAX_POST_BYTES as usize);
        assert!(post.body.len() > MAX_POST_BYTES as usize - 16);
        let messages: Vec<&str> = post
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("only the first"), "{messages:?}");
    }

    #[test]
    fn root_file_is_its_own_only_post() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "notes.text", b"hello");
        let root = Root::new(&path).expect("root");
        assert!(!root.is_dir);
        assert_eq!(discover(&root).0, vec![root.path.clone()]);
        assert!(root.contains(&root.path));
        assert!(!root.contains(&dir.path().join("other.md")));
    }
}
