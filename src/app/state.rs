//! Everything the screen shows, as plain values: the store, the filter and the list it gives,
//! the selection, the open article (rendered once per post revision and width), focus and
//! scroll offsets. [`AppState::sync`] re-derives what depends on the rest after each change.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use ratatui::layout::Rect;

use super::action::Effect;
use super::layout::{Panes, TocWish, layout};
use crate::content::Tag;
use crate::content::date::DateRange;
use crate::library::readstate::{ReadState, post_key};
use crate::library::search::{self, Hits};
pub use crate::library::store::SortOrder;
use crate::library::store::{Filter, PostId, Store};
use crate::render::highlight::{CodeBlock, CodeColours, StyledLine};
use crate::render::{Document, RenderRequest};
use crate::theme::Theme;

/// A post open in the reading view this long is marked read.
pub const READ_AFTER: Duration = Duration::from_millis(1500);

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
    /// A render of (revision, width) being made off the UI thread (a large post); `doc` is the
    /// one before it, if any, until it comes.
    pub pending: Option<(u64, u16)>,
}

/// Posts with a body larger than this (bytes) are rendered off the UI thread, so input is
/// never held up by one: a 512 KiB post renders in about 15 ms, the 8 MiB limit in ~250 ms.
pub const BACKGROUND_RENDER_BYTES: usize = 512 * 1024;

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
    /// Every tag with its post count; choose tags to filter by.
    Tags,
    /// Date presets, a typed range, and posts per month.
    Dates,
}

impl Overlay {
    /// Whether typed characters go to the overlay (to narrow it or to type a range).
    pub fn takes_text(self) -> bool {
        matches!(self, Overlay::Tags | Overlay::Dates)
    }
}

/// The line typed at the bottom of the screen, and what Enter does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// `/`: search titles and bodies; the list follows as you type.
    Search,
    /// `o`: open link number N with the system opener.
    OpenLink,
    /// `y`: copy link number N's URL to the clipboard (OSC 52).
    CopyLink,
}

/// The date picker's presets, in the order it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePreset {
    All,
    Today,
    Last7Days,
    Last30Days,
    ThisYear,
}

impl DatePreset {
    pub const ALL: [DatePreset; 5] = [
        DatePreset::All,
        DatePreset::Today,
        DatePreset::Last7Days,
        DatePreset::Last30Days,
        DatePreset::ThisYear,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DatePreset::All => "all dates",
            DatePreset::Today => "today",
            DatePreset::Last7Days => "last 7 days",
            DatePreset::Last30Days => "last 30 days",
            DatePreset::ThisYear => "this year",
        }
    }

    /// The days this preset keeps, counted back from `today` (which is included).
    pub fn range(self, today: Date) -> DateRange {
        let back = |days: i64| today.checked_sub(jiff::Span::new().days(days)).ok();
        match self {
            DatePreset::All => DateRange::default(),
            DatePreset::Today => DateRange {
                from: Some(today),
                to: Some(today),
            },
            DatePreset::Last7Days => DateRange {
                from: back(6),
                to: Some(today),
            },
            DatePreset::Last30Days => DateRange {
                from: back(29),
                to: Some(today),
            },
            DatePreset::ThisYear => DateRange {
                from: Some(today.first_of_year()),
                to: Some(today),
            },
        }
    }
}

/// The tag picker's place: the highlighted row and the text that narrows the tags shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagPicker {
    pub cursor: usize,
    pub narrow: String,
}

/// The date picker's place: the highlighted preset, the range typed, and why it was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatePicker {
    pub cursor: usize,
    pub input: String,
    pub error: Option<String>,
}

/// A month's post count, for the date picker's histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    pub year: i16,
    pub month: i8,
    pub posts: usize,
}

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
    pub position: super::position::ReadingPosition,
}

/// Where a post opened by a link or by history is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// At the heading with this anchor (matched ignoring case), else at the top with a notice.
    Anchor(String),
    /// At a place left before.
    Place(super::position::ReadingPosition),
}

/// Everything the list depends on besides the store: when none of it changes, neither does the
/// list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ListInputs {
    generation: Option<u64>,
    filter: Filter,
    search: String,
    sort: SortOrder,
    unread_only: bool,
    show_drafts: bool,
    group_sections: bool,
    today: Date,
    read_changes: u64,
    picker: Option<Overlay>,
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
/// Columns before each title in the list: `• ` for an unread post.
pub const MARK_COLUMNS: usize = 2;
/// The tag column is at most this wide; longer tags are cut.
pub const MAX_TAG_COLUMNS: usize = 16;
/// The article's banner (see [`AppState::article_banner`]) is cut to this many lines.
pub const MAX_BANNER_LINES: usize = 3;
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
    /// A large post to render off the UI thread: taken by the event loop.
    pub render_request: Option<RenderRequest>,
    /// The tag and date conditions.
    pub filter: Filter,
    /// How the date condition was chosen (`last 7 days`, `2024-06`), for the list's header.
    pub date_label: Option<String>,
    /// The search text: the list shows only posts that match it, titles first.
    pub search_text: String,
    /// The last search's results, reused while the text and the store stay the same.
    pub hits: Option<Hits>,
    pub sort: SortOrder,
    /// Show only posts not read yet.
    pub unread_only: bool,
    /// Show unpublished posts: drafts (`draft: true`), scheduled (`publishDate` to come) and
    /// expired (`expiryDate` passed); hidden by default, as `hugo server` hides them without
    /// `-D`, `-F` and `-E`.
    pub show_drafts: bool,
    /// How many unpublished posts the other filters let through but `show_drafts` hides, for
    /// the status line.
    pub hidden: crate::library::store::HiddenCounts,
    /// Group the list by section (Hugo/Zola `_index.md` folders), each led by its section page;
    /// otherwise section pages are not listed.
    pub group_sections: bool,
    /// Every post's URL paths, for following links between posts; rebuilt when the store
    /// changed since (see [`AppState::link_index`]).
    link_index: crate::library::links::LinkIndex,
    /// Places left by following a link (newest last), for `Backspace`.
    pub back: Vec<Place>,
    /// Places left by going back (newest last), for `Ctrl-i`.
    pub forward: Vec<Place>,
    /// Where the post being opened should be shown once rendered.
    pub landing: Option<(PostId, Landing)>,
    /// The posts linking to a post, computed for the post-info view: the post, the store
    /// generation, and the linking posts.
    pub backlinks: Option<(PostId, u64, Vec<PostId>)>,
    /// Beside `visible` when grouped: each row's level of indent (see
    /// [`crate::library::sections::Grouped::levels`]); empty otherwise.
    pub row_levels: Vec<u8>,
    /// The section pages in `visible` when grouped, with their post count and nesting.
    pub section_rows: std::collections::HashMap<PostId, crate::library::sections::SectionRow>,
    /// The posts read, kept between runs.
    pub read: ReadState,
    /// Ids of the posts whose key is in `read`, kept in step with the store.
    pub read_ids: std::collections::HashSet<PostId>,
    /// Bumped whenever `read_ids` changes.
    read_changes: u64,
    /// Posts added or changed on disk (after the initial load) and not viewed since: marked in
    /// the list until opened. Kept for this run only.
    pub changed: std::collections::HashSet<PostId>,
    /// The folders (or files) the posts were found under, for each post's read-state key.
    pub roots: Vec<PathBuf>,
    /// The post being read, and since when (to mark it read after [`READ_AFTER`]).
    pub reading: Option<(PostId, Instant)>,
    /// The local date, for the date presets.
    pub today: Date,
    /// The line being typed at the bottom, if any.
    pub prompt: Option<Prompt>,
    /// The link number being typed (a search is typed straight into `search_text`).
    pub prompt_input: String,
    pub tag_picker: TagPicker,
    pub date_picker: DatePicker,
    /// For the open tag picker: every tag and how many posts carry it under the other filters.
    pub tag_counts: Vec<(Tag, usize)>,
    /// For the open date picker: posts per month under the other filters, oldest first, every
    /// month from the first to the last.
    pub histogram: Vec<MonthCount>,
    /// Where the search text occurs in the open article, and the one `n`/`N` last moved to.
    pub matches: Vec<ArticleMatch>,
    pub match_cursor: Option<usize>,
    /// The reader's choice for the contents sidebar (`c`); `None` follows the post's `toc` and
    /// the terminal's width.
    pub toc_choice: Option<bool>,
    /// What the event loop should do outside the state: open a URL, copy, run the editor, save.
    pub effects: Vec<Effect>,
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
    /// The signal that ended the app, if one did (the exit status is 128 + it).
    pub ended_by: Option<i32>,
    /// Until the user moves, the newest post stays selected and open while posts load.
    pub follow_top: bool,
    /// The keys in use (the config's `[keys]` over the defaults).
    pub keymap: crate::keys::Keymap,
    /// The article's text is at most this wide, in columns (the config's `reading_width`).
    pub reading_width: u16,
    /// How the list shows dates (the config's `date_format`, checked when it was read).
    pub date_format: String,
    /// Width of the list's date column for `date_format`, in display columns, with the `~` that
    /// marks a date taken from the file's time.
    pub date_columns: usize,
    /// What counts as a post and how much of one is read, for posts read again here.
    pub rules: Arc<crate::content::loader::Rules>,
    /// `--follow`: open the most recently modified post once loaded, then each post saved.
    pub follow_saves: bool,
    /// A post to select and open at the next sync (once the list includes it).
    pub pending_open: Option<PostId>,
    /// The selected post whose file went away, until the user moves: when it comes back (an
    /// editor that saves by deleting and creating), it is selected again.
    pub selection_lost: Option<PostId>,
    seen: ListInputs,
    /// The search text and document the article's matches were found for.
    seen_matches: Option<(String, u64, u16, PostId)>,
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
            render_request: None,
            filter: Filter::default(),
            date_label: None,
            search_text: String::new(),
            hits: None,
            sort: SortOrder::Date,
            unread_only: false,
            show_drafts: false,
            hidden: crate::library::store::HiddenCounts::default(),
            group_sections: false,
            link_index: crate::library::links::LinkIndex::default(),
            back: Vec::new(),
            forward: Vec::new(),
            landing: None,
            backlinks: None,
            row_levels: Vec::new(),
            section_rows: std::collections::HashMap::new(),
            read: ReadState::in_memory(),
            read_ids: std::collections::HashSet::new(),
            read_changes: 0,
            changed: std::collections::HashSet::new(),
            roots: Vec::new(),
            reading: None,
            today: jiff::Zoned::now().date(),
            prompt: None,
            prompt_input: String::new(),
            tag_picker: TagPicker::default(),
            date_picker: DatePicker::default(),
            tag_counts: Vec::new(),
            histogram: Vec::new(),
            matches: Vec::new(),
            match_cursor: None,
            toc_choice: None,
            effects: Vec::new(),
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
            ended_by: None,
            follow_top: true,
            selection_lost: None,
            keymap: crate::keys::Keymap::default(),
            reading_width: super::layout::READING_WIDTH,
            date_format: crate::config::DEFAULT_DATE_FORMAT.to_string(),
            date_columns: DATE_COLUMNS,
            rules: Arc::default(),
            follow_saves: false,
            pending_open: None,
            seen: ListInputs::default(),
            seen_matches: None,
        }
    }

    /// The open post's document, if a post is open.
    pub fn document(&self) -> Option<&Document> {
        self.article.as_ref().map(|a| a.doc.as_ref())
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
        let (Some(view), Some(area)) = (&self.article, self.panes.article_text()) else {
            return Vec::new();
        };
        let text = if view.deleted {
            "This post's file was deleted; showing its last version.".to_string()
        } else if view.pending.is_some() {
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
        let area = self.panes.article_text()?;
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
        let article = self.article.as_ref()?;
        article
            .doc
            .headings
            .iter()
            .rposition(|h| h.line <= article.scroll)
    }

    /// Index of the first heading the contents sidebar shows: enough to keep the cursor's row
    /// in view.
    pub fn toc_offset(&self) -> usize {
        let rows = self.panes.toc_rows().max(1);
        self.toc_cursor.saturating_sub(rows - 1)
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
            pending: None,
        });
        self.toc_cursor = 0;
        self.match_cursor = None;
    }

    /// Selects post `id` (when the list shows it) and opens it, keeping the reader's place if it
    /// is already open.
    pub fn show_post(&mut self, id: PostId) {
        if self.store.get(id).is_none() {
            return;
        }
        if let Some(row) = self.visible.iter().position(|&v| v == id) {
            self.cursor = row;
        }
        self.selected = Some(id);
        self.open_selected();
        if self.reading.is_none_or(|(reading, _)| reading != id) {
            self.start_reading();
        }
    }

    /// Rebuilds the link index if the store changed since it was built.
    fn refresh_link_index(&mut self) {
        if !self.link_index.is_current(&self.store) {
            self.link_index = crate::library::links::LinkIndex::build(&self.store);
        }
    }

    /// Where `url`, a link of post `from`, goes.
    pub fn resolve_link(&mut self, from: PostId, url: &str) -> crate::library::links::Target {
        self.refresh_link_index();
        self.link_index.resolve(&self.store, from, url)
    }

    /// The open post's place, to come back to.
    fn place(&self) -> Option<Place> {
        let view = self.article.as_ref()?;
        Some(Place {
            id: view.id,
            position: super::position::position_of(&view.doc, view.scroll),
        })
    }

    /// Opens post `id` (at heading `anchor`, if given) from a followed link, leaving the current
    /// place in the back history and emptying the forward one.
    pub fn follow_to(&mut self, id: PostId, anchor: Option<String>) {
        if let Some(place) = self.place() {
            self.back.push(place);
        }
        self.forward.clear();
        let landing = anchor.map(Landing::Anchor);
        self.go_to(id, landing);
    }

    /// Goes back (`forward` false) or forward through the link history; `false` when there is
    /// nowhere to go.
    pub fn step_history(&mut self, forward: bool) -> bool {
        let popped = if forward {
            self.forward.pop()
        } else {
            self.back.pop()
        };
        let Some(place) = popped else {
            return false;
        };
        if let Some(here) = self.place() {
            if forward {
                self.back.push(here);
            } else {
                self.forward.push(here);
            }
        }
        if self.store.get(place.id).is_none() {
            self.notice = Some("That post is gone from the folder.".to_string());
            return true;
        }
        self.go_to(place.id, Some(Landing::Place(place.position)));
        true
    }

    /// Opens post `id` for reading, to be shown at `landing` (its top when `None`).
    fn go_to(&mut self, id: PostId, landing: Option<Landing>) {
        // Another post opens at its top; the same one stays where it is until it lands.
        self.show_post(id);
        self.focus = Focus::Article;
        self.landing = landing.map(|l| (id, l));
        self.land();
    }

    /// Puts the open post at its landing once it has a render; a landing for a post no longer
    /// open is dropped.
    fn land(&mut self) {
        let Some((id, _)) = &self.landing else {
            return;
        };
        let Some(view) = &mut self.article else {
            self.landing = None;
            return;
        };
        if view.id != *id {
            self.landing = None;
            return;
        }
        if view.doc.lines.is_empty() || view.pending.is_some() {
            return;
        }
        let Some((_, landing)) = self.landing.take() else {
            return;
        };
        match landing {
            Landing::Place(position) => {
                view.scroll = super::position::scroll_for(&view.doc, &position, false);
            }
            Landing::Anchor(anchor) => {
                let wanted = anchor.to_lowercase();
                match view
                    .doc
                    .headings
                    .iter()
                    .find(|h| h.anchor.to_lowercase() == wanted)
                {
                    Some(heading) => view.scroll = heading.line,
                    None => {
                        view.scroll = 0;
                        self.notice = Some(format!("No heading #{anchor} in this post."));
                    }
                }
            }
        }
    }

    /// The posts linking to `id`, computed again when the store changed.
    pub fn refresh_backlinks(&mut self, id: PostId) {
        let generation = self.store.generation();
        if self
            .backlinks
            .as_ref()
            .is_some_and(|(b, g, _)| *b == id && *g == generation)
        {
            return;
        }
        self.refresh_link_index();
        let linking = self.link_index.backlinks(&self.store, id);
        self.backlinks = Some((id, generation, linking));
    }

    /// The post the info view (`i`) describes: the selected one in the list, else the open one.
    pub fn info_post(&self) -> Option<PostId> {
        let open = self.article.as_ref().map(|a| a.id);
        match self.focus {
            Focus::List => self.selected.or(open),
            _ => open.or(self.selected),
        }
    }

    /// Starts the clock that marks the open post read after [`READ_AFTER`] (if it is unread).
    pub fn start_reading(&mut self) {
        self.reading = self
            .article
            .as_ref()
            .map(|a| a.id)
            .filter(|&id| !self.is_read(id))
            .map(|id| (id, Instant::now()));
    }

    /// Sets the list's date format (one [`crate::config::format_date`] accepts) and the width
    /// of its column.
    pub fn set_date_format(&mut self, format: &str) {
        let widest = [(2024, 12, 31), (2024, 9, 30), (2024, 5, 3)]
            .into_iter()
            .filter_map(|(y, m, d)| {
                crate::config::format_date(format, jiff::civil::date(y, m, d)).ok()
            })
            .map(|s| crate::text::width(&s))
            .max();
        if let Some(widest) = widest {
            self.date_format = format.to_string();
            self.date_columns = widest + 1;
        }
    }

    /// A post's date as the list shows it.
    pub fn list_date(&self, date: jiff::civil::Date) -> String {
        crate::config::format_date(&self.date_format, date).unwrap_or_else(|_| date.to_string())
    }

    /// The post whose file was modified last, if any file has a time.
    pub fn last_modified(&self) -> Option<PostId> {
        self.store
            .ids()
            .iter()
            .copied()
            .filter_map(|id| Some((id, self.store.get(id)?.file?.modified?)))
            .max_by_key(|&(_, modified)| modified)
            .map(|(id, _)| id)
    }

    /// Re-derives the list, selection, layout, article render and offsets from the rest of
    /// the state. Cheap when nothing they depend on changed.
    pub fn sync(&mut self) {
        let inputs = self.list_inputs();
        if self.seen != inputs {
            self.refresh_list(inputs);
            // Browsing, the preview shows a post of the list: one the filter hid is replaced by
            // the selection (a deleted one stays, with its banner).
            let hidden = self
                .article
                .as_ref()
                .is_some_and(|a| self.store.get(a.id).is_some() && !self.visible.contains(&a.id));
            if hidden && self.focus == Focus::List {
                self.open_selected();
            }
        }
        if let Some(id) = self.pending_open.take() {
            self.show_post(id);
        }
        let list_wants = self.list_wants();
        self.panes = layout(self.area, self.focus, list_wants, self.toc_wish());
        self.panes.reading_width = self.reading_width;
        if self.article.is_none() || self.following_top() {
            self.open_selected();
        }
        self.refresh_article();
        self.land();
        if self.overlay == Some(Overlay::PostInfo)
            && let Some(id) = self.info_post()
        {
            self.refresh_backlinks(id);
        }
        if let Some(view) = &self.article {
            // Viewed.
            self.changed.remove(&view.id);
        }
        self.refresh_matches();
        if self.focus != Focus::Toc {
            // Scrollspy: the contents follow the reader.
            self.toc_cursor = self.current_heading().unwrap_or(0);
        }
        self.clamp_offsets();
    }

    fn list_inputs(&self) -> ListInputs {
        ListInputs {
            generation: Some(self.store.generation()),
            filter: self.filter.clone(),
            search: self.search_text.clone(),
            sort: self.sort,
            unread_only: self.unread_only,
            show_drafts: self.show_drafts,
            group_sections: self.group_sections,
            today: self.today,
            read_changes: self.read_changes,
            picker: self.overlay.filter(|o| o.takes_text()),
        }
    }

    /// Whether the table of contents is wanted: the reader's choice (`c`), else the open post's
    /// `toc` front matter field.
    pub fn toc_wish(&self) -> TocWish {
        match self.toc_choice {
            Some(true) => TocWish::Shown,
            Some(false) => TocWish::Hidden,
            None => {
                let wants = self
                    .article
                    .as_ref()
                    .and_then(|a| self.store.get(a.id))
                    .is_none_or(|p| p.meta.toc);
                if wants {
                    TocWish::Auto
                } else {
                    TocWish::Hidden
                }
            }
        }
    }

    /// The search results for the current text, searching again only when the text or the
    /// store changed.
    fn search_hits(&mut self) -> Option<&Hits> {
        if self.search_text.trim().is_empty() {
            self.hits = None;
            return None;
        }
        let fresh = self
            .hits
            .as_ref()
            .is_some_and(|h| h.text == self.search_text && h.generation == self.store.generation());
        if !fresh {
            self.hits = Some(search::search(&self.store, &self.search_text));
        }
        self.hits.as_ref()
    }

    /// Keeps the posts of `ids` that pass the search and the unread filter: ranked by the search
    /// when there is one.
    fn narrow(&mut self, mut ids: Vec<PostId>) -> Vec<PostId> {
        if self.unread_only {
            ids.retain(|id| !self.read_ids.contains(id));
        }
        match self.search_hits() {
            Some(hits) => hits.rank(&ids),
            None => ids,
        }
    }

    fn refresh_list(&mut self, inputs: ListInputs) {
        let mut ids = self.store.query(&self.filter);
        let searching = !self.search_text.trim().is_empty();
        self.hidden = if self.show_drafts {
            crate::library::store::HiddenCounts::default()
        } else {
            self.store.leave_out_unpublished(&mut ids, self.today)
        };
        let mut visible = self.narrow(ids);
        if !searching {
            self.store.sort_ids(&mut visible, self.sort);
        }
        self.section_rows.clear();
        self.row_levels.clear();
        if self.group_sections {
            let grouped = crate::library::sections::group(&self.store, &visible);
            visible = grouped.ids;
            self.section_rows = grouped.sections;
            self.row_levels = grouped.levels;
        } else if !self.store.sections().is_empty() {
            let sections = self.store.sections();
            visible.retain(|id| !sections.contains(id));
        }
        self.visible = visible;
        match inputs.picker {
            Some(Overlay::Tags) => {
                let untagged = Filter {
                    tags: Vec::new(),
                    ..self.filter.clone()
                };
                let ids = self.store.query(&untagged);
                let ids = self.narrow(ids);
                self.tag_counts = self.store.tag_counts(&ids);
            }
            Some(Overlay::Dates) => {
                let undated = Filter {
                    from: None,
                    to: None,
                    ..self.filter.clone()
                };
                let ids = self.store.query(&undated);
                let ids = self.narrow(ids);
                self.histogram = months(&self.store, &ids);
            }
            _ => {}
        }
        self.seen = inputs;
        let position = |id: PostId| self.visible.iter().position(|&v| v == id);
        if let Some(id) = self.selected
            && self.store.get(id).is_none()
        {
            self.selection_lost = Some(id);
        }
        let back = self.selection_lost.and_then(position);
        if back.is_some() {
            self.selection_lost = None;
        }
        let found = back.or_else(|| self.selected.and_then(position));
        self.cursor = match found {
            _ if self.following_top() => 0,
            Some(i) => i,
            // The selected post left the list: stay at the same row.
            None => self.cursor.min(self.visible.len().saturating_sub(1)),
        };
        self.selected = self.visible.get(self.cursor).copied();
        let (mut titles, mut tags) = (0, 0);
        for (index, &id) in self.visible.iter().enumerate() {
            let columns = self.store.columns(id);
            // Grouped: the indent, and a section's mark and post count, take room too.
            let level = self
                .row_levels
                .get(index)
                .map_or(0, |&l| usize::from(l.min(8)));
            let section = self.section_rows.get(&id).map_or(0, |row| {
                crate::text::width(crate::library::store::SECTION_MARK)
                    + format!(" ({})", row.posts).len()
            });
            titles = titles.max(usize::from(columns.title) + 2 * level + section);
            tags = tags.max(usize::from(columns.tags));
        }
        self.title_columns = titles.min(MAX_TITLE_COLUMNS);
        self.tag_columns = tags.min(MAX_TAG_COLUMNS);
    }

    /// Whether the post has been read.
    pub fn is_read(&self, id: PostId) -> bool {
        self.read_ids.contains(&id)
    }

    /// The read-state key of a stored post: its path under the root it was found in, and title.
    pub fn read_key(&self, id: PostId) -> Option<String> {
        let post = self.store.get(id)?;
        let root = self
            .roots
            .iter()
            .filter(|r| post.path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len());
        Some(post_key(root.map(PathBuf::as_path), post))
    }

    /// Marks post `id` read or unread, and asks for the list to be saved if that changed it.
    pub fn set_read(&mut self, id: PostId, read: bool) {
        let Some(key) = self.read_key(id) else {
            return;
        };
        // One save covers every change made before the event loop gets to it.
        if self.read.set(key, read) && !self.effects.contains(&Effect::SaveReadState) {
            self.effects.push(Effect::SaveReadState);
        }
        self.mark(id, read);
    }

    /// Puts post `id` in or out of `read_ids`, counting the change.
    fn mark(&mut self, id: PostId, read: bool) {
        let changed = if read {
            self.read_ids.insert(id)
        } else {
            self.read_ids.remove(&id)
        };
        if changed {
            self.read_changes += 1;
        }
    }

    /// The text the open prompt edits: the search itself, or the link number.
    pub fn prompt_text(&self) -> &str {
        match self.prompt {
            Some(Prompt::Search) => &self.search_text,
            _ => &self.prompt_input,
        }
    }

    pub fn prompt_text_mut(&mut self) -> &mut String {
        match self.prompt {
            Some(Prompt::Search) => &mut self.search_text,
            _ => &mut self.prompt_input,
        }
    }

    /// The tags the tag picker lists, with their counts: those whose key contains the typed
    /// text (lower-cased).
    pub fn picker_tags(&self) -> Vec<(&Tag, usize)> {
        let narrow = self.tag_picker.narrow.to_lowercase();
        self.tag_counts
            .iter()
            .filter(|(tag, _)| narrow.is_empty() || tag.key.contains(&narrow))
            .map(|(tag, n)| (tag, *n))
            .collect()
    }

    /// Looks up the read state of posts just stored or changed (by path).
    pub fn note_read(&mut self, paths: &[Arc<std::path::Path>]) {
        for path in paths {
            let Some(id) = self.store.id_of(path) else {
                continue;
            };
            let read = self.read_key(id).is_some_and(|k| self.read.is_read(&k));
            self.mark(id, read);
        }
    }

    /// Marks the post being read as read once it has been open for [`READ_AFTER`] by `now`.
    pub fn tick(&mut self, now: Instant) {
        if let Some((id, since)) = self.reading
            && now.saturating_duration_since(since) >= READ_AFTER
        {
            self.reading = None;
            self.set_read(id, true);
        }
    }

    /// When the post being read becomes read, if nothing else happens first.
    pub fn read_deadline(&self) -> Option<Instant> {
        self.reading.map(|(_, since)| since + READ_AFTER)
    }

    /// Finds the search text in the open article's lines (again when either changed).
    fn refresh_matches(&mut self) {
        let Some(view) = &self.article else {
            self.matches.clear();
            self.seen_matches = None;
            return;
        };
        let key = (self.search_text.clone(), view.revision, view.width, view.id);
        if self.seen_matches.as_ref() == Some(&key) {
            return;
        }
        self.matches.clear();
        self.match_cursor = None;
        if let Some(matcher) = search::text_matcher(&self.search_text) {
            for (index, line) in view.doc.lines.iter().enumerate() {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                for range in search::find_all(&matcher, &text) {
                    self.matches.push(ArticleMatch { line: index, range });
                }
            }
        }
        self.seen_matches = Some(key);
    }

    /// List width (borders included) at which every title shows whole.
    fn list_wants(&self) -> u16 {
        let tag = if self.tag_columns > 0 {
            self.tag_columns + 2
        } else {
            0
        };
        let wants = MARK_COLUMNS + self.title_columns + 2 + self.date_columns + tag + 2;
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
        let wanted = (revision, text.width);
        if view.revision == revision && view.width == text.width && !view.deleted {
            return;
        }
        if post.body.len() > BACKGROUND_RENDER_BYTES {
            // Shown when it comes (see `take_render`); until then, the last render stays.
            if view.pending != Some(wanted) {
                view.pending = Some(wanted);
                self.render_request = Some(RenderRequest {
                    id: view.id,
                    revision,
                    width: text.width,
                    post: post.clone(),
                    theme: self.theme.clone(),
                    colours: self.code_colours.clone(),
                });
            }
            return;
        }
        let doc =
            crate::render::render_post_safely(post, text.width, &self.theme, &self.code_colours);
        self.show_render(doc, revision, text.width);
    }

    /// Puts a render of the open post in place, keeping the reader's place by heading (not by
    /// line number) when a render was shown before, and asks for its code to be coloured.
    fn show_render(&mut self, doc: crate::render::Document, revision: u64, width: u16) {
        let Some(view) = &mut self.article else {
            return;
        };
        let place = (!view.doc.lines.is_empty())
            .then(|| super::position::position_of(&view.doc, view.scroll));
        let rewrapped = view.width != width;
        view.doc = Arc::new(doc);
        view.revision = revision;
        view.width = width;
        view.deleted = false;
        view.pending = None;
        if let Some(place) = place {
            view.scroll = super::position::scroll_for(&view.doc, &place, rewrapped);
        }
        if !view.doc.uncoloured.is_empty() && self.colouring != Some(view.id) {
            self.colouring = Some(view.id);
            self.colour_request = Some((view.id, view.doc.uncoloured.clone()));
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

/// Posts per month among `ids`, every month from the oldest post's to the newest's.
fn months(store: &Store, ids: &[PostId]) -> Vec<MonthCount> {
    let mut counts: std::collections::BTreeMap<(i16, i8), usize> = Default::default();
    for date in ids.iter().filter_map(|&id| store.get(id)?.date) {
        *counts
            .entry((date.date.year(), date.date.month()))
            .or_default() += 1;
    }
    let (Some((&first, _)), Some((&last, _))) = (counts.first_key_value(), counts.last_key_value())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut year, mut month) = first;
    while (year, month) <= last {
        out.push(MonthCount {
            year,
            month,
            posts: counts.get(&(year, month)).copied().unwrap_or(0),
        });
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out
}
