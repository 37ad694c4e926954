//! When the languages of posts that say none are detected: once the load is over, and again
//! when posts changed, by the language lane (`runtime::jobs::languages`), one job at a time.

use super::AppState;
use crate::runtime::effects::Effect;
use crate::runtime::jobs::languages::{DetectLanguages, LanguagesDetected};

impl AppState {
    /// Asks the language lane for the posts whose language nobody has said or looked for,
    /// when the store changed since it last looked and the lane is not at work.
    pub(super) fn ask_languages(&mut self) {
        let generation = self.store.generation();
        if !self.load.progress.finished
            || self.asked.detecting
            || self.asked.languages_generation == Some(generation)
        {
            return;
        }
        self.asked.languages_generation = Some(generation);
        let posts = self.store.undetected();
        if posts.is_empty() {
            return;
        }
        self.asked.detecting = true;
        self.outbox.push(Effect::run(DetectLanguages { posts }));
    }

    /// Keeps the languages the lane found: the language filter, `w` and post info count them
    /// from now on.
    pub(crate) fn take_languages(&mut self, detected: LanguagesDetected) {
        self.store.set_detected(detected.found, detected.last);
        if detected.last {
            self.asked.detecting = false;
            self.asked.languages_detected = true;
        }
    }
}
