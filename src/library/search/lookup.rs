//! Searching the index: a [`Plan`] becomes tantivy queries over the text fields, weighted as
//! [`WEIGHTS`] says, each word looked up as its stem, as a prefix while it is typed, one edit
//! away, and as the other languages the index holds stem it; the posts holding most of the
//! words join when few hold every one ([`PARTIAL_BELOW`]).

use std::collections::{HashMap, HashSet};

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Score, Term};

use super::analyze::stem_in;
use super::collect::AllScored;
use super::index::{IndexError, SearchIndex, WEIGHTS};
use super::query::{Plan, Word};
use super::tokenizer::written_term;
use crate::library::store::PostId;

impl SearchIndex {
    /// The posts that match `plan`, with their BM25 score (higher is better), for the posts
    /// `ids` knows (key → id), and how many of them hold every required word.
    ///
    /// When at least [`PARTIAL_BELOW`] posts hold every required word, those are the posts,
    /// by BM25. When fewer do (a reader's query often has a word the post never uses: "go
    /// modules tutorial" for "Using Go Modules"), the posts holding most of the words (at least
    /// half, rounded up; any of them when none holds that many) are added, and every post is
    /// ranked by BM25 over the words it holds times the share of the words it holds (the
    /// coordination factor), so a post holding two of three words in its title can rank above
    /// one holding all three in passing. Phrases and excluded words hold for all of them.
    ///
    /// Errors: tantivy could not read the index.
    pub fn search(&self, plan: &Plan, ids: &HashMap<u64, PostId>) -> Result<Found, IndexError> {
        let searcher = self.reader.searcher();
        let known = |found: Vec<(u64, Score)>| -> Vec<(PostId, Score)> {
            (found.into_iter())
                .filter_map(|(key, score)| Some((*ids.get(&key)?, score)))
                .collect()
        };
        let posts = known(searcher.search(&self.query(plan, Occur::Must, 0), &AllScored)?);
        let required: Vec<&Word> = plan.words.iter().filter(|w| w.required).collect();
        if posts.len() >= PARTIAL_BELOW || required.len() < 2 {
            return Ok(Found {
                posts,
                partial: HashSet::new(),
            });
        }
        let most = required.len().div_ceil(2);
        let mut some = known(searcher.search(&self.query(plan, Occur::Should, most), &AllScored)?);
        if some.is_empty() {
            // Not even most of them: the posts with any, rather than nothing.
            some = known(searcher.search(&self.query(plan, Occur::Should, 1), &AllScored)?);
        }
        // The coordination: each post's BM25 times the share of the words it holds, so a post
        // holding two of three words strongly can rank above one holding all three in passing.
        let mut holding: HashMap<PostId, usize> = HashMap::new();
        // Counted by the word and its prefix, not the words one edit away: those are the
        // costly part of a word's query, and a near miss counts for little anyway.
        for word in &required {
            let found = searcher.search(&self.word_query(word, false), &AllScored)?;
            for (id, _) in known(found) {
                *holding.entry(id).or_default() += 1;
            }
        }
        let words = required.len();
        let held = |id: &PostId| holding.get(id).copied().unwrap_or(0).max(1);
        let partial = (some.iter())
            .map(|(id, _)| *id)
            .filter(|id| held(id) < words)
            .collect();
        let posts = (some.into_iter())
            .map(|(id, score)| (id, score * held(&id) as Score / words as Score))
            .collect();
        Ok(Found { posts, partial })
    }

    /// One word of a search, in any text field by its weight: the term, and as the start of a
    /// longer one when it is being typed, and (with `near`) within one edit when it is long
    /// enough.
    fn word_query(&self, word: &Word, near: bool) -> Box<dyn Query> {
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut others: Vec<String> = (self.languages.iter())
            .map(|language| stem_in(language, &word.typed))
            .filter(|stem| *stem != word.term)
            .collect();
        others.sort();
        others.dedup();
        for (&field, (_, weight)) in self.fields.text.iter().zip(WEIGHTS) {
            let term = Term::from_field_text(field, &word.term);
            let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            any.push((Occur::Should, boosted(exact, weight)));
            // The word as the posts in other languages have it stemmed.
            for stem in &others {
                let term = Term::from_field_text(field, stem);
                let exact = TermQuery::new(term, IndexRecordOption::WithFreqs);
                any.push((Occur::Should, boosted(exact, weight)));
            }
            if word.prefix {
                let prefix = FuzzyTermQuery::new_prefix(term.clone(), 0, true);
                any.push((Occur::Should, boosted(prefix, weight * 0.5)));
                // Words as written are indexed only where they differ from their stems; those
                // that do not are found by the stem prefix above. A word typed shorter than any
                // stem it could be past is found by that one too, and a short prefix's words
                // are many: looked up from WRITTEN_PREFIX_CHARS characters.
                if field != self.fields.text[BODY]
                    && word.written.chars().count() >= WRITTEN_PREFIX_CHARS
                {
                    let written = Term::from_field_text(field, &written_term(&word.written));
                    let prefix = FuzzyTermQuery::new_prefix(written, 0, true);
                    any.push((Occur::Should, boosted(prefix, weight * 0.5)));
                }
            }
            if word.fuzzy && near {
                let near = FuzzyTermQuery::new(term, 1, true);
                any.push((Occur::Should, boosted(near, weight * 0.2)));
            }
        }
        Box::new(BooleanQuery::new(any))
    }

    /// The query for `plan`: each required word `words` (`Must`: all of them; `Should`: at least
    /// `least` of them), phrases required, excluded words not.
    fn query(&self, plan: &Plan, words: Occur, least: usize) -> BooleanQuery {
        let fields = self.fields.text;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The required words, when at least `least` of them are wanted: one clause of their own,
        // so the stop words (`Should` too, for the score) do not count towards it.
        let mut some: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &plan.words {
            let word_query = self.word_query(word, true);
            match (word.required, words) {
                (true, Occur::Should) => some.push((Occur::Should, word_query)),
                (true, occur) => clauses.push((occur, word_query)),
                // A stop word adds to the score only.
                (false, _) => clauses.push((Occur::Should, word_query)),
            }
        }
        if !some.is_empty() {
            let least = least.clamp(1, some.len());
            let most = BooleanQuery::with_minimum_required_clauses(some, least);
            clauses.push((Occur::Must, Box::new(most)));
        }
        for (phrase, typed) in plan.phrases.iter().zip(&plan.typed.phrases) {
            // The phrase as stemmed in English and Russian, and as each other language held.
            let mut forms = vec![phrase.clone()];
            for language in &self.languages {
                let form: Vec<String> = typed.iter().map(|w| stem_in(language, w)).collect();
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for form in &forms {
                for (&field, (_, weight)) in fields.iter().zip(WEIGHTS) {
                    let terms: Vec<Term> = (form.iter())
                        .map(|t| Term::from_field_text(field, t))
                        .collect();
                    let query: Box<dyn Query> = if terms.len() == 1 {
                        Box::new(TermQuery::new(
                            terms[0].clone(),
                            IndexRecordOption::WithFreqs,
                        ))
                    } else {
                        Box::new(PhraseQuery::new(terms))
                    };
                    any.push((Occur::Should, boosted(query, weight)));
                }
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let mut excluded: Vec<String> = plan.excluded.clone();
        for language in &self.languages {
            excluded.extend(plan.typed.excluded.iter().map(|w| stem_in(language, w)));
        }
        excluded.sort();
        excluded.dedup();
        for term in &excluded {
            for &field in &fields {
                let term = Term::from_field_text(field, term);
                clauses.push((
                    Occur::MustNot,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
        }
        if plan.words.is_empty() && plan.phrases.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        BooleanQuery::new(clauses)
    }
}

/// The index of the body among the text fields ([`WEIGHTS`]): it keeps no words as written.
const BODY: usize = 4;

/// Characters a word being typed has before it is looked up among the words as written: the
/// English stems of shorter words are rarely shorter than what is typed.
const WRITTEN_PREFIX_CHARS: usize = 4;

/// Below this many posts holding every word, the posts holding most of them are added after
/// them (see [`SearchIndex::search`]).
pub const PARTIAL_BELOW: usize = 10;

/// What a search found: the posts with their scores (higher first), and those of them that
/// hold only most of the required words, not every one.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub posts: Vec<(PostId, Score)>,
    pub partial: HashSet<PostId>,
}

fn boosted(query: impl Query, weight: Score) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), weight))
}
