//! `config.toml`: the reader's defaults, in the platform's config folder
//! (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux, `~/Library/Application Support/tidings/` on
//! macOS, `%APPDATA%\tidings\config\` on Windows; `directories` decides) or given with
//! `--config FILE`. Every key is optional; [`Config::default`] is what an absent key means.
//!
//! A config that cannot be used is never a reason not to start: [`load`] gives the defaults
//! and a message naming the file, the line and the key.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::content::loader::{MAX_POST_BYTES, POST_EXTENSIONS, Rules};
use crate::keys::{self, Key};
use crate::theme::{STYLE_NAMES, Theme, ThemeName};

/// The config file's name in the config folder.
pub const FILE_NAME: &str = "config.toml";

/// Everything `config.toml` can set. See README.md ("Config") for a commented example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Folders and files opened when no PATH is given (`~/` is the home folder); none opens the
    /// built-in samples.
    pub folders: Vec<PathBuf>,
    /// `auto` (the default: light or dark as the terminal's background is), `dark` or `light`;
    /// `--theme` wins.
    pub theme: ThemeName,
    /// Styles over the theme's, by name: `heading1 = "magenta bold"`, `link = "#5f87ff
    /// underlined"`, `selected = "black on yellow"` (see [`STYLE_NAMES`]). `NO_COLOR` wins.
    pub colors: BTreeMap<String, String>,
    /// Keys for commands, by name, replacing that command's keys: `quit = ["q", "ctrl-q"]`
    /// (see `tidings --help` for the names... and [`keys::command_names`]).
    pub keys: BTreeMap<String, Vec<String>>,
    /// The article's text is at most this wide, in columns (at least 20).
    pub reading_width: u16,
    /// How the list shows dates: a `strftime` format (jiff's), e.g. `%d %b %Y`.
    pub date_format: String,
    /// File extensions read as posts, without the dot.
    pub extensions: Vec<String>,
    /// Globs in `.gitignore` syntax for files and folders that are never posts, e.g.
    /// `["drafts/", "*.draft.md"]`.
    pub ignore: Vec<String>,
    /// A post is read up to this many bytes.
    pub max_post_bytes: u64,
    /// How `e` runs the editor, when `$VISUAL`/`$EDITOR`'s own way of naming a line is not
    /// known: a command with `{file}` and `{line}` in it, e.g. `myedit {file}:{line}`.
    pub editor: Option<String>,
    /// Feeds whose entries `tidings fetch` saves as posts (`[[feeds]]` tables).
    pub feeds: Vec<FeedConfig>,
    /// How the images posts name are drawn: `auto` (the terminal's graphics, else
    /// half-blocks), `blocks`, `kitty`, `iterm2`, `sixel`, or `off` (their text line only);
    /// `--no-images` wins.
    pub images: Images,
    /// Whether images on the web are fetched without asking (`I` fetches the open post's). Off:
    /// fetching an image tells its server what you read.
    pub remote_images: bool,
}

/// The config's `images`: how pictures are drawn (see `runtime::pictures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Images {
    /// The terminal's graphics protocol when it is known to have one, else half-blocks.
    #[default]
    Auto,
    /// Unicode half-blocks in true colour, in any terminal.
    Blocks,
    Kitty,
    Iterm2,
    Sixel,
    /// No pictures: each image stays its `[image: alt] src` line.
    Off,
}

/// One subscription: a `[[feeds]]` table of `config.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// The feed's address: `http` or `https`, RSS 0.9–2.0, Atom or JSON Feed.
    pub url: String,
    /// What `tidings fetch NAME` and reports call it; by default the feed's host and path.
    #[serde(default)]
    pub name: Option<String>,
    /// Where its entries are saved (`~/` is the home folder); by default `feeds/NAME/` under
    /// the first of `folders`.
    #[serde(default)]
    pub folder: Option<PathBuf>,
    /// Tags added to every entry saved.
    #[serde(default)]
    pub tags: Vec<String>,
    /// How often the reader fetches it while open: `30m`, `2h`, `1d`; never when not given.
    #[serde(default)]
    pub every: Option<String>,
}

impl FeedConfig {
    /// Its name: the one given, else its URL without the scheme, `/` made `-`.
    pub fn name(&self) -> String {
        if let Some(name) = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            return name.to_string();
        }
        let bare = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, rest)| rest);
        let name: String = bare
            .trim_end_matches('/')
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        name.trim_matches('-').to_string()
    }

    /// Checks what serde cannot: an `http`/`https` URL, an interval that reads.
    ///
    /// Errors: what is wrong, as `feeds: …`.
    pub fn check(&self) -> Result<(), String> {
        let url = self.url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!("feeds: {url:?} is not an http or https address"));
        }
        self.interval().map_err(|err| format!("feeds: {err}"))?;
        Ok(())
    }

    /// `every` as a duration; `None` when not given.
    ///
    /// Errors: not a number followed by `s`, `m`, `h` or `d`.
    pub fn interval(&self) -> Result<Option<std::time::Duration>, String> {
        let Some(every) = self.every.as_deref().map(str::trim) else {
            return Ok(None);
        };
        let split = every
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(every.len());
        let (number, unit) = every.split_at(split);
        let seconds = match unit.trim() {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86400,
            _ => 0,
        };
        match number.parse::<u64>() {
            Ok(n) if n > 0 && seconds > 0 => Ok(Some(std::time::Duration::from_secs(n * seconds))),
            _ => Err(format!(
                "every: {every:?} is not an interval such as 30m, 2h or 1d"
            )),
        }
    }
}

/// `path` with a leading `~/` made the home folder.
pub fn expand_home(path: &Path) -> PathBuf {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match (path.strip_prefix("~"), &home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            folders: Vec::new(),
            theme: ThemeName::Auto,
            colors: BTreeMap::new(),
            keys: BTreeMap::new(),
            reading_width: READING_WIDTH,
            date_format: DEFAULT_DATE_FORMAT.to_string(),
            extensions: POST_EXTENSIONS.iter().map(ToString::to_string).collect(),
            ignore: Vec::new(),
            max_post_bytes: MAX_POST_BYTES,
            editor: None,
            feeds: Vec::new(),
            images: Images::Auto,
            remote_images: false,
        }
    }
}

/// The article's text is at most this wide by default, in columns (`reading_width`), and
/// centred in a wider pane: lines much longer than ~100 characters are hard to follow back to
/// their start.
pub const READING_WIDTH: u16 = 100;

/// The list's date format by default: `2024-06-19` (ISO 8601).
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// Why a config could not be used: the file, the line when known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}; {}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default(), scope.consequence())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    /// What the mistake costs.
    pub scope: ErrorScope,
}

/// What a mistake in the config costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorScope {
    /// The whole file: the defaults are used.
    #[default]
    Whole,
    /// One `[[feeds]]` table (or more): it is left out, the rest of the config is used.
    Feeds,
}

impl ErrorScope {
    fn consequence(self) -> &'static str {
        match self {
            ErrorScope::Whole => "using the defaults",
            ErrorScope::Feeds => "that feed is left out, the rest of the config is used",
        }
    }
}

impl ConfigError {
    /// The short form, for the status line: `config.toml:2: using the defaults: unknown field…`.
    pub fn summary(&self) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = self.line.map(|l| format!(":{l}")).unwrap_or_default();
        match self.scope {
            ErrorScope::Whole => format!("{name}{line}: using the defaults: {}", self.message),
            ErrorScope::Feeds => format!("{name}{line}: feed left out: {}", self.message),
        }
    }
}

/// Where the config file is looked for when `--config` is not given.
pub fn default_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tidings").map(|d| d.config_dir().join(FILE_NAME))
}

/// Where feeds save when no `folders` is set: `feeds` in the platform data directory
/// (`$XDG_DATA_HOME/tidings/feeds` on Linux, `~/Library/Application Support/tidings/feeds` on
/// macOS). `None` when the platform has no data directory.
pub fn data_feeds_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tidings").map(|d| d.data_dir().join("feeds"))
}

/// Reads the config at `path`; a missing file is the defaults, silently.
///
/// Errors (with the defaults): the file cannot be read, is not TOML, has a key tidings does not
/// know, or a value it cannot use. The error names the line and the key.
pub fn load(path: &Path) -> (Config, Option<ConfigError>) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(err) => {
            let error = ConfigError {
                path: path.to_path_buf(),
                line: None,
                message: err.to_string(),
                scope: ErrorScope::Whole,
            };
            return (Config::default(), Some(error));
        }
    };
    let (text, bad_feeds) = without_bad_feeds(&text);
    match parse(&text) {
        Ok(config) => {
            let error = bad_feeds.first().map(|(line, message)| {
                let more = match bad_feeds.len() {
                    1 => String::new(),
                    n => format!(" ({} more left out)", n - 1),
                };
                ConfigError {
                    path: path.to_path_buf(),
                    line: *line,
                    message: format!("{message}{more}"),
                    scope: ErrorScope::Feeds,
                }
            });
            (config, error)
        }
        Err((line, message)) => (
            Config::default(),
            Some(ConfigError {
                path: path.to_path_buf(),
                line,
                message,
                scope: ErrorScope::Whole,
            }),
        ),
    }
}

/// `text` without its `[[feeds]]` tables that cannot be used (a key tidings does not know, a
/// URL that is not http/https, an interval it cannot read), and for each one left out its
/// 1-based line and why: one bad subscription never costs the others, nor the rest of the
/// config. Text that is not TOML is given back as it is (see [`parse`]).
pub fn without_bad_feeds(text: &str) -> (Cow<'_, str>, Vec<(Option<usize>, String)>) {
    let Ok(parsed) = toml_edit::Document::parse(text) else {
        return (Cow::Borrowed(text), Vec::new());
    };
    let Some(tables) = parsed.get("feeds").and_then(|f| f.as_array_of_tables()) else {
        return (Cow::Borrowed(text), Vec::new());
    };
    let mut bad = Vec::new();
    for (index, table) in tables.iter().enumerate() {
        let one = format!("[[feeds]]\n{table}");
        let problem = match toml::from_str::<OneFeed>(&one) {
            Err(err) => Some(format!("feeds: {}", err.message().trim())),
            Ok(OneFeed { mut feeds }) => feeds.pop().and_then(|feed| feed.check().err()),
        };
        if let Some(problem) = problem {
            let line = (table.span())
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            bad.push((index, line, problem));
        }
    }
    if bad.is_empty() {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut document = parsed.into_mut();
    if let Some(tables) = document
        .get_mut("feeds")
        .and_then(|f| f.as_array_of_tables_mut())
    {
        for (index, _, _) in bad.iter().rev() {
            tables.remove(*index);
        }
    }
    let problems = bad.into_iter().map(|(_, line, why)| (line, why)).collect();
    (Cow::Owned(document.to_string()), problems)
}

/// One `[[feeds]]` table, read alone.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneFeed {
    feeds: Vec<FeedConfig>,
}

/// Parses and checks config text.
///
/// Errors: the 1-based line (when known) and what is wrong, naming the key.
pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
    let config: Config = toml::from_str(text).map_err(|err| {
        let line = err
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        (line, err.message().trim().to_string())
    })?;
    config
        .check()
        .map_err(|(key, message)| (line_of(text, key), message))?;
    Ok(config)
}

/// The 1-based line where `key` is set (`key =` at the start of a line, or its `[key]` table).
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let bare = line.trim_start_matches('"');
            bare.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches('"').trim_start();
                rest.starts_with('=')
            }) || line.trim_end() == format!("[{key}]")
        })
        .map(|i| i + 1)
}

impl Config {
    /// Checks the values serde cannot: returns the key at fault and what is wrong.
    fn check(&self) -> Result<(), (&str, String)> {
        if self.reading_width < 20 {
            return Err((
                "reading_width",
                format!(
                    "reading_width: {} is too narrow (20 at least)",
                    self.reading_width
                ),
            ));
        }
        if self.extensions.iter().all(|e| e.trim().is_empty()) {
            return Err((
                "extensions",
                "extensions: at least one is needed".to_string(),
            ));
        }
        if self.max_post_bytes == 0 {
            return Err((
                "max_post_bytes",
                "max_post_bytes: 0 reads nothing".to_string(),
            ));
        }
        if let Err(err) = format_date(&self.date_format, jiff::civil::date(2024, 6, 19)) {
            return Err(("date_format", format!("date_format: {err}")));
        }
        for glob in &self.ignore {
            let mut builder = ignore::gitignore::GitignoreBuilder::new("/");
            if let Err(err) = builder.add_line(None, glob) {
                return Err(("ignore", format!("ignore: {glob:?}: {err}")));
            }
        }
        for (name, spec) in &self.colors {
            if !STYLE_NAMES.contains(&name.as_str()) {
                return Err((
                    name,
                    format!(
                        "colors: no style is named {name:?}; the names are {}",
                        STYLE_NAMES.join(", ")
                    ),
                ));
            }
            parse_style(spec).map_err(|err| (name.as_str(), format!("colors.{name}: {err}")))?;
        }
        for feed in &self.feeds {
            let problem = feed.check().err();
            if let Some(problem) = problem {
                let key = if problem.contains("every") {
                    "every"
                } else {
                    "url"
                };
                return Err((key, problem));
            }
        }
        let names = keys::command_names();
        for (name, keys) in &self.keys {
            if !names.iter().any(|n| n == name) {
                return Err((
                    name,
                    format!(
                        "keys: no command is named {name:?}; the names are {}",
                        names.join(", ")
                    ),
                ));
            }
            for key in keys {
                parse_key(key).map_err(|err| (name.as_str(), format!("keys.{name}: {err}")))?;
            }
        }
        Ok(())
    }

    /// The loader's rules: extensions, ignore globs, size limit.
    pub fn rules(&self) -> Arc<Rules> {
        Arc::new(Rules {
            extensions: self
                .extensions
                .iter()
                .map(|e| e.trim().trim_start_matches('.').to_string())
                .filter(|e| !e.is_empty())
                .collect(),
            ignore: self.ignore.clone(),
            max_post_bytes: self.max_post_bytes,
            ..Rules::default()
        })
    }

    /// `folders` with a leading `~/` made the home folder.
    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.iter().map(|f| expand_home(f)).collect()
    }

    /// What is read when no PATH is given: `folders`, and the data directory's feeds folder
    /// ([`data_feeds_folder`]) when it exists; empty (the built-in samples) when neither is.
    pub fn default_paths(&self) -> Vec<PathBuf> {
        let mut paths = self.folders();
        paths.extend(data_feeds_folder().filter(|dir| dir.is_dir()));
        paths
    }

    /// The folder under which a feed with no `folder` of its own saves, in `feeds/NAME/`: the
    /// first of `folders`, else the platform data directory (`$XDG_DATA_HOME/tidings` on
    /// Linux), whose `feeds` folder [`Config::default_paths`] reads. `None` when there is
    /// neither.
    pub fn feed_root(&self) -> Option<PathBuf> {
        (self.folders().into_iter().next())
            .or_else(|| data_feeds_folder()?.parent().map(Into::into))
    }

    /// `theme` (or `light` when asked), with `[colors]` laid over it; `NO_COLOR` (set and not
    /// empty) gives the colourless theme and ignores `[colors]`.
    pub fn theme(&self, light: bool) -> Theme {
        let mut theme = Theme::from_env(light);
        theme.date_format = Some(self.date_format.clone());
        if Theme::no_color_asked() {
            return theme;
        }
        for (name, spec) in &self.colors {
            if let (Some(style), Ok(over)) = (theme.named_mut(name), parse_style(spec)) {
                *style = style.patch(over);
            }
        }
        theme
    }

    /// `[keys]`: command name → its keys, parsed (unknown names and bad keys were refused when
    /// the config was read).
    pub fn key_overrides(&self) -> Vec<(String, Vec<Key>)> {
        self.keys
            .iter()
            .map(|(name, keys)| {
                (
                    name.clone(),
                    keys.iter().filter_map(|k| parse_key(k).ok()).collect(),
                )
            })
            .collect()
    }
}

/// A date in a `strftime` format (jiff's).
///
/// Errors: the format has a directive jiff does not know, or one a date cannot fill.
pub fn format_date(format: &str, date: jiff::civil::Date) -> Result<String, String> {
    jiff::fmt::strtime::format(format, date).map_err(|err| err.to_string())
}

/// A style written as words: colours (ratatui's names, `#rrggbb`, or a 256-colour index), the
/// second after `on` for the background, and modifiers (`bold`, `dim`, `italic`, `underlined`,
/// `reversed`, `crossed_out`).
///
/// Errors: a word that is none of these.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut background = false;
    for word in spec.split_whitespace() {
        let modifier = match word.to_ascii_lowercase().as_str() {
            "on" => {
                background = true;
                continue;
            }
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" | "underline" => Modifier::UNDERLINED,
            "reversed" | "reverse" => Modifier::REVERSED,
            "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
            _ => {
                let color: Color = word
                    .parse()
                    .map_err(|_| format!("{word:?} is not a colour or a modifier"))?;
                style = if background {
                    style.bg(color)
                } else {
                    style.fg(color)
                };
                continue;
            }
        };
        style = style.add_modifier(modifier);
    }
    Ok(style)
}

/// A key written as crokey reads it (`j`, `G`, `ctrl-d`, `pagedown`, `enter`, `space`, `tab`),
/// in the key map's terms: Shift is part of a letter, never required.
///
/// Errors: crokey cannot read it, or it is a chord of several keys.
pub fn parse_key(text: &str) -> Result<Key, String> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let combination = crokey::parse(text).map_err(|err| err.to_string())?;
    let mut codes = combination.codes.iter();
    let (Some(&code), None) = (codes.next(), codes.next()) else {
        return Err(format!("{text:?} is several keys; give one"));
    };
    // crokey reads `G` as `g`; a capital written alone (`G`, `ctrl-G`) means that capital.
    let mut last = text.rsplit('-').next().unwrap_or_default().chars();
    let capital = match (last.next(), last.next()) {
        (Some(c), None) if c.is_uppercase() => Some(c),
        _ => None,
    };
    let shift = combination.modifiers.contains(KeyModifiers::SHIFT);
    let code = match (code, capital) {
        (KeyCode::Char(_), Some(c)) => KeyCode::Char(c),
        (KeyCode::Char(c), None) if shift => KeyCode::Char(c.to_ascii_uppercase()),
        (other, _) => other,
    };
    Ok((code, combination.modifiers - KeyModifiers::SHIFT))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bad_feeds_table_is_left_out_at_its_line_and_the_rest_is_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        let text = "theme = \"light\"\n\n[[feeds]]\nurl = \"https://a.example/\"\n\n[[feeds]]\nurl = \"file:///etc/passwd\"\n\n[[feeds]]\nurl = \"https://b.example/\"\ncolour = 1\n\n[[feeds]]\nurl = \"https://c.example/\"\n";
        std::fs::write(&path, text).expect("write");
        let (config, error) = load(&path);
        assert_eq!(config.theme, ThemeName::Light);
        let urls: Vec<&str> = config.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/", "https://c.example/"]);
        let error = error.expect("said");
        assert_eq!(error.line, Some(6));
        assert_eq!(error.scope, ErrorScope::Feeds);
        let shown = error.to_string();
        assert!(
            shown.contains("is not an http or https address (1 more left out)"),
            "{shown}"
        );
        assert!(
            shown.ends_with("that feed is left out, the rest of the config is used"),
            "{shown}"
        );
    }

    #[test]
    fn feeds_are_read_named_and_checked() {
        let text = "[[feeds]]\nurl = \"https://blog.example/feed.xml\"\ntags = [\"x\"]\nevery = \"30m\"\n\n[[feeds]]\nurl = \"http://a.example/\"\nname = \"A\"\n";
        let config = parse(text).expect("config");
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[0].name(), "blog.example-feed.xml");
        assert_eq!(config.feeds[1].name(), "A");
        let every = config.feeds[0].interval().expect("interval");
        assert_eq!(every, Some(std::time::Duration::from_secs(1800)));
        let (line, message) = parse("[[feeds]]\nurl = \"ftp://x/\"\n").expect_err("scheme");
        assert!(message.contains("http"), "{message}");
        assert_eq!(line, Some(2));
        let (_, message) =
            parse("[[feeds]]\nurl = \"https://x/\"\nevery = \"soon\"\n").expect_err("every");
        assert!(message.contains("30m"), "{message}");
    }

    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn an_empty_config_is_the_defaults() {
        assert_eq!(parse(""), Ok(Config::default()));
    }

    #[test]
    fn every_key_is_read() {
        let text = r##"
folders = ["~/notes", "/srv/blog"]
theme = "light"
reading_width = 72
date_format = "%d %b %Y"
extensions = ["md", ".mdx"]
ignore = ["drafts/"]
max_post_bytes = 1000000

[colors]
heading1 = "#ff8700 bold"
selected = "black on yellow"

[keys]
quit = ["q", "ctrl-q"]
down = ["j", "n"]
"##;
        let config = parse(text).expect("valid");
        assert_eq!(config.theme, ThemeName::Light);
        assert_eq!(config.reading_width, 72);
        assert_eq!(config.rules().extensions, ["md", "mdx"]);
        assert_eq!(config.rules().max_post_bytes, 1_000_000);
        assert_eq!(
            format_date(&config.date_format, jiff::civil::date(2024, 6, 9)).as_deref(),
            Ok("09 Jun 2024")
        );
        let keys = config.key_overrides();
        assert_eq!(keys[0].0, "down");
        assert_eq!(keys[1].1[1], (KeyCode::Char('q'), KeyModifiers::CONTROL));
        assert!(config.folders()[0].is_absolute() || directories::BaseDirs::new().is_none());
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_line() {
        let (line, message) = parse("theme = \"dark\"\ncolour = \"red\"\n").expect_err("refused");
        assert_eq!(line, Some(2));
        assert!(message.contains("unknown field `colour`"), "{message}");
    }

    #[test]
    fn a_bad_value_is_refused_with_its_line_and_key() {
        let (line, message) = parse("\ntheme = \"blue\"\n").expect_err("refused");
        assert_eq!(line, Some(2));
        assert!(message.contains("blue"), "{message}");
        let (line, message) = parse("reading_width = 5\n").expect_err("refused");
        assert_eq!(line, Some(1));
        assert!(message.starts_with("reading_width:"), "{message}");
        let (line, message) = parse("[colors]\nlink = \"blurple\"\n").expect_err("refused");
        assert_eq!(line, Some(2));
        assert!(message.contains("\"blurple\" is not a colour"), "{message}");
        let (line, message) = parse("[keys]\njump = [\"x\"]\n").expect_err("refused");
        assert_eq!(line, Some(2));
        assert!(
            message.contains("no command is named \"jump\""),
            "{message}"
        );
        let (_, message) = parse("date_format = \"%Q\"\n").expect_err("refused");
        assert!(message.starts_with("date_format:"), "{message}");
    }

    #[test]
    fn a_missing_file_is_the_defaults_and_a_bad_one_says_where() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (config, error) = load(&dir.path().join("none.toml"));
        assert_eq!((config, error), (Config::default(), None));
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "reading_width = \"wide\"\n").expect("write");
        let (config, error) = load(&path);
        assert_eq!(config, Config::default());
        let error = error.expect("an error").to_string();
        assert!(error.contains("config.toml:1: "), "{error}");
        assert!(error.ends_with("; using the defaults"), "{error}");
    }

    #[test]
    fn the_readme_names_every_key_style_and_command() {
        let readme = include_str!("../README.md");
        let start = readme.find("## Config").expect("a Config section");
        let section = &readme[start..];
        for key in [
            "folders",
            "theme",
            "reading_width",
            "date_format",
            "extensions",
            "ignore",
            "max_post_bytes",
            "[colors]",
            "[keys]",
        ] {
            assert!(section.contains(key), "README lacks {key}");
        }
        for name in STYLE_NAMES.iter().filter(|n| !n.starts_with("heading")) {
            assert!(section.contains(name), "README lacks style {name}");
        }
        let words: Vec<&str> = section
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| c == '`' || c == '.' || c == ','))
            .collect();
        for name in keys::command_names() {
            assert!(
                words.contains(&name.as_str()),
                "README lacks command {name}"
            );
        }
        assert_eq!(parse(CONFIG_EXAMPLE.trim()), Ok(Config::default()));
    }

    /// The README's config block without its comments: the defaults.
    const CONFIG_EXAMPLE: &str = r#"
folders = []
theme = "auto"
reading_width = 100
date_format = "%Y-%m-%d"
extensions = ["md", "markdown", "mdx", "txt"]
ignore = []
max_post_bytes = 8388608
"#;

    #[test]
    fn styles_and_keys_read_as_written() {
        assert_eq!(
            parse_style("black on yellow bold"),
            Ok(Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD))
        );
        assert_eq!(parse_key("G"), Ok((KeyCode::Char('G'), KeyModifiers::NONE)));
        assert_eq!(
            parse_key("ctrl-d"),
            Ok((KeyCode::Char('d'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            parse_key("pagedown"),
            Ok((KeyCode::PageDown, KeyModifiers::NONE))
        );
        assert!(parse_key("not a key").is_err());
    }
}
