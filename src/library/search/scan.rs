//! Search before the index is ready: fuzzy over titles with nucleo-matcher (fzf's scoring, and its syntax:
//! words match separately, `'word` exactly, `^start`, `end$`, `!not`), and a plain substring over
//! descriptions and bodies, case-insensitive by Unicode simple case folding (the `regex` crate's
//! `(?i)`, so `СТАРЫЙ` finds `старый`). Title matches rank first, best score first.
//! Scores: a title match is nucleo's score plus [`TITLE_SCORE`], a body match 1.

use std::collections::HashMap;
use std::ops::Range;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use regex::{Regex, RegexBuilder};

use crate::library::store::{PostId, Store};

/// A case-insensitive (Unicode simple case folding) matcher for `text` taken literally; `None`
/// for blank text.
pub fn text_matcher(text: &str) -> Option<Regex> {
    if text.trim().is_empty() {
        return None;
    }
    RegexBuilder::new(&regex::escape(text))
        .case_insensitive(true)
        .build()
        .ok()
}

/// Byte ranges of every match of `matcher` in `line`, in order, not overlapping.
pub fn find_all(matcher: &Regex, line: &str) -> Vec<Range<usize>> {
    matcher.find_iter(line).map(|m| m.range()).collect()
}

/// Added to a title match's score, so it ranks above every body match.
pub const TITLE_SCORE: f32 = 1e6;

/// Searches every post in `store` for `text`: titles fuzzily, descriptions and bodies for the
/// text as a substring. Blank text matches nothing. Runs on every core the machine offers.
pub fn scan(store: &Store, text: &str) -> HashMap<PostId, f32> {
    let mut hits = HashMap::new();
    let Some(body) = text_matcher(text) else {
        return hits;
    };
    let pattern = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart);
    let ids = store.ids();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = ids.len().div_ceil(threads).max(1);
    let parts: Vec<PartHits> = std::thread::scope(|scope| {
        let workers: Vec<_> = ids
            .chunks(chunk)
            .map(|part| {
                let (pattern, body) = (&pattern, &body);
                scope.spawn(move || search_part(store, part, pattern, body))
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    for (titles, bodies) in parts {
        hits.extend(bodies.into_iter().map(|id| (id, 1.0)));
        hits.extend(
            titles
                .into_iter()
                .map(|(id, score)| (id, TITLE_SCORE + score as f32)),
        );
    }
    hits
}

/// One thread's share of a search: title matches with their scores, and body matches.
type PartHits = (Vec<(PostId, u32)>, Vec<PostId>);

fn search_part(store: &Store, ids: &[PostId], pattern: &Pattern, body: &Regex) -> PartHits {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let (mut titles, mut bodies) = (Vec::new(), Vec::new());
    for &id in ids {
        let Some(post) = store.get(id) else {
            continue;
        };
        if let Some(score) = pattern.score(Utf32Str::new(&post.title, &mut buf), &mut matcher) {
            titles.push((id, score));
        }
        let described = post
            .meta
            .details
            .description
            .as_deref()
            .is_some_and(|d| body.is_match(d));
        if described || post.read_body().is_ok_and(|text| body.is_match(&text)) {
            bodies.push(id);
        }
    }
    (titles, bodies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Post;
    use crate::library::store::Change;
    use std::path::Path;

    fn store() -> Store {
        let post = |path: &str, title: &str, date: &str, body: &str| {
            let text = format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n{body}\n");
            Change::Upsert(Box::new(Post::parse(Path::new(path), text, None)))
        };
        let mut store = Store::new();
        store.apply([
            post("/a", "Execution traces", "2024-03-14", "Flight recording."),
            post("/b", "Go turns 10", "2019-11-08", "We trace the history."),
            post("/c", "Старый пост", "2023-12-31", "Новый ТЕКСТ"),
            post("/d", "Unrelated", "2024-05-01", "nothing here"),
        ]);
        store
    }

    fn search(store: &Store, text: &str) -> crate::library::search::Hits {
        crate::library::search::Hits {
            scores: scan(store, text),
            ..Default::default()
        }
    }

    fn paths(store: &Store, ids: &[PostId]) -> Vec<String> {
        ids.iter()
            .filter_map(|&id| store.get(id).map(|p| p.path.display().to_string()))
            .collect()
    }

    #[test]
    fn title_matches_rank_before_body_matches() {
        let store = store();
        let hits = search(&store, "trace");
        assert_eq!(paths(&store, &hits.rank(store.ids())), ["/a", "/b"]);
    }

    #[test]
    fn bodies_left_on_disk_are_searched_as_they_are_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::new();
        for (name, body) in [("kept.md", "Held words."), ("left.md", "Words on disk.")] {
            let path = dir.path().join(name);
            std::fs::write(&path, format!("---\ntitle: {name}\n---\n{body}\n")).expect("write");
            let mut post =
                crate::content::loader::load_post(&path, &jiff::tz::TimeZone::UTC).expect("load");
            if name == "left.md" {
                post.leave_body_on_disk(1 << 20);
            }
            store.apply([Change::Upsert(Box::new(post))]);
        }
        let found = |store: &Store, text: &str| {
            let hits = search(store, text);
            let paths = paths(store, &hits.rank(store.ids()));
            paths
                .iter()
                .map(|p| p.rsplit('/').next().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&store, "on disk"), ["left.md"]);
        assert_eq!(found(&store, "words"), ["kept.md", "left.md"]);
        std::fs::remove_file(dir.path().join("left.md")).expect("rm");
        assert_eq!(
            found(&store, "words"),
            ["kept.md"],
            "a body gone is not a match"
        );
    }

    #[test]
    fn body_search_ignores_case_in_any_script() {
        let store = store();
        let hits = search(&store, "текст");
        assert_eq!(paths(&store, &hits.rank(store.ids())), ["/c"]);
        let hits = search(&store, "FLIGHT");
        assert!(hits.scores.len() == 1 && hits.scores.values().all(|&s| s < TITLE_SCORE));
    }

    #[test]
    fn title_search_is_fuzzy_and_blank_text_matches_nothing() {
        let store = store();
        let hits = search(&store, "extr");
        assert_eq!(paths(&store, &hits.rank(store.ids())), ["/a"]);
        assert!(search(&store, "  ").rank(store.ids()).is_empty());
    }

    #[test]
    fn ranking_keeps_only_the_given_posts() {
        let store = store();
        let hits = search(&store, "trace");
        let only_b: Vec<PostId> = store.ids().iter().copied().skip(2).collect();
        assert_eq!(paths(&store, &hits.rank(&only_b)), ["/b"]);
    }

    #[test]
    fn matches_in_a_line_are_byte_ranges_of_the_original_text() {
        let matcher = text_matcher("ПОСТ").expect("matcher");
        let line = "Старый пост, ещё пост";
        let ranges = find_all(&matcher, line);
        assert_eq!(ranges.len(), 2);
        assert_eq!(&line[ranges[0].clone()], "пост");
        assert!(text_matcher("").is_none());
    }
}
