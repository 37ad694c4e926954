//! `tidings check`: every problem in a folder of posts, as compilers write them, for CI on a
//! blog's repository.

use std::io::Write;

use super::{Outcome, load, print};
use crate::cli::CheckArgs;
use crate::config::Config;

/// Prints each diagnostic as `path:line: message` (`path: message` without a line) and each
/// file that could not be read as `path: message`, by path; then each file the list leaves
/// out as not an article, as `path: note: not an article: reason` (not a problem); then a count
/// on stderr.
///
/// Errors: a path cannot be read at all, or stdout cannot be written.
pub fn run(args: &CheckArgs, config: &Config) -> anyhow::Result<Outcome> {
    let library = load(&args.paths, config)?;
    let store = &library.store;
    let mut posts: Vec<_> = store.ids().iter().filter_map(|&id| store.get(id)).collect();
    posts.sort_by(|a, b| a.path.cmp(&b.path));
    let mut lines: Vec<String> = posts
        .iter()
        .flat_map(|post| post.diagnostics.iter().map(|d| d.at(&post.path)))
        .collect();
    let troubled = posts.iter().filter(|p| !p.diagnostics.is_empty()).count();
    lines.extend(library.errors.iter().map(ToString::to_string));
    let notes: Vec<String> = store
        .ids()
        .iter()
        .filter(|&&id| store.is_hidden_as_not_article(id))
        .filter_map(|&id| store.get(id))
        .filter_map(|post| {
            let why = post.not_article.as_ref()?.reason();
            Some((post.path.clone(), why))
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
        n => format!("; {n} not articles left out of the list (--all shows them)"),
    };
    if lines.is_empty() {
        let _ = writeln!(
            stderr,
            "tidings: {} posts checked, no problems{left_out}",
            posts.len()
        );
        Ok(Outcome::Done)
    } else {
        let _ = writeln!(
            stderr,
            "tidings: {} problem(s) in {files} file(s); {} posts checked{left_out}",
            lines.len(),
            posts.len()
        );
        Ok(Outcome::ProblemsFound)
    }
}
