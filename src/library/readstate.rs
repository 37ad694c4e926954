//! Which posts the reader has read, kept between runs in the platform data directory
//! (`directories`: `$XDG_DATA_HOME/tidings/read` on Linux), never beside the posts.
//!
//! A post's key is its path relative to the folder it was found in, a tab, and its title, so
//! the same folder opened from another place (or moved) keeps its read marks, and a post whose
//! title is rewritten counts as new. The file is one key per line, UTF-8, written whole to a
//! temporary file in the same directory and renamed over the old one, so a crash leaves either
//! the old or the new list, never half of one.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::content::Post;

/// The file name inside the data directory.
const FILE_NAME: &str = "read";

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
            keys: HashSet::new(),
            file: Some(file.clone()),
        };
        match std::fs::read(&file) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                state.keys = text
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                (state, None)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (state, None),
            Err(source) => (state, Some(ReadStateError::Io { path: file, source })),
        }
    }

    pub fn is_read(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// Marks the post read or unread; `true` if that changed anything.
    pub fn set(&mut self, key: String, read: bool) -> bool {
        if read {
            self.keys.insert(key)
        } else {
            self.keys.remove(&key)
        }
    }

    /// Number of posts marked read.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Writes the list to its file atomically (a temporary file in the same directory, renamed
    /// over it), creating the directory if needed. Nothing happens for an in-memory state.
    ///
    /// Errors: the directory cannot be made, or the file cannot be written or renamed.
    pub fn save(&self) -> Result<(), ReadStateError> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let io = |source| ReadStateError::Io {
            path: file.clone(),
            source,
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut keys: Vec<&String> = self.keys.iter().collect();
        keys.sort();
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        for key in keys {
            writeln!(tmp, "{key}").map_err(io)?;
        }
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(file).map_err(|e| io(e.error))?;
        Ok(())
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
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
