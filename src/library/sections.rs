//! Sections, as Hugo and Zola define them: a folder with a section page (`_index.md`) is a
//! section, and every post below it belongs to the nearest such folder (a page bundle,
//! `slug/index.md`, belongs to its folder's parent). This module groups a list of posts by
//! section, each group led by its section page.

use std::collections::HashMap;
use std::path::Path;

use crate::library::store::{PostId, Store};

/// A list grouped by section: each section's page (when it has one) followed by its posts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grouped {
    /// The rows, in order: a section page, then its posts in the order given, then the next
    /// section (sections ordered by folder path).
    pub ids: Vec<PostId>,
    /// For each section page in `ids`: how many of its posts follow it, and how many sections it
    /// is nested in (0 for a top section), for indenting its row.
    pub sections: HashMap<PostId, SectionRow>,
    /// Beside `ids`: how deep each row is drawn, in levels: a section page at its nesting, its
    /// posts one level under it, posts in no section at 0.
    pub levels: Vec<u8>,
}

/// What a section page's row shows beside its title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SectionRow {
    pub posts: usize,
    pub depth: usize,
}

/// The folder whose section `path` starts looking from: a post's own folder, or for a page
/// bundle's `index.md` and a section page's `_index.md`, the folder above the bundle/section.
fn start_folder(path: &Path) -> Option<&Path> {
    let folder = path.parent()?;
    let stem = path.file_stem().and_then(|s| s.to_str());
    if matches!(stem, Some("index" | "_index")) {
        folder.parent()
    } else {
        Some(folder)
    }
}

/// The folder of the section `path` is in: the nearest folder above it with a section page,
/// else the folder it starts looking from.
fn section_of<'a>(pages: &HashMap<&'a Path, PostId>, path: &'a Path) -> Option<&'a Path> {
    let mut folder = start_folder(path);
    while let Some(f) = folder {
        if pages.contains_key(f) {
            return Some(f);
        }
        folder = f.parent();
    }
    start_folder(path)
}

/// Groups `ids` (already filtered and ordered) by section. Section pages among `ids` lead their
/// section; a section with posts in `ids` is led by its page even if the filter left the page
/// out. Posts in no section (no `_index.md` above them) are grouped by folder, without a page.
pub fn group(store: &Store, ids: &[PostId]) -> Grouped {
    // Section folder → its page.
    let pages: HashMap<&Path, PostId> = store
        .sections()
        .iter()
        .filter_map(|&id| Some((store.get(id)?.path.parent()?, id)))
        .collect();
    // Posts by section folder, in the order given; section pages remembered apart.
    let mut groups: Vec<(&Path, Vec<PostId>)> = Vec::new();
    let mut index: HashMap<&Path, usize> = HashMap::new();
    for &id in ids {
        let Some(post) = store.get(id) else { continue };
        let folder = if post.section {
            post.path.parent()
        } else {
            section_of(&pages, &post.path)
        };
        let Some(folder) = folder else { continue };
        let slot = *index.entry(folder).or_insert_with(|| {
            groups.push((folder, Vec::new()));
            groups.len() - 1
        });
        if !post.section {
            groups[slot].1.push(id);
        }
    }
    groups.sort_by(|a, b| a.0.cmp(b.0));
    let mut grouped = Grouped::default();
    for (folder, posts) in groups {
        if let Some(&page) = pages.get(folder) {
            let depth = folder
                .ancestors()
                .skip(1)
                .filter(|a| pages.contains_key(a))
                .count();
            grouped.ids.push(page);
            grouped.levels.push(u8::try_from(depth).unwrap_or(u8::MAX));
            grouped.sections.insert(
                page,
                SectionRow {
                    posts: posts.len(),
                    depth,
                },
            );
            let level = u8::try_from(depth + 1).unwrap_or(u8::MAX);
            grouped
                .levels
                .extend(std::iter::repeat_n(level, posts.len()));
        } else {
            grouped.levels.extend(std::iter::repeat_n(0, posts.len()));
        }
        grouped.ids.extend(posts);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use crate::library::store::Change;

    fn store(paths: &[&str]) -> Store {
        let mut store = Store::new();
        store.apply(paths.iter().map(|p| {
            let title = Path::new(p).to_string_lossy().into_owned();
            let text = format!("---\ntitle: {title}\ndate: 2024-01-01\n---\nx\n");
            Change::Upsert(Box::new(Post::parse(Path::new(p), text, None)))
        }));
        store
    }

    fn titles(store: &Store, ids: &[PostId]) -> Vec<String> {
        ids.iter()
            .map(|&id| store.get(id).expect("post").title.clone())
            .collect()
    }

    #[test]
    fn posts_group_under_the_nearest_section_page_and_bundles_under_their_parent() {
        let store = store(&[
            "/s/blog/_index.md",
            "/s/blog/2024/_index.md",
            "/s/blog/2024/a.md",
            "/s/blog/2024/bundle/index.md",
            "/s/blog/2024/deep/b.md",
            "/s/blog/c.md",
            "/s/docs/_index.md",
            "/s/docs/d.md",
            "/s/loose/e.md",
        ]);
        let mut ids = store.ids().to_vec();
        ids.sort_by_key(|&id| store.get(id).map(|p| p.path.clone()));
        // Only posts, as the list passes them (the pages come back as leaders).
        ids.retain(|id| !store.sections().contains(id));
        let grouped = group(&store, &ids);
        assert_eq!(
            titles(&store, &grouped.ids),
            [
                "/s/blog/_index.md",
                "/s/blog/c.md",
                "/s/blog/2024/_index.md",
                "/s/blog/2024/a.md",
                "/s/blog/2024/bundle/index.md",
                "/s/blog/2024/deep/b.md",
                "/s/docs/_index.md",
                "/s/docs/d.md",
                "/s/loose/e.md",
            ]
        );
        let row = |path: &str| {
            let id = store.id_of(Path::new(path)).expect("stored");
            grouped.sections[&id]
        };
        assert_eq!(row("/s/blog/_index.md"), SectionRow { posts: 1, depth: 0 });
        assert_eq!(
            row("/s/blog/2024/_index.md"),
            SectionRow { posts: 3, depth: 1 }
        );
        assert_eq!(row("/s/docs/_index.md"), SectionRow { posts: 1, depth: 0 });
        assert_eq!(grouped.levels, [0, 1, 1, 2, 2, 2, 0, 1, 0]);
    }

    #[test]
    fn a_section_without_posts_in_the_list_shows_only_if_its_page_passed() {
        let store = store(&["/s/a/_index.md", "/s/b/_index.md", "/s/b/x.md"]);
        let a = store.id_of(Path::new("/s/a/_index.md")).expect("a");
        let x = store.id_of(Path::new("/s/b/x.md")).expect("x");
        let b = store.id_of(Path::new("/s/b/_index.md")).expect("b");
        assert_eq!(group(&store, &[x]).ids, [b, x]);
        assert_eq!(group(&store, &[a, x]).ids, [a, b, x]);
    }
}
