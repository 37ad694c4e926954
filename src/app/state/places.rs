//! Where the reader left off (see [`crate::library::places`]): the place in each post left,
//! gone back to when the post is opened again (once per run, so `g` and reading on are not
//! undone); the post open, the selection and the list's query, gone back to once the load is
//! over; and all of it saved when the reader quits.

use std::collections::HashSet;

use super::reader::Landing;
use super::{AppState, Focus};
use crate::app::position::{ReadingPosition, position_of};
use crate::library::places::KeptQuery;
use crate::library::select::Query;
use crate::library::store::PostId;

impl AppState {
    /// Keeps the open post's place (forgetting it when the post is at its top).
    pub(super) fn keep_position(&mut self) {
        let Some(view) = &self.reader.article else {
            return;
        };
        if view.doc.lines.is_empty() || view.pending.is_some() || view.deleted {
            return;
        }
        let kept = position_of(&view.doc, view.scroll).kept(&view.doc);
        if let Some(key) = self.read_key(view.id) {
            self.marks.places.set_position(key, kept);
        }
    }

    /// Lands post `id`, just opened, where it was left, the first time it opens in this run
    /// and when nothing else asked where it should land; says so on the status line.
    pub(super) fn go_back_to_kept_position(&mut self, id: PostId) {
        if self.marks.fresh || self.reader.landing.is_some() || self.marks.resumed.contains(&id) {
            return;
        }
        let Some(key) = self.read_key(id) else {
            return;
        };
        let Some(position) = self.marks.places.position(&key).cloned() else {
            return;
        };
        self.marks.resumed.insert(id);
        let place = ReadingPosition::from_kept(&position);
        self.reader.landing = Some((id, Landing::Place(place)));
        let at = (position.heading).unwrap_or_else(|| format!("line {}", position.line + 1));
        self.session.notice = Some(format!("back where you left: {at}"));
    }

    /// Once the load is over: the list's query, selection and open post as the last run left
    /// them (the query only when the command line gave none).
    pub(crate) fn resume_where_left(&mut self) {
        let Some(left) = self.marks.resume.take() else {
            return;
        };
        if self.list.query == Query::default() {
            self.list.query = left.query.query();
        }
        let open = left.open.as_deref().and_then(|key| self.id_by_key(key));
        let selected = left.selected.as_deref().and_then(|key| self.id_by_key(key));
        if let Some(id) = open.or(selected) {
            self.list.pending_open = Some(id);
            self.list.follow_top = false;
            if open.is_some() {
                self.screen.focus = Focus::Article;
            }
        }
    }

    /// The post whose read key ([`crate::library::readstate::post_key`]) is `key`: found by its
    /// path under one of the roots, and its title.
    fn id_by_key(&self, key: &str) -> Option<PostId> {
        let relative = key.split('\t').next()?;
        (self.load.roots.iter())
            .filter_map(|root| self.store.id_of(&root.join(relative)))
            .find(|&id| self.read_key(id).as_deref() == Some(key))
    }

    /// Saves where the reader is leaving off: the open post's place, the post open (when the
    /// article has the focus), the selection and the query. Positions of posts gone from the
    /// folder are dropped.
    ///
    /// Errors: as [`crate::library::places::Places::save`].
    pub fn save_places(&mut self) -> Result<(), crate::library::places::PlacesError> {
        self.keep_position();
        let open = (self.reader.article.as_ref())
            .filter(|_| self.screen.focus != Focus::List)
            .and_then(|view| self.read_key(view.id));
        let selected = self.list.selected.and_then(|id| self.read_key(id));
        let posts: HashSet<String> = (self.store.ids().iter())
            .filter_map(|&id| self.read_key(id))
            .collect();
        let left = &mut self.marks.places.left;
        left.query = KeptQuery::of(&self.list.query);
        left.open = open;
        left.selected = selected;
        self.marks.places.save(&posts)
    }
}
