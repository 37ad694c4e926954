//! How the C allocator is set up for a reader that stays open for hours.
//!
//! glibc's malloc gives each thread that allocates an arena of its own (up to 8 per core) and
//! keeps what is freed there for reuse; and once a large block has been freed it raises its
//! mmap threshold (up to 32 MiB), so later large blocks come from the arenas too. Threads that
//! come and go with bursts of work (the search index and its merges, the loader, renders) then
//! leave freed memory spread over many arenas: a 30-minute soak on a 10k-post folder grew from
//! 163 to 180 MiB that way, and started at 160 MiB where a few arenas start at about 124 MiB.

/// Arenas the allocator may use. Two kept memory flattest, but the loader's threads then
/// waited on each other's arena locks: a 10k-post folder was listed in 320–410 ms instead of
/// 195. Four lists it in 165 ms (ttfp medians of 15, against `find | xargs cat` 177 ms, once
/// the threads beside the app wait for the load) and holds the soak flat too. jemalloc listed
/// it no faster, and started 0.5 ms slower.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: i32 = 4;

/// Blocks this large or larger (bytes) are mapped on their own and given back to the system
/// when freed: glibc's default, held fixed instead of rising.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: i32 = 128 * 1024;

/// Sets glibc's malloc up as the module comment says: at most [`ARENAS`] arenas, and a fixed
/// mmap threshold of [`MMAP_THRESHOLD`] bytes. Call it first thing, before other threads start.
/// Nothing elsewhere (other C libraries, other systems).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt(3) only sets the allocator's parameters; called at start, before any
    // thread of ours exists. A parameter it refuses (returns 0) leaves glibc's default.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
