//! What site generators, vaults and MDX write beyond CommonMark, rewritten into the Markdown it
//! stands for before a post is parsed, in one pass per dialect: the generators' template syntax
//! ([`super::templates`]), Hugo and Zola shortcodes ([`super::shortcodes`]), MDX's
//! statements, comments and components ([`super::mdx`]), admonitions (`:::tip`, `!!! note`,
//! [`super::admonitions`]), callouts and GitHub's alerts ([`super::callouts`]), and Obsidian's
//! comments and block ids ([`super::vault`]). Every pass keeps each line where it was, so the
//! renderer's source map still points into the file; each borrows the text when it has nothing
//! to rewrite, so a plain post costs a few scans.

use std::borrow::Cow;

use pulldown_cmark::Options;

/// The parser options every reader of a post's rewritten Markdown parses it with, so they all
/// see the same headings and links: GitHub's tables and footnotes, heading attributes
/// (`{#id}`), and Obsidian's wikilinks and embeds. The renderer adds what changes only how
/// text looks (strikethrough, task lists, smart punctuation, math).
pub const PARSE_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_WIKILINKS);

/// One rewrite of the chain.
type Pass = fn(&str) -> Cow<'_, str>;

/// The passes, in the order they run.
const PASSES: [Pass; 6] = [
    super::templates::expand,
    super::shortcodes::expand,
    super::mdx::expand,
    super::admonitions::expand,
    super::callouts::expand,
    super::vault::expand,
];

/// `body` with every dialect above rewritten into CommonMark, line for line; borrowed when it
/// has none.
pub fn expand(body: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(body);
    for pass in PASSES {
        if let Cow::Owned(rewritten) = pass(&text) {
            text = Cow::Owned(rewritten);
        }
    }
    text
}
