//! Finding posts in a 100,000-post folder (`gen_corpus.py --posts 100000 --seed 0`): a filter
//! change through the app (update, sync, draw a 160x50 frame into a `TestBackend`), and a body
//! search; building the link index and finding a post's backlinks. The bars: a filter change repaints in ≤ 50 ms, a body search completes in
//! ≤ 500 ms.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use tidings::app::{AppState, Command, Event, ui, update, update_all};
use tidings::library::links::LinkIndex;
use tidings::library::search;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 50;

/// The app with every post of the folder loaded, as after start-up, in a 160x50 terminal.
fn loaded_app() -> Option<AppState> {
    let dir = common::generated("c100000", &["--posts", "100000", "--seed", "0"])?;
    common::loaded_app(&dir, WIDTH, HEIGHT).map(|(state, _)| state)
}

fn press(state: &mut AppState, command: Command) {
    update(state, Event::Command(command));
}

/// Types `text` as a burst of keys: applied at once, one search for the lot (as the event loop
/// does with keys that arrive together).
fn typed(state: &mut AppState, text: &str) {
    update_all(state, text.chars().map(Event::Insert));
}

fn finding(c: &mut Criterion) {
    let Some(mut state) = loaded_app() else {
        return;
    };
    let mut terminal = match Terminal::new(TestBackend::new(WIDTH, HEIGHT)) {
        Ok(t) => t,
        Err(_) => return,
    };
    let mut group = c.benchmark_group("finding/100k");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));

    // In the tag picker, Space selects (then unselects) the highlighted tag: the list, the
    // counts under the other filters and the frame are made again.
    press(&mut state, Command::Tags);
    group.bench_function("tag toggle + repaint", |b| {
        b.iter(|| {
            press(&mut state, Command::Select);
            let _ = terminal.draw(|f| ui::draw(f, &state));
        });
    });
    press(&mut state, Command::Back);

    // A typed range in the date picker, applied: alternately 2022 and 2023.
    let mut year = 2022;
    group.bench_function("date range + repaint", |b| {
        b.iter(|| {
            press(&mut state, Command::Dates);
            typed(&mut state, &year.to_string());
            press(&mut state, Command::Activate);
            year = if year == 2022 { 2023 } else { 2022 };
            let _ = terminal.draw(|f| ui::draw(f, &state));
        });
    });

    group.bench_function("unread toggle + repaint", |b| {
        b.iter(|| {
            press(&mut state, Command::ToggleUnread);
            let _ = terminal.draw(|f| ui::draw(f, &state));
        });
    });

    // With a search active (its result kept), a tag toggle only intersects.
    press(&mut state, Command::Search);
    typed(&mut state, "lantern");
    press(&mut state, Command::Activate);
    press(&mut state, Command::Tags);
    group.bench_function("tag toggle with a search + repaint", |b| {
        b.iter(|| {
            press(&mut state, Command::Select);
            let _ = terminal.draw(|f| ui::draw(f, &state));
        });
    });
    press(&mut state, Command::Back);
    press(&mut state, Command::Back);

    // Searching before the index is ready: every title fuzzily, every description and body for
    // the word.
    for word in ["harbor", "lantern", "zeppelin", "Гавань"] {
        group.bench_function(format!("body search {word}"), |b| {
            b.iter(|| {
                let mut no_index = search::IndexInUse::default();
                black_box(search::search(&state.store, word, &mut no_index))
            });
        });
    }
    // The same through the app: the last key of a search typed, the list ranked, a frame.
    group.bench_function("search keystroke + repaint", |b| {
        b.iter(|| {
            press(&mut state, Command::Search);
            press(&mut state, Command::ClearInput);
            typed(&mut state, "lantern");
            let _ = terminal.draw(|f| ui::draw(f, &state));
            press(&mut state, Command::Back);
        });
    });

    // Links between posts: indexing every post's URL paths (done once per store change, when a
    // link is followed), and the backlinks the post-info view lists.
    group.bench_function("link index build", |b| {
        b.iter(|| black_box(LinkIndex::build(&state.store)));
    });
    let index = LinkIndex::build(&state.store);
    if let Some(&target) = state.store.ids().first() {
        // The first call reads every post's links; later ones, after no change, none.
        let mut cache = tidings::library::links::LinksByPost::default();
        group.bench_function("backlinks of one post", |b| {
            b.iter(|| black_box(index.backlinks(&state.store, target, &mut cache)));
        });
    }
    group.finish();
}

criterion_group!(benches, finding);
criterion_main!(benches);
