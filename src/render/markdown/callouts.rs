//! Callouts' titles, which the callouts' rewrite marks ([`crate::content::callouts`]): the
//! title and the callout's bar in its tone's colour ([`Tone`]); and foldable callouts
//! (`> [!tip]- Title` folded, `> [!tip]+ Title` open; MkDocs `???`): the title after `▸`
//! (folded) or `▾` (open), and the body only when open. The reader opens or closes one with
//! Enter, named by its title's file line in
//! [`crate::render::RenderOptions::toggled_callouts`].

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Block, Fold, Writer};
use crate::content::callouts::{FOLDED, Tone, UNFOLDED, is_mark};

/// Where the writer is in a folded callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Folding {
    No,
    /// In its title (bold): the body is left out from the title's end on.
    Title,
    /// In its body, this many quotes deeper than the callout's own: left out.
    Body(usize),
}

impl Writer<'_> {
    /// A callout's title text, its marks first: its tone colours the title and the callout's
    /// bar; a foldable one is shown after `▸` or `▾`, its fold noted, and a folded one's body
    /// left out from the title's end.
    pub(super) fn callout_title(&mut self, text: &str) {
        let mut rest = text;
        let mut open_as_written = None;
        let mut tone = None;
        while let Some(mark) = rest.chars().next().filter(|&c| is_mark(c)) {
            match mark {
                FOLDED => open_as_written = Some(false),
                UNFOLDED => open_as_written = Some(true),
                other => tone = Tone::of_mark(other),
            }
            rest = &rest[mark.len_utf8()..];
        }
        let style = tone.map(|tone| self.theme.callout[tone as usize]);
        if let Some(style) = style
            && let Some(Block::Quote(bar)) =
                (self.blocks.iter_mut().rev()).find(|b| matches!(b, Block::Quote(_)))
        {
            *bar = bar.patch(style);
        }
        self.push_style(style.unwrap_or_default());
        if let Some(open_as_written) = open_as_written {
            let source = self.at;
            let open = open_as_written != self.toggled_callouts.contains(&source);
            self.folds.push(Fold { source, open });
            self.push_inline(if open { "▾ " } else { "▸ " }, self.style());
            if !open {
                self.folding = Folding::Title;
            }
        }
        self.text(rest, rest);
        self.styles.pop();
    }

    /// Whether `event` is left out as part of a folded callout's body; the callout's own end is
    /// not, nor is the end of its title.
    pub(super) fn folded_away(&mut self, event: &Event<'_>) -> bool {
        match (self.folding, event) {
            (Folding::No, _) => false,
            (Folding::Title, Event::End(TagEnd::Strong)) => {
                self.end_tag(TagEnd::Strong);
                self.folding = Folding::Body(0);
                true
            }
            (Folding::Title, _) => false,
            (Folding::Body(depth), Event::Start(Tag::BlockQuote(_))) => {
                self.folding = Folding::Body(depth + 1);
                true
            }
            (Folding::Body(0), Event::End(TagEnd::BlockQuote(_))) => {
                self.folding = Folding::No;
                false
            }
            (Folding::Body(depth), Event::End(TagEnd::BlockQuote(_))) => {
                self.folding = Folding::Body(depth - 1);
                true
            }
            (Folding::Body(_), _) => true,
        }
    }
}
