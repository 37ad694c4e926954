//! Browsing: opening posts, the pickers (tags, dates, languages), search, sort, read marks,
//! links and history, the mouse, scrolling, focus and help.

use super::*;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

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

#[test]
fn tag_picker_selects_several_tags_with_counts_and_any_or_all() {
    let mut state = app();
    press(&mut state, Command::Tags);
    assert_eq!(state.popup.overlay, Some(Overlay::Tags));
    let counts: Vec<_> = state
        .picker_tags()
        .iter()
        .map(|(t, n)| (t.key.to_string(), *n))
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
    assert!(!state.article_matches().is_empty());
    press(&mut state, Command::NextMatch);
    assert_eq!(state.reader.match_cursor, Some(0));
    let line = state.article_matches()[0].line;
    let view = state.reader.article.as_ref().expect("open");
    assert!(view.scroll <= line && line < view.scroll + state.article_rows());
    press(&mut state, Command::PrevMatch);
    assert_eq!(
        state.reader.match_cursor,
        Some(state.article_matches().len() - 1)
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

#[test]
fn in_post_info_o_opens_the_posts_own_address() {
    let text =
        "---\ntitle: Entry\ndate: 2024-06-19\nurl: \"https://gazette.example/ferry\"\n---\nBody.\n";
    let entry = Post::parse(Path::new("/p/entry.md"), text, None);
    let mut state = app_with(vec![entry]);
    press(&mut state, Command::ToggleInfo);
    let effects = press(&mut state, Command::OpenLink);
    assert!(
        matches!(effects.as_slice(), [e] if e.job::<crate::runtime::jobs::open::OpenUrl>().is_some_and(|o| o.0 == "https://gazette.example/ferry")),
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
