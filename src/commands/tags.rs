//! `tidings tags`: every tag with how many of the picked posts carry it, most used first.

use super::{Outcome, load, print};
use crate::cli::TagsArgs;
use crate::config::Config;

/// Prints `NAME\tCOUNT` per tag carried by at least one picked post: most posts first, then by
/// name. No post picked is said on stderr, with exit status 1, as `list` does; posts without
/// tags print nothing, with exit status 0.
///
/// Errors: a path cannot be read, or stdout cannot be written.
pub fn run(args: &TagsArgs, config: &Config) -> anyhow::Result<Outcome> {
    let library = load(&args.paths, config)?;
    let (ids, _) = library.select(&args.filters.query());
    let mut counts = library.store.tag_counts(&ids);
    counts.retain(|(_, n)| *n > 0);
    if ids.is_empty() {
        return Ok(library.nothing_to_report(config));
    }
    counts.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.key.cmp(&b.key)));
    print(|out| {
        for (tag, count) in &counts {
            writeln!(out, "{}\t{count}", tag.name)?;
        }
        Ok(())
    })?;
    Ok(Outcome::Done)
}
