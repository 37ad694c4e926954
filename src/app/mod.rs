//! The app, in the Elm shape: terminal input and background events become an [`Action`];
//! [`update`] changes the [`AppState`]; [`ui::draw`] draws it. Drawing never reads files and
//! updating never touches the terminal.

pub mod action;
pub mod effects;
pub mod input;
pub mod layout;
pub mod position;
pub mod state;
pub mod ui;
pub mod update;

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

pub use action::{Action, Command, Effect};
pub use state::{AppState, Focus};
pub use update::{apply, update};

use crate::runtime::event::{Event, InputReader};

/// While the initial load runs, frames are at least this far apart (ms) unless a key or mouse
/// event arrives: a 100,000-post load is then drawn a few dozen times, not once per batch.
pub const LOAD_FRAME_MS: u64 = 50;

/// Changes on disk that follow the last ones within this many ms are a burst (a `git checkout`,
/// a site generator writing posts), not an author's save.
pub const CHANGE_BURST_GAP_MS: u64 = 100;
/// A burst is taken in until no change has come for this many ms (the debouncer's thread
/// reads the files of each batch before it sends the next, so batches can be tens of ms
/// apart)...
pub const CHANGE_QUIET_MS: u64 = 60;
/// ...or for at most this many ms, so a long burst still shows progress.
pub const CHANGE_BURST_CAP_MS: u64 = 500;

/// Draws, then waits for events and applies them, until the user quits. A burst of events (a
/// `git checkout` of hundreds of posts, a fast key repeat) is drained and applied before the
/// next frame, so it costs one redraw (and one search). Effects `update` asked for are done
/// after each burst.
///
/// Errors: the terminal cannot be drawn to.
pub fn run(
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut AppState,
    events: &Receiver<Event>,
    tx: &Sender<Event>,
    input: &InputReader,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    update(
        state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut last_change: Option<Instant> = None;
    // For the terminal-state test (tests/e2e): a panic once the screen is taken over.
    let test_panic = std::env::var_os("TIDINGS_TEST_PANIC").is_some();
    while !state.quit {
        if let Some((id, blocks)) = state.colour_request.take() {
            crate::runtime::event::spawn_colouring(id, blocks, tx.clone());
        }
        if let Some(request) = state.render_request.take() {
            crate::runtime::event::spawn_rendering(request, tx.clone());
        }
        terminal.draw(|frame| ui::draw(frame, state))?;
        let drawn = Instant::now();
        if test_panic {
            panic!("TIDINGS_TEST_PANIC is set");
        }
        let first = match state.read_deadline() {
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        update(state, Action::Tick(Instant::now()));
                        effects::perform_all(terminal, state, input);
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
            None => match events.recv() {
                Ok(event) => event,
                Err(_) => return Ok(()),
            },
        };
        let mut burst: Vec<Event> = std::iter::once(first).chain(events.try_iter()).collect();
        // The first posts are drawn at once; later batches wait for the next frame.
        let pace = !state.loading.finished && !state.store.is_empty();
        if pace && !burst.iter().any(is_input) {
            let next_frame = drawn + Duration::from_millis(LOAD_FRAME_MS);
            while let Some(left) = next_frame.checked_duration_since(Instant::now()) {
                match events.recv_timeout(left) {
                    Ok(event) => {
                        let input = is_input(&event);
                        burst.push(event);
                        burst.extend(events.try_iter());
                        if input {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
        }
        // A lone save is drawn at once; the rest of a burst of changes is taken in whole first,
        // so a checkout of hundreds of posts costs a repaint or two, not one per debounced batch.
        if burst.iter().any(is_change) {
            let streaming = last_change
                .is_some_and(|t| t.elapsed() < Duration::from_millis(CHANGE_BURST_GAP_MS));
            if streaming && !burst.iter().any(is_input) {
                take_in_burst(&mut burst, events);
            }
            last_change = Some(Instant::now());
        }
        // Each action sees the state the ones before it left, except that a run of typed
        // characters is applied at once: one search for a burst of keys, not one per key.
        let mut typed = false;
        for event in coalesce(burst.into_iter()) {
            let Some(action) = input::action_for(event, state) else {
                continue;
            };
            let typing = matches!(action, Action::Insert(_));
            if !(typing && typed) {
                state.sync();
            }
            typed = typing;
            apply(state, action);
            if state.quit {
                break;
            }
        }
        state.tick(Instant::now());
        state.sync();
        effects::perform_all(terminal, state, input);
    }
    Ok(())
}

fn is_input(event: &Event) -> bool {
    matches!(
        event,
        Event::Input(_) | Event::InputClosed | Event::Signalled(_)
    )
}

fn is_change(event: &Event) -> bool {
    matches!(event, Event::Changed { .. })
}

/// Adds to `burst` the events that come until changes stop for [`CHANGE_QUIET_MS`], for at
/// most [`CHANGE_BURST_CAP_MS`], or until a key or mouse event (answered at once).
fn take_in_burst(burst: &mut Vec<Event>, events: &Receiver<Event>) {
    let cap = Instant::now() + Duration::from_millis(CHANGE_BURST_CAP_MS);
    let quiet = Duration::from_millis(CHANGE_QUIET_MS);
    while let Some(left) = cap.checked_duration_since(Instant::now()) {
        match events.recv_timeout(quiet.min(left)) {
            Ok(event) => {
                let input = is_input(&event);
                burst.push(event);
                if input {
                    return;
                }
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Merges runs of loader batches into one, so a burst of them is sorted and listed once. Walk
/// progress between batches does not break a run: only the latest count is kept, and it is
/// applied after the batches. Anything else does, so changes apply in the order they happened.
fn coalesce(events: impl Iterator<Item = Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    let mut progress: Option<Event> = None;
    for event in events {
        match event {
            Event::Discovered { .. } => progress = Some(event),
            Event::Loaded {
                posts: more,
                errors: failed,
            } => match out.last_mut() {
                Some(Event::Loaded { posts, errors }) => {
                    posts.extend(more);
                    errors.extend(failed);
                }
                _ => out.push(Event::Loaded {
                    posts: more,
                    errors: failed,
                }),
            },
            other => {
                out.extend(progress.take());
                out.push(other);
            }
        }
    }
    out.extend(progress);
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

    fn change() -> Event {
        Event::Changed {
            changes: Vec::new(),
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_burst_of_changes_is_taken_in_until_it_stops_or_a_key_comes() {
        let (tx, rx) = crate::runtime::event::channel();
        let sender = std::thread::spawn(move || {
            for _ in 0..5 {
                let _ = tx.send(change());
                std::thread::sleep(Duration::from_millis(15));
            }
            std::thread::sleep(Duration::from_millis(CHANGE_QUIET_MS * 3));
            let _ = tx.send(change());
            tx
        });
        let mut burst = Vec::new();
        take_in_burst(&mut burst, &rx);
        assert_eq!(burst.len(), 5, "the change after the quiet gap waits");
        let tx = sender.join().expect("sender");

        let key = ratatui::crossterm::event::Event::FocusGained;
        tx.send(Event::Input(key)).expect("send");
        tx.send(change()).expect("send");
        let mut burst = Vec::new();
        take_in_burst(&mut burst, &rx);
        assert_eq!(burst.len(), 2, "the late change, then the key stops it");
        assert!(is_input(&burst[1]));
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

    #[test]
    fn walk_progress_does_not_split_batches_and_only_the_latest_counts() {
        let found = |files| Event::Discovered {
            files,
            finished: false,
        };
        let events = vec![
            batch(2),
            found(10),
            batch(3),
            found(20),
            Event::LoadFinished,
        ];
        let merged = coalesce(events.into_iter());
        assert_eq!(merged.len(), 3);
        assert!(matches!(&merged[0], Event::Loaded { posts, .. } if posts.len() == 5));
        assert!(matches!(merged[1], Event::Discovered { files: 20, .. }));
        assert!(matches!(merged[2], Event::LoadFinished));
    }
}
