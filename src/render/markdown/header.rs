//! The post header above the body (title, date, tags, description), and plain-text articles.

use super::{DateSource, ImageRef, Post, Writer, expand_tabs, wrap_spans};
use crate::text::sanitize;
use ratatui::style::Style;
use ratatui::text::Span;

impl Writer<'_> {
    /// Title, then date · authors · tags · source, description, header image and diagnostics, then a rule.
    pub(super) fn header(&mut self, post: &Post) {
        let theme = self.theme;
        // The header is the front matter's, or the first line's: line 1.
        self.at = 1;
        if let Some(kicker) = &post.meta.details.kicker {
            self.push_inline(kicker, theme.meta);
            self.flush();
        }
        self.push_inline(&post.title, theme.title);
        self.flush();
        let mut meta = Vec::new();
        if let Some(date) = post.date {
            let day = theme
                .date_format
                .as_deref()
                .and_then(|f| jiff::fmt::strtime::format(f, date.date).ok())
                .unwrap_or_else(|| date.date.to_string());
            meta.push(match date.source {
                DateSource::Modified => format!("{day} (file date)"),
                DateSource::FrontMatter | DateSource::Path => day,
            });
        }
        if !post.meta.details.authors.is_empty() {
            meta.push(post.meta.details.authors.join(", "));
        }
        if !post.tags.is_empty() {
            let tags: Vec<String> = post.tags.iter().map(|t| format!("#{}", t.name)).collect();
            meta.push(tags.join(" "));
        }
        if let Some(source) = &post.meta.details.source {
            meta.push(source.clone());
        }
        if let Some(byline) = &post.meta.details.byline {
            meta.push(byline.clone());
        }
        if post.meta.draft {
            meta.push("draft".to_string());
        }
        if !post.text().trim().is_empty() {
            meta.push(crate::content::reading::Reading::of_post(post).label());
        }
        if !meta.is_empty() {
            self.push_inline(&meta.join(" · "), theme.meta);
            self.flush();
        }
        if let Some(description) = &post.meta.details.description {
            self.gap = true;
            self.push_inline(description, theme.description);
            self.flush();
        }
        if let Some(img) = &post.meta.details.img {
            let alt = post.meta.details.alt.as_deref().unwrap_or("header image");
            self.gap = true;
            self.push_inline(&format!("[image: {alt}] {img}"), theme.dim);
            self.flush();
            let line = self.out.lines.len();
            self.out.images.push(ImageRef {
                src: img.clone(),
                alt: alt.to_string(),
                line,
                rows: 0,
                header: true,
            });
        }
        // The post is the one on screen: its file's name says where (`i` gives the whole path).
        let name = post
            .path
            .file_name()
            .map_or(post.path.as_ref(), std::path::Path::new);
        for diagnostic in &post.diagnostics {
            self.gap = true;
            self.push_inline(&diagnostic.at(name), theme.diagnostic);
            self.flush();
        }
        self.push_line(vec![Span::styled("─".repeat(self.width), theme.rule)]);
        self.gap = true;
    }

    /// Plain text, line for line: each line wrapped to the width on its own, blank lines kept,
    /// nothing read as markup. The lines the header shows (a news page's kicker, headline,
    /// standfirst and byline: see [`crate::content::plain`]) are left out; section titles
    /// become headings (in the contents), and button labels run together are dimmed.
    pub(super) fn plain_text(&mut self, body: &str, body_line: usize) {
        let shape = crate::content::plain::shape(body);
        let mut headings = shape.headings.iter().peekable();
        let mut furniture = shape.furniture.iter().peekable();
        let mut lines = body
            .lines()
            .enumerate()
            .skip(shape.header_lines)
            .skip_while(|(_, l)| l.trim().is_empty())
            .peekable();
        if shape.header_lines == 0 {
            // No headline found: the first line is the title shown above.
            lines.next();
        }
        self.open_block();
        let mut blank = true;
        for (i, line) in lines {
            self.at = u32::try_from(body_line + i).unwrap_or(u32::MAX);
            if line.trim().is_empty() {
                // Runs of blank lines read as one gap, as between paragraphs.
                if !blank {
                    self.push_line(Vec::new());
                }
                blank = true;
                continue;
            }
            blank = false;
            let text = sanitize(&expand_tabs(line.trim_end())).into_owned();
            if headings.next_if(|&&h| h == i).is_some() {
                // The file's own blank lines make the gaps around it.
                self.gap = false;
                self.heading = Some((2, None));
                self.inline.push(Span::raw(text.trim().to_string()));
                self.end_heading();
                self.gap = false;
                continue;
            }
            let style = if furniture.next_if(|&&f| f == i).is_some() {
                self.theme.dim
            } else {
                Style::default()
            };
            for row in wrap_spans(&[Span::styled(text, style)], self.width) {
                self.push_line(row);
            }
        }
    }
}
