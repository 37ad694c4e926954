//! One copy of each helper the integration tests share: where the fixtures are, the folder
//! beside the project (`../shared`) and skipping a check when it is missing, and a screen as
//! text. Each test crate uses some of them.
#![allow(dead_code)]

use std::path::PathBuf;

/// The repository's top folder.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Our own fixture posts (`tests/fixtures/posts`).
pub fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures/posts")
}

/// `rel` under `../shared` beside the project, if this machine has it; otherwise `None`, with a
/// note that the check is skipped (the owner's seeds and the public corpora are not in the
/// repository).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = manifest_dir().join("../shared").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "note: {} is not here; this check is skipped",
            path.display()
        );
        None
    }
}

/// The screen's text, one row per line (see `tidings::app::ui::screen_text`), each row's
/// trailing spaces trimmed.
pub fn trimmed_text(buffer: &ratatui::buffer::Buffer) -> String {
    tidings::app::ui::screen_text(buffer)
        .lines()
        .map(|row| format!("{}\n", row.trim_end()))
        .collect()
}

/// `store` with every post's body held, as the reader holds the post it shows (the command
/// line's load leaves them on disk).
pub fn with_bodies(store: &tidings::library::store::Store) -> tidings::library::store::Store {
    tidings::library::store::Store::from_shared(
        store
            .snapshot()
            .into_iter()
            .map(|post| std::sync::Arc::new(post.with_body_held().expect("its body"))),
    )
}
