//! Fetching remote images into the cache, four at a time; a server that never answers holds
//! only its own fetch, for at most [`crate::library::images::REMOTE_TIMEOUT`].

use std::path::PathBuf;

use super::{Job, Lane, Reply, Wait};
use crate::library::feeds::http::Client;
use crate::library::images::{MAX_REMOTE_BYTES, REMOTE_TIMEOUT, fetch_to_cache};

/// Remote images fetched at a time.
const FETCHED_AT_ONCE: usize = 4;

/// Fetch these remote images into `cache`.
#[derive(Debug)]
pub struct FetchImages {
    pub urls: Vec<String>,
    pub cache: PathBuf,
}

/// A remote image fetched into the cache, or why not.
#[derive(Debug)]
pub struct ImageFetched {
    pub url: String,
    pub result: Result<(), String>,
}

impl Job for FetchImages {
    const LANE: Lane = Lane {
        name: "tidings-remote-images",
        wait: Wait::FirstFrame,
        behind_the_reader: false,
    };
    type State = ();

    fn key(&self) -> Option<u64> {
        None
    }

    fn run(self, (): &mut (), reply: &Reply<'_>) {
        let client = Client::new(REMOTE_TIMEOUT, MAX_REMOTE_BYTES, "images");
        for batch in self.urls.chunks(FETCHED_AT_ONCE) {
            std::thread::scope(|scope| {
                for url in batch {
                    let (client, cache, reply) = (&client, &self.cache, reply.sender());
                    scope.spawn(move || {
                        let result = fetch_to_cache(client, url, cache).map(|_| ());
                        reply.send(ImageFetched {
                            url: url.clone(),
                            result,
                        });
                    });
                }
            });
        }
    }
}
