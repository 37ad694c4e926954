//! Folders of generated posts for the benchmarks, made by `../shared/tools/gen_corpus.py` into
//! `target/bench-corpora/NAME` on first use and kept (a hidden `.complete` marker, outside the
//! folder's walk, says the generator finished).

use std::path::{Path, PathBuf};
use std::process::Command;

/// `target/bench-corpora/name`, generated with `args` (after the output folder) if it is not
/// there yet; `None`, with a message, when the generator is absent or fails.
pub fn generated(name: &str, args: &[&str]) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("target/bench-corpora").join(name);
    if dir.join(".complete").exists() {
        return Some(dir);
    }
    let tool = manifest.join("../shared/tools/gen_corpus.py");
    if !tool.exists() {
        eprintln!("skipping: {} not found", tool.display());
        return None;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let made = Command::new("python3")
        .arg(&tool)
        .arg(&dir)
        .args(args)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipping: {} failed", tool.display());
        return None;
    }
    std::fs::write(dir.join(".complete"), b"").ok()?;
    Some(dir)
}
