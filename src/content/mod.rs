//! The content model: a [`Post`] is what one file (or one built-in sample) becomes once it has been
//! read, decoded and had its front matter parsed. Everything after `content` trusts a `Post`.

pub mod date;
pub mod frontmatter;
pub mod loader;
pub mod samples;

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

/// A tag as written in a post's front matter. Tags match case-insensitively (`key`), and are
/// shown as first written (`name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    /// Lower-cased name, used for matching and ordering.
    pub key: String,
    /// The name as written in the post.
    pub name: String,
}

impl Tag {
    /// A tag from its written name; `None` when the name is blank.
    pub fn new(name: &str) -> Option<Self> {
        let name = crate::render::text::sanitize(name.trim()).into_owned();
        if name.is_empty() {
            return None;
        }
        Some(Self {
            key: name.to_lowercase(),
            name,
        })
    }
}

/// Where a post's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The front matter `date` field.
    FrontMatter,
    /// The file's modification time, in the local time zone (the post has no date of its own).
    Modified,
}

/// The calendar date a post is filed under, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostDate {
    pub date: Date,
    pub source: DateSource,
}

/// The front matter fields tidings shows, beyond title, date and tags. All text is sanitized
/// (no control characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub description: Option<String>,
    /// Header image URL (`img`).
    pub img: Option<String>,
    /// Alt text of the header image (`alt`).
    pub alt: Option<String>,
    /// Where the post comes from (`source`), e.g. a publication's name.
    pub source: Option<String>,
    /// Whether the post wants a table of contents (`toc`, default true).
    pub toc: bool,
    /// Whether the post is featured (`feature`, default false).
    pub feature: bool,
}

/// Something wrong with a post that did not stop it from loading, with the 1-based line of the
/// file it concerns when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// One post, fully parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Where it was read from: a canonical path on disk, or `samples/NAME.md` for a built-in sample.
    pub path: PathBuf,
    /// One line of text, never empty, sanitized.
    pub title: String,
    pub date: Option<PostDate>,
    /// In the order first written, without case-insensitive duplicates.
    pub tags: Vec<Tag>,
    pub meta: Meta,
    /// The text after the front matter (the whole file when there is none). Not yet sanitized:
    /// the renderer does that, span by span.
    pub body: String,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Post {
    /// Builds a post from the decoded text of a file. `modified` is the file's modification
    /// date (local time zone), used when the front matter gives no date. Never fails: problems
    /// become [`Diagnostic`]s and the body is kept.
    pub fn parse(path: &Path, text: &str, modified: Option<Date>) -> Post {
        let split = frontmatter::split(text);
        let mut diagnostics = Vec::new();
        let fields = match split.front_matter {
            Some(source) => match frontmatter::parse_yaml(source) {
                Ok(fields) => fields,
                Err(err) => {
                    diagnostics.push(Diagnostic {
                        // The front matter's first line is the file's second (after `---`).
                        line: err.line.map(|l| l + 1),
                        message: format!("front matter: {}", err.message),
                    });
                    frontmatter::Fields::default()
                }
            },
            None => frontmatter::Fields::default(),
        };
        if let Some(problem) = split.problem {
            diagnostics.push(problem);
        }

        let date = match fields.date.as_deref().map(date::parse_date) {
            Some(Some(date)) => Some(PostDate {
                date,
                source: DateSource::FrontMatter,
            }),
            Some(None) => {
                diagnostics.push(Diagnostic {
                    line: None,
                    message: format!(
                        "front matter: date {:?} is not YYYY-MM-DD or RFC 3339; using the file's modification time",
                        fields.date.as_deref().unwrap_or_default()
                    ),
                });
                modified.map(|date| PostDate {
                    date,
                    source: DateSource::Modified,
                })
            }
            None => modified.map(|date| PostDate {
                date,
                source: DateSource::Modified,
            }),
        };

        let mut tags: Vec<Tag> = Vec::new();
        for tag in fields.tags.iter().filter_map(|name| Tag::new(name)) {
            if !tags.iter().any(|t| t.key == tag.key) {
                tags.push(tag);
            }
        }

        let title = fields
            .title
            .as_deref()
            .map(one_line)
            .filter(|t| !t.is_empty())
            .or_else(|| first_heading(split.body))
            .or_else(|| {
                // Plain text (`.txt`) has no headings: its first line is its title. A Markdown
                // file's first line is often an image or a list item, so its name is better.
                let is_text = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
                is_text.then(|| first_line(split.body)).flatten()
            })
            .unwrap_or_else(|| title_from_path(path));

        let clean = |v: Option<String>| v.map(|s| one_line(&s)).filter(|s| !s.is_empty());
        Post {
            path: path.to_path_buf(),
            title,
            date,
            tags,
            meta: Meta {
                description: clean(fields.description),
                img: clean(fields.img),
                alt: clean(fields.alt),
                source: clean(fields.source),
                toc: fields.toc.unwrap_or(true),
                feature: fields.feature.unwrap_or(false),
            },
            body: split.body.to_string(),
            body_line: split.body_line,
            diagnostics,
        }
    }
}

/// Collapses whitespace runs (newlines included) to one space and makes control characters visible.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::render::text::sanitize(&joined).into_owned()
}

/// The first non-empty line of a body, as a title.
fn first_line(body: &str) -> Option<String> {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(one_line(line))
}

/// The text of the first ATX heading (`# Title`, CommonMark 4.2) outside fenced code, without
/// its marks. A quick line scan: parsing the whole body for every post would slow loading.
fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                fence = match fence {
                    Some(open) if open == marker => None,
                    None => Some(marker),
                    other => other,
                };
            }
        }
        if fence.is_some() || line.len() - trimmed.len() > 3 {
            continue;
        }
        let marks = trimmed.bytes().take_while(|&b| b == b'#').count();
        let rest = &trimmed[marks..];
        if (1..=6).contains(&marks) && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            let text = one_line(rest.trim().trim_end_matches('#'));
            if !text.is_empty() {
                return Some(text);
            }
        }
    }
    None
}

/// A title from a file name: `my-post.md` → `my-post`; `my-post/index.md` → `my-post`.
fn title_from_path(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let named = if matches!(stem, "index" | "_index" | "README") {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    let title = one_line(named);
    if title.is_empty() {
        "(untitled)".to_string()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        date::parse_date(s).expect("test date")
    }

    #[test]
    fn seed_style_front_matter_fills_every_field() {
        let text = "---\ntitle: \"Ethereum L2\"\ndate: \"2024-06-19\"\ntag: \"defi\"\nimg: \"https://x/y.webp\"\ndescription: \"Desc\"\nalt: \"Chart\"\ntoc: true\nsource: \"DeFiBank\"\nfeature: false\n---\n\nBody **here**.\n";
        let post = Post::parse(Path::new("a.txt"), text, Some(d("2020-01-01")));
        assert_eq!(post.title, "Ethereum L2");
        assert_eq!(
            post.date,
            Some(PostDate {
                date: d("2024-06-19"),
                source: DateSource::FrontMatter
            })
        );
        assert_eq!(post.tags, vec![Tag::new("defi").expect("tag")]);
        assert_eq!(post.meta.img.as_deref(), Some("https://x/y.webp"));
        assert_eq!(post.meta.source.as_deref(), Some("DeFiBank"));
        assert_eq!(post.meta.alt.as_deref(), Some("Chart"));
        assert!(post.meta.toc);
        assert!(!post.meta.feature);
        assert_eq!(post.body, "\nBody **here**.\n");
        assert_eq!(post.body_line, 12);
        assert!(post.diagnostics.is_empty());
    }

    #[test]
    fn no_front_matter_takes_title_from_first_line_and_date_from_mtime() {
        let text = "\n\n  Saved from the web  \nSecond line.\n";
        let post = Post::parse(Path::new("x.txt"), text, Some(d("2023-03-04")));
        assert_eq!(post.title, "Saved from the web");
        assert_eq!(
            post.date,
            Some(PostDate {
                date: d("2023-03-04"),
                source: DateSource::Modified
            })
        );
        assert_eq!(post.body, text);
    }

    #[test]
    fn broken_front_matter_keeps_body_and_shows_diagnostic() {
        let text = "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n# Heading title\n\ntext\n";
        let post = Post::parse(Path::new("broken.md"), text, None);
        assert_eq!(post.title, "Heading title");
        assert_eq!(post.body, "# Heading title\n\ntext\n");
        assert_eq!(post.diagnostics.len(), 1);
        let shown = post.diagnostics[0].to_string();
        assert!(shown.contains("front matter"), "{shown}");
        assert!(shown.starts_with("line "), "{shown}");
    }

    #[test]
    fn tags_merge_case_insensitively_in_first_seen_case() {
        let text = "---\ntag: Rust\ntags: [rust, CLI, cli]\n---\nx\n";
        let post = Post::parse(Path::new("t.md"), text, None);
        let names: Vec<_> = post.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Rust", "CLI"]);
    }

    #[test]
    fn control_characters_in_titles_are_made_visible() {
        let text = "---\ntitle: \"Evil\\e[2J title\\a\"\n---\nx\n";
        let post = Post::parse(Path::new("e.md"), text, None);
        assert!(
            !post.title.chars().any(char::is_control),
            "{:?}",
            post.title
        );
        assert!(post.title.starts_with("Evil"));
    }

    #[test]
    fn markdown_without_title_takes_its_first_heading_outside_code() {
        let text = "![img](a.png)\n\n```\n# not a heading\n```\n\n#hashtag\n\n## Real heading ##\n";
        let post = Post::parse(Path::new("x.md"), text, None);
        assert_eq!(post.title, "Real heading");
    }

    #[test]
    fn markdown_without_title_or_heading_is_named_by_its_file() {
        let text = "---\napi: omnibox\n---\n\n![A screenshot](omnibox.png)\n";
        let post = Post::parse(Path::new("docs/omnibox/index.md"), text, None);
        assert_eq!(post.title, "omnibox");
    }

    #[test]
    fn index_md_without_title_is_named_by_its_folder() {
        let post = Post::parse(Path::new("blog/my-post/index.md"), "", None);
        assert_eq!(post.title, "my-post");
    }

    #[test]
    fn unparsable_date_falls_back_to_mtime_with_diagnostic() {
        let text = "---\ntitle: T\ndate: next tuesday\n---\n";
        let post = Post::parse(Path::new("t.md"), text, Some(d("2022-02-02")));
        assert_eq!(post.date.map(|d| d.source), Some(DateSource::Modified));
        assert_eq!(post.diagnostics.len(), 1);
    }
}
