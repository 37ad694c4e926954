//! The list: running its query through the selection pipeline when what it depends on changed,
//! keeping the selection, and sizing its columns.

use super::popups::months;
use super::{AppState, Focus, Overlay, PostId, Query};
use crate::app::glyphs::{SECTION_MARK, widest_mark};
use jiff::civil::Date;

/// Everything the list depends on besides the store: when none of it changes, neither does the
/// list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ListInputs {
    pub(super) generation: Option<u64>,
    pub(super) query: Query,
    pub(super) today: Date,
    pub(super) read_changes: u64,
    pub(super) picker: Option<Overlay>,
    /// The search index's version (a search ranks again when it changes).
    pub(super) index_version: u64,
}

/// Width of the list's date column, in display columns: `YYYY-MM-DD` and the `~` that marks a date
/// inferred from the modification time.
pub const DATE_COLUMNS: usize = 11;

/// Columns before each title in the list: `• ` for an unread post.
pub const MARK_COLUMNS: usize = 2;

/// The tag column is at most this wide; longer tags are cut.
pub const MAX_TAG_COLUMNS: usize = 16;

/// Titles wider than this do not widen the list further.
const MAX_TITLE_COLUMNS: usize = 64;

impl AppState {
    /// Whether the newest post is kept selected and open: while loading, until the user moves.
    pub(super) fn following_top(&self) -> bool {
        self.list.follow_top && !self.load.progress.finished
    }

    /// Sets the date format (one [`crate::config::format_date`] accepts) of the list, the
    /// article header (through the theme the renderer is given) and post info, and the width of
    /// the list's date column.
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
            self.settings.theme.date_format = Some(format.to_string());
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

    /// Counts the language picker's choices now (it is being opened: its cursor goes to the
    /// language in force); kept up to date by the refresh while it is open.
    pub(crate) fn count_languages(&mut self) {
        self.derived.lang_counts = crate::library::choices::Counting {
            selector: &mut self.derived.selector,
            store: &self.store,
            query: &self.list.query,
            today: self.session.today,
            read: &self.marks.read_ids,
        }
        .languages();
    }

    pub(super) fn list_inputs(&self) -> ListInputs {
        ListInputs {
            generation: Some(self.store.generation()),
            query: self.list.query.clone(),
            today: self.session.today,
            read_changes: self.marks.read_changes,
            picker: self.popup.overlay.filter(|o| o.takes_text()),
            index_version: if self.list.query.searching() {
                self.derived.selector.index.version
            } else {
                0
            },
        }
    }

    pub(super) fn refresh_list(&mut self, inputs: ListInputs) {
        let languages_open = self.popup.overlay == Some(Overlay::Languages);
        let (store, query) = (&self.store, &self.list.query);
        let (today, read) = (self.session.today, &self.marks.read_ids);
        let selector = &mut self.derived.selector;
        let selection = selector.select(store, query, today, read);
        self.list.visible = selection.ids;
        self.list.hidden = selection.hidden;
        self.list.section_rows = selection.sections;
        self.list.row_levels = selection.levels;
        // The pickers count by the list's own selection (see `library::choices`).
        let mut counting = crate::library::choices::Counting {
            selector,
            store,
            query,
            today,
            read,
        };
        match inputs.picker {
            Some(Overlay::Tags) => self.derived.tag_counts = counting.tags(),
            _ if languages_open => self.derived.lang_counts = counting.languages(),
            Some(Overlay::Dates) => {
                let ids = counting.undated();
                self.derived.histogram = months(store, &ids);
                let mut dates: Vec<_> = ids
                    .iter()
                    .filter_map(|&id| Some(store.get(id)?.date?.date))
                    .collect();
                dates.sort_unstable();
                self.derived.picker_dates = dates;
                self.derived.picker_rows = ids.len();
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
        let unpublished = store.unpublished();
        for (index, &id) in list.visible.iter().enumerate() {
            let mut columns = store.columns(id);
            // Room for the mark an unpublished post may carry (few posts are).
            if !unpublished.is_empty()
                && unpublished.contains(&id)
                && let Some(post) = store.get(id)
            {
                let mark = crate::text::width(widest_mark(post));
                columns.title = columns
                    .title
                    .saturating_add(u16::try_from(mark).unwrap_or(0));
            }
            // Grouped: the indent, and a section's mark and post count, take room too.
            let level = list
                .row_levels
                .get(index)
                .map_or(0, |&l| usize::from(l.min(8)));
            let section = list.section_rows.get(&id).map_or(0, |row| {
                crate::text::width(SECTION_MARK) + format!(" ({})", row.posts).len()
            });
            titles = titles.max(usize::from(columns.title) + 2 * level + section);
            tags = tags.max(usize::from(columns.tags));
        }
        list.title_columns = titles.min(MAX_TITLE_COLUMNS);
        list.tag_columns = tags.min(MAX_TAG_COLUMNS);
        // Nothing listed: nothing stale beside the empty list (the article, its info).
        if self.list.visible.is_empty() && self.load.progress.finished {
            self.reader.article = None;
            self.reader.reading = None;
            if self.popup.overlay == Some(Overlay::PostInfo) {
                self.popup.overlay = None;
            }
            if self.screen.focus != Focus::List {
                self.screen.focus = Focus::List;
            }
        }
    }

    /// List width (borders included) at which every title shows whole.
    pub(super) fn list_wants(&self) -> u16 {
        let tag = if self.list.tag_columns > 0 {
            self.list.tag_columns + 2
        } else {
            0
        };
        let wants =
            MARK_COLUMNS + self.list.title_columns + 2 + self.settings.date_columns + tag + 2;
        u16::try_from(wants).unwrap_or(u16::MAX)
    }
}
