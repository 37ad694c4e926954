//! Colouring a post's code blocks (and drawing its Mermaid diagrams) off the UI thread. Each
//! job makes a new [`Highlighter`] and drops it after: a highlighter's compiled regexes grow
//! with every language and construct it meets (22 MiB over a few minutes of a soak run with
//! six languages), while a fresh one costs ~1 ms plus ~15 ms per language compiled.

use super::{Job, Lane, Reply, Wait};
use crate::content::PostId;
use crate::render::highlight::{CodeBlock, Highlighter, StyledLine};

/// Colour these code blocks of post `id`.
#[derive(Debug)]
pub struct ColourJob {
    pub id: PostId,
    pub blocks: Vec<CodeBlock>,
}

/// The colours of a post's code blocks (`None` for a block in no language known).
#[derive(Debug)]
pub struct Coloured {
    pub id: PostId,
    pub colours: Vec<(CodeBlock, Option<Vec<StyledLine>>)>,
}

impl Job for ColourJob {
    // Compiling a language's syntax takes ~15 ms of a core; while a folder loads, the preview
    // changes as posts arrive, and colouring each one took a core from the loader.
    const LANE: Lane = Lane {
        name: "tidings-colour",
        wait: Wait::Idle,
        behind_the_reader: true,
    };
    type State = ();

    fn run(self, (): &mut (), reply: &Reply<'_>) {
        let colours = Highlighter::new().colour(self.blocks);
        reply.send(Coloured {
            id: self.id,
            colours,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::event::Event;
    use crate::runtime::jobs::{JobRequest, Pool};

    #[test]
    fn colours_come_back_as_results_and_queued_jobs_give_way_to_the_newest() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut pool = Pool::started(tx);
        for i in 0..50 {
            pool.run(JobRequest::new(ColourJob {
                id: PostId::from_index(i),
                blocks: vec![CodeBlock {
                    info: "rust".into(),
                    code: format!("let x = {i};\n"),
                }],
            }));
        }
        let mut seen = Vec::new();
        while let Ok(event) = rx.recv_timeout(std::time::Duration::from_secs(20)) {
            let Event::Done(result) = event else {
                panic!("not a job's result: {event:?}");
            };
            let Coloured { id, colours } = result.take().expect("colours");
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
