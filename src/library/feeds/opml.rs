//! Subscriptions in and out as OPML (<http://opml.org/spec2.opml>), the outline format every feed
//! reader imports and exports (newsboat, Miniflux, NetNewsWire, Feedly...), read and written with
//! quick-xml. Entities other than XML's five are never expanded: no DTD is read.
//!
//! Reading takes every `<outline>` with an `xmlUrl` (or `url`, which newsboat also takes) as a
//! feed, however deep; its tags are the `text` (else `title`) of each outline it sits in, as
//! Miniflux and Feedly file feeds in folders, and each entry of its `category` attribute
//! (comma-separated, as newsboat's `--export-to-opml2` writes tags; a slash-delimited category,
//! `/news/local`, gives each of its parts). Writing gives OPML 2.0: each feed under an outline
//! for its first tag (untagged feeds at the top), with every tag in `category`, so both kinds of
//! reader get them all back.

use std::collections::HashSet;
use std::io::Cursor;

use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer, XmlVersion};

use crate::config::FeedConfig;

/// The largest OPML file read, in bytes (a list of thousands of feeds is a few hundred KiB).
pub const MAX_OPML_BYTES: usize = 8 * 1024 * 1024;

/// One feed an OPML file subscribes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subscription {
    /// Its address, as written.
    pub url: String,
    /// What the outline calls it (`text`, else `title`), or newsboat's `~name` category.
    pub title: Option<String>,
    /// Its folders' names and its categories, each once, in the order met.
    pub tags: Vec<String>,
}

/// Why an OPML file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("not OPML: {0}")]
    Xml(String),
    #[error("not OPML: the root element is <{0}>, not <opml>")]
    Root(String),
    #[error("larger than {} MiB", MAX_OPML_BYTES >> 20)]
    TooLarge,
}

/// The feeds `bytes` (an OPML document, in any encoding its declaration names) subscribes to, in
/// document order, each URL once (a feed filed in two folders gets both folders' tags).
///
/// Errors: the bytes are not well-formed XML, the root element is not `<opml>`, or they are over
/// [`MAX_OPML_BYTES`].
pub fn parse(bytes: &[u8]) -> Result<Vec<Subscription>, OpmlError> {
    if bytes.len() > MAX_OPML_BYTES {
        return Err(OpmlError::TooLarge);
    }
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut feeds: Vec<Subscription> = Vec::new();
    // The folders the reader is in: `Some(name)` for a folder, `None` for a feed's own outline
    // (its children, if any, are not filed under it).
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut root_seen = false;
    // Elements open: a file cut short (a download that stopped) is refused, not half read.
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf);
        let (element, opens) = match event {
            Ok(Event::Start(e)) => (e.into_owned(), true),
            Ok(Event::Empty(e)) => (e.into_owned(), false),
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == b"outline" {
                    folders.pop();
                }
                buf.clear();
                continue;
            }
            Ok(Event::Eof) if depth > 0 => {
                return Err(OpmlError::Xml(
                    "the file ends inside an element".to_string(),
                ));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {
                buf.clear();
                continue;
            }
            Err(err) => return Err(OpmlError::Xml(err.to_string())),
        };
        buf.clear();
        depth += usize::from(opens);
        let name = element.local_name();
        if !root_seen {
            if name.as_ref() != b"opml" {
                let shown = String::from_utf8_lossy(name.as_ref()).into_owned();
                return Err(OpmlError::Root(shown));
            }
            root_seen = true;
            continue;
        }
        if name.as_ref() != b"outline" {
            continue;
        }
        let attributes = attributes(&element, &reader)?;
        let get = |key: &str| {
            (attributes.iter())
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let label = get("text").or_else(|| get("title"));
        let Some(url) = get("xmlUrl").or_else(|| get("url")) else {
            if opens {
                folders.push(label);
            }
            continue;
        };
        if opens {
            folders.push(None);
        }
        let mut tags: Vec<String> = folders.iter().flatten().cloned().collect();
        let mut title = label;
        for category in get("category").iter().flat_map(|c| c.split(',')) {
            let category = category.trim();
            if let Some(name) = category.strip_prefix('~') {
                // newsboat's way of naming a feed.
                title = Some(name.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .or(title);
            } else {
                tags.extend(category.split('/').map(str::trim).map(String::from));
            }
        }
        tags.retain(|t| !t.is_empty());
        match feeds.iter_mut().find(|f| f.url == url) {
            Some(known) => known.tags.extend(tags),
            None => feeds.push(Subscription { url, title, tags }),
        }
    }
    if !root_seen {
        return Err(OpmlError::Xml("no root element".to_string()));
    }
    for feed in &mut feeds {
        let mut seen = HashSet::new();
        feed.tags.retain(|t| seen.insert(t.to_lowercase()));
    }
    Ok(feeds)
}

/// `element`'s attributes as (name, value), values unescaped (XML's five entities only).
fn attributes(
    element: &BytesStart<'_>,
    reader: &Reader<&[u8]>,
) -> Result<Vec<(String, String)>, OpmlError> {
    let mut found = Vec::new();
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(|err| OpmlError::Xml(err.to_string()))?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute
            .decoded_and_normalized_value(XmlVersion::Implicit1_0, reader.decoder())
            .map_err(|err| OpmlError::Xml(err.to_string()))?;
        found.push((key, value.into_owned()));
    }
    Ok(found)
}

/// `feeds` as an OPML 2.0 document: `title` in its head with `created` (RFC 822, as the spec
/// asks) as `dateCreated`; each feed an `<outline type="rss">` with its name as `text` and
/// `title`, its address as `xmlUrl`, and its tags in `category`, under an outline for its first
/// tag (tags in the order they are first met; untagged feeds first, at the top).
pub fn write(feeds: &[FeedConfig], title: &str, created: &str) -> String {
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    // Writing to memory does not fail.
    let _ = write_into(&mut writer, feeds, title, created);
    let mut text = String::from_utf8_lossy(&writer.into_inner().into_inner()).into_owned();
    text.push('\n');
    text
}

fn write_into(
    writer: &mut Writer<Cursor<Vec<u8>>>,
    feeds: &[FeedConfig],
    title: &str,
    created: &str,
) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut folders: Vec<&str> = Vec::new();
    for feed in feeds {
        if let Some(first) = feed.tags.first()
            && !folders.contains(&first.as_str())
        {
            folders.push(first);
        }
    }
    writer
        .create_element("opml")
        .with_attribute(("version", "2.0"))
        .write_inner_content(|writer| {
            writer.create_element("head").write_inner_content(|head| {
                head.create_element("title")
                    .write_text_content(BytesText::new(title))?;
                head.create_element("dateCreated")
                    .write_text_content(BytesText::new(created))?;
                Ok(())
            })?;
            writer.create_element("body").write_inner_content(|body| {
                for feed in feeds.iter().filter(|f| f.tags.is_empty()) {
                    outline(body, feed)?;
                }
                for folder in &folders {
                    body.create_element("outline")
                        .with_attribute(("text", *folder))
                        .with_attribute(("title", *folder))
                        .write_inner_content(|inside| {
                            let filed = feeds
                                .iter()
                                .filter(|f| f.tags.first().map(String::as_str) == Some(*folder));
                            for feed in filed {
                                outline(inside, feed)?;
                            }
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// One feed's `<outline/>`.
fn outline(writer: &mut Writer<Cursor<Vec<u8>>>, feed: &FeedConfig) -> std::io::Result<()> {
    let name = feed.name();
    // A comma inside a tag would split it in two on the way back, as newsboat also avoids.
    let tags: Vec<String> = feed.tags.iter().map(|t| t.replace(',', "_")).collect();
    let category = tags.join(",");
    let mut element = writer
        .create_element("outline")
        .with_attribute(("type", "rss"))
        .with_attribute(("text", name.as_str()))
        .with_attribute(("title", name.as_str()))
        .with_attribute(("xmlUrl", feed.url.as_str()));
    if !category.is_empty() {
        element = element.with_attribute(("category", category.as_str()));
    }
    element.write_empty()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(url: &str, name: &str, tags: &[&str]) -> FeedConfig {
        FeedConfig {
            url: url.to_string(),
            name: Some(name.to_string()),
            folder: None,
            tags: tags.iter().map(ToString::to_string).collect(),
            every: None,
        }
    }

    #[test]
    fn folders_and_categories_become_tags_and_each_url_is_read_once() {
        let opml = br#"<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="Tech &amp; Science">
    <outline text="Deep"><outline type="rss" text="A" xmlUrl="https://a.example/feed"/></outline>
    <outline type="rss" title="B" xmlUrl="https://b.example/rss" category="go,/news/local,~Bee"/>
  </outline>
  <outline text="Tech"><outline type="rss" text="A again" xmlUrl="https://a.example/feed"/></outline>
  <outline text="a note with no feed"/>
</body></opml>"#;
        let feeds = parse(opml).expect("parses");
        assert_eq!(feeds.len(), 2, "{feeds:?}");
        assert_eq!(feeds[0].url, "https://a.example/feed");
        assert_eq!(feeds[0].title.as_deref(), Some("A"));
        assert_eq!(feeds[0].tags, ["Tech & Science", "Deep", "Tech"]);
        assert_eq!(feeds[1].title.as_deref(), Some("Bee"));
        assert_eq!(feeds[1].tags, ["Tech & Science", "go", "news", "local"]);
    }

    #[test]
    fn what_is_not_opml_is_refused() {
        assert!(matches!(parse(b"<rss></rss>"), Err(OpmlError::Root(_))));
        assert!(matches!(parse(b"<opml><body>"), Err(OpmlError::Xml(_))));
        assert!(matches!(parse(b""), Err(OpmlError::Xml(_))));
        // An entity a DTD declares is never expanded: the file is refused.
        let dtd = br#"<!DOCTYPE opml [<!ENTITY x "boom">]><opml><body><outline text="&x;" xmlUrl="https://x.example/"/></body></opml>"#;
        assert!(parse(dtd).is_err());
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let feeds = [
            feed("https://a.example/feed?x=1&y=2", "a", &["go", "news"]),
            feed("https://b.example/rss", "b", &[]),
            feed("https://c.example/atom", "c <&>", &["news"]),
        ];
        let text = write(&feeds, "tidings", "Mon, 07 Dec 2026 06:00:00 GMT");
        assert!(text.contains(r#"<opml version="2.0">"#), "{text}");
        let back = parse(text.as_bytes()).expect("reads back");
        let mut back: Vec<(String, Option<String>, Vec<String>)> =
            back.into_iter().map(|s| (s.url, s.title, s.tags)).collect();
        back.sort();
        let mut want: Vec<(String, Option<String>, Vec<String>)> = (feeds.iter())
            .map(|f| (f.url.clone(), Some(f.name()), f.tags.clone()))
            .collect();
        want.sort();
        assert_eq!(back, want, "{text}");
    }
}
