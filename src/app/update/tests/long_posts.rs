//! Long and large posts: the first screen first, the render worker, `G` before the whole
//! render comes, a width change meanwhile.

use super::*;
use crate::render::RenderOptions;
use crate::runtime::jobs::render::{Part, RenderJob, Rendered};

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
        .find_map(|e| e.into_job::<RenderJob>().map(|job| job.0))
        .expect("a render to make");
    let (id, revision, width) = (request.id, request.revision, request.width);
    let doc = crate::render::render_post_safely(&request.post, &request.options());
    // A render for another width (the pane was resized meanwhile) is dropped.
    let stale = doc.clone();
    update(
        &mut state,
        Event::done(Rendered {
            id,
            revision,
            width: width + 1,
            doc: stale,
            part: Part::Whole,
        }),
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
        Event::done(Rendered {
            id,
            revision,
            width,
            doc,
            part: Part::Whole,
        }),
    );
    assert!(state.article_banner().is_empty());
    assert_eq!(top_heading(&state), Some(heading));
    assert!(state.document().is_some_and(|d| d.lines.len() > 10_000));
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
            posts: vec![Arc::new(long)],
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
        effects
            .into_iter()
            .rev()
            .find_map(|e| e.into_job::<RenderJob>().map(|job| job.0))
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
    // Drawn so before the key: keys act on what was drawn.
    state.refresh();
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
    let doc = crate::render::render_post_safely(&request.post, &request.options());
    let (id, revision, width) = (request.id, request.revision, request.width);
    update(
        &mut state,
        Event::done(Rendered {
            id,
            revision,
            width,
            doc,
            part: Part::Whole,
        }),
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
            posts: vec![Arc::new(long)],
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
    let asked = (effects.iter()).find_map(|e| e.job::<RenderJob>().map(|job| job.0.width));
    assert_eq!(asked, Some(view.width), "the whole post at the new width");
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
        .find_map(|e| e.into_job::<RenderJob>().map(|job| job.0))
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
            &RenderOptions {
                broken: &[],
                ..request.options()
            },
        )
    };
    for (width, text) in [
        (request.width + 1, "Another width."),
        (request.width, "Made on the worker."),
    ] {
        update(
            &mut state,
            Event::done(Rendered {
                id: request.id,
                revision: request.revision,
                width,
                doc: end(text),
                part: Part::End,
            }),
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
