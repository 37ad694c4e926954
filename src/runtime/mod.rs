//! Everything that runs beside the app: the one [`event`] channel and the threads that feed it
//! (terminal input, the loader, signals), the [`workers`] that render and colour in the
//! background, the search [`indexer`] and the [`links`] check, the file [`watch`]er, the [`terminal`]'s set-up and restoring, and how the allocator is set up for
//! hours of running ([`memory`]).

pub mod event;
pub mod indexer;
pub mod links;
pub mod memory;
pub mod terminal;
pub mod watch;
pub mod workers;
