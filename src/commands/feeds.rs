//! `tidings feeds add|remove|list|import|export`: the subscriptions, kept as `[[feeds]]` tables
//! in config.toml. Changes are made with toml_edit, so the file's comments and order stay as
//! written, and the file is written atomically, and only when what is written reads back. No
//! subcommand here deletes a post.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

use super::{Outcome, print};
use crate::cli::FeedsCommand;
use crate::config::{self, Config, FeedConfig};
use crate::library::feeds::{self, entry::slug, opml};

/// How long `feeds add` waits for the feed, to name it by its title.
const TITLE_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs a `feeds` subcommand; `config` is what `file` (the config file in use) held at start.
///
/// Errors: no config file can be named, it cannot be read or written, it is not TOML, a URL is
/// not http/https, NAME names no feed, or the OPML file cannot be read.
pub fn run(
    command: &FeedsCommand,
    config: &Config,
    file: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let config_file = || file.context("no config file: give one with --config");
    match command {
        FeedsCommand::List => list(config),
        FeedsCommand::Export => {
            let created = jiff::fmt::rfc2822::DateTimePrinter::new()
                .timestamp_to_rfc9110_string(&jiff::Timestamp::now())
                .unwrap_or_default();
            let text = opml::write(&config.feeds, "tidings subscriptions", &created);
            print(|out| out.write_all(text.as_bytes()))?;
            Ok(Outcome::Done)
        }
        FeedsCommand::Add {
            url,
            tags,
            name,
            folder,
        } => {
            let mut subscriptions = Subscriptions::open(config_file()?)?;
            let url = url.trim();
            // The config's own check, as every subscription gets when it is read.
            let checked = FeedConfig {
                url: url.to_string(),
                name: None,
                folder: None,
                tags: Vec::new(),
                every: None,
            };
            if let Err(why) = checked.check() {
                bail!("{}", why.trim_start_matches("feeds: "));
            }
            if let Some(known) = subscriptions.find(url) {
                say(&format!(
                    "{url} is already a feed, {:?}, in {}; nothing changed",
                    known.name(),
                    subscriptions.path.display()
                ));
                return Ok(Outcome::Done);
            }
            let name = match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                Some(name) => name.to_string(),
                None => subscriptions.free_name(&name_from_title(url)),
            };
            let feed = FeedConfig {
                url: url.to_string(),
                name: Some(name),
                folder: folder.clone(),
                tags: tags.clone(),
                every: None,
            };
            subscriptions.push(&feed)?;
            subscriptions.save()?;
            let saved_in = feeds::folder_of(&feed, config.feed_root().as_deref())
                .map(|dir| format!("; its entries are saved in {}", dir.display()))
                .unwrap_or_default();
            say(&format!(
                "added {:?} ({url}) to {}{saved_in}",
                feed.name(),
                subscriptions.path.display()
            ));
            Ok(Outcome::Done)
        }
        FeedsCommand::Remove { name } => {
            let mut subscriptions = Subscriptions::open(config_file()?)?;
            let feed = subscriptions.remove(name)?;
            subscriptions.save()?;
            let kept = feeds::folder_of(&feed, config.feed_root().as_deref())
                .map(|dir| format!("; its posts in {} are kept", dir.display()))
                .unwrap_or_default();
            say(&format!(
                "removed {:?} ({}) from {}{kept}",
                feed.name(),
                feed.url,
                subscriptions.path.display()
            ));
            Ok(Outcome::Done)
        }
        FeedsCommand::Import { file: from } => import(config_file()?, from),
    }
}

/// `feeds list`: `NAME\tURL\tTAGS\tEVERY` per feed; none is said on stderr, with exit status 1.
fn list(config: &Config) -> anyhow::Result<Outcome> {
    if config.feeds.is_empty() {
        say("tidings: no feeds: `tidings feeds add URL` or `tidings feeds import FILE` adds them");
        return Ok(Outcome::ProblemsFound);
    }
    print(|out| {
        for feed in &config.feeds {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                feed.name(),
                feed.url,
                feed.tags.join(","),
                feed.every.as_deref().unwrap_or("")
            )?;
        }
        Ok(())
    })?;
    Ok(Outcome::Done)
}

/// `feeds import FILE`: every feed of the OPML file not yet subscribed to, named by a slug of its
/// title, tagged by its folders and categories, in one write. A file with no feed at all is
/// said, with exit status 1.
fn import(config_file: &Path, from: &Path) -> anyhow::Result<Outcome> {
    let mut bytes = Vec::new();
    let shown = from.display();
    let limit = opml::MAX_OPML_BYTES as u64 + 1;
    if from == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(from)
            .map_err(|err| anyhow::anyhow!("{shown}: {}", crate::text::io_reason(&err)))?;
        file.take(limit).read_to_end(&mut bytes)
    }
    .with_context(|| shown.to_string())?;
    let found = opml::parse(&bytes).with_context(|| shown.to_string())?;
    if found.is_empty() {
        say(&format!(
            "tidings: {shown}: no feeds (no outline with an xmlUrl)"
        ));
        return Ok(Outcome::ProblemsFound);
    }
    let mut subscriptions = Subscriptions::open(config_file)?;
    let (mut added, mut known, mut refused) = (0, 0, Vec::new());
    for subscription in found {
        let url = subscription.url.trim();
        let mut feed = FeedConfig {
            url: url.to_string(),
            name: None,
            folder: None,
            tags: subscription.tags,
            every: None,
        };
        if feed.check().is_err() {
            refused.push(url.to_string());
            continue;
        }
        if subscriptions.find(url).is_some() {
            known += 1;
            continue;
        }
        let base = match &subscription.title {
            Some(title) => name_of(title),
            None => host(url),
        };
        feed.name = Some(subscriptions.free_name(&base));
        subscriptions.push(&feed)?;
        added += 1;
    }
    if added > 0 {
        subscriptions.save()?;
    }
    let mut line = format!(
        "imported {} from {shown} into {}",
        crate::text::counted(added, "feed", "feeds"),
        subscriptions.path.display()
    );
    if known > 0 {
        line.push_str(&format!("; {known} already subscribed"));
    }
    if !refused.is_empty() {
        line.push_str(&format!(
            "; left out, not http or https: {}",
            refused.join(", ")
        ));
    }
    say(&line);
    Ok(Outcome::Done)
}

/// An imported feed's name from its title: the title itself when it is one word (a name another feed
/// reader or `feeds export` wrote, `harbour-gazette`, `blog.example.org`), else a slug of it
/// (`The Go Blog` → `the-go-blog`), so it can be typed after `tidings fetch`.
fn name_of(title: &str) -> String {
    let title = title.trim();
    let plain = !title.is_empty()
        && title.chars().count() <= 80
        && !title
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "/\\\"'".contains(c));
    if plain {
        title.to_string()
    } else {
        slug(title)
    }
}

/// A slug of the feed's title, fetched once; the URL's host when it cannot be had.
fn name_from_title(url: &str) -> String {
    match feeds::title_of(url, TITLE_TIMEOUT) {
        Ok(title) => slug(&title),
        Err(_) => host(url),
    }
}

/// The host of `url` (`blog.example.org`), or `feed` when it has none.
fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(ToString::to_string))
        .unwrap_or_else(|| "feed".to_string())
}

/// A line on stderr, for the person at the terminal (a closed stderr is no failure).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// config.toml, as a document to change and as the feeds it holds.
struct Subscriptions {
    path: PathBuf,
    document: toml_edit::DocumentMut,
    feeds: Vec<FeedConfig>,
}

impl Subscriptions {
    /// The config at `path`; a missing file is an empty one.
    ///
    /// Errors: it cannot be read, or is not TOML.
    fn open(path: &Path) -> anyhow::Result<Subscriptions> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(err) => return Err(err).with_context(|| path.display().to_string()),
        };
        let document = text
            .parse()
            .with_context(|| format!("{} is not TOML", path.display()))?;
        // A config with other mistakes still has its feeds read; `save` refuses to write it.
        let feeds = (config::parse(&config::without_bad_feeds(&text).0))
            .map(|c| c.feeds)
            .unwrap_or_default();
        Ok(Subscriptions {
            path: path.to_path_buf(),
            document,
            feeds,
        })
    }

    /// The feed subscribed at `url`, if any.
    fn find(&self, url: &str) -> Option<&FeedConfig> {
        self.feeds.iter().find(|f| f.url.trim() == url)
    }

    /// `base`, or `base-2`, `base-3`... when a feed is already named so.
    fn free_name(&self, base: &str) -> String {
        let taken = |name: &str| self.feeds.iter().any(|f| f.name() == name);
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|name| !taken(name))
            .unwrap_or_else(|| base.to_string())
    }

    /// Appends a `[[feeds]]` table for `feed`.
    ///
    /// Errors: `feeds` in the file is not a list of tables.
    fn push(&mut self, feed: &FeedConfig) -> anyhow::Result<()> {
        let mut table = toml_edit::Table::new();
        table.insert("url", toml_edit::value(feed.url.as_str()));
        if let Some(name) = &feed.name {
            table.insert("name", toml_edit::value(name.as_str()));
        }
        if !feed.tags.is_empty() {
            let list: toml_edit::Array = feed.tags.iter().map(String::as_str).collect();
            table.insert("tags", toml_edit::value(list));
        }
        if let Some(folder) = &feed.folder {
            table.insert(
                "folder",
                toml_edit::value(folder.to_string_lossy().as_ref()),
            );
        }
        self.tables()?.push(table);
        self.feeds.push(feed.clone());
        Ok(())
    }

    /// Removes the feed named `name` (or subscribed at that URL), and gives it.
    ///
    /// Errors: no feed is named so.
    fn remove(&mut self, name: &str) -> anyhow::Result<FeedConfig> {
        let name = name.trim();
        let Some(index) =
            (self.feeds.iter()).position(|f| f.name() == name || f.url.trim() == name)
        else {
            let names: Vec<String> = self.feeds.iter().map(FeedConfig::name).collect();
            if names.is_empty() {
                bail!("no feed is named {name:?}: there are no feeds");
            }
            bail!(
                "no feed is named {name:?}; the feeds are {}",
                names.join(", ")
            );
        };
        self.tables()?.remove(index);
        Ok(self.feeds.remove(index))
    }

    fn tables(&mut self) -> anyhow::Result<&mut toml_edit::ArrayOfTables> {
        let item = (self.document.entry("feeds")).or_insert(toml_edit::Item::ArrayOfTables(
            toml_edit::ArrayOfTables::new(),
        ));
        item.as_array_of_tables_mut().with_context(|| {
            format!(
                "{}: feeds is not a list of [[feeds]] tables",
                self.path.display()
            )
        })
    }

    /// Writes the file atomically, made with its folder if missing.
    ///
    /// Errors: what would be written does not read back as a config (nothing is written), or it
    /// cannot be written.
    fn save(&self) -> anyhow::Result<()> {
        let mut written = self.document.to_string();
        if !written.ends_with('\n') {
            written.push('\n');
        }
        config::parse(&config::without_bad_feeds(&written).0).map_err(|(_, message)| {
            anyhow::anyhow!("{}: {message}; nothing written", self.path.display())
        })?;
        let folder = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).with_context(|| folder.display().to_string())?;
        feeds::write_atomic(&self.path, written.as_bytes()).map_err(anyhow::Error::msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(url: &str, name: Option<&str>, tags: &[&str]) -> FeedConfig {
        FeedConfig {
            url: url.into(),
            name: name.map(Into::into),
            folder: None,
            tags: tags.iter().map(ToString::to_string).collect(),
            every: None,
        }
    }

    #[test]
    fn feeds_are_added_and_removed_keeping_the_files_comments() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("config.toml");
        let before = "# my reader\ntheme = \"light\" # bright\n\n[keys]\nquit = [\"q\"]\n";
        std::fs::write(&file, before).expect("write");
        let mut subs = Subscriptions::open(&file).expect("open");
        subs.push(&feed("https://a.example/feed.xml", Some("a"), &["news"]))
            .expect("push");
        assert_eq!(subs.free_name("a"), "a-2");
        subs.push(&feed("http://b.example/rss", Some("B"), &[]))
            .expect("push");
        subs.save().expect("save");
        let after = std::fs::read_to_string(&file).expect("read");
        assert!(after.starts_with(before), "{after}");
        let config = config::parse(&after).expect("parses");
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[0].tags, ["news"]);

        let mut subs = Subscriptions::open(&file).expect("open");
        assert!(subs.find("https://a.example/feed.xml").is_some());
        let err = subs.remove("nope").expect_err("no such feed");
        assert!(err.to_string().contains("the feeds are a, B"), "{err}");
        assert_eq!(
            subs.remove("https://a.example/feed.xml")
                .expect("by url")
                .name(),
            "a"
        );
        subs.save().expect("save");
        let after = std::fs::read_to_string(&file).expect("read");
        assert!(after.starts_with(before), "{after}");
        let config = config::parse(&after).expect("parses");
        assert_eq!(config.feeds.len(), 1);
        assert_eq!(config.feeds[0].name(), "B");
    }

    #[test]
    fn a_config_that_would_not_read_back_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "colour = \"red\"\n").expect("write");
        let mut subs = Subscriptions::open(&file).expect("open");
        subs.push(&feed("https://a.example/", None, &[]))
            .expect("push");
        assert!(subs.save().is_err());
        assert_eq!(
            std::fs::read_to_string(&file).expect("read"),
            "colour = \"red\"\n"
        );
    }

    #[test]
    fn a_feed_is_named_by_its_title_made_one_word() {
        assert_eq!(name_of("The Go Blog"), "the-go-blog");
        assert_eq!(name_of("harbour-gazette"), "harbour-gazette");
        assert_eq!(name_of("blog.example.org"), "blog.example.org");
        assert_eq!(name_of("a/b"), "a-b");
    }

    #[test]
    fn a_feed_without_a_title_is_named_by_its_host() {
        assert_eq!(
            host("https://blog.example.org:8443/feed.xml"),
            "blog.example.org"
        );
        assert_eq!(host("not a url"), "feed");
    }
}
