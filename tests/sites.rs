//! Hugo and Zola conventions on two small sites written for these tests
//! (`tests/fixtures/sites/{hugo,zola}`): each front matter form, taxonomies, publishing dates,
//! weight, section pages, shortcodes, and links between posts with their backlinks.

use std::path::{Path, PathBuf};

mod support;

use jiff::civil::date;
use tidings::commands::{self, Library};
use tidings::config::Config;
use tidings::content::{DateSource, Post, Publication};
use tidings::library::links::{LinkIndex, Target, links_in};
use tidings::library::store::{HiddenCounts, PostId, SortOrder, Store};
use tidings::render::highlight::CodeColours;
use tidings::theme::Theme;

fn site(name: &str) -> (PathBuf, Store) {
    let dir = support::manifest_dir()
        .join("tests/fixtures/sites")
        .join(name)
        .canonicalize()
        .expect("fixture site");
    let Library { store, errors, .. } =
        commands::load(std::slice::from_ref(&dir), &Config::default()).expect("loads");
    assert!(errors.is_empty(), "{errors:?}");
    (dir, support::with_bodies(&store))
}

fn id(store: &Store, dir: &Path, tail: &str) -> PostId {
    store
        .id_of(&dir.join(tail))
        .unwrap_or_else(|| panic!("no post at {tail}"))
}

fn post<'s>(store: &'s Store, dir: &Path, tail: &str) -> &'s Post {
    store.get(id(store, dir, tail)).expect("stored")
}

fn tag_names(post: &Post) -> Vec<&str> {
    post.tags.iter().map(|t| t.name.as_str()).collect()
}

fn other<'p>(post: &'p Post, key: &str) -> Option<&'p str> {
    post.meta
        .details
        .other
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The rendered text of a post, one string per line.
fn rendered(post: &Post) -> Vec<String> {
    let doc = tidings::render::render_post_safely(
        post,
        &tidings::render::RenderOptions {
            width: 80,
            theme: &Theme::dark(),
            colours: &CodeColours::default(),
            broken: &[],
            embeds: &tidings::library::embeds::NO_EMBEDS,
            toggled_callouts: &[],
        },
    );
    doc.lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

#[test]
fn json_front_matter_is_read_with_tags_categories_weight_and_aliases() {
    let (dir, store) = site("hugo");
    let json = post(&store, &dir, "content/blog/json-post.md");
    assert!(json.diagnostics.is_empty(), "{:?}", json.diagnostics);
    assert_eq!(json.title, "Lanterns in JSON");
    assert_eq!(json.date.map(|d| d.date), Some(date(2024, 3, 2)));
    assert_eq!(tag_names(json), ["lanterns", "json", "shop"]);
    assert_eq!(json.meta.weight, Some(2));
    assert_eq!(json.meta.details.aliases, ["/old/lantern-json/"]);
    assert_eq!(other(json, "params.mood"), Some("warm"));
    assert!(json.text().starts_with("A post whose front matter"));
    assert_eq!(json.body_line, 10);
}

#[test]
fn toml_bundle_and_zola_taxonomies_extra_and_path_date_are_read() {
    let (dir, store) = site("hugo");
    let bundle = post(&store, &dir, "content/blog/toml-post/index.md");
    assert_eq!(bundle.title, "A TOML page bundle");
    assert_eq!(bundle.meta.details.slug.as_deref(), Some("renamed"));
    assert_eq!(bundle.meta.publish_date, Some(date(2024, 3, 1)));
    assert_eq!(bundle.publication(date(2026, 1, 1)), Publication::Published);

    let (dir, store) = site("zola");
    let first = post(&store, &dir, "content/posts/first.md");
    assert_eq!(tag_names(first), ["zola", "lanterns", "site"]);
    assert_eq!(other(first, "extra.team"), Some("lamplighters"));
    assert_eq!(
        first.date.map(|d| (d.date, d.source)),
        Some((date(2024, 5, 1), DateSource::Path))
    );
    assert_eq!(first.meta.weight, Some(10));
}

#[test]
fn drafts_scheduled_and_expired_posts_are_left_out_and_counted() {
    let (dir, store) = site("hugo");
    let today = date(2026, 11, 23);
    assert_eq!(
        post(&store, &dir, "content/blog/draft.md").publication(today),
        Publication::Draft
    );
    assert_eq!(
        post(&store, &dir, "content/blog/future.md").publication(today),
        Publication::Scheduled(date(2999, 1, 1))
    );
    assert_eq!(
        post(&store, &dir, "content/blog/expired.md").publication(today),
        Publication::Expired(date(2000, 1, 1))
    );
    let mut ids = store.ids().to_vec();
    let all = ids.len();
    let hidden = store.leave_out_unpublished(&mut ids, today);
    assert_eq!(
        hidden,
        HiddenCounts {
            drafts: 1,
            scheduled: 1,
            expired: 1,
            not_articles: 0
        }
    );
    assert_eq!(ids.len(), all - 3);
    assert_eq!(
        tidings::app::ui::status::hidden_summary(&hidden).as_deref(),
        Some("1 draft, 1 scheduled, 1 expired hidden")
    );
}

#[test]
fn section_pages_are_sections_and_lead_their_posts_when_grouped() {
    let (dir, mut store) = site("hugo");
    let sections: Vec<&str> = store
        .sections()
        .iter()
        .map(|&id| store.get(id).expect("stored").title.as_str())
        .collect();
    assert_eq!(sections.len(), 2, "{sections:?}");
    assert!(sections.contains(&"The Lantern Blog") && sections.contains(&"Lantern Docs"));
    let mut posts: Vec<PostId> = store
        .ids()
        .iter()
        .copied()
        .filter(|id| !store.sections().contains(id))
        .collect();
    store.leave_out_unpublished(&mut posts, date(2026, 11, 23));
    store.sort_ids(&mut posts, SortOrder::Weight);
    let grouped = tidings::library::sections::group(&store, &posts);
    let titles: Vec<&str> = grouped
        .ids
        .iter()
        .map(|&id| store.get(id).expect("stored").title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "The Lantern Blog",
            "Lanterns in JSON",
            "Shortcodes at the shop",
            "A TOML page bundle",
            "Lantern Docs",
            "Choosing oil",
            "Trimming wicks",
        ]
    );
    let blog = id(&store, &dir, "content/blog/_index.md");
    assert_eq!(grouped.sections[&blog].posts, 3);
    // A new section page is a section at once.
    let text = "---\ntitle: Guides\n---\n";
    let path = dir.join("content/guides/_index.md");
    store.apply([tidings::library::store::Change::Upsert(Box::new(
        Post::parse(&path, text, None),
    ))]);
    assert_eq!(store.sections().len(), 3);
}

#[test]
fn shortcodes_render_as_an_image_a_code_block_and_a_dimmed_call() {
    let (dir, store) = site("hugo");
    let lines = rendered(post(&store, &dir, "content/blog/yaml-post.md"));
    let text = lines.join("\n");
    assert!(
        text.contains("[image: A brass lantern at dusk] /img/lantern.png"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("func light() string")),
        "{text}"
    );
    assert!(!text.contains("{{< highlight"), "{text}");
    assert!(!text.contains("{{< figure"), "{text}");
    // The ref became a link to the JSON post's file.
    assert!(text.contains("the JSON post"), "{text}");
    assert!(!text.contains("{{< ref"), "{text}");
    // Unknown: shown as written (the renderer dims it).
    assert!(text.contains("{{< youtube w7Ft2ymGmfc >}}"), "{text}");

    let (dir, store) = site("zola");
    let text = rendered(post(&store, &dir, "content/posts/first.md")).join("\n");
    assert!(text.contains("[image: A trimmed wick] wick.jpg"), "{text}");
}

#[test]
fn links_resolve_by_ref_slug_alias_zola_path_and_anchor() {
    let (dir, store) = site("hugo");
    let index = LinkIndex::build(&store);
    let from = id(&store, &dir, "content/blog/yaml-post.md");
    let json = id(&store, &dir, "content/blog/json-post.md");
    let bundle = id(&store, &dir, "content/blog/toml-post/index.md");
    let links = links_in(store.get(from).expect("stored"));
    let targets: Vec<Target> = links
        .iter()
        .map(|url| index.resolve(&store, from, url))
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
    assert_eq!(
        targets[0],
        Target::Post {
            id: json,
            anchor: None
        }
    );
    assert_eq!(
        targets[1],
        Target::Post {
            id: bundle,
            anchor: Some("second-part".to_string())
        }
    );
    assert_eq!(
        targets[2],
        Target::Post {
            id: json,
            anchor: None
        }
    );
    assert!(
        matches!(&targets[3], Target::Unresolved(why) if why.contains("/blog/nowhere/")),
        "{:?}",
        targets[3]
    );
    // The anchor the slug link names is a heading of that post.
    let doc = tidings::render::render_post_safely(
        store.get(bundle).expect("stored"),
        &tidings::render::RenderOptions {
            width: 80,
            theme: &Theme::dark(),
            colours: &CodeColours::default(),
            broken: &[],
            embeds: &tidings::library::embeds::NO_EMBEDS,
            toggled_callouts: &[],
        },
    );
    assert!(doc.headings.iter().any(|h| h.anchor == "second-part"));
    assert!(matches!(
        index.resolve(&store, from, "https://gohugo.io/"),
        Target::Web(_)
    ));
    // Backlinks: the shortcode post (ref and alias) and the docs post (site-absolute path).
    let oil = id(&store, &dir, "content/docs/oil.md");
    let mut cache = tidings::library::links::LinksByPost::default();
    let mut linking = index.backlinks(&store, json, &mut cache);
    // Asked again with nothing changed, the kept links give the same answer.
    assert_eq!(
        index.backlinks(&store, json, &mut cache).len(),
        linking.len()
    );
    linking.sort();
    let mut expected = vec![from, oil];
    expected.sort();
    assert_eq!(linking, expected);

    let (dir, store) = site("zola");
    let index = LinkIndex::build(&store);
    let first = id(&store, &dir, "content/posts/first.md");
    let second = id(&store, &dir, "content/posts/second.md");
    assert_eq!(
        index.resolve(&store, first, "@/posts/second.md#part-two"),
        Target::Post {
            id: second,
            anchor: Some("part-two".to_string())
        }
    );
    assert_eq!(
        index.resolve(&store, first, "#top-heading"),
        Target::Post {
            id: first,
            anchor: Some("top-heading".to_string())
        }
    );
    // By Zola's `path` and by an alias.
    for url in ["/2024/05/01/first/", "../first.md"] {
        assert_eq!(
            index.resolve(&store, second, url),
            Target::Post {
                id: first,
                anchor: None
            },
            "{url}"
        );
    }
    assert_eq!(
        index.resolve(&store, first, "/2024/05/02/second-old/"),
        Target::Post {
            id: second,
            anchor: None
        }
    );
}
