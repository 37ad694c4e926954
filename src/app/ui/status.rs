//! The status line: "N of M posts", loading progress, skipped files and the latest notice on
//! the left, the help key on the right; or, while a search or link number is typed, the prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::input_spans;
use crate::app::state::{AppState, Focus, Prompt};
use crate::keys::{Command, input_hint};
use crate::library::store::HiddenCounts;
use crate::text::counted;

pub struct StatusLine<'a> {
    pub state: &'a AppState,
}

/// One part of the status line: its full text and, when it has one, a short form for a narrow
/// terminal (`261 ⚠` for `261 broken links (! lists them)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub full: String,
    pub short: Option<String>,
    /// How long it is kept on a narrow line: 0 longest (what the last key did), then where
    /// the change is, the problems' counts, the list's count, the rest.
    pub rank: u8,
}

impl Part {
    fn new(full: String, short: Option<String>, rank: u8) -> Part {
        Part { full, short, rank }
    }
}

/// How many of the listed rows hold only some of the search's words (a partial match, see
/// `SearchIndex::search`); 0 when the list is not searched.
fn partial_rows(state: &AppState) -> usize {
    (state.derived.last_hits())
        .filter(|_| state.list.query.searching())
        .map(|hits| {
            (state.list.visible.iter())
                .filter(|id| hits.partial.contains(id))
                .count()
        })
        .unwrap_or(0)
}

impl StatusLine<'_> {
    /// The status text, as plain parts (their full forms) joined by " · ".
    pub fn parts(&self) -> Vec<String> {
        self.ranked().into_iter().map(|p| p.full).collect()
    }

    /// The parts in the order shown, which is also their rank: what the last key did first
    /// (its answer is why the reader looks), then where the last save's change is, then the
    /// counts, then what stays true of the folder. A narrow terminal gets short forms from the
    /// end, then loses parts from the end ([`fit_parts`]).
    pub fn ranked(&self) -> Vec<Part> {
        let state = self.state;
        let mut parts = Vec::new();
        if let Some(notice) = &state.session.notice {
            parts.push(Part::new(notice.clone(), None, 0));
        }
        if let Some(change) = state.change_out_of_view() {
            let key = state.settings.keymap.hint(Command::GoToChange);
            parts.push(Part::new(
                format!("{change} · {key} goes there"),
                Some(change),
                1,
            ));
        }
        // Section pages are not posts, listed or not.
        let listed = state.list.visible.len() - state.list.section_rows.len();
        let all = state.store.len() - state.store.sections().len();
        let partial = partial_rows(state);
        parts.push(if partial > 0 {
            // Some of the posts hold only most of the words: say how many hold every one.
            let text = crate::text::sanitize(state.list.query.search.trim()).into_owned();
            let every = listed - partial;
            Part::new(
                format!(
                    "{} with every word of “{text}” · {partial} with some",
                    crate::text::counted(every, "post", "posts")
                ),
                Some(format!("{every}+{partial}/{all} “{text}”")),
                3,
            )
        } else if state.list.query.searching() {
            let text = crate::text::sanitize(state.list.query.search.trim()).into_owned();
            let match_ = if all == 1 { "matches" } else { "match" };
            Part::new(
                format!(
                    "{listed} of {} {match_} “{text}”",
                    crate::text::counted(all, "post", "posts")
                ),
                Some(format!("{listed}/{all} “{text}”")),
                3,
            )
        } else {
            Part::new(
                format!("{listed} of {}", crate::text::counted(all, "post", "posts")),
                Some(format!("{listed}/{all}")),
                3,
            )
        });
        if !state.load.progress.finished {
            let loading = &state.load.progress;
            parts.push(Part::new(
                if loading.walked {
                    format!("loading {}/{}…", loading.read, loading.found)
                } else if loading.found == 0 {
                    "loading: finding posts…".to_string()
                } else {
                    format!(
                        "loading {}/{}+ (still finding)…",
                        loading.read, loading.found
                    )
                },
                Some("loading…".to_string()),
                4,
            ));
        }
        if let Some((done, total)) = state.load.fetching {
            parts.push(Part::new(format!("fetching {done}/{total}…"), None, 4));
        }
        if let Some((done, total)) = state.load.indexing {
            let percent = done * 100 / total.max(1);
            parts.push(Part::new(
                format!("indexing for search {percent}%…"),
                Some(format!("indexing {percent}%")),
                5,
            ));
        }
        if state.screen.zoomed && state.screen.focus != Focus::List {
            parts.push(Part::new(
                format!(
                    "zoomed: {} brings the panes back",
                    state.settings.keymap.hint(Command::Zoom)
                ),
                Some("zoomed".to_string()),
                5,
            ));
        }
        for root in &state.load.missing {
            parts.push(Part::new(
                format!(
                    "{} is gone; waiting for it to come back",
                    crate::text::sanitize(&root.to_string_lossy())
                ),
                Some("a folder is gone".to_string()),
                2,
            ));
        }
        if let Some(hidden) = hidden_summary(&state.list.hidden) {
            let n = state.list.hidden.total();
            parts.push(Part::new(hidden, Some(format!("{n} hidden")), 6));
        }
        let problems = state.store.diagnostic_count() + state.load.skipped.len();
        let diagnostics_key = state.settings.keymap.hint(Command::ToggleDiagnostics);
        let broken = state.broken_link_count();
        let mut short = Vec::new();
        if problems > 0 {
            short.push(format!("{problems} {diagnostics_key}"));
        }
        if broken > 0 {
            short.push(format!("{broken} ⚠"));
        }
        let short = Some(short.join(" "));
        match (problems, state.load.skipped.as_slice(), broken) {
            (0, _, 0) => {}
            (1, [only], 0) => parts.push(Part::new(format!("skipped {only}"), short, 2)),
            (problems, _, broken) => {
                let mut counts = Vec::new();
                if problems > 0 {
                    counts.push(counted(problems, "diagnostic", "diagnostics"));
                }
                if broken > 0 {
                    counts.push(counted(broken, "broken link", "broken links"));
                }
                let them = if problems + broken == 1 { "it" } else { "them" };
                parts.push(Part::new(
                    format!("{} ({diagnostics_key} lists {them})", counts.join(", ")),
                    short,
                    2,
                ));
            }
        }
        parts
    }
}

/// `parts` joined by " · " in at most `columns` display columns, in their order: whole parts,
/// their short forms taken from the lowest rank (highest [`Part::rank`]) up as needed, then the
/// lowest ranks left out; the one part left, still too long, is cut at a word's end with `…`.
/// Never a word cut in two.
pub fn fit_parts(parts: &[Part], columns: usize) -> String {
    let mut texts: Vec<Option<&str>> = parts.iter().map(|p| Some(p.full.as_str())).collect();
    let joined = |texts: &[Option<&str>]| {
        texts
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let fits = |texts: &[Option<&str>]| crate::text::width(&joined(texts)) <= columns;
    // Lowest rank first; at one rank, the later part first.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| parts[b].rank.cmp(&parts[a].rank).then(b.cmp(&a)));
    if fits(&texts) {
        return joined(&texts);
    }
    for &i in &order {
        if let Some(short) = &parts[i].short {
            texts[i] = Some(short);
            if fits(&texts) {
                return joined(&texts);
            }
        }
    }
    for &i in &order {
        if texts.iter().flatten().count() == 1 {
            break;
        }
        texts[i] = None;
        if fits(&texts) {
            return joined(&texts);
        }
    }
    let Some(first) = texts.iter().flatten().next() else {
        return String::new();
    };
    // Cut at the last word that fits, with room for the `…`.
    let mut out = String::new();
    for word in first.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if crate::text::width(&next) + 1 > columns {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        return crate::text::fit(first, columns).trim_end().to_string();
    }
    format!("{out}…")
}

/// For the status line: `3 drafts hidden`, `64 not articles, 1 draft, 2 scheduled hidden`;
/// `None` for none.
pub fn hidden_summary(hidden: &HiddenCounts) -> Option<String> {
    let mut parts = Vec::new();
    match hidden.not_articles {
        0 => {}
        1 => parts.push("1 not an article".to_string()),
        n => parts.push(format!("{n} not articles")),
    }
    match hidden.drafts {
        0 => {}
        1 => parts.push("1 draft".to_string()),
        n => parts.push(format!("{n} drafts")),
    }
    if hidden.scheduled > 0 {
        parts.push(format!("{} scheduled", hidden.scheduled));
    }
    if hidden.expired > 0 {
        parts.push(format!("{} expired", hidden.expired));
    }
    (!parts.is_empty()).then(|| format!("{} hidden", parts.join(", ")))
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = &self.state.settings.theme;
        if let Some(prompt) = self.state.popup.prompt {
            let links = self.state.document().map_or(0, |d| d.links.len());
            let label = match prompt {
                Prompt::Search => " /".to_string(),
                Prompt::OpenLink => format!(" open link (1–{links}): "),
                Prompt::CopyLink => format!(" copy link (1–{links}): "),
            };
            let (enter, esc) = (input_hint(Command::Activate), input_hint(Command::Back));
            let hint = match prompt {
                Prompt::Search if self.state.list.query.searching() => {
                    let found = self.state.list.visible.len() - self.state.list.section_rows.len();
                    let partial = partial_rows(self.state);
                    let noun = if found == 1 {
                        "post matches"
                    } else {
                        "posts match"
                    };
                    let found = match partial {
                        0 => format!("{found} {noun}"),
                        // As the status line says it once the search is kept.
                        _ => format!("{} with every word · {partial} with some", found - partial),
                    };
                    format!("  {found} · {enter} keeps · {esc} cancels ")
                }
                Prompt::Search => format!("  {enter} keeps · {esc} cancels "),
                _ => format!("  {enter} · {esc} cancels "),
            };
            let columns = usize::from(area.width).saturating_sub(crate::text::width(&hint));
            let label = Span::styled(label, theme.status_key);
            let mut spans = input_spans(label, self.state.prompt_text(), columns, theme.selected);
            spans.push(Span::raw(hint));
            let line = Line::from(spans);
            Paragraph::new(line).style(theme.status).render(area, buf);
            return;
        }
        let ranked = self.ranked();
        // The keys in use, which the config may have changed.
        let keymap = &self.state.settings.keymap;
        let mut hints = Vec::new();
        if let Some(key) = keymap.first_key(Command::ToggleHelp) {
            hints.push(format!("{key} help"));
        }
        if let Some(key) = keymap.first_key(Command::Quit) {
            hints.push(format!("{key} quit"));
        }
        let help = format!(" {} ", hints.join("  "));
        let help = help.as_str();
        let room = usize::from(area.width).saturating_sub(crate::text::width(help));
        let left = crate::text::fit(
            &format!(" {}", fit_parts(&ranked, room.saturating_sub(1))),
            room,
        );
        let line = Line::from(vec![
            Span::styled(left, theme.status),
            Span::styled(help, theme.status_key),
        ]);
        Paragraph::new(line).style(theme.status).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(full: &str, short: Option<&str>, rank: u8) -> Part {
        Part::new(full.to_string(), short.map(str::to_string), rank)
    }

    #[test]
    fn a_narrow_line_shortens_the_least_kept_first_then_leaves_them_out_never_a_word_cut() {
        let parts = [
            part(
                "changed: ## Impact on DeFi, 7 lines below · . goes there",
                Some("changed: ## Impact on DeFi, 7 lines below"),
                1,
            ),
            part("12 of 40 posts", Some("12/40"), 3),
            part("64 not articles hidden", Some("64 hidden"), 6),
            part(
                "3 diagnostics, 261 broken links (! lists them)",
                Some("3 ! 261 ⚠"),
                2,
            ),
        ];
        let wide = fit_parts(&parts, 200);
        assert!(wide.ends_with("(! lists them)"), "{wide}");
        // 80 columns less the help keys: the heading whole and the counts, short.
        assert_eq!(
            fit_parts(&parts, 63),
            "changed: ## Impact on DeFi, 7 lines below · 12/40 · 3 ! 261 ⚠"
        );
        let narrow = fit_parts(&parts, 30);
        assert!(crate::text::width(&narrow) <= 30, "{narrow}");
        assert!(narrow.ends_with('…'), "{narrow}");
        assert!(
            "changed: ## Impact on DeFi, 7 lines below".starts_with(narrow.trim_end_matches('…')),
            "cut at a word's end: {narrow}"
        );
    }
}
