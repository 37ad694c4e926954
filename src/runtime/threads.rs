//! The long-lived threads beside the app that are not job lanes (the watch, the keys, the
//! signals, the feeds' timer), started after the first frame is drawn so that starting them
//! never delays it, and the gate that holds the watch until the load is on screen.

use std::sync::mpsc::Sender;

pub use super::jobs::Wait;

/// A thread not started yet: its name, its body, and when it starts.
type Unstarted = (&'static str, Box<dyn FnOnce() + Send>, Wait);

/// Threads waiting to be started ([`Threads::start`]).
#[derive(Default)]
pub struct Threads {
    unstarted: Vec<Unstarted>,
    /// Opens the watch's gate (see [`crate::runtime::watch::in_background`]) once.
    watch_gate: Option<Sender<()>>,
}

impl std::fmt::Debug for Threads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unstarted: Vec<&str> = self.unstarted.iter().map(|(name, ..)| *name).collect();
        f.debug_struct("Threads")
            .field("unstarted", &unstarted)
            .finish_non_exhaustive()
    }
}

impl Threads {
    /// Has `body` run on a thread named `name` when the threads that `wait` so start.
    pub fn start_later(
        &mut self,
        name: &'static str,
        body: impl FnOnce() + Send + 'static,
        wait: Wait,
    ) {
        self.unstarted.push((name, Box::new(body), wait));
    }

    /// Starts the threads not started yet that wait for the first frame, and with `idle` those
    /// that wait for the reader to be idle too; a thread is started once.
    ///
    /// Panics: the system cannot start a thread.
    pub fn start(&mut self, idle: bool) {
        let (now, later) = std::mem::take(&mut self.unstarted)
            .into_iter()
            .partition(|(.., wait)| idle || *wait == Wait::FirstFrame);
        self.unstarted = later;
        for (name, body, _) in now {
            std::thread::Builder::new()
                .name(name.into())
                .spawn(body)
                .expect("a thread beside the app");
        }
    }

    /// Holds the watch's gate until [`Threads::start_watching`].
    pub fn set_watch_gate(&mut self, gate: Sender<()>) {
        self.watch_gate = Some(gate);
    }

    /// Lets the watch start (once the loaded list is on screen); later calls do nothing.
    pub fn start_watching(&mut self) {
        if let Some(gate) = self.watch_gate.take() {
            let _ = gate.send(());
        }
    }
}
