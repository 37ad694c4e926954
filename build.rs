//! Build script: links the `tidings` binary on Linux as a position-dependent executable
//! (`-no-pie`), unless `TIDINGS_PIE` is set.
//!
//! Why: a position-independent executable is relocated by the dynamic loader at every start.
//! This one carries ~79,000 relative relocations, most of them pointers in the tables of
//! dependencies (HTML entity names, LaTeX symbols, stop words, file names of panic locations):
//! the loader writes 1.5 MiB of `.data.rel.ro` at start, a copy-on-write page fault for each
//! of its ~390 pages (~1.3 µs each on our machines). Measured with `perf stat -r 50` on
//! `tidings --version`: 526 page faults and 1.70 ms as PIE, 136 and 0.95 ms without
//! (`less --version`: 0.96 ms); the 200 KB post's first screen (`benches/e2e.sh post`) comes
//! ~0.6 ms sooner, which is what keeps it within 1.5× of `less` (issue 22).
//!
//! What it costs: the executable's own code and data are no longer placed at a random address
//! (ASLR of the shared libraries, the stack, the heap and `mmap` is unchanged). Go links its
//! Linux binaries this way by default. A packager who wants PIE sets `TIDINGS_PIE=1` when
//! building. The tests and benches are linked as cargo links them; only the binary changes.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TIDINGS_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux && std::env::var_os("TIDINGS_PIE").is_none() {
        println!("cargo:rustc-link-arg-bin=tidings=-no-pie");
    }
}
