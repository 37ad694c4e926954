//! Shortcodes, the template calls Hugo and Zola expand inside a post's Markdown, rewritten into
//! the Markdown they stand for before the post is parsed, so they read as what the site shows:
//!
//! - an image shortcode (Hugo `{{< figure src="…" caption="…" >}}`, Zola
//!   `{{ figure(src="…", caption="…") }}`, or any call named `figure`, `image`, `img` or
//!   `resize_image` with a `src` or `path`) becomes an image, `![caption](src)`;
//! - Hugo `{{< highlight go >}}` … `{{< /highlight >}}` becomes a fenced code block in `go`;
//! - Hugo `{{< ref "x" >}}` and `{{< relref "x" >}}` become the link target `x` (and a whole
//!   link, `[x](x)`, where they stand outside one), which [`crate::library::links`] resolves to a post.
//!
//! Every other shortcode is left as written, and the renderer shows it dimmed, name and all.
//! Nothing changes inside fenced code or inline code spans, nor in an escaped Hugo call
//! (`{{</* figure */>}}`), which is how posts about Hugo show a shortcode. The rewrite keeps
//! every line where it was, so line numbers still point into the file.

use std::borrow::Cow;

use super::templates::fence_of;

/// The names that mean an image.
const IMAGE_SHORTCODES: [&str; 4] = ["figure", "image", "img", "resize_image"];

/// `body` with the shortcodes above rewritten; borrowed when it has none.
pub fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains("{{") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    // The fence that opened the code block we are in: its character and length.
    let mut fence: Option<(char, usize)> = None;
    // Inside `{{< highlight >}}`: the code is kept as written until the closing call.
    let mut highlight = false;
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let end = &line[text.len()..];
        if highlight {
            if whole_line_call(text).is_some_and(|c| c.name == "/highlight") {
                out.push_str("```");
                out.push_str(end);
                highlight = false;
                changed = true;
            } else {
                out.push_str(line);
            }
            continue;
        }
        if let Some((c, len)) = fence_of(text) {
            match fence {
                None => fence = Some((c, len)),
                Some((open, open_len)) if open == c && len >= open_len && is_closing(text) => {
                    fence = None;
                }
                Some(_) => {}
            }
            out.push_str(line);
            continue;
        }
        if fence.is_some() || !text.contains("{{") {
            out.push_str(line);
            continue;
        }
        if let Some(call) = whole_line_call(text).filter(|c| c.name == "highlight") {
            let language = call.positional.first().cloned().unwrap_or_default();
            out.push_str("```");
            out.push_str(&language);
            out.push_str(end);
            highlight = true;
            changed = true;
            continue;
        }
        let rewritten = rewrite_line(text);
        changed |= matches!(rewritten, Cow::Owned(_));
        out.push_str(&rewritten);
        out.push_str(end);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(body)
    }
}

/// Whether a fence line can close a block: nothing but the fence.
fn is_closing(line: &str) -> bool {
    line.trim().chars().all(|c| c == '`' || c == '~')
}

/// One shortcode call, parsed.
#[derive(Debug, Default, PartialEq, Eq)]
struct Call {
    /// `figure`, or `/highlight` for a closing call.
    name: String,
    /// `key=value` arguments, keys lower case, values unquoted.
    named: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Call {
    fn arg(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The call a line holds and nothing else.
fn whole_line_call(line: &str) -> Option<Call> {
    let trimmed = line.trim();
    let (call, len) = call_at(trimmed)?;
    (len == trimmed.len()).then_some(call)
}

/// The shortcode call at the start of `text`, and how many bytes it takes: Hugo's
/// `{{< name args >}}` / `{{% name args %}}`, or Zola's `{{ name(args) }}`. An escaped call
/// (`{{</* … */>}}`) is not one.
fn call_at(text: &str) -> Option<(Call, usize)> {
    for (open, close) in [("{{<", ">}}"), ("{{%", "%}}")] {
        if let Some(rest) = text.strip_prefix(open) {
            if rest.trim_start().starts_with("/*") {
                return None;
            }
            let end = rest.find(close)?;
            let inner = rest[..end].trim();
            let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            if name.is_empty() {
                return None;
            }
            let mut call = hugo_args(args);
            call.name = name.to_string();
            return Some((call, open.len() + end + close.len()));
        }
    }
    let rest = text.strip_prefix("{{")?;
    let end = rest.find("}}")?;
    let inner = rest[..end].trim();
    let (name, args) = inner.split_once('(')?;
    let args = args.strip_suffix(')')?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let mut call = zola_args(args);
    call.name = name.to_string();
    Some((call, 2 + end + 2))
}

/// Hugo's arguments: space-separated, `key="value"` or positional, values quoted with `"` or
/// `` ` `` or bare.
fn hugo_args(args: &str) -> Call {
    let mut call = Call::default();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '"' || c == '`')
            .unwrap_or(rest.len());
        let (key, after) = if rest[key_end..].starts_with('=') && key_end > 0 {
            (Some(&rest[..key_end]), &rest[key_end + 1..])
        } else {
            (None, rest)
        };
        let (value, after) = quoted_or_bare(after, |c| c.is_whitespace());
        match key {
            Some(key) => call.named.push((key.to_ascii_lowercase(), value)),
            None => call.positional.push(value),
        }
        rest = after.trim_start();
    }
    call
}

/// Zola's arguments: `key=value` pairs separated by commas, strings quoted with `"`, `'` or
/// `` ` ``.
fn zola_args(args: &str) -> Call {
    let mut call = Call::default();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let (value, after) = quoted_or_bare(after.trim_start(), |c| c == ',');
        call.named
            .push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        rest = after.trim_start().trim_start_matches(',').trim_start();
    }
    call
}

/// A value at the start of `text`: quoted (`"…"`, `'…'`, `` `…` ``, without the quotes) or up to
/// a character `ends`; and the text after it.
fn quoted_or_bare(text: &str, ends: impl Fn(char) -> bool) -> (String, &str) {
    if let Some(quote) = text
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
    {
        let inner = &text[1..];
        return match inner.find(quote) {
            Some(end) => (inner[..end].to_string(), &inner[end + 1..]),
            None => (inner.to_string(), ""),
        };
    }
    let end = text.find(ends).unwrap_or(text.len());
    (text[..end].to_string(), &text[end..])
}

/// A line outside code with its image and ref calls rewritten (not inside inline code spans).
fn rewrite_line(line: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut in_code = false;
    let mut index = 0;
    let bytes = line.as_bytes();
    while index < line.len() {
        match bytes[index] {
            b'`' => {
                in_code = !in_code;
                index += 1;
            }
            b'{' if !in_code && line[index..].starts_with("{{") => {
                let Some((call, len)) = call_at(&line[index..]) else {
                    index += 2;
                    continue;
                };
                let Some(replacement) = replacement(&call, &line[..index]) else {
                    index += len;
                    continue;
                };
                out.push_str(&line[copied..index]);
                out.push_str(&replacement);
                index += len;
                copied = index;
            }
            _ => index += line[index..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if copied == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[copied..]);
    Cow::Owned(out)
}

/// What a call becomes, given the text before it on its line; `None` to leave it as written.
fn replacement(call: &Call, before: &str) -> Option<String> {
    let name = call.name.as_str();
    if IMAGE_SHORTCODES.contains(&name) {
        let src = call
            .arg("src")
            .or_else(|| call.arg("path"))
            .or_else(|| call.positional.first().map(String::as_str))?;
        let caption = ["caption", "title", "alt"]
            .iter()
            .find_map(|k| call.arg(k).filter(|v| !v.trim().is_empty()))
            .unwrap_or("");
        return Some(format!(
            "![{}](<{}>)",
            escape_text(caption),
            src.replace(['<', '>'], "")
        ));
    }
    if matches!(name, "ref" | "relref") {
        let target = call
            .positional
            .first()
            .map(String::as_str)
            .or_else(|| call.arg("path"))?;
        let target = target.replace(['<', '>'], "").replace(' ', "%20");
        return Some(if before.ends_with("](") {
            target
        } else {
            format!("[{target}]({target})")
        });
    }
    None
}

/// Text safe inside `[…]`: brackets and backslashes escaped (CommonMark 6.3).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_figure_becomes_an_image_with_its_caption() {
        let body =
            "Before.\n\n{{< figure src=\"/img/chart.png\" caption=\"Latency, p99\" >}}\n\nAfter.\n";
        assert_eq!(
            expand(body),
            "Before.\n\n![Latency, p99](</img/chart.png>)\n\nAfter.\n"
        );
    }

    #[test]
    fn zola_figure_call_becomes_an_image() {
        let body = "{{ figure(src=\"a b.png\", caption='Two [words]') }}\n";
        assert_eq!(expand(body), "![Two \\[words\\]](<a b.png>)\n");
        let resize = "{{ resize_image(path=\"x.jpg\", width=600) }}\n";
        assert_eq!(expand(resize), "![](<x.jpg>)\n");
    }

    #[test]
    fn highlight_becomes_a_fenced_block_and_its_code_is_kept() {
        let body = "{{< highlight go >}}\nfunc main() { {{< figure src=\"x\" >}} }\n{{< /highlight >}}\nText.\n";
        assert_eq!(
            expand(body),
            "```go\nfunc main() { {{< figure src=\"x\" >}} }\n```\nText.\n"
        );
    }

    #[test]
    fn ref_and_relref_become_link_targets() {
        let body =
            "See [the post]({{< ref \"blog/other.md\" >}}) and {{< relref \"/docs/x#y\" >}}.\n";
        assert_eq!(
            expand(body),
            "See [the post](blog/other.md) and [/docs/x#y](/docs/x#y).\n"
        );
    }

    #[test]
    fn unknown_escaped_and_code_shortcodes_stay_as_written() {
        let body = "{{% param \"collector.version\" %}}\n`{{< figure src=\"x\" >}}`\n{{</* figure src=\"y\" */>}}\n```\n{{< figure src=\"z\" >}}\n```\n";
        assert_eq!(expand(body), body);
        assert!(matches!(expand(body), Cow::Borrowed(_)));
    }

    #[test]
    fn crlf_lines_and_line_count_are_kept() {
        let body = "{{< highlight rust >}}\r\nfn x() {}\r\n{{< /highlight >}}\r\n{{< figure src=\"a\" >}}\r\n";
        let expanded = expand(body);
        assert_eq!(expanded, "```rust\r\nfn x() {}\r\n```\r\n![](<a>)\r\n");
        assert_eq!(expanded.lines().count(), body.lines().count());
    }
}
