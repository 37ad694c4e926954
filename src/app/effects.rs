//! Doing what `update` asked for outside the state ([`Effect`]): opening a URL, copying to the
//! clipboard, handing the terminal to the editor, saving the read state. Each failure becomes a
//! notice; none stops the app.

use std::path::Path;

use ratatui::DefaultTerminal;

use super::action::{Action, Effect};
use super::state::AppState;
use super::update::apply;
use crate::content::loader;
use crate::library::store::Change;
use crate::runtime::event::InputReader;

/// Does every effect `state` has queued, in order, then brings the state up to date with what
/// they changed (a re-read post, a notice).
pub fn perform_all(terminal: &mut DefaultTerminal, state: &mut AppState, input: &InputReader) {
    if state.effects.is_empty() {
        return;
    }
    for effect in std::mem::take(&mut state.effects) {
        let notice = match effect {
            Effect::OpenUrl(url) => open::that_detached(&url)
                .err()
                .map(|e| format!("Could not open {url}: {e}")),
            Effect::Copy(text) => crate::runtime::terminal::copy_to_clipboard(&text)
                .err()
                .map(|e| format!("Could not copy: {e}")),
            Effect::SaveReadState => state
                .read
                .save()
                .err()
                .map(|e| format!("Could not save the read state: {e}")),
            Effect::Edit(path) => edit(terminal, state, input, &path),
        };
        if let Some(notice) = notice {
            apply(state, Action::Notice(notice));
        }
    }
    state.sync();
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`, as git and crontab choose it.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Suspends the app, runs the editor on `path` until it exits, takes the terminal back, and
/// reads the post again (so the change shows even without the file watcher). The editor runs
/// through `sh -c`, as git runs it, so `EDITOR="code --wait"` works.
fn edit(
    terminal: &mut DefaultTerminal,
    state: &mut AppState,
    input: &InputReader,
    path: &Path,
) -> Option<String> {
    let editor = editor();
    input.pause();
    crate::runtime::terminal::restore();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status();
    let resumed = crate::runtime::terminal::resume(terminal);
    input.resume();
    if let Err(e) = resumed {
        return Some(format!("Could not take the terminal back: {e}"));
    }
    let zone = jiff::tz::TimeZone::system();
    let (changes, errors) = match loader::load_post_with(path, &zone, state.rules.max_post_bytes) {
        Ok(post) => (vec![Change::Upsert(Box::new(post))], Vec::new()),
        Err(err) => (Vec::new(), vec![err]),
    };
    apply(state, Action::Changed { changes, errors });
    match status {
        Ok(s) if s.success() => None,
        Ok(s) => Some(format!("{editor} exited with {s}")),
        Err(e) => Some(format!("Could not run {editor}: {e}")),
    }
}
