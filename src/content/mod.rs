//! The content model: a [`Post`] is what one file (or one built-in sample) becomes once it has been
//! read, decoded and had its front matter parsed. Everything after `content` trusts a `Post`.

pub mod admonitions;
pub mod anchors;
pub mod body;
pub mod cache;
pub mod callouts;
pub mod date;
pub mod deferred;
pub mod dialects;
mod format;
pub mod frontmatter;
pub mod kind;
pub mod lang;
pub mod loader;
pub mod mdx;
mod meta;
pub mod plain;
pub mod read;
pub mod reading;
pub mod samples;
pub mod shortcodes;
pub mod templates;
#[cfg(test)]
pub(crate) mod testing;
mod titles;
pub mod vault;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use compact_str::CompactString;
pub use format::Format;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use titles::{first_line, one_line, opening_heading, text_field, title_from_path};

pub use body::Body;
pub use meta::{Details, Meta, TitleFrom};

/// A post's identity while tidings runs. A path keeps its id for the life of the store: edits,
/// and a delete followed by a create (some editors save that way), keep it; a rename
/// (the store's `Change::Moved`) carries it to the new path. Never given to another path's post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostId(u32);

impl PostId {
    /// The id of the store's `index`th slot (ids past `u32::MAX` posts share the last one).
    pub fn from_index(index: usize) -> Self {
        PostId(u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// The store slot this id names.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A tag as written in a post's front matter. Tags match case-insensitively (`key`), and are
/// shown as first written (`name`). Both are kept inline up to 24 bytes ([`CompactString`]):
/// a start from the metadata cache made two strings a tag, most of a post's allocations.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tag {
    /// Lower-cased name, used for matching and ordering.
    pub key: CompactString,
    /// The name as written in the post.
    pub name: CompactString,
}

impl Tag {
    /// A tag from its written name (HTML character references decoded, as a browser shows
    /// them: `R&amp;D` is `R&D`); `None` when the name is blank.
    pub fn new(name: &str) -> Option<Self> {
        let decoded = if name.contains('&') {
            html_escape::decode_html_entities(name)
        } else {
            std::borrow::Cow::Borrowed(name)
        };
        let name = CompactString::from(crate::text::sanitize(decoded.trim()));
        if name.is_empty() {
            return None;
        }
        Some(Self {
            key: name.as_str().to_lowercase().into(),
            name,
        })
    }
}

/// Where a post's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateSource {
    /// The front matter `date` field.
    FrontMatter,
    /// A date in the front matter `path` or the file's path (`2025/06/26/slug`,
    /// `2024-06-10-slug.md`).
    Path,
    /// The file's modification time, in the local time zone (the post has no date of its own).
    Modified,
}

/// The calendar date a post is filed under, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDate {
    #[serde(with = "cache::ymd")]
    pub date: Date,
    pub source: DateSource,
}

/// Whether a post is published on a given day, as `hugo` decides it (drafts, `publishDate`,
/// `expiryDate`); only published posts are listed unless drafts are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    Published,
    /// `draft: true`.
    Draft,
    /// `publishDate` is after the day.
    Scheduled(Date),
    /// `expiryDate` is on or before the day.
    Expired(Date),
}

/// Something wrong with a post that did not stop it from loading, with the 1-based line of the
/// file it concerns when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    /// `path:line: message`, or `path: message` without a line, as compilers write them.
    pub fn at(&self, path: &Path) -> String {
        match self.line {
            Some(line) => format!("{}:{line}: {}", path.display(), self.message),
            None => format!("{}: {}", path.display(), self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What a post's file looked like when it was read: enough to tell, without reading it again,
/// whether it has changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Modification time; `None` where the platform does not give one.
    pub modified: Option<std::time::SystemTime>,
    /// Size in bytes (the whole file, even when only part of it was read).
    pub bytes: u64,
    /// The inode's change time (`st_ctim`, POSIX), to the nanosecond: it moves on every write,
    /// rename and `chmod`, and, unlike the modification time, no tool can set it back, so a file
    /// rewritten within the same second at the same size still shows as changed. `None` off
    /// Unix.
    pub changed: Option<std::time::SystemTime>,
}

impl FileStamp {
    /// The stamp of file metadata.
    pub fn of(meta: &std::fs::Metadata) -> Self {
        Self {
            modified: meta.modified().ok(),
            bytes: meta.len(),
            changed: inode_changed(meta),
        }
    }

    /// The time `secs` seconds and `nanos` nanoseconds from the Unix epoch (before it for
    /// negative `secs`), as `stat(2)` gives times; `None` past what `SystemTime` holds.
    pub fn time(secs: i64, nanos: u32) -> Option<std::time::SystemTime> {
        let since = std::time::Duration::new(secs.unsigned_abs(), nanos);
        if secs >= 0 {
            std::time::SystemTime::UNIX_EPOCH.checked_add(since)
        } else {
            std::time::SystemTime::UNIX_EPOCH.checked_sub(since)
        }
    }
}

/// The inode change time of `meta` (see [`FileStamp::changed`]).
#[cfg(unix)]
fn inode_changed(meta: &std::fs::Metadata) -> Option<std::time::SystemTime> {
    use std::os::unix::fs::MetadataExt;
    FileStamp::time(meta.ctime(), u32::try_from(meta.ctime_nsec()).ok()?)
}

#[cfg(not(unix))]
fn inode_changed(_meta: &std::fs::Metadata) -> Option<std::time::SystemTime> {
    None
}

/// Bodies longer than this (bytes) keep the block their file was read into (see
/// [`Post::parse`]).
const MOVED_IN_PLACE_BYTES: usize = 64 * 1024;

/// One post, fully parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Where it was read from: a canonical path on disk, or `samples/NAME.md` for a built-in
    /// sample. Shared (not copied) by the store's path index and the watcher's stamps.
    /// The metadata cache keeps it beside the post, where a post is found by it.
    #[serde(skip, default = "cache::no_path")]
    pub path: Arc<Path>,
    /// One line of text, never empty, sanitized.
    pub title: String,
    pub date: Option<PostDate>,
    /// In the order first written, without case-insensitive duplicates.
    pub tags: Vec<Tag>,
    pub meta: Meta,
    /// The text after the front matter (the whole file when there is none), held or left on
    /// disk (see [`body`]). The metadata cache keeps its length alone: a post read from it
    /// has its body on disk.
    #[serde(with = "cache::body_on_disk")]
    pub body: Body,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    pub format: Format,
    /// The file is a section page (`_index.md`, Hugo and Zola): it describes its folder's posts
    /// and is listed as their section, not as a post.
    pub section: bool,
    /// The file as it was when read; `None` for a built-in sample.
    pub file: Option<FileStamp>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file opens a front matter block that could not be read (never closed, or not valid
    /// YAML 1.2 / TOML 1.0), so the post's fields are defaults; `diagnostics[0]` says why.
    pub front_matter_broken: bool,
    /// The file has a front matter block (read or not).
    pub has_front_matter: bool,
    /// Why the file is not an article (a redirect stub, a partial, a 404 page...), if it is not:
    /// the default list leaves it out (see [`kind`]).
    pub not_article: Option<kind::NotArticle>,
    /// The post's language code (`ru`, `pt-br`), if the site says, else if its text told (see
    /// [`lang`]). Kept inline (a code is a few bytes): 100,000 posts' codes as `String`s
    /// were 3 MiB of small blocks.
    pub lang: Option<compact_str::CompactString>,
    /// Where [`Post::lang`] came from.
    pub lang_from: Option<lang::LangSource>,
    /// What the post's translations share (its path without the language), when the language
    /// came from the path.
    pub translation_key: Option<String>,
}

impl Post {
    /// Builds a post from the decoded text of a file. `modified` is the file's modification
    /// date (local time zone), the last link of the date chain (see [`date`]). Never fails:
    /// problems become [`Diagnostic`]s and the body is kept. The text's allocation becomes the
    /// body's, so a large folder is not held in memory twice.
    pub fn parse(path: &Path, text: impl Into<String>, modified: Option<Date>) -> Post {
        let mut text: String = text.into();
        let split = frontmatter::split(&text);
        let mut diagnostics = Vec::new();
        let fields = match split.front_matter {
            Some((format, source)) => match frontmatter::parse(format, source) {
                Ok(fields) => fields,
                Err(err) => {
                    diagnostics.push(Diagnostic {
                        // The front matter's first line is the file's second (after the fence).
                        line: err.line.map(|l| l + 1),
                        message: format!("front matter: {}", err.message),
                    });
                    frontmatter::Fields::default()
                }
            },
            None => frontmatter::Fields::default(),
        };
        diagnostics.extend(split.problem.clone());
        let front_matter_broken = !diagnostics.is_empty();
        let format = Format::detect(path, split.front_matter.is_some(), split.body);

        let front_matter_date = fields.date.as_deref().and_then(|written| {
            let parsed = date::parse_date(written);
            if parsed.is_none() {
                diagnostics.push(Diagnostic {
                    line: None,
                    message: format!(
                        "front matter: date {written:?} is not a date (YYYY-MM-DD or RFC 3339); using the next date found"
                    ),
                });
            }
            parsed
        });
        let date = front_matter_date
            .map(|date| PostDate {
                date,
                source: DateSource::FrontMatter,
            })
            .or_else(|| {
                let from_field = fields
                    .path
                    .as_deref()
                    .map(Path::new)
                    .and_then(date::path_date);
                from_field
                    .or_else(|| date::path_date(path))
                    .map(|date| PostDate {
                        date,
                        source: DateSource::Path,
                    })
            })
            .or_else(|| {
                modified.map(|date| PostDate {
                    date,
                    source: DateSource::Modified,
                })
            });

        let mut tags: Vec<Tag> = Vec::new();
        // Obsidian writes some with their `#`. In a vault, tags written in the text count too,
        // and nested ones bring their parents (see [`Post::read_as_vault_note`]); elsewhere
        // `CI/CD` is one tag and `#0366d6` a colour.
        for name in fields.tags.iter().map(|n| n.trim().trim_start_matches('#')) {
            push_tag(&mut tags, name, false);
        }
        // Kept as long as the post: room for four tags where two are used was 9 MiB over
        // 100,000 posts.
        tags.shrink_to_fit();

        // A plain-text article's kicker, headline, standfirst and byline (see [`plain`]).
        let shape = (format == Format::PlainText).then(|| plain::shape(split.body));
        let (title, title_from) = fields
            .title
            .as_deref()
            .map(text_field)
            .filter(|t| !t.is_empty())
            .map(|t| (t, TitleFrom::FrontMatter))
            .or_else(|| match &shape {
                // A front matter that could not be read is in the body: the note does not
                // start with its heading through no doing of its author's.
                None => opening_heading(split.body, front_matter_broken)
                    .map(|t| (t, TitleFrom::Heading)),
                // Else its first line, as plain text has no other mark of a title.
                Some(shape) => shape
                    .headline
                    .as_deref()
                    .map(one_line)
                    .or_else(|| first_line(split.body))
                    .map(|t| (t, TitleFrom::FirstLine)),
            })
            .unwrap_or_else(|| (title_from_path(path), TitleFrom::FileName));

        let clean = |v: Option<String>| v.map(|s| text_field(&s)).filter(|s| !s.is_empty());
        let mut dated = |field: &str, written: Option<String>| {
            let written = written?;
            let parsed = date::parse_date(&written);
            if parsed.is_none() {
                diagnostics.push(Diagnostic {
                    line: None,
                    message: format!(
                        "front matter: {field} {written:?} is not a date (YYYY-MM-DD or RFC 3339); ignored"
                    ),
                });
            }
            parsed
        };
        let publish_date = dated("publishDate", fields.publish_date);
        let expiry_date = dated("expiryDate", fields.expiry_date);
        let details = Details {
            description: clean(fields.description)
                .or_else(|| clean(shape.as_ref().and_then(|s| s.standfirst.clone()))),
            kicker: clean(shape.as_ref().and_then(|s| s.kicker.clone())),
            byline: clean(shape.as_ref().and_then(|s| s.byline.clone())),
            img: clean(fields.img),
            alt: clean(fields.alt),
            source: clean(fields.source),
            slug: clean(fields.slug),
            url: clean(fields.url),
            aliases: fields.aliases.iter().map(|a| one_line(a)).collect(),
            authors: fields.authors.iter().map(|a| text_field(a)).collect(),
            other: fields
                .other
                .into_iter()
                .map(|(k, v)| (one_line(&k), one_line(&v)))
                .collect(),
        };
        let meta = Meta {
            details: details.into(),
            toc: fields.toc.unwrap_or(true),
            feature: fields.feature.unwrap_or(false),
            draft: fields.draft.unwrap_or(false),
            updated: fields.updated.as_deref().and_then(date::parse_date),
            publish_date,
            expiry_date,
            weight: fields.weight,
            reading: None,
            title_from,
        };
        let field = |names: &[&str]| {
            names.iter().find_map(|name| {
                meta.details
                    .other
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            })
        };
        let redirect = field(&["redirect", "redirect_to"]);
        let not_article = kind::NotArticle::classify(
            path,
            kind::Facts {
                has_front_matter: split.front_matter.is_some(),
                has_title: fields
                    .title
                    .as_deref()
                    .is_some_and(|t| !t.trim().is_empty()),
                body: split.body,
                redirect,
                has_aliases: !meta.details.aliases.is_empty(),
                // A mapping (`pagination: {data: …, size: …}`) is kept flattened.
                paginated: (meta.details.other.iter()).any(|(key, _)| {
                    let key = key.split('.').next().unwrap_or_default();
                    key.eq_ignore_ascii_case("pagination")
                }),
            },
        );
        let has_front_matter = split.front_matter.is_some() || front_matter_broken;
        let written_lang = field(&["lang", "language"]);
        // What the author wrote only: detecting it from the text costs ~80 µs a post, so it is
        // done after the load, in the background (see `lang::detect_post`).
        let language = lang::of(path, written_lang);
        let translation_key = language
            .as_ref()
            .and_then(|(_, source)| lang::translation_key(path, *source));
        let body_line = split.body_line;
        let body_start = text.len() - split.body.len();
        // The front matter's bytes are not kept: over 100,000 posts they add up to tens of MiB.
        // One copy of the body, in a block of its size (moving it down and shrinking the block
        // copied it twice). A long body is moved down in its own block instead: a new block
        // that large is fresh pages from the system (a 200 KB post's took ~40 µs of its first
        // screen), and the front matter is a sliver of it.
        let text = if body_start == 0 {
            text.shrink_to_fit();
            text
        } else if text.len() > MOVED_IN_PLACE_BYTES {
            text.replace_range(..body_start, "");
            text
        } else {
            text[body_start..].to_owned()
        };
        Post {
            path: Arc::from(path),
            title,
            date,
            tags,
            meta,
            body: Body::Held(text),
            body_line,
            format,
            section: is_section_path(path),
            file: None,
            diagnostics,
            front_matter_broken,
            has_front_matter,
            not_article,
            lang_from: language.as_ref().map(|(_, source)| *source),
            lang: language.map(|(code, _)| code.into()),
            translation_key,
        }
    }

    /// Whether the post is published on `today` (see [`Publication`]); a draft is a draft
    /// whatever its dates.
    pub fn publication(&self, today: Date) -> Publication {
        let meta = &self.meta;
        if meta.draft {
            Publication::Draft
        } else if let Some(publish) = meta.publish_date.filter(|&d| d > today) {
            Publication::Scheduled(publish)
        } else if let Some(expiry) = meta.expiry_date.filter(|&d| d <= today) {
            Publication::Expired(expiry)
        } else {
            Publication::Published
        }
    }

    /// Whether the post may be unpublished on some day: a draft, or a post with a publish or
    /// expiry date. The store keeps these apart so that hiding them costs nothing elsewhere.
    pub fn may_be_unpublished(&self) -> bool {
        self.meta.draft || self.meta.publish_date.is_some() || self.meta.expiry_date.is_some()
    }

    /// A post that [`Post::parse`] could not build (it panicked: a bug in tidings): its text as
    /// plain text under its file name, with a diagnostic that says so.
    pub fn unparsed(path: &Path, text: String, why: &str) -> Post {
        Post {
            path: Arc::from(path),
            title: title_from_path(path),
            date: None,
            tags: Vec::new(),
            meta: Meta {
                toc: true,
                ..Meta::default()
            },
            body: Body::Held(text),
            body_line: 1,
            format: Format::PlainText,
            section: is_section_path(path),
            file: None,
            diagnostics: vec![Diagnostic {
                line: None,
                message: format!(
                    "{} ({why}); it is shown as plain text. This is a bug: please report it",
                    cache::UNPARSED_MARK
                ),
            }],
            front_matter_broken: false,
            has_front_matter: false,
            not_article: None,
            lang: None,
            lang_from: None,
            translation_key: None,
        }
    }

    /// Reads the post as a note of an Obsidian vault: titled by its file name unless its front
    /// matter gives a title; tagged by the tags written in its text too (`#tag`, see
    /// [`vault::inline_tags`]); a nested tag (`project/alpha`) bringing its parents
    /// (`project`), so choosing a parent finds its children's notes, as Obsidian's tag pane
    /// does. Call it while the body is held.
    pub fn read_as_vault_note(&mut self) {
        let mut written: Vec<String> = self.tags.iter().map(|t| t.name.to_string()).collect();
        if self.format == Format::Markdown {
            written.extend(vault::inline_tags(self.text()));
        }
        for name in &written {
            push_tag(&mut self.tags, name, true);
        }
        self.title_by_file_name();
    }

    /// Titles the post by its file name, as an Obsidian vault titles its notes, unless its front
    /// matter gives a title.
    pub fn title_by_file_name(&mut self) {
        if self.meta.title_from != TitleFrom::FrontMatter {
            // The file's own name, `README` and `index` too, as Obsidian shows it.
            let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            self.title = Some(one_line(stem))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| title_from_path(&self.path));
            self.meta.title_from = TitleFrom::FileName;
        }
    }

    /// Why the front matter could not be read, with its line, when it could not (see
    /// [`Post::front_matter_broken`]).
    pub fn front_matter_error(&self) -> Option<&Diagnostic> {
        self.front_matter_broken
            .then(|| self.diagnostics.first())
            .flatten()
    }
}

/// Whether `path` names a section page: `_index.md` (any extension), as Hugo and Zola name them.
pub fn is_section_path(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()) == Some("_index")
}

/// Adds tag `name` to `tags` unless one with its key is there; with `nested`, its parents first
/// (`a` and `a/b` before `a/b/c`).
fn push_tag(tags: &mut Vec<Tag>, name: &str, nested: bool) {
    let parents = name
        .match_indices('/')
        .filter(|_| nested)
        .map(|(at, _)| &name[..at]);
    for tag in parents.chain([name]).filter_map(Tag::new) {
        if !tags.iter().any(|t| t.key == tag.key) {
            tags.push(tag);
        }
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
        assert_eq!(post.meta.details.img.as_deref(), Some("https://x/y.webp"));
        assert_eq!(post.meta.details.source.as_deref(), Some("DeFiBank"));
        assert_eq!(post.meta.details.alt.as_deref(), Some("Chart"));
        assert!(post.meta.toc);
        assert!(!post.meta.feature);
        assert_eq!(post.text(), "\nBody **here**.\n");
        assert_eq!(post.body_line, 12);
        assert!(post.diagnostics.is_empty());
    }

    #[test]
    fn a_body_is_the_text_after_the_front_matter_whether_short_or_long() {
        for words in [10, MOVED_IN_PLACE_BYTES / 5 + 10] {
            let body = format!("# Head\n\n{}\n", "word ".repeat(words));
            let text = format!("---\ntitle: T\ntag: [a, b]\n---\n{body}");
            let post = Post::parse(Path::new("p.md"), text, None);
            assert_eq!(post.text(), body);
            assert_eq!((post.title.as_str(), post.body_line), ("T", 5));
        }
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
        assert_eq!(post.text(), text);
    }

    #[test]
    fn broken_front_matter_keeps_body_and_shows_diagnostic() {
        let text = "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n# Heading title\n\ntext\n";
        let post = Post::parse(Path::new("broken.md"), text, None);
        assert_eq!(post.title, "Heading title");
        assert_eq!(post.text(), "# Heading title\n\ntext\n");
        assert_eq!(post.diagnostics.len(), 1);
        let shown = post.diagnostics[0].to_string();
        assert!(shown.contains("front matter"), "{shown}");
        assert!(shown.starts_with("line "), "{shown}");
    }

    #[test]
    fn tags_have_their_character_references_decoded() {
        let text = "---\ntags: [R&amp;D, caf&#233;, plain]\n---\nx\n";
        let post = Post::parse(Path::new("/p/a.md"), text, None);
        let names: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["R&D", "café", "plain"]);
    }

    #[test]
    fn tags_merge_case_insensitively_in_first_seen_case() {
        let text = "---\ntag: Rust\ntags: [rust, CLI, cli]\n---\nx\n";
        let post = Post::parse(Path::new("t.md"), text, None);
        let names: Vec<_> = post.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Rust", "CLI"]);
    }

    #[test]
    fn character_references_in_titles_and_descriptions_are_decoded() {
        let text = "---\ntitle: \"What's New in WebGPU (Chrome&nbsp;119)\"\ndescription: \"Q&amp;A &#8212; &lt;b&gt; AT&T\"\n---\nx\n";
        let post = Post::parse(Path::new("c.md"), text, None);
        assert_eq!(post.title, "What's New in WebGPU (Chrome 119)");
        assert_eq!(
            post.meta.details.description.as_deref(),
            Some("Q&A — <b> AT&T")
        );
        // An escape written as a reference is made visible as any control character is.
        let post = Post::parse(Path::new("e.md"), "---\ntitle: \"a&#27;[2Jb\"\n---\n", None);
        assert!(
            !post.title.chars().any(char::is_control),
            "{:?}",
            post.title
        );
        let post = Post::parse(Path::new("h.md"), "# Fish &amp; chips\n\ntext\n", None);
        assert_eq!(post.title, "Fish & chips");
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
    fn markdown_without_title_takes_the_heading_it_opens_with_else_its_file_name() {
        let text = "<!-- draft -->\n![img](a.png)\n\n## Real heading ##\n\ntext\n";
        let post = Post::parse(Path::new("x.md"), text, None);
        assert_eq!(post.title, "Real heading");
        assert_eq!(post.meta.title_from, TitleFrom::Heading);
        // Text before the first heading: the note is named by its file, as Obsidian names it.
        for text in [
            "Some text first.\n\n# Later heading\n",
            "```\n# not a heading\n```\n\n# Heading\n",
            "#hashtag\n\n# Heading\n",
        ] {
            let post = Post::parse(Path::new("notes/My note.md"), text, None);
            assert_eq!(post.title, "My note", "{text:?}");
            assert_eq!(post.meta.title_from, TitleFrom::FileName);
        }
        let mut titled = Post::parse(Path::new("v/Note.md"), "---\ntitle: Kept\n---\n# H\n", None);
        titled.title_by_file_name();
        assert_eq!(titled.title, "Kept");
        let mut headed = Post::parse(Path::new("v/Note.md"), "# H\n", None);
        headed.title_by_file_name();
        assert_eq!(headed.title, "Note");
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

    #[test]
    fn toml_post_is_dated_by_its_path_field() {
        let text = "+++\npath = \"2025/06/26/Rust-1.88.0\"\ntitle = \"Announcing Rust 1.88.0\"\nauthors = [\"The Rust Release Team\"]\n\n[extra]\nrelease = true\n+++\n\nThe Rust team is happy.\n";
        let post = Post::parse(
            Path::new("/blog/Rust-1.88.0.md"),
            text,
            Some(d("2020-01-01")),
        );
        assert_eq!(post.title, "Announcing Rust 1.88.0");
        assert_eq!(
            post.date,
            Some(PostDate {
                date: d("2025-06-26"),
                source: DateSource::Path
            })
        );
        assert_eq!(post.text(), "\nThe Rust team is happy.\n");
        assert_eq!(post.body_line, 9);
        assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
        assert!(
            post.meta
                .details
                .other
                .contains(&("extra.release".to_string(), "true".to_string()))
        );
    }

    #[test]
    fn date_chain_runs_front_matter_then_path_then_mtime() {
        let mtime = Some(d("2020-01-01"));
        let dated = |path: &str, text: &str| Post::parse(Path::new(path), text, mtime).date;
        let front = dated(
            "/b/2023-01-01-x.md",
            "---\ndate: 2024-06-19 08:15:00 +0000\n---\n",
        );
        assert_eq!(
            front.map(|d| (d.date, d.source)),
            Some((d("2024-06-19"), DateSource::FrontMatter))
        );
        let path = dated("/b/2023-01-02-x.md", "# x\n");
        assert_eq!(
            path.map(|d| (d.date, d.source)),
            Some((d("2023-01-02"), DateSource::Path))
        );
        let bad = Post::parse(
            Path::new("/b/2023/01/03/x.md"),
            "---\ndate: soon\n---\n",
            mtime,
        );
        assert_eq!(
            bad.date.map(|d| (d.date, d.source)),
            Some((d("2023-01-03"), DateSource::Path))
        );
        assert_eq!(bad.diagnostics.len(), 1);
        let file = dated("/b/x.md", "# x\n");
        assert_eq!(
            file.map(|d| (d.date, d.source)),
            Some((d("2020-01-01"), DateSource::Modified))
        );
    }

    #[test]
    fn draft_and_updated_are_read() {
        let text = "---\ntitle: T\ndraft: true\nupdated: 2024-07-01T10:00:00Z\n---\n";
        let post = Post::parse(Path::new("t.md"), text, None);
        assert!(post.meta.draft);
        assert_eq!(post.meta.updated, Some(d("2024-07-01")));
    }

    #[test]
    fn plain_text_is_told_from_markdown() {
        let plain = "Saved page\n\n1. First\n========\n- item\nprice: 5*3*2\n";
        assert_eq!(
            Format::detect(Path::new("a.txt"), false, plain),
            Format::PlainText
        );
        assert_eq!(
            Format::detect(Path::new("a.md"), false, plain),
            Format::Markdown
        );
        assert_eq!(
            Format::detect(Path::new("a.txt"), true, plain),
            Format::Markdown
        );
        for marked in [
            "# Title\n",
            "see [x](http://y)\n",
            "```\ncode\n```\n",
            "a **b** c\n",
            "run `ls`\n",
        ] {
            assert_eq!(
                Format::detect(Path::new("a.txt"), false, marked),
                Format::Markdown,
                "{marked}"
            );
        }
    }

    #[test]
    fn unterminated_front_matter_keeps_everything_as_body() {
        let text = "---\ntitle: Never closed\n\n# Heading\n";
        let post = Post::parse(Path::new("u.md"), text, None);
        assert_eq!(post.text(), text);
        assert_eq!(post.title, "Heading");
        assert_eq!(post.diagnostics.len(), 1);
        assert_eq!(post.diagnostics[0].line, Some(1));
    }

    #[test]
    fn broken_toml_reports_the_files_line() {
        let text = "+++\ntitle = \"ok\"\ntags = [\n+++\nbody\n";
        let post = Post::parse(Path::new("b.md"), text, None);
        assert_eq!(post.text(), "body\n");
        assert_eq!(post.diagnostics.len(), 1);
        let line = post.diagnostics[0].line.expect("line");
        assert!((3..=4).contains(&line), "{:?}", post.diagnostics);
    }

    #[test]
    fn bom_and_crlf_front_matter_is_read() {
        let text = "\u{feff}---\r\ntitle: Windows post\r\ntags: a, b\r\n---\r\nBody\r\n";
        let post = Post::parse(Path::new("w.md"), text, None);
        assert_eq!(post.title, "Windows post");
        assert_eq!(post.tags.len(), 2);
        assert_eq!(post.text(), "Body\r\n");
    }
}
