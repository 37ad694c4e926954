//! What a reader types, read as a search: words, `"quoted phrases"`, `-excluded` words.
//!
//! - Words match in any order, each as a whole word in any form the analyzer gives the same
//!   term (`generics` finds `generic`), and all must match, except the English and Russian
//!   stop words (`of`, `in`, `the`, `и`, `в`: Lucene's and Snowball's lists, from tantivy),
//!   which only add to the ranking (a query of nothing but stop words needs them all).
//! - The last word, while it is still being typed (no space after it), also matches as the
//!   start of a longer word (`gener` finds `generics`).
//! - A word of 5 letters or more also matches a word one edit away (`generis` finds `generics`),
//!   ranked below exact matches.
//! - `"quoted phrases"` match their words in that order; an unclosed quote runs to the end.
//! - `-word` (or fzf's `!word`) leaves out the posts holding it; `'word` matches it only
//!   exactly (no prefix, no edit).
//! - `author:name` (or `author:"Full Name"`) keeps the posts one of whose authors' names holds
//!   it, ignoring case ([`Filters`]); it is not a word to match.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::{Language, RawTokenizer, StopWordFilter, TextAnalyzer, TokenStream};

use super::analyze::{Analyzer, is_cjk, stem_in, stemmed_language};

/// Letters a word needs before it also matches a word one edit away.
pub const FUZZY_MIN_CHARS: usize = 5;

/// One required term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The term, as the analyzer gives it.
    pub term: String,
    /// The word as typed, case and diacritics folded but not stemmed: a word still being typed
    /// is a prefix of the words as written too (`runn` of `running`).
    pub written: String,
    /// The word as typed (case and diacritics kept): what another language's stemmer stems.
    pub typed: String,
    /// Also matches terms starting with it (the word still being typed).
    pub prefix: bool,
    /// Also matches terms one edit away.
    pub fuzzy: bool,
    /// A post must hold it (every word but a stop word).
    pub required: bool,
}

/// The conditions on fields a search text holds, apart from its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `author:NAME`: lower case; a post needs an author holding each.
    pub authors: Vec<String>,
}

impl Filters {
    /// The filters of `text`, and `text` without them (what is searched for).
    pub fn split(text: &str) -> (Filters, std::borrow::Cow<'_, str>) {
        const AUTHOR: &str = "author:";
        let mut filters = Filters::default();
        if !text.contains(AUTHOR) {
            return (filters, std::borrow::Cow::Borrowed(text));
        }
        let mut rest = String::with_capacity(text.len());
        let mut left = text;
        while let Some(at) = left.find(AUTHOR) {
            let starts_word = left[..at]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
            if !starts_word {
                rest.push_str(&left[..at + AUTHOR.len()]);
                left = &left[at + AUTHOR.len()..];
                continue;
            }
            rest.push_str(&left[..at]);
            let value = &left[at + AUTHOR.len()..];
            let (name, after) = match value.strip_prefix('"') {
                Some(quoted) => {
                    let end = quoted.find('"').unwrap_or(quoted.len());
                    (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
                }
                None => {
                    let end = value.find(char::is_whitespace).unwrap_or(value.len());
                    value.split_at(end)
                }
            };
            let name = name.trim().to_lowercase();
            if !name.is_empty() {
                filters.authors.push(name);
            }
            left = after;
        }
        rest.push_str(left);
        // Typing on after a filter: the space before the next word is kept.
        (
            filters,
            std::borrow::Cow::Owned(rest.trim_start().to_string()),
        )
    }

    /// Whether `authors` (a post's) pass.
    pub fn pass(&self, authors: &[String]) -> bool {
        self.authors.iter().all(|wanted| {
            authors
                .iter()
                .any(|a| a.to_lowercase().contains(wanted.as_str()))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.authors.is_empty()
    }
}

/// A search, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Required words (a run of CJK characters gives one per bigram).
    pub words: Vec<Word>,
    /// Required phrases, each the terms in order.
    pub phrases: Vec<Vec<String>>,
    /// Terms no matching post may hold.
    pub excluded: Vec<String>,
    /// The words of `phrases` and of `excluded` as typed, in the same order: what the
    /// index's other languages stem ([`Word::typed`]).
    pub typed: Typed,
}

/// The words of a [`Plan`]'s phrases and exclusions as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub phrases: Vec<Vec<String>>,
    pub excluded: Vec<String>,
}

impl Plan {
    /// Reads `text` as typed (its [`Filters`] left out).
    pub fn parse(text: &str, analyzer: &mut Analyzer) -> Plan {
        let (_, text) = Filters::split(text);
        let text = text.as_ref();
        let mut plan = Plan::default();
        // Made at the first word that needs it: building the stop word sets costs ~20 µs, and
        // the article's matches are looked for with an empty search each time a post opens.
        let mut stop_words = None;
        let typing = !text.ends_with(char::is_whitespace);
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            if let Some(quoted) = rest.strip_prefix('"') {
                let end = quoted.find('"').unwrap_or(quoted.len());
                let phrase = &quoted[..end];
                let (terms, typed): (Vec<String>, Vec<String>) = (analyzer.collect(phrase))
                    .into_iter()
                    .map(|(range, t)| (t, phrase[range].to_string()))
                    .unzip();
                if !terms.is_empty() {
                    plan.phrases.push(terms);
                    plan.typed.phrases.push(typed);
                }
                rest = quoted.get(end + 1..).unwrap_or("");
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (token, after) = rest.split_at(end);
            rest = after;
            let last = rest.is_empty();
            if let Some(excluded) = token.strip_prefix(['-', '!']).filter(|t| !t.is_empty()) {
                for (range, term) in analyzer.collect(excluded) {
                    plan.excluded.push(term);
                    plan.typed.excluded.push(excluded[range].to_string());
                }
                continue;
            }
            let (token, exact) = match token.strip_prefix('\'') {
                Some(t) => (t, true),
                None => (token, false),
            };
            let mut terms = Vec::new();
            analyzer.words(token, |range, term, written| {
                terms.push((range, term.to_string(), written.to_string()));
            });
            let count = terms.len();
            for (index, (range, term, written)) in terms.into_iter().enumerate() {
                let word = &token[range];
                let cjk = word.chars().any(is_cjk);
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let prefix = !exact && !cjk && typing && last && index + 1 == count;
                plan.words.push(Word {
                    typed: word.to_string(),
                    prefix,
                    fuzzy: !exact && !cjk && letters >= FUZZY_MIN_CHARS,
                    required: prefix
                        || exact
                        || !stop_words.get_or_insert_with(StopWords::new).is(word),
                    term,
                    written,
                });
            }
        }
        if plan.words.iter().all(|w| !w.required) {
            for word in &mut plan.words {
                word.required = true;
            }
        }
        plan
    }

    /// Whether the search asks for nothing (blank, or only punctuation).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.excluded.is_empty()
    }

    /// What to highlight: every term the words and phrases would match.
    pub fn marker(&self) -> Marker {
        let mut marker = Marker::default();
        for word in self.words.iter().filter(|w| w.required) {
            marker.exact.insert(word.term.clone());
            marker.words.push(word.typed.clone());
            if word.prefix {
                marker.prefixes.push(word.term.clone());
                marker.written.push(word.written.clone());
            }
            if word.fuzzy {
                marker.fuzzy.push(word.term.clone());
            }
        }
        for phrase in &self.phrases {
            marker.exact.extend(phrase.iter().cloned());
        }
        for phrase in &self.typed.phrases {
            marker.words.extend(phrase.iter().cloned());
        }
        marker
    }
}

/// The English and Russian stop words: tantivy's lists (Lucene's English set, Snowball's
/// Russian one), asked through its filter.
struct StopWords(TextAnalyzer);

impl StopWords {
    fn new() -> StopWords {
        let builder = TextAnalyzer::builder(RawTokenizer::default()).dynamic();
        let builder = [Language::English, Language::Russian]
            .into_iter()
            .filter_map(StopWordFilter::new)
            .fold(builder, |b, filter| b.filter_dynamic(filter));
        StopWords(builder.build())
    }

    /// Whether `word` (as typed) is a stop word.
    fn is(&mut self, word: &str) -> bool {
        self.0.token_stream(&word.to_lowercase()).next().is_none()
    }
}

/// Finds where a search's terms are in a line of text: the highlighted matches of the article
/// and of snippets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marker {
    exact: HashSet<String>,
    prefixes: Vec<String>,
    /// Words being typed, as written: prefixes of the words of the text as written.
    written: Vec<String>,
    fuzzy: Vec<String>,
    /// The required words as typed: a text in another language holds them as that language
    /// stems them ([`Marker::for_text_in`]).
    words: Vec<String>,
}

impl Marker {
    /// Readies `analyzer` for a text in `lang` (a post's language code, if known: its
    /// Latin-script words stemmed as that language, as the index stems them), and gives the
    /// marker for that text: the words typed matched as that language stems them too.
    pub fn for_text_in(
        &self,
        lang: Option<&str>,
        analyzer: &mut Analyzer,
    ) -> std::borrow::Cow<'_, Marker> {
        let language = lang.and_then(stemmed_language);
        analyzer.set_language(language);
        let Some(language) = language.filter(|_| !self.words.is_empty()) else {
            return std::borrow::Cow::Borrowed(self);
        };
        let mut marker = self.clone();
        (marker.exact).extend(self.words.iter().map(|word| stem_in(language, word)));
        std::borrow::Cow::Owned(marker)
    }

    /// Whether a term of text (with its word as written, see [`Analyzer::words`]) matches, and
    /// how well: 2 exactly, 1 by prefix or by one edit.
    pub fn strength(&self, term: &str, written: &str) -> u8 {
        if self.exact.contains(term) {
            2
        } else if self.prefixes.iter().any(|p| term.starts_with(p.as_str()))
            || self.written.iter().any(|p| written.starts_with(p.as_str()))
            || self.fuzzy.iter().any(|f| strsim::levenshtein(f, term) <= 1)
        {
            1
        } else {
            0
        }
    }

    /// Whether nothing would ever be marked.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty() && self.fuzzy.is_empty()
    }

    /// Byte ranges of `line` that match, in order, overlapping ones merged (CJK bigrams).
    pub fn ranges(&self, analyzer: &mut Analyzer, line: &str) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        if self.is_empty() {
            return out;
        }
        analyzer.words(line, |range, term, written| {
            if self.strength(term, written) == 0 {
                return;
            }
            match out.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => out.push(range),
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        Plan::parse(text, &mut Analyzer::default())
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let p = plan("Context \"error handling\" -draft 'pgo");
        let terms: Vec<&str> = p.words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["context", "pgo"]);
        assert_eq!(p.phrases, [vec!["error".to_string(), "handl".to_string()]]);
        assert_eq!(p.excluded, ["draft"]);
        assert!(p.words.iter().all(|w| w.required));
        let p = plan("state of the survey ");
        let required: Vec<bool> = p.words.iter().map(|w| w.required).collect();
        assert_eq!(required, [true, false, false, true]);
        assert!(plan("of the ").words.iter().all(|w| w.required));
        assert!(!p.words[1].prefix && !p.words[1].fuzzy, "'pgo is exact");
        assert!(p.words[0].fuzzy && !p.words[0].prefix);
    }

    #[test]
    fn only_the_word_being_typed_is_a_prefix() {
        assert!(plan("mangling v").words[1].prefix);
        assert!(!plan("mangling v ").words[1].prefix);
        assert!(!plan("mangling v").words[0].prefix);
        assert!(plan("  ").is_empty() && plan("--").is_empty());
    }

    #[test]
    fn marker_finds_forms_prefixes_and_near_misses() {
        let mut analyzer = Analyzer::default();
        let marker = Plan::parse("generis trai", &mut analyzer).marker();
        let line = "Generics and traits; generally not.";
        let marked: Vec<&str> = marker
            .ranges(&mut analyzer, line)
            .into_iter()
            .map(|r| &line[r])
            .collect();
        assert_eq!(marked, ["Generics", "traits"]);
    }

    #[test]
    fn cjk_matches_merge_into_one_range() {
        let mut analyzer = Analyzer::default();
        let marker = Plan::parse("语义约定", &mut analyzer).marker();
        let line = "使用语义约定。";
        let ranges = marker.ranges(&mut analyzer, line);
        assert_eq!(ranges.len(), 1);
        assert_eq!(&line[ranges[0].clone()], "语义约定");
    }

    #[test]
    fn an_author_filter_is_taken_out_of_the_words() {
        let (filters, words) = Filters::split("author:pike generics");
        assert_eq!(filters.authors, ["pike"]);
        assert_eq!(words, "generics");
        let (filters, words) = Filters::split("errors author:\"Rob Pike\" values");
        assert_eq!(filters.authors, ["rob pike"]);
        assert_eq!(words, "errors  values");
        let (filters, words) = Filters::split("coauthor:x");
        assert!(filters.is_empty(), "not at a word's start");
        assert_eq!(words, "coauthor:x");
        assert!(filters.pass(&[]));
        let (filters, _) = Filters::split("author:gerrand");
        assert!(filters.pass(&["Andrew Gerrand".to_string()]));
        assert!(!filters.pass(&["Rob Pike".to_string()]));
        let mut analyzer = Analyzer::default();
        let plan = Plan::parse("author:pike generics", &mut analyzer);
        assert_eq!(plan.words.len(), 1, "{plan:?}");
    }
}
