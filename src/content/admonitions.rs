//! Admonitions, rewritten as callouts ([`super::callouts`]): a quote under its type's glyph and
//! title in bold.
//!
//! - Fenced: `:::note`, `:::tip Title`, `:::tip[Title]`, `::: warning`, `:::danger{title="…"}`
//!   … `:::` (Docusaurus, VitePress, Pandoc's fenced divs, remark-directive). A fence of more
//!   colons closes only at as many (`::::tip` holds `:::note`), so they nest.
//! - Indented: MkDocs' `!!! note "Title"`, folded `??? note` and `???+ note`, whose body is the
//!   lines indented four spaces (or a tab) under it.
//!
//! The opening line becomes the title, every line of the body gets a `> ` in front (blank ones
//! too, so the quote holds together), and the closing fence becomes a blank line: every line
//! stays where it was. Nothing changes inside fenced code outside an admonition.

use std::borrow::Cow;

use super::callouts::{foldable_title_line, push_quoted, title_line};
use super::templates::Fences;

/// An opening fence: how many colons, the type, and the title (may be empty).
fn opening(line: &str) -> Option<(usize, &str, String)> {
    let trimmed = line.trim();
    let colons = trimmed.bytes().take_while(|&b| b == b':').count();
    if colons < 3 {
        return None;
    }
    let rest = trimmed[colons..].trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(name_len);
    if name.is_empty() {
        return None;
    }
    let after = after.trim();
    let title = if let Some(bracketed) = after.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or("").trim().to_string()
    } else if let Some(attributes) = after.strip_prefix('{') {
        // `{title="…"}` (remark-directive), else no title.
        attributes
            .split("title=")
            .nth(1)
            .map(|v| v.trim_start_matches(['"', '\'']))
            .and_then(|v| v.split(['"', '\'']).next())
            .unwrap_or("")
            .to_string()
    } else {
        after.trim_matches(['"', '\'']).to_string()
    };
    Some((colons, name, title))
}

/// A closing fence: colons alone, how many.
fn closing(line: &str) -> Option<usize> {
    let trimmed = line.trim();
    let colons = trimmed.bytes().take_while(|&b| b == b':').count();
    (colons >= 3 && colons == trimmed.len()).then_some(colons)
}

/// An MkDocs admonition's first line (`!!! note "Title"`, `??? tip`, `???+ tip`): its type,
/// title, and whether it folds (`???`: folded, `???+`: open).
fn mkdocs_opening(line: &str) -> Option<(&str, String, Option<bool>)> {
    let (fold, rest) = if let Some(rest) = line.strip_prefix("!!!") {
        (None, rest)
    } else if let Some(rest) = line.strip_prefix("???+") {
        (Some(true), rest)
    } else {
        (Some(false), line.strip_prefix("???")?)
    };
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    let (name, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = name.split(['{', '.']).next().unwrap_or(name);
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '-') {
        return None;
    }
    Some((name, title.trim().trim_matches('"').to_string(), fold))
}

/// `body` with its admonitions rewritten as callouts (see the module documentation); borrowed
/// when it has none.
pub fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains(":::") && !body.contains("!!! ") && !body.contains("??? ") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 64);
    let mut fences = Fences::default();
    // The colons of each open fenced admonition, outermost first.
    let mut open: Vec<usize> = Vec::new();
    // Inside an MkDocs admonition: its body is indented.
    let mut mkdocs = false;
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let end = &line[text.len()..];
        let quotes = "> ".repeat(open.len());
        if mkdocs {
            let indented = text
                .strip_prefix("    ")
                .or_else(|| text.strip_prefix('\t'));
            if indented.is_some() || text.trim().is_empty() {
                push_quoted(
                    &mut out,
                    &format!("{quotes}> "),
                    indented.unwrap_or(""),
                    end,
                );
                continue;
            }
            mkdocs = false;
        }
        let code = fences.is_code(text);
        if !code {
            if let Some(colons) = closing(text)
                && open.last().is_some_and(|&o| colons >= o)
            {
                open.pop();
                out.push_str(&"> ".repeat(open.len()));
                out.push_str(end);
                changed = true;
                continue;
            }
            if let Some((colons, name, title)) = opening(text) {
                out.push_str(&title_line(&format!("{quotes}> "), name, &title));
                out.push_str(end);
                open.push(colons);
                changed = true;
                continue;
            }
            if let Some((name, title, fold)) = mkdocs_opening(text) {
                let quotes = format!("{quotes}> ");
                out.push_str(&match fold {
                    Some(open) => foldable_title_line(&quotes, name, &title, open),
                    None => title_line(&quotes, name, &title),
                });
                out.push_str(end);
                mkdocs = true;
                changed = true;
                continue;
            }
        }
        if open.is_empty() {
            out.push_str(line);
        } else {
            push_quoted(&mut out, &quotes, text, end);
        }
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

    fn lines(body: &str) -> Vec<String> {
        crate::content::testing::rewritten_lines(expand, body)
    }

    #[test]
    fn fenced_admonitions_become_callouts_and_nest() {
        let body = ":::tip[Don't be afraid]\nText.\n\n```js\n:::\n```\n:::\n\n::::warning Outer\n:::note\nInner\n:::\n::::\n::: danger\nx\n:::\n";
        let l = lines(body);
        assert_eq!(l[0], "> **\u{E011}★ Don't be afraid**  ");
        assert_eq!(l[1], "> Text.");
        assert_eq!(l[2], ">", "a blank line keeps the quote");
        assert_eq!(l[4], "> :::", "a fence inside code is code");
        assert_eq!(l[6], "");
        assert_eq!(l[8], "> **\u{E012}⚠ Outer**  ");
        assert_eq!(l[9], "> > **\u{E010}✎ Note**  ");
        assert_eq!(l[10], "> > Inner");
        assert_eq!(l[11], "> ");
        assert_eq!(l[12], "");
        assert_eq!(l[13], "> **\u{E013}✘ Danger**  ");
    }

    #[test]
    fn mkdocs_admonitions_take_their_indented_body() {
        let l = lines(
            "!!! note \"Read this\"\n    Body one.\n\n    Body two.\nAfter.\n??? tip\n    Folded.\n",
        );
        assert_eq!(l[0], "> **\u{E010}✎ Read this**  ");
        assert_eq!(l[1], "> Body one.");
        assert_eq!(l[2], ">");
        assert_eq!(l[3], "> Body two.");
        assert_eq!(l[4], "After.");
        assert_eq!(l[5], "> **\u{E002}\u{E011}★ Tip**  ", "folded");
        assert_eq!(l[6], "> Folded.");
        assert!(matches!(expand("a: b\n"), std::borrow::Cow::Borrowed(_)));
    }
}
