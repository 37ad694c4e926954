//! The long-lived worker threads that take slow work off the UI thread: colouring code
//! blocks, rendering large posts, and (in [`super::indexer`] and [`super::links`]) the search
//! index and the link check. Each takes jobs from a channel and sends its results as
//! [`Event`]s; when jobs queue up, only the newest is done (the app has moved on from the
//! others, and drops their results anyway).
//!
//! One thread each, rather than a thread per job, keeps the memory they use in one allocator
//! arena, so hours of reading reuse it instead of spreading it over new arenas. The colouring
//! worker makes a new [`Highlighter`] for each job and drops it after: a highlighter's compiled
//! regexes grow with every language and construct it meets (22 MiB over a few minutes of a
//! soak run with six languages), while a fresh one costs ~1 ms plus ~15 ms per language
//! compiled, off the UI thread.

use std::sync::mpsc::{Receiver, Sender};

use super::event::Event;
use super::indexer::Indexer;
use super::links::LinkChecker;
use crate::content::PostId;
use crate::render::RenderRequest;
use crate::render::highlight::{CodeBlock, Highlighter};

/// Code blocks of one post to colour.
#[derive(Debug)]
pub struct ColourJob {
    pub id: PostId,
    pub blocks: Vec<CodeBlock>,
}

/// A thread not started yet: its name, its body, and whether it waits for the reader to be
/// idle (see [`Workers::start_threads`]).
type Unstarted = (&'static str, Box<dyn FnOnce() + Send>, Wait);

/// When a thread of [`Workers`] starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Once the first frame is drawn.
    FirstFrame,
    /// Once the reader is idle as well: the load over and no render of the open post on its way.
    Idle,
}

/// Handles to the worker threads; they end when this is dropped (their channels close).
pub struct Workers {
    colour: Sender<ColourJob>,
    render: Sender<RenderRequest>,
    pictures: Sender<super::pictures::PictureJob>,
    backlinks: Sender<super::backlinks::BacklinksJob>,
    indexer: Indexer,
    links: LinkChecker,
    events: Sender<Event>,
    /// Opens the watch's gate (see [`crate::runtime::watch::in_background`]) once.
    watch_gate: Option<Sender<()>>,
    /// Threads to start with [`Workers::start_threads`].
    unstarted: Vec<Unstarted>,
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unstarted: Vec<&str> = self.unstarted.iter().map(|(name, ..)| *name).collect();
        f.debug_struct("Workers")
            .field("unstarted", &unstarted)
            .finish_non_exhaustive()
    }
}

impl Workers {
    /// The workers, with the search index kept in `index_dir` (`None`: in memory); their
    /// results go to `events`. Their threads start with [`Workers::start_threads`]: the reader
    /// starts the render's once its first frame is drawn (starting six threads took ~0.7 ms of
    /// the UI thread before it), and those of the colours, the index and the link check once
    /// it is idle (started with the render's, they took the cores from the first keys: `G`
    /// on a long post just opened). Jobs asked for before then wait in their channels.
    pub fn new(events: Sender<Event>, index_dir: Option<std::path::PathBuf>) -> Workers {
        let (colour, colour_jobs) = std::sync::mpsc::channel();
        let (render, render_jobs) = std::sync::mpsc::channel();
        let (pictures, picture_jobs) = std::sync::mpsc::channel();
        let (backlinks, backlink_jobs) = std::sync::mpsc::channel();
        let backlink_events = events.clone();
        let picture_events = events.clone();
        let colour_events = events.clone();
        let render_events = events.clone();
        let (indexer, index_thread) = Indexer::new(index_dir, events.clone());
        let (links, links_thread) = LinkChecker::new(events.clone());
        Workers {
            colour,
            render,
            pictures,
            backlinks,
            indexer,
            links,
            events,
            watch_gate: None,
            unstarted: vec![
                (
                    "tidings-render",
                    Box::new(move || render_worker(&render_jobs, &render_events)),
                    Wait::FirstFrame,
                ),
                (
                    "tidings-pictures",
                    Box::new(move || super::pictures::worker(&picture_jobs, &picture_events)),
                    Wait::FirstFrame,
                ),
                (
                    "tidings-backlinks",
                    Box::new(move || super::backlinks::worker(&backlink_jobs, &backlink_events)),
                    Wait::FirstFrame,
                ),
                (
                    "tidings-colour",
                    Box::new(move || colour_worker(&colour_jobs, &colour_events)),
                    Wait::Idle,
                ),
                ("tidings-index", Box::new(index_thread), Wait::Idle),
                ("tidings-links", Box::new(links_thread), Wait::Idle),
            ],
        }
    }

    /// [`Workers::new`] with its threads started at once.
    pub fn start(events: Sender<Event>, index_dir: Option<std::path::PathBuf>) -> Workers {
        let mut workers = Workers::new(events, index_dir);
        workers.start_threads(true);
        workers
    }

    /// Has `body` run on a thread named `name` when the threads that `wait` so start.
    pub fn start_later(
        &mut self,
        name: &'static str,
        body: impl FnOnce() + Send + 'static,
        wait: Wait,
    ) {
        self.unstarted.push((name, Box::new(body), wait));
    }

    /// Starts the threads not started yet that wait for the first frame, and with `idle` those
    /// that wait for the reader to be idle too; threads already started are not started again.
    ///
    /// Panics: the system cannot start a thread.
    pub fn start_threads(&mut self, idle: bool) {
        let (now, later) = std::mem::take(&mut self.unstarted)
            .into_iter()
            .partition(|(.., wait)| idle || *wait == Wait::FirstFrame);
        self.unstarted = later;
        for (name, body, _) in now {
            std::thread::Builder::new()
                .name(name.into())
                .spawn(body)
                .expect("a thread for background work");
        }
    }

    /// Fetches remote images into `cache` on a thread of their own; each comes back as
    /// [`Event::ImageFetched`].
    ///
    /// # Errors
    /// The system could not start the thread.
    pub fn fetch_images(
        &self,
        urls: Vec<String>,
        cache: std::path::PathBuf,
    ) -> std::io::Result<()> {
        super::pictures::fetch_remote(urls, cache, self.events.clone())
    }

    /// Asks which posts link to a post; the answer comes back as [`Event::Backlinks`].
    pub fn find_backlinks(&self, job: super::backlinks::BacklinksJob) {
        let _ = self.backlinks.send(job);
    }

    /// Asks for pictures to be made; each comes back as [`Event::PictureMade`].
    pub fn make_pictures(&self, job: super::pictures::PictureJob) {
        let _ = self.pictures.send(job);
    }

    /// Asks for `blocks` of post `id` to be coloured; the colours come back as
    /// [`Event::Coloured`].
    pub fn colour(&self, id: PostId, blocks: Vec<CodeBlock>) {
        let _ = self.colour.send(ColourJob { id, blocks });
    }

    /// Asks for a post to be rendered; the document comes back as [`Event::Rendered`].
    pub fn render(&self, request: RenderRequest) {
        let _ = self.render.send(request);
    }

    /// Holds the watch's gate until [`Workers::start_watching`].
    pub fn set_watch_gate(&mut self, gate: Sender<()>) {
        self.watch_gate = Some(gate);
    }

    /// Lets the watch start (once the loaded list is on screen); later calls do nothing.
    pub fn start_watching(&mut self) {
        if let Some(gate) = self.watch_gate.take() {
            let _ = gate.send(());
        }
    }

    /// Asks for the search index to be opened: the last run's index answers searches at once,
    /// as [`Event::IndexReady`].
    pub fn open_index(&self) {
        self.indexer.open();
    }

    /// Asks for the search index to hold exactly `posts`; it answers with
    /// [`Event::IndexReady`].
    pub fn index(&self, posts: Vec<std::sync::Arc<crate::content::Post>>) {
        self.indexer.sync(posts);
    }

    /// Asks for the links of `posts` (the whole store) to be checked; the broken ones come
    /// back as [`Event::LinksChecked`].
    pub fn check_links(&self, posts: Vec<std::sync::Arc<crate::content::Post>>) {
        self.links.check(posts);
    }

    /// Fetches `feeds` on a thread of its own (see [`crate::library::feeds::fetch_all`]),
    /// sending an [`Event::FeedFetched`] as each is done.
    pub fn fetch_feeds(
        &self,
        feeds: Vec<crate::config::FeedConfig>,
        options: crate::library::feeds::FetchOptions,
    ) {
        let events = self.events.clone();
        let spawned = std::thread::Builder::new()
            .name("tidings-feeds".into())
            .spawn(move || {
                super::feeds::fetch(&feeds, &options, &events);
            });
        if let Err(err) = spawned {
            let _ = self
                .events
                .send(Event::Notice(format!("Could not fetch feeds: {err}")));
        }
    }

    /// Opens `url` with the system opener (`xdg-open`, `open`, `start`) on a thread of its own:
    /// finding and starting the opener takes tens of ms, too long for the UI thread. A failure
    /// comes back as an [`Event::Notice`].
    pub fn open_url(&self, url: String) {
        let events = self.events.clone();
        std::thread::spawn(move || {
            if let Err(e) = open::that_detached(&url) {
                let _ = events.send(Event::Notice(format!("Could not open {url}: {e}")));
            }
        });
    }
}

/// The newest of the jobs waiting, starting from `first`.
pub(super) fn newest<T>(first: T, jobs: &Receiver<T>) -> T {
    jobs.try_iter().last().unwrap_or(first)
}

fn colour_worker(jobs: &Receiver<ColourJob>, events: &Sender<Event>) {
    // Compiling a language's syntax takes ~15 ms of a core; while a folder loads, the preview
    // changes as posts arrive, and colouring each one took a core from the loader.
    super::run_behind_the_reader();
    while let Ok(job) = jobs.recv() {
        let job = newest(job, jobs);
        let colours = Highlighter::new().colour(job.blocks);
        let sent = events.send(Event::Coloured {
            id: job.id,
            colours,
        });
        if sent.is_err() {
            return;
        }
    }
}

fn render_worker(jobs: &Receiver<RenderRequest>, events: &Sender<Event>) {
    while let Ok(job) = jobs.recv() {
        let request = newest(job, jobs);
        if let Some(doc) = request.end_first.and_then(|bytes| end_of(&request, bytes)) {
            let sent = events.send(Event::EndRendered {
                id: request.id,
                revision: request.revision,
                width: request.width,
                doc,
            });
            if sent.is_err() {
                return;
            }
        }
        let doc = crate::render::render_post_safely(
            &request.post,
            request.width,
            &request.theme,
            &request.colours,
            &request.broken,
        );
        let sent = events.send(Event::Rendered {
            id: request.id,
            revision: request.revision,
            width: request.width,
            doc,
        });
        if sent.is_err() {
            return;
        }
    }
}

/// The end of the requested post (its last `bytes` or so), rendered alone; `None` for a post
/// with no such end (see [`crate::render::tail_of`]) or when rendering it panicked (the whole
/// render then says why).
fn end_of(request: &RenderRequest, bytes: usize) -> Option<crate::render::Document> {
    let tail = crate::render::tail_of(&request.post, bytes)?;
    crate::guard::per_post(|| {
        crate::render::render_tail(
            &tail,
            request.width,
            &request.theme,
            &request.colours,
            &request.broken,
        )
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(code: &str) -> CodeBlock {
        CodeBlock {
            info: "rust".into(),
            code: code.into(),
        }
    }

    #[test]
    fn colours_come_back_as_events_and_queued_jobs_give_way_to_the_newest() {
        let (tx, rx) = std::sync::mpsc::channel();
        let workers = Workers::start(tx, None);
        for i in 0..50 {
            workers.colour(
                PostId::from_index(i),
                vec![block(&format!("let x = {i};\n"))],
            );
        }
        let mut seen = Vec::new();
        while let Ok(event) = rx.recv_timeout(std::time::Duration::from_secs(20)) {
            let Event::Coloured { id, colours } = event else {
                panic!("not a colouring: {event:?}");
            };
            assert_eq!(colours.len(), 1);
            assert!(colours[0].1.is_some(), "rust is coloured");
            seen.push(id.index());
            if id.index() == 49 {
                break;
            }
        }
        assert_eq!(seen.last(), Some(&49), "the newest job is always done");
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "in order: {seen:?}");
    }
}
