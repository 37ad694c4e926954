//! Doing what `update` asked for outside the state ([`Effect`]): handing work to the job
//! [`Pool`], copying to the clipboard, handing the terminal to the editor, saving the read
//! state. What comes of it comes back as events: a failure as an [`Event::Notice`] (none stops
//! the app), the post edited as an [`Event::Changed`]; nothing here calls `update`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use super::event::Event;
use super::input::InputReader;
use super::jobs::{JobRequest, Pool};
use super::terminal::Tui;
use crate::content::loader;
use crate::library::readstate::ReadState;
use crate::library::store::Change;

/// Work `update` asks of the event loop, which does it outside the state: it touches the
/// terminal, other processes, threads or files.
#[derive(Debug)]
pub enum Effect {
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Suspend the app and edit this file in `$VISUAL` / `$EDITOR` (at this 1-based line,
    /// when known; `template` is the config's way of naming it), then read it again.
    Edit {
        path: PathBuf,
        line: Option<u32>,
        template: Option<String>,
        max_post_bytes: u64,
    },
    /// Write the read state to its file.
    SaveReadState,
    /// Run a background job (see [`super::jobs`]); its results come back as [`Event::Done`].
    Run(JobRequest),
}

impl Effect {
    /// `Effect::Run` of `job`.
    pub fn run<J: super::jobs::Job>(job: J) -> Effect {
        Effect::Run(JobRequest::new(job))
    }

    /// The job asked for, if this is one of kind `J` (for tests).
    pub fn job<J: super::jobs::Job>(&self) -> Option<&J> {
        match self {
            Effect::Run(request) => request.job(),
            _ => None,
        }
    }

    /// The job asked for, if this is one of kind `J`, taken out (for tests).
    pub fn into_job<J: super::jobs::Job>(self) -> Option<J> {
        match self {
            Effect::Run(request) => request.into_job(),
            _ => None,
        }
    }

    /// Whether it only hands work to a thread beside the app: done after the frame is drawn,
    /// so that work never delays what is on screen. That includes the render of a long post's
    /// rest: woken before the draw, the render thread was at times put on the UI thread's core
    /// and held the first screen back by 2–4 ms; `G` before it comes shows the end at once
    /// anyway (see `AppState::show_end_first`).
    pub fn is_background(&self) -> bool {
        matches!(self, Effect::Run(_))
    }
}

/// What effects are done with: the terminal, the input thread (paused while the editor runs),
/// the job pool, the read state, and the channel their outcomes go back through.
#[derive(Debug)]
pub struct Performer<'a> {
    pub terminal: &'a mut Tui,
    pub input: &'a InputReader,
    pub pool: &'a mut Pool,
    pub read_state: &'a mut ReadState,
    pub events: &'a Sender<Event>,
}

/// Does `effects` in order. Each failure comes back as an [`Event::Notice`]; none stops the
/// app.
pub fn perform_all(with: &mut Performer<'_>, effects: Vec<Effect>) {
    for effect in effects {
        let notice = match effect {
            Effect::Copy(text) => super::terminal::copy_to_clipboard(&text)
                .err()
                .map(|e| format!("Could not copy: {e}")),
            Effect::SaveReadState => with
                .read_state
                .save()
                .err()
                .map(|e| format!("Could not save the read state: {e}")),
            Effect::Edit {
                path,
                line,
                template,
                max_post_bytes,
            } => edit(with, &path, line, template.as_deref(), max_post_bytes),
            Effect::Run(request) => {
                with.pool.run(request);
                None
            }
        };
        if let Some(notice) = notice {
            let _ = with.events.send(Event::Notice(notice));
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

/// Editors that take the line as `file:N`.
const FILE_COLON_LINE: [&str; 5] = ["hx", "helix", "subl", "zed", "kate"];
/// Editors that take `-g file:N` (VS Code and its forks).
const GOTO_FLAG: [&str; 6] = [
    "code",
    "code-insiders",
    "codium",
    "vscodium",
    "cursor",
    "windsurf",
];
/// JetBrains' launchers, which take `--line N file`.
const LINE_FLAG: [&str; 12] = [
    "idea",
    "pycharm",
    "clion",
    "goland",
    "webstorm",
    "rustrover",
    "phpstorm",
    "rider",
    "rubymine",
    "datagrip",
    "fleet",
    "studio",
];

/// The `sh -c` script that opens the file (`"$1"`) in `editor` at `line`: in the form the
/// editor takes (`+N file` for vi, vim, nvim, nano, emacs, micro, kak and as the fallback;
/// `file:N` for helix; `-g file:N` for VS Code; `--line N file` for JetBrains' launchers), or
/// by the config's `template` (`{file}` and `{line}` replaced) when there is one. With no line,
/// the file alone.
pub fn editor_script(editor: &str, template: Option<&str>, line: Option<u32>) -> String {
    let Some(line) = line else {
        return format!("{editor} \"$1\"");
    };
    if let Some(template) = template.filter(|t| t.contains("{file}")) {
        return template
            .replace("{file}", "\"$1\"")
            .replace("{line}", &line.to_string());
    }
    let program = shell_words::split(editor)
        .ok()
        .and_then(|words| words.into_iter().next())
        .unwrap_or_default();
    let name = Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".sh").to_string())
        .unwrap_or_default();
    if FILE_COLON_LINE.contains(&name.as_str()) {
        format!("{editor} \"$1\":{line}")
    } else if GOTO_FLAG.contains(&name.as_str()) {
        format!("{editor} -g \"$1\":{line}")
    } else if LINE_FLAG.contains(&name.as_str()) {
        format!("{editor} --line {line} \"$1\"")
    } else {
        format!("{editor} +{line} \"$1\"")
    }
}

/// Suspends the app, runs the editor on `path` until it exits, takes the terminal back, and
/// reads the post again (sent as an [`Event::Changed`], so the change shows even without the
/// file watcher): a notice if something failed. The editor runs through `sh -c`, as git runs
/// it, so `EDITOR="code --wait"` works.
fn edit(
    with: &mut Performer<'_>,
    path: &Path,
    line: Option<u32>,
    template: Option<&str>,
    max_post_bytes: u64,
) -> Option<String> {
    let editor = editor();
    let script = editor_script(&editor, template, line);
    let (terminal, input) = (&mut *with.terminal, with.input);
    input.pause();
    super::terminal::restore();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(path)
        .status();
    let resumed = super::terminal::resume(terminal);
    input.resume();
    if let Err(e) = resumed {
        return Some(format!("Could not take the terminal back: {e}"));
    }
    let zone = jiff::tz::TimeZone::system();
    let (changes, errors) = match loader::load_post_with(path, &zone, max_post_bytes) {
        Ok(post) => (vec![Change::Upsert(Box::new(post))], Vec::new()),
        Err(err) => (Vec::new(), vec![err]),
    };
    let _ = with.events.send(Event::Changed { changes, errors });
    match status {
        Ok(s) if s.success() => None,
        Ok(s) => Some(format!("{editor} exited with {s}")),
        Err(e) => Some(format!("Could not run {editor}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::editor_script;

    #[test]
    fn each_editor_is_given_the_line_its_own_way() {
        let at = |editor: &str| editor_script(editor, None, Some(42));
        assert_eq!(at("vim"), "vim +42 \"$1\"");
        assert_eq!(at("/usr/bin/nvim"), "/usr/bin/nvim +42 \"$1\"");
        assert_eq!(at("emacsclient -t"), "emacsclient -t +42 \"$1\"");
        assert_eq!(at("hx"), "hx \"$1\":42");
        assert_eq!(at("code --wait"), "code --wait -g \"$1\":42");
        assert_eq!(at("idea.sh"), "idea.sh --line 42 \"$1\"");
        assert_eq!(at("someeditor"), "someeditor +42 \"$1\"", "the fallback");
        assert_eq!(editor_script("vim", None, None), "vim \"$1\"", "no line");
        assert_eq!(
            editor_script("vim", Some("myedit {file}:{line}"), Some(7)),
            "myedit \"$1\":7",
            "the config's template wins"
        );
    }
}
