//! The backlinks' thread: which posts link to the one post info (`i`) is about. The first
//! answer over a large folder reads every post's links (~250 ms over 10,000 posts whose bodies
//! stay on disk), which would hold a frame; here it holds only this thread, and post info says
//! "looking…" meanwhile. The thread keeps a store of its own in step with each snapshot it is
//! sent (sharing the posts) and each post's links between snapshots
//! ([`crate::library::links::LinksByPost`]), so a later question costs the changed posts.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::event::Event;
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

/// The thread's body: answers each job (the newest of those waiting) with an
/// [`Event::Backlinks`], until the app drops its end of `jobs`.
pub fn worker(jobs: &Receiver<BacklinksJob>, events: &Sender<Event>) {
    let mut store = Store::new();
    let mut index = LinkIndex::build(&store);
    let mut links = LinksByPost::default();
    while let Ok(job) = jobs.recv() {
        let job = super::workers::newest(job, jobs);
        store.hold_exactly(job.posts);
        if !index.is_current(&store) {
            index = LinkIndex::build(&store);
        }
        let linking = (store.id_of(&job.target))
            .map(|id| index.backlinks(&store, id, &mut links))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| store.get(id).map(|post| Arc::clone(&post.path)))
            .collect();
        let sent = events.send(Event::Backlinks {
            target: job.target,
            generation: job.generation,
            linking,
        });
        if sent.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;

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
        let (jobs, queue) = std::sync::mpsc::channel();
        let (events, answers) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || worker(&queue, &events));
        jobs.send(BacklinksJob {
            target: Arc::from(Path::new("/s/b.md")),
            generation: 7,
            posts,
        })
        .expect("send");
        let answer = answers.recv().expect("an answer");
        let Event::Backlinks {
            target,
            generation,
            mut linking,
        } = answer
        else {
            panic!("not backlinks: {answer:?}");
        };
        linking.sort();
        assert_eq!(&*target, Path::new("/s/b.md"));
        assert_eq!(generation, 7);
        let names: Vec<&Path> = linking.iter().map(|p| &**p).collect();
        assert_eq!(names, [Path::new("/s/a.md"), Path::new("/s/c.md")]);
        drop(jobs);
        thread.join().expect("ends when the app's end is dropped");
    }
}
