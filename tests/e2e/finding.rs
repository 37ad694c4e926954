//! Finding posts: the tag and date pickers, search, heading jumps and read state, as a person
//! uses them in a real terminal.

use super::pty::{App, rows};
use super::{fixtures, manifest_dir, open_at_120x40, shared, status};

/// The list's header: the top row, up to where the article pane starts.
fn header(screen: &str) -> String {
    rows(screen)
        .first()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

#[test]
fn go_blog_two_tags_then_2024_then_a_search_then_the_third_heading() {
    let Some(blog) = shared("corpora/go-blog") else {
        return;
    };
    let mut app = open_at_120x40(&blog);
    app.wait_for("the whole blog", |s| {
        status(s).contains(" of ") && !status(s).contains("loading")
    });

    // Two tags in the picker: type to narrow, Space to select, Ctrl-U to clear the typing.
    app.send("t");
    app.wait_for_text("Tags: posts with any of");
    app.send("community");
    app.wait_for("community alone in the picker", |s| {
        s.contains("[ ] community")
    });
    app.send(" \x15technical ");
    app.wait_for_text("[x] technical");
    app.send("\r");
    let screen = app.wait_for("both tags in the list header", |s| {
        header(s).contains("tags: community, technical (any)") && !s.contains("Tags: posts")
    });
    assert!(
        screen.contains("More powerful Go execution traces"),
        "{screen}"
    );
    let newer = "Results from the 2025 Go Developer Survey";
    assert!(screen.contains(newer), "{screen}");

    // 2024 only, typed as a range in the date picker; its histogram counts the tagged posts.
    app.send("d");
    let picker = app.wait_for_text("Posts per month");
    assert!(picker.contains("last 7 days"), "{picker}");
    app.send("2024\r");
    let screen = app.wait_for("the year in the list header", |s| {
        header(s).contains("· 2024") && !s.contains("Posts per month")
    });
    assert!(header(&screen).starts_with("┏ 6 posts"), "{screen}");
    assert!(!screen.contains(newer), "{screen}");

    // Search a word: the title match first.
    app.send("/trace");
    app.wait_for("the search prompt", |s| status(s).contains("/trace"));
    app.send("\r");
    let screen = app.wait_for("the search in the list header", |s| {
        header(s).contains("/trace") && !status(s).contains("Enter keeps")
    });
    let first = rows(&screen)[1];
    assert!(
        first.contains("More powerful Go execution traces"),
        "{screen}"
    );

    // Open it, and jump three headings down.
    app.send("\r");
    app.wait_for("the post and its contents", |s| {
        s.contains("Contents") && s.contains("Low-overhead tracing")
    });
    app.send("]]]");
    let screen = app.wait_for("the third heading at the top of the article", |s| {
        rows(s)
            .get(1)
            .is_some_and(|row| row.contains("## Scalable traces"))
    });
    assert!(screen.contains("▸Scalable traces"), "scrollspy:\n{screen}");
}

/// Rows of the focused list that carry the unread marker.
fn unread_rows(screen: &str) -> usize {
    rows(screen).iter().filter(|r| r.starts_with("┃• ")).count()
}

#[test]
fn read_marks_survive_a_restart_and_live_outside_the_posts() {
    let posts = shared("seeds").unwrap_or_else(fixtures);
    let data = tempfile::tempdir().expect("data dir");
    let spawn = |fresh: &[&str]| {
        let args = [fresh, &[posts.to_str().expect("utf-8 path")]].concat();
        App::spawn_with_data(&args, &manifest_dir(), 120, 40, data.path())
    };
    let mut app = spawn(&[]);
    let screen = app.wait_for("an unread list", |s| {
        rows(s).get(1).is_some_and(|r| r.starts_with("┃• "))
    });
    let unread = unread_rows(&screen);
    // Open the first post, and stay long enough for it to count as read.
    app.send("\r");
    app.wait_for("the first post marked read", |s| {
        rows(s).get(1).is_some_and(|r| r.starts_with("│  "))
    });
    app.send("q");
    assert!(app.wait_exit());
    let file = data.path().join("tidings/read");
    let saved = std::fs::read_to_string(&file).expect("read state saved");
    assert_eq!(saved.lines().count(), 1, "{saved}");

    // At the top of the list (not back in the post left open, see tests/e2e/resume.rs).
    let mut again = spawn(&["--fresh"]);
    let screen = again.wait_for("the list after a restart", |s| {
        rows(s).get(1).is_some_and(|r| r.starts_with("┃  "))
    });
    assert_eq!(unread_rows(&screen), unread - 1, "{screen}");
    // `u` keeps only the unread ones.
    again.send("u");
    let screen = again.wait_for("only unread posts", |s| header(s).contains("· unread"));
    assert!(
        header(&screen).contains(&format!("{} posts", unread - 1)),
        "{screen}"
    );
    again.send("q");
    assert!(again.wait_exit());
    let in_posts = super::walkdir(&posts)
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == "read"));
    assert!(!in_posts, "nothing is written beside the posts");
}

#[test]
fn filters_on_the_command_line_open_the_reader_already_filtered() {
    let posts = fixtures();
    let app = App::spawn(
        &[
            "--tag",
            "travel",
            "--since",
            "2024",
            "--sort",
            "title",
            posts.to_str().expect("utf-8 path"),
        ],
        &manifest_dir(),
        120,
        40,
    );
    let screen = app.wait_for("the filtered list", |s| {
        header(s).contains("1 post · tags: travel · 2024-01-01..") && !status(s).contains("loading")
    });
    assert!(header(&screen).contains("by title"), "{screen}");
    assert!(
        screen.contains("Harbor lights return to the old port"),
        "{screen}"
    );
    assert!(!screen.contains("Дождливые"), "{screen}");
}

#[test]
fn go_blog_two_words_no_title_holds_find_the_post_with_its_snippet_and_its_matches() {
    let Some(blog) = shared("corpora/go-blog") else {
        return;
    };
    let mut app = open_at_120x40(&blog);
    app.wait_for("the whole blog, indexed", |s| {
        status(s).contains(" of ")
            && !status(s).contains("loading")
            && !status(s).contains("indexing")
    });
    // A word no post about it holds: the prompt says the posts listed hold only some words.
    app.send("/context cancellation tutorial");
    app.wait_for("partial matches counted as they are", |s| {
        let status = status(s);
        status.contains(" with every word · ") && status.contains(" with some ·")
    });
    // Neither "context cancellation" nor "cancellation context" is in any title.
    app.send(&"\x7f".repeat(" tutorial".len()));
    // The rows and the count of the shorter search, not the longer one's still on screen
    // while the shorter runs.
    let screen = app.wait_for("the post about context first", |s| {
        !status(s).contains("tutorial")
            && status(s).contains("posts match")
            && rows(s)
                .get(1)
                .is_some_and(|row| row.contains("Go Concurrency Patterns: C"))
    });
    let first = rows(&screen)[1].to_string();
    // Beside it, the line of the post that shows why: its words marked.
    let list_row: String = first
        .chars()
        .skip(1)
        .take_while(|&c| c != '┃' && c != '│')
        .collect();
    let title_end = list_row.find("2014-07-29").expect("the post's date") + 10;
    let snippet = list_row[title_end..].to_lowercase();
    assert!(
        snippet.contains("cancel") || snippet.contains("context"),
        "{first}"
    );
    let marked = app.text_on(vt100::Color::Idx(3));
    assert!(
        !marked.is_empty(),
        "matches marked in the snippets:\n{screen}"
    );

    // Enter keeps the search, Enter opens the hit: at its first match, the current one.
    app.send("\r");
    app.wait_for("the search kept", |s| {
        status(s).contains("match “context cancellation”")
    });
    app.send("\r");
    let screen = app.wait_for("the first match", |s| status(s).contains("match 1 of "));
    let current = app.text_on(vt100::Color::Idx(9));
    assert!(
        current
            .iter()
            .any(|c| c.trim().eq_ignore_ascii_case("context")
                || c.trim().to_lowercase().starts_with("cancel")),
        "the current match is marked: {current:?}\n{screen}"
    );
    app.send("n");
    app.wait_for("the next match", |s| status(s).contains("match 2 of "));
}

/// The count in a popup's row drawn over the panes: the number that ends the `cell`th cell
/// between `│` borders (the popup's own cell, whatever the panes beside it show).
fn count_in_cell(row: &str, cell: usize) -> Option<usize> {
    row.split('│')
        .nth(cell)?
        .split_whitespace()
        .last()?
        .parse()
        .ok()
}

/// The rows in the list's header: `┏ 275 posts …`.
fn listed(screen: &str) -> usize {
    header(screen)
        .trim_start_matches('┏')
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in the header:\n{screen}"))
}

#[test]
fn every_pickers_count_is_the_rows_the_list_then_shows() {
    for corpus in ["corpora/go-blog", "corpora/otel-ja-zh"] {
        let Some(dir) = shared(corpus) else {
            continue;
        };
        let mut app = open_at_120x40(&dir);
        let screen = app.wait_for("the whole folder", |s| {
            status(s).contains(" of ") && !status(s).contains("loading")
        });
        let all = listed(&screen);

        // The date picker counts the rows the list shows with no date condition.
        app.send("d");
        let picker = app.wait_for_text("Posts per month");
        let counted = format!("({all} posts)");
        assert!(picker.contains(&counted), "{corpus}: {counted}\n{picker}");
        app.send("\x1b");
        app.wait_for("the date picker closed", |s| !s.contains("Posts per month"));

        // The language picker: all languages, then the first language, then the list.
        app.send("w");
        let picker = app.wait_for("the language picker", |s| {
            s.contains("all languages") || s.contains("No post says its language")
        });
        if !picker.contains("all languages") {
            continue;
        }
        let lines = rows(&picker);
        let at = (lines.iter())
            .position(|r| r.contains("all languages"))
            .expect("the row");
        let cell = (lines[at].split('│'))
            .position(|c| c.contains("all languages"))
            .expect("the picker's cell");
        assert_eq!(
            count_in_cell(lines[at], cell),
            Some(all),
            "{corpus}:\n{picker}"
        );
        let Some(first) = lines.get(at + 1).and_then(|r| count_in_cell(r, cell)) else {
            continue; // no post says its language
        };
        app.send("j\r");
        // The list's title names the language chosen (a folder in one language lists them all).
        let screen = app.wait_for("the list with one language", |s| {
            !s.contains("all languages") && s.contains(" · lang: ")
        });
        assert_eq!(listed(&screen), first, "{corpus}:\n{screen}");
    }
}

#[test]
fn with_all_of_a_tags_count_is_the_rows_it_leaves() {
    let Some(blog) = shared("corpora/go-blog") else {
        return;
    };
    let mut app = open_at_120x40(&blog);
    app.wait_for("the whole blog", |s| {
        status(s).contains(" of ") && !status(s).contains("loading")
    });
    app.send("t");
    app.wait_for_text("Tags: posts with any of");
    // The first tag, then "all of".
    app.send(" \t");
    let picker = app.wait_for("one tag chosen, all of", |s| {
        s.contains("Tags: posts with all of") && s.contains("[x] ")
    });
    // Another tag the chosen one meets: its count is what the list will show.
    let (name, count) = rows(&picker)
        .iter()
        .filter(|r| r.contains("[ ] "))
        .find_map(|r| {
            let name = r
                .split("[ ] ")
                .nth(1)?
                .split_whitespace()
                .next()?
                .to_string();
            let cell = r.split('│').position(|c| c.contains("[ ] "))?;
            let count = count_in_cell(r, cell)?;
            (count > 0).then_some((name, count))
        })
        .unwrap_or_else(|| panic!("a tag meeting the first:\n{picker}"));
    app.send(&name);
    app.wait_for("the tag narrowed to", |s| {
        s.contains(&format!("[ ] {name}"))
    });
    app.send(" ");
    app.wait_for_text(&format!("[x] {name}"));
    app.send("\r");
    let screen = app.wait_for("the list with both tags", |s| {
        !s.contains("Tags: posts") && header(s).contains("(all)")
    });
    assert_eq!(listed(&screen), count, "{name}:\n{screen}");
}
