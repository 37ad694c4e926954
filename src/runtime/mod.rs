//! Everything that runs beside the app: the one [`event`] channel and the threads that feed it
//! (terminal input, the loader, signals, background rendering and colouring), the file
//! [`watch`]er, and the [`terminal`]'s set-up and restoring.

pub mod event;
pub mod terminal;
pub mod watch;
