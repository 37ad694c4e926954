//! Notes embedded in a note (`![[Note]]`, `![[Note#Heading]]`, `![[Note#^block]]`, Obsidian):
//! found through the store before the note is rendered, so the renderer can show each embedded
//! part inline under its `↳` link (see [`crate::render::markdown`]). An embed is resolved as a
//! link is ([`LinkIndex::resolve`]), from the note it is written in; what embedded notes embed
//! is found too, down to [`MAX_EMBED_DEPTH`] notes deep. The renderer never shows a note inside
//! itself, so embeds that loop end in a link.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::content::templates::Fences;
use crate::content::{anchors, dialects, vault};
use crate::library::links::{LinkIndex, Target};
use crate::library::store::{PostId, Store};

/// How many notes deep embeds are shown: a note, what it embeds, what that embeds.
pub const MAX_EMBED_DEPTH: usize = 3;

/// Nothing embedded, for whatever renders without a store (`tidings show` of a file alone).
pub static NO_EMBEDS: Embeds = Embeds::EMPTY;

/// A part of a note shown where another embeds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded {
    /// The embedded note's file.
    pub path: Arc<Path>,
    /// The part shown, Markdown as written: the whole body, the section under the heading named
    /// (the heading included, up to the next heading as high or higher), or the paragraph a
    /// block id ends.
    pub text: String,
}

/// The notes one note embeds, and those they embed, by each embed's target as written
/// (`Setup#First step`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Embeds {
    parts: BTreeMap<String, Embedded>,
}

impl Embeds {
    /// Nothing embedded.
    pub const EMPTY: Embeds = Embeds {
        parts: BTreeMap::new(),
    };

    /// What `![[target]]` shows, when it names a note of the store.
    pub fn get(&self, target: &str) -> Option<&Embedded> {
        self.parts.get(target)
    }

    /// Whether nothing is embedded.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The notes post `from` embeds, and those they embed, [`MAX_EMBED_DEPTH`] deep. Reads the
    /// bodies of the notes it finds (none when `from` has no `![[`).
    pub fn of(store: &Store, index: &LinkIndex, from: PostId) -> Embeds {
        let mut embeds = Embeds::default();
        let mut scanned: HashSet<PostId> = HashSet::new();
        let mut queue = vec![(from, 0)];
        while let Some((id, depth)) = queue.pop() {
            if depth >= MAX_EMBED_DEPTH || !scanned.insert(id) {
                continue;
            }
            let Some(body) = store.get(id).and_then(|post| post.read_body().ok()) else {
                continue;
            };
            for target in targets(&body) {
                if embeds.parts.contains_key(&target) {
                    continue;
                }
                let Target::Post { id: to, anchor } = index.resolve(store, id, &target) else {
                    continue;
                };
                let Some(post) = store.get(to) else { continue };
                let Ok(text) = post.read_body() else { continue };
                let text = part_of(&text, anchor.as_deref());
                embeds.parts.insert(
                    target,
                    Embedded {
                        path: Arc::clone(&post.path),
                        text,
                    },
                );
                queue.push((to, depth + 1));
            }
        }
        embeds
    }
}

/// The targets of the notes `body` embeds, in order (pictures and other files left out).
fn targets(body: &str) -> Vec<String> {
    if !body.contains("![[") {
        return Vec::new();
    }
    let body = dialects::expand(body);
    Parser::new_ext(&body, dialects::PARSE_OPTIONS)
        .filter_map(|event| match event {
            Event::Start(Tag::Image {
                dest_url,
                link_type: LinkType::WikiLink { .. },
                ..
            }) if vault::embed_kind(&dest_url) == vault::EmbedKind::Note => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// The part of a note's `body` that `anchor` names (see [`Embedded::text`]); the whole body
/// when it names none, or names a heading or block the note does not have.
fn part_of(body: &str, anchor: Option<&str>) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let range = match anchor {
        None => None,
        Some(block) if block.starts_with('^') => vault::block_line(body, block).map(|end| {
            let start = (0..end)
                .rev()
                .find(|&l| lines[l].trim().is_empty())
                .map_or(0, |blank| blank + 1);
            start..end + 1
        }),
        Some(heading) => section(&lines, heading),
    };
    match range {
        Some(range) => lines[range].join("\n"),
        None => body.to_string(),
    }
}

/// The lines of the section under the ATX heading whose text `wanted` names: the heading, up
/// to the next heading as high or higher, outside fenced code.
fn section(lines: &[&str], wanted: &str) -> Option<std::ops::Range<usize>> {
    let mut fences = Fences::default();
    let mut start: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if fences.is_code(line) {
            continue;
        }
        let trimmed = line.trim_start();
        let level = trimmed.bytes().take_while(|&b| b == b'#').count();
        if !(1..=6).contains(&level) || !trimmed[level..].starts_with(' ') {
            continue;
        }
        match start {
            Some((from, at_level)) if level <= at_level => return Some(from..i),
            Some(_) => {}
            None => {
                let text = trimmed[level..].trim().trim_end_matches('#').trim();
                if anchors::names_heading(wanted, &anchors::slug(text), text) {
                    start = Some((i, level));
                }
            }
        }
    }
    start.map(|(from, _)| from..lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::store::Change;

    fn vault(notes: &[(&str, &str)]) -> Store {
        let mut store = Store::new();
        for (path, text) in notes {
            let post = crate::content::Post::parse(Path::new(path), *text, None);
            store.apply([Change::Upsert(Box::new(post))]);
        }
        store
    }

    #[test]
    fn embeds_are_found_to_their_part_and_those_that_loop_end() {
        let store = vault(&[
            (
                "/v/Host.md",
                "Intro ![[Guide#Second]] and ![[Quote#^q1]] and ![[Loop]].\n",
            ),
            (
                "/v/Guide.md",
                "# Guide\n\n## First\n\none\n\n## Second\n\ntwo ![[Deep]]\n\n### Under\n\nthree\n\n## Third\n\nfour\n",
            ),
            (
                "/v/Quote.md",
                "Before.\n\nThe line\nthat ends it. ^q1\n\nAfter.\n",
            ),
            ("/v/Deep.md", "Deep text ![[Deeper]]\n"),
            ("/v/Deeper.md", "Deeper text ![[Deepest]]\n"),
            ("/v/Deepest.md", "Too deep.\n"),
            ("/v/Loop.md", "Loops back: ![[Host]]\n"),
        ]);
        let index = LinkIndex::build(&store);
        let host = store.id_of(Path::new("/v/Host.md")).expect("host");
        let embeds = Embeds::of(&store, &index, host);
        let text = |target: &str| embeds.get(target).map(|e| e.text.as_str());
        assert_eq!(
            text("Guide#Second"),
            Some("## Second\n\ntwo ![[Deep]]\n\n### Under\n\nthree\n")
        );
        assert_eq!(text("Quote#^q1"), Some("The line\nthat ends it. ^q1"));
        assert_eq!(
            text("Deep"),
            Some("Deep text ![[Deeper]]\n"),
            "a whole note as written"
        );
        assert_eq!(text("Deeper"), Some("Deeper text ![[Deepest]]\n"));
        assert_eq!(text("Deepest"), None, "past the depth");
        // The loop is found (the renderer stops it: a note is never shown inside itself).
        assert_eq!(
            embeds.get("Host").map(|e| e.path.as_ref()),
            Some(Path::new("/v/Host.md"))
        );
        let none = vault(&[("/v/A.md", "No embeds, ![[picture.png]].\n")]);
        let a = none.id_of(Path::new("/v/A.md")).expect("a");
        assert!(Embeds::of(&none, &LinkIndex::build(&none), a).is_empty());
    }
}
