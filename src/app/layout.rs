//! Where each pane goes for a terminal size and focus. `update` (to know viewport heights and the
//! article's width) and `ui` (to draw) both ask this one function, so they always agree.
//!
//! Browsing (the list focused), the list gets the room its titles need and the article is a
//! preview beside it; reading (the article or contents focused), the article keeps 70 columns of
//! text and its reading width, and the contents and the list share what is left, each as wide as
//! its headings or titles (up to a cap), or are hidden when there is no room. Narrow terminals
//! (under 60) show only the focused pane; zoomed (`z`), reading shows only the article. The
//! reader (`c`) or the post's `toc: false` can show or hide the contents whatever the width.

use ratatui::layout::{Margin, Rect};

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    List,
    Article,
    Toc,
}

/// Width of the table of contents sidebar when it has no room to spare, in columns (borders
/// included).
pub const TOC_WIDTH: u16 = 28;

/// The narrowest the contents are shown beside the article while reading (columns, borders
/// included), and the widest they grow to fit their headings.
const TOC_MIN: u16 = TOC_WIDTH;
const TOC_CAP: u16 = 44;

/// The narrowest the list is shown beside the article while reading, and the widest it grows to
/// fit its titles (columns, borders included).
const LIST_MIN: u16 = 20;
const LIST_CAP: u16 = 64;

/// While reading, the article pane keeps at least this many columns (borders included; 68
/// columns of text) before the list or the contents are shown beside it: at 120 columns all
/// three panes fit, at 80 the article is alone (76 columns of text).
const ARTICLE_MIN: u16 = 72;

/// Columns of an article pane around its text: two borders and a column of padding each side.
const ARTICLE_FRAME: u16 = 4;

pub use crate::config::READING_WIDTH;

/// Whether the table of contents should be shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TocShown {
    /// Where there is room: 140+ columns, or 100+ while reading; not for a post without
    /// headings.
    #[default]
    Auto,
    /// Beside the article whenever the panes are side by side.
    Shown,
    /// Never.
    Hidden,
}

/// What the layout is asked for, beside the terminal size and the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wishes {
    /// The list width (columns, borders included) at which no title is cut.
    pub list: u16,
    /// The contents width (columns, borders included) at which no heading is cut; 0 when the
    /// post has no headings.
    pub toc_width: u16,
    pub toc_shown: TocShown,
    /// The article alone, at the whole width, while reading (`z`).
    pub zoomed: bool,
    /// The article's measure, in columns ([`READING_WIDTH`] when 0).
    pub reading_width: u16,
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

/// Lays out `area` for `focus` and `wishes`.
///
/// Browsing, the list gets the room its titles need (up to 65%). Reading, the article keeps
/// [`ARTICLE_MIN`] columns; the contents, then the list, are shown beside it where there is
/// room for them; the article then grows to its reading width, then the contents and the list
/// grow to fit their headings and titles (up to their caps), and what is left goes to the
/// article (its text stays centred at the reading width).
pub fn layout(area: Rect, focus: Focus, wishes: Wishes) -> Panes {
    // The last row is the status line. The panes' widths are worked out below, so they are
    // placed by arithmetic: ratatui's constraint solver took ~35 µs for each new set of widths.
    let status_rows = area.height.min(1);
    let body = Rect {
        height: area.height - status_rows,
        ..area
    };
    let status = Rect {
        y: area.y + body.height,
        height: status_rows,
        ..area
    };
    let mut panes = Panes {
        status,
        reading_width: wishes.reading_width,
        ..Panes::default()
    };
    let width = body.width;
    let reading = focus != Focus::List;
    if width < 60 || (reading && wishes.zoomed) {
        match focus {
            Focus::List => panes.list = Some(body),
            Focus::Toc if toc_allowed(wishes) && !wishes.zoomed => panes.toc = Some(body),
            Focus::Article | Focus::Toc => panes.article = Some(body),
        }
        return panes;
    }
    let (list, toc) = if reading {
        reading_widths(width, wishes)
    } else {
        let show_toc = match wishes.toc_shown {
            TocShown::Auto => width >= 140 && wishes.toc_width > 0,
            TocShown::Shown => true,
            TocShown::Hidden => false,
        };
        let toc = if show_toc { TOC_WIDTH } else { 0 };
        let rest = width - toc;
        (wishes.list.min(rest * 65 / 100).max(30), toc)
    };
    let list = list.min(width);
    let toc = toc.min(width - list);
    let column = |x: u16, width: u16| Rect { x, width, ..body };
    let list_area = column(body.x, list);
    let article_area = column(body.x + list, width - list - toc);
    let toc_area = column(body.x + width - toc, toc);
    panes.list = (list > 0).then_some(list_area);
    panes.article = Some(article_area);
    panes.toc = (toc > 0).then_some(toc_area);
    panes
}

/// Whether the contents may be shown at all.
fn toc_allowed(wishes: Wishes) -> bool {
    match wishes.toc_shown {
        TocShown::Auto => wishes.toc_width > 0,
        TocShown::Shown => true,
        TocShown::Hidden => false,
    }
}

/// The list's and the contents' widths while reading (0: not shown), for a body `width`
/// columns wide (at least 60).
fn reading_widths(width: u16, wishes: Wishes) -> (u16, u16) {
    let article_min = ARTICLE_MIN.min(width);
    let mut toc = match wishes.toc_shown {
        TocShown::Shown => TOC_MIN,
        _ if toc_allowed(wishes) && width >= article_min + TOC_MIN => TOC_MIN,
        _ => 0,
    };
    let mut list = if width >= article_min + toc + LIST_MIN {
        LIST_MIN
    } else {
        0
    };
    let mut spare = width.saturating_sub(article_min + toc + list);
    let reading = match wishes.reading_width {
        0 => READING_WIDTH,
        w => w,
    };
    // The article first grows to its reading width.
    let article_wants = (reading + ARTICLE_FRAME).saturating_sub(article_min);
    spare -= spare.min(article_wants);
    if toc > 0 {
        let grow = (wishes.toc_width.clamp(TOC_MIN, TOC_CAP) - TOC_MIN).min(spare);
        toc += grow;
        spare -= grow;
    }
    if list > 0 {
        let grow = (wishes.list.clamp(LIST_MIN, LIST_CAP) - LIST_MIN).min(spare);
        list += grow;
    }
    (list, toc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wishes(list: u16, toc: TocShown) -> Wishes {
        Wishes {
            list,
            toc_width: 30,
            toc_shown: toc,
            ..Wishes::default()
        }
    }

    #[test]
    fn browsing_at_120_columns_gives_the_list_its_titles() {
        let panes = layout(
            Rect::new(0, 0, 120, 40),
            Focus::List,
            wishes(72, TocShown::Auto),
        );
        assert_eq!(panes.list.map(|r| r.width), Some(72));
        assert!(panes.toc.is_none());
        assert_eq!(panes.status, Rect::new(0, 39, 120, 1));
    }

    #[test]
    fn reading_at_120_columns_keeps_the_article_then_the_contents() {
        let panes = layout(
            Rect::new(0, 0, 120, 40),
            Focus::Article,
            wishes(72, TocShown::Auto),
        );
        let (list, article, toc) = (
            panes.list.expect("list"),
            panes.article.expect("article"),
            panes.toc.expect("toc"),
        );
        assert_eq!(
            (list.width, article.width, toc.width),
            (LIST_MIN, ARTICLE_MIN, TOC_MIN)
        );
        let wider = layout(
            Rect::new(0, 0, 152, 40),
            Focus::Article,
            wishes(72, TocShown::Auto),
        );
        assert_eq!(
            (wider.list.map(|r| r.width), wider.article.map(|r| r.width)),
            (Some(LIST_MIN), Some(READING_WIDTH + ARTICLE_FRAME)),
            "the article grows to its reading width before the side panes grow"
        );
    }

    #[test]
    fn reading_at_80_columns_gives_the_article_at_least_70_columns_of_text() {
        for width in [80, 91, 100, 110] {
            let panes = layout(
                Rect::new(0, 0, width, 24),
                Focus::Article,
                wishes(72, TocShown::Auto),
            );
            assert!(panes.article.expect("article").width >= 70, "{width}");
        }
        let panes = layout(
            Rect::new(0, 0, 80, 24),
            Focus::Article,
            wishes(72, TocShown::Auto),
        );
        assert!(panes.list.is_none() && panes.toc.is_none());
    }

    #[test]
    fn reading_at_200_columns_the_side_panes_fit_their_text_up_to_a_cap() {
        let panes = layout(
            Rect::new(0, 0, 200, 60),
            Focus::Article,
            wishes(50, TocShown::Auto),
        );
        assert_eq!(panes.list.map(|r| r.width), Some(50));
        assert_eq!(panes.toc.map(|r| r.width), Some(30));
        let text = panes.article_text().expect("text");
        assert_eq!(text.width, READING_WIDTH);
        let capped = layout(
            Rect::new(0, 0, 200, 60),
            Focus::Article,
            wishes(150, TocShown::Auto),
        );
        assert_eq!(capped.list.map(|r| r.width), Some(LIST_CAP));
    }

    #[test]
    fn zoomed_reading_gives_the_article_every_column() {
        let zoomed = Wishes {
            zoomed: true,
            ..wishes(50, TocShown::Shown)
        };
        let panes = layout(Rect::new(0, 0, 200, 60), Focus::Article, zoomed);
        assert!(panes.list.is_none() && panes.toc.is_none());
        assert_eq!(panes.article, Some(Rect::new(0, 0, 200, 59)));
        // Browsing, the list is there whatever the zoom.
        let browsing = layout(Rect::new(0, 0, 200, 60), Focus::List, zoomed);
        assert!(browsing.list.is_some());
    }

    #[test]
    fn article_text_is_capped_at_the_reading_width_and_centred() {
        let panes = layout(
            Rect::new(0, 0, 300, 50),
            Focus::Article,
            wishes(72, TocShown::Auto),
        );
        let pane = panes.article.expect("article");
        let text = panes.article_text().expect("text");
        assert_eq!(text.width, READING_WIDTH);
        let (left, right) = (text.x - pane.x, pane.right() - text.right());
        assert!(left.abs_diff(right) <= 1, "{left} vs {right}");
        let narrow = layout(
            Rect::new(0, 0, 120, 40),
            Focus::Article,
            wishes(72, TocShown::Auto),
        );
        let pane = narrow.article.expect("article");
        assert_eq!(narrow.article_text().map(|t| t.width), Some(pane.width - 4));
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane_alone() {
        let panes = layout(
            Rect::new(0, 0, 40, 12),
            Focus::Toc,
            wishes(72, TocShown::Auto),
        );
        assert!(panes.list.is_none() && panes.article.is_none());
        assert_eq!(panes.toc, Some(Rect::new(0, 0, 40, 11)));
    }

    #[test]
    fn the_contents_follow_the_readers_choice_at_any_width() {
        let hidden = layout(
            Rect::new(0, 0, 200, 50),
            Focus::Article,
            wishes(72, TocShown::Hidden),
        );
        assert!(hidden.toc.is_none());
        let shown = layout(
            Rect::new(0, 0, 80, 24),
            Focus::List,
            wishes(40, TocShown::Shown),
        );
        assert_eq!(shown.toc.map(|r| r.width), Some(TOC_WIDTH));
        let auto = layout(
            Rect::new(0, 0, 80, 24),
            Focus::Article,
            wishes(40, TocShown::Auto),
        );
        assert!(auto.toc.is_none(), "below 100 columns it hides itself");
        let no_headings = Wishes {
            toc_width: 0,
            ..wishes(40, TocShown::Auto)
        };
        let none = layout(Rect::new(0, 0, 200, 50), Focus::Article, no_headings);
        assert!(
            none.toc.is_none(),
            "a post without headings has no contents pane"
        );
    }

    #[test]
    fn tiny_and_empty_areas_do_not_panic() {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (59, 2),
            (60, 1),
            (61, 5),
            (99, 5),
            (300, 100),
        ] {
            for focus in [Focus::List, Focus::Article, Focus::Toc] {
                for toc_shown in [TocShown::Auto, TocShown::Shown, TocShown::Hidden] {
                    for zoomed in [false, true] {
                        let wishes = Wishes {
                            zoomed,
                            ..wishes(90, toc_shown)
                        };
                        let panes = layout(Rect::new(0, 0, w, h), focus, wishes);
                        let _ = (panes.list_rows(), panes.article_text(), panes.toc_rows());
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The panes are placed as ratatui's solver places a list, an article and contents of
        /// these widths, with the status line on the last row.
        #[test]
        fn panes_are_placed_as_the_constraint_solver_places_them(
            (x, y, w, h) in (0u16..5, 0u16..5, 0u16..320, 0u16..80),
            focus in proptest::sample::select(vec![Focus::List, Focus::Article, Focus::Toc]),
            toc_shown in proptest::sample::select(vec![TocShown::Auto, TocShown::Shown, TocShown::Hidden]),
            (list, toc, reading_width, zoomed) in (0u16..200, 0u16..120, 0u16..150, proptest::bool::ANY),
        ) {
            use ratatui::layout::{Constraint, Layout};
            let area = Rect::new(x, y, w, h);
            let wishes = Wishes { list, toc_width: toc, toc_shown, zoomed, reading_width };
            let panes = layout(area, focus, wishes);
            let [body, status] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
            proptest::prop_assert_eq!(panes.status, status);
            let width = |pane: Option<Rect>| pane.map_or(0, |r| r.width);
            if let Some(article) = panes.article.filter(|a| a.width < body.width) {
                let [l, a, t] = Layout::horizontal([
                    Constraint::Length(width(panes.list)),
                    Constraint::Min(0),
                    Constraint::Length(width(panes.toc)),
                ])
                .areas(body);
                proptest::prop_assert_eq!(article, a);
                proptest::prop_assert_eq!(panes.list.unwrap_or(l), l);
                proptest::prop_assert_eq!(panes.toc.unwrap_or(t), t);
            } else {
                let whole = [panes.list, panes.article, panes.toc].into_iter().flatten();
                proptest::prop_assert!(whole.clone().count() <= 1);
                for pane in whole {
                    proptest::prop_assert_eq!(pane, body);
                }
            }
        }
    }
}
