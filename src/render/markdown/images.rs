//! Images in a rendered post: the renderer notes each image where its text line (`[image: alt]
//! src`) ends up ([`ImageRef`]), and [`Document::place_images`] makes room under that line for
//! the picture once its size in cells is known. The picture itself is drawn over those rows by
//! the article pane; until it is ready (or when it cannot be shown) the text line stands alone.

use ratatui::text::Line;

use super::Document;

/// An image a post names, and where it goes in the rendered lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The source as written in the post (a relative path, a site path, a web address), not
    /// resolved (see [`crate::library::images::resolve`]) and not sanitized: never drawn as is.
    pub src: String,
    /// The alt text, as rendered in the text line.
    pub alt: String,
    /// Index into [`Document::lines`]: the picture's rows go before this line (after the block
    /// that holds the image's text line). After [`Document::place_images`], the first row.
    pub line: usize,
    /// Rows made for the picture by [`Document::place_images`]; 0 before.
    pub rows: u16,
    /// Whether it is the front matter's header image (`img`, `alt`).
    pub header: bool,
}

impl Document {
    /// Makes `rows[i]` blank rows for image `i` of [`Document::images`] (0 for one whose
    /// picture is not ready), before its [`ImageRef::line`], and moves everything that names a
    /// line (headings, link spans, wide lines, the source map, the images) down with the
    /// lines. Images already placed are left as they are; missing entries count as 0. The rows
    /// map to the file line of the line above them.
    pub fn place_images(&mut self, rows: &[u16]) {
        let rows: Vec<u16> = (self.images.iter().enumerate())
            .map(|(i, image)| {
                if image.rows > 0 {
                    0
                } else {
                    rows.get(i).copied().unwrap_or(0)
                }
            })
            .collect();
        if rows.iter().all(|&r| r == 0) {
            return;
        }
        // Where each old line lands: shifted by the rows inserted at or before it.
        let mut inserts: Vec<(usize, usize)> = self
            .images
            .iter()
            .zip(&rows)
            .filter(|(_, r)| **r > 0)
            .map(|(image, r)| (image.line.min(self.lines.len()), usize::from(*r)))
            .collect();
        inserts.sort_by_key(|&(line, _)| line);
        let shift_of = |line: usize| -> usize {
            inserts
                .iter()
                .take_while(|&&(at, _)| at <= line)
                .map(|&(_, rows)| rows)
                .sum()
        };
        let old_lines = std::mem::take(&mut self.lines);
        let old_source = std::mem::take(&mut self.source);
        let extra: usize = inserts.iter().map(|&(_, rows)| rows).sum();
        self.lines.reserve(old_lines.len() + extra);
        self.source.reserve(old_lines.len() + extra);
        let mut next = inserts.iter().peekable();
        for (i, line) in old_lines.into_iter().enumerate() {
            while let Some(&&(at, rows)) = next.peek().filter(|(at, _)| *at == i) {
                let above = old_source.get(at.wrapping_sub(1)).copied().unwrap_or(0);
                self.lines
                    .extend(std::iter::repeat_n(Line::default(), rows));
                self.source.extend(std::iter::repeat_n(above, rows));
                next.next();
            }
            self.lines.push(line);
            self.source.push(old_source.get(i).copied().unwrap_or(0));
        }
        for &(at, rows) in next {
            let above = old_source.get(at.wrapping_sub(1)).copied().unwrap_or(0);
            self.lines
                .extend(std::iter::repeat_n(Line::default(), rows));
            self.source.extend(std::iter::repeat_n(above, rows));
        }
        for heading in &mut self.headings {
            heading.line += shift_of(heading.line);
        }
        for span in &mut self.link_spans {
            span.line += shift_of(span.line);
        }
        for wide in &mut self.wide {
            wide.line += shift_of(wide.line);
        }
        // An image's rows start where its line was, moved by the rows before it.
        let placed: Vec<usize> = self
            .images
            .iter()
            .zip(&rows)
            .map(|(image, &r)| {
                let before: usize = inserts
                    .iter()
                    .take_while(|&&(at, _)| at < image.line)
                    .map(|&(_, rows)| rows)
                    .sum();
                if r > 0 {
                    // After the rows of any other image placed at the same line before it.
                    let same: usize = self
                        .images
                        .iter()
                        .zip(&rows)
                        .take_while(|(other, _)| !std::ptr::eq(*other, image))
                        .filter(|(other, r)| other.line == image.line && **r > 0)
                        .map(|(_, r)| usize::from(*r))
                        .sum();
                    image.line + before + same
                } else {
                    image.line + shift_of(image.line)
                }
            })
            .collect();
        for ((image, line), r) in self.images.iter_mut().zip(placed).zip(rows) {
            image.line = line;
            if r > 0 {
                image.rows = r;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{Heading, LinkSpan};

    fn doc(lines: &[&str]) -> Document {
        Document {
            lines: lines.iter().map(|l| Line::from(l.to_string())).collect(),
            source: (1..=lines.len() as u32).collect(),
            ..Document::default()
        }
    }

    fn image(src: &str, line: usize) -> ImageRef {
        ImageRef {
            src: src.into(),
            alt: String::new(),
            line,
            rows: 0,
            header: false,
        }
    }

    fn text(doc: &Document) -> Vec<String> {
        doc.lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn rows_are_made_under_each_ready_image_and_what_names_a_line_moves_with_it() {
        let mut d = doc(&[
            "# Title",
            "[image: a] a.png",
            "text",
            "[image: b] b.png",
            "end",
        ]);
        d.headings.push(Heading {
            level: 1,
            text: "Title".into(),
            anchor: "title".into(),
            line: 0,
        });
        d.headings.push(Heading {
            level: 2,
            text: "End".into(),
            anchor: "end".into(),
            line: 4,
        });
        d.link_spans.push(LinkSpan {
            line: 2,
            column: 0,
            width: 4,
            link: 0,
        });
        d.images = vec![image("a.png", 2), image("b.png", 4), image("c.png", 5)];
        d.place_images(&[2, 3, 0]);
        assert_eq!(
            text(&d),
            [
                "# Title",
                "[image: a] a.png",
                "",
                "",
                "text",
                "[image: b] b.png",
                "",
                "",
                "",
                "end"
            ]
        );
        assert_eq!(d.source, [1, 2, 2, 2, 3, 4, 4, 4, 4, 5]);
        assert_eq!(d.headings[0].line, 0);
        assert_eq!(d.headings[1].line, 9);
        assert_eq!(d.link_spans[0].line, 4);
        let placed: Vec<(usize, u16)> = d.images.iter().map(|i| (i.line, i.rows)).collect();
        assert_eq!(placed, [(2, 2), (6, 3), (10, 0)]);
        // Placing again leaves placed images alone and places the one now ready.
        d.place_images(&[1, 1, 1]);
        assert_eq!(text(&d).len(), 11);
        let placed: Vec<(usize, u16)> = d.images.iter().map(|i| (i.line, i.rows)).collect();
        assert_eq!(placed, [(2, 2), (6, 3), (10, 1)]);
        assert_eq!(d.source.len(), d.lines.len());
    }

    #[test]
    fn two_images_after_one_block_stack_in_order() {
        let mut d = doc(&["[image: a] a.png [image: b] b.png", "next"]);
        d.images = vec![image("a.png", 1), image("b.png", 1)];
        d.place_images(&[2, 1]);
        assert_eq!(
            text(&d),
            ["[image: a] a.png [image: b] b.png", "", "", "", "next"]
        );
        let placed: Vec<(usize, u16)> = d.images.iter().map(|i| (i.line, i.rows)).collect();
        assert_eq!(placed, [(1, 2), (3, 1)]);
    }
}
