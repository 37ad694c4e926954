//! Where search indexes are kept, and how old ones go: each set of folders has its own index
//! in the platform's cache directory; indexes not used for [`UNUSED_DAYS`] days, and those of
//! other index formats, are removed when an index is opened.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::index::FORMAT;

/// An index not written for this many days is removed (its folders were not opened since).
pub const UNUSED_DAYS: u64 = 30;

/// Where the index of the posts under `roots` is kept: the platform cache directory
/// (`$XDG_CACHE_HOME/tidings` on Linux), `search-FORMAT/`, then a hash of the roots' full
/// paths, so each set of folders has its own. `None` when there are no roots (the built-in
/// samples) or the platform has no cache directory: the index is then kept in memory.
pub fn cache_dir(roots: &[PathBuf]) -> Option<PathBuf> {
    if roots.is_empty() {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    for root in roots {
        std::fs::canonicalize(root)
            .unwrap_or_else(|_| root.clone())
            .hash(&mut hasher);
    }
    let dirs = directories::ProjectDirs::from("", "", "tidings")?;
    Some(
        dirs.cache_dir()
            .join(format!("search-{FORMAT}"))
            .join(format!("{:016x}", hasher.finish())),
    )
}

/// Removes, beside the index folder `dir` (one [`cache_dir`] gave), the indexes not written
/// for [`UNUSED_DAYS`] days, and the folders of other index formats (`search-v1/`). Only
/// folders tidings made are touched; what cannot be removed is left. Returns how many went.
pub fn prune(dir: &Path) -> usize {
    let (Some(format_dir), now) = (dir.parent(), SystemTime::now()) else {
        return 0;
    };
    let mut removed = 0;
    let max_age = Duration::from_secs(UNUSED_DAYS * 24 * 60 * 60);
    if let Ok(entries) = std::fs::read_dir(format_dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let ours = name.len() == 16
                && name
                    .to_string_lossy()
                    .chars()
                    .all(|c| c.is_ascii_hexdigit());
            if path == dir || !ours {
                continue;
            }
            // tantivy writes meta.json at every commit: its time is the index's last use.
            let written = std::fs::metadata(path.join("meta.json"))
                .or_else(|_| entry.metadata())
                .and_then(|m| m.modified());
            let old = written.is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > max_age));
            if old && std::fs::remove_dir_all(&path).is_ok() {
                removed += 1;
            }
        }
    }
    if let Some(cache) = format_dir.parent()
        && let Ok(entries) = std::fs::read_dir(cache)
    {
        let current = format!("search-{FORMAT}");
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("search-")
                && name != current
                && std::fs::remove_dir_all(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_indexes_and_other_formats_go_and_the_rest_stay() {
        let cache = tempfile::tempdir().expect("tempdir");
        let format_dir = cache.path().join(format!("search-{FORMAT}"));
        let (mine, fresh, stale) = (
            format_dir.join("00000000000000aa"),
            format_dir.join("00000000000000bb"),
            format_dir.join("00000000000000cc"),
        );
        let not_ours = format_dir.join("notes");
        let old_format = cache.path().join("search-v1").join("00000000000000dd");
        for dir in [&mine, &fresh, &stale, &not_ours, &old_format] {
            std::fs::create_dir_all(dir).expect("mkdir");
            std::fs::write(dir.join("meta.json"), "{}").expect("write");
        }
        let long_ago = SystemTime::now() - Duration::from_secs((UNUSED_DAYS + 1) * 24 * 60 * 60);
        for dir in [&stale, &not_ours] {
            std::fs::File::options()
                .write(true)
                .open(dir.join("meta.json"))
                .and_then(|f| f.set_modified(long_ago))
                .expect("age it");
        }
        assert_eq!(prune(&mine), 2);
        assert!(mine.exists() && fresh.exists() && not_ours.exists());
        assert!(!stale.exists());
        assert!(!cache.path().join("search-v1").exists());
    }
}
