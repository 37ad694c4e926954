//! Fetching feeds while the reader is open: `F` asks for a [`FetchFeeds`] job, and feeds with an
//! `every` interval are fetched once the load is over, then again each time their interval has
//! passed ([`every`], a thread of its own that sends its results as the job does). Each feed
//! done comes back as a [`FeedFetched`], and the entries through the file watcher.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::{Job, Lane, Reply, ReplySender, Wait};
use crate::config::FeedConfig;
use crate::library::feeds::{self, FeedReport, FetchOptions};
use crate::runtime::event::Event;

/// Fetch these feeds, saving their entries as posts.
#[derive(Debug)]
pub struct FetchFeeds {
    pub feeds: Vec<FeedConfig>,
    pub options: FetchOptions,
}

/// A feed fetched (or failed), while `total` are fetched.
#[derive(Debug)]
pub struct FeedFetched {
    pub report: FeedReport,
    pub total: usize,
}

impl Job for FetchFeeds {
    const LANE: Lane = Lane {
        name: "tidings-feeds",
        wait: Wait::FirstFrame,
        behind_the_reader: false,
    };
    type State = ();

    fn key(&self) -> Option<u64> {
        None
    }

    fn run(self, (): &mut (), reply: &Reply<'_>) {
        fetch(&self.feeds, &self.options, &reply.sender());
    }
}

/// When each feed is next due (a feed without an interval is never).
#[derive(Debug)]
pub struct Schedule {
    feeds: Vec<(FeedConfig, Duration, Instant)>,
}

impl Schedule {
    /// The feeds of `feeds` that have an interval, all due at `now`.
    pub fn new(feeds: &[FeedConfig], now: Instant) -> Self {
        let feeds = feeds
            .iter()
            .filter_map(|f| Some((f.clone(), f.interval().ok().flatten()?, now)))
            .collect();
        Self { feeds }
    }

    pub fn is_empty(&self) -> bool {
        self.feeds.is_empty()
    }

    /// The feeds due at `now`, each then due again an interval later.
    pub fn take_due(&mut self, now: Instant) -> Vec<FeedConfig> {
        let mut due = Vec::new();
        for (feed, every, next) in &mut self.feeds {
            if *next <= now {
                due.push(feed.clone());
                *next = now + *every;
            }
        }
        due
    }

    /// When the next feed is due.
    pub fn next(&self) -> Option<Instant> {
        self.feeds.iter().map(|(_, _, next)| *next).min()
    }
}

/// The body of the thread that fetches `feeds` on their intervals; it ends when the app is gone
/// (its events are no longer read) or no feed has an interval.
pub fn every(
    feeds: Vec<FeedConfig>,
    options: FetchOptions,
    events: Sender<Event>,
) -> impl FnOnce() + Send {
    let reply = ReplySender::new(events, "tidings-feeds-every");
    move || {
        crate::runtime::run_behind_the_reader();
        let mut schedule = Schedule::new(&feeds, Instant::now());
        while let Some(next) = schedule.next() {
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
            let due = schedule.take_due(Instant::now());
            if !fetch(&due, &options, &reply) {
                return;
            }
        }
    }
}

/// Fetches `feeds`, sending a [`FeedFetched`] as each is done; `false` when the app is gone
/// (its events are no longer read).
fn fetch(feeds: &[FeedConfig], options: &FetchOptions, reply: &ReplySender) -> bool {
    let total = feeds.len();
    let gone = std::sync::atomic::AtomicBool::new(false);
    feeds::fetch_all(feeds, options, |report| {
        let report = report.clone();
        if !reply.send(FeedFetched { report, total }) {
            gone.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    !gone.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_due_at_once_then_each_after_its_interval() {
        let feed = |name: &str, every: Option<&str>| FeedConfig {
            url: format!("https://{name}.example/"),
            name: Some(name.to_string()),
            folder: None,
            tags: Vec::new(),
            every: every.map(ToString::to_string),
        };
        let start = Instant::now();
        let feeds = [
            feed("a", Some("1m")),
            feed("b", Some("2m")),
            feed("c", None),
        ];
        let mut schedule = Schedule::new(&feeds, start);
        let names = |due: Vec<FeedConfig>| due.iter().map(FeedConfig::name).collect::<Vec<_>>();
        assert_eq!(
            names(schedule.take_due(start)),
            ["a", "b"],
            "c has no interval"
        );
        assert_eq!(schedule.next(), Some(start + Duration::from_secs(60)));
        assert!(
            schedule
                .take_due(start + Duration::from_secs(59))
                .is_empty()
        );
        assert_eq!(
            names(schedule.take_due(start + Duration::from_secs(60))),
            ["a"]
        );
        assert_eq!(
            names(schedule.take_due(start + Duration::from_secs(120))),
            ["a", "b"]
        );
        assert!(Schedule::new(&[feed("c", None)], start).is_empty());
    }
}
