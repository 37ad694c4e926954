//! Runs the real `tidings` binary in a pseudo-terminal and reads its screen through a vt100
//! emulator, the way a user would see it (after bottom's `spawn_btm_in_pty`).

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long a test waits for something to show before failing. Generous: CI machines are shared.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The terminal's answers to the queries a program sends at start: its foreground and
/// background colours (OSC 10, OSC 11: xterm's defaults, black on white) and its device
/// attributes (DA1), as xterm answers them.
const BLACK_FOREGROUND: &[u8] = b"\x1b]10;rgb:0000/0000/0000\x1b\\";
const WHITE_BACKGROUND: &[u8] = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\";
const DA1_ANSWER: &[u8] = b"\x1b[?62;22c";
/// Not an environment variable: tells [`App::start`] to answer as a white terminal.
const ANSWER_AS_ON_WHITE: &str = " answer as on white";

pub struct App {
    child: Box<dyn Child + Send + Sync>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checks on what reached the terminal.
    output: Arc<Mutex<Vec<u8>>>,
    // Keeps the pty open for the child.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    // The data directory of a run given none: read marks never reach the tester's home.
    _data: Option<tempfile::TempDir>,
}

impl App {
    /// Starts `tidings ARGS` in a `cols`×`rows` terminal, in folder `cwd`, with a data
    /// directory of its own (removed afterwards).
    pub fn spawn(args: &[&str], cwd: &Path, cols: u16, rows: u16) -> App {
        let data = tempfile::tempdir().expect("data dir");
        let mut app = Self::spawn_with_data(args, cwd, cols, rows, data.path());
        app._data = Some(data);
        app
    }

    /// Like [`App::spawn`], with `env` set too.
    pub fn spawn_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> App {
        let data = tempfile::tempdir().expect("data dir");
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut app = Self::start(args, env, cwd, cols, rows, data.path(), false);
        app._data = Some(data);
        app
    }

    /// Like [`App::spawn_env`], in a terminal with a white background that answers the colour
    /// query (OSC 11) and DA1 as xterm does, and no `COLORFGBG` to say it beforehand.
    pub fn spawn_on_white(args: &[&str], cols: u16, rows: u16) -> App {
        let data = tempfile::tempdir().expect("data dir");
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        let env = [("COLORFGBG", ""), (ANSWER_AS_ON_WHITE, "1")];
        let mut app = Self::start(args, &env, cwd, cols, rows, data.path(), false);
        app._data = Some(data);
        app
    }

    /// Like [`App::spawn_env`], with stdin `/dev/null` instead of the terminal (as `cat x |
    /// tidings` gives it a pipe): keys must then come through `/dev/tty`.
    pub fn spawn_stdin_null(args: &[&str], cols: u16, rows: u16) -> App {
        let data = tempfile::tempdir().expect("data dir");
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut app = Self::start(args, &[], cwd, cols, rows, data.path(), true);
        app._data = Some(data);
        app
    }

    /// Like [`App::spawn`], with `XDG_DATA_HOME` set to `data` (so two runs can share it).
    pub fn spawn_with_data(args: &[&str], cwd: &Path, cols: u16, rows: u16, data: &Path) -> App {
        Self::start(args, &[], cwd, cols, rows, data, false)
    }

    fn start(
        args: &[&str],
        env: &[(&str, &str)],
        cwd: &Path,
        cols: u16,
        rows: u16,
        data: &Path,
        stdin_null: bool,
    ) -> App {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let tidings = env!("CARGO_BIN_EXE_tidings");
        let mut cmd = if stdin_null {
            let mut sh = CommandBuilder::new("sh");
            sh.args(["-c", "exec \"$0\" \"$@\" </dev/null", tidings]);
            sh
        } else {
            CommandBuilder::new(tidings)
        };
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("NO_COLOR");
        cmd.env("XDG_DATA_HOME", data);
        // The search index goes with the run, never into the tester's cache.
        cmd.env("XDG_CACHE_HOME", data);
        // Never the tester's own config.
        cmd.env("XDG_CONFIG_HOME", data);
        // A dark terminal that says so: the app need not ask (this emulator answers no query).
        cmd.env("COLORFGBG", "15;0");
        for (name, value) in env.iter().filter(|(n, _)| *n != ANSWER_AS_ON_WHITE) {
            if value.is_empty() {
                cmd.env_remove(name);
            } else {
                cmd.env(name, value);
            }
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn tidings");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let answers = Arc::new(Mutex::new(
            env.iter().any(|(name, _)| *name == ANSWER_AS_ON_WHITE),
        ));
        let (answering, answer_to) = (Arc::clone(&answers), Arc::clone(&writer));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = Arc::clone(&parser);
        let output = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buf[..n]);
                }
                // Queries answered in the order asked, as a terminal does.
                if answering.lock().is_ok_and(|a| *a)
                    && let Ok(mut to) = answer_to.lock()
                {
                    let chunk = &buf[..n];
                    if chunk.windows(5).any(|w| w == b"\x1b]10;") {
                        let _ = to.write_all(BLACK_FOREGROUND);
                    }
                    if chunk.windows(5).any(|w| w == b"\x1b]11;") {
                        let _ = to.write_all(WHITE_BACKGROUND);
                    }
                    if chunk.windows(3).any(|w| w == b"\x1b[c") {
                        let _ = to.write_all(DA1_ANSWER);
                    }
                    let _ = to.flush();
                }
                if let Ok(mut log) = log.lock() {
                    log.extend_from_slice(&buf[..n]);
                }
            }
        });
        App {
            child,
            writer,
            parser,
            output,
            _master: pty.master,
            _data: None,
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// The foreground colour of the first cell of `text`'s first appearance on screen.
    pub fn colour_of(&self, text: &str) -> Option<vt100::Color> {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (row, line) = screen
            .contents()
            .lines()
            .enumerate()
            .find_map(|(r, l)| l.contains(text).then(|| (r, l.to_string())))?;
        // Columns are cells: count the display width before the text (one per char here).
        let column = line[..line.find(text)?].chars().count();
        let cell = screen.cell(u16::try_from(row).ok()?, u16::try_from(column).ok()?)?;
        Some(cell.fgcolor())
    }

    /// The runs of text on screen, row by row, whose background is `colour`: what a
    /// highlight marks.
    pub fn text_on(&self, colour: vt100::Color) -> Vec<String> {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut runs = Vec::new();
        for row in 0..rows {
            let mut run = String::new();
            for col in 0..cols {
                match screen.cell(row, col) {
                    Some(cell) if cell.bgcolor() == colour => run.push_str(cell.contents()),
                    _ if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                    _ => {}
                }
            }
            if !run.is_empty() {
                runs.push(run);
            }
        }
        runs
    }

    /// Whether any cell on screen has a colour of its own.
    pub fn any_colour(&self) -> bool {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        (0..rows).any(|r| {
            (0..cols).any(|c| {
                screen.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                })
            })
        })
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    }

    /// Waits until `ready` holds for the screen, and the screen has stopped changing (a frame
    /// can arrive in several reads); returns the screen, or panics showing it.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if ready(&screen) && screen == last {
                return screen;
            }
            last = screen.clone();
            if start.elapsed() > PATIENCE {
                panic!("timed out waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until the screen contains `text`.
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Types `keys` (raw bytes: `\r` is Enter, `\t` is Tab).
    pub fn send(&mut self, keys: &str) {
        let mut writer = self.writer.lock().expect("writer");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    /// Waits for the process to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                // Give the reader thread a moment to take in the last bytes (terminal restore).
                std::thread::sleep(Duration::from_millis(100));
                return status.success();
            }
            if start.elapsed() > PATIENCE {
                panic!("tidings did not exit; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The cells of screen row `row` (0-based): (text, foreground, background) each.
    pub fn cells_of_row(&self, row: u16) -> Vec<(String, vt100::Color, vt100::Color)> {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        let (_, cols) = screen.size();
        (0..cols)
            .filter_map(|col| screen.cell(row, col))
            .map(|cell| (cell.contents().to_string(), cell.fgcolor(), cell.bgcolor()))
            .collect()
    }

    /// Every byte the program wrote so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().expect("output").clone()
    }

    /// Whether the program ever wrote `bytes` to the terminal.
    pub fn wrote(&self, bytes: &[u8]) -> bool {
        let output = self.output.lock().expect("output");
        output.windows(bytes.len()).any(|w| w == bytes)
    }

    /// Sends signal `name` (`TERM`, `HUP`) to the process.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("a pid");
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Whether the terminal's line discipline is as a shell expects it (canonical input and
    /// signals on: not raw mode), read from the pty's termios.
    pub fn cooked(&self) -> bool {
        let termios = self._master.get_termios().expect("termios");
        let flags = format!("{:?}", termios.local_flags);
        flags.contains("ICANON") && flags.contains("ISIG")
    }

    /// The exit code, once the process has exited.
    pub fn exit_code(&mut self) -> Option<u32> {
        self.child
            .try_wait()
            .ok()
            .flatten()
            .map(|status| status.exit_code())
    }

    /// What the screen says of the modes a program can leave behind: (alternate screen, cursor
    /// hidden, mouse reporting on).
    pub fn modes(&self) -> (bool, bool, bool) {
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        (
            screen.alternate_screen(),
            screen.hide_cursor(),
            screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None,
        )
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The screen's rows as separate lines.
pub fn rows(screen: &str) -> Vec<&str> {
    screen.lines().collect()
}

/// Index of the first row containing `text`.
pub fn row_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains(text))
}
