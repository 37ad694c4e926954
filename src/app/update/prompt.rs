//! The line typed at the bottom: a search (the list follows as it is typed) or a link number
//! to follow or copy.

use super::{AppState, Command, Effect, Focus, Overlay, Prompt, Target, to_list_top};

/// A character typed into the prompt or the open picker.
pub(super) fn insert(state: &mut AppState, c: char) {
    if c.is_control() {
        return;
    }
    match (state.popup.prompt, state.popup.overlay) {
        (Some(Prompt::Search), _) => {
            state.list.query.search.push(c);
            to_list_top(state);
        }
        (Some(Prompt::OpenLink | Prompt::CopyLink), _) if c.is_ascii_digit() => {
            state.popup.prompt_input.push(c);
        }
        (None, Some(Overlay::Tags)) => {
            state.popup.tag_picker.narrow.push(c);
            state.popup.tag_picker.cursor = 0;
        }
        (None, Some(Overlay::Dates)) => {
            state.popup.date_picker.input.push(c);
            state.popup.date_picker.error = None;
        }
        _ => {}
    }
}

/// A key while the prompt is open: Enter applies, Esc cancels, Backspace edits.
pub(super) fn prompt_command(state: &mut AppState, command: Command) {
    let Some(prompt) = state.popup.prompt else {
        return;
    };
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back => {
            if prompt == Prompt::Search {
                state.list.query.search.clear();
            }
            state.popup.prompt = None;
        }
        Command::DeleteBack | Command::ClearInput => {
            let text = state.prompt_text_mut();
            if command == Command::DeleteBack {
                text.pop();
            } else {
                text.clear();
            }
            if prompt == Prompt::Search {
                to_list_top(state);
            }
        }
        Command::Activate => {
            state.popup.prompt = None;
            match prompt {
                Prompt::Search => state.screen.focus = Focus::List,
                Prompt::OpenLink | Prompt::CopyLink => follow_link(state, prompt),
            }
        }
        _ => {}
    }
}

/// Opens or copies the link whose number was typed.
pub(super) fn follow_link(state: &mut AppState, prompt: Prompt) {
    let number: Option<usize> = state.popup.prompt_input.parse().ok();
    let url = number.and_then(|n| {
        state
            .document()?
            .links
            .iter()
            .find(|l| l.number == n)
            .map(|l| l.url.clone())
    });
    let Some(url) = url else {
        state.session.notice = Some(format!(
            "No link [{}] in this post.",
            state.popup.prompt_input
        ));
        return;
    };
    if prompt == Prompt::CopyLink {
        state.session.notice = Some(format!("Copied {url}"));
        state.ask(Effect::Copy(url));
        return;
    }
    follow_url(state, url);
}

/// Follows a link of the open post: another post opens here, a web address in the browser.
pub(super) fn follow_url(state: &mut AppState, url: String) {
    let Some(from) = state.reader.article.as_ref().map(|a| a.id) else {
        return;
    };
    match state.resolve_link(from, &url) {
        Target::Web(url) => {
            state.session.notice = Some(format!("Opening {url}"));
            state.ask(Effect::run(crate::runtime::jobs::open::OpenUrl(url)));
        }
        Target::Post { id, anchor } => state.follow_to(id, anchor),
        Target::Unresolved(why) => state.session.notice = Some(why),
    }
}
