//! Overlays, pickers and the prompt: what they are and the text they edit.

use super::{AppState, DateRange, PostId, Store, Tag};
use jiff::civil::Date;

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
    /// Every language with its post count; choose one to filter by.
    Languages,
    /// A picture of the open post at the article pane's full size.
    Picture,
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

/// Posts per month among `ids`, every month from the oldest post's to the newest's.
pub(super) fn months(store: &Store, ids: &[PostId]) -> Vec<MonthCount> {
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

impl AppState {
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
}
