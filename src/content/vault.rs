//! Obsidian-flavoured Markdown (also Foam, Logseq and Quartz write it): what a vault's notes
//! hold beyond CommonMark, read as their authors see it in Obsidian.
//!
//! - `[[Note]]`, `[[Note|text]]`, `[[Note#Heading]]`, `[[Note#^block]]` are links (pulldown-cmark
//!   parses them, `Options::ENABLE_WIKILINKS`); [`wikilink_text`] is what one shows without a
//!   `|text` of its own.
//! - `![[picture.png|300]]` is an image, `![[Note#Heading]]` an embedded note ([`embed_kind`]).
//! - `%%comments%%` are hidden and `^block-id` markers at a line's end are dropped by [`expand`],
//!   which keeps every line where it was; [`block_line`] finds the line a `#^block` link names.
//! - `#tag` and `#nested/tag` in text are tags ([`inline_tags`]).

use std::borrow::Cow;

use super::templates::Fences;

/// What an embed `![[target]]` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedKind {
    /// A picture file (`png`, `jpg`, `jpeg`, `gif`, `webp`, `svg`, `bmp`, `avif`).
    Picture,
    /// A note, or a heading or block of one: shown inline.
    Note,
    /// Any other file (a PDF, a recording): shown as a link to it.
    File,
}

/// File extensions of pictures Obsidian draws in place.
const PICTURE_EXTENSIONS: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif"];

/// What `![[target]]` embeds: by the extension of the file it names (`#…` cut off); a name
/// with no extension, or `.md`, is a note.
pub fn embed_kind(target: &str) -> EmbedKind {
    let file = target.split('#').next().unwrap_or(target);
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if PICTURE_EXTENSIONS.contains(&e.as_str()) => EmbedKind::Picture,
        Some(e) if e == "md" || e == "markdown" || e == "mdx" => EmbedKind::Note,
        // `Note v1.2`: a dot in a note's name is not an extension unless it looks like one.
        Some(e) if e.len() <= 4 && e.chars().all(|c| c.is_ascii_alphanumeric()) => EmbedKind::File,
        _ => EmbedKind::Note,
    }
}

/// Whether an embed `![[target]]` is shown as a link to what it names (a note, a part of one,
/// a file) rather than drawn (a picture).
pub fn embed_is_link(target: &str) -> bool {
    embed_kind(target) != EmbedKind::Picture
}

/// What a wikilink with no `|text` shows, as Obsidian shows it: `Note`, `Note › Heading`, the
/// heading alone for a link inside the note (`[[#Heading]]`); a block id is not shown
/// (`[[Note#^abc]]` shows `Note`).
pub fn wikilink_text(target: &str) -> String {
    let mut parts = target.split('#').map(str::trim).filter(|p| !p.is_empty());
    let note = if target.trim_start().starts_with('#') {
        None
    } else {
        parts.next()
    };
    let headings: Vec<&str> = parts.filter(|p| !p.starts_with('^')).collect();
    let mut shown: Vec<&str> = note.into_iter().collect();
    shown.extend(headings);
    if shown.is_empty() {
        // `[[#^block]]`: a block of this note.
        return target.trim().trim_start_matches('#').to_string();
    }
    shown.join(" › ")
}

/// Whether `word` is a block id (`^abc-123`): `^`, then letters, digits and `-`.
fn is_block_id(word: &str) -> bool {
    word.strip_prefix('^').is_some_and(|id| {
        !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// The 0-based line of `body` that block id `id` (`^abc`, or `abc`) marks: the line that ends
/// with it, or, for a marker alone on its line (after a list, a table or a quote), the last
/// line with text before it.
pub fn block_line(body: &str, id: &str) -> Option<usize> {
    let marker = format!("^{}", id.trim_start_matches('^'));
    let lines: Vec<&str> = body.lines().collect();
    let at = lines.iter().position(|line| {
        let line = line.trim_end();
        line.strip_suffix(marker.as_str())
            .is_some_and(|before| before.is_empty() || before.ends_with(char::is_whitespace))
    })?;
    if lines[at].trim() == marker {
        return (0..at)
            .rev()
            .find(|&l| !lines[l].trim().is_empty())
            .or(Some(at));
    }
    Some(at)
}

/// Every block id marked in `body` (`^abc` ending a line), with its `^`.
pub fn block_ids(body: &str) -> Vec<String> {
    if !body.contains('^') {
        return Vec::new();
    }
    body.lines()
        .filter_map(|line| line.trim_end().rsplit(char::is_whitespace).next())
        .filter(|word| is_block_id(word))
        .map(str::to_string)
        .collect()
}

/// Where the first `%%` of `line` outside inline code (`` `%%` ``) is.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_code = false;
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&at| {
        if bytes[at] == b'`' {
            in_code = !in_code;
        }
        !in_code && bytes[at] == b'%' && bytes.get(at + 1) == Some(&b'%')
    })
}

/// `body` with Obsidian's comments (`%%…%%`, on one line or over several) and block id markers
/// (`^abc` ending a line) taken out, outside fenced code; every line stays where it was, so
/// the source map still points into the file. Borrowed when there is nothing to take out.
pub fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains("%%") && !body.contains('^') {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut fences = Fences::default();
    let mut in_comment = false;
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let end = &line[text.len()..];
        let untouched = !text.contains("%%") && !text.contains('^');
        if !in_comment && (fences.is_code(text) || untouched) {
            out.push_str(line);
            continue;
        }
        let mut kept = String::with_capacity(text.len());
        let mut rest = text;
        loop {
            if in_comment {
                match rest.find("%%") {
                    Some(at) => {
                        rest = &rest[at + 2..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match comment_start(rest) {
                    Some(at) => {
                        kept.push_str(&rest[..at]);
                        rest = &rest[at + 2..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        // A block id ends its line, after a space (or alone on it).
        let trimmed = kept.trim_end();
        let last = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
        if is_block_id(last) {
            let cut = trimmed.len() - last.len();
            kept.truncate(cut);
            let without = kept.trim_end().len();
            kept.truncate(without);
        }
        if kept != text {
            changed = true;
        }
        out.push_str(&kept);
        out.push_str(end);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(body)
    }
}

/// What a piece of a text run is, for the renderer (see [`pieces`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Plain,
    /// Between `==` and `==` (the marks dropped).
    Highlight,
    /// A `#tag`, `#` included.
    Tag,
}

/// Whether `c` may be part of a tag's name.
fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/')
}

/// The length in bytes of the tag name at the start of `rest` (after its `#`), when it is one
/// (see [`inline_tags`]).
fn tag_at(rest: &str) -> Option<usize> {
    let len = rest
        .char_indices()
        .find(|&(_, c)| !tag_char(c))
        .map_or(rest.len(), |(i, _)| i);
    let tag = rest[..len].trim_end_matches('/');
    (!tag.is_empty() && !tag.starts_with('/') && !tag.chars().all(|c| c.is_ascii_digit()))
        .then_some(tag.len())
}

/// A run of text (one of the parser's, outside code and links) cut into plain text, highlights
/// (`==text==`: the opening marks followed by, and the closing ones after, a character that is
/// not a space) and tags (`#tag` after a space or the start). Empty pieces are left out.
pub fn pieces(text: &str) -> Vec<(Piece, &str)> {
    let mut out = Vec::new();
    if !text.contains("==") && !text.contains('#') {
        out.push((Piece::Plain, text));
        return out;
    }
    let mut start = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < text.len() {
        if text[at..].starts_with("==")
            && text[at + 2..].starts_with(|c: char| !c.is_whitespace() && c != '=')
            && let Some(len) = text[at + 2..].find("==")
            && !text[..at + 2 + len].ends_with(char::is_whitespace)
        {
            out.push((Piece::Plain, &text[start..at]));
            out.push((Piece::Highlight, &text[at + 2..at + 2 + len]));
            at += len + 4;
            start = at;
            continue;
        }
        if bytes[at] == b'#'
            && text[..at]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
            && let Some(len) = tag_at(&text[at + 1..])
        {
            out.push((Piece::Plain, &text[start..at]));
            out.push((Piece::Tag, &text[at..at + 1 + len]));
            at += 1 + len;
            start = at;
            continue;
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    out.push((Piece::Plain, &text[start..]));
    out.retain(|(_, piece)| !piece.is_empty());
    out
}

/// The tags written in `body`'s text, in order, without duplicates: `#tag`, `#nested/tag`
/// after the start of a line or a space, made of letters, digits, `_`, `-` and `/`, with at
/// least one that is not a digit (Obsidian's rule: `#1984` is no tag). Headings (`# Title`),
/// fenced code, inline code and link targets are not read.
pub fn inline_tags(body: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    if !body.contains('#') {
        return tags;
    }
    let mut fences = Fences::default();
    for line in body.lines() {
        // A line of HTML (`<p style="color: #fff">`) holds no tags.
        if fences.is_code(line) || !line.contains('#') || line.trim_start().starts_with('<') {
            continue;
        }
        let mut in_code = false;
        let mut previous = ' ';
        for (at, c) in line.char_indices() {
            if c == '`' {
                in_code = !in_code;
            }
            if c == '#'
                && !in_code
                && previous.is_whitespace()
                && let Some(len) = tag_at(&line[at + 1..])
            {
                let tag = &line[at + 1..at + 1 + len];
                if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                    tags.push(tag.to_string());
                }
            }
            previous = c;
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_are_pictures_notes_or_files_by_what_they_name() {
        assert_eq!(embed_kind("image.png"), EmbedKind::Picture);
        assert_eq!(embed_kind("folder/Shot.JPG"), EmbedKind::Picture);
        assert_eq!(embed_kind("Note"), EmbedKind::Note);
        assert_eq!(embed_kind("Note#Heading"), EmbedKind::Note);
        assert_eq!(embed_kind("Note.md#^abc"), EmbedKind::Note);
        assert_eq!(embed_kind("Release v1.2 notes"), EmbedKind::Note);
        assert_eq!(embed_kind("paper.pdf"), EmbedKind::File);
    }

    #[test]
    fn a_wikilink_shows_its_note_and_heading_never_its_block_id() {
        assert_eq!(wikilink_text("Note"), "Note");
        assert_eq!(wikilink_text("folder/Note"), "folder/Note");
        assert_eq!(wikilink_text("Note#Heading"), "Note › Heading");
        assert_eq!(wikilink_text("Note#^abc"), "Note");
        assert_eq!(wikilink_text("#Heading"), "Heading");
        assert_eq!(wikilink_text("#^abc"), "^abc");
    }

    #[test]
    fn comments_and_block_ids_are_taken_out_line_for_line() {
        let body = "Text %%hidden%% shown, `%%` kept.\n%%\nmany\nlines\n%%\nA line ^abc-1\n- item\n\n^list\n```\n%%code%% ^x\n```\n";
        let out = expand(body);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), body.lines().count());
        assert_eq!(lines[0], "Text  shown, `%%` kept.");
        assert_eq!(&lines[1..5], ["", "", "", ""]);
        assert_eq!(lines[5], "A line");
        assert_eq!(lines[8], "");
        assert_eq!(lines[10], "%%code%% ^x", "code stays as written");
        assert!(matches!(expand("x^2 and 2^10"), Cow::Borrowed(_)));
        assert_eq!(block_line(body, "abc-1"), Some(5));
        assert_eq!(
            block_line(body, "^list"),
            Some(6),
            "alone: the block above it"
        );
        assert_eq!(block_line(body, "nope"), None);
    }

    #[test]
    fn a_text_run_is_cut_into_highlights_and_tags() {
        assert_eq!(
            pieces("A ==marked== word #tag/sub, a == b, C#, #42."),
            [
                (Piece::Plain, "A "),
                (Piece::Highlight, "marked"),
                (Piece::Plain, " word "),
                (Piece::Tag, "#tag/sub"),
                (Piece::Plain, ", a == b, C#, #42."),
            ]
        );
        assert_eq!(pieces("plain"), [(Piece::Plain, "plain")]);
    }

    #[test]
    fn tags_in_text_are_found_outside_code_headings_and_links() {
        let body = "# Heading\n\nSee #project/alpha and #todo, not C#, `#code`, #1984 or [x](#frag).\n```\n#fenced\n```\n<p style=\"color: #fff\">x</p>\n#Todo #last\n";
        assert_eq!(inline_tags(body), ["project/alpha", "todo", "last"]);
    }
}
