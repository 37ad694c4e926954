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

impl StatusLine<'_> {
    /// The status text, as plain parts joined by " · ".
    pub fn parts(&self) -> Vec<String> {
        let state = self.state;
        // Section pages are not posts, listed or not.
        let listed = state.list.visible.len() - state.list.section_rows.len();
        let all = state.store.len() - state.store.sections().len();
        let mut parts = vec![if state.list.query.searching() {
            let text = crate::text::sanitize(state.list.query.search.trim()).into_owned();
            let match_ = if all == 1 { "matches" } else { "match" };
            format!(
                "{listed} of {} {match_} “{text}”",
                crate::text::counted(all, "post", "posts")
            )
        } else {
            format!("{listed} of {}", crate::text::counted(all, "post", "posts"))
        }];
        if !state.load.progress.finished {
            let loading = &state.load.progress;
            parts.push(if loading.walked {
                format!("loading {}/{}…", loading.read, loading.found)
            } else if loading.found == 0 {
                "loading: finding posts…".to_string()
            } else {
                format!(
                    "loading {}/{}+ (still finding)…",
                    loading.read, loading.found
                )
            });
        }
        if let Some((done, total)) = state.load.fetching {
            parts.push(format!("fetching {done}/{total}…"));
        }
        if let Some((done, total)) = state.load.indexing {
            parts.push(format!(
                "indexing for search {}%…",
                done * 100 / total.max(1)
            ));
        }
        if let Some(change) = state.change_out_of_view() {
            parts.push(format!(
                "{change} · {} goes there",
                state.settings.keymap.hint(Command::GoToChange)
            ));
        }
        if state.screen.zoomed && state.screen.focus != Focus::List {
            parts.push(format!(
                "zoomed: {} brings the panes back",
                state.settings.keymap.hint(Command::Zoom)
            ));
        }
        for root in &state.load.missing {
            parts.push(format!(
                "{} is gone; waiting for it to come back",
                crate::text::sanitize(&root.to_string_lossy())
            ));
        }
        // What the last key did comes before what stays true of the folder, so a long line
        // cuts the counts, not the answer.
        if let Some(notice) = &state.session.notice {
            parts.push(notice.clone());
        }
        parts.extend(hidden_summary(&state.list.hidden));
        let problems = state.store.diagnostic_count() + state.load.skipped.len();
        let diagnostics_key = state.settings.keymap.hint(Command::ToggleDiagnostics);
        let broken = state.broken_link_count();
        match (problems, state.load.skipped.as_slice(), broken) {
            (0, _, 0) => {}
            (1, [only], 0) => parts.push(format!("skipped {only}")),
            (problems, _, broken) => {
                let mut counts = Vec::new();
                if problems > 0 {
                    counts.push(counted(problems, "diagnostic", "diagnostics"));
                }
                if broken > 0 {
                    counts.push(counted(broken, "broken link", "broken links"));
                }
                let them = if problems + broken == 1 { "it" } else { "them" };
                parts.push(format!(
                    "{} ({diagnostics_key} lists {them})",
                    counts.join(", ")
                ));
            }
        }
        parts
    }
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
                    let noun = if found == 1 {
                        "post matches"
                    } else {
                        "posts match"
                    };
                    format!("  {found} {noun} · {enter} keeps · {esc} cancels ")
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
        let left = format!(" {}", self.parts().join(" · "));
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
        let room = usize::from(area.width).saturating_sub(help.len());
        let left = crate::text::fit(&left, room);
        let line = Line::from(vec![
            Span::styled(left, theme.status),
            Span::styled(help, theme.status_key),
        ]);
        Paragraph::new(line).style(theme.status).render(area, buf);
    }
}
