//! Our [`Analyzer`] as tantivy's tokenizer: a text field's terms (stems, CJK bigrams), and in
//! the fields but the body the words as written beside them, marked (see [`WRITTEN`]).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::analyze::Analyzer;

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
    pub(super) analyzer: Analyzer,
    pub(super) written: bool,
}

impl Clone for AnalyzerTokenizer {
    /// A fresh analyzer (its stem cache is per thread).
    fn clone(&self) -> Self {
        Self {
            analyzer: Analyzer::default(),
            written: self.written,
        }
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
        self.analyzer.words(text, |range, term, folded| {
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
