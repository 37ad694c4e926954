//! The link check's lane: it keeps a store of its own in step with each snapshot of the
//! app's store it is sent (sharing the posts), checks the links of every post (see
//! [`crate::library::linkcheck`]), and answers with the broken ones as an
//! [`LinksChecked`]. When snapshots queue up, only the newest is checked. Each version of
//! a post is parsed once over the thread's life, so a check after a save costs a lookup per
//! link; the first check of a 10,000-post folder takes a few seconds of one core, at a low
//! priority.

use std::sync::Arc;

use super::{Job, Lane, Reply, Wait};
use crate::content::Post;
use crate::library::linkcheck::{BrokenLinks, Checker};
use crate::library::store::Store;

/// Check the links of these posts (a snapshot of the whole store).
#[derive(Debug)]
pub struct CheckLinks(pub Vec<Arc<Post>>);

/// The broken links of every post, as of the snapshot checked.
#[derive(Debug)]
pub struct LinksChecked(pub Arc<BrokenLinks>);

/// What the lane keeps: the checker (each version of a post parsed once) and a store in step
/// with the app's. Building a whole store for each check (10k posts, several MiB freed again
/// each time) made a 30-minute soak's memory creep up.
#[derive(Default)]
pub struct Kept {
    checker: Checker,
    store: Store,
}

impl Job for CheckLinks {
    const LANE: Lane = Lane {
        name: "tidings-links",
        wait: Wait::Idle,
        behind_the_reader: true,
    };
    type State = Kept;

    fn run(self, kept: &mut Kept, reply: &Reply<'_>) {
        kept.store.hold_exactly(self.0);
        let broken = kept.checker.check(&kept.store);
        reply.send(LinksChecked(Arc::new(broken)));
    }
}
