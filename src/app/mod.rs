//! The app, in the Elm shape: terminal input and background work arrive as one [`Event`] type;
//! [`update()`] changes the [`AppState`] and returns [`Effect`]s as values, which the loop
//! performs; [`ui::draw`] draws the state. Drawing never reads files and updating never touches
//! the terminal.

pub mod glyphs;
pub mod input;
pub mod layout;
pub mod overlay;
pub mod position;
pub mod start;
pub mod state;
pub mod ui;
pub mod update;

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub use crate::runtime::effects::Effect;
pub use start::{Launch, start};
pub use state::{AppState, Focus};
pub use update::{update, update_all};

pub use crate::keys::Command;
use crate::runtime::effects::{Performer, perform_all};
pub use crate::runtime::event::Event;
use crate::runtime::input::InputReader;
use crate::runtime::jobs::Pool;
use crate::runtime::threads::Threads;

/// While the initial load runs, frames are at least this far apart (ms) unless a key or mouse
/// event arrives: a 100,000-post load is then drawn ten times a second, not once per batch.
/// (At 50 ms, the terminal's work on twice the frames took a core from the load: a second
/// start of 100,000 posts on two cores was ~3% slower, interleaved, three sittings.)
pub const LOAD_FRAME_MS: u64 = 100;

/// Changes on disk that follow the last ones within this many ms are a burst (a `git checkout`,
/// a site generator writing posts), not an author's save.
pub const CHANGE_BURST_GAP_MS: u64 = 100;
/// A burst is taken in until no change has come for this many ms (the debouncer's thread
/// reads the files of each batch before it sends the next, so batches can be tens of ms
/// apart)...
pub const CHANGE_QUIET_MS: u64 = 60;
/// ...or for at most this many ms, so a long burst still shows progress.
pub const CHANGE_BURST_CAP_MS: u64 = 500;

/// What the loop works with beside the state: the events' channel (both ends: effects send
/// what comes of them back through it), the job pool, the threads started after the first
/// frame, and the input thread (paused while the editor runs).
#[derive(Debug)]
pub struct Loop<'a> {
    pub events: &'a Receiver<Event>,
    pub sender: &'a std::sync::mpsc::Sender<Event>,
    pub pool: &'a mut Pool,
    pub threads: &'a mut Threads,
    pub input: &'a InputReader,
}

/// Does `effects` (asked for before the terminal was ready), draws, then waits for events and
/// applies them, until the user quits. A burst of events (a
/// `git checkout` of hundreds of posts, a fast key repeat) is drained and applied before the
/// next frame, so it costs one redraw (and one search). Effects `update` asked for are done
/// after each burst.
///
/// Errors: the terminal cannot be drawn to.
pub fn run(
    terminal: &mut crate::runtime::terminal::Tui,
    state: &mut AppState,
    with: Loop<'_>,
    mut effects: Vec<Effect>,
) -> std::io::Result<()> {
    let Loop {
        events,
        sender,
        pool,
        threads,
        input,
    } = with;
    // What a finished load asks of the background waits for the frame showing it whole.
    state.load.progress.hold_work = true;
    let size = terminal.size()?;
    effects.extend(update(
        state,
        Event::Resize {
            width: size.width,
            height: size.height,
        },
    ));
    let mut last_change: Option<Instant> = None;
    let mut frames = FrameLog::from_env();
    let mut work_started: Option<Instant> = None;
    let mut burst_kinds = String::new();
    let mut index_ready = false;
    // For the terminal-state test (tests/e2e): a panic once the screen is taken over.
    let test_panic = std::env::var_os("TIDINGS_TEST_PANIC").is_some();
    // The first frame shows every post when they come at once (a file, a small folder): it
    // waits up to FIRST_PAINT_WAIT_MS rather than drawing an empty or partial list first.
    effects.extend(update_all(state, first_events(events)));
    loop {
        // Effects asked for by the last events are done even when they ended the app (a read
        // state to save). Work for the threads beside the app waits for the frame.
        let (background, foreground): (Vec<Effect>, Vec<Effect>) = std::mem::take(&mut effects)
            .into_iter()
            .partition(Effect::is_background);
        let mut performer = Performer {
            terminal: &mut *terminal,
            input,
            pool: &mut *pool,
            read_state: &mut state.marks.read,
            events: sender,
        };
        perform_all(&mut performer, foreground);
        if state.session.quit {
            break;
        }
        terminal.draw(|frame| ui::draw(frame, state))?;
        let drawn = Instant::now();
        // The background threads wait until the reader has nothing on its way.
        let idle = state.load.progress.finished
            && (state.reader.article.as_ref()).is_none_or(|view| view.pending.is_none());
        pool.start(idle);
        threads.start(idle);
        let mut performer = Performer {
            terminal: &mut *terminal,
            input,
            pool: &mut *pool,
            read_state: &mut state.marks.read,
            events: sender,
        };
        perform_all(&mut performer, background);
        // The watch starts once the whole load is on screen: it never delays what the reader
        // waits for.
        if state.load.progress.finished {
            threads.start_watching();
        }
        if let (Some(log), Some(started)) = (&mut frames, work_started.take()) {
            log.note(drawn - started, state.load.progress.finished, &burst_kinds);
            log.note_cpu();
            log.note_index(index_ready, state.load.indexing.is_some(), drawn - started);
        }
        if test_panic {
            panic!("TIDINGS_TEST_PANIC is set");
        }
        if state.load.progress.finished && state.load.progress.hold_work {
            // The whole list is on screen: now the background work it wants is asked for.
            state.load.progress.hold_work = false;
            effects = update(state, Event::Tick(Instant::now()));
            continue;
        }
        let first = match state.read_deadline() {
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        effects = update(state, Event::Tick(Instant::now()));
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
        // The first posts are drawn at once; later batches wait for the next frame, but the
        // end of the load is drawn when it comes (the whole list is what the reader waits for).
        let pace = !state.load.progress.finished && !state.store.is_empty();
        let now_or_never = |burst: &[Event]| {
            burst
                .iter()
                .any(|e| e.is_input() || matches!(e, Event::LoadFinished))
        };
        if pace && !now_or_never(&burst) {
            let next_frame = drawn + Duration::from_millis(LOAD_FRAME_MS);
            while let Some(left) = next_frame.checked_duration_since(Instant::now()) {
                match events.recv_timeout(left) {
                    Ok(event) => {
                        burst.push(event);
                        burst.extend(events.try_iter());
                        if now_or_never(&burst) {
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
            if streaming && !burst.iter().any(Event::is_input) {
                take_in_burst(&mut burst, events);
            }
            last_change = Some(Instant::now());
        }
        let tick = Event::Tick(Instant::now());
        work_started = Some(Instant::now());
        if let Some(log) = &mut frames {
            log.cpu_at_start = thread_cpu();
        }
        if frames.is_some() {
            burst_kinds = describe(&burst);
            index_ready = burst.iter().any(|e| {
                use crate::runtime::jobs::index::IndexReply;
                matches!(e, Event::Done(r) if matches!(r.get(), Some(IndexReply::Ready { .. })))
            });
        }
        effects = update_all(state, coalesce(burst.into_iter()).into_iter().chain([tick]));
    }
    if let Some(log) = frames {
        log.write();
    }
    Ok(())
}

/// How long the first frame waits for the load to end, in ms: a file or a small folder is
/// drawn once, whole; a large one shows what it has by then, and its progress.
pub const FIRST_PAINT_WAIT_MS: u64 = 30;

/// The events that come until the load ends, or until [`FIRST_PAINT_WAIT_MS`] has passed, or a
/// key is pressed (answered at once).
fn first_events(events: &Receiver<Event>) -> Vec<Event> {
    let deadline = Instant::now() + Duration::from_millis(FIRST_PAINT_WAIT_MS);
    let mut early = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else {
            break;
        };
        let done = matches!(event, Event::LoadFinished) || event.is_input();
        early.push(event);
        if done {
            early.extend(events.try_iter());
            break;
        }
    }
    early
}

/// With `TIDINGS_FRAME_LOG=FILE` set, how long each frame's work took (applying a burst of
/// events, doing its effects, drawing), written to FILE on quit: for the soak run
/// (`benches/soak.py`), which must see no frame over 100 ms once the folder is loaded. Frames
/// while the initial load runs (which take in a batch of posts each) are counted apart.
struct FrameLog {
    file: std::path::PathBuf,
    frames: u64,
    slowest: Duration,
    /// What the slowest frame took in, for finding why (see [`describe`]).
    slowest_burst: String,
    over_100ms: u64,
    slowest_loading: Duration,
    /// When the log began (the app's start), for the index's times.
    started: Instant,
    /// The first and the last time the search index was ready, from the start.
    index_first: Option<Duration>,
    index_last: Option<Duration>,
    /// The slowest frame while the search index was reading posts.
    slowest_indexing: Duration,
    /// When the slowest frame was, from the start, and the CPU time the UI thread spent in it:
    /// far less than its wall time means the thread waited (for a core, a lock, the disk).
    slowest_at: Duration,
    slowest_cpu: Duration,
    /// The UI thread's CPU time when the frame being timed began.
    cpu_at_start: Duration,
    /// The frame just noted was the slowest so far.
    new_slowest: bool,
}

/// CPU time the calling thread has used (zero where it cannot be read).
fn thread_cpu() -> Duration {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        let secs = u64::try_from(t.tv_sec).unwrap_or(0);
        let nanos = u32::try_from(t.tv_nsec).unwrap_or(0);
        Duration::new(secs, nanos)
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    Duration::ZERO
}

impl FrameLog {
    fn from_env() -> Option<Self> {
        let file = std::env::var_os("TIDINGS_FRAME_LOG")?;
        Some(FrameLog {
            file: file.into(),
            frames: 0,
            slowest: Duration::ZERO,
            slowest_burst: String::new(),
            over_100ms: 0,
            slowest_loading: Duration::ZERO,
            started: Instant::now(),
            index_first: None,
            index_last: None,
            slowest_indexing: Duration::ZERO,
            slowest_at: Duration::ZERO,
            slowest_cpu: Duration::ZERO,
            cpu_at_start: Duration::ZERO,
            new_slowest: false,
        })
    }

    /// Notes the search index's events of a burst: when it was ready, and the frames taken
    /// while it read posts.
    fn note_index(&mut self, index_ready: bool, indexing: bool, took: Duration) {
        if index_ready {
            let at = self.started.elapsed();
            self.index_first.get_or_insert(at);
            self.index_last = Some(at);
        }
        if indexing {
            self.slowest_indexing = self.slowest_indexing.max(took);
        }
    }

    fn note(&mut self, took: Duration, loaded: bool, burst: &str) {
        if !loaded {
            self.slowest_loading = self.slowest_loading.max(took);
            return;
        }
        self.frames += 1;
        self.new_slowest = took > self.slowest;
        if self.new_slowest {
            self.slowest = took;
            self.slowest_burst = burst.to_string();
            self.slowest_at = self.started.elapsed();
        }
        if took > Duration::from_millis(100) {
            self.over_100ms += 1;
        }
    }

    /// Notes the CPU time of the frame just noted, if it was the slowest.
    fn note_cpu(&mut self) {
        if std::mem::take(&mut self.new_slowest) {
            self.slowest_cpu = thread_cpu().saturating_sub(self.cpu_at_start);
        }
    }

    /// Writes `frames N`, `slowest_ms X`, `slowest_burst …`, `slowest_at_s` (from the start),
    /// `slowest_cpu_ms`, `over_100ms K`, `slowest_loading_ms Y`, then `index_ready_ms`,
    /// `index_last_ms` (from the start; `-` for never) and `slowest_indexing_ms`, one per line;
    /// a failure is ignored (the app is ending, and this is for tests).
    fn write(&self) {
        let ms = |d: Option<Duration>| {
            d.map_or("-".to_string(), |d| {
                format!("{:.1}", d.as_secs_f64() * 1000.0)
            })
        };
        let text = format!(
            "frames {}\nslowest_ms {:.1}\nslowest_burst {}\nslowest_at_s {:.1}\nslowest_cpu_ms {:.1}\n\
             over_100ms {}\nslowest_loading_ms {:.1}\n\
             index_ready_ms {}\nindex_last_ms {}\nslowest_indexing_ms {:.1}\n",
            self.frames,
            self.slowest.as_secs_f64() * 1000.0,
            self.slowest_burst,
            self.slowest_at.as_secs_f64(),
            self.slowest_cpu.as_secs_f64() * 1000.0,
            self.over_100ms,
            self.slowest_loading.as_secs_f64() * 1000.0,
            ms(self.index_first),
            ms(self.index_last),
            self.slowest_indexing.as_secs_f64() * 1000.0,
        );
        let _ = std::fs::write(&self.file, text);
    }
}

/// A burst's events by kind, for the frame log: `Command(Up) Insert Changed(12)`.
fn describe(burst: &[Event]) -> String {
    burst
        .iter()
        .map(|event| match event {
            Event::Command(command) => format!("Command({command:?})"),
            Event::Key(key) => format!("Key({:?})", key.code),
            Event::Changed { changes, .. } => format!("Changed({})", changes.len()),
            Event::Loaded { posts, .. } => format!("Loaded({})", posts.len()),
            Event::Done(result) => format!("Done({})", result.kind()),
            other => format!("{other:?}").chars().take(24).collect(),
        })
        .collect::<Vec<_>>()
        .join(" ")
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
                let input = event.is_input();
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
            // Batches stay apart, in order: the state stores consecutive ones at once
            // (`AppState::take_in_loaded`), and joining them here moved every post again.
            Event::Loaded { .. } => out.push(event),
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
    use std::sync::Arc;

    fn batch(n: usize) -> Event {
        let posts = (0..n)
            .map(|i| Post::parse(Path::new(&format!("{i}.md")), "x", None))
            .map(Arc::new)
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

        tx.send(Event::Command(Command::Up)).expect("send");
        tx.send(change()).expect("send");
        let mut burst = Vec::new();
        take_in_burst(&mut burst, &rx);
        assert_eq!(burst.len(), 2, "the late change, then the key stops it");
        assert!(burst[1].is_input());
    }

    /// A batch of `n` posts named `{name}{i}.md`.
    fn named(name: &str, n: usize) -> Event {
        let posts = (0..n)
            .map(|i| Post::parse(Path::new(&format!("/p/{name}{i}.md")), "x", None))
            .map(Arc::new)
            .collect();
        Event::Loaded {
            posts,
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_burst_of_loader_batches_is_stored_at_once_and_order_is_kept() {
        let mut state = AppState::new(crate::theme::Theme::no_color());
        let before = state.store.generation();
        let events = vec![
            named("a", 2),
            named("b", 3),
            Event::LoadFinished,
            named("c", 1),
        ];
        let events = coalesce(events.into_iter());
        assert_eq!(events.len(), 4, "batches are not moved into one");
        update_all(&mut state, events);
        assert_eq!(state.store.len(), 6);
        // The two batches before the end of the load at once, the one after it at the refresh.
        assert_eq!(state.store.generation() - before, 2);
        assert!(state.load.incoming.is_empty());
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
        assert_eq!(merged.len(), 4);
        assert!(matches!(&merged[0], Event::Loaded { posts, .. } if posts.len() == 2));
        assert!(matches!(&merged[1], Event::Loaded { posts, .. } if posts.len() == 3));
        assert!(matches!(merged[2], Event::Discovered { files: 20, .. }));
        assert!(matches!(merged[3], Event::LoadFinished));
    }
}
