//! The pickers behave as pickers: `j`/`k` move in the date picker's list while digits type its
//! range, an error wraps inside the popup, each opening starts clean, and the tag picker keeps
//! its place on screen while typing narrows it. Drawn with ratatui's TestBackend, keys read
//! through the key map as the terminal sends them.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::app::{AppState, Event, ui, update};
use tidings::content::Post;
use tidings::theme::Theme;

/// An 80x24 reader with a few tagged, dated posts.
fn reader() -> AppState {
    let posts = (0..12)
        .map(|i| {
            let text = format!(
                "---\ntitle: Post {i}\ndate: 2024-0{}-1{}\ntags: [tag{i}, common]\n---\nWords.\n",
                1 + i % 9,
                i % 10
            );
            Post::parse(Path::new(&format!("/p/{i}.md")), text, None)
        })
        .map(std::sync::Arc::new)
        .collect();
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
            posts,
            errors: Vec::new(),
        },
    );
    update(&mut state, Event::LoadFinished);
    state
}

fn keys(state: &mut AppState, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        update(state, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn screen(state: &AppState) -> String {
    let area = state.screen.area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("backend");
    terminal.draw(|f| ui::draw(f, state)).expect("draw");
    ui::screen_text(terminal.backend().buffer())
}

/// The row the preset cursor `▸` is on, and its text.
fn preset_row(screen: &str) -> Option<(usize, String)> {
    screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(" ▸ "))
        .map(|(i, l)| (i, l.to_string()))
}

#[test]
fn in_the_date_picker_j_and_k_move_and_digits_type() {
    let mut state = reader();
    keys(&mut state, "d");
    let (first, _) = preset_row(&screen(&state)).expect("a preset chosen");
    keys(&mut state, "jj");
    let (moved, text) = preset_row(&screen(&state)).expect("a preset chosen");
    assert_eq!(moved, first + 2, "{text}");
    assert!(state.popup.date_picker.input.is_empty(), "j typed nothing");
    keys(&mut state, "k");
    assert_eq!(preset_row(&screen(&state)).map(|(r, _)| r), Some(first + 1));
    keys(&mut state, "2024-0");
    assert_eq!(state.popup.date_picker.input, "2024-0");
}

#[test]
fn an_error_wraps_inside_the_popup_and_each_opening_starts_clean() {
    let mut state = reader();
    keys(&mut state, "d2024-13-45..2023-99\r");
    let error = state.popup.date_picker.error.clone().expect("refused");
    let shown = screen(&state);
    let shown_words: Vec<&str> = shown
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect();
    for word in error.split_whitespace() {
        assert!(
            shown_words.contains(&word),
            "{word:?} of {error:?} cut:\n{shown}"
        );
    }
    keys(&mut state, "\x1bd");
    assert!(state.popup.date_picker.input.is_empty());
    assert_eq!(state.popup.date_picker.error, None);
    assert!(!screen(&state).contains(&error));
}

#[test]
fn the_tag_picker_keeps_its_place_while_typing_narrows_it() {
    let mut state = reader();
    keys(&mut state, "t");
    let top = |s: &str| s.lines().position(|l| l.contains("Tags: posts with"));
    let before = top(&screen(&state)).expect("the picker");
    keys(&mut state, "tag1");
    let narrowed = screen(&state);
    assert!(
        narrowed.contains("tag10") && !narrowed.contains("tag2 "),
        "{narrowed}"
    );
    assert_eq!(top(&narrowed), Some(before), "{narrowed}");
}
