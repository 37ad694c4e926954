//! Work beside the reader: the search index and the link check, feeds, post info and its
//! backlinks, pictures.

use super::*;
use crate::runtime::jobs::backlinks::{Backlinks, BacklinksJob};
use crate::runtime::jobs::feeds::{FeedFetched, FetchFeeds};
use crate::runtime::jobs::index::{IndexJob, IndexReply};
use crate::runtime::jobs::links::CheckLinks;

#[test]
fn a_large_folder_waits_for_its_index_before_its_links_are_checked() {
    let many = crate::runtime::jobs::index::PROGRESS_EVERY + 1;
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
            effects
                .iter()
                .any(|e| e.job::<IndexJob>().is_some_and(|job| job.posts.is_some())),
            effects.iter().any(|e| e.job::<CheckLinks>().is_some()),
        )
    };
    assert_eq!(asks(&effects), (true, false), "the index first, alone");
    // Said on the status line from the start, before the index's thread tells its progress.
    assert_eq!(state.load.indexing, Some((0, many)));
    let handle = crate::library::search::IndexWriterHandle::open(None).expect("in memory");
    let effects = update(
        &mut state,
        Event::done(IndexReply::Ready {
            index: handle.index(),
            version: 1,
        }),
    );
    assert_eq!(state.load.indexing, None);
    assert_eq!(asks(&effects), (false, true), "then the link check");

    // An index that cannot be built is not waited for.
    let (mut state, _) = loaded(posts(), |_| {});
    let effects = update(
        &mut state,
        Event::done(IndexReply::Failed("disk full; search scans instead".into())),
    );
    assert_eq!(state.load.indexing, None);
    assert_eq!(asks(&effects), (false, true));
    assert_eq!(
        state.session.notice.as_deref(),
        Some("disk full; search scans instead")
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
    assert!(
        matches!(effects.as_slice(), [e] if e.job::<FetchFeeds>().is_some_and(|f| f.feeds.len() == 2))
    );
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
        Event::done(FeedFetched {
            report: report("a", Some("the server answered 404")),
            total: 2,
        }),
    );
    assert_eq!(state.load.fetching, Some((1, 2)));
    update(
        &mut state,
        Event::done(FeedFetched {
            report: report("b", None),
            total: 2,
        }),
    );
    assert_eq!(state.load.fetching, None);
    let skipped: Vec<String> = state.load.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped, ["feed a: the server answered 404"]);
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
        Event::done(FeedFetched {
            report: report("a", None),
            total: 1,
        }),
    );
    assert!(state.load.skipped.is_empty());
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
            .filter(|e| {
                e.job::<BacklinksJob>()
                    .is_some_and(|job| &*job.target == Path::new("/p/b.md"))
            })
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
        Event::done(Backlinks {
            target: std::sync::Arc::from(Path::new("/p/b.md")),
            generation,
            linking: vec![std::sync::Arc::from(Path::new("/p/a.md"))],
        }),
    );
    assert_eq!(
        state.derived.backlinks.get(&(b, generation)),
        Some(&vec![a])
    );
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
        view.stale = true;
    }
    update(&mut state, Event::Tick(std::time::Instant::now()));
    let view = state.reader.article.as_ref().expect("open");
    assert_eq!(view.images.len(), 250);
    let said: Vec<String> = view.images.iter().map(|s| s.describe()).collect();
    assert_eq!(said[199], "no such file beside the post");
    assert_eq!(said[200], "past the first 200 images of the post");
    assert_eq!(said[249], "past the first 200 images of the post");
}

#[test]
fn a_burst_refreshes_once_and_keys_in_it_act_on_what_was_drawn() {
    let mut state = app();
    let before = state.derived.refreshes;
    let new = |i: usize| {
        let title = format!("New {i}");
        Change::Upsert(Box::new(post(
            &format!("/p/new{i}.md"),
            &title,
            "2030-01-0{i}",
            "",
            "x",
        )))
    };
    let handle = crate::library::search::IndexWriterHandle::open(None).expect("in memory");
    let burst = vec![
        Event::Changed {
            changes: vec![new(1)],
            errors: Vec::new(),
        },
        Event::done(IndexReply::Progress { done: 1, total: 2 }),
        Event::Changed {
            changes: vec![new(2)],
            errors: Vec::new(),
        },
        Event::done(IndexReply::Ready {
            index: handle.index(),
            version: 9,
        }),
        Event::Command(Command::Down),
        Event::Command(Command::Down),
        Event::Tick(std::time::Instant::now()),
    ];
    let drawn = state.list.visible.clone();
    update_all(&mut state, burst);
    assert_eq!(
        state.derived.refreshes - before,
        1,
        "one refresh for the burst"
    );
    assert_eq!(
        state.list.visible.len(),
        drawn.len() + 2,
        "both new posts listed"
    );
    assert_eq!(
        state.list.selected,
        Some(drawn[2]),
        "two rows down the list that was drawn"
    );

    // A key typed ahead of a screen it needs: `Enter` opens the post, then `j` scrolls it.
    let before = state.derived.refreshes;
    update_all(
        &mut state,
        [
            Event::Command(Command::Activate),
            Event::Command(Command::Down),
        ],
    );
    assert_eq!(state.derived.refreshes - before, 2);
    assert_eq!(state.screen.focus, Focus::Article);
}

#[test]
fn diagnostics_list_paths_under_the_folder_one_a_line_and_enter_opens_the_post_at_its_line() {
    let mut body = String::new();
    for p in 0..40 {
        body.push_str(&format!("Paragraph {p} of filler.\n\n"));
    }
    body.push_str("The [missing note](missing.md) is here.\n");
    let mut state = app_with(vec![
        post("/p/a.md", "First", "2024-06-20", "", "Words.\n"),
        post("/p/deep/b.md", "Broken", "2024-06-19", "", &body),
    ]);
    state.load.roots = vec![PathBuf::from("/p")];
    let store = crate::library::store::Store::from_shared(state.store.snapshot());
    let broken = crate::library::linkcheck::Checker::new().check(&store);
    update(
        &mut state,
        Event::done(crate::runtime::jobs::links::LinksChecked(
            std::sync::Arc::new(broken),
        )),
    );
    press(&mut state, Command::ToggleDiagnostics);
    let lines = crate::app::overlay::diagnostics::lines(&state, 200);
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(
        text[0].contains(" ▸ deep/b.md:"),
        "under the folder: {text:?}"
    );
    press(&mut state, Command::Activate);
    assert_eq!(state.popup.overlay, None);
    assert_eq!(open_title(&state), Some("Broken"));
    assert_eq!(state.screen.focus, Focus::Article);
    let view = state.reader.article.as_ref().expect("open");
    let top: String = view.doc.lines[view.scroll].to_string();
    let around: Vec<(u32, String)> = (view.scroll.saturating_sub(2)..view.scroll + 3)
        .filter_map(|i| Some((*view.doc.source.get(i)?, view.doc.lines.get(i)?.to_string())))
        .collect();
    assert!(
        top.contains("missing note"),
        "the line at the top: {top:?} {around:?}"
    );
}

#[test]
fn the_metadata_cache_is_written_when_the_load_found_it_stale_not_when_whole_and_after_detection() {
    use crate::content::cache::Place;
    use crate::content::loader::CacheUse;
    use crate::runtime::jobs::metadata::SaveMetadata;
    let posts = || vec![post("/p/a.md", "A", "2024-06-19", "", "x\n")];
    let place = Place {
        file: "/cache/meta/0123456789abcdef".into(),
        fingerprint: 7,
    };
    let saves = |effects: &[Effect]| {
        (effects.iter())
            .filter_map(|e| e.job::<SaveMetadata>())
            .map(|job| job.posts.len())
            .collect::<Vec<_>>()
    };
    // A whole cache: nothing to write.
    let used = CacheUse {
        valid: true,
        reused: 1,
        ..CacheUse::default()
    };
    let (_, effects) = loaded(posts(), |state| {
        state.settings.metadata_cache = Some(place.clone());
        state.load.cache_used = Some(used);
    });
    assert!(saves(&effects).is_empty());
    // A post read from disk: the store is written, once.
    let used = CacheUse { read: 1, ..used };
    let (mut state, effects) = loaded(posts(), |state| {
        state.settings.metadata_cache = Some(place.clone());
        state.load.cache_used = Some(used);
    });
    assert_eq!(saves(&effects), [1]);
    // A save right after: not written again within the minute.
    let saved = |state: &mut AppState, path: &str, title: &str| {
        let changed = Change::Upsert(Box::new(post(path, title, "2024-06-20", "", "y\n")));
        update(
            state,
            Event::Changed {
                changes: vec![changed],
                errors: Vec::new(),
            },
        )
    };
    assert!(saves(&saved(&mut state, "/p/b.md", "B")).is_empty());
    // The first pass of language detection ends: written at once, not waiting out the minute
    // (the lane neither), so the next start need not detect them again; later passes wait.
    let detected = |state: &mut AppState| {
        let found = vec![(Arc::from(Path::new("/p/a.md")), Some("en".to_string()))];
        update(
            state,
            Event::done(crate::runtime::jobs::languages::LanguagesDetected { found, last: true }),
        )
    };
    let effects = detected(&mut state);
    assert_eq!(saves(&effects), [2]);
    let spaced: Vec<bool> = (effects.iter())
        .filter_map(|e| e.job::<SaveMetadata>())
        .map(|job| job.spaced)
        .collect();
    assert_eq!(spaced, [false]);
    assert!(saves(&saved(&mut state, "/p/c.md", "C")).is_empty());
    assert!(saves(&detected(&mut state)).is_empty());
    // No cache place (the built-in samples): never.
    let (_, effects) = loaded(posts(), |state| state.load.cache_used = Some(used));
    assert!(saves(&effects).is_empty());
}
