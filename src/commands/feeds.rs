//! `tidings feeds add URL` and `tidings feeds list`: the subscriptions in config.toml.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

use super::Outcome;
use crate::cli::FeedsCommand;
use crate::config::{self, Config};

/// Runs `feeds add` or `feeds list`; `file` is the config file in use.
///
/// Errors: no config file can be named, it cannot be read or written, it is not TOML, the URL
/// is not http/https, or the feed is already there.
pub fn run(
    command: &FeedsCommand,
    config: &Config,
    file: Option<&Path>,
) -> anyhow::Result<Outcome> {
    match command {
        FeedsCommand::List => {
            let mut out = std::io::stdout().lock();
            for feed in &config.feeds {
                let line = format!(
                    "{}\t{}\t{}\t{}",
                    feed.name(),
                    feed.url,
                    feed.tags.join(","),
                    feed.every.as_deref().unwrap_or("")
                );
                if writeln!(out, "{line}").is_err() {
                    break;
                }
            }
            Ok(Outcome::Done)
        }
        FeedsCommand::Add { url, tags, name } => {
            let Some(file) = file else {
                bail!("no config file: give one with --config");
            };
            add(file, url, tags, name.as_deref())?;
            eprintln!("added {url} to {}", file.display());
            Ok(Outcome::Done)
        }
    }
}

/// Appends a `[[feeds]]` table to the config at `file` (made if missing), keeping the rest of
/// the file as written, and writes it atomically.
///
/// Errors: as [`run`].
pub fn add(file: &Path, url: &str, tags: &[String], name: Option<&str>) -> anyhow::Result<()> {
    let url = url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        bail!("{url:?} is not an http or https address");
    }
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(err).with_context(|| file.display().to_string()),
    };
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not TOML", file.display()))?;
    if let Ok(existing) = config::parse(&text)
        && existing.feeds.iter().any(|f| f.url.trim() == url)
    {
        bail!("{url} is already a feed in {}", file.display());
    }
    let mut table = toml_edit::Table::new();
    table.insert("url", toml_edit::value(url));
    if let Some(name) = name {
        table.insert("name", toml_edit::value(name));
    }
    if !tags.is_empty() {
        let list: toml_edit::Array = tags.iter().map(String::as_str).collect();
        table.insert("tags", toml_edit::value(list));
    }
    let feeds = document
        .entry("feeds")
        .or_insert(toml_edit::Item::ArrayOfTables(
            toml_edit::ArrayOfTables::new(),
        ));
    let Some(feeds) = feeds.as_array_of_tables_mut() else {
        bail!(
            "{}: feeds is not a list of [[feeds]] tables",
            file.display()
        );
    };
    feeds.push(table);
    let mut written = document.to_string();
    if !written.ends_with('\n') {
        written.push('\n');
    }
    // What is written must read back, or nothing is written.
    config::parse(&written).map_err(|(_, message)| anyhow::anyhow!("{message}"))?;
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).with_context(|| folder.display().to_string())?;
    crate::library::feeds::write_atomic(file, written.as_bytes()).map_err(anyhow::Error::msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_is_added_after_what_the_file_says_keeping_its_comments() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("config.toml");
        let before = "# my reader\ntheme = \"light\" # bright\n\n[keys]\nquit = [\"q\"]\n";
        std::fs::write(&file, before).expect("write");
        add(&file, "https://a.example/feed.xml", &["news".into()], None).expect("add");
        add(&file, "http://b.example/rss", &[], Some("B")).expect("add");
        let after = std::fs::read_to_string(&file).expect("read");
        assert!(
            after.starts_with(before) && after.ends_with("\"B\"\n"),
            "{after}"
        );
        let config = config::parse(&after).expect("parses");
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[0].tags, ["news"]);
        assert_eq!(config.feeds[1].name(), "B");
        let again = add(&file, "https://a.example/feed.xml", &[], None).expect_err("twice");
        assert!(again.to_string().contains("already"), "{again}");
        assert!(add(&file, "file:///etc/passwd", &[], None).is_err());
        assert_eq!(std::fs::read_to_string(&file).expect("read"), after);
    }
}
