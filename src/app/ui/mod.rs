//! Drawing the state: one file per pane. Panes only read [`AppState`]; the article pane slices
//! lines rendered earlier, when `update` refreshed the state.

pub mod article;
pub mod list;
pub mod overlay;
pub mod pickers;
pub mod status;
pub mod toc;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::state::{AppState, Focus, Overlay};

/// Draws every pane where the state's `screen.panes` puts it, and the open overlay on top.
pub fn draw(frame: &mut Frame<'_>, state: &AppState) {
    let panes = state.screen.panes;
    if let Some(area) = panes.list {
        frame.render_widget(list::ListPane { state }, area);
    }
    if let Some(area) = panes.article {
        frame.render_widget(article::ArticlePane { state }, area);
    }
    if let Some(area) = panes.toc {
        frame.render_widget(toc::TocPane { state }, area);
    }
    frame.render_widget(status::StatusLine { state }, panes.status);
    match state.popup.overlay {
        Some(Overlay::Tags) => frame.render_widget(pickers::TagPickerPane { state }, frame.area()),
        Some(Overlay::Dates) => {
            frame.render_widget(pickers::DatePickerPane { state }, frame.area());
        }
        Some(Overlay::Picture) => {
            if let Some(area) = panes.article {
                frame.render_widget(article::PicturePane { state }, area);
            }
        }
        Some(overlay) => frame.render_widget(overlay::OverlayPane { state, overlay }, frame.area()),
        // Last, so no pane is drawn over a link's cells afterwards.
        None if state.settings.hyperlinks => article::link_cells(frame.buffer_mut(), state),
        None => {}
    }
}

/// Clears `area` for a popup, and the character just left of it on each row when that is a
/// wide (CJK) character whose second half lies under the popup: left there, the terminal would
/// draw it over the popup's left border.
fn clear_popup(area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let Some(left) = area.x.checked_sub(1) else {
        return;
    };
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((left, y))
            && crate::text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// A line being typed: `label`, the text, and a block cursor in `cursor` style. The text's
/// start is cut (by display columns) so all of it fits in `columns`.
fn input_spans<'a>(label: Span<'a>, text: &str, columns: usize, cursor: Style) -> Vec<Span<'a>> {
    let room = columns.saturating_sub(label.width() + 1);
    let mut start = 0;
    while crate::text::width(&text[start..]) > room {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    vec![
        label,
        Span::raw(text[start..].to_string()),
        Span::styled(" ", cursor),
    ]
}

/// A pane's border and title, highlighted when the pane has the focus.
fn pane_block<'a>(state: &AppState, title: &'a str, pane: Focus) -> Block<'a> {
    let focused = state.screen.focus == pane;
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            state.settings.theme.border_focused
        } else {
            state.settings.theme.border
        })
        .title(title)
}

/// A drawn screen's text, one row per line and every cell kept (trailing spaces too); the cell
/// a wide character covers holds nothing to print and is skipped. For tests and snapshots.
pub fn screen_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = crate::text::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Command, Event, update};
    use crate::content::Post;
    use crate::content::testing::post;
    use crate::runtime::jobs::backlinks::{Backlinks, BacklinksJob};
    use crate::runtime::jobs::colour::{ColourJob, Coloured};
    use crate::runtime::jobs::links::LinksChecked;
    use crate::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::path::Path;
    use std::sync::Arc;

    fn app(width: u16, height: u16) -> AppState {
        let mut state = AppState::new(Theme::no_color());
        update(&mut state, Event::Resize { width, height });
        update(
            &mut state,
            Event::Loaded {
                posts: vec![
                    post(
                        "/p/a.md",
                        "Ethereum L2 TVL Surpasses $50B",
                        "2024-06-19",
                        "defi",
                        "Intro **text** here.\n\n## Growth\n\n- one\n- two\n\n## Challenges Remain\n\n> quoted\n",
                    ),
                    post(
                        "/p/b.md",
                        "Layer2 решения увеличили TVL",
                        "2024-06-10",
                        "ethereum",
                        "тело\n",
                    ),
                    post("/p/c.md", "在终端里读新闻", "2023-01-02", "notes", "正文\n"),
                ].into_iter().map(Arc::new).collect(),
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::LoadFinished);
        state
    }

    fn screen(state: &AppState) -> String {
        let mut terminal = Terminal::new(TestBackend::new(
            state.screen.area.width,
            state.screen.area.height,
        ))
        .expect("backend");
        terminal.draw(|f| draw(f, state)).expect("draw");
        screen_text(terminal.backend().buffer())
    }

    #[test]
    fn post_info_shows_unknown_fields_date_source_and_diagnostics_at_80x24() {
        let mut state = app(80, 24);
        let text = "+++\ntitle = \"Announcing Rust 1.88.0\"\npath = \"2025/06/26/Rust-1.88.0\"\nauthors = [\"The Rust Release Team\"]\ndraft = true\ntags = \"release\"\n\n[extra]\nrelease = true\n+++\nBody.\n";
        let mut rust = Post::parse(Path::new("/blog/Rust-1.88.0.md"), text, None);
        rust.diagnostics.push(crate::content::Diagnostic {
            line: Some(3),
            message: "an example diagnostic".to_string(),
        });
        update(
            &mut state,
            Event::Loaded {
                posts: vec![Arc::new(rust)],
                errors: Vec::new(),
            },
        );
        // The post is a draft: shown with `D`.
        update(&mut state, Event::Command(Command::ToggleDrafts));
        update(&mut state, Event::Command(Command::Top));
        let effects = update(&mut state, Event::Command(Command::ToggleInfo));
        // The backlinks' thread answers: no post links here.
        for effect in effects {
            if let Some(job) = effect.into_job::<BacklinksJob>() {
                update(
                    &mut state,
                    Event::done(Backlinks {
                        target: job.target,
                        generation: job.generation,
                        linking: Vec::new(),
                    }),
                );
            }
        }
        insta::assert_snapshot!(screen(&state));
    }

    #[test]
    fn post_info_names_the_language_and_lists_the_translations() {
        let mut state = AppState::new(Theme::no_color());
        update(
            &mut state,
            Event::Resize {
                width: 100,
                height: 30,
            },
        );
        update(
            &mut state,
            Event::Loaded {
                posts: vec![
                    post(
                        "/site/en/blog/x/index.md",
                        "New in Chrome",
                        "2024-02-02",
                        "",
                        "Hi.\n",
                    ),
                    post(
                        "/site/ru/blog/x/index.md",
                        "Новое в Chrome",
                        "2024-02-01",
                        "",
                        "Привет.\n",
                    ),
                    post(
                        "/site/ru/blog/y/index.md",
                        "Другое",
                        "2024-01-01",
                        "",
                        "Текст.\n",
                    ),
                ]
                .into_iter()
                .map(Arc::new)
                .collect(),
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::LoadFinished);
        update(&mut state, Event::Command(Command::ToggleInfo));
        let text = screen(&state);
        assert!(text.contains("Language"), "{text}");
        assert!(text.contains("Translations"), "{text}");
        assert!(text.contains("ru            Новое в Chrome"), "{text}");
        // In the list only: it is not a translation.
        assert_eq!(text.matches("Другое").count(), 1, "{text}");
    }

    #[test]
    fn a_filter_that_leaves_nothing_says_so_and_shows_nothing_stale() {
        let mut state = app(100, 20);
        update(&mut state, Event::Command(Command::Activate));
        assert!(state.reader.article.is_some());
        state.list.query.search = "no such words anywhere".into();
        state.list.query.filter.tags = vec!["defi".into()];
        update(&mut state, Event::Command(Command::ToggleInfo));
        let text = screen(&state);
        assert!(state.reader.article.is_none(), "the article is closed");
        assert_eq!(state.popup.overlay, None, "no info on a post not listed");
        assert!(text.contains("No posts match"), "{text}");
        assert!(text.contains("tags: defi · /no such words"), "{text}");
        assert!(text.contains("T clears the tags"), "{text}");
        assert!(text.contains("Esc clears the search"), "{text}");
        assert!(!text.contains("Intro text here"), "nothing stale:\n{text}");
    }

    #[test]
    fn diagnostics_list_every_problem_and_scroll_at_80x24() {
        let mut state = app(80, 24);
        let posts = (0..30)
            .map(|i| {
                let text = format!("---\ntitle: [broken {i}\n---\nbody\n");
                Post::parse(Path::new(&format!("/p/broken-{i:02}.md")), text, None)
            })
            .map(Arc::new)
            .collect();
        update(
            &mut state,
            Event::Loaded {
                posts,
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::Command(Command::ToggleDiagnostics));
        let top = screen(&state);
        assert!(top.contains("/p/broken-"), "{top}");
        assert!(top.contains("30 diagnostics (! lists them)"), "{top}");
        update(&mut state, Event::Command(Command::Bottom));
        insta::assert_snapshot!(screen(&state));
        update(&mut state, Event::Command(Command::Back));
        assert_eq!(state.popup.overlay, None);
    }

    #[test]
    fn broken_links_are_marked_counted_and_listed_once_the_check_answers_at_80x24() {
        let mut state = app(80, 24);
        let body = "See [the setup](b.md#setup) and [a guide](guide.md).\n";
        update(
            &mut state,
            Event::Loaded {
                posts: vec![Arc::new(post("/p/d.md", "Links", "2024-07-01", "", body))],
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::Command(Command::Top));
        update(&mut state, Event::Command(Command::Activate));
        assert!(!screen(&state).contains('⚠'), "nothing checked yet");
        // What the link check's thread answers for the store.
        let check = |state: &AppState| {
            let store = crate::library::store::Store::from_shared(state.store.snapshot());
            Event::done(LinksChecked(std::sync::Arc::new(
                crate::library::linkcheck::Checker::new().check(&store),
            )))
        };
        let answer = check(&state);
        update(&mut state, answer);
        let text = screen(&state);
        assert!(text.contains("setup[1]⚠"), "{text}");
        assert!(text.contains("guide[2]⚠"), "{text}");
        assert!(text.contains("2 broken links (! lists them)"), "{text}");
        update(&mut state, Event::Command(Command::ToggleDiagnostics));
        insta::assert_snapshot!(screen(&state));
        update(&mut state, Event::Command(Command::Back));
        // The post is fixed on disk: the next check clears the marks.
        let fixed = "See [the setup](b.md) and [a guide](a.md#growth).\n";
        update(
            &mut state,
            Event::Changed {
                changes: vec![crate::library::store::Change::Upsert(Box::new(post(
                    "/p/d.md",
                    "Links",
                    "2024-07-01",
                    "",
                    fixed,
                )))],
                errors: Vec::new(),
            },
        );
        let answer = check(&state);
        update(&mut state, answer);
        let text = screen(&state);
        assert!(!text.contains('⚠'), "{text}");
        assert!(!text.contains("broken link"), "{text}");
    }

    #[test]
    fn browsing_screen_at_100x16() {
        let state = app(100, 16);
        insta::assert_snapshot!(screen(&state));
    }

    #[test]
    fn reading_screen_with_contents_at_100x16() {
        let mut state = app(100, 16);
        update(&mut state, Event::Command(Command::Activate));
        update(&mut state, Event::Command(Command::FocusNext));
        update(&mut state, Event::Command(Command::Down));
        insta::assert_snapshot!(screen(&state));
    }

    #[test]
    fn tag_filter_is_shown_in_the_list_header() {
        let mut state = app(100, 16);
        update(&mut state, Event::Command(Command::Tags));
        update(&mut state, Event::Command(Command::Down));
        update(&mut state, Event::Command(Command::Activate));
        let text = screen(&state);
        let header = text.lines().next().expect("header");
        assert!(header.contains("1 post · tags: ethereum"), "{header}");
        let status = text.lines().last().expect("status line");
        assert!(status.contains("1 of 3 posts"), "{status}");
    }

    #[test]
    fn titles_win_over_tags_when_the_list_is_narrow() {
        let mut state = app(80, 12);
        let long = post(
            "/p/d.md",
            "Measuring a reader: code and tables",
            "2025-03-02",
            "engineering, benchmarks, performance",
            "x\n",
        );
        update(
            &mut state,
            Event::Changed {
                changes: vec![crate::library::store::Change::Upsert(Box::new(long))],
                errors: Vec::new(),
            },
        );
        let text = screen(&state);
        let row = text.lines().nth(1).expect("first row");
        assert!(
            row.contains("Measuring a reader: code and tables "),
            "{text}"
        );
        assert!(row.contains("2025-03-02"), "{text}");
        assert!(!row.contains("engineering"), "{text}");
    }

    #[test]
    fn help_lists_every_binding() {
        let mut state = app(100, 60);
        update(&mut state, Event::Command(Command::ToggleHelp));
        let text = screen(&state);
        let tables = [crate::keys::BINDINGS, crate::keys::INPUT_BINDINGS];
        for binding in tables.iter().flat_map(|t| t.iter()) {
            assert!(
                text.contains(binding.description),
                "help lacks {:?}",
                binding.description
            );
        }
    }

    fn buffer_of(state: &AppState) -> ratatui::buffer::Buffer {
        let mut terminal = Terminal::new(TestBackend::new(
            state.screen.area.width,
            state.screen.area.height,
        ))
        .expect("backend");
        terminal.draw(|f| draw(f, state)).expect("draw");
        terminal.backend().buffer().clone()
    }

    #[test]
    fn link_text_is_an_osc8_hyperlink_only_when_the_terminal_has_them() {
        let mut state = app(100, 16);
        let linked = post(
            "/p/l.md",
            "Links",
            "2030-01-01",
            "web",
            "Read [the 指南 guide](https://example.org/a?b=1) first.\n",
        );
        update(
            &mut state,
            Event::Loaded {
                posts: vec![Arc::new(linked)],
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::Command(Command::Top));
        update(&mut state, Event::Command(Command::Activate));
        let plain = buffer_of(&state);
        assert!(
            plain.content().iter().all(|c| !c.symbol().contains('\x1b')),
            "no escapes without hyperlinks"
        );
        state.settings.hyperlinks = true;
        let linked = buffer_of(&state);
        let cells: Vec<_> = linked
            .content()
            .iter()
            .filter(|c| c.symbol().contains('\x1b'))
            .collect();
        assert_eq!(cells.len(), 1, "one piece of link text");
        assert_eq!(
            cells[0].symbol(),
            "\x1b]8;;https://example.org/a?b=1\x1b\\the 指南 guide\x1b]8;;\x1b\\"
        );
        assert_eq!(
            cells[0].diff_option,
            ratatui::buffer::CellDiffOption::ForcedWidth(
                std::num::NonZeroU16::new(14).expect("14")
            )
        );
        // Under an overlay no link is drawn: the overlay may cover part of it.
        update(&mut state, Event::Command(Command::ToggleHelp));
        let covered = buffer_of(&state);
        assert!(
            covered
                .content()
                .iter()
                .all(|c| !c.symbol().contains('\x1b'))
        );
    }

    #[test]
    fn code_is_coloured_in_the_background_and_the_post_rendered_again() {
        let mut state = AppState::new(Theme::dark());
        update(
            &mut state,
            Event::Resize {
                width: 100,
                height: 16,
            },
        );
        let code = post(
            "/p/code.md",
            "Code",
            "2030-01-01",
            "go",
            "```go\nfunc main() {}\n```\n",
        );
        let mut effects = update(
            &mut state,
            Event::Loaded {
                posts: vec![Arc::new(code)],
                errors: Vec::new(),
            },
        );
        effects.extend(update(&mut state, Event::Command(Command::Activate)));
        let (id, blocks) = effects
            .into_iter()
            .find_map(|e| e.into_job::<ColourJob>().map(|job| (job.id, job.blocks)))
            .expect("a request to colour the block");
        assert_eq!(state.reader.colouring, Some(id));
        let plain = state.document().expect("open").lines.clone();
        let effects = update(
            &mut state,
            Event::done(Coloured {
                id,
                colours: crate::render::highlight::colour(blocks),
            }),
        );
        assert_eq!(state.reader.colouring, None);
        assert!(effects.is_empty(), "nothing left to colour: {effects:?}");
        let coloured = &state.document().expect("open").lines;
        assert_eq!(plain.len(), coloured.len());
        assert_ne!(&plain, coloured, "the code line changed colour");
    }

    #[test]
    fn every_size_from_tiny_to_huge_draws() {
        for (w, h) in [
            (1, 1),
            (2, 2),
            (20, 5),
            (40, 12),
            (59, 20),
            (80, 24),
            (300, 100),
        ] {
            let mut state = app(w, h);
            for command in [Command::Activate, Command::FocusNext, Command::ToggleHelp] {
                update(&mut state, Event::Command(command));
                let _ = screen(&state);
            }
        }
    }

    /// Fourteen posts over four tags and 2023–2024, some with "lantern" in the body; today is
    /// fixed so the date presets do not move.
    fn library(width: u16, height: u16) -> AppState {
        let mut state = AppState::new(Theme::no_color());
        state.session.today = "2024-06-20".parse().expect("date");
        update(&mut state, Event::Resize { width, height });
        #[rustfmt::skip]
        let rows = [
            ("Goroutines in practice", "2024-06-18", "[go, concurrency]", "A lantern in the dark."),
            ("Rust for Gophers", "2024-06-02", "[rust, go]", "Ownership."),
            ("Serving HTML from Go", "2024-05-21", "[go, web]", "Templates and a lantern."),
            ("Fuzzing the parser", "2024-04-11", "[go, testing]", "Corpus."),
            ("Lanterns and logs", "2024-03-30", "[web]", "Observability."),
            ("WebAssembly notes", "2024-02-14", "[web, rust]", "lantern wasm"),
            ("Заметки о Go", "2024-01-09", "[go]", "Фонарь — lantern."),
            ("Go 1.22 range funcs", "2023-12-20", "[go]", "Iterators and a lantern."),
            ("在终端里读新闻", "2023-11-02", "[notes]", "终端 lantern"),
            ("Async Rust", "2023-09-15", "[rust]", "Futures."),
            ("CSS grid", "2023-07-04", "[web]", "Layout."),
            ("Profiling Go", "2023-05-22", "[go, debug]", "pprof lantern"),
            ("Notes on notes", "2023-03-01", "[notes]", "Meta."),
            ("Go modules", "2023-01-17", "[go, tools]", "Versions."),
        ];
        let posts = rows
            .iter()
            .enumerate()
            .map(|(i, (title, date, tags, body))| {
                let text = format!(
                    "---\ntitle: \"{title}\"\ndate: {date}\ntags: {tags}\n---\n{body}\n\n## One\n\nx\n\n## Two\n\ny\n"
                );
                Post::parse(Path::new(&format!("/lib/{i:02}.md")), text, None)
            })
            .map(Arc::new).collect();
        update(
            &mut state,
            Event::Loaded {
                posts,
                errors: Vec::new(),
            },
        );
        update(&mut state, Event::LoadFinished);
        state
    }

    fn press(state: &mut AppState, command: Command) {
        update(state, Event::Command(command));
    }

    fn typed(state: &mut AppState, text: &str) {
        for c in text.chars() {
            update(state, Event::Insert(c));
        }
    }

    /// Tags go and web (any of), 2024, and a search for "lantern".
    fn filtered(width: u16, height: u16) -> AppState {
        let mut state = library(width, height);
        press(&mut state, Command::Tags);
        typed(&mut state, "go");
        press(&mut state, Command::Select);
        press(&mut state, Command::ClearInput);
        typed(&mut state, "web");
        press(&mut state, Command::Select);
        press(&mut state, Command::Activate);
        press(&mut state, Command::Dates);
        typed(&mut state, "2024");
        press(&mut state, Command::Activate);
        press(&mut state, Command::Search);
        typed(&mut state, "lantern");
        press(&mut state, Command::Activate);
        state
    }

    #[test]
    fn list_with_tag_date_and_text_filters_combined() {
        for (w, h) in [(80, 24), (160, 50)] {
            let state = filtered(w, h);
            assert_eq!(state.list.visible.len(), 5);
            insta::assert_snapshot!(format!("filtered_list_{w}x{h}"), screen(&state));
        }
    }

    #[test]
    fn tag_picker_counts_follow_the_date_filter() {
        for (w, h) in [(80, 24), (160, 50)] {
            let mut state = library(w, h);
            press(&mut state, Command::Dates);
            typed(&mut state, "2024");
            press(&mut state, Command::Activate);
            press(&mut state, Command::Tags);
            press(&mut state, Command::Down);
            press(&mut state, Command::Down);
            press(&mut state, Command::Select);
            press(&mut state, Command::ToggleTagMatch);
            insta::assert_snapshot!(format!("tag_picker_{w}x{h}"), screen(&state));
        }
    }

    #[test]
    fn date_picker_shows_presets_a_typed_range_and_posts_per_month() {
        for (w, h) in [(80, 24), (160, 50)] {
            let mut state = library(w, h);
            press(&mut state, Command::Tags);
            typed(&mut state, "go");
            press(&mut state, Command::Select);
            press(&mut state, Command::Activate);
            press(&mut state, Command::Dates);
            press(&mut state, Command::Down);
            typed(&mut state, "2024-0");
            insta::assert_snapshot!(format!("date_picker_{w}x{h}"), screen(&state));
        }
    }

    #[test]
    fn the_date_format_is_used_in_the_list_the_header_and_post_info() {
        let mut state = library(160, 40);
        state.set_date_format("%d %b %Y");
        press(&mut state, Command::Activate);
        let post = state.reader.article.as_ref().map(|a| a.id).expect("open");
        let date = state
            .store
            .get(post)
            .and_then(|p| p.date)
            .expect("dated")
            .date;
        let written = crate::config::format_date("%d %b %Y", date).expect("formats");
        let iso = date.to_string();
        let reading = screen(&state);
        let header = reading
            .lines()
            .find(|l| l.contains(" · #") || l.contains(&written))
            .expect("the header's date line");
        assert!(
            header.contains(&written) && !header.contains(&iso),
            "{reading}"
        );
        press(&mut state, Command::ToggleInfo);
        let info = screen(&state);
        assert!(info.contains(&format!("{written} (from")), "{info}");
    }

    #[test]
    fn the_date_picker_counts_a_range_as_it_is_typed() {
        let mut state = library(120, 40);
        press(&mut state, Command::Dates);
        let count = |state: &AppState| {
            screen(state)
                .lines()
                .find_map(|l| Some(l.split(" → ").nth(1)?.split(" posts").next()?.to_string()))
        };
        assert_eq!(count(&state), None, "nothing typed: the examples");
        let mut counts = Vec::new();
        for text in ["2024", "2024-0", "2024-06", "2024-06..2024-06-10", "..2023"] {
            state.popup.date_picker.input.clear();
            typed(&mut state, text);
            counts.push(count(&state));
        }
        let total = state.derived.picker_dates.len();
        let of = |n: usize| Some(format!("{n} of {total}"));
        let dates = &state.derived.picker_dates;
        let within = |from: &str, to: &str| {
            dates
                .iter()
                .filter(|d| d.to_string().as_str() >= from && d.to_string().as_str() <= to)
                .count()
        };
        assert_eq!(counts[0], of(within("2024-01-01", "2024-12-31")));
        assert_eq!(counts[1], None, "not a range yet");
        assert_eq!(counts[2], of(within("2024-06-01", "2024-06-30")));
        assert_eq!(counts[3], of(within("2024-06-01", "2024-06-10")));
        assert_eq!(counts[4], of(within("0000", "2023-12-31")));
        assert_ne!(
            counts[0], counts[2],
            "the counts follow the typing: {counts:?}"
        );
    }

    #[test]
    fn help_screen() {
        for (w, h) in [(80, 24), (160, 50)] {
            let mut state = library(w, h);
            press(&mut state, Command::ToggleHelp);
            insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&state));
        }
    }

    #[test]
    fn a_popup_edge_through_a_wide_character_clears_its_first_half() {
        let mut buf = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 8, 2));
        buf.set_string(0, 0, "ab在cd", ratatui::style::Style::new());
        buf.set_string(0, 1, "在bcd", ratatui::style::Style::new());
        clear_popup(Rect::new(3, 0, 4, 2), &mut buf);
        assert_eq!(
            buf[(2, 0)].symbol(),
            " ",
            "the half left outside is blanked"
        );
        assert_eq!(
            buf[(0, 1)].symbol(),
            "在",
            "a wide character clear of the edge stays"
        );
    }
}
