//! `tidings show`: one post rendered to stdout, as the article pane renders it: styled (ANSI)
//! when stdout is a terminal, plain text in a pipe or with `--plain`.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::style::StyledContent;
use ratatui::style::Style;
use ratatui::text::Line;

use super::{Outcome, print};
use crate::cli::{ShowArgs, ThemeName};
use crate::config::Config;
use crate::content::loader;
use crate::render::highlight::{self, CodeColours};
use crate::render::render_post_safely;
use crate::theme::Theme;

/// The width in a pipe, when none is given (columns).
const PIPE_WIDTH: u16 = 80;

/// Renders the post at `args.post` and prints it, code blocks coloured when styled.
///
/// Errors: the file cannot be read (or is binary), or stdout cannot be written.
pub fn run(args: &ShowArgs, config: &Config) -> anyhow::Result<Outcome> {
    let zone = jiff::tz::TimeZone::system();
    let post = loader::load_post_with(&args.post, &zone, config.max_post_bytes)
        .with_context(|| format!("cannot show '{}'", args.post.display()))?;
    let terminal = std::io::stdout().is_terminal();
    let styled = terminal && !args.plain;
    let theme = if styled {
        config.theme(config.theme == ThemeName::Light)
    } else {
        Theme::no_color()
    };
    let width = args.width.unwrap_or_else(|| {
        let columns = ratatui::crossterm::terminal::size().map(|(w, _)| w);
        match columns {
            Ok(w) if terminal => w.min(config.reading_width),
            _ => PIPE_WIDTH,
        }
    });
    let mut colours = CodeColours::default();
    let mut doc = render_post_safely(&post, width, &theme, &colours);
    if theme.syntax_highlighting && !doc.uncoloured.is_empty() {
        colours.extend(highlight::colour(std::mem::take(&mut doc.uncoloured)));
        doc = render_post_safely(&post, width, &theme, &colours);
    }
    print(|out| {
        for line in &doc.lines {
            if styled {
                write_styled(out, line)?;
            } else {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                out.write_all(text.trim_end().as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    Ok(Outcome::Done)
}

/// One line with its spans' styles as SGR sequences (crossterm's), each span reset after
/// itself. The text was sanitized when it was rendered: no control character reaches here.
fn write_styled(out: &mut dyn Write, line: &Line<'_>) -> std::io::Result<()> {
    for span in &line.spans {
        let style = line.style.patch(span.style);
        if style == Style::default() {
            out.write_all(span.content.as_bytes())?;
        } else {
            let content = StyledContent::new(style.into_crossterm(), span.content.as_ref());
            write!(out, "{content}")?;
        }
    }
    Ok(())
}
