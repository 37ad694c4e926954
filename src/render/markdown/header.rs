//! The post header above the body (title, date, tags, description), and plain-text articles.

use super::*;

impl Writer<'_> {
    /// Title, then date · tags · source, description, header image and diagnostics, then a rule.
    pub(super) fn header(&mut self, post: &Post) {
        let theme = self.theme;
        self.push_inline(&post.title, theme.title);
        self.flush();
        let mut meta = Vec::new();
        if let Some(date) = post.date {
            meta.push(match date.source {
                DateSource::Modified => format!("{} (file date)", date.date),
                DateSource::FrontMatter | DateSource::Path => date.date.to_string(),
            });
        }
        if !post.tags.is_empty() {
            let tags: Vec<String> = post.tags.iter().map(|t| format!("#{}", t.name)).collect();
            meta.push(tags.join(" "));
        }
        if let Some(source) = &post.meta.source {
            meta.push(source.clone());
        }
        if post.meta.draft {
            meta.push("draft".to_string());
        }
        if !meta.is_empty() {
            self.push_inline(&meta.join(" · "), theme.meta);
            self.flush();
        }
        if let Some(description) = &post.meta.description {
            self.gap = true;
            self.push_inline(description, theme.description);
            self.flush();
        }
        if let Some(img) = &post.meta.img {
            let alt = post.meta.alt.as_deref().unwrap_or("header image");
            self.gap = true;
            self.push_inline(&format!("[image: {alt}] {img}"), theme.dim);
            self.flush();
        }
        for diagnostic in &post.diagnostics {
            self.gap = true;
            self.push_inline(&diagnostic.at(&post.path), theme.diagnostic);
            self.flush();
        }
        self.out
            .lines
            .push(Line::styled("─".repeat(self.width), theme.rule));
        self.gap = true;
    }

    /// Plain text, line for line: each line wrapped to the width on its own, blank lines kept,
    /// nothing read as markup. The first line is left out when it is the title shown above.
    pub(super) fn plain_text(&mut self, body: &str, title: &str) {
        let mut lines = body.lines().skip_while(|l| l.trim().is_empty()).peekable();
        if lines
            .peek()
            .is_some_and(|first| first.split_whitespace().eq(title.split_whitespace()))
        {
            lines.next();
        }
        self.open_block();
        let mut blank = true;
        for line in lines {
            if line.trim().is_empty() {
                // Runs of blank lines read as one gap, as between paragraphs.
                if !blank {
                    self.out.lines.push(Line::default());
                }
                blank = true;
                continue;
            }
            blank = false;
            let text = sanitize(&expand_tabs(line.trim_end())).into_owned();
            for row in wrap_spans(&[Span::raw(text)], self.width) {
                self.push_line(row);
            }
        }
    }
}
