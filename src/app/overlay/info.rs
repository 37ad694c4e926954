//! The post-info overlay (`i`): everything known about the selected post, front matter fields
//! tidings does not use included, so nothing in a post is hidden from its reader.

use crate::content::reading::Reading;
use ratatui::text::{Line, Span};

use crate::app::state::AppState;
use crate::content::{DateSource, Format, Post, Publication};
use crate::render::BROKEN_MARK;
use crate::text::{sanitize, width, wrap_spans};
use crate::theme::Theme;

/// Label column width, in columns.
const LABEL: usize = 13;

/// The info lines for the selected post (in the list) or the open one (elsewhere), wrapped to
/// `width` columns.
pub fn lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    let id = state.info_post();
    let Some(post) = id.and_then(|id| state.store.get(id)) else {
        return vec![Line::styled(" No post selected.", state.settings.theme.dim)];
    };
    let mut out = Rows {
        lines: Vec::new(),
        width,
        theme: &state.settings.theme,
    };
    // Counted when the info was asked for (`AppState::refresh_info`), not at every frame.
    let generation = state.store.generation();
    let reading = (id.and_then(|id| state.derived.info_reading.get(&(id, generation))))
        .copied()
        .unwrap_or_else(|| Reading::of_post(post));
    fill(&mut out, post, reading, state.session.today, &|d| {
        state.list_date(d)
    });
    if let Some(why) = &post.not_article {
        out.row(
            "Not an article",
            &format!("{}: left out of the list unless A shows all", why.reason()),
        );
    }
    let lang = id.and_then(|id| Some((state.store.lang(id)?, state.store.lang_from(id)?)));
    if let Some((lang, from)) = lang {
        out.row("Language", &format!("{lang} ({})", from.describe()));
        let translations = id
            .map(|id| crate::library::languages::translations(&state.store, id))
            .unwrap_or_default();
        if !translations.is_empty() {
            out.heading("Translations");
            for other in translations {
                if let Some(other) = state.store.get(other) {
                    let lang = other.lang.as_deref().unwrap_or_default();
                    out.row(lang, &other.title);
                }
            }
        }
    }
    let linking = (state.derived.backlinks.latest())
        .filter(|((of, _), _)| Some(*of) == id)
        .map(|(_, linking)| linking.as_slice());
    out.heading("Linked from");
    match linking {
        None => out.row("", "(looking…)"),
        Some([]) => out.row("", "no post in this folder links here"),
        Some(linking) => {
            for &from in linking {
                if let Some(from) = state.store.get(from) {
                    let date = from
                        .date
                        .map(|d| state.list_date(d.date))
                        .unwrap_or_default();
                    out.row(&date, &from.title);
                }
            }
        }
    }
    let broken = state.broken_links_of(&post.path);
    if !broken.is_empty() {
        out.heading("Broken links");
        for link in broken {
            let why = format!("{} {}: {}", BROKEN_MARK, link.url, link.reason);
            out.row(&format!("line {}", link.line), &why);
        }
    }
    // The open post's images, as its last render found them.
    if let Some(view) =
        (state.reader.article.as_ref()).filter(|v| Some(v.id) == id && !v.doc.images.is_empty())
    {
        out.heading("Images");
        for (image, shown) in view.doc.images.iter().zip(&view.images) {
            let label = if image.header { "header" } else { "" };
            out.row(label, &format!("{}: {}", image.src, shown.describe()));
        }
    }
    out.lines
}

struct Rows<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t Theme,
}

impl Rows<'_> {
    /// `label   value`, the value wrapped under itself; a label too long for its column gets a
    /// line of its own.
    fn row(&mut self, label: &str, value: &str) {
        let room = self.width.saturating_sub(LABEL + 2).max(1);
        let label = sanitize(label).into_owned();
        let mut label = Some(label).filter(|l| !l.is_empty());
        if label.as_deref().is_some_and(|l| width(l) > LABEL) {
            let own = label.take().unwrap_or_default();
            self.lines
                .push(Line::styled(format!(" {own}"), self.theme.strong));
        }
        let value = sanitize(value).into_owned();
        for wrapped in wrap_spans(&[Span::raw(value)], room) {
            let shown = label.take().unwrap_or_default();
            let pad = LABEL.saturating_sub(width(&shown));
            let mut spans = vec![Span::styled(
                format!(" {shown}{} ", " ".repeat(pad)),
                self.theme.strong,
            )];
            spans.extend(wrapped);
            self.lines.push(Line::from(spans));
        }
    }

    fn heading(&mut self, text: &str) {
        self.lines.push(Line::default());
        self.lines
            .push(Line::styled(format!(" {text}"), self.theme.title));
    }
}

fn fill(
    out: &mut Rows<'_>,
    post: &Post,
    reading: Reading,
    today: jiff::civil::Date,
    day: &dyn Fn(jiff::civil::Date) -> String,
) {
    out.row("Title", &post.title);
    if post.section {
        out.row(
            "Section",
            "a section page (_index.md): it heads its folder's posts",
        );
    }
    out.row("File", &post.path.display().to_string());
    if let Some(file) = post.file {
        let modified = file
            .modified
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .map(|t| {
                t.to_zoned(jiff::tz::TimeZone::system())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            });
        let size = match modified {
            Some(m) => format!("{} bytes · modified {m}", file.bytes),
            None => format!("{} bytes", file.bytes),
        };
        out.row("Size", &size);
    }
    out.row(
        "Read as",
        match post.format {
            Format::Markdown => "Markdown",
            Format::PlainText => "plain text (no front matter, no Markdown marks)",
        },
    );
    let words = crate::text::counted(reading.words, "word", "words");
    let counts = match reading.cjk {
        0 => words,
        cjk if reading.words == 0 => crate::text::counted(cjk, "character", "characters"),
        cjk => format!(
            "{words} and {}",
            crate::text::counted(
                cjk,
                "Chinese or Japanese character",
                "Chinese or Japanese characters"
            )
        ),
    };
    out.row(
        "Length",
        &format!("{counts} · about {} min to read", reading.minutes()),
    );
    let date = match post.date {
        Some(d) => {
            let from = match d.source {
                DateSource::FrontMatter => "from the front matter",
                DateSource::Path => "from the path",
                DateSource::Modified => "inferred from the file's modification time",
            };
            format!("{} ({from})", day(d.date))
        }
        None => "none".to_string(),
    };
    out.row("Date", &date);
    if let Some(updated) = post.meta.updated {
        out.row("Updated", &day(updated));
    }
    match post.publication(today) {
        Publication::Published => {}
        Publication::Draft => out.row("Draft", "yes: hidden unless drafts are shown (D)"),
        Publication::Scheduled(when) => out.row(
            "Scheduled",
            &format!(
                "published from {}: hidden until then unless drafts are shown (D)",
                day(when)
            ),
        ),
        Publication::Expired(when) => out.row(
            "Expired",
            &format!("since {}: hidden unless drafts are shown (D)", day(when)),
        ),
    }
    let meta = &post.meta;
    if let Some(when) = meta.publish_date {
        out.row("Publish date", &day(when));
    }
    if let Some(when) = meta.expiry_date {
        out.row("Expiry date", &day(when));
    }
    if let Some(weight) = meta.weight {
        out.row("Weight", &weight.to_string());
    }
    for (label, value) in [("Slug", &meta.details.slug), ("URL", &meta.details.url)] {
        if let Some(value) = value {
            out.row(label, value);
        }
    }
    if !meta.details.aliases.is_empty() {
        out.row("Aliases", &meta.details.aliases.join(", "));
    }
    if !post.tags.is_empty() {
        let tags: Vec<&str> = post.tags.iter().map(|t| t.name.as_str()).collect();
        out.row("Tags", &tags.join(", "));
    }
    for (label, value) in [
        ("Description", &meta.details.description),
        ("Image", &meta.details.img),
        ("Image alt", &meta.details.alt),
        ("Source", &meta.details.source),
    ] {
        if let Some(value) = value {
            out.row(label, value);
        }
    }
    if !meta.toc {
        out.row("Contents", "hidden by the front matter (toc: false)");
    }
    if meta.feature {
        out.row("Featured", "yes");
    }
    if !meta.details.other.is_empty() {
        out.heading("Other front matter fields");
        for (key, value) in &meta.details.other {
            out.row(key, value);
        }
    }
    if !post.diagnostics.is_empty() {
        out.heading("Diagnostics");
        for diagnostic in &post.diagnostics {
            let room = out.width.saturating_sub(1).max(1);
            let text = sanitize(&diagnostic.at(&post.path)).into_owned();
            for wrapped in wrap_spans(&[Span::styled(text, out.theme.diagnostic)], room) {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(wrapped);
                out.lines.push(Line::from(spans));
            }
        }
    }
}
