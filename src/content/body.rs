//! A post's body: held in memory, or left on disk and read again when it is needed.
//!
//! A folder of 100,000 posts is about 450 MiB of text. Holding every body would make tidings
//! as large as the folder, when the list needs only titles, dates and tags. So the loader holds
//! bodies while a session's [`BodyBudget`] lasts, and leaves the rest on disk: the reader reads
//! the open post's again (from the page cache, tens of µs), and the search index, a search scan
//! and the link check read each one as they go (see [`Post::read_body`]).

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

use super::read::{LoadError, read_text};
use super::{Post, frontmatter};

/// The text after a post's front matter (the whole file when it has none), not yet sanitized:
/// the renderer does that, span by span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// In memory.
    Held(String),
    /// Left on disk, to be read again with [`Post::read_body`]. `bytes` is the body's length
    /// when it was read; `max_bytes` is how much of the file was read (its root's
    /// [`crate::content::loader::Rules::max_post_bytes`]), so a second read cuts it at the same place.
    OnDisk { bytes: usize, max_bytes: u64 },
}

impl Default for Body {
    fn default() -> Self {
        Body::Held(String::new())
    }
}

impl Body {
    /// The text, when it is held.
    pub fn held(&self) -> Option<&str> {
        match self {
            Body::Held(text) => Some(text),
            Body::OnDisk { .. } => None,
        }
    }

    /// Its length in bytes (as read, for a body on disk).
    pub fn len(&self) -> usize {
        match self {
            Body::Held(text) => text.len(),
            Body::OnDisk { bytes, .. } => *bytes,
        }
    }

    /// Whether it has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How many bytes of post bodies a session (the reader, or a command's run) holds in memory; a larger folder's other bodies stay
/// on disk and are read again when needed (see [`crate::content::body`]). A folder of ~3,500
/// posts of 4.5 KiB is held whole. Over 100,000 posts, each 16 MiB more held is 16 MiB more
/// at the peak (measured: 64 MiB held peaked at 388 MiB, 16 MiB at 328, before the index's
/// commits were spaced).
pub const HELD_BODY_BYTES: u64 = 16 << 20;

/// How many bytes of bodies the loader may hold in memory over a session; past that, bodies
/// are left on disk (see the module's comment). Shared by the loader's threads and the file
/// watcher through [`crate::content::loader::Rules::bodies`]. Bytes given back when a post goes are not
/// counted again: the budget only shrinks.
#[derive(Debug)]
pub struct BodyBudget {
    limit: u64,
    left: AtomicU64,
}

impl BodyBudget {
    /// A budget of `limit` bytes.
    pub fn new(limit: u64) -> Self {
        Self {
            limit,
            left: AtomicU64::new(limit),
        }
    }

    /// No limit: every body is held (the command line's use, which runs once and exits).
    pub fn unlimited() -> Self {
        Self::new(u64::MAX)
    }

    /// Takes `bytes` from what is left; `false` (and nothing taken) when less is left.
    pub fn take(&self, bytes: usize) -> bool {
        let bytes = bytes as u64;
        self.left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }
}

impl PartialEq for BodyBudget {
    /// Budgets are equal when their limits are: what is left is the session's, not the rule's.
    fn eq(&self, other: &Self) -> bool {
        self.limit == other.limit
    }
}

impl Eq for BodyBudget {}

impl Post {
    /// The body when it is held; empty when it was left on disk. For code that only ever meets
    /// held bodies: built-in samples, posts given alone, and the post the reader has open (the
    /// store holds it, see `Store::hold_body`). Anything that goes over a folder's posts uses
    /// [`Post::read_body`].
    pub fn text(&self) -> &str {
        self.body.held().unwrap_or_default()
    }

    /// The body, held or read again from disk (by the rules it was first read by).
    ///
    /// Errors: the file can no longer be read, or it has become binary. A file changed since it
    /// was loaded gives its new body: the file watcher brings the rest of the new version.
    pub fn read_body(&self) -> Result<Cow<'_, str>, LoadError> {
        match &self.body {
            Body::Held(text) => Ok(Cow::Borrowed(text)),
            Body::OnDisk { max_bytes, .. } => {
                let (mut text, _, _) = read_text(&self.path, *max_bytes)?;
                let start = text.len() - frontmatter::split(&text).body.len();
                text.replace_range(..start, "");
                Ok(Cow::Owned(text))
            }
        }
    }

    /// `self` with its body held: itself when it is, else a copy with the body read again.
    ///
    /// Errors: as [`Post::read_body`].
    pub fn with_body_held(&self) -> Result<Post, LoadError> {
        let text = self.read_body()?.into_owned();
        Ok(self.with_body(Body::Held(text)))
    }

    /// Drops the body, to be read from disk when needed. Its words are not counted: that is
    /// done when it is shown ([`super::reading::Reading::of_post`]), not for every post of a
    /// large folder as it loads.
    pub fn leave_body_on_disk(&mut self, max_bytes: u64) {
        let Body::Held(text) = &self.body else {
            return;
        };
        self.body = Body::OnDisk {
            bytes: text.len(),
            max_bytes,
        };
    }

    /// A copy of `self` with another body, leaving the old body (200 KB, for a long post) alone.
    pub fn with_body(&self, body: Body) -> Post {
        Post {
            path: self.path.clone(),
            title: self.title.clone(),
            date: self.date,
            tags: self.tags.clone(),
            meta: self.meta.clone(),
            body,
            body_line: self.body_line,
            format: self.format,
            section: self.section,
            file: self.file,
            diagnostics: self.diagnostics.clone(),
            front_matter_broken: self.front_matter_broken,
            has_front_matter: self.has_front_matter,
            not_article: self.not_article.clone(),
            lang: self.lang.clone(),
            lang_from: self.lang_from,
            translation_key: self.translation_key.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::load_post;

    #[test]
    fn a_body_left_on_disk_reads_back_as_it_was_loaded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cases = [
            (
                "yaml.md",
                "---\ntitle: T\n---\n\n# Head\n\nText é.\n".to_string(),
            ),
            ("toml.md", "+++\ntitle = \"T\"\n+++\nBody\r\n".to_string()),
            ("plain.txt", "Headline\n\nA plain article.\n".to_string()),
            ("broken.md", "---\ntitle: [\n---\nbody\n".to_string()),
            (
                "long.md",
                format!("---\ntitle: L\n---\n{}", "word ".repeat(5000)),
            ),
        ];
        let zone = jiff::tz::TimeZone::UTC;
        for (name, text) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, &text).expect("write");
            let held = load_post(&path, &zone).expect("load");
            let mut left = held.clone();
            left.leave_body_on_disk(crate::content::loader::MAX_POST_BYTES);
            assert_eq!(left.text(), "", "{name}");
            assert_eq!(left.body.len(), held.text().len(), "{name}");
            assert_eq!(left.read_body().expect("read"), held.text(), "{name}");
            assert_eq!(
                crate::content::reading::Reading::of_post(&left),
                crate::content::reading::Reading::of_post(&held),
                "{name}: counted from the disk"
            );
            assert_eq!(left.with_body_held().expect("held"), held, "{name}");
        }
    }

    #[test]
    fn a_body_left_on_disk_is_cut_where_it_was_cut_and_a_gone_file_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.md");
        std::fs::write(&path, format!("# Big\n\n{}", "é".repeat(1000))).expect("write");
        let zone = jiff::tz::TimeZone::UTC;
        let held = crate::content::loader::load_post_with(&path, &zone, 101).expect("load");
        let mut left = held.clone();
        left.leave_body_on_disk(101);
        assert_eq!(left.read_body().expect("read"), held.text());
        assert!(held.text().len() <= 101);
        std::fs::remove_file(&path).expect("rm");
        assert!(left.read_body().is_err());
        assert_eq!(held.read_body().expect("held"), held.text());
    }

    #[test]
    fn a_budget_gives_out_what_it_has_and_no_more() {
        let budget = BodyBudget::new(10);
        assert!(budget.take(6));
        assert!(!budget.take(5));
        assert!(budget.take(4));
        assert!(!budget.take(1));
        assert!(budget.take(0));
        assert!(BodyBudget::unlimited().take(usize::MAX));
    }
}
