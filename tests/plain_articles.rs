//! Plain-text articles saved from news pages (`../shared/plain-articles`): each is read as its
//! `EXPECTED.md` table says a reader should make of it (title, kicker, description, the
//! headings in the contents), and no line of the file is lost. The expectations are read from
//! the table, so other articles added there are checked the same way. Skipped, with a message,
//! when the folder is absent.

use std::path::Path;

use tidings::content::loader;
use tidings::render::highlight::CodeColours;
use tidings::render::render_post;
use tidings::theme::Theme;

mod support;

/// One row of EXPECTED.md's table.
struct Expected {
    file: String,
    title: String,
    kicker: Option<String>,
    /// The description's beginning (the table cuts it with `…`).
    description: Option<String>,
    headings: Vec<String>,
}

/// `—` (or empty) is "none".
fn cell(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && !text.starts_with('—')).then(|| text.to_string())
}

fn expectations(dir: &Path) -> Vec<Expected> {
    let table = std::fs::read_to_string(dir.join("EXPECTED.md")).expect("EXPECTED.md");
    table
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .filter(|cells| cells.len() == 5 && cells[0].ends_with(".txt"))
        .map(|cells| Expected {
            file: cells[0].to_string(),
            title: cells[1].to_string(),
            kicker: cell(cells[2]),
            description: cell(cells[3]).map(|d| d.trim_end_matches('…').to_string()),
            headings: cell(cells[4])
                .map(|h| h.split("; ").map(str::to_string).collect())
                .unwrap_or_default(),
        })
        .collect()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn saved_news_pages_read_as_expected_md_says() {
    let Some(dir) = support::shared("plain-articles") else {
        return;
    };
    let expected = expectations(&dir);
    assert!(expected.len() >= 4, "the table has a row per file");
    for want in expected {
        let path = dir.join(&want.file);
        let post = loader::load_post(&path, &jiff::tz::TimeZone::UTC).expect("readable");
        let name = &want.file;
        assert_eq!(post.title, want.title, "{name}: title");
        assert_eq!(post.meta.details.kicker, want.kicker, "{name}: kicker");
        match (&want.description, &post.meta.details.description) {
            (None, got) => assert_eq!(got, &None, "{name}: description"),
            (Some(start), Some(got)) => {
                assert!(got.starts_with(start.as_str()), "{name}: {got:?}")
            }
            (Some(start), None) => panic!("{name}: no description; wanted {start:?}…"),
        }
        // Wide enough that no line wraps, so each line of the file is one row.
        let doc = render_post(&post, 1000, &Theme::no_color(), &CodeColours::default());
        let headings: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings, want.headings, "{name}: contents");
        let screen: Vec<String> = doc
            .lines
            .iter()
            .map(|line| {
                squeeze(
                    &line
                        .spans
                        .iter()
                        .map(|s| s.content.as_ref())
                        .collect::<String>(),
                )
            })
            .collect();
        let all = screen.join("\n");
        // A byline's parts are shown apart (`海港财经 · 3.4万 阅读`): every word still there.
        let apart = |text: &str| text.replace(" · ", " ");
        let all_words = apart(&all);
        let text = std::fs::read_to_string(&path).expect("readable");
        for line in text.lines().map(squeeze).filter(|l| !l.is_empty()) {
            assert!(
                all.contains(&line) || all_words.contains(&apart(&line)),
                "{name}: the line {line:?} is nowhere on screen:\n{all}"
            );
        }
    }
}
