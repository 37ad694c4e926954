//! The tag, date and language pickers: moving, narrowing, choosing; and switching to a post's
//! translation.

use super::{AppState, Command, DatePreset, TagMatch, parse_range, step, to_list_top};

pub(super) fn tag_picker_command(state: &mut AppState, command: Command) {
    let tags = state.picker_tags();
    let shown = tags.len();
    let cursor = state.popup.tag_picker.cursor;
    let highlighted = tags.get(cursor).map(|(t, _)| t.key.clone());
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back => state.popup.overlay = None,
        Command::Activate => {
            if state.list.query.filter.tags.is_empty()
                && let Some(key) = highlighted
            {
                state.list.query.filter.tags.push(key.to_string());
                to_list_top(state);
            }
            state.popup.overlay = None;
        }
        Command::Select => {
            if let Some(key) = highlighted {
                match state.list.query.filter.tags.iter().position(|k| *k == key) {
                    Some(i) => {
                        state.list.query.filter.tags.remove(i);
                    }
                    None => state.list.query.filter.tags.push(key.to_string()),
                }
                to_list_top(state);
            }
        }
        Command::ToggleTagMatch => {
            state.list.query.filter.tag_match = match state.list.query.filter.tag_match {
                TagMatch::Any => TagMatch::All,
                TagMatch::All => TagMatch::Any,
            };
            to_list_top(state);
        }
        Command::DeleteBack => {
            state.popup.tag_picker.narrow.pop();
            state.popup.tag_picker.cursor = 0;
        }
        Command::ClearInput => {
            state.popup.tag_picker.narrow.clear();
            state.popup.tag_picker.cursor = 0;
        }
        Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
            let page = usize::from(state.screen.area.height.saturating_sub(8)).max(1);
            state.popup.tag_picker.cursor = step(cursor, command, shown, page);
        }
        _ => {}
    }
}

pub(super) fn date_picker_command(state: &mut AppState, command: Command) {
    let picker = &mut state.popup.date_picker;
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back => state.popup.overlay = None,
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::Top
        | Command::Bottom => {
            picker.cursor = step(picker.cursor, command, DatePreset::ALL.len(), 5);
        }
        Command::DeleteBack => {
            picker.input.pop();
            picker.error = None;
        }
        Command::ClearInput => {
            picker.input.clear();
            picker.error = None;
        }
        Command::Activate => {
            let (range, label) = if picker.input.trim().is_empty() {
                let preset = DatePreset::ALL[picker.cursor.min(DatePreset::ALL.len() - 1)];
                let label = (preset != DatePreset::All).then(|| preset.label().to_string());
                (preset.range(state.session.today), label)
            } else {
                match parse_range(&picker.input) {
                    Ok(range) => (range, Some(picker.input.trim().to_string())),
                    Err(err) => {
                        picker.error = Some(err.to_string());
                        return;
                    }
                }
            };
            state.list.query.filter.from = range.from;
            state.list.query.filter.to = range.to;
            state.list.date_label = label;
            state.popup.overlay = None;
            to_list_top(state);
        }
        _ => {}
    }
}

pub(super) fn lang_picker_command(state: &mut AppState, command: Command) {
    let choices = crate::app::overlay::languages::choices(state);
    let cursor = state.popup.lang_cursor.min(choices.len().saturating_sub(1));
    match command {
        Command::Quit => state.session.quit = true,
        Command::Back | Command::Languages => state.popup.overlay = None,
        Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
            state.popup.lang_cursor = step(cursor, command, choices.len(), 10);
        }
        Command::Top => state.popup.lang_cursor = 0,
        Command::Bottom => state.popup.lang_cursor = choices.len().saturating_sub(1),
        Command::Activate | Command::Select => {
            if let Some((lang, _)) = choices.into_iter().nth(cursor) {
                state.list.query.filter.lang = lang;
                to_list_top(state);
            }
            state.popup.overlay = None;
        }
        _ => {}
    }
}

/// Opens the open (or selected) post's next translation, by language code, wrapping around.
pub(super) fn next_translation(state: &mut AppState) {
    let Some(id) = state
        .reader
        .article
        .as_ref()
        .map(|a| a.id)
        .or(state.list.selected)
    else {
        return;
    };
    let translations = crate::library::languages::translations(&state.store, id);
    let here = state.store.lang(id).map(str::to_string);
    let lang = |id: &crate::content::PostId| state.store.lang(*id).map(str::to_string);
    let next = translations
        .iter()
        .find(|t| lang(t) > here)
        .or_else(|| translations.first())
        .copied();
    match next {
        Some(next) => {
            let name = lang(&next).unwrap_or_default();
            state.session.notice = Some(format!("Translation: {name}"));
            state.follow_to(next, None);
        }
        None => state.session.notice = Some("This post has no translation here.".to_string()),
    }
}
