//! Loading a folder into the store, and querying it: `cargo bench --bench load`.
//!
//! The folders are made by `../shared/tools/gen_corpus.py` (1k, 10k and 100k posts, seed 0) into
//! `target/bench-corpora/` the first time; without the tool the loading benchmarks are skipped
//! with a message. The query benchmark builds its 100k posts in memory and always runs.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tidings::content::Post;
use tidings::content::loader::Root;
use tidings::library::store::{Change, Filter, Store};
use tidings::runtime::event::{self, Event};

/// The generated folder of `posts` posts (seed 0), made on first use; `None` when the
/// generator is absent.
fn corpus(posts: usize) -> Option<PathBuf> {
    let count = posts.to_string();
    common::generated(&format!("c{posts}"), &["--posts", &count, "--seed", "0"])
}

/// What the app does at start: the loader thread walks and reads, and this thread applies the
/// batches to the store as they arrive, all those waiting at once (as the app's event loop
/// drains its queue). Returns the store once the load is over.
fn load(dir: &Path) -> Store {
    let root = Root::new(dir).expect("corpus folder");
    let (tx, rx) = event::channel();
    let loader = tidings::runtime::load::spawn_loader(vec![root], tx, None, None);
    let mut store = Store::new();
    let mut finished = false;
    while !finished {
        let Ok(first) = rx.recv() else { break };
        let mut posts = Vec::new();
        for event in std::iter::once(first).chain(rx.try_iter()) {
            match event {
                Event::Loaded { posts: batch, .. } => posts.extend(batch),
                Event::LoadFinished => finished = true,
                _ => {}
            }
        }
        let count = posts.len();
        store.extend(posts, count);
    }
    let _ = loader.join();
    store
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for posts in [1_000, 10_000, 100_000] {
        let Some(dir) = corpus(posts) else { return };
        group.bench_with_input(BenchmarkId::from_parameter(posts), &dir, |b, dir| {
            b.iter(|| {
                let store = load(dir);
                assert_eq!(store.len(), posts);
                store
            });
        });
    }
    group.finish();
}

/// 100,000 small posts over 2020–2024 with 25 tags, one or two each, built in memory.
fn synthetic_store() -> Store {
    let mut store = Store::new();
    let posts = (0..100_000u32).map(|i| {
        let day = jiff::civil::date(2020, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(i % 1827)))
            .expect("in range");
        let text = format!(
            "---\ntitle: Post {i}\ndate: {day}\ntags: [t{}, t{}]\n---\nBody of post {i}.\n",
            i % 25,
            (i / 25) % 25
        );
        let path = format!("/bench/{i}.md");
        Change::Upsert(Box::new(Post::parse(Path::new(&path), text, None)))
    });
    store.apply(posts);
    store
}

fn querying(c: &mut Criterion) {
    let store = synthetic_store();
    let filter = Filter {
        tags: vec!["t3".to_string()],
        from: Some(jiff::civil::date(2023, 1, 1)),
        to: Some(jiff::civil::date(2023, 12, 31)),
        ..Filter::default()
    };
    assert!(!store.query(&filter).is_empty());
    c.bench_function("query/tag+date/100k", |b| b.iter(|| store.query(&filter)));
    let everything = Filter::default();
    c.bench_function("query/all/100k", |b| b.iter(|| store.query(&everything)));
}

criterion_group!(benches, querying, loading);
criterion_main!(benches);
