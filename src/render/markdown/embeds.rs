//! Embedded notes (`![[Note#Heading]]`) shown inline: after the paragraph that holds the embed's
//! `↳` link, the part it names, as a quote ([`crate::library::embeds`] finds it). Its lines map
//! to the embed's line of the file; its headings are not the post's (no contents entry, no
//! anchor). A note is never shown inside itself, and embeds are shown
//! [`crate::library::embeds::MAX_EMBED_DEPTH`] notes deep at most: past that, or in a loop,
//! the link alone stands.

use pulldown_cmark::{Parser, Tag, TagEnd};

use super::{Writer, options};
use crate::library::embeds::MAX_EMBED_DEPTH;

impl Writer<'_> {
    /// Notes embed `target` (just read) to be shown after its paragraph, when it names a note
    /// found that is neither the post nor one being shown, and is not too deep.
    pub(super) fn note_embed(&mut self, target: &str) {
        let Some(embedded) = self.embeds.get(target) else {
            return;
        };
        let shown = self.host.iter().chain(&self.embedding);
        let looped = shown.into_iter().any(|p| *p == embedded.path);
        if !looped && self.embedding.len() < MAX_EMBED_DEPTH {
            self.pending_embeds.push(target.to_string());
        }
    }

    /// Whether what is rendered now is a part of another note, shown embedded.
    pub(super) fn is_embedded(&self) -> bool {
        !self.embedding.is_empty()
    }

    /// Shows the embeds noted in the paragraph just ended, each as a quote.
    pub(super) fn show_embeds(&mut self) {
        let embeds = self.embeds;
        for target in std::mem::take(&mut self.pending_embeds) {
            let Some(embedded) = embeds.get(&target) else {
                continue;
            };
            self.embedding.push(std::sync::Arc::clone(&embedded.path));
            self.start_tag(Tag::BlockQuote(None));
            let text = crate::content::dialects::expand(&embedded.text);
            for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
                let source = text.get(range).unwrap_or_default();
                self.event(event, source);
            }
            self.end_tag(TagEnd::BlockQuote(None));
            self.embedding.pop();
        }
    }
}
