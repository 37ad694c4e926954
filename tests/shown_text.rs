//! What the reader shows of every real blog under `../shared/corpora` is text as a browser shows
//! it: no title, tag or description holds an HTML character reference, no listing made by
//! template code is listed, and no search snippet shows template syntax. Each check holds for
//! every folder there (more are added); skipped, with a message, when it is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tidings::content::Post;
use tidings::content::kind::NotArticle;
use tidings::library::search::{self, Analyzer, Plan};
use tidings::library::select::{Query, select};
use tidings::library::store::Store;

mod support;

/// Every folder under `../shared/corpora`.
fn corpora() -> Vec<PathBuf> {
    let Some(dir) = support::shared("corpora") else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpora reads")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    folders
}

fn stored(dir: &Path) -> Store {
    let root = tidings::content::loader::Root::new(dir).expect("corpus folder");
    let (tx, rx) = std::sync::mpsc::channel();
    tidings::runtime::load::load(&[root], &tx, None, None);
    drop(tx);
    let mut store = Store::new();
    for event in rx {
        if let tidings::runtime::event::Event::Loaded { posts, .. } = event {
            let count = posts.len();
            store.extend(posts, count);
        }
    }
    store
}

/// `&name;`, `&#123;` or `&#x7b;` in `text`.
fn has_reference(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        rest = &rest[at + 1..];
        let end = rest.find(';').unwrap_or(rest.len());
        let name = &rest[..end];
        let numeric = name.strip_prefix('#').is_some_and(|n| {
            let digits = n.strip_prefix(['x', 'X']).unwrap_or(n);
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit())
        });
        let named =
            !name.is_empty() && name.len() <= 32 && name.chars().all(|c| c.is_ascii_alphanumeric());
        if end < rest.len() && (numeric || named) {
            return true;
        }
    }
    false
}

#[test]
fn a_character_reference_is_found_as_such() {
    assert!(has_reference("Chrome&nbsp;119"));
    assert!(has_reference("caf&#233;"));
    assert!(has_reference("&#x7B;"));
    assert!(!has_reference("AT&T and R&D"), "no semicolon");
    assert!(!has_reference("Tom & Jerry;"));
}

#[test]
fn no_title_tag_or_description_holds_a_character_reference() {
    for dir in corpora() {
        let store = stored(&dir);
        for &id in store.ids() {
            let Some(post) = store.get(id) else { continue };
            let shown = |what: &str, text: &str| {
                assert!(
                    !has_reference(text),
                    "{}: {what} {text:?}",
                    post.path.display()
                );
            };
            shown("title", &post.title);
            for tag in &post.tags {
                shown("tag", &tag.name);
            }
            shown(
                "description",
                post.meta.details.description.as_deref().unwrap_or(""),
            );
        }
    }
}

/// The first `{{…}}` or `{%…%}` of `text`, whole when it closes.
fn template_tag(text: &str) -> Option<&str> {
    let start = text.find("{{").into_iter().chain(text.find("{%")).min()?;
    let rest = &text[start..];
    let end = rest.find("}}").into_iter().chain(rest.find("%}")).min();
    Some(end.map_or(rest, |end| &rest[..end + 2]))
}

/// Everything `post` writes as code (inline code spans and code blocks, CommonMark), joined.
fn code_text(post: &Post) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = post.read_body().unwrap_or_default();
    let mut out = String::new();
    let mut in_block = false;
    for event in Parser::new(&body) {
        match event {
            Event::Code(code) => {
                out.push_str(&code);
                out.push('\n');
            }
            Event::Start(Tag::CodeBlock(_)) => in_block = true,
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Text(text) if in_block => out.push_str(&text),
            _ => {}
        }
    }
    out
}

/// The words most often in a corpus's titles (four letters or more): what its readers search.
fn common_title_words(posts: &[&Post], n: usize) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for post in posts {
        for word in post.title.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() >= 4 {
                *counts.entry(word.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    words.into_iter().take(n).map(|(w, _)| w).collect()
}

#[test]
fn no_listing_is_listed_and_no_search_snippet_shows_template_syntax() {
    for dir in corpora() {
        let store = stored(&dir);
        let listed = select(&store, &Query::default());
        let posts: Vec<&Post> = listed.iter().filter_map(|&id| store.get(id)).collect();
        for post in &posts {
            assert_ne!(
                post.not_article,
                Some(NotArticle::Template),
                "{}",
                post.path.display()
            );
        }
        let mut analyzer = Analyzer::default();
        for word in common_title_words(&posts, 12)
            .into_iter()
            .chain(["image".into()])
        {
            let query = Query {
                search: word.clone(),
                ..Query::default()
            };
            // The first screen of hits, as the list shows them.
            for id in select(&store, &query).into_iter().take(40) {
                let Some(post) = store.get(id) else { continue };
                let marker = Plan::parse(&word, &mut analyzer).marker();
                let Some(snippet) = search::snippet::snippet(post, &marker, &mut analyzer) else {
                    continue;
                };
                let syntax = ["{{", "}}", "{%", "%}"];
                if !syntax.iter().any(|s| snippet.text.contains(s)) {
                    continue;
                }
                // Braces a post writes as code (a placeholder in inline code, in a
                // tool's manual) are shown as the article shows them; template syntax
                // the article reads as such never is, and the Go blog has none of the
                // former.
                let go_blog = dir.ends_with("go-blog");
                let code = code_text(post);
                let tag = template_tag(&snippet.text);
                assert!(
                    !go_blog && tag.is_some_and(|tag| code.contains(tag)),
                    "{}: searching {word:?}: {:?}",
                    post.path.display(),
                    snippet.text
                );
            }
        }
    }
}
