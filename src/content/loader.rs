//! Finding post files under the paths a user gave, reading and decoding them, and building
//! [`Post`]s, in parallel, in batches a caller can show as they arrive.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::tz::TimeZone;

use super::{Diagnostic, Post, date};

/// File extensions read as posts (compared case-insensitively). `.txt` is included because
/// posts saved from the web, and the owner's seeds, are Markdown or text named `.txt`.
pub const POST_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// Files larger than this (bytes) are read only up to it, with a diagnostic.
pub const MAX_POST_BYTES: u64 = 8 * 1024 * 1024;

/// How many leading bytes are searched for a NUL to tell a binary file (the same test as git's).
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Why a file or folder could not be read at all. Each carries the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: binary file (a NUL byte in the first 8 KiB), skipped", path.display())]
    Binary { path: PathBuf },
    #[error("{}: {message}", path.display())]
    Walk { path: PathBuf, message: String },
}

/// A path the user asked for: a folder read recursively, or one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// Canonical (absolute, symlinks resolved), so it matches the paths the file watcher reports.
    pub path: PathBuf,
    pub is_dir: bool,
}

impl Root {
    /// Errors: the path does not exist or cannot be read.
    pub fn new(path: &Path) -> Result<Root, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let canonical = path.canonicalize().map_err(io)?;
        let meta = std::fs::metadata(&canonical).map_err(io)?;
        Ok(Root {
            path: canonical,
            is_dir: meta.is_dir(),
        })
    }

    /// Whether a file at `path` belongs to this root: the root file itself, or a post file under
    /// the root folder that is not inside a hidden folder (`.git`, `.obsidian`...).
    pub fn contains(&self, path: &Path) -> bool {
        if !self.is_dir {
            return path == self.path;
        }
        match path.strip_prefix(&self.path) {
            Ok(rel) => !rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.')),
            Err(_) => false,
        }
    }
}

/// Whether `path` has one of the [`POST_EXTENSIONS`].
pub fn is_post_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POST_EXTENSIONS.iter().any(|p| p.eq_ignore_ascii_case(e)))
}

/// Every post file under `root` (or the root file itself, whatever its extension), in walk
/// order. Hidden folders are skipped; symbolic links are followed, and a link loop is reported
/// as an error, not followed.
pub fn discover(root: &Root) -> (Vec<PathBuf>, Vec<LoadError>) {
    if !root.is_dir {
        return (vec![root.path.clone()], Vec::new());
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let walk = walkdir::WalkDir::new(&root.path)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_post_path(entry.path()) => {
                files.push(entry.into_path());
            }
            Ok(_) => {}
            Err(err) => errors.push(LoadError::Walk {
                path: err.path().unwrap_or(&root.path).to_path_buf(),
                message: match err.loop_ancestor() {
                    Some(_) => "symbolic link loop, not followed".to_string(),
                    None => err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string()),
                },
            }),
        }
    }
    (files, errors)
}

/// Reads one post file: at most [`MAX_POST_BYTES`], invalid UTF-8 replaced (with a diagnostic),
/// dated by its modification time in `zone` when the front matter has no date.
///
/// Errors: the file cannot be read, or it is binary.
pub fn load_post(path: &Path, zone: &TimeZone) -> Result<Post, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_POST_BYTES) as usize);
    file.take(MAX_POST_BYTES)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(LoadError::Binary {
            path: path.to_path_buf(),
        });
    }
    let mut diagnostics = Vec::new();
    if meta.len() > MAX_POST_BYTES {
        diagnostics.push(Diagnostic {
            line: None,
            message: format!(
                "the file is {} bytes; only the first {MAX_POST_BYTES} are shown",
                meta.len()
            ),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let bytes = err.into_bytes();
            // A cut at the size limit may split a character; that is not the file's fault.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let bad = text.matches('\u{fffd}').count();
            diagnostics.push(Diagnostic {
                line: None,
                message: format!("not valid UTF-8: {bad} invalid sequence(s) shown as \u{fffd}"),
            });
            text
        }
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| date::modified_date(t, zone));
    let mut post = Post::parse(path, &text, modified);
    post.diagnostics.extend(diagnostics);
    Ok(post)
}

/// Loads `files` on every core, calling `on_batch` from the worker threads with each batch of
/// up to `batch_size` results as it is ready (so a caller can show progress). Returns when every
/// file has been handed over.
pub fn load_files<F>(files: &[PathBuf], zone: &TimeZone, batch_size: usize, on_batch: F)
where
    F: Fn(Vec<Post>, Vec<LoadError>) + Sync,
{
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().max(1));
    let batch_size = batch_size.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut posts = Vec::new();
                let mut errors = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    match load_post(path, zone) {
                        Ok(post) => posts.push(post),
                        Err(err) => errors.push(err),
                    }
                    if posts.len() + errors.len() >= batch_size {
                        on_batch(std::mem::take(&mut posts), std::mem::take(&mut errors));
                    }
                }
                if !posts.is_empty() || !errors.is_empty() {
                    on_batch(posts, errors);
                }
            });
        }
    });
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
    fn loads_every_file_in_batches() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut files = Vec::new();
        for i in 0..25 {
            files.push(write(
                dir.path(),
                &format!("p{i}.md"),
                format!("# Post {i}\n").as_bytes(),
            ));
        }
        files.push(dir.path().join("missing.md"));
        let seen = Mutex::new((Vec::new(), 0usize, 0usize));
        load_files(&files, &TimeZone::UTC, 4, |posts, errors| {
            let mut seen = seen.lock().expect("lock");
            seen.0.extend(posts.into_iter().map(|p| p.title));
            seen.1 += errors.len();
            seen.2 += 1;
        });
        let (mut titles, errors, batches) = seen.into_inner().expect("lock");
        titles.sort();
        assert_eq!(titles.len(), 25);
        assert_eq!(errors, 1);
        assert!(batches >= 7, "{batches} batches");
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
