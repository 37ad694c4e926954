//! The terminal input thread: it reads keys, mouse and resizes into [`Event`]s, and can be
//! paused while another program (the editor) owns the terminal.

use std::sync::mpsc::{Receiver, Sender};

use super::event::Event;

/// The terminal input thread's handle: it can be paused while another program (the editor)
/// owns the terminal, so no key meant for that program is read by us.
#[derive(Debug)]
pub struct InputReader {
    control: Sender<bool>,
    paused: Receiver<()>,
}

/// How long the input thread waits for input before it checks whether it should pause (ms).
const INPUT_POLL_MS: u64 = 50;

impl InputReader {
    /// Stops reading terminal input; returns once the thread has stopped (or after a second,
    /// if it does not answer).
    pub fn pause(&self) {
        if self.control.send(true).is_ok() {
            let _ = self.paused.recv_timeout(std::time::Duration::from_secs(1));
        }
    }

    /// Reads terminal input again.
    pub fn resume(&self) {
        let _ = self.control.send(false);
    }
}

/// The handle, and the body of a thread (for the caller to start) that reads terminal events
/// until the app stops listening. A read error (the terminal went away) is sent as
/// [`Event::InputClosed`] and ends the thread. Keys typed before the thread starts wait in the
/// terminal (in raw mode) and are read then.
pub fn input_reader(tx: Sender<Event>) -> (InputReader, impl FnOnce() + Send) {
    use ratatui::crossterm::event;
    let (control, orders) = std::sync::mpsc::channel::<bool>();
    let (paused_tx, paused) = std::sync::mpsc::channel();
    let body = move || {
        loop {
            if let Ok(true) = orders.try_recv() {
                let _ = paused_tx.send(());
                // Wait for `resume`; a repeated pause is answered again.
                loop {
                    match orders.recv() {
                        Ok(false) => break,
                        Ok(true) => {
                            let _ = paused_tx.send(());
                        }
                        Err(_) => return,
                    }
                }
            }
            let ready = event::poll(std::time::Duration::from_millis(INPUT_POLL_MS));
            let event = match ready.and_then(|ready| ready.then(event::read).transpose()) {
                Ok(Some(event)) => match Event::from_terminal(event) {
                    Some(event) => event,
                    None => continue,
                },
                Ok(None) => continue,
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    };
    (InputReader { control, paused }, body)
}
