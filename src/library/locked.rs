//! Files of what the reader keeps between runs (read marks, where it left off), rewritten under
//! a lock: the lock file beside the file (`flock(2)` on Unix) is held while the caller reads the
//! file again and merges its own changes into it, then the new contents are written whole to a
//! temporary file in the same directory and renamed over the old one, so a crash leaves either
//! the old or the new file, never half of one, and two processes lose none of each other's
//! changes.

use std::io::Write;
use std::path::Path;

/// Rewrites `file` with what `merge` gives, `merge` being called with the lock `lock_name`
/// (beside `file`) held, so it can read the file as it is now. Creates the directory if needed.
///
/// Errors: the directory cannot be made, the lock taken, `merge` fails, or the new file cannot
/// be written or renamed (the old one is then left as it was).
pub fn rewrite(
    file: &Path,
    lock_name: &str,
    merge: impl FnOnce() -> std::io::Result<Vec<u8>>,
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(lock_name))?;
    lock.lock()?;
    let bytes = merge()?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(test)]
    crash_point();
    tmp.persist(file).map_err(|e| e.error)?;
    // The lock is let go when `lock` is dropped.
    Ok(())
}

/// Where a rewrite stops, between writing the new file and renaming it into place, when a test
/// asks (a child process of the test binary, killed there).
#[cfg(test)]
fn crash_point() {
    if std::env::var_os("TIDINGS_TEST_CRASH_BEFORE_RENAME").is_some() {
        std::process::abort();
    }
}
