//! A folder of posts nobody should have to read: escape sequences in front matter and bodies,
//! clipboard and hyperlink injection, bidi overrides, absurd sizes and depths, broken UTF-8,
//! and files that are not files. Every post is opened and paged through; the screen must never
//! hold a raw control character, no injected sequence may reach the terminal, and the app must
//! keep answering keys.

use std::path::Path;
use std::time::Duration;

use super::pty::App;
use super::status;

/// Writes the hostile folder; returns how many posts it holds.
fn hostile_folder(dir: &Path) -> usize {
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    // YAML's "\e" is ESC: a title that would clear the screen and turn text red.
    write(
        "escape-title.md",
        b"---\ntitle: \"\\e[2J\\e[31mRed title\\e[0m\"\ntags: [\"\\e]52;c;cHduZWQ=\\a\"]\ndate: 2024-01-05\n---\nA post with a loud title.\n",
    );
    write(
        "escape-body.md",
        b"---\ntitle: Escape body\ndate: 2024-01-04\n---\nClear: \x1b[2J done.\n\nClipboard: \x1b]52;c;cHduZWQ=\x07 done.\n\nLink: \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ done.\n\nC1 CSI: \xc2\x9b2J done. Bell: \x07 done.\n\n    \x1b[31mcode\x1b[0m\n",
    );
    write(
        "bidi.md",
        "---\ntitle: \"Bidi \u{202e}txt.exe\u{202c} override\"\ndate: 2024-01-03\n---\nText \u{202e}reversed\u{202c} and \u{2066}isolated\u{2069}.\n".as_bytes(),
    );
    let long_word = "w".repeat(20_000);
    write(
        "long-word.md",
        format!("---\ntitle: Long word\ndate: 2024-01-02\n---\n{long_word}\n").as_bytes(),
    );
    // 5,000 levels on one line each (`- - - … item`), and 1,500 levels a line at a time (the
    // form whose prefixes cost depth × lines to draw).
    let mut nested = String::from("---\ntitle: Deep nesting\ndate: 2024-01-01\n---\n");
    for mark in ["- ", "1. ", "> ", "> - "] {
        nested.push_str(&mark.repeat(5_000));
        nested.push_str("deep\n\n");
    }
    for depth in 0..1_500 {
        nested.push_str(&"  ".repeat(depth));
        nested.push_str("- item\n");
    }
    write("deep-nesting.md", nested.as_bytes());
    let line = "words ".repeat(500_000);
    write(
        "one-line.md",
        format!("---\ntitle: One 3 MB line\ndate: 2023-12-31\n---\n{line}\n").as_bytes(),
    );
    let mut headings = String::from("---\ntitle: Ten thousand headings\ndate: 2023-12-30\n---\n");
    for n in 0..10_000 {
        headings.push_str(&format!("## Heading {n}\n\ntext\n\n"));
    }
    write("headings.md", headings.as_bytes());
    let header: Vec<String> = (0..500).map(|n| format!("c{n}")).collect();
    let table = format!(
        "---\ntitle: Wide table\ndate: 2023-12-29\n---\n| {} |\n|{}\n| {} |\n",
        header.join(" | "),
        "---|".repeat(500),
        header.join(" | ")
    );
    write("table.md", table.as_bytes());
    // Invalid UTF-8 in the middle of a three-byte character (U+4E2D is E4 B8 AD).
    write(
        "bad-utf8.md",
        b"---\ntitle: Broken bytes\ndate: 2023-12-28\n---\nBefore \xe4\xb8 after.\n",
    );
    // Not posts, or not readable: a FIFO, a link to a device, a link loop.
    let fifo = dir.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).expect("symlink");
    std::fs::create_dir(dir.join("loop")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.join("loop/up")).expect("symlink");
    9
}

/// Whether the screen text holds a control character (other than line ends).
fn raw_control(screen: &str) -> Option<char> {
    screen
        .chars()
        .find(|&c| c != '\n' && (c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)))
}

#[test]
fn a_hostile_folder_is_read_post_by_post_without_harm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let posts = hostile_folder(dir.path());
    let path = dir.path().to_str().expect("utf-8 path");
    let mut app = App::spawn(
        &["--no-watch", path],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        120,
        40,
    );
    let screen = app.wait_for("the whole folder", |s| {
        status(s).contains(&format!("{posts} of {posts} posts"))
    });
    assert!(
        screen.contains("␛[2J␛[31mRed title"),
        "the escapes are shown:\n{screen}"
    );
    // Open each post in turn, page to its end and back, and check the screen each time.
    for n in 0..posts {
        app.send("\x1b");
        std::thread::sleep(Duration::from_millis(60));
        app.send("g");
        for _ in 0..n {
            app.send("j");
        }
        app.send("\r");
        app.send("G");
        app.send("g");
        // A key that changes the screen proves it still answers: the help, then away again.
        app.send("?");
        let screen = app.wait_for_text("┌ Keys ");
        assert_eq!(raw_control(&screen), None, "post {n}:\n{screen}");
        app.send("?");
        let screen = app.wait_for("the article back", |s| !s.contains("┌ Keys "));
        assert_eq!(raw_control(&screen), None, "post {n}:\n{screen}");
        assert!(app.is_running(), "post {n}");
    }
    for injected in [
        &b"\x1b]52;c;cHduZWQ="[..],
        b"\x1b]8;;https://evil.example/",
        b"\x1b[31mRed title",
        b"\xc2\x9b2J",
    ] {
        assert!(
            !app.wrote(injected),
            "{:?} reached the terminal",
            String::from_utf8_lossy(injected)
        );
    }
    app.send("q");
    assert!(app.wait_exit());
}

/// Every file under `root` with its modification time and contents.
fn snapshot(root: &Path) -> Vec<(std::path::PathBuf, std::time::SystemTime, Vec<u8>)> {
    let mut files: Vec<_> = super::walkdir(root)
        .into_iter()
        .map(|path| {
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime");
            let bytes = std::fs::read(&path).expect("read");
            (path, modified, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_whole_session_leaves_every_fixture_as_it_was() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let before = snapshot(&fixtures);
    let mut app = App::spawn(
        &[fixtures.to_str().expect("utf-8 path")],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        120,
        40,
    );
    app.wait_for("the whole folder", |s| {
        status(s).contains(" posts") && !status(s).contains("loading")
    });
    // Read every post to its end, mark it, then search, filter and sort.
    for _ in 0..20 {
        app.send("\r");
        app.send("G");
        std::thread::sleep(Duration::from_millis(30));
        app.send("m");
        app.send("\x1b");
        std::thread::sleep(Duration::from_millis(60));
        app.send("j");
    }
    app.send("/harbor\r");
    app.send("s");
    app.send("u");
    app.send("t");
    app.send(" \r");
    std::thread::sleep(Duration::from_millis(300));
    assert!(app.is_running());
    app.send("q");
    assert!(app.wait_exit());
    assert!(before == snapshot(&fixtures), "a fixture changed");
}

#[test]
fn a_large_post_renders_in_the_background_while_keys_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paragraph =
        "A paragraph of ordinary words, long enough to wrap once or twice in the pane. ";
    let mut body = String::from("---\ntitle: A very large post\n---\n");
    for n in 0..12_000 {
        body.push_str(&format!("{paragraph}{paragraph}Paragraph {n}.\n\n"));
    }
    body.push_str("The very end.\n");
    assert!(body.len() > 2_000_000);
    std::fs::write(dir.path().join("large.md"), body).expect("write");
    let path = dir.path().to_str().expect("utf-8 path");
    let mut app = App::spawn(
        &["--no-watch", path],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        120,
        40,
    );
    app.wait_for_text("1 of 1 post");
    app.send("?");
    app.wait_for_text("┌ Keys ");
    app.send("?");
    let screen = app.wait_for("the post", |s| s.contains("Paragraph 0."));
    assert!(!screen.contains("Rendering…"), "{screen}");
    app.send("\rG");
    app.wait_for_text("The very end.");
    app.send("q");
    assert!(app.wait_exit());
}
