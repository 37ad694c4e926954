//! The backlinks' lane: which posts link to the one post info (`i`) is about. The first
//! answer over a large folder reads every post's links (~250 ms over 10,000 posts whose bodies
//! stay on disk), which would hold a frame; here it holds only this lane, and post info says
//! "looking…" meanwhile. The lane keeps a store of its own in step with each snapshot it is
//! sent (sharing the posts) and each post's links between snapshots
//! ([`crate::library::links::LinksByPost`]), so a later question costs the changed posts.

use std::path::Path;
use std::sync::Arc;

use super::{Job, Lane, Reply, Wait};
use crate::content::Post;
use crate::library::links::{LinkIndex, LinksByPost};
use crate::library::store::Store;

/// Which posts link to the post at `target`, in `posts` (a snapshot of the whole store at
/// store generation `generation`).
#[derive(Debug)]
pub struct BacklinksJob {
    pub target: Arc<Path>,
    pub generation: u64,
    pub posts: Vec<Arc<Post>>,
}

/// The posts (by path) that link to the post at `target`, in the store at `generation`.
#[derive(Debug)]
pub struct Backlinks {
    pub target: Arc<Path>,
    pub generation: u64,
    pub linking: Vec<Arc<Path>>,
}

/// What the lane keeps between questions: a store in step with the app's, its link index, and
/// each post's links.
pub struct Kept {
    store: Store,
    index: LinkIndex,
    links: LinksByPost,
}

impl Default for Kept {
    fn default() -> Self {
        let store = Store::new();
        let index = LinkIndex::build(&store);
        Kept {
            store,
            index,
            links: LinksByPost::default(),
        }
    }
}

impl Job for BacklinksJob {
    const LANE: Lane = Lane {
        name: "tidings-backlinks",
        wait: Wait::FirstFrame,
        behind_the_reader: false,
    };
    type State = Kept;

    fn run(self, kept: &mut Kept, reply: &Reply<'_>) {
        kept.store.hold_exactly(self.posts);
        if !kept.index.is_current(&kept.store) {
            kept.index = LinkIndex::build(&kept.store);
        }
        let store = &kept.store;
        let linking = (store.id_of(&self.target))
            .map(|id| kept.index.backlinks(store, id, &mut kept.links))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| store.get(id).map(|post| Arc::clone(&post.path)))
            .collect();
        reply.send(Backlinks {
            target: self.target,
            generation: self.generation,
            linking,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use crate::runtime::event::Event;
    use crate::runtime::jobs::{JobRequest, Pool};

    #[test]
    fn the_posts_linking_to_the_target_come_back_by_path() {
        let posts: Vec<Arc<Post>> = [
            ("/s/a.md", "a", "See [b](b.md)."),
            ("/s/b.md", "b", "Nothing."),
            ("/s/c.md", "c", "Also [b](./b.md) and [a](a.md)."),
        ]
        .into_iter()
        .map(|(path, title, body)| Arc::new(post(path, title, "", "", body)))
        .collect();
        let (events, answers) = std::sync::mpsc::channel();
        let mut pool = Pool::started(events);
        pool.run(JobRequest::new(BacklinksJob {
            target: Arc::from(Path::new("/s/b.md")),
            generation: 7,
            posts,
        }));
        let answer = answers.recv().expect("an answer");
        let Event::Done(answer) = answer else {
            panic!("not a job's result: {answer:?}");
        };
        let Backlinks {
            target,
            generation,
            mut linking,
        } = answer.take().expect("backlinks");
        linking.sort();
        assert_eq!(&*target, Path::new("/s/b.md"));
        assert_eq!(generation, 7);
        let names: Vec<&Path> = linking.iter().map(|p| &**p).collect();
        assert_eq!(names, [Path::new("/s/a.md"), Path::new("/s/c.md")]);
    }
}
