//! Images in posts (`tests/fixtures/images`, written for these tests): where each way of naming
//! an image resolves, the text line each keeps, where its picture goes in the rendered lines,
//! and the picture made of it.

use std::path::PathBuf;

mod support;

use tidings::commands::{self, Library};
use tidings::config::Config;
use tidings::library::images::{ImageSource, Unresolved, resolve};
use tidings::library::store::Store;
use tidings::render::Document;
use tidings::render::highlight::CodeColours;
use tidings::runtime::pictures::{Graphics, PictureKey, PictureSettings, make};
use tidings::theme::Theme;

fn fixture() -> (PathBuf, Store) {
    let dir = support::manifest_dir()
        .join("tests/fixtures/images")
        .canonicalize()
        .expect("fixture folder");
    let Library { store, errors, .. } =
        commands::load(std::slice::from_ref(&dir), &Config::default()).expect("loads");
    assert!(errors.is_empty(), "{errors:?}");
    (dir, support::with_bodies(&store))
}

fn rendered(store: &Store, dir: &std::path::Path, tail: &str) -> Document {
    let id = store.id_of(&dir.join(tail)).expect("a post");
    let post = store.get(id).expect("stored");
    tidings::render::render_post_safely(
        post,
        &tidings::render::RenderOptions {
            width: 80,
            theme: &Theme::dark(),
            colours: &CodeColours::default(),
            broken: &[],
            embeds: &tidings::library::embeds::NO_EMBEDS,
            toggled_callouts: &[],
        },
    )
}

fn text(doc: &Document) -> Vec<String> {
    doc.lines.iter().map(ToString::to_string).collect()
}

/// Each image of `tail`: its source as written, and where it resolves (relative to `dir`).
fn resolved(
    dir: &std::path::Path,
    store: &Store,
    tail: &str,
) -> Vec<(String, Result<String, String>)> {
    let doc = rendered(store, dir, tail);
    let roots = [dir.to_path_buf()];
    doc.images
        .iter()
        .map(|image| {
            let found = match resolve(&dir.join(tail), &roots, &image.src) {
                Ok(ImageSource::File(path)) => Ok(path
                    .strip_prefix(dir)
                    .expect("inside the fixture")
                    .display()
                    .to_string()),
                Ok(ImageSource::Web(url)) => Ok(url),
                Err(Unresolved(why)) => Err(why),
            };
            (image.src.clone(), found)
        })
        .collect()
}

#[test]
fn each_way_of_naming_an_image_resolves_where_a_site_generator_would_find_it() {
    let (dir, store) = fixture();
    let ok = |src: &str, at: &str| (src.to_string(), Ok(at.to_string()));
    assert_eq!(
        resolved(&dir, &store, "posts/relative.md"),
        [ok("img/flag.png", "posts/img/flag.png")]
    );
    assert_eq!(
        resolved(&dir, &store, "posts/bundle/index.md"),
        [
            ok("cover.png", "posts/bundle/cover.png"),
            ok("diagram.png", "posts/bundle/diagram.png")
        ]
    );
    assert_eq!(
        resolved(&dir, &store, "posts/site-path.md"),
        [ok("/images/site.png", "static/images/site.png")]
    );
    assert_eq!(
        resolved(&dir, &store, "posts/remote.md"),
        [ok(
            "http://127.0.0.1:9/remote.png",
            "http://127.0.0.1:9/remote.png"
        )]
    );
    assert_eq!(
        resolved(&dir, &store, "posts/shortcodes.md"),
        [
            ok("img/flag.png", "posts/img/flag.png"),
            ok("/images/site.png", "static/images/site.png")
        ]
    );
    assert_eq!(
        resolved(&dir, &store, "posts/missing.md"),
        [(
            "gone.png".to_string(),
            Err("no such file beside the post".to_string())
        )]
    );
}

#[test]
fn each_image_keeps_its_text_line_and_its_picture_goes_under_it() {
    let (dir, store) = fixture();
    let mut doc = rendered(&store, &dir, "posts/missing.md");
    let lines = text(&doc);
    let caption = lines
        .iter()
        .position(|l| l == "[image: Gone for good] gone.png")
        .expect("the missing image keeps its line");
    assert_eq!(doc.images.len(), 1);
    assert_eq!(doc.images[0].alt, "Gone for good");
    assert_eq!(doc.images[0].line, caption + 1, "under its text line");
    // Not made: no rows, the text as it was.
    doc.place_images(&[0]);
    assert_eq!(text(&doc), lines);

    let mut doc = rendered(&store, &dir, "posts/bundle/index.md");
    let header = &doc.images[0];
    assert!(header.header);
    assert_eq!(header.alt, "Green and yellow stripes");
    let lines = text(&doc);
    assert_eq!(
        lines[header.line - 1],
        "[image: Green and yellow stripes] cover.png"
    );
    let after = lines
        .iter()
        .position(|l| l == "The end of the bundle.")
        .expect("the last paragraph");
    doc.place_images(&[2, 3]);
    let placed = text(&doc);
    assert_eq!(placed.len(), lines.len() + 5);
    assert_eq!(placed[after + 5], "The end of the bundle.");
    let body = &doc.images[1];
    assert_eq!(
        placed[body.line - 1],
        "[image: A chequered diagram] diagram.png"
    );
    assert!(
        placed[body.line..body.line + 3]
            .iter()
            .all(String::is_empty)
    );
}

#[test]
fn a_fixture_png_becomes_half_blocks_of_its_colours() {
    let (dir, _) = fixture();
    let settings = PictureSettings {
        graphics: Graphics::Blocks,
        cell_px: (10, 20),
    };
    // As wide as 8 columns: its own size at 10 × 20 pixels a cell.
    let key = PictureKey::new(dir.join("posts/img/flag.png"), 8, 12);
    let picture = make(&key, &settings).expect("made");
    // 80 × 40 pixels, at 10 × 20 a cell: 8 × 2 cells, two stripes to a cell.
    assert_eq!((picture.cols, picture.rows), (8, 2));
    let area = ratatui::layout::Rect::new(0, 0, 8, 2);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    picture.draw(0..2, &mut buf, 0, 0);
    // Red (or blue) stripes over white: each cell a half-block in two colours, one of them the
    // stripe's (the scaling blends them a little).
    use ratatui::style::Color::{self, Rgb};
    let reddish = |c: Color| matches!(c, Rgb(r, g, b) if r > 200 && g < 100 && b < 100);
    let bluish = |c: Color| matches!(c, Rgb(r, g, b) if b > 200 && r < 100 && g < 120);
    let (left, right) = (&buf[(0, 0)], &buf[(7, 1)]);
    assert!(["▀", "▄"].contains(&left.symbol()), "{left:?}");
    assert_ne!(left.fg, left.bg);
    assert!(reddish(left.fg) || reddish(left.bg), "{left:?}");
    assert!(bluish(right.fg) || bluish(right.bg), "{right:?}");
}
