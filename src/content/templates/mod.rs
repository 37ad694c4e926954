//! Template syntax of the site generators people use, rewritten into the Markdown it stands
//! for before a post is parsed, every line kept where it was (so line numbers still point
//! into the file). [`super::shortcodes`] does the same for Hugo and Zola shortcodes after this.
//!
//! - **Liquid (Jekyll) and Nunjucks (Eleventy)**, `{% … %}` and `{%- … -%}`:
//!   - callout blocks (`Aside`, `Note`, `Warning`, `Caution`, `Tip`, `Callout`, `Compare`…)
//!     become block quotes led by their kind in bold (`> **Caution:** …`);
//!   - `Details` becomes its summary (`DetailsSummary`) as a bold line, then its body;
//!   - image tags (`Img`, `image`, `img` with `src`/`alt`, or the source then the alt text)
//!     become images; video tags (`YouTube id=…`, `Video src=…`) become links;
//!   - `raw … endraw` is shown as written, `highlight LANG … endhighlight` as a code block;
//!   - other container tags (`Columns`, `Label`…: those with an `end…` in the post) vanish and
//!     keep their content; any other tag (`include`, `Partial`, `BrowserCompat`…) becomes a
//!     dim one-line reference, [`DIM_OPEN`] name and arguments [`DIM_CLOSE`];
//!   - `{# … #}` comments are hidden; `{{ var }}` is left for the renderer, which dims it.
//! - **Go's present and blog syntax**: `` {{raw `…`}} `` becomes a code block (its lines
//!   unindented by one tab); `{{image "x"}}` an image; `{{video "url"}}` a link; `{{code "f"}}`
//!   and `{{play "f"}}` a dim reference to the file.
//! - **kramdown attribute lists**: `{: #id .class}` after a heading becomes its anchor
//!   (`{#id}`, which the Markdown parser reads); `{:toc}` and other lists are removed.
//!
//! Liquid and Nunjucks tags are expanded inside fenced code blocks too, as the generators
//! expand them before Markdown is read (`{% raw %}` is how a post shows one); nothing else
//! changes there.

mod syntax;
mod tag;

use std::borrow::Cow;

use syntax::{go_call, kramdown};
use tag::{find_tag, tag_at};

/// Opens a span the renderer shows dimmed, without the marker (a private-use character, never
/// in real text).
pub const DIM_OPEN: char = '\u{E000}';
/// Closes a [`DIM_OPEN`] span.
pub const DIM_CLOSE: char = '\u{E001}';

/// A tag is looked for over at most this many lines.
const MAX_TAG_LINES: usize = 20;

/// Whether `line`'s last `{%` is not closed on it.
fn opens_a_tag(line: &str) -> bool {
    line.rfind("{%")
        .is_some_and(|at| !line[at..].contains("%}"))
}

/// Tag names (lower case) that are callouts: an aside to the text, with a kind.
const CALLOUTS: [&str; 11] = [
    "aside",
    "note",
    "warning",
    "caution",
    "tip",
    "callout",
    "alert",
    "notice",
    "info",
    "compare",
    "important",
];

/// Tag names (lower case) that are images.
const IMAGES: [&str; 3] = ["img", "image", "figure"];

/// Where the line-by-line rewrite is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Text,
    /// Inside a fenced code block of the post: its fence character and length.
    Fence(char, usize),
    /// Inside Go's `` {{raw ` ``: until `` `}} ``.
    GoRaw,
    /// Inside `{% raw %}`: until `{% endraw %}`.
    LiquidRaw,
    /// Inside `{% highlight %}`: until `{% endhighlight %}`.
    Highlight,
    /// Inside `{# … #}`: until `#}`.
    Comment,
}

/// `body` with the template syntax above rewritten; borrowed when it has none.
pub fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains("{%") && !body.contains("{{") && !body.contains("{#") && !body.contains("{:")
    {
        return Cow::Borrowed(body);
    }
    let mut rewriter = Rewriter {
        mode: Mode::Text,
        quote: false,
        summary: false,
        html: false,
        comments: body.contains("#}"),
        containers: containers(body),
    };
    let mut out = String::with_capacity(body.len() + 64);
    // A tag written over several lines (`{% Img\n src="…"\n %}`): its lines, held until it
    // closes, then rewritten as one, the lines it took left blank.
    let mut held: Vec<&str> = Vec::new();
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if held.is_empty() && (rewriter.mode != Mode::Text || !opens_a_tag(text)) {
            out.push_str(&rewriter.line(text));
            out.push_str(&line[text.len()..]);
            continue;
        }
        held.push(line);
        let closed = !opens_a_tag(&held.concat().replace(['\n', '\r'], " "));
        if closed || held.len() > MAX_TAG_LINES {
            let lines = std::mem::take(&mut held);
            if closed {
                let joined: Vec<&str> = lines
                    .iter()
                    .map(|l| l.trim_end_matches(['\n', '\r']).trim())
                    .collect();
                let indent = &lines[0][..lines[0].len() - lines[0].trim_start().len()];
                out.push_str(indent);
                out.push_str(&rewriter.line(&joined.join(" ")));
                out.push('\n');
                // The lines the tag took hold an empty dim span, not nothing: a blank line
                // would end the paragraph or HTML block the tag stands in.
                for _ in 2..lines.len() {
                    out.push_str(&rewriter.quoted(format!("{indent}{DIM_OPEN}{DIM_CLOSE}")));
                    out.push('\n');
                }
                if lines.len() > 1 {
                    out.push_str(&rewriter.quoted(format!("{indent}{DIM_OPEN}{DIM_CLOSE}")));
                }
                // The last line's own ending (none at the end of the file).
                if lines[lines.len() - 1].ends_with('\n') {
                    out.push('\n');
                }
            } else {
                for line in lines {
                    let text = line.trim_end_matches(['\n', '\r']);
                    out.push_str(&rewriter.line(text));
                    out.push_str(&line[text.len()..]);
                }
            }
        }
    }
    for line in held {
        out.push_str(line);
    }
    if out == body {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(out)
    }
}

/// The lower-case names `x` for which the body has an `{% endx %}`: container tags.
fn containers(body: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("{%") {
        rest = &rest[at + 2..];
        let inner = rest.trim_start_matches(['-', ' ']);
        if let Some(name) = inner.strip_prefix("end") {
            let name: String = name
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let name = name.to_lowercase();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

struct Rewriter {
    mode: Mode,
    /// Inside a callout: lines are quoted.
    quote: bool,
    /// Inside a `DetailsSummary`: lines are bold.
    summary: bool,
    /// The post closes a comment (`#}`) somewhere, so `{# ` may open one.
    comments: bool,
    /// Inside a raw HTML block (CommonMark 4.6: from a line opening with a tag to a blank
    /// line), where Markdown is not read: an image is written as HTML there.
    html: bool,
    containers: Vec<String>,
}

/// `caution` → `Caution`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A dim reference to `text`: quotes dropped, as a reader needs only the names.
fn dim(text: &str) -> String {
    format!(
        "{DIM_OPEN}{}{DIM_CLOSE}",
        text.replace(['"', '\''], "").trim()
    )
}

/// `<br>` and spaces around a summary's text.
fn trim_breaks(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        for br in ["<br>", "<br/>", "<br />"] {
            text = text.trim_start_matches(br).trim_end_matches(br).trim();
        }
        if text == before {
            return text;
        }
    }
}

impl Rewriter {
    fn line(&mut self, line: &str) -> String {
        match self.mode.clone() {
            Mode::Fence(c, len) => {
                if fence_of(line).is_some_and(|(x, n)| x == c && n >= len)
                    && line.trim().chars().all(|x| x == c)
                {
                    self.mode = Mode::Text;
                }
                // Liquid and Nunjucks run before Markdown, so their tags are expanded in code
                // blocks too (a post shows one there with `{% raw %}`).
                let quoting = self.quote;
                let text = self.text(line);
                return if quoting && !text.starts_with('>') {
                    format!("> {text}")
                } else {
                    text
                };
            }
            Mode::GoRaw => {
                let (code, closed) = match line.find("`}}") {
                    Some(at) => (&line[..at], true),
                    None => (line, false),
                };
                let code = code.strip_prefix('\t').unwrap_or(code);
                if closed {
                    self.mode = Mode::Text;
                    // The closing mark on a line of its own becomes the closing fence.
                    return if code.trim().is_empty() {
                        "```".to_string()
                    } else {
                        format!("{code} ```")
                    };
                }
                return code.to_string();
            }
            Mode::LiquidRaw | Mode::Highlight => {
                let end = if self.mode == Mode::LiquidRaw {
                    "endraw"
                } else {
                    "endhighlight"
                };
                if let Some((at, len)) = find_tag(line, end) {
                    let closing = if self.mode == Mode::Highlight {
                        "```"
                    } else {
                        ""
                    };
                    self.mode = Mode::Text;
                    let rest = self.text(&line[at + len..]);
                    return format!("{}{closing}{rest}", &line[..at]);
                }
                return line.to_string();
            }
            Mode::Comment => match line.find("#}") {
                Some(at) => {
                    self.mode = Mode::Text;
                    return self.text(&line[at + 2..]);
                }
                None => return String::new(),
            },
            Mode::Text => {}
        }
        if let Some((c, len)) = fence_of(line) {
            self.mode = Mode::Fence(c, len);
            return self.quoted(line.to_string());
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.html = false;
        } else if trimmed.starts_with('<')
            && trimmed[1..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            self.html = true;
        }
        // Go: a raw block opens on its own line.
        if let Some(rest) = trimmed.strip_prefix("{{raw `") {
            return match rest.find("`}}") {
                Some(at) => format!("`{}`", &rest[..at]),
                None => {
                    self.mode = Mode::GoRaw;
                    if rest.trim().is_empty() {
                        "```".to_string()
                    } else {
                        format!("```\n{rest}")
                    }
                }
            };
        }
        if let Some(go) = go_call(trimmed) {
            return go;
        }
        // Liquid `{% highlight go %}` on its own line opens a code block.
        if let Some((tag, len)) = tag_at(trimmed)
            && len == trimmed.len()
            && tag.lower() == "highlight"
        {
            self.mode = Mode::Highlight;
            let language = tag.args.split_whitespace().next().unwrap_or_default();
            return format!("```{language}");
        }
        let text = self.text(line);
        let text = kramdown(&text);
        // A summary's lines are bold, unless one is a heading already.
        if self.summary
            && !text.trim().is_empty()
            && !text.contains("**")
            && !text.trim_start().starts_with('#')
        {
            return format!("**{}**", trim_breaks(&text));
        }
        self.quoted(text)
    }

    /// Where a Nunjucks/Jinja comment opens in `text`: `{#` then a space or `-` (so a heading
    /// anchor, `{#id}`, is not one), in a post that closes one somewhere.
    fn comment_at(&self, text: &str) -> Option<usize> {
        if !self.comments {
            return None;
        }
        let mut from = 0;
        while let Some(at) = text[from..].find("{#") {
            let at = from + at;
            if text[at + 2..].starts_with(|c: char| c.is_whitespace() || c == '-')
                || text.len() == at + 2
            {
                return Some(at);
            }
            from = at + 2;
        }
        None
    }

    /// A line inside a callout gets its `> `.
    fn quoted(&self, line: String) -> String {
        if self.quote && !line.starts_with('>') {
            format!("> {line}")
        } else {
            line
        }
    }

    /// Rewrites the Liquid tags and comments in running text.
    fn text(&mut self, line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        loop {
            let next = [rest.find("{%"), self.comment_at(rest)]
                .into_iter()
                .flatten()
                .min();
            let Some(at) = next else {
                out.push_str(rest);
                return out;
            };
            out.push_str(&rest[..at]);
            let from = &rest[at..];
            // Hugo's `{{% shortcode %}}` is not a Liquid tag.
            if rest[..at].ends_with('{') {
                out.push_str("{%");
                rest = &from[2..];
                continue;
            }
            if from.starts_with("{#") {
                match from.find("#}") {
                    Some(end) => rest = &from[end + 2..],
                    None => {
                        self.mode = Mode::Comment;
                        return out;
                    }
                }
                continue;
            }
            let Some((tag, len)) = tag_at(from) else {
                out.push_str(from);
                return out;
            };
            rest = &from[len..];
            // A doubled closer (`{% Img … %} %}`), a slip the page would show: dropped.
            if let Some(after) = rest.trim_start().strip_prefix("%}") {
                rest = after;
            }
            let lower = tag.lower();
            match lower.as_str() {
                "raw" => {
                    // The rest of the line, and the lines up to `endraw`, as written.
                    if let Some((end, end_len)) = find_tag(rest, "endraw") {
                        out.push_str(&rest[..end]);
                        rest = &rest[end + end_len..];
                        continue;
                    }
                    self.mode = Mode::LiquidRaw;
                    out.push_str(rest);
                    return out;
                }
                "details" | "enddetails" => {}
                "detailssummary" => match find_tag(rest, "enddetailssummary") {
                    Some((end, end_len)) => {
                        let summary = trim_breaks(&rest[..end]);
                        if !summary.is_empty() {
                            out.push_str(&format!("**{summary}**"));
                        }
                        rest = &rest[end + end_len..];
                    }
                    None => self.summary = true,
                },
                "enddetailssummary" => self.summary = false,
                name if CALLOUTS.contains(&name) => {
                    let kind = tag
                        .positional()
                        .first()
                        .cloned()
                        .or_else(|| tag.named("type"))
                        .unwrap_or_else(|| if name == "aside" { "note" } else { name }.into());
                    let label = format!("**{}:** ", capitalised(&kind));
                    if out.trim().is_empty() {
                        out = format!("> {label}");
                    } else {
                        out.push_str(&label);
                    }
                    self.quote = true;
                }
                name if name
                    .strip_prefix("end")
                    .is_some_and(|n| CALLOUTS.contains(&n)) =>
                {
                    self.quote = false;
                }
                name if IMAGES.contains(&name) => {
                    let positional = tag.positional();
                    let src = tag
                        .named("src")
                        .or_else(|| positional.first().cloned())
                        .unwrap_or_default();
                    let alt = tag
                        .named("alt")
                        .or_else(|| positional.get(1).cloned())
                        .unwrap_or_default();
                    // Inside HTML (`<figure>{% Img %}`) an image is written as HTML.
                    if self.html {
                        out.push_str(&format!(
                            "<img src=\"{}\" alt=\"{}\">",
                            src.replace('"', "&quot;"),
                            alt.replace('"', "&quot;")
                        ));
                    } else {
                        out.push_str(&format!(
                            "![{}]({})",
                            alt.replace(['[', ']'], ""),
                            src.replace(' ', "%20")
                        ));
                    }
                }
                "youtube" => {
                    let id = tag
                        .named("id")
                        .or_else(|| tag.positional().first().cloned())
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "[YouTube video](https://www.youtube.com/watch?v={id})"
                    ));
                }
                "video" => {
                    let src = tag
                        .named("src")
                        .or_else(|| tag.positional().first().cloned())
                        .unwrap_or_default();
                    out.push_str(&format!("[video]({})", src.replace(' ', "%20")));
                }
                name if name.starts_with("end") || self.containers.iter().any(|c| c == name) => {}
                _ => out.push_str(&dim(&format!("{} {}", tag.name, tag.args))),
            }
        }
    }
}

/// A code fence line (CommonMark 4.5): up to three spaces, then three or more backticks or
/// tildes: the fence character and how many. Shared with [`super::shortcodes`].
pub fn fence_of(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = rest.chars().take_while(|&x| x == c).count();
    (len >= 3).then_some((c, len))
}

/// Follows a body's fenced code blocks line by line (CommonMark 4.5): a closing fence is the
/// opening one's character, at least as long.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Whether `line`, the next line of the body, is code: a fence, or a line inside a block.
    pub fn is_code(&mut self, line: &str) -> bool {
        match (self.open, fence_of(line)) {
            (None, Some(open)) => {
                self.open = Some(open);
                true
            }
            (Some((c, len)), Some((x, n))) if x == c && n >= len => {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        expand(text).lines().map(str::to_string).collect()
    }

    #[test]
    fn go_raw_blocks_become_code_blocks_line_for_line() {
        let text = "Before.\n\n{{raw `\n\ttype T struct {\n\t    A int\n\t}\n`}}\n\nAfter.\n";
        assert_eq!(
            lines(text),
            [
                "Before.",
                "",
                "```",
                "type T struct {",
                "    A int",
                "}",
                "```",
                "",
                "After."
            ]
        );
        assert_eq!(lines("{{raw `x := 1`}}"), ["`x := 1`"]);
    }

    #[test]
    fn go_images_videos_and_code_files() {
        assert_eq!(lines("{{image \"io/a b.jpg\" 800}}"), ["![](io/a%20b.jpg)"]);
        assert_eq!(
            lines("{{video \"https://v.example/x\"}}"),
            ["[video](https://v.example/x)"]
        );
        assert_eq!(
            lines("{{code \"slices/prog010.go\" `/START/` `/END/`}}"),
            [format!("{DIM_OPEN}code: slices/prog010.go{DIM_CLOSE}")]
        );
        // Zola's call, with parentheses, is left to the shortcode rewrite.
        assert_eq!(
            lines("{{ image(src=\"a.png\") }}"),
            ["{{ image(src=\"a.png\") }}"]
        );
    }

    #[test]
    fn nunjucks_images_asides_details_and_comments() {
        let text = "See {% Img src=\"image/a.png\", alt=\"Settings.\", width=\"800\" %} here.\n\n{% Aside 'caution' %} Mind the gap. {% endAside %}\n\n{% Aside %}\nTwo lines\nof aside.\n{% endAside %}\n\n{# a comment #}Text.\n{# spans\nlines #}\n{% Details %}\n{% DetailsSummary 'h3' %}\nWhy?\n{% endDetailsSummary %}\nBecause.\n{% endDetails %}\n";
        assert_eq!(
            lines(text),
            [
                "See ![Settings.](image/a.png) here.",
                "",
                "> **Caution:**  Mind the gap. ",
                "",
                "> **Note:** ",
                "> Two lines",
                "> of aside.",
                "",
                "",
                "Text.",
                "",
                "",
                "",
                "",
                "**Why?**",
                "",
                "Because.",
                ""
            ]
        );
    }

    #[test]
    fn other_tags_are_dim_references_or_vanish_around_their_content() {
        let text = "{% Partial 'extensions/mv2.md' %}\n{% Columns %}\nText.\n{% endColumns %}\n{% raw %}{{ kept }} {% also %}{% endraw %}\n";
        assert_eq!(
            lines(text),
            [
                format!("{DIM_OPEN}Partial extensions/mv2.md{DIM_CLOSE}"),
                String::new(),
                "Text.".into(),
                String::new(),
                "{{ kept }} {% also %}".into(),
            ]
        );
        assert_eq!(
            lines("<figure>{% Img src=\"a.png\", alt=\"A\" %}</figure>"),
            ["<figure><img src=\"a.png\" alt=\"A\"></figure>"]
        );
    }

    #[test]
    fn jekyll_highlight_and_kramdown_attribute_lists() {
        assert_eq!(
            lines("{% highlight go %}\nfunc f() {}\n{% endhighlight %}\n"),
            ["```go", "func f() {}", "```"]
        );
        assert_eq!(
            lines("## What's new {: #whats-new }\n* TOC\n{:toc}\nPara.\n{: .note}\n"),
            ["## What's new {#whats-new}", "* TOC", "", "Para.", ""]
        );
    }

    #[test]
    fn a_tag_over_several_lines_is_rewritten_on_its_first() {
        let text = "<figure>\n  {% Img\n    src=\"a.png\",\n    alt=\"A\"\n  %}\n</figure>\n";
        assert_eq!(
            lines(text),
            [
                "<figure>".to_string(),
                "  <img src=\"a.png\" alt=\"A\">".into(),
                format!("  {DIM_OPEN}{DIM_CLOSE}"),
                format!("  {DIM_OPEN}{DIM_CLOSE}"),
                format!("  {DIM_OPEN}{DIM_CLOSE}"),
                "</figure>".into()
            ]
        );
        // Never closed: the lines are kept as written.
        let open = format!("{{% Img\n{}", "x\n".repeat(30));
        assert_eq!(expand(&open), open);
    }

    #[test]
    fn in_code_blocks_only_liquid_tags_are_expanded_as_the_generators_do() {
        let text = "```\n{% Partial 'p' %}\n{% raw %}{% Img %}{% endraw %}\n{{raw `x`}}\n## H {: #h}\n```\n";
        assert_eq!(
            lines(text),
            [
                "```".to_string(),
                format!("{DIM_OPEN}Partial p{DIM_CLOSE}"),
                "{% Img %}".into(),
                "{{raw `x`}}".into(),
                "## H {: #h}".into(),
                "```".into()
            ]
        );
    }
}
