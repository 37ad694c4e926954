//! Per-post isolation: work on one post (parsing, rendering) runs under [`per_post`], so a bug
//! that panics on some post becomes that post's diagnostic instead of ending the app. While
//! such work runs, the panic hooks stay quiet: they would otherwise give the terminal back and
//! print over the screen for a panic that is about to be caught.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// Whether this thread is inside [`per_post`].
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside [`per_post`], where a panic is caught: panic hooks check it
/// and do nothing.
pub fn inside() -> bool {
    INSIDE.with(Cell::get)
}

/// Runs `work`, catching a panic in it.
///
/// Errors: `work` panicked; the message says what it panicked with.
pub fn per_post<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = INSIDE.with(|inside| inside.replace(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    INSIDE.with(|inside| inside.set(outer));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

/// Makes the current panic hook quiet inside [`per_post`]. Called once at start, before the
/// terminal's own hook is layered on.
pub fn install_quiet_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !inside() {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_post_work_is_caught_with_its_message() {
        assert_eq!(per_post(|| 2 + 2), Ok(4));
        let caught = per_post(|| -> u8 { panic!("bad post {}", 7) });
        assert_eq!(caught, Err("bad post 7".to_string()));
        assert!(!inside(), "the flag is cleared after a panic");
        let nested = per_post(|| per_post(|| panic!("inner")).is_err() && inside());
        assert_eq!(nested, Ok(true), "the outer scope stays marked");
    }
}
