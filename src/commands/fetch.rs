//! `tidings fetch [NAME…]`: fetches the subscribed feeds (`[[feeds]]` in config.toml) and saves
//! their new and changed entries as posts (see [`crate::library::feeds`]). One line per feed on
//! stderr as it is done, or with `--json` one JSON array on stdout.

use std::io::Write;

use anyhow::bail;

use super::Outcome;
use crate::cli::FetchArgs;
use crate::config::Config;
use crate::library::feeds::{self, FeedReport, FetchOptions};

/// Runs `fetch`. Exit status 1 when any feed failed.
///
/// Errors: no feed is subscribed, a NAME names none, or there is no cache directory.
pub fn run(args: &FetchArgs, config: &Config) -> anyhow::Result<Outcome> {
    if config.feeds.is_empty() {
        bail!("no feeds: add [[feeds]] tables with a url to config.toml");
    }
    let chosen: Vec<_> = if args.names.is_empty() {
        config.feeds.clone()
    } else {
        for name in &args.names {
            if !config.feeds.iter().any(|f| f.name() == *name) {
                let names: Vec<String> = config.feeds.iter().map(|f| f.name()).collect();
                bail!(
                    "no feed is named {name:?}; the feeds are {}",
                    names.join(", ")
                );
            }
        }
        (config.feeds.iter())
            .filter(|f| args.names.contains(&f.name()))
            .cloned()
            .collect()
    };
    let Some(mut options) = FetchOptions::new(config.feed_root()) else {
        bail!("no cache directory to keep the feeds' state in");
    };
    if let Some(seconds) = args.timeout {
        options.timeout = std::time::Duration::from_secs_f64(seconds.max(0.1));
    }
    let json = args.json;
    let reports = feeds::fetch_all(&chosen, &options, |report| {
        if !json {
            eprintln!("{}", line(report));
        }
    });
    if json {
        let text = serde_json::to_string_pretty(&reports)?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{text}")?;
    }
    Ok(if reports.iter().any(|r| r.error.is_some()) {
        Outcome::ProblemsFound
    } else {
        Outcome::Done
    })
}

/// `name: 3 new, 1 updated, 40 unchanged, 1 kept` or `name: error: why`.
fn line(report: &FeedReport) -> String {
    match &report.error {
        Some(error) => format!("{}: error: {error}", report.name),
        None => format!(
            "{}: {} new, {} updated, {} unchanged, {} kept (edited by hand)",
            report.name, report.new, report.updated, report.unchanged, report.kept
        ),
    }
}
