//! Loads every real blog under `../shared/corpora` and checks a sample of real posts: titles,
//! dates and tags as their authors wrote them. Skipped, with a message, when the folder is absent.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::date;
use tidings::content::loader::{self, LoadError, LoadUpdate, Root};
use tidings::content::{DateSource, Post};

fn corpora() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is not here; the corpora checks are skipped",
            dir.display()
        );
        None
    }
}

/// Every post of one corpus, with what could not be read and how many files the walk found.
fn load(dir: &Path) -> (Vec<Post>, Vec<LoadError>, usize) {
    let root = Root::new(dir).expect("corpus folder");
    let seen = Mutex::new((Vec::new(), Vec::new(), 0));
    loader::load_roots(&[root], &jiff::tz::TimeZone::UTC, 256, |update| {
        let mut seen = seen.lock().expect("lock");
        match update {
            LoadUpdate::Found { files, .. } => seen.2 = files,
            LoadUpdate::Batch { posts, errors } => {
                seen.0.extend(posts);
                seen.1.extend(errors);
            }
        }
    });
    seen.into_inner().expect("lock")
}

fn find<'a>(posts: &'a [Post], tail: &str) -> &'a Post {
    posts
        .iter()
        .find(|p| p.path.ends_with(tail))
        .unwrap_or_else(|| panic!("no post at …/{tail}"))
}

/// Files in a blog's folder that are not articles, so have no date of their own: they are
/// listed, dated by their file (marked as inferred), but no author dated them.
/// - stubs: front matter with no text under it (Zola section `_index.md` files, Go redirects);
/// - notes about the folder: `README.md`, and the corpus's own `SOURCE.md`;
/// - Go's index pages (`index.md`, `all.md`): `template: true` with no date.
fn is_not_an_article(post: &Post) -> bool {
    let name = post.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let template = post
        .meta
        .other
        .iter()
        .any(|(k, v)| k == "template" && v == "true");
    post.body.trim().is_empty()
        || matches!(name, "README.md" | "SOURCE.md")
        || (template && matches!(name, "index.md" | "all.md"))
}

#[test]
fn every_file_of_every_corpus_loads() {
    let Some(dir) = corpora() else { return };
    for name in [
        "go-blog",
        "rust-blog-toml",
        "otel-ja-zh",
        "chrome-dev-large",
    ] {
        let (posts, errors, found) = load(&dir.join(name));
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(posts.len(), found, "{name}");
        assert!(found > 300, "{name}: only {found} posts");
        for post in &posts {
            assert!(!post.title.is_empty(), "{}", post.path.display());
            assert!(
                !post.title.chars().any(char::is_control),
                "{}",
                post.path.display()
            );
        }
    }
}

#[test]
fn rust_blog_posts_are_titled_and_dated_from_toml_and_path() {
    let Some(dir) = corpora() else { return };
    let (posts, _, _) = load(&dir.join("rust-blog-toml"));
    let post = find(&posts, "content/Rust-1.88.0.md");
    assert_eq!(post.title, "Announcing Rust 1.88.0");
    let dated = post.date.expect("dated");
    assert_eq!(dated.date, date(2025, 6, 26));
    assert_eq!(dated.source, DateSource::Path);
    assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
    assert!(
        post.meta
            .other
            .iter()
            .any(|(k, v)| k == "authors" && v.contains("The Rust Release Team")),
        "{:?}",
        post.meta.other
    );
}

#[test]
fn go_blog_posts_carry_their_tags_and_summary() {
    let Some(dir) = corpora() else { return };
    let (posts, _, _) = load(&dir.join("go-blog"));
    let post = find(&posts, "blog/generics-proposal.md");
    assert_eq!(post.title, "A Proposal for Adding Generics to Go");
    let tags: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["go2", "proposals", "generics"]);
    assert_eq!(
        post.meta.description.as_deref(),
        Some("Generics is entering the language change proposal process")
    );
    assert_eq!(post.date.map(|d| d.date), Some(date(2021, 1, 12)));
}

#[test]
fn no_go_or_rust_post_has_an_inferred_date() {
    let Some(dir) = corpora() else { return };
    for name in ["go-blog", "rust-blog-toml"] {
        let (posts, _, _) = load(&dir.join(name));
        let inferred: Vec<String> = posts
            .iter()
            .filter(|p| !is_not_an_article(p))
            .filter(|p| p.date.is_none_or(|d| d.source == DateSource::Modified))
            .map(|p| p.path.display().to_string())
            .collect();
        assert!(inferred.is_empty(), "{name}: {inferred:#?}");
        let others = posts.iter().filter(|p| is_not_an_article(p)).count();
        eprintln!("{name}: {} files, {others} not articles", posts.len());
    }
}

#[test]
fn chrome_russian_and_opentelemetry_japanese_titles_are_kept() {
    let Some(dir) = corpora() else { return };
    let (chrome, _, _) = load(&dir.join("chrome-dev-large"));
    let post = find(&chrome, "site/ru/articles/web-otp/index.md");
    assert_eq!(
        post.title,
        "Подтверждайте номера телефонов в Интернете с помощью API WebOTP"
    );
    assert_eq!(post.date.map(|d| d.date), Some(date(2019, 10, 7)));
    assert_eq!(post.meta.updated, Some(date(2021, 6, 4)));

    let (otel, _, _) = load(&dir.join("otel-ja-zh"));
    let page = find(&otel, "content/ja/community/marketing-guidelines.md");
    assert_eq!(
        page.title,
        "コントリビュート組織向け OpenTelemetry マーケティングガイドライン"
    );
    let section = find(&otel, "content/ja/community/_index.md");
    assert_eq!(section.title, "コミュニティ");
}
