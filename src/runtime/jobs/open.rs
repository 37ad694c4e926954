//! Opening a URL with the system opener (`xdg-open`, `open`, `start`): finding and starting the
//! opener takes tens of ms, too long for the UI thread.

use super::{Job, Lane, Reply, Wait};

/// Open this `http`, `https` or `mailto` URL.
#[derive(Debug)]
pub struct OpenUrl(pub String);

/// A URL that could not be opened, and why (nothing comes back when it opened).
#[derive(Debug)]
pub struct NotOpened {
    pub url: String,
    pub error: String,
}

impl Job for OpenUrl {
    const LANE: Lane = Lane {
        name: "tidings-open",
        wait: Wait::FirstFrame,
        behind_the_reader: false,
    };
    type State = ();

    fn key(&self) -> Option<u64> {
        None
    }

    fn run(self, (): &mut (), reply: &Reply<'_>) {
        if let Err(e) = open::that_detached(&self.0) {
            reply.send(NotOpened {
                url: self.0,
                error: e.to_string(),
            });
        }
    }
}
