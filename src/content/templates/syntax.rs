//! Go's present/blog calls and kramdown's attribute lists, one line at a time.

use super::dim;
use super::tag::value_at;

/// Go's present/blog calls on a line of their own, other than `raw`.
pub(super) fn go_call(line: &str) -> Option<String> {
    let inner = line.strip_prefix("{{")?.strip_suffix("}}")?;
    let (name, args) = inner.split_once(' ')?;
    let args = args.trim();
    if !args.starts_with('"') {
        return None;
    }
    let (first, _) = value_at(args);
    match name {
        "image" => Some(format!("![]({})", first.replace(' ', "%20"))),
        "video" => Some(format!("[video]({})", first.replace(' ', "%20"))),
        "code" | "play" => Some(dim(&format!("{name}: {first}"))),
        _ => None,
    }
}

/// kramdown attribute lists: `{: #id}` after a heading becomes `{#id}`; others go.
pub(super) fn kramdown(line: &str) -> String {
    let Some(at) = line.find("{:") else {
        return line.to_string();
    };
    let Some(close) = line[at..].find('}') else {
        return line.to_string();
    };
    let list = &line[at + 2..at + close];
    let before = line[..at].trim_end();
    let after = &line[at + close + 1..];
    let id = list
        .split_whitespace()
        .find_map(|part| part.strip_prefix('#'))
        .filter(|id| !id.is_empty());
    // An ATX heading (CommonMark 4.2): 1–6 `#` then a space or tab.
    let marks = before.trim_start();
    let hashes = marks.bytes().take_while(|&b| b == b'#').count();
    let heading = (1..=6).contains(&hashes) && marks[hashes..].starts_with([' ', '\t']);
    match id {
        // The anchor goes at the heading's end, where the Markdown parser reads it.
        Some(id) if heading => format!("{before}{} {{#{id}}}", after.trim_end()),
        _ => format!("{before}{after}"),
    }
}
