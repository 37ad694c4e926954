//! End-to-end: the real binary in a pseudo-terminal, on our fixtures, the built-in samples, and
//! the owner's seeds and the public corpora in ../shared when that folder exists.

mod feeds;
mod finding;
mod hostile;
mod images;
mod links;
mod pty;
mod reload;
mod resume;
mod terminal;
mod vault;

use std::path::{Path, PathBuf};

use pty::{App, row_of, rows};

#[path = "../support/mod.rs"]
mod support;

use support::{fixtures, manifest_dir, shared};

/// `tidings PATH` in a 120x40 terminal, the size the issues' checks use.
fn open_at_120x40(path: &Path) -> App {
    App::spawn(
        &[path.to_str().expect("utf-8 path")],
        &manifest_dir(),
        120,
        40,
    )
}

/// The article pane's rows (between the thick `┃` borders when it has focus), trimmed.
fn article_rows(screen: &str) -> Vec<String> {
    rows(screen)
        .iter()
        .filter_map(|row| {
            let mut parts = row.split('┃');
            parts.next()?;
            parts.next().map(|r| r.trim().to_string())
        })
        .collect()
}

/// The last row: the status line.
fn status(screen: &str) -> String {
    rows(screen)
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// M in the status line's "N of M posts".
fn post_count(screen: &str) -> Option<usize> {
    status(screen)
        .split(" of ")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The non-empty rows inside the focused list pane (drawn with a thick border, `┃`).
fn list_pane(screen: &str) -> Vec<String> {
    rows(screen)
        .iter()
        .filter_map(|row| row.strip_prefix('┃'))
        .filter_map(|row| row.split('┃').next())
        .map(|row| row.trim_end().to_string())
        .filter(|row| !row.is_empty())
        .collect()
}

/// A copy of `from` that the test may change (the seeds are read-only on disk).
fn writable_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).expect("under root");
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &to).expect("copy");
        let mut perms = std::fs::metadata(&to).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&to, perms).expect("chmod");
    }
    dir
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

const SEED_TITLES: [&str; 3] = [
    "Ethereum L2 TVL Surpasses $50B Milestone",
    "Layer2 Scaling Drives Ethereum TVL Record Highs",
    "Layer2 решения увеличили TVL Ethereum до рекорда",
];

#[test]
fn fixtures_are_listed_newest_first_with_every_script_intact() {
    let dir = fixtures();
    let app = open_at_120x40(&dir);
    let screen = app.wait_for("every fixture title", |s| {
        [
            "Harbor lights return to the old port",
            "Дождливые заметки из Петербурга",
            "茶馆里的下午",
            "Notes on quiet software",
            "Broken front matter still shows",
        ]
        .iter()
        .all(|t| s.contains(t))
    });
    let harbor = row_of(&screen, "Harbor lights").expect("harbor");
    let rain = row_of(&screen, "Дождливые").expect("rain");
    let tea = row_of(&screen, "茶馆里的下午").expect("tea");
    assert!(harbor < rain && rain < tea, "not newest first:\n{screen}");
    // Dates line up in one column whatever the title's script.
    let column = |row: usize, date: &str| {
        rows(&screen)[row]
            .find(date)
            .map(|b| rows(&screen)[row][..b].chars().count())
    };
    let harbor_col = column(harbor, "2024-05-02").expect("harbor date");
    assert_eq!(column(rain, "2023-11-14"), Some(harbor_col), "{screen}");
    // A CJK character takes two columns but is one char: its row has fewer chars before the date.
    let tea_chars = column(tea, "2022-08-30").expect("tea date");
    assert_eq!(
        tea_chars,
        harbor_col - "茶馆里的下午".chars().count(),
        "{screen}"
    );
    assert!(status(&screen).contains("5 of 5 posts"), "{screen}");
}

#[test]
fn broken_front_matter_is_shown_with_its_diagnostic() {
    let dir = fixtures();
    let mut app = open_at_120x40(&dir);
    app.wait_for_text("Broken front matter still shows");
    // Move to the row and open it.
    let screen = app.screen();
    let target = row_of(&screen, "Broken front matter").expect("row");
    let selected = 1; // the first list row is selected at start
    for _ in selected..target {
        app.send("j");
    }
    app.send("\r");
    let screen = app.wait_for_text("front matter:");
    assert!(screen.contains("The body is kept"), "{screen}");
    // The unclosed list opens on line 2 (the parser trips on line 3, where it should have
    // ended): the diagnostic names line 2.
    assert!(
        screen.contains("broken-front-matter.md:2: front matter"),
        "{screen}"
    );
    assert!(
        status(&screen).contains("1 diagnostic (! lists it)"),
        "{screen}"
    );

    // `!` lists every diagnostic in the folder; `i` shows the post's details.
    app.send("!");
    let screen = app.wait_for_text(" Diagnostics ");
    assert!(screen.contains("broken-front-matter.md:2:"), "{screen}");
    app.send("\x1b");
    // Esc alone, not the start of Alt-i.
    app.wait_for("the overlay closed", |s| !s.contains(" Diagnostics "));
    app.send("i");
    let screen = app.wait_for_text(" Post info ");
    assert!(screen.contains("Read as"), "{screen}");
    assert!(screen.contains("broken-front-matter.md"), "{screen}");
}

#[test]
fn control_characters_in_a_post_never_reach_the_terminal() {
    let file = manifest_dir().join("tests/fixtures/hostile/escapes.md");
    let app = App::spawn(
        &[file.to_str().expect("utf-8 path")],
        &manifest_dir(),
        120,
        30,
    );
    let screen = app.wait_for_text("Clipboard write");
    // Had ESC [2J reached the terminal it would have wiped the screen; it shows as text instead.
    assert!(screen.contains("Hostile bytes"), "{screen}");
    assert!(screen.contains("␛[2J after"), "{screen}");
    assert!(screen.contains("␛]52;c;aGVsbG8=␇ done"), "{screen}");
    // A lone CR is a line ending to CommonMark, so it reads as a space; BEL is made visible.
    assert!(
        screen.contains("Carriage return and bell␇ and C1"),
        "{screen}"
    );
    assert!(screen.contains("here."), "{screen}");
}

#[test]
fn no_argument_opens_the_built_in_samples_from_any_folder() {
    let anywhere = tempfile::tempdir().expect("tempdir");
    let mut app = App::spawn(&[], anywhere.path(), 120, 40);
    let titles = [
        "Welcome to tidings",
        "Заметки о чтении в терминале",
        "在终端里读新闻",
        "The quiet web",
    ];
    app.wait_for("the sample titles", |s| {
        titles.iter().all(|t| s.contains(t))
    });
    app.send("q");
    assert!(app.wait_exit());
    assert!(
        !app.alternate_screen(),
        "terminal left in the alternate screen"
    );
}

#[test]
fn help_and_version_print_and_exit() {
    let bin = env!("CARGO_BIN_EXE_tidings");
    let help = std::process::Command::new(bin)
        .arg("--help")
        .output()
        .expect("run");
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Usage: tidings") && text.contains("--no-watch"),
        "{text}"
    );
    let version = std::process::Command::new(bin)
        .arg("--version")
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("tidings {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_missing_path_is_a_clear_error_not_a_crash() {
    let bin = env!("CARGO_BIN_EXE_tidings");
    let out = std::process::Command::new(bin)
        .arg("/no/such/folder")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/no/such/folder") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn seeds_are_listed_newest_first_with_the_russian_title_intact() {
    let Some(seeds) = shared("seeds") else { return };
    let app = open_at_120x40(&seeds);
    let screen = app.wait_for("the three seed titles", |s| {
        SEED_TITLES.iter().all(|t| s.contains(t))
    });
    let first = row_of(&screen, SEED_TITLES[0]).expect("first title");
    assert_eq!(first, 1, "the newest seed is not the first row:\n{screen}");
    assert!(rows(&screen)[first].contains("2024-06-19"), "{screen}");
    assert!(status(&screen).contains("3 of 3 posts"), "{screen}");
}

#[test]
fn seed_opens_with_its_toc_and_a_heading_jump_puts_it_on_top() {
    let Some(seeds) = shared("seeds") else { return };
    let mut app = open_at_120x40(&seeds);
    app.wait_for_text(SEED_TITLES[0]);
    app.send("\r");
    let screen = app.wait_for_text("Contents");
    // Smart punctuation: the apostrophes are typographic.
    let headings = [
        "Ethereum’s Layer 2s",
        "Implications for the De",
        "Challenges Remain",
        "What’s Next for Ethereum",
    ];
    for heading in headings {
        assert!(screen.contains(heading), "TOC lacks {heading}:\n{screen}");
    }
    assert!(
        screen.contains("The Ethereum Layer 2 (L2) ecosystem"),
        "body not shown:\n{screen}"
    );
    // Tab to the contents, down to the third heading, Enter.
    app.send("\t");
    app.send("jj");
    app.send("\r");
    let screen = app.wait_for("the heading at the top of the article", |s| {
        rows(s)
            .get(1)
            .is_some_and(|row| row.contains("## Challenges Remain"))
    });
    assert!(screen.contains("Contents"), "{screen}");
}

#[test]
fn tag_picker_narrows_to_ethereum_and_leaves_the_two_ethereum_posts() {
    let Some(seeds) = shared("seeds") else { return };
    let mut app = open_at_120x40(&seeds);
    app.wait_for_text(SEED_TITLES[0]);
    app.send("t");
    app.wait_for_text("Tags: posts with any of");
    app.send("eth \r");
    let screen = app.wait_for("the tag filter in the list header", |s| {
        s.contains("2 posts · tags: ethereum") && !s.contains("Tags: posts")
    });
    assert!(status(&screen).contains("2 of 3 posts"), "{screen}");
    assert!(
        screen.contains(SEED_TITLES[1]) && screen.contains(SEED_TITLES[2]),
        "{screen}"
    );
    // The defi post may still be open in the article pane, but it has left the list.
    let list = list_pane(&screen);
    assert_eq!(list.len(), 2, "{screen}");
    assert!(
        !list.iter().any(|row| row.contains(SEED_TITLES[0])),
        "{screen}"
    );
    app.send("T");
    app.wait_for_text("3 posts ");
}

#[test]
fn saving_adding_and_deleting_posts_show_without_a_key() {
    let source = shared("seeds").unwrap_or_else(fixtures);
    let copy = writable_copy(&source);
    let app = open_at_120x40(copy.path());
    let screen = app.wait_for("a full list", |s| {
        s.contains("of 3 posts") || s.contains("of 5 posts")
    });
    let total = post_count(&screen).expect("post count");

    // Edit a title in place.
    let post = walkdir(copy.path())
        .into_iter()
        // A quoted title, which the edit below writes into (not every fixture quotes it).
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\ntitle: \"")))
        .expect("a post with a title");
    let text = std::fs::read_to_string(&post).expect("read");
    let edited = text.replacen("title: \"", "title: \"Edited by the e2e test ", 1);
    std::fs::write(&post, edited).expect("write");
    app.wait_for_text("Edited by the e2e test");

    // Add a post.
    let new = copy.path().join("zz-new-post.md");
    std::fs::write(
        &new,
        "---\ntitle: \"A post added while open\"\ndate: 2030-01-01\n---\nhello\n",
    )
    .expect("write");
    let screen = app.wait_for_text("A post added while open");
    assert!(
        status(&screen).contains(&format!("{} of {} posts", total + 1, total + 1)),
        "{screen}"
    );
    assert_eq!(
        row_of(&screen, "A post added while open"),
        Some(1),
        "newest goes first:\n{screen}"
    );

    // Delete it again.
    std::fs::remove_file(&new).expect("remove");
    let screen = app.wait_for("the deleted post to leave the list", |s| {
        status(s).contains(&format!("{total} of {total} posts"))
    });
    assert!(
        !list_pane(&screen)
            .iter()
            .any(|row| row.contains("A post added")),
        "{screen}"
    );
    assert!(screen.contains("Edited by the e2e test"), "{screen}");
}

#[test]
fn every_public_corpus_opens_and_lists_its_posts() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&corpora)
        .expect("corpora")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(!folders.is_empty());
    for folder in folders {
        let mut app = open_at_120x40(&folder);
        let screen = app.wait_for("the whole folder loaded", |s| {
            let status = status(s);
            status.contains(" posts") && !status.contains("loading")
        });
        let count = post_count(&screen).unwrap_or(0);
        assert!(
            count > 100,
            "{}: only {count} posts:\n{screen}",
            folder.display()
        );
        // Open the first post and page through it: still running.
        app.send("\r");
        app.send("GgG");
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(
            app.is_running(),
            "{} crashed:\n{}",
            folder.display(),
            app.screen()
        );
        app.send("q");
        assert!(app.wait_exit(), "{} did not exit cleanly", folder.display());
    }
}

#[test]
fn the_config_sets_the_date_format_and_keys_and_a_bad_one_is_named_on_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "date_format = \"%d %b %Y\"\n[keys]\nquit = [\"x\"]\n",
    )
    .expect("write");
    let config_arg = config.to_str().expect("utf-8 path");
    let posts = fixtures();
    let posts_arg = posts.to_str().expect("utf-8 path");
    let mut app = App::spawn(
        &["--config", config_arg, posts_arg],
        &manifest_dir(),
        120,
        40,
    );
    app.wait_for_text("02 May 2024");
    app.send("q");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(app.is_running(), "q is no longer bound:\n{}", app.screen());
    app.send("x");
    assert!(app.wait_exit(), "x quits");

    std::fs::write(&config, "colour = \"red\"\n").expect("write");
    let app = App::spawn(
        &["--config", config_arg, posts_arg],
        &manifest_dir(),
        120,
        40,
    );
    let screen = app.wait_for_text("using the defaults");
    assert!(
        status(&screen).contains("config.toml:1: using the defaults"),
        "{screen}"
    );
    assert!(screen.contains("2024-05-02"), "{screen}");
}

#[test]
fn show_is_styled_on_a_terminal_and_plain_when_asked() {
    let post = fixtures().join("harbor-lights.md");
    let post = post.to_str().expect("utf-8 path");
    let styled = App::spawn(&["show", post], &manifest_dir(), 100, 40);
    styled.wait_for_text("Harbor lights return to the old port");
    styled.wait_for("the whole post", |s| s.contains("travel"));
    assert!(styled.any_colour(), "{}", styled.screen());
    let plain = App::spawn(&["show", "--plain", post], &manifest_dir(), 100, 40);
    let screen = plain.wait_for_text("Harbor lights return to the old port");
    assert!(!plain.any_colour(), "{screen}");
}

#[test]
fn theme_light_draws_the_status_line_dark_on_light() {
    let posts = fixtures();
    let posts = posts.to_str().expect("utf-8 path");
    let dark = App::spawn(&[posts], &manifest_dir(), 120, 40);
    dark.wait_for_text("5 of 5 posts");
    let light = App::spawn(&["--theme", "light", posts], &manifest_dir(), 120, 40);
    light.wait_for_text("5 of 5 posts");
    // Theme::dark's status is white text, Theme::light's black.
    assert_eq!(dark.colour_of("5 of 5 posts"), Some(vt100::Color::Idx(15)));
    assert_eq!(light.colour_of("5 of 5 posts"), Some(vt100::Color::Idx(0)));
}

#[test]
fn on_a_terminal_with_a_white_background_the_light_theme_is_drawn_unasked() {
    let posts = fixtures();
    let posts = posts.to_str().expect("utf-8 path");
    // The terminal answers the colour query with white: no --theme, no config, no COLORFGBG.
    let white = App::spawn_on_white(&[posts], 120, 40);
    white.wait_for_text("5 of 5 posts");
    assert_eq!(
        white.colour_of("5 of 5 posts"),
        Some(vt100::Color::Idx(0)),
        "Theme::light's status line\n{}",
        white.screen()
    );
    assert!(white.wrote(b"\x1b]11;?"), "the background was asked");
    // A terminal that says it is dark (COLORFGBG) is not asked.
    let dark = App::spawn(&[posts], &manifest_dir(), 120, 40);
    dark.wait_for_text("5 of 5 posts");
    assert!(!dark.wrote(b"\x1b]11;?"));
}

#[test]
fn keys_remapped_in_the_config_are_the_keys_every_hint_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[keys]\nopen_link = [\"f\"]\ntoggle_help = [\"H\"]\nsearch = [\"F\"]\n",
    )
    .expect("write");
    let config_arg = config.to_str().expect("utf-8 path");
    let posts = fixtures();
    let posts_arg = posts.to_str().expect("utf-8 path");
    let mut app = App::spawn(
        &["--config", config_arg, posts_arg],
        &manifest_dir(),
        120,
        40,
    );
    let screen = app.wait_for_text("5 of 5 posts");
    assert!(status(&screen).contains("H help"), "{screen}");
    assert!(!status(&screen).contains("? help"), "{screen}");

    // Going back with no history names the remapped "open link" key.
    app.send("\x7f");
    let screen = app.wait_for_text("Nothing to go back to");
    assert!(
        status(&screen).contains("follow a link with f."),
        "{screen}"
    );
    // `n` with no search names the remapped search key.
    app.send("n");
    let screen = app.wait_for_text("No search:");
    assert!(
        status(&screen).contains("No search: F starts one."),
        "{screen}"
    );

    // Help is opened and closed with the new key, lists it, and its footer says so.
    app.send("H");
    let screen = app.wait_for_text("H or Esc closes");
    let row = rows(&screen)
        .into_iter()
        .find(|r| r.contains("follow link N"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains(" f "), "{screen}");
    app.send("H");
    app.wait_for("help closed", |s| !s.contains("H or Esc closes"));
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn a_file_opens_to_read_and_h_l_scroll_its_cut_code_sideways() {
    let post = manifest_dir().join("tests/fixtures/reader/wide-go-code.md");
    let mut app = App::spawn(
        &[post.to_str().expect("utf-8 path")],
        &manifest_dir(),
        80,
        24,
    );
    let screen = app.wait_for_text("The reader cuts it");
    // Read, not browsed: the article has the focus (its border is the heavy one) and the
    // width, and the code line is cut.
    assert!(screen.contains("┏ Article"), "{screen}");
    assert!(!screen.contains("END-OF-LONG-LINE"), "{screen}");
    app.send("]");
    app.wait_for_text("## The handler");
    let mut presses = 0;
    loop {
        app.send("l");
        presses += 1;
        std::thread::sleep(std::time::Duration::from_millis(60));
        if app.screen().contains("END-OF-LONG-LINE") {
            break;
        }
        assert!(
            presses < 12,
            "l never showed the hidden end:\n{}",
            app.screen()
        );
    }
    let screen = app.screen();
    assert!(
        screen.contains('‹'),
        "the hidden start is marked:\n{screen}"
    );
    for _ in 0..presses {
        app.send("h");
    }
    let screen = app.wait_for("the start again", |s| !s.contains('‹'));
    assert!(!screen.contains("END-OF-LONG-LINE"), "{screen}");
    assert!(screen.contains("┏ Article"), "still reading:\n{screen}");
    // At the start, `h` goes back to the list, which holds the file.
    app.send("h");
    let screen = app.wait_for("the list", |s| s.contains("┏ 1 post"));
    assert!(screen.contains("A handler with long lines"), "{screen}");
}

#[test]
fn files_only_open_the_first_given_to_read_with_the_list_holding_them_all() {
    let dir = manifest_dir().join("tests/fixtures/reader");
    // The older post first: it is opened, not the newest.
    let (older, newer) = (dir.join("wide-go-code.md"), dir.join("time-zones-table.md"));
    let mut app = App::spawn(
        &[
            older.to_str().expect("utf-8 path"),
            newer.to_str().expect("utf-8 path"),
        ],
        &manifest_dir(),
        120,
        40,
    );
    let screen = app.wait_for_text("The reader cuts it");
    assert!(
        screen.contains("┏ Article"),
        "focused on the article:\n{screen}"
    );
    app.send("\x1b");
    let screen = app.wait_for("the list", |s| s.contains("┏ 2 posts"));
    assert!(screen.contains("Where the release team"), "{screen}");
}

/// An editor that writes the arguments it was given, one a line, to `args` beside it, and
/// exits: installed in `dir` under `name`. `args` appears whole (written aside, then renamed):
/// a test waiting for it never reads it half-written.
fn recording_editor(dir: &Path, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join(name);
    let args = dir.join("args");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}.part' && mv '{0}.part' '{0}'\n",
            args.display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

#[test]
fn e_opens_the_editor_at_the_line_being_read() {
    let post = manifest_dir().join("tests/fixtures/edit/three-headings.md");
    let post = post.to_str().expect("utf-8 path");
    let text = std::fs::read_to_string(post).expect("fixture");
    let line_of = |heading: &str| {
        1 + text
            .lines()
            .position(|l| l == heading)
            .expect("the heading is in the fixture")
    };
    for (name, want) in [
        ("vim", format!("+{}\n{post}\n", line_of("## Second part"))),
        ("hx", format!("{post}:{}\n", line_of("## Second part"))),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let editor = recording_editor(dir.path(), name);
        let editor = editor.to_str().expect("utf-8 path");
        let mut app = App::spawn_env(&[post], &[("EDITOR", editor), ("VISUAL", editor)], 100, 30);
        app.wait_for_text("An opening paragraph");
        app.send("]");
        app.send("]");
        app.wait_for("the second heading on top", |s| {
            s.lines()
                .nth(1)
                .is_some_and(|l| l.contains("## Second part"))
        });
        app.send("e");
        let args = dir.path().join("args");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !args.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let got = std::fs::read_to_string(&args).expect("the editor ran");
        assert_eq!(got, want, "{name}");
        // The app takes the terminal back and draws it whole, with no key pressed (this
        // terminal does not answer a cursor position query).
        app.wait_for_text("Second part");
    }
}

#[test]
fn a_save_far_below_is_named_on_the_status_line_marked_and_reached_with_g_dot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let post = dir.path().join("three-headings.md");
    std::fs::copy(
        manifest_dir().join("tests/fixtures/edit/three-headings.md"),
        &post,
    )
    .expect("copy");
    let edit = |post: &Path| {
        let text = std::fs::read_to_string(post).expect("read");
        let edited = text.replace(
            "Third part paragraph 6, with a few words",
            "Third part paragraph 6, with EDITED words",
        );
        assert_ne!(text, edited);
        std::fs::write(post, edited).expect("save");
    };
    let mut app = App::spawn(
        &[post.to_str().expect("utf-8 path")],
        &manifest_dir(),
        100,
        24,
    );
    app.wait_for_text("An opening paragraph");
    edit(&post);
    let screen = app.wait_for("the change named", |s| {
        status(s).contains("changed: ## Third part, ")
    });
    assert!(
        status(&screen).contains("lines below · . goes there"),
        "{screen}"
    );
    assert!(!screen.contains("EDITED"), "the place is kept:\n{screen}");
    app.send("g");
    app.send(".");
    let screen = app.wait_for("the change on screen", |s| s.contains("EDITED"));
    let marked = screen
        .lines()
        .find(|l| l.contains("EDITED"))
        .expect("the changed line");
    assert!(marked.contains('▎'), "the gutter mark:\n{screen}");
    app.send("j");
    app.wait_for("the marks gone after a key", |s| !s.contains('▎'));

    // With --follow, the view goes to the change by itself.
    std::fs::copy(
        manifest_dir().join("tests/fixtures/edit/three-headings.md"),
        &post,
    )
    .expect("copy again");
    let app = App::spawn(
        &["--follow", dir.path().to_str().expect("utf-8 path")],
        &manifest_dir(),
        100,
        24,
    );
    app.wait_for_text("An opening paragraph");
    edit(&post);
    let screen = app.wait_for("the view at the change", |s| s.contains("EDITED"));
    assert!(screen.contains('▎'), "{screen}");
}
