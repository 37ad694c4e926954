//! Changes on disk: saves, deletes, renames, broken front matter, new and changed marks,
//! `--follow`, bodies read back from disk.

use super::*;

#[test]
fn deleted_open_post_keeps_its_last_render_with_a_notice() {
    let mut state = app();
    let lines = state.document().map(|d| d.lines.len());
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Remove(PathBuf::from("/p/a.md"))],
            errors: Vec::new(),
        },
    );
    assert_eq!(titles(&state).len(), 2);
    let view = state.reader.article.as_ref().expect("still open");
    assert!(view.deleted);
    assert_eq!(Some(view.doc.lines.len()), lines);
    assert!(
        state
            .session
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("deleted"))
    );
}

#[test]
fn saved_open_post_is_rendered_again() {
    let mut state = app();
    let edited = post(
        "/p/a.md",
        "Ethereum L2 TVL (edited)",
        "2024-06-19",
        "defi",
        "new body\n",
    );
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(edited))],
            errors: Vec::new(),
        },
    );
    let doc = state.document().expect("open");
    let first: String = doc.lines[0]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    assert_eq!(first, "Ethereum L2 TVL (edited)");
}

#[test]
fn a_save_keeps_the_reader_in_the_same_section() {
    let mut state = app();
    press(&mut state, Command::Activate);
    press(&mut state, Command::NextHeading);
    press(&mut state, Command::NextHeading);
    let before = state
        .reader
        .article
        .as_ref()
        .map(|a| a.scroll)
        .expect("open");
    let body = format!("A new first paragraph.\n\nAnd a second.\n\n{}", long_body());
    let edited = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", &body);
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(edited))],
            errors: Vec::new(),
        },
    );
    let view = state.reader.article.as_ref().expect("open");
    let heading = &view.doc.headings[1];
    assert_eq!(heading.text, "Challenges Remain");
    assert_eq!(view.scroll, heading.line);
    assert!(
        view.scroll > before,
        "the text under the reader moved down, and so did the view"
    );
}

#[test]
fn a_post_deleted_then_created_again_comes_back_in_place_and_selected() {
    let mut state = app();
    let heading = reading_challenges(&mut state);
    let id = state.reader.article.as_ref().map(|a| a.id);
    changed(&mut state, vec![Change::Remove(PathBuf::from("/p/a.md"))]);
    assert!(state.reader.article.as_ref().is_some_and(|a| a.deleted));
    assert_ne!(state.list.selected, id, "the list moved on to another post");
    assert!(state.article_banner().join(" ").contains("deleted"));

    let body = format!("Added while it was away.\n\n{}", long_body());
    let again = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", &body);
    changed(&mut state, vec![Change::Upsert(Box::new(again))]);
    let view = state.reader.article.as_ref().expect("open");
    assert!(!view.deleted);
    assert_eq!(Some(view.id), id);
    assert_eq!(state.list.selected, id);
    assert_eq!(
        state.session.notice, None,
        "the deleted notice went with it"
    );
    assert!(state.article_banner().is_empty());
    assert_eq!(top_heading(&state), Some(heading));
}

#[test]
fn a_renamed_open_post_is_followed_to_its_new_path() {
    let mut state = app();
    let heading = reading_challenges(&mut state);
    let id = state.reader.article.as_ref().map(|a| a.id);
    let moved = post(
        "/p/renamed.md",
        "Ethereum L2 TVL",
        "2024-06-19",
        "defi",
        &long_body(),
    );
    changed(
        &mut state,
        vec![Change::Moved {
            from: PathBuf::from("/p/a.md"),
            post: Box::new(moved),
        }],
    );
    let view = state.reader.article.as_ref().expect("open");
    assert!(!view.deleted);
    assert_eq!(Some(view.id), id);
    assert_eq!(state.list.selected, id);
    assert_eq!(state.session.notice, None);
    assert_eq!(top_heading(&state), Some(heading));
    let path = id
        .and_then(|id| state.store.get(id))
        .map(|p| p.path.clone());
    assert_eq!(path.as_deref(), Some(Path::new("/p/renamed.md")));
}

#[test]
fn a_broken_front_matter_keeps_the_last_render_under_a_banner_until_fixed() {
    let mut state = app();
    let heading = reading_challenges(&mut state);
    let doc = state.reader.article.as_ref().map(|a| Arc::clone(&a.doc));
    let broken = format!(
        "---\ntitle: \"Ethereum L2 TVL\ndate: 2024-06-19\n---\nHalf written.\n{}",
        long_body()
    );
    let broken = Post::parse(Path::new("/p/a.md"), broken, None);
    changed(&mut state, vec![Change::Upsert(Box::new(broken))]);
    let view = state.reader.article.as_ref().expect("open");
    assert!(
        doc.is_some_and(|d| Arc::ptr_eq(&d, &view.doc)),
        "not rendered again"
    );
    assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
    let banner = state.article_banner().join(" ");
    assert!(banner.contains("front matter at line"), "{banner}");
    assert!(banner.contains("last version"), "{banner}");
    assert_eq!(top_heading(&state), Some(heading.clone()));

    let body = format!("Fixed.\n\n{}", long_body());
    let fixed = post(
        "/p/a.md",
        "Ethereum L2 TVL, fixed",
        "2024-06-19",
        "defi",
        &body,
    );
    changed(&mut state, vec![Change::Upsert(Box::new(fixed))]);
    assert!(state.article_banner().is_empty());
    assert_eq!(open_title(&state), Some("Ethereum L2 TVL, fixed"));
    assert_eq!(top_heading(&state), Some(heading));
}

#[test]
fn posts_added_or_changed_on_disk_are_marked_until_opened() {
    let mut state = app();
    assert!(
        state.marks.changed.is_empty(),
        "the initial load marks nothing"
    );
    let open = state.reader.article.as_ref().map(|a| a.id);
    let edited = post("/p/b.md", "Layer2 Scaling", "2024-06-10", "ethereum", "b2");
    let added = post("/p/d.md", "Added", "2024-01-01", "defi", "d");
    let open_edited = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", "x");
    changed(
        &mut state,
        vec![
            Change::Upsert(Box::new(edited)),
            Change::Upsert(Box::new(added)),
            Change::Upsert(Box::new(open_edited)),
        ],
    );
    let id = |path: &str| state.store.id_of(Path::new(path)).expect("stored");
    let (b, d) = (id("/p/b.md"), id("/p/d.md"));
    assert_eq!(state.marks.changed, [b, d].into_iter().collect());
    assert!(
        open.is_some_and(|a| !state.marks.changed.contains(&a)),
        "being viewed"
    );

    let row = state
        .list
        .visible
        .iter()
        .position(|&v| v == b)
        .expect("listed");
    for _ in 0..row {
        press(&mut state, Command::Down);
    }
    assert!(state.marks.changed.contains(&b), "selecting is not viewing");
    press(&mut state, Command::Activate);
    assert_eq!(state.marks.changed, [d].into_iter().collect());
}

#[test]
fn follow_opens_the_last_modified_post_then_each_post_saved() {
    use crate::content::FileStamp;
    use std::time::{Duration, SystemTime};
    let at = |secs| FileStamp {
        modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
        bytes: 1,
        changed: None,
    };
    let mut state = AppState::new(Theme::no_color());
    state.settings.follow_saves = true;
    update(
        &mut state,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    let mut posts = vec![
        post("/p/a.md", "Newest date", "2024-06-19", "defi", "a"),
        post("/p/b.md", "Saved last", "2020-01-01", "defi", "b"),
        post("/p/c.md", "Third", "2022-01-01", "defi", "c"),
    ];
    for (post, secs) in posts.iter_mut().zip([100, 300, 200]) {
        post.file = Some(at(secs));
    }
    update(
        &mut state,
        Event::Loaded {
            posts: posts.into_iter().map(Arc::new).collect(),
            errors: Vec::new(),
        },
    );
    update(&mut state, Event::LoadFinished);
    assert_eq!(open_title(&state), Some("Saved last"));
    assert_eq!(state.screen.focus, Focus::Article);
    assert_eq!(state.list.cursor, 2);

    let mut saved = post("/p/c.md", "Third, edited", "2022-01-01", "defi", "c2");
    saved.file = Some(at(400));
    changed(&mut state, vec![Change::Upsert(Box::new(saved))]);
    assert_eq!(open_title(&state), Some("Third, edited"));
    assert_eq!(state.list.selected, state.store.id_of(Path::new("/p/c.md")));
    assert_eq!(state.list.cursor, 1);
}

#[test]
fn a_save_marks_what_changed_says_where_when_it_is_out_of_view_and_dot_goes_there() {
    let mut state = app_with(vec![post(
        "/p/s.md",
        "Sections",
        "2024-06-19",
        "",
        &sectioned(4, false),
    )]);
    press(&mut state, Command::Activate);
    let saved = post("/p/s.md", "Sections", "2024-06-19", "", &sectioned(4, true));
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(saved))],
            errors: Vec::new(),
        },
    );
    let changes = state.reader.changes.clone().expect("the save's changes");
    let doc = state.document().expect("open");
    let marked: Vec<String> = changes
        .lines
        .iter()
        .map(|&i| {
            doc.lines[i]
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect()
        })
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|l: &String| l.contains("EDITED")),
        "{marked:?}"
    );
    // Out of view: the status line says under which heading, and how far.
    let view = state.reader.article.as_ref().expect("open");
    assert_eq!(view.scroll, 0, "the reader's place is kept");
    let said = state.change_out_of_view().expect("out of view");
    assert!(said.starts_with("changed: ## Section 3, "), "{said}");
    assert!(said.ends_with(" lines below"), "{said}");
    // `g` then `.`: there; the marks go at the next key after.
    press(&mut state, Command::Top);
    press(&mut state, Command::GoToChange);
    let view = state.reader.article.as_ref().expect("open");
    let first = changes.first().expect("a line");
    assert!(view.scroll <= first && first < view.scroll + state.article_rows());
    assert_eq!(state.change_out_of_view(), None);
    press(&mut state, Command::Down);
    assert!(
        state.reader.changes.is_none(),
        "the marks are gone after a key"
    );
    press(&mut state, Command::Top);
    press(&mut state, Command::GoToChange);
    let view = state.reader.article.as_ref().expect("open");
    assert!(view.scroll > 0, "`.` still finds the last change");
}

#[test]
fn with_follow_the_view_moves_to_what_a_save_changed() {
    let mut state = app_with(vec![post(
        "/p/s.md",
        "Sections",
        "2024-06-19",
        "",
        &sectioned(4, false),
    )]);
    state.settings.follow_saves = true;
    press(&mut state, Command::Activate);
    let saved = post("/p/s.md", "Sections", "2024-06-19", "", &sectioned(4, true));
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(saved))],
            errors: Vec::new(),
        },
    );
    assert_eq!(state.change_out_of_view(), None, "in view");
    assert!(state.reader.article.as_ref().is_some_and(|v| v.scroll > 0));
}

#[test]
fn the_first_file_given_stays_open_when_a_newer_one_is_read_after_it() {
    let mut state = AppState::new(Theme::no_color());
    update(
        &mut state,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    state.screen.focus = Focus::Article;
    state.load.open_first = Some(PathBuf::from("/p/older.md"));
    // The files given come in one at a time, the one asked for first.
    for (path, title, date) in [
        ("/p/older.md", "Older", "2024-01-01"),
        ("/p/newer.md", "Newer", "2024-06-01"),
    ] {
        update(
            &mut state,
            Event::Loaded {
                posts: vec![Arc::new(post(path, title, date, "", "body"))],
                errors: Vec::new(),
            },
        );
    }
    update(&mut state, Event::LoadFinished);
    assert_eq!(open_title(&state), Some("Older"));
    assert_eq!(titles(&state), ["Newer", "Older"]);
}

#[test]
fn posts_whose_bodies_stay_on_disk_are_read_back_when_opened_and_when_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zone = jiff::tz::TimeZone::UTC;
    let write = |name: &str, date: &str, words: &str| {
        let path = dir.path().join(name);
        let text =
            format!("---\ntitle: {name}\ndate: {date}\n---\n\n## {words}\n\n{words} text.\n");
        std::fs::write(&path, text).expect("write");
        let mut post = crate::content::loader::load_post(&path, &zone).expect("load");
        post.leave_body_on_disk(1 << 20);
        post
    };
    let posts = vec![
        write("new.md", "2024-06-19", "Newest"),
        write("old.md", "2024-06-10", "Oldest"),
    ];
    let mut state = app_with(posts);
    let shown = |state: &AppState| {
        let view = state.reader.article.as_ref().expect("open");
        let lines: Vec<String> = view.doc.lines.iter().map(ToString::to_string).collect();
        lines.join("\n")
    };
    assert_eq!(open_title(&state), Some("new.md"));
    assert!(shown(&state).contains("Newest text."), "{}", shown(&state));
    assert_eq!(state.reader.toc_cursor, 0);

    press(&mut state, Command::Down);
    press(&mut state, Command::Activate);
    assert_eq!(open_title(&state), Some("old.md"));
    assert!(shown(&state).contains("Oldest text."), "{}", shown(&state));
    let new = state.store.id_of(&dir.path().join("new.md")).expect("id");
    assert_eq!(
        state.store.get(new).map(Post::text),
        Some(""),
        "let go again"
    );

    // The watcher brings a new version, its body left on disk too: it is read back.
    let changed = write("old.md", "2024-06-10", "Rewritten");
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(changed))],
            errors: Vec::new(),
        },
    );
    assert!(
        shown(&state).contains("Rewritten text."),
        "{}",
        shown(&state)
    );
}

#[test]
fn with_follow_a_switch_to_another_post_goes_to_what_its_save_changed() {
    let mut state = app_with(vec![
        post("/p/a.md", "Open one", "2024-06-20", "", "Words.\n"),
        post(
            "/p/s.md",
            "Sections",
            "2024-06-19",
            "",
            &sectioned(4, false),
        ),
    ]);
    state.settings.follow_saves = true;
    press(&mut state, Command::Activate);
    assert_eq!(open_title(&state), Some("Open one"));
    let saved = post("/p/s.md", "Sections", "2024-06-19", "", &sectioned(4, true));
    changed(&mut state, vec![Change::Upsert(Box::new(saved))]);
    assert_eq!(
        open_title(&state),
        Some("Sections"),
        "switched to the post saved"
    );
    let changes = state.reader.changes.clone().expect("the change is marked");
    let doc = state.document().expect("open");
    let marked: Vec<String> = (changes.lines.iter())
        .map(|&l| doc.lines[l].to_string())
        .collect();
    assert!(marked.iter().any(|l| l.contains("EDITED")), "{marked:?}");
    assert_eq!(state.change_out_of_view(), None, "in view");
    assert!(state.reader.article.as_ref().is_some_and(|v| v.scroll > 0));
}

#[test]
fn the_open_post_retitled_on_disk_stays_read() {
    let mut state = app_with(vec![post(
        "/p/a.md",
        "First title",
        "2024-06-20",
        "",
        "Words.\n",
    )]);
    press(&mut state, Command::Activate);
    let id = state.reader.article.as_ref().map(|a| a.id).expect("open");
    state.set_read(id, true);
    let retitled = post("/p/a.md", "Second title", "2024-06-20", "", "Words.\n");
    changed(&mut state, vec![Change::Upsert(Box::new(retitled))]);
    let id = state.reader.article.as_ref().map(|a| a.id).expect("open");
    assert_eq!(open_title(&state), Some("Second title"));
    assert!(state.is_read(id), "the open post is never unread");
    assert!(
        !state.marks.changed.contains(&id),
        "viewed: not marked changed"
    );
}

#[test]
fn at_80_columns_the_status_line_names_the_change_whole_and_counts_the_broken_links() {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget;
    let body = |changed| {
        format!(
            "See [the missing note](missing.md).\n\n{}",
            sectioned(4, changed)
        )
    };
    let mut state = AppState::new(Theme::no_color());
    update(
        &mut state,
        Event::Resize {
            width: 80,
            height: 24,
        },
    );
    update(
        &mut state,
        Event::Loaded {
            posts: vec![Arc::new(post(
                "/p/s.md",
                "Sections",
                "2024-06-19",
                "",
                &body(false),
            ))],
            errors: Vec::new(),
        },
    );
    update(&mut state, Event::LoadFinished);
    press(&mut state, Command::Activate);
    let store = crate::library::store::Store::from_shared(state.store.snapshot());
    let broken = crate::library::linkcheck::Checker::new().check(&store);
    update(
        &mut state,
        Event::done(crate::runtime::jobs::links::LinksChecked(Arc::new(broken))),
    );
    assert_eq!(state.broken_link_count(), 1);
    let saved = post("/p/s.md", "Sections", "2024-06-19", "", &body(true));
    changed(&mut state, vec![Change::Upsert(Box::new(saved))]);
    let said = state.change_out_of_view().expect("out of view");
    let heading = said
        .strip_prefix("changed: ")
        .and_then(|s| s.split(',').next())
        .expect("a heading")
        .to_string();
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 1));
    crate::app::ui::status::StatusLine { state: &state }.render(buf.area, &mut buf);
    let line: String = (0..80).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    assert!(line.contains(&heading), "the heading whole: {line}");
    assert!(
        line.contains("1 ⚠") || line.contains("1 broken link"),
        "{line}"
    );
    assert!(!line.contains('…'), "nothing cut: {line}");
}
