//! Making pictures off the UI thread: decoding a photograph takes a core for tens of
//! milliseconds, so the reader comes first (nice 10), and a newer job (another post opened)
//! takes over from the one under way between two pictures.

use std::sync::Arc;

use super::{Job, Lane, Reply, Wait};
use crate::content::PostId;
use crate::runtime::pictures::{Picture, PictureKey, PictureSettings, make};

/// Pictures to make for post `id`, in the order they are wanted (the post's order).
#[derive(Debug)]
pub struct PictureJob {
    pub id: PostId,
    pub keys: Vec<PictureKey>,
    pub settings: PictureSettings,
}

/// A picture made, or why it could not be.
#[derive(Debug)]
pub struct PictureMade {
    pub key: PictureKey,
    pub picture: Result<Arc<Picture>, String>,
}

impl Job for PictureJob {
    const LANE: Lane = Lane {
        name: "tidings-pictures",
        wait: Wait::FirstFrame,
        behind_the_reader: true,
    };
    type State = ();

    fn run(self, (): &mut (), reply: &Reply<'_>) {
        for key in self.keys {
            if reply.superseded() {
                return;
            }
            let picture = make(&key, &self.settings).map(Arc::new);
            if !reply.send(PictureMade { key, picture }) {
                return;
            }
        }
    }
}
