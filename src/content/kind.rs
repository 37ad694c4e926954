//! What is not an article: files a site generator keeps beside its posts that nobody would open
//! to read. They stay loaded (links to a redirect stub still resolve, `tidings check` lists
//! them), but the default list leaves them out.
//!
//! The rules follow what the generators themselves do with such files:
//! - **Redirect stubs**: front matter only, with `redirect` (the Go blog), `redirect_to`
//!   (Jekyll's jekyll-redirect-from) or `aliases` (Hugo, Zola) and no body. The generators turn
//!   them into redirect pages, never into posts.
//! - **Partials**: files under `_includes`, `_layouts`, `_data`, `_partials` (Jekyll, Eleventy,
//!   the Chrome developer site) or Hugo's `layouts` and `archetypes`: the generators include
//!   them into pages or use them as templates, never publish them alone.
//! - **Error pages**: `404.md`, or `index.md` / `_index.md` in a folder named `404`.
//! - **Repository files**: a `README`, `LICENSE`, `CHANGELOG`, `SOURCE` and the like without
//!   front matter. Generators that need front matter (Jekyll, Hugo, Zola) do not publish them;
//!   the store hides them only while other posts do have front matter.
//! - **Empty files**: no title of their own and nothing in the body (a template-only page such
//!   as the Rust blog's `latest.md`).
//! - **Template pages**: a page the generator makes from other pages: its body loops over them
//!   in template code (Go's and Hugo's `{{range …}}`, Liquid's and Jinja's `{% for … %}`)
//!   outside code blocks, and holds fewer than [`TEMPLATE_PAGE_WORDS`] words of its own outside
//!   template tags and HTML markup (the Go blog's `index.md` and `all.md`, "The Go Blog" and
//!   "Blog Index"). A post that only uses template code (the Go blog marks 110 of its posts
//!   `template: true` for their `{{image}}` and `{{code}}` calls) is an article.

use std::path::Path;

/// Why a file is not an article; see the module documentation for the rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NotArticle {
    /// A redirect stub, with the URL path it sends readers to (`None` for an `aliases`-only stub).
    Redirect(Option<String>),
    /// Inside a generator's folder of partials, includes, layouts, data or archetypes: that
    /// folder's name.
    Partial(String),
    /// A 404 page.
    ErrorPage,
    /// A repository's own README, licence, changelog... without front matter.
    RepoFile,
    /// No title of its own and an empty body.
    Empty,
    /// A listing the generator makes from other pages with template code.
    Template,
}

/// A page that loops over pages in template code with fewer words of its own than this is a
/// listing, not an article.
pub const TEMPLATE_PAGE_WORDS: usize = 40;

/// Folders whose files generators include or use as templates, never publish alone.
const PARTIAL_FOLDERS: [&str; 6] = [
    "_includes",
    "_layouts",
    "_data",
    "_partials",
    "layouts",
    "archetypes",
];

/// File stems (any case) of a repository's own files.
const REPO_FILES: [&str; 14] = [
    "readme",
    "license",
    "licence",
    "copying",
    "copyright",
    "notice",
    "changelog",
    "changes",
    "history",
    "contributing",
    "code_of_conduct",
    "security",
    "authors",
    "source",
];

/// What [`NotArticle::classify`] looks at, read from the post's file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub has_front_matter: bool,
    /// A title given in the front matter.
    pub has_title: bool,
    /// The body after the front matter.
    pub body: &'a str,
    /// `redirect`, else `redirect_to`, as written.
    pub redirect: Option<&'a str>,
    pub has_aliases: bool,
    /// The front matter has a `pagination` key: the generator (Eleventy, Jekyll's paginator)
    /// makes the page from slices of a collection.
    pub paginated: bool,
}

impl NotArticle {
    /// Why the file at `path` is not an article, or `None` when it is one.
    pub fn classify(path: &Path, facts: Facts<'_>) -> Option<NotArticle> {
        // HTML comments are not shown: a body of nothing else (`<!-- Intentionally blank -->`)
        // is empty. Such a body starts with one, so no other body is searched for them.
        let start = facts.body.trim_start();
        let blank = start.is_empty()
            || start.starts_with("<!--") && without_comments(start).trim().is_empty();
        if blank && facts.has_front_matter && (facts.redirect.is_some() || facts.has_aliases) {
            let target = facts.redirect.map(str::trim).filter(|t| !t.is_empty());
            return Some(NotArticle::Redirect(target.map(str::to_string)));
        }
        let folders: Vec<&str> = path
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        if let Some(folder) = folders.iter().find(|f| PARTIAL_FOLDERS.contains(f)) {
            return Some(NotArticle::Partial((*folder).to_string()));
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let index_of_404 =
            matches!(stem, "index" | "_index") && folders.last().is_some_and(|f| *f == "404");
        if stem == "404" || index_of_404 {
            return Some(NotArticle::ErrorPage);
        }
        if !facts.has_front_matter && REPO_FILES.contains(&stem.to_ascii_lowercase().as_str()) {
            return Some(NotArticle::RepoFile);
        }
        if blank && !facts.has_title {
            return Some(NotArticle::Empty);
        }
        let listing = match template_code(facts.body) {
            Some((loops, words)) => (loops || facts.paginated) && words < TEMPLATE_PAGE_WORDS,
            // Counted only for a paginated page: most posts have no template code at all.
            None => facts.paginated && words_of(facts.body) < TEMPLATE_PAGE_WORDS,
        };
        if listing {
            return Some(NotArticle::Template);
        }
        None
    }

    /// Why, in a few words, for `tidings check` and post info: `redirect stub to /blog/gofmt`.
    pub fn reason(&self) -> String {
        match self {
            NotArticle::Redirect(Some(target)) => format!("redirect stub to {target}"),
            NotArticle::Redirect(None) => "redirect stub (aliases only)".to_string(),
            NotArticle::Partial(folder) => format!("generator partial (in {folder}/)"),
            NotArticle::ErrorPage => "error page (404)".to_string(),
            NotArticle::RepoFile => "repository file without front matter".to_string(),
            NotArticle::Empty => "empty: no title and no body".to_string(),
            NotArticle::Template => "a listing made by template code".to_string(),
        }
    }
}

/// `text` without its HTML comments (`<!-- … -->`; one left open runs to the end).
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at + 4..]
            .split_once("-->")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out.into()
}

/// Words of `text` outside HTML comments, counted up to [`TEMPLATE_PAGE_WORDS`].
fn words_of(text: &str) -> usize {
    (without_comments(text).split_whitespace())
        .take(TEMPLATE_PAGE_WORDS)
        .count()
}

/// For a `body` with template tags (`{{`, `{%`): whether it loops over pages in template code
/// outside fenced code blocks, and how many words it has outside template tags and HTML markup
/// (a listing has fewer than [`TEMPLATE_PAGE_WORDS`]). `None` for a body without them.
fn template_code(body: &str) -> Option<(bool, usize)> {
    if !body.contains("{{") && !body.contains("{%") {
        return None;
    }
    let mut fences = super::templates::Fences::default();
    let mut outside = String::with_capacity(body.len());
    for line in body.lines() {
        if !fences.is_code(line) {
            outside.push_str(line);
            outside.push('\n');
        }
    }
    let mut loops = false;
    let mut prose = String::with_capacity(outside.len());
    let mut rest = outside.as_str();
    while let Some(at) = rest.find(['{', '<']) {
        prose.push_str(&rest[..at]);
        let after = &rest[at..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else if after.starts_with('<')
            && after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            ">"
        } else {
            prose.push_str(&after[..1]);
            rest = &after[1..];
            continue;
        };
        let Some(end) = after[2.min(after.len())..].find(close) else {
            prose.push_str(after);
            break;
        };
        let tag = &after[..2 + end + close.len()];
        if close != ">" {
            let words = tag[2..tag.len() - 2].trim_matches(['-', '~', ' ', '\t']);
            let first = words.split_whitespace().next().unwrap_or_default();
            loops |= matches!(first, "range" | "for");
        }
        prose.push(' ');
        rest = &after[tag.len()..];
    }
    prose.push_str(rest);
    Some((loops, prose.split_whitespace().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(path: &str, facts: Facts<'_>) -> Option<NotArticle> {
        NotArticle::classify(Path::new(path), facts)
    }

    fn with_front_matter(body: &str) -> Facts<'_> {
        Facts {
            has_front_matter: true,
            has_title: true,
            body,
            ..Facts::default()
        }
    }

    #[test]
    fn redirect_stubs_need_an_empty_body() {
        let stub = Facts {
            redirect: Some("/blog/gofmt"),
            ..with_front_matter("\n")
        };
        assert_eq!(
            classify("/b/go-fmt-your-code.md", stub),
            Some(NotArticle::Redirect(Some("/blog/gofmt".into())))
        );
        let aliases = Facts {
            has_aliases: true,
            ..with_front_matter("")
        };
        assert_eq!(
            classify("/b/old.md", aliases),
            Some(NotArticle::Redirect(None))
        );
        // A real post that also lists its old addresses is an article.
        let post = Facts {
            has_aliases: true,
            ..with_front_matter("Words.\n")
        };
        assert_eq!(classify("/b/post.md", post), None);
    }

    #[test]
    fn partials_error_pages_and_repository_files() {
        let body = with_front_matter("Words.\n");
        assert_eq!(
            classify("/site/en/_partials/x/glossary.md", body),
            Some(NotArticle::Partial("_partials".into()))
        );
        assert_eq!(
            classify("/site/archetypes/default.md", body),
            Some(NotArticle::Partial("archetypes".into()))
        );
        assert_eq!(
            classify("/site/en/404/index.md", body),
            Some(NotArticle::ErrorPage)
        );
        assert_eq!(classify("/site/404.md", body), Some(NotArticle::ErrorPage));
        assert_eq!(classify("/site/en/404-errors.md", body), None);
        let plain = Facts {
            body: "# Read me\n",
            ..Facts::default()
        };
        assert_eq!(
            classify("/blog/README.md", plain),
            Some(NotArticle::RepoFile)
        );
        assert_eq!(
            classify("/blog/Source.md", plain),
            Some(NotArticle::RepoFile)
        );
        // With front matter it is a page the site publishes.
        assert_eq!(classify("/blog/README.md", body), None);
    }

    #[test]
    fn empty_files_without_a_title() {
        let template_only = Facts {
            has_front_matter: true,
            body: "\n",
            ..Facts::default()
        };
        assert_eq!(
            classify("/c/releases/latest.md", template_only),
            Some(NotArticle::Empty)
        );
        assert_eq!(classify("/c/titled.md", with_front_matter("")), None);
        assert_eq!(
            classify(
                "/c/notes.txt",
                Facts {
                    body: "A line.\n",
                    ..Facts::default()
                }
            ),
            None
        );
    }

    #[test]
    fn a_body_of_html_comments_alone_is_empty() {
        let blank = Facts {
            has_front_matter: true,
            body: "\n<!-- Intentionally blank -->\n",
            ..Facts::default()
        };
        assert_eq!(
            classify("/d/reference/hid/index.md", blank),
            Some(NotArticle::Empty)
        );
        let said = Facts {
            body: "<!-- draft note -->\nA word after it.\n",
            ..blank
        };
        assert_eq!(classify("/d/reference/usb/index.md", said), None);
    }

    #[test]
    fn a_page_the_generator_paginates_is_a_listing_unless_it_has_words_of_its_own() {
        let paginated = |body| Facts {
            paginated: true,
            ..with_front_matter(body)
        };
        assert_eq!(
            classify("/site/en/blog/index.md", paginated("")),
            Some(NotArticle::Template)
        );
        let words = "An introduction to the series, with words of its own. ".repeat(5);
        assert_eq!(
            classify("/site/en/series/index.md", paginated(&words)),
            None
        );
        // Without the key, a titled page with nothing in it is still listed.
        assert_eq!(
            classify("/site/en/blog/index.md", with_front_matter("")),
            None
        );
    }

    #[test]
    fn a_listing_made_by_template_code_is_not_an_article_but_a_post_using_it_is() {
        let index = "<div id=\"blogindex\">\n\n{{range first 10 (newest (pages \"/blog/*.md\")) -}}\n\
            {{if .date}}\n<p class=\"blogtitle\">\n  <a href=\"{{.URL}}\">{{.title}}</a>,\n</p>\n\
            {{end}}\n{{end}}\n\n<p><a href=\"/blog/all\">More articles...</a></p>\n</div>\n";
        assert_eq!(
            classify("/blog/index.md", with_front_matter(index)),
            Some(NotArticle::Template)
        );
        let liquid =
            "{% for post in site.posts %}\n- [{{ post.title }}]({{ post.url }})\n{% endfor %}\n";
        assert_eq!(
            classify("/site/archive.md", with_front_matter(liquid)),
            Some(NotArticle::Template)
        );
        // A post that calls a template function among its words is read.
        let words = "Two years ago a small team went public with their project. ".repeat(5);
        let post =
            format!("{words}\n\n{{{{image \"gopher.png\"}}}}\n\n{{{{range .}}}}{{{{end}}}}\n");
        assert_eq!(classify("/blog/2years.md", with_front_matter(&post)), None);
        // Template code shown in a code block is the post's subject, not its making.
        let shown = "```\n{{range .Items}}{{.}}{{end}}\n```\n";
        assert_eq!(
            classify("/blog/templates.md", with_front_matter(shown)),
            None
        );
    }
}
