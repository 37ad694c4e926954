//! Everything the screen shows, as plain values: the store, the filter and the list it gives,
//! the selection, the open article (rendered once per post revision and width), focus and
//! scroll offsets. `AppState::refresh` re-derives what depends on the rest after each change.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use jiff::civil::Date;
use ratatui::layout::Rect;

use std::collections::{HashMap, HashSet};

mod broken;
mod changes;
mod contents;
mod diagnostic;
mod languages;
mod list;
mod loading;
mod marks;
mod memo;
mod metadata;
mod pictures;
mod places;
mod popups;
mod reader;
mod render;
mod searching;

pub use changes::SaveChanges;
pub use diagnostic::{Diagnostic, DiagnosticSource};
use list::ListInputs;
pub use list::{DATE_COLUMNS, MARK_COLUMNS, MAX_TAG_COLUMNS};
pub use marks::READ_AFTER;
pub use memo::Memo;
pub use pictures::{ImageState, Pictures};
pub use popups::{DatePicker, DatePreset, MonthCount, Overlay, Prompt, TagPicker};
pub use reader::{
    ArticleMatch, ArticleView, BACKGROUND_RENDER_BYTES, FIRST_SCREEN_BYTES, Landing,
    MAX_BANNER_LINES, Place,
};

pub use super::layout::Focus;
use super::layout::{Panes, TocShown, Wishes, layout};
use crate::config::{DEFAULT_DATE_FORMAT, READING_WIDTH};
use crate::content::Tag;
use crate::content::date::DateRange;
use crate::content::loader::Rules;
use crate::keys::Keymap;
use crate::library::linkcheck::BrokenLinks;
use crate::library::links::LinkIndex;
use crate::library::readstate::{ReadState, post_key};
use crate::library::search::{self, snippet::Snippet};
use crate::library::sections::SectionRow;
use crate::library::select::{Query, Selector};
pub use crate::library::store::SortOrder;
use crate::library::store::{HiddenCounts, PostId, Store};
use crate::render::highlight::{CodeBlock, CodeColours, StyledLine};
use crate::render::{Document, RenderRequest};
use crate::runtime::effects::Effect;
use crate::theme::Theme;

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
    /// The work a finished load asks for (the search index's and the link check's copies of
    /// the store, the posts whose language is to be detected, the metadata cache) waits for the
    /// frame that shows the whole list: the app's loop sets this at start and clears it once
    /// that frame is drawn. Taking those copies of 100,000 posts came before that frame, ~40 ms
    /// of a second start's UI thread.
    pub hold_work: bool,
}

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
    /// The config's `editor` template (`{file}`, `{line}`), if any.
    pub editor: Option<String>,
    /// Where the search index is kept (`None`: in memory), from the folders opened.
    pub index_dir: Option<PathBuf>,
    /// Where the metadata cache of the folders opened is kept (`None`: no cache).
    pub metadata_cache: Option<crate::content::cache::Place>,
    /// The config's `[[feeds]]`, and how they are fetched (`None`: no cache directory).
    pub feeds: Vec<crate::config::FeedConfig>,
    pub feed_options: Option<crate::library::feeds::FetchOptions>,
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
            editor: None,
            index_dir: None,
            metadata_cache: None,
            feeds: Vec::new(),
            feed_options: None,
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
    /// Index into `matches` of the one `n`/`N` last moved to.
    pub match_cursor: Option<usize>,
    /// The post opened from the search's hits: shown at its first match once rendered.
    pub to_first_match: Option<PostId>,
    /// Colours found for the open post's code blocks.
    pub code_colours: CodeColours,
    /// The post whose code blocks are being coloured in the background, if any.
    pub colouring: Option<PostId>,
    /// The pictures of the images posts name.
    pub pictures: pictures::Pictures,
    /// The post being read, and since when (to mark it read after [`READ_AFTER`]).
    pub reading: Option<(PostId, Instant)>,
    /// What the last save of the open post changed: marked in the gutter until the next key,
    /// and where `.` goes.
    pub changes: Option<SaveChanges>,
    /// The last save's changes once their marks are gone: where `.` still goes.
    pub last_change: Option<SaveChanges>,
    /// `--follow` switching to a post another than the open one just saved: that post as it
    /// was before the save, so what the save changed is marked when it opens.
    pub follow_base: Option<Arc<crate::content::Post>>,
}

/// What is drawn over the panes, and the line typed at the bottom.
#[derive(Debug, Default)]
pub struct Popups {
    /// The overlay drawn over the panes, if any.
    pub overlay: Option<Overlay>,
    /// The overlay's first shown line.
    pub overlay_scroll: usize,
    /// The diagnostics overlay's chosen entry (Enter opens its post at its line).
    pub diagnostic_cursor: usize,
    /// The line being typed at the bottom, if any.
    pub prompt: Option<Prompt>,
    /// The link number being typed (a search is typed straight into the query).
    pub prompt_input: String,
    /// The tag picker's cursor and narrowing text.
    pub tag_picker: TagPicker,
    /// The date picker's cursor, typed range and its error.
    pub date_picker: DatePicker,
    /// The language picker's cursor: 0 is "all languages", then [`Store::languages`]' order.
    pub lang_cursor: usize,
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
    /// Where the reader left off, kept between runs (see [`crate::library::places`]).
    pub places: crate::library::places::Places,
    /// Where the last run left off, to go back to once the load is over (`None`: `--fresh`, a
    /// first run, or done).
    pub resume: Option<crate::library::places::Left>,
    /// Posts whose kept position was gone back to in this run: each is, once.
    pub resumed: HashSet<PostId>,
    /// `--fresh`: no kept position is gone back to in this run.
    pub fresh: bool,
}

impl Default for Marks {
    fn default() -> Self {
        Marks {
            read: ReadState::in_memory(),
            read_ids: HashSet::new(),
            places: crate::library::places::Places::in_memory(),
            resume: None,
            resumed: HashSet::new(),
            fresh: false,
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
    /// Files that could not be read, and feeds that could not be fetched: listed under `!`.
    pub skipped: Vec<Diagnostic>,
    /// Folders given that are gone from disk now, watched for their return.
    pub missing: Vec<PathBuf>,
    /// While the search index reads posts: how many of how many it has read.
    pub indexing: Option<(usize, usize)>,
    /// While feeds are fetched: how many of how many are done.
    pub fetching: Option<(usize, usize)>,
    /// New posts the feeds fetched so far brought (said when the last is done).
    pub fetched_new: usize,
    /// Files only were given: the first of them, opened once it is loaded.
    pub open_first: Option<PathBuf>,
    /// Every post's broken links, as the link check last found them (none until it answers).
    pub broken_links: Arc<BrokenLinks>,
    /// What the load made of the metadata cache, once it has said.
    pub cache_used: Option<crate::content::loader::CacheUse>,
    /// Batches of posts the load sent and the store has not taken in yet.
    pub incoming: Vec<Vec<Arc<crate::content::Post>>>,
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
    /// Reading shows the article alone, at the whole width (`z`).
    pub zoomed: bool,
}

/// What is worked out from the rest, kept until what it depends on changes. Only
/// `AppState::refresh` and the methods it calls write here.
#[derive(Debug, Default)]
pub struct Derived {
    /// Runs the list's query; keeps the last search's results.
    selector: Selector,
    /// For the open tag picker: every tag and how many posts carry it under the other filters.
    pub tag_counts: Vec<(Tag, usize)>,
    /// For the open language picker: "all languages" (`None`), then each language, each with
    /// the rows the list would show were it chosen (see `library::choices`).
    pub lang_counts: Vec<(Option<String>, usize)>,
    /// For the open date picker: posts per month under the other filters, oldest first, every
    /// month from the first to the last.
    pub histogram: Vec<MonthCount>,
    /// For the open date picker: the dates of the posts the histogram counts, oldest first, to
    /// count a typed range as it is typed.
    pub picker_dates: Vec<jiff::civil::Date>,
    /// For the open date picker: the rows the list would show with no date condition (undated
    /// posts too, which a date condition hides).
    pub picker_rows: usize,
    /// Every post's URL paths, for following links between posts; rebuilt when the store
    /// changed since.
    pub(super) link_index: LinkIndex,
    /// The posts linking to a post, for the post-info view, by (post, store generation) (found
    /// on the backlinks' lane).
    pub backlinks: Memo<(PostId, u64), Vec<PostId>>,
    /// The notes the open post embeds, by (post, store generation) (see `render.rs`).
    embeds: Memo<(PostId, u64), Arc<crate::library::embeds::Embeds>>,
    /// The post info's post's word count, by (post, store generation): a body left on disk is
    /// read once, not every frame the info is drawn.
    pub info_reading: Memo<(PostId, u64), crate::content::reading::Reading>,
    /// What the list was last worked out from.
    seen: ListInputs,
    /// The open article's search matches, in line order, by (search text, revision, width,
    /// post).
    matches: Memo<(String, Option<u64>, u16, PostId), Vec<ArticleMatch>>,
    /// How many times [`AppState::refresh`] has run (for tests: once per burst).
    pub refreshes: u64,
    /// For the search in the list: the snippet of each hit shown so far (`None`: no line of
    /// its body matches), by (search text, store generation).
    pub snippets: Memo<(String, u64), HashMap<PostId, Option<Snippet>>>,
}

/// Background work asked for, noted so that each job is asked once per version of what it is
/// about (the answers are kept where they are used).
#[derive(Debug, Default)]
pub struct Asked {
    /// The search index was asked to open.
    pub index_opened: bool,
    /// The store generation last sent to the search index.
    pub indexed_generation: Option<u64>,
    /// The store generation last sent to the link check.
    pub checked_generation: Option<u64>,
    /// The (post, store generation) the backlinks' lane was last asked about.
    pub backlinks: Option<(PostId, u64)>,
    /// The store generation the metadata cache says (written, or found whole), and when it was
    /// last asked to be written.
    pub cached_generation: Option<u64>,
    pub cache_asked_at: Option<Instant>,
    /// The store generation last looked at for posts to detect the language of, and whether
    /// the language lane is at work on some.
    pub languages_generation: Option<u64>,
    pub detecting: bool,
    /// A pass of the language lane has ended, and whether the metadata cache has since been
    /// asked to keep what it found (at once, not a minute after the last write: a reader that
    /// quits sooner would have the next start detect them all again).
    pub languages_detected: bool,
    pub languages_cached: bool,
}

/// This run of the app: the day, the message on the status line, and how it ends.
#[derive(Debug)]
pub struct Session {
    /// The local date, for the date presets and for what is published.
    pub today: Date,
    /// A one-line message for the status line, cleared by the next key.
    pub notice: Option<String>,
    /// The user asked to quit (or the terminal went away): the loop ends after this update.
    pub quit: bool,
    /// The signal that ended the app, if one did (the exit status is 128 + it).
    pub ended_by: Option<i32>,
}

/// Everything the screen shows, one sub-struct per concern. `update` changes it and
/// `AppState::refresh` re-derives the rest; `ui` only reads it.
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
    /// Background work asked for.
    pub asked: Asked,
    /// The day, the notice, and how the app ends.
    pub session: Session,
    /// What the event loop should do outside the state, gathered while an update runs and
    /// returned by it (see [`AppState::take_effects`]).
    outbox: Vec<Effect>,
}

impl Derived {
    /// The last search's results, if the list's query searches (see `Selector::last_hits`).
    pub fn last_hits(&self) -> Option<&crate::library::search::Hits> {
        self.selector.last_hits()
    }
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
            asked: Asked::default(),
            session: Session {
                today: jiff::Zoned::now().date(),
                notice: None,
                quit: false,
                ended_by: None,
            },
            outbox: Vec::new(),
        }
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
        self.take_in_loaded();
        self.derived.refreshes += 1;
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
        let mut wishes = self.lay_out();
        if self.reader.article.is_none() || self.following_top() {
            self.open_selected();
        }
        if self.toc_width() != wishes.toc_width {
            // A post just opened: laid out for the headings it will have, it renders once.
            wishes = self.lay_out();
        }
        self.refresh_article();
        if self.toc_width() != wishes.toc_width {
            // The article just rendered has other headings than the one laid out for (a post
            // opened): the contents' width follows them, and the article's width the contents'.
            self.lay_out();
            self.refresh_article();
        }
        self.land();
        if self.popup.overlay == Some(Overlay::PostInfo)
            && let Some(id) = self.info_post()
        {
            self.refresh_info(id);
        }
        if let Some(view) = &self.reader.article {
            // Viewed.
            self.marks.changed.remove(&view.id);
        }
        self.refresh_matches();
        self.land_on_first_match();
        if self.screen.focus != Focus::Toc {
            // Scrollspy: the contents follow the reader.
            self.reader.toc_cursor = self.current_heading().unwrap_or(0);
        }
        self.clamp_offsets();
        self.refresh_snippets();
    }

    /// Asks for the background work the state as refreshed wants and has not asked for: the
    /// search index opened and sent the store when it changed, the link check likewise, and
    /// post info's backlinks. `update` calls it after [`AppState::refresh`]; what it asks for
    /// is returned with the update's effects. (The render plan asks for its own renders,
    /// colours and pictures as it renders: `app/state/render.rs`.)
    pub(crate) fn ask_for_work(&mut self) {
        if self.load.progress.finished && self.load.progress.hold_work {
            self.say_the_index_is_awaited();
            return;
        }
        self.ask_index();
        self.ask_languages();
        self.ask_metadata_cache();
        if self.popup.overlay == Some(Overlay::PostInfo)
            && let Some(id) = self.info_post()
        {
            self.ask_backlinks(id);
        }
    }

    /// Lays the panes out for the terminal, the focus and what the panes would like; returns
    /// the wishes it used.
    fn lay_out(&mut self) -> Wishes {
        let wishes = Wishes {
            list: self.list_wants(),
            toc_width: self.toc_width(),
            toc_shown: self.toc_shown(),
            zoomed: self.screen.zoomed,
            reading_width: self.settings.reading_width,
        };
        self.screen.panes = layout(self.screen.area, self.screen.focus, wishes);
        wishes
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
