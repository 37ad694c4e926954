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
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};

/// The terminal the reader draws on: stdout behind a buffer that holds a whole frame, so each
/// frame reaches the terminal in one write (ratatui flushes after every frame). Rust's stdout
/// alone buffers 1 KiB, which cut a 120x40 frame into six or seven writes, each one waking the
/// terminal to read a piece of it.
pub type Screen = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Bytes of a frame held before they are written: a full 200x60 frame of styled text fits.
const FRAME_BUFFER_BYTES: usize = 64 * 1024;

/// Takes over the terminal, as `ratatui::try_init` does but with the buffered [`Screen`].
/// ratatui's restore runs on panic; our hook, run first, also turns mouse reporting off, so a
/// panic never leaves the shell receiving mouse codes.
///
/// Errors: stdout is not a terminal, or it refuses the setup.
pub fn init() -> std::io::Result<Screen> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    let backend = CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER_BYTES, stdout()));
    let terminal = Terminal::new(backend)?;
    execute!(stdout(), EnableMouseCapture)?;
    push_key_flags();
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

/// Gives the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let _ = execute!(stdout(), PopKeyboardEnhancementFlags, DisableMouseCapture);
    ratatui::restore();
}

/// Takes the terminal over again after [`restore`] (the editor has exited), and clears it so
/// the next frame is drawn whole.
///
/// Errors: the terminal refuses the setup.
pub fn resume(terminal: &mut Screen) -> std::io::Result<()> {
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
