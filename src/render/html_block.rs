//! Raw HTML blocks of a post, read by [html2text] (html5ever's parser and its text layout):
//! paragraphs, lists, emphasis, links, code and images as a browser's text would show them.
//! Tables are taken apart into rows and cells (each cell's HTML read by html2text) and handed
//! to the Markdown table renderer, so they look as Markdown tables do. Before parsing,
//! `<details>` gets its `<summary>` as a bold line of its own, `<figcaption>` a line of its own,
//! `<video>` / `<iframe>` / `<audio>` become links to their source, and an `<img>` without alt
//! text gets its file name as one, since html2text drops them. The text is not sanitized here: the renderer does that, piece by piece.
//!
//! [html2text]: https://docs.rs/html2text

use std::borrow::Cow;

use html2text::render::RichAnnotation;

/// The width html2text lays text out at: wide enough that it never wraps a line (the renderer
/// wraps to the pane).
const UNWRAPPED: usize = 100_000;

/// How a piece of text was marked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Strong,
    Emphasis,
    Code,
    Strikeout,
    /// Link text, with its target.
    Link(String),
    /// An image's alt text, with its source.
    Image(String),
}

/// A line of text as (mark, text) pieces.
pub type MarkedLine = Vec<(Mark, String)>;

/// What an HTML block becomes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Lines, one per paragraph, list item or line break, for the renderer to wrap.
    Lines(Vec<MarkedLine>),
    /// A table: rows of cells, each cell's pieces; the first row is the header when the table
    /// has `<th>` cells in it.
    Table {
        rows: Vec<Vec<MarkedLine>>,
        header: bool,
    },
}

/// The parts of `html` (one raw HTML block), in order.
pub fn parts(html: &str) -> Vec<Part> {
    let html = prepare(html);
    let mut out = Vec::new();
    let mut rest: &str = &html;
    while let Some((start, end)) = next_table(rest) {
        push_lines(&mut out, &rest[..start]);
        out.push(table(&rest[start..end]));
        rest = &rest[end..];
    }
    push_lines(&mut out, rest);
    out
}

fn push_lines(out: &mut Vec<Part>, html: &str) {
    if html.trim().is_empty() {
        return;
    }
    let lines = lines(html);
    if !lines.is_empty() {
        out.push(Part::Lines(lines));
    }
}

/// html2text's reading of `html`, one line per paragraph or list item (unwrapped), as marked
/// lines; blank lines at the ends dropped.
fn lines(html: &str) -> Vec<MarkedLine> {
    // html2text 0.17 can underflow a width on a wide character at a line's end (a panic in a
    // debug or fuzzing build, which aborts under libFuzzer even when caught). So it lays the
    // text out without wrapping, the renderer wraps it to the pane, and a failure of any kind
    // falls back to the text with the tags stripped.
    let laid_out = crate::guard::per_post(|| {
        html2text::config::rich().lines_from_read(html.as_bytes(), UNWRAPPED)
    });
    let Ok(Ok(tagged)) = laid_out else {
        let mut text = String::new();
        super::html::HtmlText::default().feed(html, &mut text);
        return text
            .lines()
            .map(|line| vec![(Mark::Plain, line.to_string())])
            .collect();
    };
    let out: Vec<MarkedLine> = tagged
        .iter()
        .map(|line| {
            line.tagged_strings()
                .map(|piece| (mark_of(&piece.tag), piece.s.clone()))
                .collect()
        })
        .collect();
    // An image's alt text wrapped over lines is one image: its lines are joined (the renderer
    // wraps the image line it makes of it).
    let mut joined: Vec<MarkedLine> = Vec::with_capacity(out.len());
    for line in out {
        let continues = matches!(
            (joined.last().and_then(|l| l.last()), line.first()),
            (Some((Mark::Image(a), _)), Some((Mark::Image(b), _))) if a == b
        );
        match joined.last_mut() {
            Some(last) if continues => {
                let mut pieces = line.into_iter();
                if let (Some((_, tail)), Some((_, head))) = (last.last_mut(), pieces.next()) {
                    tail.push(' ');
                    tail.push_str(head.trim_start());
                }
                last.extend(pieces);
            }
            _ => joined.push(line),
        }
    }
    let mut out = joined;
    while out.last().is_some_and(blank) {
        out.pop();
    }
    let lead = out.iter().take_while(|l| blank(l)).count();
    out.drain(..lead);
    out
}

fn blank(line: &MarkedLine) -> bool {
    line.iter().all(|(_, s)| s.trim().is_empty())
}

/// The innermost markup that says how to show a piece.
fn mark_of(tags: &[RichAnnotation]) -> Mark {
    tags.iter()
        .rev()
        .find_map(|tag| match tag {
            RichAnnotation::Strong => Some(Mark::Strong),
            RichAnnotation::Emphasis => Some(Mark::Emphasis),
            RichAnnotation::Code | RichAnnotation::Preformat(_) => Some(Mark::Code),
            RichAnnotation::Strikeout => Some(Mark::Strikeout),
            RichAnnotation::Link(url) => Some(Mark::Link(url.clone())),
            RichAnnotation::Image(src) => Some(Mark::Image(src.clone())),
            _ => None,
        })
        .unwrap_or(Mark::Plain)
}

/// Where the next `<table>…</table>` is in `html` (byte range, nested tables inside), if any.
fn next_table(html: &str) -> Option<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let start = find_tag(&lower, "<table", 0)?;
    let mut depth = 0;
    let mut at = start;
    loop {
        let open = find_tag(&lower, "<table", at);
        let close = lower[at..].find("</table").map(|i| i + at);
        match (open, close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                at = o + 6;
            }
            (_, Some(c)) => {
                depth -= 1;
                let end = lower[c..].find('>').map_or(lower.len(), |i| c + i + 1);
                if depth == 0 {
                    return Some((start, end));
                }
                at = end;
            }
            // Never closed: the table runs to the end.
            (_, None) => return Some((start, html.len())),
        }
    }
}

/// The next `<name` tag (followed by `>`, `/` or whitespace) at or after `from`.
fn find_tag(lower: &str, name: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower[at..].find(name) {
        let i = at + i;
        let next = lower[i + name.len()..].chars().next();
        if next.is_none_or(|c| c == '>' || c == '/' || c.is_whitespace()) {
            return Some(i);
        }
        at = i + name.len();
    }
    None
}

/// A `<table>` as rows of cells: `<tr>` rows, `<td>`/`<th>` cells, each cell's HTML read by
/// html2text (the table renderer wraps cells itself).
fn table(html: &str) -> Part {
    let lower = html.to_ascii_lowercase();
    let mut rows = Vec::new();
    let mut header = false;
    let mut at = 0;
    while let Some(tr) = find_tag(&lower, "<tr", at) {
        let row_end = [
            find_tag(&lower, "<tr", tr + 3),
            lower[tr..].find("</tr").map(|i| tr + i),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(lower.len());
        let mut cells = Vec::new();
        let mut c = tr;
        while let Some(cell) = [find_tag(&lower, "<td", c), find_tag(&lower, "<th", c)]
            .into_iter()
            .flatten()
            .filter(|&i| i < row_end)
            .min()
        {
            header |= lower[cell..].starts_with("<th");
            let open_end = lower[cell..].find('>').map_or(row_end, |i| cell + i + 1);
            let cell_end = [
                find_tag(&lower, "<td", open_end),
                find_tag(&lower, "<th", open_end),
                lower[open_end..].find("</td").map(|i| open_end + i),
                lower[open_end..].find("</th").map(|i| open_end + i),
            ]
            .into_iter()
            .flatten()
            .filter(|&i| i <= row_end)
            .min()
            .unwrap_or(row_end);
            let text = lines(&html[open_end.min(cell_end)..cell_end]);
            let joined: MarkedLine = text
                .into_iter()
                .enumerate()
                .flat_map(|(i, line)| {
                    let gap = (i > 0).then(|| (Mark::Plain, " ".to_string()));
                    gap.into_iter().chain(line)
                })
                .collect();
            cells.push(joined);
            c = cell_end.max(cell + 3);
        }
        if !cells.is_empty() {
            rows.push(cells);
        }
        at = row_end.max(tr + 3);
    }
    // A header row only when the first row is made of `<th>`.
    let header = header
        && find_tag(&lower, "<th", 0)
            .is_some_and(|th| find_tag(&lower, "<td", 0).is_none_or(|td| th < td));
    Part::Table { rows, header }
}

/// The HTML with what html2text drops or runs together made explicit (see the module
/// documentation).
fn prepare(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    let needs = [
        "<details",
        "<summary",
        "<figcaption",
        "<video",
        "<iframe",
        "<audio",
    ]
    .iter()
    .any(|t| lower.contains(t));
    if !needs {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut at = 0;
    while let Some(lt) = lower[at..].find('<').map(|i| at + i) {
        out.push_str(&html[at..lt]);
        let end = lower[lt..].find('>').map_or(lower.len(), |i| lt + i + 1);
        let tag = &lower[lt..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match name.as_str() {
            "summary" => out.push_str("<p><b>"),
            "/summary" => out.push_str("</b></p>"),
            "details" | "/details" | "figcaption" | "/figcaption" => {
                out.push_str(&html[lt..end]);
                out.push_str("<br>");
            }
            // html2text shows an image only by its alt text: one without gets its file name.
            "img" if attribute(&html[lt..end], "alt").is_none_or(|a| a.trim().is_empty()) => {
                let src = attribute(&html[lt..end], "src").unwrap_or_default();
                let name = src.rsplit('/').next().unwrap_or_default().to_string();
                out.push_str(&format!("<img src=\"{src}\" alt=\"{name}\">"));
            }
            "video" | "iframe" | "audio" => {
                let src = attribute(&html[lt..end], "src").unwrap_or_default();
                let what = if name == "iframe" {
                    "embedded page"
                } else {
                    name.as_str()
                };
                out.push_str(&format!("<p><a href=\"{src}\">{what}</a></p>"));
            }
            _ => out.push_str(&html[lt..end]),
        }
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// The value of attribute `name` in the tag `tag` (`<video src="a.mp4" …>`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!(" {name}="))? + name.len() + 2;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
    let value = match quote {
        Some(q) => rest[1..].split(q).next().unwrap_or_default(),
        None => rest
            .split(|c: char| c.is_whitespace() || c == '>')
            .next()
            .unwrap_or_default(),
    };
    Some(value.replace('"', "%22"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &MarkedLine) -> String {
        line.iter().map(|(_, s)| s.as_str()).collect()
    }

    #[test]
    fn a_table_is_rows_of_cells_with_its_header() {
        let parts = parts(
            "<p>Before</p><table><tr><th>Name</th><th>Value</th></tr><tr><td>Alpha <b>bold</b></td><td>1</td></tr><tr><td>Beta &amp; co</td><td>22</td></tr></table><p>After</p>",
        );
        assert_eq!(parts.len(), 3, "{parts:?}");
        let Part::Table { rows, header } = &parts[1] else {
            panic!("{parts:?}");
        };
        assert!(header);
        let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(text).collect()).collect();
        assert_eq!(
            cells,
            [
                vec!["Name", "Value"],
                vec!["Alpha bold", "1"],
                vec!["Beta & co", "22"]
            ]
        );
        assert!(rows[1][0].contains(&(Mark::Strong, "bold".to_string())));
    }

    #[test]
    fn lists_details_media_and_images_read_as_text() {
        let parts = parts(
            "<ul><li>one</li><li>two</li></ul><details><summary>More</summary>Hidden body</details><video src=\"v.mp4\"></video><img src=\"a.png\" alt=\"A chart\"><script>alert(1)</script>",
        );
        let Part::Lines(lines) = &parts[0] else {
            panic!("{parts:?}");
        };
        let texts: Vec<String> = lines.iter().map(text).collect();
        assert!(texts.iter().any(|t| t.contains("one")), "{texts:?}");
        let summary = lines
            .iter()
            .find(|l| text(l).contains("More"))
            .expect("the summary");
        assert!(
            summary.iter().any(|(m, _)| *m == Mark::Strong),
            "{summary:?}"
        );
        assert!(!texts.iter().any(|t| t.contains("MoreHidden")), "{texts:?}");
        assert!(
            lines
                .iter()
                .flatten()
                .any(|(m, _)| *m == Mark::Link("v.mp4".into())),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .flatten()
                .any(|(m, s)| *m == Mark::Image("a.png".into()) && s.contains("A chart")),
            "{lines:?}"
        );
        assert!(!texts.iter().any(|t| t.contains("alert")), "{texts:?}");
    }
}
