//! Languages told from posts' text (`content::lang::detect`), kept beside the posts: detecting
//! costs ~80 µs a post, too much for a load of 100,000, so a background job does it after the
//! load (`runtime::jobs::languages`) for the posts whose authors said no language, and the
//! store keeps what it found. The metadata cache keeps it for the next start.

use std::path::Path;
use std::sync::Arc;

use crate::content::Post;
use crate::content::lang::LangSource;

use super::{PostId, Store};

/// A post, with the language detected from its text when it was (see
/// [`Store::snapshot_with_languages`]).
pub type WithLanguage = (Arc<Post>, Option<Arc<str>>);

impl Store {
    /// The language code of post `id`: as its author said (front matter, file name, folder), else
    /// as detected from its text. `None`: not known (yet).
    pub fn lang(&self, id: PostId) -> Option<&str> {
        let post = &self.entry(id)?.post;
        match &post.lang {
            Some(lang) => Some(lang.as_str()),
            None => self.detected.get(&id)?.as_deref(),
        }
    }

    /// Where [`Store::lang`] of post `id` comes from; [`LangSource::Detected`] for a post whose
    /// text was read for it, told or not.
    pub fn lang_from(&self, id: PostId) -> Option<LangSource> {
        let post = &self.entry(id)?.post;
        post.lang_from.or_else(|| {
            self.detected
                .contains_key(&id)
                .then_some(LangSource::Detected)
        })
    }

    /// Every post, in order, as [`Store::snapshot`], each with the language detected from its
    /// text if it was (`None` when its author says it: it is the post's own `lang`). What the
    /// search index stems a post's words by ([`Store::lang`] is the one or the other).
    pub fn snapshot_with_languages(&self) -> Vec<WithLanguage> {
        (self.order.iter())
            .filter_map(|&id| {
                let post = Arc::clone(&self.entry(id)?.post);
                let detected =
                    (self.detected.get(&id).cloned().flatten()).filter(|_| post.lang.is_none());
                Some((post, detected))
            })
            .collect()
    }

    /// The posts whose language nobody has said or looked for: no front matter field, file
    /// name or folder gives it, and their text has not been read for it.
    pub fn undetected(&self) -> Vec<Arc<Post>> {
        (self.order.iter())
            .filter(|id| !self.detected.contains_key(id))
            .filter_map(|&id| self.entry(id).map(|e| &e.post))
            .filter(|post| post.lang.is_none() && post.lang_from.is_none())
            .cloned()
            .collect()
    }

    /// Keeps the languages detected for the posts at these paths (`None`: could not tell).
    /// A path no longer stored, or stored again since, is passed over; so is a post whose author
    /// says its language. Returns how many were kept. The store's generation is bumped only
    /// when `last` (the last of a run of batches): what watches it (the list, the search index,
    /// the link check, the metadata cache) looks again once, not once per batch.
    pub fn set_detected(
        &mut self,
        found: impl IntoIterator<Item = (Arc<Path>, Option<String>)>,
        last: bool,
    ) -> usize {
        let mut kept = 0;
        // One string per language and batch, shared by its posts.
        let mut codes: Vec<Arc<str>> = Vec::new();
        for (path, lang) in found {
            let Some(id) = self.id_of(&path) else {
                continue;
            };
            if self.entry(id).is_some_and(|e| e.post.lang_from.is_none()) {
                let lang = lang.map(|code| match codes.iter().find(|c| ***c == *code) {
                    Some(shared) => Arc::clone(shared),
                    None => {
                        codes.push(Arc::from(code));
                        Arc::clone(&codes[codes.len() - 1])
                    }
                });
                self.detected.insert(id, lang);
                kept += 1;
            }
        }
        if last {
            self.generation += 1;
        }
        kept
    }

    /// The languages detected so far, by path: for the metadata cache to keep with the posts.
    pub fn detected_langs(&self) -> Vec<(Arc<Path>, Option<Arc<str>>)> {
        (self.detected.iter())
            .filter_map(|(&id, lang)| Some((self.entry(id)?.post.path.clone(), lang.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::testing::post;
    use crate::library::store::{Change, Filter};

    #[test]
    fn detected_languages_count_until_the_post_changes() {
        let mut store = Store::new();
        store.apply([
            Change::Upsert(Box::new(post("/p/a.md", "A", "2024-01-02", "", "body\n"))),
            Change::Upsert(Box::new(post(
                "/p/ru/b.md",
                "B",
                "2024-01-01",
                "",
                "тело\n",
            ))),
        ]);
        let a = store.id_of(Path::new("/p/a.md")).expect("stored");
        let b = store.id_of(Path::new("/p/ru/b.md")).expect("stored");
        // The folder says b's language: only a is left to detect.
        let left: Vec<_> = store.undetected().iter().map(|p| p.title.clone()).collect();
        assert_eq!(left, ["A"]);
        assert_eq!(store.lang(a), None);
        let kept = store.set_detected(
            [
                (Arc::from(Path::new("/p/a.md")), Some("en".to_string())),
                (Arc::from(Path::new("/p/ru/b.md")), Some("en".to_string())),
                (Arc::from(Path::new("/p/gone.md")), Some("en".to_string())),
            ],
            true,
        );
        assert_eq!(kept, 1, "only the post nobody said the language of");
        assert_eq!(
            (store.lang(a), store.lang_from(a)),
            (Some("en"), Some(LangSource::Detected))
        );
        assert_eq!(
            (store.lang(b), store.lang_from(b)),
            (Some("ru"), Some(LangSource::Folder))
        );
        assert!(store.undetected().is_empty());
        let english = Filter {
            lang: Some("en".into()),
            ..Filter::default()
        };
        assert_eq!(store.query(&english), [a]);
        // What the search index is sent: the language detected beside the post, none beside
        // the post that says its own.
        let sent: Vec<(String, Option<String>)> = (store.snapshot_with_languages().iter())
            .map(|(post, lang)| (post.title.clone(), lang.as_deref().map(str::to_string)))
            .collect();
        assert_eq!(
            sent,
            [
                ("A".to_string(), Some("en".to_string())),
                ("B".to_string(), None)
            ]
        );
        // A new version of the post is detected again.
        store.apply([Change::Upsert(Box::new(post(
            "/p/a.md",
            "A2",
            "2024-01-02",
            "",
            "body\n",
        )))]);
        assert_eq!(store.lang(a), None);
        assert_eq!(store.undetected().len(), 1);
    }
}
