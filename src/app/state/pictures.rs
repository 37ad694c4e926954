//! The open post's pictures: each image it names is found ([`crate::library::images`]), its
//! picture asked of the pictures' thread ([`crate::runtime::pictures`]) and, once made, given
//! rows under its text line ([`crate::render::Document::place_images`]), which the article pane
//! draws it over. Pictures are kept per (file, version, size) for the session, so going back
//! to a post or scrolling never makes one again.

use std::collections::HashMap;

use super::*;
use crate::library::images::{ImageSource, resolve};
use crate::runtime::pictures::{Graphics, Picture, PictureJob, PictureKey, PictureSettings};

/// Pictures made and being made this session, beyond those of the open post.
const KEPT_PICTURES: usize = 64;

/// The session's pictures.
#[derive(Debug, Default)]
pub struct Pictures {
    /// How pictures are drawn; `None`: they are off (`images = "off"`, `--no-images`).
    pub graphics: Option<Graphics>,
    /// The size of a cell, measured when the first picture is wanted.
    settings: Option<PictureSettings>,
    made: HashMap<PictureKey, Made>,
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
            ImageState::Remote(_) => "on the web, not fetched".into(),
            ImageState::Off => "pictures are off".into(),
            ImageState::NotShown(why) => why.clone(),
        }
    }
}

impl Pictures {
    /// Pictures drawn with `graphics` (`None`: off).
    pub fn new(graphics: Option<Graphics>) -> Pictures {
        Pictures {
            graphics,
            ..Pictures::default()
        }
    }
}

impl AppState {
    /// Finds the pictures of `doc`'s images (the open post's, rendered `cols` wide), makes room
    /// for those made, and asks for those not made yet. Returns each image's state, and the
    /// pictures' keys.
    pub(super) fn place_pictures(
        &mut self,
        id: PostId,
        doc: &mut crate::render::Document,
        cols: u16,
    ) -> (Vec<ImageState>, Vec<PictureKey>) {
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
        let mut keys = Vec::with_capacity(doc.images.len());
        let mut states = Vec::with_capacity(doc.images.len());
        for image in &doc.images {
            let (state, key) = match resolve(&path, &self.load.roots, &image.src) {
                Err(why) => (ImageState::NotShown(why.0), None),
                Ok(ImageSource::Web(url)) => (ImageState::Remote(url), None),
                Ok(ImageSource::File(file)) => {
                    let key = PictureKey::new(file, cols, max_rows);
                    let state = match pictures.made.get(&key) {
                        Some(Made::Done(picture)) => ImageState::Shown(Arc::clone(picture)),
                        Some(Made::Failed(why)) => ImageState::NotShown(why.clone()),
                        Some(Made::Making) => ImageState::Making,
                        None => {
                            pictures.made.insert(key.clone(), Made::Making);
                            wanted = true;
                            ImageState::Making
                        }
                    };
                    (state, Some(key))
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
                .push(Effect::MakePictures(PictureJob { id, keys, settings }));
        }
        (states, keys.into_iter().flatten().collect())
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
            && view.picture_keys.contains(&key)
        {
            // Rendered again by the next sync, with room for it.
            view.width = 0;
        }
        if pictures.made.len() > KEPT_PICTURES {
            let open: Vec<PictureKey> = (self.reader.article.iter())
                .flat_map(|v| v.picture_keys.iter().cloned())
                .collect();
            pictures
                .made
                .retain(|key, made| open.contains(key) || matches!(made, Made::Making));
        }
    }
}
