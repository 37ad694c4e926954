//! Splitting a file into front matter and body, and reading the front matter's fields leniently.
//!
//! Front matter is a YAML block fenced by `---` lines at the very start of a file (after an
//! optional UTF-8 byte order mark), closed by `---` or `...` (YAML 1.2's document end marker), as
//! Jekyll, Hugo and the owner's seeds write it. LF and CRLF line ends are both accepted.

use serde_yaml::Value;

use super::Diagnostic;

/// A file's text cut at its front matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, without them; `None` when the file has no (closed) front matter.
    pub front_matter: Option<&'a str>,
    /// Everything after the closing fence's line (the whole text when there is no front matter).
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// Set when the text opens a front matter block but never closes it.
    pub problem: Option<Diagnostic>,
}

/// Cuts `text` at its front matter fences. Never fails: an unclosed block is kept as body, with a
/// diagnostic.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let whole = Split {
        front_matter: None,
        body: text,
        body_line: 1,
        problem: None,
    };
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return whole;
    };
    if first.trim_end() != "---" {
        return whole;
    }
    let start = first.len();
    let mut offset = start;
    for (index, line) in lines.enumerate() {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Split {
                front_matter: Some(&text[start..offset]),
                body: &text[offset + line.len()..],
                // Line 1 is the opening fence, so the closing fence is line index + 2.
                body_line: index + 3,
                problem: None,
            };
        }
        offset += line.len();
    }
    Split {
        problem: Some(Diagnostic {
            line: Some(1),
            message: "front matter: no closing `---`; the block is shown as text".to_string(),
        }),
        ..whole
    }
}

/// The front matter fields tidings reads, coerced to text where the meaning is obvious (a numeric
/// title becomes text). Missing and unusable fields are `None` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub title: Option<String>,
    /// The `date` field as written; [`super::date::parse_date`] reads it.
    pub date: Option<String>,
    /// `tag`, `tags`, `categories` and `keywords` merged, in that order: each a string, a
    /// comma-separated string, or a list.
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub img: Option<String>,
    pub alt: Option<String>,
    pub source: Option<String>,
    pub toc: Option<bool>,
    pub feature: Option<bool>,
}

/// Why front matter could not be read. `line` is 1-based within the front matter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
}

/// Reads YAML front matter (the text between the fences) into [`Fields`].
///
/// Errors: the YAML does not parse, or its top level is not a mapping.
pub fn parse_yaml(source: &str) -> Result<Fields, FrontMatterError> {
    let value: Value = serde_yaml::from_str(source).map_err(|err| {
        let message = err.to_string();
        // The message repeats the position as "at line L column C"; we give the file's line instead.
        let message = match message.find(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        FrontMatterError {
            line: err.location().map(|l| l.line()),
            message,
        }
    })?;
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return Ok(Fields::default()),
        _ => {
            return Err(FrontMatterError {
                line: Some(1),
                message: "expected a mapping of `key: value` lines".to_string(),
            });
        }
    };
    let text = |key: &str| map.get(key).and_then(scalar_text);
    let flag = |key: &str| map.get(key).and_then(scalar_flag);
    let mut tags = Vec::new();
    for key in ["tag", "tags", "categories", "keywords"] {
        if let Some(value) = map.get(key) {
            push_list(value, &mut tags);
        }
    }
    Ok(Fields {
        title: text("title"),
        date: text("date"),
        tags,
        description: text("description").or_else(|| text("summary")),
        img: text("img"),
        alt: text("alt"),
        source: text("source"),
        toc: flag("toc"),
        feature: flag("feature"),
    })
}

/// A scalar as text; `None` for null, sequences and mappings.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

fn scalar_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Some(true),
            "false" | "no" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn push_list(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Sequence(items) => out.extend(items.iter().filter_map(scalar_text)),
        other => {
            if let Some(text) = scalar_text(other) {
                out.extend(text.split(',').map(|s| s.trim().to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_fences_with_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n";
        let split = split(text);
        assert_eq!(split.front_matter, Some("title: x\r\n"));
        assert_eq!(split.body, "body\r\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn yaml_document_end_marker_closes_front_matter() {
        let split = split("---\na: 1\n...\nrest");
        assert_eq!(split.front_matter, Some("a: 1\n"));
        assert_eq!(split.body, "rest");
    }

    #[test]
    fn text_without_opening_fence_is_all_body() {
        let split = split("title: x\n---\n");
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body, "title: x\n---\n");
        assert_eq!(split.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_kept_as_body_with_problem() {
        let split = split("---\ntitle: x\nno end\n");
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body, "---\ntitle: x\nno end\n");
        assert!(split.problem.is_some());
    }

    #[test]
    fn numeric_title_and_string_flags_are_coerced() {
        let fields = parse_yaml("title: 1984\ntoc: \"false\"\nfeature: yes\n").expect("parses");
        assert_eq!(fields.title.as_deref(), Some("1984"));
        assert_eq!(fields.toc, Some(false));
        assert_eq!(fields.feature, Some(true));
    }

    #[test]
    fn comma_separated_tags_split() {
        let fields = parse_yaml("tags: \"go, tooling ,\"\n").expect("parses");
        assert_eq!(fields.tags, ["go", "tooling", ""]);
    }

    #[test]
    fn yaml_error_carries_its_line() {
        let err = parse_yaml("title: ok\ndate: [1,\n").expect_err("broken");
        assert!(err.line.is_some(), "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn non_mapping_front_matter_is_an_error() {
        let err = parse_yaml("- a\n- b\n").expect_err("a list");
        assert!(err.message.contains("mapping"));
    }

    #[test]
    fn empty_front_matter_is_no_fields() {
        assert_eq!(parse_yaml("").expect("empty"), Fields::default());
    }
}
