//! The reader's screen at 80x24, 120x40 and 200x60 (ratatui's TestBackend and insta), on our
//! post with a table of time zones and our Go post with lines wider than any pane: how the
//! panes share the width, tables that keep their words whole, zoom.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::app::{AppState, Command, Event, Focus, ui, update};
use tidings::content::Post;
use tidings::theme::Theme;

const TABLE_POST: &str = "Where the release team meets, and when";
const CODE_POST: &str = "A handler with long lines";

/// The reader at `width`x`height` with our fixtures loaded and the post titled `title` open.
fn reading(width: u16, height: u16, title: &str) -> AppState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader");
    let mut posts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("a post");
        posts.push(Post::parse(&path, text, None));
    }
    let mut state = AppState::new(Theme::no_color());
    update(&mut state, Event::Resize { width, height });
    update(
        &mut state,
        Event::Loaded {
            posts: posts.into_iter().map(std::sync::Arc::new).collect(),
            errors: Vec::new(),
        },
    );
    update(&mut state, Event::LoadFinished);
    for _ in 0..state.list.visible.len() {
        let selected = state.list.selected.and_then(|id| state.store.get(id));
        if selected.is_some_and(|p| p.title == title) {
            break;
        }
        update(&mut state, Event::Command(Command::Down));
    }
    update(&mut state, Event::Command(Command::Activate));
    assert_eq!(state.screen.focus, Focus::Article);
    state
}

fn screen(state: &AppState) -> String {
    let area = state.screen.area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("backend");
    terminal.draw(|f| ui::draw(f, state)).expect("draw");
    ui::screen_text(terminal.backend().buffer())
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

#[test]
fn the_reader_at_three_sizes() {
    for (width, height) in SIZES {
        for (name, title) in [("table", TABLE_POST), ("code", CODE_POST)] {
            let mut state = reading(width, height, title);
            // The table, or the code, at the top.
            update(&mut state, Event::Command(Command::NextHeading));
            insta::assert_snapshot!(format!("reader_{name}_{width}x{height}"), screen(&state));
        }
    }
}

#[test]
fn at_200_columns_the_list_shows_whole_titles() {
    let state = reading(200, 60, TABLE_POST);
    let list = state
        .screen
        .panes
        .list
        .expect("the list beside the article");
    let text = screen(&state);
    for title in [TABLE_POST, CODE_POST] {
        let row = text
            .lines()
            .find(|l| l.contains(&title[..12]))
            .expect("listed");
        let in_list: String = row.chars().take(usize::from(list.width)).collect();
        assert!(in_list.contains(title), "{title:?} cut: {in_list:?}");
    }
}

#[test]
fn at_80_columns_the_article_has_at_least_70_columns() {
    let state = reading(80, 24, CODE_POST);
    let text = state.screen.panes.article_text().expect("the article");
    assert!(text.width >= 70, "{text:?}");
}

#[test]
fn no_word_shorter_than_the_cap_is_split_in_a_table() {
    for (width, height) in SIZES {
        let mut state = reading(width, height, TABLE_POST);
        update(&mut state, Event::Command(Command::NextHeading));
        let text = screen(&state);
        for word in [
            "Europe/Africa",
            "America/Los_Angeles",
            "timezone[1]",
            "regressions",
        ] {
            assert!(text.contains(word), "{word} split at {width}:\n{text}");
        }
    }
}

#[test]
fn zoom_gives_the_article_every_column_and_the_same_key_brings_the_panes_back() {
    let mut state = reading(120, 40, TABLE_POST);
    let before = state.screen.panes;
    update(&mut state, Event::Command(Command::Zoom));
    assert_eq!(state.screen.panes.article.map(|r| r.width), Some(120));
    assert!(state.screen.panes.list.is_none() && state.screen.panes.toc.is_none());
    assert!(screen(&state).contains("zoomed"));
    update(&mut state, Event::Command(Command::Zoom));
    assert_eq!(state.screen.panes, before);
}

#[test]
fn l_and_h_scroll_a_cut_code_line_sideways() {
    let mut state = reading(80, 24, CODE_POST);
    let end = "END-OF-LONG-LINE";
    update(&mut state, Event::Command(Command::NextHeading));
    assert!(!screen(&state).contains(end), "cut at first");
    let mut presses = 0;
    while !screen(&state).contains(end) {
        update(&mut state, Event::Command(Command::ScrollRight));
        presses += 1;
        assert!(presses < 40, "the end never showed:\n{}", screen(&state));
    }
    let text = screen(&state);
    assert!(text.contains('‹'), "the hidden start is marked:\n{text}");
    assert!(
        text.contains("The reader cuts it") || text.contains("Short lines stay"),
        "prose does not move:\n{text}"
    );
    for _ in 0..presses {
        update(&mut state, Event::Command(Command::ScrollLeft));
    }
    assert!(!screen(&state).contains('‹'), "back at the start");
    assert_eq!(state.screen.focus, Focus::Article);
    update(&mut state, Event::Command(Command::ScrollLeft));
    assert_eq!(state.screen.focus, Focus::List, "h at the start goes back");
}
