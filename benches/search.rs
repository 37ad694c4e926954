//! Search through the index on generated folders of 10,000 and 100,000 posts
//! (`gen_corpus.py --seed 0`): building the index from the store, and what a keystroke costs
//! through the app (the event applied: the search, the ranking, the snippets of the rows in
//! view; then a 160x50 frame drawn into a `TestBackend`). The bars: a keystroke's new
//! results in ≤ 20 ms p95 on 10k posts and ≤ 100 ms p95 on 100k; the 100k index built in
//! ≤ 15 s. Percentiles of the keystrokes are printed (criterion gives the median of a
//! repeated one).

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use tidings::app::{AppState, Command, Event, ui, update};
use tidings::library::search::IndexWriterHandle;
use tidings::runtime::jobs::index::{IndexJob, IndexReply, with_languages};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 50;

/// What a reader types, a key at a time: common words (half the posts hold them), rare ones,
/// Russian, Chinese, and a word one edit off.
const QUERIES: [&str; 6] = [
    "sensor policy",
    "hidden telescope festival",
    "гавань",
    "委员会",
    "telescpe",
    "\"broad tunnel\"",
];

/// The app loaded with `dir`'s posts and searching through an index of them (built here, in
/// memory; its build time is printed).
fn indexed_app(name: &str, posts: &str) -> Option<AppState> {
    let dir = common::generated(name, &["--posts", posts, "--seed", "0"])?;
    let (mut state, effects) = common::loaded_app(&dir, WIDTH, HEIGHT)?;
    let snapshot = effects
        .into_iter()
        .find_map(|e| e.into_job::<IndexJob>().and_then(|job| job.posts))?;
    let mut handle = IndexWriterHandle::open(None).ok()?;
    let started = Instant::now();
    handle.sync(with_languages(&snapshot), |_, _| {}).ok()?;
    eprintln!(
        "search/{name}: index of {} posts built in {:.2} s",
        snapshot.len(),
        started.elapsed().as_secs_f64()
    );
    let index = handle.index();
    update(
        &mut state,
        Event::done(IndexReply::Ready { index, version: 1 }),
    );
    Some(state)
}

/// Types `text` a key at a time into the search prompt, drawing after each; the time each key
/// took.
fn type_query(
    state: &mut AppState,
    terminal: &mut Terminal<TestBackend>,
    text: &str,
) -> Vec<Duration> {
    update(state, Event::Command(Command::Search));
    update(state, Event::Command(Command::ClearInput));
    let mut took = Vec::new();
    for c in text.chars() {
        let started = Instant::now();
        update(state, Event::Insert(c));
        let _ = terminal.draw(|f| ui::draw(f, state));
        took.push(started.elapsed());
    }
    update(state, Event::Command(Command::Back));
    took
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn search(c: &mut Criterion) {
    for (name, posts) in [("c10000", "10000"), ("c100000", "100000")] {
        let Some(mut state) = indexed_app(name, posts) else {
            continue;
        };
        let Ok(mut terminal) = Terminal::new(TestBackend::new(WIDTH, HEIGHT));
        let mut keys = Vec::new();
        for _ in 0..5 {
            for query in QUERIES {
                keys.extend(type_query(&mut state, &mut terminal, query));
            }
        }
        keys.sort();
        eprintln!(
            "search/{name}: {} keystrokes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            keys.len(),
            percentile(&keys, 0.5),
            percentile(&keys, 0.95),
            percentile(&keys, 1.0)
        );
        let mut group = c.benchmark_group(format!("search/{name}"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("type \"sensor policy\" + a frame per key", |b| {
            b.iter(|| type_query(&mut state, &mut terminal, "sensor policy"));
        });
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
