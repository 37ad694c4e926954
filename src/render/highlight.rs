//! Code blocks coloured by [syntect], with its bundled syntaxes (Sublime Text's defaults: Rust,
//! Python, Go, C, JavaScript, shell, YAML, HTML, SQL and ~70 more) and its `base16-ocean.dark`
//! theme. The syntaxes and themes are decompressed the first time a code block with a known
//! language is rendered (tens of ms), never for posts without one.
//!
//! [syntect]: https://docs.rs/syntect

use std::sync::LazyLock;

use ratatui::style::{Color, Modifier, Style};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

/// Read once, on first use, and never changed after.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEME: LazyLock<Option<Theme>> = LazyLock::new(|| {
    let mut themes = ThemeSet::load_defaults();
    themes.themes.remove("base16-ocean.dark")
});

/// A line of code as (style, text) pieces; the style has a foreground colour and bold, italic or
/// underline, never a background (the code block keeps its own).
pub type StyledLine = Vec<(Style, String)>;

/// Colours `lines` (a code block's lines, without their `\n`) as `language` (a fenced code
/// block's info string: its first word is looked up as a syntax name or file extension,
/// without regard to case: `rust`, `rs`, `Python`, `sh`). `None` when the language is empty or
/// unknown, or syntect fails on a line; the caller then shows the block plain.
pub fn highlight(lines: &[&str], language: &str) -> Option<Vec<StyledLine>> {
    let token = language.split([' ', ',', '{']).next()?.trim();
    if token.is_empty() {
        return None;
    }
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes.find_syntax_by_token(token)?;
    let theme = THEME.as_ref()?;
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut out = Vec::with_capacity(lines.len());
    let mut with_newline = String::new();
    for line in lines {
        with_newline.clear();
        with_newline.push_str(line);
        with_newline.push('\n');
        let pieces = highlighter.highlight_line(&with_newline, syntaxes).ok()?;
        let styled = pieces
            .into_iter()
            .map(|(style, text)| (to_ratatui(style), text.trim_end_matches('\n').to_string()))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        out.push(styled);
    }
    Some(out)
}

fn to_ratatui(style: syntect::highlighting::Style) -> Style {
    let fg = style.foreground;
    let mut out = Style::new().fg(Color::Rgb(fg.r, fg.g, fg.b));
    if style.font_style.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if style.font_style.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    if style.font_style.contains(FontStyle::UNDERLINE) {
        out = out.add_modifier(Modifier::UNDERLINED);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_colours_and_keep_their_text() {
        let lines = ["fn main() {", "    let x = \"hi\";", "}"];
        let styled = highlight(&lines, "rust").expect("rust is a default syntax");
        assert_eq!(styled.len(), 3);
        for (line, pieces) in lines.iter().zip(&styled) {
            let text: String = pieces.iter().map(|(_, t)| t.as_str()).collect();
            assert_eq!(&text, line);
        }
        let colours: std::collections::HashSet<_> =
            styled.iter().flatten().map(|(s, _)| s.fg).collect();
        assert!(colours.len() > 2, "{colours:?}");
    }

    #[test]
    fn extensions_and_case_are_accepted() {
        assert!(highlight(&["x = 1"], "PY").is_some());
        assert!(highlight(&["echo hi"], "sh").is_some());
        assert!(highlight(&["a: 1"], "yaml {linenos=true}").is_some());
    }

    #[test]
    fn unknown_or_missing_language_is_plain() {
        assert!(highlight(&["x"], "").is_none());
        assert!(highlight(&["x"], "no-such-language").is_none());
    }
}
