//! Pictures in the real binary: half-blocks in a plain xterm, the kitty graphics protocol in
//! kitty, and no network connection for a remote image unless the reader asks.

use std::path::Path;
use std::time::Duration;

use super::pty::{App, PATIENCE, row_of};
use super::support::manifest_dir;

fn flag() -> std::path::PathBuf {
    manifest_dir().join("tests/fixtures/images/posts/img/flag.png")
}

/// Whether `cell` is a cell of a picture in half-blocks: `▀` or `▄` in two true colours, or a
/// space in one (both halves alike).
pub(crate) fn picture_cell((text, fg, bg): &(String, vt100::Color, vt100::Color)) -> bool {
    let rgb = |c: &vt100::Color| matches!(c, vt100::Color::Rgb(..));
    ((text == "▀" || text == "▄") && rgb(fg) && rgb(bg)) || (text == " " && rgb(bg))
}

/// Whether `cell` is a half-block in two true colours.
fn half_block(cell: &(String, vt100::Color, vt100::Color)) -> bool {
    picture_cell(cell) && cell.0 != " "
}

#[test]
fn a_png_is_drawn_in_half_blocks_under_its_line_in_a_plain_xterm() {
    let post = manifest_dir().join("tests/fixtures/images/posts/relative.md");
    let post = post.to_str().expect("utf-8 path");
    let app = App::spawn_env(&[post], &[("TERM", "xterm-256color")], 100, 40);
    let deadline = std::time::Instant::now() + PATIENCE;
    let (caption, screen) = loop {
        let screen = app.wait_for_text("The text after the picture");
        let caption = row_of(&screen, "[image: A red and blue flag] img/flag.png")
            .expect("the image keeps its text line");
        let below = app.cells_of_row(u16::try_from(caption + 1).expect("a row"));
        if below.iter().any(picture_cell) {
            // The text as it is with the picture drawn: `screen` may be of the frame before
            // the picture came (the paragraph after it not yet moved down).
            let screen = app.screen();
            if row_of(&screen, "[image: A red and blue flag] img/flag.png") == Some(caption) {
                break (caption, screen);
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no picture under its line:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let lines: Vec<&str> = screen.lines().collect();
    // The text before the image is where it was: the paragraph, a blank line, the image's line.
    assert!(
        lines[caption - 2].contains("The flag below is a file beside this post"),
        "{screen}"
    );
    // The picture's rows, half-blocks among them, then the paragraph after it.
    let mut row = caption + 1;
    let mut half_blocks = 0;
    loop {
        let cells = app.cells_of_row(u16::try_from(row).expect("a row"));
        if !cells.iter().any(picture_cell) {
            break;
        }
        half_blocks += cells.iter().filter(|c| half_block(c)).count();
        row += 1;
    }
    let rows = row - caption - 1;
    assert!(rows >= 2, "a picture of {rows} rows:\n{screen}");
    assert!(half_blocks > 0, "no ▀ or ▄ in the picture");
    let after = row_of(&screen, "The text after the picture").expect("the text after");
    assert_eq!(
        after,
        row + 1,
        "one blank line after the picture:\n{screen}"
    );
    // Red stripes on the left, blue on the right.
    let cells = app.cells_of_row(u16::try_from(caption + 1).expect("a row"));
    let drawn: Vec<_> = cells.iter().filter(|c| picture_cell(c)).collect();
    let red = |c: &vt100::Color| matches!(c, vt100::Color::Rgb(r, g, _) if *r > 150 && *g < 120);
    let blue = |c: &vt100::Color| matches!(c, vt100::Color::Rgb(r, _, b) if *b > 150 && *r < 120);
    let first = drawn.first().expect("cells");
    let last = drawn.last().expect("cells");
    assert!(red(&first.1) || red(&first.2), "{first:?}");
    assert!(blue(&last.1) || blue(&last.2), "{last:?}");
}

#[test]
fn kitty_gets_the_picture_as_kitty_graphics_and_nothing_the_post_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("img")).expect("mkdir");
    std::fs::copy(flag(), dir.path().join("img/flag.png")).expect("copy");
    let post = dir.path().join("loud.md");
    std::fs::write(
        &post,
        "---\ntitle: Loud\ndate: 2026-11-01\n---\n\nA title \u{1b}]0;owned\u{7} set.\n\n\
         ![A flag \u{1b}c reset](img/flag.png)\n\nAfter \u{1b}[2J the flag.\n",
    )
    .expect("write");
    let post = post.to_str().expect("utf-8 path");
    let app = App::spawn_env(&[post], &[("TERM", "xterm-kitty")], 100, 40);
    app.wait_for_text("the flag.");
    let deadline = std::time::Instant::now() + PATIENCE;
    // The image's data comes first, then the rows of placeholders that show it (a large
    // write: it arrives in pieces).
    while !(app.wrote(b"\x1b_G") && app.wrote("\u{10EEEE}".as_bytes())) {
        assert!(
            std::time::Instant::now() < deadline,
            "no kitty graphics:\n{}",
            app.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = app.output();
    let text = String::from_utf8_lossy(&output);
    // The image sent once, as a virtual placement, and shown by Unicode placeholders.
    assert!(text.contains("a=T,U=1,f=32"), "a transmit with placement");
    assert!(text.contains('\u{10EEEE}'), "placeholders");
    for injected in ["\u{1b}]0;owned", "\u{1b}c reset", "\u{1b}[2J the"] {
        assert!(
            !text.contains(injected),
            "the post's {injected:?} reached the terminal"
        );
    }
}

#[test]
fn a_remote_image_is_not_fetched_unless_asked() {
    let server = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
    server.set_nonblocking(true).expect("nonblocking");
    let port = server.local_addr().expect("address").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let post = dir.path().join("remote.md");
    std::fs::write(
        &post,
        format!(
            "---\ntitle: Remote\ndate: 2026-11-01\n---\n\n![Far away](http://127.0.0.1:{port}/a.png)\n\nAfter the picture.\n"
        ),
    )
    .expect("write");
    let post = post.to_str().expect("utf-8 path");
    let mut app = App::spawn_env(&[post], &[], 100, 30);
    let screen = app.wait_for_text("After the picture.");
    assert!(
        screen.contains(&format!("[image: Far away] http://127.0.0.1:{port}/a.png")),
        "{screen}"
    );
    // Post info says why it is not shown.
    app.send("i");
    app.wait_for_text("on the web, not fetched");
    std::thread::sleep(Duration::from_millis(300));
    let connected = server.accept().is_ok();
    assert!(!connected, "the reader connected to the image's server");
    let _ = Path::new(post);
}

/// A server on 127.0.0.1 that serves `bytes` at every path and counts the requests.
fn image_server(bytes: Vec<u8>) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
    let port = server.server_addr().to_ip().expect("an ip address").port();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&count);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = request.respond(tiny_http::Response::from_data(bytes.clone()));
        }
    });
    (port, count)
}

/// Waits until a picture is drawn under the line holding `caption`.
fn wait_for_picture(app: &App, caption: &str) {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let screen = app.screen();
        if let Some(row) = row_of(&screen, caption)
            && app
                .cells_of_row(u16::try_from(row + 1).expect("a row"))
                .iter()
                .any(picture_cell)
        {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no picture under {caption:?}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_remote_image_is_fetched_once_when_asked_and_read_from_the_cache_after() {
    use std::sync::atomic::Ordering;
    let (port, requests) = image_server(std::fs::read(flag()).expect("flag"));
    let dir = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("data dir");
    std::fs::write(
        dir.path().join("remote.md"),
        format!(
            "---\ntitle: Remote\ndate: 2026-11-01\n---\n\n![Far away](http://127.0.0.1:{port}/flag.png)\n\nAfter the picture.\n"
        ),
    )
    .expect("write");
    let caption = format!("[image: Far away] http://127.0.0.1:{port}/flag.png");
    let mut app = App::spawn_with_data(&["remote.md"], dir.path(), 100, 40, data.path());
    app.wait_for_text("After the picture.");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(requests.load(Ordering::SeqCst), 0, "fetched without asking");
    app.send("I");
    wait_for_picture(&app, &caption);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    app.send("q");
    assert!(app.wait_exit());
    // A new process, the same cache: drawn with no request and no key.
    let mut again = App::spawn_with_data(&["remote.md"], dir.path(), 100, 40, data.path());
    wait_for_picture(&again, &caption);
    again.send("I");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(requests.load(Ordering::SeqCst), 1, "fetched again");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn a_server_that_never_answers_costs_the_reader_nothing() {
    // Takes connections and never answers them.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = silent.local_addr().expect("address").port();
    let held = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in silent.incoming().take(4) {
            held.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let mut body = String::from("---\ntitle: Silent\ndate: 2026-11-01\n---\n\n");
    for n in 0..4 {
        body.push_str(&format!(
            "![Silent {n}](http://127.0.0.1:{port}/{n}.png)\n\n"
        ));
    }
    body.push_str("## Heading one\n\nText.\n\n## Heading two\n\nMore text.\n");
    std::fs::write(dir.path().join("silent.md"), body).expect("write");
    let mut app = App::spawn(&["silent.md"], dir.path(), 100, 30);
    app.wait_for_text("More text.");
    app.send("I");
    app.wait_for_text("Fetching 4 images from the web");
    // With every fetch hanging, keys still answer at once: the help opens and closes.
    // Timed to the millisecond (the usual wait looks every 30 ms).
    let answered = |app: &App, open: bool| {
        let start = std::time::Instant::now();
        while app.screen().contains("Keys") != open {
            assert!(start.elapsed() < PATIENCE, "no answer");
            std::thread::sleep(Duration::from_millis(1));
        }
        start.elapsed()
    };
    let mut slowest = Duration::ZERO;
    for _ in 0..3 {
        app.send("?");
        slowest = slowest.max(answered(&app, true));
        app.send("?");
        slowest = slowest.max(answered(&app, false));
    }
    eprintln!("slowest key with every fetch hanging: {slowest:?}");
    // 50 ms is the goal in a release build; this is a debug build on a shared machine.
    assert!(
        slowest < Duration::from_millis(250),
        "a key took {slowest:?}"
    );
    app.send("q");
    assert!(app.wait_exit(), "quits with fetches under way");
    drop(held);
}

#[test]
fn enter_shows_the_picture_on_screen_at_the_panes_full_size_and_closes_it() {
    let post = manifest_dir().join("tests/fixtures/images/posts/relative.md");
    let post = post.to_str().expect("utf-8 path");
    let mut app = App::spawn_env(&[post], &[], 100, 40);
    let caption = "[image: A red and blue flag] img/flag.png";
    wait_for_picture(&app, caption);
    let rows_of = |app: &App| {
        (0..40u16)
            .filter(|&r| app.cells_of_row(r).iter().any(picture_cell))
            .count()
    };
    let inline = rows_of(&app);
    app.send("\r");
    let screen = app.wait_for_text("Picture");
    assert!(screen.contains("A red and blue flag"), "{screen}");
    let deadline = std::time::Instant::now() + PATIENCE;
    while rows_of(&app) <= inline {
        assert!(
            std::time::Instant::now() < deadline,
            "no larger picture:\n{}",
            app.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    app.send("\r");
    app.wait_for("the article again", |s| {
        s.contains("The text after the picture")
    });
    assert_eq!(rows_of(&app), inline);
}

#[test]
fn show_draws_pictures_on_a_terminal_and_only_the_text_line_in_a_pipe() {
    let post = manifest_dir().join("tests/fixtures/images/posts/relative.md");
    let post = post.to_str().expect("utf-8 path");
    let caption = "[image: A red and blue flag] img/flag.png";
    let app = App::spawn(
        &["show", "--paging", "never", post],
        &manifest_dir(),
        100,
        40,
    );
    let screen = app.wait_for_text("The text after the picture");
    let row = row_of(&screen, caption).expect("the image's line");
    let cells = app.cells_of_row(u16::try_from(row + 1).expect("a row"));
    assert!(
        cells.iter().any(picture_cell),
        "no picture under its line:\n{screen}"
    );
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["show", post])
        .output()
        .expect("run show");
    let text = String::from_utf8(piped.stdout).expect("utf-8");
    assert!(
        text.contains(&format!("{caption}\n\nThe text after")),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no escape sequence in a pipe");
}

#[test]
fn a_missing_image_keeps_its_line_and_post_info_says_why() {
    let post = manifest_dir().join("tests/fixtures/images/posts/missing.md");
    let post = post.to_str().expect("utf-8 path");
    let mut app = App::spawn(&[post], &manifest_dir(), 100, 40);
    let screen = app.wait_for_text("It keeps its text line");
    assert!(
        screen.contains("[image: Gone for good] gone.png"),
        "{screen}"
    );
    app.send("i");
    app.wait_for_text("gone.png: no such file beside the post");
}
