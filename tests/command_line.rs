//! Nothing typed on the command line is dropped (issue 35): every subcommand, and the reader, run
//! as the real binary with a path before it, a path after it, a path that is not there, an
//! empty folder, stdout a pipe or a file, and stdin `/dev/null` or an empty pipe; each run's exit
//! status, stdout and stderr are checked, and no byte 0x1b (ESC) ever reaches a pipe or a file.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::{fixtures, shared};

/// What one run gave.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// How stdin is given.
#[derive(Debug, Clone, Copy)]
enum Input {
    Null,
    EmptyPipe,
}

/// Runs `tidings ARGS` with a config, data and cache of its own (none of the tester's), stdout
/// and stderr pipes, and stdin as `input`; checks no ESC byte came out.
fn run_with(args: &[&str], input: Input) -> Ran {
    let home = tempfile::tempdir().expect("tempdir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("PAGER")
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(match input {
            Input::Null => Stdio::null(),
            Input::EmptyPipe => Stdio::piped(),
        });
    let mut child = command.spawn().expect("spawn");
    // An empty pipe: closed at once, as `true | tidings` gives it.
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("run");
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.contains(&0x1b),
            "tidings {args:?}: an escape byte reached {name}: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Runs `tidings ARGS` both with stdin `/dev/null` and an empty pipe, which must answer alike.
fn run(args: &[&str]) -> Ran {
    let null = run_with(args, Input::Null);
    let pipe = run_with(args, Input::EmptyPipe);
    assert_eq!(
        null, pipe,
        "tidings {args:?}: stdin /dev/null and a pipe differ"
    );
    assert!(!null.stderr.contains("panicked"), "{}", null.stderr);
    null
}

fn s(path: &Path) -> String {
    path.to_str().expect("utf-8 path").to_string()
}

/// What a run is expected to give.
struct Want<'a> {
    code: i32,
    /// stdout exactly, or `None` to check only `stdout_has`.
    stdout: Option<&'a str>,
    stdout_has: &'a [&'a str],
    /// The start of stderr's first line (empty: stderr is empty).
    stderr_starts: &'a str,
}

fn check(args: &[&str], want: &Want<'_>) -> Ran {
    let ran = run(args);
    let context = format!("tidings {args:?}\n{ran:#?}");
    assert_eq!(ran.code, Some(want.code), "{context}");
    if let Some(stdout) = want.stdout {
        assert_eq!(ran.stdout, stdout, "{context}");
    }
    for part in want.stdout_has {
        assert!(ran.stdout.contains(part), "{part:?} missing: {context}");
    }
    if want.stderr_starts.is_empty() {
        assert_eq!(ran.stderr, "", "{context}");
    } else {
        assert!(ran.stderr.starts_with(want.stderr_starts), "{context}");
    }
    ran
}

#[test]
fn every_subcommand_answers_alike_with_a_path_before_or_after_it_missing_or_empty() {
    let posts = s(&fixtures());
    let empty = tempfile::tempdir().expect("tempdir");
    let empty = s(empty.path());
    let missing = "/no/such/tidings-folder";
    let list = run(&["list", &posts]);
    assert_eq!(list.code, Some(0), "{list:?}");
    let no_posts =
        format!("tidings: no posts in {empty} (looked for .md, .markdown, .mdx, .txt files)\n");
    let not_there = format!("tidings: {missing}: No such file or directory\n");

    // (subcommand, what it gives for the fixtures: code, stdout exactly or parts of it, stderr).
    let rows: [(&str, Want<'_>); 5] = [
        (
            "",
            Want {
                code: 0,
                stdout: Some(&list.stdout),
                stdout_has: &[],
                stderr_starts: "",
            },
        ),
        (
            "list",
            Want {
                code: 0,
                stdout: Some(&list.stdout),
                stdout_has: &[],
                stderr_starts: "",
            },
        ),
        (
            "tags",
            Want {
                code: 0,
                stdout: Some("travel\t2\nculture\t1\n"),
                stdout_has: &[],
                stderr_starts: "",
            },
        ),
        (
            "check",
            Want {
                code: 1,
                stdout: None,
                stdout_has: &["broken-front-matter.md:2: front matter:"],
                stderr_starts: "tidings: 1 problem in 1 file",
            },
        ),
        (
            "show",
            Want {
                code: 0,
                stdout: None,
                stdout_has: &[
                    "Harbor lights return to the old port",
                    "Notes on quiet software",
                    "茶馆里的下午",
                ],
                stderr_starts: "",
            },
        ),
    ];
    for (sub, want) in &rows {
        let with = |path: &str, before: bool| -> Vec<String> {
            let mut args: Vec<String> = Vec::new();
            if before || sub.is_empty() {
                args.push(path.to_string());
            }
            if !sub.is_empty() {
                args.push((*sub).to_string());
                if !before {
                    args.push(path.to_string());
                }
            }
            args
        };
        for before in [true, false] {
            let args = with(&posts, before);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            check(&args, want);

            let args = with(missing, before);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let ran = check(
                &args,
                &Want {
                    code: 2,
                    stdout: Some(""),
                    stdout_has: &[],
                    stderr_starts: &not_there,
                },
            );
            assert_eq!(ran.stderr, not_there);

            let args = with(&empty, before);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let ran = check(
                &args,
                &Want {
                    code: 1,
                    stdout: Some(""),
                    stdout_has: &[],
                    stderr_starts: &no_posts,
                },
            );
            assert_eq!(ran.stderr, no_posts, "tidings {args:?}");
        }
    }

    // The subcommands that take no path refuse one before them (never dropping it), and one
    // after them is not theirs either: exit 2, nothing on stdout.
    for (sub, rest) in [
        ("fetch", None),
        ("feeds", Some("list")),
        ("completions", Some("bash")),
        ("man", None),
    ] {
        for path in [posts.as_str(), missing, empty.as_str()] {
            let before = run(&[&[path, sub][..], rest.as_slice()].concat());
            assert_eq!(before.code, Some(2), "{path} {sub}: {before:?}");
            assert_eq!(before.stdout, "");
            assert!(
                before
                    .stderr
                    .contains(&format!("paths given before `{sub}`"))
                    || before.stderr.contains("No such file or directory"),
                "{before:?}"
            );
            let after = run(&[sub, path]);
            assert_eq!(after.code, Some(2), "{sub} {path}: {after:?}");
            assert_eq!(after.stdout, "", "{sub} {path}");
            assert!(!after.stderr.is_empty());
        }
    }
}

#[test]
fn a_path_before_a_subcommand_is_never_dropped() {
    let seeds = shared("seeds").unwrap_or_else(fixtures);
    let seeds = s(&seeds);
    let ran = run(&["/no/such", "check"]);
    assert_eq!(ran.code, Some(2), "{ran:?}");
    assert_eq!(ran.stderr, "tidings: /no/such: No such file or directory\n");
    let before = run(&[&seeds, "list"]);
    let after = run(&["list", &seeds]);
    assert_eq!(before, after);
    assert!(
        before
            .stdout
            .lines()
            .all(|l| l.ends_with(".txt") || l.ends_with(".md")),
        "{before:?}"
    );
    assert!(
        before.stdout.lines().all(|l| l.contains(&seeds)),
        "{before:?}"
    );
}

#[test]
fn a_mistyped_subcommand_is_named_for_feeds_and_fetch_too() {
    for (typed, meant) in [
        (&["feed", "list"][..], "'feeds'"),
        (&["fetc"], "'fetch'"),
        (&["lsit"], "'list'"),
        (&["chek", "."], "'check'"),
    ] {
        let ran = run(typed);
        assert_eq!(ran.code, Some(2), "{typed:?}: {ran:?}");
        assert!(ran.stderr.contains(meant), "{typed:?}: {ran:?}");
        assert_eq!(ran.stdout, "");
    }
}

#[test]
fn in_a_pipe_the_reader_prints_what_list_or_show_print() {
    let seeds = shared("seeds").unwrap_or_else(fixtures);
    let folder = run(&[&s(&seeds)]);
    assert_eq!(folder, run(&["list", &s(&seeds)]));
    assert_eq!(folder.code, Some(0));
    let titles: Vec<&str> = (folder.stdout.lines())
        .map(|l| l.split('\t').nth(2).unwrap_or_default())
        .collect();
    assert!(
        titles.len() >= 3 && titles.iter().all(|t| !t.is_empty()),
        "{titles:?}"
    );

    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("read")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let file = s(&files[0]);
    let shown = run(&[&file]);
    assert_eq!(shown, run(&["show", &file]));
    assert_eq!(shown.code, Some(0));
    assert!(shown.stdout.lines().count() > 3, "{shown:?}");
    // Filters make it a list of those files.
    let filtered = run(&[&file, "--sort", "title"]);
    assert_eq!(filtered, run(&["list", &file, "--sort", "title"]));

    // Into a file, as into a pipe.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.txt");
    let status = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg(&seeds)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("create"))
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(0));
    let written = std::fs::read(&out).expect("read");
    assert!(
        !written.contains(&0x1b),
        "{:?}",
        String::from_utf8_lossy(&written)
    );
    assert_eq!(String::from_utf8(written).expect("utf-8"), folder.stdout);
}
