//! Doing what `update` asked for outside the state ([`Effect`]): opening a URL, copying to the
//! clipboard, handing the terminal to the editor, saving the read state, starting background
//! colouring and rendering. Each failure becomes a notice; none stops the app.

use std::path::Path;

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
use crate::runtime::terminal::Screen;
use crate::runtime::workers::Workers;

/// Work `update` asks of the event loop, which does it outside the state: it touches the
/// terminal, other processes, threads or files.
#[derive(Debug)]
pub enum Effect {
    /// Open an `http`, `https` or `mailto` URL with the system opener.
    OpenUrl(String),
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Suspend the app and edit this file in `$VISUAL` / `$EDITOR` (at this 1-based line,
    /// when known), then read it again.
    Edit { path: PathBuf, line: Option<u32> },
    /// Write the read state to its file.
    SaveReadState,
    /// Make these pictures on the pictures' thread; each comes back as
    /// [`Event::PictureMade`].
    MakePictures(crate::runtime::pictures::PictureJob),
    /// Find the posts linking to a post on the backlinks' thread; the answer comes back as
    /// [`Event::Backlinks`].
    FindBacklinks(crate::runtime::backlinks::BacklinksJob),
    /// Fetch these remote images into `cache`; each comes back as [`Event::ImageFetched`].
    FetchImages {
        urls: Vec<String>,
        cache: std::path::PathBuf,
    },
    /// Colour these code blocks of post `id` on the colouring worker; the colours come back
    /// as [`Event::Coloured`].
    Colour { id: PostId, blocks: Vec<CodeBlock> },
    /// Bring the search index up to date with these posts (every post stored) on its thread;
    /// it answers with [`Event::IndexReady`].
    Index(Vec<std::sync::Arc<crate::content::Post>>),
    /// Check the links of these posts (every post stored) on the link check's thread; it
    /// answers with [`Event::LinksChecked`].
    CheckLinks(Vec<std::sync::Arc<crate::content::Post>>),
    /// Render a large post on the rendering worker; the document comes back as
    /// [`Event::Rendered`].
    Render(Box<RenderRequest>),
    /// Fetch these feeds on a thread of their own, saving entries as posts; each feed done
    /// comes back as [`Event::FeedFetched`], and the posts through the file watcher.
    FetchFeeds(
        Vec<crate::config::FeedConfig>,
        crate::library::feeds::FetchOptions,
    ),
}

impl Effect {
    /// Whether it only hands work to a thread beside the app: done after the frame is drawn,
    /// so that work never delays what is on screen. That includes the render of a long post's
    /// rest: woken before the draw, the render thread was at times put on the UI thread's core
    /// and held the first screen back by 2–4 ms; `G` before it comes shows the end at once
    /// anyway (see `AppState::show_end_first`).
    pub fn is_background(&self) -> bool {
        matches!(
            self,
            Effect::Colour { .. }
                | Effect::Index(_)
                | Effect::CheckLinks(_)
                | Effect::Render(_)
                | Effect::MakePictures(_)
                | Effect::FindBacklinks(_)
        )
    }
}

/// Does `effects` in order, and the effects that doing them asks for in turn (a post read
/// again after the editor, a notice). Each failure becomes a notice; none stops the app.
pub fn perform_all(
    terminal: &mut Screen,
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
            Effect::Edit { path, line } => {
                let (more, notice) = edit(terminal, state, input, &path, line);
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
            Effect::MakePictures(job) => {
                workers.make_pictures(job);
                None
            }
            Effect::FindBacklinks(job) => {
                workers.find_backlinks(job);
                None
            }
            Effect::FetchImages { urls, cache } => workers
                .fetch_images(urls, cache)
                .err()
                .map(|e| format!("Could not fetch the images: {e}")),
            Effect::Index(posts) => {
                workers.index(posts);
                None
            }
            Effect::CheckLinks(posts) => {
                workers.check_links(posts);
                None
            }
            Effect::FetchFeeds(feeds, options) => {
                workers.fetch_feeds(feeds, options);
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
/// reads the post again (so the change shows even without the file watcher): the effects that
/// asks for, and a notice if something failed. The editor runs
/// through `sh -c`, as git runs it, so `EDITOR="code --wait"` works.
fn edit(
    terminal: &mut Screen,
    state: &mut AppState,
    input: &InputReader,
    path: &Path,
    line: Option<u32>,
) -> (Vec<Effect>, Option<String>) {
    let editor = editor();
    let script = editor_script(&editor, state.settings.editor.as_deref(), line);
    input.pause();
    crate::runtime::terminal::restore();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
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
