//! The search index: tantivy, with BM25 ranking, kept in the platform cache directory (or in
//! memory) and brought up to date by file stamps, so a restart does not read unchanged posts
//! again.
//!
//! One document per post: its `key` (a hash of its path), `stamp` (a hash of the file's
//! modification time and size, else of its text, and of the language its words are stemmed
//! as) and `language` (that language, when not English: see `analyze::stemmed_language`) as
//! fast fields, and five text fields read by
//! our [`Analyzer`], weighted for ranking: title ×5, headings ×3, tags, description and kicker
//! ×2, body ×1. Nothing is stored but the terms: the posts themselves are in the store.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use tantivy::indexer::LogMergePolicy;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Score, Term};

use super::analyze::stemmed_language;
use super::tokenizer::{AnalyzerTokenizer, in_language};
use crate::content::Post;

/// Bumped whenever the schema or the analyzer changes: an index made by another version is
/// made again (it is a directory name, so versions never read each other's).
pub const FORMAT: &str = "v4";

/// The tokenizer's name in the index.
const TOKENIZER: &str = "tidings";

/// The tokenizer of the fields other than the body: [`TOKENIZER`]'s terms, and the words as
/// written beside them (see [`super::tokenizer::WRITTEN`]). Not the body's: written forms there made the
/// 100,000-post index 32% slower to build and each keystroke 9% slower, for the stretch of a
/// word typed past its stem (`runn`) that the title, headings, slug, tags and description
/// answer anyway.
const TOKENIZER_WRITTEN: &str = "tidings-written";

/// Memory the writer may use before it writes a segment, in bytes (tantivy's floor is 15 MB
/// per thread).
const WRITER_BYTES: usize = 64 << 20;

/// Bodies added to the writer between two commits during a sync, in bytes. tantivy queues up to
/// 10,000 documents for its thread, and a large folder's are read faster than they are indexed:
/// without a commit to wait on, the queue held ~45 MiB of text (measured, 10,000 posts).
const QUEUED_BYTES: usize = 16 << 20;

/// Segments with fewer posts than this are merged as if they had this many (tantivy's
/// `LogMergePolicy::set_min_layer_size`; its default is 10,000). With the default, the one large
/// segment of a folder of up to ~15,000 posts sits in the same layer as the few-post segments
/// that each save commits, so every 8th save merged (read, wrote and held in memory) the whole
/// index. Small, the saves' segments merge among themselves, and the large one only with
/// segments of its own size.
const MIN_LAYER_POSTS: u32 = 64;

/// The text fields, with their ranking weight. The slug is the words of the file's name (or
/// its page bundle's folder, or the front matter's `slug`): authors name files after what the
/// post is about.
pub(super) const WEIGHTS: [(&str, Score); 5] = [
    ("title", 5.0),
    ("slug", 3.0),
    ("headings", 3.0),
    ("meta", 2.0),
    ("body", 1.0),
];

/// What can go wrong with the index. None of it stops a search: it scans instead.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    key: Field,
    stamp: Field,
    /// The language a post's words are stemmed as, when not English (see [`language_number`]).
    language: Field,
    pub(super) text: [Field; 5],
}

/// A searchable index: cheap to clone, shared between the thread that writes it and the one
/// that searches it.
#[derive(Clone)]
pub struct SearchIndex {
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    /// The languages other than English that posts of the index are stemmed as: a query's
    /// words are looked up as their stems too.
    pub(super) languages: Vec<&'static str>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.reader.searcher().num_docs())
            .finish()
    }
}

/// Post key → the language its words are stemmed as, for the posts not stemmed as English.
type Languages = HashMap<u64, &'static str>;

/// The one writer of an index, with what the index holds (post key → stamp), and the posts it
/// stems as another language than English (post key → language).
pub struct IndexWriterHandle {
    writer: IndexWriter,
    index: SearchIndex,
    known: HashMap<u64, u64>,
    languages: Languages,
    /// Where it is kept (`None`: in memory).
    pub dir: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for IndexWriterHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexWriterHandle")
            .field("known", &self.known.len())
            .field("dir", &self.dir)
            .finish()
    }
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let key = builder.add_u64_field("key", INDEXED | FAST);
    let stamp = builder.add_u64_field("stamp", FAST);
    let language = builder.add_u64_field("language", FAST);
    let options = |tokenizer| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let text = WEIGHTS.map(|(name, _)| {
        let tokenizer = if name == "body" {
            TOKENIZER
        } else {
            TOKENIZER_WRITTEN
        };
        builder.add_text_field(name, options(tokenizer))
    });
    (
        builder.build(),
        Fields {
            key,
            stamp,
            language,
            text,
        },
    )
}

/// The stable key of the post at `path` in the index.
pub fn key_of(path: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// A language code of `analyze::stemmed_language` as the `language` field keeps it: its
/// bytes, little-endian (0: English).
fn language_number(language: Option<&str>) -> u64 {
    let mut bytes = [0; 8];
    if let Some(code) = language {
        let n = code.len().min(8);
        bytes[..n].copy_from_slice(&code.as_bytes()[..n]);
    }
    u64::from_le_bytes(bytes)
}

/// The language [`language_number`] keeps as `number`.
fn language_of_number(number: u64) -> Option<&'static str> {
    let bytes = number.to_le_bytes();
    let code = std::str::from_utf8(&bytes).ok()?.trim_end_matches('\0');
    stemmed_language(code)
}

/// What the index must match for `post` to be up to date: its file's modification time and
/// size, else (a post with no file) its title and body; and `language`, the language its words
/// are stemmed as when not English (`analyze::stemmed_language`), so a post whose language is
/// told later is indexed again.
pub fn stamp_of(post: &Post, language: Option<&str>) -> u64 {
    let mut hasher = DefaultHasher::new();
    if let Some(language) = language {
        language.hash(&mut hasher);
    }
    match &post.file {
        Some(file) => {
            file.modified.hash(&mut hasher);
            file.bytes.hash(&mut hasher);
        }
        None => {
            post.title.hash(&mut hasher);
            post.text().hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// The ATX headings of a Markdown body (`## Heading`), one per line, without their marks.
fn headings(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let trimmed = line.trim_start();
        let level = trimmed.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with([' ', '\t']) {
            out.push_str(trimmed[level..].trim_matches([' ', '\t', '#']));
            out.push('\n');
        }
    }
    out
}

/// The name a post is known by in its folder: the front matter's `slug`, else the file's stem,
/// else (a page bundle's `index.md`) its folder's name.
fn slug_of(post: &Post) -> &str {
    if let Some(slug) = post.meta.details.slug.as_deref() {
        return slug;
    }
    let stem = post.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if matches!(stem, "index" | "_index") {
        return post
            .path
            .parent()
            .and_then(Path::file_name)
            .and_then(|s| s.to_str())
            .unwrap_or("");
    }
    stem
}

/// Tags, description and kicker: the short text about a post.
fn meta(post: &Post) -> String {
    let mut out: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
    out.extend(post.meta.details.description.as_deref());
    out.extend(post.meta.details.kicker.as_deref());
    out.join("\n")
}

impl IndexWriterHandle {
    /// Opens the index kept in `dir` (made if missing or unreadable), or a new one in memory
    /// when `dir` is `None` or another process is writing the one there.
    ///
    /// Errors: tantivy could not make even an index in memory.
    pub fn open(dir: Option<&Path>) -> Result<IndexWriterHandle, IndexError> {
        if let Some(dir) = dir {
            match Self::open_in(dir) {
                Ok(handle) => return Ok(handle),
                Err(IndexError::Tantivy(tantivy::TantivyError::LockFailure(..))) => {}
                Err(_) => {
                    // Unreadable (a crash mid-write, a disk full): made again from the posts.
                    let _ = std::fs::remove_dir_all(dir);
                    if let Ok(handle) = Self::open_in(dir) {
                        return Ok(handle);
                    }
                }
            }
        }
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields, None)
    }

    fn open_in(dir: &Path) -> Result<IndexWriterHandle, IndexError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(directory, schema)?;
        Self::with_index(index, fields, Some(dir.to_path_buf()))
    }

    fn with_index(
        index: Index,
        fields: Fields,
        dir: Option<std::path::PathBuf>,
    ) -> Result<IndexWriterHandle, IndexError> {
        let tokenizer = AnalyzerTokenizer::new;
        let tokenizers = index.tokenizers();
        tokenizers.register(TOKENIZER, TextAnalyzer::from(tokenizer(false)));
        tokenizers.register(TOKENIZER_WRITTEN, TextAnalyzer::from(tokenizer(true)));
        let writer: IndexWriter = index.writer_with_num_threads(1, WRITER_BYTES)?;
        let mut merges = LogMergePolicy::default();
        merges.set_min_layer_size(MIN_LAYER_POSTS);
        writer.set_merge_policy(Box::new(merges));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let index = SearchIndex {
            reader,
            fields,
            languages: Vec::new(),
        };
        let (known, languages) = index.stamps()?;
        let mut handle = IndexWriterHandle {
            writer,
            index,
            known,
            languages,
            dir,
        };
        handle.index.languages = handle.languages_held();
        Ok(handle)
    }

    /// A handle to search the index with.
    pub fn index(&self) -> SearchIndex {
        self.index.clone()
    }

    /// The languages other than English that the index's posts are stemmed as, in order.
    fn languages_held(&self) -> Vec<&'static str> {
        let held: std::collections::BTreeSet<&'static str> =
            self.languages.values().copied().collect();
        held.into_iter().collect()
    }

    /// How many posts the index holds.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Makes the index hold exactly `posts` (by key and stamp): posts gone are deleted, posts
    /// new or changed are read again; `progress(done, total)` is called every 500 posts read.
    /// Each post comes with its language code (`Store::lang`), if known: a language with a
    /// stemmer of its own has the post's words stemmed as that language.
    /// Commits, and the searchers see the result. Returns how many posts were read.
    ///
    /// Errors: tantivy could not write or commit.
    pub fn sync<'a>(
        &mut self,
        posts: impl IntoIterator<Item = (&'a Post, Option<&'a str>)>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<usize, IndexError> {
        let mut present = HashSet::new();
        let mut stale = Vec::new();
        for (post, lang) in posts {
            let key = key_of(&post.path);
            present.insert(key);
            let language = lang.and_then(stemmed_language);
            let stamp = stamp_of(post, language);
            if self.known.get(&key) != Some(&stamp) {
                stale.push((key, stamp, post, language));
            }
        }
        let gone: Vec<u64> = self
            .known
            .keys()
            .copied()
            .filter(|k| !present.contains(k))
            .collect();
        if stale.is_empty() && gone.is_empty() {
            return Ok(0);
        }
        for key in gone {
            self.delete(key);
        }
        let total = stale.len();
        let mut queued = 0;
        for (done, (key, stamp, post, language)) in stale.into_iter().enumerate() {
            queued += self.add(key, stamp, post, language)?;
            if queued > QUEUED_BYTES {
                // Waits for the writer's thread to index what is queued.
                self.writer.commit()?;
                queued = 0;
            }
            if done.is_multiple_of(500) {
                progress(done, total);
            }
        }
        self.commit()?;
        Ok(total)
    }

    /// Brings the posts at `paths` up to date: each is in `posts` now (with its language code,
    /// as [`IndexWriterHandle::sync`] takes it), or gone. Commits.
    ///
    /// Errors: tantivy could not write or commit.
    pub fn update<'a>(
        &mut self,
        changes: impl IntoIterator<Item = (&'a Path, Option<(&'a Post, Option<&'a str>)>)>,
    ) -> Result<(), IndexError> {
        let mut any = false;
        for (path, post) in changes {
            let key = key_of(path);
            match post {
                Some((post, lang)) => {
                    let language = lang.and_then(stemmed_language);
                    let stamp = stamp_of(post, language);
                    if self.known.get(&key) != Some(&stamp) {
                        self.delete(key);
                        self.add(key, stamp, post, language)?;
                        any = true;
                    }
                }
                None if self.known.contains_key(&key) => {
                    self.delete(key);
                    any = true;
                }
                None => {}
            }
        }
        if any {
            self.commit()?;
        }
        Ok(())
    }

    fn delete(&mut self, key: u64) {
        self.languages.remove(&key);
        if self.known.remove(&key).is_some() {
            self.writer
                .delete_term(Term::from_field_u64(self.index.fields.key, key));
        }
    }

    /// Adds (or replaces) `post`, its words stemmed as `language` (`None`: English), and returns
    /// the bytes of its body. A post whose body can no longer be read is left out until the
    /// next sync: the file watcher brings its removal or its new version.
    fn add(
        &mut self,
        key: u64,
        stamp: u64,
        post: &Post,
        language: Option<&'static str>,
    ) -> Result<usize, IndexError> {
        if self.known.contains_key(&key) {
            self.delete(key);
        }
        let Ok(text) = post.read_body() else {
            return Ok(0);
        };
        let fields = self.index.fields;
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_u64(fields.key, key);
        doc.add_u64(fields.stamp, stamp);
        doc.add_u64(fields.language, language_number(language));
        let [title, slug, heads, about, body] = fields.text;
        // The tokenizer is told the language at the start of each text.
        doc.add_text(title, in_language(language, &post.title));
        doc.add_text(slug, in_language(language, slug_of(post)));
        doc.add_text(heads, in_language(language, &headings(&text)));
        doc.add_text(about, in_language(language, &meta(post)));
        doc.add_text(body, in_language(language, &text));
        self.writer.add_document(doc)?;
        self.known.insert(key, stamp);
        if let Some(language) = language {
            self.languages.insert(key, language);
        }
        Ok(text.len())
    }

    fn commit(&mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        self.index.reader.reload()?;
        self.index.languages = self.languages_held();
        Ok(())
    }
}

impl SearchIndex {
    /// Key → stamp of every post the index holds, and key → language of those stemmed as
    /// another language than English.
    fn stamps(&self) -> Result<(HashMap<u64, u64>, Languages), IndexError> {
        let searcher = self.reader.searcher();
        let (mut out, mut languages) = (HashMap::new(), HashMap::new());
        for segment in searcher.segment_readers() {
            let keys = segment.fast_fields().u64("key")?;
            let stamps = segment.fast_fields().u64("stamp")?;
            let language = segment.fast_fields().u64("language")?;
            for doc in segment.doc_ids_alive() {
                if let (Some(key), Some(stamp)) = (keys.first(doc), stamps.first(doc)) {
                    out.insert(key, stamp);
                    if let Some(code) = language.first(doc).and_then(language_of_number) {
                        languages.insert(key, code);
                    }
                }
            }
        }
        Ok((out, languages))
    }
}
