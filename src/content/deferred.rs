//! A part of a post decoded from the metadata cache when it is first used, not when the post is
//! taken from the cache ([`Deferred`]).
//!
//! A start from the cache decodes 100,000 posts before the list is whole; the front matter text
//! the list never shows (description, image, source, authors...) was a tenth of that start's
//! CPU time as strings of their own. Kept as the entry's bytes instead, it is decoded by the
//! first reader: the post opened, or a background lane (search index, links, languages).

use std::fmt;
use std::sync::{Mutex, OnceLock};

use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `T` held decoded, or as its postcard bytes until first used (`Deref` decodes it once, on
/// whichever thread asks first; the bytes are then dropped). Bytes that do not decode (never
/// the case for an entry whose CRC held, in the cache's own FORMAT) give `T::default()`.
///
/// Serialized as a byte string of `T` in postcard, so a cache entry's bytes are taken whole
/// without decoding `T`.
///
/// The value is boxed: undecoded, a `Deferred` is 40 bytes wherever `T` is held, not
/// `T`'s size (264 bytes for [`super::Details`], which made every post taken from the cache
/// 616 bytes, 62 MB of memory written over 100,000 posts).
pub struct Deferred<T> {
    value: OnceLock<Box<T>>,
    encoded: Mutex<Option<Box<[u8]>>>,
}

impl<T> Deferred<T> {
    /// `value`, decoded already.
    pub fn new(value: T) -> Self {
        Self {
            value: OnceLock::from(Box::new(value)),
            encoded: Mutex::new(None),
        }
    }
}

impl<T: DeserializeOwned + Default> Deferred<T> {
    /// The value, decoded now if it was not yet.
    pub fn get(&self) -> &T {
        self.value.get_or_init(|| {
            // A poisoned lock (a panic while decoding) leaves the default.
            let bytes = self.encoded.lock().ok().and_then(|mut bytes| bytes.take());
            Box::new(
                bytes
                    .and_then(|bytes| postcard::from_bytes(&bytes).ok())
                    .unwrap_or_default(),
            )
        })
    }

    /// Whether the value has been decoded (or was never encoded).
    pub fn is_decoded(&self) -> bool {
        self.value.get().is_some()
    }
}

impl<T: DeserializeOwned + Default> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.get()
    }
}

impl<T: DeserializeOwned + Default> std::ops::DerefMut for Deferred<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.get();
        self.value.get_mut().expect("decoded just above").as_mut()
    }
}

impl<T: Default> Default for Deferred<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for Deferred<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: Clone> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        let encoded = self.encoded.lock().ok().and_then(|bytes| bytes.clone());
        Self {
            value: self.value.clone(),
            encoded: Mutex::new(encoded),
        }
    }
}

impl<T: DeserializeOwned + Default + PartialEq> PartialEq for Deferred<T> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl<T: DeserializeOwned + Default + Eq> Eq for Deferred<T> {}

impl<T: DeserializeOwned + Default + fmt::Debug> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

impl<T: Serialize> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(value) = self.value.get() {
            let bytes = postcard::to_allocvec(value).map_err(serde::ser::Error::custom)?;
            return serializer.serialize_bytes(&bytes);
        }
        let bytes = self.encoded.lock().ok().and_then(|bytes| bytes.clone());
        serializer.serialize_bytes(bytes.as_deref().unwrap_or_default())
    }
}

impl<'de, T> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl Visitor<'_> for Bytes {
            type Value = Box<[u8]>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value's bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
                Ok(bytes.into())
            }
        }
        let bytes = deserializer.deserialize_bytes(Bytes)?;
        Ok(Self {
            value: OnceLock::new(),
            encoded: Mutex::new(Some(bytes)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    struct Inner {
        words: Vec<String>,
        note: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    struct Outer {
        before: u32,
        inner: Deferred<Inner>,
        after: String,
    }

    fn sample() -> Outer {
        Outer {
            before: 7,
            inner: Inner {
                words: vec!["a".into(), "bé".into()],
                note: Some("n".into()),
            }
            .into(),
            after: "z".into(),
        }
    }

    #[test]
    fn decoded_when_first_used_and_equal_to_what_was_encoded() {
        let bytes = postcard::to_allocvec(&sample()).expect("encoded");
        let read: Outer = postcard::from_bytes(&bytes).expect("decoded");
        assert!(!read.inner.is_decoded(), "the bytes are kept, not decoded");
        assert_eq!((read.before, read.after.as_str()), (7, "z"));
        // Encoded again before it is used: the same bytes.
        assert_eq!(postcard::to_allocvec(&read).expect("encoded"), bytes);
        assert_eq!(read.inner.words, ["a", "bé"]);
        assert!(read.inner.is_decoded());
        assert_eq!(read, sample());
        // And after.
        assert_eq!(postcard::to_allocvec(&read).expect("encoded"), bytes);
    }

    #[test]
    fn changed_through_deref_mut_and_cloned_either_way() {
        let bytes = postcard::to_allocvec(&sample()).expect("encoded");
        let mut read: Outer = postcard::from_bytes(&bytes).expect("decoded");
        let copy = read.clone();
        read.inner.note = None;
        assert_eq!(read.inner.note, None);
        assert_eq!(
            copy.inner.note.as_deref(),
            Some("n"),
            "the clone kept its bytes"
        );
    }

    #[test]
    fn bytes_that_do_not_decode_give_the_default() {
        let broken = Deferred::<Inner> {
            value: OnceLock::new(),
            encoded: Mutex::new(Some(vec![0xff, 0xff, 0xff].into())),
        };
        assert_eq!(*broken, Inner::default());
    }
}
