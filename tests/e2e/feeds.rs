//! The reader fetches the config's feeds on `F`: the entries arrive through the file watcher
//! as new unread posts (`●`), with their tags, dates and source.

use std::time::Duration;

use super::pty::App;
use super::*;

/// Serves `tests/fixtures/feeds/rss.xml` at `/rss.xml` on 127.0.0.1; returns its base URL.
fn serve_rss() -> String {
    let body = std::fs::read_to_string(manifest_dir().join("tests/fixtures/feeds/rss.xml"))
        .expect("fixture");
    serve(body)
}

/// Serves `body` at every path on 127.0.0.1; returns the base URL.
fn serve(body: String) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
    let url = format!("http://{}", server.server_addr());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let response = tiny_http::Response::from_string(body.clone());
            let _ = request.respond(response);
        }
    });
    url
}

#[test]
fn the_fetch_key_brings_a_feeds_entries_in_as_unread_posts() {
    let url = serve_rss();
    let dir = tempfile::tempdir().expect("tempdir");
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("posts");
    std::fs::write(
        posts.join("mine.md"),
        "---\ntitle: Mine\ndate: 2020-01-01\n---\nText.\n",
    )
    .expect("post");
    let config = dir.path().join("config.toml");
    let text =
        format!("[[feeds]]\nname = \"gazette\"\nurl = \"{url}/rss.xml\"\ntags = [\"news\"]\n");
    std::fs::write(&config, text).expect("config");
    let args = [
        "--config",
        config.to_str().expect("utf-8"),
        posts.to_str().expect("utf-8"),
    ];
    let mut app = App::spawn(&args, dir.path(), 120, 40);
    app.wait_for_text("1 of 1 post ");
    std::thread::sleep(Duration::from_millis(200));
    app.send("F");
    // The posts come through the watcher, the report from the fetch: either can be first.
    let screen = app.wait_for("the feed's posts and the fetch's report", |s| {
        s.contains("3 of 3 posts")
            && s.contains("Ferry timetable changes")
            && s.contains("Lighthouse")
            && s.contains("fetched 1 feed: 2 new posts")
    });
    for title in ["Ferry timetable changes", "Lighthouse opens"] {
        let row = rows(&screen)
            .into_iter()
            .find(|r| r.contains(title))
            .unwrap_or_default();
        // `●`: arrived since the reader opened (and unread).
        assert!(row.contains("● "), "{title} is marked new: {row}\n{screen}");
        assert!(row.contains("2024-06-"), "{title} is dated: {row}");
    }
    // The newest is the ferry's; its header names the source and the tags.
    app.send("g\r");
    let screen = app.wait_for_text("Harbour Gazette");
    assert!(
        screen.contains("#news") && screen.contains("#transport"),
        "{screen}"
    );
    let saved = posts.join("feeds/gazette/2024-06-19-ferry-timetable-changes-in-june.md");
    assert!(saved.exists(), "{}", saved.display());
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn a_feed_with_an_interval_is_fetched_in_the_background_once_the_folder_is_loaded() {
    let url = serve_rss();
    let dir = tempfile::tempdir().expect("tempdir");
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("posts");
    std::fs::write(posts.join("mine.md"), "# Mine\n\nText.\n").expect("post");
    let config = dir.path().join("config.toml");
    let text = format!("[[feeds]]\nname = \"gazette\"\nurl = \"{url}/rss.xml\"\nevery = \"1h\"\n");
    std::fs::write(&config, text).expect("config");
    let args = [
        "--config",
        config.to_str().expect("utf-8"),
        posts.to_str().expect("utf-8"),
    ];
    let mut app = App::spawn(&args, dir.path(), 120, 40);
    let screen = app.wait_for("the feed's posts", |s| {
        s.contains("3 of 3 posts") && s.contains("Ferry timetable changes")
    });
    assert!(screen.contains("Lighthouse opens"), "{screen}");
    app.send("q");
    assert!(app.wait_exit());
}

/// A feed whose entry nests tables 100,000 deep, fetched in the background (`every`): the reader
/// keeps running, shows the entry's text, and gives the terminal back on `q`. Such an entry
/// overflowed the stack of the converting thread, and the process aborted in the alternate
/// screen.
#[test]
fn a_feed_nested_100_000_deep_is_read_in_the_background_and_the_reader_keeps_running() {
    let depth = 100_000;
    let html = format!(
        "{}deep text{}",
        "<table><tr><td>".repeat(depth),
        "</td></tr></table>".repeat(depth)
    );
    let feed = format!(
        r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title><id>tag:deep</id><updated>2024-06-19T08:30:00Z</updated><entry><title>Nested tables</title><id>tag:deep:1</id><updated>2024-06-19T08:30:00Z</updated><content type="html"><![CDATA[{html}]]></content></entry></feed>"#
    );
    let url = serve(feed);
    let dir = tempfile::tempdir().expect("tempdir");
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("posts");
    std::fs::write(posts.join("mine.md"), "# Mine\n\nText.\n").expect("post");
    let config = dir.path().join("config.toml");
    let text = format!("[[feeds]]\nname = \"deep\"\nurl = \"{url}/deep.xml\"\nevery = \"1h\"\n");
    std::fs::write(&config, text).expect("config");
    let args = [
        "--config",
        config.to_str().expect("utf-8"),
        posts.to_str().expect("utf-8"),
    ];
    let mut app = App::spawn(&args, dir.path(), 120, 40);
    app.wait_for("the deep entry", |s| {
        s.contains("2 of 2 posts") && s.contains("Nested tables")
    });
    app.send("g\r");
    app.wait_for_text("deep text");
    assert!(app.is_running(), "the reader keeps running");
    app.send("q");
    assert!(app.wait_exit());
    assert!(app.cooked(), "raw mode left on");
    let (alternate, _, mouse) = app.modes();
    assert!(!alternate && !mouse, "the terminal is given back");
}
