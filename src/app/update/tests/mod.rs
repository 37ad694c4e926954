//! `update` with plain values: keys, typing, the mouse, loads and changes on disk. The shared
//! set-up is here; the tests are in the files beside it, by concern.

use super::mouse::WHEEL_LINES;
use super::*;
use crate::app::state::{READ_AFTER, SortOrder};
use crate::content::Post;
use crate::content::testing::post;
use crate::theme::Theme;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod background;
mod browsing;
mod long_posts;
mod on_disk;

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
            posts: posts.into_iter().map(Arc::new).collect(),
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

fn typed(state: &mut AppState, text: &str) {
    for c in text.chars() {
        update(state, Event::Insert(c));
    }
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

/// Follows link number `n` of the open post.
fn follow(state: &mut AppState, n: usize) {
    press(state, Command::OpenLink);
    for c in n.to_string().chars() {
        update(state, Event::Insert(c));
    }
    press(state, Command::Activate);
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
