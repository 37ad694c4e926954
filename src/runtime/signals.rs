//! The signal thread: SIGTERM, SIGHUP and SIGINT become [`Event::Signalled`], and the terminal
//! is given back even if the app does not end.

#[cfg(unix)]
use std::sync::mpsc::Sender;

#[cfg(unix)]
use super::event::Event;

/// How long the app has to stop after a signal before the signal thread gives the terminal
/// back itself and exits (ms): a loop stuck on one long task must not leave a raw terminal.
const SIGNAL_GRACE_MS: u64 = 2000;

/// Catches SIGTERM, SIGHUP and SIGINT from now on, and returns the body of a thread (for the
/// caller to start) that sends each as [`Event::Signalled`]; a signal caught before it starts
/// waits for it. If the app has not ended `SIGNAL_GRACE_MS` (2 s) after a signal, the thread
/// restores the terminal and exits with status 128 + the signal, as a shell reports it.
///
/// Errors: the signal handlers cannot be installed.
#[cfg(unix)]
pub fn signal_listener(tx: Sender<Event>) -> std::io::Result<impl FnOnce() + Send> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    Ok(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = tx.send(Event::Signalled(signal));
            std::thread::sleep(std::time::Duration::from_millis(SIGNAL_GRACE_MS));
            crate::runtime::terminal::restore();
            std::process::exit(128 + signal);
        }
    })
}
