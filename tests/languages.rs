//! Language detection against the languages sites say: every file of `../shared/corpora` whose
//! language a folder names (`content/ja/…`, `site/ru/…`) is detected from its text alone
//! (`lang::detect`). Of the posts tidings lists (articles, not section pages: a listing page
//! or an empty stub has no text to tell), at least 98% must be detected as their folder says;
//! of the files with prose enough to tell ([`PROSE_LETTERS`] letters), at least 98%; of the
//! files detected at all, at least 98% (a text too short to tell is unknown, never a guess).
//! Skipped, with a message, when the folder is absent.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use tidings::content::lang::{self, LangSource};
use tidings::content::loader::{self, LoadUpdate, Root};

mod support;

/// Agreement wanted.
const AGREEING: f64 = 0.98;

/// Letters of prose a post needs for its language to be told (a few sentences).
const PROSE_LETTERS: usize = 200;

/// Per language, counts of files: all, agreeing, unknown, with prose enough, agreeing of those,
/// listed as posts, agreeing of those.
type Tally = BTreeMap<String, [usize; 7]>;

fn tally(dir: &Path, tally: &mut Tally) {
    let root = Root::new(dir).expect("corpus folder");
    let seen = Mutex::new(Vec::new());
    loader::load_roots(&[root], &jiff::tz::TimeZone::UTC, 256, |update| {
        if let LoadUpdate::Batch { posts, .. } = update {
            seen.lock().expect("lock").extend(posts);
        }
    });
    for post in seen.into_inner().expect("lock") {
        let Some(said) = post
            .lang
            .clone()
            .filter(|_| post.lang_from == Some(LangSource::Folder))
        else {
            continue;
        };
        let base = said.split('-').next().unwrap_or(&said).to_string();
        let lead = match &post.meta.details.description {
            Some(description) => format!("{}\n{description}", post.title),
            None => post.title.clone(),
        };
        let detected = lang::detect(&lead, post.text());
        let agrees = detected.as_deref() == Some(base.as_str());
        let enough = lang::letters_to_judge(&lead, post.text()) >= PROSE_LETTERS;
        let entry = tally.entry(base.clone()).or_default();
        entry[0] += 1;
        entry[1] += usize::from(agrees);
        entry[2] += usize::from(detected.is_none());
        entry[3] += usize::from(enough);
        entry[4] += usize::from(enough && agrees);
        let listed = post.not_article.is_none() && !post.section;
        entry[5] += usize::from(listed);
        entry[6] += usize::from(listed && agrees);
        if !agrees && (enough || detected.is_some()) {
            let text = detected.as_deref().unwrap_or("unknown");
            eprintln!("{}: folder says {said}, text {text}", post.path.display());
        }
    }
}

#[test]
fn detection_agrees_with_the_language_folders_name() {
    let Some(corpora) = support::shared("corpora") else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    let mut all = Tally::new();
    for entry in std::fs::read_dir(&corpora).expect("corpora") {
        let dir = entry.expect("entry").path();
        if dir.is_dir() {
            tally(&dir, &mut all);
        }
    }
    let mut sum = [0; 7];
    for (lang, counts) in &all {
        let [n, ok, unknown, enough, ok_of_enough, listed, ok_of_listed] = counts;
        eprintln!(
            "{lang}: {ok} of {n} files agree, {unknown} unknown; of the posts listed, \
             {ok_of_listed} of {listed}; with prose enough, {ok_of_enough} of {enough}"
        );
        for (total, count) in sum.iter_mut().zip(counts) {
            *total += count;
        }
    }
    let [
        posts,
        agreeing,
        unknown,
        enough,
        ok_of_enough,
        listed,
        ok_of_listed,
    ] = sum;
    eprintln!(
        "all: {agreeing} of {posts} files agree, {unknown} unknown; of the posts listed, \
         {ok_of_listed} of {listed}; with prose enough, {ok_of_enough} of {enough}"
    );
    if posts == 0 {
        eprintln!("skipped: no post's language is named by a folder");
        return;
    }
    let share = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
    let detected = posts - unknown;
    assert!(
        share(ok_of_listed, listed) >= AGREEING,
        "of the posts listed, {ok_of_listed} of {listed} agree"
    );
    assert!(
        share(ok_of_enough, enough) >= AGREEING,
        "with prose enough to tell, {ok_of_enough} of {enough} agree"
    );
    assert!(
        share(agreeing, detected) >= AGREEING,
        "of the posts detected, {agreeing} of {detected} agree"
    );
}

/// Whether most of `text`'s letters are Cyrillic: the seeds' own test of being in Russian,
/// independent of the detector.
fn mostly_cyrillic(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (cyrillic, all) = letters.fold((0, 0), |(c, a), ch| {
        (
            c + usize::from(('\u{400}'..='\u{4ff}').contains(&ch)),
            a + 1,
        )
    });
    cyrillic * 2 > all
}

#[test]
fn list_by_language_finds_the_seeds_written_in_russian_though_none_says_so() {
    let Some(seeds) = support::shared("seeds") else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    let cache = tempfile::tempdir().expect("a cache folder");
    let mut russian: Vec<String> = std::fs::read_dir(&seeds)
        .expect("seeds")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| std::fs::read_to_string(path).is_ok_and(|text| mostly_cyrillic(&text)))
        .map(|path| {
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    russian.sort();
    // Twice: detected, then taken from the metadata cache the first run wrote.
    for _ in 0..2 {
        let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tidings"))
            .env("XDG_CONFIG_HOME", "/nonexistent/tidings-tests")
            .env("XDG_CACHE_HOME", cache.path())
            .args(["list", "--paths"])
            .arg(&seeds)
            .args(["--lang", "ru"])
            .output()
            .expect("run");
        let stdout = String::from_utf8(out.stdout).expect("utf-8");
        let mut listed: Vec<String> = (stdout.lines())
            .filter_map(|line| Some(Path::new(line).file_name()?.to_string_lossy().into_owned()))
            .collect();
        listed.sort();
        assert_eq!(listed, russian, "{}", String::from_utf8_lossy(&out.stderr));
    }
}
