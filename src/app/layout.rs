//! Where each pane goes for a terminal size and focus. `update` (to know viewport heights and the
//! article's width) and `ui` (to draw) both ask this one function, so they always agree.
//!
//! Browsing (the list focused), the list gets the room its titles need and the article is a
//! preview beside it; reading (the article or contents focused), the list narrows and the table
//! of contents appears on the right (from 100 columns). Wide terminals (140+ columns) show all
//! three; narrow ones (under 60) show only the focused pane. The reader (`c`) or the post's
//! `toc: false` can show or hide the contents whatever the width.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

use super::state::Focus;

/// Width of the table of contents sidebar, in columns (borders included).
pub const TOC_WIDTH: u16 = 28;

pub use crate::config::READING_WIDTH;

/// Whether the table of contents should be shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TocWish {
    /// Where there is room: 140+ columns, or 100+ while reading.
    #[default]
    Auto,
    /// Beside the article whenever the panes are side by side.
    Shown,
    /// Never.
    Hidden,
}

/// The pane rectangles. Each pane except the status line has a one-cell border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub list: Option<Rect>,
    pub article: Option<Rect>,
    pub toc: Option<Rect>,
    /// The bottom row.
    pub status: Rect,
    /// The article's text is at most this wide, in columns ([`READING_WIDTH`] when 0).
    pub reading_width: u16,
}

impl Panes {
    /// Rows of the list inside its border (0 when the list is hidden).
    pub fn list_rows(&self) -> usize {
        self.list.map_or(0, |r| usize::from(inner(r).height))
    }

    /// Where article text goes: inside the border, with one column of padding on each side,
    /// at most [`Panes::reading_width`] columns wide and centred.
    pub fn article_text(&self) -> Option<Rect> {
        let reading = match self.reading_width {
            0 => READING_WIDTH,
            width => width,
        };
        self.article.map(|r| {
            let text = inner(r).inner(Margin::new(1, 0));
            let spare = text.width.saturating_sub(reading);
            Rect {
                x: text.x + spare / 2,
                width: text.width - spare,
                ..text
            }
        })
    }

    /// Rows of the table of contents inside its border (0 when hidden).
    pub fn toc_rows(&self) -> usize {
        self.toc.map_or(0, |r| usize::from(inner(r).height))
    }
}

/// The area inside a pane's border.
pub fn inner(pane: Rect) -> Rect {
    pane.inner(Margin::new(1, 1))
}

/// Lays out `area` for `focus`. `list_wants` is the list width (columns, borders included) at
/// which no title is cut.
pub fn layout(area: Rect, focus: Focus, list_wants: u16, toc: TocWish) -> Panes {
    let [body, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let mut panes = Panes {
        status,
        ..Panes::default()
    };
    let width = body.width;
    if width < 60 {
        match focus {
            Focus::List => panes.list = Some(body),
            Focus::Article => panes.article = Some(body),
            Focus::Toc if toc != TocWish::Hidden => panes.toc = Some(body),
            Focus::Toc => panes.article = Some(body),
        }
        return panes;
    }
    let show_toc = match toc {
        TocWish::Auto => width >= 140 || (width >= 100 && focus != Focus::List),
        TocWish::Shown => true,
        TocWish::Hidden => false,
    };
    let toc = if show_toc { TOC_WIDTH } else { 0 };
    let rest = width - toc;
    let list = if focus == Focus::List {
        list_wants.min(rest * 65 / 100).max(30)
    } else {
        (width * 30 / 100).clamp(24, 44)
    };
    let [list_area, article_area, toc_area] = Layout::horizontal([
        Constraint::Length(list),
        Constraint::Min(0),
        Constraint::Length(toc),
    ])
    .areas(body);
    panes.list = Some(list_area);
    panes.article = Some(article_area);
    panes.toc = show_toc.then_some(toc_area);
    panes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsing_at_120_columns_gives_the_list_its_titles() {
        let panes = layout(Rect::new(0, 0, 120, 40), Focus::List, 72, TocWish::Auto);
        assert_eq!(panes.list.map(|r| r.width), Some(72));
        assert!(panes.toc.is_none());
        assert_eq!(panes.status, Rect::new(0, 39, 120, 1));
    }

    #[test]
    fn reading_at_120_columns_shows_all_three_panes() {
        let panes = layout(Rect::new(0, 0, 120, 40), Focus::Article, 72, TocWish::Auto);
        let (list, article, toc) = (
            panes.list.expect("list"),
            panes.article.expect("article"),
            panes.toc.expect("toc"),
        );
        assert_eq!(list.width + article.width + toc.width, 120);
        assert!(article.width > list.width);
        assert_eq!(toc.width, TOC_WIDTH);
    }

    #[test]
    fn article_text_is_capped_at_the_reading_width_and_centred() {
        let panes = layout(Rect::new(0, 0, 300, 50), Focus::Article, 72, TocWish::Auto);
        let pane = panes.article.expect("article");
        let text = panes.article_text().expect("text");
        assert_eq!(text.width, READING_WIDTH);
        let (left, right) = (text.x - pane.x, pane.right() - text.right());
        assert!(left.abs_diff(right) <= 1, "{left} vs {right}");
        let narrow = layout(Rect::new(0, 0, 120, 40), Focus::Article, 72, TocWish::Auto);
        let pane = narrow.article.expect("article");
        assert_eq!(narrow.article_text().map(|t| t.width), Some(pane.width - 4));
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane_alone() {
        let panes = layout(Rect::new(0, 0, 40, 12), Focus::Toc, 72, TocWish::Auto);
        assert!(panes.list.is_none() && panes.article.is_none());
        assert_eq!(panes.toc, Some(Rect::new(0, 0, 40, 11)));
    }

    #[test]
    fn the_contents_follow_the_readers_choice_at_any_width() {
        let hidden = layout(
            Rect::new(0, 0, 200, 50),
            Focus::Article,
            72,
            TocWish::Hidden,
        );
        assert!(hidden.toc.is_none());
        let shown = layout(Rect::new(0, 0, 80, 24), Focus::List, 40, TocWish::Shown);
        assert_eq!(shown.toc.map(|r| r.width), Some(TOC_WIDTH));
        let auto = layout(Rect::new(0, 0, 80, 24), Focus::Article, 40, TocWish::Auto);
        assert!(auto.toc.is_none(), "below 100 columns it hides itself");
    }

    #[test]
    fn tiny_and_empty_areas_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (59, 2), (60, 1), (300, 100)] {
            for focus in [Focus::List, Focus::Article, Focus::Toc] {
                let panes = layout(Rect::new(0, 0, w, h), focus, 90, TocWish::Auto);
                let _ = (panes.list_rows(), panes.article_text(), panes.toc_rows());
            }
        }
    }
}
