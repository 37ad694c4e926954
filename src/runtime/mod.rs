//! Everything that runs beside the app: the one [`event`] channel and the threads that feed it
//! (terminal input, the loader, signals), the [`workers`] that render and colour in the
//! background, the file
//! [`watch`]er, and the [`terminal`]'s set-up and restoring.

pub mod event;
pub mod indexer;
pub mod terminal;
pub mod watch;
pub mod workers;
