//! The terminal is given back as the shell had it however tidings ends: a panic, SIGTERM or
//! SIGHUP. Checked on what a terminal would be left with: its line discipline (raw mode off) and
//! the modes the screen was put in (alternate screen, hidden cursor, mouse reporting).

use super::fixtures;
use super::pty::App;

/// Starts tidings on the fixtures, waits for its screen, and checks it has taken over.
fn running(env: &[(&str, &str)]) -> App {
    let posts = fixtures();
    let app = App::spawn_env(&[posts.to_str().expect("utf-8 path")], env, 100, 30);
    app.wait_for_text("Harbor lights");
    app
}

/// Waits for the end and checks what the terminal was left with; returns the exit code.
fn ends_restored(mut app: App, how: &str) -> u32 {
    let _ = app.wait_exit();
    let code = app.exit_code().expect("exited");
    assert!(app.cooked(), "{how}: raw mode left on");
    let (alternate, hidden, mouse) = app.modes();
    assert!(!alternate, "{how}: still on the alternate screen");
    assert!(!hidden, "{how}: the cursor is left hidden");
    assert!(!mouse, "{how}: mouse reporting left on");
    code
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back_and_exit_as_signalled() {
    for (signal, number) in [("TERM", 15), ("HUP", 1)] {
        let app = running(&[]);
        assert!(!app.cooked(), "raw mode while running");
        let (alternate, hidden, mouse) = app.modes();
        assert!(alternate && hidden && mouse, "the screen was taken over");
        app.signal(signal);
        let code = ends_restored(app, signal);
        assert_eq!(code, 128 + number, "SIG{signal}");
    }
}

#[test]
fn a_panic_gives_the_terminal_back() {
    let mut app = App::spawn_env(
        &[fixtures().to_str().expect("utf-8 path")],
        &[("TIDINGS_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
        100,
        30,
    );
    let _ = app.wait_exit();
    let screen = app.screen();
    assert!(
        screen.contains("TIDINGS_TEST_PANIC is set"),
        "the panic is told:\n{screen}"
    );
    assert_eq!(ends_restored(app, "panic"), 101);
}
