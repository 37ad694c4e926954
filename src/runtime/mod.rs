//! Everything that runs beside the app: the one [`event`] channel and the threads that feed it
//! (terminal [`input`], the [`load`]er, [`signals`], the file [`watch`]er), background work in
//! one shape ([`jobs`]: rendering, colouring, pictures, the search index, the link check,
//! feeds), the [`effects`] `update` asks for, the [`threads`] started after the first frame,
//! the [`terminal`]'s set-up and restoring, and how the allocator is set up for hours of
//! running ([`memory`]).

pub mod effects;
pub mod event;
pub mod input;
pub mod jobs;
pub mod load;
pub mod memory;
pub mod pictures;
pub mod signals;
pub mod terminal;
pub mod threads;
pub mod watch;

/// Lowers the calling thread's priority to nice 10 (Linux keeps a nice value per thread), for
/// work the reader is not waiting for: the search index, the link check, code colours. On a
/// machine's few cores the reader, the loader and the renderer then come first; a 10k-post
/// load with the colour thread at the normal priority gave it a third of the CPU. Elsewhere,
/// and when the call fails, the thread keeps the normal priority, which is only slower to give
/// way.
pub fn run_behind_the_reader() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 10);
}
