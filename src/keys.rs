//! The one command table: every [`Command`] a key can ask for, its name in the config's
//! `[keys]`, what it does (for help), and its default keys. Help, the status line's hints, overlay
//! footers and notices all name keys through [`Keymap`], so a key remapped in config.toml is the
//! key every hint shows.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key can ask for. The key map binds keys to these; the app's `update` gives each its
/// meaning in the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open the selected post (list), or jump to the selected heading (table of contents).
    Activate,
    FocusNext,
    FocusPrev,
    /// Close the open overlay (help, post info, diagnostics), or go back to the list.
    Back,
    /// Open the tag picker.
    Tags,
    /// Clear the tag filter.
    ClearTags,
    Languages,
    NextTranslation,
    /// Open the date picker.
    Dates,
    /// Start typing a search.
    Search,
    /// Move to the next (previous) search match in the article.
    NextMatch,
    PrevMatch,
    /// Switch between the list orders.
    CycleSort,
    /// Scroll the article to the next (previous) heading.
    NextHeading,
    PrevHeading,
    /// Show or hide the table of contents.
    ToggleToc,
    /// Mark the selected post read or unread.
    ToggleRead,
    /// Show only unread posts, or every post.
    ToggleUnread,
    /// Show unpublished posts (drafts, scheduled, expired), or hide them again.
    ToggleDrafts,
    ToggleAll,
    /// Group the list by section, or list posts only.
    GroupSections,
    /// Go back to the post (and place) a followed link left, or forward again.
    HistoryBack,
    HistoryForward,
    /// Ask for a link number to open, or to copy.
    OpenLink,
    CopyLink,
    /// Open the selected post in `$VISUAL` / `$EDITOR`.
    Edit,
    /// In a picker: select the highlighted tag.
    Select,
    /// In the tag picker: switch between "any of" and "all of".
    ToggleTagMatch,
    /// While typing: delete the character before the cursor, or everything typed.
    DeleteBack,
    ClearInput,
    ToggleHelp,
    /// Show or hide everything known about the selected post.
    ToggleInfo,
    /// Show or hide every diagnostic in the folder.
    ToggleDiagnostics,
    /// Give the article the whole width while reading, or bring the list and contents back.
    Zoom,
    /// Scroll the article to what the last save changed.
    GoToChange,
    /// In the article, scroll cut code lines and tables sideways; elsewhere, open (right) or go
    /// back (left), as `Activate` and `Back` do.
    ScrollRight,
    ScrollLeft,
    /// Fetch every feed of the config's `[[feeds]]`, saving new entries as posts.
    FetchFeeds,
    LoadRemoteImages,
}

impl Command {
    /// Whether it moves within a list or a pane (a line, a page, to the top or the bottom).
    pub fn is_movement(self) -> bool {
        matches!(
            self,
            Command::Up
                | Command::Down
                | Command::PageUp
                | Command::PageDown
                | Command::Top
                | Command::Bottom
        )
    }

    /// The command's name in the config's `[keys]` and in `tidings --help`: snake case
    /// (`page_down`), written here once so that renaming a variant cannot rename a config key.
    pub const fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Activate => "activate",
            Command::FocusNext => "focus_next",
            Command::FocusPrev => "focus_prev",
            Command::Back => "back",
            Command::Tags => "tags",
            Command::ClearTags => "clear_tags",
            Command::Languages => "languages",
            Command::NextTranslation => "next_translation",
            Command::Dates => "dates",
            Command::Search => "search",
            Command::NextMatch => "next_match",
            Command::PrevMatch => "prev_match",
            Command::CycleSort => "cycle_sort",
            Command::NextHeading => "next_heading",
            Command::PrevHeading => "prev_heading",
            Command::ToggleToc => "toggle_toc",
            Command::ToggleRead => "toggle_read",
            Command::ToggleUnread => "toggle_unread",
            Command::ToggleDrafts => "toggle_drafts",
            Command::ToggleAll => "toggle_all",
            Command::GroupSections => "group_sections",
            Command::HistoryBack => "history_back",
            Command::HistoryForward => "history_forward",
            Command::OpenLink => "open_link",
            Command::CopyLink => "copy_link",
            Command::Edit => "edit",
            Command::Select => "select",
            Command::ToggleTagMatch => "toggle_tag_match",
            Command::DeleteBack => "delete_back",
            Command::ClearInput => "clear_input",
            Command::ToggleHelp => "toggle_help",
            Command::ToggleInfo => "toggle_info",
            Command::ToggleDiagnostics => "toggle_diagnostics",
            Command::Zoom => "zoom",
            Command::GoToChange => "go_to_change",
            Command::ScrollRight => "scroll_right",
            Command::ScrollLeft => "scroll_left",
            Command::FetchFeeds => "fetch_feeds",
            Command::LoadRemoteImages => "load_remote_images",
        }
    }
}

/// A key and the modifiers that must be held (Shift is never required: it is part of the
/// character for `G` and `?`).
pub type Key = (KeyCode, KeyModifiers);

/// One row of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    /// What it does, for the help screen.
    pub description: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// Every key binding, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
        command: Command::Down,
        description: "next post / scroll down / next heading",
    },
    Binding {
        keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
        command: Command::Up,
        description: "previous post / scroll up / previous heading",
    },
    Binding {
        keys: &[
            (KeyCode::PageDown, NONE),
            (KeyCode::Char(' '), NONE),
            (KeyCode::Char('d'), CTRL),
        ],
        command: Command::PageDown,
        description: "page down",
    },
    Binding {
        keys: &[
            (KeyCode::PageUp, NONE),
            (KeyCode::Char('b'), NONE),
            (KeyCode::Char('u'), CTRL),
        ],
        command: Command::PageUp,
        description: "page up",
    },
    Binding {
        keys: &[(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)],
        command: Command::Top,
        description: "go to the top",
    },
    Binding {
        keys: &[(KeyCode::Char('G'), NONE), (KeyCode::End, NONE)],
        command: Command::Bottom,
        description: "go to the bottom",
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        command: Command::Activate,
        description: "open the post / jump to the heading / fold a callout / show a picture",
    },
    Binding {
        keys: &[(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)],
        command: Command::ScrollRight,
        description: "open the post; in the article, scroll cut lines right",
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        command: Command::FocusNext,
        description: "next pane (list, article, contents)",
    },
    Binding {
        keys: &[(KeyCode::BackTab, NONE)],
        command: Command::FocusPrev,
        description: "previous pane",
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        command: Command::Back,
        description: "back to the list; in the list, clear the search",
    },
    Binding {
        keys: &[(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)],
        command: Command::ScrollLeft,
        description: "back; in the article, scroll cut lines left first",
    },
    Binding {
        keys: &[(KeyCode::Char('.'), NONE)],
        command: Command::GoToChange,
        description: "go to what the last save changed (g. from the top)",
    },
    Binding {
        keys: &[(KeyCode::Char('z'), NONE)],
        command: Command::Zoom,
        description: "zoom: the article alone at full width, or all panes",
    },
    Binding {
        keys: &[(KeyCode::Char(']'), NONE)],
        command: Command::NextHeading,
        description: "next heading in the article",
    },
    Binding {
        keys: &[(KeyCode::Char('['), NONE)],
        command: Command::PrevHeading,
        description: "previous heading in the article",
    },
    Binding {
        keys: &[(KeyCode::Char('c'), NONE)],
        command: Command::ToggleToc,
        description: "show or hide the contents sidebar",
    },
    Binding {
        keys: &[(KeyCode::Char('/'), NONE)],
        command: Command::Search,
        description: "search: posts ranked by relevance, as you type",
    },
    Binding {
        keys: &[(KeyCode::Char('n'), NONE)],
        command: Command::NextMatch,
        description: "next search match in the article",
    },
    Binding {
        keys: &[(KeyCode::Char('N'), NONE)],
        command: Command::PrevMatch,
        description: "previous search match in the article",
    },
    Binding {
        keys: &[(KeyCode::Char('t'), NONE)],
        command: Command::Tags,
        description: "choose tags to filter by",
    },
    Binding {
        keys: &[(KeyCode::Char('T'), NONE)],
        command: Command::ClearTags,
        description: "clear the tag filter",
    },
    Binding {
        keys: &[(KeyCode::Char('w'), NONE)],
        command: Command::Languages,
        description: "choose a language to filter by (multilingual sites)",
    },
    Binding {
        keys: &[(KeyCode::Char('W'), NONE)],
        command: Command::NextTranslation,
        description: "open the post's next translation",
    },
    Binding {
        keys: &[(KeyCode::Char('d'), NONE)],
        command: Command::Dates,
        description: "filter by date: presets or a typed range",
    },
    Binding {
        keys: &[(KeyCode::Char('s'), NONE)],
        command: Command::CycleSort,
        description: "sort by date, title, last modified or weight",
    },
    Binding {
        keys: &[(KeyCode::Char('u'), NONE)],
        command: Command::ToggleUnread,
        description: "show only unread posts, or all",
    },
    Binding {
        keys: &[(KeyCode::Char('D'), NONE)],
        command: Command::ToggleDrafts,
        description: "show drafts, scheduled and expired posts, or hide them",
    },
    Binding {
        keys: &[(KeyCode::Char('A'), NONE)],
        command: Command::ToggleAll,
        description: "show files that are not articles (redirects, partials, 404s), or hide them",
    },
    Binding {
        keys: &[(KeyCode::Char('S'), NONE)],
        command: Command::GroupSections,
        description: "group the list by section (_index.md), or not",
    },
    Binding {
        keys: &[(KeyCode::Char('m'), NONE)],
        command: Command::ToggleRead,
        description: "mark the post read or unread",
    },
    Binding {
        keys: &[(KeyCode::Char('o'), NONE)],
        command: Command::OpenLink,
        description: "follow link N: a post opens here, a web page in the browser",
    },
    Binding {
        keys: &[(KeyCode::Backspace, NONE), (KeyCode::Char('o'), CTRL)],
        command: Command::HistoryBack,
        description: "back to where a followed link was",
    },
    Binding {
        keys: &[(KeyCode::Char('i'), CTRL), (KeyCode::Char('L'), NONE)],
        command: Command::HistoryForward,
        description: "forward again (Ctrl-i where the terminal tells it from Tab)",
    },
    Binding {
        keys: &[(KeyCode::Char('y'), NONE)],
        command: Command::CopyLink,
        description: "copy link number N's URL (OSC 52)",
    },
    Binding {
        keys: &[(KeyCode::Char('e'), NONE)],
        command: Command::Edit,
        description: "edit the post in $VISUAL or $EDITOR, at the line being read",
    },
    Binding {
        keys: &[(KeyCode::Char('F'), NONE)],
        command: Command::FetchFeeds,
        description: "fetch the feeds of config.toml; new entries arrive as unread posts",
    },
    Binding {
        keys: &[(KeyCode::Char('I'), NONE)],
        command: Command::LoadRemoteImages,
        description: "fetch the open post's images from the web (never done unless asked)",
    },
    Binding {
        keys: &[(KeyCode::Char('i'), NONE)],
        command: Command::ToggleInfo,
        description: "post info: front matter, file, diagnostics",
    },
    Binding {
        keys: &[(KeyCode::Char('!'), NONE)],
        command: Command::ToggleDiagnostics,
        description: "every diagnostic in the folder (Enter opens one at its line)",
    },
    Binding {
        keys: &[(KeyCode::Char('?'), NONE)],
        command: Command::ToggleHelp,
        description: "show or hide this help",
    },
    Binding {
        keys: &[(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)],
        command: Command::Quit,
        description: "quit",
    },
];

/// The keys while typing (the search or link prompt, the tag and date pickers). Any other
/// character is typed.
pub const INPUT_BINDINGS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        command: Command::Activate,
        description: "search / apply / open",
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        command: Command::Back,
        description: "close (a search typed so far is cancelled)",
    },
    Binding {
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('p'), CTRL)],
        command: Command::Up,
        description: "previous row",
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('n'), CTRL)],
        command: Command::Down,
        description: "next row",
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        command: Command::PageUp,
        description: "page up",
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        command: Command::PageDown,
        description: "page down",
    },
    Binding {
        keys: &[(KeyCode::Char(' '), NONE)],
        command: Command::Select,
        description: "tag picker: select or unselect the tag",
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        command: Command::ToggleTagMatch,
        description: "tag picker: posts with any of / all of the tags",
    },
    Binding {
        keys: &[(KeyCode::Backspace, NONE)],
        command: Command::DeleteBack,
        description: "delete a character",
    },
    Binding {
        keys: &[(KeyCode::Char('u'), CTRL)],
        command: Command::ClearInput,
        description: "delete everything typed",
    },
    Binding {
        keys: &[(KeyCode::Char('c'), CTRL)],
        command: Command::Quit,
        description: "quit",
    },
];

/// One row of the key map in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub keys: Vec<Key>,
    pub command: Command,
    pub description: &'static str,
}

/// The key map in use: [`BINDINGS`] with the config's `[keys]` laid over it. (The keys for
/// typing, [`INPUT_BINDINGS`], are fixed.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub rows: Vec<Row>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            rows: BINDINGS
                .iter()
                .map(|b| Row {
                    keys: b.keys.to_vec(),
                    command: b.command,
                    description: b.description,
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// [`BINDINGS`] with each named command's keys replaced by the ones given (a key given to
    /// one command is taken from any other). Unknown names are skipped: the config refused them.
    pub fn with_overrides(overrides: &[(String, Vec<Key>)]) -> Self {
        let mut map = Self::default();
        let taken: Vec<Key> = overrides
            .iter()
            .flat_map(|(_, keys)| keys.clone())
            .collect();
        for row in &mut map.rows {
            row.keys.retain(|key| !taken.contains(key));
        }
        for (name, keys) in overrides {
            if let Some(row) = map
                .rows
                .iter_mut()
                .find(|r| command_name(r.command) == *name)
            {
                row.keys.clone_from(keys);
            }
        }
        map
    }

    /// How the first key bound to `command` is written, if it has one.
    pub fn first_key(&self, command: Command) -> Option<String> {
        let row = self.rows.iter().find(|r| r.command == command)?;
        row.keys.first().map(key_label)
    }

    /// How a hint names the key for `command`: its first key (`o`, `Ctrl-d`), or, when the
    /// config left it no key, its name for `[keys]` in brackets (`[open_link]`).
    pub fn hint(&self, command: Command) -> String {
        self.first_key(command)
            .unwrap_or_else(|| format!("[{}]", command.name()))
    }

    /// The command a key press is bound to, if any.
    pub fn command_for(&self, key: KeyEvent) -> Option<Command> {
        let rows = self.rows.iter().map(|r| (r.keys.as_slice(), r.command));
        command_in(rows, key)
    }
}

/// A command's name in the config's `[keys]` (see [`Command::name`]).
pub fn command_name(command: Command) -> String {
    command.name().to_string()
}

/// The names of every command that can be given keys, in the help screen's order.
pub fn command_names() -> Vec<String> {
    BINDINGS.iter().map(|b| command_name(b.command)).collect()
}

/// How a hint names the key for `command` while typing ([`INPUT_BINDINGS`], which the config
/// does not change): its first key (`Enter`, `Esc`).
pub fn input_hint(command: Command) -> String {
    INPUT_BINDINGS
        .iter()
        .find(|b| b.command == command)
        .and_then(|b| b.keys.first())
        .map_or_else(|| format!("[{}]", command.name()), key_label)
}

/// The README's key table: one row per command of [`BINDINGS`], its default keys and what it
/// does (a test keeps README.md's copy equal to it).
pub fn markdown_table() -> String {
    let mut table = String::from("| Keys | What they do |\n| --- | --- |\n");
    for binding in BINDINGS {
        let keys: Vec<String> = binding
            .keys
            .iter()
            .map(|k| format!("`{}`", key_label(k)))
            .collect();
        table.push_str(&format!(
            "| {} | {} |\n",
            keys.join(" "),
            binding.description
        ));
    }
    table
}

/// The command a key press is bound to while typing ([`INPUT_BINDINGS`]), if any.
pub fn input_command(key: KeyEvent) -> Option<Command> {
    command_in(INPUT_BINDINGS.iter().map(|b| (b.keys, b.command)), key)
}

/// The command `rows` bind a key press to, if any (releases are ignored).
fn command_in<'a>(
    mut rows: impl Iterator<Item = (&'a [Key], Command)>,
    key: KeyEvent,
) -> Option<Command> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let modifiers = key.modifiers - KeyModifiers::SHIFT;
    rows.find(|(keys, _)| {
        keys.iter()
            .any(|&(code, m)| code == key.code && m == modifiers)
    })
    .map(|(_, command)| command)
}

/// How a key is written on the help screen: `j`, `↓`, `Enter`, `Ctrl-d`.
pub fn key_label(&(code, modifiers): &Key) -> String {
    let name = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        other => other.to_string(),
    };
    if modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command bound to a key press in the default key map, if any.
    fn command_for(key: KeyEvent) -> Option<Command> {
        Keymap::default().command_for(key)
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_keys_and_arrows_map_to_the_same_commands() {
        assert_eq!(
            command_for(press(KeyCode::Char('j'), NONE)),
            Some(Command::Down)
        );
        assert_eq!(command_for(press(KeyCode::Down, NONE)), Some(Command::Down));
        assert_eq!(
            command_for(press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            command_for(press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::FocusPrev)
        );
        assert_eq!(
            command_for(press(KeyCode::Char('c'), CTRL)),
            Some(Command::Quit)
        );
        assert_eq!(command_for(press(KeyCode::Char('Z'), NONE)), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        for table in [BINDINGS, INPUT_BINDINGS] {
            let mut seen: Vec<Key> = Vec::new();
            for key in table.iter().flat_map(|b| b.keys) {
                assert!(!seen.contains(key), "{key:?} bound twice");
                seen.push(*key);
            }
        }
    }

    #[test]
    fn config_keys_replace_a_commands_keys_and_leave_their_old_command() {
        let map = Keymap::with_overrides(&[(
            "quit".to_string(),
            vec![(KeyCode::Char('x'), NONE), (KeyCode::Char('j'), NONE)],
        )]);
        let quit = |c| map.command_for(press(KeyCode::Char(c), NONE));
        assert_eq!(quit('x'), Some(Command::Quit));
        assert_eq!(quit('j'), Some(Command::Quit));
        assert_eq!(quit('q'), None, "q is no longer quit");
        assert_eq!(
            map.command_for(press(KeyCode::Down, NONE)),
            Some(Command::Down),
            "down keeps its other key"
        );
        assert_eq!(command_name(Command::PageDown), "page_down");
        assert!(command_names().contains(&"toggle_help".to_string()));
    }

    #[test]
    fn labels_read_as_keys() {
        assert_eq!(key_label(&(KeyCode::Char('d'), CTRL)), "Ctrl-d");
        assert_eq!(key_label(&(KeyCode::Char(' '), NONE)), "Space");
        assert_eq!(key_label(&(KeyCode::Enter, NONE)), "Enter");
    }

    #[test]
    fn the_readme_key_table_is_the_command_table() {
        let readme = include_str!("../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's key table should read:\n{table}"
        );
    }
}
