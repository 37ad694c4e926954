//! A post's title and one-line text fields as shown: whitespace made one line, control
//! characters made visible, HTML character references decoded; and the title a post without
//! one in its front matter is given, from its first line, the heading it opens with, or its
//! file name.

use std::path::Path;

/// Collapses whitespace runs (newlines included) to one space and makes control characters visible.
pub(super) fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::text::sanitize(&joined).into_owned()
}

/// A front matter text (a title, a description) as a browser shows it: HTML character
/// references decoded (`Chrome&nbsp;119` → `Chrome 119`, `&amp;` → `&`; HTML's named and
/// numeric references, as Eleventy and Jekyll pages write them and their templates output
/// them), then made one line.
pub(super) fn text_field(s: &str) -> String {
    if s.contains('&') {
        one_line(&html_escape::decode_html_entities(s))
    } else {
        one_line(s)
    }
}

/// The first non-empty line of a body, as a title.
pub(super) fn first_line(body: &str) -> Option<String> {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(one_line(line))
}

/// The text of the ATX heading (`# Title`, CommonMark 4.2) a body opens with, without its
/// marks: a note is titled by its heading only when nothing comes before it but blank lines,
/// HTML comments, MDX `import`/`export` lines and an image or badge line; otherwise by its
/// file name, as Obsidian titles notes. With `anywhere`, the first ATX heading outside fenced
/// code, wherever it is. A quick line scan: parsing the whole body for every post would slow
/// loading.
pub(super) fn opening_heading(body: &str, anywhere: bool) -> Option<String> {
    let mut comment = false;
    let mut fences = super::templates::Fences::default();
    for line in body.lines() {
        let trimmed = line.trim();
        if comment {
            comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with("<!--") {
            comment = !trimmed.contains("-->");
            continue;
        }
        let preamble = trimmed.is_empty()
            || trimmed.starts_with("import ")
            || trimmed.starts_with("export ")
            || trimmed.starts_with("![")
            || trimmed.starts_with("[![");
        if preamble {
            continue;
        }
        if !anywhere {
            return atx_heading(line);
        }
        if !fences.is_code(line)
            && let Some(text) = atx_heading(line)
        {
            return Some(text);
        }
    }
    None
}

/// The text of `line` when it is an ATX heading with text (CommonMark 4.2), without its marks.
fn atx_heading(line: &str) -> Option<String> {
    if line.len() - line.trim_start().len() > 3 {
        return None;
    }
    let trimmed = line.trim();
    let marks = trimmed.bytes().take_while(|&b| b == b'#').count();
    let rest = &trimmed[marks..];
    if !(1..=6).contains(&marks) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    // A heading's character references are its text (CommonMark 6.2).
    Some(text_field(rest.trim().trim_end_matches('#').trim_end())).filter(|t| !t.is_empty())
}

/// A title from a file name: `my-post.md` → `my-post`; `my-post/index.md` → `my-post`.
pub(super) fn title_from_path(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let named = if matches!(stem, "index" | "_index" | "README") {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    let title = one_line(named);
    if title.is_empty() {
        "(untitled)".to_string()
    } else {
        title
    }
}
