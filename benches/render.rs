//! Rendering a post for the article pane: `cargo bench --bench render`.
//!
//! The post is a 200 KB English Markdown post made by `../shared/tools/gen_corpus.py` (`--posts 1
//! --body-kb 200 --lang en --txt-share 0`, seed 0) into `target/bench-corpora/long200k` the first
//! time; without the tool the benchmark is skipped with a message.

mod common;

use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tidings::content::Post;
use tidings::content::loader::{self, Root};
use tidings::content::reading::Reading;
use tidings::render::highlight::{self, CodeColours};
use tidings::render::render_post;
use tidings::theme::Theme;

/// The generated post's path, made on first use; `None` when the generator is absent.
fn long_post() -> Option<PathBuf> {
    let args = [
        "--posts",
        "1",
        "--body-kb",
        "200",
        "--lang",
        "en",
        "--txt-share",
        "0",
        "--seed",
        "0",
    ];
    let dir = common::generated("long200k", &args)?;
    let root = Root::new(&dir).ok()?;
    loader::discover(&root).0.into_iter().next()
}

fn rendering(c: &mut Criterion) {
    let Some(path) = long_post() else { return };
    let text = std::fs::read_to_string(&path).expect("generated post");
    let bytes = text.len();
    let post = Post::parse(&path, text, None);
    let theme = Theme::dark();
    let mut group = c.benchmark_group("render/200k");
    for width in [100u16, 40] {
        group.bench_with_input(BenchmarkId::from_parameter(width), &width, |b, &width| {
            b.iter(|| render_post(&post, width, &theme, &CodeColours::default()));
        });
    }
    // `G` before the whole render came: the end alone (the links before it counted).
    group.bench_function("end-first/100", |b| {
        b.iter(|| {
            let tail = tidings::render::tail_of(&post, 8 * 1024).expect("a tail");
            let colours = CodeColours::default();
            let options = tidings::render::RenderOptions {
                width: 100,
                theme: &theme,
                colours: &colours,
                broken: &[],
                embeds: &tidings::library::embeds::NO_EMBEDS,
                toggled_callouts: &[],
            };
            tidings::render::render_tail(&tail, &options)
        });
    });
    group.finish();
    // The header's count, before a long post's first screen: the English post, and as much
    // Russian text.
    let russian = "Привет, мир! Это тест счётчика слов в длинном тексте. ".repeat(bytes / 98);
    let mut group = c.benchmark_group("reading/200k");
    group.bench_function("en", |b| b.iter(|| Reading::of(post.text())));
    group.bench_function("ru", |b| b.iter(|| Reading::of(&russian)));
    group.finish();
    eprintln!("post: {} ({bytes} bytes)", path.display());
}

/// A post of 40 fenced Rust blocks of 50 lines each (2,000 lines of code, ~70 KB), for the
/// cost of syntax highlighting; the syntaxes are loaded before timing starts.
fn code_heavy(c: &mut Criterion) {
    let block = (0..50)
        .map(|i| {
            format!(
                "    let value_{i} = compute(&input[{i}..], {i}).unwrap_or_default(); // note {i}\n"
            )
        })
        .collect::<String>();
    let body: String = (0..40)
        .map(|b| format!("Block {b} explains the code below.\n\n```rust\nfn step_{b}() {{\n{block}}}\n```\n\n"))
        .collect();
    let post = Post::parse(
        std::path::Path::new("code.md"),
        format!("# Code\n\n{body}"),
        None,
    );
    let theme = Theme::dark();
    let none = CodeColours::default();
    let uncoloured = render_post(&post, 100, &theme, &none).uncoloured;
    let mut colours = CodeColours::default();
    colours.extend(highlight::colour(uncoloured.clone()));
    // First paint: the blocks plain, listed for colouring.
    c.bench_function("render/code-2000-lines/100/plain", |b| {
        b.iter(|| render_post(&post, 100, &theme, &none));
    });
    // Every later render (a resize, a scroll never renders): the colours reused.
    c.bench_function("render/code-2000-lines/100/coloured", |b| {
        b.iter(|| render_post(&post, 100, &theme, &colours));
    });
    // The background work.
    let mut group = c.benchmark_group("highlight");
    group.sample_size(10);
    group.bench_function("colour-2000-lines", |b| {
        b.iter(|| highlight::colour(uncoloured.clone()));
    });
    group.finish();
}

fn syntax_loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("highlight");
    group.sample_size(10);
    group.bench_function("first-use", |b| {
        b.iter(|| {
            syntect::parsing::SyntaxSet::load_defaults_newlines();
            syntect::highlighting::ThemeSet::load_defaults()
        });
    });
    group.finish();
}

criterion_group!(benches, rendering, code_heavy, syntax_loading);
criterion_main!(benches);
