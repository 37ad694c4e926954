//! The open post: opening it, rendering it for the pane (in the background when large),
//! keeping the reader's place across renders, landing at a heading, link history, matches.

use super::{AppState, CodeBlock, Document, Effect, Focus, PostId, StyledLine, TocShown, search};
use ratatui::layout::Rect;
use std::ops::Range;
use std::sync::Arc;

/// The open post, rendered for the article pane's width.
#[derive(Debug, Clone)]
pub struct ArticleView {
    pub id: PostId,
    /// The store revision `doc` was rendered from (`None`: not rendered yet).
    pub revision: Option<u64>,
    /// The width `doc` was rendered for, in columns.
    pub width: u16,
    pub doc: Arc<Document>,
    /// Scroll offset: index of the document line at the top of the pane.
    pub scroll: usize,
    /// Sideways scroll offset of the cut lines ([`crate::render::Document::wide`]), in display
    /// columns past their prefix.
    pub h_scroll: usize,
    /// The post's file is gone; `doc` is its last render.
    pub deleted: bool,
    /// What `doc` was made with changed (code colours, broken links, pictures): rendered
    /// again by the next refresh, as if rewrapped.
    pub stale: bool,
    /// A render of (revision, width) being made off the UI thread (a large post); `doc` is the
    /// one before it, if any, or the first screen of this one, until it comes.
    pub pending: Option<(u64, u16)>,
    /// `doc` is the end of a long post, shown while the whole of it is rendered (see
    /// `AppState::show_end_first`), not its first screen.
    pub end_first: bool,
    /// The end of the render being made, rendered ahead of it on the worker, for `G`.
    pub end: Option<Arc<Document>>,
    /// The width the contents are laid out for while `doc` does not tell it (see
    /// `AppState::toc_width`): before the first render, what that render's headings will ask;
    /// while the end is shown (`end_first`), what the first screen's asked, as the end's other
    /// headings gave the article another width, which rendered the first screen back over it.
    pub kept_toc_width: Option<u16>,
    /// Where each of the document's images stands (index for index with `doc.images`).
    pub images: Vec<super::pictures::ImageState>,
    /// The keys of those images' pictures (index for index; `None`: not a file found).
    pub picture_keys: Vec<Option<crate::runtime::pictures::PictureKey>>,
    /// The file lines of the foldable callouts the reader opened or closed (see
    /// [`crate::render::RenderOptions::toggled_callouts`]).
    pub toggled_callouts: Vec<u32>,
}

impl ArticleView {
    /// Whether `doc` is only the first screen of the render being made (a long post just
    /// opened): the rest is on its way.
    pub fn is_first_screen(&self) -> bool {
        self.revision
            .is_some_and(|revision| self.pending == Some((revision, self.width)))
    }
}

/// Posts with a body larger than this (bytes) are rendered off the UI thread, so input is
/// never held up by one: a 512 KiB post renders in about 15 ms, the 8 MiB limit in ~250 ms.
pub const BACKGROUND_RENDER_BYTES: usize = 512 * 1024;

/// Of a post longer than this (bytes of body), the first blocks (at least this many bytes) are
/// rendered at once when it is opened and the whole of it off the UI thread, so its first
/// screen is drawn without waiting for the rest: 8 KiB renders in about 0.2 ms.
pub const FIRST_SCREEN_BYTES: usize = 8 * 1024;

/// A search match in the open article: line `line`, bytes `range` of that line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMatch {
    pub line: usize,
    pub range: Range<usize>,
}

/// A place in a post to come back to: which post, and where in it (by heading, so it survives a
/// re-render).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: PostId,
    pub position: crate::app::position::ReadingPosition,
}

/// Where a post opened by a link or by history is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// At the heading with this anchor (matched ignoring case, or by the heading's text as a
    /// wikilink names it), or the line an Obsidian block id (`^abc`) marks; else at the top
    /// with a notice.
    Anchor(String),
    /// At a place left before.
    Place(crate::app::position::ReadingPosition),
    /// At the first rendered line drawn from this line of the file (1-based), at the top.
    FileLine(u32),
}

/// The article's banner (see [`AppState::article_banner`]) is cut to this many lines.
pub const MAX_BANNER_LINES: usize = 3;

impl AppState {
    /// The open post's document, if a post is open.
    pub fn document(&self) -> Option<&Document> {
        self.reader.article.as_ref().map(|a| a.doc.as_ref())
    }

    /// Rows of the article's text the article pane shows (below its banner).
    pub fn article_rows(&self) -> usize {
        self.article_lines_area()
            .map_or(0, |r| usize::from(r.height))
    }

    /// Why the open article is not its file's newest version, wrapped to the article's width
    /// (at most [`MAX_BANNER_LINES`] lines): its file is gone, or the front matter of its newest
    /// save does not read (with the error and its line). Empty when it is the newest.
    pub fn article_banner(&self) -> Vec<String> {
        let (Some(view), Some(area)) = (&self.reader.article, self.screen.panes.article_text())
        else {
            return Vec::new();
        };
        let text = if view.deleted {
            "This post's file was deleted; showing its last version.".to_string()
        } else if view.pending.is_some() && !view.is_first_screen() {
            "Rendering…".to_string()
        } else if let Some(error) = self.store.held_back(view.id) {
            let message = error.message.trim_start_matches("front matter: ");
            let at = error
                .line
                .map(|l| format!(" at line {l}"))
                .unwrap_or_default();
            let message = crate::text::sanitize(message);
            format!(
                "The front matter{at} does not read: {message}. Showing the last version that did; save a fix to update."
            )
        } else {
            return Vec::new();
        };
        let width = usize::from(area.width).max(1);
        textwrap::wrap(&text, width)
            .into_iter()
            .take(MAX_BANNER_LINES)
            .map(|l| l.into_owned())
            .collect()
    }

    /// Where the article's own lines are drawn: the article text area below its banner.
    pub fn article_lines_area(&self) -> Option<Rect> {
        let area = self.screen.panes.article_text()?;
        let banner = u16::try_from(self.article_banner().len()).unwrap_or(0);
        let banner = banner.min(area.height);
        Some(Rect {
            y: area.y + banner,
            height: area.height - banner,
            ..area
        })
    }

    /// The largest scroll offset that still fills the pane.
    pub fn max_scroll(&self) -> usize {
        let lines = self.document().map_or(0, |d| d.lines.len());
        lines.saturating_sub(self.article_rows())
    }

    /// Index of the heading the reader is in: the last one at or above the top of the pane.
    pub fn current_heading(&self) -> Option<usize> {
        let article = self.reader.article.as_ref()?;
        article
            .doc
            .headings
            .iter()
            .rposition(|h| h.line <= article.scroll)
    }

    /// Index of the first heading the contents sidebar shows: enough to keep the cursor's row
    /// in view.
    pub fn toc_offset(&self) -> usize {
        let rows = self.screen.panes.toc_rows().max(1);
        self.reader.toc_cursor.saturating_sub(rows - 1)
    }

    /// Opens the selected post at its top.
    pub fn open_selected(&mut self) {
        let Some(id) = self.list.selected else {
            return;
        };
        if self
            .reader
            .article
            .as_ref()
            .is_some_and(|a| a.id == id && !a.deleted)
        {
            return;
        }
        if self.reader.article.as_ref().is_none_or(|a| a.id != id) {
            self.reader.code_colours.clear();
            self.keep_position();
        }
        self.hold_body(id);
        let kept_toc_width = self.first_toc_width(id);
        self.reader.article = Some(ArticleView {
            id,
            revision: None,
            width: 0,
            doc: Arc::default(),
            scroll: 0,
            h_scroll: 0,
            deleted: false,
            stale: false,
            pending: None,
            end_first: false,
            end: None,
            kept_toc_width,
            images: Vec::new(),
            picture_keys: Vec::new(),
            toggled_callouts: Vec::new(),
        });
        self.reader.toc_cursor = 0;
        self.reader.match_cursor = None;
        self.go_back_to_kept_position(id);
    }

    /// Selects post `id` (when the list shows it) and opens it, keeping the reader's place if it
    /// is already open.
    pub fn show_post(&mut self, id: PostId) {
        if self.store.get(id).is_none() {
            return;
        }
        if let Some(row) = self.list.visible.iter().position(|&v| v == id) {
            self.list.cursor = row;
        }
        self.list.selected = Some(id);
        self.open_selected();
        if self.reader.reading.is_none_or(|(reading, _)| reading != id) {
            self.start_reading();
        }
    }

    /// Rebuilds the link index if the store changed since it was built.
    pub(super) fn refresh_link_index(&mut self) {
        if !self.derived.link_index.is_current(&self.store) {
            self.derived.link_index = crate::library::links::LinkIndex::build(&self.store);
        }
    }

    /// Where `url`, a link of post `from`, goes.
    pub fn resolve_link(&mut self, from: PostId, url: &str) -> crate::library::links::Target {
        self.refresh_link_index();
        self.derived.link_index.resolve(&self.store, from, url)
    }

    /// The open post's place, to come back to.
    pub(crate) fn place(&self) -> Option<Place> {
        let view = self.reader.article.as_ref()?;
        Some(Place {
            id: view.id,
            position: crate::app::position::position_of(&view.doc, view.scroll),
        })
    }

    /// Opens post `id` (at heading `anchor`, if given) from a followed link, leaving the current
    /// place in the back history and emptying the forward one.
    pub fn follow_to(&mut self, id: PostId, anchor: Option<String>) {
        if let Some(place) = self.place() {
            self.reader.back.push(place);
        }
        self.reader.forward.clear();
        let landing = anchor.map(Landing::Anchor);
        self.go_to(id, landing);
    }

    /// Goes back (`forward` false) or forward through the link history; `false` when there is
    /// nowhere to go.
    pub fn step_history(&mut self, forward: bool) -> bool {
        let popped = if forward {
            self.reader.forward.pop()
        } else {
            self.reader.back.pop()
        };
        let Some(place) = popped else {
            return false;
        };
        if let Some(here) = self.place() {
            if forward {
                self.reader.back.push(here);
            } else {
                self.reader.forward.push(here);
            }
        }
        if self.store.get(place.id).is_none() {
            self.session.notice = Some("That post is gone from the folder.".to_string());
            return true;
        }
        self.go_to(place.id, Some(Landing::Place(place.position)));
        true
    }

    /// Opens post `id` for reading, to be shown at `landing` (its top when `None`).
    pub(crate) fn go_to(&mut self, id: PostId, landing: Option<Landing>) {
        // Another post opens at its top; the same one stays where it is until it lands.
        self.show_post(id);
        self.screen.focus = Focus::Article;
        self.reader.landing = landing.map(|l| (id, l));
        self.land();
    }

    /// Puts the open post at its landing once it has a render; a landing for a post no longer
    /// open is dropped.
    pub(super) fn land(&mut self) {
        let Some((id, _)) = &self.reader.landing else {
            return;
        };
        let Some(view) = &mut self.reader.article else {
            self.reader.landing = None;
            return;
        };
        if view.id != *id {
            self.reader.landing = None;
            return;
        }
        if view.doc.lines.is_empty() || view.pending.is_some() {
            return;
        }
        let Some((_, landing)) = self.reader.landing.take() else {
            return;
        };
        match landing {
            Landing::Place(position) => {
                view.scroll = crate::app::position::scroll_for(&view.doc, &position, false);
            }
            Landing::FileLine(line) => {
                // The first line with text drawn from it (the blank line before a paragraph
                // maps to the paragraph's line too).
                let doc = &view.doc;
                let from = |l: usize| doc.source.get(l).is_some_and(|&s| s >= line);
                let text = |l: usize| doc.lines.get(l).is_some_and(|row| row.width() > 0);
                view.scroll = (0..doc.lines.len())
                    .find(|&l| from(l) && text(l))
                    .or_else(|| (0..doc.lines.len()).find(|&l| from(l)))
                    .unwrap_or_else(|| doc.lines.len().saturating_sub(1));
            }
            Landing::Anchor(anchor) if anchor.starts_with('^') => {
                // An Obsidian block id: the line it marks.
                let post = self.store.get(view.id);
                let found = post.and_then(|post| {
                    let body = post.read_body().ok()?;
                    Some(crate::content::vault::block_line(&body, &anchor)? + post.body_line)
                });
                match found.and_then(|line| u32::try_from(line).ok()) {
                    Some(line) => {
                        self.reader.landing = Some((view.id, Landing::FileLine(line)));
                        self.land();
                    }
                    None => {
                        view.scroll = 0;
                        self.session.notice = Some(format!("No block {anchor} in this post."));
                    }
                }
            }
            Landing::Anchor(anchor) => {
                let named = |h: &&crate::render::markdown::Heading| {
                    crate::content::anchors::names_heading(&anchor, &h.anchor, &h.text)
                };
                match view.doc.headings.iter().find(named) {
                    Some(heading) => view.scroll = heading.line,
                    None => {
                        view.scroll = 0;
                        self.session.notice = Some(format!("No heading #{anchor} in this post."));
                    }
                }
            }
        }
    }

    /// Post info's word count of post `id`, counted again when the store changed.
    pub(super) fn refresh_info(&mut self, id: PostId) {
        let generation = self.store.generation();
        if let Some(post) = self.store.get(id) {
            (self.derived.info_reading).get_or_make((id, generation), || {
                crate::content::reading::Reading::of_post(post)
            });
        }
    }

    /// Asks which posts link to `id`, once per post and store generation: over a large folder
    /// the first answer reads every post's links. Post info says "looking…" (or shows the
    /// answer for an earlier generation) until it comes.
    pub(super) fn ask_backlinks(&mut self, id: PostId) {
        let generation = self.store.generation();
        if self.derived.backlinks.is_for(&(id, generation))
            || self.asked.backlinks == Some((id, generation))
        {
            return;
        }
        if let Some(post) = self.store.get(id) {
            self.asked.backlinks = Some((id, generation));
            let job = crate::runtime::jobs::backlinks::BacklinksJob {
                target: Arc::clone(&post.path),
                generation,
                posts: self.store.snapshot(),
            };
            self.outbox.push(Effect::run(job));
        }
    }

    /// Takes in the backlinks' thread's answer: the posts (by path) that link to `target` in the
    /// store at `generation`. Kept for post info when `target` is still stored.
    pub fn take_backlinks(
        &mut self,
        target: &std::path::Path,
        generation: u64,
        linking: &[Arc<std::path::Path>],
    ) {
        let Some(id) = self.store.id_of(target) else {
            return;
        };
        let linking = linking.iter().filter_map(|p| self.store.id_of(p)).collect();
        self.derived.backlinks.set((id, generation), linking);
    }

    /// The post the info view (`i`) describes: the selected one in the list, else the open one.
    pub fn info_post(&self) -> Option<PostId> {
        let open = self.reader.article.as_ref().map(|a| a.id);
        match self.screen.focus {
            Focus::List => self.list.selected.or(open),
            _ => open.or(self.list.selected),
        }
    }

    /// The furthest the cut lines of the open article scroll sideways, in columns: until the
    /// end of the widest shows.
    pub fn max_h_scroll(&self) -> usize {
        let Some(view) = &self.reader.article else {
            return 0;
        };
        view.doc
            .wide
            .iter()
            .map(|w| w.columns.saturating_sub(usize::from(view.width)))
            .max()
            .unwrap_or(0)
    }

    /// Whether the table of contents is wanted: the reader's choice (`c`), else the open post's
    /// `toc` front matter field.
    pub fn toc_shown(&self) -> TocShown {
        match self.reader.toc_choice {
            Some(true) => TocShown::Shown,
            Some(false) => TocShown::Hidden,
            None => {
                let wants = self
                    .reader
                    .article
                    .as_ref()
                    .and_then(|a| self.store.get(a.id))
                    .is_none_or(|p| p.meta.toc);
                if wants {
                    TocShown::Auto
                } else {
                    TocShown::Hidden
                }
            }
        }
    }

    /// Finds the search's words in the open article's lines (again when either changed).
    pub(super) fn refresh_matches(&mut self) {
        let Some(view) = &self.reader.article else {
            self.derived.matches.clear();
            return;
        };
        let key = (
            self.list.query.search.clone(),
            view.revision,
            view.width,
            view.id,
        );
        if self.derived.matches.is_for(&key) {
            return;
        }
        self.reader.match_cursor = None;
        let mut analyzer = search::Analyzer::default();
        let marker = search::Plan::parse(&self.list.query.search, &mut analyzer).marker();
        let marker = marker.for_text_in(self.store.lang(view.id), &mut analyzer);
        let mut matches = Vec::new();
        if !marker.is_empty() {
            for (index, line) in view.doc.lines.iter().enumerate() {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                for range in marker.ranges(&mut analyzer, &text) {
                    matches.push(ArticleMatch { line: index, range });
                }
            }
        }
        self.derived.matches.set(key, matches);
    }

    /// The open article's search matches, in line order (none with no search or no article).
    pub fn article_matches(&self) -> &[ArticleMatch] {
        self.derived.matches.latest().map_or(&[], |(_, m)| m)
    }

    /// A post opened from the search's hits is shown at its first match, made the current one
    /// (so `n` goes on to the next), once its render is in.
    pub(super) fn land_on_first_match(&mut self) {
        let Some(id) = self.reader.to_first_match else {
            return;
        };
        let rows = self.article_rows();
        let max = self.max_scroll();
        let Some(view) = self.reader.article.as_mut().filter(|v| v.id == id) else {
            self.reader.to_first_match = None;
            return;
        };
        if view.doc.lines.is_empty() || view.pending.is_some() {
            return;
        }
        self.reader.to_first_match = None;
        let matches = self.derived.matches.latest().map_or(&[][..], |(_, m)| m);
        if let Some(first) = matches.first() {
            self.reader.match_cursor = Some(0);
            self.session.notice = Some(format!("match 1 of {}", matches.len()));
            if first.line < view.scroll || first.line >= view.scroll + rows {
                view.scroll = first.line.saturating_sub(rows / 3).min(max);
            }
        }
    }

    /// The render (at `width`) of the post `--follow` switched to, as it was before the save
    /// that switched to it, when the open post is that one and has not been rendered yet.
    fn follow_base_render(&mut self, width: u16) -> Option<crate::render::Document> {
        let view = self.reader.article.as_ref()?;
        if view.revision.is_some() {
            return None;
        }
        let base = self.reader.follow_base.take()?;
        let open = self.store.get(view.id)?;
        if base.path != open.path {
            return None;
        }
        Some(crate::render::render_post_safely(
            &base,
            &self.render_options(width),
        ))
    }

    /// Puts a render of the open post in place, keeping the reader's place by heading (not by
    /// line number) when a render was shown before, and asks for its code to be coloured.
    pub(super) fn show_render(&mut self, doc: crate::render::Document, revision: u64, width: u16) {
        let before_follow = self.follow_base_render(width);
        // At the end of a first screen's render (`G` before the rest came): the end it stays.
        let max = self.max_scroll();
        let to_end = self.reader.article.as_ref().is_some_and(|v| {
            v.pending.is_some() && v.revision == Some(revision) && max > 0 && v.scroll >= max
        });
        let Some(view) = &mut self.reader.article else {
            return;
        };
        let place = (!view.doc.lines.is_empty())
            .then(|| crate::app::position::position_of(&view.doc, view.scroll));
        let rewrapped = view.width != width || view.stale;
        // A save (a new revision at the same width, the whole post before and after): what it
        // changed is marked.
        let saved = !rewrapped
            && view.revision.is_some_and(|before| before != revision)
            && !view.doc.lines.is_empty()
            && view.pending.is_none();
        let id = view.id;
        let mut doc = doc;
        let (images, picture_keys) = self.place_pictures(id, &mut doc, width);
        let Some(view) = &mut self.reader.article else {
            return;
        };
        let changes = match before_follow {
            Some(before) => Some(super::changes::changed_lines(&before, &doc)),
            None => saved.then(|| super::changes::changed_lines(&view.doc, &doc)),
        };
        view.images = images;
        view.picture_keys = picture_keys;
        view.doc = Arc::new(doc);
        view.revision = Some(revision);
        view.width = width;
        view.stale = false;
        view.deleted = false;
        view.pending = None;
        view.end_first = false;
        view.end = None;
        view.kept_toc_width = None;
        if let Some(place) = place {
            view.scroll = crate::app::position::scroll_for(&view.doc, &place, rewrapped);
        }
        if to_end {
            let max = self.max_scroll();
            if let Some(view) = &mut self.reader.article {
                view.scroll = max;
            }
        }
        if let Some(lines) = changes.filter(|l| !l.is_empty()) {
            self.note_save_changes(lines);
        }
        let Some(view) = &mut self.reader.article else {
            return;
        };
        if !view.doc.uncoloured.is_empty() && self.reader.colouring != Some(view.id) {
            self.reader.colouring = Some(view.id);
            self.outbox
                .push(Effect::run(crate::runtime::jobs::colour::ColourJob {
                    id: view.id,
                    blocks: view.doc.uncoloured.clone(),
                }));
        }
    }

    /// Takes in a render made off the UI thread: shown if it is the one the open post still
    /// waits for, dropped if the post, its revision or the width changed meanwhile.
    pub fn take_render(
        &mut self,
        id: PostId,
        revision: u64,
        width: u16,
        doc: crate::render::Document,
    ) {
        let awaited = self
            .reader
            .article
            .as_ref()
            .is_some_and(|v| v.id == id && v.pending == Some((revision, width)));
        if awaited {
            self.show_render(doc, revision, width);
        }
    }

    /// Takes in colours made in the background for post `id`'s code blocks; the open post is
    /// rendered again with them. Colours for a post no longer open are dropped.
    pub fn add_colours(&mut self, id: PostId, colours: Vec<(CodeBlock, Option<Vec<StyledLine>>)>) {
        if self.reader.colouring == Some(id) {
            self.reader.colouring = None;
        }
        if let Some(view) = self.reader.article.as_mut().filter(|a| a.id == id) {
            self.reader.code_colours.extend(colours);
            // Rendered again by the next refresh.
            view.stale = true;
        }
    }
}
