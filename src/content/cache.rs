//! The metadata cache: what the loader learned of each post (everything in [`Post`] but its
//! body, of which it keeps the length), kept between runs so a start reads only the files that
//! changed. A start stats every file (a stat walk) and takes a post from the cache only when its
//! file's [`FileStamp`] (size, modification time, inode change time) is the one the cache holds;
//! anything else is read from disk, as is every file when the cache is missing, from another
//! version of tidings, another time zone or other loader rules, torn or corrupted. The cache is
//! never trusted over the disk and never needed: it only saves reading.
//!
//! One file per set of roots (`$XDG_CACHE_HOME/tidings/meta/HASH`, see
//! [`crate::content::loader::cache_place`]): a header (format, fingerprint), each post's path
//! and the post in postcard (serde's compact binary form) with a CRC-32, then an index of the
//! entries by a hash of their path, and a footer saying where the index is. A start reads the
//! header, the footer and the index (one `pread(2)` each), and a post's entry when the walk finds
//! its file unchanged, on the reader threads. It is written whole to a temporary file beside it
//! and renamed over it, so two tidings sharing it each read either the old file or the new one,
//! never half of one; the last to write wins, which is as good as any (both describe the disk).
//!
//! Why one file and not a key-value store (redb, fjall): a start needs every entry at once, which
//! an index read in one go and a read per chunk of the walk give (tens of milliseconds over
//! 100,000 posts), where a store would add a B-tree walk per post and a crate to the build. Why not
//! a zero-copy format (rkyv): the store holds owned [`Post`]s, so each would be copied out of
//! the archive anyway. The part of a post the list never shows ([`super::Details`]) is kept as
//! its bytes and decoded when first used ([`super::deferred::Deferred`]).

use std::hash::{DefaultHasher, Hasher};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use thiserror::Error;

use super::lang::LangSource;
use super::{Body, FileStamp, Post};

/// The file's layout and meaning: another value here (or another tidings version) is rebuilt.
/// Raised as well when [`super::lang::detect`] answers differently, since entries keep what it
/// detected (4: titles in kana or Hangul, whatlang taken at a lower confidence), or when what
/// is not an article changes (5: paginated listings, bodies of HTML comments alone).
/// 6: the front matter's text fields ([`super::Details`]) are one byte string, decoded when used.
pub const FORMAT: u32 = 6;

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"tidings\0";

/// Header: magic, format, fingerprint. Each entry has a CRC-32 of its own (see
/// [`Cached::open`]).
const HEADER_BYTES: usize = 8 + 4 + 8;

/// After the entries, the index: per entry, the hash of its path (u64), where its path starts
/// (u64), and the path's and the post's lengths (u32 each), little-endian; so a start reads the
/// index alone (2.4 MB over 100,000 posts), not every entry.
const INDEX_RECORD_BYTES: usize = 8 + 8 + 4 + 4;

/// The footer, last: where the index starts (u64), its entries (u64), its CRC-32, and
/// [`INDEX_MARK`]. A file without it whole (torn while written) is not used.
const FOOTER_BYTES: usize = 8 + 8 + 4 + 4;

/// The footer's last bytes.
const INDEX_MARK: &[u8; 4] = b"tidx";

/// A cache file not read or written for this many days is removed when another is written.
pub const UNUSED_DAYS: u64 = 30;

/// The words in a diagnostic that say the post could not be parsed ([`Post::unparsed`]): such a
/// post keeps the body it was read with, so it is never cached.
pub const UNPARSED_MARK: &str = "tidings failed on this post";

#[derive(Debug, Error)]
pub enum CacheError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: cannot encode a post: {source}")]
    Encode {
        path: PathBuf,
        source: postcard::Error,
    },
}

/// Where a set of roots' cache is kept, and what it must have been written for: the
/// `fingerprint` of the tidings version, the roots, the loader's rules and the time zone (see
/// [`crate::content::loader::cache_place`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub fingerprint: u64,
}

/// A cache file open, and where each post is in it: an index of the entries by a hash of
/// their path, made in one pass over the file (reading lengths and paths, skipping posts), so
/// the file is never held in memory. A reader thread that finds a file unchanged reads its entry
/// with one `pread(2)` and decodes it ([`Cached::take`]). Shared by the reader threads.
#[derive(Debug)]
pub struct Cached {
    file: std::fs::File,
    /// By [`hash`] of the path: hashed again with foldhash, not SipHash (the keys are hashes).
    entries: foldhash::HashMap<u64, Entry>,
    /// The file or an entry was not whole (torn or corrupted): what is left is read from disk,
    /// and the cache is written again.
    broken: AtomicBool,
}

/// Where one entry is: its path's first byte, the path's and the post's lengths (bytes).
#[derive(Debug)]
struct Entry {
    at: u64,
    path_bytes: u32,
    post_bytes: u32,
    taken: AtomicBool,
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

impl Cached {
    /// The cache at `place`, if its file is there and its header is for this fingerprint and
    /// format. Each entry is the path's length (u32, little-endian) and bytes, the post's
    /// length and bytes (postcard), and a CRC-32 of the path and the post.
    pub fn open(place: &Place) -> Option<Cached> {
        let file = std::fs::File::open(&place.file).ok()?;
        let meta = file.metadata().ok()?;
        let length = meta.len();
        let mut header = [0; HEADER_BYTES];
        read_at(&file, &mut header, 0).ok()?;
        let (magic, rest) = header.split_at(MAGIC.len());
        let format = u32::from_le_bytes(rest[..4].try_into().ok()?);
        let fingerprint = u64::from_le_bytes(rest[4..12].try_into().ok()?);
        if magic != MAGIC || format != FORMAT || fingerprint != place.fingerprint {
            return None;
        }
        // The footer: where the index starts, how many entries it has, its CRC, and a mark.
        let mut footer = [0; FOOTER_BYTES];
        read_at(&file, &mut footer, length.checked_sub(FOOTER_BYTES as u64)?).ok()?;
        let index_at = u64::from_le_bytes(footer[..8].try_into().ok()?);
        let count = u64::from_le_bytes(footer[8..16].try_into().ok()?);
        let crc = u32::from_le_bytes(footer[16..20].try_into().ok()?);
        let index_bytes = count.checked_mul(INDEX_RECORD_BYTES as u64)?;
        if footer[20..] != *INDEX_MARK
            || index_at < HEADER_BYTES as u64
            || index_at.checked_add(index_bytes)? + FOOTER_BYTES as u64 != length
        {
            return None;
        }
        let mut index = vec![0; usize::try_from(index_bytes).ok()?];
        read_at(&file, &mut index, index_at).ok()?;
        if crc32fast::hash(&index) != crc {
            return None;
        }
        let count = index.len() / INDEX_RECORD_BYTES;
        let mut entries = foldhash::HashMap::with_capacity_and_hasher(count, Default::default());
        for record in index.chunks_exact(INDEX_RECORD_BYTES) {
            let u64_at = |at: usize| Some(u64::from_le_bytes(record[at..at + 8].try_into().ok()?));
            let entry = Entry {
                at: u64_at(8)?,
                path_bytes: u32::from_le_bytes(record[16..20].try_into().ok()?),
                post_bytes: u32::from_le_bytes(record[20..24].try_into().ok()?),
                taken: AtomicBool::new(false),
            };
            if entry.end() > index_at {
                return None;
            }
            entries.entry(u64_at(0)?).or_insert(entry);
        }
        // A file in use is not removed as unused (see `prune`).
        let now = SystemTime::now();
        if (meta.modified()).is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > DAY))
            && let Ok(touch) = std::fs::File::options().write(true).open(&place.file)
        {
            let _ = touch.set_modified(now);
        }
        Some(Cached {
            file,
            entries,
            broken: AtomicBool::new(false),
        })
    }

    /// How many posts the cache holds: about as many as a start of the same folder finds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no post.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The posts cached for `files` (each with its file's stamp now, `None` when it could not
    /// be statted), in their order: a post where its file's stamp is still the one cached, its
    /// body left on disk to be read by `max_bytes`; each is taken once. The entries are read
    /// with one `pread(2)` over the part of the file that holds them all when it is at most
    /// [`SPAN_BYTES`] (files of one folder are near each other: see [`write`]), else one each,
    /// into `buffer` (kept by the caller from one call to the next: a new block of this size
    /// each time is mapped and faulted in afresh).
    pub fn take(
        &self,
        files: &[(PathBuf, Option<FileStamp>)],
        max_bytes: u64,
        buffer: &mut Vec<u8>,
    ) -> Vec<Option<Arc<Post>>> {
        let found: Vec<Option<&Entry>> = (files.iter())
            .map(|(path, stamp)| {
                let key = bytes_of(path)?;
                stamp.as_ref()?;
                let entry = self.entries.get(&hash(key))?;
                (entry.path_bytes as usize == key.len()).then_some(entry)
            })
            .collect();
        let (start, end) = (found.iter().flatten())
            .fold((u64::MAX, 0), |(lo, hi), e| (lo.min(e.at), hi.max(e.end())));
        // The buffer only grows: zeroed once, not before each read (a memset of every byte of
        // the cache read, 2% of a start's CPU).
        let mut span: &[u8] = &[];
        if start < end && end - start <= SPAN_BYTES {
            let wanted = (end - start) as usize;
            if buffer.len() < wanted {
                buffer.resize(wanted, 0);
            }
            if read_at(&self.file, &mut buffer[..wanted], start).is_ok() {
                span = &buffer[..wanted];
            }
        }
        let mut own = Vec::new();
        (files.iter().zip(found))
            .map(|((path, stamp), entry)| {
                let (entry, stamp) = (entry?, stamp.as_ref()?);
                let bytes = if span.is_empty() {
                    own.resize((entry.end() - entry.at) as usize, 0);
                    read_at(&self.file, &mut own, entry.at).ok()?;
                    &own[..]
                } else {
                    let at = (entry.at - start) as usize;
                    &span[at..at + (entry.end() - entry.at) as usize]
                };
                self.post_of(entry, bytes, path, stamp, max_bytes)
            })
            .collect()
    }

    /// The post of `entry` (whose bytes are `bytes`) for the file at `path`, if its CRC holds,
    /// it names that path, and its stamp is `stamp`.
    fn post_of(
        &self,
        entry: &Entry,
        bytes: &[u8],
        path: &Path,
        stamp: &FileStamp,
        max_bytes: u64,
    ) -> Option<Arc<Post>> {
        let (path_bytes, post_bytes) = (entry.path_bytes as usize, entry.post_bytes as usize);
        let (written, rest) = bytes.split_at(path_bytes);
        let post = &rest[4..4 + post_bytes];
        let mut crc = crc32fast::Hasher::new();
        crc.update(written);
        crc.update(post);
        if rest[4 + post_bytes..] != crc.finalize().to_le_bytes() {
            self.broken.store(true, Ordering::Relaxed);
            return None;
        }
        if Some(written) != bytes_of(path) {
            return None;
        }
        let mut post: Post = postcard::from_bytes(post).ok()?;
        if post.file.as_ref() != Some(stamp) || entry.taken.swap(true, Ordering::Relaxed) {
            return None;
        }
        post.path = Arc::from(path);
        post.body = Body::OnDisk {
            bytes: post.body.len(),
            max_bytes,
        };
        Some(Arc::new(post))
    }

    /// How many posts it holds that were not taken (their files gone, or changed), and whether
    /// it was whole.
    pub fn finish(&self) -> (usize, bool) {
        let left = (self.entries.values())
            .filter(|e| !e.taken.load(Ordering::Relaxed))
            .count();
        (left, !self.broken.load(Ordering::Relaxed))
    }
}

impl Entry {
    /// Where the entry ends in the file (after its CRC).
    fn end(&self) -> u64 {
        self.at + u64::from(self.path_bytes) + 4 + u64::from(self.post_bytes) + 4
    }
}

/// The most [`Cached::take`] reads at once (bytes) to have a walk's chunk of entries.
pub const SPAN_BYTES: u64 = 4 << 20;

/// The hash an entry is found by: of its path's bytes. (`DefaultHasher::new` may hash otherwise
/// in another Rust release: a build that does finds no entry, reads every file, and writes the
/// cache again.)
fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Fills `buffer` from `file` at `offset` (`pread(2)`), leaving the file's position alone, so
/// reader threads share the file.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut buffer: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A path's bytes as the cache keeps them.
#[cfg(unix)]
fn bytes_of(path: &Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn bytes_of(path: &Path) -> Option<&[u8]> {
    path.to_str().map(str::as_bytes)
}

/// Whether `post` may be cached: it was read from a file (not a built-in sample) and parsed.
pub fn cacheable(post: &Post) -> bool {
    post.file.is_some()
        && !post
            .diagnostics
            .iter()
            .any(|d| d.message.contains(UNPARSED_MARK))
}

/// Writes `posts` (those [`cacheable`]) as `place`'s cache: to a temporary file beside it,
/// renamed over it. Removes the cache files beside it not used for [`UNUSED_DAYS`] days. Returns
/// how many posts it holds.
///
/// Errors: the folder cannot be made, or the file written or renamed (the cache is then left as
/// it was).
pub fn write<'a>(
    place: &Place,
    posts: impl IntoIterator<Item = &'a Post>,
) -> Result<usize, CacheError> {
    write_with_detected(place, posts, |_| None)
}

/// [`write`], with the language `detected` gives for a post that says none (`Some(None)`: looked
/// for, not told), kept as [`LangSource::Detected`]: the store keeps those beside the posts, and
/// such a post is written as a copy made as it is written and let go after.
///
/// Errors: as [`write`].
pub fn write_with_detected<'a>(
    place: &Place,
    posts: impl IntoIterator<Item = &'a Post>,
    detected: impl Fn(&Post) -> Option<Option<compact_str::CompactString>>,
) -> Result<usize, CacheError> {
    let io = |source| CacheError::Io {
        path: place.file.clone(),
        source,
    };
    let dir = place.file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    prune(dir, &place.file);
    let mut tmp = tempfile::Builder::new()
        .prefix(".meta-")
        .tempfile_in(dir)
        .map_err(io)?;
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, tmp.as_file_mut());
    out.write_all(&[0; HEADER_BYTES]).map_err(io)?;
    // By path, so a folder's posts are together, as the walk finds them.
    let mut posts: Vec<&Post> = posts.into_iter().filter(|p| cacheable(p)).collect();
    posts.sort_unstable_by(|a, b| bytes_of(&a.path).cmp(&bytes_of(&b.path)));
    let mut index = Vec::with_capacity(posts.len() * INDEX_RECORD_BYTES);
    let mut offset = HEADER_BYTES as u64;
    let mut buffer = Vec::with_capacity(1024);
    for post in posts {
        // A path the cache cannot keep (not UTF-8 off Unix) is read from disk each time.
        let Some(path) = bytes_of(&post.path) else {
            continue;
        };
        let amended = (post.lang_from.is_none())
            .then(|| detected(post))
            .flatten()
            .map(|lang| Post {
                lang,
                lang_from: Some(LangSource::Detected),
                ..post.clone()
            });
        let post = amended.as_ref().unwrap_or(post);
        let too_long = |_| CacheError::Encode {
            path: post.path.to_path_buf(),
            source: postcard::Error::SerializeBufferFull,
        };
        buffer.clear();
        buffer.extend_from_slice(&u32::try_from(path.len()).map_err(too_long)?.to_le_bytes());
        buffer.extend_from_slice(path);
        let at = buffer.len();
        buffer.extend_from_slice(&[0; 4]);
        buffer = postcard::to_extend(post, buffer).map_err(|source| CacheError::Encode {
            path: post.path.to_path_buf(),
            source,
        })?;
        let post_bytes = u32::try_from(buffer.len() - at - 4).map_err(too_long)?;
        buffer[at..at + 4].copy_from_slice(&post_bytes.to_le_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(&buffer[4..at]);
        crc.update(&buffer[at + 4..]);
        buffer.extend_from_slice(&crc.finalize().to_le_bytes());
        out.write_all(&buffer).map_err(io)?;
        index.extend_from_slice(&hash(path).to_le_bytes());
        index.extend_from_slice(&(offset + 4).to_le_bytes());
        index.extend_from_slice(&(path.len() as u32).to_le_bytes());
        index.extend_from_slice(&post_bytes.to_le_bytes());
        offset += buffer.len() as u64;
    }
    let count = (index.len() / INDEX_RECORD_BYTES) as u64;
    out.write_all(&index).map_err(io)?;
    out.write_all(&offset.to_le_bytes()).map_err(io)?;
    out.write_all(&count.to_le_bytes()).map_err(io)?;
    out.write_all(&crc32fast::hash(&index).to_le_bytes())
        .map_err(io)?;
    out.write_all(INDEX_MARK).map_err(io)?;
    let mut header = Vec::with_capacity(HEADER_BYTES);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT.to_le_bytes());
    header.extend_from_slice(&place.fingerprint.to_le_bytes());
    out.seek(SeekFrom::Start(0)).map_err(io)?;
    out.write_all(&header).map_err(io)?;
    out.flush().map_err(io)?;
    drop(out);
    tmp.persist(&place.file).map_err(|e| io(e.error))?;
    Ok(count as usize)
}

/// Removes, in `dir`, cache files other than `keep` not used for [`UNUSED_DAYS`] days, and
/// temporary files an interrupted write left more than an hour ago. Only files tidings names
/// (16 hex digits, `.meta-…`) are touched.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let max_age = if name.starts_with(".meta-") {
            Duration::from_secs(60 * 60)
        } else if name.len() == 16 && name.chars().all(|c| c.is_ascii_hexdigit()) {
            DAY * UNUSED_DAYS as u32
        } else {
            continue;
        };
        let old = (entry.metadata().and_then(|m| m.modified()))
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > max_age));
        if path != keep && old {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A calendar date as (year, month, day), for serde (`#[serde(with = "cache::ymd")]`).
pub mod ymd {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        (date.year(), date.month(), date.day()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let (year, month, day) = <(i16, i8, i8)>::deserialize(d)?;
        Date::new(year, month, day).map_err(serde::de::Error::custom)
    }
}

/// An optional calendar date as [`ymd`] does it.
pub mod ymd_option {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.map(|d| (d.year(), d.month(), d.day())).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match <Option<(i16, i8, i8)>>::deserialize(d)? {
            Some((year, month, day)) => Date::new(year, month, day)
                .map(Some)
                .map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

/// A body as its length alone: it is read back as a body on disk, which
/// [`Cached::take`] gives the rules' `max_bytes`.
pub mod body_on_disk {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::content::Body;

    pub fn serialize<S: Serializer>(body: &Body, s: S) -> Result<S::Ok, S::Error> {
        (body.len() as u64).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Body, D::Error> {
        let bytes = u64::deserialize(d)?;
        Ok(Body::OnDisk {
            bytes: usize::try_from(bytes).map_err(serde::de::Error::custom)?,
            // Set by `Cached::take`, from the rules of the root the post is found under.
            max_bytes: u64::MAX,
        })
    }
}

/// The path of a post decoded from the cache before [`Cached::take`] gives it its own.
pub fn no_path() -> Arc<Path> {
    Arc::from(Path::new(""))
}
