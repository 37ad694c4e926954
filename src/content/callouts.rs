//! Callouts: GitHub's alerts (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]`,
//! `> [!CAUTION]`) and Obsidian's callouts (`> [!tip] A title`, folded with `-` or `+`, any of
//! Obsidian's types and aliases, nested in quotes). The marker line is rewritten as the callout's
//! title in bold after its type's glyph (`> **★ Tip**`), so the quote draws as a titled box and
//! `[!NOTE]` never shows raw; every other line stays as it is, where it is. A foldable callout
//! (`-`: folded, `+`: open) has [`FOLDED`] or [`UNFOLDED`] before its glyph, for the renderer,
//! which shows a folded one's title alone until the reader opens it. A folded callout is
//! shown open. Nothing changes inside fenced code.

use std::borrow::Cow;

use super::templates::Fences;

/// The colour family a callout type is drawn in (its bar and its title), as Obsidian and
/// GitHub colour them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Note, info, summary, todo: blue.
    Note,
    /// Tip, important, success: green.
    Tip,
    /// Warning, caution, question: yellow.
    Warning,
    /// Danger, failure, bug: red.
    Danger,
    /// Quote, example: grey.
    Quote,
}

impl Tone {
    const ALL: [Tone; 5] = [
        Tone::Note,
        Tone::Tip,
        Tone::Warning,
        Tone::Danger,
        Tone::Quote,
    ];

    /// The private-use character that marks a callout's title in this tone, for the renderer;
    /// never shown.
    pub fn mark(self) -> char {
        char::from_u32(0xE010 + self as u32).unwrap_or('\u{E010}')
    }

    /// The tone `c` marks, if it is a tone's mark.
    pub fn of_mark(c: char) -> Option<Tone> {
        Tone::ALL.into_iter().find(|t| t.mark() == c)
    }
}

/// Whether `c` is one of the marks callouts' titles carry ([`FOLDED`], [`UNFOLDED`],
/// [`Tone::mark`]), which are never shown.
pub fn is_mark(c: char) -> bool {
    c == FOLDED || c == UNFOLDED || Tone::of_mark(c).is_some()
}

/// A callout type's glyph, the title it shows without one, and its tone, by Obsidian's types
/// and their aliases (GitHub's five among them); an unknown type shows as a note, titled by its
/// name.
fn kind(name: &str) -> (&'static str, Option<&'static str>, Tone) {
    match name.to_lowercase().as_str() {
        "note" => ("✎", Some("Note"), Tone::Note),
        "abstract" | "summary" | "tldr" => ("≡", Some("Summary"), Tone::Note),
        "info" => ("ℹ", Some("Info"), Tone::Note),
        "todo" => ("☐", Some("Todo"), Tone::Note),
        "tip" | "hint" => ("★", Some("Tip"), Tone::Tip),
        "important" => ("★", Some("Important"), Tone::Tip),
        "success" | "check" | "done" => ("✔", Some("Success"), Tone::Tip),
        "question" | "help" | "faq" => ("?", Some("Question"), Tone::Warning),
        "warning" | "attention" => ("⚠", Some("Warning"), Tone::Warning),
        "caution" => ("⚠", Some("Caution"), Tone::Warning),
        "failure" | "fail" | "missing" => ("✘", Some("Failure"), Tone::Danger),
        "danger" | "error" => ("✘", Some("Danger"), Tone::Danger),
        "bug" => ("✘", Some("Bug"), Tone::Danger),
        "example" => ("◇", Some("Example"), Tone::Quote),
        "quote" | "cite" => ("❝", Some("Quote"), Tone::Quote),
        _ => ("✎", None, Tone::Note),
    }
}

/// The line rewritten when it opens a callout: its `>` marks, then the title in bold after the
/// glyph; `None` for any other line.
fn callout_line(line: &str) -> Option<String> {
    let quotes_end = line
        .char_indices()
        .find(|&(_, c)| c != '>' && !c.is_whitespace())
        .map(|(i, _)| i)?;
    let quotes = &line[..quotes_end];
    if !quotes.contains('>') {
        return None;
    }
    let rest = line[quotes_end..].strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = &rest[..close];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &rest[close + 1..];
    let title = after.trim_start_matches(['-', '+']).trim();
    Some(match after.chars().next() {
        Some('-') => foldable_title_line(quotes, name, title, false),
        Some('+') => foldable_title_line(quotes, name, title, true),
        _ => title_line(quotes, name, title),
    })
}

/// Marks a foldable callout's title folded (`> [!tip]- Title`): the renderer shows the title
/// alone until the reader opens it. A private-use character, never shown.
pub const FOLDED: char = '\u{E002}';
/// Marks a foldable callout's title open (`> [!tip]+ Title`).
pub const UNFOLDED: char = '\u{E003}';

/// [`title_line`] for a foldable callout, marked [`UNFOLDED`] when `open`, else [`FOLDED`].
pub(super) fn foldable_title_line(quotes: &str, name: &str, title: &str, open: bool) -> String {
    let mark = if open { UNFOLDED } else { FOLDED };
    title_line(quotes, name, title).replacen("**", &format!("**{mark}"), 1)
}

/// A callout's title line: its `quotes` (`> `, `> > `), then its title in bold after the glyph
/// of type `name` (see [`kind`]); an empty `title` is the type's own (`Tip`), or its name.
/// Shared with [`super::admonitions`].
pub(super) fn title_line(quotes: &str, name: &str, title: &str) -> String {
    let (glyph, default, tone) = kind(name);
    let title = if title.is_empty() {
        default.map_or_else(|| capitalized(name), str::to_string)
    } else {
        title.to_string()
    };
    // Two spaces: a hard line break (CommonMark 6.7), so the text under the title starts a
    // line of its own.
    format!("{quotes}**{}{glyph} {title}**  ", tone.mark())
}

/// Pushes line `text` of a callout's body (its line end `end` apart) under `quotes` (`> `,
/// `> > `); a blank one keeps the quote open with the marks alone. Shared with
/// [`super::admonitions`] and [`super::mdx`], whose bodies are not quoted as written.
pub(super) fn push_quoted(out: &mut String, quotes: &str, text: &str, end: &str) {
    if text.trim().is_empty() {
        out.push_str(quotes.trim_end());
    } else {
        out.push_str(quotes);
        out.push_str(text);
    }
    out.push_str(end);
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// `body` with each callout's marker line rewritten (see the module documentation); borrowed
/// when it has none.
pub fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains("[!") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 32);
    let mut fences = Fences::default();
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if !fences.is_code(text)
            && let Some(rewritten) = callout_line(text)
        {
            out.push_str(&rewritten);
            out.push_str(&line[text.len()..]);
            changed = true;
            continue;
        }
        out.push_str(line);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(body)
    }
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn github_alerts_and_obsidian_callouts_become_titled_quotes_line_for_line() {
        let body = "> [!NOTE]\n> A GitHub alert note.\n\n> [!tip]- Folded tip\n> Hidden text.\n\n> > [!faq] Nested\n> > Why?\n\n```\n> [!NOTE]\n```\n\n> [!custom-type]\n> x\n";
        let out = expand(body);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), body.lines().count(), "every line where it was");
        assert_eq!(lines[0], "> **\u{E010}✎ Note**  ");
        assert_eq!(lines[1], "> A GitHub alert note.");
        assert_eq!(
            lines[3], "> **\u{E002}\u{E011}★ Folded tip**  ",
            "marked folded"
        );
        assert_eq!(lines[6], "> > **\u{E012}? Nested**  ");
        assert_eq!(lines[10], "> [!NOTE]", "code stays as written");
        assert_eq!(lines[13], "> **\u{E010}✎ Custom-type**  ");
        assert!(matches!(
            expand("no callout [!x] here"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
