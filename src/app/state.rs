//! Everything the screen shows, as plain values: the store, the filter and the list it gives,
//! the selection, the open article (rendered once per post revision and width), focus and
//! scroll offsets. [`AppState::sync`] re-derives what depends on the rest after each change.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::layout::{Panes, layout};
use crate::render::highlight::{CodeBlock, CodeColours, StyledLine};
use crate::render::{Document, render_post};
use crate::store::{Filter, PostId, Store};
use crate::theme::Theme;

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Article,
    Toc,
}

/// The open post, rendered for the article pane's width.
#[derive(Debug, Clone)]
pub struct ArticleView {
    pub id: PostId,
    /// The store revision `doc` was rendered from.
    pub revision: u64,
    /// The width `doc` was rendered for, in columns.
    pub width: u16,
    pub doc: Arc<Document>,
    /// Scroll offset: index of the document line at the top of the pane.
    pub scroll: usize,
    /// The post's file is gone; `doc` is its last render.
    pub deleted: bool,
}

/// A view drawn over the panes, closed with Esc or its own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key bindings.
    Help,
    /// Everything known about the selected post: front matter (unknown fields too), file, date
    /// source, diagnostics.
    PostInfo,
    /// Every diagnostic of every post, and every file that could not be read.
    Diagnostics,
}

/// Progress of the initial load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loading {
    /// Post files found so far.
    pub found: usize,
    /// Whether the walk is over, so `found` is the total.
    pub walked: bool,
    /// Files read so far (posts and failures).
    pub read: usize,
    pub finished: bool,
}

/// Width of the list's date column, in display columns: `YYYY-MM-DD` and the `~` that marks a date
/// inferred from the modification time.
pub const DATE_COLUMNS: usize = 11;
/// The tag column is at most this wide; longer tags are cut.
pub const MAX_TAG_COLUMNS: usize = 16;
/// Titles wider than this do not widen the list further.
const MAX_TITLE_COLUMNS: usize = 64;

#[derive(Debug)]
pub struct AppState {
    pub store: Store,
    pub theme: Theme,
    /// Whether the terminal understands OSC 8 hyperlinks, so link text is made clickable.
    pub hyperlinks: bool,
    /// Colours found for the open post's code blocks.
    pub code_colours: CodeColours,
    /// The post whose code blocks are being coloured in the background, if any.
    pub colouring: Option<PostId>,
    /// Code blocks of the open post to colour next: taken by the event loop, which starts the
    /// work (so `update` stays free of threads).
    pub colour_request: Option<(PostId, Vec<CodeBlock>)>,
    pub filter: Filter,
    /// The posts the filter lets through, in list order.
    pub visible: Vec<PostId>,
    /// Index into `visible` of the highlighted row.
    pub cursor: usize,
    /// The highlighted post; followed when the list changes under it.
    pub selected: Option<PostId>,
    /// Index into `visible` of the list's top row.
    pub list_offset: usize,
    pub focus: Focus,
    pub article: Option<ArticleView>,
    /// Index into the open post's headings of the highlighted table of contents entry.
    pub toc_cursor: usize,
    /// What is drawn over the panes, if anything.
    pub overlay: Option<Overlay>,
    /// The overlay's first shown line.
    pub overlay_scroll: usize,
    pub loading: Loading,
    /// Files that could not be read, as `path: reason` lines.
    pub skipped: Vec<String>,
    /// A one-line message for the status line, cleared by the next key.
    pub notice: Option<String>,
    /// The whole terminal.
    pub area: Rect,
    /// Where each pane is, for `area` and `focus`.
    pub panes: Panes,
    /// Width of the title column that shows every visible title whole (capped), in columns.
    pub title_columns: usize,
    /// Width of the tag column, in columns.
    pub tag_columns: usize,
    pub quit: bool,
    /// Until the user moves, the newest post stays selected and open while posts load.
    pub follow_top: bool,
    seen_generation: Option<u64>,
    seen_filter: Filter,
}

impl AppState {
    pub fn new(theme: Theme) -> Self {
        AppState {
            store: Store::new(),
            theme,
            hyperlinks: false,
            code_colours: CodeColours::default(),
            colouring: None,
            colour_request: None,
            filter: Filter::default(),
            visible: Vec::new(),
            cursor: 0,
            selected: None,
            list_offset: 0,
            focus: Focus::List,
            article: None,
            toc_cursor: 0,
            overlay: None,
            overlay_scroll: 0,
            loading: Loading::default(),
            skipped: Vec::new(),
            notice: None,
            area: Rect::default(),
            panes: Panes::default(),
            title_columns: 0,
            tag_columns: 0,
            quit: false,
            follow_top: true,
            seen_generation: None,
            seen_filter: Filter::default(),
        }
    }

    /// The open post's document, if a post is open.
    pub fn document(&self) -> Option<&Document> {
        self.article.as_ref().map(|a| a.doc.as_ref())
    }

    /// Rows of text the article pane shows.
    pub fn article_rows(&self) -> usize {
        self.panes
            .article_text()
            .map_or(0, |r| usize::from(r.height))
    }

    /// The largest scroll offset that still fills the pane.
    pub fn max_scroll(&self) -> usize {
        let lines = self.document().map_or(0, |d| d.lines.len());
        lines.saturating_sub(self.article_rows())
    }

    /// Index of the heading the reader is in: the last one at or above the top of the pane.
    pub fn current_heading(&self) -> Option<usize> {
        let article = self.article.as_ref()?;
        article
            .doc
            .headings
            .iter()
            .rposition(|h| h.line <= article.scroll)
    }

    /// Whether the newest post is kept selected and open: while loading, until the user moves.
    fn following_top(&self) -> bool {
        self.follow_top && !self.loading.finished
    }

    /// Opens the selected post at its top.
    pub fn open_selected(&mut self) {
        let Some(id) = self.selected else {
            return;
        };
        if self
            .article
            .as_ref()
            .is_some_and(|a| a.id == id && !a.deleted)
        {
            return;
        }
        if self.article.as_ref().is_none_or(|a| a.id != id) {
            self.code_colours.clear();
        }
        self.article = Some(ArticleView {
            id,
            revision: u64::MAX,
            width: 0,
            doc: Arc::default(),
            scroll: 0,
            deleted: false,
        });
        self.toc_cursor = 0;
    }

    /// Re-derives the list, selection, layout, article render and offsets from the rest of
    /// the state. Cheap when nothing they depend on changed.
    pub fn sync(&mut self) {
        if self.seen_generation != Some(self.store.generation()) || self.seen_filter != self.filter
        {
            self.refresh_list();
        }
        let list_wants = self.list_wants();
        self.panes = layout(self.area, self.focus, list_wants);
        if self.article.is_none() || self.following_top() {
            self.open_selected();
        }
        self.refresh_article();
        self.clamp_offsets();
    }

    fn refresh_list(&mut self) {
        self.visible = self.store.query(&self.filter);
        self.seen_generation = Some(self.store.generation());
        self.seen_filter = self.filter.clone();
        let found = self
            .selected
            .and_then(|id| self.visible.iter().position(|&v| v == id));
        self.cursor = match found {
            _ if self.following_top() => 0,
            Some(i) => i,
            // The selected post left the list: stay at the same row.
            None => self.cursor.min(self.visible.len().saturating_sub(1)),
        };
        self.selected = self.visible.get(self.cursor).copied();
        let (mut titles, mut tags) = (0, 0);
        for &id in &self.visible {
            let columns = self.store.columns(id);
            titles = titles.max(usize::from(columns.title));
            tags = tags.max(usize::from(columns.tags));
        }
        self.title_columns = titles.min(MAX_TITLE_COLUMNS);
        self.tag_columns = tags.min(MAX_TAG_COLUMNS);
    }

    /// List width (borders included) at which every title shows whole.
    fn list_wants(&self) -> u16 {
        let tag = if self.tag_columns > 0 {
            self.tag_columns + 2
        } else {
            0
        };
        let wants = self.title_columns + 2 + DATE_COLUMNS + tag + 2;
        u16::try_from(wants).unwrap_or(u16::MAX)
    }

    fn refresh_article(&mut self) {
        let Some(text) = self.panes.article_text() else {
            return;
        };
        let Some(view) = &mut self.article else {
            return;
        };
        let Some(post) = self.store.get(view.id) else {
            view.deleted = true;
            return;
        };
        let revision = self.store.revision(view.id).unwrap_or_default();
        if view.revision != revision || view.width != text.width || view.deleted {
            view.doc = Arc::new(render_post(
                post,
                text.width,
                &self.theme,
                &self.code_colours,
            ));
            view.revision = revision;
            view.width = text.width;
            view.deleted = false;
            if !view.doc.uncoloured.is_empty() && self.colouring != Some(view.id) {
                self.colouring = Some(view.id);
                self.colour_request = Some((view.id, view.doc.uncoloured.clone()));
            }
        }
    }

    /// Takes in colours made in the background for post `id`'s code blocks; the open post is
    /// rendered again with them. Colours for a post no longer open are dropped.
    pub fn add_colours(&mut self, id: PostId, colours: Vec<(CodeBlock, Option<Vec<StyledLine>>)>) {
        if self.colouring == Some(id) {
            self.colouring = None;
        }
        if let Some(view) = self.article.as_mut().filter(|a| a.id == id) {
            self.code_colours.extend(colours);
            // Rendered again by the next sync.
            view.width = 0;
        }
    }

    fn clamp_offsets(&mut self) {
        let rows = self.panes.list_rows().max(1);
        if self.cursor < self.list_offset {
            self.list_offset = self.cursor;
        } else if self.cursor >= self.list_offset + rows {
            self.list_offset = self.cursor + 1 - rows;
        }
        self.list_offset = self
            .list_offset
            .min(self.visible.len().saturating_sub(rows));
        let headings = self.document().map_or(0, |d| d.headings.len());
        self.toc_cursor = self.toc_cursor.min(headings.saturating_sub(1));
        if let Some(view) = &mut self.article {
            // Jumping to a heading may go past the last full page; never past the last line.
            view.scroll = view.scroll.min(view.doc.lines.len().saturating_sub(1));
        }
    }
}
