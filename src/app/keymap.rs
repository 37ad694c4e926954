//! The one table binding keys to [`Command`]s, with a description per entry: the help screen is
//! built from it, so the two cannot disagree.

use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::action::{Action, Command};
use super::state::{AppState, Overlay};
use crate::event::Event;

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
        keys: &[
            (KeyCode::Enter, NONE),
            (KeyCode::Char('l'), NONE),
            (KeyCode::Right, NONE),
        ],
        command: Command::Activate,
        description: "open the post / jump to the heading",
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
        keys: &[
            (KeyCode::Esc, NONE),
            (KeyCode::Char('h'), NONE),
            (KeyCode::Left, NONE),
        ],
        command: Command::Back,
        description: "back to the list; in the list, clear the search",
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
        description: "search titles (fuzzy) and bodies (exact words)",
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
        keys: &[(KeyCode::Char('d'), NONE)],
        command: Command::Dates,
        description: "filter by date: presets or a typed range",
    },
    Binding {
        keys: &[(KeyCode::Char('s'), NONE)],
        command: Command::CycleSort,
        description: "sort by date, title or last modified",
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
        description: "edit the post in $VISUAL or $EDITOR",
    },
    Binding {
        keys: &[(KeyCode::Char('i'), NONE)],
        command: Command::ToggleInfo,
        description: "post info: front matter, file, diagnostics",
    },
    Binding {
        keys: &[(KeyCode::Char('!'), NONE)],
        command: Command::ToggleDiagnostics,
        description: "every diagnostic in the folder",
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

    /// The command a key press is bound to, if any.
    pub fn command_for(&self, key: KeyEvent) -> Option<Command> {
        let rows = self.rows.iter().map(|r| (r.keys.as_slice(), r.command));
        command_in(rows, key)
    }
}

/// A command's name in the config's `[keys]`: its name in snake case (`page_down`).
pub fn command_name(command: Command) -> String {
    let mut name = String::new();
    for c in format!("{command:?}").chars() {
        if c.is_uppercase() && !name.is_empty() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

/// The names of every command that can be given keys, in the help screen's order.
pub fn command_names() -> Vec<String> {
    BINDINGS.iter().map(|b| command_name(b.command)).collect()
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

/// Whether keys are being typed into the prompt or a picker.
pub fn typing(state: &AppState) -> bool {
    state.prompt.is_some() || state.overlay.is_some_and(|o| o.takes_text())
}

/// What a key does while typing: a binding of [`INPUT_BINDINGS`], or a typed character.
fn typed(key: KeyEvent, state: &AppState) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let tag_picker = state.overlay == Some(Overlay::Tags) && state.prompt.is_none();
    if key.code == KeyCode::Char(' ') && !tag_picker {
        return Some(Action::Insert(' '));
    }
    let input = INPUT_BINDINGS.iter().map(|b| (b.keys, b.command));
    if let Some(command) = command_in(input, key) {
        return Some(Action::Command(command));
    }
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Insert(c))
        }
        _ => None,
    }
}

/// The action an event amounts to in the current state. While typing, keys go to the prompt
/// or picker ([`INPUT_BINDINGS`]); while another overlay is shown, only the keys that scroll or
/// close it (and quit) do anything.
pub fn action_for(event: Event, state: &AppState) -> Option<Action> {
    match event {
        Event::Input(TermEvent::Key(key)) if typing(state) => typed(key, state),
        Event::Input(TermEvent::Mouse(mouse)) => Some(Action::Mouse(mouse)),
        Event::Input(TermEvent::Key(key)) => {
            let command = state.keymap.command_for(key)?;
            // An overlay takes the keys that scroll or close it, and quit.
            let for_overlay = matches!(
                command,
                Command::ToggleHelp
                    | Command::ToggleInfo
                    | Command::ToggleDiagnostics
                    | Command::Back
                    | Command::Quit
                    | Command::Up
                    | Command::Down
                    | Command::PageUp
                    | Command::PageDown
                    | Command::Top
                    | Command::Bottom
            );
            if state.overlay.is_some() && !for_overlay {
                return None;
            }
            Some(Action::Command(command))
        }
        Event::Input(TermEvent::Resize(width, height)) => Some(Action::Resize { width, height }),
        Event::Input(_) => None,
        Event::Discovered { files, finished } => Some(Action::Discovered { files, finished }),
        Event::Loaded { posts, errors } => Some(Action::Loaded { posts, errors }),
        Event::LoadFinished => Some(Action::LoadFinished),
        Event::Changed { changes, errors } => Some(Action::Changed { changes, errors }),
        Event::Notice(text) => Some(Action::Notice(text)),
        Event::Coloured { id, colours } => Some(Action::Coloured { id, colours }),
        Event::InputClosed => Some(Action::Command(Command::Quit)),
        Event::Signalled(signal) => Some(Action::Signalled(signal)),
        Event::Rendered {
            id,
            revision,
            width,
            doc,
        } => Some(Action::Rendered {
            id,
            revision,
            width,
            doc,
        }),
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
        assert_eq!(command_for(press(KeyCode::Char('z'), NONE)), None);
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
    fn while_typing_letters_are_text_and_space_selects_only_in_the_tag_picker() {
        let mut state = AppState::new(crate::theme::Theme::no_color());
        let key = |c| Event::Input(TermEvent::Key(press(KeyCode::Char(c), NONE)));
        assert!(matches!(
            action_for(key('q'), &state),
            Some(Action::Command(Command::Quit))
        ));
        state.prompt = Some(crate::app::state::Prompt::Search);
        assert!(matches!(
            action_for(key('q'), &state),
            Some(Action::Insert('q'))
        ));
        assert!(matches!(
            action_for(key(' '), &state),
            Some(Action::Insert(' '))
        ));
        state.prompt = None;
        state.overlay = Some(Overlay::Tags);
        assert!(matches!(
            action_for(key(' '), &state),
            Some(Action::Command(Command::Select))
        ));
        assert!(matches!(
            action_for(key('j'), &state),
            Some(Action::Insert('j'))
        ));
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
}
