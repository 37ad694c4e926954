//! Code blocks coloured by [syntect], with its bundled syntaxes (Sublime Text's defaults: Rust,
//! Python, Go, C, JavaScript, shell, YAML, HTML, SQL and ~70 more) and its `base16-ocean.dark`
//! theme. The syntaxes and themes are read when a [`Highlighter`] is made, never for posts
//! without code.
//!
//! Colouring is slow (syntect with the pure-Rust regex engine takes ~0.3 ms a line: a post with
//! 2,000 lines of code takes over half a second), so it is kept off the render path: the
//! renderer shows a block plain until [`CodeColours`] has its colours, lists the blocks it
//! lacks in [`Document::uncoloured`](super::Document::uncoloured), and the app colours them on
//! a worker thread of its own and renders again. Colours depend only on a block's
//! language and text, not on the width, so a resize or an edit elsewhere in the post reuses them.
//!
//! A [`Highlighter`]'s memory grows with use: syntect compiles each of a syntax's regexes the
//! first time a line needs it, and each compiled regex keeps a search cache that grows with the
//! text it sees (tens of MiB over an hour of reading). So it is not a global: the app's
//! colouring worker makes one per job and drops it after.
//!
//! [syntect]: https://docs.rs/syntect

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

use crate::text::expand_tabs;

/// A line of code as (style, text) pieces; the style has a foreground colour and bold, italic or
/// underline, never a background (the code block keeps its own).
pub type StyledLine = Vec<(Style, String)>;

/// A fenced code block as written: its info string (`rust`, `py {linenos=true}`) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeBlock {
    pub info: String,
    pub code: String,
}

/// Colours found for code blocks: per block, its lines' colours, or `None` when its language is
/// unknown (so it is not tried again).
#[derive(Debug, Clone, Default)]
pub struct CodeColours {
    blocks: HashMap<CodeBlock, Option<Vec<StyledLine>>>,
}

impl CodeColours {
    /// What is known of `block`: `None` if it was never coloured; `Some(None)` if it cannot be.
    pub fn get(&self, block: &CodeBlock) -> Option<Option<&[StyledLine]>> {
        self.blocks.get(block).map(Option::as_deref)
    }

    /// Adds colours made by [`colour`].
    pub fn extend(&mut self, coloured: Vec<(CodeBlock, Option<Vec<StyledLine>>)>) {
        self.blocks.extend(coloured);
    }

    pub fn clear(&mut self) {
        self.blocks.clear();
    }
}

/// syntect's bundled syntaxes and the theme, with the regexes compiled so far (see the module
/// documentation for why it is not kept for ever).
#[derive(Debug)]
pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Option<Theme>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Reads the bundled syntaxes and theme (~1 ms; the regexes are compiled later, as lines need
    /// them: ~15 ms for a language's first block).
    pub fn new() -> Self {
        let mut themes = ThemeSet::load_defaults();
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme: themes.themes.remove("base16-ocean.dark"),
        }
    }

    /// Colours `blocks` (slow: run it off the UI thread). Each block's lines are split as the
    /// renderer splits them ([`code_lines`]). A Mermaid block is drawn instead
    /// ([`super::diagram::mermaid`]): its lines are the drawing's, unstyled (`None`: not drawn).
    pub fn colour(&self, blocks: Vec<CodeBlock>) -> Vec<(CodeBlock, Option<Vec<StyledLine>>)> {
        blocks
            .into_iter()
            .map(|block| {
                if super::diagram::is_mermaid(&block.info) {
                    // Drawn, not coloured: the drawing's lines, unstyled.
                    let drawn = super::diagram::mermaid(&block.code, None)
                        .ok()
                        .map(|lines| {
                            (lines.into_iter())
                                .map(|line| vec![(Style::default(), line)])
                                .collect()
                        });
                    return (block, drawn);
                }
                let lines = code_lines(&block.code);
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                let colours = self.highlight(&refs, &block.info);
                (block, colours)
            })
            .collect()
    }

    /// Colours `lines` (a code block's lines, without their `\n`) as `language` (a fenced code
    /// block's info string: its first word is looked up as a syntax name or file extension,
    /// without regard to case: `rust`, `rs`, `Python`, `sh`). `None` when the language is
    /// empty or unknown, or syntect fails on a line; the caller then shows the block plain.
    pub fn highlight(&self, lines: &[&str], language: &str) -> Option<Vec<StyledLine>> {
        let token = language.split([' ', ',', '{']).next()?.trim();
        if token.is_empty() {
            return None;
        }
        let syntaxes = &self.syntaxes;
        let syntax = syntaxes.find_syntax_by_token(token)?;
        let theme = self.theme.as_ref()?;
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
}

/// Colours `blocks` with a highlighter made for the purpose and dropped after: for one-off
/// work (`tidings show`); the app keeps one on its colouring worker instead.
pub fn colour(blocks: Vec<CodeBlock>) -> Vec<(CodeBlock, Option<Vec<StyledLine>>)> {
    Highlighter::new().colour(blocks)
}

/// A code block's lines as shown: the final newline dropped, `\r` before a newline dropped,
/// tabs expanded to stops every 4 columns.
pub fn code_lines(code: &str) -> Vec<String> {
    let body = code.strip_suffix('\n').unwrap_or(code);
    body.split('\n')
        .map(|raw| expand_tabs(raw.strip_suffix('\r').unwrap_or(raw)).into_owned())
        .collect()
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

    fn highlight(lines: &[&str], language: &str) -> Option<Vec<StyledLine>> {
        Highlighter::new().highlight(lines, language)
    }

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
