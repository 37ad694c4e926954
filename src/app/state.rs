//! Everything the screen shows, as plain values: the store, the filter and the list it gives,
//! the selection, the open article (rendered once per post revision and width), focus and
//! scroll offsets. [`AppState::refresh`] re-derives what depends on the rest after each change.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use ratatui::layout::Rect;

use std::collections::{HashMap, HashSet};

use super::effects::Effect;
use super::layout::{Panes, TocWish, layout};
use crate::config::{DEFAULT_DATE_FORMAT, READING_WIDTH};
use crate::content::Tag;
use crate::content::date::DateRange;
use crate::content::loader::Rules;
use crate::keys::Keymap;
use crate::library::links::LinkIndex;
use crate::library::readstate::{ReadState, post_key};
use crate::library::search;
use crate::library::sections::SectionRow;
use crate::library::select::{Query, Selector};
pub use crate::library::store::SortOrder;
use crate::library::store::{Filter, HiddenCounts, PostId, Store};
use crate::render::highlight::{CodeBlock, CodeColours, StyledLine};
use crate::render::{Document, RenderRequest};
use crate::theme::Theme;

/// A post open in the reading view this long is marked read.
pub const READ_AFTER: Duration = Duration::from_millis(1500);

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
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
    query: Query,
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

/// Settings fixed at start: from the config and the command line.
#[derive(Debug)]
pub struct Settings {
    /// The colours and styles.
    pub theme: Theme,
    /// Whether the terminal understands OSC 8 hyperlinks, so link text is made clickable.
    pub hyperlinks: bool,
    /// The keys in use (the config's `[keys]` over the defaults).
    pub keymap: Keymap,
    /// The article's text is at most this wide, in columns (the config's `reading_width`).
    pub reading_width: u16,
    /// How the list shows dates (the config's `date_format`, checked when it was read).
    pub date_format: String,
    /// Width of the list's date column for `date_format`, in display columns, with the `~` that
    /// marks a date taken from the file's time.
    pub date_columns: usize,
    /// What counts as a post and how much of one is read, for posts read again here.
    pub rules: Arc<Rules>,
    /// `--follow`: open the most recently modified post once loaded, then each post saved.
    pub follow_saves: bool,
}

impl Settings {
    fn new(theme: Theme) -> Self {
        Settings {
            theme,
            hyperlinks: false,
            keymap: Keymap::default(),
            reading_width: READING_WIDTH,
            date_format: DEFAULT_DATE_FORMAT.to_string(),
            date_columns: DATE_COLUMNS,
            rules: Arc::default(),
            follow_saves: false,
        }
    }
}

/// The list of posts: the query that picks them, what it picked, and the place in it.
#[derive(Debug, Default)]
pub struct ListView {
    /// Tags, dates, search, order, unread, drafts, sections: what the list shows.
    pub query: Query,
    /// How the date condition was chosen (`last 7 days`, `2024-06`), for the list's header.
    pub date_label: Option<String>,
    /// How many unpublished posts the other conditions let through but the query hides, for
    /// the status line.
    pub hidden: HiddenCounts,
    /// The posts the query picks, in list order.
    pub visible: Vec<PostId>,
    /// Beside `visible` when grouped: each row's level of indent; empty otherwise.
    pub row_levels: Vec<u8>,
    /// The section pages in `visible` when grouped, with their post count and nesting.
    pub section_rows: HashMap<PostId, SectionRow>,
    /// Index into `visible` of the highlighted row.
    pub cursor: usize,
    /// The highlighted post; followed when the list changes under it.
    pub selected: Option<PostId>,
    /// Index into `visible` of the list's top row (its scroll offset).
    pub offset: usize,
    /// Width of the title column that shows every visible title whole (capped), in columns.
    pub title_columns: usize,
    /// Width of the tag column, in columns.
    pub tag_columns: usize,
    /// Until the user moves, the newest post stays selected and open while posts load.
    pub follow_top: bool,
    /// A post to select and open at the next refresh (once the list includes it).
    pub pending_open: Option<PostId>,
    /// The selected post whose file went away, until the user moves: when it comes back (an
    /// editor that saves by deleting and creating), it is selected again.
    pub selection_lost: Option<PostId>,
}

/// The open post and the reader's place in it and around it.
#[derive(Debug, Default)]
pub struct Reader {
    /// The open post, rendered for the article pane's width.
    pub article: Option<ArticleView>,
    /// Index into the open post's headings of the highlighted table of contents entry.
    pub toc_cursor: usize,
    /// The reader's choice for the contents sidebar (`c`); `None` follows the post's `toc` and
    /// the terminal's width.
    pub toc_choice: Option<bool>,
    /// Places left by following a link (newest last), for going back.
    pub back: Vec<Place>,
    /// Places left by going back (newest last), for going forward.
    pub forward: Vec<Place>,
    /// Where the post being opened should be shown once rendered.
    pub landing: Option<(PostId, Landing)>,
    /// Where the search text occurs in the open article, and the one `n`/`N` last moved to.
    pub matches: Vec<ArticleMatch>,
    pub match_cursor: Option<usize>,
    /// Colours found for the open post's code blocks.
    pub code_colours: CodeColours,
    /// The post whose code blocks are being coloured in the background, if any.
    pub colouring: Option<PostId>,
    /// The post being read, and since when (to mark it read after [`READ_AFTER`]).
    pub reading: Option<(PostId, Instant)>,
}

/// What is drawn over the panes, and the line typed at the bottom.
#[derive(Debug, Default)]
pub struct Popups {
    /// The overlay drawn over the panes, if any.
    pub overlay: Option<Overlay>,
    /// The overlay's first shown line.
    pub overlay_scroll: usize,
    /// The line being typed at the bottom, if any.
    pub prompt: Option<Prompt>,
    /// The link number being typed (a search is typed straight into the query).
    pub prompt_input: String,
    pub tag_picker: TagPicker,
    pub date_picker: DatePicker,
}

/// Marks on posts: read (kept between runs) and changed on disk (this run only).
#[derive(Debug)]
pub struct Marks {
    /// The posts read, kept between runs.
    pub read: ReadState,
    /// Ids of the posts whose key is in `read`, kept in step with the store.
    pub read_ids: HashSet<PostId>,
    /// Bumped whenever `read_ids` changes.
    read_changes: u64,
    /// Posts added or changed on disk (after the initial load) and not viewed since: marked in
    /// the list until opened.
    pub changed: HashSet<PostId>,
}

impl Default for Marks {
    fn default() -> Self {
        Marks {
            read: ReadState::in_memory(),
            read_ids: HashSet::new(),
            read_changes: 0,
            changed: HashSet::new(),
        }
    }
}

/// The folders read and how the load went.
#[derive(Debug, Default)]
pub struct Load {
    /// The folders (or files) the posts were found under, for each post's read-state key.
    pub roots: Vec<PathBuf>,
    /// Progress of the initial load.
    pub progress: Loading,
    /// Files that could not be read, as `path: reason` lines.
    pub skipped: Vec<String>,
}

/// The terminal and how it is shared between the panes.
#[derive(Debug, Default)]
pub struct Screen {
    /// The whole terminal.
    pub area: Rect,
    /// Where each pane is, for `area` and `focus`.
    pub panes: Panes,
    /// Which pane keys go to.
    pub focus: Focus,
}

/// What is worked out from the rest, kept until what it depends on changes. Only
/// [`AppState::refresh`] and the methods it calls write here.
#[derive(Debug, Default)]
pub struct Derived {
    /// Runs the list's query; keeps the last search's results.
    selector: Selector,
    /// For the open tag picker: every tag and how many posts carry it under the other filters.
    pub tag_counts: Vec<(Tag, usize)>,
    /// For the open date picker: posts per month under the other filters, oldest first, every
    /// month from the first to the last.
    pub histogram: Vec<MonthCount>,
    /// Every post's URL paths, for following links between posts; rebuilt when the store
    /// changed since.
    link_index: LinkIndex,
    /// The posts linking to a post, for the post-info view: the post, the store generation,
    /// and the linking posts.
    pub backlinks: Option<(PostId, u64, Vec<PostId>)>,
    /// What the list was last worked out from.
    seen: ListInputs,
    /// The search text and document the article's matches were found for.
    seen_matches: Option<(String, u64, u16, PostId)>,
}

/// This run of the app: the day, the message on the status line, and how it ends.
#[derive(Debug)]
pub struct Session {
    /// The local date, for the date presets and for what is published.
    pub today: Date,
    /// A one-line message for the status line, cleared by the next key.
    pub notice: Option<String>,
    pub quit: bool,
    /// The signal that ended the app, if one did (the exit status is 128 + it).
    pub ended_by: Option<i32>,
}

/// Everything the screen shows, one sub-struct per concern. `update` changes it and
/// [`AppState::refresh`] re-derives the rest; `ui` only reads it.
#[derive(Debug)]
pub struct AppState {
    /// Settings fixed at start.
    pub settings: Settings,
    /// The posts.
    pub store: Store,
    /// The list: its query, what it picked, the place in it.
    pub list: ListView,
    /// The open post and the place in it.
    pub reader: Reader,
    /// Overlays, pickers and the prompt.
    pub popup: Popups,
    /// Read and changed marks.
    pub marks: Marks,
    /// The folders read and the load's progress.
    pub load: Load,
    /// The terminal's size, the panes and the focus.
    pub screen: Screen,
    /// Caches worked out from the rest.
    pub derived: Derived,
    /// The day, the notice, and how the app ends.
    pub session: Session,
    /// What the event loop should do outside the state, gathered while an update runs and
    /// returned by it (see [`AppState::take_effects`]).
    outbox: Vec<Effect>,
}

impl AppState {
    pub fn new(theme: Theme) -> Self {
        AppState {
            settings: Settings::new(theme),
            store: Store::new(),
            list: ListView {
                follow_top: true,
                ..ListView::default()
            },
            reader: Reader::default(),
            popup: Popups::default(),
            marks: Marks::default(),
            load: Load::default(),
            screen: Screen::default(),
            derived: Derived::default(),
            session: Session {
                today: jiff::Zoned::now().date(),
                notice: None,
                quit: false,
                ended_by: None,
            },
            outbox: Vec::new(),
        }
    }

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

    /// Whether the newest post is kept selected and open: while loading, until the user moves.
    fn following_top(&self) -> bool {
        self.list.follow_top && !self.load.progress.finished
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
        }
        self.reader.article = Some(ArticleView {
            id,
            revision: u64::MAX,
            width: 0,
            doc: Arc::default(),
            scroll: 0,
            deleted: false,
            pending: None,
        });
        self.reader.toc_cursor = 0;
        self.reader.match_cursor = None;
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
    fn refresh_link_index(&mut self) {
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
    fn place(&self) -> Option<Place> {
        let view = self.reader.article.as_ref()?;
        Some(Place {
            id: view.id,
            position: super::position::position_of(&view.doc, view.scroll),
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
    fn go_to(&mut self, id: PostId, landing: Option<Landing>) {
        // Another post opens at its top; the same one stays where it is until it lands.
        self.show_post(id);
        self.screen.focus = Focus::Article;
        self.reader.landing = landing.map(|l| (id, l));
        self.land();
    }

    /// Puts the open post at its landing once it has a render; a landing for a post no longer
    /// open is dropped.
    fn land(&mut self) {
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
                        self.session.notice = Some(format!("No heading #{anchor} in this post."));
                    }
                }
            }
        }
    }

    /// The posts linking to `id`, computed again when the store changed.
    pub fn refresh_backlinks(&mut self, id: PostId) {
        let generation = self.store.generation();
        if self
            .derived
            .backlinks
            .as_ref()
            .is_some_and(|(b, g, _)| *b == id && *g == generation)
        {
            return;
        }
        self.refresh_link_index();
        let linking = self.derived.link_index.backlinks(&self.store, id);
        self.derived.backlinks = Some((id, generation, linking));
    }

    /// The post the info view (`i`) describes: the selected one in the list, else the open one.
    pub fn info_post(&self) -> Option<PostId> {
        let open = self.reader.article.as_ref().map(|a| a.id);
        match self.screen.focus {
            Focus::List => self.list.selected.or(open),
            _ => open.or(self.list.selected),
        }
    }

    /// Starts the clock that marks the open post read after [`READ_AFTER`] (if it is unread).
    pub fn start_reading(&mut self) {
        self.reader.reading = self
            .reader
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
            self.settings.date_format = format.to_string();
            self.settings.date_columns = widest + 1;
        }
    }

    /// A post's date as the list shows it.
    pub fn list_date(&self, date: jiff::civil::Date) -> String {
        crate::config::format_date(&self.settings.date_format, date)
            .unwrap_or_else(|_| date.to_string())
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

    /// The effects asked for since the last call, in order.
    pub(crate) fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.outbox)
    }

    /// Asks the event loop for `effect` once this update is over.
    pub(crate) fn ask(&mut self, effect: Effect) {
        self.outbox.push(effect);
    }

    /// Re-derives the list, selection, layout, article render and offsets from the rest of
    /// the state. Cheap when nothing they depend on changed. `update` calls it; nothing else
    /// needs to.
    pub(crate) fn refresh(&mut self) {
        let inputs = self.list_inputs();
        if self.derived.seen != inputs {
            self.refresh_list(inputs);
            // Browsing, the preview shows a post of the list: one the filter hid is replaced by
            // the selection (a deleted one stays, with its banner).
            let hidden = self.reader.article.as_ref().is_some_and(|a| {
                self.store.get(a.id).is_some() && !self.list.visible.contains(&a.id)
            });
            if hidden && self.screen.focus == Focus::List {
                self.open_selected();
            }
        }
        if let Some(id) = self.list.pending_open.take() {
            self.show_post(id);
        }
        let list_wants = self.list_wants();
        self.screen.panes = layout(
            self.screen.area,
            self.screen.focus,
            list_wants,
            self.toc_wish(),
        );
        self.screen.panes.reading_width = self.settings.reading_width;
        if self.reader.article.is_none() || self.following_top() {
            self.open_selected();
        }
        self.refresh_article();
        self.land();
        if self.popup.overlay == Some(Overlay::PostInfo)
            && let Some(id) = self.info_post()
        {
            self.refresh_backlinks(id);
        }
        if let Some(view) = &self.reader.article {
            // Viewed.
            self.marks.changed.remove(&view.id);
        }
        self.refresh_matches();
        if self.screen.focus != Focus::Toc {
            // Scrollspy: the contents follow the reader.
            self.reader.toc_cursor = self.current_heading().unwrap_or(0);
        }
        self.clamp_offsets();
    }

    fn list_inputs(&self) -> ListInputs {
        ListInputs {
            generation: Some(self.store.generation()),
            query: self.list.query.clone(),
            today: self.session.today,
            read_changes: self.marks.read_changes,
            picker: self.popup.overlay.filter(|o| o.takes_text()),
        }
    }

    /// Whether the table of contents is wanted: the reader's choice (`c`), else the open post's
    /// `toc` front matter field.
    pub fn toc_wish(&self) -> TocWish {
        match self.reader.toc_choice {
            Some(true) => TocWish::Shown,
            Some(false) => TocWish::Hidden,
            None => {
                let wants = self
                    .reader
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

    fn refresh_list(&mut self, inputs: ListInputs) {
        let (store, query) = (&self.store, &self.list.query);
        let (today, read) = (self.session.today, &self.marks.read_ids);
        let selector = &mut self.derived.selector;
        let selection = selector.select(store, query, today, read);
        self.list.visible = selection.ids;
        self.list.hidden = selection.hidden;
        self.list.section_rows = selection.sections;
        self.list.row_levels = selection.levels;
        match inputs.picker {
            Some(Overlay::Tags) => {
                let untagged = Filter {
                    tags: Vec::new(),
                    ..query.filter.clone()
                };
                let ids = selector.narrow(store, query, store.query(&untagged), read);
                self.derived.tag_counts = store.tag_counts(&ids);
            }
            Some(Overlay::Dates) => {
                let undated = Filter {
                    from: None,
                    to: None,
                    ..query.filter.clone()
                };
                let ids = selector.narrow(store, query, store.query(&undated), read);
                self.derived.histogram = months(store, &ids);
            }
            _ => {}
        }
        self.derived.seen = inputs;
        let list = &mut self.list;
        let position = |id: PostId| list.visible.iter().position(|&v| v == id);
        if let Some(id) = list.selected
            && store.get(id).is_none()
        {
            list.selection_lost = Some(id);
        }
        let back = list.selection_lost.and_then(position);
        if back.is_some() {
            list.selection_lost = None;
        }
        let found = back.or_else(|| list.selected.and_then(position));
        let following = list.follow_top && !self.load.progress.finished;
        list.cursor = match found {
            _ if following => 0,
            Some(i) => i,
            // The selected post left the list: stay at the same row.
            None => list.cursor.min(list.visible.len().saturating_sub(1)),
        };
        list.selected = list.visible.get(list.cursor).copied();
        let (mut titles, mut tags) = (0, 0);
        for (index, &id) in list.visible.iter().enumerate() {
            let columns = store.columns(id);
            // Grouped: the indent, and a section's mark and post count, take room too.
            let level = list
                .row_levels
                .get(index)
                .map_or(0, |&l| usize::from(l.min(8)));
            let section = list.section_rows.get(&id).map_or(0, |row| {
                crate::text::width(crate::library::store::SECTION_MARK)
                    + format!(" ({})", row.posts).len()
            });
            titles = titles.max(usize::from(columns.title) + 2 * level + section);
            tags = tags.max(usize::from(columns.tags));
        }
        list.title_columns = titles.min(MAX_TITLE_COLUMNS);
        list.tag_columns = tags.min(MAX_TAG_COLUMNS);
    }

    /// Whether the post has been read.
    pub fn is_read(&self, id: PostId) -> bool {
        self.marks.read_ids.contains(&id)
    }

    /// The read-state key of a stored post: its path under the root it was found in, and title.
    pub fn read_key(&self, id: PostId) -> Option<String> {
        let post = self.store.get(id)?;
        let root = self
            .load
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
        let asked = self
            .outbox
            .iter()
            .any(|e| matches!(e, Effect::SaveReadState));
        if self.marks.read.set(key, read) && !asked {
            self.outbox.push(Effect::SaveReadState);
        }
        self.mark(id, read);
    }

    /// Puts post `id` in or out of `read_ids`, counting the change.
    fn mark(&mut self, id: PostId, read: bool) {
        let changed = if read {
            self.marks.read_ids.insert(id)
        } else {
            self.marks.read_ids.remove(&id)
        };
        if changed {
            self.marks.read_changes += 1;
        }
    }

    /// The text the open prompt edits: the search itself, or the link number.
    pub fn prompt_text(&self) -> &str {
        match self.popup.prompt {
            Some(Prompt::Search) => &self.list.query.search,
            _ => &self.popup.prompt_input,
        }
    }

    pub fn prompt_text_mut(&mut self) -> &mut String {
        match self.popup.prompt {
            Some(Prompt::Search) => &mut self.list.query.search,
            _ => &mut self.popup.prompt_input,
        }
    }

    /// The tags the tag picker lists, with their counts: those whose key contains the typed
    /// text (lower-cased).
    pub fn picker_tags(&self) -> Vec<(&Tag, usize)> {
        let narrow = self.popup.tag_picker.narrow.to_lowercase();
        self.derived
            .tag_counts
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
            let read = self
                .read_key(id)
                .is_some_and(|k| self.marks.read.is_read(&k));
            self.mark(id, read);
        }
    }

    /// Marks the post being read as read once it has been open for [`READ_AFTER`] by `now`.
    pub fn tick(&mut self, now: Instant) {
        if let Some((id, since)) = self.reader.reading
            && now.saturating_duration_since(since) >= READ_AFTER
        {
            self.reader.reading = None;
            self.set_read(id, true);
        }
    }

    /// When the post being read becomes read, if nothing else happens first.
    pub fn read_deadline(&self) -> Option<Instant> {
        self.reader.reading.map(|(_, since)| since + READ_AFTER)
    }

    /// Finds the search text in the open article's lines (again when either changed).
    fn refresh_matches(&mut self) {
        let Some(view) = &self.reader.article else {
            self.reader.matches.clear();
            self.derived.seen_matches = None;
            return;
        };
        let key = (
            self.list.query.search.clone(),
            view.revision,
            view.width,
            view.id,
        );
        if self.derived.seen_matches.as_ref() == Some(&key) {
            return;
        }
        self.reader.matches.clear();
        self.reader.match_cursor = None;
        if let Some(matcher) = search::text_matcher(&self.list.query.search) {
            for (index, line) in view.doc.lines.iter().enumerate() {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                for range in search::find_all(&matcher, &text) {
                    self.reader
                        .matches
                        .push(ArticleMatch { line: index, range });
                }
            }
        }
        self.derived.seen_matches = Some(key);
    }

    /// List width (borders included) at which every title shows whole.
    fn list_wants(&self) -> u16 {
        let tag = if self.list.tag_columns > 0 {
            self.list.tag_columns + 2
        } else {
            0
        };
        let wants =
            MARK_COLUMNS + self.list.title_columns + 2 + self.settings.date_columns + tag + 2;
        u16::try_from(wants).unwrap_or(u16::MAX)
    }

    fn refresh_article(&mut self) {
        let Some(text) = self.screen.panes.article_text() else {
            return;
        };
        let Some(view) = &mut self.reader.article else {
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
                self.outbox.push(Effect::Render(Box::new(RenderRequest {
                    id: view.id,
                    revision,
                    width: text.width,
                    post: post.clone(),
                    theme: self.settings.theme.clone(),
                    colours: self.reader.code_colours.clone(),
                })));
            }
            return;
        }
        let doc = crate::render::render_post_safely(
            post,
            text.width,
            &self.settings.theme,
            &self.reader.code_colours,
        );
        self.show_render(doc, revision, text.width);
    }

    /// Puts a render of the open post in place, keeping the reader's place by heading (not by
    /// line number) when a render was shown before, and asks for its code to be coloured.
    fn show_render(&mut self, doc: crate::render::Document, revision: u64, width: u16) {
        let Some(view) = &mut self.reader.article else {
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
        if !view.doc.uncoloured.is_empty() && self.reader.colouring != Some(view.id) {
            self.reader.colouring = Some(view.id);
            self.outbox.push(Effect::Colour {
                id: view.id,
                blocks: view.doc.uncoloured.clone(),
            });
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
            // Rendered again by the next sync.
            view.width = 0;
        }
    }

    fn clamp_offsets(&mut self) {
        let rows = self.screen.panes.list_rows().max(1);
        if self.list.cursor < self.list.offset {
            self.list.offset = self.list.cursor;
        } else if self.list.cursor >= self.list.offset + rows {
            self.list.offset = self.list.cursor + 1 - rows;
        }
        self.list.offset = self
            .list
            .offset
            .min(self.list.visible.len().saturating_sub(rows));
        let headings = self.document().map_or(0, |d| d.headings.len());
        self.reader.toc_cursor = self.reader.toc_cursor.min(headings.saturating_sub(1));
        if let Some(view) = &mut self.reader.article {
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
