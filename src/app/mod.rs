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
        for event in coalesce(std::iter::once(first).chain(events.try_iter())) {
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

/// Merges runs of loader batches into one, so a burst of them is sorted and listed once.
fn coalesce(events: impl Iterator<Item = Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for event in events {
        match (out.last_mut(), event) {
            (
                Some(Event::Loaded { posts, errors }),
                Event::Loaded {
                    posts: more,
                    errors: failed,
                },
            ) => {
                posts.extend(more);
                errors.extend(failed);
            }
            (_, event) => out.push(event),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use std::path::Path;

    fn batch(n: usize) -> Event {
        let posts = (0..n)
            .map(|i| Post::parse(Path::new(&format!("{i}.md")), "x", None))
            .collect();
        Event::Loaded {
            posts,
            errors: Vec::new(),
        }
    }

    #[test]
    fn adjacent_loader_batches_are_merged_and_order_is_kept() {
        let events = vec![batch(2), batch(3), Event::LoadFinished, batch(1)];
        let merged = coalesce(events.into_iter());
        assert_eq!(merged.len(), 3);
        assert!(matches!(&merged[0], Event::Loaded { posts, .. } if posts.len() == 5));
        assert!(matches!(merged[1], Event::LoadFinished));
        assert!(matches!(&merged[2], Event::Loaded { posts, .. } if posts.len() == 1));
    }
}
