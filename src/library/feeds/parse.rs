//! A feed's bytes as feed-rs's model, for every feed a reader meets: RSS 0.90–2.x with or
//! without `version`, RSS 1.0 (RDF), Atom 0.3 and 1.0, JSON Feed 1.0/1.1; UTF-8, UTF-16 (with or
//! without a byte order mark) and the legacy encodings an XML declaration names. What feed-rs
//! refuses as it stands is repaired first ([`repaired`]); what still cannot be read is an error
//! with its reason, never an empty feed.
//!
//! Each entry gets a key that stays the same from fetch to fetch ([`keys`]): its id, else its
//! link, else a hash of its title, date and content, never a random one; two entries with one
//! key are told apart by their order (`KEY#2`).

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use feed_rs::model::{Entry, Feed};
use regex::Regex;
use sha2::{Digest, Sha256};

/// `bytes` (a feed fetched from `base`, whose HTTP header named `charset`) read.
///
/// Errors: not a feed in any form feed-rs reads, even repaired; the reason says what was found.
pub fn parse(bytes: &[u8], base: &str, charset: Option<&str>) -> Result<Feed, String> {
    let text = decoded(bytes, charset);
    let repaired = repaired(&text);
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base))
        // An entry without an id keeps it empty here: `keys` gives it one that is stable.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(timestamp)
        .build();
    let mut feed = parser.parse(&repaired[..]).map_err(|err| {
        let root = root_name(&repaired).unwrap_or_else(|| "nothing".to_string());
        format!("not a feed tidings can read ({err}; the document's root is {root})")
    })?;
    json_feed_images(&mut feed, &repaired);
    add_dublin_core(&mut feed, &repaired);
    Ok(feed)
}

/// What feed-rs leaves out of an item, added from a second read of the document: `dc:subject`
/// and `media:category` as categories, and a `dcterms:issued`/`created`/`modified` date (or
/// `dc:date` where feed-rs did not read one) for an entry without a date. Items are matched to
/// entries by their order; when the counts differ nothing is added.
fn add_dublin_core(feed: &mut Feed, text: &[u8]) {
    if feed.feed_type == feed_rs::model::FeedType::JSON {
        return;
    }
    let Some(items) = item_extras(text) else {
        return;
    };
    if items.len() != feed.entries.len() {
        return;
    }
    for (entry, extra) in feed.entries.iter_mut().zip(items) {
        for subject in extra.subjects {
            if !entry
                .categories
                .iter()
                .any(|c| c.term.eq_ignore_ascii_case(&subject))
            {
                entry.categories.push(feed_rs::model::Category {
                    term: subject,
                    scheme: None,
                    label: None,
                    subcategories: Vec::new(),
                });
            }
        }
        if entry.published.is_none() && entry.updated.is_none() {
            entry.published = extra.dates.iter().find_map(|d| timestamp(d));
        }
    }
}

/// One item's or entry's extras, in document order.
#[derive(Default)]
struct Extras {
    subjects: Vec<String>,
    dates: Vec<String>,
}

/// The extras of each `<item>` or `<entry>` of `text`; `None` when it is not XML that reads.
fn item_extras(text: &[u8]) -> Option<Vec<Extras>> {
    use quick_xml::events::Event as Xml;
    let mut reader = quick_xml::Reader::from_reader(text);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut items: Vec<Extras> = Vec::new();
    let mut inside = false;
    let mut field: Option<&'static str> = None;
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Xml::Start(e) => {
                let name = e.name();
                let local = e.local_name();
                let prefix = name
                    .prefix()
                    .map(|p| p.as_ref().to_vec())
                    .unwrap_or_default();
                match (prefix.as_slice(), local.as_ref()) {
                    (_, b"item" | b"entry") if field.is_none() => {
                        items.push(Extras::default());
                        inside = true;
                    }
                    (b"dc", b"subject") | (b"media", b"category") if inside => {
                        field = Some("subject");
                    }
                    (b"dcterms", b"issued" | b"created" | b"modified") | (b"dc", b"date")
                        if inside =>
                    {
                        field = Some("date");
                    }
                    _ => {}
                }
            }
            Xml::Text(t) => {
                if let (Some(kind), Some(item)) = (field, items.last_mut()) {
                    let value = t.decode().ok()?.trim().to_string();
                    if !value.is_empty() {
                        match kind {
                            "subject" => item.subjects.push(value),
                            _ => item.dates.push(value),
                        }
                    }
                }
            }
            Xml::End(e) => {
                field = None;
                if matches!(e.local_name().as_ref(), b"item" | b"entry") {
                    inside = false;
                }
            }
            Xml::Eof => return Some(items),
            _ => {}
        }
        buf.clear();
    }
}

/// The stable key of each of `feed`'s entries, in order (see the module documentation).
pub fn keys(feed: &Feed) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    feed.entries
        .iter()
        .map(|entry| {
            let key = own_key(entry);
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                key
            } else {
                format!("{key}#{count}")
            }
        })
        .collect()
}

/// The key feed-rs gave an entry with no id before (a hash of its first link and its title):
/// looked up too, so entries saved then are not saved again.
pub fn legacy_key(entry: &Entry) -> Option<String> {
    let link = entry.links.first()?;
    Some(feed_rs::parser::generate_id_from_link_and_title(
        link,
        &entry.title,
    ))
}

fn own_key(entry: &Entry) -> String {
    if !entry.id.trim().is_empty() {
        return entry.id.trim().to_string();
    }
    if let Some(link) = entry.links.first().filter(|l| !l.href.trim().is_empty()) {
        return link.href.trim().to_string();
    }
    let mut hash = Sha256::new();
    for part in [
        entry.title.as_ref().map(|t| t.content.as_str()),
        entry
            .published
            .or(entry.updated)
            .map(|d| d.to_rfc3339())
            .as_deref(),
        entry.content.as_ref().and_then(|c| c.body.as_deref()),
        entry.summary.as_ref().map(|s| s.content.as_str()),
    ] {
        hash.update(part.unwrap_or_default().as_bytes());
        hash.update([0]);
    }
    format!("sha256:{}", super::hex(&hash.finalize()[..16]))
}

/// `bytes` as text: UTF-16 (by its byte order mark, or by `<` and `?` read as UTF-16) decoded,
/// and an XML document in the HTTP header's `charset` that its declaration does not name (and
/// that is not UTF-8) decoded, each with the declaration's encoding then said as UTF-8; anything
/// else left to feed-rs, which decodes the encoding the declaration names.
fn decoded<'a>(bytes: &'a [u8], charset: Option<&str>) -> Cow<'a, [u8]> {
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] | [b'<', 0, b'?', 0, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] | [0, b'<', 0, b'?', ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    let declared = || {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
        head.trim_start().starts_with("<?xml")
            && head[..head.find("?>").unwrap_or(0)].contains("encoding")
    };
    let from_header = (charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())))
        .filter(|e| *e != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() && !declared());
    let Some(encoding) = utf16.or(from_header) else {
        return Cow::Borrowed(bytes);
    };
    let (text, _, _) = encoding.decode(bytes);
    static DECLARED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#"(?i)^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']"#).ok());
    let text = match DECLARED.as_ref() {
        Some(re) => re.replace(&text, "${1}\"UTF-8\"").into_owned(),
        None => text.into_owned(),
    };
    Cow::Owned(text.into_bytes())
}

/// `text` with what feed-rs refuses mended: an `<rss>` root without a `version`, or with one it
/// does not know (0.90, 0.93, 0.94, 2.01, 2.1: all read as 2.0 is), and Atom 0.3 (its namespace,
/// and `issued`/`modified`/`created` for `published`/`updated`).
fn repaired(text: &[u8]) -> Cow<'_, [u8]> {
    // Only the document's start says what it is.
    let head = &text[..text.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    static RSS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?s)<rss\b([^>]*)>").ok());
    static VERSION: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#"\bversion\s*=\s*["']([^"']*)["']"#).ok());
    if let (Some(rss), Some(version)) = (RSS.as_ref(), VERSION.as_ref())
        && let Some(found) = rss.captures(&head)
        && root_name(head.as_bytes()).as_deref() == Some("rss")
    {
        let attributes = &found[1];
        let known = version
            .captures(attributes)
            .is_some_and(|v| matches!(&v[1], "2.0" | "0.91" | "0.92"));
        if !known {
            let whole = found.get(0).map_or(0..0, |m| m.range());
            let kept = version.replace_all(attributes, "");
            let mut out = Vec::with_capacity(text.len() + 16);
            out.extend_from_slice(&text[..whole.start]);
            out.extend_from_slice(format!("<rss version=\"2.0\"{kept}>").as_bytes());
            out.extend_from_slice(&text[whole.end..]);
            return Cow::Owned(out);
        }
    }
    if root_name(head.as_bytes()).as_deref() == Some("RDF")
        && let Ok(whole) = std::str::from_utf8(text)
    {
        return Cow::Owned(rdf_links(whole).into_bytes());
    }
    let atom = root_name(head.as_bytes()).as_deref() == Some("feed");
    let Some(whole) = std::str::from_utf8(text).ok().filter(|_| atom) else {
        return Cow::Borrowed(text);
    };
    let mut mended = Cow::Borrowed(whole);
    if head.contains("http://purl.org/atom/ns#") {
        mended = Cow::Owned(
            whole
                .replace("http://purl.org/atom/ns#", "http://www.w3.org/2005/Atom")
                .replace("<issued>", "<published>")
                .replace("</issued>", "</published>")
                .replace("<modified>", "<updated>")
                .replace("</modified>", "</updated>")
                .replace("<tagline", "<subtitle")
                .replace("</tagline>", "</subtitle>"),
        );
    }
    if mended.contains("xhtml") {
        mended = Cow::Owned(xhtml_as_html(&mended));
    }
    match mended {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(mended) => Cow::Owned(mended.into_bytes()),
    }
}

/// Atom's `type="xhtml"` text constructs as `type="html"` ones, their `<div>`'s inside in
/// CDATA: feed-rs writes an XHTML construct's text back unescaped, so `a &lt;blink&gt; c` lost
/// its `<blink>`; as HTML it is read as the text it is.
fn xhtml_as_html(text: &str) -> String {
    static XHTML: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r#"(?s)<((?:\w+:)?(?:content|summary|title|subtitle|rights))\b([^>]*?)\btype\s*=\s*["']xhtml["']([^>]*)>\s*<(?:\w+:)?div\b[^>]*>(.*?)</(?:\w+:)?div>\s*</(?:\w+:)?(?:content|summary|title|subtitle|rights)>"#,
        )
        .ok()
    });
    let Some(xhtml) = XHTML.as_ref() else {
        return text.to_string();
    };
    xhtml
        .replace_all(text, |found: &regex::Captures<'_>| {
            let (name, before, after, inner) = (&found[1], &found[2], &found[3], &found[4]);
            let inner = inner.replace("]]>", "]]]]><![CDATA[>");
            format!("<{name}{before}type=\"html\"{after}><![CDATA[{inner}]]></{name}>")
        })
        .into_owned()
}

/// RSS 1.0 with a `<link>` in every item: feed-rs drops an item without one, and the spec makes
/// its `rdf:about` the item's address. An item with neither gets a `urn:sha256:` of its text, so
/// it is kept, with a key that stays the same (and no web address).
fn rdf_links(text: &str) -> String {
    static ITEM: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?s)(<item\b([^>]*)>)(.*?)</item>").ok());
    static ABOUT: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#"\brdf:about\s*=\s*["']([^"']*)["']"#).ok());
    let (Some(item), Some(about)) = (ITEM.as_ref(), ABOUT.as_ref()) else {
        return text.to_string();
    };
    item.replace_all(text, |found: &regex::Captures<'_>| {
        let (start, attributes, body) = (&found[1], &found[2], &found[3]);
        if body.contains("<link") {
            return found[0].to_string();
        }
        let link = match about.captures(attributes) {
            Some(about) => about[1].to_string(),
            None => {
                format!(
                    "urn:sha256:{}",
                    super::hex(&super::sha256(body.as_bytes())[..16])
                )
            }
        };
        format!("{start}<link>{link}</link>{body}</item>")
    })
    .into_owned()
}

/// The name of the document's first element, if any.
fn root_name(text: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&text[..text.len().min(4096)]);
    static ROOT: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"<([A-Za-z][\w.:-]*)").ok());
    if text.trim_start().starts_with('{') {
        return Some("a JSON object".to_string());
    }
    let name = ROOT.as_ref()?.captures(&text)?[1].to_string();
    Some(name.rsplit(':').next().unwrap_or(&name).to_string())
}

/// A date as feeds write them: RFC 3339 and W3C-DTF (`2003-12-13T18:30:02Z`, `2003-12`,
/// `2003`), RFC 822/2822 (`Thu, 01 Jan 2004 19:48:21 GMT`, with zone names or military letters,
/// without a weekday, seconds or time), `2004-07-08 23:56:58`, asctime (`Thu Jul  8 23:56:58
/// 2004`), in UTC when no zone is given.
pub fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(&rfc2822_mended(text)) {
        return Some(date.with_timezone(&Utc));
    }
    // A space for the `T`, a lower-case `t` or `z`, no seconds.
    let iso = text.replacen(' ', "T", 1).replace(['t', 'z'], "T");
    let iso = iso.trim_end_matches('T');
    for candidate in [
        iso.to_string(),
        format!("{iso}Z"),
        format!("{}:00Z", iso.trim_end_matches('Z')),
    ] {
        if let Ok(date) = DateTime::parse_from_rfc3339(&candidate) {
            return Some(date.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%a %b %e %H:%M:%S %Y",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(Utc.from_utc_datetime(&naive));
        }
    }
    let day = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Utc.from_utc_datetime(&t))
    };
    for format in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d %b %Y",
        "%a, %d %b %Y",
        "%B %d, %Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return day(
                chrono::Datelike::year(&date),
                chrono::Datelike::month(&date),
                chrono::Datelike::day(&date),
            );
        }
    }
    // W3C-DTF's year and year-month.
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => day(y.parse().ok()?, 1, 1),
        [y, m] if y.len() == 4 && m.len() == 2 => day(y.parse().ok()?, m.parse().ok()?, 1),
        _ => None,
    }
}

/// An RFC 822 date as chrono's RFC 2822 reader takes it: a missing time is midnight, missing
/// seconds are `:00`, a missing zone is GMT, and zone names it does not know (`MET`, `CEST`,
/// `BST`…) their offsets.
fn rfc2822_mended(text: &str) -> String {
    const ZONES: [(&str, &str); 12] = [
        ("MET", "+0100"),
        ("CET", "+0100"),
        ("MEZ", "+0100"),
        ("CEST", "+0200"),
        ("MEST", "+0200"),
        ("EET", "+0200"),
        ("EEST", "+0300"),
        ("BST", "+0100"),
        ("IST", "+0530"),
        ("JST", "+0900"),
        ("AEST", "+1000"),
        ("UTC", "+0000"),
    ];
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut()
        && let Some((_, offset)) = ZONES
            .iter()
            .find(|(name, _)| last.eq_ignore_ascii_case(name))
    {
        *last = (*offset).to_string();
    }
    let time_at = words.iter().position(|w| w.contains(':'));
    match time_at {
        None => {
            words.push("00:00:00".to_string());
            words.push("+0000".to_string());
        }
        Some(at) => {
            if words[at].matches(':').count() == 1 {
                words[at].push_str(":00");
            }
            if at + 1 == words.len() {
                words.push("+0000".to_string());
            }
        }
    }
    words.join(" ")
}

/// A JSON Feed item's `image` (else `banner_image`), which feed-rs leaves out, as an image
/// enclosure of its entry (see [`super::entry::entry_file`]).
fn json_feed_images(parsed: &mut Feed, bytes: &[u8]) {
    if parsed.feed_type != feed_rs::model::FeedType::JSON {
        return;
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return;
    };
    let items = json["items"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    for item in items {
        let id = item["id"]
            .as_str()
            .map(ToString::to_string)
            .or_else(|| item["id"].as_i64().map(|n| n.to_string()));
        let image = item["image"]
            .as_str()
            .or_else(|| item["banner_image"].as_str());
        let (Some(id), Some(image)) = (id, image) else {
            continue;
        };
        if let Some(entry) = parsed.entries.iter_mut().find(|e| e.id == id) {
            entry.links.push(feed_rs::model::Link {
                href: image.to_string(),
                rel: Some("enclosure".to_string()),
                media_type: Some("image/*".to_string()),
                href_lang: None,
                title: None,
                length: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_the_forms_feeds_write_them() {
        let day = |text: &str| timestamp(text).map(|d| d.to_rfc3339());
        for (text, want) in [
            ("2003-12-13T18:30:02Z", "2003-12-13T18:30:02+00:00"),
            (
                "2003-12-13T18:30:02.25+01:00",
                "2003-12-13T17:30:02.250+00:00",
            ),
            ("2003-12-13t18:30:02z", "2003-12-13T18:30:02+00:00"),
            ("2003-12-13T18:30Z", "2003-12-13T18:30:00+00:00"),
            ("2004-07-08 23:56:58", "2004-07-08T23:56:58+00:00"),
            ("2003-12", "2003-12-01T00:00:00+00:00"),
            ("2003", "2003-01-01T00:00:00+00:00"),
            ("2003-12-31", "2003-12-31T00:00:00+00:00"),
            ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21+00:00"),
            ("Thu, 01 Jan 2004", "2004-01-01T00:00:00+00:00"),
            ("01 Jan 2004 19:48 EST", "2004-01-02T00:48:00+00:00"),
            ("Thu, 01 Jan 2004 19:48:21 PDT", "2004-01-02T02:48:21+00:00"),
            ("Thu, 01 Jan 2004 19:48:21 MET", "2004-01-01T18:48:21+00:00"),
            ("Thu, 01 Jan 2004 19:48:21", "2004-01-01T19:48:21+00:00"),
            ("Thu Jul  8 23:56:58 2004", "2004-07-08T23:56:58+00:00"),
        ] {
            assert_eq!(day(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(day("soon"), None);
        assert_eq!(day(""), None);
    }

    #[test]
    fn rss_of_any_version_and_atom_0_3_are_read() {
        for root in [
            "<rss>",
            "<rss version=\"0.93\">",
            "<rss version=\"2.01\">",
            "<rss version='0.94' xmlns:dc=\"http://purl.org/dc/elements/1.1/\">",
        ] {
            let xml = format!(
                "<?xml version=\"1.0\"?>{root}<channel><title>T</title><item><title>A</title><link>https://x.example/a</link></item></channel></rss>"
            );
            let feed = parse(xml.as_bytes(), "https://x.example/", None).expect(root);
            assert_eq!(feed.entries.len(), 1, "{root}");
        }
        let atom03 = r#"<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title><entry><title>E</title><id>tag:x,2004:1</id><issued>2004-01-01T00:00:00Z</issued><link rel="alternate" href="https://x.example/e"/></entry></feed>"#;
        let feed = parse(atom03.as_bytes(), "https://x.example/", None).expect("atom 0.3");
        assert_eq!(feed.entries.len(), 1);
        assert!(feed.entries[0].published.is_some());
        let err =
            parse(b"<html><body>no</body></html>", "https://x.example/", None).expect_err("html");
        assert!(err.contains("root is html"), "{err}");
    }

    #[test]
    fn utf16_is_read_with_or_without_a_byte_order_mark() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Ж</title><item><title>Привет</title><guid>1</guid></item></channel></rss>";
        let le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = xml.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (name, bytes) in [
            ("le", le.clone()),
            ("be", be.clone()),
            ("le bom", [&[0xFF, 0xFE][..], &le].concat()),
            ("be bom", [&[0xFE, 0xFF][..], &be].concat()),
        ] {
            let feed = parse(&bytes, "https://x.example/", None).expect(name);
            let title = feed.entries[0].title.as_ref().map(|t| t.content.clone());
            assert_eq!(title.as_deref(), Some("Привет"), "{name}");
        }
    }

    #[test]
    fn a_legacy_encoding_the_declaration_names_is_read() {
        let xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>T</title><item><guid>1</guid><title>Привет</title></item></channel></rss>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(xml);
        let feed = parse(&bytes, "https://x.example/", None).expect("windows-1251");
        let title = feed.entries[0].title.as_ref().map(|t| t.content.clone());
        assert_eq!(title.as_deref(), Some("Привет"));
        // Named by the HTTP header only.
        let bare = xml.replace(" encoding=\"windows-1251\"", "");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&bare);
        let feed = parse(&bytes, "https://x.example/", Some("windows-1251")).expect("header");
        let title = feed.entries[0].title.as_ref().map(|t| t.content.clone());
        assert_eq!(title.as_deref(), Some("Привет"));
    }

    #[test]
    fn dublin_core_subjects_are_tags_and_dcterms_dates_are_read() {
        let xml = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
            <item><guid>1</guid><title>A</title><dc:subject>harbour</dc:subject><media:category>ferries</media:category><dcterms:issued>2004-07-08</dcterms:issued></item>
            <item><guid>2</guid><title>B</title><category>news</category></item>
            </channel></rss>"#;
        let feed = parse(xml.as_bytes(), "https://x.example/", None).expect("parses");
        let terms: Vec<&str> = feed.entries[0]
            .categories
            .iter()
            .map(|c| c.term.as_str())
            .collect();
        assert_eq!(terms, ["harbour", "ferries"]);
        assert_eq!(
            feed.entries[0].published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2004-07-08T00:00:00+00:00")
        );
        assert_eq!(feed.entries[1].categories.len(), 1);
    }

    #[test]
    fn entries_get_stable_keys_and_twins_are_told_apart() {
        let xml = r#"<rss version="2.0"><channel><title>T</title>
            <item><title>No id</title><description>x</description></item>
            <item><guid>same</guid><title>One</title></item>
            <item><guid>same</guid><title>Two</title></item>
            <item><title>Linked</title><link>https://x.example/l</link></item>
            </channel></rss>"#;
        let first = keys(&parse(xml.as_bytes(), "https://x.example/", None).expect("parses"));
        let again = keys(&parse(xml.as_bytes(), "https://x.example/", None).expect("parses"));
        assert_eq!(first, again);
        assert!(first[0].starts_with("sha256:"), "{first:?}");
        assert_eq!(&first[1..], ["same", "same#2", "https://x.example/l"]);
    }
}
