//! Feeds in the reader: `F` asks for them to be fetched (a [`FetchFeeds`] job), and each feed
//! done is taken in: its failure listed under `!`, and once the last is done, what the fetch
//! brought said on the status line.

use super::AppState;
use crate::app::state::{Diagnostic, DiagnosticSource};
use crate::runtime::effects::Effect;
use crate::runtime::jobs::feeds::{FeedFetched, FetchFeeds};
use crate::text::counted;

/// Starts fetching the config's feeds (once at a time), with progress on the status line; says
/// why not when there are none.
pub(super) fn fetch_feeds(state: &mut AppState) {
    if state.load.fetching.is_some() {
        state.session.notice = Some("already fetching feeds".to_string());
        return;
    }
    if state.settings.feeds.is_empty() {
        state.session.notice =
            Some("no feeds: add [[feeds]] to config.toml (tidings feeds add URL)".to_string());
        return;
    }
    let Some(options) = state.settings.feed_options.clone() else {
        state.session.notice = Some("no cache directory to keep the feeds' state in".into());
        return;
    };
    let feeds = state.settings.feeds.clone();
    state.load.fetching = Some((0, feeds.len()));
    state.ask(Effect::run(FetchFeeds { feeds, options }));
}

/// A feed done: its failure (or its entries') listed under `!` until a fetch of it goes well,
/// and once the last is done, what the fetch brought.
pub(super) fn fetched(state: &mut AppState, FeedFetched { report, total }: FeedFetched) {
    let done = state.load.fetching.map_or(0, |(done, _)| done) + 1;
    state.load.fetching = (done < total).then_some((done, total));
    state
        .load
        .skipped
        .retain(|d| d.feed() != Some(&report.name));
    if let Some(error) = &report.error {
        state.load.skipped.push(Diagnostic {
            source: DiagnosticSource::Feed(report.name.clone()),
            message: error.to_string(),
        });
    }
    for error in &report.entry_errors {
        state.load.skipped.push(Diagnostic {
            source: DiagnosticSource::FeedEntry(report.name.clone()),
            message: error.to_string(),
        });
    }
    state.load.fetched_new += report.new;
    if done >= total {
        let failed = (state.load.skipped.iter())
            .filter(|d| matches!(d.source, DiagnosticSource::Feed(_)))
            .count();
        let fetched = counted(total, "feed", "feeds");
        let new = counted(
            std::mem::take(&mut state.load.fetched_new),
            "new post",
            "new posts",
        );
        state.session.notice = Some(match failed {
            0 => format!("fetched {fetched}: {new}"),
            1 => format!("fetched {fetched}: {new}, 1 failed (! lists it)"),
            n => format!("fetched {fetched}: {new}, {n} failed (! lists them)"),
        });
    }
}
