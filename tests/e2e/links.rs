//! Links between posts, followed inside tidings, and the Hugo/Zola conventions a reader sees:
//! sections, unpublished posts counted, shortcodes shown.

use super::{article_rows, manifest_dir, open_at_120x40, shared, status, writable_copy};
use crate::pty::{App, rows};

/// The article's first row under its border.
fn article_top(screen: &str) -> String {
    article_rows(screen).into_iter().next().unwrap_or_default()
}

#[test]
fn a_go_blog_link_to_another_post_opens_it_and_backspace_returns_to_the_same_place() {
    let Some(blog) = shared("corpora/go-blog") else {
        return;
    };
    let mut app = App::spawn(
        &[
            "--search",
            "next step for generics",
            blog.to_str().expect("utf-8 path"),
        ],
        &manifest_dir(),
        120,
        40,
    );
    app.wait_for("the post found", |s| {
        s.contains("The Next Step for") && !status(s).contains("loading")
    });
    // Open it and go two headings down, so the place is not the top.
    app.send("\r");
    app.wait_for_text("## Introduction");
    app.send("]]");
    let before = app.wait_for("Updated design at the top", |s| {
        article_top(s).contains("## Updated design")
    });
    // Link [1] is `/blog/why-generics`, site-absolute, as the Go blog writes them.
    app.send("o1\r");
    let screen = app.wait_for("Why Generics? open", |s| {
        article_rows(s)
            .iter()
            .any(|r| r.starts_with("Why Generics?"))
    });
    assert!(screen.contains("2019-07-31"), "{screen}");
    app.send("\x7f");
    // The same rows as before, once the frame is whole (a screen read mid-frame showed the
    // heading on top and the rest still being drawn).
    let after = app.wait_for("back at the same rows", |s| {
        article_rows(s) == article_rows(&before)
    });
    assert!(article_top(&after).contains("## Updated design"), "{after}");
    // Forward again with L (Ctrl-i where the terminal tells it from Tab).
    app.send("L");
    app.wait_for("Why Generics? again", |s| {
        article_rows(s)
            .iter()
            .any(|r| r.starts_with("Why Generics?"))
    });
}

#[test]
fn a_hugo_site_hides_unpublished_posts_groups_sections_and_follows_a_slug_link_to_its_heading() {
    let site = manifest_dir().join("tests/fixtures/sites/hugo");
    let mut app = open_at_120x40(&site);
    let screen = app.wait_for("the site loaded", |s| {
        status(s).contains("hidden") && !status(s).contains("loading")
    });
    assert!(
        status(&screen).contains("1 draft, 1 scheduled, 1 expired hidden"),
        "{screen}"
    );
    // Section pages are not posts.
    assert!(!screen.contains("The Lantern Blog"), "{screen}");
    assert!(screen.contains("Lanterns in JSON"), "{screen}");
    // S groups by section, each led by its page with its post count.
    app.send("S");
    let screen = app.wait_for_text("§ The Lantern Blog (3)");
    assert!(screen.contains("§ Lantern Docs (2)"), "{screen}");
    assert!(screen.contains("by section"), "{screen}");
    // D shows the unpublished posts, marked.
    app.send("D");
    let screen = app.wait_for_text("scheduled · Lanterns of the future");
    assert!(screen.contains("draft · Half-written"), "{screen}");
    assert!(screen.contains("expired · Winter sale"), "{screen}");
    assert!(screen.contains("§ The Lantern Blog (6)"), "{screen}");

    // The shortcode post, found with the list back to posts only: its figure, its code and
    // its links.
    app.send("S/Shortcodes at\r\r");
    let screen = app.wait_for_text("[image: A brass lantern at dusk]");
    assert!(screen.contains("func light() string"), "{screen}");
    assert!(!screen.contains("{{< figure"), "{screen}");
    // [2] goes by the bundle's slug to its second heading.
    app.send("o2\r");
    let screen = app.wait_for("the bundle at its second heading", |s| {
        article_top(s).contains("## Second part")
    });
    assert!(
        screen.contains("Linked from the shortcode post"),
        "{screen}"
    );
    app.send("\x0f");
    app.wait_for_text("[image: A brass lantern at dusk]");
    // [4] leads nowhere, and says so.
    app.send("o4\r");
    let screen = app.wait_for_text("leads to no post in this folder");
    assert!(status(&screen).contains("/blog/nowhere/"), "{screen}");
}

#[test]
fn broken_links_are_marked_counted_and_listed_and_a_save_that_fixes_one_updates_them() {
    let copy = writable_copy(&manifest_dir().join("tests/fixtures/links"));
    let mut app = open_at_120x40(copy.path());
    // The check runs on its own thread once the posts are on screen.
    let screen = app.wait_for("the check's answer", |s| {
        status(s).contains("4 broken links (! lists them)")
    });
    assert!(screen.contains("A missing post[4]⚠"), "{screen}");
    assert!(
        screen.contains("a good anchor[2] "),
        "a good link is not marked:\n{screen}"
    );
    assert!(
        screen.contains("[5] b.md#nowhere ⚠ no heading #nowhere in “The other post”"),
        "{screen}"
    );
    app.send("!");
    let screen = app.wait_for_text("Diagnostics");
    assert!(
        screen.contains("a.md:15: broken link missing.png: no such image beside the post"),
        "{screen}"
    );
    app.send("\x1b");
    // The author fixes the anchor: the mark and the count follow the save.
    let post = copy.path().join("posts/a.md");
    let text = std::fs::read_to_string(&post).expect("read");
    std::fs::write(&post, text.replace("b.md#nowhere", "b.md#second-part")).expect("write");
    let screen = app.wait_for("the check after the save", |s| {
        status(s).contains("3 broken links")
    });
    assert!(screen.contains("a missing anchor[5]."), "{screen}");
    assert!(!screen.contains("#nowhere"), "{screen}");
}

#[test]
fn enter_in_the_diagnostics_opens_the_post_at_the_line_they_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut body = String::from("---\ntitle: \"With a broken link\"\ndate: 2024-01-01\n---\n");
    for p in 0..60 {
        body.push_str(&format!("Paragraph {p} of filler.\n\n"));
    }
    body.push_str("The [missing note](missing.md) is here.\n\nAnd after it.\n");
    std::fs::create_dir_all(dir.path().join("notes")).expect("folder");
    std::fs::write(dir.path().join("notes/broken.md"), body).expect("write");
    std::fs::write(
        dir.path().join("fine.md"),
        "---\ntitle: \"Fine\"\ndate: 2030-01-01\n---\nNothing wrong.\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("utf-8 path");
    let mut app = App::spawn(&[path], &manifest_dir(), 120, 40);
    app.wait_for("the link check's answer", |s| {
        status(s).contains("broken link")
    });
    app.send("!");
    let listed = app.wait_for_text("Diagnostics");
    // The path under the folder opened, on one line.
    let entry = rows(&listed)
        .into_iter()
        .find(|r| r.contains("broken link missing.md"))
        .unwrap_or_else(|| panic!("the entry:\n{listed}"))
        .to_string();
    assert!(entry.contains("notes/broken.md:"), "{entry}");
    assert!(!entry.contains(path), "{entry}");
    app.send("\r");
    let screen = app.wait_for("the post at the line", |s| {
        !s.contains("Diagnostics") && article_top(s).contains("missing note")
    });
    assert!(!screen.contains("Paragraph 0 of"), "{screen}");
}
