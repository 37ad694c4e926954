//! The one table binding keys to [`Command`]s, with a description per entry: the help screen is
//! built from it, so the two cannot disagree.

use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::action::{Action, Command};
use super::state::AppState;
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
        description: "back to the list",
    },
    Binding {
        keys: &[(KeyCode::Char('t'), NONE)],
        command: Command::CycleTag,
        description: "cycle the tag filter (every tag, then all posts)",
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

/// The command bound to a key press, if any.
pub fn command_for(key: KeyEvent) -> Option<Command> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let modifiers = key.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|&(code, m)| code == key.code && m == modifiers)
        })
        .map(|b| b.command)
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
        other => other.to_string(),
    };
    if modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// The action an event amounts to in the current state. While an overlay is shown, only the keys
/// that close it (and quit) do anything.
pub fn action_for(event: Event, state: &AppState) -> Option<Action> {
    match event {
        Event::Input(TermEvent::Key(key)) => {
            let command = command_for(key)?;
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(command_for(press(KeyCode::Char('c'), NONE)), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen: Vec<Key> = Vec::new();
        for key in BINDINGS.iter().flat_map(|b| b.keys) {
            assert!(!seen.contains(key), "{key:?} bound twice");
            seen.push(*key);
        }
    }

    #[test]
    fn labels_read_as_keys() {
        assert_eq!(key_label(&(KeyCode::Char('d'), CTRL)), "Ctrl-d");
        assert_eq!(key_label(&(KeyCode::Char(' '), NONE)), "Space");
        assert_eq!(key_label(&(KeyCode::Enter, NONE)), "Enter");
    }
}
