//! Doing what `update` asked for outside the state ([`Effect`]): opening a URL, copying to the
//! clipboard, handing the terminal to the editor, saving the read state, starting background
//! colouring and rendering. Each failure becomes a notice; none stops the app.

use std::path::Path;

use ratatui::DefaultTerminal;

use std::collections::VecDeque;
use std::path::PathBuf;

use super::state::AppState;
use super::update::update;
use crate::content::PostId;
use crate::content::loader;
use crate::library::store::Change;
use crate::render::RenderRequest;
use crate::render::highlight::CodeBlock;
use crate::runtime::event::{Event, InputReader};
use crate::runtime::workers::Workers;

/// Work `update` asks of the event loop, which does it outside the state: it touches the
/// terminal, other processes, threads or files.
#[derive(Debug)]
pub enum Effect {
    /// Open an `http`, `https` or `mailto` URL with the system opener.
    OpenUrl(String),
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Suspend the app and edit this file in `$VISUAL` / `$EDITOR`, then read it again.
    Edit(PathBuf),
    /// Write the read state to its file.
    SaveReadState,
    /// Colour these code blocks of post `id` on the colouring worker; the colours come back
    /// as [`Event::Coloured`].
    Colour { id: PostId, blocks: Vec<CodeBlock> },
    /// Bring the search index up to date with these posts (every post stored) on its thread;
    /// it answers with [`Event::IndexReady`].
    Index(Vec<std::sync::Arc<crate::content::Post>>),
    /// Render a large post on the rendering worker; the document comes back as
    /// [`Event::Rendered`].
    Render(Box<RenderRequest>),
}

impl Effect {
    /// Whether it only hands work to a thread beside the app that the reader is not waiting for
    /// (colouring code, the search index): done after the frame is drawn, so that work never
    /// delays what is on screen. A render is started at once: the rest of a long post is
    /// rendered on the other core while its first screen is drawn.
    pub fn is_background(&self) -> bool {
        matches!(self, Effect::Colour { .. } | Effect::Index(_))
    }
}

/// Does `effects` in order, and the effects that doing them asks for in turn (a post read
/// again after the editor, a notice). Each failure becomes a notice; none stops the app.
pub fn perform_all(
    terminal: &mut DefaultTerminal,
    state: &mut AppState,
    input: &InputReader,
    workers: &Workers,
    effects: Vec<Effect>,
) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        let notice = match effect {
            Effect::OpenUrl(url) => {
                workers.open_url(url);
                None
            }
            Effect::Copy(text) => crate::runtime::terminal::copy_to_clipboard(&text)
                .err()
                .map(|e| format!("Could not copy: {e}")),
            Effect::SaveReadState => state
                .marks
                .read
                .save()
                .err()
                .map(|e| format!("Could not save the read state: {e}")),
            Effect::Edit(path) => {
                let (more, notice) = edit(terminal, state, input, &path);
                queue.extend(more);
                notice
            }
            Effect::Colour { id, blocks } => {
                workers.colour(id, blocks);
                None
            }
            Effect::Render(request) => {
                workers.render(*request);
                None
            }
            Effect::Index(posts) => {
                workers.index(posts);
                None
            }
        };
        if let Some(notice) = notice {
            queue.extend(update(state, Event::Notice(notice)));
        }
    }
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
/// reads the post again (so the change shows even without the file watcher): the effects that
/// asks for, and a notice if something failed. The editor runs
/// through `sh -c`, as git runs it, so `EDITOR="code --wait"` works.
fn edit(
    terminal: &mut DefaultTerminal,
    state: &mut AppState,
    input: &InputReader,
    path: &Path,
) -> (Vec<Effect>, Option<String>) {
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
        return (
            Vec::new(),
            Some(format!("Could not take the terminal back: {e}")),
        );
    }
    let zone = jiff::tz::TimeZone::system();
    let (changes, errors) =
        match loader::load_post_with(path, &zone, state.settings.rules.max_post_bytes) {
            Ok(post) => (vec![Change::Upsert(Box::new(post))], Vec::new()),
            Err(err) => (Vec::new(), vec![err]),
        };
    let effects = update(state, Event::Changed { changes, errors });
    let notice = match status {
        Ok(s) if s.success() => None,
        Ok(s) => Some(format!("{editor} exited with {s}")),
        Err(e) => Some(format!("Could not run {editor}: {e}")),
    };
    (effects, notice)
}
