//! The app, in the Elm shape: terminal input and background events become an [`Action`];
//! [`update`] changes the [`AppState`]; [`ui::draw`] draws it. Drawing never reads files and
//! updating never touches the terminal.

pub mod action;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod ui;
pub mod update;

use std::sync::mpsc::Receiver;

pub use action::{Action, Command};
pub use state::{AppState, Focus};
pub use update::update;

use crate::event::Event;

/// Draws, then waits for events and applies them, until the user quits. A burst of events (a
/// `git checkout` of hundreds of posts, a fast key repeat) is drained and applied before the
/// next frame, so it costs one redraw.
///
/// Errors: the terminal cannot be drawn to.
pub fn run(
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut AppState,
    events: &Receiver<Event>,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    update(
        state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    while !state.quit {
        terminal.draw(|frame| ui::draw(frame, state))?;
        let Ok(first) = events.recv() else {
            return Ok(());
        };
        for event in std::iter::once(first).chain(events.try_iter()) {
            if let Some(action) = keymap::action_for(event, state) {
                update(state, action);
            }
            if state.quit {
                break;
            }
        }
    }
    Ok(())
}
