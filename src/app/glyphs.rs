//! The marks the list puts before titles, in one place: the list draws them, the state sizes the
//! title column with them, and help explains them.

use crate::content::{Post, Publication};

/// Before an unread post's title.
pub const UNREAD_MARK: &str = "• ";
/// Before the title of a post added or changed on disk since it was last viewed (read or not).
pub const CHANGED_MARK: &str = "● ";

/// Shown before a draft's title in the list.
pub const DRAFT_MARK: &str = "draft · ";
/// Shown before the title of a post whose `publishDate` is still to come.
pub const SCHEDULED_MARK: &str = "scheduled · ";
/// Shown before the title of a post whose `expiryDate` has passed.
pub const EXPIRED_MARK: &str = "expired · ";
/// Shown before a section page's title in a list grouped by section, after two columns per
/// level of nesting.
pub const SECTION_MARK: &str = "§ ";

/// The mark before an unpublished post's title (see [`Post::publication`]); `None` for a
/// published one.
pub fn unpublished_mark(publication: Publication) -> Option<&'static str> {
    match publication {
        Publication::Published => None,
        Publication::Draft => Some(DRAFT_MARK),
        Publication::Scheduled(_) => Some(SCHEDULED_MARK),
        Publication::Expired(_) => Some(EXPIRED_MARK),
    }
}

/// The mark a post may carry on some day (a draft's, else a scheduled one's, else an expired
/// one's), for sizing the title column: the list keeps room for it whatever the day.
pub fn widest_mark(post: &Post) -> &'static str {
    if post.meta.draft {
        DRAFT_MARK
    } else if post.meta.publish_date.is_some() {
        SCHEDULED_MARK
    } else if post.meta.expiry_date.is_some() {
        EXPIRED_MARK
    } else {
        ""
    }
}
