//! Pictures: making one from a photograph-sized JPEG (decode, scale, cells), and the folder the
//! whole-app budget of issue 25 is measured on: `cargo bench --bench pictures`.
//!
//! The folder, `target/bench-corpora/pictures50`, holds `photos.md` (a ~4 KiB post naming 50
//! JPEGs of 1–2 MB each, 1600 × 1200, written here with a fixed seed) and `text.md` (the same
//! post without them). `bash benches/e2e.sh pictures` times the reader on both.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use tidings::runtime::pictures::{Graphics, PictureKey, PictureSettings, make};

const PHOTOS: usize = 50;

/// A 1600 × 1200 JPEG of smooth colour under noise (1–2 MB at quality 90), from seed `seed`.
fn photo(path: &Path, seed: u64) {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut noise = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 56) as u8
    };
    let image = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let base = [(x / 7) as u8, (y / 5) as u8, ((x + y) / 11) as u8];
        image::Rgb(base.map(|c| c.wrapping_add(noise() / 6)))
    });
    let file = std::fs::File::create(path).expect("create the photo");
    let mut encoder =
        image::codecs::jpeg::JpegEncoder::new_with_quality(std::io::BufWriter::new(file), 90);
    encoder.encode_image(&image).expect("encode the photo");
}

/// The text both posts share: paragraphs and headings, ~4 KiB.
fn text(photos: bool) -> String {
    let mut out =
        String::from("---\ntitle: \"Fifty photographs\"\ndate: 2026-11-30\ntag: photos\n---\n\n");
    for n in 0..PHOTOS {
        if n % 10 == 0 {
            out.push_str(&format!("## Roll {}\n\n", n / 10 + 1));
        }
        out.push_str(&format!(
            "Frame {n} was taken on the ferry at dawn, with the light low over the water.\n\n"
        ));
        if photos {
            out.push_str(&format!("![Frame {n}](photos/{n:02}.jpg)\n\n"));
        }
    }
    out.push_str("End of the roll.\n");
    out
}

/// The folder, made on first use.
fn folder() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpora/pictures50");
    if !dir.join(".complete").exists() {
        std::fs::create_dir_all(dir.join("photos")).expect("mkdir");
        for n in 0..PHOTOS {
            photo(&dir.join(format!("photos/{n:02}.jpg")), n as u64);
        }
        std::fs::write(dir.join("photos.md"), text(true)).expect("write");
        std::fs::write(dir.join("text.md"), text(false)).expect("write");
        std::fs::write(dir.join(".complete"), "").expect("write");
    }
    dir
}

fn pictures(c: &mut Criterion) {
    let dir = folder();
    let photo = dir.join("photos/00.jpg");
    let bytes = std::fs::metadata(&photo).map(|m| m.len()).unwrap_or(0);
    eprintln!("{} ({bytes} bytes)", photo.display());
    let mut group = c.benchmark_group("pictures");
    group.sample_size(20);
    for (name, graphics) in [("blocks", Graphics::Blocks), ("kitty", Graphics::Kitty)] {
        let settings = PictureSettings {
            graphics,
            cell_px: (10, 20),
        };
        group.bench_function(format!("1600x1200 jpeg to 76x20 cells, {name}"), |b| {
            b.iter(|| make(&PictureKey::new(photo.clone(), 76, 20), &settings).expect("made"));
        });
    }
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
