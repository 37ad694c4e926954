//! The languages of a multilingual site's posts (see [`crate::content::lang`]): how many posts
//! each has, and which posts are translations of each other.

use std::collections::HashMap;

use super::store::{PostId, Store};

/// The languages of the posts, each with its post count, most posts first.
pub fn languages(store: &Store) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &id in store.ids() {
        if let Some(lang) = store.lang(id) {
            *counts.entry(lang).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(l, n)| (l.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The other language versions of post `id`: the posts whose path differs from its own only
/// by the language (see [`crate::content::lang::translation_key`]), by language code.
pub fn translations(store: &Store, id: PostId) -> Vec<PostId> {
    let Some(key) = store.get(id).and_then(|p| p.translation_key.as_deref()) else {
        return Vec::new();
    };
    let lang = |id: &PostId| store.lang(*id).map(str::to_string);
    let mut out: Vec<PostId> = store
        .ids()
        .iter()
        .copied()
        .filter(|&other| other != id)
        .filter(|&other| {
            store
                .get(other)
                .is_some_and(|p| p.translation_key.as_deref() == Some(key))
        })
        .collect();
    out.sort_by_key(lang);
    out
}
