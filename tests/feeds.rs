//! `tidings fetch` against a feed server on 127.0.0.1 in the test process: the files it writes,
//! byte for byte; conditional requests; entries changed on the server and by hand; a malformed
//! feed and one that never answers.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// (path, If-None-Match sent) of each request the server took.
type Requests = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Feeds served by path, with an ETag each; `/silent` takes requests and never answers.
struct FeedServer {
    url: String,
    feeds: Arc<Mutex<HashMap<String, (String, String)>>>,
    requests: Requests,
}

impl FeedServer {
    fn start() -> FeedServer {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
        let url = format!("http://{}", server.server_addr());
        let feeds: Arc<Mutex<HashMap<String, (String, String)>>> = Arc::default();
        let requests: Requests = Arc::default();
        let dir = support::manifest_dir().join("tests/fixtures/feeds");
        for name in ["rss.xml", "atom.xml", "feed.json", "intl.xml", "broken.xml"] {
            let body = std::fs::read_to_string(dir.join(name)).expect("fixture");
            feeds
                .lock()
                .expect("lock")
                .insert(format!("/{name}"), (body, "\"v1\"".into()));
        }
        let (served, seen) = (Arc::clone(&feeds), Arc::clone(&requests));
        std::thread::spawn(move || {
            let mut silent = Vec::new();
            for request in server.incoming_requests() {
                let path = request.url().to_string();
                let etag = (request.headers().iter())
                    .find(|h| h.field.equiv("If-None-Match"))
                    .map(|h| h.value.to_string());
                seen.lock()
                    .expect("lock")
                    .push((path.clone(), etag.clone()));
                if path == "/silent" {
                    silent.push(request);
                    continue;
                }
                let feed = served.lock().expect("lock").get(&path).cloned();
                let response = match feed {
                    Some((_, tag)) if etag.as_deref() == Some(tag.as_str()) => {
                        tiny_http::Response::from_string("").with_status_code(304)
                    }
                    Some((body, tag)) => tiny_http::Response::from_string(body).with_header(
                        tiny_http::Header::from_bytes("ETag", tag.as_bytes()).expect("header"),
                    ),
                    None => tiny_http::Response::from_string("no").with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        FeedServer {
            url,
            feeds,
            requests,
        }
    }

    fn change(&self, path: &str, from: &str, to: &str) {
        let mut feeds = self.feeds.lock().expect("lock");
        let entry = feeds.get_mut(path).expect("feed");
        entry.0 = entry.0.replace(from, to);
        entry.1 = "\"v2\"".into();
    }
}

/// A home with a config subscribing to `feeds` (name, path, tags), saving under `folder`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(server: &FeedServer, feeds: &[(&str, &str, &[&str])]) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = format!("folders = [{:?}]\n", dir.path().join("posts"));
        for (name, path, tags) in feeds {
            config.push_str(&format!(
                "\n[[feeds]]\nname = {name:?}\nurl = \"{}{path}\"\ntags = {tags:?}\n",
                server.url
            ));
        }
        std::fs::write(dir.path().join("config.toml"), config).expect("config");
        Home { dir }
    }

    fn fetch(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::cargo_bin("tidings")
            .expect("binary")
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .arg("fetch")
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .output()
            .expect("run");
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            out.status.code().unwrap_or(-1),
            text(&out.stdout),
            text(&out.stderr),
        )
    }

    fn folder(&self, feed: &str) -> PathBuf {
        self.dir.path().join("posts/feeds").join(feed)
    }
}

/// The files in `folder`, by name, with their text (hidden files too, to see none is left).
fn files(folder: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(folder)
        .map(|dir| {
            dir.flatten()
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_fetch_saves_each_entry_as_a_post_in_the_seeds_shape() {
    let server = FeedServer::start();
    let feeds: &[(&str, &str, &[&str])] = &[
        ("gazette", "/rss.xml", &["news"]),
        ("rust", "/atom.xml", &[]),
        ("garden", "/feed.json", &["home", "Garden"]),
        ("intl", "/intl.xml", &[]),
    ];
    let home = Home::new(&server, feeds);
    let (code, _, stderr) = home.fetch(&[]);
    assert_eq!(code, 0, "{stderr}");
    for (feed, ..) in feeds {
        for (i, (name, text)) in files(&home.folder(feed)).into_iter().enumerate() {
            // Snapshots compare trimmed text: the ends are checked here.
            assert!(
                text.ends_with("\n") && !text.ends_with("\n\n"),
                "{name}: {text:?}"
            );
            assert!(
                !text.contains('\r') && text.starts_with("---\ntitle: "),
                "{name}"
            );
            insta::assert_snapshot!(format!("{feed}_{i}"), format!("{name}\n\n{text}"));
            // And the reader reads what was written as it was meant.
            let post = tidings::content::Post::parse(Path::new(&name), text, None);
            assert!(
                post.diagnostics.is_empty(),
                "{name}: {:?}",
                post.diagnostics
            );
            assert_ne!(post.title, "Untitled", "{name}");
            assert!(
                post.date.is_some() && post.meta.details.source.is_some(),
                "{name}"
            );
            for tag in feeds.iter().find(|f| f.0 == *feed).map_or(&[][..], |f| f.2) {
                assert!(post.tags.iter().any(|t| t.name == *tag), "{name}: {tag}");
            }
        }
    }
    let gazette = files(&home.folder("gazette"));
    let names: Vec<&str> = gazette.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2024-06-17-lighthouse-opens-to-visitors.md",
            "2024-06-19-ferry-timetable-changes-in-june.md"
        ]
    );
    let intl: Vec<String> = files(&home.folder("intl"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        intl,
        [
            "2024-06-11-новый-мост-через-реку-открыт.md",
            "2024-06-12-在终端里读新闻.md"
        ]
    );
}

#[test]
fn a_second_fetch_sends_the_validators_and_writes_nothing() {
    let server = FeedServer::start();
    let home = Home::new(&server, &[("gazette", "/rss.xml", &[])]);
    assert_eq!(home.fetch(&[]).0, 0);
    let before = files(&home.folder("gazette"));
    let stamp = |name: &str| {
        std::fs::metadata(home.folder("gazette").join(name))
            .and_then(|m| m.modified())
            .ok()
    };
    let stamps: Vec<_> = before.iter().map(|(n, _)| stamp(n)).collect();
    let (code, json, _) = home.fetch(&["--json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(report[0]["new"], 0);
    assert_eq!(report[0]["unchanged"], 2);
    assert_eq!(files(&home.folder("gazette")), before);
    assert_eq!(
        before.iter().map(|(n, _)| stamp(n)).collect::<Vec<_>>(),
        stamps
    );
    let requests = server.requests.lock().expect("lock").clone();
    assert_eq!(
        requests,
        [
            ("/rss.xml".to_string(), None),
            ("/rss.xml".to_string(), Some("\"v1\"".to_string()))
        ]
    );
}

#[test]
fn an_entry_changed_on_the_server_is_written_again_unless_it_was_edited_by_hand() {
    let server = FeedServer::start();
    let home = Home::new(&server, &[("gazette", "/rss.xml", &[])]);
    assert_eq!(home.fetch(&[]).0, 0);
    let folder = home.folder("gazette");
    let ferry = folder.join("2024-06-19-ferry-timetable-changes-in-june.md");
    let lighthouse = folder.join("2024-06-17-lighthouse-opens-to-visitors.md");
    let mine = std::fs::read_to_string(&lighthouse).expect("saved") + "\nMy own note.\n";
    std::fs::write(&lighthouse, &mine).expect("edit");
    server.change("/rss.xml", "every 20 minutes", "every 15 minutes");
    server.change("/rss.xml", "Tours every Saturday.", "Tours every Sunday.");
    let (code, json, _) = home.fetch(&["--json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        (report[0]["updated"].as_u64(), report[0]["kept"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        std::fs::read_to_string(&ferry)
            .expect("ferry")
            .contains("every 15 minutes")
    );
    assert_eq!(
        std::fs::read_to_string(&lighthouse).expect("lighthouse"),
        mine
    );
    assert_eq!(
        files(&folder).len(),
        2,
        "no temporary file left, no entry twice"
    );
}

#[test]
fn a_malformed_feed_and_a_silent_one_are_reported_and_the_others_saved() {
    let server = FeedServer::start();
    let home = Home::new(
        &server,
        &[
            ("broken", "/broken.xml", &[]),
            ("silent", "/silent", &[]),
            ("garden", "/feed.json", &[]),
        ],
    );
    let started = Instant::now();
    let (code, json, _) = home.fetch(&["--json", "--timeout", "1"]);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "a feed failed");
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(
        report[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("not a feed")),
        "{report}"
    );
    assert!(report[1]["error"].is_string(), "{report}");
    assert!(report[2]["error"].is_null(), "{report}");
    assert_eq!(report[2]["new"], 1);
    assert_eq!(files(&home.folder("garden")).len(), 1);
    assert!(files(&home.folder("broken")).is_empty());
}

/// `tidings ARGS` on a fresh machine: no config file yet, the platform's folders all in `home`.
fn fresh(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("tidings")
        .expect("binary")
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .expect("run");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[test]
fn on_a_fresh_config_a_feed_added_then_fetched_is_what_the_reader_opens() {
    let server = FeedServer::start();
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let url = format!("{}/rss.xml", server.url);
    let (code, _, err) = fresh(home, &["feeds", "add", &url, "--tag", "news"]);
    assert_eq!(code, 0, "{err}");
    // Named by its title, fetched once.
    assert!(err.contains("\"harbour-gazette\""), "{err}");
    let (code, _, again) = fresh(home, &["feeds", "add", &url]);
    assert_eq!(code, 0, "{again}");
    assert!(again.contains("already a feed"), "{again}");
    let config = std::fs::read_to_string(home.join("config/tidings/config.toml")).expect("made");
    assert_eq!(config.matches("[[feeds]]").count(), 1, "{config}");

    let (code, _, err) = fresh(home, &["fetch"]);
    assert_eq!(code, 0, "{err}");
    let saved = home.join("data/tidings/feeds/harbour-gazette");
    assert_eq!(files(&saved).len(), 2, "{err}");
    // The reader with no PATH opens them; in a pipe it lists them.
    let (code, listed, err) = fresh(home, &[]);
    assert_eq!(code, 0, "{err}");
    let titles: Vec<&str> = (listed.lines())
        .map(|l| l.split('\t').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(
        titles,
        [
            "Ferry timetable changes in June",
            "Lighthouse opens to visitors"
        ],
        "{listed}"
    );

    // A feed that cannot be fetched is named by its host; removing it keeps the posts.
    let (code, _, err) = fresh(home, &["feeds", "add", &format!("{}/gone.xml", server.url)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("\"127.0.0.1\""), "{err}");
    let (code, _, err) = fresh(home, &["feeds", "remove", "harbour-gazette"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(files(&saved).len(), 2, "posts kept");
    let (_, list, _) = fresh(home, &["feeds", "list"]);
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.starts_with("127.0.0.1\t"), "{list}");
}

/// The subscriptions of `feeds list`, sorted: (name, url, tags).
fn subscriptions(home: &Path) -> Vec<(String, String, String)> {
    let (_, list, _) = fresh(home, &["feeds", "list"]);
    let mut subs: Vec<(String, String, String)> = list
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells[0].into(), cells[1].into(), cells[2].into())
        })
        .collect();
    subs.sort();
    subs
}

#[test]
fn opml_from_newsboat_and_miniflux_subscribes_every_feed_and_export_reads_back_the_same() {
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let opml = support::manifest_dir().join("tests/fixtures/opml");
    for (file, count) in [("newsboat.opml", 3), ("miniflux.opml", 3)] {
        let (code, _, err) = fresh(
            home,
            &["feeds", "import", opml.join(file).to_str().expect("utf-8")],
        );
        assert_eq!(code, 0, "{err}");
        assert!(err.starts_with(&format!("imported {count} feeds")), "{err}");
    }
    let subs = subscriptions(home);
    let want = [
        (
            "ferry-port-news",
            "https://ferry.example/feed?lang=en&full=1",
            "All",
        ),
        (
            "harbour-gazette",
            "https://harbour.example/rss.xml",
            "news,local",
        ),
        ("keeper-s-log", "https://lighthouse.example/atom.xml", "sea"),
        (
            "quiet-software",
            "https://software.example/index.xml",
            "Tech",
        ),
        ("quiet.example", "https://quiet.example/feed.json", ""),
        ("новости-техники", "https://tech.example/rss", "Tech"),
    ];
    let want: Vec<(String, String, String)> = (want.iter())
        .map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into()))
        .collect();
    assert_eq!(subs, want);
    // Importing again adds nothing.
    let (code, _, err) = fresh(
        home,
        &[
            "feeds",
            "import",
            opml.join("miniflux.opml").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("imported 0 feeds") && err.contains("3 already subscribed"),
        "{err}"
    );

    let (code, exported, err) = fresh(home, &["feeds", "export"]);
    assert_eq!(code, 0, "{err}");
    assert!(exported.contains("<opml version=\"2.0\">"), "{exported}");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let file = elsewhere.path().join("export.opml");
    std::fs::write(&file, &exported).expect("write");
    let (code, _, err) = fresh(
        elsewhere.path(),
        &["feeds", "import", file.to_str().expect("utf-8")],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(subscriptions(elsewhere.path()), subs, "{exported}");
}
