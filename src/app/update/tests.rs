//! `update` with plain values: keys, typing, the mouse, loads and changes on disk.

use super::mouse::WHEEL_LINES;
use super::*;
use crate::app::state::{READ_AFTER, SortOrder};
use crate::content::Post;
use crate::content::testing::post;
use crate::theme::Theme;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn long_body() -> String {
    let para = "Some words to fill the article pane with lines.\n\n".repeat(12);
    format!("{para}## First\n\n{para}## Challenges Remain\n\n{para}## Last\n\nend\n")
}

fn app() -> AppState {
    app_with(vec![
        post("/p/b.md", "Layer2 Scaling", "2024-06-10", "ethereum", "b"),
        post(
            "/p/a.md",
            "Ethereum L2 TVL",
            "2024-06-19",
            "defi",
            &long_body(),
        ),
        post("/p/c.md", "Layer2 решения", "2024-06-10", "ethereum", "c"),
    ])
}

/// A 120x40 app with `posts` loaded.
fn app_with(posts: Vec<Post>) -> AppState {
    loaded(posts, |_| {}).0
}

/// A 120x40 app set up by `prepare`, then with `posts` loaded, and the effects the load asked
/// for.
fn loaded(posts: Vec<Post>, prepare: impl FnOnce(&mut AppState)) -> (AppState, Vec<Effect>) {
    let mut state = AppState::new(Theme::no_color());
    prepare(&mut state);
    let mut effects = update(
        &mut state,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    effects.extend(update(
        &mut state,
        Event::Loaded {
            posts,
            errors: Vec::new(),
        },
    ));
    effects.extend(update(&mut state, Event::LoadFinished));
    (state, effects)
}

fn titles(state: &AppState) -> Vec<&str> {
    state
        .list
        .visible
        .iter()
        .filter_map(|&id| state.store.get(id))
        .map(|p| p.title.as_str())
        .collect()
}

fn open_title(state: &AppState) -> Option<&str> {
    let id = state.reader.article.as_ref()?.id;
    state.store.get(id).map(|p| p.title.as_str())
}

fn press(state: &mut AppState, command: Command) -> Vec<Effect> {
    update(state, Event::Command(command))
}

#[test]
fn newest_post_is_selected_and_open_after_loading() {
    let state = app();
    assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
    assert_eq!(open_title(&state), Some("Ethereum L2 TVL"));
    assert_eq!(state.screen.focus, Focus::List);
}

#[test]
fn enter_opens_the_selected_post_and_focuses_the_article() {
    let mut state = app();
    press(&mut state, Command::Down);
    assert_eq!(
        open_title(&state),
        Some("Ethereum L2 TVL"),
        "moving does not open"
    );
    press(&mut state, Command::Activate);
    assert_eq!(open_title(&state), Some(titles(&state)[1]));
    assert_eq!(state.screen.focus, Focus::Article);
}

#[test]
fn enter_in_the_toc_puts_the_heading_at_the_top() {
    let mut state = app();
    press(&mut state, Command::Activate);
    press(&mut state, Command::FocusNext);
    assert_eq!(state.screen.focus, Focus::Toc);
    press(&mut state, Command::Down);
    press(&mut state, Command::Activate);
    let view = state.reader.article.as_ref().expect("open");
    let heading = &view.doc.headings[1];
    assert_eq!(heading.text, "Challenges Remain");
    assert_eq!(view.scroll, heading.line);
    assert_eq!(state.current_heading(), Some(1));
}

fn typed(state: &mut AppState, text: &str) {
    for c in text.chars() {
        update(state, Event::Insert(c));
    }
}

#[test]
fn tag_picker_selects_several_tags_with_counts_and_any_or_all() {
    let mut state = app();
    press(&mut state, Command::Tags);
    assert_eq!(state.popup.overlay, Some(Overlay::Tags));
    let counts: Vec<_> = state
        .picker_tags()
        .iter()
        .map(|(t, n)| (t.key.clone(), *n))
        .collect();
    assert_eq!(
        counts,
        [("defi".to_string(), 1), ("ethereum".to_string(), 2)]
    );
    press(&mut state, Command::Select);
    press(&mut state, Command::Down);
    press(&mut state, Command::Select);
    assert_eq!(state.list.query.filter.tags, ["defi", "ethereum"]);
    assert_eq!(titles(&state).len(), 3, "any of the two");
    press(&mut state, Command::ToggleTagMatch);
    assert!(titles(&state).is_empty(), "no post has both");
    press(&mut state, Command::ToggleTagMatch);
    // Typing narrows the tags shown; Space unselects the one highlighted.
    typed(&mut state, "eth");
    assert_eq!(state.picker_tags().len(), 1);
    press(&mut state, Command::Select);
    assert_eq!(state.list.query.filter.tags, ["defi"]);
    press(&mut state, Command::Activate);
    assert_eq!(state.popup.overlay, None);
    assert_eq!(titles(&state), ["Ethereum L2 TVL"]);
    press(&mut state, Command::ClearTags);
    assert_eq!(titles(&state).len(), 3);
}

#[test]
fn browsing_preview_never_shows_a_post_the_filter_hid() {
    let mut state = app();
    assert_eq!(open_title(&state), Some("Ethereum L2 TVL"));
    press(&mut state, Command::Tags);
    press(&mut state, Command::Down);
    press(&mut state, Command::Select);
    assert_eq!(open_title(&state), Some(titles(&state)[0]));
    assert_ne!(open_title(&state), Some("Ethereum L2 TVL"));
}

#[test]
fn tag_counts_follow_the_other_filters() {
    let mut state = app();
    press(&mut state, Command::Search);
    typed(&mut state, "layer2");
    press(&mut state, Command::Activate);
    press(&mut state, Command::Tags);
    let counts: Vec<_> = state.picker_tags().iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [0, 2]);
}

#[test]
fn date_picker_applies_presets_and_typed_ranges() {
    let mut state = app();
    state.session.today = "2024-06-20".parse().expect("date");
    press(&mut state, Command::Dates);
    let months: Vec<_> = state
        .derived
        .histogram
        .iter()
        .map(|m| (m.month, m.posts))
        .collect();
    assert_eq!(months, [(6, 3)]);
    press(&mut state, Command::Down);
    press(&mut state, Command::Down);
    press(&mut state, Command::Activate);
    assert_eq!(state.list.date_label.as_deref(), Some("last 7 days"));
    assert_eq!(titles(&state), ["Ethereum L2 TVL"]);
    press(&mut state, Command::Dates);
    typed(&mut state, "2024-06-01..2024-06-12");
    press(&mut state, Command::Activate);
    assert_eq!(titles(&state).len(), 2);
    press(&mut state, Command::Dates);
    typed(&mut state, "June");
    press(&mut state, Command::Activate);
    assert_eq!(
        state.popup.overlay,
        Some(Overlay::Dates),
        "a bad range keeps the picker open"
    );
    assert!(state.popup.date_picker.error.is_some());
    press(&mut state, Command::ClearInput);
    press(&mut state, Command::Top);
    press(&mut state, Command::Activate);
    assert_eq!(titles(&state).len(), 3);
}

#[test]
fn search_ranks_titles_first_and_esc_in_the_list_clears_it() {
    let mut state = app();
    press(&mut state, Command::Search);
    typed(&mut state, "Layer2");
    assert_eq!(titles(&state), ["Layer2 Scaling", "Layer2 решения"]);
    press(&mut state, Command::Activate);
    assert_eq!(state.popup.prompt, None);
    assert_eq!(state.list.query.search, "Layer2");
    press(&mut state, Command::Back);
    assert!(state.list.query.search.is_empty());
    assert_eq!(titles(&state).len(), 3);
}

#[test]
fn n_moves_between_matches_in_the_article() {
    let mut state = app();
    press(&mut state, Command::Search);
    typed(&mut state, "challenges");
    press(&mut state, Command::Activate);
    press(&mut state, Command::Activate);
    assert!(!state.reader.matches.is_empty());
    press(&mut state, Command::NextMatch);
    assert_eq!(state.reader.match_cursor, Some(0));
    let line = state.reader.matches[0].line;
    let view = state.reader.article.as_ref().expect("open");
    assert!(view.scroll <= line && line < view.scroll + state.article_rows());
    press(&mut state, Command::PrevMatch);
    assert_eq!(
        state.reader.match_cursor,
        Some(state.reader.matches.len() - 1)
    );
}

#[test]
fn brackets_jump_between_headings_and_the_contents_follow() {
    let mut state = app();
    press(&mut state, Command::Activate);
    for _ in 0..3 {
        press(&mut state, Command::NextHeading);
    }
    let view = state.reader.article.as_ref().expect("open");
    assert_eq!(view.scroll, view.doc.headings[2].line);
    assert_eq!(state.current_heading(), Some(2));
    assert_eq!(state.reader.toc_cursor, 2, "scrollspy");
    press(&mut state, Command::PrevHeading);
    assert_eq!(state.current_heading(), Some(1));
}

#[test]
fn sort_switches_between_date_title_modified_and_weight() {
    let mut state = app();
    press(&mut state, Command::CycleSort);
    assert_eq!(
        titles(&state),
        ["Ethereum L2 TVL", "Layer2 Scaling", "Layer2 решения"]
    );
    press(&mut state, Command::CycleSort);
    press(&mut state, Command::CycleSort);
    assert_eq!(state.list.query.sort, SortOrder::Weight);
    press(&mut state, Command::CycleSort);
    assert_eq!(state.list.query.sort, SortOrder::Date);
}

#[test]
fn a_post_read_for_a_moment_is_marked_and_u_hides_it() {
    let mut state = app();
    press(&mut state, Command::Activate);
    let (id, since) = state.reader.reading.expect("reading");
    update(&mut state, Event::Tick(since + READ_AFTER / 2));
    assert!(!state.is_read(id));
    let effects = update(&mut state, Event::Tick(since + READ_AFTER));
    assert!(state.is_read(id));
    assert!(
        matches!(effects[..], [Effect::SaveReadState]),
        "{effects:?}"
    );
    press(&mut state, Command::Back);
    press(&mut state, Command::ToggleUnread);
    assert_eq!(titles(&state).len(), 2);
    press(&mut state, Command::ToggleUnread);
    press(&mut state, Command::Top);
    press(&mut state, Command::ToggleRead);
    assert!(!state.is_read(id));
}

#[test]
fn link_prompt_opens_only_web_and_mail_links() {
    let mut state = app();
    let body = "[a](https://go.dev/) [b](file:///etc/passwd) [c](mailto:x@y.z)\n";
    let changed = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", body);
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(changed))],
            errors: Vec::new(),
        },
    );
    for (number, opened) in [("1", true), ("2", false), ("3", true), ("9", false)] {
        press(&mut state, Command::OpenLink);
        typed(&mut state, number);
        let effects = press(&mut state, Command::Activate);
        assert_eq!(effects.len(), usize::from(opened), "{number}: {effects:?}");
    }
    press(&mut state, Command::CopyLink);
    typed(&mut state, "2");
    let effects = press(&mut state, Command::Activate);
    assert!(
        matches!(&effects[..], [Effect::Copy(url)] if url == "file:///etc/passwd"),
        "{effects:?}"
    );
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select() {
    use ratatui::crossterm::event::KeyModifiers;
    let mut state = app();
    // Wide enough for the list beside the article while reading.
    update(
        &mut state,
        Event::Resize {
            width: 160,
            height: 40,
        },
    );
    press(&mut state, Command::Activate);
    let article = state.screen.panes.article.expect("article");
    let wheel = |column, row, kind| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(
        &mut state,
        wheel(article.x + 2, article.y + 2, MouseEventKind::ScrollDown),
    );
    assert_eq!(
        state.reader.article.as_ref().map(|a| a.scroll),
        Some(WHEEL_LINES)
    );
    let list = state.screen.panes.list.expect("list");
    let click = MouseEventKind::Down(MouseButton::Left);
    update(&mut state, wheel(list.x + 2, list.y + 2, click));
    assert_eq!(state.list.cursor, 1);
    assert_eq!(state.screen.focus, Focus::List);
    update(&mut state, wheel(list.x + 2, list.y + 2, click));
    assert_eq!(state.screen.focus, Focus::Article, "a second click opens");
    assert_eq!(open_title(&state), Some(titles(&state)[1]));
}

#[test]
fn article_scrolls_by_line_page_and_ends() {
    let mut state = app();
    press(&mut state, Command::Activate);
    press(&mut state, Command::Down);
    assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(1));
    press(&mut state, Command::Bottom);
    let max = state.max_scroll();
    assert!(max > 0);
    assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(max));
    press(&mut state, Command::Down);
    assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(max));
    press(&mut state, Command::PageUp);
    assert_eq!(
        state.reader.article.as_ref().map(|a| a.scroll),
        Some(max - (state.article_rows() - 2))
    );
    press(&mut state, Command::Top);
    assert_eq!(state.reader.article.as_ref().map(|a| a.scroll), Some(0));
}

#[test]
fn selection_follows_its_post_when_the_list_changes() {
    let mut state = app();
    press(&mut state, Command::Bottom);
    let selected = state.list.selected;
    let changed = post("/p/x.md", "Brand new", "2025-01-01", "defi", "x");
    update(
        &mut state,
        Event::Changed {
            changes: vec![Change::Upsert(Box::new(changed))],
            errors: Vec::new(),
        },
    );
    assert_eq!(titles(&state)[0], "Brand new");
    assert_eq!(state.list.selected, selected);
    assert_eq!(state.list.cursor, 3);
}

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

fn changed(state: &mut AppState, changes: Vec<Change>) -> Vec<Effect> {
    update(
        state,
        Event::Changed {
            changes,
            errors: Vec::new(),
        },
    )
}

/// Opens the long post at its second section and returns the heading at the top.
fn reading_challenges(state: &mut AppState) -> String {
    press(state, Command::Activate);
    press(state, Command::NextHeading);
    press(state, Command::NextHeading);
    let view = state.reader.article.as_ref().expect("open");
    let top = state.current_heading().expect("a heading");
    assert_eq!(view.scroll, view.doc.headings[top].line);
    view.doc.headings[top].text.clone()
}

fn top_heading(state: &AppState) -> Option<String> {
    let view = state.reader.article.as_ref()?;
    let index = state.current_heading()?;
    (view.doc.headings[index].line == view.scroll).then(|| view.doc.headings[index].text.clone())
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
            posts,
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
fn a_large_post_renders_off_the_ui_thread_and_keeps_the_place_when_it_comes() {
    use crate::app::state::BACKGROUND_RENDER_BYTES;
    let mut state = app();
    let heading = reading_challenges(&mut state);
    let old = state
        .reader
        .article
        .as_ref()
        .map(|a| Arc::clone(&a.doc))
        .expect("open");
    let filler = "A paragraph of filler words for a very large post.\n\n";
    let body = format!(
        "{}{}",
        filler.repeat(BACKGROUND_RENDER_BYTES / filler.len() + 1),
        long_body()
    );
    let large = post("/p/a.md", "Ethereum L2 TVL", "2024-06-19", "defi", &body);
    let effects = changed(&mut state, vec![Change::Upsert(Box::new(large))]);
    // Not rendered yet: the last render stays, under a "Rendering…" banner.
    let view = state.reader.article.as_ref().expect("open");
    assert!(Arc::ptr_eq(&old, &view.doc));
    assert!(state.article_banner().join(" ").contains("Rendering"));
    let request = effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Render(request) => Some(request),
            _ => None,
        })
        .expect("a render to make");
    let (id, revision, width) = (request.id, request.revision, request.width);
    let doc = crate::render::render_post_safely(
        &request.post,
        width,
        &request.theme,
        &request.colours,
        &[],
    );
    // A render for another width (the pane was resized meanwhile) is dropped.
    let stale = doc.clone();
    update(
        &mut state,
        Event::Rendered {
            id,
            revision,
            width: width + 1,
            doc: stale,
        },
    );
    assert!(
        state
            .reader
            .article
            .as_ref()
            .is_some_and(|v| Arc::ptr_eq(&old, &v.doc))
    );
    update(
        &mut state,
        Event::Rendered {
            id,
            revision,
            width,
            doc,
        },
    );
    assert!(state.article_banner().is_empty());
    assert_eq!(top_heading(&state), Some(heading));
    assert!(state.document().is_some_and(|d| d.lines.len() > 10_000));
}

#[test]
fn drafts_are_hidden_and_counted_until_d_shows_them() {
    let mut state = app();
    let draft = |path: &str, title: &str| {
        let text = format!("---\ntitle: {title}\ndate: 2024-01-01\ndraft: true\n---\nx\n");
        Post::parse(Path::new(path), text, None)
    };
    changed(
        &mut state,
        vec![
            Change::Upsert(Box::new(draft("/p/d1.md", "Draft one"))),
            Change::Upsert(Box::new(draft("/p/d2.md", "Draft two"))),
        ],
    );
    assert_eq!(titles(&state).len(), 3);
    assert_eq!(state.list.hidden.drafts, 2);
    let status = crate::app::ui::status::StatusLine { state: &state }.parts();
    assert!(
        status.contains(&"2 drafts hidden".to_string()),
        "{status:?}"
    );
    press(&mut state, Command::ToggleDrafts);
    assert_eq!(titles(&state).len(), 5);
    assert!(titles(&state).contains(&"Draft one"));
    assert_eq!(state.list.hidden.total(), 0);
    press(&mut state, Command::ToggleDrafts);
    assert_eq!(titles(&state).len(), 3);
}

/// Follows link number `n` of the open post.
fn follow(state: &mut AppState, n: usize) {
    press(state, Command::OpenLink);
    for c in n.to_string().chars() {
        update(state, Event::Insert(c));
    }
    press(state, Command::Activate);
}

#[test]
fn links_between_posts_open_them_and_history_goes_back_and_forward_to_the_place() {
    let mut state = app();
    let post = |path: &str, text: &str| {
        Change::Upsert(Box::new(Post::parse(
            Path::new(path),
            text.to_string(),
            None,
        )))
    };
    let long: String = (1..=40).map(|i| format!("Line {i}.\n\n")).collect();
    changed(
        &mut state,
        vec![
            post(
                "/site/blog/a.md",
                &format!(
                    "---\ntitle: Alpha\ndate: 2030-01-02\n---\n[b](../blog/b.md#deep) [gone](/nowhere/) [self](#end)\n\n{long}## End\n\nx\n"
                ),
            ),
            post(
                "/site/blog/b.md",
                &format!("---\ntitle: Beta\ndate: 2030-01-01\n---\n{long}## Deep\n\nHere.\n"),
            ),
        ],
    );
    assert_eq!(titles(&state)[0], "Alpha");
    press(&mut state, Command::Top);
    press(&mut state, Command::Activate);
    assert_eq!(open_title(&state), Some("Alpha"));
    press(&mut state, Command::Down);
    press(&mut state, Command::Down);
    let place = state.reader.article.as_ref().expect("open").scroll;
    assert!(place > 0);

    // A relative link with an anchor: Beta, at its heading.
    follow(&mut state, 1);
    assert_eq!(open_title(&state), Some("Beta"));
    let view = state.reader.article.as_ref().expect("open");
    let deep = view
        .doc
        .headings
        .iter()
        .find(|h| h.anchor == "deep")
        .expect("heading");
    assert_eq!(view.scroll, deep.line);
    assert_eq!(state.screen.focus, Focus::Article);

    // Back: Alpha at the same place; forward: Beta again.
    press(&mut state, Command::HistoryBack);
    assert_eq!(open_title(&state), Some("Alpha"));
    assert_eq!(state.reader.article.as_ref().expect("open").scroll, place);
    press(&mut state, Command::HistoryForward);
    assert_eq!(open_title(&state), Some("Beta"));
    press(&mut state, Command::HistoryBack);
    press(&mut state, Command::HistoryBack);
    assert!(
        state
            .session
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Nothing to go back"))
    );

    // A link to nothing says so and goes nowhere.
    follow(&mut state, 2);
    assert_eq!(open_title(&state), Some("Alpha"));
    assert!(
        state
            .session
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("/nowhere/ leads to no post")),
        "{:?}",
        state.session.notice
    );
    // A heading of the same post.
    follow(&mut state, 3);
    let view = state.reader.article.as_ref().expect("open");
    let end = view
        .doc
        .headings
        .iter()
        .find(|h| h.anchor == "end")
        .expect("heading");
    assert_eq!(view.scroll, end.line);
    assert_eq!(state.reader.back.len(), 1);
}

#[test]
fn the_selection_stays_on_a_post_whose_date_moves_it_down_the_list() {
    let mut state = app();
    assert_eq!(titles(&state)[0], "Ethereum L2 TVL");
    let selected = state.list.selected;
    let older = post("/p/a.md", "Retitled", "2020-01-01", "defi", "x");
    changed(&mut state, vec![Change::Upsert(Box::new(older))]);
    assert_eq!(titles(&state)[2], "Retitled");
    assert_eq!(state.list.selected, selected);
    assert_eq!(state.list.cursor, 2);
}

#[test]
fn resize_renders_the_article_for_the_new_width() {
    let mut state = app();
    update(
        &mut state,
        Event::Resize {
            width: 200,
            height: 50,
        },
    );
    let width = state.reader.article.as_ref().map(|a| a.width);
    assert_eq!(width, state.screen.panes.article_text().map(|r| r.width));
}

#[test]
fn focus_skips_the_toc_where_it_cannot_be_shown() {
    let mut state = app();
    update(
        &mut state,
        Event::Resize {
            width: 80,
            height: 24,
        },
    );
    press(&mut state, Command::FocusNext);
    press(&mut state, Command::FocusNext);
    assert_eq!(state.screen.focus, Focus::List);
    press(&mut state, Command::FocusPrev);
    assert_eq!(state.screen.focus, Focus::Article);
}

#[test]
fn help_toggles_and_back_closes_it() {
    let mut state = app();
    press(&mut state, Command::ToggleHelp);
    assert_eq!(state.popup.overlay, Some(Overlay::Help));
    press(&mut state, Command::Back);
    assert_eq!(state.popup.overlay, None);
    assert_eq!(state.screen.focus, Focus::List);
    press(&mut state, Command::Quit);
    assert!(state.session.quit);
}

#[test]
fn the_language_picker_filters_and_w_switches_to_a_translation() {
    let mut state = app_with(vec![
        post("/site/en/b/x/index.md", "New", "2024-02-03", "", "Hi.\n"),
        post(
            "/site/ru/b/x/index.md",
            "Новое",
            "2024-02-02",
            "",
            "Привет.\n",
        ),
        post(
            "/site/en/b/y/index.md",
            "Other",
            "2024-02-01",
            "",
            "More.\n",
        ),
    ]);
    press(&mut state, Command::Languages);
    assert_eq!(state.popup.overlay, Some(Overlay::Languages));
    // All, en (2), ru (1): down twice to ru.
    press(&mut state, Command::Down);
    press(&mut state, Command::Down);
    press(&mut state, Command::Activate);
    assert_eq!(state.popup.overlay, None);
    assert_eq!(state.list.query.filter.lang.as_deref(), Some("ru"));
    assert_eq!(titles(&state), ["Новое"]);
    // Back to all, then open the English post and switch to its translation.
    press(&mut state, Command::Languages);
    assert_eq!(
        state.popup.lang_cursor, 2,
        "the cursor starts on the language in force"
    );
    press(&mut state, Command::Top);
    press(&mut state, Command::Activate);
    assert_eq!(titles(&state).len(), 3);
    press(&mut state, Command::Activate);
    assert_eq!(open_title(&state), Some("New"));
    press(&mut state, Command::NextTranslation);
    assert_eq!(open_title(&state), Some("Новое"));
    press(&mut state, Command::NextTranslation);
    assert_eq!(open_title(&state), Some("New"), "round again");
}

/// A post body four first screens long: `## Start`, filler, `## Finish` and "The very end.".
fn long_body_of_four_screens() -> String {
    use crate::app::state::FIRST_SCREEN_BYTES;
    let filler = "A paragraph of filler words for a long post.\n\n";
    format!(
        "## Start\n\n{}## Finish\n\nThe very end.\n",
        filler.repeat(4 * FIRST_SCREEN_BYTES / filler.len())
    )
}

#[test]
fn a_long_post_shows_its_first_screen_at_once_and_g_reaches_the_end_once_the_rest_comes() {
    let body = long_body_of_four_screens();
    let mut state = AppState::new(Theme::no_color());
    update(
        &mut state,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    let long = post("/p/long.md", "Long", "2024-06-19", "", &body);
    let mut effects = update(
        &mut state,
        Event::Loaded {
            posts: vec![long],
            errors: Vec::new(),
        },
    );
    effects.extend(update(&mut state, Event::LoadFinished));
    // The first screen is there at once, without a banner; the whole post is asked for.
    let view = state.reader.article.as_ref().expect("open");
    assert!(view.is_first_screen());
    assert!(!view.doc.lines.is_empty());
    assert!(state.article_banner().is_empty());
    let asked = |effects: Vec<Effect>| {
        effects.into_iter().rev().find_map(|e| match e {
            Effect::Render(request) => Some(request),
            _ => None,
        })
    };
    let request = asked(effects).expect("the whole post to render");
    let head_lines = state.document().map_or(0, |d| d.lines.len());
    let last_line = |state: &AppState| -> String {
        let doc = state.document().expect("open");
        doc.lines
            .last()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    // `G` before the rest comes: the end of the post at once, rendered alone; `g` the start
    // again; `G` the end again (the whole render asked for again if reading gave the article
    // another width).
    state.screen.focus = Focus::Article;
    let request = asked(press(&mut state, Command::Bottom)).unwrap_or(request);
    let view = state.reader.article.as_ref().expect("open");
    assert!(view.end_first && view.is_first_screen());
    assert!(
        last_line(&state).contains("The very end."),
        "{}",
        last_line(&state)
    );
    assert_eq!(view.scroll, state.max_scroll());
    assert!(view.scroll > 0);
    press(&mut state, Command::Top);
    let view = state.reader.article.as_ref().expect("open");
    assert!(!view.end_first && view.scroll == 0);
    assert_eq!(state.document().map_or(0, |d| d.lines.len()), head_lines);
    let request = asked(press(&mut state, Command::Bottom)).unwrap_or(request);
    let doc = crate::render::render_post_safely(
        &request.post,
        request.width,
        &request.theme,
        &request.colours,
        &request.broken,
    );
    let (id, revision, width) = (request.id, request.revision, request.width);
    update(
        &mut state,
        Event::Rendered {
            id,
            revision,
            width,
            doc,
        },
    );
    let view = state.reader.article.as_ref().expect("open");
    assert!(!view.is_first_screen());
    let lines = view.doc.lines.len();
    assert!(lines > head_lines, "{lines} > {head_lines}");
    assert_eq!(view.scroll, state.max_scroll());
    let last: String = view.doc.lines[lines - 1]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    assert!(last.contains("The very end."), "{last}");
}

#[test]
fn a_width_change_before_the_rest_of_a_long_post_comes_renders_only_its_first_screen_again() {
    let body = long_body_of_four_screens();
    let mut state = AppState::new(Theme::no_color());
    update(
        &mut state,
        Event::Resize {
            width: 160,
            height: 40,
        },
    );
    let long = post("/p/long.md", "Long", "2024-06-19", "", &body);
    update(
        &mut state,
        Event::Loaded {
            posts: vec![long],
            errors: Vec::new(),
        },
    );
    update(&mut state, Event::LoadFinished);
    let head_lines = state.document().map_or(0, |d| d.lines.len());
    // Reading changes the article's width (the panes are laid out again) before the rest
    // has come: the first screen is made again for it, and the whole post asked for again,
    // rather than rendered whole on the UI thread.
    let effects = press(&mut state, Command::FocusNext);
    let view = state.reader.article.as_ref().expect("open");
    assert_eq!(state.screen.focus, Focus::Article);
    assert!(view.is_first_screen(), "still only the first screen");
    assert!(view.doc.lines.len() < head_lines * 2, "not the whole post");
    let asked = effects.iter().find_map(|e| match e {
        Effect::Render(request) => Some(request.width),
        _ => None,
    });
    assert_eq!(asked, Some(view.width), "the whole post at the new width");
}

/// A body of `sections` headed sections of 12 paragraphs each; `changed` replaces one word
/// of the 6th paragraph of the last section.
fn sectioned(sections: usize, changed: bool) -> String {
    let mut body = String::new();
    for s in 0..sections {
        body.push_str(&format!("## Section {s}\n\n"));
        for p in 0..12 {
            let word = if changed && s + 1 == sections && p == 6 {
                "EDITED"
            } else {
                "words"
            };
            body.push_str(&format!(
                "Paragraph {p} of section {s} has {word} in it.\n\n"
            ));
        }
    }
    body
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
                posts: vec![post(path, title, date, "", "body")],
                errors: Vec::new(),
            },
        );
    }
    update(&mut state, Event::LoadFinished);
    assert_eq!(open_title(&state), Some("Older"));
    assert_eq!(titles(&state), ["Newer", "Older"]);
}

#[test]
fn g_on_a_long_post_just_opened_shows_the_end_the_worker_rendered_ahead_of_the_whole() {
    let long = post(
        "/p/long.md",
        "Long",
        "2024-06-19",
        "",
        &long_body_of_four_screens(),
    );
    let (mut state, effects) = loaded(vec![long], |state| {
        // Opened to be read, as a file given alone is (see `app::start`).
        state.screen.focus = Focus::Article;
        state.load.open_first = Some(std::path::PathBuf::from("/p/long.md"));
    });
    let request = effects
        .into_iter()
        .rev()
        .find_map(|e| match e {
            Effect::Render(request) => Some(request),
            _ => None,
        })
        .expect("the whole post to render");
    assert_eq!(
        request.end_first,
        Some(crate::app::state::FIRST_SCREEN_BYTES),
        "the end is asked for first"
    );
    // What the worker sends: an end for another width is not kept; the one asked for is.
    let end = |text: &str| {
        crate::render::render_post_safely(
            &post("/p/end.md", "End", "2024-06-19", "", text),
            request.width,
            &request.theme,
            &request.colours,
            &[],
        )
    };
    for (width, text) in [
        (request.width + 1, "Another width."),
        (request.width, "Made on the worker."),
    ] {
        update(
            &mut state,
            Event::EndRendered {
                id: request.id,
                revision: request.revision,
                width,
                doc: end(text),
            },
        );
    }
    press(&mut state, Command::Bottom);
    let view = state.reader.article.as_ref().expect("open");
    assert!(view.end_first && view.is_first_screen());
    let text: Vec<String> = view.doc.lines.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|l| l.contains("Made on the worker.")),
        "{text:?}"
    );
    assert!(
        !text.iter().any(|l| l.contains("Another width.")),
        "{text:?}"
    );
}

#[test]
fn a_large_folder_waits_for_its_index_before_its_links_are_checked() {
    let many = crate::runtime::indexer::PROGRESS_EVERY + 1;
    let posts = || {
        (0..many)
            .map(|i| {
                let (path, title) = (format!("/p/{i}.md"), format!("Post {i}"));
                post(&path, &title, "2024-06-19", "", "x\n")
            })
            .collect()
    };
    let (mut state, effects) = loaded(posts(), |_| {});
    let asks = |effects: &[Effect]| {
        (
            effects.iter().any(|e| matches!(e, Effect::Index(_))),
            effects.iter().any(|e| matches!(e, Effect::CheckLinks(_))),
        )
    };
    assert_eq!(asks(&effects), (true, false), "the index first, alone");
    // Said on the status line from the start, before the index's thread tells its progress.
    assert_eq!(state.load.indexing, Some((0, many)));
    let handle = crate::library::search::IndexWriterHandle::open(None).expect("in memory");
    let effects = update(
        &mut state,
        Event::IndexReady {
            index: handle.index(),
            version: 1,
        },
    );
    assert_eq!(state.load.indexing, None);
    assert_eq!(asks(&effects), (false, true), "then the link check");

    // An index that cannot be built is not waited for.
    let (mut state, _) = loaded(posts(), |_| {});
    let effects = update(
        &mut state,
        Event::IndexFailed("disk full; search scans instead".into()),
    );
    assert_eq!(state.load.indexing, None);
    assert_eq!(asks(&effects), (false, true));
    assert_eq!(
        state.session.notice.as_deref(),
        Some("disk full; search scans instead")
    );
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
fn the_fetch_key_fetches_the_feeds_once_at_a_time_and_lists_failures_under_the_diagnostics() {
    let mut state = app();
    press(&mut state, Command::FetchFeeds);
    assert!(
        state
            .session
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("no feeds"))
    );
    let feed = |name: &str| crate::config::FeedConfig {
        url: format!("http://127.0.0.1:9/{name}"),
        name: Some(name.to_string()),
        folder: None,
        tags: Vec::new(),
        every: None,
    };
    state.settings.feeds = vec![feed("a"), feed("b")];
    state.settings.feed_options = Some(crate::library::feeds::FetchOptions {
        timeout: std::time::Duration::from_secs(1),
        max_bytes: 1024,
        cache_dir: PathBuf::from("/nonexistent"),
        default_root: None,
    });
    let effects = press(&mut state, Command::FetchFeeds);
    assert!(matches!(effects.as_slice(), [Effect::FetchFeeds(feeds, _)] if feeds.len() == 2));
    assert!(
        press(&mut state, Command::FetchFeeds).is_empty(),
        "one fetch at a time"
    );
    let report = |name: &str, error: Option<&str>| crate::library::feeds::FeedReport {
        name: name.to_string(),
        error: error.map(ToString::to_string),
        ..Default::default()
    };
    update(
        &mut state,
        Event::FeedFetched {
            report: report("a", Some("the server answered 404")),
            total: 2,
        },
    );
    assert_eq!(state.load.fetching, Some((1, 2)));
    update(
        &mut state,
        Event::FeedFetched {
            report: report("b", None),
            total: 2,
        },
    );
    assert_eq!(state.load.fetching, None);
    assert_eq!(state.load.skipped, ["feed a: the server answered 404"]);
    assert!(
        state
            .session
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("1 failed"))
    );
    // A later fetch that goes well clears the failure.
    press(&mut state, Command::FetchFeeds);
    update(
        &mut state,
        Event::FeedFetched {
            report: report("a", None),
            total: 1,
        },
    );
    assert!(state.load.skipped.is_empty());
}

#[test]
fn in_post_info_o_opens_the_posts_own_address() {
    let text =
        "---\ntitle: Entry\ndate: 2024-06-19\nurl: \"https://gazette.example/ferry\"\n---\nBody.\n";
    let entry = Post::parse(Path::new("/p/entry.md"), text, None);
    let mut state = app_with(vec![entry]);
    press(&mut state, Command::ToggleInfo);
    let effects = press(&mut state, Command::OpenLink);
    assert!(
        matches!(effects.as_slice(), [Effect::OpenUrl(url)] if url == "https://gazette.example/ferry"),
        "{effects:?}"
    );
    let mut plain = app();
    press(&mut plain, Command::ToggleInfo);
    assert!(press(&mut plain, Command::OpenLink).is_empty());
    assert_eq!(
        plain.session.notice.as_deref(),
        Some("This post names no web address.")
    );
}

#[test]
fn post_info_asks_the_backlinks_thread_once_per_version_and_shows_its_answer() {
    let mut state = app_with(vec![
        post("/p/a.md", "A", "2024-06-19", "", "See [b](b.md)."),
        post("/p/b.md", "B", "2024-06-10", "", "Nothing."),
    ]);
    let b = state.store.id_of(Path::new("/p/b.md")).expect("b");
    let a = state.store.id_of(Path::new("/p/a.md")).expect("a");
    state.list.selected = Some(b);
    let asked = |effects: &[Effect]| {
        effects
            .iter()
            .filter(
                |e| matches!(e, Effect::FindBacklinks(job) if &*job.target == Path::new("/p/b.md")),
            )
            .count()
    };
    assert_eq!(asked(&press(&mut state, Command::ToggleInfo)), 1);
    let info = |state: &AppState| {
        crate::app::overlay::info::lines(state, 80)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(info(&state).contains("(looking…)"), "{}", info(&state));
    // Asked once: another frame does not ask again.
    assert_eq!(
        asked(&update(&mut state, Event::Tick(std::time::Instant::now()))),
        0
    );
    let generation = state.store.generation();
    update(
        &mut state,
        Event::Backlinks {
            target: std::sync::Arc::from(Path::new("/p/b.md")),
            generation,
            linking: vec![std::sync::Arc::from(Path::new("/p/a.md"))],
        },
    );
    assert_eq!(state.derived.backlinks, Some((b, generation, vec![a])));
    let shown = info(&state);
    let lines: Vec<&str> = shown.lines().collect();
    let heading = (lines.iter())
        .position(|l| l.contains("Linked from"))
        .expect("the backlinks' heading");
    assert!(lines[heading + 1].contains("2024-06-19"), "{shown}");
    assert!(lines[heading + 1].trim_end().ends_with('A'), "{shown}");
    assert!(!shown.contains("(looking…)"));
}

#[test]
fn a_post_naming_thousands_of_images_gives_pictures_to_the_first_two_hundred_only() {
    let body: String = (0..250)
        .map(|n| format!("![Image {n}](img/{n}.png)\n\n"))
        .collect();
    let mut state = app_with(vec![post("/p/many.md", "Many", "2024-06-19", "", &body)]);
    state.reader.pictures =
        crate::app::state::Pictures::new(Some(crate::runtime::pictures::Graphics::Blocks), false);
    press(&mut state, Command::Activate);
    // Rendered again with pictures on.
    if let Some(view) = &mut state.reader.article {
        view.width = 0;
    }
    update(&mut state, Event::Tick(std::time::Instant::now()));
    let view = state.reader.article.as_ref().expect("open");
    assert_eq!(view.images.len(), 250);
    let said: Vec<String> = view.images.iter().map(|s| s.describe()).collect();
    assert_eq!(said[199], "no such file beside the post");
    assert_eq!(said[200], "past the first 200 images of the post");
    assert_eq!(said[249], "past the first 200 images of the post");
}
