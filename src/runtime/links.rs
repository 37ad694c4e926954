//! The link check's thread: it keeps a store of its own in step with each snapshot of the
//! app's store it is sent (sharing the posts), checks the links of every post (see
//! [`crate::library::linkcheck`]), and answers with the broken ones as an
//! [`Event::LinksChecked`]. When snapshots queue up, only the newest is checked. Each version of
//! a post is parsed once over the thread's life, so a check after a save costs a lookup per
//! link; the first check of a 10,000-post folder takes a few seconds of one core, at a low
//! priority.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::event::Event;
use crate::content::Post;
use crate::library::linkcheck::Checker;
use crate::library::store::Store;

/// The handle the app sends snapshots through; the thread ends when it is dropped.
#[derive(Debug)]
pub struct LinkChecker {
    jobs: Sender<Vec<Arc<Post>>>,
}

impl LinkChecker {
    /// The handle, and the body of its thread (for [`super::workers::Workers`] to start); its
    /// answers go to `events`. Snapshots sent before the thread starts wait.
    pub fn new(events: Sender<Event>) -> (LinkChecker, impl FnOnce() + Send) {
        let (jobs, queue) = std::sync::mpsc::channel();
        (LinkChecker { jobs }, move || run(&queue, &events))
    }

    /// Asks for the links of `posts` (a snapshot of the whole store) to be checked.
    pub fn check(&self, posts: Vec<Arc<Post>>) {
        let _ = self.jobs.send(posts);
    }
}

fn run(queue: &Receiver<Vec<Arc<Post>>>, events: &Sender<Event>) {
    super::run_behind_the_reader();
    let mut checker = Checker::new();
    // Follows the app's store snapshot by snapshot, taking in only what changed: building a
    // whole store for each check (10k posts, several MiB freed again each time) made a
    // 30-minute soak's memory creep up.
    let mut store = Store::new();
    while let Ok(mut posts) = queue.recv() {
        while let Ok(newer) = queue.try_recv() {
            posts = newer;
        }
        store.hold_exactly(posts);
        let broken = checker.check(&store);
        if events.send(Event::LinksChecked(Arc::new(broken))).is_err() {
            return;
        }
    }
}
