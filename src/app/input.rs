//! A key press as the app reads it: a [`Command`] from the key map in use, or a character typed
//! into the prompt or a picker.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::state::{AppState, Overlay};
use crate::keys::{Command, input_command};
use crate::runtime::event::Event;

/// Whether keys are being typed into the prompt or a picker.
pub fn typing(state: &AppState) -> bool {
    state.popup.prompt.is_some() || state.popup.overlay.is_some_and(|o| o.takes_text())
}

/// What a key does while typing: a binding of [`crate::keys::INPUT_BINDINGS`], or a typed character.
fn typed(key: KeyEvent, state: &AppState) -> Option<Event> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let tag_picker = state.popup.overlay == Some(Overlay::Tags) && state.popup.prompt.is_none();
    if key.code == KeyCode::Char(' ') && !tag_picker {
        return Some(Event::Insert(' '));
    }
    // A date range is digits, `-` and `.`: the date picker's other keys move in its list as
    // they move anywhere (`j`, `k`, `g`, `G`).
    let date_picker = state.popup.overlay == Some(Overlay::Dates) && state.popup.prompt.is_none();
    if date_picker
        && let KeyCode::Char(c) = key.code
        && !c.is_ascii_digit()
        && !matches!(c, '-' | '.' | ' ')
        && let Some(command) = state.settings.keymap.command_for(key)
        && command.is_movement()
    {
        return Some(Event::Command(command));
    }
    if let Some(command) = input_command(key) {
        return Some(Event::Command(command));
    }
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Event::Insert(c))
        }
        _ => None,
    }
}

/// What a key press asks for in the current state, as an [`Event::Command`] or an
/// [`Event::Insert`]. While typing, keys go to the prompt or picker
/// ([`crate::keys::INPUT_BINDINGS`]); while another overlay is shown, only the keys that scroll
/// or close it (and quit) do anything.
pub fn read_key(key: KeyEvent, state: &AppState) -> Option<Event> {
    if typing(state) {
        return typed(key, state);
    }
    let mut command = state.settings.keymap.command_for(key)?;
    // Over an overlay, the sideways keys close it or choose, as Back and Activate do.
    if state.popup.overlay.is_some() {
        command = match command {
            Command::ScrollLeft => Command::Back,
            Command::ScrollRight => Command::Activate,
            other => other,
        };
    }
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
    // The language picker is chosen from with Enter (or Space), and its key closes it.
    let for_picker = state.popup.overlay == Some(Overlay::Languages)
        && matches!(
            command,
            Command::Activate | Command::Select | Command::Languages
        );
    // A picture shown whole closes with Enter, as it opened; Enter in the diagnostics opens
    // the chosen one's post at its line.
    let for_picture = matches!(
        state.popup.overlay,
        Some(Overlay::Picture | Overlay::Diagnostics)
    ) && command == Command::Activate;
    if state.popup.overlay.is_some() && !for_overlay && !for_picker && !for_picture {
        return None;
    }
    Some(Event::Command(command))
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
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert!(matches!(
            read_key(key('q'), &state),
            Some(Event::Command(Command::Quit))
        ));
        state.popup.prompt = Some(crate::app::state::Prompt::Search);
        assert!(matches!(
            read_key(key('q'), &state),
            Some(Event::Insert('q'))
        ));
        assert!(matches!(
            read_key(key(' '), &state),
            Some(Event::Insert(' '))
        ));
        state.popup.prompt = None;
        state.popup.overlay = Some(Overlay::Tags);
        assert!(matches!(
            read_key(key(' '), &state),
            Some(Event::Command(Command::Select))
        ));
        assert!(matches!(
            read_key(key('j'), &state),
            Some(Event::Insert('j'))
        ));
    }

    #[test]
    fn the_language_picker_takes_enter_and_its_own_key_but_not_others() {
        let mut state = AppState::new(crate::theme::Theme::no_color());
        state.popup.overlay = Some(Overlay::Languages);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert!(matches!(
            read_key(enter, &state),
            Some(Event::Command(Command::Activate))
        ));
        let w = press(KeyCode::Char('w'), KeyModifiers::NONE);
        assert!(matches!(
            read_key(w, &state),
            Some(Event::Command(Command::Languages))
        ));
        assert!(read_key(press(KeyCode::Char('t'), KeyModifiers::NONE), &state).is_none());
        // Other overlays do not take Enter.
        state.popup.overlay = Some(Overlay::Help);
        assert!(read_key(enter, &state).is_none());
    }
}
