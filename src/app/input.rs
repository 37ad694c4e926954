//! Terminal input and background events as the app sees them: a key is a [`Command`] from the
//! key map in use, or a character typed into the prompt or a picker.

use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::action::Action;
use super::state::{AppState, Overlay};
use crate::keys::{Command, input_command};
use crate::runtime::event::Event;

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
    if let Some(command) = input_command(key) {
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

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn while_typing_letters_are_text_and_space_selects_only_in_the_tag_picker() {
        let mut state = AppState::new(crate::theme::Theme::no_color());
        let key = |c| Event::Input(TermEvent::Key(press(KeyCode::Char(c), KeyModifiers::NONE)));
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
}
