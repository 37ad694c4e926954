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
fn with_stdin_not_a_terminal_keys_are_read_from_the_terminal_as_less_reads_them() {
    let posts = fixtures();
    let mut app = App::spawn_stdin_null(&[posts.to_str().expect("utf-8 path")], 100, 30);
    app.wait_for_text("Harbor lights");
    // `?` shows the help, read from /dev/tty; `q` (twice: help, then the reader) quits.
    app.send("?");
    app.wait_for_text("choose tags to filter by");
    app.send("q");
    app.send("q");
    assert_eq!(ends_restored(app, "stdin /dev/null"), 0);
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

/// The terminal goes away under tidings (its window closed, an ssh link dropped): it ends as
/// hung up, on its own, and is not killed by a panic while giving the terminal back (writing
/// to a stderr that was gone made `eprintln!` panic there, and the process aborted).
///
/// tidings gets a pseudo-terminal of its own here, as its session's controlling terminal, so
/// that closing the master side hangs it up as a terminal emulator's exit would. The [`App`]
/// harness keeps a copy of the master for its reader and cannot close it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_terminal_that_hangs_up_ends_tidings_as_hung_up_not_aborted() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::time::{Duration, Instant};

    let (master, slave_path) = pseudo_terminal();
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads a winsize from the pointer given.
    assert_eq!(
        unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) },
        0
    );
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(&slave_path)
        .expect("the pseudo-terminal's slave side");
    let data = tempfile::tempdir().expect("data dir");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"));
    command
        .arg(fixtures())
        .env("TERM", "xterm-256color")
        .env("XDG_DATA_HOME", data.path())
        .env("XDG_CACHE_HOME", data.path())
        .env("XDG_CONFIG_HOME", data.path())
        .stdin(slave.try_clone().expect("slave"))
        .stdout(slave.try_clone().expect("slave"))
        .stderr(slave);
    // SAFETY: between fork and exec only setsid(2) and ioctl(2), both async-signal-safe: a
    // session of its own, with the slave (its stdin) as its controlling terminal.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("spawn tidings");
    drop(command);

    // Its screen, until the fixtures' post is on it.
    let mut terminal = std::fs::File::from(master);
    let mut seen = Vec::new();
    let start = Instant::now();
    while !String::from_utf8_lossy(&seen).contains("Harbor lights") {
        assert!(start.elapsed() < super::pty::PATIENCE, "tidings never drew");
        let mut buf = [0u8; 16 * 1024];
        match terminal.read(&mut buf) {
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(err) => panic!("reading the terminal: {err}"),
        }
    }
    drop(terminal);

    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("child status") {
            break status;
        }
        if start.elapsed() > super::pty::PATIENCE {
            let _ = child.kill();
            panic!("tidings kept running after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.signal(), None, "killed by a signal: {status:?}");
    // How it ended depends on what it saw first: SIGHUP (128 + 1, as a shell reports it), its
    // input closed (0), or a frame that could no longer be written (2, an error said on the
    // stderr that is gone). Each is an end of its own; an abort is not.
    assert!(
        matches!(status.code(), Some(129 | 0 | 2)),
        "ended with {status:?}"
    );
}

/// A pseudo-terminal of our own: its master side (non-blocking) and the path of its slave.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn pseudo_terminal() -> (std::os::fd::OwnedFd, std::path::PathBuf) {
    use std::os::fd::{FromRawFd, OwnedFd};
    // SAFETY: posix_openpt(3), grantpt(3), unlockpt(3) and ptsname_r(3) on a descriptor of our
    // own, owned right after it is made; the name is read into a buffer of the length given.
    let (master, slave_path) = unsafe {
        let fd =
            libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_NONBLOCK | libc::O_CLOEXEC);
        assert!(
            fd >= 0,
            "a pseudo-terminal: {}",
            std::io::Error::last_os_error()
        );
        let master = OwnedFd::from_raw_fd(fd);
        assert_eq!(libc::grantpt(fd), 0);
        assert_eq!(libc::unlockpt(fd), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(fd, name.as_mut_ptr(), name.len()), 0);
        let path = std::ffi::CStr::from_ptr(name.as_ptr()).to_owned();
        (
            master,
            std::path::PathBuf::from(path.into_string().expect("a utf-8 name")),
        )
    };
    (master, slave_path)
}

/// With stdout a terminal but stdin not one and no terminal to read keys from (no controlling
/// terminal: `/dev/tty` cannot be opened), the reader says why and exits 2 before a byte goes
/// to the terminal.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn with_no_terminal_for_keys_the_reader_says_why_before_writing_a_byte() {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::process::CommandExt;

    let (master, slave_path) = pseudo_terminal();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(&slave_path)
        .expect("the pseudo-terminal's slave side");
    let data = tempfile::tempdir().expect("data dir");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"));
    command
        .arg(fixtures())
        .env("TERM", "xterm-256color")
        .env("XDG_DATA_HOME", data.path())
        .env("XDG_CACHE_HOME", data.path())
        .env("XDG_CONFIG_HOME", data.path())
        .stdin(std::process::Stdio::null())
        .stdout(slave)
        .stderr(std::process::Stdio::piped());
    // SAFETY: between fork and exec only setsid(2), async-signal-safe: a session of its own,
    // with no controlling terminal.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = command.output().expect("run tidings");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("tidings: the reader needs a terminal: standard input is not a terminal, and keys cannot be read from /dev/tty"),
        "{stderr}"
    );
    let mut terminal = std::fs::File::from(master);
    let mut buf = [0u8; 256];
    match terminal.read(&mut buf) {
        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
        // EIO: no slave is open any more, and nothing was left unread.
        Err(err) if err.raw_os_error() == Some(libc::EIO) => {}
        other => panic!("the terminal got something: {other:?} {:?}", &buf[..8]),
    }
}
