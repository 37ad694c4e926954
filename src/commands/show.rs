//! `tidings show`: posts rendered to stdout, as the article pane renders them: styled (ANSI)
//! when stdout is a terminal, plain text in a pipe or with `--plain`; through a pager when the
//! output is taller than the terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Context;
use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::style::StyledContent;
use ratatui::style::Style;
use ratatui::text::Line;

use super::{Outcome, one_line, print};
use crate::cli::{Paging, ShowArgs, ThemeName};
use crate::config::Config;
use crate::content::loader;
use crate::render::highlight::{self, CodeColours};
use crate::render::{RenderOptions, render_post_safely};
use crate::theme::Theme;

/// The width in a pipe, when none is given (columns).
const PIPE_WIDTH: u16 = 80;

/// The pager when `$PAGER` is not set: `-R` passes the styles' escape sequences through.
const DEFAULT_PAGER: &str = "less -R";

/// Renders the posts at `args.posts`, one after the other with a blank line between them, code
/// blocks coloured when styled, and prints them or pages them (`args.paging`). A file that
/// cannot be read is reported on stderr and the others are still shown.
///
/// Errors: stdout cannot be written, or a folder given cannot be read. A file that cannot be
/// shown ends in [`Outcome::PartlyFailed`] (exit status 2); nothing to show at all (empty
/// folders) in [`Outcome::ProblemsFound`] (exit status 1).
pub fn run(args: &ShowArgs, config: &Config) -> anyhow::Result<Outcome> {
    let terminal = std::io::stdout().is_terminal();
    let styled = terminal && !args.plain;
    let mut theme = if styled {
        config.theme(config.theme == ThemeName::Light)
    } else {
        Theme::no_color()
    };
    theme.date_format = Some(config.date_format.clone());
    let size = terminal_size(terminal, ratatui::crossterm::terminal::size().ok());
    let width = args.width.unwrap_or_else(|| match size {
        Some((w, _)) => w.min(config.reading_width),
        None => PIPE_WIDTH,
    });
    let mut text = Vec::new();
    let mut failed = false;
    let mut shown = 0;
    for path in posts(&args.posts, config)? {
        match rendered(&path, width, &theme, config) {
            Ok(lines) => {
                if !text.is_empty() {
                    text.push(b'\n');
                }
                write_lines(&mut text, &lines, styled)?;
                shown += 1;
            }
            Err(err) => {
                eprintln!("tidings: {}", one_line(&err));
                failed = true;
            }
        }
    }
    let rows = text.iter().filter(|&&b| b == b'\n').count();
    let page = match args.paging {
        Paging::Never => false,
        Paging::Always => true,
        Paging::Auto => size.is_some_and(|(_, height)| rows > usize::from(height)),
    };
    if !(page && through_pager(&text)) {
        print(|out| out.write_all(&text))?;
    }
    Ok(if failed {
        Outcome::PartlyFailed
    } else if shown == 0 {
        Outcome::ProblemsFound
    } else {
        Outcome::Done
    })
}

/// The files to show for `given`: a file as it is; a folder's posts in the order `list` gives
/// them (newest first), or, when it holds none, nothing but a line on stderr saying so.
///
/// Errors: a folder cannot be read.
fn posts(given: &[std::path::PathBuf], config: &Config) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for path in given {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let library = super::load(std::slice::from_ref(path), config)?;
        let (ids, _) = library.select(&crate::library::select::Query::default());
        if ids.is_empty() {
            library.nothing_to_report(config);
        }
        let store = &library.store;
        files.extend(
            ids.iter()
                .filter_map(|&id| Some(store.get(id)?.path.to_path_buf())),
        );
    }
    Ok(files)
}

/// The terminal's size (columns, rows) to fit the output to: `None` in a pipe, and for a
/// terminal that reports no size (0 columns or rows, as some pseudo-terminals do), which is then
/// written for as a pipe is.
fn terminal_size(terminal: bool, size: Option<(u16, u16)>) -> Option<(u16, u16)> {
    size.filter(|&(w, h)| terminal && w > 0 && h > 0)
}

/// The post at `path` rendered at `width` columns.
///
/// Errors: the file cannot be read, or is binary.
fn rendered(
    path: &Path,
    width: u16,
    theme: &Theme,
    config: &Config,
) -> anyhow::Result<Vec<Line<'static>>> {
    let zone = jiff::tz::TimeZone::system();
    let post = loader::load_post_with(path, &zone, config.max_post_bytes)
        .with_context(|| format!("cannot show {}", path.display()))?;
    let mut colours = CodeColours::default();
    let render = |colours: &CodeColours| {
        render_post_safely(
            &post,
            &RenderOptions {
                width,
                theme,
                colours,
                broken: &[],
                embeds: &crate::library::embeds::NO_EMBEDS,
                toggled_callouts: &[],
            },
        )
    };
    let mut doc = render(&colours);
    // Pictures in styled output only (the text lines stay alone in a pipe): see `pictures`.
    let pictures = theme.syntax_highlighting && config.images != crate::config::Images::Off;
    // Code blocks to colour (when the theme has colours), and diagrams to draw.
    if !doc.uncoloured.is_empty() {
        colours.extend(highlight::colour(std::mem::take(&mut doc.uncoloured)));
        doc = render(&colours);
    }
    if pictures {
        place_pictures(&mut doc, path, width);
    }
    Ok(doc.lines)
}

/// The rows a picture of `tidings show` takes at most: pictures are drawn whole, and a pager
/// scrolls them.
const SHOW_PICTURE_ROWS: u16 = 20;

/// Draws the images of `doc` (the post at `path`, rendered `width` columns wide) under their
/// text lines, in half-blocks: they go through a pager (`less -R` passes colours, not other
/// graphics) and any terminal shows them. Remote images are drawn when the reader has fetched
/// them before (from the cache), never fetched here. An image that cannot be drawn keeps its
/// text line alone.
fn place_pictures(doc: &mut crate::render::Document, path: &Path, width: u16) {
    use crate::library::images::{ImageSource, cache_dir, cached_path, resolve};
    use crate::runtime::pictures::{Graphics, PictureKey, PictureSettings, make};
    let settings = PictureSettings {
        graphics: Graphics::Blocks,
        cell_px: (10, 20),
    };
    let roots = [path.to_path_buf()];
    let cache = cache_dir();
    let made: Vec<_> = (doc.images.iter())
        .map(|image| {
            let file = match resolve(path, &roots, &image.src).ok()? {
                ImageSource::File(file) => file,
                ImageSource::Web(url) => cached_path(cache.as_deref()?, &url),
            };
            make(&PictureKey::new(file, width, SHOW_PICTURE_ROWS), &settings).ok()
        })
        .collect();
    let rows: Vec<u16> = made
        .iter()
        .map(|p| p.as_ref().map_or(0, |p| p.rows))
        .collect();
    doc.place_images(&rows);
    for (image, picture) in doc.images.iter().zip(&made) {
        let Some(picture) = picture else { continue };
        for row in 0..picture.rows {
            if let Some(line) = doc.lines.get_mut(image.line + usize::from(row)) {
                *line = picture.row_line(row);
            }
        }
    }
}

/// Each line, styled or as plain text (trailing blanks trimmed), ending in a newline.
fn write_lines(out: &mut Vec<u8>, lines: &[Line<'_>], styled: bool) -> std::io::Result<()> {
    for line in lines {
        if styled {
            write_styled(out, line)?;
        } else {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            out.write_all(text.trim_end().as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The pager's program and arguments: `$PAGER` split as a shell would (shell-words), else
/// [`DEFAULT_PAGER`]; a bare `less` gets `-R`, as bat gives it, so styles show. `None` when
/// `$PAGER` (`pager_var`) is set but empty or cannot be split.
fn pager(pager_var: Option<String>) -> Option<(String, Vec<String>)> {
    let command = pager_var.unwrap_or_else(|| DEFAULT_PAGER.to_string());
    let mut words = shell_words::split(&command).ok()?.into_iter();
    let program = words.next()?;
    let mut args: Vec<String> = words.collect();
    let is_less = Path::new(&program).file_name().is_some_and(|n| n == "less");
    if is_less && args.is_empty() {
        args.push("-R".to_string());
    }
    Some((program, args))
}

/// Writes `text` to the pager and waits for it to end. False when there is no pager or it
/// could not be started (the text is then printed as it is); a pager quit before the end
/// (`q` in less) is not an error.
fn through_pager(text: &[u8]) -> bool {
    let Some((program, args)) = pager(std::env::var("PAGER").ok()) else {
        return false;
    };
    let Ok(mut child) = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A closed pipe means the reader quit the pager early.
        let _ = stdin.write_all(text);
    }
    let _ = child.wait();
    true
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_of_no_size_is_written_for_as_a_pipe() {
        assert_eq!(terminal_size(true, Some((120, 40))), Some((120, 40)));
        assert_eq!(terminal_size(true, Some((0, 0))), None);
        assert_eq!(terminal_size(false, Some((120, 40))), None);
        assert_eq!(terminal_size(true, None), None);
    }

    #[test]
    fn a_bare_less_is_given_raw_control_characters() {
        for (pager_var, want) in [
            (None, ("less", vec!["-R"])),
            (Some("less"), ("less", vec!["-R"])),
            (Some("less -S"), ("less", vec!["-S"])),
            (
                Some("'/usr/bin/my pager' --x"),
                ("/usr/bin/my pager", vec!["--x"]),
            ),
        ] {
            let (program, args) = pager(pager_var.map(String::from)).expect("a pager");
            assert_eq!(program, want.0);
            assert_eq!(args, want.1);
        }
        assert!(pager(Some(String::new())).is_none());
    }
}
