//! [`Memo`]: a value derived from other state, kept with the key it was derived from (a post and
//! a store generation, a search text and a width…), so it is made again only when that changes.

/// A value derived from `K`, kept until asked for with another key. Empty until first made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Memo<K, V> {
    made: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { made: None }
    }
}

impl<K: PartialEq, V> Memo<K, V> {
    /// The value, if it was made for `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.made.as_ref().filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value made for `key`, made by `make` first when it was made for another key or
    /// not at all.
    pub fn get_or_make(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        if self.get(&key).is_none() {
            self.made = Some((key, make()));
        }
        let (_, value) = self.made.as_mut().expect("made just above");
        value
    }

    /// Whether the value was made for `key`.
    pub fn is_for(&self, key: &K) -> bool {
        self.get(key).is_some()
    }

    /// The key and value, whatever key it was made for (an answer for an earlier store is
    /// shown while a newer one is on its way).
    pub fn latest(&self) -> Option<(&K, &V)> {
        self.made.as_ref().map(|(k, v)| (k, v))
    }

    /// Keeps `value` as made for `key`.
    pub fn set(&mut self, key: K, value: V) {
        self.made = Some((key, value));
    }

    /// Forgets the value.
    pub fn clear(&mut self) {
        self.made = None;
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn a_memo_is_made_again_only_for_another_key() {
        let mut memo: Memo<(u32, u64), String> = Memo::default();
        let mut made = 0;
        for key in [(1, 7), (1, 7), (2, 7), (2, 8), (2, 8)] {
            memo.get_or_make(key, || {
                made += 1;
                format!("{key:?}")
            });
        }
        assert_eq!(made, 3);
        assert_eq!(memo.get(&(2, 8)).map(String::as_str), Some("(2, 8)"));
        assert_eq!(memo.get(&(1, 7)), None);
        assert_eq!(memo.latest().map(|(k, _)| *k), Some((2, 8)));
        memo.clear();
        assert!(!memo.is_for(&(2, 8)));
    }
}
