//! Taking in what background jobs send back ([`crate::runtime::jobs`]): one arm per kind of
//! result, each handing it to the state. A result of a kind no arm takes is dropped.

use super::AppState;
use crate::runtime::event::JobResult;
use crate::runtime::jobs::backlinks::Backlinks;
use crate::runtime::jobs::colour::Coloured;
use crate::runtime::jobs::feeds::FeedFetched;
use crate::runtime::jobs::images::ImageFetched;
use crate::runtime::jobs::index::IndexReply;
use crate::runtime::jobs::languages::LanguagesDetected;
use crate::runtime::jobs::links::LinksChecked;
use crate::runtime::jobs::metadata::MetadataSaved;
use crate::runtime::jobs::open::NotOpened;
use crate::runtime::jobs::pictures::PictureMade;
use crate::runtime::jobs::render::{Part, Rendered};

/// Hands `result` to the part of the state its kind is for.
pub(super) fn take(state: &mut AppState, result: JobResult) {
    let result = match result.take::<Rendered>() {
        Ok(r) => {
            return match r.part {
                Part::Whole => state.take_render(r.id, r.revision, r.width, r.doc),
                Part::End => state.take_end_render(r.id, r.revision, r.width, r.doc),
            };
        }
        Err(other) => other,
    };
    let result = match result.take::<Coloured>() {
        Ok(c) => return state.add_colours(c.id, c.colours),
        Err(other) => other,
    };
    let result = match result.take::<PictureMade>() {
        Ok(p) => return state.add_picture(p.key, p.picture),
        Err(other) => other,
    };
    let result = match result.take::<ImageFetched>() {
        Ok(i) => return state.image_fetched(i.url, i.result),
        Err(other) => other,
    };
    let result = match result.take::<Backlinks>() {
        Ok(b) => return state.take_backlinks(&b.target, b.generation, &b.linking),
        Err(other) => other,
    };
    let result = match result.take::<IndexReply>() {
        Ok(reply) => return index_reply(state, reply),
        Err(other) => other,
    };
    let result = match result.take::<LanguagesDetected>() {
        Ok(detected) => return state.take_languages(detected),
        Err(other) => other,
    };
    let result = match result.take::<LinksChecked>() {
        Ok(LinksChecked(broken)) => return state.take_broken_links(broken),
        Err(other) => other,
    };
    let result = match result.take::<FeedFetched>() {
        Ok(fetched) => return super::feeds::fetched(state, fetched),
        Err(other) => other,
    };
    let result = match result.take::<MetadataSaved>() {
        // A cache that cannot be written costs the next start its speed, nothing else.
        Ok(MetadataSaved(Err(why))) => {
            state.session.notice = Some(format!("metadata cache not saved: {why}"));
            return;
        }
        Ok(MetadataSaved(Ok(_))) => return,
        Err(other) => other,
    };
    if let Ok(failed) = result.take::<NotOpened>() {
        state.session.notice = Some(format!("Could not open {}: {}", failed.url, failed.error));
    }
}

fn index_reply(state: &mut AppState, reply: IndexReply) {
    match reply {
        IndexReply::Progress { done, total } => state.load.indexing = Some((done, total)),
        IndexReply::Ready { index, version } => {
            state.load.indexing = None;
            state.use_index(index, version);
        }
        IndexReply::Failed(text) => {
            // Not waiting for it any more: the link check goes ahead (see `AppState::ask_index`).
            state.load.indexing = None;
            state.session.notice = Some(text);
        }
    }
}
