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

/// The app with every post of `dir` loaded, as after start-up, in a `width`x`height`
/// terminal, and the effects the end of the load asked for (the store sent to the search
/// index among them).
#[allow(dead_code)]
pub fn loaded_app(
    dir: &Path,
    width: u16,
    height: u16,
) -> Option<(tidings::app::AppState, Vec<tidings::app::Effect>)> {
    use tidings::app::{AppState, Event, update};
    let root = tidings::content::loader::Root::new(dir).ok()?;
    let (tx, rx) = tidings::runtime::event::channel();
    let loader = tidings::runtime::load::spawn_loader(vec![root], tx, None, None);
    let mut state = AppState::new(tidings::theme::Theme::dark());
    state.session.today = "2024-12-31".parse().ok()?;
    update(&mut state, Event::Resize { width, height });
    let (mut posts, mut errors) = (Vec::new(), Vec::new());
    for event in rx {
        match event {
            Event::Loaded {
                posts: more,
                errors: failed,
            } => {
                posts.extend(more);
                errors.extend(failed);
            }
            Event::LoadFinished => break,
            _ => {}
        }
    }
    update(&mut state, Event::Loaded { posts, errors });
    let _ = loader.join();
    let effects = update(&mut state, Event::LoadFinished);
    Some((state, effects))
}
