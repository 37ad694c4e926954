//! Our [`Analyzer`] as tantivy's tokenizer: a text field's terms (stems, CJK bigrams), and in
//! the fields but the body the words as written beside them, marked (see [`WRITTEN`]). A
//! field's text may start with the language its Latin-script words are stemmed as
//! ([`in_language`]): tantivy gives a tokenizer the text alone, so the index says it there.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::analyze::{Analyzer, stemmed_language};

/// Opens and closes the language a field's text is stemmed as, at its start (see
/// [`in_language`]).
const LANGUAGE: char = '\u{2}';

/// `text` as the index hands it to the tokenizer for a post whose Latin-script words are
/// stemmed as `language` (a code of `analyze::stemmed_language`; `None`: English, the text as
/// it is).
pub(super) fn in_language<'a>(language: Option<&str>, text: &'a str) -> std::borrow::Cow<'a, str> {
    match language {
        Some(code) => format!("{LANGUAGE}{code}{LANGUAGE}{text}").into(),
        None => text.into(),
    }
}

/// The language [`in_language`] put at the start of `text`, and where the text itself starts
/// (bytes).
fn language_of(text: &str) -> (Option<&'static str>, usize) {
    let Some(rest) = text.strip_prefix(LANGUAGE) else {
        return (None, 0);
    };
    match rest.split_once(LANGUAGE) {
        Some((code, _)) if code.len() <= 3 => (stemmed_language(code), code.len() + 2),
        _ => (None, 0),
    }
}

/// Marks the index terms that are words as written (folded, not stemmed), so they never meet a
/// stem: a query's terms are stems, and only a word being typed looks them up, by prefix.
pub(super) const WRITTEN: char = '\u{1}';

/// `folded` as the index keeps a word as written (see [`WRITTEN`]).
pub(super) fn written_term(folded: &str) -> String {
    let mut term = String::with_capacity(folded.len() + 1);
    term.push(WRITTEN);
    term.push_str(folded);
    term
}

/// Our [`Analyzer`] as a tantivy tokenizer; with `written`, the words as written too.
pub(super) struct AnalyzerTokenizer {
    /// One per language met (English's first), each with its stem cache.
    analyzers: Vec<Analyzer>,
    written: bool,
}

impl AnalyzerTokenizer {
    pub(super) fn new(written: bool) -> Self {
        Self {
            analyzers: vec![Analyzer::default()],
            written,
        }
    }

    /// The analyzer for posts stemmed as `language`.
    fn analyzer(&mut self, language: Option<&'static str>) -> &mut Analyzer {
        let at = match (self.analyzers.iter()).position(|a| a.language() == language) {
            Some(at) => at,
            None => {
                let mut analyzer = Analyzer::default();
                analyzer.set_language(language);
                self.analyzers.push(analyzer);
                self.analyzers.len() - 1
            }
        };
        &mut self.analyzers[at]
    }
}

impl Clone for AnalyzerTokenizer {
    /// Fresh analyzers (their stem caches are per thread).
    fn clone(&self) -> Self {
        Self::new(self.written)
    }
}

pub(super) struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for AnalyzerTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let mut tokens = Vec::new();
        let mut position = 0;
        let written = self.written;
        let (language, start) = language_of(text);
        self.analyzer(language)
            .words(&text[start..], |range, term, folded| {
                let range = range.start + start..range.end + start;
                tokens.push(Token {
                    offset_from: range.start,
                    offset_to: range.end,
                    position,
                    text: term.to_string(),
                    position_length: 1,
                });
                // The word as written too, marked, at the same position: a word being typed is
                // looked up as a prefix of it (`runn` of `running`, whose stem is `run`).
                if written && folded != term {
                    tokens.push(Token {
                        offset_from: range.start,
                        offset_to: range.end,
                        position,
                        text: written_term(folded),
                        position_length: 1,
                    });
                }
                position += 1;
            });
        Tokens { tokens, next: 0 }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
