//! MDX (Docusaurus, Astro, Next.js): what a `.mdx` post holds beyond Markdown, read as its site
//! shows it. Line for line, outside fenced code:
//!
//! - top-level `import … from '…'` and `export const|default|function|let …` statements (up to
//!   the line that ends them) are blank lines;
//! - `{/* comments */}` are taken out (a heading's `{/* #id */}` becomes its `{#id}`, the
//!   anchor the site gives it);
//! - components on lines of their own: `<Tabs>`, `<Steps>` and other wrappers show their
//!   children; `<TabItem label="…">` is a labelled section (its label in bold); `<Admonition
//!   type>`, `<Aside>`, `<Callout>` are callouts ([`super::callouts`]); `<Image>` and `<Figure>`
//!   are images; a component with no children is a one-line reference (its name and
//!   attributes between [`super::templates::DIM_OPEN`] and `DIM_CLOSE`), which the renderer
//!   shows dimmed.
//!
//! Lower-case HTML (`<details>`, `<summary>`, `<div>`) is left to the renderer's HTML. No MDX
//! parser is needed for this: the rewrite is a line scan that costs a plain `.md` post one
//! search for `<`, `{/*`, `import` and `export` at a line's start.

use std::borrow::Cow;

use super::callouts::{push_quoted, title_line};
use super::templates::{DIM_CLOSE, DIM_OPEN, Fences};

/// Components read as callouts, and the attribute that names their type.
const CALLOUTS: [&str; 4] = ["Admonition", "Aside", "Callout", "Note"];

/// Components read as images.
const IMAGES: [&str; 3] = ["Image", "Figure", "Img"];

/// Whether `body` may hold MDX: a line starting with `import `, `export `, `<` and a capital
/// letter, or a `{/*` anywhere.
fn may_hold_mdx(body: &str) -> bool {
    body.contains("{/*")
        || body.lines().any(|line| {
            let t = line.trim_start();
            t.starts_with("import ")
                || t.starts_with("export ")
                || (t.starts_with('<')
                    && t[1..]
                        .trim_start_matches('/')
                        .starts_with(char::is_uppercase))
        })
}

/// Whether `line` starts an ES module statement MDX runs rather than shows.
fn starts_statement(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        return rest.starts_with(['\'', '"'])
            || (rest.starts_with(|c: char| c.is_alphanumeric() || "{*_$".contains(c))
                && (rest.contains(" from ") || !rest.contains(' ')));
    }
    line.strip_prefix("export ").is_some_and(|rest| {
        ["const ", "default", "function ", "let ", "async ", "{"]
            .iter()
            .any(|k| rest.trim_start().starts_with(k))
    })
}

/// Whether a statement that spans lines has ended with this line: its brackets balanced since
/// it started (`depth` carries the count), and no continuation.
fn statement_ends(line: &str, depth: &mut i32) -> bool {
    for c in line.chars() {
        match c {
            '{' | '(' | '[' => *depth += 1,
            '}' | ')' | ']' => *depth -= 1,
            _ => {}
        }
    }
    *depth <= 0 && !line.trim_end().ends_with([',', '=', '(', '{', '['])
}

/// A JSX tag alone on a line: its name, attributes text, whether it closes (`</X>`), and
/// whether it closes itself (`<X />`).
struct Tag<'a> {
    name: &'a str,
    attributes: &'a str,
    closing: bool,
    self_closing: bool,
}

/// The component tag that is the whole of `line` (a capitalised name), if it is one.
fn tag_of(line: &str) -> Option<Tag<'_>> {
    let t = line.trim();
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let (self_closing, inner) = match inner.strip_suffix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || inner.contains(['<', '>']) {
        return None;
    }
    Some(Tag {
        name,
        attributes: inner[name_len..].trim(),
        closing,
        self_closing,
    })
}

/// The value of attribute `key` in `attributes` (`key="v"`, `key='v'`, `key={"v"}`).
fn attribute<'a>(attributes: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attributes;
    while let Some(at) = rest.find(key) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + key.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start().trim_start_matches('{');
            let quote = value
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))?;
            let value = &value[1..];
            return value.find(quote).map(|end| &value[..end]);
        }
        rest = &rest[at + key.len()..];
    }
    None
}

/// `line` with its `{/* … */}` comments taken out (`in_comment` carries one over lines); a
/// heading's `{/* #id */}` becomes `{#id}`.
fn without_comments(line: &str, in_comment: &mut bool) -> String {
    let heading = line.trim_start().starts_with('#');
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("*/}") {
                Some(at) => {
                    rest = &rest[at + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        } else {
            match rest.find("{/*") {
                Some(at) => {
                    out.push_str(&rest[..at]);
                    let comment = &rest[at + 3..];
                    if heading
                        && let Some(end) = comment.find("*/}")
                        && let Some(id) = comment[..end].trim().strip_prefix('#')
                        && !id.is_empty()
                        && !id.contains(char::is_whitespace)
                    {
                        out.push_str(&format!("{{#{id}}}"));
                        rest = &comment[end + 3..];
                        continue;
                    }
                    rest = comment;
                    *in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return if heading {
                        out.trim_end().to_string()
                    } else {
                        out
                    };
                }
            }
        }
    }
}

/// `body` with its MDX rewritten (see the module documentation); borrowed when it has none.
pub fn expand(body: &str) -> Cow<'_, str> {
    if !may_hold_mdx(body) {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut fences = Fences::default();
    let mut changed = false;
    let mut in_comment = false;
    // Inside a statement that spans lines: its bracket depth.
    let mut statement: Option<i32> = None;
    // The callout components open, innermost last.
    let mut callouts: Vec<&str> = Vec::new();
    let mut previous_blank = true;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let end = &line[text.len()..];
        let quotes = "> ".repeat(callouts.len());
        let blank = text.trim().is_empty();
        // A line of prose, whose `{expressions}` are dimmed.
        let mut prose = false;
        let rewritten: Option<String> = if let Some(depth) = &mut statement {
            if statement_ends(text, depth) {
                statement = None;
            }
            Some(String::new())
        } else if in_comment {
            Some(without_comments(text, &mut in_comment))
        } else if fences.is_code(text) {
            None
        } else if previous_blank && callouts.is_empty() && starts_statement(text) {
            let mut depth = 0;
            if !statement_ends(text, &mut depth) {
                statement = Some(depth);
            }
            Some(String::new())
        } else if let Some(tag) = tag_of(text) {
            Some(component(&tag, &quotes, &mut callouts))
        } else if text.contains("{/*") {
            Some(without_comments(text, &mut in_comment))
        } else {
            prose = true;
            dim_expressions(text)
        };
        // A statement's lines read as blank: the next statement may follow at once.
        previous_blank = blank || (rewritten.as_deref() == Some("") && callouts.is_empty());
        changed |= rewritten.is_some();
        match rewritten {
            // A line emptied inside a callout component keeps its quote open.
            Some(new) if new.is_empty() && !callouts.is_empty() => {
                push_quoted(&mut out, &quotes, "", end);
            }
            Some(new) if prose && !callouts.is_empty() => {
                push_quoted(&mut out, &quotes, new.trim_start(), end);
            }
            Some(new) => {
                out.push_str(&new);
                out.push_str(end);
            }
            None if callouts.is_empty() => out.push_str(line),
            None => push_quoted(&mut out, &quotes, text.trim_start(), end),
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(body)
    }
}

/// `line` with its JSX expressions (`{props.title}`, `{2 + 2}`) dimmed, braces and all
/// (between [`DIM_OPEN`] and [`DIM_CLOSE`]); `None` when it has none. An expression opens a line
/// or follows a space, `>` or `(`, and closes on the same line; inline code, math and what other
/// syntax writes in braces (`{#id}`, `{{ }}`, `{% %}`, `{/* */}`) are left alone.
fn dim_expressions(line: &str) -> Option<String> {
    if !line.contains('{') {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut in_math = false;
    let mut previous = ' ';
    let mut rest = line;
    let mut dimmed = false;
    while let Some(c) = rest.chars().next() {
        match c {
            '`' => in_code = !in_code,
            '$' if !in_code => in_math = !in_math,
            '{' if !in_code
                && !in_math
                && (previous.is_whitespace() || matches!(previous, '>' | '('))
                && !rest[1..].starts_with(['#', '{', '%', '/', '}']) =>
            {
                if let Some(len) = closing_brace(rest) {
                    out.push(DIM_OPEN);
                    out.push_str(&rest[..len]);
                    out.push(DIM_CLOSE);
                    previous = '}';
                    rest = &rest[len..];
                    dimmed = true;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        previous = c;
        rest = &rest[c.len_utf8()..];
    }
    dimmed.then_some(out)
}

/// The length in bytes of the braced expression `text` starts with (`{a + {b}}`), when it
/// closes on this line.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// What a component's line becomes (see the module documentation); `callouts` follows the
/// callout components open.
fn component<'a>(tag: &Tag<'a>, quotes: &str, callouts: &mut Vec<&'a str>) -> String {
    if CALLOUTS.contains(&tag.name) {
        if tag.closing {
            if callouts.last() == Some(&tag.name) {
                callouts.pop();
            }
            return "> ".repeat(callouts.len()).trim_end().to_string();
        }
        let kind = attribute(tag.attributes, "type")
            .or_else(|| attribute(tag.attributes, "variant"))
            .unwrap_or("note");
        let title = attribute(tag.attributes, "title").unwrap_or("");
        if !tag.self_closing {
            callouts.push(tag.name);
        }
        return title_line(&format!("{quotes}> "), kind, title);
    }
    if tag.closing {
        return String::new();
    }
    if IMAGES.contains(&tag.name) {
        let src = attribute(tag.attributes, "src").unwrap_or("");
        let alt = attribute(tag.attributes, "alt")
            .or_else(|| attribute(tag.attributes, "caption"))
            .unwrap_or("");
        return format!("{quotes}![{alt}]({src})");
    }
    if tag.name == "TabItem" || tag.name == "Tab" {
        let label = attribute(tag.attributes, "label")
            .or_else(|| attribute(tag.attributes, "value"))
            .unwrap_or(tag.name);
        return format!("{quotes}**{label}**");
    }
    if tag.self_closing {
        let shown = if tag.attributes.is_empty() {
            tag.name.to_string()
        } else {
            format!("{} {}", tag.name, tag.attributes)
        };
        return format!("{quotes}{DIM_OPEN}{shown}{DIM_CLOSE}");
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn lines(body: &str) -> Vec<String> {
        crate::content::testing::rewritten_lines(expand, body)
    }

    #[test]
    fn statements_and_comments_are_hidden_line_for_line() {
        let l = lines(
            "import Tabs from '@theme/Tabs';\nexport const meta = {\n  a: 1,\n};\n\nText {/* hidden */} shown.\n{/* truncate */}\n## Heading {/* #my-id */}\n{/*\nlong\n*/}\n```js\nimport x from 'y';\n```\n",
        );
        assert_eq!(&l[..4], ["", "", "", ""]);
        assert_eq!(l[5], "Text  shown.");
        assert_eq!(l[6], "");
        assert_eq!(l[7], "## Heading {#my-id}");
        assert_eq!(&l[8..11], ["", "", ""]);
        assert_eq!(l[12], "import x from 'y';", "code stays as written");
    }

    #[test]
    fn components_show_their_children_as_markdown() {
        let l = lines(
            "<Tabs groupId=\"os\">\n  <TabItem value=\"android\" label=\"Android\">\n  Use **adb**.\n  </TabItem>\n</Tabs>\n\n<Admonition type=\"warning\" title=\"Careful\">\nThe *body*.\n\n- a list\n</Admonition>\n\n<Image src=\"/img/a.png\" alt=\"A chart\" />\n<IframeWindow url=\"/x\" />\n",
        );
        assert_eq!(l[0], "");
        assert_eq!(l[1], "**Android**");
        assert_eq!(l[2], "  Use **adb**.");
        assert_eq!((l[3].as_str(), l[4].as_str()), ("", ""));
        assert_eq!(l[6], "> **\u{E012}⚠ Careful**  ");
        assert_eq!(l[7], "> The *body*.");
        assert_eq!(l[8], ">");
        assert_eq!(l[9], "> - a list");
        assert_eq!(l[10], "");
        assert_eq!(l[12], "![A chart](/img/a.png)");
        assert_eq!(l[13], "\u{E000}IframeWindow url=\"/x\"\u{E001}");
        assert!(matches!(
            expand("# Plain\n\nA <b>post</b> with x < y.\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn expressions_are_dimmed_but_not_code_math_or_other_braces() {
        let l = lines(
            "import X from 'x';\n\nThe year is {new Date().getFullYear()} and `{code}`.\n$\\frac{a}{b}$ {#id} {{ hugo }}\n```js\nconst a = {b};\n```\n",
        );
        assert_eq!(
            l[2],
            "The year is \u{E000}{new Date().getFullYear()}\u{E001} and `{code}`."
        );
        assert_eq!(l[3], "$\\frac{a}{b}$ {#id} {{ hugo }}");
        assert_eq!(l[5], "const a = {b};");
    }
}
