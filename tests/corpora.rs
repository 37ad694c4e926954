//! Loads every real blog under `../shared/corpora` and checks a sample of real posts: titles,
//! dates and tags as their authors wrote them. Skipped, with a message, when the folder is absent.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::date;
use tidings::content::loader::{self, LoadError, LoadUpdate, Root};
use tidings::content::{DateSource, Post};

mod support;

fn corpora() -> Option<PathBuf> {
    support::shared("corpora")
}

/// Every post of one corpus, with what could not be read and how many files the walk found.
fn load(dir: &Path) -> (Vec<Post>, Vec<LoadError>, usize) {
    let root = Root::new(dir).expect("corpus folder");
    let seen = Mutex::new((Vec::new(), Vec::new(), 0));
    loader::load_roots(&[root], &jiff::tz::TimeZone::UTC, 256, |update| {
        let mut seen = seen.lock().expect("lock");
        match update {
            LoadUpdate::Found { files, .. } => seen.2 = files,
            LoadUpdate::Expected { .. } => {}
            LoadUpdate::Batch { posts, errors } => {
                seen.0
                    .extend(posts.into_iter().map(std::sync::Arc::unwrap_or_clone));
                seen.1.extend(errors);
            }
        }
    });
    seen.into_inner().expect("lock")
}

fn find<'a>(posts: &'a [Post], tail: &str) -> &'a Post {
    posts
        .iter()
        .find(|p| p.path.ends_with(tail))
        .unwrap_or_else(|| panic!("no post at …/{tail}"))
}

/// Files in a blog's folder that are not articles, so have no date of their own: they are
/// listed, dated by their file (marked as inferred), but no author dated them.
/// - stubs: front matter with no text under it (Zola section `_index.md` files, Go redirects);
/// - notes about the folder: `README.md`, and the corpus's own `SOURCE.md`;
/// - Go's index pages (`index.md`, `all.md`): `template: true` with no date.
fn is_not_an_article(post: &Post) -> bool {
    let name = post.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let template = post
        .meta
        .details
        .other
        .iter()
        .any(|(k, v)| k == "template" && v == "true");
    post.text().trim().is_empty()
        || matches!(name, "README.md" | "SOURCE.md")
        || (template && matches!(name, "index.md" | "all.md"))
}

#[test]
fn every_file_of_every_corpus_loads() {
    let Some(dir) = corpora() else { return };
    for name in [
        "go-blog",
        "rust-blog-toml",
        "otel-ja-zh",
        "chrome-dev-large",
    ] {
        let (posts, errors, found) = load(&dir.join(name));
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(posts.len(), found, "{name}");
        assert!(found > 300, "{name}: only {found} posts");
        for post in &posts {
            assert!(!post.title.is_empty(), "{}", post.path.display());
            assert!(
                !post.title.chars().any(char::is_control),
                "{}",
                post.path.display()
            );
        }
    }
}

#[test]
fn rust_blog_posts_are_titled_and_dated_from_toml_and_path() {
    let Some(dir) = corpora() else { return };
    let (posts, _, _) = load(&dir.join("rust-blog-toml"));
    let post = find(&posts, "content/Rust-1.88.0.md");
    assert_eq!(post.title, "Announcing Rust 1.88.0");
    let dated = post.date.expect("dated");
    assert_eq!(dated.date, date(2025, 6, 26));
    assert_eq!(dated.source, DateSource::Path);
    assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
    assert!(
        post.meta
            .details
            .other
            .iter()
            .any(|(k, v)| k == "authors" && v.contains("The Rust Release Team")),
        "{:?}",
        post.meta.details.other
    );
}

#[test]
fn go_blog_posts_carry_their_tags_and_summary() {
    let Some(dir) = corpora() else { return };
    let (posts, _, _) = load(&dir.join("go-blog"));
    let post = find(&posts, "blog/generics-proposal.md");
    assert_eq!(post.title, "A Proposal for Adding Generics to Go");
    let tags: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["go2", "proposals", "generics"]);
    assert_eq!(
        post.meta.details.description.as_deref(),
        Some("Generics is entering the language change proposal process")
    );
    assert_eq!(post.date.map(|d| d.date), Some(date(2021, 1, 12)));
}

#[test]
fn no_go_or_rust_post_has_an_inferred_date() {
    let Some(dir) = corpora() else { return };
    for name in ["go-blog", "rust-blog-toml"] {
        let (posts, _, _) = load(&dir.join(name));
        let inferred: Vec<String> = posts
            .iter()
            .filter(|p| !is_not_an_article(p))
            .filter(|p| p.date.is_none_or(|d| d.source == DateSource::Modified))
            .map(|p| p.path.display().to_string())
            .collect();
        assert!(inferred.is_empty(), "{name}: {inferred:#?}");
        let others = posts.iter().filter(|p| is_not_an_article(p)).count();
        eprintln!("{name}: {} files, {others} not articles", posts.len());
    }
}

#[test]
fn chrome_russian_and_opentelemetry_japanese_titles_are_kept() {
    let Some(dir) = corpora() else { return };
    let (chrome, _, _) = load(&dir.join("chrome-dev-large"));
    let post = find(&chrome, "site/ru/articles/web-otp/index.md");
    assert_eq!(
        post.title,
        "Подтверждайте номера телефонов в Интернете с помощью API WebOTP"
    );
    assert_eq!(post.date.map(|d| d.date), Some(date(2019, 10, 7)));
    assert_eq!(post.meta.updated, Some(date(2021, 6, 4)));

    let (otel, _, _) = load(&dir.join("otel-ja-zh"));
    let page = find(&otel, "content/ja/community/marketing-guidelines.md");
    assert_eq!(
        page.title,
        "コントリビュート組織向け OpenTelemetry マーケティングガイドライン"
    );
    let section = find(&otel, "content/ja/community/_index.md");
    assert_eq!(section.title, "コミュニティ");
}

/// The posts of a corpus in a store, as the reader holds them.
fn stored(dir: &Path) -> tidings::library::store::Store {
    let (posts, _, _) = load(dir);
    let mut store = tidings::library::store::Store::new();
    store.apply(
        posts
            .into_iter()
            .map(|p| tidings::library::store::Change::Upsert(Box::new(p))),
    );
    store
}

#[test]
fn rust_blog_extra_fields_show_in_post_info_with_the_path_date() {
    let Some(dir) = corpora() else { return };
    let store = stored(&dir.join("rust-blog-toml"));
    let id = store
        .ids()
        .iter()
        .copied()
        .find(|&id| {
            store
                .get(id)
                .is_some_and(|p| p.path.ends_with("content/Rust-1.88.0.md"))
        })
        .expect("Rust 1.88.0");
    let mut state = tidings::app::state::AppState::new(tidings::theme::Theme::dark());
    state.store = store;
    state.list.selected = Some(id);
    let lines: Vec<String> = tidings::app::overlay::info::lines(&state, 100)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let text = lines.join("\n");
    let row = |label: &str, value: &str| {
        lines
            .iter()
            .any(|l| l.trim_start().starts_with(label) && l.contains(value))
    };
    assert!(row("Date", "2025-06-26 (from the path)"), "{text}");
    assert!(row("extra.release", "true"), "{text}");
    assert!(row("Aliases", "releases/1.88.0"), "{text}");
    assert!(row("path", "2025/06/26/Rust-1.88.0"), "{text}");
}

#[test]
fn opentelemetry_index_pages_are_sections_that_lead_their_posts() {
    let Some(dir) = corpora() else { return };
    let dir = dir.join("otel-ja-zh");
    let indexes = walk_count(&dir, "_index.md");
    let store = stored(&dir);
    assert_eq!(store.sections().len(), indexes);
    assert!(indexes > 100, "{indexes}");
    // Listed, they are not posts; grouped, each leads the posts of its folder.
    let query = tidings::library::select::Query::default();
    let listed = tidings::library::select::select(&store, &query);
    assert!(listed.iter().all(|id| !store.sections().contains(id)));
    let grouped = tidings::library::sections::group(&store, &listed);
    let blog = store
        .id_of(
            &dir.join("posts/content/ja/blog/2024/_index.md")
                .canonicalize()
                .expect("exists"),
        )
        .expect("ja blog 2024 section");
    let at = grouped
        .ids
        .iter()
        .position(|&id| id == blog)
        .expect("shown");
    let row = grouped.sections[&blog];
    assert!(row.posts > 3, "{row:?}");
    for &id in &grouped.ids[at + 1..=at + row.posts] {
        let post = store.get(id).expect("stored");
        assert!(
            post.path
                .to_string_lossy()
                .contains("/content/ja/blog/2024/"),
            "{}",
            post.path.display()
        );
    }
}

/// Files named `name` under `dir`.
fn walk_count(dir: &Path, name: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == name) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn go_blog_site_absolute_links_open_the_post_they_name() {
    let Some(dir) = corpora() else { return };
    let store = stored(&dir.join("go-blog"));
    let index = tidings::library::links::LinkIndex::build(&store);
    let find = |tail: &str| {
        store
            .ids()
            .iter()
            .copied()
            .find(|&id| store.get(id).is_some_and(|p| p.path.ends_with(tail)))
            .unwrap_or_else(|| panic!("no {tail}"))
    };
    let from = find("blog/generics-next-step.md");
    assert_eq!(
        index.resolve(&store, from, "/blog/why-generics"),
        tidings::library::links::Target::Post {
            id: find("blog/why-generics.md"),
            anchor: None
        }
    );
    // Every `/blog/NAME` link whose NAME.md is in the folder resolves to it.
    let (mut links, mut resolved) = (0, 0);
    for &id in store.ids() {
        let post = store.get(id).expect("stored");
        for url in tidings::library::links::links_in(post) {
            let Some(name) = url.strip_prefix("/blog/") else {
                continue;
            };
            let name = name.split(['#', '/']).next().unwrap_or_default();
            let wanted = dir
                .join("go-blog/posts/_content/blog")
                .join(format!("{name}.md"));
            if !wanted.is_file() {
                continue;
            }
            links += 1;
            // A link to a redirect stub goes on to the post the stub sends readers to.
            let stub_target = store
                .id_of(&wanted.canonicalize().expect("canonical"))
                .and_then(|stub| store.get(stub))
                .and_then(|p| match &p.not_article {
                    Some(tidings::content::kind::NotArticle::Redirect(Some(to))) => {
                        to.strip_prefix("/blog/").map(str::to_string)
                    }
                    _ => None,
                });
            let name = stub_target.unwrap_or_else(|| name.to_string());
            if let tidings::library::links::Target::Post { id: to, .. } =
                index.resolve(&store, id, &url)
                && store
                    .get(to)
                    .is_some_and(|p| p.path.ends_with(format!("blog/{name}.md")))
            {
                resolved += 1;
            }
        }
    }
    eprintln!("go-blog: {resolved} of {links} /blog/ links to posts in the folder resolve");
    assert!(links > 100, "{links}");
    assert_eq!(resolved, links);
}

/// The first rows a person sees on each corpus are articles: dated by their author, with text
/// to read; never a redirect stub, a partial, a 404 page, the corpus's own SOURCE.md or a
/// template-only page (issue 20).
#[test]
fn the_first_twenty_rows_of_every_corpus_are_articles() {
    let Some(dir) = corpora() else { return };
    for corpus in [
        "go-blog",
        "chrome-dev-large",
        "rust-blog-toml",
        "otel-ja-zh",
    ] {
        let store = stored(&dir.join(corpus));
        let ids = tidings::library::select::select(&store, &Default::default());
        let first: Vec<&Post> = ids
            .iter()
            .take(20)
            .filter_map(|&id| store.get(id))
            .collect();
        assert_eq!(first.len(), 20, "{corpus}");
        for post in first {
            let path = post.path.display().to_string();
            assert_eq!(post.not_article, None, "{corpus}: {path}");
            assert!(!is_not_an_article(post), "{corpus}: {path}");
            assert!(
                post.date.is_some_and(|d| d.source != DateSource::Modified),
                "{corpus}: {path} has no date of its own"
            );
            assert!(
                post.text().split_whitespace().count() >= 30,
                "{corpus}: {path} has little to read"
            );
            for named in ["SOURCE.md", "latest.md", "/404/", "/_partials/"] {
                assert!(!path.contains(named), "{corpus}: {path}");
            }
            assert_ne!(post.title, "404", "{corpus}: {path}");
        }
    }
}

#[test]
fn not_articles_are_found_with_their_reason_and_shown_on_request() {
    use tidings::content::kind::NotArticle;
    let Some(dir) = corpora() else { return };
    let store = stored(&dir.join("go-blog"));
    let stub = store
        .ids()
        .iter()
        .filter_map(|&id| store.get(id))
        .find(|p| p.path.ends_with("blog/go-fmt-your-code.md"))
        .expect("the stub is loaded");
    assert_eq!(
        stub.not_article,
        Some(NotArticle::Redirect(Some("/blog/gofmt".into())))
    );
    let default = tidings::library::select::select(&store, &Default::default());
    let all = tidings::library::select::select(
        &store,
        &tidings::library::select::Query {
            all: true,
            ..Default::default()
        },
    );
    let stubs = store
        .ids()
        .iter()
        .filter(|&&id| store.is_hidden_as_not_article(id))
        .count();
    assert!(stubs >= 60, "{stubs}");
    assert_eq!(all.len(), default.len() + stubs);
}

/// The text of each rendered row, for finding what a reader sees.
fn rendered_rows(post: &Post) -> Vec<String> {
    use tidings::render::highlight::CodeColours;
    let doc = tidings::render::render_post(
        post,
        200,
        &tidings::theme::Theme::no_color(),
        &CodeColours::default(),
    );
    doc.lines
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// Go's `{{raw `…`}}` blocks read as code blocks: each line of code on a row of its own, in
/// order, indented as written (one tab of the present format taken off), no template marks.
#[test]
fn go_blog_raw_blocks_render_as_code_line_for_line() {
    let Some(dir) = corpora() else { return };
    let (posts, _, _) = load(&dir.join("go-blog"));
    let post = find(&posts, "blog/laws-of-reflection.md");
    let rows = rendered_rows(post);
    let mut blocks = 0;
    let mut next_row = 0;
    let mut in_raw = false;
    for line in post.text().lines() {
        if line.trim() == "{{raw `" {
            in_raw = true;
            blocks += 1;
            continue;
        }
        if in_raw && line.trim() == "`}}" {
            in_raw = false;
            continue;
        }
        if in_raw && !line.trim().is_empty() {
            let code = line
                .strip_prefix('\t')
                .unwrap_or(line)
                .replace('\t', "    ");
            let at = rows[next_row..]
                .iter()
                .position(|row| row.trim_end() == code.trim_end() || row.trim() == code.trim())
                .unwrap_or_else(|| panic!("{code:?} is not a row of its own"));
            next_row += at + 1;
        }
    }
    assert!(blocks >= 2, "{blocks} raw blocks");
    for row in &rows {
        assert!(!row.contains("{{raw") && !row.contains('␊'), "{row}");
    }
}

/// Chrome's Nunjucks posts read as prose: `{% Img %}` becomes an image line, `{% Aside %}` a
/// callout, and no template mark (`{%`, `%}`, `{#`) is left on screen.
#[test]
fn chrome_nunjucks_posts_read_as_prose_with_images_and_callouts() {
    let Some(dir) = corpora() else { return };
    let (posts, _, _) = load(&dir.join("chrome-dev-large"));
    let mut checked = 0;
    for post in posts
        .iter()
        .filter(|p| p.text().contains("{% Img") && p.text().contains("{% Aside"))
    {
        let rows = rendered_rows(post);
        let path = post.path.display();
        // A post that shows template code on purpose (`{% raw %}`) keeps it, and one whose
        // marks do not pair up (`% Img …%}`, a slip its own site shows too) is not judged.
        let shows_tags = post.text().contains("{% raw %}")
            || post.text().matches("{%").count() != post.text().matches("%}").count();
        for row in rows.iter().filter(|_| !shows_tags) {
            for mark in ["{%", "%}", "{#"] {
                assert!(!row.contains(mark), "{path}: {row}");
            }
        }
        assert!(
            rows.iter().any(|r| r.contains("[image")),
            "{path}: no image line"
        );
        assert!(
            rows.iter().any(|r| r.starts_with('│')),
            "{path}: no callout"
        );
        checked += 1;
    }
    assert!(checked >= 100, "{checked} posts");
}

/// chrome-dev's folders name the language (`site/ru/…`): `--lang ru` keeps only the Russian
/// posts, and an English post knows its translations.
#[test]
fn chrome_languages_filter_and_translations() {
    let Some(dir) = corpora() else { return };
    let store = stored(&dir.join("chrome-dev-large"));
    let query = tidings::library::select::Query {
        filter: tidings::library::store::Filter {
            lang: Some("ru".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let ids = tidings::library::select::select(&store, &query);
    assert!(ids.len() >= 50, "{}", ids.len());
    for &id in &ids {
        let post = store.get(id).expect("stored");
        assert_eq!(post.lang.as_deref(), Some("ru"));
        assert!(
            post.path.to_string_lossy().contains("/site/ru/"),
            "{:?}",
            post.path
        );
    }
    let languages = tidings::library::languages::languages(&store);
    for lang in ["en", "es", "ru", "zh", "ko"] {
        assert!(
            languages.iter().any(|(l, n)| l == lang && *n > 0),
            "{languages:?}"
        );
    }
    let english = store
        .ids()
        .iter()
        .copied()
        .find(|&id| {
            store.get(id).is_some_and(|p| {
                p.path
                    .ends_with("site/en/blog/new-in-devtools-110/index.md")
            })
        })
        .expect("the English post");
    let translations: Vec<String> = tidings::library::languages::translations(&store, english)
        .iter()
        .filter_map(|&id| Some(store.get(id)?.lang.as_deref()?.to_string()))
        .collect();
    assert!(translations.contains(&"ru".to_string()), "{translations:?}");
    assert!(
        !translations.contains(&"en".to_string()),
        "{translations:?}"
    );
}

/// The go blog's broken links to posts and heading anchors, found without tidings: each
/// inline link `](…)` outside code, to `/blog/NAME` (a post is `_content/blog/NAME.md`) or to
/// `#anchor` in the same post, checked against the target file's headings (GitHub's slug, or
/// `{#id}`) and the `id`/`name` attributes in its HTML.
fn go_blog_broken_links_by_hand(blog: &Path) -> Vec<String> {
    fn slug(text: &str) -> String {
        text.chars()
            .flat_map(char::to_lowercase)
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect()
    }
    fn anchors(path: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut out = Vec::new();
        for line in text.lines() {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
                let mut heading = line[hashes..]
                    .trim()
                    .trim_end_matches('#')
                    .trim()
                    .to_string();
                if let Some(at) = heading.rfind("{#")
                    && heading.ends_with('}')
                {
                    out.push(heading[at + 2..heading.len() - 1].to_string());
                    heading.truncate(at);
                }
                // Link text only, and no emphasis or code marks.
                let mut plain = String::new();
                let mut rest = heading.as_str();
                while let Some(open) = rest.find('[') {
                    plain.push_str(&rest[..open]);
                    let Some(close) = rest[open..].find("](") else {
                        break;
                    };
                    plain.push_str(&rest[open + 1..open + close]);
                    let after = &rest[open + close + 2..];
                    rest = after.find(')').map_or("", |end| &after[end + 1..]);
                }
                plain.push_str(rest);
                let plain: String = plain.chars().filter(|c| !"`*_".contains(*c)).collect();
                out.push(slug(plain.trim()));
            }
            for attribute in [" id=", " name="] {
                for (at, _) in line.match_indices(attribute) {
                    let value = &line[at + attribute.len()..];
                    if let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'')
                        && let Some(end) = value[1..].find(quote)
                    {
                        out.push(value[1..1 + end].to_string());
                    }
                }
            }
        }
        out
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(blog)
        .expect("the blog's folder")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut fenced = false;
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
            }
            if fenced || line.starts_with('\t') || line.starts_with("    ") {
                continue;
            }
            for (at, _) in line.match_indices("](") {
                let rest = &line[at + 2..];
                let url = &rest[..rest.find([')', ' ', '\t']).unwrap_or(rest.len())];
                let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
                let target = if let Some(name) = path.strip_prefix("/blog/") {
                    let name = name.trim_end_matches('/').trim_end_matches(".html");
                    if name.contains('/') {
                        continue;
                    }
                    let target = blog.join(format!("{name}.md"));
                    if !target.exists() {
                        broken.push(format!("{}:{}: {url}", file.display(), i + 1));
                        continue;
                    }
                    target
                } else if path.is_empty() {
                    file.clone()
                } else {
                    continue;
                };
                if !anchor.is_empty() && !anchors(&target).iter().any(|a| a == anchor) {
                    broken.push(format!("{}:{}: {url}", file.display(), i + 1));
                }
            }
        }
    }
    broken
}

#[test]
fn check_finds_the_go_blogs_broken_links_as_a_list_made_by_hand_does() {
    let Some(root) = support::shared("corpora/go-blog") else {
        return;
    };
    let blog = root.join("posts/_content/blog");
    let want = go_blog_broken_links_by_hand(&blog);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("check")
        .arg(&root)
        .env("XDG_CONFIG_HOME", "/nonexistent/tidings-tests")
        .env("XDG_CACHE_HOME", "/nonexistent/tidings-tests")
        .output()
        .expect("tidings check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Links to posts and anchors, in the blog's posts: `path:line: URL`.
    let blog_prefix = format!("{}/", blog.display());
    let got: Vec<String> = stdout
        .lines()
        .filter(|l| l.starts_with(&blog_prefix))
        .filter(|l| l.contains(": no post here has that address") || l.contains(": no heading #"))
        .filter_map(|l| {
            let (place, rest) = l.split_once(": broken link ")?;
            let url = rest.split(": ").next()?;
            Some(format!("{place}: {url}"))
        })
        .filter(|l| l.contains(": /blog/") || l.contains(": #"))
        .collect();
    assert!(
        !want.is_empty(),
        "the blog has broken anchors (old #TOC_ links)"
    );
    assert_eq!(got, want);
}
