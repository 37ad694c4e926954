//! `tidings check`: every problem in a folder of posts, as compilers write them, for CI on a
//! blog's repository.

use std::io::Write;

use super::{Outcome, load, print};
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::library::linkcheck::Checker;
use crate::text::counted;

/// Prints each diagnostic as `path:line: message` (`path: message` without a line), each broken
/// link between posts, heading anchor or local image as `path:line: broken link URL: reason`,
/// and each file that could not be read as `path: message`, by path; then each file the list leaves
/// out as not an article, as `path: note: not an article: reason` (not a problem); then a count
/// on stderr. Paths that hold no post at all are said on stderr, with exit status 1.
///
/// Errors: a path cannot be read at all, or stdout cannot be written.
pub fn run(args: &CheckArgs, config: &Config) -> anyhow::Result<Outcome> {
    let library = load(&args.paths, config)?;
    let store = &library.store;
    let mut posts: Vec<_> = store.ids().iter().filter_map(|&id| store.get(id)).collect();
    posts.sort_by(|a, b| a.path.cmp(&b.path));
    if posts.is_empty() && library.errors.is_empty() {
        return Ok(library.nothing_to_report(config));
    }
    let broken = Checker::new().check(store);
    let mut lines = Vec::new();
    let mut troubled = 0;
    for post in &posts {
        let path = library.as_given(&post.path);
        let before = lines.len();
        lines.extend(post.diagnostics.iter().map(|d| d.at(&path)));
        if let Some(found) = broken.get(&post.path) {
            lines.extend(found.iter().map(|b| b.at(&path)));
        }
        troubled += usize::from(lines.len() > before);
    }
    lines.extend(library.errors.iter().map(|err| {
        // The error names the canonical path first; the reader gets it as given.
        let text = err.to_string();
        let canonical = err.path().display().to_string();
        match text.strip_prefix(&canonical) {
            Some(rest) => format!("{}{rest}", library.as_given(err.path()).display()),
            None => text,
        }
    }));
    let notes: Vec<String> = store
        .ids()
        .iter()
        .filter(|&&id| store.is_hidden_as_not_article(id))
        .filter_map(|&id| store.get(id))
        .filter_map(|post| {
            let why = post.not_article.as_ref()?.reason();
            Some((library.as_given(&post.path), why))
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .map(|(path, why)| format!("{}: note: not an article: {why}", path.display()))
        .collect();
    print(|out| {
        for line in lines.iter().chain(&notes) {
            // A path or a message can hold control characters; the terminal gets them visible.
            writeln!(out, "{}", crate::text::sanitize(line))?;
        }
        Ok(())
    })?;
    let files = troubled + library.errors.len();
    // The count is for the person at the terminal; a closed stderr is no reason to fail.
    let mut stderr = std::io::stderr();
    let left_out = match notes.len() {
        0 => String::new(),
        1 => "; 1 not an article left out of the list (--all shows it)".to_string(),
        n => format!("; {n} not articles left out of the list (--all shows them)"),
    };
    let checked = counted(posts.len(), "post", "posts");
    if lines.is_empty() {
        let _ = writeln!(stderr, "tidings: {checked} checked, no problems{left_out}");
        Ok(Outcome::Done)
    } else {
        let _ = writeln!(
            stderr,
            "tidings: {} in {}; {checked} checked{left_out}",
            counted(lines.len(), "problem", "problems"),
            counted(files, "file", "files"),
        );
        Ok(Outcome::ProblemsFound)
    }
}
