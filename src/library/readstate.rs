//! Which posts the reader has read, kept between runs in the platform data directory
//! (`directories`: `$XDG_DATA_HOME/tidings/read` on Linux), never beside the posts.
//!
//! A post's key is its path relative to the folder it was found in, a tab, and its title, so
//! the same folder opened from another place (or moved) keeps its read marks, and a post whose
//! title is rewritten counts as new. The file is one key per line, UTF-8, written whole to a
//! temporary file in the same directory and renamed over the old one, so a crash leaves either
//! the old or the new list, never half of one.
//!
//! Several tidings may run at once on the same folders: each save takes a lock (`read.lock`
//! beside the file, `flock(2)` on Unix), reads the file again, and replays over it only the
//! marks this process set or cleared since, so no one's marks are lost.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::content::Post;

/// The file name inside the data directory.
const FILE_NAME: &str = "read";

/// The lock file beside it, held while a save reads, merges and writes.
const LOCK_NAME: &str = "read.lock";

#[derive(Debug, Error)]
pub enum ReadStateError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The keys of the posts read, and where they are kept (`None`: only in memory).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadState {
    keys: HashSet<String>,
    /// The marks set (`true`) or cleared (`false`) here since the last save: replayed over the
    /// file as it is when saving, so marks another tidings saved meanwhile are kept.
    changes: HashMap<String, bool>,
    file: Option<PathBuf>,
}

/// The data directory's read-state file for this user, if the platform has a home directory.
pub fn default_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tidings").map(|d| d.data_dir().join(FILE_NAME))
}

/// The stable key of `post` found under `root` (a folder, or the file itself): the path
/// relative to the folder, a tab, and the title. Control characters become spaces, so the key is
/// one line.
pub fn post_key(root: Option<&Path>, post: &Post) -> String {
    let relative = root
        .and_then(|r| post.path.strip_prefix(r).ok())
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| post.path.file_name().map(Path::new))
        .unwrap_or(&post.path);
    let line = |text: &str| text.replace(char::is_control, " ");
    format!(
        "{}\t{}",
        line(&relative.display().to_string()),
        line(&post.title)
    )
}

impl ReadState {
    /// Read state kept only in memory.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Loads the list kept in `file`; a missing file is an empty list.
    ///
    /// Errors: the file exists but cannot be read (the state is then empty, and saving is
    /// still attempted to the same place).
    pub fn load(file: PathBuf) -> (Self, Option<ReadStateError>) {
        let mut state = Self {
            file: Some(file.clone()),
            ..Self::default()
        };
        match read_keys(&file) {
            Ok(keys) => {
                state.keys = keys;
                (state, None)
            }
            Err(source) => (state, Some(ReadStateError::Io { path: file, source })),
        }
    }

    pub fn is_read(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// Marks the post read or unread; `true` if that changed anything.
    pub fn set(&mut self, key: String, read: bool) -> bool {
        let changed = if read {
            self.keys.insert(key.clone())
        } else {
            self.keys.remove(&key)
        };
        if changed {
            self.changes.insert(key, read);
        }
        changed
    }

    /// Number of posts marked read.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Writes the list to its file atomically (a temporary file in the same directory, renamed
    /// over it), creating the directory if needed, under the lock: the file is read again and
    /// this process's marks since the last save are replayed over it, so marks saved by another
    /// tidings meanwhile are kept (and now known here too). Nothing happens for an in-memory
    /// state.
    ///
    /// Errors: the directory cannot be made, the lock taken, or the file read, written or
    /// renamed; the marks not saved stay to be saved next time.
    pub fn save(&mut self) -> Result<(), ReadStateError> {
        let Some(file) = self.file.clone() else {
            return Ok(());
        };
        let mut merged = None;
        let changes = &self.changes;
        let written = super::locked::rewrite(&file, LOCK_NAME, || {
            let mut keys = read_keys(&file)?;
            for (key, read) in changes {
                if *read {
                    keys.insert(key.clone());
                } else {
                    keys.remove(key);
                }
            }
            let mut sorted: Vec<&String> = keys.iter().collect();
            sorted.sort();
            let mut bytes = Vec::new();
            for key in sorted {
                writeln!(bytes, "{key}")?;
            }
            merged = Some(keys);
            Ok(bytes)
        });
        written.map_err(|source| ReadStateError::Io {
            path: file.clone(),
            source,
        })?;
        self.keys = merged.unwrap_or_default();
        self.changes.clear();
        Ok(())
    }
}

/// The keys in `file`, one per line; none when it does not exist.
fn read_keys(file: &Path) -> std::io::Result<HashSet<String>> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(HashSet::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;

    #[test]
    fn key_is_the_path_under_the_folder_and_the_title() {
        let p = post("/home/me/blog/2024/x.md", "Hello\tworld", "", "", "body\n");
        assert_eq!(
            post_key(Some(Path::new("/home/me/blog")), &p),
            "2024/x.md\tHello world"
        );
        let moved = post("/mnt/copy/blog/2024/x.md", "Hello\tworld", "", "", "body\n");
        assert_eq!(
            post_key(Some(Path::new("/mnt/copy/blog")), &moved),
            post_key(Some(Path::new("/home/me/blog")), &p)
        );
        // A file opened by itself is keyed by its name.
        assert_eq!(
            post_key(Some(Path::new("/home/me/blog/2024/x.md")), &p),
            "x.md\tHello world"
        );
    }

    #[test]
    fn saved_state_loads_back_and_the_write_is_atomic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("deep/tidings/read");
        let (mut state, err) = ReadState::load(file.clone());
        assert!(err.is_none() && state.is_empty());
        assert!(state.set("a.md\tA".into(), true));
        assert!(!state.set("a.md\tA".into(), true));
        state.set("b.md\tB".into(), true);
        state.set("b.md\tB".into(), false);
        state.save().expect("saved");
        let (again, err) = ReadState::load(file.clone());
        assert!(err.is_none());
        assert!(again.is_read("a.md\tA") && !again.is_read("b.md\tB"));
        assert_eq!(again.len(), 1);
        let left: Vec<_> = std::fs::read_dir(file.parent().expect("dir"))
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .filter(|name| name != LOCK_NAME)
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
    }

    /// Runs one test of this binary in a child process with `env` set, and returns whether it
    /// exited successfully.
    fn child(test: &str, env: &[(&str, &str)]) -> std::process::Child {
        let exe = std::env::current_exe().expect("the test binary");
        let mut command = std::process::Command::new(exe);
        command
            .args([
                test,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        command.spawn().expect("spawn the test binary")
    }

    /// In a child process: marks `TIDINGS_TEST_MARKS` posts read in the file
    /// `TIDINGS_TEST_READ_FILE`, saving after each mark as the app does, keys prefixed
    /// `TIDINGS_TEST_PREFIX`.
    #[test]
    #[ignore = "run as a child process by the tests below"]
    fn child_marks_posts_read() {
        let (Some(file), Some(prefix)) = (
            std::env::var_os("TIDINGS_TEST_READ_FILE"),
            std::env::var("TIDINGS_TEST_PREFIX").ok(),
        ) else {
            return;
        };
        let marks: usize = std::env::var("TIDINGS_TEST_MARKS")
            .ok()
            .and_then(|m| m.parse().ok())
            .unwrap_or(1);
        let (mut state, _) = ReadState::load(PathBuf::from(file));
        for n in 0..marks {
            state.set(format!("{prefix}/{n:04}.md\tPost {n}"), true);
            state.save().expect("saved");
        }
    }

    #[test]
    fn two_processes_marking_at_once_lose_none_of_the_marks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("read");
        let file_arg = file.to_str().expect("utf-8 path");
        let name = "library::readstate::tests::child_marks_posts_read";
        let mut children: Vec<_> = ["one", "two"]
            .into_iter()
            .map(|prefix| {
                child(
                    name,
                    &[
                        ("TIDINGS_TEST_READ_FILE", file_arg),
                        ("TIDINGS_TEST_PREFIX", prefix),
                        ("TIDINGS_TEST_MARKS", "1000"),
                    ],
                )
            })
            .collect();
        for child in &mut children {
            assert!(child.wait().expect("wait").success());
        }
        let (state, err) = ReadState::load(file);
        assert!(err.is_none());
        assert_eq!(state.len(), 2000, "every mark of both processes is kept");
        assert!(state.is_read("one/0999.md\tPost 999") && state.is_read("two/0000.md\tPost 0"));
    }

    #[test]
    fn a_crash_between_the_write_and_the_rename_leaves_the_old_list_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("read");
        let (mut state, _) = ReadState::load(file.clone());
        state.set("before.md\tBefore".into(), true);
        state.save().expect("saved");
        let before = std::fs::read(&file).expect("read");
        let file_arg = file.to_str().expect("utf-8 path");
        let mut crashed = child(
            "library::readstate::tests::child_marks_posts_read",
            &[
                ("TIDINGS_TEST_READ_FILE", file_arg),
                ("TIDINGS_TEST_PREFIX", "crash"),
                ("TIDINGS_TEST_CRASH_BEFORE_RENAME", "1"),
            ],
        );
        let status = crashed.wait().expect("wait");
        assert!(
            !status.success(),
            "the child was stopped at the crash point"
        );
        assert_eq!(
            std::fs::read(&file).expect("read"),
            before,
            "the old list, whole"
        );
        // The lock died with the process: the next save goes through.
        state.set("after.md\tAfter".into(), true);
        state.save().expect("saved after the crash");
        let (again, _) = ReadState::load(file);
        assert!(again.is_read("before.md\tBefore") && again.is_read("after.md\tAfter"));
        assert!(!again.is_read("crash/0000.md\tPost 0"));
    }
}
