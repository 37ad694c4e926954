//! The language lane: tells the language of posts whose authors said none, from their text
//! (`content::lang::detect`: the title, description and first paragraphs), after the load and
//! behind the reader (nice 10). Detecting costs ~80 µs a post, so it is not done while loading:
//! 100,000 posts would take the first start from under 2 s to near 8. What it finds is kept by
//! the store (`Store::set_detected`) and, with the posts, in the metadata cache, so it is done
//! once per version of a file.

use std::path::Path;
use std::sync::Arc;

use super::{Job, Lane, Reply, Wait};
use crate::content::Post;
use crate::content::lang;

/// Posts sent back at a time.
const BATCH: usize = 512;

/// Detect the language of these posts (their authors said none).
#[derive(Debug)]
pub struct DetectLanguages {
    pub posts: Vec<Arc<Post>>,
}

/// Languages detected, by path (`None`: too short or too mixed to tell), and whether these are
/// the job's last.
#[derive(Debug)]
pub struct LanguagesDetected {
    pub found: Vec<(Arc<Path>, Option<String>)>,
    pub last: bool,
}

impl Job for DetectLanguages {
    const LANE: Lane = Lane {
        name: "tidings-languages",
        wait: Wait::Idle,
        behind_the_reader: true,
    };
    type State = ();

    fn run(self, _: &mut (), reply: &Reply<'_>) {
        let mut found = Vec::with_capacity(BATCH);
        // Each post let go once read, so the store's newer versions are not held here.
        for post in self.posts {
            found.push((post.path.clone(), lang::detect_post(&post)));
            drop(post);
            if found.len() == BATCH {
                if reply.superseded() {
                    break;
                }
                let batch = std::mem::replace(&mut found, Vec::with_capacity(BATCH));
                reply.send(LanguagesDetected {
                    found: batch,
                    last: false,
                });
            }
        }
        reply.send(LanguagesDetected { found, last: true });
    }
}
