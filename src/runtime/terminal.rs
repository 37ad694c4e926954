//! Taking over the terminal and giving it back: raw mode, the alternate screen, mouse reporting
//! and unambiguous keys (the kitty keyboard protocol's first level, so `Ctrl-i` is told from
//! `Tab` where the terminal speaks it; others ignore the request) on; all of it undone on quit, on error, on panic, and while another program (the
//! editor) runs.

use std::io::{BufWriter, Stdout, Write, stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::crossterm::{execute, queue};

/// The terminal the reader draws on: stdout behind a buffer that holds a whole frame, so each
/// frame reaches the terminal in one write (ratatui flushes after every frame). Rust's stdout
/// alone buffers 1 KiB, which cut a 120x40 frame into six or seven writes, each one waking the
/// terminal to read a piece of it.
pub type Tui = Terminal<CrosstermBackend<FrameWriter>>;

/// Stdout behind a buffer of [`FRAME_BUFFER_BYTES`]. What it still holds when it is dropped is
/// dropped with it, not written: the terminal has been given back by then (by [`restore`], or
/// by the panic hook), and the bytes of a frame, or the set-up that waits for the first one (a
/// quit before anything was drawn), would take it over again.
#[derive(Debug)]
pub struct FrameWriter<W: Write = Stdout>(Option<BufWriter<W>>);

impl<W: Write> FrameWriter<W> {
    fn new(inner: W) -> FrameWriter<W> {
        FrameWriter(Some(BufWriter::with_capacity(FRAME_BUFFER_BYTES, inner)))
    }

    fn inner(&mut self) -> std::io::Result<&mut BufWriter<W>> {
        self.0
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the screen's writer is gone"))
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner()?.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner()?.flush()
    }
}

impl<W: Write> Drop for FrameWriter<W> {
    fn drop(&mut self) {
        if let Some(writer) = self.0.take() {
            // Taken apart without a flush: the buffered bytes go with it.
            drop(writer.into_parts());
        }
    }
}

/// Bytes of a frame held before they are written: a full 200x60 frame of styled text fits.
const FRAME_BUFFER_BYTES: usize = 64 * 1024;

/// Checks, before a byte is written, that the reader has a terminal: stdout one to draw on, and
/// keys to read: from stdin when it is a terminal, else from the controlling terminal
/// (`/dev/tty`), as `less` reads them when its input is a pipe (crossterm opens it then).
///
/// Errors: why not, in words for the user.
pub fn check() -> Result<(), String> {
    use std::io::IsTerminal;
    if !stdout().is_terminal() {
        return Err("standard output is not a terminal".to_string());
    }
    if std::io::stdin().is_terminal() {
        return Ok(());
    }
    #[cfg(unix)]
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty");
    #[cfg(not(unix))]
    let tty: std::io::Result<()> = Err(std::io::Error::other("no terminal device"));
    tty.map(drop).map_err(|err| {
        format!(
            "standard input is not a terminal, and keys cannot be read from /dev/tty: {}",
            crate::text::io_reason(&err)
        )
    })
}

/// How long the terminal is given to say its background colour (ms): a local terminal answers
/// in about one; one that cannot answer says so at once (its answer to DA1 comes first).
pub const BACKGROUND_QUERY_MS: u64 = 200;

/// Whether the terminal's background is light, as it answers an OSC 11 query (through
/// terminal-colorsaurus, which sends DA1 after it, so a terminal that does not know the query
/// is found out without waiting); `None` when it does not say within
/// [`BACKGROUND_QUERY_MS`]. Must not run while the terminal is taken over: it puts the terminal
/// in raw mode and back.
pub fn background_is_light() -> Option<bool> {
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = std::time::Duration::from_millis(BACKGROUND_QUERY_MS);
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Some(true),
        Ok(terminal_colorsaurus::ThemeMode::Dark) => Some(false),
        Err(_) => None,
    }
}

/// Takes over the terminal, as `ratatui::try_init` does but with the buffered [`Tui`].
/// ratatui's restore runs on panic; our hook, run first, also turns mouse reporting off, so a
/// panic never leaves the shell receiving mouse codes.
///
/// Errors: stdout is not a terminal, or it refuses the setup.
pub fn init() -> std::io::Result<Tui> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    // The alternate screen, mouse reporting and the key flags go out with the first frame, in
    // its one write: written at once, the terminal woke to read them and, on a machine with
    // few cores, took the core from the reader for most of a millisecond before that frame.
    let mut writer = FrameWriter::new(stdout());
    queue!(
        writer,
        EnterAlternateScreen,
        EnableMouseCapture,
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    )?;
    let terminal = Terminal::new(CrosstermBackend::new(writer))?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic in one post's parsing or rendering is caught and shown as its diagnostic.
        if crate::guard::inside() {
            return;
        }
        let _ = execute!(stdout(), PopKeyboardEnhancementFlags, DisableMouseCapture);
        ratatui_hook(info);
    }));
    Ok(terminal)
}

/// Gives the terminal back as it was. Safe to call more than once, and once the terminal is
/// gone (hung up): a failure is said on stderr if it can be, never with `eprintln!` (as
/// `ratatui::restore` does), which panics when stderr is gone too, and a panic while the
/// terminal is given back aborted the process.
pub fn restore() {
    let _ = execute!(stdout(), PopKeyboardEnhancementFlags, DisableMouseCapture);
    if let Err(err) = ratatui::try_restore() {
        let _ = writeln!(
            std::io::stderr(),
            "tidings: could not give the terminal back: {err}"
        );
    }
}

/// Takes the terminal over again after [`restore`] (the editor has exited), and clears it so
/// the next frame is drawn whole.
///
/// Errors: the terminal refuses the setup.
pub fn resume(terminal: &mut Tui) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture
    )?;
    push_key_flags();
    // The next frame is drawn whole: both of ratatui's buffers emptied. Not `Terminal::clear`,
    // which asks the terminal where its cursor is (CSI 6n) and waits up to 2 s for the answer,
    // so a terminal that is slow to answer, or does not, left a blank screen until a key.
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

/// Asks for keys without ambiguity (`CSI > 1 u`). Terminals that do not know it ignore it, so a
/// failure to write it is not an error.
fn push_key_flags() {
    let _ = execute!(
        stdout(),
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    );
}

/// Puts `text` on the system clipboard through the terminal, with OSC 52
/// (<https://invisible-island.net/xterm/ctlseqs/ctlseqs.html>, "Manipulate Selection Data"):
/// the text travels base64-encoded, so it cannot end the sequence early.
///
/// Errors: stdout cannot be written.
pub fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A terminal that keeps what reaches it.
    #[derive(Clone, Default)]
    struct Tty(Rc<RefCell<Vec<u8>>>);

    impl Write for Tty {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_set_up_reaches_the_terminal_with_the_first_frame_and_never_after_it_is_given_back() {
        let tty = Tty::default();
        let mut writer = FrameWriter::new(tty.clone());
        queue!(writer, EnterAlternateScreen, EnableMouseCapture).expect("queued");
        assert!(
            tty.0.borrow().is_empty(),
            "nothing is written before the frame"
        );
        writer.write_all(b"frame").expect("written");
        writer.flush().expect("flushed");
        let written = String::from_utf8(tty.0.borrow().clone()).expect("utf-8");
        assert!(written.starts_with("\x1b[?1049h"), "{written:?}");
        assert!(written.ends_with("frame"), "{written:?}");

        // A quit (or a panic) before the next flush: the terminal has been given back, and what
        // was buffered stays unwritten.
        let before = tty.0.borrow().len();
        writer.write_all(b"half a frame").expect("written");
        drop(writer);
        assert_eq!(tty.0.borrow().len(), before, "nothing written on drop");
    }
}
