//! How a post's body is read: Markdown, or plain text saved from the web, told by the file's
//! name, its front matter and Markdown's unmistakable marks.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// How a post's body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// CommonMark with GitHub's extensions.
    Markdown,
    /// Plain text (a page saved from the web): shown line for line, never read as Markdown, so
    /// a line of `====` or a leading `1.` stays as written.
    PlainText,
}

impl Format {
    /// Markdown unless the post is plain text: a file that is not named `.md`/`.markdown`, has no
    /// front matter, and has none of Markdown's unmistakable marks (an ATX heading, a code
    /// fence, a link or image `](`, `**strong**`, `` `code` ``). Weaker marks (a setext
    /// underline, `1.`, `- `) are common in plain text too, so they do not count.
    pub fn detect(path: &Path, has_front_matter: bool, body: &str) -> Format {
        let markdown_name = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["md", "markdown", "mdx"]
                .iter()
                .any(|m| e.eq_ignore_ascii_case(m))
        });
        if markdown_name || has_front_matter || looks_like_markdown(body) {
            Format::Markdown
        } else {
            Format::PlainText
        }
    }
}

/// Whether `body` has a mark only Markdown makes (see [`Format::detect`]).
fn looks_like_markdown(body: &str) -> bool {
    body.lines().any(|line| {
        let trimmed = line.trim_start();
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        let atx = (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ');
        atx || trimmed.starts_with("```")
            || trimmed.starts_with("~~~")
            || line.contains("](")
            || strong_pair(line)
            || code_pair(line)
    })
}

/// `**x**` or `__x__` on one line.
fn strong_pair(line: &str) -> bool {
    ["**", "__"].iter().any(|mark| {
        line.find(mark)
            .is_some_and(|i| line[i + 2..].find(mark).is_some_and(|j| j > 0))
    })
}

/// `` `x` `` on one line.
fn code_pair(line: &str) -> bool {
    line.find('`')
        .is_some_and(|i| line[i + 1..].find('`').is_some_and(|j| j > 0))
}
