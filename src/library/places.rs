//! Where the reader left off, kept between runs beside the read marks (`directories`:
//! `$XDG_DATA_HOME/tidings/places.json` on Linux), never beside the posts.
//!
//! Per set of roots (their canonical paths, one per line): the post open and the list's
//! selection (by [`super::readstate::post_key`]), the list's filters and sort, and per post the
//! reading position (the heading above the top line, by anchor, and the lines into it, as live
//! reload keeps it). The file is JSON, written whole to a temporary file and renamed over the
//! old one under a lock (`places.lock`, `flock(2)` on Unix), after reading it again: another
//! tidings' sets of roots are kept as it wrote them, and of this set's positions, the ones this
//! process did not touch are kept too, so two tidings on one folder lose none of them. Positions
//! of posts no longer in the folder are dropped when it is saved.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::filter::{Filter, SortOrder, TagMatch};
use super::select::Query;

/// The file name inside the data directory.
const FILE_NAME: &str = "places.json";

/// The lock file beside it, held while a save reads, merges and writes.
const LOCK_NAME: &str = "places.lock";

#[derive(Debug, Error)]
pub enum PlacesError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The data directory's places file for this user, if the platform has a home directory.
pub fn default_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tidings").map(|d| d.data_dir().join(FILE_NAME))
}

/// The key of a set of roots: their canonical paths, one per line.
pub fn roots_key(roots: &[PathBuf]) -> String {
    let lines: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    lines.join("\n")
}

/// A place in a post: the anchor of the heading at or above the top line (`None`: before the
/// first heading), the heading as shown (`## Challenges Remain`), the lines from it to the top
/// line, that section's length in lines, and the top line itself (the fallback when the heading
/// is gone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub anchor: Option<String>,
    pub heading: Option<String>,
    pub offset: usize,
    pub section: usize,
    pub line: usize,
}

/// The list's query as kept: the parts a reader sets (tags, dates, language, search, sort,
/// drafts), not the transient ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptQuery {
    pub tags: Vec<String>,
    pub all_tags: bool,
    /// RFC 3339 full dates (`2024-06-19`).
    pub from: Option<String>,
    pub to: Option<String>,
    pub lang: Option<String>,
    pub search: String,
    pub sort: SortOrder,
    pub drafts: bool,
}

impl KeptQuery {
    /// What `query` keeps.
    pub fn of(query: &Query) -> Self {
        Self {
            tags: query.filter.tags.clone(),
            all_tags: query.filter.tag_match == TagMatch::All,
            from: query.filter.from.map(|d| d.to_string()),
            to: query.filter.to.map(|d| d.to_string()),
            lang: query.filter.lang.clone(),
            search: query.search.clone(),
            sort: query.sort,
            drafts: query.drafts,
        }
    }

    /// The query it keeps (a date that does not read is left out).
    pub fn query(&self) -> Query {
        let date = |d: &Option<String>| d.as_deref().and_then(|d| d.parse().ok());
        Query {
            filter: Filter {
                tags: self.tags.clone(),
                tag_match: if self.all_tags {
                    TagMatch::All
                } else {
                    TagMatch::Any
                },
                from: date(&self.from),
                to: date(&self.to),
                lang: self.lang.clone(),
            },
            search: self.search.clone(),
            sort: self.sort,
            drafts: self.drafts,
            ..Query::default()
        }
    }
}

/// Where the reader left one set of roots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Left {
    /// The post open for reading (the article pane had the focus), by post key.
    pub open: Option<String>,
    /// The list's selection, by post key.
    pub selected: Option<String>,
    pub query: KeptQuery,
    /// Reading positions, by post key.
    pub positions: BTreeMap<String, Position>,
}

/// Every set of roots' places, and the changes this process made to one set's positions.
#[derive(Debug, Default)]
pub struct Places {
    file: Option<PathBuf>,
    roots: String,
    /// This set of roots' places, as read at start and changed since.
    pub left: Left,
    /// Positions set (`Some`) or cleared (`None`) here since the last save.
    changes: BTreeMap<String, Option<Position>>,
}

impl Places {
    /// Places kept only in memory.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The places kept in `file` for the set of roots `roots` ([`roots_key`]); a missing file
    /// has none.
    ///
    /// Errors: the file exists but cannot be read (the places are then empty, and saving is
    /// still attempted to the same place). A file that is not valid JSON is taken as empty.
    pub fn load(file: PathBuf, roots: String) -> (Self, Option<PlacesError>) {
        let (mut all, error) = match read_all(&file) {
            Ok(all) => (all, None),
            Err(source) => (
                BTreeMap::new(),
                Some(PlacesError::Io {
                    path: file.clone(),
                    source,
                }),
            ),
        };
        let left = all.remove(&roots).unwrap_or_default();
        let places = Self {
            file: Some(file),
            roots,
            left,
            changes: BTreeMap::new(),
        };
        (places, error)
    }

    /// The position kept for the post with key `key`.
    pub fn position(&self, key: &str) -> Option<&Position> {
        self.left.positions.get(key)
    }

    /// Keeps `position` for the post with key `key` (`None`: forgets it, as at the top).
    pub fn set_position(&mut self, key: String, position: Option<Position>) {
        match &position {
            Some(position) => self.left.positions.insert(key.clone(), position.clone()),
            None => self.left.positions.remove(&key),
        };
        self.changes.insert(key, position);
    }

    /// Writes the places to their file atomically, under the lock: the file is read again,
    /// other sets of roots are kept as they are there, and this set's positions there are
    /// overlaid with this process's changes, then pruned to the posts in `posts` (their keys).
    /// Nothing happens for places in memory.
    ///
    /// Errors: the directory cannot be made, the lock taken, or the file written or renamed.
    pub fn save(&mut self, posts: &HashSet<String>) -> Result<(), PlacesError> {
        let Some(file) = self.file.clone() else {
            return Ok(());
        };
        let (roots, changes, left) = (&self.roots, &self.changes, &mut self.left);
        let written = super::locked::rewrite(&file, LOCK_NAME, || {
            let mut all = read_all(&file).unwrap_or_default();
            let mut positions = all
                .remove(roots)
                .map(|left| left.positions)
                .unwrap_or_default();
            for (key, position) in changes {
                match position {
                    Some(position) => positions.insert(key.clone(), position.clone()),
                    None => positions.remove(key),
                };
            }
            positions.retain(|key, _| posts.contains(key));
            left.positions = positions;
            all.insert(roots.clone(), left.clone());
            Ok(serde_json::to_vec_pretty(&all)?)
        });
        written.map_err(|source| PlacesError::Io { path: file, source })?;
        self.changes.clear();
        Ok(())
    }
}

/// Every set of roots' places in `file`; none when it does not exist or is not valid JSON.
fn read_all(file: &Path) -> std::io::Result<BTreeMap<String, Left>> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Position {
        Position {
            anchor: Some("second".into()),
            heading: Some("## Second".into()),
            offset: 5,
            section: 20,
            line,
        }
    }

    #[test]
    fn places_load_back_per_set_of_roots_and_gone_posts_are_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("deep/places.json");
        let (mut one, error) = Places::load(file.clone(), "/blog".into());
        assert!(error.is_none() && one.left == Left::default());
        one.left.open = Some("a.md\tA".into());
        one.left.query.tags = vec!["rust".into()];
        one.set_position("a.md\tA".into(), Some(at(12)));
        one.set_position("gone.md\tGone".into(), Some(at(3)));
        let posts: HashSet<String> = ["a.md\tA".to_string()].into();
        one.save(&posts).expect("saved");
        let (other, _) = Places::load(file.clone(), "/notes".into());
        assert_eq!(
            other.left,
            Left::default(),
            "another set of roots has its own"
        );
        let (again, _) = Places::load(file, "/blog".into());
        assert_eq!(again.left.open.as_deref(), Some("a.md\tA"));
        assert_eq!(again.left.query.query().filter.tags, ["rust"]);
        assert_eq!(again.position("a.md\tA"), Some(&at(12)));
        assert_eq!(again.position("gone.md\tGone"), None, "its post is gone");
    }

    #[test]
    fn two_processes_keep_each_others_positions_and_a_broken_file_is_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("places.json");
        let posts: HashSet<String> = ["a\tA".to_string(), "b\tB".to_string()].into();
        let (mut one, _) = Places::load(file.clone(), "/blog".into());
        let (mut two, _) = Places::load(file.clone(), "/blog".into());
        one.set_position("a\tA".into(), Some(at(1)));
        two.set_position("b\tB".into(), Some(at(2)));
        one.save(&posts).expect("saved");
        two.save(&posts).expect("saved");
        let (both, _) = Places::load(file.clone(), "/blog".into());
        assert_eq!(both.position("a\tA"), Some(&at(1)));
        assert_eq!(both.position("b\tB"), Some(&at(2)));
        std::fs::write(&file, "{ not json").expect("write");
        let (broken, error) = Places::load(file, "/blog".into());
        assert!(error.is_none() && broken.left == Left::default());
    }

    #[test]
    fn a_kept_query_is_the_query() {
        let query = Query {
            filter: Filter {
                tags: vec!["go".into(), "web".into()],
                tag_match: TagMatch::All,
                from: "2024-01-02".parse().ok(),
                to: None,
                lang: Some("ru".into()),
            },
            search: "modules".into(),
            sort: SortOrder::Title,
            drafts: true,
            ..Query::default()
        };
        assert_eq!(KeptQuery::of(&query).query(), query);
    }
}
