//! The analyzer: text → the terms search matches on, each with the byte range it came from.
//! The index, the query and the highlighting of matches all read text through it, so a word is
//! found exactly when it would be highlighted.
//!
//! - Words are runs of letters and digits (`cargo-clippy` is `cargo` and `clippy`; `docs.rs` is
//!   `docs` and `rs`).
//! - Case is folded (Unicode lower case), and so are diacritics (NFD, combining marks dropped:
//!   `café` → `cafe`, `ёлка` → `елка`).
//! - Latin-script words are stemmed as English, Cyrillic ones as Russian (Snowball stemmers, from
//!   `rust-stemmers`): `generics` → `generic`, `ошибки` → `ошибк`. A post in another language
//!   of the Latin script that has a Snowball stemmer ([`stemmed_language`]: Spanish, German,
//!   French...) has its Latin-script words stemmed as that language instead
//!   ([`Analyzer::set_language`]): `módulos` → `modul`, where English gives `modulo`.
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

/// The languages whose Latin-script words have a Snowball stemmer of their own, other than
/// English (the default): ISO 639-1 code and algorithm. Norwegian Bokmål (`nb`) is stemmed as
/// Norwegian.
const LATIN_STEMMERS: [(&str, Algorithm); 13] = [
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nl", Algorithm::Dutch),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("sv", Algorithm::Swedish),
    ("tr", Algorithm::Turkish),
];

/// The language a post in `lang` (a language code: `es`, `pt-br`, `nb`) has its Latin-script
/// words stemmed as, when that is not English: one of [`LATIN_STEMMERS`]' codes. `None` for
/// English, for a language without a stemmer of its own, or another script's.
pub fn stemmed_language(lang: &str) -> Option<&'static str> {
    let base = lang.split(['-', '_']).next()?.to_ascii_lowercase();
    let base = if base == "nb" { "no" } else { base.as_str() };
    LATIN_STEMMERS
        .iter()
        .find(|(code, _)| *code == base)
        .map(|(code, _)| *code)
}

/// The Snowball stemmer for Latin-script words in `language` ([`stemmed_language`]'s codes;
/// `None` is English).
fn latin_stemmer(language: Option<&str>) -> Stemmer {
    let algorithm = (LATIN_STEMMERS.iter())
        .find(|(code, _)| Some(*code) == language)
        .map_or(Algorithm::English, |(_, algorithm)| *algorithm);
    Stemmer::create(algorithm)
}

/// `word` (one word, as written) stemmed as a Latin-script word of `language`
/// ([`stemmed_language`]'s codes), as an [`Analyzer`] set to that language stems it: the term
/// an index of posts in that language holds for it.
pub fn stem_in(language: &str, word: &str) -> String {
    let lower = word.to_lowercase();
    let folded = fold_marks(&lower);
    if is_latin_word(&folded) {
        fold_marks(&latin_stemmer(Some(language)).stem(&lower))
    } else {
        folded
    }
}

/// `lower` with its diacritics dropped (NFD, combining marks left out): `café` → `cafe`.
fn fold_marks(lower: &str) -> String {
    lower.nfd().filter(|&c| !is_combining_mark(c)).collect()
}

/// Whether a folded word is one of the Latin script (ASCII letters and digits, a letter
/// among them): the words a Latin-script stemmer stems.
fn is_latin_word(folded: &str) -> bool {
    folded.chars().all(|c| c.is_ascii_alphanumeric()) && folded.chars().any(char::is_alphabetic)
}

/// Turns text into terms. Keeps its stemmers and a cache of stems, so one analyzer should serve
/// many texts (one per thread: it is not `Sync`).
pub struct Analyzer {
    /// English's, unless [`Analyzer::set_language`] said another.
    latin: Stemmer,
    /// The language Latin-script words are stemmed as; `None`: English.
    language: Option<&'static str>,
    russian: Stemmer,
    /// By word as written: its stem, and the word folded but not stemmed.
    stems: HashMap<String, (String, String)>,
    folded: String,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            latin: latin_stemmer(None),
            language: None,
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
    /// Stems Latin-script words as `language` from now on (a code [`stemmed_language`] gives;
    /// `None`: English), as the index did for the post being read.
    pub fn set_language(&mut self, language: Option<&'static str>) {
        if self.language != language {
            self.language = language;
            self.latin = latin_stemmer(language);
            self.stems.clear();
        }
    }

    /// The language Latin-script words are stemmed as ([`Analyzer::set_language`]).
    pub fn language(&self) -> Option<&'static str> {
        self.language
    }

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
            self.folded.push_str(&fold_marks(&word.to_lowercase()));
        }
        let folded = self.folded.as_str();
        let cyrillic = folded.chars().all(|c| matches!(c, 'а'..='я' | 'ё'));
        if is_latin_word(folded) && self.language.is_some() {
            // Stemmed with its diacritics (Spanish `-ción`, French `-ée` are suffixes only with
            // them), then folded.
            fold_marks(&self.latin.stem(&word.to_lowercase()))
        } else if is_latin_word(folded) {
            self.latin.stem(folded).into_owned()
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
    fn a_post_in_another_latin_script_language_is_stemmed_as_that_language() {
        assert_eq!(stemmed_language("es"), Some("es"));
        assert_eq!(stemmed_language("pt-BR"), Some("pt"));
        assert_eq!(stemmed_language("nb"), Some("no"));
        assert_eq!(stemmed_language("en"), None);
        assert_eq!(stemmed_language("ru"), None);
        let mut spanish = Analyzer::default();
        spanish.set_language(Some("es"));
        let stems: Vec<String> = (spanish.collect("Módulos módulo ошибки").into_iter())
            .map(|(_, t)| t)
            .collect();
        assert_eq!(stems[0], stems[1], "one Spanish stem for both");
        assert_eq!(stems[0], stem_in("es", "Módulos"));
        // Stemmed with the accent its suffix has: "depuración" and "depurar" meet.
        assert_eq!(stem_in("es", "depuración"), stem_in("es", "depurar"));
        assert_ne!(stems[0], terms("Módulos")[0], "not the English stem");
        assert_eq!(stems[2], terms("ошибки")[0], "Cyrillic is Russian still");
        spanish.set_language(None);
        assert_eq!(spanish.collect("Módulos")[0].1, terms("Módulos")[0]);
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
