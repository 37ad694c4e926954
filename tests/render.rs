//! Articles as a reader sees them: every construct in `tests/fixtures/render` rendered at 80 and
//! 40 columns and drawn with ratatui's `TestBackend` (insta snapshots of the screen text); one
//! real post from each corpus in `../shared/corpora` when that folder exists; a property test
//! over generated Markdown (no line wider than the pane, no control character on screen); and
//! hostile bytes that must never reach the terminal.

mod support;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::widgets::Paragraph;
use tidings::content::Post;
use tidings::render::highlight::{self, CodeColours};
use tidings::render::{Document, render_post};
use tidings::text;
use tidings::theme::Theme;

const WIDTHS: [u16; 2] = [80, 40];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(name)
}

/// `path` read and rendered at `width`; the post is named by its file name only, so
/// snapshots do not depend on where the checkout is.
fn render_file(path: &Path, width: u16) -> Document {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = Path::new(path.file_name().expect("a file name"));
    let post = Post::parse(name, String::from_utf8_lossy(&bytes).into_owned(), None);
    // As the app does: a first render lists the code blocks to colour, a second uses them.
    let theme = Theme::dark();
    let first = render_post(&post, width, &theme, &CodeColours::default());
    let mut colours = CodeColours::default();
    colours.extend(highlight::colour(first.uncoloured));
    let doc = render_post(&post, width, &theme, &colours);
    assert!(doc.uncoloured.is_empty());
    doc
}

/// The document drawn into a `TestBackend` exactly `width` columns wide, as tall as the
/// document.
fn draw(doc: &Document, width: u16) -> Buffer {
    let height = u16::try_from(doc.lines.len().max(1)).expect("a short document");
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| frame.render_widget(Paragraph::new(doc.lines.clone()), frame.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The screen's text, one row per line, trailing spaces trimmed.
fn screen(buffer: &Buffer) -> String {
    support::trimmed_text(buffer)
}

/// Every line of `doc` fits `width` columns.
fn assert_fits(doc: &Document, width: u16, what: &str) {
    for (i, line) in doc.lines.iter().enumerate() {
        let columns: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
        assert!(
            columns <= usize::from(width),
            "{what}: line {i} is {columns} columns at width {width}: {line:?}"
        );
    }
}

fn snapshot_fixture(name: &str) {
    for width in WIDTHS {
        let doc = render_file(&fixture(name), width);
        assert_fits(&doc, width, name);
        let stem = name.trim_end_matches(".md");
        insta::assert_snapshot!(format!("{stem}_{width}"), screen(&draw(&doc, width)));
    }
}

#[test]
fn headings_each_level_styled_and_wrapped() {
    snapshot_fixture("headings.md");
}

#[test]
fn paragraphs_inline_styles_smart_punctuation_and_cjk_wrapping() {
    snapshot_fixture("inline.md");
}

#[test]
fn block_quotes_nested_with_bars() {
    snapshot_fixture("quotes.md");
}

#[test]
fn lists_ordered_nested_and_tasks_hang_their_lines() {
    snapshot_fixture("lists.md");
}

#[test]
fn code_blocks_cut_not_wrapped_and_rules() {
    snapshot_fixture("code.md");
}

#[test]
fn tables_fit_the_width_align_and_wrap_cells() {
    snapshot_fixture("tables.md");
}

#[test]
fn footnotes_numbered_and_collected_at_the_end() {
    snapshot_fixture("footnotes.md");
}

#[test]
fn images_as_placeholders_links_numbered_and_listed() {
    snapshot_fixture("images-links.md");
}

#[test]
fn math_as_unicode_and_what_has_no_unicode_form_as_its_source() {
    snapshot_fixture("math.md");
}

#[test]
fn mermaid_diagrams_drawn_as_text_and_one_not_drawn_kept_as_code() {
    snapshot_fixture("mermaid.md");
}

#[test]
fn a_mermaid_diagram_is_its_source_until_drawn_off_the_ui_thread() {
    let text = "---\ntitle: D\n---\n\n```mermaid\ngraph LR\n  A --> B\n```\n";
    let post = Post::parse(Path::new("d.md"), text.to_string(), None);
    let first = render_post(&post, 60, &Theme::no_color(), &CodeColours::default());
    let lines: Vec<String> = first.lines.iter().map(ToString::to_string).collect();
    assert!(lines.iter().any(|l| l.trim() == "A --> B"), "{lines:?}");
    assert_eq!(
        first.uncoloured.len(),
        1,
        "asked to be drawn, colours or none"
    );
    let mut colours = CodeColours::default();
    colours.extend(highlight::colour(first.uncoloured));
    let drawn = render_post(&post, 60, &Theme::no_color(), &colours);
    let lines: Vec<String> = drawn.lines.iter().map(ToString::to_string).collect();
    assert!(lines.iter().any(|l| l.contains("│ A │")), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("-->")), "{lines:?}");
}

#[test]
fn raw_html_shown_as_text_without_scripts() {
    snapshot_fixture("html.md");
}

#[test]
fn a_figure_becomes_an_image_and_other_template_tags_are_shown_as_written() {
    snapshot_fixture("shortcodes.md");
}

/// One post from each corpus: Russian with Nunjucks tags and HTML, Chinese with a wide table
/// of emoji, Go with code, Rust with TOML front matter.
const CORPUS_POSTS: [(&str, &str); 4] = [
    (
        "chrome-ru-service-worker",
        "chrome-dev-large/posts/site/ru/docs/lighthouse/pwa/service-worker/index.md",
    ),
    (
        "otel-zh-trace-coverage",
        "otel-ja-zh/posts/content/zh/docs/demo/telemetry-features/trace-coverage.md",
    ),
    ("go-blog-gonew", "go-blog/posts/_content/blog/gonew.md"),
    (
        "rust-blog-1.56.1",
        "rust-blog-toml/posts/content/Rust-1.56.1.md",
    ),
];

#[test]
fn one_real_post_from_each_corpus() {
    let Some(corpora) = support::shared("corpora") else {
        return;
    };
    for (name, path) in CORPUS_POSTS {
        for width in WIDTHS {
            let doc = render_file(&corpora.join(path), width);
            assert_fits(&doc, width, path);
            insta::assert_snapshot!(format!("corpus_{name}_{width}"), screen(&draw(&doc, width)));
        }
    }
}

/// Whether `c` could drive a terminal: C0 and C1 controls, DEL, and the bidirectional
/// overrides and isolates.
fn is_dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(buffer: &Buffer, what: &str) {
    for (i, cell) in buffer.content().iter().enumerate() {
        assert!(
            !cell.symbol().chars().any(is_dangerous),
            "{what}: cell {i} holds {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn clipboard_writes_screen_clears_and_carriage_returns_never_reach_the_screen() {
    let bodies = [
        "Clipboard: \x1b]52;c;aGVsbG8=\x07 done.",
        "Clear: \x1b[2J and home \x1b[H after.",
        "Carriage\rreturn over text.",
        "# Heading \x1b]52;c;eA==\x07\n\n> quote \x1b[2J\n\n- item \r x\n\n| a\x1b[31m | b |\n|---|---|\n| \x07 | \u{9b}31m |\n\n```\n\x1b]52;c;aGk=\x07\n\x1b[2J\rcode\n```\n\n[link \x1b[5m](http://x/\x1b]52;c;aGk=\x07) and `code \x1b[2J`\n\n<b>\x1b[2J</b>\n",
    ];
    for body in bodies {
        for (front, title) in [
            ("---\ntitle: \"t\x1b[2J\"\n---\n", "front matter"),
            ("", "none"),
        ] {
            let post = Post::parse(Path::new("hostile.md"), format!("{front}{body}\n"), None);
            for width in WIDTHS {
                let doc = render_post(&post, width, &Theme::dark(), &CodeColours::default());
                assert_clean(&draw(&doc, width), title);
                for link in &doc.links {
                    assert!(!link.url.chars().any(is_dangerous), "{:?}", link.url);
                }
            }
        }
    }
    // The hostile fixture, with its raw bytes, likewise.
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/escapes.md");
    let doc = render_file(&hostile, 80);
    let shown = screen(&draw(&doc, 80));
    assert!(
        shown.contains("␛[2J"),
        "the escape is shown, made visible:\n{shown}"
    );
    assert_clean(&draw(&doc, 80), "escapes.md");
}

/// Pieces generated Markdown is made of: text in several scripts, combining marks, emoji
/// sequences, tabs, control characters and escape sequences, and Markdown's own marks.
const PIECES: &[&str] = &[
    "word ",
    "the quick brown fox ",
    "Заметки о чтении ",
    "中文字符没有空格",
    "日本語の文章",
    "e\u{301}\u{301} ",
    "👍🏽",
    "👨\u{200d}👩\u{200d}👧 ",
    "☺\u{fe0f}",
    "\u{fe0f}",
    "\t",
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\r",
    "\u{202e}",
    "\u{9b}",
    "\x08",
    "\0",
    "https://example.org/a/very/long/url/with/no/spaces/at/all/index.html",
    "supercalifragilisticexpialidocious",
    "**",
    "*",
    "_",
    "`",
    "~~",
    "[link](http://x.org/y)",
    "![img](i.png)",
    "|",
    " | ",
    "\n",
    "\n\n",
    " ",
    "    ",
    "# ",
    "## ",
    "> ",
    "> > > > ",
    "- ",
    "  - ",
    "1. ",
    "- [ ] ",
    "```\n",
    "```rust\n",
    "\n---\n",
    "{{< ",
    " >}}",
    "{% ",
    " %}",
    "<b>",
    "</b>",
    "<script>",
    "</script>",
    "<div>\n",
    "&amp;",
    "[^1]",
    "\n[^1]: note\n",
    "\n| a | b |\n|---|--:|\n| 中文 | cell text |\n",
    "\"",
    "'",
    "--",
    "...",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_line_is_wider_than_the_pane_and_no_control_character_survives(
        body in markdown(),
        width in 1u16..=120,
        front in prop::bool::ANY,
    ) {
        let text = if front {
            format!("---\ntitle: \"x\\u001b]52;c;eA==\\u0007\"\n---\n{body}")
        } else {
            body
        };
        let post = Post::parse(Path::new("generated.md"), text, None);
        let doc = render_post(&post, width, &Theme::dark(), &CodeColours::default());
        for (i, line) in doc.lines.iter().enumerate() {
            let columns: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
            prop_assert!(columns <= usize::from(width), "line {} is {} columns: {:?}", i, columns, line);
            for span in &line.spans {
                prop_assert!(!span.content.chars().any(is_dangerous), "{:?}", span.content);
            }
        }
        for span in &doc.link_spans {
            prop_assert!(span.line < doc.lines.len());
            prop_assert!(usize::from(span.column + span.width) <= usize::from(width));
        }
    }
}
