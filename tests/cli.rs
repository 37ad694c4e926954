//! The command line for scripts: every subcommand and filter flag run as the real binary
//! (assert_cmd) on our fixtures, and on ../shared/corpora/rust-blog-toml when it is here.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use tidings::runtime::jobs::index::{IndexJob, IndexReply};

use assert_cmd::Command;
use serde_json::Value;

mod support;

use support::{fixtures, manifest_dir};

fn tidings() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tidings"));
    cmd.env_remove("NO_COLOR");
    // Never the tester's own config.
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/tidings-tests");
    // The search index in memory, never in the tester's cache.
    cmd.env("XDG_CACHE_HOME", "/nonexistent/tidings-tests");
    cmd
}

/// Runs `tidings ARGS`, expects exit status `code`, and returns stdout.
fn run(args: &[&str], code: i32) -> String {
    let out = tidings().args(args).output().expect("run");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "tidings {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stdout
}

fn fixture_arg() -> String {
    fixtures().to_string_lossy().into_owned()
}

/// The title column of `list` rows.
fn titles(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|row| row.split('\t').nth(2).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn list_prints_one_tab_separated_row_per_post_newest_dated_first() {
    let out = run(&["list", &fixture_arg()], 0);
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 5, "{out}");
    assert!(rows.iter().all(|r| r.len() == 4), "{out}");
    let harbor = rows
        .iter()
        .find(|r| r[2] == "Harbor lights return to the old port")
        .expect("harbor");
    assert_eq!(harbor[0], "2024-05-02");
    assert_eq!(harbor[1], "travel");
    assert!(Path::new(harbor[3]).is_file(), "{}", harbor[3]);
    // Posts with a date of their own come first, newest first; then posts dated by their
    // file, newest first (see `list --json`'s `date_source`).
    let json = run(&["list", "--json", &fixture_arg()], 0);
    let sources: Vec<String> = json
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            v["date_source"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    let own = sources.iter().take_while(|s| *s != "modified").count();
    assert!(
        sources[own..].iter().all(|s| s == "modified"),
        "own dates first: {sources:?}"
    );
    for band in [&rows[..own], &rows[own..]] {
        let dated: Vec<&str> = band.iter().map(|r| r[0]).collect();
        let mut sorted = dated.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(dated, sorted, "newest first");
    }
}

#[test]
fn list_json_lines_parse_back_with_every_front_matter_field() {
    let out = run(&["list", "--json", &fixture_arg()], 0);
    let posts: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(posts.len(), 5);
    let harbor = posts
        .iter()
        .find(|p| p["title"] == "Harbor lights return to the old port")
        .expect("harbor");
    assert_eq!(harbor["date"], "2024-05-02");
    assert_eq!(harbor["date_source"], "front matter");
    assert_eq!(harbor["tags"], serde_json::json!(["travel"]));
    assert_eq!(harbor["front_matter"]["title"], harbor["title"]);
    let broken = posts
        .iter()
        .find(|p| p["diagnostics"].as_array().is_some_and(|d| !d.is_empty()))
        .expect("the broken post");
    assert_eq!(broken["diagnostics"][0]["line"], 2);
    assert!(broken["front_matter"].is_null());
    let plain = posts
        .iter()
        .find(|p| p["format"] == "plain text")
        .expect("a plain-text post");
    assert_eq!(plain["date_source"], "modified");
}

#[test]
fn list_paths_ends_each_path_with_a_newline_or_nul() {
    let out = run(&["list", "--paths", &fixture_arg()], 0);
    assert_eq!(out.lines().count(), 5);
    assert!(out.lines().all(|p| Path::new(p).is_file()), "{out}");
    let out = run(&["list", "--paths", "-0", &fixture_arg()], 0);
    let paths: Vec<&str> = out.split_terminator('\0').collect();
    assert_eq!(paths.len(), 5);
    assert!(!out.contains('\n'));
    assert!(paths.iter().all(|p| Path::new(p).is_file()), "{out:?}");
}

#[test]
fn list_filters_by_tag_date_and_text_and_sorts() {
    let f = fixture_arg();
    let travel = titles(&run(&["list", "-t", "TRAVEL", &f], 0));
    assert_eq!(
        travel,
        [
            "Harbor lights return to the old port",
            "Дождливые заметки из Петербурга"
        ]
    );
    let any = titles(&run(&["list", "-t", "travel", "-t", "culture", &f], 0));
    assert_eq!(any.len(), 3);
    // None matches: nothing on stdout and exit status 1, as rg.
    let all = run(
        &["list", "-t", "travel", "-t", "culture", "--all-tags", &f],
        1,
    );
    assert_eq!(all, "");
    let year = titles(&run(
        &["list", "--since", "2023", "--until", "2023-12", &f],
        0,
    ));
    assert_eq!(year, ["Дождливые заметки из Петербурга"]);
    let found = titles(&run(&["list", "--search", "harbor", &f], 0));
    assert_eq!(
        found.first().map(String::as_str),
        Some("Harbor lights return to the old port")
    );
    let by_title = titles(&run(&["list", "--sort", "title", &f], 0));
    let mut sorted = by_title.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(by_title, sorted);
}

#[test]
fn drafts_are_listed_only_with_drafts() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("draft.md"),
        "---\ntitle: A draft\ndraft: true\ntags: [wip]\n---\nx\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("done.md"), "---\ntitle: Done\n---\nx\n").expect("write");
    let path = dir.path().to_str().expect("utf-8");
    assert_eq!(titles(&run(&["list", path], 0)), ["Done"]);
    let mut all = titles(&run(&["list", "--drafts", path], 0));
    all.sort();
    assert_eq!(all, ["A draft", "Done"]);
    assert_eq!(run(&["tags", path], 0), "");
    assert_eq!(run(&["tags", "--drafts", path], 0), "wip\t1\n");
}

#[test]
fn tags_counts_the_posts_of_each_tag_most_first() {
    let out = run(&["tags", &fixture_arg()], 0);
    assert_eq!(out, "travel\t2\nculture\t1\n");
    let out = run(&["tags", "--since", "2024", &fixture_arg()], 0);
    assert_eq!(out, "travel\t1\n");
}

#[test]
fn check_lists_problems_as_compilers_do_and_exits_1() {
    let out = run(&["check", &fixture_arg()], 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0]
            // The flow sequence opens on line 2; the parser gives up on line 3.
            .ends_with("broken-front-matter.md:2: front matter: did not find expected ',' or ']' while parsing a flow sequence"),
        "{out}"
    );

    let clean = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        clean.path().join("fine.md"),
        "---\ntitle: Fine\ndate: 2024-01-01\n---\nAll good.\n",
    )
    .expect("write");
    let out = run(&["check", clean.path().to_str().expect("utf-8")], 0);
    assert_eq!(out, "");
}

#[test]
fn show_prints_the_post_rendered_plain_in_a_pipe() {
    let post = fixtures().join("harbor-lights.md");
    let post = post.to_str().expect("utf-8");
    let out = run(&["show", post, "--width", "40"], 0);
    assert!(
        out.starts_with("Harbor lights return to the old port\n"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no styles in a pipe");
    assert!(
        out.lines().all(|l| unicode_width(l) <= 40),
        "wrapped at 40:\n{out}"
    );
    let wide = run(&["show", post], 0);
    assert!(
        wide.lines().any(|l| unicode_width(l) > 40),
        "80 columns in a pipe"
    );
}

fn unicode_width(line: &str) -> usize {
    // Enough for these fixtures: every character one column.
    line.chars().count()
}

#[test]
fn completions_and_the_manual_page_are_printed() {
    let bash = run(&["completions", "bash"], 0);
    assert!(bash.contains("_tidings()"), "{bash}");
    assert!(bash.contains("--since"), "{bash}");
    let man = run(&["man"], 0);
    assert!(man.contains(".TH tidings"), "{man}");
}

#[test]
fn usage_and_read_errors_are_one_line_and_exit_2() {
    for args in [
        &["list", "--since", "June"][..],
        &["list", "--no-such-flag"],
        &["show"],
        &["--no-watch", "--follow", "."],
    ] {
        let out = tidings().args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    for args in [
        &["list", "/no/such/folder"][..],
        &["show", "/no/such/post.md"],
    ] {
        let out = tidings().args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("tidings: ") && err.contains("/no/such/"),
            "{err}"
        );
        assert!(err.contains("No such file"), "{err}");
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // Enough posts that the output fills the pipe's buffer, like `tidings list ... | head`.
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..1500 {
        let text = format!("---\ntitle: Post number {n}\ntags: [a, b]\ndate: 2024-01-01\n---\nx\n");
        std::fs::write(dir.path().join(format!("{n:04}.md")), text).expect("write");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["list", "--json", dir.path().to_str().expect("utf-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 64];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The reader is gone now (the pipe's read end was dropped with it).
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {err}", out.status);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn the_rust_blog_lists_as_json_with_its_toml_front_matter() {
    let Some(corpus) = support::shared("corpora/rust-blog-toml") else {
        return;
    };
    let corpus = corpus.to_str().expect("utf-8");
    let out = run(&["list", "--json", corpus], 0);
    let posts: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert!(posts.len() > 500, "{}", posts.len());
    let release = posts
        .iter()
        .find(|p| p["title"] == "Announcing Rust 1.80.0")
        .expect("the 1.80.0 post");
    assert_eq!(release["date"], "2024-07-25");
    assert_eq!(release["front_matter"]["path"], "2024/07/25/Rust-1.80.0");
    assert_eq!(
        release["front_matter"]["authors"],
        serde_json::json!(["The Rust Release Team"])
    );
    assert_eq!(release["front_matter"]["extra"]["release"], true);

    let since = run(
        &["list", "--since", "2024-07", "--until", "2024-07", corpus],
        0,
    );
    assert!(
        titles(&since).iter().any(|t| t == "Announcing Rust 1.80.0"),
        "{since}"
    );
    assert!(since.lines().all(|l| l.starts_with("2024-07-")), "{since}");
    // Every front matter reads: what `check` finds is links, to pictures and files the copy
    // of the blog left out (it holds the posts' text only) and a few that are broken there.
    let (code, problems, _) = run_in(Path::new("."), &[], &["check", corpus]);
    assert!(code == Some(0) || code == Some(1), "{problems}");
    assert!(
        problems
            .lines()
            .all(|l| l.contains(": broken link ") || l.contains(": note: not an article: ")),
        "{problems}"
    );
    assert_eq!(run(&["tags", corpus], 0), "", "the Rust blog has no tags");
}

fn configs(kind: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("config fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// Runs `tidings --config CONFIG ARGS`; returns (exit status, stdout, stderr).
fn with_config(config: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = tidings()
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_valid_config_is_read_without_a_word() {
    let defaults = run(&["list", &fixture_arg()], 0);
    for config in configs("valid_configs") {
        let (code, out, err) = with_config(&config, &["list", &fixture_arg()]);
        assert_eq!(code, Some(0), "{}: {err}", config.display());
        assert_eq!(err, "", "{}", config.display());
        if config.ends_with("empty.toml") {
            assert_eq!(out, defaults);
        }
    }
}

#[test]
fn an_invalid_config_is_named_with_its_line_and_the_defaults_are_used() {
    let defaults = run(&["list", &fixture_arg()], 0);
    let expected = [
        ("bad_color.toml", 3, "\"blurple\" is not a colour"),
        ("bad_theme.toml", 2, "unknown variant `blue`"),
        ("not_toml.toml", 1, "string values must be quoted"),
        ("unknown_command.toml", 2, "no command is named \"jump\""),
        ("unknown_key.toml", 2, "unknown field `colour`"),
    ];
    let files = configs("invalid_configs");
    assert_eq!(files.len(), expected.len());
    for (config, (name, line, says)) in files.iter().zip(expected) {
        assert!(config.ends_with(name), "{}", config.display());
        let (code, out, err) = with_config(config, &["list", &fixture_arg()]);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(out, defaults, "{name}: the defaults are used");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        let at = format!("{name}:{line}: ");
        assert!(
            err.starts_with("tidings: ") && err.contains(&at),
            "{name}: {err}"
        );
        assert!(err.contains(says), "{name}: {err}");
        assert!(
            err.trim_end().ends_with("using the defaults"),
            "{name}: {err}"
        );
    }
}

#[test]
fn the_config_chooses_folders_extensions_ignores_and_the_size_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    let write = |text: String| std::fs::write(&config, text).expect("write");
    let folders = format!("folders = [{:?}]\n", fixture_arg());

    write(folders.clone());
    assert_eq!(
        run_config(&config, &["list"]).lines().count(),
        5,
        "the folder, with no PATH"
    );

    write(format!("{folders}extensions = [\"md\"]\n"));
    let md = titles(&run_config(&config, &["list"]));
    assert_eq!(md.len(), 3, "{md:?}");

    write(format!(
        "{folders}extensions = [\"md\"]\nignore = [\"tea-*.md\"]\n"
    ));
    let md = titles(&run_config(&config, &["list"]));
    assert_eq!(md.len(), 2, "{md:?}");
    assert!(!md.iter().any(|t| t == "茶馆里的下午"), "{md:?}");

    write(format!("{folders}max_post_bytes = 100\n"));
    let json = run_config(&config, &["list", "--json", "--search", "harbor"]);
    let harbor: Value = serde_json::from_str(json.lines().next().expect("a post")).expect("JSON");
    let cut = harbor["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .any(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("only the first 100"))
        });
    assert!(cut, "{harbor}");
}

fn run_config(config: &Path, args: &[&str]) -> String {
    let (code, out, err) = with_config(config, args);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");
    out
}

/// The reader's list for the query `args` asks for, as paths: the same posts loaded into the
/// app's state, which runs the query through its own list.
fn reader_list(args: &[&str]) -> Vec<PathBuf> {
    use clap::Parser;
    use tidings::app::{AppState, Event, update};
    use tidings::library::search::IndexWriterHandle;
    let cli =
        tidings::cli::Cli::try_parse_from(std::iter::once("tidings").chain(args.iter().copied()))
            .expect("arguments parse");
    let launch = cli.launch();
    let library = tidings::commands::load(&launch.paths, &tidings::config::Config::default())
        .expect("the folder loads");
    let store = &library.store;
    let posts = store
        .ids()
        .iter()
        .filter_map(|&id| store.get(id).cloned())
        .map(std::sync::Arc::new)
        .collect();
    let mut state = AppState::new(tidings::theme::Theme::no_color());
    state.list.query = launch.query;
    update(
        &mut state,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    update(
        &mut state,
        Event::Loaded {
            posts,
            errors: Vec::new(),
        },
    );
    // As the app does: once loaded, the store goes to the search index (here, in memory, on
    // this thread), and the index comes back ready.
    for effect in update(&mut state, Event::LoadFinished) {
        if let Some(posts) = effect.into_job::<IndexJob>().and_then(|job| job.posts) {
            let mut handle = IndexWriterHandle::open(None).expect("an index in memory");
            handle
                .sync(
                    tidings::runtime::jobs::index::with_languages(&posts),
                    |_, _| {},
                )
                .expect("indexed");
            let index = handle.index();
            update(
                &mut state,
                Event::done(IndexReply::Ready { index, version: 1 }),
            );
        }
    }
    state
        .list
        .visible
        .iter()
        .filter_map(|&id| state.store.get(id))
        .map(|p| p.path.to_path_buf())
        .collect()
}

#[test]
fn the_reader_and_list_give_the_same_posts_in_the_same_order() {
    let posts = fixture_arg();
    let hugo = manifest_dir().join("tests/fixtures/sites/hugo");
    let hugo = hugo.to_string_lossy().into_owned();
    let queries: [&[&str]; 8] = [
        &[],
        &["--search", "harbor"],
        &["--search", "the"],
        &["--tag", "travel", "--sort", "title"],
        &["--since", "2024", "--sort", "modified"],
        &["--drafts", "--sort", "weight"],
        &["--sort", "weight"],
        &["--search", "oil", "--drafts"],
    ];
    for folder in [&posts, &hugo] {
        for query in queries {
            let mut args: Vec<&str> = query.to_vec();
            args.push(folder);
            let reader = reader_list(&args);
            let mut list_args = vec!["list", "--paths"];
            list_args.extend(&args);
            let code = if reader.is_empty() { 1 } else { 0 };
            let listed: Vec<PathBuf> = run(&list_args, code).lines().map(PathBuf::from).collect();
            assert_eq!(reader, listed, "tidings {args:?}");
        }
    }
    // Not a test that cannot fail: the queries pick different posts in different orders.
    assert_ne!(
        reader_list(&[&posts]),
        reader_list(&["--sort", "title", &posts])
    );
}

/// Runs `tidings ARGS` in `dir` with `env`, and returns (exit status, stdout, stderr).
fn run_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String, String) {
    let out = tidings()
        .current_dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn show_prints_several_posts_with_a_blank_line_between() {
    let dir = fixtures();
    let (code, harbor, _) = run_in(&dir, &[], &["show", "--width", "40", "harbor-lights.md"]);
    assert_eq!(code, Some(0));
    let (_, tea, _) = run_in(&dir, &[], &["show", "--width", "40", "tea-house.md"]);
    let (code, both, err) = run_in(
        &dir,
        &[],
        &["show", "--width", "40", "harbor-lights.md", "tea-house.md"],
    );
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert_eq!(both, format!("{harbor}\n{tea}"));
    // A path that is not there stops it before anything is shown: exit 2.
    let (code, out, err) = run_in(
        &dir,
        &[],
        &["show", "--width", "40", "gone.md", "tea-house.md"],
    );
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert_eq!(err, "tidings: gone.md: No such file or directory\n");
    // A file that is there but cannot be shown (binary) is said on stderr; the others are
    // still shown; exit 2.
    let binary = tempfile::tempdir().expect("tempdir");
    std::fs::write(binary.path().join("blob.md"), b"\x00\x01\x02\xff\x00").expect("write");
    let blob = binary.path().join("blob.md");
    let (code, out, err) = run_in(
        &dir,
        &[],
        &[
            "show",
            "--width",
            "40",
            blob.to_str().expect("utf-8"),
            "tea-house.md",
        ],
    );
    assert_eq!(code, Some(2));
    assert_eq!(out, tea);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tidings: cannot show "), "{err}");
}

#[test]
fn show_pages_through_the_pager_when_asked_and_never_in_a_pipe_by_default() {
    let dir = fixtures();
    let pager = [("PAGER", "sed s/^/paged:/")];
    let (code, plain, _) = run_in(&dir, &pager, &["show", "tea-house.md"]);
    assert_eq!(code, Some(0));
    assert!(!plain.contains("paged:"), "auto: no pager in a pipe");
    let (code, paged, _) = run_in(
        &dir,
        &pager,
        &["show", "--paging", "always", "tea-house.md"],
    );
    assert_eq!(code, Some(0));
    let want: String = plain.lines().map(|l| format!("paged:{l}\n")).collect();
    assert_eq!(paged, want);
    let (_, never, _) = run_in(&dir, &pager, &["show", "--paging", "never", "tea-house.md"]);
    assert_eq!(never, plain);
    // A pager that cannot be started: the text is printed as it is.
    let missing = [("PAGER", "/no/such/pager")];
    let (code, out, _) = run_in(
        &dir,
        &missing,
        &["show", "--paging", "always", "tea-house.md"],
    );
    assert_eq!((code, out), (Some(0), plain));
}

#[test]
fn paths_print_as_given_relative_stays_relative() {
    let parent = fixtures().parent().expect("tests/fixtures").to_path_buf();
    let (code, out, _) = run_in(&parent, &[], &["list", "--paths", "posts"]);
    assert_eq!(code, Some(0));
    let mut paths: Vec<&str> = out.lines().collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "posts/2023/rain-notes.txt",
            "posts/broken-front-matter.md",
            "posts/harbor-lights.md",
            "posts/quiet-software.txt",
            "posts/tea-house.md",
        ]
    );
    let (_, rows, _) = run_in(&parent, &[], &["list", "./posts/harbor-lights.md"]);
    assert_eq!(
        rows,
        "2024-05-02\ttravel\tHarbor lights return to the old port\t./posts/harbor-lights.md\n"
    );
    let (_, json, _) = run_in(&parent, &[], &["list", "--json", "posts/tea-house.md"]);
    let value: Value = serde_json::from_str(json.trim()).expect("json");
    assert_eq!(value["path"], "posts/tea-house.md");
    let (code, _, err) = run_in(&parent, &[], &["check", "posts"]);
    assert_eq!(code, Some(1));
    assert!(
        err.lines().count() == 1 && !out.contains(&*parent.to_string_lossy()),
        "{err}"
    );
    let (_, problems, _) = run_in(&parent, &[], &["check", "posts"]);
    assert!(
        problems.lines().all(|l| l.starts_with("posts/")),
        "{problems}"
    );
}

#[test]
fn a_mistyped_subcommand_gets_did_you_mean_and_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = run_in(dir.path(), &[], &["lsit"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.starts_with("error: unrecognized subcommand 'lsit'\n"),
        "{err}"
    );
    assert!(
        err.contains("tip: a similar subcommand exists: 'list'"),
        "{err}"
    );
    // A folder of that name is read, as it is there.
    std::fs::create_dir(dir.path().join("lsit")).expect("mkdir");
    let (code, _, err) = run_in(dir.path(), &[], &["list", "lsit"]);
    assert_eq!(code, Some(1), "{err}");
}

#[test]
fn list_with_nothing_to_list_says_why_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.rst"), "not a post").expect("write");
    let (code, out, err) = run_in(dir.path(), &[], &["list", "."]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(
        err,
        "tidings: no posts in . (looked for .md, .markdown, .mdx, .txt files)\n"
    );
    let (code, out, err) = run_in(&fixtures(), &[], &["list", "-t", "no-such-tag", "."]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(err, "tidings: none of the 5 posts match\n");
}

#[test]
fn counts_are_said_in_the_singular_for_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("one.md"),
        "---\ntitle: One\ndate: 2024-01-02\n---\nBody.\n",
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &[], &["check", "."]);
    assert_eq!((code, out.as_str()), (Some(0), ""));
    assert_eq!(err, "tidings: 1 post checked, no problems\n");
    std::fs::write(dir.path().join("one.md"), "---\ntitle: [One\n---\nBody.\n").expect("write");
    let (code, _, err) = run_in(dir.path(), &[], &["check", "."]);
    assert_eq!(code, Some(1));
    assert_eq!(err, "tidings: 1 problem in 1 file; 1 post checked\n");
}

#[test]
fn filters_before_the_subcommand_apply_to_it_or_are_refused() {
    let dir = fixtures();
    let (code, before, _) = run_in(&dir, &[], &["-t", "travel", "list", "."]);
    assert_eq!(code, Some(0));
    let (_, after, _) = run_in(&dir, &[], &["list", "-t", "travel", "."]);
    assert_eq!(before, after);
    assert_eq!(before.lines().count(), 2, "{before}");
    let (_, tags, _) = run_in(&dir, &[], &["--since", "2024", "tags", "."]);
    let (_, tags_after, _) = run_in(&dir, &[], &["tags", "--since", "2024", "."]);
    assert_eq!(tags, tags_after);
    let (code, out, err) = run_in(&dir, &[], &["-t", "travel", "show", "tea-house.md"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.starts_with("error: the filters given before `show` do not apply to it"),
        "{err}"
    );
}

#[test]
fn check_reports_broken_links_anchors_and_images_with_their_lines() {
    let dir = manifest_dir().join("tests/fixtures/links");
    let (code, out, err) = run_in(&dir, &[], &["check", "posts"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        out,
        "posts/a.md:10: broken link /posts/no-such-post: no post here has that address\n\
         posts/a.md:10: broken link b.md#nowhere: no heading #nowhere in “The other post”\n\
         posts/a.md:12: broken link #nope: no heading #nope in this post\n\
         posts/a.md:15: broken link missing.png: no such image beside the post\n"
    );
    assert_eq!(err, "tidings: 4 problems in 1 file; 2 posts checked\n");
}

/// build.rs links the binary on Linux as a position-dependent executable (ELF type `EXEC`, not
/// the `DYN` of a PIE), unless it was built with `TIDINGS_PIE` set: relocating the PIE took
/// 0.75 ms of every start (issue 22). The ELF header's `e_type` is the 2 bytes at offset 16.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_is_position_dependent_unless_built_with_tidings_pie() {
    const ET_EXEC: u16 = 2;
    const ET_DYN: u16 = 3;
    let mut header = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_tidings"))
        .and_then(|mut file| file.read_exact(&mut header))
        .expect("the binary's ELF header");
    assert_eq!(&header[..4], b"\x7fELF");
    let e_type = u16::from_le_bytes([header[16], header[17]]);
    let wanted = if option_env!("TIDINGS_PIE").is_some() {
        ET_DYN
    } else {
        ET_EXEC
    };
    assert_eq!(e_type, wanted, "ELF type of the tidings binary");
}

#[test]
fn list_json_gives_each_posts_authors_and_a_search_filters_by_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, front: &str| {
        let text = format!("---\n{front}\n---\nWords about errors.\n");
        std::fs::write(dir.path().join(name), text).expect("write");
    };
    write(
        "a.md",
        "title: Errors are values\ndate: 2015-01-12\nby:\n- Rob Pike",
    );
    write(
        "b.md",
        "title: Two years\ndate: 2011-11-10\nauthor:\n  name: Andrew Gerrand",
    );
    let path = dir.path().to_str().expect("utf-8");
    let out = run(&["list", "--json", path], 0);
    let authors: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["authors"].clone())
        .collect();
    assert_eq!(
        authors,
        [
            serde_json::json!(["Rob Pike"]),
            serde_json::json!(["Andrew Gerrand"])
        ]
    );
    let out = run(&["list", "--search", "author:gerrand", path], 0);
    assert!(
        out.contains("Two years") && !out.contains("Errors are values"),
        "{out}"
    );
}

#[test]
fn a_vault_is_titled_by_file_names_and_checked_by_its_wikilinks() {
    let vault = "tests/fixtures/vault";
    // Titles are the notes' file names, whether they start with a heading (Home) or not.
    let listed = run(&["list", "--sort", "title", vault], 0);
    let titles: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .collect();
    assert_eq!(titles, ["Home", "Ideas", "Setup"], "{listed}");
    // Tags written in the text count, nested ones under their parent.
    let tags = run(&["tags", vault], 0);
    assert!(tags.contains("project\t2"), "{tags}");
    assert!(tags.contains("project/alpha\t1"), "{tags}");
    // Every wikilink resolves but the note not written yet; the embedded picture is found in
    // the attachment folder, and the embedded note's heading and the block id are there.
    let (code, problems, _) = run_in(Path::new("."), &[], &["check", vault]);
    assert_eq!(code, Some(1), "{problems}");
    let broken: Vec<&str> = problems.lines().filter(|l| l.contains("broken")).collect();
    assert_eq!(broken.len(), 1, "{problems}");
    assert!(
        broken[0].contains("Home.md:4: broken link Someday"),
        "{problems}"
    );
}
