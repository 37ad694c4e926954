//! The analyzer: text → the terms search matches on, each with the byte range it came from.
//! The index, the query and the highlighting of matches all read text through it, so a word is
//! found exactly when it would be highlighted.
//!
//! - Words are runs of letters and digits (`cargo-clippy` is `cargo` and `clippy`; `docs.rs` is
//!   `docs` and `rs`).
//! - Case is folded (Unicode lower case), and so are diacritics (NFD, combining marks dropped:
//!   `café` → `cafe`, `ёлка` → `елка`).
//! - Latin-script words are stemmed as English, Cyrillic ones as Russian (Snowball stemmers, from
//!   `rust-stemmers`): `generics` → `generic`, `ошибки` → `ошибк`.
//! - Chinese, Japanese and Korean text has no spaces between words: each run of those scripts
//!   gives its overlapping character bigrams (`语义约定` → `语义`, `义约`, `约定`), and a run of
//!   one character gives that character. A query's bigrams all required then find the posts that
//!   hold its characters in that order.

use std::collections::HashMap;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words kept stemmed, at most (a folder's vocabulary rarely comes near; past it, the cache is
/// emptied and starts again).
const STEM_CACHE_WORDS: usize = 200_000;

/// Whether `c` is written without spaces between words: Han ideographs, kana, Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FFFF) // CJK extensions B–F
}

/// What a character is to the analyzer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Cjk,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        Class::Word
    } else {
        Class::Other
    }
}

/// Turns text into terms. Keeps its stemmers and a cache of stems, so one analyzer should serve
/// many texts (one per thread: it is not `Sync`).
pub struct Analyzer {
    english: Stemmer,
    russian: Stemmer,
    /// By word as written: its stem, and the word folded but not stemmed.
    stems: HashMap<String, (String, String)>,
    folded: String,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            english: Stemmer::create(Algorithm::English),
            russian: Stemmer::create(Algorithm::Russian),
            stems: HashMap::new(),
            folded: String::new(),
        }
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("stems", &self.stems.len())
            .finish()
    }
}

impl Analyzer {
    /// Calls `each` with every term of `text`, in order, with the byte range in `text` it comes
    /// from (for a bigram, the two characters').
    pub fn terms(&mut self, text: &str, mut each: impl FnMut(Range<usize>, &str)) {
        self.words(text, |range, term, _| each(range, term));
    }

    /// [`Analyzer::terms`], each with the word as written, case and diacritics folded but not
    /// stemmed (`Running` → `run`, `running`): what a word being typed is a prefix of. A CJK
    /// bigram is its own written form.
    pub fn words(&mut self, text: &str, mut each: impl FnMut(Range<usize>, &str, &str)) {
        let mut chars = text.char_indices().peekable();
        while let Some(&(start, c)) = chars.peek() {
            match class(c) {
                Class::Other => {
                    chars.next();
                }
                Class::Word => {
                    let mut end = start;
                    while let Some(&(at, c)) = chars.peek() {
                        if class(c) != Class::Word {
                            break;
                        }
                        end = at + c.len_utf8();
                        chars.next();
                    }
                    let (stem, folded) = self.stem(&text[start..end]);
                    each(start..end, stem, folded);
                }
                Class::Cjk => {
                    let mut run: Vec<(usize, char)> = Vec::new();
                    while let Some(&(at, c)) = chars.peek() {
                        if class(c) != Class::Cjk {
                            break;
                        }
                        run.push((at, c));
                        chars.next();
                    }
                    cjk_terms(&run, &mut |range, term| each(range, term, term));
                }
            }
        }
    }

    /// The terms of `text`, owned, with their byte ranges.
    pub fn collect(&mut self, text: &str) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        self.terms(text, |range, term| out.push((range, term.to_string())));
        out
    }

    /// A word, case and diacritics folded, and stemmed by its script; and folded only.
    fn stem(&mut self, word: &str) -> (&str, &str) {
        if !self.stems.contains_key(word) {
            if self.stems.len() >= STEM_CACHE_WORDS {
                self.stems.clear();
            }
            let stem = self.stem_uncached(word);
            let folded = self.folded.clone();
            self.stems.insert(word.to_string(), (stem, folded));
        }
        self.stems
            .get(word)
            .map_or(("", ""), |(stem, folded)| (stem.as_str(), folded.as_str()))
    }

    fn stem_uncached(&mut self, word: &str) -> String {
        self.folded.clear();
        if word.is_ascii() {
            self.folded.push_str(&word.to_ascii_lowercase());
        } else {
            let lower = word.to_lowercase();
            self.folded
                .extend(lower.nfd().filter(|&c| !is_combining_mark(c)));
        }
        let folded = self.folded.as_str();
        let latin = folded.chars().all(|c| c.is_ascii_alphanumeric());
        let cyrillic = folded.chars().all(|c| matches!(c, 'а'..='я' | 'ё'));
        let letters = folded.chars().any(char::is_alphabetic);
        if latin && letters {
            self.english.stem(folded).into_owned()
        } else if cyrillic {
            self.russian.stem(folded).into_owned()
        } else {
            folded.to_string()
        }
    }
}

/// The bigrams of a run of CJK characters (the character itself for a run of one).
fn cjk_terms(run: &[(usize, char)], each: &mut impl FnMut(Range<usize>, &str)) {
    let mut term = String::new();
    if let [(at, c)] = run {
        term.push(*c);
        each(*at..at + c.len_utf8(), &term);
        return;
    }
    for pair in run.windows(2) {
        let [(a, first), (b, second)] = pair else {
            continue;
        };
        term.clear();
        term.push(*first);
        term.push(*second);
        each(*a..b + second.len_utf8(), &term);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::default()
            .collect(text)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn english_words_are_folded_and_stemmed() {
        assert_eq!(
            terms("Generic associated TYPES, cargo-clippy & docs.rs"),
            ["generic", "associ", "type", "cargo", "clippi", "doc", "rs"]
        );
        assert_eq!(terms("Café 2024"), ["cafe", "2024"]);
    }

    #[test]
    fn russian_words_are_stemmed_and_yo_is_folded() {
        assert_eq!(terms("Ошибки"), terms("ошибка"));
        assert_eq!(terms("ёлка"), terms("елка"));
    }

    #[test]
    fn cjk_runs_become_bigrams_with_their_byte_ranges() {
        let text = "用语义约定";
        let got = Analyzer::default().collect(text);
        let words: Vec<&str> = got.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(words, ["用语", "语义", "义约", "约定"]);
        assert_eq!(terms("a 语 b"), ["a", "语", "b"]);
        assert_eq!(terms("セマンティック")[0], "セマ");
    }

    #[test]
    fn ranges_point_at_the_original_text() {
        let text = "Старый ПОСТ, ещё";
        let got = Analyzer::default().collect(text);
        assert_eq!(&text[got[1].0.clone()], "ПОСТ");
        assert_eq!(got.len(), 3);
    }
}
