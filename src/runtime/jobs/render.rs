//! Rendering a long post off the UI thread: its end first (for `G`), then the whole of it.

use super::{Job, Lane, Reply, Wait};
use crate::content::PostId;
use crate::render::{Document, RenderRequest};

/// Render the post a request names (see [`RenderRequest`]).
#[derive(Debug)]
pub struct RenderJob(pub Box<RenderRequest>);

/// Which part of the post a [`Rendered`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Its end alone ([`crate::render::tail_of`]), sent ahead of the whole.
    End,
    /// All of it.
    Whole,
}

/// A post rendered for (revision, width).
#[derive(Debug)]
pub struct Rendered {
    pub id: PostId,
    pub revision: u64,
    pub width: u16,
    pub doc: Document,
    pub part: Part,
}

impl Job for RenderJob {
    const LANE: Lane = Lane {
        name: "tidings-render",
        wait: Wait::FirstFrame,
        behind_the_reader: false,
    };
    type State = ();

    fn run(self, (): &mut (), reply: &Reply<'_>) {
        let request = self.0;
        let rendered = |doc, part| Rendered {
            id: request.id,
            revision: request.revision,
            width: request.width,
            doc,
            part,
        };
        if let Some(doc) = request.end_first.and_then(|bytes| end_of(&request, bytes))
            && !reply.send(rendered(doc, Part::End))
        {
            return;
        }
        let doc = crate::render::render_post_safely(&request.post, &request.options());
        reply.send(rendered(doc, Part::Whole));
    }
}

/// The end of the requested post (its last `bytes` or so), rendered alone; `None` for a post
/// with no such end (see [`crate::render::tail_of`]) or when rendering it panicked (the whole
/// render then says why).
fn end_of(request: &RenderRequest, bytes: usize) -> Option<Document> {
    let tail = crate::render::tail_of(&request.post, bytes)?;
    crate::guard::per_post(|| crate::render::render_tail(&tail, &request.options())).ok()
}
