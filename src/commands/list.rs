//! `tidings list`: one line per post (date, tags, title, path; tab-separated), JSON Lines with
//! every front matter field, or only paths.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::{Outcome, load, print, shown};
use crate::cli::ListArgs;
use crate::config::Config;
use crate::content::{DateSource, Format, Post, frontmatter};
use crate::library::search::snippet::snippet;
use crate::library::search::{Analyzer, Plan};

/// Prints the posts `args` pick, in order, with their paths as the user gave them. When none is
/// picked it says why on stderr (no post at all, naming the extensions looked for; or none that
/// matches) and ends with [`Outcome::ProblemsFound`] (exit status 1), as `rg` does.
///
/// Errors: a path cannot be read, or stdout cannot be written.
pub fn run(args: &ListArgs, config: &Config) -> anyhow::Result<Outcome> {
    let mut library = load(&args.paths, config)?;
    let query = args.filters.query();
    if query.filter.lang.is_some() || args.json {
        library.detect_languages();
    }
    let store = &library.store;
    let (ids, hits) = library.select(&query);
    if ids.is_empty() {
        return Ok(library.nothing_to_report(config));
    }
    let mut analyzer = Analyzer::default();
    let marker = Plan::parse(&query.search, &mut analyzer).marker();
    print(|out| {
        for (id, post) in ids.iter().filter_map(|&id| Some((id, store.get(id)?))) {
            if args.json {
                let mut value = json_of(post);
                value["path"] = json!(shown(&library.as_given(&post.path)));
                value["lang"] = json!(store.lang(id));
                value["lang_from"] = json!(store.lang_from(id).map(|from| from.describe()));
                if let Some(hits) = &hits {
                    value["score"] = json!(hits.score(id));
                    let marker = marker.for_text_in(store.lang(id), &mut analyzer);
                    value["snippet"] = json!(snippet(post, &marker, &mut analyzer).map(|s| s.text));
                }
                serde_json::to_writer(&mut *out, &value)?;
                out.write_all(b"\n")?;
            } else if args.paths_only {
                write_path(out, &library.as_given(&post.path))?;
                out.write_all(if args.null { b"\0" } else { b"\n" })?;
            } else {
                writeln!(out, "{}", row(post, &library.as_given(&post.path)))?;
            }
        }
        Ok(())
    })?;
    Ok(Outcome::Done)
}

/// `DATE\tTAGS\tTITLE\tPATH`: the date as `YYYY-MM-DD` (empty when the post has none), the tags
/// comma-separated, `path` as it is to be shown. Titles and tags are one line with no control
/// characters already.
pub fn row(post: &Post, path: &Path) -> String {
    let date = post.date.map(|d| d.date.to_string()).unwrap_or_default();
    let tags: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
    format!(
        "{date}\t{}\t{}\t{}",
        tags.join(","),
        post.title,
        shown(path)
    )
}

/// Everything known of a post, for `--json`: the fields as tidings reads them, where its date
/// came from, its diagnostics, and under `front_matter` the whole block as written (read again
/// from the file: the store does not keep it), `null` when there is none or it does not parse.
/// The body is left out.
pub fn json_of(post: &Post) -> Value {
    let date_source = post.date.map(|d| match d.source {
        DateSource::FrontMatter => "front matter",
        DateSource::Path => "path",
        DateSource::Modified => "modified",
    });
    let diagnostics: Vec<Value> = post
        .diagnostics
        .iter()
        .map(|d| json!({ "line": d.line, "message": d.message }))
        .collect();
    json!({
        "path": shown(&post.path),
        "title": post.title,
        "date": post.date.map(|d| d.date.to_string()),
        "date_source": date_source,
        "updated": post.meta.updated.map(|d| d.to_string()),
        "authors": post.meta.details.authors,
        "tags": post.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        "lang": post.lang,
        "lang_from": post.lang_from.map(|from| from.describe()),
        "description": post.meta.details.description,
        "img": post.meta.details.img,
        "alt": post.meta.details.alt,
        "source": post.meta.details.source,
        "toc": post.meta.toc,
        "feature": post.meta.feature,
        "draft": post.meta.draft,
        "front_matter": front_matter(&post.path),
        "format": match post.format {
            Format::Markdown => "markdown",
            Format::PlainText => "plain text",
        },
        "bytes": post.file.map(|f| f.bytes),
        "diagnostics": diagnostics,
    })
}

/// The front matter block of the file at `path` as JSON: keys and nested values as written.
fn front_matter(path: &Path) -> Value {
    let Ok(bytes) = std::fs::read(path) else {
        return Value::Null;
    };
    let text = String::from_utf8_lossy(&bytes);
    let Some((format, source)) = frontmatter::split(&text).front_matter else {
        return Value::Null;
    };
    frontmatter::parse_mapping(format, source)
        .ok()
        .and_then(|map| serde_json::to_value(map).ok())
        .unwrap_or(Value::Null)
}

/// The path's bytes as they are on disk (Unix), so `xargs -0` gets the file back whatever its
/// name holds.
fn write_path(out: &mut dyn Write, path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        out.write_all(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        out.write_all(shown(path).as_bytes())
    }
}
