//! Where you left off, in the real binary: a post read to its third heading and five lines on,
//! the reader quit and started again, opens on that post at that line; `--fresh` starts at the
//! top of the list.

use super::{article_rows, status};
use crate::pty::App;

/// A post with headings and enough lines under each to scroll, and an older one beside it.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("---\ntitle: Long read\ndate: 2026-12-01\n---\n\nAn opening.\n");
    for heading in ["One", "Two", "Three", "Four"] {
        text.push_str(&format!("\n## {heading}\n\n"));
        for n in 1..=30 {
            text.push_str(&format!("Line {n} under {heading}.\n\n"));
        }
    }
    std::fs::write(dir.path().join("long.md"), text).expect("write");
    std::fs::write(
        dir.path().join("short.md"),
        "---\ntitle: Short note\ndate: 2026-01-01\n---\n\nA note.\n",
    )
    .expect("write");
    dir
}

#[test]
fn the_reader_opens_where_it_was_left_and_fresh_starts_at_the_top() {
    let posts = folder();
    let data = tempfile::tempdir().expect("tempdir");
    let at = posts.path().to_str().expect("utf-8 path");
    let start = |args: &[&str]| App::spawn_with_data(args, posts.path(), 100, 30, data.path());

    let mut app = start(&[at]);
    app.wait_for_text("2 of 2 posts");
    app.send("\r");
    app.wait_for_text("An opening.");
    app.send("]]]");
    app.wait_for("at the third heading", |s| {
        article_rows(s)
            .first()
            .is_some_and(|r| r.starts_with("## Three"))
    });
    app.send("jjjjj");
    let left = app.wait_for("five lines on", |s| {
        let rows = article_rows(s);
        rows.first().is_some_and(|r| !r.starts_with("## Three"))
            && rows
                .iter()
                .take(2)
                .any(|r| r.contains("Line 3 under Three."))
    });
    let rows = article_rows(&left);
    app.send("q");
    assert!(app.wait_exit());

    let mut again = start(&[at]);
    again.wait_for_text("back where you left: ## Three");
    let back = again.wait_for("the same lines, from the same one on top", |s| {
        article_rows(s) == rows
    });
    assert!(status(&back).contains("back where you left"), "{back}");
    // `g` still goes to the top.
    again.send("g");
    again.wait_for("the post's top", |s| {
        article_rows(s)
            .iter()
            .take(3)
            .any(|r| r.contains("Long read"))
    });
    // Left at the third heading again.
    again.send("]]]");
    again.wait_for("at the third heading", |s| {
        article_rows(s)
            .first()
            .is_some_and(|r| r.starts_with("## Three"))
    });
    again.send("q");
    assert!(again.wait_exit());

    let mut fresh = start(&["--fresh", at]);
    let screen = fresh.wait_for_text("2 of 2 posts");
    assert!(!screen.contains("back where you left"), "{screen}");
    // The list has the focus (its border is the thick one), the post shown from its top.
    assert!(screen.contains("┃• Long read"), "{screen}");
    assert!(screen.contains("│ An opening."), "{screen}");
    assert!(!screen.contains("under Three"), "{screen}");
    fresh.send("q");
    assert!(fresh.wait_exit());
}
