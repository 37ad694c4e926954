//! Pictures: the image files posts name, decoded, scaled to the cells the article gives them,
//! and drawn into cells by ratatui-image, on a thread of their own ([`super::jobs::pictures`]),
//! so a post with fifty images opens as fast as one without and its pictures arrive a moment
//! later.
//!
//! How a picture is drawn ([`Graphics`]) is chosen once, at start, from the config's `images`
//! and the environment ([`Graphics::from_env`]): the kitty graphics protocol, iTerm2's inline
//! images, sixel, or Unicode half-blocks (`▀` in two true colours), which every terminal shows.
//! tidings does not query the terminal for this (a query's answer would race the key reader and
//! cost the first frame a round trip); the size of a cell in pixels comes from the window size
//! the kernel keeps (`TIOCGWINSZ`), when the terminal fills it in.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::{Image, Resize};

use crate::config::Images;

/// How pictures are drawn in this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graphics {
    /// Unicode half-blocks: two pixels a cell, in true colour. Works everywhere.
    Blocks,
    /// The kitty graphics protocol, with Unicode placeholders (kitty, Ghostty).
    Kitty,
    /// iTerm2's inline images (iTerm2, WezTerm).
    Iterm2,
    /// Sixel graphics (foot, mlterm, xterm built with them).
    Sixel,
}

impl Graphics {
    /// What the config's `images` asks for in a terminal whose environment `env` gives
    /// (`TERM`, `TERM_PROGRAM`, `KITTY_WINDOW_ID`, `LC_TERMINAL`, `TMUX`): `None` when pictures
    /// are off. `auto` picks kitty graphics in kitty and Ghostty, iTerm2's in iTerm2 and
    /// WezTerm, sixel in foot and mlterm, and half-blocks elsewhere and inside tmux (which
    /// passes graphics through only when set up to), unless `NO_COLOR` is set.
    pub fn from_env(images: Images, env: impl Fn(&str) -> Option<String>) -> Option<Graphics> {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        match images {
            Images::Off => return None,
            Images::Blocks => return Some(Graphics::Blocks),
            Images::Kitty => return Some(Graphics::Kitty),
            Images::Iterm2 => return Some(Graphics::Iterm2),
            Images::Sixel => return Some(Graphics::Sixel),
            Images::Auto => {}
        }
        // Half-blocks are colour and nothing else: `NO_COLOR` (set and not empty) turns them off.
        let blocks = var("NO_COLOR").is_none().then_some(Graphics::Blocks);
        if var("TMUX").is_some() {
            return blocks;
        }
        let term = var("TERM").unwrap_or_default().to_ascii_lowercase();
        let program = var("TERM_PROGRAM").unwrap_or_default().to_ascii_lowercase();
        let graphics = if term.contains("kitty")
            || var("KITTY_WINDOW_ID").is_some()
            || term.contains("ghostty")
            || program == "ghostty"
        {
            Graphics::Kitty
        } else if program == "iterm.app"
            || program == "wezterm"
            || var("LC_TERMINAL").is_some_and(|t| t == "iTerm2")
        {
            Graphics::Iterm2
        } else if term.starts_with("foot") || term.starts_with("mlterm") {
            Graphics::Sixel
        } else {
            return blocks;
        };
        Some(graphics)
    }
}

/// How this session draws pictures: the graphics, and the size of a cell in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureSettings {
    pub graphics: Graphics,
    /// (width, height) of a cell in pixels: from the terminal's window size when it gives one,
    /// else 10 × 20 (half-blocks need no more than the 1:2 shape).
    pub cell_px: (u16, u16),
}

impl PictureSettings {
    /// The settings for `graphics` in the terminal on standard output.
    pub fn for_terminal(graphics: Graphics) -> PictureSettings {
        let measured = ratatui::crossterm::terminal::window_size()
            .ok()
            .and_then(|size| {
                let w = size.width.checked_div(size.columns)?;
                let h = size.height.checked_div(size.rows)?;
                (w > 0 && h > 0).then_some((w, h))
            });
        PictureSettings {
            graphics,
            cell_px: match graphics {
                Graphics::Blocks => DEFAULT_CELL_PX,
                _ => measured.unwrap_or(DEFAULT_CELL_PX),
            },
        }
    }

    fn picker(&self) -> Picker {
        // `from_fontsize` is deprecated in favour of asking the terminal (see the module's
        // doc for why tidings does not); it is the one way to give a measured cell size.
        #[allow(deprecated)]
        let mut picker = Picker::from_fontsize(self.cell_px);
        picker.set_protocol_type(match self.graphics {
            Graphics::Blocks => ProtocolType::Halfblocks,
            Graphics::Kitty => ProtocolType::Kitty,
            Graphics::Iterm2 => ProtocolType::Iterm2,
            Graphics::Sixel => ProtocolType::Sixel,
        });
        picker
    }
}

const DEFAULT_CELL_PX: (u16, u16) = (10, 20);

/// An image file made into a picture at most `cols` × `max_rows` cells: one picture per
/// (file, version, size), so scrolling never decodes again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureKey {
    pub path: PathBuf,
    /// The file's modification time and length when asked for, so a changed file is read again.
    pub stamp: Option<(SystemTime, u64)>,
    pub cols: u16,
    pub max_rows: u16,
    /// Scaled to fill `cols` × `max_rows` however small it is (the picture shown whole, on
    /// its own), rather than enlarged [`MOST_ENLARGED`] times at most.
    pub fill: bool,
}

impl PictureKey {
    /// The key for `path` at most `cols` × `max_rows` cells, stamped with the file's
    /// metadata now (`None` when it cannot be read: the picture's making will say why).
    pub fn new(path: PathBuf, cols: u16, max_rows: u16) -> PictureKey {
        let stamp = std::fs::metadata(&path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        PictureKey {
            path,
            stamp,
            cols,
            max_rows,
            fill: false,
        }
    }

    /// This picture's file at up to `cols` × `max_rows`, filling them (see [`PictureKey::fill`]).
    pub fn filling(&self, cols: u16, max_rows: u16) -> PictureKey {
        PictureKey {
            cols,
            max_rows,
            fill: true,
            ..self.clone()
        }
    }
}

/// A picture drawn into cells, `cols` × `rows`, ready to be copied onto the screen a row at a
/// time (a picture scrolled half off the pane shows its other half).
#[derive(Debug)]
pub struct Picture {
    pub cols: u16,
    pub rows: u16,
    /// `rows` rows of `cols` cells.
    cells: Vec<Cell>,
    /// For kitty graphics: the image's data, sent once before the first row drawn (the rows
    /// are Unicode placeholders that name it), and let go of then: kitty keeps it, and it is
    /// the bulk of the picture (base64 RGBA, ~1.6 MB for 76 × 20 cells of 10 × 20 pixels).
    transmit: Mutex<Option<String>>,
    /// iTerm2 and sixel pictures are one sequence in the first cell that draws them whole:
    /// drawn only when all their rows are shown, never cut (they would spill out of the pane).
    whole_only: bool,
}

impl Picture {
    /// Copies rows `rows` of the picture onto `buf`, the first at (`x`, `y`), cut at the
    /// buffer's edge; an iTerm2 or sixel picture only whole (see `whole_only`).
    pub fn draw(&self, rows: std::ops::Range<u16>, buf: &mut Buffer, x: u16, y: u16) {
        if self.whole_only && rows != (0..self.rows) {
            return;
        }
        let cols = usize::from(self.cols);
        for (i, row) in rows.clone().enumerate() {
            let start = usize::from(row) * cols;
            let Some(cells) = self.cells.get(start..start + cols) else {
                break;
            };
            let at_y = y.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
            for (dx, cell) in cells.iter().enumerate() {
                let at_x = x.saturating_add(u16::try_from(dx).unwrap_or(u16::MAX));
                if at_x >= buf.area.right() || at_y >= buf.area.bottom() {
                    continue;
                }
                let mut cell = cell.clone();
                if dx == 0
                    && i == 0
                    && let Some(transmit) = self.transmit.lock().ok().and_then(|mut t| t.take())
                {
                    cell.set_symbol(&format!("{transmit}{}", cell.symbol()));
                }
                buf[(at_x, at_y)] = cell;
            }
        }
    }
}

impl Picture {
    /// Row `row` of the picture as a line of styled text, for output that is not a screen
    /// buffer (`tidings show`): half-blocks only; other graphics are escape sequences that
    /// the cells carry and a line would not.
    pub fn row_line(&self, row: u16) -> ratatui::text::Line<'static> {
        let cols = usize::from(self.cols);
        let start = usize::from(row) * cols;
        let cells = self.cells.get(start..start + cols).unwrap_or_default();
        let spans: Vec<ratatui::text::Span<'static>> = cells
            .iter()
            .map(|cell| {
                let style = ratatui::style::Style::new().fg(cell.fg).bg(cell.bg);
                ratatui::text::Span::styled(cell.symbol().to_string(), style)
            })
            .collect();
        ratatui::text::Line::from(spans)
    }
}

/// The largest image file read, in bytes.
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads, decodes and scales the image at `key.path` and draws it into cells as `settings`
/// say: as wide as `key.cols` allows, at most `key.max_rows` rows tall, its shape kept (see
/// [`scaled_size`]).
///
/// # Errors
/// The reason, said in post info: the file cannot be read or is over 64 MiB, it is not an
/// image in a format tidings reads (PNG, JPEG, GIF, WebP, BMP), or it is damaged.
pub fn make(key: &PictureKey, settings: &PictureSettings) -> Result<Picture, String> {
    use std::io::Read;
    let file = std::fs::File::open(&key.path).map_err(|e| format!("cannot be read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err("larger than 64 MiB".into());
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    // A small file can claim a huge image (a decompression bomb): at most 128 MiB decoded.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    if reader.format().is_none() {
        return Err("not an image tidings reads (PNG, JPEG, GIF, WebP, BMP)".into());
    }
    let image = reader.decode().map_err(|e| format!("not shown: {e}"))?;
    let (tw, th) = scaled_size(
        (image.width(), image.height()),
        settings.cell_px,
        (key.cols, key.max_rows),
        if key.fill {
            f64::INFINITY
        } else {
            MOST_ENLARGED
        },
    );
    let image = if tw < image.width() {
        // Down with a fast filter: ratatui-image's own resize is made for small steps, and a
        // 12-megapixel photograph took it ~0.3 s.
        image.thumbnail_exact(tw, th)
    } else if tw > image.width() {
        image.resize_exact(tw, th, image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let picker = settings.picker();
    let area = Rect::new(0, 0, key.cols.max(1), key.max_rows.max(1));
    let protocol = picker
        .new_protocol(image, area, Resize::Fit(None))
        .map_err(|e| format!("not shown: {e}"))?;
    let size = protocol.area();
    if size.width == 0 || size.height == 0 {
        return Err("too small to show".into());
    }
    let area = Rect::new(0, 0, size.width, size.height);
    let mut first = Buffer::empty(area);
    Image::new(&protocol).render(area, &mut first);
    // Kitty sends the image's data with the first render only: a second render gives the rows
    // alone, and the data is what the first one had before them.
    let transmit = if settings.graphics == Graphics::Kitty {
        let mut again = Buffer::empty(area);
        Image::new(&protocol).render(area, &mut again);
        let (with, without) = (first[(0, 0)].symbol(), again[(0, 0)].symbol());
        let data = with.strip_suffix(without).unwrap_or_default().to_string();
        first = again;
        (!data.is_empty()).then_some(data)
    } else {
        None
    };
    Ok(Picture {
        cols: size.width,
        rows: size.height,
        cells: first.content,
        transmit: Mutex::new(transmit),
        whole_only: matches!(settings.graphics, Graphics::Iterm2 | Graphics::Sixel),
    })
}

/// How far a small image is enlarged at most: an icon or a badge is not drawn across the page.
const MOST_ENLARGED: f64 = 4.0;

/// The size in pixels to scale an image of `size` pixels to, for cells of `cell_px` pixels and
/// at most `cells` (columns, rows): its shape kept, as large as fits but at most `most` times
/// its own size ([`MOST_ENLARGED`] in the article), and at least one pixel each way.
pub fn scaled_size(
    size: (u32, u32),
    cell_px: (u16, u16),
    cells: (u16, u16),
    most: f64,
) -> (u32, u32) {
    let (w, h) = (f64::from(size.0.max(1)), f64::from(size.1.max(1)));
    let most_w = f64::from(cells.0.max(1)) * f64::from(cell_px.0.max(1));
    let most_h = f64::from(cells.1.max(1)) * f64::from(cell_px.1.max(1));
    let scale = (most_w / w).min(most_h / h).min(most);
    // Rounded down, so the cells it takes stay within `cells`.
    let to = |x: f64| ((x * scale).floor() as u32).max(1);
    (to(w), to(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn graphics_follow_the_config_then_the_terminal() {
        let auto = |vars: &[(&str, &str)]| Graphics::from_env(Images::Auto, env(vars));
        assert_eq!(auto(&[("TERM", "xterm-256color")]), Some(Graphics::Blocks));
        assert_eq!(auto(&[("TERM", "xterm-kitty")]), Some(Graphics::Kitty));
        assert_eq!(
            auto(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "WezTerm")]),
            Some(Graphics::Iterm2)
        );
        assert_eq!(auto(&[("TERM", "foot")]), Some(Graphics::Sixel));
        assert_eq!(
            auto(&[("TERM", "xterm-kitty"), ("TMUX", "/tmp/tmux-0/default,1,0")]),
            Some(Graphics::Blocks)
        );
        assert_eq!(
            auto(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")]),
            None,
            "half-blocks are colour"
        );
        assert_eq!(
            auto(&[("TERM", "xterm-kitty"), ("NO_COLOR", "1")]),
            Some(Graphics::Kitty)
        );
        let kitty = [("TERM", "xterm-kitty")];
        assert_eq!(Graphics::from_env(Images::Off, env(&kitty)), None);
        assert_eq!(
            Graphics::from_env(Images::Blocks, env(&kitty)),
            Some(Graphics::Blocks)
        );
    }

    fn png(dir: &std::path::Path, w: u32, h: u32) -> PathBuf {
        let path = dir.join(format!("{w}x{h}.png"));
        let image = image::RgbImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                image::Rgb([255, 0, 0])
            } else {
                image::Rgb([0, 0, 255])
            }
        });
        image.save(&path).expect("png");
        path
    }

    fn settings(graphics: Graphics) -> PictureSettings {
        PictureSettings {
            graphics,
            cell_px: DEFAULT_CELL_PX,
        }
    }

    #[test]
    fn a_picture_fits_its_cells_and_keeps_its_shape() {
        let dir = tempfile::tempdir().expect("tempdir");
        let wide = png(dir.path(), 400, 100);
        let picture =
            make(&PictureKey::new(wide, 40, 20), &settings(Graphics::Blocks)).expect("made");
        // 400 × 100 pixels in 10 × 20 pixel cells, at most 40 columns: 40 × 5.
        assert_eq!((picture.cols, picture.rows), (40, 5));
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 5));
        picture.draw(0..5, &mut buf, 0, 0);
        let (left, right) = (&buf[(0, 0)], &buf[(39, 4)]);
        assert_eq!(left.bg, ratatui::style::Color::Rgb(255, 0, 0), "{left:?}");
        assert_eq!(right.bg, ratatui::style::Color::Rgb(0, 0, 255), "{right:?}");
        // A small image is enlarged, four times at most.
        let small = png(dir.path(), 20, 20);
        let picture =
            make(&PictureKey::new(small, 40, 20), &settings(Graphics::Blocks)).expect("made");
        assert_eq!((picture.cols, picture.rows), (8, 4));
    }

    #[test]
    fn an_image_is_scaled_to_the_width_or_the_height_given_its_shape_kept() {
        // 800 × 400 into 60 × 20 cells of 10 × 20: width bound (600 × 300 pixels, 15 rows).
        assert_eq!(
            scaled_size((800, 400), (10, 20), (60, 20), MOST_ENLARGED),
            (600, 300)
        );
        // A tall one is bound by the rows: 20 rows of 20 pixels.
        assert_eq!(
            scaled_size((400, 1600), (10, 20), (60, 20), MOST_ENLARGED),
            (100, 400)
        );
        // Small: enlarged four times at most.
        assert_eq!(
            scaled_size((30, 10), (10, 20), (60, 20), MOST_ENLARGED),
            (120, 40)
        );
        assert_eq!(scaled_size((0, 0), (0, 0), (0, 0), MOST_ENLARGED), (1, 1));
        // Filling: as large as the cells allow.
        assert_eq!(
            scaled_size((30, 10), (10, 20), (60, 20), f64::INFINITY),
            (600, 200)
        );
    }

    #[test]
    fn kitty_sends_the_image_once_before_the_first_row_drawn() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = png(dir.path(), 100, 100);
        let picture =
            make(&PictureKey::new(path, 10, 10), &settings(Graphics::Kitty)).expect("made");
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 10));
        // Scrolled so that its third row is at the top: the data comes with that row.
        picture.draw(2..picture.rows, &mut buf, 0, 0);
        assert!(buf[(0, 0)].symbol().starts_with("\x1b_G"), "sent");
        let mut again = Buffer::empty(Rect::new(0, 0, 10, 10));
        picture.draw(0..picture.rows, &mut again, 0, 0);
        assert!(!again[(0, 0)].symbol().contains("\x1b_G"), "sent once");
        assert!(
            again[(0, 0)].symbol().contains('\u{10EEEE}'),
            "placeholders"
        );
    }

    #[test]
    fn an_iterm2_picture_is_drawn_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = png(dir.path(), 100, 100);
        let picture =
            make(&PictureKey::new(path, 10, 10), &settings(Graphics::Iterm2)).expect("made");
        let mut cut = Buffer::empty(Rect::new(0, 0, 10, 10));
        picture.draw(1..picture.rows, &mut cut, 0, 0);
        assert_eq!(
            cut,
            Buffer::empty(Rect::new(0, 0, 10, 10)),
            "nothing drawn cut"
        );
        let mut whole = Buffer::empty(Rect::new(0, 0, 10, 10));
        picture.draw(0..picture.rows, &mut whole, 0, 0);
        assert!(
            whole[(0, 0)].symbol().contains("\x1b]1337;File="),
            "drawn whole"
        );
    }

    #[test]
    fn what_is_not_an_image_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = dir.path().join("a.png");
        std::fs::write(&text, "not a picture").expect("write");
        let why = make(&PictureKey::new(text, 10, 10), &settings(Graphics::Blocks))
            .expect_err("not made");
        assert!(why.contains("not an image"), "{why}");
        let gone = dir.path().join("gone.png");
        let why = make(&PictureKey::new(gone, 10, 10), &settings(Graphics::Blocks))
            .expect_err("not made");
        assert!(why.starts_with("cannot be read"), "{why}");
    }
}
