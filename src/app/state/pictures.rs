//! The open post's pictures: each image it names is found ([`crate::library::images`]), its
//! picture asked of the pictures' thread ([`crate::runtime::pictures`]) and, once made, given
//! rows under its text line ([`crate::render::Document::place_images`]), which the article pane
//! draws it over. Pictures are kept per (file, version, size) for the session, so going back
//! to a post or scrolling never makes one again.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{AppState, Effect, Overlay, PostId};
use crate::library::images::{ImageSource, resolve};
use crate::runtime::jobs::images::FetchImages;
use crate::runtime::jobs::pictures::PictureJob;
use crate::runtime::pictures::{Graphics, Picture, PictureKey, PictureSettings};
use std::sync::Arc;

/// Pictures made and being made this session, beyond those of the open post.
const KEPT_PICTURES: usize = 64;

/// The most images of one post that get pictures; the rest keep their text lines. Each picture
/// that arrives lays the post out again, and each render looks every image's file up: a post
/// naming thousands of images would keep the UI thread busy for minutes.
pub const MAX_PICTURES_PER_POST: usize = 200;

/// The session's pictures.
#[derive(Debug, Default)]
pub struct Pictures {
    /// How pictures are drawn; `None`: they are off (`images = "off"`, `--no-images`).
    pub graphics: Option<Graphics>,
    /// The size of a cell, measured when the first picture is wanted.
    settings: Option<PictureSettings>,
    made: HashMap<PictureKey, Made>,
    pub remote: Remote,
    /// The picture shown at the pane's full size (`Enter` on an image), and its alt text.
    pub full: Option<(PictureKey, String)>,
}

/// Images on the web: fetched only when the reader asks (`I`, or `remote_images = true`),
/// then kept in the cache folder, so each address is fetched once.
#[derive(Debug, Default)]
pub struct Remote {
    /// The config's `remote_images`: fetched without asking.
    pub always: bool,
    /// Posts whose remote images the reader asked for.
    asked: HashSet<PostId>,
    /// The cache folder, looked up when first needed (`Some(None)`: there is none).
    cache: Option<Option<PathBuf>>,
    fetching: HashSet<String>,
    failed: HashMap<String, String>,
}

impl Remote {
    fn cache(&mut self) -> Option<PathBuf> {
        self.cache
            .get_or_insert_with(crate::library::images::cache_dir)
            .clone()
    }
}

#[derive(Debug, Clone)]
enum Made {
    Making,
    Done(Arc<Picture>),
    Failed(String),
}

/// Where one image of the open post stands, index for index with its document's images.
#[derive(Debug, Clone)]
pub enum ImageState {
    /// Drawn over its rows.
    Shown(Arc<Picture>),
    /// Being made.
    Making,
    /// Being fetched from the web.
    Fetching,
    /// On the web: not fetched.
    Remote(String),
    /// Pictures are off.
    Off,
    /// Not shown, and why.
    NotShown(String),
}

impl ImageState {
    /// What post info says of it.
    pub fn describe(&self) -> String {
        match self {
            ImageState::Shown(p) => format!("shown, {}×{} cells", p.cols, p.rows),
            ImageState::Making => "being drawn".into(),
            ImageState::Fetching => "being fetched from the web".into(),
            ImageState::Remote(_) => "on the web, not fetched (I fetches the post's)".into(),
            ImageState::Off => "pictures are off".into(),
            ImageState::NotShown(why) => why.clone(),
        }
    }
}

impl Pictures {
    /// Where the picture `key` stands: made, being made, or why not (`None`: never asked for).
    pub fn state(&self, key: &PictureKey) -> Option<ImageState> {
        Some(match self.made.get(key)? {
            Made::Done(picture) => ImageState::Shown(Arc::clone(picture)),
            Made::Making => ImageState::Making,
            Made::Failed(why) => ImageState::NotShown(why.clone()),
        })
    }

    /// Pictures drawn with `graphics` (`None`: off); remote images fetched without asking when
    /// `remote_always`.
    pub fn new(graphics: Option<Graphics>, remote_always: bool) -> Pictures {
        let mut pictures = Pictures {
            graphics,
            ..Pictures::default()
        };
        pictures.remote.always = remote_always;
        pictures
    }

    /// Where the picture of image file `file` (`cols` × `max_rows` at most) stands, and its
    /// key; `true` when it is to be made.
    fn of_file(
        &mut self,
        file: PathBuf,
        cols: u16,
        max_rows: u16,
    ) -> (ImageState, PictureKey, bool) {
        let key = PictureKey::new(file, cols, max_rows);
        let (state, wanted) = match self.made.get(&key) {
            Some(Made::Done(picture)) => (ImageState::Shown(Arc::clone(picture)), false),
            Some(Made::Failed(why)) => (ImageState::NotShown(why.clone()), false),
            Some(Made::Making) => (ImageState::Making, false),
            None => {
                self.made.insert(key.clone(), Made::Making);
                (ImageState::Making, true)
            }
        };
        (state, key, wanted)
    }
}

impl AppState {
    /// Finds the pictures of `doc`'s images (the open post's, rendered `cols` wide), makes room
    /// for those made, and asks for those not made yet. Returns each image's state, and its
    /// picture's key (`None` when it is not a file found).
    pub(super) fn place_pictures(
        &mut self,
        id: PostId,
        doc: &mut crate::render::Document,
        cols: u16,
    ) -> (Vec<ImageState>, Vec<Option<PictureKey>>) {
        if doc.images.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let Some(graphics) = self.reader.pictures.graphics else {
            return (vec![ImageState::Off; doc.images.len()], Vec::new());
        };
        let Some(post) = self.store.get(id) else {
            return (Vec::new(), Vec::new());
        };
        let path = post.path.clone();
        let max_rows = u16::try_from(self.article_rows() / 2)
            .unwrap_or(u16::MAX)
            .max(4);
        let pictures = &mut self.reader.pictures;
        let settings = *pictures
            .settings
            .get_or_insert_with(|| PictureSettings::for_terminal(graphics));
        let mut wanted = false;
        let mut fetch = Vec::new();
        let mut fetch_into = None;
        let mut keys = Vec::with_capacity(doc.images.len());
        let mut states = Vec::with_capacity(doc.images.len());
        for (index, image) in doc.images.iter().enumerate() {
            if index >= MAX_PICTURES_PER_POST {
                let why = format!("past the first {MAX_PICTURES_PER_POST} images of the post");
                states.push(ImageState::NotShown(why));
                keys.push(None);
                continue;
            }
            let (state, key) = match resolve(&path, &self.load.roots, &image.src) {
                Err(why) => (ImageState::NotShown(why.0), None),
                Ok(ImageSource::File(file)) => {
                    let (state, key, new) = pictures.of_file(file, cols, max_rows);
                    wanted |= new;
                    (state, Some(key))
                }
                Ok(ImageSource::Web(url)) => {
                    let asked = pictures.remote.always || pictures.remote.asked.contains(&id);
                    let cache = pictures.remote.cache();
                    let kept = (cache.as_deref())
                        .map(|cache| crate::library::images::cached_path(cache, &url))
                        .filter(|file| file.is_file());
                    let remote = &mut pictures.remote;
                    if let Some(file) = kept {
                        // Fetched before (in this session or another): no network involved.
                        let (state, key, new) = pictures.of_file(file, cols, max_rows);
                        wanted |= new;
                        (state, Some(key))
                    } else if let Some(why) = remote.failed.get(&url) {
                        (
                            ImageState::NotShown(format!("could not be fetched: {why}")),
                            None,
                        )
                    } else if remote.fetching.contains(&url) {
                        (ImageState::Fetching, None)
                    } else if !asked {
                        (ImageState::Remote(url), None)
                    } else if let Some(cache) = cache {
                        remote.fetching.insert(url.clone());
                        fetch.push(url);
                        fetch_into = Some(cache);
                        (ImageState::Fetching, None)
                    } else {
                        (
                            ImageState::NotShown("no cache folder to keep it in".into()),
                            None,
                        )
                    }
                }
            };
            states.push(state);
            keys.push(key);
        }
        let rows: Vec<u16> = (states.iter())
            .map(|s| match s {
                ImageState::Shown(p) => p.rows,
                _ => 0,
            })
            .collect();
        doc.place_images(&rows);
        if let Some(cache) = fetch_into {
            self.outbox
                .push(Effect::run(FetchImages { urls: fetch, cache }));
        }
        let pictures = &mut self.reader.pictures;
        if wanted {
            // The job holds every picture of the post still to make: the thread drops what is
            // left of the job before it for the newer one.
            let keys: Vec<PictureKey> = (keys.iter().flatten())
                .filter(|k| matches!(pictures.made.get(*k), Some(Made::Making)))
                .cloned()
                .collect();
            pictures
                .made
                .retain(|k, made| !matches!(made, Made::Making) || keys.contains(k));
            self.outbox
                .push(Effect::run(PictureJob { id, keys, settings }));
        }
        (states, keys)
    }

    /// `Enter` in the article (or a click on a picture): shows image `index` of the open post
    /// (by default the first whose line or picture is on screen) at the article pane's full
    /// size, in an overlay that `Enter` or `Esc` closes. Says so when there is none to show.
    pub fn show_picture_full(&mut self, index: Option<usize>) {
        let (Some(view), Some(area)) = (&self.reader.article, self.article_lines_area()) else {
            return;
        };
        let shown = view.scroll..view.scroll + usize::from(area.height);
        let on_screen = |i: &usize| {
            let image = &view.doc.images[*i];
            let caption = image.line.saturating_sub(1);
            shown.contains(&caption)
                || (image.rows > 0
                    && image.line < shown.end
                    && image.line + usize::from(image.rows) > shown.start)
        };
        let index = index.or_else(|| {
            (0..view.doc.images.len())
                .filter(on_screen)
                .find(|i| matches!(view.picture_keys.get(*i), Some(Some(_))))
        });
        let Some((key, alt)) = index.and_then(|i| {
            let key = view.picture_keys.get(i)?.clone()?;
            Some((key, view.doc.images.get(i)?.alt.clone()))
        }) else {
            self.session.notice = Some("No picture on screen to show".to_string());
            return;
        };
        let id = view.id;
        // The pane, less a row for the alt text.
        let (cols, rows) = (area.width, area.height.saturating_sub(1).max(1));
        let pictures = &mut self.reader.pictures;
        let settings = pictures.settings;
        let full = key.filling(cols, rows);
        let wanted = !pictures.made.contains_key(&full);
        if wanted {
            pictures.made.insert(full.clone(), Made::Making);
        }
        pictures.full = Some((full.clone(), alt));
        if let (true, Some(settings)) = (wanted, settings) {
            self.outbox.push(Effect::run(PictureJob {
                id,
                keys: vec![full],
                settings,
            }));
        }
        self.popup.overlay = Some(Overlay::Picture);
    }

    /// `I`: fetches the open post's images on the web (and keeps them in the cache).
    pub fn load_remote_images(&mut self) {
        let Some(view) = &mut self.reader.article else {
            return;
        };
        let remote = (view.images.iter())
            .filter(|s| matches!(s, ImageState::Remote(_)))
            .count();
        self.session.notice = Some(match remote {
            0 => "No images on the web to fetch in this post".to_string(),
            1 => "Fetching 1 image from the web…".to_string(),
            n => format!("Fetching {n} images from the web…"),
        });
        self.reader.pictures.remote.asked.insert(view.id);
        // Rendered again by the next sync, which asks for them.
        view.stale = true;
    }

    /// Takes in a remote image fetched (or why not): the open post is laid out again.
    pub fn image_fetched(&mut self, url: String, result: Result<(), String>) {
        let remote = &mut self.reader.pictures.remote;
        remote.fetching.remove(&url);
        if let Err(why) = result {
            self.session.notice = Some(format!("Could not fetch {url}: {why}"));
            remote.failed.insert(url, why);
        }
        if let Some(view) = &mut self.reader.article {
            view.stale = true;
        }
    }

    /// Takes in a picture made (or why it could not be): the open post is laid out again when
    /// it is one of its own.
    pub fn add_picture(&mut self, key: PictureKey, picture: Result<Arc<Picture>, String>) {
        let pictures = &mut self.reader.pictures;
        if !pictures.made.contains_key(&key) {
            // Dropped meanwhile (see below): not wanted any more.
            return;
        }
        pictures.made.insert(
            key.clone(),
            match picture {
                Ok(p) => Made::Done(p),
                Err(why) => Made::Failed(why),
            },
        );
        if let Some(view) = &mut self.reader.article
            && view.picture_keys.iter().flatten().any(|k| *k == key)
        {
            // Rendered again by the next sync, with room for it.
            view.stale = true;
        }
        if pictures.made.len() > KEPT_PICTURES {
            let open: Vec<PictureKey> = (self.reader.article.iter())
                .flat_map(|v| v.picture_keys.iter().flatten().cloned())
                .chain(self.reader.pictures.full.iter().map(|(key, _)| key.clone()))
                .collect();
            let pictures = &mut self.reader.pictures;
            pictures
                .made
                .retain(|key, made| open.contains(key) || matches!(made, Made::Making));
        }
    }
}
