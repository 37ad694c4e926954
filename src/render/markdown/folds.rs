//! Foldable callouts (`> [!tip]- Title` folded, `> [!tip]+ Title` open; MkDocs `???`): the
//! title, after `▸` (folded) or `▾` (open), and the body only when open. The callouts' rewrite
//! marks the title ([`crate::content::callouts::FOLDED`]); the reader opens or closes one with
//! Enter, named by its title's file line in
//! [`crate::render::RenderOptions::toggled_callouts`].

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Fold, Writer};
use crate::content::callouts::UNFOLDED;

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
    /// A foldable callout's title text (its mark first): shown after `▸` or `▾`, its fold noted,
    /// and a folded one's body left out from the title's end.
    pub(super) fn fold_title(&mut self, text: &str) {
        let mut chars = text.chars();
        let open_as_written = chars.next() == Some(UNFOLDED);
        let source = self.at;
        let open = open_as_written != self.toggled_callouts.contains(&source);
        self.folds.push(Fold { source, open });
        self.push_inline(if open { "▾ " } else { "▸ " }, self.style());
        let rest = chars.as_str();
        self.text(rest, rest);
        if !open {
            self.folding = Folding::Title;
        }
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
