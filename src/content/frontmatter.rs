//! Splitting a file into front matter and body, and reading the front matter's fields leniently.
//!
//! Front matter is a block at the very start of a file (after an optional UTF-8 byte order mark):
//! YAML 1.2 fenced by `---` lines and closed by `---` or `...` (YAML's document end marker), as
//! Jekyll, Hugo and the owner's seeds write it; or TOML 1.0 fenced by `+++` lines, as Hugo and
//! Zola write it; or a JSON object (RFC 8259) opening the file, as Hugo accepts it. LF and CRLF
//! line ends are all accepted. Every form is read into the same [`Fields`], so the rest of
//! tidings never asks which one a post used. Keys are matched as Hugo matches them, ignoring
//! case (`publishDate`, `publishdate`).

use serde_yaml::{Mapping, Value};

use super::Diagnostic;

/// Which language a front matter block is written in, told by its fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    /// `---` fences.
    Yaml,
    /// `+++` fences.
    Toml,
    /// A JSON object whose `{` opens the file; the block is the whole object, braces included.
    Json,
}

impl FrontMatterFormat {
    fn fence(self) -> &'static str {
        match self {
            Self::Yaml => "---",
            Self::Toml => "+++",
            Self::Json => "}",
        }
    }
}

/// A file's text cut at its front matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter between the fences, without them; `None` when the file has no (closed)
    /// front matter.
    pub front_matter: Option<(FrontMatterFormat, &'a str)>,
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
    let format = match first.trim_end() {
        "---" => FrontMatterFormat::Yaml,
        "+++" => FrontMatterFormat::Toml,
        line if json_opening(line) => return split_json(text),
        _ => return whole,
    };
    let start = first.len();
    let mut offset = start;
    for (index, line) in lines.enumerate() {
        let fence = line.trim_end();
        if fence == format.fence() || (format == FrontMatterFormat::Yaml && fence == "...") {
            return Split {
                front_matter: Some((format, &text[start..offset])),
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
            message: format!(
                "front matter: no closing `{}`; the block is shown as text",
                format.fence()
            ),
        }),
        ..whole
    }
}

/// Whether a first line opens JSON front matter: `{` alone, or `{` followed by a quoted key.
/// Prose rarely starts so; a brace followed by anything else is left as body.
fn json_opening(line: &str) -> bool {
    let line = line.trim_end();
    line == "{"
        || line
            .strip_prefix('{')
            .is_some_and(|rest| rest.trim_start().starts_with('"'))
}

/// Cuts a text that opens with a JSON object after the object's closing brace (and the rest of
/// its line). An object that does not parse is kept as body, with a diagnostic at its line.
fn split_json(text: &str) -> Split<'_> {
    // Only the object's end is wanted here (its fields are read by `parse`), so nothing is built;
    // the text opens with `{`, so a value that reads is an object.
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => {
            let end = values.byte_offset();
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            Split {
                front_matter: Some((FrontMatterFormat::Json, &text[..end])),
                body: &text[line_end..],
                body_line: text[..line_end].matches('\n').count() + 1,
                problem: None,
            }
        }
        other => {
            let (line, why) = match other {
                Some(Err(err)) => (err.line(), without_position(err.to_string())),
                _ => (1, "expected an object".to_string()),
            };
            Split {
                front_matter: None,
                body: text,
                body_line: 1,
                problem: Some(Diagnostic {
                    line: Some(line.max(1)),
                    message: format!(
                        "front matter: JSON does not read ({why}); the block is shown as text"
                    ),
                }),
            }
        }
    }
}

/// The front matter fields tidings reads, coerced to text where the meaning is obvious (a numeric
/// title becomes text). Missing and unusable fields are `None` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub title: Option<String>,
    /// The `date` field as written; [`super::date::parse_date`] reads it.
    pub date: Option<String>,
    /// `updated`, else `lastmod` (Hugo), as written.
    pub updated: Option<String>,
    /// `path` (Zola, the Rust blog): the post's URL path, which may hold its date.
    pub path: Option<String>,
    /// `tag`, `tags`, `categories` and `keywords` merged, in that order, then Zola's
    /// `taxonomies.tags` and `taxonomies.categories`: each a string, a comma-separated string, or
    /// a list.
    pub tags: Vec<String>,
    /// `description`, else `summary`.
    pub description: Option<String>,
    pub img: Option<String>,
    pub alt: Option<String>,
    pub source: Option<String>,
    pub toc: Option<bool>,
    pub feature: Option<bool>,
    pub draft: Option<bool>,
    /// `publishDate` (else `pubDate`), as written: Hugo leaves the post out until then.
    pub publish_date: Option<String>,
    /// `expiryDate` (else `unpublishDate`), as written: Hugo leaves the post out from then on.
    pub expiry_date: Option<String>,
    /// `weight` (Hugo and Zola): an integer that orders posts, lighter first; 0 means unset in
    /// Hugo, so it is kept as `None`.
    pub weight: Option<i64>,
    /// `slug`: the last segment of the post's URL, replacing the file name's.
    pub slug: Option<String>,
    /// `url` (Hugo): the post's whole URL path, replacing the one its file would give.
    pub url: Option<String>,
    /// `aliases`: more URL paths the post answers to (Hugo, Zola).
    pub aliases: Vec<String>,
    /// `author`, `authors` and `by` merged, in that order: each a name, a list of names, or a
    /// map (or list of maps) with a `name` (Jekyll's and Docusaurus's author objects; a
    /// Docusaurus key into `authors.yml` is kept as written). Also kept in [`Fields::other`].
    pub authors: Vec<String>,
    /// Every other field, in the order written, as `(key, value)` text: nested tables flattened to
    /// dotted keys (`extra.release`), lists and inline maps in flow style (`[a, b]`). Kept for the
    /// post-info view; never an error.
    pub other: Vec<(String, String)>,
}

/// The keys [`Fields`] reads into named fields, lower case; all others land in
/// [`Fields::other`].
const KNOWN_KEYS: [&str; 25] = [
    "title",
    "date",
    "updated",
    "lastmod",
    "tag",
    "tags",
    "categories",
    "keywords",
    "description",
    "summary",
    "img",
    "alt",
    "source",
    "toc",
    "feature",
    "draft",
    "publishdate",
    "pubdate",
    "expirydate",
    "unpublishdate",
    "weight",
    "slug",
    "url",
    "aliases",
    // Its tags and categories are read; other taxonomies are kept as `taxonomies.NAME`.
    "taxonomies",
];

/// The taxonomies of Zola's `[taxonomies]` table that are tags to tidings.
const TAG_TAXONOMIES: [&str; 3] = ["tags", "tag", "categories"];

/// Why front matter could not be read. `line` is 1-based within the front matter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
}

/// Reads front matter (the text between the fences) in the given format into [`Fields`].
///
/// Errors: the block does not parse (YAML 1.2 or TOML 1.0), or its top level is not a mapping.
pub fn parse(format: FrontMatterFormat, source: &str) -> Result<Fields, FrontMatterError> {
    parse_mapping(format, source).map(|map| fields_from(&map))
}

/// Reads front matter into the mapping it holds, every key and nested value as written (TOML's
/// datetimes as text): for tools that want the fields tidings does not read.
///
/// Errors: as [`parse`].
pub fn parse_mapping(format: FrontMatterFormat, source: &str) -> Result<Mapping, FrontMatterError> {
    match format {
        FrontMatterFormat::Yaml => yaml_mapping(source),
        FrontMatterFormat::Toml => toml_mapping(source),
        FrontMatterFormat::Json => json_mapping(source),
    }
}

/// A JSON front matter object as a YAML mapping.
fn json_mapping(source: &str) -> Result<Mapping, FrontMatterError> {
    let value: serde_json::Value =
        serde_json::from_str(source).map_err(|err| FrontMatterError {
            line: Some(err.line()),
            message: without_position(err.to_string()),
        })?;
    match json_to_yaml(value) {
        Value::Mapping(map) => Ok(map),
        _ => Err(FrontMatterError {
            line: Some(1),
            message: "expected an object of `\"key\": value` pairs".to_string(),
        }),
    }
}

/// A JSON value as the YAML value it would have been written as.
fn json_to_yaml(value: serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::Number(i.into()),
            (_, Some(u), _) => Value::Number(u.into()),
            (_, _, Some(f)) => Value::Number(f.into()),
            _ => Value::String(n.to_string()),
        },
        Json::String(s) => Value::String(s),
        Json::Array(items) => Value::Sequence(items.into_iter().map(json_to_yaml).collect()),
        Json::Object(object) => Value::Mapping(
            object
                .into_iter()
                .map(|(k, v)| (Value::String(k), json_to_yaml(v)))
                .collect(),
        ),
    }
}

/// Reads YAML front matter into [`Fields`].
///
/// Errors: the YAML does not parse, or its top level is not a mapping.
pub fn parse_yaml(source: &str) -> Result<Fields, FrontMatterError> {
    yaml_mapping(source).map(|map| fields_from(&map))
}

/// A YAML error, placed where the broken construct starts rather than where the parser gave up:
/// libyaml names that place as its context (`…, while scanning a quoted scalar at line 1`), and
/// when it does not (a quote left open, closed by a later line's quote, is found as `did not
/// find expected key` further down), the first line above with an unbalanced quote is it.
fn yaml_error(source: &str, err: &serde_yaml::Error) -> FrontMatterError {
    let text = err.to_string();
    let found = err.location().map(|l| l.line());
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem.to_string(), Some(context.to_string())),
        None => (text.clone(), None),
    };
    let context_line = context
        .as_deref()
        .and_then(|c| c.rsplit_once(" at line "))
        .and_then(|(_, at)| at.split_whitespace().next()?.parse::<usize>().ok());
    let line = context_line.or_else(|| {
        let upto = found?;
        unbalanced_quote_line(source, upto).or(found)
    });
    let message = match context {
        Some(context) => format!(
            "{} while {}",
            without_position(problem),
            without_position(context)
        ),
        None => without_position(problem),
    };
    FrontMatterError { line, message }
}

/// The first of the first `upto` lines (1-based) of YAML whose value opens a quote it does not
/// close: `key: "…` with an odd number of unescaped `"`, or `key: '…` with an odd number of `'`.
fn unbalanced_quote_line(source: &str, upto: usize) -> Option<usize> {
    source.lines().take(upto).enumerate().find_map(|(i, line)| {
        let value = line.split_once(": ").map_or(line, |(_, v)| v).trim_start();
        let open = match value.chars().next()? {
            '"' => {
                let mut quotes = 0;
                let mut escaped = false;
                for c in value.chars() {
                    if escaped {
                        escaped = false;
                        continue;
                    }
                    match c {
                        '\\' => escaped = true,
                        '"' => quotes += 1,
                        _ => {}
                    }
                }
                quotes % 2 == 1
            }
            '\'' => value.matches('\'').count() % 2 == 1,
            _ => false,
        };
        open.then_some(i + 1)
    })
}

/// A parser's error message without the " at line L column C" it ends with: the diagnostic
/// gives the file's line instead.
fn without_position(mut message: String) -> String {
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    message
}

/// The mapping at the top of YAML front matter (empty for an empty block).
fn yaml_mapping(source: &str) -> Result<Mapping, FrontMatterError> {
    let value: Value = serde_yaml::from_str(source).map_err(|err| yaml_error(source, &err))?;
    match value {
        Value::Mapping(map) => Ok(map),
        Value::Null => Ok(Mapping::new()),
        _ => Err(FrontMatterError {
            line: Some(1),
            message: "expected a mapping of `key: value` lines".to_string(),
        }),
    }
}

/// Reads TOML front matter into [`Fields`], through the same coercion as YAML.
///
/// Errors: the TOML does not parse.
pub fn parse_toml(source: &str) -> Result<Fields, FrontMatterError> {
    toml_mapping(source).map(|map| fields_from(&map))
}

/// A TOML front matter table as a YAML mapping.
fn toml_mapping(source: &str) -> Result<Mapping, FrontMatterError> {
    let table: toml::Table = toml::from_str(source).map_err(|err| FrontMatterError {
        line: err
            .span()
            .map(|span| source[..span.start.min(source.len())].matches('\n').count() + 1),
        message: err.message().trim().to_string(),
    })?;
    let mut map = Mapping::new();
    for (key, value) in table {
        map.insert(Value::String(key), toml_to_yaml(value));
    }
    Ok(map)
}

/// A TOML value as the YAML value it would have been written as; datetimes become text.
fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

/// The value under `key` (lower case), matched ignoring ASCII case as Hugo does: straight from
/// `map`, else from `lowered`, the keys that have capitals, lowered (empty for most posts).
fn lookup<'m>(map: &'m Mapping, lowered: &[(String, &'m Value)], key: &str) -> Option<&'m Value> {
    map.get(key).or_else(|| {
        lowered
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| *value)
    })
}

fn fields_from(map: &Mapping) -> Fields {
    let lowered: Vec<(String, &Value)> = map
        .iter()
        .filter_map(|(k, v)| {
            let k = k.as_str()?;
            k.bytes()
                .any(|b| b.is_ascii_uppercase())
                .then(|| (k.to_ascii_lowercase(), v))
        })
        .collect();
    let lookup = |key: &str| lookup(map, &lowered, key);
    let text = |key: &str| lookup(key).and_then(scalar_text);
    let flag = |key: &str| lookup(key).and_then(scalar_flag);
    let mut tags = Vec::new();
    for key in ["tag", "tags", "categories", "keywords"] {
        if let Some(value) = lookup(key) {
            push_list(value, &mut tags);
        }
    }
    let mut other = Vec::new();
    if let Some(Value::Mapping(taxonomies)) = lookup("taxonomies") {
        for (key, value) in taxonomies {
            let key = scalar_text(key).unwrap_or_else(|| flow(key));
            if TAG_TAXONOMIES.contains(&key.to_ascii_lowercase().as_str()) {
                push_list(value, &mut tags);
            } else {
                flatten(&format!("taxonomies.{key}"), value, &mut other);
            }
        }
    }
    for (key, value) in map {
        let key = scalar_text(key).unwrap_or_else(|| flow(key));
        let lower = key.to_ascii_lowercase();
        if lower == "taxonomies" && matches!(value, Value::Mapping(_)) {
            continue;
        }
        if !KNOWN_KEYS.contains(&lower.as_str()) {
            flatten(&key, value, &mut other);
        }
    }
    let mut aliases = Vec::new();
    if let Some(value) = lookup("aliases") {
        push_list(value, &mut aliases);
    }
    aliases.retain(|a| !a.is_empty());
    let mut authors: Vec<String> = Vec::new();
    for key in ["author", "authors", "by"] {
        if let Some(value) = lookup(key) {
            push_authors(value, &mut authors);
        }
    }
    authors.retain(|a| !a.trim().is_empty());
    authors.dedup();
    Fields {
        title: text("title"),
        date: text("date"),
        updated: text("updated").or_else(|| text("lastmod")),
        path: text("path"),
        tags,
        description: text("description").or_else(|| text("summary")),
        img: text("img"),
        alt: text("alt"),
        source: text("source"),
        toc: flag("toc"),
        feature: flag("feature"),
        draft: flag("draft"),
        publish_date: text("publishdate").or_else(|| text("pubdate")),
        expiry_date: text("expirydate").or_else(|| text("unpublishdate")),
        weight: lookup("weight")
            .and_then(scalar_text)
            .and_then(|w| w.trim().parse::<i64>().ok())
            .filter(|&w| w != 0),
        slug: text("slug").filter(|s| !s.trim().is_empty()),
        url: text("url").filter(|s| !s.trim().is_empty()),
        aliases,
        authors,
        other,
    }
}

/// Pushes the author names `value` holds: a name, a list, or a map with a `name` (a list of
/// such maps too).
fn push_authors(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Sequence(items) => {
            for item in items {
                push_authors(item, out);
            }
        }
        Value::Mapping(map) => {
            let name = map
                .iter()
                .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("name")))
                .and_then(|(_, v)| scalar_text(v));
            out.extend(name);
        }
        Value::Tagged(tagged) => push_authors(&tagged.value, out),
        other => out.extend(scalar_text(other)),
    }
}

/// Pushes `key = value` pairs, with nested mappings' keys joined by dots.
fn flatten(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(map) if !map.is_empty() => {
            for (k, v) in map {
                let k = scalar_text(k).unwrap_or_else(|| flow(k));
                flatten(&format!("{key}.{k}"), v, out);
            }
        }
        Value::Tagged(tagged) => flatten(key, &tagged.value, out),
        other => out.push((key.to_string(), flow(other))),
    }
}

/// A value on one line, in YAML flow style: `a`, `[a, b]`, `{k: v}`.
fn flow(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", flow(k), flow(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        Value::Tagged(tagged) => flow(&tagged.value),
        scalar => scalar_text(scalar).unwrap_or_default(),
    }
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
        Value::Tagged(tagged) => scalar_flag(&tagged.value),
        _ => None,
    }
}

fn push_list(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Sequence(items) => out.extend(items.iter().filter_map(scalar_text)),
        Value::Tagged(tagged) => push_list(&tagged.value, out),
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
        assert_eq!(
            split.front_matter,
            Some((FrontMatterFormat::Yaml, "title: x\r\n"))
        );
        assert_eq!(split.body, "body\r\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn yaml_document_end_marker_closes_front_matter() {
        let split = split("---\na: 1\n...\nrest");
        assert_eq!(
            split.front_matter,
            Some((FrontMatterFormat::Yaml, "a: 1\n"))
        );
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

    #[test]
    fn toml_front_matter_splits_with_crlf_and_bom() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nbody\r\n";
        let split = split(text);
        assert_eq!(
            split.front_matter,
            Some((FrontMatterFormat::Toml, "title = \"x\"\r\n"))
        );
        assert_eq!(split.body, "body\r\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn toml_fence_is_not_closed_by_yaml_fence() {
        let split = split("+++\ntitle = \"x\"\n---\nbody\n");
        assert_eq!(split.front_matter, None);
        assert!(split.problem.expect("unclosed").message.contains("+++"));
    }

    #[test]
    fn toml_fields_read_like_yaml_and_unknown_tables_are_kept_flat() {
        let source = "path = \"2025/06/26/Rust-1.88.0\"\ntitle = \"Announcing Rust 1.88.0\"\nauthors = [\"The Rust Release Team\"]\ntags = [\"release\", \"Rust\"]\ndraft = true\ndate = 2025-06-26T10:00:00Z\n\n[extra]\nrelease = true\n";
        let fields = parse(FrontMatterFormat::Toml, source).expect("parses");
        assert_eq!(fields.title.as_deref(), Some("Announcing Rust 1.88.0"));
        assert_eq!(fields.path.as_deref(), Some("2025/06/26/Rust-1.88.0"));
        assert_eq!(fields.date.as_deref(), Some("2025-06-26T10:00:00Z"));
        assert_eq!(fields.tags, ["release", "Rust"]);
        assert_eq!(fields.draft, Some(true));
        let other: Vec<(&str, &str)> = fields
            .other
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert!(
            other.contains(&("authors", "[The Rust Release Team]")),
            "{other:?}"
        );
        assert!(other.contains(&("extra.release", "true")), "{other:?}");
        assert!(
            other.contains(&("path", "2025/06/26/Rust-1.88.0")),
            "{other:?}"
        );
    }

    #[test]
    fn toml_error_carries_its_line() {
        let err = parse_toml("title = \"ok\"\ndate = = 3\n").expect_err("broken");
        assert_eq!(err.line, Some(2), "{err:?}");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn unknown_yaml_fields_are_kept_in_order() {
        let fields =
            parse_yaml("title: T\nby:\n- Ann\n- Bo\nparams:\n  show_banner: true\nstars: 40\n")
                .expect("parses");
        assert_eq!(
            fields.other,
            [
                ("by".to_string(), "[Ann, Bo]".to_string()),
                ("params.show_banner".to_string(), "true".to_string()),
                ("stars".to_string(), "40".to_string()),
            ]
        );
    }

    #[test]
    fn each_tag_form_is_read() {
        let one = parse_yaml("tag: defi\n").expect("one");
        assert_eq!(one.tags, ["defi"]);
        let list = parse_yaml("tags:\n- go\n- tooling\n").expect("list");
        assert_eq!(list.tags, ["go", "tooling"]);
        let flow = parse_yaml("categories: [a, b]\nkeywords: c, d\n").expect("flow");
        assert_eq!(flow.tags, ["a", "b", "c", "d"]);
        let numeric = parse_yaml("tags: [2024, true]\n").expect("numeric");
        assert_eq!(numeric.tags, ["2024", "true"]);
    }

    #[test]
    fn json_front_matter_splits_after_the_object_and_reads_like_yaml() {
        let text = "{\n  \"title\": \"JSON post\",\n  \"tags\": [\"a\", \"b\"],\n  \"weight\": 3,\n  \"params\": {\"note\": \"}\"}\n}\nBody {not json}.\n";
        let split = split(text);
        let (format, source) = split.front_matter.expect("front matter");
        assert_eq!(format, FrontMatterFormat::Json);
        assert!(
            source.starts_with('{') && source.ends_with('}'),
            "{source:?}"
        );
        assert_eq!(split.body, "Body {not json}.\n");
        assert_eq!(split.body_line, 7);
        let fields = parse(format, source).expect("parses");
        assert_eq!(fields.title.as_deref(), Some("JSON post"));
        assert_eq!(fields.tags, ["a", "b"]);
        assert_eq!(fields.weight, Some(3));
        assert_eq!(fields.other, [("params.note".to_string(), "}".to_string())]);
    }

    #[test]
    fn broken_json_front_matter_is_kept_as_body_with_its_line() {
        let text = "{\n  \"title\": \"x\",\n  \"tags\": [\n}\nBody.\n";
        let split = split(text);
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body, text);
        let problem = split.problem.expect("a diagnostic");
        assert_eq!(problem.line, Some(4), "{problem:?}");
        assert!(problem.message.contains("JSON"), "{problem:?}");
        // A brace that opens prose is not front matter at all.
        assert!(split_json_free("{Braces} in prose.\n"));
    }

    fn split_json_free(text: &str) -> bool {
        let split = split(text);
        split.front_matter.is_none() && split.problem.is_none()
    }

    #[test]
    fn zola_taxonomies_are_tags_and_other_taxonomies_are_kept() {
        let source = "title = \"Z\"\n[taxonomies]\ntags = [\"rust\", \"release\"]\ncategories = [\"news\"]\nauthors = [\"Ann\"]\n[extra]\nteam = \"core\"\n";
        let fields = parse(FrontMatterFormat::Toml, source).expect("parses");
        assert_eq!(fields.tags, ["rust", "release", "news"]);
        let other: Vec<(&str, &str)> = fields
            .other
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            other,
            [("taxonomies.authors", "[Ann]"), ("extra.team", "core")]
        );
    }

    #[test]
    fn hugo_publishing_fields_slug_and_aliases_are_read_ignoring_case() {
        let fields = parse_yaml(
            "publishDate: 2030-01-01\nExpiryDate: 2031-01-01\nweight: 0\nslug: short\nurl: /x/y/\naliases: [/old/, /older]\n",
        )
        .expect("parses");
        assert_eq!(fields.publish_date.as_deref(), Some("2030-01-01"));
        assert_eq!(fields.expiry_date.as_deref(), Some("2031-01-01"));
        // Hugo's weight 0 is no weight.
        assert_eq!(fields.weight, None);
        assert_eq!(fields.slug.as_deref(), Some("short"));
        assert_eq!(fields.url.as_deref(), Some("/x/y/"));
        assert_eq!(fields.aliases, ["/old/", "/older"]);
        assert!(fields.other.is_empty(), "{:?}", fields.other);
        let lower =
            parse_yaml("publishdate: 2030-01-02\nunpublishdate: 2030-02-02\n").expect("parses");
        assert_eq!(lower.publish_date.as_deref(), Some("2030-01-02"));
        assert_eq!(lower.expiry_date.as_deref(), Some("2030-02-02"));
    }

    #[test]
    fn updated_falls_back_to_lastmod_and_description_to_summary() {
        let fields = parse_yaml("lastmod: 2024-02-02\nsummary: S\n").expect("parses");
        assert_eq!(fields.updated.as_deref(), Some("2024-02-02"));
        assert_eq!(fields.description.as_deref(), Some("S"));
    }

    #[test]
    fn a_quote_left_open_is_reported_where_it_opens() {
        // Closed by nothing: libyaml names the quote's line as its context.
        let err =
            parse_yaml("title: \"Broken title\ndate: 2024-01-02\ntag: x\n").expect_err("broken");
        assert_eq!(err.line, Some(1), "{err:?}");
        assert!(err.message.contains("quoted scalar"), "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
        // Closed by a later line's quote: the parser fails further down; the open quote's line
        // is still the one named.
        let err = parse_yaml(
            "date: 2024-01-02\ntitle: \"Broken\ndescription: \"A \\\"quoted\\\" one\"\ntag: x\n",
        )
        .expect_err("broken");
        assert_eq!(err.line, Some(2), "{err:?}");
        // Other errors keep the parser's line.
        let err = parse_yaml("title: x\n  bad: [1, 2\ndate: 3\n").expect_err("broken");
        assert_eq!(err.line, Some(2), "{err:?}");
    }

    #[test]
    fn authors_come_from_author_authors_and_by_in_each_generators_form() {
        let authors = |format, source| parse(format, source).expect("parses").authors;
        let yaml = FrontMatterFormat::Yaml;
        assert_eq!(
            authors(yaml, "by:\n- Andrew Gerrand\n- Rob Pike\n"),
            ["Andrew Gerrand", "Rob Pike"]
        );
        assert_eq!(authors(yaml, "author: Ana Ruiz\n"), ["Ana Ruiz"]);
        assert_eq!(
            authors(
                yaml,
                "author:\n  name: Jekyll Writer\n  url: https://x.example\n"
            ),
            ["Jekyll Writer"]
        );
        assert_eq!(
            authors(
                yaml,
                "authors:\n  - name: Sébastien Lorber\n    title: Maintainer\n  - slorber\n"
            ),
            ["Sébastien Lorber", "slorber"],
            "Docusaurus: maps, and keys into authors.yml as written"
        );
        assert_eq!(
            authors(
                FrontMatterFormat::Toml,
                "authors = [\"The Rust Release Team\"]\n"
            ),
            ["The Rust Release Team"]
        );
        assert!(authors(yaml, "title: x\n").is_empty());
    }
}
