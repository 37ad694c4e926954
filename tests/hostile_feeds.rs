//! `tidings fetch` against feeds as real publishers serve them and as an attacker would write
//! them (issue 36), served on 127.0.0.1 with no validators (so every fetch gets every byte):
//! deep nesting of each kind at depth 100,000, 10 MiB of inline markup in a summary and in a
//! content, scripts, styles, handlers and `javascript:` targets, entries with no id and with one
//! id twice, escaped text in each content type, every date form, UTF-16 with and without a byte
//! order mark, RSS with no version and 0.91–2.01, Atom 0.3, RDF without links. The small feeds
//! are files in `tests/fixtures/feeds/hostile`; the large ones are made here.
//!
//! Checked: the process ends with status 0 or 1, never by a signal; its peak memory stays under
//! 512 MiB; each feed is reported and read; what is saved holds no active content; and a second
//! fetch writes no file.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Serves `feeds` (path → bytes) on 127.0.0.1, without `ETag` or `Last-Modified`. Each
/// request is answered on a thread of its own and its connection closed: answered one after
/// another, the fetch's four requests once all waited on one that the server's thread was
/// stuck reading (the test hung until killed).
fn serve(feeds: BTreeMap<String, Vec<u8>>) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
    let url = format!("http://{}", server.server_addr());
    let feeds = std::sync::Arc::new(feeds);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let feeds = std::sync::Arc::clone(&feeds);
            std::thread::spawn(move || {
                let close = tiny_http::Header::from_bytes("Connection", "close").expect("header");
                let response = match feeds.get(request.url()) {
                    Some(body) => tiny_http::Response::from_data(body.clone()),
                    None => tiny_http::Response::from_data(b"no".to_vec()).with_status_code(404),
                };
                let _ = request.respond(response.with_header(close));
            });
        }
    });
    url
}

/// An Atom feed of one entry whose content (HTML, in CDATA) is `html`.
fn atom_with_content(title: &str, html: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>tag:hostile.example,2024:{title}</id><updated>2024-06-19T08:30:00Z</updated>
<entry><title>{title}</title><id>tag:hostile.example,2024:{title}:1</id><updated>2024-06-19T08:30:00Z</updated><content type="html"><![CDATA[{html}]]></content></entry></feed>"#
    )
    .into_bytes()
}

/// An RSS channel with one item, its root written `root`.
fn rss_with_root(root: &str, title: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
{root}<channel><title>{title}</title><link>https://versions.example/</link>
<item><title>{title} item</title><link>https://versions.example/{title}</link><description>Read.</description></item>
</channel></rss>"#
    )
    .into_bytes()
}

/// Every feed of the corpus, by the path it is served at.
fn corpus() -> BTreeMap<String, Vec<u8>> {
    let mut feeds = BTreeMap::new();
    let dir = support::manifest_dir().join("tests/fixtures/feeds/hostile");
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        feeds.insert(format!("/{name}"), std::fs::read(&path).expect("read"));
    }
    const DEPTH: usize = 100_000;
    for (name, open, close) in [
        ("deep-table", "<table><tr><td>", "</td></tr></table>"),
        ("deep-list", "<ul><li>", "</li></ul>"),
        ("deep-div", "<div>", "</div>"),
        ("deep-quote", "<blockquote>", "</blockquote>"),
        ("deep-unclosed", "<div><span><b>", ""),
    ] {
        let html = format!("{}deep text{}", open.repeat(DEPTH), close.repeat(DEPTH));
        feeds.insert(format!("/{name}.xml"), atom_with_content(name, &html));
    }
    // Just under the 10 MiB cap on the wire.
    let markup = "<b>x</b>".repeat(1_250_000);
    feeds.insert(
        "/markup-content.xml".into(),
        atom_with_content("markup-content", &markup),
    );
    feeds.insert(
        "/markup-summary.xml".into(),
        format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>markup-summary</title><item><guid>m</guid><title>Markup in the summary</title><description><![CDATA[{markup}]]></description></item></channel></rss>"#
        )
        .into_bytes(),
    );
    for (name, root) in [
        ("rss-none", "<rss>"),
        ("rss-090", "<rss version=\"0.90\">"),
        ("rss-091", "<rss version=\"0.91\">"),
        ("rss-092", "<rss version=\"0.92\">"),
        ("rss-093", "<rss version=\"0.93\">"),
        ("rss-094", "<rss version=\"0.94\">"),
        ("rss-200", "<rss version=\"2.0\">"),
        ("rss-201", "<rss version=\"2.01\">"),
    ] {
        feeds.insert(format!("/{name}.xml"), rss_with_root(root, name));
    }
    let utf16 = r#"<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Кодировка</title><item><guid>u</guid><title>Привет из UTF-16</title><description>Текст.</description></item></channel></rss>"#;
    let le: Vec<u8> = utf16.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = utf16.encode_utf16().flat_map(u16::to_be_bytes).collect();
    feeds.insert("/utf16-le.xml".into(), le.clone());
    feeds.insert("/utf16-be.xml".into(), be.clone());
    feeds.insert(
        "/utf16-le-bom.xml".into(),
        [&[0xFF, 0xFE][..], &le].concat(),
    );
    feeds.insert(
        "/utf16-be-bom.xml".into(),
        [&[0xFE, 0xFF][..], &be].concat(),
    );
    feeds
}

/// What one run of `tidings fetch --json` gave: its exit code (or the signal that ended it), its
/// reports, and its peak resident memory in KiB (0 where it cannot be measured).
struct Fetched {
    code: Option<i32>,
    signal: Option<i32>,
    reports: Vec<serde_json::Value>,
    peak_kib: i64,
    stderr: String,
}

fn fetch(home: &Path) -> Fetched {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--config"])
        .arg(home.join("config.toml"))
        .args(["fetch", "--json", "--timeout", "600"])
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).expect("stdout");
        text
    });
    let reading_err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let (code, signal, peak_kib) = wait_with_peak(child);
    let json = reading.join().expect("stdout thread");
    let reports: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    Fetched {
        code,
        signal,
        reports,
        peak_kib,
        stderr: reading_err.join().expect("stderr thread"),
    }
}

/// Waits for `child`: its exit code, the signal that ended it, its peak RSS in KiB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn wait_with_peak(child: std::process::Child) -> (Option<i32>, Option<i32>, i64) {
    let pid = i32::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: wait4(2) on our own child, writing into a zeroed rusage of the right type; the
    // child is not waited for again (its `Child` is dropped without a wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let signal = libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status));
    (code, signal, usage.ru_maxrss)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn wait_with_peak(mut child: std::process::Child) -> (Option<i32>, Option<i32>, i64) {
    let status = child.wait().expect("wait");
    (status.code(), None, 0)
}

/// Every file under `dir`, with its text.
fn files(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut found = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
            found.insert(path, text);
        }
    }
    found
}

#[test]
fn hostile_and_old_feeds_are_read_safely_within_bounds_and_written_once() {
    let feeds = corpus();
    let url = serve(feeds.clone());
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let posts = home.join("posts");
    let mut config = format!("folders = [{posts:?}]\n");
    for path in feeds.keys() {
        let name = path.trim_start_matches('/').trim_end_matches(".xml");
        config.push_str(&format!(
            "\n[[feeds]]\nname = \"{name}\"\nurl = \"{url}{path}\"\n"
        ));
    }
    std::fs::write(home.join("config.toml"), config).expect("config");

    let first = fetch(home);
    assert_eq!(first.signal, None, "ended by a signal: {}", first.stderr);
    assert!(
        matches!(first.code, Some(0 | 1)),
        "{:?}: {}",
        first.code,
        first.stderr
    );
    assert!(
        first.peak_kib < 512 * 1024,
        "peak RSS {} MiB",
        first.peak_kib / 1024
    );
    eprintln!("first fetch: peak RSS {} MiB", first.peak_kib / 1024);
    assert_eq!(
        first.reports.len(),
        feeds.len(),
        "each feed reported: {}",
        first.stderr
    );
    for report in &first.reports {
        let name = report["name"].as_str().unwrap_or_default();
        assert!(report["error"].is_null(), "{name}: {report}");
        assert!(report["entry_errors"].is_null(), "{name}: {report}");
        assert!(
            report["new"].as_u64().unwrap_or(0) >= 1,
            "{name} saved nothing: {report}"
        );
    }
    let saved = files(&posts.join("feeds"));
    let in_feed = |feed: &str| -> Vec<&String> {
        saved
            .iter()
            .filter(|(path, _)| path.parent().is_some_and(|p| p.ends_with(feed)))
            .map(|(_, text)| text)
            .collect()
    };

    // No active content, and the text around it kept.
    let active = in_feed("active")
        .into_iter()
        .map(String::as_str)
        .collect::<String>();
    for gone in [
        "script text",
        "javascript",
        "vbscript",
        "data:",
        "steal",
        "color: red",
    ] {
        assert!(!active.contains(gone), "{gone:?} kept:\n{active}");
    }
    for kept in [
        "Kept text.",
        "js link",
        "vb link",
        "web link",
        "https://ok.example/",
    ] {
        assert!(active.contains(kept), "{kept:?} lost:\n{active}");
    }
    // Entries with no id, twins and a link alone are each one file.
    assert_eq!(in_feed("identity").len(), 5);
    // Escaped text stays those characters, in text and HTML content.
    let escaped = in_feed("escaped");
    assert_eq!(escaped.len(), 3);
    let text = escaped
        .iter()
        .find(|t| t.contains("title: \"Text:"))
        .expect("text entry");
    assert!(
        text.contains("a \\<blink\\> c \\& \\*not bold\\*"),
        "{text}"
    );
    let html = escaped
        .iter()
        .find(|t| t.contains("title: \"HTML:"))
        .expect("html entry");
    assert!(html.contains("blink"), "{html}");
    // Every date form is read; a year past 9999 is not written.
    let dates = in_feed("dates");
    let undated: Vec<&&String> = dates.iter().filter(|t| !t.contains("\ndate: ")).collect();
    assert_eq!(undated.len(), 1, "{undated:?}");
    assert!(undated[0].contains("99999"), "{undated:?}");
    for (kind, day) in [
        ("dcterms:created", "2004-07-01T10:00:00Z"),
        ("dcterms:issued", "2004-07-02T10:00:00Z"),
        ("dcterms:modified", "2004-07-03T10:00:00Z"),
        ("dc:date", "2004-07-08T00:00:00Z"),
    ] {
        let entry = (dates.iter())
            .find(|t| t.contains(&format!("title: \"Dated by {kind}\"")))
            .unwrap_or_else(|| panic!("{kind}: {dates:?}"));
        assert!(entry.contains(&format!("date: \"{day}\"")), "{entry}");
    }
    // Old formats and encodings.
    for feed in [
        "atom03",
        "rss-none",
        "rss-090",
        "rss-093",
        "rss-201",
        "utf16-le",
        "utf16-be-bom",
    ] {
        assert_eq!(in_feed(feed).len(), 1, "{feed}");
    }
    assert!(in_feed("atom03")[0].contains("date: \"2004-07-08T23:56:58Z\""));
    assert!(in_feed("utf16-be")[0].contains("Привет из UTF-16"));
    assert_eq!(in_feed("rdf-no-links").len(), 2);
    // Deep nesting keeps its text.
    for feed in [
        "deep-table",
        "deep-list",
        "deep-div",
        "deep-quote",
        "deep-unclosed",
    ] {
        let text: String = in_feed(feed).into_iter().map(String::as_str).collect();
        assert!(text.contains("deep text"), "{feed}");
    }

    // Again, from a server that cannot say "not modified": nothing is written.
    let before: BTreeMap<PathBuf, std::time::SystemTime> = saved
        .keys()
        .map(|p| {
            (
                p.clone(),
                std::fs::metadata(p)
                    .and_then(|m| m.modified())
                    .expect("mtime"),
            )
        })
        .collect();
    let second = fetch(home);
    assert_eq!(second.signal, None);
    let after = files(&posts.join("feeds"));
    assert_eq!(after.len(), saved.len(), "a second fetch wrote new files");
    for (path, modified) in &before {
        let now = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(&now, modified, "{} written again", path.display());
    }
    for report in &second.reports {
        assert_eq!(report["new"], 0, "{report}");
        assert_eq!(report["updated"], 0, "{report}");
    }
}
