//! Search relevance on real folders: for each query set (`query<TAB>relevant posts`, the format
//! of `../shared/tools/search_quality.py`), how often a relevant post is in the first 3 rows
//! (hit@3) and the mean reciprocal rank of the first one in the first 10 (MRR@10). The posts
//! are loaded and searched as `tidings list --search` does, through an index in memory.
//!
//! The sets: ours in `tests/fixtures/search/*.tsv` (their first line names the folder under
//! `../shared`: `# corpus: corpora/otel-ja-zh`), each to reach hit@3 ≥ 90%, and the Go blog's
//! (at least 30 queries) hit@3 ≥ 95% and MRR@10 ≥ 0.9; and the Rust blog's in
//! `../shared/search/rust-blog.tsv`, to reach hit@3 100% and MRR@10 ≥ 0.92.

mod support;

use std::path::Path;

use support::{manifest_dir, shared};
use tidings::commands::load;
use tidings::config::Config;
use tidings::library::search::{IndexInUse, IndexWriterHandle};
use tidings::library::select::{Query, select_with};

/// A post's name as the query sets give it: the file stem, or the folder of a page bundle.
fn stem(path: &Path) -> String {
    let base = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if base == "index" || base == "_index" {
        return path
            .parent()
            .and_then(Path::file_name)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    base
}

/// hit@3 and MRR@10 of the queries in `set` (the file's text) over the posts in `folder`,
/// with a line per query for the failure message.
fn score(set: &str, folder: &Path) -> (f64, f64, String) {
    let library = load(&[folder.to_path_buf()], &Config::default()).expect("the folder loads");
    let store = &library.store;
    let mut handle = IndexWriterHandle::open(None).expect("an index in memory");
    let posts = store
        .ids()
        .iter()
        .filter_map(|&id| Some((store.get(id)?, store.lang(id))));
    handle.sync(posts, |_, _| {}).expect("indexed");
    let (mut hits, mut reciprocal, mut report) = (0, 0.0, String::new());
    let rows: Vec<(&str, &str)> = set
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    for &(text, relevant) in &rows {
        let wanted: Vec<globset::GlobMatcher> = relevant
            .split_whitespace()
            .map(|w| {
                globset::GlobBuilder::new(&w.to_lowercase())
                    .build()
                    .expect("a glob")
                    .compile_matcher()
            })
            .collect();
        let query = Query {
            search: text.to_string(),
            ..Query::default()
        };
        let mut index = IndexInUse::default();
        index.set(handle.index(), 1);
        let (ids, _) = select_with(store, &query, index);
        let names: Vec<String> = ids
            .iter()
            .take(10)
            .filter_map(|&id| store.get(id))
            .map(|p| stem(&p.path).to_lowercase())
            .collect();
        let rank = names
            .iter()
            .position(|name| wanted.iter().any(|w| w.is_match(name)));
        if rank.is_some_and(|r| r < 3) {
            hits += 1;
        }
        reciprocal += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
        report.push_str(&format!(
            "{text:?}: rank {:?}, top {:?}\n",
            rank.map(|r| r + 1),
            &names[..names.len().min(3)]
        ));
    }
    let n = rows.len().max(1) as f64;
    (f64::from(hits) / n, reciprocal / n, report)
}

#[test]
fn our_query_sets_find_the_post_meant_in_the_first_three_rows() {
    let dir = manifest_dir().join("tests/fixtures/search");
    let mut sets: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/search")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    sets.sort();
    assert!(sets.len() >= 2, "query sets in {}", dir.display());
    for path in sets {
        let set = std::fs::read_to_string(&path).expect("a query set");
        let queries = set.lines().filter(|l| !l.starts_with('#')).count();
        assert!(queries >= 15, "{}: at least 15 queries", path.display());
        let corpus = set
            .lines()
            .find_map(|l| l.strip_prefix("# corpus: "))
            .expect("a `# corpus:` line");
        let Some(folder) = shared(corpus.trim()) else {
            continue;
        };
        let (hit3, mrr, report) = score(&set, &folder);
        eprintln!("{}: hit@3 {hit3:.2} MRR@10 {mrr:.2}", path.display());
        assert!(hit3 >= 0.9, "{}: hit@3 {hit3:.2}\n{report}", path.display());
    }
}

#[test]
fn the_go_blog_set_reaches_the_issue_bar() {
    let path = manifest_dir().join("tests/fixtures/search/go-blog.tsv");
    let set = std::fs::read_to_string(&path).expect("the Go blog's query set");
    let queries = set.lines().filter(|l| !l.starts_with('#')).count();
    assert!(queries >= 30, "{}: at least 30 queries", path.display());
    let Some(folder) = shared("corpora/go-blog") else {
        return;
    };
    let (hit3, mrr, report) = score(&set, &folder);
    eprintln!("go-blog: hit@3 {hit3:.3} MRR@10 {mrr:.3}\n{report}");
    // Issue 42's bar. "go modules tutorial" misses: ten posts hold all three words, and "Using
    // Go Modules" never says "tutorial".
    assert!(
        hit3 >= 0.95 && mrr >= 0.9,
        "hit@3 {hit3:.2} MRR@10 {mrr:.2}\n{report}"
    );
}

#[test]
fn the_rust_blog_set_reaches_the_issue_bar() {
    let (Some(set), Some(folder)) = (
        shared("search/rust-blog.tsv"),
        shared("corpora/rust-blog-toml"),
    ) else {
        return;
    };
    let set = std::fs::read_to_string(set).expect("the query set");
    let (hit3, mrr, report) = score(&set, &folder);
    eprintln!("rust-blog: hit@3 {hit3:.3} MRR@10 {mrr:.3}");
    assert!(
        hit3 >= 1.0 && mrr >= 0.92,
        "hit@3 {hit3:.2} MRR@10 {mrr:.2}\n{report}"
    );
}
